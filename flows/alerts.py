"""The hourly alert flow: social ingest -> enrich -> alert scan -> delivery. Orchestration only;
the work is `escucha.pipeline.alerts.scan_alerts`.

It shares the store's run lock with the nightly flow: while the nightly runs (it raises and
delivers alerts itself), the hourly scan is skipped, not failed; at the nightly's own start
minute it does not start at all, so it never takes the lock from under the nightly.
"""

from __future__ import annotations

from contextlib import ExitStack
from zoneinfo import ZoneInfo

import escucha  # noqa: F401  (offline environment before Prefect loads)
from prefect import flow, get_run_logger, task
from prefect.cache_policies import NO_CACHE

from escucha.config import EscuchaConfig, load_config
from escucha.flows.observability import escucha_logs, notify_failure
from escucha.pipeline.alerts import AlertScanResult, cron_matches, scan_alerts
from escucha.pipeline.context import RunInfo, analytics_now, new_run, open_configured_store, run_lock
from escucha.store import Store, StoreLocked


@task(name="alert-scan", cache_policy=NO_CACHE)
def alert_scan(cfg: EscuchaConfig, store: Store, run: RunInfo) -> AlertScanResult:
    return scan_alerts(cfg, store, run.run_id, now=analytics_now(run.started_at))


@flow(name="escucha-alerts", log_prints=True, on_failure=[notify_failure], on_crashed=[notify_failure])
def alerts(config_path: str | None = None, scheduled: bool = False, config: dict | None = None) -> dict:
    """Reputation alerts between nightly runs: new social posts, spikes, big-reach posts, SLA breaches.
    `config_path` and `config` as for the nightly flow."""
    cfg = load_config(config_path, overrides=config or None)
    with escucha_logs():
        return _scan(cfg, scheduled)


def _scan(cfg: EscuchaConfig, scheduled: bool) -> dict:
    run = new_run("escucha-alerts")
    logger = get_run_logger()
    local = run.started_at.astimezone(ZoneInfo(cfg.schedule.timezone))
    if scheduled and cron_matches(cfg.schedule.cron, local):
        return _skipped(run, "el flujo nocturno empieza ahora y envía sus alertas")
    try:
        store = open_configured_store(cfg)
    except StoreLocked as exc:  # DuckDB file held by the nightly run
        return _skipped(run, f"almacén ocupado: {exc}")
    with store, ExitStack() as held:
        try:
            held.enter_context(run_lock(store, run.run_id))
        except StoreLocked as exc:
            return _skipped(run, f"otra ejecución en curso: {exc}")
        store.start_run(run.run_id, run.flow, run.started_at)
        status, summary = "failed", {}
        try:
            result = alert_scan(cfg, store, run)
            status, summary = "completed", result.to_dict()
        finally:
            store.finish_run(run.run_id, status, summary)
    logger.info(result.render())
    return result.to_dict()


def _skipped(run: RunInfo, reason: str) -> dict:
    result = AlertScanResult(run.run_id, status="skipped", reason=reason)
    get_run_logger().info(result.render())
    return result.to_dict()

