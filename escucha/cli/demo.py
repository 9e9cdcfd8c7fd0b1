"""`escucha demo-data`: write the demo corpus the nightly run can read as it is."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from escucha.cli._common import ConfigOpt, load

app = typer.Typer()


@app.command("demo-data")
def demo_data(
    out: Optional[Path] = typer.Option(None, "--out", "-o", help="Folder (default: <data_dir>/demo)."),
    seed: int = typer.Option(7, help="Random seed: the same seed writes the same files."),
    records: int = typer.Option(6000, help="Approximate number of records across channels."),
    end: Optional[str] = typer.Option(None, help="Last day of the corpus, YYYY-MM-DD (default: yesterday)."),
    days: int = typer.Option(120, help="Days of history."),
    config: Optional[Path] = ConfigOpt,
) -> None:
    """Write the demo corpus: help-desk PQRS (CSV), call transcripts (JSONL), social posts (JSON).

    The corpus ends yesterday by default, so tonight's run finds its planted emerging issue
    and social spike; the same seed and end date always write the same files."""
    from datetime import date, datetime, timedelta
    from zoneinfo import ZoneInfo

    from escucha.demo import generate_demo

    cfg = load(config)
    out = out or Path(cfg.data_dir) / "demo"
    if end:
        last = date.fromisoformat(end)
    else:
        last = datetime.now(ZoneInfo(cfg.schedule.timezone)).date() - timedelta(days=1)
    paths = generate_demo(out, seed=seed, n_records=records, end=last, days=days)
    for kind, path in paths.items():
        typer.echo(f"{kind}: {path}")
