"""How far an analyst's issue label should reach: precision and reach of `topics.label_similarity`.

    python -m escucha.evaluation.label_examples [--share 0.2] [--seed 0] [--demo-records 3000]
        [--draws 5] [--no-curve] [--no-thresholds]

A text at least `label_similarity` close (cosine of the topic-text vectors) to one an analyst
labelled takes that label's issue (nlp/topics/examples.py). Here a seeded `share` of each set is
"labelled" with its known issue and every other text is given the issue of its nearest labelled
text when it is close enough; per threshold: the share of texts that take an issue this way
(reach) and how many of those got their own issue (precision). Both sets are text we wrote: the
bank tweets of escucha/evaluation/data/ and the demo corpus (its truth file names every record's
theme). The threshold is chosen here, never on eval-dev.

Learning curve (`--curve`, the default): how far a few labels per issue reach through the
catalogue score (nlp/topics/zeroshot.py `CatalogMatcher.with_examples`). In each set, k texts of
every issue (k = 1, 3, 5; seeded draws, `--draws` of them) are "labelled" with their issue; the
other texts of the set are assigned as the model's catalogue step would: a near copy of a label
(`label_similarity`) takes its issue, else the catalogue issue whose score is highest, when it
reaches `catalog_min_score`. Per k: reach (the share of the other texts of the labelled issues
that take their own issue) and precision (of the texts that take a labelled issue, the share
whose issue it is), for
- near copies only (the labels without the catalogue),
- the catalogue without labels,
- the catalogue with the labels as more of their issue's closest texts (the model's rule),
- the same with the labels' words added to their issue's TF-IDF document too,
- the labels alone as an issue's only texts, scored as a catalogue issue would be (what a label of
  an issue the model discovered, which has no catalogue entry, could do as a prototype).
The bank tweets are scored against the `banca` catalogue (their keys are its issues; texts that
raise no issue are measured, never labelled); the demo corpus's themes are not catalogue keys, so
it shows near copies and labels alone only.
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


KS = (1, 3, 5)
NOT_AN_ISSUE = ("sin_problema", "otro")
RULES = ("near copy", "catalogue", "catalogue + labels", "+ labels' words", "labels alone")


@dataclass(frozen=True)
class CurvePoint:
    k: int  # labels per issue
    rule: str
    reach: float  # mean over draws
    precision: float  # mean over the draws where some text took a labelled issue (nan when none did)
    reach_min: float  # lowest reach of a draw
    labels: int  # labelled texts per draw
    gained: float = 0.0  # per draw: texts moved to their own issue (against the catalogue; labels alone: near copies)
    lost: float = 0.0  # per draw: texts moved away from their own issue


def _took(pred: np.ndarray, truth: np.ndarray, labelled_issues: Sequence[str]) -> tuple[float, float]:
    """(reach, precision) of `pred` (issue key per text, "" = none) over texts of `truth`."""
    mine = np.isin(truth, labelled_issues)
    took = np.isin(pred, labelled_issues)
    reach = float(np.mean(pred[mine] == truth[mine])) if mine.any() else float("nan")
    precision = float(np.mean(pred[took] == truth[took])) if took.any() else float("nan")
    return reach, precision


def draw_labels(truth: Sequence[str], k: int, seed: int, skip: Sequence[str] = NOT_AN_ISSUE) -> np.ndarray:
    """Indices of `k` seeded texts of every issue that has more than k (none of `skip`)."""
    truth = np.asarray(truth)
    rng = np.random.default_rng(seed)
    out = []
    for key in sorted(set(truth.tolist()) - set(skip)):
        idx = np.flatnonzero(truth == key)
        if len(idx) > k:
            out.extend(sorted(rng.choice(idx, k, replace=False).tolist()))
    return np.array(sorted(out), dtype=np.int64)


def label_curve(texts: Sequence[str], emb: np.ndarray, truth: Sequence[str], matcher=None, *,
                ks: Sequence[int] = KS, draws: int = 5, min_score: float = 0.45,
                min_similarity: float = 0.85) -> list[CurvePoint]:
    """The learning curve of the module docstring on one set. `matcher` is a fitted
    `CatalogMatcher` whose issue keys are the set's (None: near copies and labels alone only)."""
    from escucha.nlp.topics.catalog import Catalog, CatalogIssue
    from escucha.nlp.topics.examples import ExampleIndex, IssueExample
    from escucha.nlp.topics.zeroshot import CatalogMatcher

    texts = [str(t) for t in texts]
    emb = np.asarray(emb, dtype=np.float32)
    truth = np.asarray(truth)
    keys = [i.key for i in matcher.catalog.issues] if matcher is not None else []
    base = matcher.score(texts, emb) if matcher is not None else None
    rows: dict[tuple[int, str], list[tuple[float, float]]] = {}
    moved: dict[tuple[int, str], list[tuple[int, int]]] = {}
    n_labels: dict[int, int] = {}
    for k in ks:
        for d in range(draws):
            lab = draw_labels(truth, k, seed=1000 * k + d)
            if not len(lab):
                continue
            n_labels[k] = len(lab)
            rest = np.setdiff1d(np.arange(len(truth)), lab)
            issues = sorted(set(truth[lab].tolist()))
            rtexts, remb, rtruth = [texts[i] for i in rest], emb[rest], truth[rest]
            code = {key: j for j, key in enumerate(issues)}
            near, _ = ExampleIndex([IssueExample(code[truth[i]], emb[i]) for i in lab], min_similarity).nearest(remb)
            near_key = np.array([issues[t] if t >= 0 else "" for t in near], dtype=object)
            preds = {"near copy": near_key}

            def through(scores: np.ndarray, names: Sequence[str]) -> np.ndarray:
                best, top = scores.argmax(axis=1), scores.max(axis=1)
                pred = np.array([names[b] if s >= min_score else "" for b, s in zip(best, top)], dtype=object)
                return np.where(near_key != "", near_key, pred)

            if matcher is not None:
                in_cat = [i for i in lab if truth[i] in keys]
                kidx = [keys.index(truth[i]) for i in in_cat]
                preds["catalogue"] = through(base[rest], keys)
                taught = matcher.with_examples(kidx, emb[in_cat], [texts[i] for i in in_cat])
                preds["catalogue + labels"] = through(taught.score(rtexts, remb), keys)
                worded = matcher.with_examples(kidx, emb[in_cat], [texts[i] for i in in_cat], lexical=True)
                preds["+ labels' words"] = through(worded.score(rtexts, remb), keys)
            own = Catalog(tuple(CatalogIssue(key=f"l{j}", name=texts[lab[truth[lab] == key][0]],
                                             examples=tuple(texts[i] for i in lab[truth[lab] == key]))
                                for j, key in enumerate(issues)))
            alone = CatalogMatcher(own, lexical_weight=matcher.lexical_weight if matcher is not None else 1.0,
                                   max_weight=matcher.max_weight if matcher is not None else 0.5,
                                   stop_words=matcher.stop_words if matcher is not None else ())
            vecs = [emb[lab[truth[lab] == key]] for key in issues]
            text_vectors = np.vstack([np.vstack([v[:1], v]) for v in vecs])  # name = the first label, then all
            alone.fit(np.stack([v.mean(axis=0) for v in vecs]), text_vectors)
            preds["labels alone"] = through(alone.score(rtexts, remb), issues)
            for rule, pred in preds.items():
                rows.setdefault((k, rule), []).append(_took(pred, rtruth, issues))
                before = preds["near copy"] if rule == "labels alone" else preds.get("catalogue", preds["near copy"])
                change = pred != before
                moved.setdefault((k, rule), []).append((int(np.sum(change & (pred == rtruth))),
                                                        int(np.sum(change & (before == rtruth)))))
    out = []
    for (k, rule), got in rows.items():
        reach = np.array([g[0] for g in got])
        prec = np.array([g[1] for g in got])
        change = np.array(moved[(k, rule)], dtype=np.float64)
        out.append(CurvePoint(k, rule, float(np.nanmean(reach)),
                              float(np.nanmean(prec)) if np.isfinite(prec).any() else float("nan"),
                              float(np.nanmin(reach)), n_labels[k], float(change[:, 0].mean()),
                              float(change[:, 1].mean())))
    return out


def print_curve(name: str, points: Sequence[CurvePoint], draws: int) -> None:
    print(f"{name}: k labels per issue, {draws} seeded draws; reach (lowest of a draw) / precision on the "
          "other texts, mean over draws; +n -m: texts per draw the labels moved to their own issue / away from it")
    rules = [r for r in RULES if any(p.rule == r for p in points)]
    print("  " + f"{'k':>2} {'labels':>6} " + " ".join(f"{r:>33}" for r in rules))
    for k in sorted({p.k for p in points}):
        got = {p.rule: p for p in points if p.k == k}
        cells = []
        for r in rules:
            p = got[r]
            moved = f" +{p.gained:.1f} -{p.lost:.1f}" if r not in ("near copy", "catalogue") else ""  # vs near copy for labels alone
            cells.append(f"{p.reach:6.1%} ({p.reach_min:5.1%}) / {p.precision:6.1%}{moved}")
        print("  " + f"{k:>2} {got[rules[0]].labels:>6} " + " ".join(f"{c:>33}" for c in cells))


def _bank_matcher(encoder, brands: Sequence[str], thin: bool = False):
    """The `banca` catalogue's matcher as the model builds it (its weights, brand names as stop
    words); `thin`: each issue keeps only its name, definition and first example, as an entry
    that does not yet speak the customers' voice (a company's own, a promoted issue)."""
    import dataclasses

    from escucha.nlp.topics.bertopic_model import BERTopicModeler
    from escucha.nlp.topics.brands import shipped_brands
    from escucha.nlp.topics.catalog import Catalog, load_catalog
    from escucha.nlp.topics.zeroshot import CatalogMatcher

    catalog = load_catalog(["banca"])
    if thin:
        catalog = Catalog(tuple(dataclasses.replace(i, examples=i.examples[:1]) for i in catalog.issues), catalog.names)
    defaults = BERTopicModeler()
    return CatalogMatcher(catalog, encoder, lexical_weight=defaults.catalog_lexical_weight,
                          max_weight=defaults.catalog_max_weight,
                          stop_words=[*brands, *shipped_brands().terms]).fit()


def main(argv: Sequence[str] | None = None) -> int:
    from escucha.config import load_config
    from escucha.evaluation.topics import WRITTEN_BANK, WRITTEN_BANK_HOLDOUT, demo_records, written_bank
    from escucha.nlp.encoders import UniversalSentenceEncoder
    from escucha.nlp.text.topic_text import topic_text

    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--share", type=float, default=0.2, help="share of each set labelled (thresholds table)")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--demo-records", type=int, default=3000)
    ap.add_argument("--draws", type=int, default=5, help="seeded draws of the labels per k (learning curve)")
    ap.add_argument("--no-curve", action="store_true", help="skip the learning curve")
    ap.add_argument("--no-thresholds", action="store_true", help="skip the thresholds table")
    args = ap.parse_args(argv)
    cfg = load_config(None, environ={})
    min_score, min_sim = cfg.topics.catalog_min_score, cfg.topics.label_similarity
    encoder = UniversalSentenceEncoder()
    sets = {}
    for label, file in (("bank tweets we wrote", WRITTEN_BANK), ("bank tweets we wrote, second set", WRITTEN_BANK_HOLDOUT)):
        texts, keys, brands = written_bank(file)
        sets[label] = (texts, encoder.encode([topic_text(t, "social") for t in texts]), keys, brands)
    if args.demo_records:
        dtexts, entries, _ = demo_records(args.demo_records)
        sets["demo corpus"] = (dtexts, encoder.encode([topic_text(t, e["channel"]) for t, e in zip(dtexts, entries)]),
                               [str(e["topic"]) for e in entries], None)
    for name, (texts, emb, truth, brands) in sets.items():
        emb = np.asarray(emb, dtype=np.float32)
        if not args.no_thresholds:
            print(f"{name}: {len(truth)} texts, {len(set(truth))} issues, {args.share:.0%} labelled (seed {args.seed})")
            print(f"  {'threshold':>9} {'reach':>7} {'precision':>9}")
            for r in label_reach(emb, truth, args.share, args.seed):
                print(f"  {r.threshold:>9.2f} {r.reach:>7.1%} {r.precision:>9.1%}")
        if args.no_curve:
            continue
        for thin in (False, True) if brands is not None else (None,):
            matcher = _bank_matcher(encoder, brands, thin) if brands is not None else None
            points = label_curve(texts, emb, truth, matcher, draws=args.draws, min_score=min_score,
                                 min_similarity=min_sim)
            shown = name + {None: "", False: ", banca catalogue", True: ", banca catalogue thinned to one example an issue"}[thin]
            print_curve(shown, points, args.draws)
    return 0


if __name__ == "__main__":
    sys.exit(main())
