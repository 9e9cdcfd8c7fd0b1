"""One self-contained HTML file per report: inline CSS, inline SVG, no script, no external asset.

Readers may have no internet access, and the file travels by e-mail: nothing is loaded from
outside. All text that comes from data (topic labels, verbatims, products, team titles) goes
through html.escape; a Content-Security-Policy without scripts is a second line of defence.
"""

from __future__ import annotations

import math

from escucha.outputs.reports import content as C
from escucha.outputs.reports.builder import ReportData
from escucha.outputs.reports.fmt import fmt_int
from escucha.outputs.reports.svg import bar_chart, esc, line_chart, sparkline

CSS = """
*{box-sizing:border-box}
body{font-family:-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif;color:#1f2d3d;
 margin:0;background:#f4f6f8;line-height:1.45}
main{max-width:1040px;margin:0 auto;padding:24px}
header{background:#1f3a5f;color:#fff;padding:24px}
header h1{margin:0 0 6px;font-size:1.6em}
header p{margin:0;opacity:.9}
section{background:#fff;border-radius:8px;padding:16px 20px;margin:16px 0;box-shadow:0 1px 2px rgba(0,0,0,.08)}
h2{font-size:1.25em;margin:0 0 12px;color:#1f3a5f}
h3{font-size:1.05em;margin:0 0 8px}
.kpis{display:grid;grid-template-columns:repeat(auto-fill,minmax(180px,1fr));gap:12px;background:none;box-shadow:none;padding:0}
.kpi{background:#fff;border-radius:8px;padding:12px 14px;box-shadow:0 1px 2px rgba(0,0,0,.08)}
.kpi .v{font-size:1.7em;font-weight:600}
.kpi .l{font-size:.85em;text-transform:uppercase;letter-spacing:.03em;color:#5b6b7b}
.kpi .d{font-size:.85em;color:#5b6b7b}
table{border-collapse:collapse;width:100%;font-size:.9em;margin:8px 0}
th,td{border-bottom:1px solid #e3e8ee;padding:6px 8px;text-align:left;vertical-align:top}
th{background:#f0f3f6;font-weight:600}
td.n,th.n{text-align:right;white-space:nowrap}
.issue{border-top:1px solid #e3e8ee;padding-top:12px;margin-top:12px}
.issue:first-of-type{border-top:none}
.badge{display:inline-block;font-size:.75em;background:#d68910;color:#fff;border-radius:10px;padding:1px 8px;margin-left:6px;vertical-align:middle}
.cat{color:#5b6b7b;font-size:.85em;font-weight:normal}
.trend{float:right;text-align:right;font-size:.75em;color:#5b6b7b}
blockquote{margin:8px 0;padding:8px 12px;background:#f7f9fb;border-left:4px solid #c0392b;white-space:pre-wrap}
blockquote footer{font-size:.8em;color:#5b6b7b;margin-top:4px}
.grid2{display:grid;grid-template-columns:repeat(auto-fit,minmax(460px,1fr));gap:16px}
.grid2>div{min-width:0;overflow-x:auto}
.chart text{font-size:12px;fill:#1f2d3d}
.chart .axis{font-size:11px;fill:#5b6b7b}
.chart .grid{stroke:#e3e8ee;stroke-width:1}
.note{color:#5b6b7b;font-size:.85em}
@media print{body{background:#fff}section{box-shadow:none;border:1px solid #ddd;break-inside:avoid}}
"""
CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:"
NUMERIC = {"Volumen", "Negativos", "Clientes", "PQRS vencidos", "PQRS en riesgo", "Cumplimiento", "Esperado",
           "Veces lo esperado", "Registros", "Participación", "Casos", "Cerrados a tiempo", "Fuera de término",
           "Abiertos", "En riesgo", "Vencidos", "Días hábiles a 1.ª respuesta", "Positivos", "Variación", "#"}


def _table(headers: list[str], rows: list[list[str]]) -> str:
    cls = ['n' if h in NUMERIC else '' for h in headers]
    head = "".join(f'<th class="{c}">{esc(h)}</th>' for h, c in zip(headers, cls))
    body = "".join("<tr>" + "".join(f'<td class="{c}">{esc(v)}</td>' for v, c in zip(r, cls)) + "</tr>" for r in rows)
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def render_html(data: ReportData) -> str:
    title, sub = C.heading(data)
    H: list[str] = [
        "<!DOCTYPE html>", '<html lang="es"><head><meta charset="utf-8">',
        f'<meta http-equiv="Content-Security-Policy" content="{CSP}">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{esc(title)}</title><style>{CSS}</style></head><body>",
        f"<header><h1>{esc(title)}</h1><p>{esc(sub)}</p></header><main>",
    ]
    for note in data.notes:
        H.append(f'<section class="note">{esc(note)}</section>')

    H.append('<section class="kpis" aria-label="Indicadores clave">')
    for k in C.kpis(data):
        H.append(f'<div class="kpi"><div class="l">{esc(k.label)}</div><div class="v">{esc(k.value)}</div>'
                 f'<div class="d">{esc(k.detail)}</div></div>')
    H.append("</section>")

    H.append("<section><h2>Temas recurrentes</h2>")
    if data.issues:
        H.append(bar_chart([(i.label, i.volume, round(i.volume * i.share_negative)) for i in data.issues],
                           "Volumen del periodo por tema (en rojo, la parte negativa)"))
        H.append(_table(C.ISSUE_HEADERS, [C.issue_row(i) for i in data.issues]))
    else:
        H.append("<p>No hay temas con registros en el periodo.</p>")
    H.append("</section>")

    if data.issues:
        H.append("<section><h2>Detalle por tema</h2>")
        for i in data.issues:
            badge = f'<span class="badge">{esc(C.REASONS.get(i.emerging, i.emerging))}</span>' if i.emerging else ""
            H.append(f'<article class="issue"><div class="trend">'
                     f'{sparkline(i.trend, f"Registros por semana de {i.label}")}<br>'
                     f'{esc(f"Por semana, últimas {len(i.trend)}: " + ", ".join(fmt_int(v) for v in i.trend))}</div>')
            H.append(f'<h3>{esc(i.rank)}. {esc(i.label)} <span class="cat">{esc(i.category or "")}</span>{badge}</h3>')
            H.append("<ul>" + "".join(f"<li>{esc(f)}</li>" for f in C.issue_facts(i))
                     + "".join(f"<li>{esc(d)}: {esc(v)}</li>" for d, v in C.issue_split_text(i)) + "</ul>")
            for v in i.verbatims:
                H.append(f"<blockquote>«{esc(v.text)}»<footer>{esc(C.verbatim_meta(data, v))}</footer></blockquote>")
            H.append("</article>")
        H.append("</section>")

    H.append("<section><h2>Temas emergentes</h2>")
    rows = C.emerging_rows(data)
    H.append(_table(C.EMERGING_HEADERS, rows) if rows
             else "<p>No se detectaron temas nuevos ni crecimientos fuera de lo normal.</p>")
    H.append("</section>")

    H.append('<section><h2>Sentimiento y emociones por semana</h2><div class="grid2">')
    x, series = C.sentiment_series(data)
    H.append(f"<div>{line_chart(x, series, 'Proporción de registros negativos y positivos por semana')}</div>"
             if x else "<p>Sin datos de sentimiento.</p>")
    x, series = C.emotion_series(data)
    peak = max([v for _, vs in series for v in vs if v == v and v is not None] or [1.0])
    top = min(1.0, max(0.1, math.ceil(peak * 10) / 10))
    H.append(f"<div>{line_chart(x, series, 'Proporción de cada emoción por semana', y_max=top)}</div>" if x
             else "<p>Sin datos de emociones.</p>")
    H.append("</div></section>")

    H.append('<section><h2>Distribución del periodo</h2><div class="grid2">')
    for dim, rows in C.overview_tables(data):
        H.append(f"<div><h3>{esc(dim)}</h3>{_table(C.SPLIT_HEADERS, rows)}</div>")
    H.append("</div></section>")

    H.append("<section><h2>Cumplimiento de términos (ANS) por semana de radicación</h2>")
    rows = C.sla_week_rows(data)
    H.append(_table(C.SLA_WEEK_HEADERS, rows) if rows else "<p>No hay casos PQRS en el periodo analizado.</p>")
    H.append("</section>")

    H.append('<section class="note"><h2>Notas de método</h2><ul>'
             + "".join(f"<li>{esc(n)}</li>" for n in C.METHOD_NOTES) + "</ul></section>")
    H.append("</main></body></html>")
    return "\n".join(H)
