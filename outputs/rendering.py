"""One Jinja2 environment for everything outputs render as text: reports, the dashboard, e-mails.

Templates live in `outputs/templates/` (package data). HTML templates (`*.html.j2`) are
autoescaped: every value from data (verbatims, topic labels, team titles) is escaped by Jinja,
never by hand, so a customer who writes `<script>` sees it printed. Plain-text templates
(`*.txt.j2`) are not escaped. Python prepares the values (formatted numbers, chart geometry);
templates only place them.
"""

from __future__ import annotations

from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined


def _autoescape(name: str | None) -> bool:
    return name is None or not name.endswith(".txt.j2")


ENV = Environment(
    loader=PackageLoader("escucha.outputs", "templates"),
    autoescape=_autoescape,
    undefined=StrictUndefined,  # a misspelt name fails the render instead of printing nothing
    trim_blocks=True,
    lstrip_blocks=True,
)


def render(template: str, **context: Any) -> str:
    """The template `template` (a file name in outputs/templates/) filled with `context`."""
    return ENV.get_template(template).render(**context)
