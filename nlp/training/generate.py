"""Template generator for the embedded classifiers' training texts (seeded, reproducible).

The templates (data/templates.yaml) combine hand-written fragments (data/fragments.yaml:
companies by country and sector, services, failures, charges, staff, praise, regional phrasing)
by *families*; every family has several structurally different variants, and the variant is the
`group` used for held-out splits, so no sentence frame is on both sides of a split. Noise (no
accents, typos, abbreviations, ALL CAPS, emojis) is injected the way customers write. These
texts complement the hand-written whole sentences in data/hand/, which keep the model from
learning template artefacts.

Each generated row carries every label it can: sentiment, emotion, irony, toxicity, pqrs_type
(None where the family does not fix it).
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass
from functools import lru_cache

from escucha.textgen import Slots, fill, read_yaml, strip_accents, upper_first

_DATA = "escucha.nlp.training.data"
FRAGMENTS = read_yaml(_DATA, "fragments.yaml")
_LISTS: dict[str, object] = FRAGMENTS["lists"]
_REVIEWS = FRAGMENTS["reviews"]
_REVIEW_DOMAINS = sorted(_REVIEWS["domains"])
_ABBREVIATIONS = tuple((re.compile(pattern), repl) for pattern, repl in FRAGMENTS["noise"]["abbreviations"])


@dataclass
class Row:
    text: str
    group: str
    sentiment: str | None = None
    emotion: str | None = None
    irony: str | None = None
    toxicity: str | None = None
    pqrs_type: str | None = None


@dataclass(frozen=True)
class Family:
    """Template variants that share their labels; `rows` is how many distinct texts to make."""

    name: str
    labels: dict[str, str | None]
    rows: int
    variants: tuple[str, ...]


FAMILIES: dict[str, Family] = {name: Family(name=name, **spec)
                               for name, spec in read_yaml(_DATA, "templates.yaml").items()}


# --------------------------------------------------------------------------------------------
# Noise: how customers actually type
# --------------------------------------------------------------------------------------------

def add_noise(text: str, rng: random.Random, sentiment: str | None = None) -> str:
    t = text
    if rng.random() < 0.25:
        t = strip_accents(t).replace("ñ", "n") if rng.random() < 0.2 else strip_accents(t)
    if rng.random() < 0.35:
        t = t.replace("¿", "").replace("¡", "")
    if rng.random() < 0.2:
        for pattern, repl in _ABBREVIATIONS:
            if rng.random() < 0.5:
                t = pattern.sub(repl, t)
    if rng.random() < 0.08 and len(t) > 12:  # one adjacent-letter swap
        i = rng.randrange(1, len(t) - 2)
        if t[i].isalpha() and t[i + 1].isalpha():
            t = t[:i] + t[i + 1] + t[i] + t[i + 2 :]
    if rng.random() < 0.2:
        t = t.lower()
    elif rng.random() < 0.05:
        t = t.upper()
    if rng.random() < 0.2 and sentiment:
        pool = {"NEG": _LISTS["neg_emoji"], "POS": _LISTS["pos_emoji"]}.get(sentiment)
        if pool:
            t = t.rstrip(". ") + " " + rng.choice(pool) * rng.choice([1, 1, 2, 3])
    return t


# --------------------------------------------------------------------------------------------
# Slots of one text
# --------------------------------------------------------------------------------------------

_SECTOR_NAMES = sorted(FRAGMENTS["sectors"])


@lru_cache(maxsize=None)
def _sector_values(sector: str, region: str) -> dict[str, object]:
    """The word lists (regional ones for the region) and the sector's fragments."""
    values: dict[str, object] = {k: v[region] if isinstance(v, dict) else v for k, v in _LISTS.items()}
    values.update({k: v for k, v in FRAGMENTS["sectors"][sector].items() if k != "companies"})
    return values


def _slots(rng: random.Random) -> Slots:
    """One text's slots: a sector, a region and a company, that sector's fragments, the word
    lists (regional ones for the region) and the built pieces (stories, reviews)."""
    sector = rng.choice(_SECTOR_NAMES)
    region = rng.choice(FRAGMENTS["regions"])
    company = rng.choice(FRAGMENTS["sectors"][sector]["companies"][region])
    values = {**_sector_values(sector, region), "company": company, "handle": company.replace(" ", "")}
    lazy = {
        "story": lambda: _story(rng),
        "review_facts": lambda: _review_facts(rng),
        **{f"review_{p}_short": (lambda p=p: _review(rng, p, 1)) for p in ("pos", "neg")},
        **{f"review_{p}_long": (lambda p=p: _review(rng, p, 3)) for p in ("pos", "neg")},
        **{f"review_aspect_{p}": (lambda p=p: rng.choice(_review_domain(rng)[p])) for p in ("pos", "neg")},
    }
    return Slots(rng, values, lazy)


def _story(rng: random.Random) -> str:
    """"Compré {thing} hace {time}": the thing is drawn before the time, whatever their order."""
    template = rng.choice(FRAGMENTS["stories"]["templates"])
    thing, time = rng.choice(_LISTS["thing"]), rng.choice(FRAGMENTS["stories"]["time"])
    return fill(template, Slots(rng, {"thing": thing, "time": time}))


def _review_domain(rng: random.Random) -> dict[str, tuple[str, ...]]:
    return _REVIEWS["domains"][rng.choice(_REVIEW_DOMAINS)]


def _review(rng: random.Random, polarity: str, n_sent: int) -> str:
    """A product review: maybe a fact, `n_sent` aspects of the polarity, maybe a contrast, an end."""
    dom = _review_domain(rng)
    other = "neg" if polarity == "pos" else "pos"
    sents = [upper_first(rng.choice(dom["neu"]))] if rng.random() < 0.6 else []
    picks = rng.sample(dom[polarity], min(n_sent, len(dom[polarity])))
    sents += [upper_first(x) for x in picks]
    if rng.random() < 0.3:
        sents.append(upper_first(rng.choice(["lo único malo es que", "como pega,", "eso sí,"]) + " "
                                 + rng.choice(dom[other])))
    sents.append(rng.choice(_REVIEWS[f"{polarity}_end"]))
    return ". ".join(x.rstrip(".") for x in sents) + "."


def _review_facts(rng: random.Random) -> str:
    dom = _review_domain(rng)
    return ". ".join(upper_first(x) for x in rng.sample(dom["neu"], rng.choice([1, 2, 3]))) + "."


# --------------------------------------------------------------------------------------------
# Generation
# --------------------------------------------------------------------------------------------

def _clean(text: str) -> str:
    """One space between words, none before punctuation, no stray comma at the ends (an empty
    opener leaves one), and Spanish contractions (de el -> del, a el -> al)."""
    text = re.sub(r"\s+", " ", text.strip(", ")).strip()
    text = re.sub(r"\s+([,.!?])", r"\1", text)
    return re.sub(r"\b([Aa]) el\b", r"\1l", re.sub(r"\b([Dd]e) el\b", r"\1l", text))


def generate(seed: int = 13) -> list[Row]:
    """All generated rows, deduplicated, in a stable order."""
    rng = random.Random(seed)
    rows: list[Row] = []
    seen: set[str] = set()
    for name in sorted(FAMILIES):
        family = FAMILIES[name]
        tries = 0
        made = 0
        while made < family.rows and tries < family.rows * 20:
            tries += 1
            vi = tries % len(family.variants)
            text = _clean(fill(family.variants[vi], _slots(rng)))
            text = add_noise(text, rng, family.labels["sentiment"])
            key = text.lower()
            if key in seen:
                continue
            seen.add(key)
            rows.append(Row(text=text, group=f"gen:{name}:{vi}", **family.labels))
            made += 1
    return rows
