"""What each shipped head is trained on: the recipes in `recipes.yaml` and the rows they name.

A recipe lists sources (our own CSVs and real, openly licensed sets copied under `data/real/`),
each with a weight per row, a label mapping and whether its text is real (written by people
outside the project). `training_rows` reads them all into one `TrainingRows`, with a held-out
split decided per row group, never per near-duplicate:

- our own rows keep the `split` column of their CSV (whole hand-written blocks and template
  variants are held out, see build_data.py);
- real rows are held out by a seeded hash of their text (20 %), or by the set's own test split
  where the recipe names one (`heldout_column`).
"""

from __future__ import annotations

import csv
import hashlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from escucha.nlp.classifiers import TASK_LABELS, check_task

DATA_DIR = Path(__file__).resolve().parent / "data"
RECIPES_PATH = Path(__file__).resolve().parent / "recipes.yaml"
REAL_HELDOUT_SHARE = 0.2
_EMOTION_COLUMNS = ("anger", "anticipation", "disgust", "fear", "joy", "sadness", "surprise", "trust")


@dataclass
class TrainingRows:
    """Column lists of a task's training rows (all the same length)."""

    text: list[str] = field(default_factory=list)
    label: list[str] = field(default_factory=list)
    source: list[str] = field(default_factory=list)
    group: list[str] = field(default_factory=list)
    split: list[str] = field(default_factory=list)  # train | heldout
    weight: list[float] = field(default_factory=list)
    real: list[bool] = field(default_factory=list)

    def __len__(self) -> int:
        return len(self.text)

    def add(self, text: str, label: str, source: str, group: str, split: str, weight: float, real: bool) -> None:
        self.text.append(text)
        self.label.append(label)
        self.source.append(source)
        self.group.append(group)
        self.split.append(split)
        self.weight.append(weight)
        self.real.append(real)

    def subset(self, rows) -> "TrainingRows":
        out = TrainingRows()
        for i in rows:
            out.add(self.text[i], self.label[i], self.source[i], self.group[i], self.split[i], self.weight[i], self.real[i])
        return out


def load_recipes(path: Path = RECIPES_PATH) -> dict[str, Any]:
    with path.open(encoding="utf-8") as fh:
        return yaml.safe_load(fh)


def recipe(task: str, path: Path = RECIPES_PATH) -> dict[str, Any]:
    """The recipe of one task: {"params": {...}, "sources": [...]}."""
    recipes = load_recipes(path)
    if check_task(task) not in recipes:
        raise ValueError(f"{path} has no recipe for {task!r}")
    return recipes[task]


def is_real_heldout(text: str, share: float = REAL_HELDOUT_SHARE) -> bool:
    """Seeded, stable choice of held-out real rows (sha256 of the text)."""
    return int(hashlib.sha256(("real:" + text).encode("utf-8")).hexdigest()[:8], 16) % 1000 < share * 1000


def _source_label(row: dict[str, str], src: dict[str, Any]) -> str | None:
    """The source row's label in our label names, or None when the recipe leaves it out."""
    mapping = src.get("map")
    how = src.get("multi_label")
    raw = (row.get("label") or "").strip()
    if how in ("single", "intensity"):
        names = [n for n in raw.split("|") if n]
        if how == "intensity" and len(names) > 1:
            levels = {n: float(row.get(f"{n}_intensity") or 0) for n in names}
            top = max(levels.values())
            names = [n for n, v in levels.items() if v == top]
        if len(names) != 1:
            return None
        raw = names[0]
    if mapping is None:
        return raw
    mapped = mapping.get(raw)
    return str(mapped) if mapped is not None else None


def training_rows(task: str, recipe_path: Path = RECIPES_PATH, data_dir: Path = DATA_DIR) -> TrainingRows:
    """Every row the recipe of `task` names, labels mapped to TASK_LABELS[task], duplicates dropped."""
    labels = set(TASK_LABELS[task])
    out = TrainingRows()
    seen: set[tuple[str, str]] = set()
    for src in recipe(task, recipe_path)["sources"]:
        path = data_dir / src["path"]
        real = bool(src.get("real", False))
        weight = float(src.get("weight", 1.0))
        held_col = src.get("heldout_column") or {}
        with path.open(encoding="utf-8", newline="") as fh:
            for i, row in enumerate(csv.DictReader(fh)):
                text = (row.get("text") or "").strip()
                label = _source_label(row, src)
                if not text or label is None:
                    continue
                if label not in labels:
                    raise ValueError(f"{path.name}:{i + 2}: label {label!r} is not one of {sorted(labels)}")
                key = (text.lower(), task)
                if key in seen:  # the same text from two sources: the first source wins
                    continue
                seen.add(key)
                if real:
                    if held_col:
                        col, value = next(iter(held_col.items()))
                        split = "heldout" if row.get(col) == value else "train"
                    else:
                        split = "heldout" if is_real_heldout(text) else "train"
                    group = f"{src['name']}:{i}"
                else:
                    split = row.get("split") or "train"
                    group = row.get("group") or f"{src['name']}:{i}"
                out.add(text, label, src.get("name", path.stem) if real else (row.get("source") or src["name"]),
                        group, split, weight, real)
    return out
