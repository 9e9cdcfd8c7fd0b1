"""`prefect deploy` with the repository's prefect.yaml against the session's Prefect server (conftest),
runs started from the API and executed by a process worker: the run completes with our log lines
and a progress artifact, and a failing run sends its alert to the alert channel.

The fast test checks that prefect.yaml and `escucha serve` (flows/deploy.py) describe the same
two deployments; the slow one does what an operator does on a fresh machine.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import urllib.request
from pathlib import Path

import pytest
import yaml
from loopback_http import Receiver

ROOT = Path(__file__).resolve().parents[1]
PREFECT = [sys.executable, "-m", "prefect"]


def test_prefect_yaml_declares_the_deployments_escucha_serve_builds():
    from escucha.config import load_config
    from escucha.flows.deploy import deployments

    spec = yaml.safe_load((ROOT / "prefect.yaml").read_text(encoding="utf-8"))
    declared = {d["name"]: d for d in spec["deployments"]}
    served = {d.name: d for d in deployments(None)}
    assert set(declared) == set(served) == {"escucha-nightly", "escucha-alerts"}
    cfg = load_config(None, environ={})
    crons = {"escucha-nightly": cfg.schedule.cron, "escucha-alerts": cfg.schedule.alerts_cron}
    for name, d in declared.items():
        module, _, attr = d["entrypoint"].partition(":")
        flow = getattr(__import__(module, fromlist=[attr]), attr)
        assert flow.name == served[name].flow_name
        [schedule] = d["schedules"]
        assert (schedule["cron"], schedule["timezone"]) == (crons[name], cfg.schedule.timezone)
        assert d["concurrency_limit"] == {"limit": served[name].concurrency_limit,
                                          "collision_strategy": served[name].concurrency_options.collision_strategy.value}
        assert d["work_pool"]["job_variables"]["env"]["PREFECT_LOGGING_EXTRA_LOGGERS"] == "escucha"
        assert set(d["parameters"]) >= {"config_path", "config"}
    assert declared["escucha-alerts"]["parameters"]["scheduled"] is True


def _api(url: str, path: str, body: dict | None = None) -> object:
    req = urllib.request.Request(url + path, data=json.dumps(body or {}).encode(), method="POST",
                                 headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(req, timeout=10) as r:
        return json.load(r)


def _get(url: str, path: str) -> dict:
    with urllib.request.urlopen(url + path, timeout=10) as r:
        return json.load(r)


@pytest.mark.slow
def test_prefect_deploy_registers_both_deployments_and_a_worker_runs_them(prefect_api_url, tmp_path):
    url = prefect_api_url
    env = dict(os.environ, PREFECT_API_URL=url, PREFECT_HOME=str(tmp_path / "home"), ESCUCHA_PROGRESS="off")
    env.pop("PREFECT_LOGGING_EXTRA_LOGGERS", None)
    clone = tmp_path / "clone"  # only prefect.yaml: the flows come from the installed package
    clone.mkdir()
    shutil.copy(ROOT / "prefect.yaml", clone / "prefect.yaml")

    def prefect(*args: str, timeout: int = 120) -> str:
        done = subprocess.run([*PREFECT, *args], cwd=clone, env=env, capture_output=True, text=True, timeout=timeout)
        assert done.returncode == 0, done.stdout + done.stderr
        return done.stdout

    prefect("work-pool", "create", "escucha", "--type", "process", "--overwrite")
    prefect("--no-prompt", "deploy", "--all")
    found = {d["name"]: d for d in _api(url, "/deployments/filter", {"deployments": {"name": {"any_": [
        "escucha-nightly", "escucha-alerts"]}}})}
    assert set(found) == {"escucha-nightly", "escucha-alerts"}
    nightly, alerts = found["escucha-nightly"], found["escucha-alerts"]
    assert nightly["entrypoint"] == "escucha.flows.nightly:nightly" and nightly["work_pool_name"] == "escucha"
    assert nightly["concurrency_options"]["collision_strategy"] == "ENQUEUE"
    assert nightly["global_concurrency_limit"]["limit"] == 1
    assert alerts["concurrency_options"]["collision_strategy"] == "CANCEL_NEW"
    assert [s["schedule"]["cron"] for s in nightly["schedules"]] == ["0 2 * * *"]

    data = tmp_path / "data"
    export = tmp_path / "pqrs.csv"
    export.write_text("radicado,fecha,texto\n"
                      "1,03/11/2026 08:15,La factura llegó con un cobro doble y nadie responde en la línea\n"
                      "2,03/11/2026 09:20,\"Excelente atención en la oficina, resolvieron todo rápido\"\n",
                      encoding="utf-8")
    good = {"data_dir": str(data), "topics": {"enabled": False},
            "connectors": [{"name": "exportacion", "type": "export_files", "channel": "pqrs", "options": {
                "path": str(export), "date_format": "%d/%m/%Y %H:%M", "timezone": "America/Bogota",
                "mapping": {"source_id": "radicado", "created_at": "fecha", "text": "texto"}}}]}
    receiver = Receiver()
    try:
        # fails at once: the store's database does not exist; the hook alerts the alert channel
        bad = {"data_dir": str(tmp_path / "data-bad"), "connectors": [],
               "store": {"url": "postgresql://postgres@127.0.0.1:1/escucha?connect_timeout=2"},
               "alerts": {"channels": ["guardia"]},
               "delivery": {"channels": {"guardia": {"type": "webhook", "url": f"{receiver.url}/guardia"}},
                            "retries": 0}}
        ok_run = _api(url, f"/deployments/{nightly['id']}/create_flow_run", {"parameters": {"config": good}})
        bad_run = _api(url, f"/deployments/{alerts['id']}/create_flow_run", {"parameters": {"config": bad}})
        prefect("worker", "start", "--pool", "escucha", "--run-once", timeout=400)

        ok = _get(url, f"/flow_runs/{ok_run['id']}")
        assert ok["state_type"] == "COMPLETED", ok["state"]
        logs = _api(url, "/logs/filter", {"logs": {"flow_run_id": {"any_": [ok_run["id"]]}}, "limit": 200})
        assert any(line["name"] == "escucha.pipeline.ingest" and "exportacion: 2 new" in line["message"]
                   for line in logs), [line["name"] for line in logs]
        artifacts = _api(url, "/artifacts/filter", {"artifacts": {"flow_run_id": {"any_": [ok_run["id"]]}}})
        progress = [a for a in artifacts if a["type"] == "progress"]
        assert progress and progress[0]["key"] == "escucha-progreso-nightly" and progress[0]["data"] == 100.0

        failed = _get(url, f"/flow_runs/{bad_run['id']}")
        assert failed["state_type"] == "FAILED"
        [alert] = receiver.json("/guardia")
        assert alert["severidad"] == "alta" and alert["datos"]["kind"] == "ejecucion_fallida"
        assert alert["asunto"].endswith("La ejecución de escucha-alerts falló")
        assert alert["datos"]["evidence"]["flow_run_id"] == bad_run["id"]
        assert any(f["nombre"] == "Error" and "1" in f["valor"] for f in alert["hechos"])
    finally:
        receiver.close()
        for d in found.values():  # the session's server is shared: leave no deployment behind
            urllib.request.urlopen(urllib.request.Request(f"{url}/deployments/{d['id']}", method="DELETE"),
                                   timeout=10).close()
