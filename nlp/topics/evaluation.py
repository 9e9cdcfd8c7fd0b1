"""How well the topics recover groups we know: adjusted Rand index (ARI) against true labels.

    python -m escucha.nlp.topics.evaluation [--demo-records N] [--seed S] [--eval-dir DIR] [--json PATH]
    escucha topics evaluate [--demo-records N] [--seed S] [--eval-dir DIR]

Two sets, printed as Markdown:

(a) The demo corpus (`escucha.demo.generate_demo`, generated here in a temporary folder):
    `truth.json` names the theme that generated every record (a complaint issue such as
    `cobro_doble`, or a request / suggestion / praise theme). Records are read through the demo
    connectors of the default configuration, so the text is exactly what the nightly run stores
    (PQRS description, the customer's turns of a call, the post), redacted with the default
    policy, embedded with USE as the enrichment stores it (the topic text of nlp/text/topic_text.py)
    and clustered with the configured topic model (`topics.*`).
    ARI is given over every Spanish record and over the single-issue complaints only (records
    that mention two issues belong to both; the generator writes about 15% of those).
(b) The SFU Spanish reviews of eval-dev (400 long reviews, 8 product domains of 50): the
    one-off `discover` (same model, `min_topic_size` by `default_min_topic_size`) against the
    domain. EVALUATION ONLY: read from `../shared/eval-dev/` (or $ESCUCHA_EVAL_DEV, or
    --eval-dir), never copied, never trained on; skipped with a message when absent.

ARI counts outliers (-1) as one more cluster ("all docs"), and is also given over the docs that
got a topic. Same arguments, same figures: every step is seeded.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import platform
import sys
import tempfile
import time
from collections import Counter
from datetime import date
from pathlib import Path
from typing import Any, Sequence

import numpy as np

REPO_ROOT = Path(__file__).resolve().parents[2]
DEMO_END = date(2026, 11, 20)  # fixed: the corpus (and so the figure) must not depend on today
COMMAND = "python -m escucha.nlp.topics.evaluation"


def find_eval_dir(explicit: str | Path | None = None) -> Path | None:
    if explicit is not None:
        return Path(explicit) if Path(explicit).is_dir() else None
    for cand in (os.environ.get("ESCUCHA_EVAL_DEV"), REPO_ROOT.parent / "shared" / "eval-dev"):
        if cand and Path(cand).is_dir():
            return Path(cand)
    return None


def ari_figures(truth: Sequence[str], topics: np.ndarray) -> dict[str, Any]:
    """ARI with outliers as one cluster, ARI over docs with a topic, and how the topics split."""
    from sklearn.metrics import adjusted_rand_score, normalized_mutual_info_score

    truth = np.asarray(truth)
    topics = np.asarray(topics)
    has = topics >= 0
    # purity: share of each true group that its majority topic holds (outliers count as misses)
    purity = {}
    for g in sorted(set(truth.tolist())):
        ids = topics[truth == g]
        real = ids[ids >= 0]
        top = Counter(real.tolist()).most_common(1)
        purity[g] = {"n": int(len(ids)), "topic": int(top[0][0]) if top else -1,
                     "share": round(top[0][1] / len(ids), 3) if top else 0.0}
    return {
        "n": int(len(truth)),
        "groups": int(len(set(truth.tolist()))),
        "topics": int(len(set(topics[has].tolist()))),
        "outlier_share": round(float(np.mean(~has)), 4) if len(topics) else 0.0,
        "ari_all": round(float(adjusted_rand_score(truth, topics)), 4),
        "ari_assigned": round(float(adjusted_rand_score(truth[has], topics[has])), 4) if has.any() else float("nan"),
        "nmi_all": round(float(normalized_mutual_info_score(truth, topics)), 4),
        "purity": purity,
    }


# -- (a) demo corpus -----------------------------------------------------------------------
def demo_records(n_records: int, seed: int = 7) -> tuple[list[str], list[dict[str, Any]]]:
    """(redacted texts, truth entries) of a demo corpus read through the default connectors;
    each truth entry's `channel` is the record's."""
    from escucha.config import load_config
    from escucha.demo import generate_demo
    from escucha.pipeline.ingest import build_connectors, build_redaction, redact_records

    with tempfile.TemporaryDirectory(prefix="escucha-topics-eval-") as tmp:
        paths = generate_demo(Path(tmp) / "demo", seed=seed, n_records=n_records, end=DEMO_END, days=120)
        truth = json.loads(paths["truth"].read_text(encoding="utf-8"))["records"]
        cfg = load_config(None, environ={}, overrides={"data_dir": tmp})
        policy = build_redaction(cfg)
        texts, entries = [], []
        for connector in build_connectors(cfg):
            for batch in connector.read(None):
                for rec in redact_records(batch.records, policy) if policy else batch.records:
                    entry = truth.get(f"{rec.channel}:{rec.source_id}")
                    if entry is not None and rec.text.strip():
                        texts.append(rec.text)
                        entries.append({**entry, "channel": rec.channel})
    return texts, entries


def eval_demo(n_records: int, seed: int, encoder, demo_seed: int = 7) -> dict[str, Any]:
    from escucha.config import load_config
    from escucha.nlp.text.topic_text import topic_text
    from escucha.pipeline.topics import new_modeler

    t0 = time.perf_counter()
    texts, entries = demo_records(n_records, demo_seed)
    spanish = [i for i, e in enumerate(entries) if e.get("lang", "es") == "es"]
    texts = [texts[i] for i in spanish]
    entries = [entries[i] for i in spanish]
    emb = encoder.encode([topic_text(t, e["channel"]) for t, e in zip(texts, entries)])
    cfg = load_config(None, environ={})
    model = new_modeler(cfg, encoder)
    model.seed = seed
    assignment = model.fit(texts, emb)
    ids = assignment.topic_ids
    truth = np.array([e["topic"] for e in entries])
    single = np.array([e.get("kind") == "issue" and len(e.get("issues", [])) == 1 for e in entries])
    channel = np.array([e.get("channel", "?") for e in entries])
    labels = model.topics().set_index("topic_id")["label"].to_dict()
    out = {
        "records": len(texts), "n_records_asked": n_records, "demo_seed": demo_seed, "seed": seed,
        "min_topic_size": model.min_topic_size, "model_version": model.model_version,
        "all": ari_figures(truth, ids),
        "single_issue_complaints": ari_figures(truth[single], ids[single]),
        "by_channel": {c: ari_figures(truth[channel == c], ids[channel == c]) for c in sorted(set(channel.tolist()))},
        "labels": {int(k): v for k, v in labels.items()},
        "seconds": round(time.perf_counter() - t0, 1),
    }
    return out


# -- (b) SFU reviews (eval-dev) ------------------------------------------------------------
def eval_sfu(path: Path, seed: int, encoder) -> dict[str, Any]:
    from escucha.nlp.text.topic_text import topic_text
    from escucha.nlp.topics import discover
    from escucha.nlp.topics.discover import default_min_topic_size

    t0 = time.perf_counter()
    with path.open(encoding="utf-8", newline="") as fh:
        rows = [r for r in csv.DictReader(fh) if (r.get("text") or "").strip()]
    texts = [r["text"] for r in rows]
    truth = [r["category"] for r in rows]
    emb = encoder.encode([topic_text(t, "review") for t in texts])
    assignment, table = discover(texts, emb, encoder=None, seed=seed)
    out = ari_figures(truth, assignment.topic_ids)
    out.update({"min_topic_size": default_min_topic_size(len(texts)), "seed": seed,
                "labels": {int(k): v for k, v in table.set_index("topic_id")["label"].to_dict().items()},
                "seconds": round(time.perf_counter() - t0, 1)})
    return out


# -- report --------------------------------------------------------------------------------
def _purity_table(fig: dict[str, Any], labels: dict[int, str]) -> list[str]:
    lines = ["| true group | n | majority topic | share in it |", "|---|---|---|---|"]
    for g, p in sorted(fig["purity"].items(), key=lambda kv: -kv[1]["n"]):
        name = f"{p['topic']} «{labels.get(p['topic'], '')}»" if p["topic"] >= 0 else "—"
        lines.append(f"| {g} | {p['n']} | {name} | {p['share']:.2f} |")
    return lines


def render(results: dict[str, Any]) -> str:
    out = [f"Run on {results['date']} with `{results['command']}` ({results['machine']}).", ""]
    d = results.get("demo")
    if d:
        a, s = d["all"], d["single_issue_complaints"]
        out += [
            f"#### Demo corpus (n_records={d['n_records_asked']}, demo seed {d['demo_seed']}, model seed {d['seed']}, "
            f"min_topic_size {d['min_topic_size']}; {d['seconds']} s)", "",
            "| subset | docs | true groups | topics | outliers | ARI (all docs) | ARI (docs with a topic) | NMI |",
            "|---|---|---|---|---|---|---|---|",
            f"| every Spanish record | {a['n']} | {a['groups']} | {a['topics']} | {a['outlier_share']:.1%} | "
            f"**{a['ari_all']:.3f}** | {a['ari_assigned']:.3f} | {a['nmi_all']:.3f} |",
            f"| single-issue complaints | {s['n']} | {s['groups']} | {s['topics']} | {s['outlier_share']:.1%} | "
            f"**{s['ari_all']:.3f}** | {s['ari_assigned']:.3f} | {s['nmi_all']:.3f} |",
            *[f"| channel {c} (same fit) | {x['n']} | {x['groups']} | {x['topics']} | {x['outlier_share']:.1%} | "
              f"{x['ari_all']:.3f} | {x['ari_assigned']:.3f} | {x['nmi_all']:.3f} |" for c, x in d["by_channel"].items()],
            "",
            *_purity_table(a, d["labels"]), "",
        ]
    else:
        out += ["Demo corpus: skipped.", ""]
    f = results.get("sfu")
    if f:
        out += [
            f"#### SFU Spanish reviews, 8 domains (eval-dev; min_topic_size {f['min_topic_size']}, seed {f['seed']}; "
            f"{f['seconds']} s)", "",
            "| docs | domains | topics | outliers | ARI (all docs) | ARI (docs with a topic) | NMI |",
            "|---|---|---|---|---|---|---|",
            f"| {f['n']} | {f['groups']} | {f['topics']} | {f['outlier_share']:.1%} | **{f['ari_all']:.3f}** | "
            f"{f['ari_assigned']:.3f} | {f['nmi_all']:.3f} |", "",
            *_purity_table(f, f["labels"]), "",
        ]
    else:
        out += [f"SFU reviews: {results.get('sfu_skipped', 'skipped')}.", ""]
    return "\n".join(out)


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog=COMMAND, description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--demo-records", type=int, default=3000, help="demo corpus size (0: skip the demo)")
    ap.add_argument("--demo-seed", type=int, default=7, help="seed of the demo corpus")
    ap.add_argument("--seed", type=int, default=42, help="topic model seed")
    ap.add_argument("--eval-dir", default=None, help="eval-dev folder (default: ../shared/eval-dev)")
    ap.add_argument("--json", default=None, help="also write the figures as JSON here")
    args = ap.parse_args(list(argv) if argv is not None else None)

    from escucha.nlp.encoders import UniversalSentenceEncoder

    encoder = UniversalSentenceEncoder()
    results: dict[str, Any] = {
        "date": date.today().isoformat(),
        "command": COMMAND + (" " + " ".join(argv if argv is not None else sys.argv[1:])).rstrip(),
        "machine": f"{platform.machine()}, {os.cpu_count()} CPU cores, Python {platform.python_version()}",
    }
    if args.demo_records:
        results["demo"] = eval_demo(args.demo_records, args.seed, encoder, args.demo_seed)
    root = find_eval_dir(args.eval_dir)
    sfu = root / "sfu_spanish_reviews" / "eval.csv" if root else None
    if sfu is not None and sfu.exists():
        results["sfu"] = eval_sfu(sfu, args.seed, encoder)
    else:
        results["sfu_skipped"] = "eval-dev folder absent: skipped"
    print(render(results))
    if args.json:
        Path(args.json).write_text(json.dumps(results, ensure_ascii=False, indent=2, default=str), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
