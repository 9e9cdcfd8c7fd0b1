"""One Jinja2 environment for everything outputs render as text: reports, the dashboard, e-mails.

Templates live in `outputs/templates/` (package data). HTML templates (`*.html.j2`) are
autoescaped: every value from data (verbatims, topic labels, team titles) is escaped by Jinja,
never by hand, so a customer who writes `<script>` sees it printed. Plain-text templates
(`*.txt.j2`) are not escaped. Python prepares the values (formatted numbers, chart geometry);
templates only place them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Sequence

from jinja2 import Environment, PackageLoader, StrictUndefined


@dataclass(frozen=True)
class Table:
    """A table as people read it: formatted cells; `numeric` columns are aligned right."""

    headers: Sequence[str]
    rows: Sequence[Sequence[str]]
    numeric: frozenset[int] = frozenset()
    id: str | None = None


@dataclass(frozen=True)
class Quoted:
    """A customer's words (redacted at ingest) and where they come from, formatted."""

    text: str
    meta: str  # "Redes sociales, 20 de noviembre de 2026"


def _autoescape(name: str | None) -> bool:
    return name is None or not name.endswith(".txt.j2")


ENV = Environment(
    loader=PackageLoader("escucha.outputs", "templates"),
    autoescape=_autoescape,
    undefined=StrictUndefined,  # a misspelt name fails the render instead of printing nothing
    trim_blocks=True,
    lstrip_blocks=True,
)


def coord(v: float) -> str:
    """A coordinate in SVG markup: one decimal is finer than a pixel."""
    return f"{v:.1f}"


def point(p: tuple[float, float]) -> str:
    """A point of an SVG polyline: "x,y"."""
    return f"{coord(p[0])},{coord(p[1])}"


ENV.filters.update(coord=coord, point=point)


def render(template: str, **context: Any) -> str:
    """The template `template` (a file name in outputs/templates/) filled with `context`."""
    return ENV.get_template(template).render(**context)
