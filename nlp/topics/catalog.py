"""Issue catalogues: the recurring issues of an industry, with business names, shipped as data.

A catalogue is a YAML file in `catalogs/` (banca, telecomunicaciones, servicios_publicos,
comercio, salud, seguros, transporte, gobierno; atencion_al_cliente is included by every one of
them). Each issue has a stable `key`, the `name` a manager reads in the report, a one-line
`definition` and a handful of `examples` (how customers write it, with Colombian, Mexican and
Peninsular wording); `same_as` names the issues of other catalogues that mean the same, so that a
company of two industries gets one issue per problem (`load_catalog`). Why declared and not
measured: the mean vectors of two issues one catalogue keeps apart (the bank's fraud and «Cuenta
o tarjeta bloqueada») are as close (cosine 0.81) as those of the same issue in
two catalogues («Fallas de la app o la banca en línea», «Fallas de la app»: 0.80).

When two issues mean the same (the rule every `same_as` follows):
- a merge is declared only where the problem is the same for a company of both industries, with
  the same team to fix it: the app or the web failing, an outage, a double charge, a price rise.
  Issues that only share words are not merged: a bank's card fraud («me clonaron la tarjeta») is
  not a telco's unknown charge on the bill, a medical appointment is not one for a passport;
- the merged issue is named by `shared_name`, a name that fits every industry of the merge
  («Fallas de la app o la página web»), where the issues' own names fit only their industry
  («Fallas de la app» says little to a government office; «Cobro doble en la factura» nothing to
  a shop). Every issue of such a merge carries the same `shared_name`
  (tests/test_topics_issues.py checks it), so the name does not depend on which catalogue
  `topics.catalog` lists first. Issues of two catalogues with the same
  key (cobranza) are merged the same way. Alone, each issue keeps its own industry's name.

A company adds its own entries in the configuration (`topics.own_issues`),
and an analyst can turn an issue the model discovered into such an entry (`promote`).

Texts close enough to a catalogue issue take it (zeroshot.py); the rest are clustered into new
issues that keep their own names. Why catalogues: on real tweets to a bank the clusters of
sentence vectors follow wording more than the problem, while the problems themselves are few and
well known in each industry; naming them once, in the words a manager uses, is what makes the
report readable and comparable month to month.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import asdict, dataclass, field, replace
from functools import lru_cache
from importlib import resources
from typing import Any, Iterable, Mapping, Sequence

import yaml

KINDS = ("problema", "felicitación", "sugerencia", "petición", "comentario")
_KEY = re.compile(r"^[a-z0-9_]+$")


@dataclass(frozen=True)
class CatalogIssue:
    key: str  # stable id across catalogue versions: "comisiones", "empresa:cobro_seguro"
    name: str  # what the report shows: "Cobro de comisiones o cuota de manejo"
    definition: str = ""
    examples: tuple[str, ...] = ()
    kind: str = "problema"  # problema | felicitación | sugerencia | petición | comentario (ads, news: no problem)
    source: str = ""  # the catalogue it comes from ("banca"), or "empresa"
    same_as: tuple[str, ...] = ()  # keys of other catalogues' issues that mean the same (see load_catalog)
    shared_name: str = ""  # the name when merged with one of them: fits every industry of the merge

    def __post_init__(self) -> None:
        if not self.name.strip():
            raise ValueError(f"catalogue issue {self.key!r} has no name")
        if not self.examples:
            raise ValueError(f"catalogue issue {self.key!r} ({self.name}) needs at least one example")
        if self.kind not in KINDS:
            raise ValueError(f"catalogue issue {self.key!r}: kind {self.kind!r} is not one of {', '.join(KINDS)}")

    @property
    def texts(self) -> list[str]:
        """What the issue is embedded and matched from: its name, definition and examples."""
        return [t for t in (self.name, self.definition, *self.examples) if t.strip()]

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["examples"] = list(self.examples)
        if self.same_as:
            d["same_as"] = list(self.same_as)
        else:
            d.pop("same_as")  # as models saved before the field, which read back the same
        if not self.shared_name:
            d.pop("shared_name")
        return d

    def means(self, other: "CatalogIssue") -> bool:
        """The same issue as `other`: the same key, or one names the other in `same_as`."""
        return self.key == other.key or other.key in self.same_as or self.key in other.same_as

    @classmethod
    def from_dict(cls, d: Mapping[str, Any], source: str = "") -> "CatalogIssue":
        return cls(key=str(d["key"]), name=" ".join(str(d["name"]).split()),
                   definition=" ".join(str(d.get("definition") or "").split()),
                   examples=tuple(" ".join(str(e).split()) for e in d.get("examples") or () if str(e).strip()),
                   kind=str(d.get("kind") or "problema"), source=str(d.get("source") or source),
                   same_as=tuple(str(k) for k in d.get("same_as") or ()),
                   shared_name=" ".join(str(d.get("shared_name") or "").split()))


@dataclass(frozen=True)
class Catalog:
    """Issues of one or more catalogues plus a company's own, in order, keys unique."""

    issues: tuple[CatalogIssue, ...] = ()
    names: tuple[str, ...] = field(default=())  # the catalogues asked for (own entries: "empresa")

    def __len__(self) -> int:
        return len(self.issues)

    def __bool__(self) -> bool:
        return bool(self.issues)

    def get(self, key: str) -> CatalogIssue | None:
        return next((i for i in self.issues if i.key == key), None)

    def to_list(self) -> list[dict[str, Any]]:
        return [i.to_dict() for i in self.issues]

    @classmethod
    def from_list(cls, items: Iterable[Mapping[str, Any]], names: Sequence[str] = ()) -> "Catalog":
        return cls(tuple(CatalogIssue.from_dict(d) for d in items), tuple(names))


def available_catalogs() -> list[str]:
    """Names of the catalogues shipped with Escucha."""
    folder = resources.files("escucha.nlp.topics") / "catalogs"
    return sorted(p.name[: -len(".yaml")] for p in folder.iterdir() if p.name.endswith(".yaml"))


@lru_cache(maxsize=32)
def _read(name: str) -> dict[str, Any]:
    if name not in available_catalogs():
        raise ValueError(f"no issue catalogue {name!r}; available: {', '.join(available_catalogs())}")
    path = resources.files("escucha.nlp.topics") / "catalogs" / f"{name}.yaml"
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def own_key(name: str) -> str:
    """Key of a company's own entry from its name: "Cobro del seguro" -> "empresa:cobro_del_seguro"."""
    folded = unicodedata.normalize("NFKD", name.lower())
    slug = re.sub(r"[^a-z0-9]+", "_", "".join(c for c in folded if not unicodedata.combining(c))).strip("_")
    return f"empresa:{slug or 'tema'}"


def load_catalog(names: Sequence[str] = (), own: Iterable[Mapping[str, Any]] = ()) -> Catalog:
    """The catalogues `names` (each with the ones it includes, each issue once, first wins) and
    the company's own entries (`name`, `definition`, `examples`, optional `key` and `kind`).
    A company entry with the key of a shipped issue replaces it (same place in the order).

    An issue that means the same as one already loaded from an earlier catalogue (`same_as`, or
    the same key: banca's «Fallas de la app o la banca en línea» and telecomunicaciones' «Fallas
    de la app») is that issue: the first keeps its key and definition, takes the other's
    examples and is named by the merge's `shared_name` («Fallas de la app o la página web»; the
    module docstring says why), so a company of two industries gets one issue per problem,
    matched in both industries' words and named in words both recognise, instead of two issues
    splitting the same texts."""
    issues: dict[str, CatalogIssue] = {}
    queue = list(names)
    seen: set[str] = set()
    while queue:
        name = queue.pop(0)
        if name in seen:
            continue
        seen.add(name)
        doc = _read(name)
        for item in doc.get("issues") or ():
            if not _KEY.match(str(item.get("key", ""))):
                raise ValueError(f"catalogue {name}: bad key {item.get('key')!r}")
            entry = CatalogIssue.from_dict(item, source=name)
            same = next((k for k, i in issues.items() if i.means(entry)), None)
            if same is None:
                issues[entry.key] = entry
            elif issues[same].source != entry.source:  # the same issue worded for another industry
                issues[same] = _merged(issues[same], entry)
        queue.extend(doc.get("includes") or ())
    for item in own:
        entry = dict(item)
        entry.setdefault("key", own_key(str(entry.get("name", ""))))
        issues[str(entry["key"])] = CatalogIssue.from_dict(entry, source="empresa")
    return Catalog(tuple(issues.values()), tuple(names) + (("empresa",) if own else ()))


def _merged(kept: CatalogIssue, entry: CatalogIssue) -> CatalogIssue:
    """`kept` with `entry`'s examples, both's `same_as`, named by the merge's shared name."""
    extra = tuple(e for e in entry.examples if e not in kept.examples)
    same_as = tuple(k for k in dict.fromkeys((*kept.same_as, entry.key, *entry.same_as)) if k != kept.key)
    shared = kept.shared_name or entry.shared_name
    return replace(kept, name=shared or kept.name, examples=kept.examples + extra, same_as=same_as,
                   shared_name=shared)


def promote(name: str, label_texts: Sequence[str], *, definition: str = "", key: str | None = None,
            max_examples: int = 8, kind: str = "problema") -> dict[str, Any]:
    """A company catalogue entry (for `topics.own_issues`) from an issue the model discovered:
    its name (the analyst's, or the issue's label), a definition, up to `max_examples` distinct
    texts of the issue (already redacted) as examples, and its kind (a promoted cluster of ads
    stays a `comentario`)."""
    examples: list[str] = []
    for t in label_texts:
        t = " ".join(str(t).split())
        if t and t not in examples:
            examples.append(t)
        if len(examples) == max_examples:
            break
    entry = CatalogIssue(key=key or own_key(name), name=" ".join(name.split()), definition=definition.strip(),
                         examples=tuple(examples), source="empresa", kind=kind)
    out = entry.to_dict()
    out.pop("source")
    return out
