"""Fill text templates with random slot values: the one generator of fake customer texts behind
the demo corpus (`escucha.demo`), the training texts of the embedded classifiers
(`escucha.nlp.training.generate`) and the test corpora.

It lives in the core, not in `escucha.demo`, because NLP may not import the demo; it needs only
the standard library and PyYAML. All randomness comes from the caller's `random.Random`, so the same seed
gives the same texts.

Template syntax (templates live in YAML/CSV data files):

- ``{name}``: the slot's value. A string is used as it is; a list or tuple gives a fresh random
  item at every use; a *lazy* slot (a function) is computed on first use and then kept, so a
  template only consumes randomness for the slots it has, and says the same amount twice if it
  names ``{monto}`` twice.
- ``{Name}``: the same value with its first letter upper-cased, when no slot is called ``Name``
  itself (``{Me_cobraron}`` at the start of a sentence).
- ``{a|b|c}``: one of the alternatives, picked at random; an alternative may be empty and may
  hold slots. Every alternative is expanded, left to right, before one is picked, so the
  sequence of random draws of a template never depends on which alternative wins.
- ``{?0.3:text}``: `text` with probability 0.3 (one ``rng.random()`` draw), else nothing.
"""

from __future__ import annotations

import csv
import io
import random
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any, Callable, Sequence, Union

import yaml


class Slots(dict):
    """Values for template slots, with the caller's rng for random ones.

    `values` maps a name to a string or a list of options; `lazy` maps a name to a function
    whose result becomes the slot's value on first use."""

    def __init__(self, rng: random.Random, values: dict[str, object] | None = None,
                 lazy: dict[str, Callable[[], str]] | None = None):
        super().__init__(values or {})
        self.rng = rng
        self._lazy = lazy or {}

    def __missing__(self, key: str) -> object:
        if key in self._lazy:
            value = self._lazy[key]()
            self[key] = value
            return value
        raise KeyError(f"template slot {{{key}}} has no value")

    def has(self, name: str) -> bool:
        """Whether `name` has a value or a lazy factory (without computing it)."""
        return name in self or name in self._lazy


# --------------------------------------------------------------------------- data files
_YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def read_yaml(package: str, name: str) -> Any:
    """A YAML file shipped as package data, with every list turned into a tuple: phrase banks
    are read-only, and tuples keep them so."""
    text = resources.files(package).joinpath(name).read_text(encoding="utf-8")
    return _frozen(yaml.load(text, Loader=_YAML_LOADER))


def read_csv(package: str, name: str) -> list[dict[str, str]]:
    """The rows of a CSV file shipped as package data (UTF-8, header line)."""
    text = resources.files(package).joinpath(name).read_text(encoding="utf-8")
    return list(csv.DictReader(io.StringIO(text)))


def _frozen(value: Any) -> Any:
    if isinstance(value, list):
        return tuple(_frozen(v) for v in value)
    if isinstance(value, dict):
        return {k: _frozen(v) for k, v in value.items()}
    return value


# --------------------------------------------------------------------------- parsing
@dataclass(frozen=True)
class _Slot:
    name: str


@dataclass(frozen=True)
class _Choice:
    alternatives: tuple[tuple["_Part", ...], ...]


@dataclass(frozen=True)
class _Maybe:
    p: float
    parts: tuple["_Part", ...]


_Part = Union[str, _Slot, _Choice, _Maybe]
_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_MAYBE = re.compile(r"\?([0-9]*\.?[0-9]+):")


@lru_cache(maxsize=None)
def _parse(template: str) -> tuple[_Part, ...]:
    return _parse_seq(template, 0, top=True)[0]


def _parse_seq(t: str, i: int, top: bool) -> tuple[tuple[_Part, ...], int]:
    """Parts from t[i:] up to the end (top) or up to an unnested '|' or '}' (inside a field)."""
    parts: list[_Part] = []
    text: list[str] = []
    while i < len(t):
        c = t[i]
        if c == "{":
            if text:
                parts.append("".join(text))
                text = []
            field, i = _parse_field(t, i + 1)
            parts.append(field)
            continue
        if c == "}" or (c == "|" and not top):
            if top:
                raise ValueError(f"unbalanced '}}' at {i} in template {t!r}")
            break
        text.append(c)
        i += 1
    if text:
        parts.append("".join(text))
    return tuple(parts), i


def _parse_field(t: str, i: int) -> tuple[_Part, int]:
    """The field starting after '{' at t[i]; returns it and the index after its '}'."""
    m = _MAYBE.match(t, i)
    if m:
        parts, j = _parse_seq(t, m.end(), top=False)
        if j >= len(t) or t[j] != "}":
            raise ValueError(f"field at {i - 1} is not closed in template {t!r}")
        return _Maybe(float(m.group(1)), parts), j + 1
    alternatives: list[tuple[_Part, ...]] = []
    while True:
        parts, j = _parse_seq(t, i, top=False)
        if j >= len(t):
            raise ValueError(f"field at {i - 1} is not closed in template {t!r}")
        alternatives.append(parts)
        if t[j] == "}":
            break
        i = j + 1  # past '|'
    if len(alternatives) == 1:
        only = alternatives[0]
        if len(only) == 1 and isinstance(only[0], str) and _NAME.fullmatch(only[0]):
            return _Slot(only[0]), j + 1
        raise ValueError(f"{{{t[i:j]}}} is neither a slot name nor a choice in template {t!r}")
    return _Choice(tuple(alternatives)), j + 1


# --------------------------------------------------------------------------- filling
def fill(template: str, slots: Slots) -> str:
    """The template with every field expanded (syntax in the module docstring)."""
    return _expand(_parse(template), slots)


def _expand(parts: Sequence[_Part], slots: Slots) -> str:
    out: list[str] = []
    for p in parts:
        if isinstance(p, str):
            out.append(p)
        elif isinstance(p, _Slot):
            out.append(_slot_value(p.name, slots))
        elif isinstance(p, _Choice):
            options = [_expand(alt, slots) for alt in p.alternatives]
            out.append(slots.rng.choice(options))
        elif slots.rng.random() < p.p:
            out.append(_expand(p.parts, slots))
    return "".join(out)


def _slot_value(name: str, slots: Slots) -> str:
    if slots.has(name):
        return _draw(slots[name], slots.rng)
    lower = name[:1].lower() + name[1:]
    if lower != name and slots.has(lower):
        return upper_first(_draw(slots[lower], slots.rng))
    return slots[name]  # raises the KeyError that names the slot


def _draw(value: object, rng: random.Random) -> str:
    if isinstance(value, (list, tuple)):
        return rng.choice(value)
    return value  # type: ignore[return-value]


# --------------------------------------------------------------------------- small text operations
def upper_first(text: str) -> str:
    """First character upper-cased, the rest unchanged (``"me cobraron"`` -> ``"Me cobraron"``)."""
    return text[:1].upper() + text[1:]


def capitalise(text: str) -> str:
    """Upper-case the first letter, skipping opening punctuation (``"¿qué"`` -> ``"¿Qué"``)."""
    for i, c in enumerate(text):
        if c.isalpha():
            return text[:i] + c.upper() + text[i + 1:]
        if not (c in "¿¡\"«“'(" or c.isspace()):
            return text
    return text


def tidy(text: str) -> str:
    """Collapse the double spaces and stray spaces before punctuation left by optional parts."""
    text = re.sub(r"[ \t]{2,}", " ", text)
    text = re.sub(r" +([,.;:!?])", r"\1", text)
    return text.strip()


_TILDE = "\u0303"


def strip_accents(text: str) -> str:
    """Drop accents and diaereses but keep ñ: people who skip tildes still type the eñe."""
    out: list[str] = []
    for c in unicodedata.normalize("NFD", text):
        if unicodedata.category(c) == "Mn" and not (c == _TILDE and out and out[-1] in "nN"):
            continue
        out.append(c)
    return unicodedata.normalize("NFC", "".join(out))


def fold(text: str) -> str:
    """Lower-case without accents (ñ becomes n): how matchers compare words."""
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c))
