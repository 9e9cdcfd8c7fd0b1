"""The nightly flow end to end, as an operator runs it: `escucha run` in a fresh process.

These tests run the real thing (Prefect's ephemeral API, DuckDB, the embedded models,
BERTopic) on a small demo corpus, so they are the slowest of the suite.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import tempfile
from datetime import date
from pathlib import Path

import pandas as pd
import pytest
import yaml

from escucha.demo import generate_demo

pytestmark = pytest.mark.slow

END = date(2026, 11, 20)


def _config(tmp: Path, demo: Path) -> Path:
    """The default config, pointed at a private data dir and a smaller demo corpus."""
    cfg = {"data_dir": str(tmp / "data"), "topics": {"min_topic_size": 15}, "analytics": {}}
    cfg["connectors"] = yaml.safe_load((Path(__file__).parents[1] / "config" / "default.yaml").read_text())["connectors"]
    for c in cfg["connectors"]:
        c["options"]["path"] = str(demo / Path(c["options"]["path"]).name)
    path = tmp / "escucha.yaml"
    path.write_text(yaml.safe_dump(cfg, allow_unicode=True), encoding="utf-8")
    return path


def run_escucha(config: Path, *args: str, crash_at: str | None = None, env_extra: dict | None = None,
                timeout: int = 900) -> subprocess.CompletedProcess:
    """Run `escucha` in its own process group, its output in files, not pipes.

    A SIGKILLed run leaves Prefect's temporary API server orphaned, and that child still
    holds any pipe it inherited: reading pipes to EOF would then hang. After the run we
    kill what is left of its group, as an operator's supervisor would.
    """
    env = dict(os.environ, ESCUCHA_PROGRESS="off", ESCUCHA_ANALYTICS_NOW="2026-11-20T23:00:00+00:00")
    env.pop("ESCUCHA_CRASH_AT", None)
    if crash_at:
        env["ESCUCHA_CRASH_AT"] = crash_at
    env.update(env_extra or {})
    cmd = [sys.executable, "-m", "escucha.cli", *args, "--config", str(config)]
    with tempfile.TemporaryFile("w+", encoding="utf-8") as out, tempfile.TemporaryFile("w+", encoding="utf-8") as err:
        proc = subprocess.Popen(cmd, stdout=out, stderr=err, env=env, start_new_session=True)
        try:
            rc = proc.wait(timeout=timeout)
        finally:
            try:
                os.killpg(proc.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            proc.wait()
        out.seek(0)
        err.seek(0)
        return subprocess.CompletedProcess(cmd, rc, out.read(), err.read())


def store_state(data_dir: Path) -> dict[str, pd.DataFrame]:
    """What must be identical between a clean run and a crashed-and-resumed one."""
    from escucha.store import open_store

    with open_store(None, data_dir) as store:
        records = store.fetch_records(columns=["id", "content_hash", "text"]).sort_values("id").reset_index(drop=True)
        frame = store.analysis_frame().sort_values("id").reset_index(drop=True)
        quarantine = store.list_quarantine(include_resolved=True)
        reports = store.list_outputs("report")
    return {
        "records": records,
        "enrichment": frame[["id", "language", "sentiment", "emotion", "pqrs_type"]],
        "topics": frame[["id", "topic_id"]],
        "quarantine": quarantine[["id", "reason"]].sort_values("id").reset_index(drop=True),
        "reports": reports[["key"]].sort_values("key").reset_index(drop=True),
    }


@pytest.fixture(scope="module")
def demo_dir(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("demo")
    generate_demo(out, seed=11, n_records=1500, end=END, days=100)
    return out


@pytest.fixture(scope="module")
def clean_run(tmp_path_factory, demo_dir):
    tmp = tmp_path_factory.mktemp("clean")
    config = _config(tmp, demo_dir)
    first = run_escucha(config, "run")
    assert first.returncode == 0, first.stderr[-3000:]
    return tmp, config, first


def test_run_reports_and_summary(clean_run):
    tmp, config, proc = clean_run
    out = proc.stdout
    assert "completed" in out
    assert "records in:" in out and "quarantined:" in out and "seconds per stage:" in out
    reports = sorted((tmp / "data" / "reports").glob("*.html"))
    assert {p.stem.split("_", 1)[1] for p in reports} == {"producto", "mercadeo", "ventas"}
    for p in reports:
        assert str(p) in out  # the summary names every report
        html = p.read_text(encoding="utf-8")
        assert "Informe de temas recurrentes" in html
    state = store_state(tmp / "data")
    n = len(state["records"])
    assert n >= 1400
    # every record was enriched and (outliers aside) assigned a topic
    assert state["enrichment"]["language"].notna().all()
    assert (state["topics"]["topic_id"].notna()).all()
    # redaction happened before storing: no e-mail address survives in the store
    assert not state["records"]["text"].str.contains(r"[\w.]+@[\w-]+\.\w{2,}", regex=True).any()


def test_rerun_duplicates_nothing(clean_run):
    tmp, config, _ = clean_run
    before = store_state(tmp / "data")
    again = run_escucha(config, "run")
    assert again.returncode == 0, again.stderr[-3000:]
    assert "new: 0" in again.stdout
    after = store_state(tmp / "data")
    pd.testing.assert_frame_equal(before["records"], after["records"])
    pd.testing.assert_frame_equal(before["topics"], after["topics"])


@pytest.mark.parametrize("crash_at", ["ingest:batch:2", "enrich:batch:1", "topics:saved-model:1", "publish:team:1"])
def test_kill_and_resume_equals_one_clean_run(tmp_path, demo_dir, clean_run, crash_at):
    clean_tmp, _, _ = clean_run
    config = _config(tmp_path, demo_dir)
    crashed = run_escucha(config, "run", crash_at=crash_at, env_extra={"ESCUCHA__INGEST__BATCH_SIZE": "400"})
    assert crashed.returncode == -9, f"expected SIGKILL at {crash_at}: rc={crashed.returncode} {crashed.stderr[-2000:]}"
    resumed = run_escucha(config, "run")
    assert resumed.returncode == 0, resumed.stderr[-3000:]
    want, got = store_state(clean_tmp / "data"), store_state(tmp_path / "data")
    for key in ("records", "enrichment", "topics", "quarantine", "reports"):
        pd.testing.assert_frame_equal(want[key], got[key], obj=f"{key} after crash at {crash_at}")
