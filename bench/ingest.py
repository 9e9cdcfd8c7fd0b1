"""Ingestion from a CSV export into the store: records/s, with and without PII redaction.

    python -m bench.ingest [--records 100000] [--repeats 3] [--variant redaction|no-redaction]

The CSV is the demo corpus's help-desk export (`generate_demo(n_records=--records)`: half of the
records are PQRS rows, UTF-8, day-first dates, multi-line descriptions), read by the default
`demo-pqrs` connector (export_files) into a fresh DuckDB store each run, through
`escucha.pipeline.ingest.ingest_connector` (parse -> Record -> redaction -> save_batch).
"""

from __future__ import annotations

import shutil
import sys
import tempfile
from pathlib import Path

from bench._common import append_row, load, median, peak_mb, run_variants, timed, variant_args

VARIANTS = ["redaction", "no-redaction"]


def measure(variant: str, n: int, repeats: int) -> None:
    import json

    from escucha.config import load_config

    from bench.nightly import new_records
    from escucha.pipeline.ingest import (
        build_connectors,
        build_redaction,
        ingest_connector,
    )
    from escucha.store import open_store

    src = new_records(n)
    work = Path(tempfile.mkdtemp(prefix="escucha-bench-ingest-"))
    (work / "data").mkdir()
    shutil.copytree(src, work / "data" / "demo")
    cfg_file = work / "c.yaml"
    cfg_file.write_text(json.dumps({"data_dir": str(work / "data"),
                                    "nlp": {"redaction": {"enabled": variant == "redaction"}}}))
    cfg = load_config(cfg_file, environ={})
    [conn] = [c for c in build_connectors(cfg) if c.name == "demo-pqrs"]
    policy = build_redaction(cfg)
    counts = {}

    def run():
        shutil.rmtree(work / "store", ignore_errors=True)
        with open_store(None, work / "store") as store:
            r = ingest_connector(store, conn, policy, "bench")
            counts["new"], counts["q"] = r.new, r.quarantined

    before = load()
    secs = timed(run, repeats, warmup=0)
    shutil.rmtree(work, ignore_errors=True)
    append_row(f"ingest CSV -> DuckDB, {variant}",
               f"**{counts['new'] / median(secs):,.0f} records/s** ({counts['new']:,} PQRS rows stored, "
               f"{counts['q']} quarantined, export_files connector)", f"{repeats} runs", peak_mb(), before)


def main(argv=None) -> None:
    args, forward = variant_args(argv, __doc__, VARIANTS, "records", 100_000)
    if args.variant:
        measure(args.variant, args.size, args.repeats)
    else:
        run_variants("bench.ingest", VARIANTS, forward)


if __name__ == "__main__":
    sys.exit(main())
