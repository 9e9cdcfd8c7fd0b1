"""Alerts and reports as channel-neutral Messages, in Spanish, for the people who read them.

An alert (as `escucha.pipeline.publish` records it: key, kind, severity, title, evidence) becomes
a subject, a short summary, facts (counts, baseline, window), verbatims (already redacted at
ingest) with their links, and a plain-text and HTML body. A report becomes an e-mail with the
Markdown as text, a short HTML body and the full HTML report attached.
"""

from __future__ import annotations

import html
from pathlib import Path
from typing import Any

import pandas as pd

from escucha.outputs.delivery._base import Attachment, Message, Verbatim
from escucha.outputs.reports.fmt import channel_name, fmt_date, fmt_int, fmt_num

KIND_NAMES = {
    "pico_negativo": "Pico de menciones negativas",
    "alcance_alto": "Publicación negativa de gran alcance",
    "tema_emergente": "Tema emergente",
    "ans_vencido": "Casos PQRS vencidos (ANS)",
}
SEVERITY_NOTE = {
    "alta": "requiere atención hoy",
    "media": "conviene revisarla en las próximas horas",
    "baja": "para seguimiento",
}
MAX_VERBATIM_CHARS = 280
MAX_CASES_LISTED = 10


def _when(value: Any, tz: str) -> str:
    ts = pd.Timestamp(value)
    if ts.tzinfo is None:
        ts = ts.tz_localize("UTC")
    return f"{ts.tz_convert(tz):%d/%m/%Y %H:%M}"


def _cut(text: str, n: int = MAX_VERBATIM_CHARS) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= n else text[: n - 1] + "…"


def _verbatims(evidence: dict[str, Any], tz: str) -> list[Verbatim]:
    out = []
    for v in evidence.get("verbatims") or []:
        if not v.get("text"):
            continue
        origin = [channel_name(v["channel"])] if v.get("channel") else []
        if v.get("created_at"):
            origin.append(_when(v["created_at"], tz))
        out.append(Verbatim(text=_cut(v["text"]), url=v.get("url") or None, source=" · ".join(origin) or None))
    return out


def _facts(alert: dict[str, Any], tz: str) -> list[tuple[str, str]]:
    ev = alert.get("evidence") or {}
    kind = alert.get("kind")
    if kind == "pico_negativo":
        facts = [
            ("Menciones negativas", f"{fmt_int(ev.get('count'))} en la ventana"),
            ("Línea base", f"{fmt_num(ev.get('baseline_mean'))} por ventana (desv. {fmt_num(ev.get('baseline_std'))})"),
            ("Umbral", fmt_num(ev.get("threshold"))),
            ("Ventana", f"{_when(ev['window_start'], tz)} – {_when(ev['window_end'], tz)}"),
            ("Canal", channel_name(ev["channel"]) if ev.get("channel") else "todos"),
        ]
        if ev.get("top_topics"):
            facts.append(("Temas principales", ", ".join(f"{k} ({fmt_int(v)})" for k, v in ev["top_topics"].items())))
        return facts
    if kind == "alcance_alto":
        facts = [("Seguidores del autor", fmt_int(ev.get("followers")))]
        for key, label in (("likes", "Me gusta"), ("shares", "Compartidos")):
            if ev.get(key) is not None:
                facts.append((label, fmt_int(ev[key])))
        if ev.get("topic_label"):
            facts.append(("Tema", str(ev["topic_label"])))
        if ev.get("created_at"):
            facts.append(("Publicada", _when(ev["created_at"], tz)))
        return facts
    if kind == "tema_emergente":
        facts = [("Tema", str(ev.get("topic_label") or f"Tema {ev.get('topic_id')}")),
                 ("Casos en la ventana", fmt_int(ev.get("volume")))]
        if ev.get("baseline") is not None:
            facts.append(("Línea base esperada", fmt_num(ev.get("baseline"))))
        if ev.get("ratio") is not None:
            facts.append(("Veces la línea base", fmt_num(ev.get("ratio"))))
        facts.append(("Motivo", "tema nuevo" if ev.get("reason") == "nuevo" else "crecimiento sobre su historia"))
        return facts
    if kind == "ans_vencido":
        facts = [("Casos vencidos nuevos", fmt_int(ev.get("count"))),
                 ("Total vencidos abiertos", fmt_int(ev.get("open_breached")))]
        if ev.get("by_type"):
            facts.append(("Por tipo", ", ".join(f"{k}: {fmt_int(v)}" for k, v in ev["by_type"].items())))
        if ev.get("max_days_overdue") is not None:
            facts.append(("Mayor atraso", f"{fmt_int(ev['max_days_overdue'])} días hábiles"))
        if ev.get("strategic"):
            facts.append(("Clientes estratégicos", fmt_int(ev["strategic"])))
        return facts
    return [(str(k), str(v)) for k, v in ev.items() if isinstance(v, (str, int, float))]


def _case_lines(alert: dict[str, Any]) -> list[str]:
    cases = (alert.get("evidence") or {}).get("cases") or []
    lines = []
    for c in cases[:MAX_CASES_LISTED]:
        bits = [str(c.get("source_id") or c.get("id")), str(c.get("pqrs_type") or "PQRS")]
        if c.get("product"):
            bits.append(str(c["product"]))
        bits.append(f"vencía el {fmt_date(pd.Timestamp(c['due_date']))}" if c.get("due_date") else "")
        if c.get("days_overdue") is not None:
            bits.append(f"{fmt_int(c['days_overdue'])} días hábiles de atraso")
        lines.append(" · ".join(b for b in bits if b))
    if len(cases) > MAX_CASES_LISTED:
        lines.append(f"… y {fmt_int(len(cases) - MAX_CASES_LISTED)} casos más")
    return lines


def alert_message(alert: dict[str, Any], key: str, tz: str = "America/Bogota", to: list[str] | None = None) -> Message:
    """One alert as a Message (subject, summary, facts, verbatims, links, text and HTML)."""
    severity = str(alert.get("severity") or "media")
    kind_name = KIND_NAMES.get(str(alert.get("kind")), "Alerta")
    title = str(alert.get("title") or kind_name)
    subject = f"[Escucha] Alerta {severity}: {title}"
    summary = f"{kind_name}. Severidad {severity}: {SEVERITY_NOTE.get(severity, '')}.".replace(": .", ".")
    facts = _facts(alert, tz)
    verbatims = _verbatims(alert.get("evidence") or {}, tz)
    links = [(f"Ver publicación {i}", v.url) for i, v in enumerate(verbatims, 1) if v.url]
    ev = alert.get("evidence") or {}
    if ev.get("url") and all(u != ev["url"] for _, u in links):
        links.insert(0, ("Ver publicación", str(ev["url"])))
    cases = _case_lines(alert)

    text = [title, "", summary, "", "Evidencia:"]
    text += [f"- {k}: {v}" for k, v in facts]
    if cases:
        text += ["", "Casos:"] + [f"- {c}" for c in cases]
    if verbatims:
        text += ["", "Lo que dicen los clientes (sin datos personales):"]
        for v in verbatims:
            text.append(f"- “{v.text}”" + (f" ({v.source})" if v.source else "") + (f" {v.url}" if v.url else ""))
    text += ["", "—", "Escucha · voz del cliente. Esta alerta se envía una sola vez por incidente."]

    e = html.escape
    h = [f"<h2 style=\"margin:0 0 8px\">{e(title)}</h2>", f"<p><strong>{e(summary)}</strong></p>",
         "<table cellpadding=\"4\" style=\"border-collapse:collapse\">"]
    h += [f"<tr><th align=\"left\">{e(k)}</th><td>{e(v)}</td></tr>" for k, v in facts]
    h.append("</table>")
    if cases:
        h += ["<h3>Casos</h3>", "<ul>"] + [f"<li>{e(c)}</li>" for c in cases] + ["</ul>"]
    if verbatims:
        h += ["<h3>Lo que dicen los clientes</h3>"]
        for v in verbatims:
            link = f" <a href=\"{e(v.url, quote=True)}\">ver publicación</a>" if v.url else ""
            src = f" <small>({e(v.source)})</small>" if v.source else ""
            h.append(f"<blockquote>“{e(v.text)}”{src}{link}</blockquote>")
    h.append("<p><small>Escucha · voz del cliente. Esta alerta se envía una sola vez por incidente.</small></p>")
    return Message(key=key, subject=subject, text="\n".join(text), html="\n".join(h), severity=severity,
                   summary=summary, facts=facts, verbatims=verbatims, links=links, to=list(to or []),
                   data={"tipo": "alerta", **alert})


OPEN_REPORT = "Abrir el informe completo"


def report_message(team: str, title: str, report_date: str, paths: dict[str, str], key: str,
                   to: list[str] | None = None, summary_chars: int = 2500, url: str | None = None) -> Message:
    """A team's report: Markdown as the text body, a short HTML body, the HTML report attached.
    Chat channels get the Markdown's first lines as the summary (their size limits are small)
    and, with `url` (`delivery.report_url`), a button to the whole report: they carry no
    attachment."""
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
    e = html.escape
    body = [f"<h2>{e(subject)}</h2>", f"<p>{e(intro)}</p>"]
    if url:
        body.append(f"<p><a href=\"{e(url, quote=True)}\">{OPEN_REPORT}</a></p>")
    if markdown:
        body.append(f"<pre style=\"white-space:pre-wrap;font-family:inherit\">{e(preview)}</pre>")
    # chat channels carry no attachment: their intro never says "adjunto"
    chat = heading + (" El informe completo está en el enlace." if url else "")
    if markdown:
        chat += f"\n\n{markdown[:1500]}" + ("\n…" if len(markdown) > 1500 else "")
    return Message(key=key, subject=subject, text=text, html="\n".join(body), summary=chat,
                   links=[(OPEN_REPORT, url)] if url else [],
                   facts=[("Equipo", team), ("Fecha", day)], attachments=attachments, to=list(to or []),
                   data={"tipo": "informe", "equipo": team, "fecha": report_date,
                         "resumen_markdown": preview})
