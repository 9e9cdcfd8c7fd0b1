"""Topics: assign the night's new records to the stable topic model (fit it the first time).

The model on disk is versioned (`<data_dir>/models/topics/<model_version>/`) and the store's
topic table names the version in use. A night writes the new model folder first, then the
assignments and the topic table in one transaction: a crash in between leaves the store
pointing at the previous model, and the next run redoes the same update.

The model records which text its embeddings were computed from (`embedding_text`, the topic
text's version). When an upgrade changes it, enrichment has re-embedded every record and the
night refits the model on all of them instead of updating it: themes found again keep their
ids (same encoder, so old prototypes still point at them), every record is reassigned.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Sequence

import numpy as np
import pandas as pd

from escucha.config import EscuchaConfig
from escucha.pipeline.context import data_path
from escucha.pipeline.faults import crash_point
from escucha.store import Store

BATCH = 50_000  # records per read when assigning a big corpus after a fit on its sample


def model_root(cfg: EscuchaConfig) -> Path:
    root = data_path(cfg, "models", "topics", "x").parent
    root.mkdir(parents=True, exist_ok=True)
    return root


def configured_catalog(cfg: EscuchaConfig):
    """The issue catalogue of `topics.catalog` plus `topics.own_issues` (a wrong name is an error
    that lists the catalogues shipped)."""
    from escucha.nlp.topics.catalog import load_catalog

    return load_catalog(cfg.topics.catalog, [o.model_dump(exclude_none=True) for o in cfg.topics.own_issues])


def new_modeler(cfg: EscuchaConfig, encoder=None):
    from escucha.nlp.text.topic_text import TOPIC_TEXT_VERSION
    from escucha.nlp.topics import BERTopicModeler

    t = cfg.topics
    return BERTopicModeler(
        embedding_text=TOPIC_TEXT_VERSION,
        min_topic_size=t.min_topic_size,
        max_outlier_share=t.max_outlier_share,
        seed=t.seed,
        categories=t.categories,
        encoder=encoder,
        catalog=configured_catalog(cfg).to_list(),
        catalog_min_score=t.catalog_min_score,
        brand_terms=t.brand_terms,
        issue_similarity=t.issue_similarity,
        min_issues=t.min_issues,
        max_issues=t.max_issues,
    )


def apply_category_overrides(cfg: EscuchaConfig, modeler) -> None:
    """Categories set by hand in config win over the similarity mapping."""
    known = set(modeler.topics()["topic_id"].astype(int))
    for topic_id, category in cfg.topics.category_overrides.items():
        if int(topic_id) in known:
            modeler.set_category(int(topic_id), category)


def current_model(cfg: EscuchaConfig, store: Store, encoder=None):
    """The model the store points at, taught the analysts' issue labels (`issue_examples`), or
    None before the first fit."""
    from escucha.nlp.topics import BERTopicModeler

    topics = store.fetch_topics()
    if topics.empty:
        return None
    version = str(topics["model_version"].iloc[0])
    path = model_root(cfg) / version
    if not path.exists():
        raise FileNotFoundError(
            f"the store uses topic model {version} but {path} is missing; restore it or run "
            "`escucha topics refit`")
    model = BERTopicModeler.load(path, encoder=encoder)
    model.set_examples(issue_examples(store), cfg.topics.label_similarity)
    return model


# -- analysts' issue labels ("Revisar y etiquetar") ----------------------------------------------

def issue_examples(store: Store) -> list:
    """The latest issue label of every labelled record as an `IssueExample` for the topic
    model: the issue the analyst chose, the record's stored (topic-text) vector and its redacted
    text, `ref` = the record id. Records without a vector are left out (they have no topic)."""
    from escucha.labels import latest_labels
    from escucha.nlp.topics.examples import IssueExample

    labels = latest_labels(store.fetch_labels("issue"))
    chosen: dict[str, int] = {}
    for rid, label in zip(labels.get("record_id", []), labels.get("label", [])):
        try:
            chosen[str(rid)] = int(label)
        except (TypeError, ValueError):
            continue
    if not chosen:
        return []
    ids, emb = store.fetch_embeddings(list(chosen))
    recs = store.fetch_records(ids=ids, columns=["id", "text"])
    text = dict(zip(recs["id"], recs["text"]))
    return [IssueExample(chosen[rid], emb[k], str(text.get(rid) or ""), rid) for k, rid in enumerate(ids)]


def with_labels(store: Store, model, assignments: pd.DataFrame | None = None) -> pd.DataFrame:
    """`assignments` (rows record_id, topic_id, model_version about to be written) with the
    analysts' issue labels winning: a labelled record among them gets its label's issue (as the
    model holds it now: merged, split), and a labelled record not among them whose stored issue
    is another gets a row too. What the clustering says about a labelled record never shows."""
    cols = ["record_id", "topic_id", "model_version"]
    rows = (assignments if assignments is not None else pd.DataFrame(columns=cols)).copy()
    want = {e.ref: int(e.topic_id) for e in model.examples if e.ref}
    if not want:
        return rows
    hit = rows["record_id"].astype(str).isin(want)
    if hit.any():
        rows.loc[hit, "topic_id"] = rows.loc[hit, "record_id"].astype(str).map(want).to_numpy()
    others = sorted(set(want) - set(rows["record_id"].astype(str)))
    stored = store.fetch_topic_assignments(others) if others else pd.DataFrame(columns=cols)
    now = dict(zip(stored["record_id"].astype(str), stored["topic_id"]))
    moved = [r for r in others if r in now and now[r] != want[r]]
    if moved:
        extra = pd.DataFrame({"record_id": moved, "topic_id": [want[r] for r in moved],
                              "model_version": model.model_version})
        rows = extra if rows.empty else pd.concat([rows, extra], ignore_index=True)
    return rows.astype({"topic_id": "int64"}) if len(rows) else rows


def save_assignments(store: Store, model, assignments: pd.DataFrame | None, run_id: str) -> int:
    """The topic table of `model` and `assignments`, with the analysts' labels winning
    (`with_labels`), in one transaction; returns how many assignment rows were written. Every
    write of assignments (the nightly stage, topic corrections, refits) goes through here."""
    rows = with_labels(store, model, assignments)
    store.save_topics(rows, model.topics(), run_id)
    return len(rows)


@dataclass
class IssueSubthemes:
    """How each issue shows up, for reports: `table`, the sub-themes of every issue of the
    store's current model (SUBTHEME_COLUMNS: topic_id, topic_label, subtheme, label, keywords,
    size, share at its last fit), and `of_record`, the sub-theme of each record asked about
    (record id -> the table's `subtheme`), so that a report counts them over its own period."""

    table: pd.DataFrame
    of_record: dict[str, int] = field(default_factory=dict)


def issue_subthemes(cfg: EscuchaConfig, store: Store, records: pd.DataFrame | None = None) -> IssueSubthemes:
    """The current model's sub-themes and, for `records` (columns id and topic_id: the records a
    report's period holds), the sub-theme of each one with an issue and a stored vector. Empty
    before the first fit."""
    from escucha.nlp.topics import SUBTHEME_COLUMNS

    try:
        model = current_model(cfg, store)
    except FileNotFoundError:
        model = None
    if model is None:
        return IssueSubthemes(pd.DataFrame(columns=list(SUBTHEME_COLUMNS)))
    of_record: dict[str, int] = {}
    if records is not None and len(records):
        known = records.loc[records["topic_id"].notna() & (records["topic_id"] >= 0), ["id", "topic_id"]]
        topic_of = dict(zip(known["id"].astype(str), known["topic_id"].astype("int64")))
        asked = list(topic_of)
        for start in range(0, len(asked), BATCH):
            ids, emb = store.fetch_embeddings(asked[start : start + BATCH])
            if ids:
                subs = model.subtheme_of(emb, [topic_of[i] for i in ids])
                of_record.update((i, int(s)) for i, s in zip(ids, subs) if s >= 0)
    return IssueSubthemes(model.subthemes(), of_record)


def save_model(modeler, root: Path) -> Path:
    """Save under `root/<model_version>/` through a temporary folder renamed at the end, so a
    crash never leaves a half-written model where the store may point; a version already
    saved is kept as it is."""
    final = root / modeler.model_version
    if final.exists():
        return final
    tmp = root / f".{modeler.model_version}.tmp"
    shutil.rmtree(tmp, ignore_errors=True)
    modeler.save(tmp)
    tmp.rename(final)
    return final


def docs_and_embeddings(store: Store, ids: Sequence[str] | None) -> tuple[list[str], list[str], np.ndarray]:
    """(record ids, texts, embeddings) in one order, for `ids` (those with an embedding) or
    every record with an embedding."""
    got, emb = store.fetch_embeddings(list(ids) if ids is not None else None)
    recs = store.fetch_records(ids=list(got), columns=["id", "text"])
    text = dict(zip(recs["id"], recs["text"]))
    return list(got), [text[i] for i in got], emb


def fit_on_store(store: Store, modeler, ids: Sequence[str], *, refit: bool) -> tuple[Any, dict[int, int] | None]:
    """Fit (or refit) `modeler` on the records `ids` (all with an embedding) in bounded memory:
    (assignment of every id, in order; old id -> new id for a refit).

    Only the docs of `modeler.sample_indices` are read with their texts and clustered; the
    others are read BATCH at a time and assigned with `transform` (what the model does with
    them anyway), then the topic sizes are recounted. Reading every vector and text at once
    made a refit over 1M records peak at 10 GB."""
    from escucha.nlp.topics import OUTLIER, TopicAssignment

    ids = list(ids)
    idx = modeler.sample_indices(len(ids))
    sample = [ids[i] for i in idx]
    got, docs, emb = docs_and_embeddings(store, sample)
    _check_same(got, sample)
    mapping = modeler.refit(docs, emb) if refit else None
    first = modeler.assignment_ if refit else modeler.fit(docs, emb)
    del docs, emb
    if len(idx) == len(ids):
        return first, mapping
    topic_ids = np.full(len(ids), OUTLIER, dtype=np.int64)
    similarity = np.zeros(len(ids), dtype=np.float32)
    topic_ids[idx], similarity[idx] = first.topic_ids, first.similarity
    rest = np.setdiff1d(np.arange(len(ids)), idx)
    for start in range(0, len(rest), BATCH):
        part = rest[start : start + BATCH]
        want = [ids[i] for i in part]
        got, emb = store.fetch_embeddings(want)
        _check_same(got, want)
        assigned = modeler.transform(emb)
        topic_ids[part], similarity[part] = assigned.topic_ids, assigned.similarity
    modeler.recount(topic_ids)
    return TopicAssignment(topic_ids, similarity, modeler.model_version, list(first.new_topic_ids)), mapping


def _check_same(got: Sequence[str], want: Sequence[str]) -> None:
    if list(got) != list(want):
        missing = sorted(set(want) - set(got))[:5]
        raise RuntimeError(f"embeddings changed during the topic fit (missing e.g. {missing}); run it again")


def update_topics(cfg: EscuchaConfig, store: Store, run_id: str, encoder=None) -> dict[str, Any]:
    """Assign every record that has an embedding but no topic; returns figures for the summary."""
    from escucha.nlp.encoders import UniversalSentenceEncoder
    from escucha.nlp.text.topic_text import TOPIC_TEXT_VERSION

    encoder = encoder or UniversalSentenceEncoder()
    pending = store.ids_without_topic()
    modeler = current_model(cfg, store, encoder)
    if modeler is not None and modeler.embedding_text != TOPIC_TEXT_VERSION:
        return _refit_new_embeddings(cfg, store, modeler, run_id)
    if not pending:
        return {"assigned": 0, "new_topics": 0, "topics": int(len(store.fetch_topics())),
                **_labels_only(store, modeler, run_id)}
    if modeler is None:  # first fit: possibly a big backlog, read in batches
        have = set(store.ids_with_embedding())
        ids = [i for i in pending if i in have]
        if len(ids) < 2 * cfg.topics.min_topic_size:
            return {"assigned": 0, "new_topics": 0, "topics": 0, "waiting_for": 2 * cfg.topics.min_topic_size}
        modeler = new_modeler(cfg, encoder)
        assignment, _ = fit_on_store(store, modeler, ids, refit=False)
        return _save_and_summarise(cfg, store, modeler, assignment, ids, run_id, len(modeler.topics()))
    ids, texts, emb = docs_and_embeddings(store, pending)
    if not ids:
        return {"assigned": 0, "new_topics": 0, "topics": int(len(store.fetch_topics())),
                **_labels_only(store, modeler, run_id)}
    assignment = modeler.update(texts, emb)
    return _save_and_summarise(cfg, store, modeler, assignment, ids, run_id, len(assignment.new_topic_ids))


def provisional_topics(cfg: EscuchaConfig, store: Store, frame: pd.DataFrame) -> pd.DataFrame:
    """`frame` (an analysis frame) with a topic for its records that have an embedding but no
    topic yet: the current model's `transform` (known topics only), written nowhere.

    The hourly alert scan uses it so that an alert on posts of the last hour names what they
    are about; the nightly `update_topics` still assigns them for good, and may find that they
    form a new theme (an hourly assignment stored as final would have hidden them from it)."""
    missing = frame["topic_id"].isna() if "topic_id" in frame else pd.Series(False, index=frame.index)
    if not missing.any():
        return frame
    from escucha.nlp.text.topic_text import TOPIC_TEXT_VERSION

    try:
        model = current_model(cfg, store)
    except FileNotFoundError:
        return frame
    if model is None or model.embedding_text != TOPIC_TEXT_VERSION:
        return frame
    ids, emb = store.fetch_embeddings(frame.loc[missing, "id"].astype(str).tolist())
    if not ids:
        return frame
    topic_of = dict(zip(ids, model.transform(emb).topic_ids.tolist()))
    table = model.topics().set_index("topic_id")
    out = frame.copy()
    rows = missing & out["id"].astype(str).isin(topic_of)
    tids = out.loc[rows, "id"].astype(str).map(topic_of)
    out.loc[rows, "topic_id"] = tids.to_numpy()
    for column, source in (("topic_label", "label"), ("topic_category", "category")):
        if column in out and source in table:
            out.loc[rows, column] = tids.map(table[source]).to_numpy()
    return out


def _save_and_summarise(cfg: EscuchaConfig, store: Store, modeler, assignment, ids, run_id: str,
                        new_topics: int) -> dict[str, Any]:
    """Category overrides, the new model version on disk, then the store's pointer and
    assignments (in that order: a crash between them leaves an unused model folder, never a
    pointer to a missing one), and the stage's figures for the run summary."""
    apply_category_overrides(cfg, modeler)
    save_model(modeler, model_root(cfg))
    crash_point("topics:saved-model")
    save_assignments(store, modeler, assignment.to_frame(ids), run_id)
    out = {
        "assigned": len(ids),
        "new_topics": new_topics,
        "topics": int(len(modeler.topics())),
        "outliers": round(assignment.outlier_share, 3),
        "model_version": modeler.model_version,
    }
    if modeler.examples:
        out["labelled"] = len(modeler.examples)
    return out


def _labels_only(store: Store, modeler, run_id: str) -> dict[str, Any]:
    """A night with nothing new to assign still puts labelled records under their label."""
    if modeler is None or not modeler.examples:
        return {}
    rows = with_labels(store, modeler)
    if len(rows):
        store.upsert_topic_assignments(rows, run_id)
    return {"labelled": len(modeler.examples)}


def _refit_new_embeddings(cfg: EscuchaConfig, store: Store, modeler, run_id: str) -> dict[str, Any]:
    """The model's embeddings came from another topic text: refit on every stored embedding
    (all recomputed by enrichment, whose version includes the topic text's)."""
    from escucha.nlp.text.topic_text import TOPIC_TEXT_VERSION

    ids = store.ids_with_embedding()
    before = set(modeler.topics()["topic_id"].astype(int))
    modeler.embedding_text = TOPIC_TEXT_VERSION
    assignment, _ = fit_on_store(store, modeler, ids, refit=True)
    new_topics = len(set(modeler.topics()["topic_id"].astype(int)) - before)
    summary = _save_and_summarise(cfg, store, modeler, assignment, ids, run_id, new_topics)
    return {**summary, "refit": True}
