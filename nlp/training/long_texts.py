"""How the sentiment head reads long texts: chunk size, aggregation and the POS/NEG prior.

    python -m escucha.nlp.training.long_texts [--eval-dir DIR] [--models DIR] [--cache DIR]
                                              [--chunk-chars 150 400 800]
                                              [--pseudo-documents N:W:MIN ...] [--json PATH]

A study, not a training step: it changes nothing that ships. Texts longer than the classifier's
`chunk_threshold` are read by chunk (`embedded.chunk_text`); each chunk gets the head's
probabilities and the text gets their length-weighted mean (the shipped rule, `prob_mean`).
For the shipped head (or the heads in `--models`) and for the recipe refitted on its train split,
this script scores, on every real development set (evaluation only, skipped when absent):

- chunk sizes (`--chunk-chars`) and aggregations of the chunk readings: length-weighted mean of
  probabilities (shipped), unweighted mean, mean of logits, weights times (1 - P(NEU)) (neutral
  chunks do not vote), the last chunk counted three times (verdicts at the end), the chunk with
  the strongest polarity, a majority vote;
- a POS/NEG offset for chunked texts taken from *training* rows: the mean logit difference
  P(POS) - P(NEG) of neutral rows (all, ours, real), removed so that neutral text leans to
  neither side (the previous default's `neutral_balance`, applied to long texts only);
- with `--pseudo-documents N:W:MIN ...`, the recipe refitted on its train split plus N
  pseudo-documents per class (train-split rows joined until MIN characters: for POS and NEG one
  or more rows of the class mixed with neutral rows, for NEU neutral rows only; weight W per
  document; never calibration rows), scored on the real held-out rows and the development sets:
  does training on text as long as a chunk help the head read chunks?
- one diagnostic that is *not* a choice, computed on the development set itself and therefore
  never used to choose anything that ships: the best POS/NEG threshold in hindsight (the most
  any re-calibration of the two classes could give). Nothing is ever fitted on a development
  set (they are evaluation only).

Short texts (at most `chunk_threshold` characters) are read whole whatever the aggregation, so
the tweet and school-box figures move only with the offset's head, never with the aggregation.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from datetime import date
from pathlib import Path
from typing import Any, Sequence

import numpy as np

from escucha.nlp.classifiers.embedded import EmbeddedClassifier, chunk_text
from escucha.nlp.classifiers.heads import LinearHead
from escucha.nlp.evaldata import EvalSet, find_eval_dir, sentiment_sets
from escucha.nlp.training.recipes import training_rows
from escucha.nlp.training.train import evaluate, metrics, prepare_texts, train_head
from escucha.nlp.training.vectors import CachedEncoder

COMMAND = "python -m escucha.nlp.training.long_texts"
AGGREGATIONS = ("prob_mean", "prob_mean_unweighted", "logit_mean", "polar_weighted", "last_x3", "max_polarity", "vote")
POS, NEU, NEG = 0, 1, 2  # TASK_LABELS["sentiment"] order


def softmax(z: np.ndarray) -> np.ndarray:
    z = z - z.max(axis=1, keepdims=True)
    e = np.exp(z)
    return e / e.sum(axis=1, keepdims=True)


def units(texts: Sequence[str], threshold: int, chunk_chars: int) -> tuple[list[str], np.ndarray]:
    """(unit texts, owner index per unit): short texts whole, long ones by chunk."""
    out: list[str] = []
    owner: list[int] = []
    for i, t in enumerate(texts):
        parts = chunk_text(t, chunk_chars) if len(t) > threshold else [t]
        out.extend(parts)
        owner.extend([i] * len(parts))
    return out, np.asarray(owner, dtype=np.int64)


def aggregate(z: np.ndarray, unit_texts: Sequence[str], owner: np.ndarray, n: int, how: str) -> np.ndarray:
    """Per-text probabilities from unit logits `z` (already divided by the head's temperature)."""
    p = softmax(z)
    w = np.array([max(len(t), 1) for t in unit_texts], dtype=np.float64)
    out = np.zeros((n, z.shape[1]))
    for i in range(n):
        m = np.where(owner == i)[0]
        zi, pi, wi = z[m], p[m], w[m]
        if len(m) == 1 or how == "prob_mean":
            out[i] = (pi * wi[:, None]).sum(0) / wi.sum()
        elif how == "prob_mean_unweighted":
            out[i] = pi.mean(0)
        elif how == "logit_mean":
            out[i] = softmax(((zi * wi[:, None]).sum(0) / wi.sum())[None])[0]
        elif how == "polar_weighted":
            ww = wi * np.maximum(1.0 - pi[:, NEU], 1e-6)
            out[i] = (pi * ww[:, None]).sum(0) / ww.sum()
        elif how == "last_x3":
            ww = wi.copy()
            ww[-1] *= 3.0
            out[i] = (pi * ww[:, None]).sum(0) / ww.sum()
        elif how == "max_polarity":
            out[i] = pi[int(np.argmax(np.abs(pi[:, POS] - pi[:, NEG])))]
        elif how == "vote":
            c = np.bincount(pi.argmax(1), minlength=z.shape[1]).astype(np.float64)
            out[i] = c / c.sum()
        else:
            raise ValueError(f"unknown aggregation {how!r}")
    return out


def score(data: EvalSet, proba: np.ndarray, labels: Sequence[str], threshold: float = 0.5) -> dict[str, Any]:
    """macro-F1 and POS recall as evaluate_eval_dev scores them (binary sets: P(POS) vs P(NEG))."""
    if data.binary:
        share = proba[:, POS] / np.maximum(proba[:, POS] + proba[:, NEG], 1e-12)
        pred = ["POS" if s >= threshold else "NEG" for s in share]
    else:
        pred = [labels[i] for i in proba.argmax(1)]
    m = metrics(data.labels, pred, data.label_order)
    return {"macro_f1": m["macro_f1"], "pos_recall": m["per_class"]["POS"]["recall"]}


def neutral_offsets(head: LinearHead, texts: Sequence[str], X: np.ndarray, labels: Sequence[str],
                    real: Sequence[bool]) -> dict[str, float]:
    """Mean logit(POS) - logit(NEG) (temperature applied) over neutral rows: all, ours, real."""
    z = head.decision_function(X, list(texts)).astype(np.float64) / head.temperature_
    neu = np.asarray(labels) == "NEU"
    real = np.asarray(real, dtype=bool)
    out = {}
    for name, sel in (("all", neu), ("own", neu & ~real), ("real", neu & real)):
        if sel.any():
            out[name] = round(float(np.mean(z[sel, POS] - z[sel, NEG])), 4)
    return out


def study_head(name: str, head: LinearHead, sets: list[EvalSet], encoder, chunk_sizes: Sequence[int],
               offsets: dict[str, float], threshold: int) -> dict[str, Any]:
    labels = [str(c) for c in head.classes_]
    res: dict[str, Any] = {"head": name, "version": EmbeddedClassifier.from_head("sentiment", head, encoder).version,
                           "offsets": offsets, "sets": {}}
    for data in sets:
        texts = prepare_texts(data.texts)
        n = len(texts)
        long_share = float(np.mean([len(t) > threshold for t in texts]))
        per: dict[str, Any] = {"long_share": round(long_share, 4), "aggregation": {}, "offset": {}}
        for size in chunk_sizes:
            ut, owner = units(texts, threshold, size)
            z = head.decision_function(encoder.encode(ut), ut).astype(np.float64) / head.temperature_
            per["aggregation"][str(size)] = {how: score(data, aggregate(z, ut, owner, n, how), labels)
                                             for how in AGGREGATIONS}
            if size != 400:
                continue
            chunked = np.array([len(t) > threshold for t in texts])[owner]
            for oname, d in offsets.items():
                zz = z.copy()
                zz[chunked, POS] -= d / 2
                zz[chunked, NEG] += d / 2
                per["offset"][oname] = score(data, aggregate(zz, ut, owner, n, "prob_mean"), labels)
            if data.binary:  # diagnostic only: the threshold chosen in hindsight on this very set
                p = aggregate(z, ut, owner, n, "prob_mean")
                best = max((score(data, p, labels, t)["macro_f1"], round(float(t), 2))
                           for t in np.linspace(0.2, 0.8, 61))
                per["hindsight_threshold"] = {"macro_f1": best[0], "threshold": best[1]}
        res["sets"][data.name] = per
        print(f"{name} {data.name}: shipped rule {per['aggregation'].get('400', {}).get('prob_mean')}", file=sys.stderr,
              flush=True)
    return res


def train_split_head(encoder) -> tuple[LinearHead, dict[str, float]]:
    """The shipped recipe fitted on its train split, and its neutral offsets on held-out rows."""
    rows = training_rows("sentiment")
    texts = prepare_texts(rows.text)
    X = encoder.encode(texts)
    train = np.array([s == "train" for s in rows.split])
    real = np.array(rows.real)
    idx = np.where(train)[0]
    head = train_head("sentiment", [texts[i] for i in idx], [rows.label[i] for i in idx], encoder=encoder,
                      embeddings=X[idx], weights=[rows.weight[i] for i in idx], calibration_rows=real[idx])
    held = np.where(~train)[0]
    offs = neutral_offsets(head, [texts[i] for i in held], X[held], [rows.label[i] for i in held], real[held])
    return head, offs


def pseudo_documents(texts: Sequence[str], labels: Sequence[str], pool_rows: Sequence[int], n_per_class: int,
                     min_chars: int, seed: int = 0) -> tuple[list[str], list[str]]:
    """Seeded documents of at least `min_chars` characters made by joining rows of `pool_rows`.

    POS and NEG documents hold at least one row of their class, each further row being neutral
    with probability 1/2; NEU documents hold neutral rows only. Rows are joined as sentences.
    """
    rnd = random.Random(seed)
    pool = {c: [i for i in pool_rows if labels[i] == c] for c in ("POS", "NEU", "NEG")}
    out_t: list[str] = []
    out_l: list[str] = []
    for c in ("POS", "NEG", "NEU"):
        for _ in range(n_per_class):
            parts: list[int] = []
            while sum(len(texts[i]) for i in parts) < min_chars:
                if c == "NEU" or (parts and rnd.random() < 0.5):
                    parts.append(rnd.choice(pool["NEU"]))
                else:
                    parts.append(rnd.choice(pool[c]))
            if c != "NEU" and not any(labels[i] == c for i in parts):
                parts[0] = rnd.choice(pool[c])
            rnd.shuffle(parts)
            out_t.append(" ".join(t if t.rstrip()[-1:] in ".!?" else t.rstrip() + "." for t in (texts[i] for i in parts)))
            out_l.append(c)
    return out_t, out_l


def pseudo_document_runs(specs: Sequence[str], sets: list[EvalSet], encoder, seed: int = 0) -> list[dict[str, Any]]:
    """For each spec N:W:MIN (0:0:0 = none), the train-split recipe plus pseudo-documents, scored."""
    from escucha.nlp.training.ablation import score_sets

    rows = training_rows("sentiment")
    texts = prepare_texts(rows.text)
    X = encoder.encode(texts)
    labels = list(rows.label)
    train = np.array([s == "train" for s in rows.split])
    real = np.array(rows.real)
    idx = np.where(train)[0]
    held = np.where(~train & real)[0]
    out = []
    for spec in specs:
        n, w, min_chars = (spec.split(":") + ["0", "0"])[:3]
        extra_t, extra_l = pseudo_documents(texts, labels, idx, int(n), int(min_chars), seed) if int(n) else ([], [])
        T = [texts[i] for i in idx] + extra_t
        E = np.vstack([X[idx], encoder.encode(extra_t)]) if extra_t else X[idx]
        W = [rows.weight[i] for i in idx] + [float(w)] * len(extra_t)
        cal = np.concatenate([real[idx], np.zeros(len(extra_t), bool)])
        head = train_head("sentiment", T, [labels[i] for i in idx] + extra_l, encoder=encoder, embeddings=E,
                          weights=W, calibration_rows=cal)
        clf = EmbeddedClassifier.from_head("sentiment", head, encoder)
        r = {"spec": spec if not seed else f"{spec} (seed {seed})", "real_heldout": evaluate(clf, [texts[i] for i in held], [labels[i] for i in held],
                                                    embeddings=X[held])["macro_f1"],
             "sets": {k: {"macro_f1": m["macro_f1"], "pos_recall": m["per_class"]["POS"]["recall"]}
                      for k, m in score_sets(clf, sets, True).items()}}
        print(f"pseudo-documents {spec}: {r}", file=sys.stderr, flush=True)
        out.append(r)
    return out


def shipped_offsets(head: LinearHead, encoder) -> dict[str, float]:
    """Neutral offsets of a head on all training rows (it has seen them: in-sample)."""
    rows = training_rows("sentiment")
    texts = prepare_texts(rows.text)
    return neutral_offsets(head, texts, encoder.encode(texts), rows.label, rows.real)


def to_markdown(res: dict[str, Any]) -> str:
    lines = [f"Run on {res['date']} with `{res['command']}`.", ""]
    for h in res["heads"]:
        lines.append(f"**{h['head']}** (`{h['version']}`); neutral offsets: {h['offsets']}\n")
        for sname, per in h["sets"].items():
            if not per["long_share"]:  # nothing chunked: every rule reads it the same
                m = per["aggregation"][next(iter(per["aggregation"]))]["prob_mean"]
                lines.append(f"*{sname}*: no text chunked, {m['macro_f1']:.3f} / {m['pos_recall']:.2f} under every rule\n")
                continue
            lines.append(f"*{sname}* ({per['long_share']:.0%} of texts chunked), macro-F1 / POS recall:\n")
            lines.append("| chunk chars | " + " | ".join(AGGREGATIONS) + " |")
            lines.append("|---" * (1 + len(AGGREGATIONS)) + "|")
            for size, aggs in per["aggregation"].items():
                lines.append(f"| {size} | " + " | ".join(f"{aggs[a]['macro_f1']:.3f} / {aggs[a]['pos_recall']:.2f}"
                                                       for a in AGGREGATIONS) + " |")
            if per["offset"]:
                lines.append("\nNeutral offset for chunked texts (400 chars, prob_mean): " + ", ".join(
                    f"{k} {v['macro_f1']:.3f} / {v['pos_recall']:.2f}" for k, v in per["offset"].items()))
            if "hindsight_threshold" in per:
                t = per["hindsight_threshold"]
                lines.append(f"\nDiagnostic, threshold chosen in hindsight on this set: {t['macro_f1']:.3f} "
                             f"at P(POS)/(P(POS)+P(NEG)) >= {t['threshold']}")
            lines.append("")
    if res.get("pseudo_documents"):
        names = list(res["pseudo_documents"][0]["sets"])
        lines += ["Train-split recipe + pseudo-documents (N per class : weight : min characters), macro-F1 / POS recall:",
                  "", "| N:W:MIN | real held-out | " + " | ".join(names) + " |", "|---" * (2 + len(names)) + "|"]
        for r in res["pseudo_documents"]:
            lines.append(f"| {r['spec']} | {r['real_heldout']:.3f} | " + " | ".join(
                f"{r['sets'][k]['macro_f1']:.3f} / {r['sets'][k]['pos_recall']:.2f}" for k in names) + " |")
        lines.append("")
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog=COMMAND, description=__doc__.split("\n\n")[0])
    ap.add_argument("--eval-dir", type=Path)
    ap.add_argument("--models", type=Path, help="folder with a sentiment.npz to study instead of the shipped head")
    ap.add_argument("--cache", type=Path, help="folder caching sentence vectors between runs")
    ap.add_argument("--chunk-chars", type=int, nargs="*", default=[150, 400, 800])
    ap.add_argument("--no-train-split", action="store_true", help="skip the head refitted on the train split")
    ap.add_argument("--pseudo-documents", nargs="*", metavar="N:W:MIN",
                    help="refit the train-split recipe with N pseudo-documents per class of weight W and at least "
                         "MIN characters (0:0:0: none)")
    ap.add_argument("--pseudo-seed", type=int, default=0, help="seed drawing the pseudo-documents")
    ap.add_argument("--no-chunking-study", action="store_true", help="skip the chunk size/aggregation/offset tables")
    ap.add_argument("--json", type=Path)
    args = ap.parse_args(argv)
    from escucha.nlp.encoders.use import UniversalSentenceEncoder

    eval_dir = find_eval_dir(args.eval_dir)
    if eval_dir is None:
        print("eval-dev not found (../shared/eval-dev or $ESCUCHA_EVAL_DEV): nothing to study.", file=sys.stderr)
        return 0
    encoder = CachedEncoder(UniversalSentenceEncoder(), args.cache)
    clf = EmbeddedClassifier("sentiment", model_path=args.models, encoder=encoder)
    sets = sentiment_sets(eval_dir)
    argv_text = " ".join(sys.argv[1:] if argv is None else argv)
    res: dict[str, Any] = {"date": date.today().isoformat(), "command": f"{COMMAND} {argv_text}".rstrip(), "heads": []}
    if not args.no_chunking_study:
        res["heads"].append(study_head("given head", clf.head, sets, encoder, args.chunk_chars,
                                       shipped_offsets(clf.head, encoder), clf.chunk_threshold))
    if not args.no_train_split and not args.no_chunking_study:
        head, offs = train_split_head(encoder)
        res["heads"].append(study_head("recipe fitted on the train split", head, sets, encoder, args.chunk_chars,
                                       offs, clf.chunk_threshold))
    if args.pseudo_documents:
        res["pseudo_documents"] = pseudo_document_runs(args.pseudo_documents, sets, encoder, args.pseudo_seed)
    print(to_markdown(res))
    if args.json:
        args.json.write_text(json.dumps(res, ensure_ascii=False, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
