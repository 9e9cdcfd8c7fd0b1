"""One self-contained HTML file per report: inline CSS, inline SVG, no script, no external asset.

Readers may have no internet access, and the file travels by e-mail: nothing is loaded from
outside. The page is the template `report.html.j2` (autoescaped: topic labels, verbatims,
products and team titles are escaped by Jinja); a Content-Security-Policy without scripts is a
second line of defence. This module only prepares what the template shows.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from escucha.outputs.reports import content as C
from escucha.outputs.reports.builder import ReportData
from escucha.outputs.reports.issues import IssueSummary
from escucha.outputs.reports.fmt import fmt_int, formatting_locale
from escucha.outputs.reports.svg import LineChart, Sparkline, bar_chart, line_chart, sparkline
from escucha.outputs.rendering import Quoted, Table, render

CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:"
NUMERIC = {"Volumen", "Negativos", "Clientes", "PQRS vencidos", "PQRS en riesgo", "Cumplimiento", "Esperado",
           "Veces lo esperado", "Registros", "Participación", "Casos", "Cerrados a tiempo", "Fuera de término",
           "Abiertos", "En riesgo", "Vencidos", "Días hábiles a 1.ª respuesta", "Positivos", "Variación", "#",
           "Puntaje", "Casos abiertos", "Casos vencidos"}


@dataclass(frozen=True)
class IssueDetail:
    """An issue's part of the "Detalle por tema" section."""

    rank: int
    label: str
    category: str
    badge: str | None  # "Nuevo" / "Crecimiento" when also emerging
    trend_chart: Sparkline | None
    trend_text: str
    facts: list[str]  # sentences, then "dimension: values" lines
    verbatims: list[Quoted]


@dataclass(frozen=True)
class CustomerDetail:
    """A customer's part of the "Clientes en riesgo" section: why they are listed, in their words."""

    heading: str
    reasons: list[str]
    verbatims: list[Quoted]


def _customers(data: ReportData) -> dict[str, Any] | None:
    if data.customers is None:
        return None
    views = data.customers.views
    return {
        "intro": C.customers_intro(data),
        "table": _table(C.CUSTOMER_HEADERS, [C.customer_row(data, n, v) for n, v in enumerate(views, 1)])
        if views else None,
        "details": [CustomerDetail(C.customer_heading(n, v), C.customer_reasons(v),
                                   [Quoted(text, meta) for text, meta in C.customer_quotes(data, v)])
                    for n, v in enumerate(views, 1)],
    }


def _table(headers: list[str], rows: list[list[str]]) -> Table:
    return Table(headers, rows, frozenset(i for i, h in enumerate(headers) if h in NUMERIC))


def _detail(data: ReportData, i: IssueSummary) -> IssueDetail:
    return IssueDetail(
        rank=i.rank, label=i.label, category=i.category or "",
        badge=C.REASONS.get(i.emerging, i.emerging) if i.emerging else None,
        trend_chart=sparkline(i.trend, f"Registros por semana de {i.label}"),
        trend_text=f"Por semana, últimas {len(i.trend)}: " + ", ".join(fmt_int(v) for v in i.trend),
        facts=C.issue_facts(i) + [f"{dim}: {vals}" for dim, vals in C.issue_split_text(i)],
        verbatims=[Quoted(v.text, C.verbatim_meta(data, v)) for v in i.verbatims],
    )


def _emotion_chart(data: ReportData) -> LineChart | None:
    """Emotions share a scale that fits the highest weekly share, rounded up to a tenth."""
    x, series = C.emotion_series(data)
    peak = max([v for _, vs in series for v in vs if v == v and v is not None] or [1.0])
    top = min(1.0, max(0.1, math.ceil(peak * 10) / 10))
    return line_chart(x, series, "Proporción de cada emoción por semana", y_max=top)


def report_page(data: ReportData) -> dict[str, Any]:
    """What `report.html.j2` shows, formatted; a table without rows is None (the page says so)."""
    title, subtitle = C.heading(data)
    volumes = [(i.label, i.volume, round(i.volume * i.share_negative)) for i in data.issues]
    emerging, sla = C.emerging_rows(data), C.sla_week_rows(data)
    return {
        "csp": CSP, "title": title, "subtitle": subtitle, "notes": data.notes, "kpis": C.kpis(data),
        "issues": [_detail(data, i) for i in data.issues],
        "issues_chart": bar_chart(volumes, "Volumen del periodo por tema (en rojo, la parte negativa)"),
        "issues_table": _table(C.ISSUE_HEADERS, [C.issue_row(i) for i in data.issues]),
        "emerging_table": _table(C.EMERGING_HEADERS, emerging) if emerging else None,
        "sentiment_chart": line_chart(*C.sentiment_series(data), "Proporción de registros negativos y positivos por semana"),
        "emotion_chart": _emotion_chart(data),
        "overview": [(dim, _table(C.SPLIT_HEADERS, rows)) for dim, rows in C.overview_tables(data)],
        "sla_table": _table(C.SLA_WEEK_HEADERS, sla) if sla else None,
        "method_notes": C.METHOD_NOTES,
        "set_apart": C.set_apart_text(data.set_apart),
        "customers": _customers(data),
    }


def render_html(data: ReportData) -> str:
    """The report page; numbers and dates as the team's locale writes them (None: the current one)."""
    with formatting_locale(data.team.locale):
        return render("report.html.j2", **report_page(data))
