"""Done-when of the redaction work, on the demo corpus as a user runs it: after `escucha run`,
none of the personal data listed in the demo's truth.json is found in the store (every table),
the report files (Parquet read as data), the dashboard, the Prefect database or the run's
output. A small corpus keeps it short; it still holds call transcripts with identity numbers
and names said without a cue."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
import yaml

from escucha.demo import generate_demo
from escucha.pipeline.pii_audit import duckdb_text, files_text, find_leaks, truth_values

pytestmark = pytest.mark.slow  # a whole nightly run: models, topics, reports

END = date(2026, 11, 20)


def _prefect_text(home: Path) -> str:
    out = []
    for db in home.rglob("*.db"):
        con = sqlite3.connect(db)
        try:
            for (table,) in con.execute("SELECT name FROM sqlite_master WHERE type = 'table'").fetchall():
                for row in con.execute(f'SELECT * FROM "{table}"').fetchall():
                    out += [v if isinstance(v, str) else v.decode("utf-8", "replace") for v in row
                            if isinstance(v, (str, bytes))]
        finally:
            con.close()
    return "\n".join(out)


def _dashboard_text(cfg) -> str:
    from datetime import datetime, timezone

    from fastapi.testclient import TestClient

    from escucha.outputs.dashboard.app import create_app

    client = TestClient(create_app(cfg, now=lambda: datetime(2026, 11, 20, 23, tzinfo=timezone.utc)))
    pages = []
    for query in ("", "?vista=dia", "?vista=semana", "?vista=mes", "?canal=transcript", "?canal=pqrs"):
        for path in ("/", "/api/indicadores"):
            resp = client.get(path + query)
            assert resp.status_code == 200, (path, query)
            pages.append(resp.text)
    for query in ("", "?canal=transcript", "?segmento=estrat%C3%A9gico"):  # Clientes en riesgo: reasons, verbatims
        resp = client.get("/clientes" + query)
        assert resp.status_code == 200, query
        pages.append(resp.text)
    return "\n".join(pages)


def test_no_demo_truth_value_leaks_after_a_run(tmp_path):
    from escucha.config import load_config

    demo = tmp_path / "demo"
    generate_demo(demo, seed=7, n_records=600, end=END, days=60)
    values = truth_values(demo / "truth.json")
    kinds = {(v.channel, v.kind) for v in values}
    assert {("transcript", "national_id"), ("transcript", "name"), ("pqrs", "email")} <= kinds, kinds
    cfg = {"data_dir": str(tmp_path / "data"), "topics": {"min_topic_size": 8}}
    cfg["connectors"] = yaml.safe_load((Path(__file__).parents[1] / "config" / "default.yaml").read_text())["connectors"]
    for c in cfg["connectors"]:
        c["options"]["path"] = str(demo / Path(c["options"]["path"]).name)
    config = tmp_path / "escucha.yaml"
    config.write_text(yaml.safe_dump(cfg, allow_unicode=True), encoding="utf-8")
    home = tmp_path / "prefect"
    env = dict(os.environ, ESCUCHA_PROGRESS="off", PREFECT_HOME=str(home),
               ESCUCHA_ANALYTICS_NOW="2026-11-20T23:00:00+00:00")
    proc = subprocess.run([sys.executable, "-m", "escucha.cli", "run", "--config", str(config)], env=env,
                          capture_output=True, text=True, timeout=900)
    assert proc.returncode == 0, proc.stderr[-3000:]
    haystacks = {
        "store": duckdb_text(tmp_path / "data" / "escucha.duckdb"),
        "files": files_text(tmp_path / "data"),
        "dashboard": _dashboard_text(load_config(config, environ={})),
        "prefect": _prefect_text(home),
        "output": proc.stdout + proc.stderr,
    }
    assert "[DOCUMENTO]" in haystacks["store"] and "[NOMBRE]" in haystacks["store"]  # it ran on the texts
    leaks = find_leaks(values, haystacks)
    assert not any(leaks.values()), {k: [(x.record, x.value) for x in v[:5]] for k, v in leaks.items() if v}
