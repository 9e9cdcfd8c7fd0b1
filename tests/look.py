"""What people see, captured so that a change of how pages are built can prove it changed nothing.

A fixed dataset (`golden_frame`: plain arithmetic, no random generator, so the same rows on any
machine and any numpy) is rendered as a team report, dashboard pages, alerts and messages.
Pages are loaded in headless Chromium and captured as a normalised DOM tree (tag, attributes,
text with runs of blanks collapsed; blank-only text nodes left out). Messages are captured as
the payloads each channel sends. `tests/make_golden.py` writes the captures under
`tests/golden/`; `tests/test_same_look.py` compares today's rendering with them, and compares the
rendered layout (every element's box, the page's visible text) with the golden HTML in the same
browser, which no DOM comparison can see (a blank between two inline elements).
"""

from __future__ import annotations

import gzip
import hashlib
import io
import json
import os
from datetime import datetime, timedelta, timezone
from html.parser import HTMLParser
from pathlib import Path
from typing import Any, Iterator

import pandas as pd
import pytest

GOLDEN = Path(__file__).parent / "golden"
CHROMIUM = "/usr/bin/chromium"
NOW = datetime(2026, 11, 20, 15, 0, tzinfo=timezone.utc)  # a Friday, 10:00 in Bogotá
XSS = "<script>window.__pwned=1</script> me cobraron \"dos\" veces & nadie responde"
NONCE = "nonce-fijo-de-prueba"
READ_AT = "20/11/2026 10:00"


# -- Chromium ------------------------------------------------------------------------------------

def need_chromium():
    """The Playwright module, or skip (fail in CI) naming what is missing."""
    problems = []
    if not Path(CHROMIUM).exists():
        problems.append(f"{CHROMIUM} not found (apt-get install -y chromium chromium-driver)")
    try:
        import playwright.sync_api as pw
    except ImportError:
        pw = None
        problems.append("the playwright package is not installed (pip install playwright; never `playwright install`)")
    if problems:
        msg = "browser tests need Chromium: " + "; ".join(problems)
        if os.environ.get("CI"):
            pytest.fail(msg + " (required because CI is set)")
        pytest.skip(msg)
    return pw


def launch_chromium() -> Iterator[Any]:
    """Debian's Chromium through Playwright (never a downloaded browser), closed afterwards."""
    pw = need_chromium()
    with pw.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=["--no-sandbox"])
        try:
            yield browser
        finally:
            browser.close()


CAPTURE_JS = """() => {
  const walk = (node) => {
    if (node.nodeType === Node.TEXT_NODE) {
      const t = node.textContent.replace(/\\s+/g, ' ').trim();
      return t ? t : null;
    }
    if (node.nodeType !== Node.ELEMENT_NODE) return null;
    const attrs = {};
    for (const a of [...node.attributes].sort((x, y) => x.name < y.name ? -1 : 1)) attrs[a.name] = a.value;
    const kids = [];
    for (const c of node.childNodes) { const k = walk(c); if (k !== null) kids.push(k); }
    return [node.tagName.toLowerCase(), attrs, kids];
  };
  return walk(document.documentElement);
}"""

LAYOUT_JS = """() => [...document.querySelectorAll('body, body *')].map(e => {
  const r = e.getBoundingClientRect();
  return [e.tagName.toLowerCase(), Math.round(r.x), Math.round(r.y), Math.round(r.width), Math.round(r.height)];
})"""


def write_gz(path: Path, text: str) -> None:
    """Gzip with no time stamp: the same page gives the same bytes (golden pages are kept gzipped,
    as data; they repeat the CSS of the templates)."""
    buf = io.BytesIO()
    with gzip.GzipFile(filename="", mode="wb", fileobj=buf, mtime=0) as g:
        g.write(text.encode("utf-8"))
    path.write_bytes(buf.getvalue())


def golden_page(name: str) -> str:
    return gzip.decompress((GOLDEN / f"{name}.html.gz").read_bytes()).decode("utf-8")


def dom_tree(page: Any, html: str) -> list:
    """The page as the browser parsed it: [tag, {attribute: value}, [children]], text collapsed."""
    page.set_content(html, wait_until="load")
    return page.evaluate(CAPTURE_JS)


def layout(page: Any, html: str) -> dict[str, Any]:
    """Where every element lands (rounded to the pixel) and the text a reader sees."""
    page.set_content(html, wait_until="load")
    return {"boxes": page.evaluate(LAYOUT_JS), "text": page.evaluate("() => document.body.innerText")}


# -- the fixed dataset ---------------------------------------------------------------------------

def _frac(*xs: int) -> float:
    """A reproducible number in [0, 1) from integers (Knuth's multiplicative hash)."""
    h = 0
    for x in xs:
        h = (h * 1_000_003 + x * 2_654_435_761 + 12_345) % 2**32
    return h / 2**32


TOPICS = [
    # id, label, category, per day, share negative, texts, first day (None: all history)
    (0, "Cobro doble en la factura", "facturación", 3.0, 0.8, [
        "Me cobraron dos veces la factura de este mes y nadie me responde",
        "Aparece un cargo no reconocido en mi factura, exijo la devolución",
        "Pagué el recibo y otra vez me llegó el cobro, es el segundo mes"], None),
    (1, "Internet lento e intermitente", "calidad del servicio", 2.0, 0.7, [
        "El internet se cae cada noche desde hace una semana",
        "La conexión es lentísima, pago 300 megas y no llegan ni a 20",
        "Servicio intermitente todo el día, no puedo teletrabajar"], None),
    (2, "Buena atención del asesor", "atención telefónica", 1.0, 0.05, [
        "Excelente atención del asesor, resolvió todo en una llamada",
        "Muy amable la asesora, gracias por la ayuda"], None),
    (3, "Cobro de reconexión <sin aviso>", "facturación", 4.0, 0.9, [
        "Me cobraron la reconexión sin haberme cortado el servicio",
        "¿Por qué aparece un cargo de reconexión en mi cuenta?"], 4),
    (-1, "Otros", "otros", 0.5, 0.3, ["Hola", "Buenas tardes, una pregunta", "Gracias"], None),
]
CHANNELS = ["pqrs", "pqrs", "pqrs", "transcript", "transcript", "social", "social", "email", "chat", "survey"]
SEGMENTS = ["estratégico", "alto", "alto", "medio", "medio", "medio", "bajo", "bajo", "bajo", "bajo"]
PRODUCTS = ["Hogar Fibra 300", "Móvil Pospago", "Móvil Prepago", "TV Plus"]
COUNTRIES = ["CO", "CO", "CO", "MX", "ES"]
PQRS_TYPES = ["reclamo", "queja", "petición", "reclamo", "sugerencia"]
EMOTIONS = {"NEG": ["enojo", "tristeza", "miedo"], "NEU": ["otro", "sorpresa"], "POS": ["alegría"]}
DAYS = 70


def _row(n: int, topic: tuple, created: datetime, **fixed: Any) -> dict[str, Any]:
    tid, label, category, _, neg_share, texts, _ = topic
    channel = fixed.pop("channel", CHANNELS[int(_frac(n, 1) * len(CHANNELS))])
    sentiment = fixed.pop("sentiment", "NEG" if _frac(n, 2) < neg_share else ("NEU" if _frac(n, 3) < 0.6 else "POS"))
    neg = round(0.6 + 0.39 * _frac(n, 4), 4) if sentiment == "NEG" else round(0.3 * _frac(n, 4), 4)
    pos = round((1 - neg) * (0.6 + 0.39 * _frac(n, 5) if sentiment == "POS" else 0.3 * _frac(n, 5)), 4)
    country = COUNTRIES[int(_frac(n, 6) * len(COUNTRIES))]
    row: dict[str, Any] = {
        "id": f"g{n:05d}", "source": f"fuente-{channel}", "channel": channel, "created_at": created,
        "author": f"u{int(_frac(n, 7) * 400):04d}", "customer_id": None if channel == "social" else f"C{int(_frac(n, 8) * 300):04d}",
        "customer_segment": SEGMENTS[int(_frac(n, 9) * len(SEGMENTS))], "process": "servicio",
        "product": PRODUCTS[int(_frac(n, 10) * len(PRODUCTS))], "country": country,
        "region": {"CO": "Bogotá", "MX": "Monterrey", "ES": "Madrid"}[country], "pqrs_type": None,
        "opened_at": pd.NaT, "first_response_at": pd.NaT, "closed_at": pd.NaT, "status": None,
        "followers": None, "likes": None, "shares": None, "url": None, "score": float("nan"), "language": "es",
        "sentiment": sentiment, "sentiment_pos": pos, "sentiment_neu": round(1 - neg - pos, 4), "sentiment_neg": neg,
        "emotion": EMOTIONS[sentiment][int(_frac(n, 11) * len(EMOTIONS[sentiment]))],
        "irony": 0.0, "toxicity": 0.0, "topic_id": tid, "topic_label": label, "topic_category": category,
        "text": texts[int(_frac(n, 12) * len(texts))],
    }
    if channel == "pqrs":
        opened = created
        closed = opened + timedelta(days=2 + 28 * _frac(n, 13))
        first = opened + timedelta(days=0.2 + 7 * _frac(n, 14))
        row.update(pqrs_type=PQRS_TYPES[int(_frac(n, 15) * len(PQRS_TYPES))], opened_at=opened,
                   first_response_at=first if first <= NOW else pd.NaT,
                   closed_at=closed if closed <= NOW and _frac(n, 16) < 0.8 else pd.NaT)
        row["status"] = "cerrado" if row["closed_at"] is not pd.NaT else "abierto"
    if channel == "social":
        row.update(followers=int(50 + 3000 * _frac(n, 17)), likes=int(40 * _frac(n, 18)), shares=int(9 * _frac(n, 19)),
                   url=f"https://x.example/p/{n}")
    if channel == "survey":
        row["score"] = float(int(11 * _frac(n, 20)))
    row.update(fixed)
    return row


def golden_frame() -> pd.DataFrame:
    """~500 records over 10 weeks: four topics and outliers, a topic new in the last 4 days, PQRS
    cases in every SLA state, surveys, a burst of negative social posts in the last 24 hours with
    one post from a big account, and a hostile verbatim (markup, quotes, ampersand)."""
    rows: list[dict[str, Any]] = []
    for topic in TOPICS:
        tid, rate, first_day = topic[0], topic[3], topic[6]
        for day in range(DAYS):
            if first_day is not None and day >= first_day:
                continue
            count = int(rate) + (1 if _frac(day, tid + 50) < rate - int(rate) else 0)
            for k in range(count):
                age = timedelta(days=day + (k + _frac(day, k, tid + 60)) / (count + 1))
                rows.append(_row(len(rows), topic, NOW - age))
    internet = TOPICS[1]
    for k in range(15):  # the spike: negative social posts about the internet in the last 24 h
        rows.append(_row(len(rows), internet, NOW - timedelta(hours=1 + 1.5 * k), channel="social", sentiment="NEG",
                         sentiment_neg=0.95, followers=120_000 if k == 0 else 80 + k, likes=300 if k == 0 else k,
                         shares=40 if k == 0 else 1, url=f"https://x.example/estado/{9000 + k}"))
    for k, segment in enumerate(["estratégico", "medio", "bajo"]):  # long past their legal term
        opened = NOW - timedelta(days=45 + 3 * k, hours=2)
        rows.append(_row(len(rows), TOPICS[0], opened, channel="pqrs", sentiment="NEG", customer_segment=segment,
                         pqrs_type="reclamo", opened_at=opened, first_response_at=pd.NaT, closed_at=pd.NaT,
                         status="abierto", country="CO", region="Bogotá"))
    rows.append(_row(len(rows), TOPICS[0], NOW - timedelta(hours=20), channel="pqrs", sentiment="NEG",
                     sentiment_neg=0.9999, text=XSS, pqrs_type="queja", opened_at=NOW - timedelta(hours=20),
                     first_response_at=pd.NaT, closed_at=pd.NaT, status="abierto", country="CO", region="Bogotá"))
    df = pd.DataFrame(rows)
    for col in ("created_at", "opened_at", "first_response_at", "closed_at"):
        df[col] = pd.to_datetime(df[col], utc=True).dt.floor("s")
    for col in ("followers", "likes", "shares"):
        df[col] = pd.array(df[col], dtype="Int64")
    return df.sort_values(["created_at", "id"], kind="mergesort").reset_index(drop=True)


# -- the pages -----------------------------------------------------------------------------------

TEAMS_CONFIG = {
    "ventas": {"title": "Informe de Ventas & Cobros <temas>", "categories": ["facturacion", "precios"]},
    "redes": {"title": "Informe de redes", "channels": ["social", "review"]},
    "vacío": {"title": "Informe sin registros", "channels": ["review"]},
}


def _teams():
    from escucha.outputs.reports import teams_from_config

    return {t.name: t for t in teams_from_config({"teams": TEAMS_CONFIG})}


def customers_section(frame: pd.DataFrame, top: int = 10):
    """The "Clientes en riesgo" section of the golden frame (default weights, 30 days, from 3 points)."""
    from escucha.analytics.customers import RiskWeights, at_risk, customer_views
    from escucha.outputs.reports.builder import CustomersAtRisk

    views = at_risk(customer_views(frame, NOW, 30, None, {"reclamo": 15}), RiskWeights(), NOW, 30, min_score=3.0)
    return CustomersAtRisk(views=views[:top], window_days=30, listed=len(views))


def _reports(frame: pd.DataFrame) -> dict[str, Any]:
    """The report of a team with data (ventas: with its "Clientes en riesgo" section) and of a
    team without any."""
    from escucha.outputs.reports import build_report

    teams = _teams()
    return {f"report-{key}": build_report(frame, teams[name], NOW, {"reclamo": 15},
                                          customers=customers_section(frame) if teams[name].shows_customers_at_risk
                                          else None)
            for key, name in (("ventas", "ventas"), ("empty", "vacío"))}


def report_pages(frame: pd.DataFrame) -> dict[str, str]:
    from escucha.outputs.reports import render_html

    return {name: render_html(data) for name, data in _reports(frame).items()}


def report_markdown(frame: pd.DataFrame) -> dict[str, str]:
    """The same reports in Markdown (the e-mail's text, the Prefect artifact)."""
    from escucha.outputs.reports import render_markdown

    return {name: render_markdown(data) for name, data in _reports(frame).items()}


def dashboard_pages(frame: pd.DataFrame) -> dict[str, str]:
    """The dashboard with its default filters, filtered by team, month and channel (stale data, an
    ignored filter), and an error page."""
    from escucha.outputs.dashboard.metrics import Filters, compute_view
    from escucha.outputs.dashboard.page import render_message, render_page

    teams = _teams()
    titles = {name: t.title or name for name, t in teams.items()}
    out = {}
    default, _ = Filters.parse({}, list(teams))
    out["dashboard-default"] = render_page(compute_view(frame, default, NOW, teams), titles, NONCE, READ_AT)
    filtered, notes = Filters.parse({"vista": "mes", "equipo": "ventas", "canal": "pqrs", "segmento": "nada"}, list(teams))
    out["dashboard-filtered"] = render_page(compute_view(frame, filtered, NOW, teams), titles, NONCE, READ_AT,
                                            stale=True, extra_notes=notes)
    social, _ = Filters.parse({"vista": "dia", "canal": "social"}, list(teams))
    out["dashboard-social"] = render_page(compute_view(frame, social, NOW, teams), titles, NONCE, READ_AT)
    out["dashboard-401"] = render_message("Acceso restringido", "Se necesita el token <del tablero>.", "401")
    out["dashboard-clientes"] = customers_page(frame)
    return out


def customers_page(frame: pd.DataFrame) -> str:
    """The dashboard's "Clientes en riesgo" page over the golden frame, filtered by segment."""
    from escucha.outputs.dashboard.customers import (
        CustomerFilters,
        CustomerList,
        customer_rows,
        filter_selects,
        state_options,
    )
    from escucha.outputs.dashboard.page import render_customers_page

    views = customers_section(frame, top=50).views
    filters, notes = CustomerFilters.parse({"segmento": "estratégico", "canal": "desconocido"})
    shown = [(n, v) for n, v in enumerate(views, 1) if filters.keep(v)]
    lst = CustomerList(views, shown, sorted({p for v in views for p in v.processes}),
                       sorted({i for v in views for i in v.issues}))
    return render_customers_page(customer_rows(shown), filter_selects(filters, lst), state_options(), "token-de-formulario",
                                 filters.query(), NONCE, READ_AT, 30, len(views), notes=notes)


def pages(frame: pd.DataFrame | None = None) -> dict[str, str]:
    frame = golden_frame() if frame is None else frame
    return report_pages(frame) | dashboard_pages(frame)


# -- alerts and messages -------------------------------------------------------------------------

def alerts_config():
    from escucha.config.schema import EscuchaConfig

    return EscuchaConfig.model_validate({"connectors": [], "alerts": {"spike_min_count": 5},
                                         "customers": {"alert_min_score": 5.0}})


def golden_alerts(frame: pd.DataFrame | None = None) -> list[dict[str, Any]]:
    """The alerts the golden frame raises (a spike, a big-reach post, an emerging topic, SLA
    breaches, strategic customers at risk), as stored payloads; the SLA cases get filing numbers as the store would give."""
    frame = golden_frame() if frame is None else frame
    from escucha.pipeline.raise_alerts import collect_alerts

    from escucha.pipeline.raise_alerts import customer_alerts

    cfg = alerts_config()
    alerts = collect_alerts(frame, cfg, NOW) + customer_alerts(customers_section(frame, top=50).views, cfg, NOW)
    out = [a.to_payload() for a in alerts]
    for a in out:
        for c in a["evidence"].get("cases", []):
            c["source_id"] = f"RAD-{c['id']}"
    return out


# Payloads stored by earlier versions or written by hand (fields left out must not break a send).
HAND_ALERTS = [
    {"key": "alcance-alto:viejo", "kind": "alcance_alto", "severity": "alta",
     "title": "Publicación negativa con gran alcance (100.000 seguidores)",
     "evidence": {"followers": 100_000, "url": "https://x.com/u/status/1",
                  "verbatims": [{"text": "Pésimo servicio, ¡nadie responde!", "url": "https://x.com/u/status/1"}]}},
    {"key": "emergente:7:2026-W47", "kind": "tema_emergente", "severity": "baja",
     "title": "Tema emergente (crecimiento): <b>Portabilidad</b> — 12 casos en 7 días",
     "evidence": {"topic_id": 7, "topic_label": None, "volume": 12, "baseline": None, "ratio": None,
                  "reason": "crecimiento", "verbatims": []}},
]


def _html_events(html: str | None) -> list | None:
    """An HTML body as parse events (tags, attributes, text with entities decoded, blanks kept):
    the same events are the same document, whatever way characters were escaped."""
    if html is None:
        return None
    events: list = []

    class Parser(HTMLParser):
        def handle_starttag(self, tag, attrs):
            events.append(["start", tag, sorted([k, v] for k, v in attrs)])

        def handle_endtag(self, tag):
            events.append(["end", tag])

        def handle_data(self, data):
            if events and events[-1][0] == "text":
                events[-1][1] += data
            else:
                events.append(["text", data])

    p = Parser(convert_charrefs=True)
    p.feed(html)
    p.close()
    return events


def message_capture(message: Any) -> dict[str, Any]:
    """A Message and what each channel sends for it (Slack blocks, Teams card, webhook body, the
    e-mail's headers and parts without its date)."""
    from escucha.outputs.delivery import build_channel
    from escucha.outputs.delivery.msteams import adaptive_card
    from escucha.outputs.delivery.slack import slack_payload
    from escucha.outputs.delivery.webhook import webhook_body

    smtp = build_channel("correo", {"type": "smtp", "host": "127.0.0.1", "sender": "escucha@empresa.co",
                                    "to": ["reputacion@empresa.co"]})
    mail = smtp.build(message)
    del mail["Date"]
    parts = []
    for part in mail.walk():
        if part.is_multipart():
            continue
        content = part.get_content()
        if isinstance(content, bytes):
            content = hashlib.sha256(content).hexdigest()
        elif part.get_content_type() == "text/html":
            content = _html_events(content)
        parts.append({"type": part.get_content_type(), "filename": part.get_filename(), "content": content})
    return {
        "key": message.key, "subject": message.subject, "text": message.text,
        "html": _html_events(message.html), "severity": message.severity, "summary": message.summary,
        "facts": [list(f) for f in message.facts], "links": [list(x) for x in message.links],
        "verbatims": [[v.text, v.url, v.source] for v in message.verbatims], "to": list(message.to),
        "data": json.loads(json.dumps(message.data, ensure_ascii=False, default=str)),
        "attachments": [[a.filename, a.mimetype, hashlib.sha256(a.content).hexdigest()] for a in message.attachments],
        "slack": slack_payload(message), "teams": adaptive_card(message),
        "webhook": json.loads(json.dumps(webhook_body(message), ensure_ascii=False, default=str)),
        "email": {"headers": [[k, str(v)] for k, v in mail.items()], "parts": parts},
    }


def _alert_messages(payloads: list[dict[str, Any]]) -> dict[str, Any]:
    from escucha.analytics.alerts import Alert
    from escucha.outputs.delivery.messages import alert_message

    return {f"alerta:{p['key']}": message_capture(alert_message(Alert.from_payload(p), f"alerta:{p['key']}|canal"))
            for p in payloads}


def _report_messages(tmp: Path) -> dict[str, Any]:
    from escucha.outputs.delivery.messages import report_message

    html = tmp / "2026-11-20_ventas.html"
    md = tmp / "2026-11-20_ventas.md"
    html.write_text("<html><body><h1>Informe de Ventas</h1></body></html>", encoding="utf-8")
    md.write_text("# Informe de Ventas & Cobros\n\n- **Casos:** 1.234 (facturación ↑) <b>\n" + "x" * 1600 + "\n",
                  encoding="utf-8")
    paths = {"html": str(html), "md": str(md)}
    return {
        "informe:ventas": message_capture(report_message(
            "ventas", "Informe de Ventas & Cobros", "2026-11-20", paths, "informe:2026-11-20:ventas|correo",
            to=["ana@empresa.co"], summary_chars=1000)),
        "informe:ventas:url": message_capture(report_message(
            "ventas", "Informe de Ventas", "2026-11-20", {"md": str(md)}, "informe:2026-11-20:ventas|slack",
            url="https://intranet.empresa.co/escucha/2026-11-20_ventas.html?a=1&b=<2>")),
    }


def messages(tmp: Path, alerts: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    alerts = golden_alerts() if alerts is None else alerts
    return _alert_messages(alerts + HAND_ALERTS) | _report_messages(tmp)
