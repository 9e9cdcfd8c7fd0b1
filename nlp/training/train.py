"""Train the embedded heads (USE vectors -> LinearHead) and measure them.

    python -m escucha.nlp.training.train --task sentiment|emotion|irony|toxicity|pqrs_type|all
                                         [--data CSV] [--out PATH] [--no-heldout]

For each task: fit on the `train` split, report the `heldout` split (groups never seen in
training), then fit again on all rows and write the shipped head to
nlp/models/embedded/<task>.npz with the held-out figures in its metadata. Seeded and
deterministic: the same data gives the same head bytes.

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

from escucha.nlp.classifiers._base import TASK_LABELS, TASKS, TextClassifier, check_task
from escucha.nlp.classifiers.embedded import MODELS_DIR, EmbeddedClassifier
from escucha.nlp.classifiers.heads import LinearHead

DATA_DIR = Path(__file__).resolve().parent / "data"
DEFAULT_PARAMS: dict[str, dict[str, Any]] = {
    # C chosen on the held-out split (see docs/QUALITY.md); small grid, not re-run on every train.
    "sentiment": {"C": 1.0, "neutral_balance": ("NEU", "POS", "NEG")},
    "emotion": {"C": 4.0},
    "irony": {"C": 16.0},
    "toxicity": {"C": 4.0},
    "pqrs_type": {"C": 4.0},
}


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
               embeddings: np.ndarray | None = None, **params: Any) -> LinearHead:
    """Encode `texts` (unless `embeddings` are given) and fit a LinearHead for `task`.

    Labels must belong to TASK_LABELS[task]; the head's columns follow that order. `params`
    go to LinearHead (C, class_weight, max_iter, seed, calibrate).
    """
    check_task(task)
    if len(texts) != len(labels):
        raise ValueError(f"{len(texts)} texts but {len(labels)} labels")
    encoder = encoder or _default_encoder()
    X = embeddings if embeddings is not None else encoder.encode(list(texts))
    merged = {**DEFAULT_PARAMS.get(task, {}), **params}
    head = LinearHead(labels=TASK_LABELS[task], **merged).fit(X, labels)
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


def run_task(task: str, data: Path | None = None, out: Path | None = None, encoder=None,
             heldout: bool = True, verbose: bool = True) -> dict[str, Any]:
    """Held-out evaluation (train split -> heldout split), then the final fit on all rows, saved."""
    data = data or default_data_path(task)
    out = out or MODELS_DIR / f"{task}.npz"
    cols = load_csv(data)
    encoder = encoder or _default_encoder()
    X = encoder.encode(cols["text"])
    y = cols["label"]
    report: dict[str, Any] = {"task": task, "data": str(data), "n": len(y)}
    is_held = np.array([s == "heldout" for s in cols["split"]])
    if heldout and is_held.any() and (~is_held).any():
        tr, te = np.where(~is_held)[0], np.where(is_held)[0]
        head = train_head(task, [cols["text"][i] for i in tr], [y[i] for i in tr], encoder=encoder, embeddings=X[tr])
        clf = EmbeddedClassifier.from_head(task, head, encoder)
        report["heldout"] = evaluate(clf, [cols["text"][i] for i in te], [y[i] for i in te], embeddings=X[te])
        report["heldout"]["n_train"] = int(len(tr))
        if verbose:
            print(f"[{task}] held-out ({len(te)} rows, {len(tr)} train): macro-F1 {report['heldout']['macro_f1']:.3f}, "
                  f"accuracy {report['heldout']['accuracy']:.3f}", file=sys.stderr)
    head = train_head(task, cols["text"], y, encoder=encoder, embeddings=X)
    meta: dict[str, Any] = {"training_data": Path(data).name}
    if "heldout" in report:
        meta["heldout_metrics"] = {k: report["heldout"][k] for k in ("n", "accuracy", "macro_f1", "per_class")}
    head.save(out, metadata=meta)
    report["model_path"] = str(out)
    report["temperature"] = head.temperature_
    report["version"] = f"embedded-use3-{task}-{head.weights_sha256()[:8]}"
    if verbose:
        print(f"[{task}] wrote {out} ({report['version']}, T={head.temperature_:.2f})", file=sys.stderr)
    return report


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m escucha.nlp.training.train", description=__doc__.split("\n\n")[0])
    ap.add_argument("--task", required=True, choices=[*TASKS, "all"])
    ap.add_argument("--data", type=Path, help="training CSV (text,label[,source,group,split]); default: the shipped one")
    ap.add_argument("--out", type=Path, help="where to write the .npz; default: nlp/models/embedded/<task>.npz")
    ap.add_argument("--no-heldout", action="store_true", help="skip the held-out evaluation")
    ap.add_argument("--report", type=Path, help="write the figures as JSON here")
    args = ap.parse_args(argv)
    tasks = list(TASKS) if args.task == "all" else [args.task]
    if len(tasks) > 1 and (args.data or args.out):
        ap.error("--data/--out need a single --task")
    encoder = _default_encoder()
    reports = [run_task(t, args.data, args.out, encoder=encoder, heldout=not args.no_heldout) for t in tasks]
    if args.report:
        args.report.write_text(json.dumps(reports, ensure_ascii=False, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
