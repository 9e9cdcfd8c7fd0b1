"""How well the churn-intent signals work: real texts first (label-free), then our labelled set.

    python -m escucha.evaluation.signals [--eval-dir DIR] [--show N] [--json PATH]

(a) Real texts of eval-dev (EVALUATION ONLY: read from `../shared/eval-dev/`, $ESCUCHA_EVAL_DEV
    or --eval-dir; never copied, never trained on; skipped when absent). No set there is labelled
    for churn intent, so the figure is label-free: how many texts fire, per set, and the firing
    texts printed (`--show`) for a person to judge; the judgement is written in docs/QUALITY.md,
    not computed here.
(b) `nlp/signals/churn_es_labelled.csv`: texts WE WROTE for this project (Colombian, Mexican and
    Peninsular wording, with hard negatives: negation, plan changes, cancelled charges, stolen
    cards, sign-offs, porting to the company, plain anger), labelled by us. Column `split`:
    `tune` rows are the ones the rules were written and corrected against, so their precision
    and recall are an optimistic upper bound, not a measure of real text; `holdout` rows were
    written at the same time as a batch of tune rows and kept out of the rule writing (scored
    once the rules were final), a less optimistic figure, still on our own writing.
"""

from __future__ import annotations

import argparse
import csv
import json
from dataclasses import asdict, dataclass, field
from pathlib import Path

from escucha.nlp.evaldata import find_eval_dir, read_rows
from escucha.nlp.signals import make_detector

REAL_SETS = ("citibanamex_issues", "buzon_escuela_mx", "sfu_spanish_reviews")


@dataclass
class LabelledScore:
    items: int
    positives: int
    tp: int
    fp: int
    fn: int
    precision: float
    recall: float
    by_group: dict[str, dict[str, int]] = field(default_factory=dict)  # group -> {n, fired}
    misses: list[str] = field(default_factory=list)
    false_alarms: list[str] = field(default_factory=list)


@dataclass
class RealFiring:
    name: str
    texts: int
    fired: int
    by_cue: dict[str, int]
    examples: list[tuple[str, str, str]]  # (cue, matched words, text start)


def labelled_path() -> Path:
    """The labelled set, in the installed package or the repository."""
    from escucha.nlp import signals

    return Path(signals.__file__).resolve().parent / "churn_es_labelled.csv"


def score_labelled(detector, path: Path | None = None, split: str | None = None) -> LabelledScore:
    """Precision and recall on the labelled set, or on its rows of one `split` (tune, holdout)."""
    with (path or labelled_path()).open(encoding="utf-8", newline="") as fh:
        rows = [r for r in csv.DictReader(fh) if split is None or (r.get("split") or "tune") == split]
    pred = detector.predict([r["text"] for r in rows])
    tp = fp = fn = 0
    by_group: dict[str, dict[str, int]] = {}
    misses, alarms = [], []
    for r, p in zip(rows, pred):
        y = int(r["label"])
        g = by_group.setdefault(r["group"], {"n": 0, "fired": 0})
        g["n"] += 1
        g["fired"] += p
        if p and y:
            tp += 1
        elif p:
            fp += 1
            alarms.append(r["text"])
        elif y:
            fn += 1
            misses.append(r["text"])
    return LabelledScore(len(rows), sum(int(r["label"]) for r in rows), tp, fp, fn,
                         tp / (tp + fp) if tp + fp else 0.0, tp / (tp + fn) if tp + fn else 0.0,
                         by_group, misses, alarms)


def fire_on_real(detector, root: Path, show: int) -> list[RealFiring]:
    out = []
    for name in REAL_SETS:
        path = root / name / "eval.csv"
        if not path.exists():
            continue
        texts = [r["text"] for r in read_rows(path) if (r.get("text") or "").strip()]
        found = detector.detect(texts)
        by_cue: dict[str, int] = {}
        examples = []
        for t, f in zip(texts, found):
            if not f:
                continue
            by_cue[f[0].cue] = by_cue.get(f[0].cue, 0) + 1
            if len(examples) < show:
                examples.append((f[0].cue, f[0].excerpt, " ".join(t.split())[:200]))
        out.append(RealFiring(name, len(texts), sum(1 for f in found if f), by_cue, examples))
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--eval-dir", default=None)
    ap.add_argument("--show", type=int, default=20, help="firing real texts to print for a hand check")
    ap.add_argument("--json", default=None)
    args = ap.parse_args(argv)
    detector = make_detector()
    print(f"# Churn-intent signals ({detector.version})\n")
    root = find_eval_dir(args.eval_dir)
    real: list[RealFiring] = []
    if root is None:
        print("eval-dev not found: real texts skipped\n")
    else:
        real = fire_on_real(detector, root, args.show)
        print("## (a) Real texts (eval-dev, label-free: texts that fire)\n")
        print("| set | texts | fire | by cue |\n|---|---:|---:|---|")
        for r in real:
            cues = ", ".join(f"{k} {v}" for k, v in sorted(r.by_cue.items())) or "-"
            print(f"| {r.name} | {r.texts} | {r.fired} | {cues} |")
        for r in real:
            for cue, words, text in r.examples:
                print(f"- [{r.name}] {cue}: «{words}» — {text}")
        print()
    s = score_labelled(detector)
    print("## (b) Our labelled set (written by us; the rules were corrected on its tune rows: optimistic)\n")
    print("| rows | texts | announce leaving | precision | recall | TP | FP | FN |\n|---|---:|---:|---:|---:|---:|---:|---:|")
    parts = {"all": s, "tune": score_labelled(detector, split="tune"), "holdout": score_labelled(detector, split="holdout")}
    for name, part in parts.items():
        print(f"| {name} | {part.items} | {part.positives} | {part.precision:.3f} | {part.recall:.3f} | "
              f"{part.tp} | {part.fp} | {part.fn} |")
    print()
    print("| group | texts | fire |\n|---|---:|---:|")
    for g, v in sorted(s.by_group.items()):
        print(f"| {g} | {v['n']} | {v['fired']} |")
    for t in s.misses:
        print(f"- missed: {t}")
    for t in s.false_alarms:
        print(f"- false alarm: {t}")
    if args.json:
        Path(args.json).write_text(json.dumps({"version": detector.version, "labelled": asdict(s),
                                               "labelled_by_split": {k: asdict(v) for k, v in parts.items()},
                                               "real": [asdict(r) for r in real]}, ensure_ascii=False, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
