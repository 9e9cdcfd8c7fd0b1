"""`escucha topics ...`: discover topics in any CSV, and review and correct the store's topics.

Corrections (rename, merge, split) are kept in the topic model itself, so every nightly run
re-applies them; `refit` re-clusters everything and keeps the ids (and labels) of the topics it
finds again. Messages are in Spanish: business analysts use these commands.
"""

from __future__ import annotations

from pathlib import Path
from typing import List, Optional

import typer

from escucha.cli._common import BomOpt, ConfigOpt, DelimiterOpt, SheetOpt, fail, load

app = typer.Typer(help="Temas recurrentes: descubrir temas en un CSV o Excel, revisar y corregir los del almacén.",
                  no_args_is_help=True)


def _encoder():
    from escucha.nlp.encoders import UniversalSentenceEncoder

    return UniversalSentenceEncoder()


def _edit(edit, cfg, *args, **kwargs):
    """Run a topic correction of pipeline/topic_edits.py with the embedded encoder; a correction
    the store refuses (TopicEditError: an unknown id, no model yet) ends the command with its message."""
    from escucha.pipeline.topic_edits import TopicEditError

    try:
        return edit(cfg, *args, encoder=_encoder(), **kwargs)
    except TopicEditError as exc:
        fail(str(exc))


@app.command()
def discover(
    input: Path = typer.Argument(..., exists=True, dir_okay=False,
                                 help="CSV/TSV in any encoding (UTF-8, UTF-16, Windows-1252...) or Excel .xlsx."),
    text_column: str = typer.Option("text", "--text-column", "-t", help="Column holding the text."),
    output: Path = typer.Option(..., "--output", "-o",
                                help="Table to write, .csv or .xlsx; OUT.topics.csv (.xlsx) is written beside it."),
    seed: Optional[int] = typer.Option(None, help="Random seed (default: topics.seed): same file + seed, same topics."),
    min_topic_size: Optional[int] = typer.Option(None, "--min-topic-size",
                                                 help="Smallest topic, in texts (default: about 5% of a small file, 30 from 600 texts)."),
    channel: str = typer.Option("review", help="Channel the texts come from (sets the redaction rules)."),
    sheet: Optional[str] = SheetOpt,
    bom: bool = BomOpt,
    delimiter: str = DelimiterOpt,
    config: Optional[Path] = ConfigOpt,
) -> None:
    """Find the recurring topics of any CSV or workbook, nothing stored: OUT.csv (+ topic_id, topic_label, topic_category) and OUT.topics.csv."""
    from escucha.pipeline.discover_file import discover_csv
    from escucha.pipeline.ingest import build_redaction

    cfg = load(config)
    if min_topic_size is not None and min_topic_size < 2:
        fail("--min-topic-size debe ser al menos 2")
    try:
        result = discover_csv(input, output, text_column, _encoder(), build_redaction(cfg), channel=channel,
                              categories=cfg.topics.categories, seed=cfg.topics.seed if seed is None else seed,
                              min_topic_size=min_topic_size, max_outlier_share=cfg.topics.max_outlier_share,
                              sheet=sheet, bom=bom, delimiter=delimiter)
    except ValueError as exc:
        fail(str(exc))
    typer.echo(f"{result.rows} filas, {result.topics} temas, {result.outlier_share:.0%} sin tema -> {result.output}")
    typer.echo(f"resumen por tema -> {result.summary}")


@app.command("list")
def list_(config: Optional[Path] = ConfigOpt) -> None:
    """Topics of the store's current model: id, label, category, kind, size, last seen."""
    from escucha.pipeline.topic_edits import list_topics

    df, without, version = list_topics(load(config))
    if version is None:
        typer.echo("todavía no hay temas: ejecute `escucha run` primero")
        return
    typer.echo(f"modelo {version}: {len(df)} temas")
    w = max([len(str(t)) for t in df["topic_id"]] + [2])
    lw = max([len(str(x)) for x in df["label"]] + [8])
    typer.echo(f"{'id':>{w}}  {'etiqueta':<{lw}}  {'categoría':<26}{'tipo':<14}{'registros':>10}  último")
    for r in df.itertuples(index=False):
        last = "" if r.last_seen is None or str(r.last_seen) in ("NaT", "nan") else str(r.last_seen)[:10]
        typer.echo(f"{r.topic_id:>{w}}  {r.label:<{lw}}  {str(r.category):<26}{str(r.kind):<14}{r.size:>10}  {last}")
    typer.echo(f"sin tema asignado: {without} registros")


@app.command()
def kind(
    topic_id: int = typer.Argument(..., help="Topic id (see `escucha topics list`)."),
    value: str = typer.Argument(..., help="problema, felicitación, sugerencia, petición or comentario."),
    config: Optional[Path] = ConfigOpt,
) -> None:
    """Say what a topic holds: `comentario` (ads, news) leaves the report's ranking, any other
    kind enters it; kept through every nightly run and refit."""
    from escucha.pipeline.topic_edits import set_topic_kind

    version = _edit(set_topic_kind, load(config), topic_id, value)
    typer.echo(f"tema {topic_id}: tipo «{value.strip().lower()}» (modelo {version})")


@app.command()
def rename(
    topic_id: int = typer.Argument(..., help="Topic id (see `escucha topics list`)."),
    label: str = typer.Argument(..., help='New label, e.g. "Cobro doble en la factura".'),
    config: Optional[Path] = ConfigOpt,
) -> None:
    """Give a topic a label of your own; it is kept through every nightly run and refit."""
    from escucha.pipeline.topic_edits import rename_topic

    version = _edit(rename_topic, load(config), topic_id, label)
    typer.echo(f"tema {topic_id} renombrado a «{' '.join(label.split())}» (modelo {version})")


@app.command()
def merge(
    topic_ids: List[int] = typer.Argument(..., help="Two or more topic ids; all go into the first."),
    config: Optional[Path] = ConfigOpt,
) -> None:
    """Merge topics that are one issue for the business into the first one given."""
    from escucha.pipeline.topic_edits import merge_topics

    version, moved = _edit(merge_topics, load(config), topic_ids)
    others = ", ".join(str(t) for t in topic_ids[1:])
    typer.echo(f"temas {others} unidos al tema {topic_ids[0]}: {moved} registros movidos (modelo {version})")


@app.command()
def split(
    topic_id: int = typer.Argument(..., help="Topic id to split."),
    n: int = typer.Option(2, "--n", "-n", help="Number of sub-topics."),
    config: Optional[Path] = ConfigOpt,
) -> None:
    """Re-cluster one topic's records into sub-topics with new ids."""
    from escucha.pipeline.topic_edits import list_topics, split_topic

    cfg = load(config)
    if n < 2:
        fail("--n debe ser al menos 2")
    result = _edit(split_topic, cfg, topic_id, n_topics=n)
    listed = list_topics(cfg)[0]
    labels = dict(zip(listed["topic_id"], listed["label"]))
    typer.echo(f"tema {topic_id} dividido en {len(result.children)} (modelo {result.model_version}):")
    for tid, size in result.children.items():
        typer.echo(f"  {tid}  «{labels.get(tid, '')}»  {size} registros")


@app.command()
def refit(config: Optional[Path] = ConfigOpt) -> None:
    """Re-cluster every record; topics found again keep their id, label and corrections."""
    from escucha.pipeline.topic_edits import refit_topics

    r = _edit(refit_topics, load(config))
    typer.echo(f"modelo {r.old_version} -> {r.model_version}: {r.records} registros reasignados")
    typer.echo("tema anterior -> tema nuevo (parte de sus registros que lo siguen):")
    for old, new in sorted(r.mapping.items()):
        before = r.labels_before.get(old, "")
        share = r.overlap.get(old)
        pct = "" if share is None or share != share else f"  ({share:.0%})"
        if new < 0:
            typer.echo(f"  {old} «{before}» -> desaparece{pct}")
        else:
            typer.echo(f"  {old} «{before}» -> {new} «{r.labels_after.get(new, '')}»{pct}")
    if r.new_topics:
        typer.echo("temas nuevos: " + ", ".join(f"{t} «{r.labels_after.get(t, '')}»" for t in r.new_topics))


@app.command()
def promote(
    topic_id: int = typer.Argument(..., help="Id of a discovered issue (see `escucha topics list`)."),
    name: Optional[str] = typer.Option(None, "--name", "-n", help="Business name (default: the issue's label)."),
    definition: str = typer.Option("", "--definition", "-d", help="One line: what the issue is."),
    config: Optional[Path] = ConfigOpt,
) -> None:
    """Turn a discovered issue into an entry of the company's catalogue: prints the YAML to add under topics.own_issues."""
    import yaml

    from escucha.pipeline.topic_edits import promote_topic

    entry = _edit(promote_topic, load(config), topic_id, name=name, definition=definition)
    typer.echo("# Añada esta entrada a topics.own_issues de su configuración; desde el próximo ajuste "
               "(escucha topics refit) el tema lleva este nombre:")
    typer.echo(yaml.safe_dump({"topics": {"own_issues": [entry]}}, allow_unicode=True, sort_keys=False).rstrip())


@app.command()
def evaluate(
    demo_records: int = typer.Option(3000, "--demo-records", help="Size of the demo corpus to generate (0: skip)."),
    seed: int = typer.Option(42, help="Topic model seed."),
    eval_dir: Optional[Path] = typer.Option(None, "--eval-dir", help="eval-dev folder (default: ../shared/eval-dev)."),
    written: bool = typer.Option(True, "--written/--no-written", help="Also the bank tweets we wrote (the tuning set)."),
) -> None:
    """ARI, purity per issue, issues, outliers and names vs known groups: real bank tweets and SFU reviews (eval-dev, if present), the demo corpus, the bank tweets we wrote."""
    from escucha.evaluation.topics import main as run_evaluation

    args = ["--demo-records", str(demo_records), "--seed", str(seed)] + ([] if written else ["--no-written"])
    if eval_dir is not None:
        args += ["--eval-dir", str(eval_dir)]
    raise typer.Exit(run_evaluation(args) or 0)


@app.command("export-bertopic")
def export_bertopic(
    output: Path = typer.Argument(..., help="Folder to write (safetensors), or file with --pickle."),
    pickle: bool = typer.Option(False, "--pickle", help="One pickle file (same BERTopic and Python versions to load it)."),
    max_records: Optional[int] = typer.Option(None, "--max-records",
                                              help="At most this many records (a seeded sample): bounds memory."),
    config: Optional[Path] = ConfigOpt,
) -> None:
    """Save the store's topics as a BERTopic model: BERTopic.load(OUTPUT) opens it, offline, with our topic names."""
    from escucha.pipeline.topic_export import TopicExportError
    from escucha.pipeline.topic_export import export_bertopic as export

    _need_bertopic()
    try:
        r = export(load(config), output, serialization="pickle" if pickle else "safetensors", max_records=max_records)
    except TopicExportError as exc:
        fail(str(exc))
    typer.echo(f"modelo BERTopic con {r.topics} temas y {r.records} registros -> {r.path}")
    typer.echo(f"ids de BERTopic -> ids de Escucha: {r.ids_file}")
    typer.echo(f'ábralo con: from bertopic import BERTopic; BERTopic.load("{r.path}")')


@app.command("map")
def map_(
    out_dir: Path = typer.Argument(..., file_okay=False, help="Folder for the HTML files."),
    max_records: Optional[int] = typer.Option(None, "--max-records",
                                              help="At most this many records (a seeded sample): bounds memory."),
    config: Optional[Path] = ConfigOpt,
) -> None:
    """Interactive charts of the store's topics (map, hierarchy, words, topics per week) as HTML that opens offline."""
    from escucha.pipeline.topic_export import TopicExportError, write_store_topic_map

    _need_bertopic()
    try:
        written = write_store_topic_map(load(config), out_dir, max_records=max_records)
    except TopicExportError as exc:
        fail(str(exc))
    for path in written:
        typer.echo(f"escrito {path}")


def _need_bertopic() -> None:
    import importlib.util

    if importlib.util.find_spec("bertopic") is None:
        fail("este comando necesita el paquete BERTopic: pip install 'escucha[bertopic]'")
