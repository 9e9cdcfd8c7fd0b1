"""Which PII types each channel redacts, from configuration.

Example: {"default": ["EMAIL", "TELEFONO", "DOCUMENTO", "TARJETA", "CUENTA", "DIRECCION", "NOMBRE"],
"social": ["EMAIL", "TELEFONO", "DOCUMENTO", "TARJETA", "CUENTA", "DIRECCION"]} keeps names in
public posts (often public figures and brands' agents) but redacts them everywhere else.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from escucha.nlp.text.pii._base import PII_TYPES
from escucha.nlp.text.pii.redactor import Redactor
from escucha.records import Channel

__all__ = ["RedactionPolicy", "DEFAULT_POLICY"]

DEFAULT_POLICY: dict[str, list[str]] = {"default": list(PII_TYPES)}


class RedactionPolicy:
    """Per-channel redaction rules; one shared `Redactor` per distinct set of types."""

    def __init__(self, rules: Mapping[str, Iterable[str]] | None = None, *, countries: Sequence[str] | None = None,
                 keep_terms: Iterable[str] = (), keep_patterns: Iterable[str] = ()):
        rules = DEFAULT_POLICY if rules is None else rules
        self.options: dict[str, Any] = {"keep_terms": tuple(keep_terms), "keep_patterns": tuple(keep_patterns)}
        if countries is not None:
            self.options["countries"] = tuple(countries)
        if "default" not in rules:
            raise ValueError("redaction policy needs a 'default' entry (types for channels not listed)")
        channels = {c.value for c in Channel}
        self.rules: dict[str, frozenset[str]] = {}
        for key, types in rules.items():
            name = str(key).strip().lower()
            if name != "default" and name not in channels:
                raise ValueError(f"redaction policy: unknown channel {key!r}; known: default, {', '.join(sorted(channels))}")
            if isinstance(types, str):
                raise ValueError(f"redaction policy {key!r}: give a list of types, not the string {types!r}")
            wanted = frozenset(str(t).strip().upper() for t in types)
            unknown = wanted - set(PII_TYPES)
            if unknown:
                raise ValueError(f"redaction policy {key!r}: unknown PII type(s) {sorted(unknown)}; known: {', '.join(PII_TYPES)}")
            self.rules[name] = wanted
        self._redactors: dict[frozenset[str], Redactor] = {}

    @classmethod
    def from_dict(cls, rules: Mapping[str, Iterable[str]], **options: Any) -> "RedactionPolicy":
        return cls(rules, **options)

    def types_for(self, channel: str | Channel | None) -> frozenset[str]:
        name = channel.value if isinstance(channel, Channel) else (channel or "default")
        return self.rules.get(str(name).strip().lower(), self.rules["default"])

    def redactor_for(self, channel: str | Channel | None) -> Redactor:
        types = self.types_for(channel)
        red = self._redactors.get(types)
        if red is None:
            red = self._redactors[types] = Redactor(types=set(types), **self.options)
        return red
