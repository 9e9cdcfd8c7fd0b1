"""Enrich: every stored record without an up-to-date enrichment gets one, batch by batch.

Resumable by construction: pending records are found by query (no enrichment for this text
and analyzer version), and each batch is written before the next one is read.

Scale-out: `enrich_pending(..., submit=...)` sends each batch elsewhere and writes what comes
back. The nightly flow does this on a Dask cluster through prefect-dask when `execution.dask` is
set (flows/enrich_dask.py: one Prefect task per batch on a `DaskTaskRunner`). Only the pure part
travels: texts and channels go to a worker, which builds its own Analyzer once from the same
`nlp` configuration (`analyze_batch`), and (rows, embeddings) come back; the store stays in the
flow's process (a DuckDB file has one writer), and results are written in the order the batches
were read. At most `in_flight` batches are out at once, so memory stays bounded whatever the
backlog.
"""

from __future__ import annotations

import json
from collections import deque
from collections.abc import Callable
from typing import Any

import numpy as np
import pandas as pd

from escucha.nlp.analyzer import Analyzer
from escucha.nlp.signals import SignalDetector, make_detector
from escucha.pipeline.faults import crash_point
from escucha.store import ENRICHMENT_COLUMNS, Store


def _save(store: Store, batch: pd.DataFrame, rows: pd.DataFrame, emb: np.ndarray, encoder: str, run_id: str) -> None:
    rows.insert(0, "record_id", batch["id"].to_numpy())
    rows["text_hash"] = batch["text_hash"].to_numpy()
    store.save_enrichment(rows[list(ENRICHMENT_COLUMNS)], emb, encoder, run_id)


def enrich_pending(store: Store, analyzer: Analyzer, run_id: str, batch_size: int,
                   on_batch: Callable[[int], None] | None = None,
                   submit: Callable[[list[str], list[str]], Any] | None = None, in_flight: int = 2) -> int:
    """Enrich every pending record; returns how many. With `submit(texts, channels)`, which
    returns a future whose `.result()` is `analyze_batch`'s, batches are analysed elsewhere
    (`analyzer` still names the version and the encoder, and checks what comes back)."""
    if submit is not None:
        return _enrich_remote(store, analyzer, run_id, batch_size, on_batch, submit, in_flight)
    done = 0
    for batch in store.iter_pending_enrichment(analyzer.version, batch_size):
        rows, emb = analyzer.analyze(batch["text"].tolist(), batch["channel"].tolist())
        _save(store, batch, rows, emb, analyzer.encoder.name, run_id)
        done += len(batch)
        crash_point("enrich:batch")
        if on_batch:
            on_batch(len(batch))
    return done


# -- Dask --------------------------------------------------------------------------------------

_WORKER_ANALYZERS: dict[str, Analyzer] = {}


def worker_analyzer(nlp_config: dict, threads: int = 1) -> Analyzer:
    """The Analyzer of this worker process for this configuration, built on first use."""
    key = json.dumps([nlp_config, threads], sort_keys=True, default=str)
    analyzer = _WORKER_ANALYZERS.get(key)
    if analyzer is None:
        from escucha.config.schema import NlpConfig
        from escucha.nlp.encoders import UniversalSentenceEncoder

        # threads = the worker's share of the cores: USE with more threads than cores is ~15x slower
        analyzer = Analyzer.from_config(NlpConfig(**nlp_config), encoder=UniversalSentenceEncoder(threads=threads))
        _WORKER_ANALYZERS[key] = analyzer
    return analyzer


def analyze_batch(nlp_config: dict, texts: list[str], channels: list[str],
                  threads: int = 1) -> tuple[str, pd.DataFrame, np.ndarray]:
    """Runs on a Dask worker: (analyzer version, rows, embeddings) of one batch."""
    analyzer = worker_analyzer(nlp_config, threads)
    rows, emb = analyzer.analyze(texts, channels)
    return analyzer.version, rows, emb


def _enrich_remote(store, analyzer, run_id, batch_size, on_batch, submit, in_flight) -> int:
    window: deque = deque()
    done = 0

    def drain_one() -> None:
        nonlocal done
        batch, future = window.popleft()
        version, rows, emb = future.result()
        if version != analyzer.version:
            raise RuntimeError(f"a Dask worker analysed with {version}, this run expects {analyzer.version}: "
                               "the workers must have the same models and configuration as the flow")
        _save(store, batch, rows, emb, analyzer.encoder.name, run_id)
        done += len(batch)
        crash_point("enrich:batch")
        if on_batch:
            on_batch(len(batch))

    for batch in store.iter_pending_enrichment(analyzer.version, batch_size):
        window.append((batch, submit(batch["text"].tolist(), batch["channel"].tolist())))
        if len(window) >= max(1, in_flight):
            drain_one()
    while window:
        drain_one()
    return done


def run_enrichment(cfg, store: Store, run_id: str, on_batch: Callable[[int], None] | None = None,
                   heads=None) -> int:
    """Enrichment in this process: the hourly alert scan (a few posts) and the nightly flow
    without `execution.dask` (with it, the nightly sends its batches to Dask itself). Promoted
    heads (`heads`, default `pipeline.heads.active_heads(cfg)`) are used, and records enriched
    before a promotion get only the promoted task's columns again. Signals (churn intent)
    follow, in this process: rules are cheap."""
    from escucha.pipeline.heads import active_heads, reclassify_promoted

    analyzer = Analyzer.from_config((heads or active_heads(cfg)).nlp)
    reclassify_promoted(cfg, store, analyzer, run_id, cfg.nlp.batch_size, on_batch=on_batch)
    done = enrich_pending(store, analyzer, run_id, cfg.nlp.batch_size, on_batch=on_batch)
    run_signals(cfg, store, run_id)
    return done


# -- signals -----------------------------------------------------------------------------------

def signal_rows(batch: pd.DataFrame, detector: SignalDetector) -> pd.DataFrame:
    """One row per record of `batch` for the `signals` table: the first signal found in its
    (redacted) text, or kind/cue/excerpt empty when none, so it is not examined again."""
    found = detector.detect(batch["text"].tolist())
    first = [matches[0] if matches else None for matches in found]
    return pd.DataFrame({
        "record_id": batch["id"].to_numpy(),
        "text_hash": batch["text_hash"].to_numpy(),
        "kind": [m.kind if m else None for m in first],
        "cue": [m.cue if m else None for m in first],
        "excerpt": [m.excerpt if m else None for m in first],
        "detector_version": detector.version,
    })


def detect_pending_signals(store: Store, detector: SignalDetector, run_id: str, batch_size: int) -> int:
    """Examine every record not yet examined by this detector version; returns how many had a signal."""
    hits = 0
    for batch in store.iter_pending_signals(detector.version, batch_size):
        rows = signal_rows(batch, detector)
        store.upsert_signals(rows, run_id)
        hits += int(rows["kind"].notna().sum())
    return hits


def run_signals(cfg, store: Store, run_id: str) -> int:
    """The configured detector (`customers.signals`) over every pending record."""
    cust = getattr(cfg, "customers", None)
    if cust is not None and not cust.signals.enabled:
        return 0
    name = cust.signals.detector if cust is not None else "reglas"
    params = dict(cust.signals.params) if cust is not None else {}
    return detect_pending_signals(store, make_detector(name, **params), run_id, cfg.nlp.batch_size)
