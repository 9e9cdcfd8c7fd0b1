"""Measure the shipped embedded heads on real Spanish texts nobody in the project wrote.

    python -m escucha.nlp.training.evaluate_eval_dev [--eval-dir DIR] [--json PATH] [--no-heldout]

Reads `../shared/eval-dev/` next to the repository (or $ESCUCHA_EVAL_DEV, or --eval-dir). Those
sets are EVALUATION ONLY: nothing here trains on them, copies them, or ships them. When the
folder is absent the script says so and skips those sets (exit code 0).

Reports, as Markdown on stdout:
- sentiment on sfu_spanish_reviews (long reviews, binary: POS vs NEG probability, the NEU column
  is ignored; texts are chunked by the classifier);
- PQRS type on buzon_escuela_mx (Felicitación/Sugerencia/Queja; our queja+reclamo -> Queja,
  petición/otro count as misses), unrestricted and restricted to the form's three options;
- every task on our own held-out split (head fitted on the train split only);
- sentiment on `data/check_sentiment.csv`: 60 tweet-like texts written after the heads were
  trained and never trained on (a check, not a benchmark: we wrote them too).
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import sys
from datetime import date
from pathlib import Path
from typing import Any, Sequence

import numpy as np

from escucha.nlp.classifiers._base import TASKS
from escucha.nlp.classifiers.embedded import EmbeddedClassifier
from escucha.nlp.training.train import _HeadClassifier, evaluate, load_csv, metrics, default_data_path, train_head

REPO_ROOT = Path(__file__).resolve().parents[2]


def find_eval_dir(explicit: str | Path | None = None) -> Path | None:
    """The eval-dev folder: `explicit` if given (None when it does not exist), else
    $ESCUCHA_EVAL_DEV, else ../shared/eval-dev next to the repository."""
    if explicit is not None:
        return Path(explicit) if Path(explicit).is_dir() else None
    for cand in (os.environ.get("ESCUCHA_EVAL_DEV"), REPO_ROOT.parent / "shared" / "eval-dev"):
        if cand and Path(cand).is_dir():
            return Path(cand)
    return None


def _read(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        return [r for r in csv.DictReader(fh)]


def eval_sfu(path: Path, clf: EmbeddedClassifier) -> dict[str, Any]:
    rows = [r for r in _read(path) if (r.get("text") or "").strip()]
    texts = [r["text"] for r in rows]
    gold = ["POS" if r["label"].strip().lower().startswith("pos") else "NEG" for r in rows]
    proba = clf.predict_proba(texts)
    i_pos, i_neu, i_neg = (clf.labels_.index(x) for x in ("POS", "NEU", "NEG"))
    pred = ["POS" if p[i_pos] >= p[i_neg] else "NEG" for p in proba]
    out = metrics(gold, pred, ["POS", "NEG"])
    out["argmax_neu_share"] = round(float(np.mean(proba.argmax(1) == i_neu)), 4)
    lens = np.array([len(t) for t in texts])
    out["median_chars"] = int(np.median(lens))
    out["chunked_share"] = round(float(np.mean(lens > clf.chunk_threshold)), 4)
    by_cat: dict[str, list[bool]] = {}
    for r, g, p in zip(rows, gold, pred):
        by_cat.setdefault(r.get("category", "?"), []).append(g == p)
    out["accuracy_by_category"] = {k: round(float(np.mean(v)), 3) for k, v in sorted(by_cat.items())}
    return out


_BUZON_MAP = {"felicitación": "Felicitación", "sugerencia": "Sugerencia", "queja": "Queja", "reclamo": "Queja",
              "petición": "(petición/otro)", "otro": "(petición/otro)"}


def eval_buzon(path: Path, pqrs: EmbeddedClassifier, sentiment: EmbeddedClassifier) -> dict[str, Any]:
    rows = [r for r in _read(path) if (r.get("text") or "").strip()]
    texts = [r["text"] for r in rows]
    gold = [r["label"].strip() for r in rows]
    proba = pqrs.predict_proba(texts)
    pred = [_BUZON_MAP[pqrs.labels_[i]] for i in proba.argmax(1)]
    labels = ["Felicitación", "Sugerencia", "Queja", "(petición/otro)"]
    unrestricted = metrics(gold, pred, labels)
    # Restricted: the form only offers three types; sum queja+reclamo and choose among the three.
    L = pqrs.labels_
    three = np.stack([proba[:, L.index("felicitación")], proba[:, L.index("sugerencia")],
                      proba[:, L.index("queja")] + proba[:, L.index("reclamo")]], axis=1)
    pred3 = [labels[i] for i in three.argmax(1)]
    restricted = metrics(gold, pred3, labels[:3])
    # Sentiment proxy: Felicitación should read POS, Queja NEG (binary comparison, as for SFU).
    sp = sentiment.predict_proba(texts)
    i_pos, i_neg = sentiment.labels_.index("POS"), sentiment.labels_.index("NEG")
    keep = [i for i, g in enumerate(gold) if g in ("Felicitación", "Queja")]
    sgold = ["POS" if gold[i] == "Felicitación" else "NEG" for i in keep]
    spred = ["POS" if sp[i, i_pos] >= sp[i, i_neg] else "NEG" for i in keep]
    return {"unrestricted": unrestricted, "restricted_to_form_types": restricted,
            "sentiment_proxy_felicitacion_pos_queja_neg": metrics(sgold, spred, ["POS", "NEG"]),
            "median_chars": int(np.median([len(t) for t in texts]))}


def eval_heldout(task: str, encoder) -> dict[str, Any] | None:
    cols = load_csv(default_data_path(task))
    held = np.array([s == "heldout" for s in cols["split"]])
    if not held.any():
        return None
    X = encoder.encode(cols["text"])
    tr, te = np.where(~held)[0], np.where(held)[0]
    head = train_head(task, [cols["text"][i] for i in tr], [cols["label"][i] for i in tr], encoder=encoder, embeddings=X[tr])
    res = evaluate(_HeadClassifier(task, head, encoder), [cols["text"][i] for i in te], [cols["label"][i] for i in te], embeddings=X[te])
    res["n_train"] = int(len(tr))
    hand = [i for i in te if cols["source"][i].startswith("hand/")]
    if hand:
        res["hand_written_only"] = evaluate(_HeadClassifier(task, head, encoder), [cols["text"][i] for i in hand],
                                            [cols["label"][i] for i in hand], embeddings=X[hand])
    return res


CHECK_SET = Path(__file__).resolve().parent / "data" / "check_sentiment.csv"


def eval_check_set(clf: EmbeddedClassifier, path: Path = CHECK_SET) -> dict[str, Any] | None:
    if not path.exists():
        return None
    rows = _read(path)
    return evaluate(clf, [r["text"] for r in rows], [r["label"] for r in rows])


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


def to_markdown(res: dict[str, Any]) -> str:
    out = [f"Run on {res['date']} with `{res['command']}`; model versions: " + ", ".join(f"`{v}`" for v in res["versions"].values()), ""]
    if res.get("eval_dir") is None:
        out.append("eval-dev folder absent: real-text figures skipped.\n")
    if "sfu" in res:
        s = res["sfu"]
        out.append(f"### Sentiment — SFU Spanish reviews (binary, long texts: median {s['median_chars']} chars, "
                   f"{s['chunked_share']:.0%} chunked; argmax would be NEU for {s['argmax_neu_share']:.0%})\n")
        out.append(_md_metrics("POS vs NEG", s))
        out.append("Accuracy by domain: " + ", ".join(f"{k} {v:.2f}" for k, v in s["accuracy_by_category"].items()) + "\n")
    if "buzon" in res:
        b = res["buzon"]
        out.append(f"### PQRS type — buzón escuela MX (median {b['median_chars']} chars)\n")
        out.append(_md_metrics("Unrestricted (all six types; queja+reclamo = Queja)", b["unrestricted"]))
        out.append(_md_metrics("Restricted to the form's three types", b["restricted_to_form_types"]))
        out.append(_md_metrics("Sentiment proxy on the same box (Felicitación=POS, Queja=NEG)", b["sentiment_proxy_felicitacion_pos_queja_neg"]))
    if res.get("check_sentiment"):
        out.append("### Sentiment — fresh hand-written check set (never trained on)\n")
        out.append(_md_metrics("check_sentiment.csv", res["check_sentiment"]))
    for task, m in res.get("heldout", {}).items():
        if m:
            out.append(f"### {task} — own held-out split (groups unseen in training; head fitted on {m['n_train']} rows)\n")
            out.append(_md_metrics(f"{task}, held-out", m))
            if "hand_written_only" in m:
                h = m["hand_written_only"]
                out.append(f"Hand-written held-out rows only: n={h['n']}, macro-F1 {h['macro_f1']:.3f}, accuracy {h['accuracy']:.3f}\n")
    return "\n".join(out)


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m escucha.nlp.training.evaluate_eval_dev")
    ap.add_argument("--eval-dir", type=Path)
    ap.add_argument("--json", type=Path, help="also write the figures as JSON")
    ap.add_argument("--no-heldout", action="store_true")
    args = ap.parse_args(argv)
    from escucha.nlp.encoders.use import UniversalSentenceEncoder

    encoder = UniversalSentenceEncoder()
    clfs = {t: EmbeddedClassifier(t, encoder=encoder) for t in TASKS}
    res: dict[str, Any] = {"date": date.today().isoformat(),
                           "command": "python -m escucha.nlp.training.evaluate_eval_dev" + (" " + " ".join(argv or sys.argv[1:])).rstrip(),
                           "versions": {t: c.version for t, c in clfs.items()}}
    eval_dir = find_eval_dir(args.eval_dir)
    res["eval_dir"] = str(eval_dir) if eval_dir else None
    if eval_dir is None:
        print("eval-dev not found (../shared/eval-dev or $ESCUCHA_EVAL_DEV): skipping the real-text sets.", file=sys.stderr)
    else:
        sfu = eval_dir / "sfu_spanish_reviews" / "eval.csv"
        buzon = eval_dir / "buzon_escuela_mx" / "eval.csv"
        if sfu.exists():
            res["sfu"] = eval_sfu(sfu, clfs["sentiment"])
        else:
            print(f"{sfu} missing: skipped", file=sys.stderr)
        if buzon.exists():
            res["buzon"] = eval_buzon(buzon, clfs["pqrs_type"], clfs["sentiment"])
        else:
            print(f"{buzon} missing: skipped", file=sys.stderr)
    res["check_sentiment"] = eval_check_set(clfs["sentiment"])
    if not args.no_heldout:
        res["heldout"] = {t: eval_heldout(t, encoder) for t in TASKS}
    print(to_markdown(res))
    if args.json:
        args.json.write_text(json.dumps(res, ensure_ascii=False, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
