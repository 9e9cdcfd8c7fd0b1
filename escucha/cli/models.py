"""`escucha train | evaluate`: fit an embedded head on your own labelled examples (a CSV, or the
labels analysts gave in the dashboard: `--from-store`), and score a model (the configured one,
with its runtime, or a head file) on labelled examples, or a trained version against the
current head on the store's held-out labels (`--from-store`)."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from escucha.cli._common import ConfigOpt, fail, load

app = typer.Typer()

TaskArg = typer.Argument(..., help="sentiment | emotion | irony | toxicity | pqrs_type")


FromStoreOpt = typer.Option(False, "--from-store", help="Use the labels analysts gave in the dashboard.")


@app.command()
def train(
    task: str = TaskArg,
    data: Optional[Path] = typer.Option(None, "--data", exists=True, dir_okay=False,
                                        help="CSV with columns text,label."),
    from_store: bool = FromStoreOpt,
    out: Optional[Path] = typer.Option(None, "--out", help="Head file (default: <data_dir>/models/embedded/<task>.npz)."),
    config: Optional[Path] = ConfigOpt,
) -> None:
    """Fit an embedded head on your own labelled examples (your domain, your words). With
    --from-store: the shipped training data plus the store's labels, saved as a new version in
    the data dir (`escucha models promote` puts it to use)."""
    from escucha.nlp.training.train import load_csv, prepare_texts, train_head

    cfg = load(config)
    if from_store:
        from escucha.pipeline.heads import HeadError, train_from_store
        from escucha.store import open_store

        try:
            with open_store(cfg.store.url, Path(cfg.data_dir)) as store:
                store.check_schema()
                report = train_from_store(store, cfg.data_dir, task)
        except HeadError as exc:
            fail(str(exc))
        typer.echo(f"Versión {report['version']} de {task}: {report['store_labels']} etiquetas de la base de datos "
                   f"y {report['n'] - report['store_labels']} ejemplos incluidos -> {report['model_path']}")
        typer.echo(f"Compárela con «escucha evaluate {task} --from-store» y actívela con "
                   f"«escucha models promote {task} {report['version']}».")
        return
    if data is None:
        fail("train needs --data CSV or --from-store")
    out = out or Path(cfg.data_dir) / "models" / "embedded" / f"{task}.npz"
    try:
        cols = load_csv(data)
        head = train_head(task, prepare_texts(cols["text"]), cols["label"])
    except ValueError as exc:
        fail(str(exc))
    out.parent.mkdir(parents=True, exist_ok=True)
    head.save(out)
    typer.echo(f"{len(cols['text'])} examples -> {out}")
    typer.echo(f"use it with: ESCUCHA__NLP__{task.upper()}__MODEL_DIR={out}")


@app.command()
def evaluate(
    task: str = TaskArg,
    data: Optional[Path] = typer.Option(None, "--data", exists=True, dir_okay=False,
                                        help="CSV with columns text,label."),
    from_store: bool = FromStoreOpt,
    candidate: Optional[str] = typer.Option(None, "--candidate",
                                            help="With --from-store: the version to compare (default: the newest)."),
    model: Optional[Path] = typer.Option(None, "--model", help="Head file or folder (default: the model the nightly run uses, a promoted head included)."),
    config: Optional[Path] = ConfigOpt,
) -> None:
    """Macro-F1, per-class precision and recall, and the confusion matrix on labelled examples.
    With --from-store: macro-F1 of a trained version and of the current head on the store's
    held-out labels (a fixed fifth, never trained on)."""
    from escucha.nlp.analyzer import build_classifier, runtime_options
    from escucha.nlp.encoders import UniversalSentenceEncoder
    from escucha.nlp.training.train import evaluate as score
    from escucha.nlp.training.train import load_csv, prepare_texts
    from escucha.pipeline.heads import active_heads

    cfg = load(config)
    if from_store:
        from escucha.pipeline.heads import HeadError, evaluate_on_store
        from escucha.store import open_store

        try:
            with open_store(cfg.store.url, Path(cfg.data_dir)) as store:
                store.check_schema()
                c = evaluate_on_store(store, cfg, task, candidate)
        except HeadError as exc:
            fail(str(exc))
        typer.echo(f"{task}: {c.n} etiquetas de evaluación de la base de datos")
        typer.echo(f"candidata {c.candidate:<10} macro-F1 {c.candidate_f1:.3f}")
        typer.echo(f"actual    {c.current:<10} macro-F1 {c.current_f1:.3f}")
        for line in active_heads(cfg).notice(task):  # what "actual" is
            typer.echo(line)
        return
    if data is None:
        fail("evaluate needs --data CSV or --from-store")
    heads = active_heads(cfg)  # without --model: the head the nightly run uses, a promoted one included
    mc = getattr(heads.nlp, task, None)
    if mc is None:
        fail(f"unknown task {task!r}")
    backend = "embedded" if model else mc.backend
    try:
        # the configured runtime too (ONNX, int8): evaluate what the nightly run will use
        clf = build_classifier(task, backend, str(model) if model else mc.model_dir, UniversalSentenceEncoder(),
                               runtime_options(mc))
        cols = load_csv(data)
        # normalised as the enrichment normalises before it classifies: the figure is the nightly run's
        result = score(clf, prepare_texts(cols["text"]), cols["label"])
    except ValueError as exc:
        fail(str(exc))
    typer.echo(format_metrics(result))
    if model is None:
        for line in heads.notice(task):
            typer.echo(line)


def format_metrics(result: dict) -> str:
    """The scores of `evaluate` as a fixed-width table a terminal shows aligned."""
    lines = [f"macro-F1: {result['macro_f1']:.3f}   accuracy: {result['accuracy']:.3f}", "",
             f"{'class':<14}{'precision':>10}{'recall':>10}{'f1':>10}{'n':>8}"]
    for lab, m in result["per_class"].items():
        lines.append(f"{lab:<14}{m['precision']:>10.3f}{m['recall']:>10.3f}{m['f1']:>10.3f}{m['support']:>8}")
    cm_labels, cm = result["confusion"]["labels"], result["confusion"]["matrix"]
    lines += ["", "confusion (rows: true, columns: predicted)", " " * 14 + "".join(f"{lab[:9]:>10}" for lab in cm_labels)]
    for lab, row in zip(cm_labels, cm):
        lines.append(f"{lab:<14}" + "".join(f"{v:>10}" for v in row))
    return "\n".join(lines)
