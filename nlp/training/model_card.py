"""A model card next to every trained head: what it reads, what it was trained on (with licences
and credits), how it was calibrated and how it scored on held-out rows.

Written by `python -m escucha.nlp.training.train` as `<head>.md` beside `<head>.npz`, from the
head's own metadata and the training report, so card and head never disagree. Figures on the
real development sets are in docs/QUALITY.md (they need data that is not in the repository).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from escucha.nlp.training.recipes import recipe


def _metrics_lines(title: str, m: dict[str, Any]) -> list[str]:
    lines = [f"**{title}**: n={m['n']}, macro-F1 **{m['macro_f1']:.3f}**, accuracy {m['accuracy']:.3f}", "",
             "| class | precision | recall | F1 | support |", "|---|---|---|---|---|"]
    for c, p in m["per_class"].items():
        if p["support"]:
            lines.append(f"| {c} | {p['precision']:.3f} | {p['recall']:.3f} | {p['f1']:.3f} | {p['support']} |")
    if "by_source" in m:
        lines += ["", "By source (macro-F1): " + ", ".join(f"{k} {v:.3f}" for k, v in m["by_source"].items())]
    return lines + [""]


def render(task: str, meta: dict[str, Any], report: dict[str, Any], from_recipe: bool) -> str:
    params = meta.get("params", {})
    feats = params.get("features")
    lines = [f"# Model card: embedded `{task}` head", "",
             f"- **Version**: `{report['version']}` (the first 8 hex digits of the weights' sha256)",
             f"- **Labels** (column order): {', '.join(meta['labels'])}",
             f"- **Reads**: {meta.get('encoder', '?')} sentence vectors (512-d) of the normalised text"
             + (", and text features (hashed character 2–5-grams and word 1–2-grams with negation scope, "
                f"{feats['char_bits']}+{feats['word_bits']} hash bits; lexicon, emoji and emoticon counts)"
                if feats else "") + "; long texts are classified by chunks.",
             f"- **Model**: multinomial logistic regression (C={params.get('C')}), classes balanced over weighted rows; "
             f"temperature {meta.get('temperature', 1.0):.2f}"
             + (", class biases " + ", ".join(f"{c} {b:+.2f}" for c, b in zip(meta["labels"], meta.get("bias", [])))
                + " fitted out of fold on the real rows (class-balanced log-loss)" if params.get("calibrate_bias") else ""),
             f"- **Trained on**: {meta.get('trained_on', '?')}, {meta.get('n_train', '?')} rows, scikit-learn "
             f"{meta.get('sklearn_version', '?')}; no pickle: the .npz holds arrays and JSON only.", "",
             "## Training data", "", "| source | rows | weight per row | real text | licence | credit |", "|---|---|---|---|---|---|"]
    info = {s["name"]: s for s in recipe(task)["sources"]} if from_recipe else {}
    own_names = {"hand": "in-house, hand-written", "gen": "in-house, generated from templates"}
    for name, s in meta.get("sources", {}).items():
        src = info.get("in-house" if name in own_names else name, {})
        lines.append(f"| {own_names.get(name, name)} | {s['rows']:,} | {s['weight']} | {'yes' if s['real'] else 'no'} | "
                     f"{src.get('licence', '—')} | {src.get('credit', '—')} |")
    lines += ["", "Licence notes of the real sets: `nlp/training/data/real/*.LICENSE-NOTE.md`; credits: `NOTICE`.",
              "The head is distributed with Escucha (Apache-2.0) with the attributions above.", ""]
    held = report.get("heldout") or {}
    if held:
        lines += ["## Held-out figures", "",
                  f"Head refitted on the train split ({held.get('n_train', '?')} rows); scored on rows it never saw.", ""]
        if "real" in held:
            lines += _metrics_lines("Real held-out rows (text written by people outside the project)", held["real"])
        if "own" in held:
            lines += _metrics_lines("Own held-out groups (texts we wrote; optimistic for real text)", held["own"])
    lines += ["Figures on real development sets (evaluation only, not in the repository) and what they can and "
              "cannot tell: `docs/QUALITY.md`.", ""]
    return "\n".join(lines)


def write_card(task: str, model_path: Path, meta: dict[str, Any], report: dict[str, Any], from_recipe: bool) -> Path:
    path = Path(model_path).with_suffix(".md")
    path.write_text(render(task, meta, report, from_recipe), encoding="utf-8")
    return path
