"""The alert sent when a run fails: typed, in Spanish, to every alert channel, never raising,
secrets removed (without Prefect; the hook on a real server is in test_prefect_deploy.py)."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest
from loopback_http import Receiver

from escucha.analytics.alerts import Alert, AlertKind
from escucha.config import EscuchaConfig
from escucha.pipeline.run_failure import notify_run_failure, run_failure_alert


@pytest.fixture
def receiver():
    r = Receiver()
    yield r
    r.close()


def _cfg(tmp_path, channels: dict, alert_channels: list[str]) -> EscuchaConfig:
    return EscuchaConfig.model_validate({
        "data_dir": str(tmp_path), "connectors": [], "alerts": {"channels": alert_channels},
        "delivery": {"channels": channels, "retries": 1, "backoff_s": 0.0},
    })


def test_failure_alert_reaches_every_alert_channel_in_spanish(tmp_path, receiver, monkeypatch):
    monkeypatch.setenv("HOOK_TOKEN", "s3creto-token")
    cfg = _cfg(tmp_path, {"hook": {"type": "webhook", "url": f"{receiver.url}/hook?t=env"},
                          "otro": {"type": "webhook", "url": f"{receiver.url}/otro", "secret": "env:HOOK_TOKEN"}},
               ["hook", "otro"])
    alert = run_failure_alert("escucha-nightly", "OperationalError: password s3creto-token rejected",
                              flow_run_id="abc", flow_run_name="gentle-fox",
                              started_at=datetime(2026, 11, 20, 7, 0, tzinfo=timezone.utc),
                              url="http://127.0.0.1:4200/runs/flow-run/abc")
    notice = notify_run_failure(cfg, alert)
    assert set(notice.sent) == {"hook", "otro"} and not notice.failed
    [body] = receiver.json("/hook?t=env")
    assert body["asunto"] == "[Escucha] Alerta alta: La ejecución nocturna falló"
    facts = {f["nombre"]: f["valor"] for f in body["hechos"]}
    assert facts["Flujo"] == "ejecución nocturna" and facts["Ejecución"] == "gentle-fox"
    assert facts["Inicio"] == "20/11/2026 02:00"  # America/Bogota
    assert "s3creto-token" not in receiver.posts[0]["body"].decode() + receiver.posts[1]["body"].decode()
    assert body["enlaces"] == [{"titulo": "Ver la ejecución en Prefect", "url": "http://127.0.0.1:4200/runs/flow-run/abc"}]
    assert body["datos"]["kind"] == "ejecucion_fallida"
    # the stored form reads back as the same typed alert
    assert Alert.from_payload({k: v for k, v in body["datos"].items() if k != "tipo"}).kind is AlertKind.RUN_FAILED


def test_a_channel_that_fails_never_raises_and_the_others_still_get_it(tmp_path, receiver):
    receiver.status["/caido"] = 500
    cfg = _cfg(tmp_path, {"caido": {"type": "webhook", "url": f"{receiver.url}/caido"},
                          "bien": {"type": "webhook", "url": f"{receiver.url}/bien"}}, ["caido", "bien"])
    notice = notify_run_failure(cfg, run_failure_alert("escucha-alerts", "boom", state="Crashed", flow_run_id="x"))
    assert set(notice.sent) == {"bien"} and set(notice.failed) == {"caido"}
    assert len([p for p in receiver.posts if p["path"] == "/caido"]) == 2  # retried once, then given up
    assert receiver.json("/bien")[0]["asunto"].endswith("La ejecución de escucha-alerts se interrumpió")


def test_no_alert_channel_sends_nothing(tmp_path, receiver):
    cfg = _cfg(tmp_path, {"hook": {"type": "webhook", "url": f"{receiver.url}/hook"}}, [])
    notice = notify_run_failure(cfg, run_failure_alert("escucha-nightly", "boom"))
    assert not notice.sent and not notice.failed and not receiver.posts
