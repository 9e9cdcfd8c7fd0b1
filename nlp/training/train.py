"""Train the embedded heads (USE vectors [+ text features] -> LinearHead) and measure them.

    python -m escucha.nlp.training.train --task sentiment|emotion|irony|toxicity|pqrs_type|all
                                         [--data CSV] [--out PATH] [--no-heldout]

For each task: read the rows its recipe names (`recipes.yaml`: our own CSVs and real, openly
licensed sets under data/real/), fit on the `train` split, report the `heldout` split (our own
groups never seen in training, and real rows held out by a seeded hash or the set's own test
split) separately, then fit again on all rows and write the shipped head to
nlp/models/embedded/<task>.npz with the held-out figures in its metadata. Texts are normalised
as the enrichment normalises them (`normalize(text, "social")`) before they are encoded, since
classifiers read normalised text. Seeded and deterministic: the same data gives the same head
bytes.

`train_head` and `evaluate` are the functions the `escucha train` / `escucha evaluate`
commands call.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import json
import platform
import sys
from datetime import date
from pathlib import Path
from typing import Any, Sequence

import numpy as np

from escucha.nlp.classifiers import TASK_LABELS, TASKS, TextClassifier, check_task
from escucha.nlp.classifiers.embedded import MODELS_DIR, EmbeddedClassifier
from escucha.nlp.classifiers.heads import LinearHead
from escucha.nlp.training.recipes import TrainingRows, recipe, training_rows

DATA_DIR = Path(__file__).resolve().parent / "data"


def default_params(task: str) -> dict[str, Any]:
    """The head parameters of a task's recipe (C chosen on held-out splits, see docs/QUALITY.md)."""
    return dict(recipe(task).get("params") or {})


def prepare_texts(texts: Sequence[str]) -> list[str]:
    """Texts as the classifiers read them in the enrichment: normalised with the social rules."""
    from escucha.nlp.text.normalize import normalize

    return [normalize(t, "social") for t in texts]


def default_data_path(task: str) -> Path:
    return DATA_DIR / f"{check_task(task)}.csv"


def load_csv(path: str | Path) -> dict[str, list[str]]:
    """Read a training CSV (columns text,label[,source,group,split]) into column lists."""
    with Path(path).open(encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        if not reader.fieldnames or "text" not in reader.fieldnames or "label" not in reader.fieldnames:
            raise ValueError(f"{path}: needs at least the columns text,label (found {reader.fieldnames})")
        cols: dict[str, list[str]] = {k: [] for k in ("text", "label", "source", "group", "split")}
        for i, row in enumerate(reader, 2):
            text, label = (row.get("text") or "").strip(), (row.get("label") or "").strip()
            if not text or not label:
                raise ValueError(f"{path}:{i}: empty text or label")
            cols["text"].append(text)
            cols["label"].append(label)
            cols["source"].append(row.get("source") or "")
            cols["group"].append(row.get("group") or f"row{i}")
            cols["split"].append(row.get("split") or "train")
    return cols


def _sha256_rows(texts: Sequence[str], labels: Sequence[str]) -> str:
    h = hashlib.sha256()
    for t, y in zip(texts, labels):
        h.update(t.encode("utf-8") + b"\x1f" + y.encode("utf-8") + b"\x1e")
    return h.hexdigest()


def _default_encoder():
    from escucha.nlp.encoders.use import UniversalSentenceEncoder

    return UniversalSentenceEncoder()


def train_head(task: str, texts: Sequence[str], labels: Sequence[str], encoder=None,
               embeddings: np.ndarray | None = None, weights: Sequence[float] | None = None,
               calibration_rows: Sequence[bool] | None = None, **params: Any) -> LinearHead:
    """Encode `texts` (unless `embeddings` are given) and fit a LinearHead for `task`.

    Labels must belong to TASK_LABELS[task]; the head's columns follow that order. `params`
    go to LinearHead (C, class_weight, features, calibrate_bias, ...) over the recipe's
    defaults. `weights` weigh rows; `calibration_rows` choose the rows that calibrate the
    class biases (default: all). Texts are used as given (see `prepare_texts`).
    """
    check_task(task)
    if len(texts) != len(labels):
        raise ValueError(f"{len(texts)} texts but {len(labels)} labels")
    encoder = encoder or _default_encoder()
    X = embeddings if embeddings is not None else encoder.encode(list(texts))
    merged = {**default_params(task), **params}
    head = LinearHead(labels=TASK_LABELS[task], **merged).fit(
        X, labels, texts=list(texts), sample_weight=None if weights is None else np.asarray(weights, dtype=np.float64),
        calibration_rows=None if calibration_rows is None else np.asarray(calibration_rows, dtype=bool))
    import sklearn

    head.metadata_ = {
        "task": task,
        "encoder": getattr(encoder, "name", "unknown"),
        "n_train": len(texts),
        "train_counts": {c: int(sum(1 for y in labels if y == c)) for c in TASK_LABELS[task]},
        "training_data_sha256": _sha256_rows(texts, labels),
        "sklearn_version": sklearn.__version__,
        "numpy_version": np.__version__,
        "python_version": platform.python_version(),
        "trained_on": date.today().isoformat(),
    }
    return head


def metrics(y_true: Sequence[str], y_pred: Sequence[str], labels: Sequence[str]) -> dict[str, Any]:
    """Macro-F1, accuracy, per-class precision/recall/F1/support and the confusion matrix.

    Macro-F1 averages over the labels present in `y_true` (a label nobody wrote cannot be recalled).
    """
    labels = list(labels)
    idx = {c: i for i, c in enumerate(labels)}
    cm = np.zeros((len(labels), len(labels)), dtype=int)
    for t, p in zip(y_true, y_pred):
        cm[idx[t], idx[p]] += 1
    per: dict[str, dict[str, float]] = {}
    f1s = []
    for c, i in idx.items():
        tp = cm[i, i]
        prec = tp / cm[:, i].sum() if cm[:, i].sum() else 0.0
        rec = tp / cm[i, :].sum() if cm[i, :].sum() else 0.0
        f1 = 2 * prec * rec / (prec + rec) if prec + rec else 0.0
        per[c] = {"precision": round(float(prec), 4), "recall": round(float(rec), 4), "f1": round(float(f1), 4), "support": int(cm[i, :].sum())}
        if cm[i, :].sum():
            f1s.append(f1)
    return {
        "n": int(cm.sum()),
        "accuracy": round(float(np.trace(cm) / max(cm.sum(), 1)), 4),
        "macro_f1": round(float(np.mean(f1s)) if f1s else 0.0, 4),
        "per_class": per,
        "confusion": {"labels": labels, "matrix": cm.tolist()},  # rows: true, columns: predicted
    }


def evaluate(classifier: TextClassifier, texts: Sequence[str], labels: Sequence[str],
             embeddings: np.ndarray | None = None) -> dict[str, Any]:
    """Score any TextClassifier on labelled texts (labels from classifier.labels_)."""
    unknown = sorted(set(labels) - set(classifier.labels_))
    if unknown:
        raise ValueError(f"labels {unknown} are not in the classifier's labels {classifier.labels_}")
    pred = classifier.predict(list(texts), embeddings=embeddings)
    return metrics(labels, pred, classifier.labels_)


def rows_from_csv(path: str | Path) -> TrainingRows:
    """A user's CSV as training rows: every row real, weight 1, its own split column if any."""
    cols = load_csv(path)
    rows = TrainingRows()
    for t, y, src, g, sp in zip(cols["text"], cols["label"], cols["source"], cols["group"], cols["split"]):
        rows.add(t, y, src or Path(path).name, g, sp, 1.0, True)
    return rows


def _fit_rows(task: str, rows: TrainingRows, X: np.ndarray, idx: np.ndarray, encoder) -> LinearHead:
    return train_head(task, [rows.text[i] for i in idx], [rows.label[i] for i in idx], encoder=encoder,
                      embeddings=X[idx], weights=[rows.weight[i] for i in idx],
                      calibration_rows=[rows.real[i] for i in idx] if any(rows.real[i] for i in idx) else None)


def heldout_report(task: str, rows: TrainingRows, X: np.ndarray, encoder) -> dict[str, Any] | None:
    """Fit on the train split; score the held-out split, our own rows and real rows apart."""
    held = np.array([s == "heldout" for s in rows.split])
    if not held.any() or held.all():
        return None
    tr = np.where(~held)[0]
    head = _fit_rows(task, rows, X, tr, encoder)
    clf = EmbeddedClassifier.from_head(task, head, encoder)
    out: dict[str, Any] = {"n_train": int(len(tr))}
    for name, keep in (("own", [not r for r in rows.real]), ("real", rows.real)):
        te = np.where(held & np.asarray(keep, dtype=bool))[0]
        if len(te):
            out[name] = evaluate(clf, [rows.text[i] for i in te], [rows.label[i] for i in te], embeddings=X[te])
            by_source = sorted({rows.source[i] for i in te}) if name == "real" else []
            if len(by_source) > 1:
                out[name]["by_source"] = {
                    s: evaluate(clf, [rows.text[i] for i in te if rows.source[i] == s],
                                [rows.label[i] for i in te if rows.source[i] == s],
                                embeddings=X[[i for i in te if rows.source[i] == s]])["macro_f1"] for s in by_source}
    hand = [i for i in np.where(held)[0] if rows.source[i].startswith("hand/")]
    if hand:
        out["hand_written_only"] = evaluate(clf, [rows.text[i] for i in hand], [rows.label[i] for i in hand],
                                            embeddings=X[hand])
    return out


def run_task(task: str, data: Path | None = None, out: Path | None = None, encoder=None,
             heldout: bool = True, verbose: bool = True) -> dict[str, Any]:
    """Held-out evaluation (train split -> heldout split), then the final fit on all rows, saved."""
    out = out or MODELS_DIR / f"{task}.npz"
    rows = rows_from_csv(data) if data else training_rows(task)
    rows.text = prepare_texts(rows.text)
    encoder = encoder or _default_encoder()
    X = encoder.encode(rows.text)
    report: dict[str, Any] = {"task": task, "data": str(data) if data else "recipe", "n": len(rows)}
    if heldout:
        held = heldout_report(task, rows, X, encoder)
        if held:
            report["heldout"] = held
            if verbose:
                for name in ("own", "real"):
                    if name in held:
                        m = held[name]
                        print(f"[{task}] held-out {name} ({m['n']} rows, {held['n_train']} train): macro-F1 "
                              f"{m['macro_f1']:.3f}, accuracy {m['accuracy']:.3f}", file=sys.stderr)
    head = _fit_rows(task, rows, X, np.arange(len(rows)), encoder)
    sources: dict[str, dict[str, Any]] = {}
    for src, w, real in zip(rows.source, rows.weight, rows.real):
        name = src.split("/")[0] if not real else src
        entry = sources.setdefault(name, {"rows": 0, "weight": w, "real": real})
        entry["rows"] += 1
    meta: dict[str, Any] = {"training_data": Path(data).name if data else "recipes.yaml", "sources": sources}
    if "heldout" in report:
        meta["heldout_metrics"] = {k: {kk: v[kk] for kk in ("n", "accuracy", "macro_f1", "per_class")}
                                   for k, v in report["heldout"].items() if k in ("own", "real")}
    head.save(out, metadata=meta)
    report["model_path"] = str(out)
    report["temperature"] = head.temperature_
    report["version"] = f"embedded-use3-{task}-{head.weights_sha256()[:8]}"
    from escucha.nlp.training.model_card import write_card

    report["model_card"] = str(write_card(task, out, head.metadata_, report, from_recipe=data is None))
    if verbose:
        print(f"[{task}] wrote {out} ({report['version']}, T={head.temperature_:.2f})", file=sys.stderr)
    return report


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m escucha.nlp.training.train", description=__doc__.split("\n\n")[0])
    ap.add_argument("--task", required=True, choices=[*TASKS, "all"])
    ap.add_argument("--data", type=Path, help="training CSV (text,label[,source,group,split]); default: the task's recipe")
    ap.add_argument("--out", type=Path, help="where to write the .npz; default: nlp/models/embedded/<task>.npz")
    ap.add_argument("--no-heldout", action="store_true", help="skip the held-out evaluation")
    ap.add_argument("--report", type=Path, help="write the figures as JSON here")
    ap.add_argument("--cache", type=Path, help="folder caching sentence vectors between runs (scripts only)")
    args = ap.parse_args(argv)
    tasks = list(TASKS) if args.task == "all" else [args.task]
    if len(tasks) > 1 and (args.data or args.out):
        ap.error("--data/--out need a single --task")
    encoder = _default_encoder()
    if args.cache:
        from escucha.nlp.training.vectors import CachedEncoder

        encoder = CachedEncoder(encoder, args.cache)
    reports = [run_task(t, args.data, args.out, encoder=encoder, heldout=not args.no_heldout) for t in tasks]
    if args.report:
        args.report.write_text(json.dumps(reports, ensure_ascii=False, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
