"""The `escucha` command. Heavy imports (Prefect, models) happen inside commands so --help is fast."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Optional

import typer

import escucha  # noqa: F401  (offline environment first)

app = typer.Typer(
    help="Escucha: voice-of-customer text mining for Spanish (PQRS, transcripts, social).",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
config_app = typer.Typer(help="Show or check the configuration.", no_args_is_help=True)
quarantine_app = typer.Typer(help="Inputs that could not be processed, with their reasons.", no_args_is_help=True)
app.add_typer(config_app, name="config")
app.add_typer(quarantine_app, name="quarantine")
app.add_typer(__import__("escucha.cli_topics", fromlist=["topics_app"]).topics_app, name="topics")
app.command("dashboard")(__import__("escucha.cli_dashboard", fromlist=["dashboard"]).dashboard)

ConfigOpt = typer.Option(None, "--config", "-c", help="YAML file merged over the defaults (or $ESCUCHA_CONFIG).")


def _load(config: Optional[Path]):
    from escucha.config import ConfigError, load_config

    try:
        return load_config(config)
    except ConfigError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(2)


def _check_connectors(cfg) -> None:
    from escucha.connectors import ConnectorConfigError
    from escucha.pipeline.ingest import build_connectors

    try:
        build_connectors(cfg)
    except (ConnectorConfigError, KeyError) as exc:
        typer.echo(f"error: invalid configuration: {exc.args[0] if exc.args else exc}", err=True)
        raise typer.Exit(2)
    from escucha.cli_alerts import check_delivery

    check_delivery(cfg)


def _check_models(cfg) -> None:
    """Fail before the flow starts when a configured transformers model is not on this machine."""
    from escucha.nlp.preflight import missing_models

    problems = missing_models(cfg.nlp)
    if problems:
        for task, reason in problems.items():
            typer.echo(f"error: nlp.{task}: {reason}", err=True)
        raise typer.Exit(2)


@app.command()
def run(config: Optional[Path] = ConfigOpt) -> None:
    """Run the nightly flow once, now (ingest, enrich, topics, reports and alerts)."""
    cfg = _load(config)
    _check_connectors(cfg)
    _check_models(cfg)
    from escucha.flows.nightly import nightly
    from escucha.pipeline.summary import RunSummary
    from escucha.store import StoreLocked

    try:
        result = nightly(config_path=str(config) if config else None)
    except StoreLocked as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(3)
    summary = RunSummary(**result)
    typer.echo(summary.render())


@app.command()
def serve(config: Optional[Path] = ConfigOpt) -> None:
    """Serve the nightly deployment (02:00 America/Bogota by default) and the hourly alert scan."""
    cfg = _load(config)
    _check_connectors(cfg)
    _check_models(cfg)
    from escucha.flows.deploy import serve as serve_deployment

    serve_deployment(str(config) if config else None)


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

    cfg = _load(config)
    out = out or Path(cfg.data_dir) / "demo"
    if end:
        last = date.fromisoformat(end)
    else:
        last = datetime.now(ZoneInfo(cfg.schedule.timezone)).date() - timedelta(days=1)
    paths = generate_demo(out, seed=seed, n_records=records, end=last, days=days)
    for kind, path in paths.items():
        typer.echo(f"{kind}: {path}")


@app.command()
def analyze(
    input: Path = typer.Argument(..., exists=True, dir_okay=False, help="CSV file (UTF-8, Latin-1 or CP1252)."),
    text_column: str = typer.Option("text", "--text-column", "-t", help="Column holding the text."),
    output: Path = typer.Option(..., "--output", "-o", help="Where to write the enriched CSV (UTF-8)."),
    channel: str = typer.Option("review", help="Channel the texts come from (sets redaction and social models)."),
    chunk_size: int = typer.Option(5000, help="Rows per chunk: memory stays flat for any file size."),
    config: Optional[Path] = ConfigOpt,
) -> None:
    """Enrich any CSV: language, redacted text, sentiment (+ probabilities), emotion, irony, PQRS type."""
    from escucha.nlp.analyzer import Analyzer
    from escucha.pipeline.analyze_file import analyze_csv
    from escucha.pipeline.ingest import build_redaction
    from escucha.pipeline.progress import progress_bar

    cfg = _load(config)
    analyzer = Analyzer.from_config(cfg.nlp)
    try:
        with progress_bar("analyze", unit="fila") as bar:
            n = analyze_csv(input, output, text_column, analyzer, build_redaction(cfg), channel=channel,
                            chunk_size=chunk_size, on_chunk=bar.update)
    except ValueError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(2)
    typer.echo(f"{n} rows -> {output}")


TaskArg = typer.Argument(..., help="sentiment | emotion | irony | toxicity | pqrs_type")


@app.command()
def train(
    task: str = TaskArg,
    data: Path = typer.Option(..., "--data", exists=True, dir_okay=False, help="CSV with columns text,label."),
    out: Optional[Path] = typer.Option(None, "--out", help="Head file (default: <data_dir>/models/embedded/<task>.npz)."),
    config: Optional[Path] = ConfigOpt,
) -> None:
    """Fit an embedded head on your own labelled examples (your domain, your words)."""
    from escucha.nlp.training.train import load_csv, train_head

    cfg = _load(config)
    out = out or Path(cfg.data_dir) / "models" / "embedded" / f"{task}.npz"
    try:
        cols = load_csv(data)
        head = train_head(task, cols["text"], cols["label"])
    except ValueError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(2)
    out.parent.mkdir(parents=True, exist_ok=True)
    head.save(out)
    typer.echo(f"{len(cols['text'])} examples -> {out}")
    typer.echo(f"use it with: ESCUCHA__NLP__{task.upper()}__MODEL_DIR={out}")


@app.command()
def evaluate(
    task: str = TaskArg,
    data: Path = typer.Option(..., "--data", exists=True, dir_okay=False, help="CSV with columns text,label."),
    model: Optional[Path] = typer.Option(None, "--model", help="Head file or folder (default: the configured model)."),
    config: Optional[Path] = ConfigOpt,
) -> None:
    """Macro-F1, per-class precision and recall, and the confusion matrix on labelled examples."""
    from escucha.nlp.analyzer import build_classifier, runtime_options
    from escucha.nlp.encoders import UniversalSentenceEncoder
    from escucha.nlp.training.train import evaluate as score
    from escucha.nlp.training.train import load_csv

    cfg = _load(config)
    mc = getattr(cfg.nlp, task, None)
    if mc is None:
        typer.echo(f"error: unknown task {task!r}", err=True)
        raise typer.Exit(2)
    backend = "embedded" if model else mc.backend
    try:
        # the configured runtime too (ONNX, int8): evaluate what the nightly run will use
        clf = build_classifier(task, backend, str(model) if model else mc.model_dir, UniversalSentenceEncoder(),
                               runtime_options(mc))
        cols = load_csv(data)
        result = score(clf, cols["text"], cols["label"])
    except ValueError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(2)
    typer.echo(format_metrics(result))


def format_metrics(result: dict) -> str:
    lines = [f"macro-F1: {result['macro_f1']:.3f}   accuracy: {result['accuracy']:.3f}", "",
             f"{'class':<14}{'precision':>10}{'recall':>10}{'f1':>10}{'n':>8}"]
    for lab, m in result["per_class"].items():
        lines.append(f"{lab:<14}{m['precision']:>10.3f}{m['recall']:>10.3f}{m['f1']:>10.3f}{m['support']:>8}")
    cm_labels, cm = result["confusion"]["labels"], result["confusion"]["matrix"]
    lines += ["", "confusion (rows: true, columns: predicted)", " " * 14 + "".join(f"{lab[:9]:>10}" for lab in cm_labels)]
    for lab, row in zip(cm_labels, cm):
        lines.append(f"{lab:<14}" + "".join(f"{v:>10}" for v in row))
    return "\n".join(lines)


@config_app.command("show")
def config_show(config: Optional[Path] = ConfigOpt) -> None:
    """Print the effective configuration (defaults + file + environment) as YAML."""
    import yaml

    cfg = _load(config)
    data = cfg.model_dump(mode="json")
    data["pseudonym_salt"] = "***"
    from escucha.cli_alerts import mask_delivery_secrets

    mask_delivery_secrets(data)
    typer.echo(yaml.safe_dump(data, allow_unicode=True, sort_keys=False))


@config_app.command("check")
def config_check(config: Optional[Path] = ConfigOpt) -> None:
    """Validate the configuration and every connector's options; exit 2 naming what is wrong."""
    cfg = _load(config)
    _check_connectors(cfg)
    _check_models(cfg)
    typer.echo("configuration OK")


@quarantine_app.command("list")
def quarantine_list(
    config: Optional[Path] = ConfigOpt,
    all_: bool = typer.Option(False, "--all", help="Include items already replayed."),
) -> None:
    """Show quarantined inputs with the reason each was set aside."""
    from escucha.pipeline.context import open_configured_store

    cfg = _load(config)
    with open_configured_store(cfg) as store:
        df = store.list_quarantine(include_resolved=all_)
    if df.empty:
        typer.echo("quarantine is empty")
        return
    for row in df.itertuples():
        typer.echo(f"{row.id}  {row.source}  [{row.stage}]  {row.reason}")


from escucha.cli_quarantine import retry as _quarantine_retry  # noqa: E402
from escucha.cli_alerts import alerts as _alerts  # noqa: E402

app.command("alerts")(_alerts)

quarantine_app.command("retry")(_quarantine_retry)


@app.command()
def runs(config: Optional[Path] = ConfigOpt, limit: int = typer.Option(10, help="How many runs.")) -> None:
    """List recent runs with their status."""
    from escucha.pipeline.context import open_configured_store

    cfg = _load(config)
    with open_configured_store(cfg) as store:
        df = store.list_runs(limit)
    if df.empty:
        typer.echo("no runs yet")
        return
    typer.echo(df.to_string(index=False))


@app.command()
def deliveries(
    config: Optional[Path] = ConfigOpt,
    estado: Optional[str] = typer.Option(None, "--estado", help="Only this status: enviado, fallido or 'sin confirmar'."),
    limit: int = typer.Option(30, help="How many messages, newest first."),
) -> None:
    """What was delivered where: one line per report or alert and channel, with its status."""
    from escucha.pipeline.context import open_configured_store
    from escucha.pipeline.deliver import STATUS_ES, delivery_status

    if estado is not None and estado not in STATUS_ES.values():
        raise typer.BadParameter(f"--estado debe ser uno de: {', '.join(STATUS_ES.values())}")
    cfg = _load(config)
    with open_configured_store(cfg) as store:
        df = delivery_status(store)
    if estado is not None:
        df = df[df["estado"] == estado]
    if df.empty:
        typer.echo("no hay envíos registrados" + (f" con estado «{estado}»" if estado else ""))
        return
    typer.echo(df.head(limit).to_string(index=False))


def main() -> None:  # pragma: no cover - console entry
    app()


if __name__ == "__main__":  # pragma: no cover
    sys.exit(app())
