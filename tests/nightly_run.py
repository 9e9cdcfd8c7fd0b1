"""The nightly job as an operator runs it (`escucha run` in a fresh process), for the tests that
need a whole run: the flow's crash-and-resume tests and the redaction audit of everything a run
leaves behind. One clean run of a small demo corpus is made once per test session
(`demo_nightly` in conftest.py) and read by all of them; a test that changes what that run
leaves must make its own store (as the crash-and-resume store does).

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
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pandas as pd
import yaml

END = date(2026, 11, 20)
NOW = "2026-11-20T23:00:00+00:00"  # ESCUCHA_ANALYTICS_NOW of every run: the corpus's last evening
N_RECORDS = 600  # pqrs 300, social 180, transcripts 120: enough for several topics and every team
DEMO = {"seed": 11, "n_records": N_RECORDS, "end": END, "days": 100}
BATCH = {"ingest": 100, "nlp": 200}  # several batches per stage, so a crash can fall in the middle


@dataclass(frozen=True)
class DemoRun:
    """One finished `escucha run`: its folder (config, data/, prefect/), config file, demo corpus
    and the process's result (stdout, stderr)."""

    root: Path
    config: Path
    demo: Path
    proc: subprocess.CompletedProcess

    @property
    def data(self) -> Path:
        return self.root / "data"

    @property
    def prefect_home(self) -> Path:
        return self.root / "prefect"


def write_config(tmp: Path, demo: Path, hook_url: str) -> Path:
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
    env = dict(os.environ, ESCUCHA_PROGRESS="off", ESCUCHA_ANALYTICS_NOW=NOW,
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


def demo_size(demo_dir: Path) -> int:
    """Records of the demo corpus: N_RECORDS ordinary ones and the planted customers at risk's contacts."""
    return len(json.loads((demo_dir / "truth.json").read_text(encoding="utf-8"))["records"])
