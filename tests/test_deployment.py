"""`escucha serve` against a real Prefect server on loopback: the deployment and its schedule."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request

import pytest

pytestmark = pytest.mark.slow


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait_healthy(url: str, timeout: float) -> None:
    deadline = time.time() + timeout
    while time.time() < deadline:
        try:
            with urllib.request.urlopen(f"{url}/health", timeout=2) as r:
                if r.status == 200:
                    return
        except OSError:
            time.sleep(1)
    raise TimeoutError(f"Prefect server at {url} not healthy after {timeout}s")


@pytest.fixture
def prefect_server(tmp_path):
    port = _free_port()
    env = dict(os.environ, PREFECT_HOME=str(tmp_path / "prefect"), PREFECT_SERVER_ANALYTICS_ENABLED="false",
               DO_NOT_TRACK="1", PREFECT_SERVER_UI_ENABLED="false")
    proc = subprocess.Popen([sys.executable, "-m", "prefect", "server", "start", "--host", "127.0.0.1",
                             "--port", str(port)], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}/api"
    try:
        _wait_healthy(url, 120)
        yield url, env
    finally:
        proc.terminate()
        proc.wait(timeout=30)


def test_serve_creates_the_nightly_and_hourly_deployments_with_their_schedules(prefect_server, tmp_path):
    url, env = prefect_server
    env = dict(env, PREFECT_API_URL=url, ESCUCHA__SCHEDULE__CRON="30 1 * * 1-5")
    serve = subprocess.Popen([sys.executable, "-m", "escucha.cli", "serve"], env=env, cwd=tmp_path,
                             stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        import json

        deadline = time.time() + 120
        deployments = []
        while time.time() < deadline and not deployments:
            req = urllib.request.Request(f"{url}/deployments/filter", data=b"{}", method="POST",
                                         headers={"Content-Type": "application/json"})
            with urllib.request.urlopen(req, timeout=5) as r:
                found = {d["name"]: d for d in json.load(r)}
            deployments = [found[n] for n in ("escucha-nightly", "escucha-alerts") if n in found]
            if len(deployments) < 2:
                deployments = []
            if not deployments:
                assert serve.poll() is None, serve.stdout.read()
                time.sleep(2)
        assert deployments, "escucha serve did not register its deployment"
        [schedule] = deployments[0]["schedules"]
        assert schedule["schedule"]["cron"] == "30 1 * * 1-5"  # from config (here: the environment)
        assert schedule["schedule"]["timezone"] == "America/Bogota"
        # the hourly alert scan, served by the same process, in the same time zone
        [hourly] = deployments[1]["schedules"]
        assert hourly["schedule"]["cron"] == "0 * * * *"
        assert hourly["schedule"]["timezone"] == "America/Bogota"
        assert deployments[1]["parameters"].get("scheduled") is True
    finally:
        serve.terminate()
        serve.wait(timeout=30)
