"""The nightly flow: ingest -> enrich -> topics -> publish. Orchestration only.

Each task is a thin wrapper around a plain function in `escucha.pipeline`, which is where
the work (and its tests) live. Tasks work on whole batches, never one record at a time.
"""

from __future__ import annotations

import time
from contextlib import contextmanager

import escucha  # noqa: F401  (offline environment before Prefect loads)
from prefect import flow, get_run_logger, task
from prefect.artifacts import create_markdown_artifact
from prefect.cache_policies import NO_CACHE

from escucha.config import EscuchaConfig, load_config
from escucha.flows.enrich_dask import enrich_on_dask
from escucha.flows.observability import StageProgress, escucha_logs, notify_failure
from escucha.pipeline import deliver as deliver_stage
from escucha.pipeline import enrich as enrich_stage
from escucha.pipeline import ingest as ingest_stage
from escucha.pipeline import publish as publish_stage
from escucha.pipeline import redaction as redaction_stage
from escucha.pipeline import topics as topics_stage
from escucha.pipeline.context import RunInfo, analytics_now, new_run, open_configured_store, run_lock
from escucha.pipeline.heads import active_heads
from escucha.pipeline.progress import progress_bar
from escucha.pipeline.summary import RunSummary
from escucha.store import Store


@contextmanager
def _stage(summary: RunSummary, name: str):
    t0 = time.perf_counter()
    yield
    summary.stage_seconds[name] = round(time.perf_counter() - t0, 2)


@task(name="ingest", retries=2, retry_delay_seconds=10, cache_policy=NO_CACHE)
def ingest(cfg: EscuchaConfig, store: Store, run: RunInfo, summary: RunSummary) -> None:
    summary.reset_ingest()
    policy = ingest_stage.build_redaction(cfg)
    for connector in ingest_stage.build_connectors(cfg):
        with progress_bar(f"ingest {connector.name}", unit="reg") as bar:
            result = ingest_stage.ingest_connector(
                store, connector, policy, run.run_id,
                on_batch=lambda r: bar.update(r.new + r.updated + r.unchanged + r.quarantined))
        summary.add_ingest(connector.name, result)


@task(name="enrich", retries=1, cache_policy=NO_CACHE)
def enrich(cfg: EscuchaConfig, store: Store, run: RunInfo, summary: RunSummary) -> None:
    heads = active_heads(cfg)
    summary.heads = dict(heads.in_use)
    with progress_bar("enrich", unit="texto") as bar:
        summary.enriched = enrich_stage.run_enrichment(cfg, store, run.run_id, on_batch=bar.update, heads=heads)


def enrich_dask(cfg: EscuchaConfig, store: Store, run: RunInfo, summary: RunSummary) -> None:
    # `execution.dask`: one Prefect task per batch on Dask through prefect-dask. Called from the
    # flow's body, not as a task: a task's context (holding the store) would travel to the workers.
    heads = active_heads(cfg)
    summary.heads = dict(heads.in_use)
    with progress_bar("enrich (Dask)", unit="texto") as bar:
        summary.enriched = enrich_on_dask(cfg, store, run.run_id, on_batch=bar.update, heads=heads)


@task(name="topics", cache_policy=NO_CACHE)
def topics(cfg: EscuchaConfig, store: Store, run: RunInfo, summary: RunSummary) -> None:
    if cfg.topics.enabled:
        summary.topics = topics_stage.update_topics(cfg, store, run.run_id)


@task(name="publish", retries=2, retry_delay_seconds=10, cache_policy=NO_CACHE)
def publish(cfg: EscuchaConfig, store: Store, run: RunInfo, summary: RunSummary) -> None:
    # one analysis frame and one at-risk list for the reports and the alerts
    result = publish_stage.publish(cfg, store, run.run_id, analytics_now(run.started_at))
    summary.reports = [str(p) for p in result.reports.paths]
    for team, markdown in result.reports.markdown_by_team.items():
        create_markdown_artifact(markdown=markdown, key=f"escucha-informe-{team}",
                                 description=f"Informe de temas recurrentes: {team}")
    if cfg.alerts.enabled:
        summary.alerts = result.alerts


@task(name="deliver", cache_policy=NO_CACHE)
def deliver(cfg: EscuchaConfig, store: Store, run: RunInfo, summary: RunSummary) -> None:
    # Each team's report by e-mail/channel and the alerts, once each; a failed send is recorded
    # and retried by the next run, it does not fail this one.
    summary.deliveries = deliver_stage.deliver_pending(cfg, store, run.run_id).to_dict()


@flow(name="escucha-nightly", log_prints=True, on_failure=[notify_failure], on_crashed=[notify_failure])
def nightly(config_path: str | None = None, config: dict | None = None) -> dict:
    """Collect, clean, analyse and publish: the night's voice of the customer.

    `config_path`: a YAML file on the machine that runs the flow; `config`: the same keys as a
    mapping (a deployment parameter), merged over the file and the ESCUCHA__* environment."""
    cfg = load_config(config_path, overrides=config or None)
    run = new_run("escucha-nightly")
    summary = RunSummary(run_id=run.run_id)
    enrich_step = enrich_dask if cfg.execution.dask else enrich
    stages = (("ingest", ingest), ("enrich", enrich_step), ("topics", topics), ("publish", publish),
              ("deliver", deliver))
    with escucha_logs(), open_configured_store(cfg) as store, run_lock(store, run.run_id):
        progress = StageProgress("escucha-nightly", [name for name, _ in stages])
        store.start_run(run.run_id, run.flow, run.started_at)
        try:
            # texts redacted by an older redactor: refused (clear message) or rescanned first
            redaction_stage.ensure_redaction_current(cfg, store, run.run_id)
            for name, stage in stages:
                with _stage(summary, name):
                    stage(cfg, store, run, summary)
                progress.stage_done(name)
            summary.status = "completed"
        except BaseException:
            summary.status = "failed"
            raise
        finally:
            store.finish_run(run.run_id, summary.status, summary.to_dict())
    create_markdown_artifact(markdown=f"```\n{summary.render()}\n```", key="escucha-resumen",
                             description="Resumen de la ejecución")
    get_run_logger().info("run %s %s: %d new records, %d quarantined", run.run_id, summary.status,
                          summary.new, summary.quarantined)
    return summary.to_dict()
