"""How far an analyst's issue label should reach: precision and reach of `topics.label_similarity`.

    python -m escucha.evaluation.label_examples [--share 0.2] [--seed 0] [--demo-records 3000]

A text at least `label_similarity` close (cosine of the topic-text vectors) to one an analyst
labelled takes that label's issue (nlp/topics/examples.py). Here a seeded `share` of each set is
"labelled" with its known issue and every other text is given the issue of its nearest labelled
text when it is close enough; per threshold: the share of texts that take an issue this way
(reach) and how many of those got their own issue (precision). Both sets are text we wrote: the
bank tweets of escucha/evaluation/data/ and the demo corpus (its truth file names every record's
theme). The threshold is chosen here, never on eval-dev.
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass
from typing import Sequence

import numpy as np

THRESHOLDS = (0.6, 0.7, 0.75, 0.8, 0.85, 0.9, 0.95)


@dataclass(frozen=True)
class Reach:
    threshold: float
    reach: float  # share of the unlabelled texts that take a labelled text's issue
    precision: float  # of those, the share whose own issue it is (nan when none)


def label_reach(emb: np.ndarray, truth: Sequence[str], share: float, seed: int,
                thresholds: Sequence[float] = THRESHOLDS) -> list[Reach]:
    """Label a seeded `share` of the texts with their issue; score the rest (see the module)."""
    from escucha.nlp.topics.examples import ExampleIndex, IssueExample

    truth = np.asarray(truth)
    keys = sorted(set(truth.tolist()))
    code = np.array([keys.index(t) for t in truth], dtype=np.int64)
    labelled = np.random.default_rng(seed).random(len(truth)) < share
    rest = np.flatnonzero(~labelled)
    out = []
    for t in thresholds:
        index = ExampleIndex([IssueExample(int(code[i]), emb[i]) for i in np.flatnonzero(labelled)], min_similarity=t)
        topic, _ = index.nearest(emb[rest])
        took = topic >= 0
        precision = float(np.mean(topic[took] == code[rest][took])) if took.any() else float("nan")
        out.append(Reach(t, float(np.mean(took)), precision))
    return out


def main(argv: Sequence[str] | None = None) -> int:
    from escucha.evaluation.topics import demo_records, written_bank
    from escucha.nlp.encoders import UniversalSentenceEncoder
    from escucha.nlp.text.topic_text import topic_text

    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--share", type=float, default=0.2, help="share of each set labelled")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--demo-records", type=int, default=3000)
    args = ap.parse_args(argv)
    encoder = UniversalSentenceEncoder()
    texts, keys, _ = written_bank()
    sets = {"bank tweets we wrote": (encoder.encode([topic_text(t, "social") for t in texts]), keys)}
    if args.demo_records:
        dtexts, entries, _ = demo_records(args.demo_records)
        sets["demo corpus"] = (encoder.encode([topic_text(t, e["channel"]) for t, e in zip(dtexts, entries)]),
                               [str(e["topic"]) for e in entries])
    for name, (emb, truth) in sets.items():
        print(f"{name}: {len(truth)} texts, {len(set(truth))} issues, {args.share:.0%} labelled (seed {args.seed})")
        print(f"  {'threshold':>9} {'reach':>7} {'precision':>9}")
        for r in label_reach(np.asarray(emb, dtype=np.float32), truth, args.share, args.seed):
            print(f"  {r.threshold:>9.2f} {r.reach:>7.1%} {r.precision:>9.1%}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
