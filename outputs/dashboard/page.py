"""The dashboard page: one server-rendered HTML document, inline CSS, inline SVG charts.

No external asset (no CDN, no font, no image URL): it must work on a machine with no internet.
The page is the template `dashboard.html.j2`, autoescaped, so every piece of text from data
(verbatims, topic labels, team titles) is escaped by Jinja: a customer who writes `<script>`
sees it printed, never run. This module prepares what each part of the page shows.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Mapping, Sequence
from urllib.parse import urlencode

from escucha.outputs.dashboard.metrics import CHANNELS, SEGMENTS, VIEW_NAMES, DashboardView, Kpis
from escucha.outputs.reports import content as C
from escucha.outputs.reports.fmt import (
    channel_name,
    emotion_name,
    fmt_date,
    fmt_date_short,
    fmt_int,
    fmt_month,
    fmt_month_short,
    fmt_pct,
    fmt_range,
)
from escucha.outputs.reports.svg import NEG_COLOR, PALETTE, REST_COLOR, column_chart, label_step, line_chart
from escucha.outputs.rendering import Quoted, Table, render

SENT_COLORS = {"NEG": NEG_COLOR, "NEU": REST_COLOR, "POS": "#27ae60", "sin dato": "#e3e8ee"}
SENT_NAMES = {"NEG": "Negativo", "NEU": "Neutral", "POS": "Positivo", "sin dato": "Sin dato"}
STALE_NOTE = "La base de datos está en uso por la ejecución nocturna: se muestran los últimos datos leídos."
SERIES_HEADERS = ["Volumen", "Negativos", "% negativo", "Positivos", "Neutrales", "PQRS radicados", "A tiempo",
                  "En riesgo", "Vencidos"]


@dataclass(frozen=True)
class Select:
    name: str  # the query parameter
    label: str
    options: list[tuple[str, str, bool]]  # value, label, selected


@dataclass(frozen=True)
class KpiCard:
    key: str  # the card's id: kpi-<key>
    label: str
    value: str
    detail: str = ""
    cls: str = ""  # ok | risk | bad: the value's colour
    raw: object = ""  # the unformatted number, for scripts and tests (data-value)


@dataclass(frozen=True)
class MixPart:
    name: str
    count: int
    color: str
    width: float  # percent of the bar
    count_text: str
    share_text: str


def _bucket_label(ts, vista: str) -> str:
    if vista == "mes":
        return fmt_month(ts)
    if vista == "semana":
        return f"sem. {fmt_date_short(ts)}"
    return fmt_date_short(ts)


def _axis_labels(labels: Sequence[str]) -> list[str]:
    step = label_step(len(labels))
    return [lab if i % step == 0 or i == len(labels) - 1 else "" for i, lab in enumerate(labels)]


def _select(name: str, label: str, values: Sequence[tuple[str, str]], selected: str | None, all_label: str) -> Select:
    """A filter select whose first option (empty value) means "all"."""
    return Select(name, label, [("", all_label, not selected)] + [(value, text, value == selected) for value, text in values])


def filter_form(v: DashboardView, teams: Mapping[str, str]) -> dict[str, Any]:
    """The filters: view, team, channel, segment, dates, and the link that clears them."""
    f = v.filters
    vista = Select("vista", "Vista", [(key, name.capitalize(), key == f.vista) for key, name in VIEW_NAMES.items()])
    return {
        "selects": [
            vista,
            _select("equipo", "Equipo", list(teams.items()), f.equipo, "Todos los equipos"),
            _select("canal", "Canal", [(c, channel_name(c)) for c in CHANNELS], f.canal, "Todos los canales"),
            _select("segmento", "Segmento", [(s, s.capitalize()) for s in SEGMENTS], f.segmento, "Todos los segmentos"),
        ],
        "dates": [("desde", "Desde", v.start.isoformat()), ("hasta", "Hasta", v.end.isoformat())],  # name, label, value
        "reset_query": urlencode({"vista": f.vista}),
    }


def kpi_cards(v: DashboardView) -> list[KpiCard]:
    k, share = v.kpis, _risk_share(v)
    return [
        KpiCard("volumen", "Volumen", fmt_int(k.volume), "registros en el periodo", raw=k.volume),
        KpiCard("negativos", "Negativos", fmt_int(k.negative), "registros con sentimiento negativo", raw=k.negative),
        KpiCard("pct-negativo", "% negativo", fmt_pct(k.share_negative), "del volumen", raw=k.share_negative),
        KpiCard("clientes", "Clientes", fmt_int(k.customers), "distintos que escribieron o llamaron", raw=k.customers),
        KpiCard("pqrs", "PQRS radicados", fmt_int(k.pqrs_cases), "casos del periodo", raw=k.pqrs_cases),
        KpiCard("a-tiempo", "A tiempo", fmt_int(k.sla_on_time), f"abiertos, menos del {share} usado", "ok",
                raw=k.sla_on_time),
        KpiCard("en-riesgo", "En riesgo", fmt_int(k.sla_at_risk), f"abiertos, {share} o más usado", "risk",
                raw=k.sla_at_risk),
        KpiCard("vencidos", "Vencidos", fmt_int(k.sla_breached), "abiertos, fuera de término", "bad", raw=k.sla_breached),
        KpiCard("cumplimiento", "Cumplimiento ANS", fmt_pct(k.compliance, 0),
                f"cerrados a tiempo: {fmt_int(k.sla_closed_on_time)}; fuera de término: {fmt_int(k.sla_closed_late)}",
                raw="" if k.compliance != k.compliance else k.compliance),
    ]


def _risk_share(v: DashboardView) -> str:
    return f"{fmt_pct(v.at_risk_share, 0)} del término"


def series_section(v: DashboardView) -> dict[str, Any]:
    """Volume and sentiment per bucket: two charts and the table under them."""
    s, vista = v.series, v.filters.vista
    name = VIEW_NAMES[vista]
    labels = [_bucket_label(p, vista) for p in s["period"]]
    short = [fmt_date_short(p) if vista != "mes" else fmt_month_short(p) for p in s["period"]]
    known = (s["NEG"] + s["NEU"] + s["POS"]).replace(0, float("nan"))
    rows = [[lab, fmt_int(r.volume), fmt_int(r.negative), fmt_pct(r.share_negative), fmt_int(r.POS), fmt_int(r.NEU),
             fmt_int(r.pqrs_cases), fmt_int(r.on_time), fmt_int(r.at_risk), fmt_int(r.breached)]
            for lab, r in zip(labels, s.itertuples())]
    return {
        "volume_chart": column_chart(short, list(s["volume"]), list(s["negative"]),
                                     f"Registros por {name} (en rojo, los negativos)"),
        "sentiment_chart": line_chart(_axis_labels(short), [("Negativo", list(s["NEG"] / known)),
                                                            ("Positivo", list(s["POS"] / known))],
                                      f"Proporción de registros negativos y positivos por {name}"),
        "series_table": Table([name.capitalize(), *SERIES_HEADERS], rows, frozenset(range(1, 10)), id="serie"),
    }


def _mix(parts: Sequence[tuple[str, int, str]]) -> list[MixPart]:
    total = sum(c for _, c, _ in parts) or 1
    return [MixPart(name, c, color, 100 * c / total, fmt_int(c), fmt_pct(c / total, 0)) for name, c, color in parts]


def mix_section(k: Kpis) -> dict[str, Any]:
    """The period's sentiment and emotions as stacked bars with their legends."""
    sentiment = [(SENT_NAMES[key], c, SENT_COLORS[key]) for key, c in k.sentiment.items() if c or key != "sin dato"]
    emotions = [(emotion_name(e).capitalize(), c, PALETTE[i % len(PALETTE)]) for i, (e, c) in enumerate(k.emotions)]
    return {"sentiment_mix": _mix(sentiment), "emotion_mix": _mix(emotions) if emotions else None}


def topics_section(v: DashboardView) -> dict[str, Any]:
    """The period's recurring topics and what customers say about each."""
    if not v.topics:
        return {"topics_table": None, "topics": []}
    rows = [C.topic_row(t) for t in v.topics]
    quotes = [(t.rank, t.label, [Quoted(q.text, f"{channel_name(q.channel)} · {fmt_date(q.created_at)}")
                                 for q in t.verbatims])
              for t in v.topics if t.verbatims]  # rank, label, what customers say
    return {"topics_table": Table(C.TOPIC_HEADERS, rows, frozenset({0, 3, 4, 5})), "topics": quotes}


def render_page(
    v: DashboardView,
    teams: Mapping[str, str],
    nonce: str,
    read_at: str,
    stale: bool = False,
    extra_notes: Sequence[str] = (),
) -> str:
    """The whole page. `teams`: team name -> title for the team selector."""
    notes = ([STALE_NOTE] if stale else []) + list(extra_notes) + list(v.notes)
    return render(
        "dashboard.html.j2", nonce=nonce, read_at=read_at, notes=notes, period=fmt_range(v.start, v.end),
        view_name=VIEW_NAMES[v.filters.vista], kpis=kpi_cards(v), as_of=fmt_date(v.as_of), risk_share=_risk_share(v),
        **filter_form(v, teams), **series_section(v), **mix_section(v.kpis), **topics_section(v),
    )


def render_message(title: str, message: str, status_hint: str = "") -> str:
    """A small page for errors (401, 503): same look, no data, no script."""
    return render("dashboard_message.html.j2", title=title, message=message, status_hint=status_hint)


def render_customers_page(rows: Sequence[Any], selects: Sequence[Any], states: Sequence[tuple[str, str]],
                          form_token: str, filters_query: Mapping[str, str], nonce: str, read_at: str,
                          window_days: int, listed: int, stale: bool = False, notes: Sequence[str] = ()) -> str:
    """The "Clientes en riesgo" page: filters, the list (reasons, verbatims, follow-up state) and
    one follow-up form per customer. `rows`: customers.CustomerRow; `selects`: (name, label, options)."""
    return render(
        "customers.html.j2", rows=rows, selects=selects, states=states, form_token=form_token,
        filters_query=list(filters_query.items()), nonce=nonce, read_at=read_at, window_days=window_days,
        listed=fmt_int(listed), shown=fmt_int(len(rows)), notes=([STALE_NOTE] if stale else []) + list(notes),
    )
