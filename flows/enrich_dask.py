"""The nightly enrich step on a Dask cluster, through prefect-dask (`execution.dask`).

Orchestration only: a `DaskTaskRunner` (a LocalCluster of `n_workers` processes, or the
scheduler at `address`) runs one Prefect task per batch (`escucha.pipeline.enrich.analyze_batch`,
which builds the worker's Analyzer once) and `enrich_pending` writes the results in order in
this process. A Prefect task costs about 0.3 s, so a task is a whole batch (`nlp.batch_size`,
thousands of texts), never one record.
"""

from __future__ import annotations

from typing import Any, Callable

import escucha  # noqa: F401  (offline environment before Prefect loads)
from prefect import task
from prefect.cache_policies import NO_CACHE

from escucha.config import EscuchaConfig
from escucha.config.schema import DaskConfig
from escucha.nlp.analyzer import Analyzer
from escucha.pipeline import enrich as enrich_stage
from escucha.store import Store


@task(name="analyze-batch", cache_policy=NO_CACHE)
def analyze_batch(nlp_config: dict, texts: list[str], channels: list[str], threads: int):
    return enrich_stage.analyze_batch(nlp_config, texts, channels, threads)


def dask_task_runner(dask_cfg: DaskConfig):
    """prefect-dask's task runner for `execution.dask`."""
    try:
        from prefect_dask import DaskTaskRunner
    except ImportError as exc:
        raise RuntimeError("execution.dask needs prefect-dask: pip install 'escucha[dask]'") from exc
    if dask_cfg.address:
        return DaskTaskRunner(address=dask_cfg.address)
    return DaskTaskRunner(cluster_class="distributed.LocalCluster",
                          cluster_kwargs={"n_workers": dask_cfg.n_workers,
                                          "threads_per_worker": dask_cfg.threads_per_worker,
                                          "processes": True, "dashboard_address": None})


def enrich_on_dask(cfg: EscuchaConfig, store: Store, run_id: str,
                   on_batch: Callable[[int], None] | None = None, heads=None) -> int:
    """Enrich every pending record on the configured Dask cluster; returns how many.

    Call it from a flow's body, not from inside a task: a submission carries the current run
    context to the workers, and a task's context holds its parameters (the store, a live
    connection, which cannot travel); the nightly flow's only parameter is a config path."""
    from escucha.pipeline.heads import active_heads, reclassify_promoted

    nlp_cfg = (heads or active_heads(cfg)).nlp  # the promoted heads (pipeline/heads.py), on the workers too
    analyzer = Analyzer.from_config(nlp_cfg)  # names the version the workers must produce
    reclassify_promoted(cfg, store, analyzer, run_id, cfg.nlp.batch_size, on_batch=on_batch)
    nlp: dict[str, Any] = nlp_cfg.model_dump(mode="json")
    threads = cfg.execution.dask.threads_per_worker
    with dask_task_runner(cfg.execution.dask) as runner:
        workers = max(1, len(runner.client.scheduler_info().get("workers", {})))

        def submit(texts: list[str], channels: list[str]):
            return runner.submit(analyze_batch, {"nlp_config": nlp, "texts": texts, "channels": channels,
                                                 "threads": threads})

        done = enrich_stage.enrich_pending(store, analyzer, run_id, cfg.nlp.batch_size, on_batch=on_batch,
                                           submit=submit, in_flight=2 * workers)
    enrich_stage.run_signals(cfg, store, run_id)  # rules: cheap, in the flow's process
    return done
