"""What each step of the sentiment head adds, measured on real text.

    python -m escucha.nlp.training.ablation [--eval-dir DIR] [--cache DIR] [--json PATH]

Trains one head per step on the train split of the sentiment recipe (our own held-out groups and
the real held-out rows stay out) and scores it on the real held-out rows of es_short_sentiment
and on every real development set found (`escucha.nlp.evaldata`; evaluation only, skipped when
absent). The steps, each adding to the one before:

1. the previous default: our own texts only, raw, sentence vector, neutral-balance correction;
2. texts normalised as the enrichment normalises them;
3. + real training texts (es_short_sentiment, CC BY 4.0), our own rows at half weight;
4. + hashed character n-grams;
5. + hashed words and word pairs with negation scope;
6. + lexicon, emoji, emoticon and punctuation counts;
7. + class biases and temperature calibrated out of fold on the real rows (the shipped recipe).

Choices were made on the real held-out rows, never on the development sets.
"""

from __future__ import annotations

import argparse
import json
import sys
from datetime import date
from pathlib import Path
from typing import Any, Sequence

import numpy as np

from escucha.nlp.classifiers.embedded import EmbeddedClassifier
from escucha.nlp.evaldata import find_eval_dir, sentiment_sets
from escucha.nlp.training.recipes import training_rows
from escucha.nlp.training.train import default_params, evaluate, prepare_texts, train_head
from escucha.nlp.training.vectors import CachedEncoder

COMMAND = "python -m escucha.nlp.training.ablation"


def steps() -> list[tuple[str, dict[str, Any]]]:
    """(name, settings) per step; settings: own_only, normalise, params (LinearHead)."""
    feats = dict(default_params("sentiment")["features"])
    char = {**feats, "word_bits": 0, "dense": False}
    words = {**feats, "dense": False}
    base = {"C": 1.0, "calibrate": True, "features": None, "calibrate_bias": False}  # every setting explicit
    return [
        ("previous default (own texts, raw)", {"own_only": True, "normalise": False,
                                               "params": {**base, "neutral_balance": ("NEU", "POS", "NEG")}}),
        ("texts normalised", {"own_only": True, "normalise": True,
                              "params": {**base, "neutral_balance": ("NEU", "POS", "NEG")}}),
        ("+ real training texts", {"params": base}),
        ("+ character n-grams", {"params": {**base, "features": char}}),
        ("+ words with negation scope", {"params": {**base, "features": words}}),
        ("+ lexicon, emoji, emoticons", {"params": {**base, "features": feats}}),
        ("+ bias/temperature calibrated on real rows", {"params": default_params("sentiment")}),
    ]


def score_sets(clf, sets, normalise: bool) -> dict[str, dict[str, Any]]:
    from escucha.nlp.training.evaluate_eval_dev import score_sentiment

    out = {}
    for data in sets:
        texts = prepare_texts(data.texts) if normalise else data.texts
        proba = np.asarray(clf.predict_proba(texts))
        out[data.name] = score_sentiment(clf, data, proba=proba)
    return out


def run(eval_dir: Path | None, cache: Path | None, only: Sequence[int] | None = None) -> dict[str, Any]:
    from escucha.nlp.encoders.use import UniversalSentenceEncoder

    encoder = CachedEncoder(UniversalSentenceEncoder(), cache)
    rows = training_rows("sentiment")
    raw_texts = list(rows.text)
    norm_texts = prepare_texts(raw_texts)
    X = {False: encoder.encode(raw_texts), True: encoder.encode(norm_texts)}
    train = np.array([s == "train" for s in rows.split])
    real = np.array(rows.real)
    held_real = np.where(~train & real)[0]
    sets = sentiment_sets(eval_dir)
    results = []
    for k, (name, cfg) in enumerate(steps(), 1):
        if only and k not in only:
            continue
        normalise = cfg.get("normalise", True)
        texts = norm_texts if normalise else raw_texts
        idx = np.where(train & (~real if cfg.get("own_only") else True))[0]
        head = train_head("sentiment", [texts[i] for i in idx], [rows.label[i] for i in idx], encoder=encoder,
                          embeddings=X[normalise][idx], weights=[rows.weight[i] for i in idx],
                          calibration_rows=real[idx] if real[idx].any() else None, **cfg["params"])
        clf = EmbeddedClassifier.from_head("sentiment", head, encoder)
        res = {"step": k, "name": name,
               "real_heldout": evaluate(clf, [texts[i] for i in held_real], [rows.label[i] for i in held_real],
                                        embeddings=X[normalise][held_real]),
               "sets": score_sets(clf, sets, normalise)}
        results.append(res)
        line = f"{k}. {name}: held-out real {res['real_heldout']['macro_f1']:.3f}"
        for s, m in res["sets"].items():
            line += f" | {s} {m['macro_f1']:.3f} (POS recall {m['per_class']['POS']['recall']:.2f})"
        print(line, file=sys.stderr, flush=True)
    return {"date": date.today().isoformat(), "results": results}


def to_markdown(res: dict[str, Any], command: str) -> str:
    names = [s for r in res["results"][:1] for s in r["sets"]]
    head = "| step | real held-out (n={}) | ".format(res["results"][0]["real_heldout"]["n"]) + \
        " | ".join(f"{n} macro-F1 / POS recall" for n in names) + " |"
    lines = [f"Run on {res['date']} with `{command}`.", "", head, "|---" * (2 + len(names)) + "|"]
    for r in res["results"]:
        cells = [f"{r['real_heldout']['macro_f1']:.3f}"]
        cells += [f"{r['sets'][n]['macro_f1']:.3f} / {r['sets'][n]['per_class']['POS']['recall']:.2f}" for n in names]
        lines.append(f"| {r['step']}. {r['name']} | " + " | ".join(cells) + " |")
    return "\n".join(lines) + "\n"


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog=COMMAND, description=__doc__.split("\n\n")[0])
    ap.add_argument("--eval-dir", type=Path)
    ap.add_argument("--cache", type=Path, help="folder caching sentence vectors between runs")
    ap.add_argument("--steps", type=int, nargs="*", help="only these steps (1-7)")
    ap.add_argument("--json", type=Path)
    args = ap.parse_args(argv)
    eval_dir = find_eval_dir(args.eval_dir)
    if eval_dir is None:
        print("eval-dev not found (../shared/eval-dev or $ESCUCHA_EVAL_DEV): only the real held-out rows are scored.",
              file=sys.stderr)
    res = run(eval_dir, args.cache, args.steps)
    print(to_markdown(res, COMMAND))
    if args.json:
        args.json.write_text(json.dumps(res, ensure_ascii=False, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
