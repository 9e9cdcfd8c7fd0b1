"""`escucha analyze`: the nightly enrichment on any CSV or Excel workbook, nothing stored."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from escucha.cli._common import BomOpt, ConfigOpt, DelimiterOpt, SheetOpt, fail, load

app = typer.Typer()


@app.command()
def analyze(
    input: Path = typer.Argument(..., exists=True, dir_okay=False,
                                 help="CSV/TSV in any encoding (UTF-8, UTF-16, Windows-1252...) or Excel .xlsx."),
    text_column: str = typer.Option("text", "--text-column", "-t", help="Column holding the text."),
    output: Path = typer.Option(..., "--output", "-o", help="Enriched table to write: .csv (UTF-8) or .xlsx."),
    channel: str = typer.Option("review", help="Channel the texts come from (sets redaction and social models)."),
    chunk_size: int = typer.Option(5000, help="Rows per chunk: memory stays flat for any file size."),
    prefix: str = typer.Option("", "--prefix", help="Prefix for the columns written (e.g. escucha_), when the "
                               "file already has columns named sentiment, emotion, irony, pqrs_type, language..."),
    sheet: Optional[str] = SheetOpt,
    bom: bool = BomOpt,
    delimiter: str = DelimiterOpt,
    config: Optional[Path] = ConfigOpt,
) -> None:
    """Enrich any CSV or workbook: language, redacted text, sentiment (+ probabilities), emotion, irony, PQRS type.

    A column of the file is never overwritten: when one has a name the analysis writes, the
    command stops and says so; --prefix names the analysis columns differently."""
    from escucha.nlp.analyzer import Analyzer
    from escucha.pipeline.analyze_file import analyze_csv
    from escucha.pipeline.ingest import build_redaction
    from escucha.pipeline.heads import active_heads
    from escucha.pipeline.progress import progress_bar

    cfg = load(config)
    heads = active_heads(cfg)  # the heads promoted with `escucha models promote`, as the nightly run
    analyzer = Analyzer.from_config(heads.nlp)
    try:
        with progress_bar("analyze", unit="fila") as bar:
            n = analyze_csv(input, output, text_column, analyzer, build_redaction(cfg), channel=channel,
                            chunk_size=chunk_size, on_chunk=bar.update, prefix=prefix, sheet=sheet, bom=bom,
                            delimiter=delimiter)
    except ValueError as exc:
        fail(str(exc))
    for line in heads.notice():
        typer.echo(line)
    typer.echo(f"{n} rows -> {output}")
