"""Write a report to disk under deterministic names, so a re-run overwrites instead of adding.

    {date}_{team}.html / .md                       the report
    {date}_{team}_{table}.csv / .parquet           tables for analysts (Excel, BI tools)

Files are written to a temporary name and renamed: a crash never leaves half a report under
the final name. CSV is UTF-8 with BOM so that Excel shows accents and ñ correctly.
"""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path
from typing import Callable, Iterable

import pandas as pd

from escucha.outputs.reports.builder import ReportData
from escucha.outputs.reports.html import render_html
from escucha.outputs.reports.markdown import render_markdown
from escucha.outputs.safe_cells import safe_frame

FORMATS: tuple[str, ...] = ("html", "md", "csv", "parquet")
# table name in file names -> what it holds; "temas" is the main table of csv/parquet
TABLES: tuple[str, ...] = ("temas", "cortes", "emergentes", "sentimiento", "ans")


def _atomic_write(path: Path, write: Callable[[Path], None]) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    os.close(fd)
    try:
        write(Path(tmp))
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path


def _jsonable(v: object) -> object:
    return json.dumps(v, ensure_ascii=False, sort_keys=False) if isinstance(v, (dict, list)) else v


def report_tables(data: ReportData) -> dict[str, pd.DataFrame]:
    """The tables behind the report, flat (dict columns as JSON text) for CSV and Parquet."""
    ranking = data.ranking.copy()
    for c in ranking.columns:
        if ranking[c].dtype == object and ranking[c].map(lambda v: isinstance(v, (dict, list))).any():
            ranking[c] = ranking[c].map(_jsonable)
    ranking.insert(0, "team", data.team.name)
    sla = data.sla_by_issue.copy()
    if not sla.empty and not data.ranking.empty:
        labels = data.ranking[["topic_id", "topic_label"]]
        sla = sla.merge(labels, on="topic_id", how="left")
    return {
        "temas": ranking,
        "cortes": data.splits.copy(),
        "emergentes": data.emerging.copy(),
        "sentimiento": data.sentiment.copy(),
        "ans": sla,
    }


def _for_parquet(df: pd.DataFrame) -> pd.DataFrame:
    out = df.copy()
    for c in out.columns:
        if out[c].dtype == object:
            non_null = out[c].dropna()
            if not non_null.empty and not non_null.map(lambda v: isinstance(v, str)).all():
                out[c] = out[c].map(lambda v: None if v is None or (isinstance(v, float) and v != v) else str(v))
    return out


def write_tables(
    data: ReportData,
    out_dir: str | Path,
    formats: Iterable[str] = ("csv", "parquet"),
    tables: Iterable[str] = TABLES,
) -> dict[str, Path]:
    """CSV and/or Parquet of the issue ranking, splits, emerging issues, sentiment and SLA per
    issue. Keys: "{format}:{table}", e.g. "csv:temas", "parquet:cortes"."""
    out_dir = Path(out_dir)
    frames = report_tables(data)
    written: dict[str, Path] = {}
    for fmt in formats:
        for name in tables:
            df = frames[name]
            path = out_dir / f"{data.file_stem}_{name}.{fmt}"
            if fmt == "csv":
                # customer text opened in a spreadsheet: no cell may start like a formula
                _atomic_write(path, lambda p, df=df: safe_frame(df).to_csv(p, index=False, encoding="utf-8-sig"))
            elif fmt == "parquet":
                _atomic_write(path, lambda p, df=df: _for_parquet(df).to_parquet(p, index=False))
            else:
                raise ValueError(f"table format must be csv or parquet, not {fmt!r}")
            written[f"{fmt}:{name}"] = path
    return written


def write_report(
    data: ReportData,
    out_dir: str | Path,
    formats: Iterable[str] = FORMATS,
) -> dict[str, Path]:
    """Write the report in each format. Returns {format: path} where "csv"/"parquet" point to the
    issue ranking table, plus "{format}:{table}" for every table written."""
    formats = list(formats)
    unknown = set(formats) - set(FORMATS)
    if unknown:
        raise ValueError(f"unknown report format(s) {sorted(unknown)}; use {list(FORMATS)}")
    out_dir = Path(out_dir)
    written: dict[str, Path] = {}
    if "html" in formats:
        text = render_html(data)
        written["html"] = _atomic_write(out_dir / f"{data.file_stem}.html", lambda p: p.write_text(text, encoding="utf-8"))
    if "md" in formats:
        text = render_markdown(data)
        written["md"] = _atomic_write(out_dir / f"{data.file_stem}.md", lambda p: p.write_text(text, encoding="utf-8"))
    table_formats = [f for f in formats if f in ("csv", "parquet")]
    if table_formats:
        tables = write_tables(data, out_dir, table_formats)
        written.update(tables)
        for f in table_formats:
            written[f] = tables[f"{f}:temas"]
    return written
