"""The dashboard page: one server-rendered HTML document, inline CSS, inline SVG charts.

No external asset (no CDN, no font, no image URL): it must work on a machine with no internet.
The only script is a few lines that submit the filter form when a select changes; it carries the
response's CSP nonce. Every piece of text from data (verbatims, topic labels, team titles) goes
through `esc`, so a customer who writes `<script>` sees it printed, never run.
"""

from __future__ import annotations

import math
from typing import Mapping, Sequence
from urllib.parse import urlencode

from escucha.outputs.dashboard.metrics import CHANNELS, SEGMENTS, VIEW_NAMES, DashboardView
from escucha.outputs.reports.fmt import (
    MISSING,
    MONTHS_SHORT,
    channel_name,
    emotion_name,
    fmt_date,
    fmt_date_short,
    fmt_growth,
    fmt_int,
    fmt_month,
    fmt_pct,
    fmt_range,
)
from escucha.outputs.reports.svg import NEG_COLOR, PALETTE, REST_COLOR, esc, line_chart

CSS = """
*{box-sizing:border-box}
body{font-family:-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif;color:#1f2d3d;margin:0;
 background:#f4f6f8;line-height:1.45}
header{background:#1f3a5f;color:#fff;padding:16px 24px}
header h1{margin:0 0 4px;font-size:1.45em}
header p{margin:0;opacity:.9;font-size:.95em}
main{max-width:1180px;margin:0 auto;padding:16px 24px}
form.filters{display:flex;flex-wrap:wrap;gap:10px 14px;align-items:flex-end;background:#fff;border-radius:8px;
 padding:12px 16px;box-shadow:0 1px 2px rgba(0,0,0,.08)}
form.filters label{display:flex;flex-direction:column;font-size:.8em;color:#5b6b7b;gap:2px}
form.filters select,form.filters input{font:inherit;font-size:1em;padding:4px 6px;border:1px solid #c3ccd6;border-radius:4px;background:#fff}
form.filters button{font:inherit;padding:6px 14px;border:0;border-radius:4px;background:#1f3a5f;color:#fff;cursor:pointer}
form.filters a{font-size:.9em;color:#1f3a5f}
section{background:#fff;border-radius:8px;padding:14px 18px;margin:14px 0;box-shadow:0 1px 2px rgba(0,0,0,.08)}
h2{font-size:1.15em;margin:0 0 10px;color:#1f3a5f}
.kpis{display:grid;grid-template-columns:repeat(auto-fill,minmax(160px,1fr));gap:10px;background:none;box-shadow:none;padding:0}
.kpi{background:#fff;border-radius:8px;padding:10px 12px;box-shadow:0 1px 2px rgba(0,0,0,.08)}
.kpi .v{font-size:1.6em;font-weight:600}
.kpi .l{font-size:.78em;text-transform:uppercase;letter-spacing:.03em;color:#5b6b7b}
.kpi .d{font-size:.8em;color:#5b6b7b}
.kpi.risk .v{color:#b9770e}.kpi.bad .v{color:#c0392b}.kpi.ok .v{color:#1e8449}
.grid2{display:grid;grid-template-columns:repeat(auto-fit,minmax(340px,1fr));gap:14px}
table{border-collapse:collapse;width:100%;font-size:.88em;margin:6px 0}
th,td{border-bottom:1px solid #e3e8ee;padding:5px 8px;text-align:left;vertical-align:top}
th{background:#f0f3f6;font-weight:600}
td.n,th.n{text-align:right;white-space:nowrap}
blockquote{margin:6px 0 6px 0;padding:6px 10px;background:#f7f9fb;border-left:4px solid #c0392b;white-space:pre-wrap;font-size:.9em}
blockquote footer{font-size:.8em;color:#5b6b7b;margin-top:2px}
.chart text{font-size:12px;fill:#1f2d3d}.chart .axis{font-size:11px;fill:#5b6b7b}.chart .grid{stroke:#e3e8ee;stroke-width:1}
.note{color:#5b6b7b;font-size:.85em}
.warn{background:#fef5e7;border-left:4px solid #d68910}
.bar{display:flex;height:18px;border-radius:3px;overflow:hidden;margin:4px 0 8px}
.legend span{display:inline-block;margin-right:12px;font-size:.85em}
.legend i{display:inline-block;width:10px;height:10px;margin-right:4px;vertical-align:middle}
"""

SENT_COLORS = {"NEG": NEG_COLOR, "NEU": REST_COLOR, "POS": "#27ae60", "sin dato": "#e3e8ee"}
SENT_NAMES = {"NEG": "Negativo", "NEU": "Neutral", "POS": "Positivo", "sin dato": "Sin dato"}
SCRIPT = ("document.querySelectorAll('form.filters select').forEach(function(s){"
          "s.addEventListener('change',function(){s.form.submit();});});")


def _bucket_label(ts, vista: str) -> str:
    if vista == "mes":
        return fmt_month(ts)
    if vista == "semana":
        return f"sem. {fmt_date_short(ts)}"
    return fmt_date_short(ts)


def _nice_step(raw: float) -> int:
    """The smallest round whole number (1, 2, 3, 4, 5, 6, 8, 10, 15, 20, 25, ...) at least `raw`."""
    mag = 1
    while True:
        for m in (1, 1.5, 2, 2.5, 3, 4, 5, 6, 8):
            if m * mag >= raw and (m * mag) == int(m * mag):
                return int(m * mag)
        mag *= 10


def _label_step(n: int) -> int:
    """Every how many buckets an axis label fits (about 7 labels across)."""
    return max(1, math.ceil(n / 7))


def _axis_labels(labels: Sequence[str]) -> list[str]:
    step = _label_step(len(labels))
    return [lab if i % step == 0 or i == len(labels) - 1 else "" for i, lab in enumerate(labels)]


def _options(values: Sequence[tuple[str, str]], selected: str | None, all_label: str) -> str:
    opts = [f'<option value=""{" selected" if not selected else ""}>{esc(all_label)}</option>']
    for value, label in values:
        sel = " selected" if value == selected else ""
        opts.append(f'<option value="{esc(value)}"{sel}>{esc(label)}</option>')
    return "".join(opts)


def _kpi(key: str, label: str, value: str, detail: str = "", cls: str = "", raw: object = "") -> str:
    return (f'<div class="kpi {cls}" id="kpi-{key}" data-value="{esc(raw)}"><div class="l">{esc(label)}</div>'
            f'<div class="v">{esc(value)}</div><div class="d">{esc(detail)}</div></div>')


def _table(headers: Sequence[str], rows: Sequence[Sequence[str]], numeric: set[int]) -> str:
    head = "".join(f'<th class="{"n" if i in numeric else ""}">{esc(h)}</th>' for i, h in enumerate(headers))
    body = "".join("<tr>" + "".join(f'<td class="{"n" if i in numeric else ""}">{esc(v)}</td>'
                                    for i, v in enumerate(r)) + "</tr>" for r in rows)
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def column_chart(labels: Sequence[str], totals: Sequence[int], negs: Sequence[int], title: str,
                 width: int = 720, height: int = 240) -> str:
    """Vertical bars per bucket: volume in grey with its negative part in red."""
    if not labels:
        return ""
    left, right, top, bottom = 48, 12, 12, 40
    pw, ph = width - left - right, height - top - bottom
    vmax = 4 * _nice_step(max(totals) / 4)  # four round grid steps: 0, 250, 500, ...
    n = len(labels)
    slot = pw / n
    bw = max(2.0, slot * 0.7)
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" viewBox="0 0 {width} {height}" width="100%" '
             f'role="img" aria-label="{esc(title)}"><title>{esc(title)}</title>']
    for k in range(5):
        v = vmax * k / 4
        y = top + ph - ph * k / 4
        parts.append(f'<line x1="{left}" x2="{width - right}" y1="{y:.1f}" y2="{y:.1f}" class="grid"/>'
                     f'<text x="{left - 6}" y="{y + 4:.1f}" text-anchor="end" class="axis">{esc(fmt_int(v))}</text>')
    step = _label_step(n)
    for i, (lab, t, ng) in enumerate(zip(labels, totals, negs)):
        x = left + slot * i + (slot - bw) / 2
        ht, hn = ph * t / vmax, ph * min(ng, t) / vmax
        parts.append(f'<rect x="{x:.1f}" y="{top + ph - ht:.1f}" width="{bw:.1f}" height="{ht:.1f}" fill="{REST_COLOR}">'
                     f'<title>{esc(lab)}: {esc(fmt_int(t))} registros, {esc(fmt_int(ng))} negativos</title></rect>'
                     f'<rect x="{x:.1f}" y="{top + ph - hn:.1f}" width="{bw:.1f}" height="{hn:.1f}" fill="{NEG_COLOR}"/>')
        if i % step == 0 or i == n - 1:
            parts.append(f'<text x="{x + bw / 2:.1f}" y="{top + ph + 16}" text-anchor="middle" class="axis">{esc(lab)}</text>')
    parts.append("</svg>")
    return "".join(parts)


def _mix_bar(parts: Sequence[tuple[str, int, str]]) -> str:
    total = sum(c for _, c, _ in parts) or 1
    bar = "".join(f'<span style="width:{100 * c / total:.2f}%;background:{color}" title="{esc(name)}"></span>'
                  for name, c, color in parts if c)
    legend = "".join(f'<span><i style="background:{color}"></i>{esc(name)}: {esc(fmt_int(c))} '
                     f'({esc(fmt_pct(c / total, 0))})</span>' for name, c, color in parts)
    return f'<div class="bar">{bar}</div><div class="legend">{legend}</div>'


def render_page(
    v: DashboardView,
    teams: Mapping[str, str],
    nonce: str,
    read_at: str,
    stale: bool = False,
    extra_notes: Sequence[str] = (),
) -> str:
    """The whole page. `teams`: team name -> title for the team selector."""
    f, k = v.filters, v.kpis
    vista_name = VIEW_NAMES[f.vista]
    H = [
        "<!DOCTYPE html>", '<html lang="es"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>Tablero de control · Escucha</title><style>{CSS}</style></head><body>",
        "<header><h1>Tablero de control</h1>",
        f"<p>Periodo: {esc(fmt_range(v.start, v.end))} · Vista por {esc(vista_name)} · "
        f"Datos leídos: {esc(read_at)}</p></header><main>",
    ]
    team_opts = [(name, title) for name, title in teams.items()]
    H.append(
        '<form class="filters" method="get" action="">'
        '<label>Vista<select name="vista" id="f-vista">'
        + "".join(f'<option value="{key}"{" selected" if key == f.vista else ""}>{esc(name.capitalize())}</option>'
                  for key, name in VIEW_NAMES.items())
        + "</select></label>"
        f'<label>Equipo<select name="equipo" id="f-equipo">{_options(team_opts, f.equipo, "Todos los equipos")}</select></label>'
        f'<label>Canal<select name="canal" id="f-canal">{_options([(c, channel_name(c)) for c in CHANNELS], f.canal, "Todos los canales")}</select></label>'
        f'<label>Segmento<select name="segmento" id="f-segmento">{_options([(s, s.capitalize()) for s in SEGMENTS], f.segmento, "Todos los segmentos")}</select></label>'
        f'<label>Desde<input type="date" name="desde" id="f-desde" value="{esc(v.start.isoformat())}"></label>'
        f'<label>Hasta<input type="date" name="hasta" id="f-hasta" value="{esc(v.end.isoformat())}"></label>'
        '<button type="submit">Aplicar</button>'
        f'<a href="?{esc(urlencode({"vista": f.vista}))}">Quitar filtros</a></form>'
    )
    notes = list(extra_notes) + list(v.notes)
    if stale:
        notes.insert(0, "La base de datos está en uso por la ejecución nocturna: se muestran los últimos datos leídos.")
    for note in notes:
        H.append(f'<section class="note warn" role="status">{esc(note)}</section>')

    share = f"{fmt_pct(v.at_risk_share, 0)} del término"
    H.append('<section class="kpis" aria-label="Indicadores del periodo">')
    H.append(_kpi("volumen", "Volumen", fmt_int(k.volume), "registros en el periodo", raw=k.volume))
    H.append(_kpi("negativos", "Negativos", fmt_int(k.negative), "registros con sentimiento negativo", raw=k.negative))
    H.append(_kpi("pct-negativo", "% negativo", fmt_pct(k.share_negative), "del volumen", raw=k.share_negative))
    H.append(_kpi("clientes", "Clientes", fmt_int(k.customers), "distintos que escribieron o llamaron", raw=k.customers))
    H.append(_kpi("pqrs", "PQRS radicados", fmt_int(k.pqrs_cases), "casos del periodo", raw=k.pqrs_cases))
    H.append(_kpi("a-tiempo", "A tiempo", fmt_int(k.sla_on_time), f"abiertos, menos del {share} usado", "ok", raw=k.sla_on_time))
    H.append(_kpi("en-riesgo", "En riesgo", fmt_int(k.sla_at_risk), f"abiertos, {share} o más usado", "risk", raw=k.sla_at_risk))
    H.append(_kpi("vencidos", "Vencidos", fmt_int(k.sla_breached), "abiertos, fuera de término", "bad", raw=k.sla_breached))
    H.append(_kpi("cumplimiento", "Cumplimiento ANS", fmt_pct(k.compliance, 0),
                  f"cerrados a tiempo: {fmt_int(k.sla_closed_on_time)}; fuera de término: {fmt_int(k.sla_closed_late)}",
                  raw="" if k.compliance != k.compliance else k.compliance))
    H.append("</section>")

    s = v.series
    labels = [_bucket_label(p, f.vista) for p in s["period"]]
    short = [fmt_date_short(p) if f.vista != "mes" else f"{MONTHS_SHORT[p.month - 1]} {p.year}" for p in s["period"]]
    H.append(f'<section><h2>Volumen y sentimiento por {esc(vista_name)}</h2><div class="grid2">')
    H.append("<div>" + column_chart(short, list(s["volume"]), list(s["negative"]),
                                    f"Registros por {vista_name} (en rojo, los negativos)") + "</div>")
    known = (s["NEG"] + s["NEU"] + s["POS"]).replace(0, float("nan"))
    series = [("Negativo", list(s["NEG"] / known)), ("Positivo", list(s["POS"] / known))]
    H.append("<div>" + line_chart(_axis_labels(short), series, f"Proporción de registros negativos y positivos por {vista_name}")
             + "</div></div>")
    rows = [[lab, fmt_int(r.volume), fmt_int(r.negative), fmt_pct(r.share_negative), fmt_int(r.POS), fmt_int(r.NEU),
             fmt_int(r.pqrs_cases), fmt_int(r.on_time), fmt_int(r.at_risk), fmt_int(r.breached)]
            for lab, r in zip(labels, s.itertuples())]
    H.append('<table id="serie">' + _table(
        [vista_name.capitalize(), "Volumen", "Negativos", "% negativo", "Positivos", "Neutrales",
         "PQRS radicados", "A tiempo", "En riesgo", "Vencidos"], rows, set(range(1, 10)))[len("<table>"):])
    H.append("</section>")

    H.append('<section><h2>Sentimiento y emociones del periodo</h2><div class="grid2"><div><h3>Sentimiento</h3>')
    H.append(_mix_bar([(SENT_NAMES[key], c, SENT_COLORS[key]) for key, c in k.sentiment.items() if c or key != "sin dato"]))
    H.append("</div><div><h3>Emociones</h3>")
    if k.emotions:
        H.append(_mix_bar([(emotion_name(e).capitalize(), c, PALETTE[i % len(PALETTE)])
                           for i, (e, c) in enumerate(k.emotions)]))
    else:
        H.append("<p>Sin datos de emociones.</p>")
    H.append("</div></div></section>")

    H.append('<section id="temas"><h2>Temas recurrentes del periodo</h2>')
    if v.topics:
        rows = [[str(t.rank), t.label, t.category or MISSING, fmt_int(t.volume), fmt_pct(t.share_negative, 0),
                 fmt_growth(t.growth, t.volume_prev, t.volume), f"{t.weeks_present} de {t.weeks_observed}"]
                for t in v.topics]
        H.append(_table(["#", "Tema", "Categoría", "Volumen", "% negativo", "Variación", "Semanas presente"],
                        rows, {0, 3, 4, 5}))
        for t in v.topics:
            if not t.verbatims:
                continue
            H.append(f"<h3>{esc(t.rank)}. {esc(t.label)}</h3>")
            for vb in t.verbatims:
                meta = f"{channel_name(vb.channel)} · {fmt_date(vb.created_at)}"
                H.append(f'<blockquote class="verbatim">«{esc(vb.text)}»<footer>{esc(meta)}</footer></blockquote>')
    else:
        H.append("<p>No hay temas con registros en el periodo.</p>")
    H.append("</section>")

    H.append('<section class="note"><h2>Cómo leer el tablero</h2><ul>'
             "<li>Todos los indicadores respetan los filtros; el periodo va del primer día (desde) al último (hasta), "
             "ambos incluidos, en la zona horaria configurada.</li>"
             f"<li>ANS: casos PQRS radicados en el periodo, con su estado al {esc(fmt_date(v.as_of))}. «En riesgo»: "
             f"abiertos con el {esc(share)} o más ya usado; «Vencidos»: abiertos después del término legal "
             "(días hábiles, con festivos del país).</li>"
             "<li>Cumplimiento: cerrados a tiempo sobre los casos ya decididos (cerrados más vencidos).</li>"
             "<li>Los textos de clientes se muestran con los datos personales ya anonimizados.</li></ul></section>")
    H.append(f'</main><script nonce="{esc(nonce)}">{SCRIPT}</script></body></html>')
    return "\n".join(H)


def render_message(title: str, message: str, status_hint: str = "") -> str:
    """A small page for errors (401, 503): same look, no data, no script."""
    return ("<!DOCTYPE html>\n<html lang=\"es\"><head><meta charset=\"utf-8\">"
            f"<title>{esc(title)} · Escucha</title><style>{CSS}</style></head><body>"
            f"<header><h1>{esc(title)}</h1><p>{esc(status_hint)}</p></header><main>"
            f'<section role="alert">{esc(message)}</section></main></body></html>')
