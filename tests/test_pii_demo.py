"""Done-when of the redaction work, on the demo corpus as a user runs it: after `escucha run`,
none of the personal data listed in the demo's truth.json is found in the store (every table),
the report files (Parquet read as data), the dashboard, the Prefect database, the run's output
or the messages it delivered. It reads the session's clean demo run (`demo_nightly`,
conftest.py), the same run the flow tests compare against; the small corpus still holds call
transcripts with identity numbers and names said without a cue."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from escucha.pipeline.pii_audit import duckdb_text, files_text, find_leaks, truth_values

pytestmark = pytest.mark.slow  # a whole nightly run: models, topics, reports


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


def test_no_demo_truth_value_leaks_after_a_run(demo_nightly, demo_hook):
    from escucha.config import load_config

    values = truth_values(demo_nightly.demo / "truth.json")
    kinds = {(v.channel, v.kind) for v in values}
    assert {("transcript", "national_id"), ("transcript", "name"), ("pqrs", "email")} <= kinds, kinds
    messages = [r.body.decode("utf-8", "replace") for r in demo_hook.requests if r.path == "/clean"]
    assert messages  # the run delivered its reports and alerts
    haystacks = {
        "store": duckdb_text(demo_nightly.data / "escucha.duckdb"),
        "files": files_text(demo_nightly.data),
        "dashboard": _dashboard_text(load_config(demo_nightly.config, environ={})),
        "prefect": _prefect_text(demo_nightly.prefect_home),
        "output": demo_nightly.proc.stdout + demo_nightly.proc.stderr,
        "messages": "\n".join(messages),
    }
    assert "[DOCUMENTO]" in haystacks["store"] and "[NOMBRE]" in haystacks["store"]  # it ran on the texts
    leaks = find_leaks(values, haystacks)
    assert not any(leaks.values()), {k: [(x.record, x.value) for x in v[:5]] for k, v in leaks.items() if v}
