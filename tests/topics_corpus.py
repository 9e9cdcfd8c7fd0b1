"""Synthetic Spanish complaints for the topic-model tests: themes x templates x slot fillers, seeded.

The themes, slot fillers, openers, closers and noise texts are in data/complaints.yaml; the
templates are filled by escucha.textgen, the generator behind every fake text of the project.
"""

from __future__ import annotations

import random
from pathlib import Path

import yaml

from escucha.textgen import Slots, fill, upper_first

_DATA = yaml.safe_load((Path(__file__).parent / "data" / "complaints.yaml").read_text(encoding="utf-8"))
SLOTS: dict[str, list[str]] = _DATA["slots"]
OPENERS: list[str] = _DATA["openers"]
CLOSERS: list[str] = _DATA["closers"]
THEMES: dict[str, list[str]] = _DATA["themes"]
NEW_THEME: list[str] = _DATA["new_theme"]  # planted for the nightly-update test: absent from training
NOISE: list[str] = _DATA["noise"]


def _variant(template: str, rng: random.Random) -> str:
    slots = Slots(rng, {**SLOTS, "opener": OPENERS, "closer": CLOSERS})
    return upper_first(fill("{opener}" + template + "{closer}", slots))


def make_docs(templates: list[str], n: int, seed: int, exclude: set[str] = frozenset()) -> list[str]:
    """`n` distinct texts from `templates`, none in `exclude`."""
    rng = random.Random(seed)
    out: list[str] = []
    seen = set(exclude)
    tries = 0
    while len(out) < n:
        tries += 1
        if tries > 100 * n:
            raise RuntimeError("not enough distinct variants")
        text = _variant(rng.choice(templates), rng)
        if text not in seen:
            seen.add(text)
            out.append(text)
    return out


def make_corpus(per_theme: int = 40, n_noise: int = 18, seed: int = 7,
                exclude: set[str] = frozenset()) -> tuple[list[str], list[str]]:
    """(docs, theme names) shuffled; noise is labelled "ruido"."""
    rng = random.Random(seed)
    docs: list[str] = []
    names: list[str] = []
    for i, (name, templates) in enumerate(THEMES.items()):
        texts = make_docs(templates, per_theme, seed * 100 + i, exclude)
        docs += texts
        names += [name] * len(texts)
    noise = rng.sample(NOISE, min(n_noise, len(NOISE)))
    docs += noise
    names += ["ruido"] * len(noise)
    order = list(range(len(docs)))
    rng.shuffle(order)
    return [docs[i] for i in order], [names[i] for i in order]
