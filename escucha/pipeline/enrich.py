"""Enrich: every stored record without an up-to-date enrichment gets one, batch by batch.

Resumable by construction: pending records are found by query (no enrichment for this text
and analyzer version), and each batch is written before the next one is read.
"""

from __future__ import annotations

from typing import Callable

from escucha.nlp.analyzer import Analyzer
from escucha.pipeline.faults import crash_point
from escucha.store._base import ENRICHMENT_COLUMNS, Store


def enrich_pending(store: Store, analyzer: Analyzer, run_id: str, batch_size: int,
                   on_batch: Callable[[int], None] | None = None) -> int:
    done = 0
    for batch in store.iter_pending_enrichment(analyzer.version, batch_size):
        rows, emb = analyzer.analyze(batch["text"].tolist(), batch["channel"].tolist())
        rows.insert(0, "record_id", batch["id"].to_numpy())
        rows["text_hash"] = batch["text_hash"].to_numpy()
        store.save_enrichment(rows[list(ENRICHMENT_COLUMNS)], emb, analyzer.encoder.name, run_id)
        done += len(batch)
        crash_point("enrich:batch")
        if on_batch:
            on_batch(len(batch))
    return done
