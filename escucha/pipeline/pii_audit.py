"""Search everything a run wrote for personal data we know is in the input.

The demo corpus writes `truth.json` beside its files: for every record, the personal data its
text carries (`{"kind": "national_id", "value": "1094692548"}`). `truth_values` reads it,
`find_leaks` looks for each value in named haystacks (the store's tables, the report files
with Parquet read as data, dashboard pages, logs), so a test and `bench`/docs scripts measure
the same thing: how many known values survive redaction, and where.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

__all__ = ["TruthValue", "truth_values", "needles", "duckdb_text", "files_text", "find_leaks", "leak_table"]

# Labels that the demo writes in front of an identifier ("CC 1.094.692.548", "CURP ...").
_LABEL = re.compile(r"^(?:CC|C\.C\.|c[ée]dula|CURP|DNI|NIT|CE)\s+", re.IGNORECASE)
# Short values (a lone given name) would match unrelated words.
_MIN_LEN = 5


@dataclass(frozen=True)
class TruthValue:
    record: str   # "transcript:CALL-..." / "pqrs:PQR-..."
    kind: str     # name, national_id, phone, email, card
    value: str

    @property
    def channel(self) -> str:
        return self.record.split(":", 1)[0]


def truth_values(path: str | Path) -> list[TruthValue]:
    """Every personal-data value listed in a demo `truth.json`, once per record."""
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    out: list[TruthValue] = []
    for rid, rec in data["records"].items():
        seen = set()
        for item in rec.get("pii", []):
            value = str(item.get("value") or "").strip()
            key = (item.get("kind"), value)
            if value and key not in seen:
                seen.add(key)
                out.append(TruthValue(rid, str(item.get("kind")), value))
    return out


def needles(value: TruthValue) -> list[str]:
    """The strings whose presence means the value leaked: the value as written and, for an
    identifier written with its label, the bare number ("62.314.827" of "CC 62.314.827")."""
    out = [value.value]
    bare = _LABEL.sub("", value.value)
    if bare != value.value:
        out.append(bare)
    return [n for n in out if len(n) >= _MIN_LEN]


def duckdb_text(path: str | Path) -> str:
    """Every non-binary column of every table of a DuckDB store, as one string (read-only)."""
    import duckdb

    con = duckdb.connect(str(path), read_only=True)
    try:
        out: list[str] = []
        tables = [r[0] for r in con.execute(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = 'main'").fetchall()]
        for table in tables:
            cols = [r[0] for r in con.execute(
                "SELECT column_name FROM information_schema.columns WHERE table_name = ? "
                "AND data_type NOT IN ('BLOB')", [table]).fetchall()]
            for col in cols:
                out += [str(v[0]) for v in con.execute(f'SELECT CAST("{col}" AS VARCHAR) FROM "{table}"').fetchall()
                        if v[0] is not None]
        return "\n".join(out)
    finally:
        con.close()


def files_text(root: str | Path, skip: tuple[str, ...] = ()) -> str:
    """Text of every report-like file under `root` (HTML, Markdown, CSV, JSON, text, logs),
    Parquet read as data; folders named in `skip` (the demo input itself) are left out."""
    import pandas as pd

    out: list[str] = []
    for p in sorted(Path(root).rglob("*")):
        if not p.is_file() or any(part in skip for part in p.relative_to(root).parts):
            continue
        if p.suffix in (".html", ".md", ".csv", ".json", ".jsonl", ".txt", ".log"):
            out.append(p.read_text(encoding="utf-8", errors="replace"))
        elif p.suffix == ".parquet":
            out.append(pd.read_parquet(p).to_csv())
    return "\n".join(out)


def find_leaks(values: list[TruthValue], haystacks: dict[str, str]) -> dict[str, list[TruthValue]]:
    """For each haystack, the values found in it (any of their `needles`)."""
    return {where: [v for v in values if any(n in text for n in needles(v))] for where, text in haystacks.items()}


def leak_table(values: list[TruthValue], leaks: dict[str, list[TruthValue]]) -> str:
    """Markdown: per (channel, kind), how many values there are and how many leaked where."""
    total = Counter((v.channel, v.kind) for v in values)
    wheres = list(leaks)
    lines = ["| channel | kind | values | " + " | ".join(f"in {w}" for w in wheres) + " |",
             "|---|---|---:|" + "---:|" * len(wheres)]
    per = {w: Counter((v.channel, v.kind) for v in found) for w, found in leaks.items()}
    for key in sorted(total):
        lines.append(f"| {key[0]} | {key[1]} | {total[key]} | " + " | ".join(str(per[w][key]) for w in wheres) + " |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    """`python -m escucha.pipeline.pii_audit -c CONFIG`: after `escucha demo-data` and a run (or
    an ingest), how many of the demo truth's values are in the store and the report files."""
    import argparse

    from escucha.config import load_config

    ap = argparse.ArgumentParser(description=main.__doc__)
    ap.add_argument("-c", "--config", type=Path, default=None)
    ap.add_argument("--truth", type=Path, default=None, help="default: <data_dir>/demo/truth.json")
    args = ap.parse_args(argv)
    cfg = load_config(args.config)
    data = Path(cfg.data_dir).expanduser()
    values = truth_values(args.truth or data / "demo" / "truth.json")
    haystacks = {"store": duckdb_text(data / "escucha.duckdb"), "files": files_text(data, skip=("demo",))}
    leaks = find_leaks(values, haystacks)
    print(leak_table(values, leaks))
    return 1 if any(leaks.values()) else 0


if __name__ == "__main__":
    raise SystemExit(main())
