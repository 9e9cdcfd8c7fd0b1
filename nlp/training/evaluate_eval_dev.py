"""Measure the shipped embedded heads on real Spanish texts nobody in the project wrote.

    python -m escucha.nlp.training.evaluate_eval_dev [--eval-dir DIR] [--models DIR] [--json PATH]
                                                     [--no-heldout] [--raw]

Reads `../shared/eval-dev/` next to the repository (or $ESCUCHA_EVAL_DEV, or --eval-dir). Those
sets are EVALUATION ONLY: nothing here trains on them, copies them, or ships them. When the
folder is absent the script says so and skips those sets (exit code 0).

Reports, as Markdown on stdout:
- sentiment on every real set (`escucha.nlp.evaldata.sentiment_sets`): tweets to a bank
  (three classes), long product reviews and a school box read as a proxy (binary: POS vs NEG
  probability, the NEU column ignored; long texts are chunked by the classifier); texts are
  normalised first, as the enrichment does (`--raw`: as written);
- PQRS type on buzon_escuela_mx (Felicitación/Sugerencia/Queja; our queja+reclamo -> Queja,
  petición/otro count as misses), unrestricted and restricted to the form's three options;
- every task's recipe refitted on its train split and scored on its held-out rows: real rows
  (a seeded 20 % or the set's own test split) and our own held-out groups, apart;
- sentiment on `data/check_sentiment.csv`: 60 tweet-like texts written after the heads were
  trained and never trained on (a check, not a benchmark: we wrote them too).
"""

from __future__ import annotations

import argparse
import json
import sys
from datetime import date
from pathlib import Path
from typing import Any, Sequence

import numpy as np

from escucha.nlp.classifiers import TASKS, TextClassifier
from escucha.nlp.classifiers.embedded import EmbeddedClassifier
from escucha.nlp.evaldata import EvalSet, buzon_pqrs, find_eval_dir, read_rows, sentiment_sets
from escucha.nlp.training.recipes import training_rows
from escucha.nlp.training.train import evaluate, heldout_report, metrics, prepare_texts

COMMAND = "python -m escucha.nlp.training.evaluate_eval_dev"


def score_sentiment(clf: TextClassifier, data: EvalSet, proba: np.ndarray | None = None) -> dict[str, Any]:
    """Sentiment figures of `clf` on a real set: argmax over POS/NEU/NEG, or POS vs NEG on binary sets.

    On a binary set a text is POS when P(POS) >= P(NEG): the set has no neutral class, so the
    neutral column is ignored (how often argmax would have said NEU is reported alongside).
    """
    if proba is None:
        proba = np.asarray(clf.predict_proba(data.texts))
    labels = list(clf.labels_)
    i_pos, i_neu, i_neg = (labels.index(x) for x in ("POS", "NEU", "NEG"))
    if data.binary:
        pred = ["POS" if p[i_pos] >= p[i_neg] else "NEG" for p in proba]
    else:
        pred = [labels[i] for i in proba.argmax(1)]
    out = metrics(data.labels, pred, data.label_order)
    out["argmax_neu_share"] = round(float(np.mean(proba.argmax(1) == i_neu)), 4)
    lens = np.array([len(t) for t in data.texts])
    out["median_chars"] = int(np.median(lens))
    out["chunked_share"] = round(float(np.mean(lens > getattr(clf, "chunk_threshold", 10**9))), 4)
    if data.groups:
        by_group: dict[str, list[bool]] = {}
        for g, t, p in zip(data.groups, data.labels, pred):
            by_group.setdefault(g, []).append(t == p)
        out["accuracy_by_group"] = {k: round(float(np.mean(v)), 3) for k, v in sorted(by_group.items())}
    return out


_BUZON_MAP = {"felicitación": "Felicitación", "sugerencia": "Sugerencia", "queja": "Queja", "reclamo": "Queja",
              "petición": "(petición/otro)", "otro": "(petición/otro)"}


def eval_buzon(data: EvalSet, pqrs: TextClassifier) -> dict[str, Any]:
    """PQRS type on the school box: unrestricted (petición/otro count as misses) and restricted
    to the form's three types (queja + reclamo summed)."""
    proba = np.asarray(pqrs.predict_proba(prepare_texts(data.texts)))
    pred = [_BUZON_MAP[pqrs.labels_[i]] for i in proba.argmax(1)]
    labels = [*data.label_order, "(petición/otro)"]
    unrestricted = metrics(data.labels, pred, labels)
    L = pqrs.labels_
    three = np.stack([proba[:, L.index("felicitación")], proba[:, L.index("sugerencia")],
                      proba[:, L.index("queja")] + proba[:, L.index("reclamo")]], axis=1)
    restricted = metrics(data.labels, [data.label_order[i] for i in three.argmax(1)], data.label_order)
    return {"unrestricted": unrestricted, "restricted_to_form_types": restricted,
            "median_chars": int(np.median([len(t) for t in data.texts]))}


def eval_heldout(task: str, encoder) -> dict[str, Any] | None:
    """Fit the task's recipe on its train split; score the held-out split (own and real rows apart)."""
    rows = training_rows(task)
    rows.text = prepare_texts(rows.text)
    return heldout_report(task, rows, encoder.encode(rows.text), encoder)


def eval_heldout_as_given(task: str, clf: TextClassifier) -> dict[str, Any] | None:
    """The given head on the recipe's real held-out rows, without refitting: a fair figure only
    for a head that never saw those rows (such as a previous default trained on our texts only)."""
    rows = training_rows(task)
    idx = [i for i, (s, r) in enumerate(zip(rows.split, rows.real)) if s == "heldout" and r]
    if not idx:
        return None
    return evaluate(clf, prepare_texts([rows.text[i] for i in idx]), [rows.label[i] for i in idx])


CHECK_SET = Path(__file__).resolve().parent / "data" / "check_sentiment.csv"


def eval_check_set(clf: TextClassifier, path: Path = CHECK_SET) -> dict[str, Any] | None:
    if not path.exists():
        return None
    rows = read_rows(path)
    return evaluate(clf, prepare_texts([r["text"] for r in rows]), [r["label"] for r in rows])


def _md_metrics(title: str, m: dict[str, Any]) -> str:
    labels = m["confusion"]["labels"]
    lines = [f"**{title}** — n={m['n']}, macro-F1 **{m['macro_f1']:.3f}**, accuracy {m['accuracy']:.3f}", "",
             "| class | precision | recall | F1 | support |", "|---|---|---|---|---|"]
    for c in labels:
        p = m["per_class"][c]
        if p["support"] or p["precision"]:
            lines.append(f"| {c} | {p['precision']:.3f} | {p['recall']:.3f} | {p['f1']:.3f} | {p['support']} |")
    lines += ["", "Confusion (rows = true, columns = predicted):", "",
              "| true \\ pred | " + " | ".join(labels) + " |", "|---" * (len(labels) + 1) + "|"]
    for c, row in zip(labels, m["confusion"]["matrix"]):
        if sum(row):
            lines.append(f"| {c} | " + " | ".join(str(v) for v in row) + " |")
    return "\n".join(lines) + "\n"


_SET_TITLES = {
    "citibanamex": "Tweets to a Mexican bank (citibanamex_issues, POS/NEU/NEG, argmax)",
    "sfu": "SFU Spanish product reviews (binary: P(POS) vs P(NEG), long texts chunked)",
    "buzon": "School complaints box, proxy (Felicitación = POS, Queja = NEG; P(POS) vs P(NEG))",
}


def sentiment_summary(sets: dict[str, dict[str, Any]]) -> str:
    """One line per real set: macro-F1 and recall/precision per class."""
    lines = ["| set | n | macro-F1 | POS recall | POS precision | NEU recall | NEG recall |", "|---|---|---|---|---|---|---|"]
    for name, m in sets.items():
        pc = m["per_class"]
        neu = f"{pc['NEU']['recall']:.3f}" if "NEU" in pc and pc["NEU"]["support"] else "—"
        lines.append(f"| {name} | {m['n']} | **{m['macro_f1']:.3f}** | {pc['POS']['recall']:.3f} | "
                     f"{pc['POS']['precision']:.3f} | {neu} | {pc['NEG']['recall']:.3f} |")
    return "\n".join(lines) + "\n"


def to_markdown(res: dict[str, Any]) -> str:
    out = [f"Run on {res['date']} with `{res['command']}`; model versions: "
           + ", ".join(f"`{v}`" for v in res["versions"].values()), ""]
    if res.get("eval_dir") is None:
        out.append("eval-dev folder absent: real-text figures skipped.\n")
    if res.get("sentiment"):
        out.append("### Sentiment on real text (eval-dev)\n")
        out.append(sentiment_summary(res["sentiment"]))
        for name, m in res["sentiment"].items():
            out.append(f"#### {_SET_TITLES.get(name, name)} — median {m['median_chars']} chars, "
                       f"{m['chunked_share']:.0%} chunked; argmax would be NEU for {m['argmax_neu_share']:.0%}\n")
            out.append(_md_metrics(name, m))
            if "accuracy_by_group" in m:
                out.append("Accuracy by domain: " + ", ".join(f"{k} {v:.2f}" for k, v in m["accuracy_by_group"].items()) + "\n")
    if "buzon_pqrs" in res:
        b = res["buzon_pqrs"]
        out.append(f"### PQRS type — buzón escuela MX (median {b['median_chars']} chars)\n")
        out.append(_md_metrics("Unrestricted (all six types; queja+reclamo = Queja)", b["unrestricted"]))
        out.append(_md_metrics("Restricted to the form's three types", b["restricted_to_form_types"]))
    if res.get("check_sentiment"):
        out.append("### Sentiment — hand-written check set (we wrote it; never trained on)\n")
        out.append(_md_metrics("check_sentiment.csv", res["check_sentiment"]))
    for task, m in (res.get("heads_on_real_heldout") or {}).items():
        if m:
            out.append(f"### {task} — the heads as given, on the recipe's real held-out rows (no refit)\n")
            out.append(_md_metrics(f"{task}, real held-out", m))
    for task, m in res.get("heldout", {}).items():
        if not m:
            continue
        for part, title in (("real", "real held-out rows (seeded 20 % or the set's test split)"),
                            ("own", "own held-out groups (texts we wrote, unseen in training)")):
            if part in m:
                out.append(f"### {task} — {title}; head fitted on {m['n_train']} rows\n")
                out.append(_md_metrics(f"{task}, {part} held-out", m[part]))
                if "by_source" in m[part]:
                    out.append("By source (macro-F1): " + ", ".join(f"{k} {v:.3f}" for k, v in m[part]["by_source"].items()) + "\n")
        if "hand_written_only" in m:
            h = m["hand_written_only"]
            out.append(f"Hand-written held-out rows only: n={h['n']}, macro-F1 {h['macro_f1']:.3f}, accuracy {h['accuracy']:.3f}\n")
    return "\n".join(out)


def evaluate_real_sentiment(clf: TextClassifier, eval_dir: Path | None, normalise: bool = True) -> dict[str, dict[str, Any]]:
    """Figures of a sentiment classifier on every real set found (empty when eval-dev is absent).

    Texts are normalised as the enrichment normalises them before it classifies (`escucha
    analyze`, the nightly run); `normalise=False` scores the raw texts.
    """
    out = {}
    for data in sentiment_sets(eval_dir):
        texts = prepare_texts(data.texts) if normalise else data.texts
        out[data.name] = score_sentiment(clf, data, proba=np.asarray(clf.predict_proba(texts)))
    return out


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog=COMMAND, description=__doc__.split("\n\n")[0])
    ap.add_argument("--eval-dir", type=Path)
    ap.add_argument("--models", type=Path, help="folder of heads (<task>.npz) to measure instead of the shipped ones")
    ap.add_argument("--json", type=Path, help="also write the figures as JSON")
    ap.add_argument("--no-heldout", action="store_true", help="skip refitting the recipes on their train splits")
    ap.add_argument("--heads-on-real-heldout", nargs="*", choices=["sentiment", "emotion", "toxicity"],
                    help="score these heads (none named: all three) as given on their recipe's real held-out rows; "
                         "fair only for heads never trained on them, e.g. --models with a previous default")
    ap.add_argument("--cache", type=Path, help="folder caching sentence vectors between runs")
    ap.add_argument("--raw", action="store_true", help="classify the raw texts (default: normalised, as the enrichment does)")
    args = ap.parse_args(argv)
    from escucha.nlp.encoders.use import UniversalSentenceEncoder

    encoder = UniversalSentenceEncoder()
    if args.cache:
        from escucha.nlp.training.vectors import CachedEncoder

        encoder = CachedEncoder(encoder, args.cache)
    clfs = {t: EmbeddedClassifier(t, model_path=args.models, encoder=encoder) for t in TASKS}
    argv_text = " ".join(sys.argv[1:] if argv is None else argv)
    res: dict[str, Any] = {"date": date.today().isoformat(), "command": f"{COMMAND} {argv_text}".rstrip(),
                           "versions": {t: c.version for t, c in clfs.items()}}
    eval_dir = find_eval_dir(args.eval_dir)
    res["eval_dir"] = str(eval_dir) if eval_dir else None
    if eval_dir is None:
        print("eval-dev not found (../shared/eval-dev or $ESCUCHA_EVAL_DEV): skipping the real-text sets.", file=sys.stderr)
    res["sentiment"] = evaluate_real_sentiment(clfs["sentiment"], eval_dir, normalise=not args.raw)
    box = buzon_pqrs(eval_dir) if eval_dir else None
    if box is not None:
        res["buzon_pqrs"] = eval_buzon(box, clfs["pqrs_type"])
    res["check_sentiment"] = eval_check_set(clfs["sentiment"])
    if args.heads_on_real_heldout is not None:
        tasks = args.heads_on_real_heldout or ["sentiment", "emotion", "toxicity"]
        res["heads_on_real_heldout"] = {t: eval_heldout_as_given(t, clfs[t]) for t in tasks}
    if not args.no_heldout:
        res["heldout"] = {t: eval_heldout(t, encoder) for t in TASKS}
    print(to_markdown(res))
    if args.json:
        args.json.write_text(json.dumps(res, ensure_ascii=False, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
