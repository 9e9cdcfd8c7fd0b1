"""`escucha serve` against a real Prefect server on loopback (the session's, see conftest.py):
the deployments and their schedules."""

from __future__ import annotations

import os
import subprocess
import sys
import time
import urllib.request

import pytest

pytestmark = pytest.mark.slow


def test_serve_creates_the_nightly_and_hourly_deployments_with_their_schedules(prefect_api_url, tmp_path):
    url = prefect_api_url
    env = dict(os.environ, PREFECT_HOME=str(tmp_path / "prefect"), PREFECT_API_URL=url,
               ESCUCHA__SCHEDULE__CRON="30 1 * * 1-5")
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
