"""What the Prefect UI shows of a run besides its tasks: our own log lines, a progress bar over
the stages, and an alert to the alert channels when the run fails.

- `escucha_logs()`: the `escucha.*` loggers (failed sends, retries, quarantined sources, topic
  warnings) reach the run's log in the UI at INFO, whether or not the worker set
  `PREFECT_LOGGING_EXTRA_LOGGERS=escucha`; attached for the run only, so commands that run no
  flow (`escucha analyze`) never try to send logs to an API.
- `StageProgress`: a progress artifact (`escucha-progreso-<flow>`) updated as each stage ends,
  so a long night under `escucha serve` or a worker shows how far it is.
- `notify_failure`: the `on_failure` / `on_crashed` hook; the work is
  `escucha.pipeline.run_failure`.
"""

from __future__ import annotations

import logging
from contextlib import contextmanager
from typing import Iterator, Sequence

from escucha import log_guard
from escucha.config import ConfigError, load_config
from escucha.pipeline.run_failure import notify_run_failure, run_failure_alert

log = logging.getLogger(__name__)

LOGGER = "escucha"


@contextmanager
def escucha_logs() -> Iterator[None]:
    """Send the `escucha` loggers' records (INFO and up) to the current run's log."""
    from prefect.logging.handlers import APILogHandler

    log_guard.install()  # before any line of the run is made (a worker may not come through the CLI)
    logger = logging.getLogger(LOGGER)
    added = None
    if not any(isinstance(h, APILogHandler) for h in logger.handlers):
        added = APILogHandler()
        logger.addHandler(added)
    level = logger.level
    if level == logging.NOTSET or level > logging.INFO:
        logger.setLevel(logging.INFO)
    try:
        yield
    finally:
        logger.setLevel(level)
        if added is not None:
            logger.removeHandler(added)


class StageProgress:
    """A Prefect progress artifact over a run's stages (percent of stages done). A failure to
    write it is logged and never stops the run."""

    def __init__(self, flow: str, stages: Sequence[str]):
        self.stages = list(stages)
        self.key = f"escucha-progreso-{flow.removeprefix('escucha-')}"
        self._id = None
        self._done = 0
        self._write(0.0, f"Empezando: {self.stages[0]}" if self.stages else "Empezando")

    def stage_done(self, name: str) -> None:
        self._done += 1
        following = self.stages[self._done] if self._done < len(self.stages) else None
        note = f"{name} terminado" + (f"; ahora: {following}" if following else "")
        self._write(100.0 * self._done / max(1, len(self.stages)), note)

    def _write(self, percent: float, description: str) -> None:
        from prefect.artifacts import create_progress_artifact, update_progress_artifact

        try:
            if self._id is None:
                self._id = create_progress_artifact(progress=percent, key=self.key, description=description)
            else:
                update_progress_artifact(self._id, progress=percent, description=description)
        except Exception as exc:  # noqa: BLE001 - progress is a courtesy, never a reason to fail
            log.debug("progress artifact not written: %s", exc)


def _run_url(flow_run_id: str) -> str | None:
    from prefect.settings import get_current_settings

    ui = get_current_settings().ui_url
    return f"{ui.rstrip('/')}/runs/flow-run/{flow_run_id}" if ui else None


def notify_failure(flow, flow_run, state) -> None:
    """Prefect hook (`on_failure`, `on_crashed`): a Spanish alert to `alerts.channels`, built from
    the configuration the run was started with (its `config_path` and `config` parameters)."""
    params = dict(flow_run.parameters or {})
    try:
        cfg = load_config(params.get("config_path"), overrides=params.get("config") or None)
    except ConfigError as exc:
        log.error("run failure alert not sent: the configuration does not load: %s", exc)
        return
    deployment = None
    if getattr(flow_run, "deployment_id", None):
        deployment = str(flow_run.deployment_id)
    alert = run_failure_alert(
        flow.name, state.message or "", state=state.name or state.type.value.title(),
        flow_run_id=str(flow_run.id), flow_run_name=flow_run.name, deployment=deployment,
        started_at=flow_run.start_time, url=_run_url(str(flow_run.id)))
    with escucha_logs():
        notify_run_failure(cfg, alert)
