"""The Spanish words and formatted cells of a report, shared by the Markdown and HTML renderers
(and the dashboard's topic table).

Cells are plain (unescaped) strings; each renderer escapes them for its own format.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from escucha.analytics.customers import CustomerView, reason_line, state_name
from escucha.locales import format_items
from escucha.outputs.reports.builder import ReportData
from escucha.outputs.reports.issues import IssueSummary
from escucha.outputs.reports.fmt import (
    DIMENSIONS,
    MISSING,
    channel_name,
    emotion_name,
    fmt_date,
    fmt_date_short,
    fmt_growth,
    fmt_int,
    fmt_num,
    fmt_pct,
    fmt_points,
    fmt_quantity,
    fmt_range,
    is_missing,
    value_name,
)

REASONS = {"nuevo": "Nuevo", "crecimiento": "Crecimiento"}
METHOD_NOTES = [
    "Puntaje de los temas recurrentes = volumen del periodo × (0,5 + % negativo) × (1 + recurrencia), "
    "donde la recurrencia es la proporción de semanas con registros del tema desde el inicio de los datos.",
    "Temas emergentes: temas nuevos en la ventana o con un volumen muy por encima de su promedio semanal "
    "(más de 3 desviaciones estándar, con un mínimo de ruido de Poisson).",
    "Términos de respuesta en días hábiles (Ley 1755 de 2015 por defecto: 15 días para peticiones, quejas y "
    "reclamos; 10 para documentos e información; 30 para consultas), sin contar fines de semana ni festivos "
    "del país del caso. Cumplimiento = casos cerrados a tiempo / (casos cerrados en el periodo + casos vencidos).",
    "Los textos citados fueron anonimizados al ingresar: los datos personales aparecen reemplazados.",
]


@dataclass
class Kpi:
    label: str
    value: str
    detail: str = ""


def local_day(data: ReportData, ts) -> pd.Timestamp:
    return pd.Timestamp(ts).tz_convert(data.tz)


def period_text(data: ReportData) -> str:
    """"del 14 al 20 de noviembre de 2026" — days shown in the team's time zone."""
    start = local_day(data, data.period_start)
    return fmt_range(start.date(), local_day(data, data.period_end).date())


def heading(data: ReportData) -> tuple[str, str]:
    """(title, subtitle)."""
    sub = (f"Periodo: {period_text(data)} ({data.period_days} días). "
           f"Generado el {fmt_date(local_day(data, data.now))}.")
    return str(data.team.title), sub


def kpis(data: ReportData) -> list[Kpi]:
    k = data.kpis
    out = [
        Kpi("Volumen", fmt_int(k.volume),
            f"periodo anterior: {fmt_int(k.volume_prev)} ({fmt_growth(k.growth, k.volume_prev, k.volume)})"),
        Kpi("Negativos", fmt_pct(k.share_negative), f"periodo anterior: {fmt_pct(k.share_negative_prev)}"),
        Kpi("Clientes que escribieron", fmt_int(k.customers)),
    ]
    if k.nps is not None:
        out.append(Kpi("NPS", fmt_points(k.nps), f"{fmt_int(k.n_scores)} respuestas de encuesta"))
    if k.csat is not None:
        out.append(Kpi("CSAT", fmt_pct(k.csat), f"{fmt_int(k.n_scores)} respuestas de encuesta"))
    out += [
        Kpi("Casos PQRS abiertos", fmt_int(k.pqrs_open), f"{fmt_int(k.pqrs_at_risk)} en riesgo de vencer"),
        Kpi("Casos PQRS vencidos", fmt_int(k.pqrs_breached), "abiertos y fuera de término"),
        Kpi("Cumplimiento de términos", fmt_pct(k.compliance), f"{fmt_int(k.pqrs_cases)} casos radicados en el periodo"),
    ]
    return out


ISSUE_HEADERS = ["#", "Tema", "Categoría", "Volumen", "Variación", "Negativos", "Semanas con registros",
                 "Clientes", "Canal principal", "PQRS vencidos", "PQRS en riesgo", "Cumplimiento"]


def issue_row(i: IssueSummary) -> list[str]:
    return [
        str(i.rank), i.label, i.category or MISSING, fmt_int(i.volume), fmt_growth(i.growth, i.volume_prev, i.volume),
        fmt_pct(i.share_negative), f"{fmt_int(i.weeks_present)} de {fmt_int(i.weeks_observed)}",
        fmt_int(i.customers_affected), channel_name(i.top_channel), fmt_int(i.sla.breached), fmt_int(i.sla.at_risk),
        fmt_pct(i.sla.compliance),
    ]


def set_apart_text(d: pd.DataFrame | None, top: int = 3) -> str | None:
    """One sentence on what the ranking leaves out because it is not a complaint (advertising,
    news that name the company: `recurring.set_apart`), or None when there is none."""
    if d is None or d.empty:
        return None
    total = int(d["volume"].sum())
    names = [f"«{r.topic_label}» ({fmt_int(r.volume)})" for r in d.head(top).itertuples(index=False)]
    if len(d) > top:
        names.append(f"{fmt_int(len(d) - top)} más")
    named = format_items(names)
    textos = "texto" if total == 1 else "textos"
    return (f"Fuera del ranking, porque no son quejas: {fmt_int(total)} {textos} de publicidad, noticias y "
            f"comentarios que mencionan a la empresa: {named}.")


TOPIC_HEADERS = ["#", "Tema", "Categoría", "Volumen", "% negativo", "Variación", "Semanas presente"]


def topic_row(i: IssueSummary) -> list[str]:
    """The dashboard's shorter row of an issue: no SLA columns, shares without decimals."""
    return [str(i.rank), i.label, i.category or MISSING, fmt_int(i.volume), fmt_pct(i.share_negative, 0),
            fmt_growth(i.growth, i.volume_prev, i.volume), f"{i.weeks_present} de {i.weeks_observed}"]


def issue_facts(i: IssueSummary) -> list[str]:
    """Sentences under an issue's heading."""
    facts = [
        f"{fmt_int(i.volume)} registros en el periodo ({fmt_growth(i.growth, i.volume_prev, i.volume)} frente a "
        f"{fmt_int(i.volume_prev)} del periodo anterior); {fmt_pct(i.share_negative)} negativos.",
        f"Presente en {fmt_int(i.weeks_present)} de {fmt_int(i.weeks_observed)} semanas; "
        f"{fmt_int(i.customers_affected)} clientes afectados.",
    ]
    if i.sla.cases:
        facts.append(
            f"PQRS: {fmt_int(i.sla.open)} abiertos, {fmt_int(i.sla.at_risk)} en riesgo, {fmt_int(i.sla.breached)} "
            f"vencidos; cumplimiento de términos {fmt_pct(i.sla.compliance)}."
        )
    if i.subthemes:
        parts = [f"{label} ({fmt_pct(share, 0)})" for label, share in i.subthemes]
        facts.append(f"Cómo se presenta: {format_items(parts)}.")
    if i.emerging:
        facts.append(f"Señal de tema emergente: {REASONS.get(i.emerging, i.emerging).lower()}.")
    return facts


def issue_split_text(i: IssueSummary, top: int = 3) -> list[tuple[str, str]]:
    """[(dimension label, "PQRS 14 · Chat 9 · Llamadas 9"), ...]."""
    out = []
    for dim, counts in i.splits.items():
        if counts:
            vals = " · ".join(f"{value_name(dim, v)} {fmt_int(c)}" for v, c in list(counts.items())[:top])
            out.append((DIMENSIONS.get(dim, dim), vals))
    return out


def verbatim_meta(data: ReportData, v) -> str:
    return f"{channel_name(v.channel)}, {fmt_date(local_day(data, v.created_at))}"


EMERGING_HEADERS = ["Tema", "Motivo", "Volumen", "Esperado", "Veces lo esperado", "Primera aparición"]


def emerging_rows(data: ReportData) -> list[list[str]]:
    rows = []
    for _, r in data.emerging.iterrows():
        ratio = r["ratio"]
        rows.append([
            str(r["topic_label"]), REASONS.get(str(r["reason"]), str(r["reason"])), fmt_int(r["volume"]),
            fmt_num(r["baseline"]), MISSING if is_missing(ratio) else f"×{fmt_num(ratio)}",
            fmt_date(local_day(data, r["first_seen"])),
        ])
    return rows


SPLIT_HEADERS = ["Valor", "Registros", "Participación", "Negativos"]


def overview_tables(data: ReportData) -> list[tuple[str, list[list[str]]]]:
    out = []
    for dim, g in data.overview.groupby("dimension", sort=False):
        rows = [[value_name(str(dim), r["value"]), fmt_int(r["count"]), fmt_pct(r["share"]), fmt_pct(r["share_negative"])]
                for _, r in g.iterrows()]
        out.append((DIMENSIONS.get(str(dim), str(dim)), rows))
    return out


SLA_WEEK_HEADERS = ["Semana", "Casos", "Cerrados a tiempo", "Fuera de término", "Abiertos", "En riesgo", "Vencidos",
                    "Cumplimiento", "Días hábiles a 1.ª respuesta"]


def sla_week_rows(data: ReportData) -> list[list[str]]:
    rows = []
    for _, r in data.sla_weekly.iterrows():
        rows.append([
            f"semana del {fmt_date_short(r['period'])}", fmt_int(r["cases"]), fmt_int(r["closed_on_time"]),
            fmt_int(r["closed_late"]), fmt_int(r["open"]), fmt_int(r["at_risk"]), fmt_int(r["breached"]),
            fmt_pct(r["compliance"]), fmt_num(r["avg_response_days"]),
        ])
    return rows


def sentiment_series(data: ReportData) -> tuple[list[str], list[tuple[str, list[float | None]]]]:
    s = data.sentiment
    if s.empty:
        return [], []
    x = [fmt_date_short(p) for p in s["period"]]
    return x, [("Negativo", list(s["share_negative"])), ("Positivo", list(s["share_positive"]))]


def emotion_series(data: ReportData, top: int = 5) -> tuple[list[str], list[tuple[str, list[float | None]]]]:
    e = data.emotion
    if e.empty:
        return [], []
    x = [fmt_date_short(p) for p in e["period"]]
    cols = [c for c in e.columns if c not in ("period", "total")][:top]
    return x, [(emotion_name(c), list(e[c])) for c in cols]


def sentiment_rows(data: ReportData) -> list[list[str]]:
    return [[f"semana del {fmt_date_short(r['period'])}", fmt_int(r["total"]), fmt_pct(r["share_negative"]),
             fmt_pct(r["share_positive"])] for _, r in data.sentiment.iterrows()]


SENTIMENT_HEADERS = ["Semana", "Registros", "Negativos", "Positivos"]


# -- Clientes en riesgo -------------------------------------------------------------------------

CUSTOMER_HEADERS = ["#", "Cliente", "Segmento", "Puntaje", "Último contacto", "Casos abiertos", "Casos vencidos",
                    "Seguimiento"]
CUSTOMER_VERBATIMS = 2  # quotes per customer in the report (the list keeps customers.verbatims)
NO_FOLLOW_UP = "sin seguimiento"


def customers_intro(data: ReportData) -> str:
    """The sentence under the section's heading."""
    c = data.customers
    assert c is not None
    if not c.views:
        return f"Ningún cliente en riesgo según los contactos de los últimos {fmt_int(c.window_days)} días."
    n = len(c.views)
    if c.listed > n:
        shown = f"Los {fmt_int(n)} clientes con el puntaje más alto de los {fmt_int(c.listed)} en riesgo de irse"
    else:
        shown = "El cliente en riesgo de irse" if n == 1 else f"Los {fmt_int(n)} clientes en riesgo de irse"
    return (f"{shown}, según sus contactos de los últimos "
            f"{fmt_int(c.window_days)} días en todos los canales y temas. El puntaje suma contactos negativos, "
            f"quejas repetidas en varios canales, casos PQRS abiertos y vencidos e intención de fuga, y se "
            f"multiplica por el valor del cliente y por lo reciente de su última queja; cada motivo dice cuánto "
            f"suma. La lista completa y su seguimiento están en el tablero de control (Clientes en riesgo).")


def customer_name(v: CustomerView) -> str:
    return v.customer_id or v.key


def customer_segment(v: CustomerView) -> str:
    return v.segment or "sin segmento"


def customer_row(data: ReportData, rank: int, v: CustomerView) -> list[str]:
    return [str(rank), customer_name(v), customer_segment(v), fmt_quantity(v.score), fmt_date(local_day(data, v.last_contact)),
            fmt_int(len(v.open_case_ids)), fmt_int(v.breached_cases), customer_follow_up(data, v)]


def customer_follow_up(data: ReportData, v: CustomerView) -> str:
    if not v.follow_up:
        return NO_FOLLOW_UP
    when = f" el {fmt_date_short(local_day(data, v.follow_up_at))}" if v.follow_up_at else ""
    return f"{state_name(v.follow_up)}{when}"


def customer_heading(rank: int, v: CustomerView) -> str:
    """"1. CLI-12345678 · estratégico · puntaje 30" ("puntaje 7,5": a score has one decimal, shown
    only when it is not zero)."""
    return f"{rank}. {customer_name(v)} · {customer_segment(v)} · puntaje {fmt_quantity(v.score)}"


def customer_reasons(v: CustomerView) -> list[str]:
    return [reason_line(r) for r in v.reasons]


def customer_quotes(data: ReportData, v: CustomerView, n: int = CUSTOMER_VERBATIMS) -> list[tuple[str, str]]:
    """(redacted text, "Llamadas, 19 de noviembre de 2026"), the churn words first."""
    return [(e.text, f"{channel_name(e.channel)}, {fmt_date(local_day(data, e.created_at))}") for e in v.evidence[:n]]
