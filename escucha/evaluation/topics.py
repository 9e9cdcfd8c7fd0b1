"""How well the topics recover issues we know: ARI, purity per issue, number of issues, outliers, names.

    python -m escucha.evaluation.topics [--demo-records N] [--seed S] [--eval-dir DIR] [--json PATH] [--no-written]
    escucha topics evaluate [--demo-records N] [--seed S] [--eval-dir DIR]

Five sets, printed as Markdown, real text first:

(a) Real complaints to a bank (eval-dev `citibanamex_issues`: 600 tweets to a Mexican bank,
    each labelled with its main issue, or `sin_problema` / `otro`). Every text is clustered,
    as a bank that configured `topics.catalog: [banca]` and its brand names would; figures are
    over the texts that raise an issue. EVALUATION ONLY: read from `../shared/eval-dev/` (or
    $ESCUCHA_EVAL_DEV, or --eval-dir), never copied, never trained on; skipped when absent.
(b) The SFU Spanish reviews of eval-dev (400 long reviews, 8 product domains of 50): the one-off
    `discover` without a catalogue, against the domain (must not collapse).
(c) The demo corpus (`escucha.demo.generate_demo`, text we wrote ourselves), read through the
    demo connectors of the default configuration, redacted, embedded as the enrichment stores
    it and clustered with the configured model; `truth.json` names the theme of every record.
    Also checked: each planted recurring issue's share in one issue whose name holds its key
    term, and the names of the emerging issue and of the outage.
(d) Bank tweets we wrote (escucha/evaluation/data/banca_tuits_escritos.yaml: a fictitious
    Mexican bank, each text with the issue its author meant), clustered as (a). With the demo
    corpus, the set the topic thresholds are chosen on; eval-dev never is.
(e) A second set of bank tweets we wrote (banca_tuits_escritos_2.yaml: another fictitious bank,
    customers in Mexico, Colombia and Spain), written before the `banca` catalogue's tweet-voice
    examples and never tuned on: a holdout that tells whether those examples reach beyond the
    phrasings they were written from. Clustered as (a).

Same arguments, same figures: every step is seeded.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys
import tempfile
import time
from dataclasses import asdict, dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, Sequence

import numpy as np

from escucha.nlp.evaldata import find_eval_dir, read_rows
from escucha.nlp.topics.metrics import PartitionScore, score_partition

DEMO_END = date(2026, 11, 20)  # fixed: the corpus (and so the figure) must not depend on today
COMMAND = "python -m escucha.evaluation.topics"
NOT_AN_ISSUE = ("sin_problema", "otro")
# Each planted recurring issue of the demo and the word its issue's name must hold.
RECURRING_KEY_TERMS = {"cobro_doble": "cobro doble", "internet_lento": "internet", "tecnico_no_llega": "técnico",
                       "app_se_cierra": "app", "espera_larga": "espera"}
# What a bank using Escucha would configure: its industry's catalogue and its own brand names.
BANK_TOPICS = {"catalog": ["banca"], "brand_terms": ["Citibanamex", "Banamex", "Citi"]}


@dataclass
class SetResult:
    """Figures of one labelled set: the score, the issues found (id -> name, size) and notes."""

    name: str
    docs: int
    score: PartitionScore
    names: dict[int, str]
    sizes: dict[int, int]
    seconds: float
    params: dict[str, Any] = field(default_factory=dict)
    checks: dict[str, Any] = field(default_factory=dict)
    subthemes: dict[int, list[tuple[str, float]]] = field(default_factory=dict)  # issue -> (label, share)


def fit_texts(texts: Sequence[str], channels: Sequence[str], cfg, encoder, *, seed: int,
              min_topic_size: int | None = None):
    """The configured topic model fitted on `texts` as the nightly run would see them (already
    redacted): (topic id per text, fitted model)."""
    from escucha.nlp.text.topic_text import topic_text
    from escucha.pipeline.topics import new_modeler

    emb = encoder.encode([topic_text(t, c) for t, c in zip(texts, channels)])
    model = new_modeler(cfg, encoder)
    model.seed = seed
    if min_topic_size is not None:
        model.min_topic_size = min_topic_size
    return model.fit(list(texts), emb).topic_ids, model


def _subthemes(model) -> dict[int, list[tuple[str, float]]]:
    """Issue -> the sub-themes a report would list under it (`labels.listable`), with their
    share of the issue at the fit."""
    from escucha.nlp.topics.labels import listable

    out: dict[int, list[tuple[str, float]]] = {}
    for r in model.subthemes().itertuples(index=False):
        if listable(str(r.label), str(r.topic_label)):
            out.setdefault(int(r.topic_id), []).append((str(r.label), float(r.share)))
    return out


def _names_and_sizes(model, ids: np.ndarray) -> tuple[dict[int, str], dict[int, int]]:
    table = model.topics()
    names = {int(k): str(v) for k, v in zip(table["topic_id"], table["label"])}
    uniq, counts = np.unique(ids, return_counts=True)
    return names, {int(t): int(c) for t, c in zip(uniq, counts)}


# -- (a) real complaints to a bank (eval-dev) ---------------------------------------------------
def read_labelled(path: Path, text: str, label: str) -> tuple[list[str], list[str]]:
    rows = [r for r in read_rows(path) if (r.get(text) or "").strip()]
    return [r[text] for r in rows], [r[label] for r in rows]


def eval_bank(path: Path, seed: int, encoder) -> SetResult:
    raw, truth = read_labelled(path, "text", "issue")
    return _eval_labelled_bank("bank", raw, truth, BANK_TOPICS, seed, encoder, dict(BANK_TOPICS))


def _eval_labelled_bank(name: str, raw: list[str], truth: list[str], topics: dict, seed: int, encoder,
                        shown: dict) -> SetResult:
    """Redact and cluster a bank's labelled texts as `topics` configures; figures over the texts
    that raise an issue, names and sizes over all."""
    from escucha.config import load_config
    from escucha.nlp.topics.discover import default_min_topic_size
    from escucha.pipeline.ingest import build_redaction

    t0 = time.perf_counter()
    cfg = load_config(None, environ={}, overrides={"topics": topics})
    redactor = build_redaction(cfg).redactor_for("social")
    texts = [redactor.redact(t).text for t in raw]
    mts = default_min_topic_size(len(texts))
    ids, model = fit_texts(texts, ["social"] * len(texts), cfg, encoder, seed=seed, min_topic_size=mts)
    issue = ~np.isin(np.asarray(truth), NOT_AN_ISSUE)
    names, sizes = _names_and_sizes(model, ids)
    return SetResult(
        name=name, docs=len(texts), score=score_partition(np.asarray(truth)[issue], ids[issue]), names=names,
        sizes=sizes, seconds=round(time.perf_counter() - t0, 1), subthemes=_subthemes(model),
        checks=set_apart_checks(ids, issue, model),
        params={"min_topic_size": mts, "seed": seed, **shown,
                "issues_all_texts": len(set(ids[ids >= 0].tolist())),
                "outlier_share_all_texts": round(float(np.mean(ids < 0)), 4)})


def set_apart_checks(ids: np.ndarray, issue: np.ndarray, model) -> dict[str, Any]:
    """What the report counts apart (`analytics.set_apart_rows`: issues of kind `comentario`, ads
    and news, nlp/topics/voice.py) against the labels: the share of the texts that raise no
    issue it takes (the more the better), the share of the texts that raise one it hides from
    the ranking (the cost), and the ranking a manager reads (the largest issues not set apart)."""
    import pandas as pd

    from escucha.analytics import set_apart_rows

    table = model.topics()
    kinds = {int(t): str(k or "problema") for t, k in zip(table["topic_id"], table["kind"])}
    apart = set_apart_rows(pd.DataFrame({"topic_kind": [kinds.get(int(t)) for t in ids]})).to_numpy(dtype=bool)
    return {"no_issue_set_apart": round(float(apart[~issue].mean()), 3) if (~issue).any() else 0.0,
            "issue_set_apart": round(float(apart[issue].mean()), 3) if issue.any() else 0.0,
            "no_issue_n": int((~issue).sum()), "issue_n": int(issue.sum()),
            "apart_issues": sorted({int(t) for t in ids[apart] if t >= 0}),
            "kinds": kinds}


# -- (d) bank tweets we wrote (tuning set) ----------------------------------------------------
WRITTEN_BANK = "banca_tuits_escritos.yaml"
WRITTEN_BANK_HOLDOUT = "banca_tuits_escritos_2.yaml"  # (e): never tuned on


def written_bank(file: str = WRITTEN_BANK) -> tuple[list[str], list[str], list[str]]:
    """(texts, issue keys, brand terms) of a set of bank tweets we wrote (escucha/evaluation/data/)."""
    from importlib import resources

    import yaml

    doc = yaml.safe_load((resources.files("escucha.evaluation") / "data" / file).read_text(encoding="utf-8"))
    texts, keys = [], []
    for key, items in doc["texts"].items():
        for t in items:
            texts.append(str(t))
            keys.append(str(key))
    return texts, keys, [str(b) for b in doc.get("brand_terms") or ()]


def eval_written(seed: int, encoder, file: str = WRITTEN_BANK) -> SetResult:
    """A set of bank tweets we wrote, clustered as a bank with `topics.catalog: [banca]` would:
    figures over the texts that raise an issue. Text we wrote: the first set is the one the topic
    thresholds are chosen on (with the demo corpus), never eval-dev; the second is a holdout."""
    raw, truth, brands = written_bank(file)
    name = "written" if file == WRITTEN_BANK else "written2"
    return _eval_labelled_bank(name, raw, truth, {"catalog": ["banca"], "brand_terms": brands}, seed, encoder,
                               {"catalog": ["banca"]})


# -- (b) SFU reviews (eval-dev) ----------------------------------------------------------------
def eval_sfu(path: Path, seed: int, encoder) -> SetResult:
    from escucha.nlp.text.topic_text import topic_text
    from escucha.nlp.topics import discover
    from escucha.nlp.topics.discover import default_min_topic_size

    t0 = time.perf_counter()
    texts, truth = read_labelled(path, "text", "category")
    emb = encoder.encode([topic_text(t, "review") for t in texts])
    assignment, table = discover(texts, emb, encoder=None, seed=seed)
    ids = assignment.topic_ids
    names = {int(k): str(v) for k, v in zip(table["topic_id"], table["label"])}
    uniq, counts = np.unique(ids, return_counts=True)
    return SetResult(name="sfu", docs=len(texts), score=score_partition(truth, ids), names=names,
                     sizes={int(t): int(c) for t, c in zip(uniq, counts)}, seconds=round(time.perf_counter() - t0, 1),
                     params={"min_topic_size": default_min_topic_size(len(texts)), "seed": seed})


# -- (c) demo corpus -------------------------------------------------------------------------------
def demo_records(n_records: int, seed: int = 7) -> tuple[list[str], list[dict[str, Any]], dict[str, Any]]:
    """(redacted texts, truth entries, the truth file's planted facts) of a demo corpus read
    through the default connectors; each truth entry's `channel` is the record's."""
    from escucha.config import load_config
    from escucha.demo import generate_demo
    from escucha.pipeline.ingest import build_connectors, build_redaction, redact_records

    with tempfile.TemporaryDirectory(prefix="escucha-topics-eval-") as tmp:
        paths = generate_demo(Path(tmp) / "demo", seed=seed, n_records=n_records, end=DEMO_END, days=120)
        doc = json.loads(paths["truth"].read_text(encoding="utf-8"))
        truth = doc["records"]
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
    planted = {k: doc[k] for k in ("recurring", "emerging", "social_spike")}
    return texts, entries, planted


def demo_checks(ids: np.ndarray, entries: list[dict[str, Any]], names: dict[int, str],
                planted: dict[str, Any]) -> dict[str, Any]:
    """The planted facts as a manager would look for them: each recurring issue's share in its
    main issue and whether that issue's name holds the key term; the names of the issues that
    hold the emerging issue and the outage day's records."""
    topic = np.array([e["topic"] for e in entries])
    out: dict[str, Any] = {"recurring": {}}
    for key in planted["recurring"]:
        mine = ids[topic == key]
        got = mine[mine >= 0]
        main = int(np.bincount(got).argmax()) if len(got) else -1
        name = names.get(main, "")
        term = RECURRING_KEY_TERMS.get(key, "")
        out["recurring"][key] = {"n": int(len(mine)), "issue": main, "name": name,
                                 "share": round(float(np.mean(mine == main)), 3) if len(mine) else 0.0,
                                 "key_term": term, "named": bool(term) and term in name.lower()}
    emerging = planted["emerging"]["issue"]
    spike = planted["social_spike"]
    for label, mask in (("emerging", topic == emerging),
                        ("outage", (topic == spike["issue"]) & np.array([e.get("date") == spike["date"] for e in entries]))):
        mine = ids[mask]
        got = mine[mine >= 0]
        main = int(np.bincount(got).argmax()) if len(got) else -1
        out[label] = {"n": int(mask.sum()), "issue": main, "name": names.get(main, ""),
                      "share": round(float(np.mean(mine == main)), 3) if len(mine) else 0.0}
    return out


def eval_demo(n_records: int, seed: int, encoder, demo_seed: int = 7) -> SetResult:
    from escucha.config import load_config

    t0 = time.perf_counter()
    texts, entries, planted = demo_records(n_records, demo_seed)
    spanish = [i for i, e in enumerate(entries) if e.get("lang", "es") == "es"]
    texts = [texts[i] for i in spanish]
    entries = [entries[i] for i in spanish]
    cfg = load_config(None, environ={})
    ids, model = fit_texts(texts, [e["channel"] for e in entries], cfg, encoder, seed=seed)
    truth = np.array([e["topic"] for e in entries])
    names, sizes = _names_and_sizes(model, ids)
    channel = np.array([e["channel"] for e in entries])
    complaints = np.array([e.get("kind") == "issue" for e in entries])
    by_channel = {c: score_partition(truth[channel == c], ids[channel == c]) for c in sorted(set(channel.tolist()))}
    return SetResult(
        name="demo", docs=len(texts), score=score_partition(truth, ids), names=names, sizes=sizes,
        seconds=round(time.perf_counter() - t0, 1), subthemes=_subthemes(model),
        params={"n_records": n_records, "demo_seed": demo_seed, "seed": seed, "min_topic_size": model.min_topic_size,
                "catalog": list(cfg.topics.catalog) if hasattr(cfg.topics, "catalog") else []},
        checks={**demo_checks(ids, entries, names, planted), **set_apart_checks(ids, complaints, model),
                "complaints": score_partition(truth[complaints], ids[complaints]),
                "by_channel": by_channel})


# -- report ------------------------------------------------------------------------------------------
def _score_row(label: str, s: PartitionScore) -> str:
    return (f"| {label} | {s.n} | {s.groups} | {s.topics} | {s.outlier_share:.1%} | **{s.ari_all:.3f}** | "
            f"{s.ari_assigned:.3f} | {s.median_purity:.2f} |")


_SCORE_HEAD = ["| subset | docs | true groups | issues | outliers | ARI (all docs) | ARI (docs with an issue) | "
               "median purity |", "|---|---|---|---|---|---|---|---|"]


def _purity_table(r: SetResult) -> list[str]:
    lines = ["| true group | n | main issue | share in it |", "|---|---|---|---|"]
    for p in r.score.purity:
        name = f"{p.topic_id} «{r.names.get(p.topic_id, '')}»" if p.topic_id >= 0 else "—"
        lines.append(f"| {p.group} | {p.n} | {name} | {p.share:.2f} |")
    return lines


def _issues_list(r: SetResult, limit: int = 40) -> list[str]:
    ranked = sorted(((s, t) for t, s in r.sizes.items() if t >= 0), reverse=True)[:limit]
    return ["Issues found (largest first): " + "; ".join(f"«{r.names.get(t, '')}» {s}" for s, t in ranked) + "."]


def _set_apart_lines(r: SetResult, limit: int = 8) -> list[str]:
    c = r.checks
    if "no_issue_set_apart" not in c:
        return []
    apart = set(c["apart_issues"])
    ranked = sorted(((s, t) for t, s in r.sizes.items() if t >= 0 and t not in apart), reverse=True)[:limit]
    shown = sorted(((r.sizes.get(t, 0), t) for t in apart), reverse=True)
    return [f"Set apart as advertising and news (kind `comentario`): {c['no_issue_set_apart']:.0%} of the "
            f"{c['no_issue_n']} texts that raise no issue, {c['issue_set_apart']:.1%} of the {c['issue_n']} that "
            f"raise one; issues set apart: " + ("; ".join(f"«{r.names.get(t, '')}» {s}" for s, t in shown) or "none")
            + ".", "",
            "The ranking a manager reads (largest issues not set apart): "
            + "; ".join(f"«{r.names.get(t, '')}» {s}" for s, t in ranked) + ".", ""]


def _issue_table(r: SetResult, limit: int = 12) -> list[str]:
    """The largest issues as the report ranks them, each with the three largest sub-themes a
    report would list (phrases that do not repeat the issue's name)."""
    total = sum(r.sizes.values()) or 1
    ranked = sorted(((s, t) for t, s in r.sizes.items() if t >= 0), key=lambda st: (-st[0], st[1]))[:limit]
    lines = ["| issue | records | share | sub-themes a report lists (share of the issue) |", "|---|---|---|---|"]
    for size, tid in ranked:
        subs = " · ".join(f"{label} {share:.0%}" for label, share in r.subthemes.get(tid, [])[:3])
        lines.append(f"| {r.names.get(tid, '')} | {size} | {size / total:.1%} | {subs} |")
    return lines


def render(results: dict[str, Any]) -> str:
    out = [f"Run on {results['date']} with `{results['command']}` ({results['machine']}).", ""]
    b: SetResult | None = results.get("bank")
    if b:
        out += [f"#### Real tweets to a Mexican bank (eval-dev `citibanamex_issues`; {b.docs} texts, figures over "
                f"the {b.score.n} that raise an issue; catalogue {b.params.get('catalog')}, min_topic_size "
                f"{b.params['min_topic_size']}, seed {b.params['seed']}; {b.seconds} s)", "",
                *_SCORE_HEAD, _score_row("texts that raise an issue", b.score), "",
                f"All {b.docs} texts: {b.params['issues_all_texts']} issues, "
                f"{b.params['outlier_share_all_texts']:.1%} without one.", "",
                *_purity_table(b), "", *_issues_list(b), "", *_set_apart_lines(b), *_issue_table(b), ""]
    else:
        out += [f"Bank tweets: {results.get('bank_skipped', 'skipped')}.", ""]
    f: SetResult | None = results.get("sfu")
    if f:
        out += [f"#### SFU Spanish reviews, 8 domains (eval-dev; min_topic_size {f.params['min_topic_size']}, "
                f"seed {f.params['seed']}; {f.seconds} s)", "",
                *_SCORE_HEAD, _score_row("reviews", f.score), "", *_purity_table(f), ""]
    else:
        out += [f"SFU reviews: {results.get('sfu_skipped', 'skipped')}.", ""]
    d: SetResult | None = results.get("demo")
    if d:
        c = d.checks
        out += [f"#### Demo corpus (text we wrote; n_records={d.params['n_records']}, demo seed "
                f"{d.params['demo_seed']}, model seed {d.params['seed']}, catalogue {d.params['catalog']}; "
                f"{d.seconds} s)", "", *_SCORE_HEAD,
                _score_row("every Spanish record", d.score), _score_row("complaints", c["complaints"]),
                *[_score_row(f"channel {ch} (same fit)", s) for ch, s in c["by_channel"].items()], "",
                "| planted recurring issue | records | main issue | share in it | key term in its name |",
                "|---|---|---|---|---|",
                *[f"| {k} | {v['n']} | {v['issue']} «{v['name']}» | {v['share']:.2f} | "
                  f"{'yes' if v['named'] else 'no'} («{v['key_term']}») |" for k, v in c["recurring"].items()], "",
                f"Emerging issue (app 5.2, {c['emerging']['n']} records): {c['emerging']['share']:.0%} in "
                f"«{c['emerging']['name']}». Outage day ({c['outage']['n']} records): {c['outage']['share']:.0%} "
                f"in «{c['outage']['name']}».", "", *_set_apart_lines(d), *_issue_table(d), "", *_purity_table(d), ""]
    else:
        out += ["Demo corpus: skipped.", ""]
    w: SetResult | None = results.get("written")
    if w:
        out += [f"#### Bank tweets we wrote (tuning set for the thresholds; {w.docs} texts, figures over the "
                f"{w.score.n} that raise an issue; catalogue {w.params.get('catalog')}, min_topic_size "
                f"{w.params['min_topic_size']}, seed {w.params['seed']}; {w.seconds} s)", "",
                *_SCORE_HEAD, _score_row("texts that raise an issue", w.score), "", *_purity_table(w), "",
                *_issues_list(w), "", *_set_apart_lines(w)]
    else:
        out += ["Bank tweets we wrote: skipped.", ""]
    w2: SetResult | None = results.get("written2")
    if w2:
        out += [f"#### Written tweets (set 2): a second bank we wrote, the holdout never tuned on ({w2.docs} texts, "
                f"figures over the {w2.score.n} that raise an issue; catalogue {w2.params.get('catalog')}, "
                f"min_topic_size {w2.params['min_topic_size']}, seed {w2.params['seed']}; {w2.seconds} s)", "",
                *_SCORE_HEAD, _score_row("texts that raise an issue", w2.score), "", *_purity_table(w2), "",
                *_issues_list(w2), "", *_set_apart_lines(w2)]
    return "\n".join(out)


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog=COMMAND, description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--demo-records", type=int, default=3000, help="demo corpus size (0: skip the demo)")
    ap.add_argument("--demo-seed", type=int, default=7, help="seed of the demo corpus")
    ap.add_argument("--seed", type=int, default=42, help="topic model seed")
    ap.add_argument("--eval-dir", default=None, help="eval-dev folder (default: ../shared/eval-dev)")
    ap.add_argument("--json", default=None, help="also write the figures as JSON here")
    ap.add_argument("--no-written", action="store_true", help="skip the bank tweets we wrote (both sets)")
    args = ap.parse_args(list(argv) if argv is not None else None)

    from escucha.nlp.encoders import UniversalSentenceEncoder

    encoder = UniversalSentenceEncoder()
    results: dict[str, Any] = {
        "date": date.today().isoformat(),
        "command": COMMAND + (" " + " ".join(argv if argv is not None else sys.argv[1:])).rstrip(),
        "machine": f"{platform.machine()}, {os.cpu_count()} CPU cores, Python {platform.python_version()}",
    }
    root = find_eval_dir(args.eval_dir)
    for key, sub, run in (("bank", "citibanamex_issues", eval_bank), ("sfu", "sfu_spanish_reviews", eval_sfu)):
        path = root / sub / "eval.csv" if root else None
        if path is not None and path.exists():
            results[key] = run(path, args.seed, encoder)
        else:
            results[f"{key}_skipped"] = "eval-dev folder absent: skipped"
    if args.demo_records:
        results["demo"] = eval_demo(args.demo_records, args.seed, encoder, args.demo_seed)
    if not args.no_written:
        results["written"] = eval_written(args.seed, encoder)
        results["written2"] = eval_written(args.seed, encoder, WRITTEN_BANK_HOLDOUT)
    print(render(results))
    if args.json:
        Path(args.json).write_text(json.dumps(results, ensure_ascii=False, indent=2, default=_jsonable),
                                   encoding="utf-8")
    return 0


def _jsonable(obj: Any) -> Any:
    if hasattr(obj, "__dataclass_fields__"):
        return {**asdict(obj), **({"median_purity": obj.median_purity} if isinstance(obj, PartitionScore) else {})}
    if isinstance(obj, np.generic):
        return obj.item()
    return str(obj)


if __name__ == "__main__":
    sys.exit(main())
