"""How far the topic model's representation can go on the real bank tweets: a diagnostic ceiling.

    python -m escucha.evaluation.ceiling [--eval-dir DIR] [--folds 5] [--seed 0]

A classifier trained on the labelled set's *own* issue labels (logistic regression, k-fold:
every text predicted by a model that did not see it) is the most any assignment built on the
same features could hope for. The topic model never sees these labels; if even this classifier
stays below the ARI goal of the topic issue, the goal asks for a better representation, not for
better thresholds. Three feature sets: the USE sentence vectors of the topic text (what the
clustering reads), those vectors plus the TF-IDF of Spanish word stems (what the catalogue
scoring adds, zeroshot.py), and both plus character 3-5-grams (spelling variants, "tdc",
"transferi").

EVALUATION ONLY: reads eval-dev `citibanamex_issues` (`../shared/eval-dev/`, $ESCUCHA_EVAL_DEV or
--eval-dir), never copied; nothing it fits is saved or shipped; skipped when the set is absent.
Labels with fewer than `folds` texts are grouped for the fold split only.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from typing import Sequence

import numpy as np

COMMAND = "python -m escucha.evaluation.ceiling"


def ceiling(texts: Sequence[str], labels: Sequence[str], vectors: np.ndarray, *, folds: int = 5,
            seed: int = 0) -> dict[str, dict[str, float]]:
    """{features: {"ari", "accuracy"}} of k-fold predictions of `labels` from `vectors` alone,
    with stem TF-IDF, and with stem TF-IDF and character n-grams."""
    import scipy.sparse as sp
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.metrics import adjusted_rand_score
    from sklearn.model_selection import StratifiedKFold

    from escucha.nlp.topics.zeroshot import StemAnalyzer

    y = np.asarray(labels)
    counts = Counter(y.tolist())
    strata = np.array([label if counts[label] >= folds else "_rare" for label in y])
    split = list(StratifiedKFold(folds, shuffle=True, random_state=seed).split(vectors, strata))
    out: dict[str, dict[str, float]] = {}
    for name in ("USE vectors", "USE vectors + stem TF-IDF", "USE vectors + stem TF-IDF + character 3-5-grams"):
        pred = np.empty(len(y), dtype=object)
        for train, test in split:
            a, b = vectors[train], vectors[test]
            if "TF-IDF" in name:
                fitted = [TfidfVectorizer(analyzer=StemAnalyzer(), sublinear_tf=True)]
                if "character" in name:
                    fitted.append(TfidfVectorizer(analyzer="char_wb", ngram_range=(3, 5), sublinear_tf=True, min_df=2))
                fitted = [v.fit([texts[i] for i in train]) for v in fitted]
                a = sp.hstack([sp.csr_matrix(a), *(v.transform([texts[i] for i in train]) for v in fitted)]).tocsr()
                b = sp.hstack([sp.csr_matrix(b), *(v.transform([texts[i] for i in test]) for v in fitted)]).tocsr()
            pred[test] = LogisticRegression(C=10.0, max_iter=3000).fit(a, y[train]).predict(b)
        out[name] = {"ari": float(adjusted_rand_score(y, pred)), "accuracy": float(np.mean(pred == y))}
    return out


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog=COMMAND, description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--eval-dir", default=None, help="eval-dev folder (default: ../shared/eval-dev)")
    ap.add_argument("--folds", type=int, default=5)
    ap.add_argument("--seed", type=int, default=0)
    args = ap.parse_args(list(argv) if argv is not None else None)

    from escucha.evaluation.topics import NOT_AN_ISSUE, read_labelled
    from escucha.nlp.encoders import UniversalSentenceEncoder
    from escucha.nlp.evaldata import find_eval_dir
    from escucha.nlp.text.topic_text import topic_text

    root = find_eval_dir(args.eval_dir)
    path = root / "citibanamex_issues" / "eval.csv" if root else None
    if path is None or not path.exists():
        print("eval-dev folder absent: skipped")
        return 0
    raw, truth = read_labelled(path, "text", "issue")
    keep = [i for i, label in enumerate(truth) if label not in NOT_AN_ISSUE]
    texts = [topic_text(raw[i], "social") for i in keep]
    labels = [truth[i] for i in keep]
    vectors = np.asarray(UniversalSentenceEncoder().encode(texts), dtype=np.float32)
    result = ceiling(texts, labels, vectors, folds=args.folds, seed=args.seed)
    print(f"Supervised ceiling on the {len(texts)} real bank tweets that raise an issue "
          f"({len(set(labels))} labels; {args.folds}-fold logistic regression on the set's own labels, seed {args.seed}):")
    print("| features | ARI | accuracy |\n|---|---|---|")
    for name, r in result.items():
        print(f"| {name} | {r['ari']:.3f} | {r['accuracy']:.3f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
