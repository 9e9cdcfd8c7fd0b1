"""Markdown rendering of a ReportData (for e-mail bodies, wikis and chat tools).

Customer text is escaped too: many Markdown viewers pass raw HTML through, so a verbatim with
`<script>` must arrive as `&lt;script&gt;`, and `|` must not break a table.
"""

from __future__ import annotations

import html
import re

from escucha.outputs.reports import content as C
from escucha.outputs.reports.builder import ReportData
from escucha.outputs.reports.fmt import formatting_locale


def md(text: object) -> str:
    """Escape for Markdown text: emphasis/link/heading marks, HTML specials, pipes, line breaks."""
    s = re.sub(r"([\\`*_\[\]#])", r"\\\1", str(text))
    return _md_cell(s)


def _md_cell(text: object) -> str:
    s = html.escape(str(text), quote=False)  # quotes stay: the Markdown is also the e-mail's plain text
    return s.replace("|", "\\|").replace("\r", " ").replace("\n", " ")


def _table(headers: list[str], rows: list[list[str]]) -> list[str]:
    out = ["| " + " | ".join(_md_cell(h) for h in headers) + " |", "|" + "|".join("---" for _ in headers) + "|"]
    out += ["| " + " | ".join(_md_cell(c) for c in row) + " |" for row in rows]
    return out


def render_markdown(data: ReportData) -> str:
    """The report in Markdown; numbers and dates as the team's locale writes them."""
    with formatting_locale(data.team.locale):
        return _markdown(data)


def _markdown(data: ReportData) -> str:
    title, sub = C.heading(data)
    L: list[str] = [f"# {md(title)}", "", md(sub), ""]
    for note in data.notes:
        L += [f"> {md(note)}", ""]

    L += ["## Indicadores clave", ""]
    for k in C.kpis(data):
        L.append(f"- **{md(k.label)}:** {md(k.value)}" + (f" ({md(k.detail)})" if k.detail else ""))
    L.append("")

    L += ["## Temas recurrentes", ""]
    if data.issues:
        L += _table(C.ISSUE_HEADERS, [C.issue_row(i) for i in data.issues]) + [""]
        for i in data.issues:
            L += [f"### {i.rank}. {md(i.label)}", ""]
            L += [f"- {md(f)}" for f in C.issue_facts(i)]
            L += [f"- {md(dim)}: {md(vals)}" for dim, vals in C.issue_split_text(i)]
            L.append(f"- Tendencia semanal (últimas {len(i.trend)} semanas): " + ", ".join(str(v) for v in i.trend))
            L.append("")
            if i.verbatims:
                L += ["Lo que dicen los clientes:", ""]
                for v in i.verbatims:
                    L += [f"> «{md(v.text)}»  ", f"> — {md(C.verbatim_meta(data, v))}", ""]
    else:
        L += ["No hay temas con registros en el periodo.", ""]
    apart = C.set_apart_text(data.set_apart)
    if apart:
        L += [md(apart), ""]

    if data.customers is not None:
        L += _customers(data)

    L += ["## Temas emergentes", ""]
    rows = C.emerging_rows(data)
    L += (_table(C.EMERGING_HEADERS, rows) if rows else ["No se detectaron temas nuevos ni crecimientos fuera de lo normal."]) + [""]

    L += ["## Sentimiento por semana", ""]
    rows = C.sentiment_rows(data)
    L += (_table(C.SENTIMENT_HEADERS, rows) if rows else ["Sin datos de sentimiento."]) + [""]

    L += ["## Distribución del periodo", ""]
    for dim, rows in C.overview_tables(data):
        L += [f"### {md(dim)}", ""] + _table(C.SPLIT_HEADERS, rows) + [""]

    L += ["## Cumplimiento de términos (ANS) por semana de radicación", ""]
    rows = C.sla_week_rows(data)
    L += (_table(C.SLA_WEEK_HEADERS, rows) if rows else ["No hay casos PQRS en el periodo analizado."]) + [""]

    L += ["## Notas de método", ""] + [f"- {md(n)}" for n in C.METHOD_NOTES] + [""]
    return "\n".join(L)


def _customers(data: ReportData) -> list[str]:
    """The "Clientes en riesgo" section: the table, then each customer's reasons and words."""
    L = ["## Clientes en riesgo", "", md(C.customers_intro(data)), ""]
    views = data.customers.views if data.customers else []
    if not views:
        return L
    L += _table(C.CUSTOMER_HEADERS, [C.customer_row(data, n, v) for n, v in enumerate(views, 1)]) + [""]
    for n, v in enumerate(views, 1):
        L += [f"### {md(C.customer_heading(n, v))}", ""]
        L += [f"- {md(r)}" for r in C.customer_reasons(v)]
        L.append("")
        for text, meta in C.customer_quotes(data, v):
            L += [f"> «{md(text)}»  ", f"> — {md(meta)}", ""]
    return L
