"""The nightly flow end to end, as an operator runs it: `escucha run` in a fresh process.

These tests run the real thing (Prefect, DuckDB, the embedded models, BERTopic, delivery to a
webhook on loopback) on a small demo corpus, so they are the slowest of the suite. The session's
clean run (`demo_nightly`, conftest.py) is the reference; one store is killed once in each stage,
run by run, then resumed, and must end exactly where the clean run ended: no record lost, none
duplicated, each message sent once. Why two processes give the same bits: nightly_run.py.
"""

from __future__ import annotations

import signal

import pandas as pd
import pytest
from nightly_run import BATCH, deliveries, demo_size, run_escucha, store_state, write_config

pytestmark = pytest.mark.slow

# Where the crash-and-resume store is killed, run after run (name:nth, see escucha/pipeline/faults.py).
CRASHES = ["ingest:batch:2", "enrich:batch:2", "topics:saved-model:1", "publish:team:2", "deliver:message:2"]


@pytest.fixture(scope="module")
def crashed_and_resumed(tmp_path_factory, demo_corpus, demo_hook, prefect_api_url):
    """One store, killed once in every stage (each run gets one stage further), then resumed."""
    tmp = tmp_path_factory.mktemp("crashes")
    config = write_config(tmp, demo_corpus, f"{demo_hook.url}/crashes")
    seen = []
    for crash_at in CRASHES:
        crashed = run_escucha(config, "run", crash_at=crash_at, api_url=prefect_api_url)
        assert crashed.returncode == -signal.SIGKILL, \
            f"expected SIGKILL at {crash_at}: rc={crashed.returncode} {crashed.stderr[-2000:]}"
        seen.append((crash_at, store_state(tmp / "data")))
    resumed = run_escucha(config, "run", api_url=prefect_api_url)
    assert resumed.returncode == 0, resumed.stderr[-3000:]
    return tmp, config, seen


def test_run_reports_and_summary(demo_nightly, demo_hook):
    tmp, proc, demo_dir, hook = demo_nightly.root, demo_nightly.proc, demo_nightly.demo, demo_hook
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


def test_kill_in_every_stage_then_resume_equals_one_clean_run(demo_nightly, crashed_and_resumed, demo_hook):
    clean_tmp, demo_dir, hook = demo_nightly.root, demo_nightly.demo, demo_hook
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


def test_rerun_duplicates_nothing(crashed_and_resumed, demo_hook, prefect_api_url):
    hook = demo_hook
    tmp, config, _ = crashed_and_resumed
    before, posts = store_state(tmp / "data"), len(hook.requests)
    again = run_escucha(config, "run", api_url=prefect_api_url)
    assert again.returncode == 0, again.stderr[-3000:]
    assert "new: 0" in again.stdout
    after = store_state(tmp / "data")
    for key in before:
        pd.testing.assert_frame_equal(before[key], after[key], obj=f"{key} after a second run")
    assert len(hook.requests) == posts  # nothing sent twice
