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
from pathlib import Path
from typing import Any

from escucha.config import EscuchaConfig
from escucha.pipeline.context import data_path
from escucha.pipeline.faults import crash_point
from escucha.store._base import Store


def model_root(cfg: EscuchaConfig) -> Path:
    root = data_path(cfg, "models", "topics", "x").parent
    root.mkdir(parents=True, exist_ok=True)
    return root


def new_modeler(cfg: EscuchaConfig, encoder=None):
    from escucha.nlp.text.topic_text import TOPIC_TEXT_VERSION
    from escucha.nlp.topics import BERTopicModeler

    return BERTopicModeler(
        embedding_text=TOPIC_TEXT_VERSION,
        min_topic_size=cfg.topics.min_topic_size,
        max_outlier_share=cfg.topics.max_outlier_share,
        seed=cfg.topics.seed,
        categories=cfg.topics.categories,
        encoder=encoder,
    )


def apply_category_overrides(cfg: EscuchaConfig, modeler) -> None:
    """Categories set by hand in config win over the similarity mapping."""
    known = set(modeler.topics()["topic_id"].astype(int))
    for topic_id, category in cfg.topics.category_overrides.items():
        if int(topic_id) in known:
            modeler.set_category(int(topic_id), category)


def current_model(cfg: EscuchaConfig, store: Store, encoder=None):
    """The model the store points at, or None before the first fit."""
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
    return BERTopicModeler.load(path, encoder=encoder)


def _save_model(modeler, root: Path) -> Path:
    final = root / modeler.model_version
    if final.exists():
        return final
    tmp = root / f".{modeler.model_version}.tmp"
    shutil.rmtree(tmp, ignore_errors=True)
    modeler.save(tmp)
    tmp.rename(final)
    return final


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
        return {"assigned": 0, "new_topics": 0, "topics": int(len(store.fetch_topics()))}
    ids, emb = store.fetch_embeddings(pending)
    if not ids:
        return {"assigned": 0, "new_topics": 0, "topics": int(len(store.fetch_topics()))}
    texts = store.fetch_records(ids=ids, columns=["id", "text"])["text"].tolist()
    first_fit = modeler is None
    if first_fit:
        if len(ids) < 2 * cfg.topics.min_topic_size:
            return {"assigned": 0, "new_topics": 0, "topics": 0, "waiting_for": 2 * cfg.topics.min_topic_size}
        modeler = new_modeler(cfg, encoder)
        assignment = modeler.fit(texts, emb)
    else:
        assignment = modeler.update(texts, emb)
    new_topics = len(modeler.topics()) if first_fit else len(assignment.new_topic_ids)
    return _save_and_summarise(cfg, store, modeler, assignment, ids, run_id, new_topics)


def _save_and_summarise(cfg: EscuchaConfig, store: Store, modeler, assignment, ids, run_id: str,
                        new_topics: int) -> dict[str, Any]:
    """Category overrides, the new model version on disk, then the store's pointer and
    assignments (in that order: a crash between them leaves an unused model folder, never a
    pointer to a missing one), and the stage's figures for the run summary."""
    apply_category_overrides(cfg, modeler)
    _save_model(modeler, model_root(cfg))
    crash_point("topics:saved-model")
    store.save_topics(assignment.to_frame(ids), modeler.topics(), run_id)
    return {
        "assigned": len(ids),
        "new_topics": new_topics,
        "topics": int(len(modeler.topics())),
        "outliers": round(assignment.outlier_share, 3),
        "model_version": modeler.model_version,
    }


def _refit_new_embeddings(cfg: EscuchaConfig, store: Store, modeler, run_id: str) -> dict[str, Any]:
    """The model's embeddings came from another topic text: refit on every stored embedding
    (all recomputed by enrichment, whose version includes the topic text's)."""
    from escucha.nlp.text.topic_text import TOPIC_TEXT_VERSION

    ids, emb = store.fetch_embeddings(None)
    texts = store.fetch_records(ids=ids, columns=["id", "text"])["text"].tolist()
    before = set(modeler.topics()["topic_id"].astype(int))
    modeler.embedding_text = TOPIC_TEXT_VERSION
    modeler.refit(texts, emb)
    new_topics = len(set(modeler.topics()["topic_id"].astype(int)) - before)
    summary = _save_and_summarise(cfg, store, modeler, modeler.assignment_, ids, run_id, new_topics)
    return {**summary, "refit": True}
