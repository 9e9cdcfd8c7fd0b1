"""compose.yaml and the Dockerfile, on a machine without a Docker engine: the files are parsed
(services, commands, ports, volumes, environment) and every command they run is a real
command of this version; the slow test runs the services' commands in compose's order with
compose's environment, PostgreSQL and the Prefect server being this machine's (a fresh schema,
the session's server) and the demo smaller.
"""

from __future__ import annotations

import ast
import os
import re
import shlex
import subprocess
import sys
import time
import tomllib
import urllib.error
import urllib.request
from pathlib import Path

import pytest
import yaml
from helpers import cut_demo, free_port
from typer.testing import CliRunner

ROOT = Path(__file__).resolve().parents[1]


def _compose() -> dict:
    return yaml.safe_load((ROOT / "compose.yaml").read_text(encoding="utf-8"))


def _dockerfile() -> list[tuple[str, str]]:
    """(INSTRUCTION, arguments) with continuation lines joined and comments dropped."""
    text = re.sub(r"\\\n\s*", " ", (ROOT / "Dockerfile").read_text(encoding="utf-8"))
    out = []
    for line in text.splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            word, _, rest = line.partition(" ")
            out.append((word.upper(), rest.strip()))
    return out


def _commands(service: dict) -> list[list[str]]:
    """The commands a service runs: its argv, or each `&&` step of an `sh -c` line."""
    cmd = service["command"]
    if cmd[:2] == ["sh", "-c"]:
        return [shlex.split(step.strip().removeprefix("exec ")) for step in cmd[2].split("&&")]
    return [cmd]


def test_compose_starts_postgres_prefect_the_served_flows_and_the_dashboard():
    spec = _compose()
    services = spec["services"]
    assert set(services) == {"postgres", "prefect", "demo-data", "escucha", "dashboard"}
    assert services["postgres"]["image"].startswith("postgres:")
    assert services["prefect"]["ports"] == ["4200:4200"] and services["dashboard"]["ports"] == ["8050:8050"]
    escucha_env = services["escucha"]["environment"]
    assert escucha_env["ESCUCHA__STORE__URL"].startswith("postgresql://escucha:escucha@postgres:5432/")
    assert escucha_env["PREFECT_API_URL"] == "http://prefect:4200/api"
    for name in ("demo-data", "escucha", "dashboard"):
        assert services[name]["environment"] == escucha_env  # one configuration for all of them
        assert "data:/data" in services[name]["volumes"]
    assert escucha_env["ESCUCHA__DATA_DIR"] == "/data"
    assert set(spec["volumes"]) == {"pgdata", "prefect", "data"}
    deps = services["escucha"]["depends_on"]
    assert deps == {"postgres": {"condition": "service_healthy"}, "prefect": {"condition": "service_healthy"},
                    "demo-data": {"condition": "service_completed_successfully"}}
    assert _commands(services["escucha"]) == [["escucha", "store", "upgrade"], ["escucha", "run"], ["escucha", "serve"]]
    dashboard = _commands(services["dashboard"])[0]
    assert dashboard[dashboard.index("--token") + 1].startswith("env:")  # never open to the network without one


def test_every_command_in_compose_is_a_command_of_this_version():
    from escucha.cli import app

    runner = CliRunner()
    for name, service in _compose()["services"].items():
        if "command" not in service:
            continue
        for argv in _commands(service):
            if argv[0] == "escucha":
                result = runner.invoke(app, [*argv[1:], "--help"])
            else:
                result = subprocess.run([sys.executable, "-m", *argv, "--help"], capture_output=True, text=True,
                                        timeout=120)
                result.exit_code, result.output = result.returncode, result.stdout + result.stderr
            assert result.exit_code == 0, f"{name}: {argv}: {result.output[-500:]}"


def test_dockerfile_installs_the_package_without_extras_on_a_supported_python():
    steps = _dockerfile()
    meta = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    base = next(args for word, args in steps if word == "FROM")
    version = re.fullmatch(r"python:(3\.\d+)-slim", base).group(1)
    assert f"Programming Language :: Python :: {version}" in meta["classifiers"]
    copied = {src for word, args in steps if word == "COPY" for src in args.split()[:-1]}
    roots = ast.literal_eval(re.search(r"ROOTS = (\{.*?\})", (ROOT / "setup.py").read_text(), re.S).group(1))
    assert set(roots.values()) <= copied, "every package folder is in the image"
    assert {"pyproject.toml", "setup.py", "constraints.txt", meta["readme"], "LICENSE"} <= copied
    [install] = [args for word, args in steps if word == "RUN" and "pip install" in args]
    assert "-c constraints.txt" in install and '".${EXTRAS:+[$EXTRAS]}"' in install
    assert ("ARG", 'EXTRAS=""') in steps  # no extras unless asked: no torch in the default image
    assert ("USER", "escucha") in steps
    assert next(args for word, args in steps if word == "CMD") == '["escucha", "serve"]'
    ignored = (ROOT / ".dockerignore").read_text().split()
    assert ".venv/" in ignored and "escucha-data/" in ignored


@pytest.mark.slow
@pytest.mark.postgres
def test_the_compose_commands_run_here_in_order(postgres_schema_url, prefect_api_url, tmp_path):
    services = _compose()["services"]
    env = dict(os.environ, **services["escucha"]["environment"])
    env.update({"ESCUCHA__DATA_DIR": str(tmp_path / "data"), "ESCUCHA__STORE__URL": postgres_schema_url,
                "PREFECT_API_URL": prefect_api_url, "PREFECT_HOME": str(tmp_path / "prefect"),
                "ESCUCHA_PROGRESS": "off"})
    env["ESCUCHA_DASHBOARD_TOKEN"] = "prueba"

    def run(argv: list[str], *extra: str) -> str:
        assert argv[0] == "escucha"
        done = subprocess.run([sys.executable, "-m", "escucha.cli", *argv[1:], *extra], env=env, cwd=tmp_path,
                              capture_output=True, text=True, timeout=900)
        assert done.returncode == 0, " ".join(argv) + ":\n" + done.stdout[-2000:] + done.stderr[-3000:]
        return done.stdout

    [demo] = _commands(services["demo-data"])
    run(demo, "--records", "600", "--days", "30")  # the demo, smaller than compose's...
    cut_demo(tmp_path / "data" / "demo")  # ... and cut to 200 records: the commands, not the volume, are tested
    upgrade, nightly, _serve = _commands(services["escucha"])  # serve: tests/test_deployment.py
    assert "nothing to do" in run(upgrade) or "upgraded" in run(upgrade)
    assert "completed" in run(nightly)
    [dashboard] = _commands(services["dashboard"])
    port = free_port()
    argv = [a if a != "8050" else str(port) for a in dashboard]
    argv[argv.index("--host") + 1] = "127.0.0.1"
    proc = subprocess.Popen([sys.executable, "-m", "escucha.cli", *argv[1:]], env=env, cwd=tmp_path,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        page = ""
        deadline = time.monotonic() + 180
        while not page:  # the token as scripts send it; a browser's ?token= is redirected to a cookie
            assert proc.poll() is None, "the dashboard exited"
            try:
                req = urllib.request.Request(f"http://127.0.0.1:{port}/", headers={"Authorization": "Bearer prueba"})
                with urllib.request.urlopen(req, timeout=30) as r:
                    page = r.read().decode("utf-8")
            except urllib.error.HTTPError:
                raise
            except OSError:
                assert time.monotonic() < deadline, "the dashboard did not start"
                time.sleep(0.5)
        assert "Tablero" in page
        with pytest.raises(urllib.error.HTTPError) as denied:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=30)
        assert denied.value.code == 401
    finally:
        proc.terminate()
        proc.wait(timeout=30)
