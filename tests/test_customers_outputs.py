"""Clientes en riesgo where people read it: the section of the ventas report (HTML in headless
Chromium, Markdown), the alert `cliente_estrategico_en_riesgo` (once per customer and ISO week),
and the dashboard page with its follow-up form; on both store backends where a store is used."""

from __future__ import annotations

import json
import re
from datetime import datetime, timedelta, timezone

import pytest
from helpers import save_with_sentiment

from escucha.config.schema import EscuchaConfig
from escucha.nlp.signals import make_detector
from escucha.pipeline.enrich import detect_pending_signals
from escucha.records import build_record

NOW = datetime(2026, 11, 20, 12, 0, tzinfo=timezone.utc)  # a Friday: ISO week 2026-W47
PHONE = "3001234567"
XSS = "<script>window.__pwned=1</script> me voy a cambiar de operador"


def day(m: int, d: int, h: int = 15) -> datetime:
    return datetime(2026, m, d, h, 0, tzinfo=timezone.utc)


def corpus() -> list[tuple]:
    """(record, sentiment, topic) rows: a strategic customer with everything (C-100), a high-value
    customer who announces leaving (C-400), a low one with one complaint (C-200), a happy one
    (C-300) and a social author."""
    rows = [
        ("C-100", "estratégico", "pqrs", day(10, 1), "Reclamo por cobro doble sin respuesta", "NEG",
         dict(pqrs_type="reclamo", opened_at=day(10, 1), author="Ana Pérez")),
        ("C-100", "estratégico", "pqrs", day(11, 12), "Otra vez el cobro doble en la factura", "NEG",
         dict(pqrs_type="reclamo", opened_at=day(11, 12), author="Ana Pérez")),
        ("C-100", "estratégico", "email", day(11, 18), f"Sigue el cobro doble, llámenme al {PHONE}", "NEG", {}),
        ("C-100", "estratégico", "transcript", day(11, 19), "Me paso a la competencia si esto sigue", "NEG", {}),
        ("C-400", "alto", "chat", day(11, 17), XSS, "NEG", {}),
        ("C-400", "alto", "email", day(11, 18), "Nadie me resuelve el problema de la factura", "NEG", {}),
        ("C-200", "bajo", "email", day(11, 19), "La app no abre desde ayer", "NEG", {}),
        ("C-300", "alto", "email", day(11, 10), "Gracias por la atención", "POS", {}),
        (None, None, "social", day(11, 19), "Sigo sin señal, pésimo", "NEG", dict(author="u_00000000000000aa")),
    ]
    out = []
    for n, (cid, seg, channel, when, text, sentiment, extra) in enumerate(rows):
        fields = dict(extra)
        if cid:
            fields.update(customer_id=cid, customer_segment=seg)
        out.append((build_record("prueba", f"R-{n}", channel=channel, created_at=when, text=text, **fields), sentiment))
    return out


def load(store) -> None:
    save_with_sentiment(store, corpus())
    detect_pending_signals(store, make_detector(), "run-1", batch_size=100)


def config(tmp_path, **customers) -> EscuchaConfig:
    return EscuchaConfig.model_validate({
        "data_dir": str(tmp_path), "connectors": [], "customers": {"min_score": 1.0, **customers},
        "reports": {"formats": ["html", "md"], "teams": {
            "ventas": {"title": "Informe de Ventas", "categories": ["facturación"]},
            "producto": {"title": "Informe de Producto"},
            "fidelizacion": {"title": "Informe de Fidelización", "customers_at_risk": True},
        }},
    })


# -- the report section ---------------------------------------------------------------------------

def publish(cfg, store):
    from escucha.pipeline.history import read_analysis_frame
    from escucha.pipeline.reports import publish_reports

    return publish_reports(cfg, store, "run-2", NOW, read_analysis_frame(cfg, store, NOW))


def test_the_section_is_in_ventas_and_opted_in_reports_only(store, tmp_path):
    load(store)
    result = publish(config(tmp_path), store)
    md = result.markdown_by_team
    assert "## Clientes en riesgo" in md["ventas"] and "## Clientes en riesgo" in md["fidelizacion"]
    assert "Clientes en riesgo" not in md["producto"]
    section = md["ventas"].split("## Clientes en riesgo", 1)[1].split("\n## ", 1)[0]
    # the whole company's list, not cut by the team's routing (C-400 wrote about no topic of ventas)
    rows = [line for line in section.splitlines() if re.match(r"\| \d+ \|", line)]
    assert rows[0].startswith("| 1 | C-100 | estratégico |") and any("| C-400 |" in r for r in rows)
    assert not any("C-300" in r for r in rows)  # never listed without a warning (negative, or leaving)
    assert "Intención de fuga: «Me paso a la competencia» (llamadas, 19 de noviembre de 2026) (+5)" in section
    assert "Cliente de valor estratégico (×2)" in section and "(+3)" in section and ",0)" not in section
    assert "— Llamadas, 19 de noviembre de 2026" in section
    # personal data: no name, and the verbatim holding a phone number is left out by the guard
    assert "Ana" not in md["ventas"] and PHONE not in md["ventas"]
    assert "&lt;script&gt;" in section and "<script>" not in section
    for text in md.values():
        assert "Ã" not in text  # accents written as such


def test_report_top_n_cuts_the_section_and_says_of_how_many(store, tmp_path):
    load(store)
    md = publish(config(tmp_path, report_top_n=2), store).markdown_by_team["ventas"]
    section = md.split("## Clientes en riesgo", 1)[1].split("\n## ", 1)[0]
    assert len([line for line in section.splitlines() if re.match(r"\| \d+ \|", line)]) == 2
    assert "Los 2 clientes con el puntaje más alto de los 3 en riesgo de irse" in section


def test_one_at_risk_list_per_run_feeds_the_report_and_the_alert(store, tmp_path, monkeypatch):
    """The publish stage computes the list once and both outputs read that same list."""
    from escucha.analytics.customers import reason_line
    from escucha.outputs.reports.fmt import formatting_locale
    from escucha.pipeline import customers as customers_stage
    from escucha.pipeline.publish import publish as publish_stage

    load(store)
    calls = []
    real = customers_stage.rank_customers

    def spy(*args, **kwargs):
        calls.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(customers_stage, "rank_customers", spy)
    cfg = config(tmp_path)
    result = publish_stage(cfg, store, "run-2", NOW)
    assert len(calls) == 1
    listed = result.at_risk
    assert listed is not None and listed.now == NOW and [v.key for v in listed.views][:2] == ["C-100", "C-400"]
    # the report's section is the top of that list, in its order
    section = result.reports.markdown_by_team["ventas"].split("## Clientes en riesgo", 1)[1].split("\n## ", 1)[0]
    rows = [re.match(r"\| \d+ \| ([^|]+) \|", line).group(1).strip() for line in section.splitlines()
            if re.match(r"\| \d+ \|", line)]
    assert rows == [v.customer_id or v.key for v in listed.views[: cfg.customers.report_top_n]]
    # the alert is of that list's strategic customer, with that list's reasons, word for word
    alerts = [a for a in result.alerts if a.kind == "cliente_estrategico_en_riesgo"]
    assert [a.evidence.customer_id for a in alerts] == ["C-100"]
    with formatting_locale(cfg.locale):
        assert list(alerts[0].evidence.reasons) == [reason_line(r) for r in listed.views[0].reasons]
    for line in alerts[0].evidence.reasons:
        assert line in section

    # nothing shows the list (no team, no alert): it is not computed at all
    calls.clear()
    quiet = EscuchaConfig.model_validate({**cfg.model_dump(), "customers": {**cfg.customers.model_dump(),
                                                                             "alert_strategic": False},
                                          "reports": {**cfg.reports.model_dump(), "teams": {
                                              "producto": {"title": "Informe de Producto"}}}})
    assert publish_stage(quiet, store, "run-3", NOW).at_risk is None and calls == []


@pytest.fixture(scope="module")
def browser():
    from look import launch_chromium

    yield from launch_chromium()


def test_the_section_in_chromium(tmp_path, browser):
    from escucha.store import open_store

    with open_store(None, tmp_path) as store:
        load(store)
        result = publish(config(tmp_path), store)
    html = next(p for p in result.paths if p.name.endswith("_ventas.html"))
    page = browser.new_page(viewport={"width": 1100, "height": 900})
    try:
        page.goto(html.as_uri())
        section = page.locator("#clientes-en-riesgo")
        assert section.locator("h2").inner_text() == "Clientes en riesgo"
        cells = section.locator("table tbody tr").first.locator("td").all_inner_texts()
        assert cells[:3] == ["1", "C-100", "estratégico"] and cells[-1] == "sin seguimiento"
        assert section.locator("thead th").all_inner_texts() == ["#", "Cliente", "Segmento", "Puntaje",
                                                                "Último contacto", "Casos abiertos",
                                                                "Casos vencidos", "Seguimiento"]
        first = section.locator("article").first
        assert first.locator("h3").inner_text().startswith("1. C-100 · estratégico · puntaje ")
        assert "Intención de fuga" in first.locator("ul").inner_text()
        assert 1 <= first.locator("blockquote").count() <= 2
        # the hostile verbatim is shown as text and never ran
        assert page.get_by_text("<script>window.__pwned=1</script>", exact=False).first.is_visible()
        assert page.evaluate("typeof window.__pwned") == "undefined"
        assert "Ana" not in section.inner_text() and PHONE not in section.inner_text()
    finally:
        page.close()


# -- the alert ------------------------------------------------------------------------------------

def customer_alerts_raised(cfg, store, now):
    from escucha.pipeline.history import read_analysis_frame
    from escucha.pipeline.raise_alerts import raise_alerts

    raised = raise_alerts(cfg, store, f"run-{now:%Y%m%d}", now, read_analysis_frame(cfg, store, now))
    return [a for a in raised if a.kind == "cliente_estrategico_en_riesgo"]


def test_strategic_alert_once_per_customer_and_week(store, tmp_path):
    from escucha.outputs.delivery.messages import alert_message
    from escucha.pipeline.customers import mark_customer

    load(store)
    cfg = config(tmp_path)
    first = customer_alerts_raised(cfg, store, NOW)
    # C-400 scores past the threshold too, but is not strategic
    assert [a.key for a in first] == ["cliente-en-riesgo:C-100:2026-W47"]
    alert = first[0]
    assert alert.severity == "alta"  # announced leaving, and a case past its term
    assert alert.title.startswith("Cliente estratégico en riesgo de irse: C-100 (puntaje ")
    ev = alert.evidence
    assert ev.customer_id == "C-100" and ev.segment == "estratégico" and ev.breached_cases == 1 and ev.churn_intent
    assert any(r.startswith("Intención de fuga: «Me paso a la competencia»") for r in ev.reasons)
    payload = json.dumps(alert.to_payload(), ensure_ascii=False)
    assert "Ana" not in payload and PHONE not in payload  # no name; the verbatim with a phone is left out
    assert ev.verbatims and all(PHONE not in q.text for q in ev.verbatims)

    # the same week (a later run, the hourly scan): nothing new
    assert customer_alerts_raised(cfg, store, NOW + timedelta(hours=30)) == []
    from escucha.pipeline.raise_alerts import stored_alerts

    stored = [a for a in stored_alerts(store) if a.kind == "cliente_estrategico_en_riesgo"]
    assert len(stored) == 1
    # the next ISO week, still on the list: one more
    later = customer_alerts_raised(cfg, store, NOW + timedelta(days=7))
    assert [a.key for a in later] == ["cliente-en-riesgo:C-100:2026-W48"]
    # someone called after the last complaint: no alert the week after
    mark_customer(store, "C-100", "contactado", None, "r", NOW + timedelta(days=8))
    assert customer_alerts_raised(cfg, store, NOW + timedelta(days=14)) == []

    msg = alert_message(alert, "alerta|canal")
    facts = dict(msg.facts)
    assert facts["Cliente"] == "C-100" and facts["Segmento"] == "estratégico"
    assert "Intención de fuga" in facts["Motivos"] and facts["Casos PQRS"] == "2 abiertos, 1 vencido"
    assert "Cliente estratégico en riesgo" in msg.summary and "Ana" not in msg.text
    assert "una vez por semana" in msg.text and "una sola vez por incidente" not in msg.text


def test_strategic_alert_settings(store, tmp_path):
    load(store)
    assert customer_alerts_raised(config(tmp_path, alert_strategic=False), store, NOW) == []
    assert customer_alerts_raised(config(tmp_path, alert_min_score=1000.0), store, NOW) == []


# -- the dashboard page ---------------------------------------------------------------------------

TOKEN = "tablero-clientes-123"
TOKEN_ENV = "ESCUCHA_TEST_CLIENTES_TOKEN"


@pytest.fixture(scope="module")
def dashboard(tmp_path_factory):
    """`escucha dashboard` over a DuckDB store holding the corpus, its clock at NOW."""
    from helpers import dashboard_server

    from escucha.store import open_store

    root = tmp_path_factory.mktemp("clientes")
    db = root / "datos" / "escucha.duckdb"
    with open_store(str(db), root) as store:
        load(store)
    cfg = root / "escucha.yaml"
    cfg.write_text(f"data_dir: {json.dumps(str(root / 'datos'))}\nstore: {{url: {json.dumps(str(db))}}}\n"
                   f"dashboard: {{token: 'env:{TOKEN_ENV}', cache_s: 0}}\ncustomers: {{min_score: 1.0}}\n",
                   encoding="utf-8")
    with dashboard_server(cfg, TOKEN_ENV, TOKEN, {"ESCUCHA_ANALYTICS_NOW": NOW.isoformat()}) as url:
        yield {"url": url, "db": db, "root": root}


def test_the_page_filters_marks_and_shows_the_state_in_chromium(dashboard, browser):
    from escucha.store import open_store

    page = browser.new_page(viewport={"width": 1280, "height": 900})
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    try:
        page.goto(f"{dashboard['url']}/clientes?token={TOKEN}")
        assert "token=" not in page.url and page.locator("h1").inner_text() == "Clientes en riesgo"
        keys = page.locator("article.customer").evaluate_all("els => els.map(e => e.dataset.cliente)")
        assert keys[0] == "C-100" and "C-400" in keys and "C-300" not in keys
        first = page.locator("article.customer").first
        assert "Intención de fuga: «Me paso a la competencia»" in first.locator("ul.reasons").inner_text()
        assert first.locator("blockquote").count() >= 1 and PHONE not in first.inner_text()
        assert page.evaluate("typeof window.__pwned") == "undefined"  # the hostile verbatim is text

        # filters: a select submits the form (the page's script under its CSP)
        page.select_option("#f-segmento", "estratégico")
        page.wait_for_url("**segmento=**")
        assert page.locator("article.customer").evaluate_all("els => els.map(e => e.dataset.cliente)") == ["C-100"]
        page.goto(f"{dashboard['url']}/clientes?canal=chat")
        assert page.locator("article.customer").evaluate_all("els => els.map(e => e.dataset.cliente)") == ["C-400"]
        page.goto(f"{dashboard['url']}/clientes?segmento=estrat%C3%A9gico")

        # mark C-100 as contacted, with a note that holds personal data
        form = page.locator("article[data-cliente='C-100'] form.followup")
        form.locator("select[name=estado]").select_option("contactado")
        form.locator("input[name=nota]").fill(f"Hablé con Ana Pérez al {PHONE}, lo va a pensar")
        form.locator("button").click()
        page.wait_for_url("**marcado=C-100**")
        assert "Seguimiento registrado: C-100, contactado." in page.locator("section[role=status]").inner_text()
        row = page.locator("article[data-cliente='C-100']")
        assert row.get_attribute("data-estado") == "contactado"
        assert row.locator(".estado").inner_text().startswith("Seguimiento: contactado el ")
        assert page.locator("#f-segmento").input_value() == "estratégico"  # back with the same filters
        assert not errors, errors
    finally:
        page.close()
    # the note was redacted before it was stored; the dashboard does not hold the store
    with open_store(str(dashboard["db"]), dashboard["root"]) as store:
        notes = store.list_followups("C-100")
    assert list(notes["state"]) == ["contactado"]
    note = notes["note"].iloc[0]
    assert "Ana" not in note and PHONE not in note and "[TELEFONO]" in note and "lo va a pensar" in note


def _form_token(html: str) -> str:
    return re.search(r'name="form_token" value="([0-9a-f]+)"', html).group(1)


def test_every_post_form_of_the_dashboard_needs_its_sessions_form_token(dashboard):
    """One mechanism for every POST route, over HTTP: refused (403, in Spanish, nothing stored)
    without the token, with a wrong one or with another session's; accepted with its own."""
    import httpx

    from escucha.config import load_config
    from escucha.labels import latest_labels
    from escucha.outputs.dashboard import create_app
    from escucha.store import open_store

    url, auth = dashboard["url"], {"Authorization": f"Bearer {TOKEN}"}
    # the POST routes, read from the app itself: a form added later is in this test by construction
    app = create_app(load_config(dashboard["root"] / "escucha.yaml"), token=TOKEN)
    posts = sorted(r.path for r in app.routes if "POST" in getattr(r, "methods", ()))
    ids = {rec.customer_id: rec.id for rec, _ in corpus() if rec.customer_id}
    valid = {
        "/clientes/seguimiento": {"cliente": "C-400", "estado": "contactado", "nota": ""},
        "/etiquetar": {"registro": ids["C-200"], "etiqueta": "sentiment=NEU"},
        "/etiquetar/analista": {"analista": "Analista de prueba"},
    }
    assert posts == sorted(valid)

    def stored() -> tuple[int, int]:
        with open_store(str(dashboard["db"]), dashboard["root"]) as store:
            return len(store.fetch_labels()), len(store.list_followups())

    with httpx.Client(base_url=url, headers=auth, timeout=10) as mine, \
            httpx.Client(base_url=url, headers=auth, timeout=10) as other:
        token = _form_token(mine.get("/clientes").text)
        assert _form_token(mine.get("/etiquetar").text) == token  # the same token on every page of a session
        foreign = _form_token(other.get("/clientes").text)
        assert foreign != token
        before = stored()
        for path in posts:
            for extra in ({}, {"form_token": ""}, {"form_token": "0" * 64}, {"form_token": foreign},
                          {"form_token": token[:-1]}):
                r = mine.post(path, data={**valid[path], **extra}, follow_redirects=False)
                assert r.status_code == 403, (path, extra)
                assert "Formulario no válido" in r.text and "no se guardó nada" in r.text, path
        # the token without its session cookie is refused too
        with httpx.Client(base_url=url, headers=auth, timeout=10) as cookieless:
            for path in posts:
                assert cookieless.post(path, data={**valid[path], "form_token": token}).status_code == 403
        assert stored() == before
        for path in posts:
            r = mine.post(path, data={**valid[path], "form_token": token}, follow_redirects=False)
            assert r.status_code == 303, (path, r.text[:300])
    with open_store(str(dashboard["db"]), dashboard["root"]) as store:
        labels = latest_labels(store.fetch_labels())
        follow = store.list_followups("C-400")
    assert ("sentiment", "NEU") in set(zip(labels["task"], labels["label"]))
    assert "contactado" in list(follow["state"])


def test_the_follow_up_form_needs_the_token_and_its_form_token(dashboard):
    import httpx

    url = dashboard["url"]
    post = {"cliente": "C-400", "estado": "perdido", "nota": ""}
    assert httpx.post(f"{url}/clientes/seguimiento", data=post, timeout=10).status_code == 401
    assert httpx.get(f"{url}/clientes", timeout=10).status_code == 401
    with httpx.Client(base_url=url, headers={"Authorization": f"Bearer {TOKEN}"}, timeout=10) as c:
        assert c.post("/clientes/seguimiento", data=post).status_code == 403  # no form token
        assert c.post("/clientes/seguimiento", data={**post, "form_token": "0" * 64}).status_code == 403
        token = _form_token(c.get("/clientes").text)
        # a customer who is not on the list, or a state that does not exist: refused
        assert c.post("/clientes/seguimiento", data={**post, "cliente": "C-999", "form_token": token}).status_code == 400
        assert c.post("/clientes/seguimiento", data={**post, "estado": "olvidado", "form_token": token}).status_code == 400
        r = c.post("/clientes/seguimiento", data={**post, "form_token": token}, follow_redirects=False)
        assert r.status_code == 303 and "marcado=C-400" in r.headers["location"]
        assert 'data-cliente="C-400" data-estado="perdido"' in c.get("/clientes").text
