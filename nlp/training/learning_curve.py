"""How many real labels the sentiment head needs: macro-F1 on real text against labelled rows.

    python -m escucha.nlp.training.learning_curve [--sizes 100 300 1000 0] [--seeds 3]
                                                  [--settings own+real real]
                                                  [--eval-dir DIR] [--cache DIR] [--json PATH]

For each size N (0 = every train-split row) and seed, N rows are drawn (seeded, without
replacement) from the train split of es_short_sentiment (real short texts labelled one by one)
and a head is fitted with the shipped recipe (features, calibration on the real rows), in two
settings: with our own rows (what `escucha train` on a customer's labels plus the shipped data
does) and on the N real rows alone. Each head is scored on the real held-out rows and on every
real development set found (evaluation only; skipped when absent). Figures are means over seeds
with the spread (min–max).
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

from escucha.nlp.classifiers.embedded import EmbeddedClassifier
from escucha.nlp.evaldata import find_eval_dir, sentiment_sets
from escucha.nlp.training.ablation import score_sets
from escucha.nlp.training.recipes import training_rows
from escucha.nlp.training.train import evaluate, prepare_texts, train_head
from escucha.nlp.training.vectors import CachedEncoder

COMMAND = "python -m escucha.nlp.training.learning_curve"


def run(sizes: Sequence[int], seeds: int, eval_dir: Path | None, cache: Path | None,
        settings: Sequence[str] = ("own+real", "real")) -> dict[str, Any]:
    from escucha.nlp.encoders.use import UniversalSentenceEncoder

    encoder = CachedEncoder(UniversalSentenceEncoder(), cache)
    rows = training_rows("sentiment")
    texts = prepare_texts(rows.text)
    X = encoder.encode(texts)
    train = np.array([s == "train" for s in rows.split])
    real = np.array(rows.real)
    pool = [int(i) for i in np.where(train & real)[0]]
    own = np.where(train & ~real)[0]
    held = np.where(~train & real)[0]
    sets = sentiment_sets(eval_dir)
    out: list[dict[str, Any]] = []
    for with_own in [s == "own+real" for s in settings]:
        for size in sizes:
            n = len(pool) if size <= 0 or size >= len(pool) else size
            for seed in range(1 if n == len(pool) else seeds):
                picked = sorted(random.Random(seed).sample(pool, n))
                idx = np.concatenate([own, picked]).astype(int) if with_own else np.asarray(picked)
                head = train_head("sentiment", [texts[i] for i in idx], [rows.label[i] for i in idx], encoder=encoder,
                                  embeddings=X[idx], weights=[rows.weight[i] for i in idx], calibration_rows=real[idx])
                clf = EmbeddedClassifier.from_head("sentiment", head, encoder)
                res = {"own_rows": with_own, "n_real": n, "seed": seed,
                       "real_heldout": evaluate(clf, [texts[i] for i in held], [rows.label[i] for i in held],
                                                embeddings=X[held])["macro_f1"]}
                for name, m in score_sets(clf, sets, normalise=True).items():
                    res[name] = m["macro_f1"]
                    res[f"{name}_pos_recall"] = m["per_class"]["POS"]["recall"]
                out.append(res)
                print(json.dumps(res), file=sys.stderr, flush=True)
    return {"date": date.today().isoformat(), "runs": out, "sets": [s.name for s in sets]}


def to_markdown(res: dict[str, Any], command: str) -> str:
    cols = ["real_heldout", *res["sets"]]
    lines = [f"Run on {res['date']} with `{command}`; mean over seeds (min–max).", "",
             "| training rows | real labels | " + " | ".join(c.replace("_", " ") for c in cols) + " |",
             "|---" * (2 + len(cols)) + "|"]
    keys = sorted({(r["own_rows"], r["n_real"]) for r in res["runs"]}, key=lambda k: (not k[0], k[1]))
    for own, n in keys:
        runs = [r for r in res["runs"] if r["own_rows"] == own and r["n_real"] == n]
        cells = []
        for c in cols:
            v = np.array([r[c] for r in runs])
            cells.append(f"{v.mean():.3f}" + (f" ({v.min():.3f}–{v.max():.3f})" if len(v) > 1 else ""))
        lines.append(f"| {'own + real' if own else 'real only'} | {n:,} | " + " | ".join(cells) + " |")
    return "\n".join(lines) + "\n"


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog=COMMAND, description=__doc__.split("\n\n")[0])
    ap.add_argument("--sizes", type=int, nargs="+", default=[100, 300, 1000, 0])
    ap.add_argument("--seeds", type=int, default=3)
    ap.add_argument("--settings", nargs="+", choices=["own+real", "real"], default=["own+real", "real"],
                    help="with our own rows, on the real rows alone, or both")
    ap.add_argument("--eval-dir", type=Path)
    ap.add_argument("--cache", type=Path, help="folder caching sentence vectors between runs")
    ap.add_argument("--json", type=Path)
    args = ap.parse_args(argv)
    res = run(args.sizes, args.seeds, find_eval_dir(args.eval_dir), args.cache, args.settings)
    argv_text = " ".join(sys.argv[1:] if argv is None else argv)
    print(to_markdown(res, f"{COMMAND} {argv_text}".rstrip()))
    if args.json:
        args.json.write_text(json.dumps(res, ensure_ascii=False, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
