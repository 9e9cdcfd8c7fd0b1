"""Alerts and reports as channel-neutral Messages, in Spanish, for the people who read them.

An `Alert` becomes a subject, a short summary, facts (counts, baseline, window), verbatims
(already redacted at ingest) with their links, and a plain-text and HTML body (templates
`alert_email.txt.j2`, `alert_email.html.j2`). A report becomes an e-mail with the Markdown as
text, a short HTML body (`report_email.html.j2`) and the full HTML report attached.
"""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pandas as pd

from escucha.analytics.alerts import (
    Alert,
    AlertKind,
    CustomerRiskEvidence,
    EmergingEvidence,
    Evidence,
    Quote,
    ReachEvidence,
    RunFailureEvidence,
    SlaCase,
    SlaEvidence,
    SpikeEvidence,
)
from escucha.outputs.delivery._base import Attachment, Message, Verbatim
from escucha.outputs.rendering import render
from escucha.outputs.reports.fmt import channel_name, fmt_date, fmt_datetime, fmt_int, fmt_num, fmt_quantity

KIND_NAMES = {
    AlertKind.SPIKE: "Pico de menciones negativas",
    AlertKind.HIGH_REACH: "Publicación negativa de gran alcance",
    AlertKind.EMERGING: "Tema emergente",
    AlertKind.SLA_BREACH: "Casos PQRS vencidos (ANS)",
    AlertKind.RUN_FAILED: "Ejecución fallida",
    AlertKind.STRATEGIC_AT_RISK: "Cliente estratégico en riesgo",
}
SEVERITY_NOTE = {
    "alta": "requiere atención hoy",
    "media": "conviene revisarla en las próximas horas",
    "baja": "para seguimiento",
}
ALERT_FOOTER = "Escucha · voz del cliente. Esta alerta se envía una sola vez por incidente."
# A customer at risk is not an incident that ends: the alert comes back each week the customer
# stays on the list without a follow-up.
WEEKLY_ALERT_FOOTER = ("Escucha · voz del cliente. Esta alerta se envía una vez por semana mientras el cliente "
                       "siga en la lista sin un seguimiento registrado.")
MAX_VERBATIM_CHARS = 280
MAX_CASES_LISTED = 10


def _when(value: datetime | date | str, tz: str) -> str:
    ts = pd.Timestamp(value)
    if ts.tzinfo is None:
        ts = ts.tz_localize("UTC")
    return fmt_datetime(ts, tz)


def _cut(text: str, n: int = MAX_VERBATIM_CHARS) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= n else text[: n - 1] + "…"


def _verbatim(q: Quote, tz: str) -> Verbatim:
    origin = [channel_name(q.channel)] if q.channel else []
    if q.created_at:
        origin.append(_when(q.created_at, tz))
    return Verbatim(text=_cut(q.text), url=q.url or None, source=" · ".join(origin) or None)


def _spike_facts(ev: SpikeEvidence, tz: str) -> list[tuple[str, str]]:
    facts = [
        ("Menciones negativas", f"{fmt_int(ev.count)} en la ventana"),
        ("Línea base", f"{fmt_num(ev.baseline_mean)} por ventana (desv. {fmt_num(ev.baseline_std)})"),
        ("Umbral", fmt_num(ev.threshold)),
        ("Ventana", f"{_when(ev.window_start, tz)} – {_when(ev.window_end, tz)}"),
        ("Canal", channel_name(ev.channel) if ev.channel else "todos"),
    ]
    if ev.top_topics:  # most mentioned first (the store keeps the mapping in key order)
        top = sorted(ev.top_topics.items(), key=lambda kv: -kv[1])
        facts.append(("Temas principales", ", ".join(f"{k} ({fmt_int(v)})" for k, v in top)))
    return facts


def _reach_facts(ev: ReachEvidence, tz: str) -> list[tuple[str, str]]:
    facts = [("Seguidores del autor", fmt_int(ev.followers))]
    for value, label in ((ev.likes, "Me gusta"), (ev.shares, "Compartidos")):
        if value is not None:
            facts.append((label, fmt_int(value)))
    if ev.topic_label:
        facts.append(("Tema", ev.topic_label))
    if ev.created_at:
        facts.append(("Publicada", _when(ev.created_at, tz)))
    return facts


def _emerging_facts(ev: EmergingEvidence) -> list[tuple[str, str]]:
    facts = [("Tema", ev.topic_label or f"Tema {ev.topic_id}"), ("Casos en la ventana", fmt_int(ev.volume))]
    if ev.baseline is not None:
        facts.append(("Línea base esperada", fmt_num(ev.baseline)))
    if ev.ratio is not None:
        facts.append(("Veces la línea base", fmt_num(ev.ratio)))
    facts.append(("Motivo", "tema nuevo" if ev.reason == "nuevo" else "crecimiento sobre su historia"))
    return facts


def _sla_facts(ev: SlaEvidence) -> list[tuple[str, str]]:
    facts = [("Casos vencidos nuevos", fmt_int(ev.count)), ("Total vencidos abiertos", fmt_int(ev.open_breached))]
    if ev.by_type:
        facts.append(("Por tipo", ", ".join(f"{k}: {fmt_int(v)}" for k, v in ev.by_type.items())))
    if ev.max_days_overdue is not None:
        facts.append(("Mayor atraso", f"{fmt_int(ev.max_days_overdue)} días hábiles"))
    if ev.strategic:
        facts.append(("Clientes estratégicos", fmt_int(ev.strategic)))
    return facts


FLOW_NAMES = {"escucha-nightly": "ejecución nocturna", "escucha-alerts": "revisión horaria de alertas"}


def _failure_facts(ev: RunFailureEvidence, tz: str) -> list[tuple[str, str]]:
    facts = [("Flujo", FLOW_NAMES.get(ev.flow, ev.flow)), ("Estado", "fallida" if ev.state == "Failed" else ev.state)]
    if ev.flow_run_name:
        facts.append(("Ejecución", ev.flow_run_name))
    if ev.started_at:
        facts.append(("Inicio", _when(ev.started_at, tz)))
    facts.append(("Error", _cut(ev.error or "sin detalle", 500)))
    facts.append(("Qué hacer", "revise el registro de la ejecución; los informes de hoy no se publicaron completos"))
    return facts


def _customer_facts(ev: CustomerRiskEvidence, tz: str) -> list[tuple[str, str]]:
    facts = [("Cliente", ev.customer_id), ("Segmento", ev.segment or "sin segmento"), ("Puntaje", fmt_quantity(ev.score))]
    if ev.reasons:
        facts.append(("Motivos", "; ".join(ev.reasons)))
    window = f" en {fmt_int(ev.window_days)} días" if ev.window_days else ""
    facts.append(("Contactos negativos", f"{fmt_int(ev.negative_contacts)}{window}"
                  + (f" ({', '.join(channel_name(c) for c in ev.channels)})" if ev.channels else "")))
    facts.append(("Casos PQRS", f"{fmt_int(ev.open_cases)} abierto{'' if ev.open_cases == 1 else 's'}, "
                                f"{fmt_int(ev.breached_cases)} vencido{'' if ev.breached_cases == 1 else 's'}"))
    if ev.last_contact:
        facts.append(("Último contacto", _when(ev.last_contact, tz)))
    facts.append(("Qué hacer", "llamar al cliente esta semana y registrar el seguimiento en el tablero "
                                "(Clientes en riesgo)"))
    return facts


def _facts(ev: Evidence, tz: str) -> list[tuple[str, str]]:
    if isinstance(ev, CustomerRiskEvidence):
        return _customer_facts(ev, tz)
    if isinstance(ev, RunFailureEvidence):
        return _failure_facts(ev, tz)
    if isinstance(ev, SpikeEvidence):
        return _spike_facts(ev, tz)
    if isinstance(ev, ReachEvidence):
        return _reach_facts(ev, tz)
    if isinstance(ev, EmergingEvidence):
        return _emerging_facts(ev)
    return _sla_facts(ev)


def _case_line(c: SlaCase) -> str:
    bits = [c.source_id or c.id, c.pqrs_type or "PQRS"]
    if c.product:
        bits.append(c.product)
    if c.due_date:
        bits.append(f"vencía el {fmt_date(pd.Timestamp(c.due_date))}")
    if c.days_overdue is not None:
        bits.append(f"{fmt_int(c.days_overdue)} días hábiles de atraso")
    return " · ".join(bits)


def _case_lines(ev: Evidence) -> list[str]:
    cases = ev.cases if isinstance(ev, SlaEvidence) else ()
    lines = [_case_line(c) for c in cases[:MAX_CASES_LISTED]]
    if len(cases) > MAX_CASES_LISTED:
        lines.append(f"… y {fmt_int(len(cases) - MAX_CASES_LISTED)} casos más")
    return lines


def _links(ev: Evidence, verbatims: list[Verbatim]) -> list[tuple[str, str]]:
    links = [(f"Ver publicación {i}", v.url) for i, v in enumerate(verbatims, 1) if v.url]
    if isinstance(ev, RunFailureEvidence):
        return [("Ver la ejecución en Prefect", ev.url)] if ev.url else []
    url = ev.url if isinstance(ev, ReachEvidence) else None
    if url and all(u != url for _, u in links):
        links.insert(0, ("Ver publicación", url))
    return links


def alert_message(alert: Alert, key: str, tz: str = "America/Bogota", to: list[str] | None = None) -> Message:
    """One alert as a Message (subject, summary, facts, verbatims, links, text and HTML)."""
    kind_name = KIND_NAMES[alert.kind]
    title = alert.title or kind_name
    summary = f"{kind_name}. Severidad {alert.severity}: {SEVERITY_NOTE[alert.severity]}."
    facts = _facts(alert.evidence, tz)
    verbatims = [_verbatim(q, tz) for q in alert.verbatims if q.text]
    cases = _case_lines(alert.evidence)
    body = {"title": title, "summary": summary, "facts": facts, "cases": cases, "verbatims": verbatims,
            "footer": WEEKLY_ALERT_FOOTER if alert.kind == AlertKind.STRATEGIC_AT_RISK else ALERT_FOOTER}
    return Message(key=key, subject=f"[Escucha] Alerta {alert.severity}: {title}",
                   text=render("alert_email.txt.j2", **body), html=render("alert_email.html.j2", **body),
                   severity=alert.severity, summary=summary, facts=facts, verbatims=verbatims,
                   links=_links(alert.evidence, verbatims), to=list(to or []),
                   data={"tipo": "alerta", **alert.to_payload()})


OPEN_REPORT = "Abrir el informe completo"
CHAT_SUMMARY_CHARS = 1500  # chat channels' size limits are small


def report_message(team: str, title: str, report_date: str, paths: dict[str, str], key: str,
                   to: list[str] | None = None, summary_chars: int = 2500, url: str | None = None) -> Message:
    """A team's report: Markdown as the text body, a short HTML body, the HTML report attached.
    Chat channels get the Markdown's first lines as the summary and, with `url`
    (`delivery.report_url`), a button to the whole report: they carry no attachment."""
    day = fmt_date(pd.Timestamp(report_date))
    subject = f"{title} — {day}"
    md_path, html_path = paths.get("md"), paths.get("html")
    markdown = Path(md_path).read_text(encoding="utf-8") if md_path and Path(md_path).exists() else ""
    attachments = []
    if html_path and Path(html_path).exists():
        attachments.append(Attachment(filename=Path(html_path).name, content=Path(html_path).read_bytes(),
                                      mimetype="text/html"))
    if not markdown and not attachments:
        raise FileNotFoundError(f"report files of {team} for {report_date} are missing: {sorted(paths.values())}")
    heading = f"Informe del {day} para el equipo {team}."
    intro = heading + (" El informe completo, con gráficos, va adjunto en HTML." if attachments else "")
    online = f"\nEn línea: {url}" if url else ""
    text = f"{intro}{online}\n\n{markdown}".strip() + "\n"
    preview = markdown[:summary_chars] + ("\n…" if len(markdown) > summary_chars else "")
    html = render("report_email.html.j2", subject=subject, intro=intro, url=url, open_label=OPEN_REPORT,
                  preview=preview if markdown else "")
    # chat channels carry no attachment: their intro never says "adjunto"
    chat = heading + (" El informe completo está en el enlace." if url else "")
    if markdown:
        chat += f"\n\n{markdown[:CHAT_SUMMARY_CHARS]}" + ("\n…" if len(markdown) > CHAT_SUMMARY_CHARS else "")
    return Message(key=key, subject=subject, text=text, html=html, summary=chat,
                   links=[(OPEN_REPORT, url)] if url else [],
                   facts=[("Equipo", team), ("Fecha", day)], attachments=attachments, to=list(to or []),
                   data={"tipo": "informe", "equipo": team, "fecha": report_date, "resumen_markdown": preview})
