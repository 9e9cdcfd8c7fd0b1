"""Analysts' changes to the store's topic model: list, rename, merge, split, refit.

Each change loads the model the store points at (`topics.current_model`), applies it through
the model's corrections (renames and merges are re-applied by every nightly `update` and every
refit, so they survive), saves the result as a NEW model folder under
`<data_dir>/models/topics/<version>/`, then moves the store's pointer (the topic table) and the
records whose topic changed in one transaction, the same order as the nightly stage: a crash
in between leaves the store on the previous model. The model is taught the analysts' issue
labels (`topics.current_model`), and every write keeps a labelled record under its label
(`topics.save_assignments`). Every change holds the store's run lock, so
it never races a nightly run.

Messages (exceptions of `TopicEditError`) are in Spanish: a business analyst reads them.
"""

from __future__ import annotations

from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterator, Sequence

import numpy as np
import pandas as pd

from escucha.config import EscuchaConfig
from escucha.pipeline.context import new_run, open_configured_store, run_lock
from escucha.pipeline.topics import (current_model, docs_and_embeddings, fit_on_store, model_root, save_assignments,
                                    save_model)
from escucha.store import StoreLocked

LIST_COLUMNS = ("topic_id", "label", "category", "kind", "size", "last_seen")


class TopicEditError(RuntimeError):
    """A change that cannot be made; the message says why, in Spanish."""


@contextmanager
def editing(cfg: EscuchaConfig, flow: str = "topics-edit") -> Iterator[tuple[object, str]]:
    """(store, run_id) with the store's run lock held; released on exit."""
    run = new_run(flow)
    with open_configured_store(cfg) as store, ExitStack() as held:
        try:
            held.enter_context(run_lock(store, run.run_id))
        except StoreLocked as exc:
            raise TopicEditError(f"hay una ejecución en curso que usa el almacén; inténtelo más tarde ({exc})") from exc
        yield store, run.run_id


def _model(cfg: EscuchaConfig, store, encoder=None):
    model = current_model(cfg, store, encoder)
    if model is None:
        raise TopicEditError("todavía no hay un modelo de temas: ejecute `escucha run` primero")
    return model


def _require(model, topic_id: int) -> None:
    if int(topic_id) not in model.table_:
        valid = ", ".join(str(t) for t in sorted(model.table_.topics))
        raise TopicEditError(f"no existe el tema {topic_id}; temas actuales: {valid}")


def save_new_version(model, root: Path) -> Path:
    """Save as a folder nobody has used: a change whose version string exists already (a refit
    on the very data of an earlier fit gets that fit's version) takes the next revision."""
    while (root / model.model_version).exists():
        model.revision_ += 1
    return save_model(model, root)


def _assignments(store) -> pd.DataFrame:
    """record_id, topic_id (nullable), created_at of every stored record."""
    df = store.analysis_frame()
    return pd.DataFrame({"record_id": df["id"], "topic_id": pd.to_numeric(df["topic_id"], errors="coerce").astype("Int64"),
                         "created_at": df["created_at"]})


# -- list -----------------------------------------------------------------------------------
def list_topics(cfg: EscuchaConfig) -> tuple[pd.DataFrame, int, str | None]:
    """(topics of the current model: LIST_COLUMNS, largest first; records without a topic
    (outliers and not yet assigned); model version). Size and last seen come from the store."""
    with open_configured_store(cfg) as store:
        topics = store.fetch_topics()
        if topics.empty:
            return pd.DataFrame(columns=list(LIST_COLUMNS)), 0, None
        a = _assignments(store)
    version = str(topics["model_version"].iloc[0])
    assigned = a.loc[a["topic_id"].notna() & (a["topic_id"] >= 0)]
    g = assigned.groupby(assigned["topic_id"].astype("int64"))
    size, last = g.size(), g["created_at"].max()
    t = topics.loc[topics["topic_id"] >= 0, ["topic_id", "label", "category", "kind"]].copy()
    t["kind"] = t["kind"].fillna("problema")  # topics written before kinds
    t["topic_id"] = t["topic_id"].astype("int64")
    t["size"] = t["topic_id"].map(size).fillna(0).astype("int64")
    t["last_seen"] = t["topic_id"].map(last)
    t = t.sort_values(["size", "topic_id"], ascending=[False, True], kind="mergesort").reset_index(drop=True)
    return t[list(LIST_COLUMNS)], int(len(a) - len(assigned)), version


# -- corrections ---------------------------------------------------------------------------
def rename_topic(cfg: EscuchaConfig, topic_id: int, label: str, encoder=None) -> str:
    """Give a topic a human label; returns the new model version."""
    return _correct_one(cfg, topic_id, encoder, lambda model: model.rename(topic_id, label))


def set_topic_kind(cfg: EscuchaConfig, topic_id: int, kind: str, encoder=None) -> str:
    """Set what a topic holds (problema, felicitación, sugerencia, petición, comentario); a
    `comentario` topic leaves the ranking, any other kind enters it. Returns the new model version."""
    return _correct_one(cfg, topic_id, encoder, lambda model: model.set_kind(topic_id, kind))


def _correct_one(cfg: EscuchaConfig, topic_id: int, encoder, correct: Callable[[Any], None]) -> str:
    """One correction of one topic under the run lock (`correct(model)`; a ValueError is the
    analyst's mistake), saved as a new model version; returns it."""
    with editing(cfg) as (store, run_id):
        model = _model(cfg, store, encoder)
        _require(model, topic_id)
        try:
            correct(model)
        except ValueError as exc:
            raise TopicEditError(str(exc)) from exc
        save_new_version(model, model_root(cfg))
        save_assignments(store, model, None, run_id)
        return model.model_version


def merge_topics(cfg: EscuchaConfig, topic_ids: Sequence[int], encoder=None) -> tuple[str, int]:
    """Merge topics into the first; returns (new model version, records moved)."""
    ids = [int(t) for t in topic_ids]
    if len(set(ids)) < 2:
        raise TopicEditError("indique al menos dos temas distintos para unir")
    into = ids[0]
    with editing(cfg) as (store, run_id):
        model = _model(cfg, store, encoder)
        for t in ids:
            _require(model, t)
        model.merge(ids, into=into)
        save_new_version(model, model_root(cfg))
        a = _assignments(store)
        moved = a.loc[a["topic_id"].isin(ids[1:]).fillna(False).astype(bool), "record_id"]
        frame = pd.DataFrame({"record_id": moved.to_numpy(), "topic_id": into, "model_version": model.model_version})
        save_assignments(store, model, frame, run_id)
        return model.model_version, len(frame)


@dataclass
class SplitResult:
    model_version: str
    children: dict[int, int] = field(default_factory=dict)  # new topic id -> records


def split_topic(cfg: EscuchaConfig, topic_id: int, n_topics: int = 2, encoder=None) -> SplitResult:
    """Re-cluster one topic's records into `n_topics` sub-topics with new ids."""
    with editing(cfg) as (store, run_id):
        model = _model(cfg, store, encoder)
        _require(model, topic_id)
        a = _assignments(store)
        members = a.loc[(a["topic_id"] == int(topic_id)).fillna(False).astype(bool), "record_id"].tolist()
        rids, docs, emb = docs_and_embeddings(store, members)
        if len(rids) < 2 * n_topics:
            raise TopicEditError(f"el tema {topic_id} tiene {len(rids)} registros: muy pocos para dividirlo "
                                 f"en {n_topics}")
        try:
            assignment = model.split(int(topic_id), docs, emb, n_topics=n_topics)
        except ValueError as exc:
            raise TopicEditError(str(exc)) from exc
        save_new_version(model, model_root(cfg))
        save_assignments(store, model, assignment.to_frame(rids), run_id)
        counts = pd.Series(assignment.topic_ids).value_counts()
        return SplitResult(model.model_version, {int(c): int(counts.get(c, 0)) for c in assignment.new_topic_ids})


@dataclass
class RefitResult:
    old_version: str
    model_version: str
    mapping: dict[int, int]  # old id -> new id (-1: gone)
    overlap: dict[int, float]  # old id -> share of its records that went to mapping[old id]
    new_topics: list[int]
    labels_before: dict[int, str]
    labels_after: dict[int, str]
    records: int


def refit_topics(cfg: EscuchaConfig, encoder=None) -> RefitResult:
    """Re-cluster every record from scratch. A theme found again keeps its id (and so its label,
    category and corrections); a topic not found again maps to the new topic that took most of
    its records, and a human label or category of it passes to that topic when the topic is
    brand new. Writes a new model version and reassigns every record."""
    with editing(cfg, "topics-refit") as (store, run_id):
        model = _model(cfg, store, encoder)
        old_version = model.model_version
        before = model.topics().set_index("topic_id")
        rids = store.ids_with_embedding()
        if len(rids) < 2 * model.min_topic_size:
            raise TopicEditError(f"hay {len(rids)} registros con vector: muy pocos para reajustar el modelo")
        old = _assignments(store).set_index("record_id")["topic_id"]
        assignment, mapping = fit_on_store(store, model, rids, refit=True)
        new_ids = assignment.topic_ids
        fresh = set(assignment.new_topic_ids)
        c = model.corrections
        for o, n in mapping.items():  # labels of topics that now live under a brand-new id
            if n in fresh and n not in c.renames and o in c.renames:
                c.renames[n] = c.renames[o]
            if n in fresh and n not in c.categories and o in c.categories:
                c.categories[n] = c.categories[o]
        save_new_version(model, model_root(cfg))
        save_assignments(store, model, assignment.to_frame(rids), run_id)
        prev = old.reindex(rids).fillna(-2).astype("int64").to_numpy()  # -2: had no topic
        overlap = {}
        for o, n in mapping.items():
            had = prev == o
            overlap[o] = float(np.mean(new_ids[had] == n)) if had.any() else float("nan")
        after = model.topics().set_index("topic_id")
        return RefitResult(
            old_version=old_version, model_version=model.model_version, mapping=dict(mapping), overlap=overlap,
            new_topics=sorted(fresh), labels_before=before["label"].to_dict(), labels_after=after["label"].to_dict(),
            records=len(rids))


# -- promote ----------------------------------------------------------------------------------
def promote_topic(cfg: EscuchaConfig, topic_id: int, name: str | None = None, definition: str = "",
                  max_examples: int = 8, encoder=None) -> dict:
    """A company catalogue entry (`topics.own_issues`) from an issue the model discovered: its
    name (the analyst's, else the issue's current label), a definition and the issue's most
    typical stored texts (already redacted) as examples. Nothing is written: the analyst adds
    the entry to the configuration, and from the next fit or refit the issue is a catalogue
    issue with that name."""
    from escucha.nlp.topics.catalog import promote

    with open_configured_store(cfg) as store:
        model = _model(cfg, store, encoder)
        _require(model, topic_id)
        topic = model.table_.topics[int(topic_id)]
        if topic.catalog_key:
            raise TopicEditError(f"el tema {topic_id} ya es un tema del catálogo ({topic.catalog_key})")
        a = _assignments(store)
        members = a.loc[(a["topic_id"] == int(topic_id)).fillna(False).astype(bool), "record_id"].tolist()
        _, docs, emb = docs_and_embeddings(store, members)
    label = model.corrections.renames.get(int(topic_id), topic.label)
    if len(docs):
        centroid = model.table_.centroid(int(topic_id))
        emb = emb / np.maximum(np.linalg.norm(emb, axis=1, keepdims=True), 1e-12)
        order = np.lexsort((np.arange(len(docs)), -(emb @ centroid)))
        docs = [docs[i] for i in order]
    kind = model.corrections.kinds.get(int(topic_id), topic.kind)
    return promote(name or label, [*docs, *topic.verbatims], definition=definition, max_examples=max_examples,
                   kind=kind)
