"""The nightly flow end to end, as an operator runs it: `escucha run` in a fresh process.

These tests run the real thing (Prefect, DuckDB, the embedded models, BERTopic, delivery to a
webhook on loopback) on a small demo corpus, so they are the slowest of the suite. One clean run
is the reference; one store is killed once in each stage, run by run, then resumed, and must end
exactly where the clean run ended: no record lost, none duplicated, each message sent once.

Exact equality of labels and topics between two processes holds here because both encode the
same batches (`nlp.batch_size` is fixed below) with the same thread count on one machine, and
the topic fit is seeded and single-threaded: same bits in, same bits out.
"""

from __future__ import annotations

import json
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
from loopback_http import serve

from escucha.demo import generate_demo

pytestmark = pytest.mark.slow

END = date(2026, 11, 20)
N_RECORDS = 600  # pqrs 300, social 180, transcripts 120: enough for several topics and every team
BATCH = {"ingest": 100, "nlp": 200}  # several batches per stage, so a crash can fall in the middle
# Where the crash-and-resume store is killed, run after run (name:nth, see escucha/pipeline/faults.py).
CRASHES = ["ingest:batch:2", "enrich:batch:2", "topics:saved-model:1", "publish:team:2", "deliver:message:2"]


def _config(tmp: Path, demo: Path, hook_url: str) -> Path:
    """The default config, pointed at a private data dir, the small demo corpus and a webhook
    that receives every alert and every team's report."""
    default = yaml.safe_load((Path(__file__).parents[1] / "config" / "default.yaml").read_text(encoding="utf-8"))
    connectors = default["connectors"]
    for c in connectors:
        c["options"]["path"] = str(demo / Path(c["options"]["path"]).name)
    cfg = {
        "data_dir": str(tmp / "data"),
        "connectors": connectors,
        "ingest": {"batch_size": BATCH["ingest"]},
        "nlp": {"batch_size": BATCH["nlp"]},
        "topics": {"min_topic_size": 15},
        "delivery": {"channels": {"hook": {"type": "webhook", "url": hook_url}}, "retries": 0},
        "alerts": {"channels": ["hook"]},
        "reports": {"teams": {team: {"recipients": ["hook"]} for team in default["reports"]["teams"]}},
    }
    path = tmp / "escucha.yaml"
    path.write_text(yaml.safe_dump(cfg, allow_unicode=True), encoding="utf-8")
    return path


def run_escucha(config: Path, *args: str, crash_at: str | None = None, api_url: str | None = None,
                timeout: int = 900) -> subprocess.CompletedProcess:
    """Run `escucha` in its own process group, its output in files, not pipes.

    Without `api_url` the run starts Prefect's temporary API server, as an operator's first run
    does; with it, the run talks to that server. A SIGKILLed run leaves a temporary server
    orphaned, and that child still holds any pipe it inherited: reading pipes to EOF would then
    hang. After the run we kill what is left of its group, as an operator's supervisor would.
    """
    env = dict(os.environ, ESCUCHA_PROGRESS="off", ESCUCHA_ANALYTICS_NOW="2026-11-20T23:00:00+00:00",
               PREFECT_HOME=str(config.parent / "prefect"))
    env.pop("ESCUCHA_CRASH_AT", None)
    env.pop("PREFECT_API_URL", None)
    if crash_at:
        env["ESCUCHA_CRASH_AT"] = crash_at
    if api_url:
        env["PREFECT_API_URL"] = api_url
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
    from escucha.pipeline.deliver import SENT
    from escucha.store import open_store

    with open_store(None, data_dir) as store:
        records = store.fetch_records(columns=["id", "content_hash", "text"]).sort_values("id").reset_index(drop=True)
        frame = store.analysis_frame().sort_values("id").reset_index(drop=True)
        embedded, _ = store.fetch_embeddings()
        quarantine = store.list_quarantine(include_resolved=True)
        reports = store.list_outputs("report")
        alerts = store.list_outputs("alert")
        sent = store.list_outputs(SENT)
    return {
        "records": records,
        "enrichment": frame[["id", "language", "sentiment", "emotion", "pqrs_type"]],
        "embedded": pd.DataFrame({"id": sorted(embedded)}),
        "topics": frame[["id", "topic_id"]],
        "quarantine": quarantine[["id", "reason"]].sort_values("id").reset_index(drop=True),
        "reports": reports[["key"]].sort_values("key").reset_index(drop=True),
        "alerts": alerts[["key"]].sort_values("key").reset_index(drop=True),
        "sent": sent[["key"]].sort_values("key").reset_index(drop=True),
    }


def deliveries(hook, path: str) -> list[str]:
    """The idempotency ids of the messages the webhook received on `path`, in arrival order."""
    return [r.headers["x-escucha-delivery"] for r in hook.requests if r.method == "POST" and r.path == path]


@pytest.fixture(scope="module")
def hook():
    with serve() as server:
        yield server


@pytest.fixture(scope="module")
def demo_dir(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("demo")
    generate_demo(out, seed=11, n_records=N_RECORDS, end=END, days=100)
    return out


@pytest.fixture(scope="module")
def clean_run(tmp_path_factory, demo_dir, hook):
    tmp = tmp_path_factory.mktemp("clean")
    config = _config(tmp, demo_dir, f"{hook.url}/clean")
    first = run_escucha(config, "run")  # Prefect's temporary server, as on an operator's machine
    assert first.returncode == 0, first.stderr[-3000:]
    return tmp, config, first


@pytest.fixture(scope="module")
def crashed_and_resumed(tmp_path_factory, demo_dir, hook, prefect_api_url):
    """One store, killed once in every stage (each run gets one stage further), then resumed."""
    tmp = tmp_path_factory.mktemp("crashes")
    config = _config(tmp, demo_dir, f"{hook.url}/crashes")
    seen = []
    for crash_at in CRASHES:
        crashed = run_escucha(config, "run", crash_at=crash_at, api_url=prefect_api_url)
        assert crashed.returncode == -signal.SIGKILL, \
            f"expected SIGKILL at {crash_at}: rc={crashed.returncode} {crashed.stderr[-2000:]}"
        seen.append((crash_at, store_state(tmp / "data")))
    resumed = run_escucha(config, "run", api_url=prefect_api_url)
    assert resumed.returncode == 0, resumed.stderr[-3000:]
    return tmp, config, seen


def demo_size(demo_dir: Path) -> int:
    """Records of the demo corpus: N_RECORDS ordinary ones and the planted customers at risk's contacts."""
    return len(json.loads((demo_dir / "truth.json").read_text(encoding="utf-8"))["records"])


def test_run_reports_and_summary(clean_run, hook, demo_dir):
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
    assert len(state["records"]) == demo_size(demo_dir)
    # every record was enriched, embedded and (outliers aside) assigned a topic
    assert state["enrichment"]["language"].notna().all()
    assert state["embedded"]["id"].tolist() == state["records"]["id"].tolist()
    assert state["topics"]["topic_id"].notna().all()
    assert state["topics"]["topic_id"].nunique() >= 3
    # redaction happened before storing: no e-mail address survives in the store
    assert not state["records"]["text"].str.contains(r"[\w.]+@[\w-]+\.\w{2,}", regex=True).any()
    # each team's report and each alert went to the webhook once
    sent = deliveries(hook, "/clean")
    assert len(sent) == len(set(sent)) == len(state["sent"]) == 3 + len(state["alerts"])


def test_kill_in_every_stage_then_resume_equals_one_clean_run(clean_run, crashed_and_resumed, hook, demo_dir):
    clean_tmp, _, _ = clean_run
    tmp, _, seen = crashed_and_resumed
    # each run died where it was told to, one stage further than the one before
    progress = dict(seen)
    assert len(progress["ingest:batch:2"]["records"]) == 2 * BATCH["ingest"]
    assert progress["ingest:batch:2"]["embedded"].empty
    assert len(progress["enrich:batch:2"]["records"]) == demo_size(demo_dir)
    assert len(progress["enrich:batch:2"]["embedded"]) == 2 * BATCH["nlp"]
    assert len(progress["topics:saved-model:1"]["embedded"]) == demo_size(demo_dir)
    assert progress["topics:saved-model:1"]["topics"]["topic_id"].isna().all()  # model on disk, not in the store
    assert progress["publish:team:2"]["topics"]["topic_id"].notna().all()
    assert len(progress["publish:team:2"]["reports"]) == 2 and progress["publish:team:2"]["sent"].empty
    assert len(progress["deliver:message:2"]["sent"]) == 2
    # ... and the resumed store is the clean run's store
    want, got = store_state(clean_tmp / "data"), store_state(tmp / "data")
    for key in want:
        pd.testing.assert_frame_equal(want[key], got[key], obj=f"{key} after a crash in every stage")
    # every message arrived exactly once, the same ones as from the clean run
    sent = deliveries(hook, "/crashes")
    assert len(sent) == len(set(sent)) and set(sent) == set(deliveries(hook, "/clean"))


def test_rerun_duplicates_nothing(crashed_and_resumed, hook, prefect_api_url):
    tmp, config, _ = crashed_and_resumed
    before, posts = store_state(tmp / "data"), len(hook.requests)
    again = run_escucha(config, "run", api_url=prefect_api_url)
    assert again.returncode == 0, again.stderr[-3000:]
    assert "new: 0" in again.stdout
    after = store_state(tmp / "data")
    for key in before:
        pd.testing.assert_frame_equal(before[key], after[key], obj=f"{key} after a second run")
    assert len(hook.requests) == posts  # nothing sent twice
