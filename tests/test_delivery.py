"""Alert and report delivery against real servers on loopback: SMTP (aiosmtpd, STARTTLS + login)
and an HTTP server standing in for Slack, Teams and a generic webhook. Small synthetic data built
with the store API; the crash tests kill a child process in the middle of delivery."""

from __future__ import annotations

import email
import email.policy
import hashlib
import hmac
import json
import logging
import os
import ssl
import subprocess
import sys
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pandas as pd
import pytest
from helpers import free_port, self_signed_cert
from loopback_http import Receiver

from escucha.analytics.alerts import Alert
from escucha.config.schema import EscuchaConfig
from escucha.outputs.delivery import DeliveryConfigError, build_channel, build_channels
from escucha.pipeline.deliver import FAILED, SENT, deliver_pending, delivery_log, delivery_status
from escucha.pipeline.raise_alerts import raise_alerts
from escucha.records import build_record
from escucha.store import open_store
from escucha.store import ENRICHMENT_COLUMNS

NOW = datetime.now(timezone.utc).replace(minute=0, second=0, microsecond=0)
SECRET_TOKEN = "T0KEN-muy-secreto-9f8e7d"
SMTP_PASSWORD = "clave-SMTP-ultra-secreta-42"


# -- servers --------------------------------------------------------------------------------

@pytest.fixture
def receiver():
    r = Receiver()
    yield r
    r.close()


class SmtpServer:
    def __init__(self, tmp: Path) -> None:
        from aiosmtpd.controller import Controller
        from aiosmtpd.smtp import AuthResult, LoginPassword

        self.messages: list = []
        self.logins: list[tuple[str, str]] = []
        outer = self

        class Handler:
            async def handle_DATA(self, server, session, envelope):  # noqa: N802
                outer.messages.append(envelope)
                return "250 Message accepted for delivery"

        def authenticator(server, session, envelope, mechanism, auth_data):
            ok = isinstance(auth_data, LoginPassword) and auth_data.password.decode() == SMTP_PASSWORD
            outer.logins.append((auth_data.login.decode(), "ok" if ok else "rechazado"))
            return AuthResult(success=ok, handled=False)  # not handled: the server answers 535

        self.cert, key = self_signed_cert(tmp)
        ctx = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        ctx.load_cert_chain(self.cert, key)
        self.port = free_port()
        self.controller = Controller(Handler(), hostname="127.0.0.1", port=self.port, tls_context=ctx,
                                     require_starttls=True, authenticator=authenticator, auth_require_tls=True)
        self.controller.start()

    def parsed(self) -> list[email.message.EmailMessage]:
        return [email.message_from_bytes(e.original_content, policy=email.policy.default) for e in self.messages]


@pytest.fixture
def smtp_server(tmp_path):
    s = SmtpServer(tmp_path)
    yield s
    s.controller.stop()


# -- data -----------------------------------------------------------------------------------

@pytest.fixture
def store(tmp_path):
    with open_store(None, tmp_path / "data") as s:
        yield s


def _seed(store) -> None:
    """A week of quiet social baseline, a negative spike in the last 24 h (one post from a big
    account, with a URL), and two PQRS cases long past their legal term."""
    records, sentiments = [], {}
    for day in range(1, 8):
        for i in range(2):
            r = build_record("x", f"base-{day}-{i}", channel="social", created_at=NOW - timedelta(days=day, hours=3 + i),
                             text=f"El servicio estuvo regular el día {day}")
            records.append(r)
            sentiments[r.id] = "NEG" if i == 0 else "NEU"
    for i in range(14):
        r = build_record("x", f"pico-{i}", channel="social", created_at=NOW - timedelta(hours=1 + i),
                         text=f"Sin internet otra vez en Bogotá, llevo {i + 2} horas esperando a [NOMBRE]",
                         followers=80_000 if i == 0 else 100, url=f"https://x.com/u/status/{1000 + i}")
        records.append(r)
        sentiments[r.id] = "NEG"
    for i, seg in enumerate(["estratégico", "medio"]):
        opened = NOW - timedelta(days=60 + i)
        r = build_record("mesa", f"RAD-{i}", channel="pqrs", created_at=opened, opened_at=opened, pqrs_type="reclamo",
                         customer_segment=seg, product="Hogar Fibra 300", text="Me cobraron dos veces la factura")
        records.append(r)
        sentiments[r.id] = "NEG"
    store.save_batch("x", records, [], None, "run-0")
    rows = pd.DataFrame([{c: None for c in ENRICHMENT_COLUMNS} | {
        "record_id": rid, "text_hash": rid, "language": "es", "sentiment": s, "sentiment_neg": 0.9 if s == "NEG" else 0.1,
        "model_version": "test"} for rid, s in sentiments.items()])
    store.upsert_enrichments(rows, "run-0")


def _cfg(tmp_path: Path, channels: dict, alert_channels: list[str], teams: dict | None = None, **delivery) -> EscuchaConfig:
    return EscuchaConfig.model_validate({
        "data_dir": str(tmp_path / "data"), "connectors": [],
        "alerts": {"channels": alert_channels, "spike_min_count": 5},
        "reports": {"teams": teams or {}},
        "delivery": {"channels": channels, "retries": 2, "backoff_s": 0.0, **delivery},
    })


def _smtp(server) -> dict:
    """The smtp channel of the loopback server (password from $SMTP_PASS)."""
    return {"type": "smtp", "host": "127.0.0.1", "port": server.port, "username": "escucha",
            "password": "env:SMTP_PASS", "sender": "escucha@empresa.co", "ca_file": str(server.cert), "timeout_s": 5}


def _raise(store, cfg) -> list:
    frame = store.analysis_frame(with_text=True, open_cases=True)
    return raise_alerts(cfg, store, "run-1", NOW, frame)


# -- alert content --------------------------------------------------------------------------

def test_alerts_have_severity_evidence_verbatims_and_sla_breaches_once(tmp_path, store):
    _seed(store)
    cfg = _cfg(tmp_path, {}, [])
    alerts = {a.kind: a for a in _raise(store, cfg)}
    assert set(alerts) == {"pico_negativo", "alcance_alto", "ans_vencido"}
    spike = alerts["pico_negativo"]
    assert spike.severity in ("alta", "media") and spike.evidence.count == 14
    assert "línea base" in spike.title and "," in spike.title  # Spanish decimal comma
    [top] = alerts["alcance_alto"].verbatims
    assert top.url == "https://x.com/u/status/1000" and "[NOMBRE]" in top.text
    assert len(spike.verbatims) == 3 and all(v.url for v in spike.verbatims)
    sla = alerts["ans_vencido"]
    assert sla.evidence.count == 2 and sla.severity == "alta"  # a strategic customer
    assert "vencidos" in sla.title and sla.evidence.max_days_overdue > 15
    assert [c.source_id for c in sla.evidence.cases] == ["RAD-1", "RAD-0"]  # filing numbers, most overdue first
    # what the store keeps reads back as the same alert
    stored = {r.key: Alert.from_payload(r.payload) for r in store.list_outputs("alert").itertuples()}
    assert stored[sla.key] == sla and stored[spike.key] == spike
    # one incident, one alert: the same scan an hour later raises nothing new
    assert _raise(store, cfg) == []


# -- channels on the wire -------------------------------------------------------------------

def test_slack_teams_and_signed_webhook_payloads(tmp_path, store, receiver, monkeypatch):
    _seed(store)
    monkeypatch.setenv("HOOK_KEY", "clave-hmac")
    cfg = _cfg(tmp_path, {
        "slack": {"type": "slack", "webhook_url": f"{receiver.url}/slack"},
        "teams": {"type": "teams", "webhook_url": f"{receiver.url}/teams"},
        "hook": {"type": "webhook", "url": f"{receiver.url}/hook", "secret": "env:HOOK_KEY"},
    }, ["slack", "teams", "hook"])
    _raise(store, cfg)
    result = deliver_pending(cfg, store, "run-1")
    assert len(result.sent) == 9 and not result.failed

    slack = receiver.json("/slack")
    spike = next(p for p in slack if "Pico de menciones negativas" in p["text"])
    types = [b["type"] for b in spike["blocks"]]
    assert types[0] == "header" and "section" in types and "actions" in types
    fields = next(b["fields"] for b in spike["blocks"] if "fields" in b)
    assert any("Línea base" in f["text"] for f in fields)
    assert any(e["url"].startswith("https://x.com/") for b in spike["blocks"] if b["type"] == "actions" for e in b["elements"])

    card_msg = next(p for p in receiver.json("/teams") if "vencido" in p["summary"])
    [att] = card_msg["attachments"]
    assert card_msg["type"] == "message" and att["contentType"] == "application/vnd.microsoft.card.adaptive"
    card = att["content"]
    assert card["type"] == "AdaptiveCard" and card["version"] == "1.4"
    facts = next(b["facts"] for b in card["body"] if b["type"] == "FactSet")
    assert {"title": "Casos vencidos nuevos", "value": "2"} in facts
    assert any(b.get("text") == "Severidad alta" and b.get("color") == "Attention" for b in card["body"])

    hooks = [p for p in receiver.posts if p["path"] == "/hook"]
    assert len(hooks) == 3
    for p in hooks:
        expected = "sha256=" + hmac.new(b"clave-hmac", p["body"], hashlib.sha256).hexdigest()
        assert p["headers"]["X-Escucha-Signature"] == expected
        body = json.loads(p["body"])
        assert body["id"] == p["headers"]["X-Escucha-Delivery"] and body["severidad"] in ("alta", "media", "baja")
    assert "ñ" in "".join(p["body"].decode("utf-8") for p in hooks) or "á" in hooks[0]["body"].decode("utf-8")


def test_smtp_starttls_login_html_text_and_spanish_subject(tmp_path, store, smtp_server, monkeypatch):
    _seed(store)
    monkeypatch.setenv("SMTP_PASS", SMTP_PASSWORD)
    cfg = _cfg(tmp_path, {"correo": _smtp(smtp_server) | {"security": "starttls", "to": ["reputacion@empresa.co"]}},
               ["correo"])
    _raise(store, cfg)
    result = deliver_pending(cfg, store, "run-1")
    assert len(result.sent) == 3 and not result.failed
    assert smtp_server.logins == [("escucha", "ok")] * 3
    msgs = smtp_server.parsed()
    sla = next(m for m in msgs if "vencido" in m["Subject"])
    assert sla["Subject"].startswith("[Escucha] Alerta alta: 2 casos PQRS vencidos")
    assert sla["To"] == "reputacion@empresa.co" and sla["Importance"] == "high"
    assert sla["Message-ID"].endswith("@empresa.co>")
    text = sla.get_body(("plain",)).get_content()
    html = sla.get_body(("html",)).get_content()
    assert "Casos vencidos nuevos: 2" in text and "días hábiles" in text and "RAD-0" in text
    assert "<table" in html and "Casos vencidos nuevos" in html


def _stored_report(store, tmp_path: Path, team: str, html_text: str, markdown: str) -> None:
    """A report of 2026-11-20 for `team`, as publish leaves it: HTML and Markdown files, recorded."""
    out = tmp_path / "reports"
    out.mkdir(exist_ok=True)
    html_path, md_path = out / f"2026-11-20_{team}.html", out / f"2026-11-20_{team}.md"
    html_path.write_text(html_text, encoding="utf-8")
    md_path.write_text(markdown, encoding="utf-8")
    store.record_output("report", f"2026-11-20:{team}", "run-1",
                        {"team": team, "paths": {"html": str(html_path), "md": str(md_path)}})


def _report_cfg(tmp_path: Path, smtp_server, team: str, title: str, recipients: list[str], chats: dict,
                **delivery) -> EscuchaConfig:
    """`team` sends its report to `recipients`: e-mail addresses through the loopback SMTP server,
    names of the `chats` channels."""
    return _cfg(tmp_path, {"correo": _smtp(smtp_server), **chats}, [],
                teams={team: {"title": title, "recipients": recipients}}, **delivery)


def test_report_emailed_with_html_attached_once_per_team_and_date(tmp_path, store, smtp_server, receiver, monkeypatch):
    monkeypatch.setenv("SMTP_PASS", SMTP_PASSWORD)
    _stored_report(store, tmp_path, "producto", "<html><body><h1>Informe de Producto</h1><svg></svg></body></html>",
                   "# Informe de Producto\n\n- **Casos:** 1.234 (facturación ↑)\n")
    cfg = _report_cfg(tmp_path, smtp_server, "producto", "Informe de temas recurrentes: Producto",
                      ["ana@empresa.co", "luis@empresa.co", "producto-slack"],
                      {"producto-slack": {"type": "slack", "webhook_url": f"{receiver.url}/slack"}})
    first = deliver_pending(cfg, store, "run-1")
    again = deliver_pending(cfg, store, "run-2")
    assert len(first.sent) == 2 and again.sent == [] and len(again.skipped) == 2
    [msg] = smtp_server.parsed()
    assert msg["Subject"] == "Informe de temas recurrentes: Producto — 20 de noviembre de 2026"
    assert msg["To"] == "ana@empresa.co, luis@empresa.co"
    [att] = list(msg.iter_attachments())
    assert att.get_filename() == "2026-11-20_producto.html" and att.get_content_type() == "text/html"
    assert "Informe de Producto" in att.get_content()
    assert "1.234 (facturación ↑)" in msg.get_body(("plain",)).get_content()
    [post] = receiver.json("/slack")
    assert "20 de noviembre de 2026" in post["blocks"][0]["text"]["text"]
    assert "adjunto" not in json.dumps(post, ensure_ascii=False)  # a chat message carries no attachment
    assert not [b for b in post["blocks"] if b["type"] == "actions"]  # and no link unless configured


def test_report_link_in_chat_and_email(tmp_path, store, smtp_server, receiver, monkeypatch):
    """`delivery.report_url`: Slack and Teams get a button to the whole report, e-mail a line."""
    monkeypatch.setenv("SMTP_PASS", SMTP_PASSWORD)
    _stored_report(store, tmp_path, "atención al cliente", "<html><body><h1>Informe</h1></body></html>",
                   "# Informe de Atención\n\n- **Casos:** 87\n")
    cfg = _report_cfg(tmp_path, smtp_server, "atención al cliente", "Informe de Atención", ["ana@empresa.co", "slack", "teams"],
                      {"slack": {"type": "slack", "webhook_url": f"{receiver.url}/slack"},
                       "teams": {"type": "teams", "webhook_url": f"{receiver.url}/teams"}},
                      report_url="https://intranet.empresa.co/escucha/{date}/{file}")
    assert len(deliver_pending(cfg, store, "run-1").sent) == 3
    url = "https://intranet.empresa.co/escucha/2026-11-20/2026-11-20_atenci%C3%B3n%20al%20cliente.html"
    [slack] = receiver.json("/slack")
    buttons = [e for b in slack["blocks"] if b["type"] == "actions" for e in b["elements"]]
    assert [(b["text"]["text"], b["url"]) for b in buttons] == [("Abrir el informe completo", url)]
    [teams] = receiver.json("/teams")
    assert url in json.dumps(teams) and "Action.OpenUrl" in json.dumps(teams)
    [msg] = smtp_server.parsed()
    assert url in msg.get_body(("plain",)).get_content()
    assert f'href="{url}"' in msg.get_body(("html",)).get_content()


def test_report_url_template_is_checked():
    with pytest.raises(ValueError, match="only"):
        EscuchaConfig.model_validate({"delivery": {"report_url": "https://x.co/{equipo}.html"}})
    with pytest.raises(ValueError, match="http"):
        EscuchaConfig.model_validate({"delivery": {"report_url": "file:///srv/{file}"}})


def test_alerts_read_back_from_the_store_and_a_payload_that_does_not_parse_fails_alone(tmp_path, store, receiver):
    spike = {"key": "pico-negativo:social:x", "kind": "pico_negativo", "severity": "media", "title": "Pico",
             "evidence": {"window_start": "2026-11-19T15:00:00+00:00", "window_end": "2026-11-20T15:00:00+00:00",
                          "count": 12, "baseline_mean": 2.0, "baseline_std": 1.0, "threshold": 5.0,
                          "top_topics": {"Cobro doble": 3, "Internet caído": 9}}}
    store.record_output("alert", spike["key"], "run-0", spike)
    store.record_output("alert", "rumor:1", "run-0", {"key": "rumor:1", "kind": "rumor", "severity": "alta",
                                                     "title": "?", "evidence": {}})
    cfg = _cfg(tmp_path, {"hook": {"type": "webhook", "url": f"{receiver.url}/hook"}}, ["hook"])
    result = deliver_pending(cfg, store, "run-1")
    assert result.sent == ["alerta:pico-negativo:social:x|hook"]
    assert list(result.failed) == ["alerta:rumor:1|hook"] and "rumor" in result.failed["alerta:rumor:1|hook"]
    [body] = receiver.json("/hook")
    facts = {f["nombre"]: f["valor"] for f in body["hechos"]}
    assert facts["Temas principales"] == "Internet caído (9), Cobro doble (3)"  # by count, not by name
    assert body["datos"] == {"tipo": "alerta", **spike}  # the receiver gets the alert as stored


# -- once, retries, failures, secrets ------------------------------------------------------

def test_run_twice_sends_once(tmp_path, store, receiver):
    _seed(store)
    cfg = _cfg(tmp_path, {"hook": {"type": "webhook", "url": f"{receiver.url}/hook"}}, ["hook"])
    _raise(store, cfg)
    assert len(deliver_pending(cfg, store, "run-1").sent) == 3
    _raise(store, cfg)  # the next hour: nothing new
    second = deliver_pending(cfg, store, "run-2")
    assert second.sent == [] and len(second.skipped) == 3
    assert len(receiver.posts) == 3 and len(store.list_outputs(SENT)) == 3


def test_failed_send_is_retried_recorded_and_sent_by_the_next_run(tmp_path, store, receiver, caplog):
    _seed(store)
    cfg = _cfg(tmp_path, {"down": {"type": "webhook", "url": f"{receiver.url}/down"},
                          "gone": {"type": "webhook", "url": f"{receiver.url}/gone"},
                          "up": {"type": "webhook", "url": f"{receiver.url}/up"}}, ["down", "gone", "up"])
    receiver.status.update({"/down": 503, "/gone": 404})
    _raise(store, cfg)
    with caplog.at_level(logging.WARNING):
        first = deliver_pending(cfg, store, "run-1")  # does not raise
    assert len(first.sent) == 3 and len(first.failed) == 6
    posts = lambda path: [p for p in receiver.posts if p["path"] == path]  # noqa: E731
    assert len(posts("/down")) == 3 * 3  # 1 try + 2 retries for each of 3 alerts (503 is retryable)
    assert len(posts("/gone")) == 3  # 404: not retried
    failed = store.list_outputs(FAILED)
    assert len(failed) == 6 and all("HTTP 503" in json.loads(p)["error"] or "HTTP 404" in json.loads(p)["error"]
                                    for p in failed["payload"])
    log = delivery_log(store)
    assert set(log["status"]) == {"pending", "sent", "failed"}
    status = delivery_status(store).set_index(["que", "canal"])
    assert len(status) == 9 and status["estado"].value_counts().to_dict() == {"fallido": 6, "enviado": 3}
    assert status.xs("down", level="canal")["ultimo_error"].str.contains("HTTP 503").all()

    # the operator's view: `escucha deliveries`, in Spanish
    cfg_file = tmp_path / "escucha.yaml"
    cfg_file.write_text(json.dumps({"data_dir": str(tmp_path / "data"), "connectors": []}), encoding="utf-8")
    store.close()  # the CLI opens the store itself (a DuckDB file takes one writer)
    from typer.testing import CliRunner

    from escucha.cli import app

    out = CliRunner().invoke(app, ["deliveries", "-c", str(cfg_file), "--estado", "fallido"])
    assert out.exit_code == 0, out.output
    lines = [line for line in out.output.splitlines()[1:] if line.strip()]
    assert len(lines) == 6 and all("fallido" in line for line in lines) and "HTTP 404" in out.output
    bad = CliRunner().invoke(app, ["deliveries", "-c", str(cfg_file), "--estado", "perdido"])
    assert bad.exit_code == 2 and "enviado" in bad.output

    receiver.status.clear()  # the receivers are back
    with open_store(None, tmp_path / "data") as store:
        second = deliver_pending(cfg, store, "run-2")
        assert len(second.sent) == 6 and len(second.skipped) == 3
        assert len(posts("/up")) == 3
        status = delivery_status(store)
    assert set(status["estado"]) == {"enviado"} and sorted(status["fallos"]) == [0] * 3 + [1] * 6


def test_secrets_never_in_logs_errors_or_records(tmp_path, store, receiver, smtp_server, monkeypatch, caplog):
    _seed(store)
    monkeypatch.setenv("SLACK_URL", f"{receiver.url}/services/{SECRET_TOKEN}")
    monkeypatch.setenv("SMTP_PASS", "otra-clave-equivocada-77")
    cfg = _cfg(tmp_path, {
        "slack": {"type": "slack", "webhook_url": "env:SLACK_URL"},
        "correo": _smtp(smtp_server) | {"to": ["a@empresa.co"]}}, ["slack", "correo"])
    receiver.status[f"/services/{SECRET_TOKEN}"] = 500  # the reply names the path, token included
    _raise(store, cfg)
    with caplog.at_level(logging.DEBUG):
        result = deliver_pending(cfg, store, "run-1")
    assert len(result.failed) == 6 and smtp_server.logins and smtp_server.logins[0][1] == "rechazado"
    stored = " ".join(str(p) for kind in ("delivery_pending", "delivery_failed") for p in store.list_outputs(kind)["payload"])
    seen = caplog.text + json.dumps(result.to_dict()) + stored + repr(build_channels(cfg))
    assert "HTTP 500" in seen and "authentication failed" in seen
    for secret in (SECRET_TOKEN, "otra-clave-equivocada-77"):
        assert secret not in seen
    # a missing variable is named, never guessed at
    monkeypatch.delenv("NO_EXISTE", raising=False)
    with pytest.raises(DeliveryConfigError, match="webhook_url: environment variable 'NO_EXISTE'"):
        build_channel("x", {"type": "slack", "webhook_url": "env:NO_EXISTE"})


def test_config_rejects_unknown_channel_names_and_options(tmp_path):
    with pytest.raises(ValueError, match="unknown delivery channel 'nada'"):
        _cfg(tmp_path, {}, ["nada"])
    with pytest.raises(ValueError, match="neither an e-mail address nor a delivery channel"):
        _cfg(tmp_path, {}, [], teams={"ventas": {"title": "V", "recipients": ["ventas-slack"]}})
    with pytest.raises(DeliveryConfigError, match=r"unknown option\(s\) \['hots'\]"):
        build_channel("c", {"type": "smtp", "hots": "x", "host": "h", "sender": "a@b.co"})


# -- crash in the middle of delivery --------------------------------------------------------

CHILD = """
import json, sys
from escucha.config.schema import EscuchaConfig
from escucha.pipeline.deliver import deliver_pending
from escucha.store import open_store
cfg = EscuchaConfig.model_validate(json.loads(sys.argv[1]))
with open_store(None, cfg.data_dir) as store:
    print(json.dumps(deliver_pending(cfg, store, sys.argv[2]).to_dict()))
"""


def _child(cfg: EscuchaConfig, run_id: str, crash_at: str | None) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k != "ESCUCHA_CRASH_AT"}
    if crash_at:
        env["ESCUCHA_CRASH_AT"] = crash_at
    return subprocess.run([sys.executable, "-c", CHILD, cfg.model_dump_json(), run_id], env=env,
                          capture_output=True, text=True, timeout=120)


def _seed_alerts(store, n: int) -> None:
    for i in range(n):
        store.record_output("alert", f"alcance-alto:{i}", "run-0", {
            "key": f"alcance-alto:{i}", "kind": "alcance_alto", "severity": "alta",
            "title": f"Publicación negativa con gran alcance ({i + 1}00.000 seguidores)",
            "evidence": {"followers": (i + 1) * 100_000, "url": f"https://x.com/u/status/{i}",
                         "verbatims": [{"text": "Pésimo servicio, ¡nadie responde!", "url": f"https://x.com/u/status/{i}"}]}})


@pytest.mark.parametrize("crash_at, expected_posts", [
    ("deliver:message:2", 6),  # between messages: each message exactly once
    ("deliver:sent:1", 7),  # accepted but not recorded: resent once, with the same idempotency id
])
def test_crash_in_the_middle_of_delivery_then_resume(tmp_path, receiver, crash_at, expected_posts):
    with open_store(None, tmp_path / "data") as store:
        _seed_alerts(store, 3)
    cfg = _cfg(tmp_path, {"a": {"type": "webhook", "url": f"{receiver.url}/a"},
                          "b": {"type": "slack", "webhook_url": f"{receiver.url}/b"}}, ["a", "b"])
    crashed = _child(cfg, "run-1", crash_at)
    assert crashed.returncode == -9, crashed.stderr
    assert 0 < len(receiver.posts) < 6
    resumed = _child(cfg, "run-2", None)
    assert resumed.returncode == 0, resumed.stderr
    assert len(receiver.posts) == expected_posts
    ids = [p["headers"].get("X-Escucha-Delivery") for p in receiver.posts if p["path"] == "/a"]
    keys = [(p["path"], p["body"]) for p in receiver.posts]
    assert len(set(keys)) == 6  # every (alert, channel) arrived; duplicates are byte-identical resends
    assert len(set(ids)) == 3
    with open_store(None, tmp_path / "data") as store:
        assert len(store.list_outputs(SENT)) == 6
    again = _child(cfg, "run-3", None)
    assert json.loads(again.stdout.strip().splitlines()[-1])["sent"] == [] and len(receiver.posts) == expected_posts


# -- the hourly scan ------------------------------------------------------------------------

def test_hourly_scan_raises_and_delivers_once_and_skips_the_nightly_minute(tmp_path, store, receiver):
    from escucha.pipeline.alerts import cron_matches, scan_alerts

    _seed(store)
    cfg = _cfg(tmp_path, {"hook": {"type": "webhook", "url": f"{receiver.url}/hook"}}, ["hook"])
    first = scan_alerts(cfg, store, "h-1", NOW, ingest=False)
    second = scan_alerts(cfg, store, "h-2", NOW + timedelta(hours=1), ingest=False)
    assert len(first.alerts) == 3 and len(first.delivery["sent"]) == 3
    assert second.alerts == [] and second.delivery["sent"] == [] and len(receiver.posts) == 3
    assert "alertas nuevas: 3" in first.render() and "3 enviados" in first.render()
    assert cron_matches("0 2 * * *", datetime(2026, 11, 20, 2, 0)) and not cron_matches("0 2 * * *", datetime(2026, 11, 20, 3, 0))
    assert cron_matches("30 1 * * 1-5", datetime(2026, 11, 20, 1, 30))  # a Friday
    assert not cron_matches("30 1 * * 1-5", datetime(2026, 11, 21, 1, 30))  # a Saturday


def test_hourly_scan_names_the_topic_of_posts_the_night_has_not_seen(tmp_path, store, receiver):
    """The spike's posts arrive after the nightly run: the scan gives them the current model's
    topic for the alert, and leaves them unassigned in the store for the next night."""
    from escucha.nlp.encoders import UniversalSentenceEncoder
    from escucha.nlp.text.topic_text import topic_text
    from escucha.pipeline.alerts import scan_alerts
    from escucha.pipeline.topics import update_topics
    from topics_corpus import make_corpus

    encoder = UniversalSentenceEncoder()
    docs, themes = make_corpus(per_theme=30, n_noise=10, seed=7)
    old = [build_record("mesa", f"hist-{i}", channel="pqrs", text=d, created_at=NOW - timedelta(days=30, hours=i))
           for i, d in enumerate(docs)]
    store.save_batch("mesa", old, [], None, "run-h")
    store.upsert_embeddings([r.id for r in old], encoder.encode([topic_text(d) for d in docs]), encoder.name, "run-h")
    cfg = _cfg(tmp_path, {"hook": {"type": "webhook", "url": f"{receiver.url}/hook"}}, ["hook"])
    cfg = cfg.model_copy(update={"topics": cfg.topics.model_copy(update={"min_topic_size": 10})})
    update_topics(cfg, store, "night-1", encoder=encoder)  # last night: the model and its topics
    frame = store.analysis_frame().set_index("id")
    internet = frame.loc[[r.id for r, t in zip(old, themes) if t == "conexion"], "topic_label"].mode()[0]

    _seed(store)  # then, during the day: a negative spike about internet outages
    posts = store.ids_without_topic()
    texts = store.fetch_records(ids=posts, columns=["id", "text"])["text"].tolist()
    store.upsert_embeddings(posts, encoder.encode([topic_text(t, "social") for t in texts]), encoder.name, "run-d")
    result = scan_alerts(cfg, store, "h-1", NOW, ingest=False)

    spike = next(a for a in result.alerts if a.kind == "pico_negativo")
    top = spike.evidence.top_topics
    assert top and max(top, key=top.get) == internet
    reach = next(a for a in result.alerts if a.kind == "alcance_alto")
    assert reach.evidence.topic_label == internet
    assert sorted(store.ids_without_topic()) == sorted(posts)  # nothing written: the night decides
