"""The store contract: what every backend (DuckDB by default, PostgreSQL for teams) offers.

Everything is keyed so that a re-run or a crash-and-resume converges to the state of one clean
run: records upsert by `id`, enrichments and embeddings by `record_id`, topic assignments by
`record_id`, reports and alerts by a natural key. Every row carries the `run_id` that wrote it.
A connector's cursor is saved in the same transaction as the records it produced
(`save_batch`), so a crash loses nothing and repeats nothing.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Iterator, Mapping, Sequence

import numpy as np
import pandas as pd

from escucha.records import QuarantineItem, Record

# Columns of the enrichments table, in order; `analysis` code writes DataFrames with these.
ENRICHMENT_COLUMNS: tuple[str, ...] = (
    "record_id",
    "text_hash",
    "language",
    "text_norm",
    "sentiment",
    "sentiment_pos",
    "sentiment_neu",
    "sentiment_neg",
    "emotion",
    "emotion_scores",  # JSON text: {"alegría": 0.1, ...}
    "irony",  # probability 0..1 or NULL
    "toxicity",  # probability 0..1 or NULL
    "pqrs_type_pred",
    "model_version",
)

TOPIC_COLUMNS: tuple[str, ...] = (
    "topic_id",  # int, stable across nights; -1 = outliers
    "label",
    "category",
    "keywords",  # JSON list of strings
    "verbatims",  # JSON list of up to 3 redacted texts
    "size",
    "model_version",
    "kind",  # problema | felicitación | sugerencia | petición | comentario (ads, news: not in the ranking)
)

# Columns of `Store.analysis_frame()`: one row per record, the input of analytics and reports.
# `pqrs_type` is the source's own type when it has one, else the predicted one.
# `text` (already redacted at ingest) is present only when asked for (with_text=True).
ANALYSIS_COLUMNS: tuple[str, ...] = (
    "id", "source", "channel", "created_at", "author", "customer_id", "customer_segment",
    "process", "product", "country", "region", "pqrs_type", "opened_at", "first_response_at",
    "closed_at", "status", "followers", "likes", "shares", "url", "score",
    "language", "sentiment", "sentiment_pos", "sentiment_neu", "sentiment_neg", "emotion",
    "irony", "toxicity", "topic_id", "topic_label", "topic_category", "topic_kind",
)


@dataclass
class UpsertResult:
    new: int = 0
    updated: int = 0
    unchanged: int = 0
    quarantined: int = 0
    by_channel: dict[str, int] = field(default_factory=dict)  # new records per channel

    def __iadd__(self, other: "UpsertResult") -> "UpsertResult":
        self.new += other.new
        self.updated += other.updated
        self.unchanged += other.unchanged
        self.quarantined += other.quarantined
        for k, v in other.by_channel.items():
            self.by_channel[k] = self.by_channel.get(k, 0) + v
        return self


class SchemaMismatch(RuntimeError):
    """The store's schema version is not this code's: older (run `escucha store upgrade`) or newer
    (upgrade Escucha). The message says which and what to do."""


class StoreLocked(RuntimeError):
    """Another run holds the store's run lock."""


class Store(ABC):
    """Backend-neutral store. Implementations: `DuckDBStore`, `PostgresStore`."""

    url: str

    # -- lifecycle -------------------------------------------------------------------------
    @abstractmethod
    def init_schema(self) -> None:
        """Create the tables of an empty store and stamp its schema version (idempotent)."""

    @abstractmethod
    def schema_version(self) -> int:
        """The newest schema migration applied to this store."""

    @abstractmethod
    def upgrade_schema(self) -> list[int]:
        """Apply the migrations the store lacks, in order; returns the versions applied."""

    @abstractmethod
    def check_schema(self) -> None:
        """Raise SchemaMismatch (with what to do) unless the store is at the code's version."""

    @abstractmethod
    def close(self) -> None: ...

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- runs and the run lock --------------------------------------------------------------
    @abstractmethod
    def start_run(self, run_id: str, flow: str, started_at: datetime) -> None: ...

    @abstractmethod
    def finish_run(self, run_id: str, status: str, summary: dict[str, Any]) -> None: ...

    @abstractmethod
    def list_runs(self, limit: int = 20) -> pd.DataFrame: ...

    @abstractmethod
    def acquire_lock(self, name: str, owner: str, stale_after_s: float) -> bool:
        """Take a named lock; False if another live owner holds it. A lock older than
        `stale_after_s` (its holder crashed) is taken over."""

    @abstractmethod
    def release_lock(self, name: str, owner: str) -> None: ...

    @abstractmethod
    def lock_holder(self, name: str) -> str | None:
        """The owner string of a held lock, or None."""

    # -- ingest ----------------------------------------------------------------------------
    @abstractmethod
    def save_batch(
        self,
        connector: str,
        records: Sequence[Record],
        quarantined: Sequence[QuarantineItem],
        cursor: dict[str, Any] | None,
        run_id: str,
    ) -> UpsertResult:
        """Atomically upsert records, quarantine bad rows and save the connector's new cursor."""

    @abstractmethod
    def get_cursor(self, connector: str) -> dict[str, Any] | None: ...

    @abstractmethod
    def count_records(self, channel: str | None = None) -> int: ...

    @abstractmethod
    def fetch_records(
        self,
        ids: Sequence[str] | None = None,
        since: datetime | None = None,
        columns: Sequence[str] | None = None,
    ) -> pd.DataFrame: ...

    # -- enrichment ------------------------------------------------------------------------
    @abstractmethod
    def iter_pending_enrichment(self, model_version: str, batch_size: int) -> Iterator[pd.DataFrame]:
        """Batches (id, channel, text, text_hash) of records with no enrichment for this
        model_version and text; resumable because each batch is written before the next is read."""

    @abstractmethod
    def upsert_enrichments(self, df: pd.DataFrame, run_id: str) -> int: ...

    @abstractmethod
    def upsert_embeddings(self, ids: Sequence[str], vectors: np.ndarray, encoder: str, run_id: str) -> int: ...

    @abstractmethod
    def save_enrichment(self, rows: pd.DataFrame, vectors: np.ndarray, encoder: str, run_id: str) -> int:
        """Enrichment rows and their embeddings in ONE transaction (a crash never leaves one
        without the other)."""

    @abstractmethod
    def fetch_embeddings(self, ids: Sequence[str] | None = None) -> tuple[list[str], np.ndarray]: ...

    @abstractmethod
    def ids_with_embedding(self) -> list[str]:
        """Ids of every record that has an embedding, by id: lets a refit over millions of
        records read their vectors in batches instead of all at once."""

    # -- topics ----------------------------------------------------------------------------
    @abstractmethod
    def upsert_topic_assignments(self, df: pd.DataFrame, run_id: str) -> int:
        """df columns: record_id, topic_id, model_version."""

    @abstractmethod
    def replace_topics(self, df: pd.DataFrame, run_id: str) -> None:
        """Write the topic table (TOPIC_COLUMNS) of the current model."""

    @abstractmethod
    def save_topics(self, assignments: pd.DataFrame, topics: pd.DataFrame, run_id: str) -> None:
        """Assignments and the topic table in ONE transaction: the topic table's model_version is
        the pointer to the model on disk, so it must never disagree with the assignments."""

    @abstractmethod
    def fetch_topics(self) -> pd.DataFrame: ...

    @abstractmethod
    def fetch_topic_assignments(self, ids: Sequence[str] | None = None) -> pd.DataFrame:
        """record_id, topic_id, model_version of `ids` (those assigned, in that order), else of
        every assigned record by id."""

    @abstractmethod
    def ids_without_topic(self) -> list[str]: ...

    # -- signals ---------------------------------------------------------------------------
    @abstractmethod
    def iter_pending_signals(self, detector_version: str, batch_size: int) -> Iterator[pd.DataFrame]:
        """Batches (id, text, text_hash) of records not examined by this signal detector version."""

    @abstractmethod
    def upsert_signals(self, df: pd.DataFrame, run_id: str) -> int:
        """One row per record: record_id, text_hash, kind (NULL: no signal), cue, excerpt, detector_version."""

    @abstractmethod
    def fetch_signals(self, since: datetime | None = None) -> pd.DataFrame:
        """record_id, kind, cue, excerpt of the records with a signal for their current text."""

    # -- customer follow-ups ---------------------------------------------------------------
    @abstractmethod
    def add_followup(self, customer_key: str, state: str, note: str | None, run_id: str,
                     marked_at: datetime | None = None) -> None:
        """Record what was done about a listed customer (contactado, recuperado, perdido)."""

    @abstractmethod
    def list_followups(self, customer_key: str | None = None) -> pd.DataFrame:
        """customer_key, marked_at, state, note, run_id, oldest first."""

    # -- analysis frame --------------------------------------------------------------------
    @abstractmethod
    def analysis_frame(self, since: datetime | None = None, with_text: bool = False,
                       open_cases: bool = False) -> pd.DataFrame:
        """Records joined with their enrichment and topic: the input of analytics. `since` keeps
        records created from then on; with `open_cases`, open PQRS cases of any age too."""

    # -- outputs ---------------------------------------------------------------------------
    @abstractmethod
    def record_output(self, kind: str, key: str, run_id: str, payload: dict[str, Any]) -> bool:
        """Remember a report, alert or delivery by its natural key. False if the key exists
        already: the caller must not send it again."""

    @abstractmethod
    def list_outputs(self, kind: str, run_id: str | None = None) -> pd.DataFrame: ...

    # -- labels (what analysts confirmed or corrected) ---------------------------------------
    @abstractmethod
    def add_label(self, record_id: str, task: str, label: str, author: str, note: str | None = None,
                  at: datetime | None = None) -> dict[str, Any]:
        """Store one label of a record for a task (sentiment, emotion, pqrs_type, issue) with the
        machine's value at that moment (`previous`, `model_version`), read in the same
        transaction. Returns the row written. KeyError when the record is not in the store.
        Labels are never overwritten: the latest row of a record and task is its label."""

    @abstractmethod
    def fetch_labels(self, task: str | None = None) -> pd.DataFrame:
        """Every label row (of one task when given), oldest first."""

    @abstractmethod
    def iter_enrichments(self, model_versions: Sequence[str], batch_size: int) -> Iterator[pd.DataFrame]:
        """Whole enrichment rows (with the record's channel) of current texts enriched by one of
        `model_versions`, in batches: a promoted model recomputes one task's columns from them."""

    # -- stored texts (re-redaction) -------------------------------------------------------
    @abstractmethod
    def text_values(self, table: str, column: str, after: str | None, limit: int) -> list[tuple[str, str]]:
        """(key, value) of a text or JSON column of `records`, `enrichments` or `topics`, by key
        after `after` (keyset pagination, JSON as text), at most `limit` rows, NULLs left out."""

    @abstractmethod
    def set_text_values(self, table: str, column: str, values: Sequence[tuple[str, str]]) -> int:
        """Overwrite the column for the given keys in one transaction (records: use `save_batch`
        instead, so that the hashes follow the text)."""

    # -- quarantine ------------------------------------------------------------------------
    @abstractmethod
    def quarantine(self, items: Sequence[QuarantineItem], run_id: str) -> int: ...

    @abstractmethod
    def list_quarantine(self, include_resolved: bool = False) -> pd.DataFrame: ...

    @abstractmethod
    def resolve_quarantine(self, ids: Sequence[str], run_id: str) -> int: ...

    @abstractmethod
    def settle_quarantine(
        self,
        connector: str,
        records: Sequence[Record],
        new_items: Sequence[QuarantineItem],
        passed: Mapping[str, Sequence[str]],
        still_failing: Mapping[str, str],
        run_id: str,
    ) -> tuple[UpsertResult, list[str]]:
        """The outcome of replaying quarantined inputs, in ONE transaction: upsert `records` (by
        id: a replay never duplicates), store `new_items` (bad rows found when a whole file was
        read again), mark resolved each item of `passed` (quarantine id -> the record ids it
        produced) whose records are now all in the store, and give each item of `still_failing`
        (quarantine id -> reason) its new reason. Returns the upsert counts and the resolved ids."""
