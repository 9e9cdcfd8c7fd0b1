"""The store's topic model for BERTopic users: `escucha topics export-bertopic` and `escucha topics map`.

Both build a real `bertopic.BERTopic` from the model the store points at and the stored records
that have a topic (their redacted texts, their embeddings, their topic as stored), through
`nlp/topics/bertopic_export.py` (BERTopic's manual topic modeling: its c-TF-IDF, words, topic
embeddings; our topics and business names). Needs `pip install 'escucha[bertopic]'`.

- export: BERTopic's own `save` (safetensors folder, or one pickle file), without an embedding
  model (Escucha embeds with its own encoder), so `BERTopic.load(OUT)` works offline in a plain
  BERTopic install; `escucha_ids.json` beside it maps BERTopic's topic ids to Escucha's.
- map: the interactive topic map, the hierarchy, the words per topic and the topics week by
  week (from the records' creation dates) as self-contained HTML (outputs/topic_map.py).

Representative documents pass the output guard (`PiiGuard`) like report verbatims.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from escucha.config import EscuchaConfig
from escucha.pipeline.context import open_configured_store
from escucha.pipeline.redaction import output_guard
from escucha.pipeline.topics import current_model, docs_and_embeddings, model_root

log = logging.getLogger(__name__)

IDS_FILE = "escucha_ids.json"


class TopicExportError(RuntimeError):
    """Why there is nothing to export; the message is in Spanish (analysts read it)."""


@dataclass
class StoreTopics:
    """The stored records that have a topic, in one order."""

    model: object  # the BERTopicModeler the store points at
    record_ids: list[str]
    docs: list[str]  # redacted texts
    embeddings: np.ndarray
    topic_ids: np.ndarray
    created_at: pd.Series  # UTC timestamps


def store_topics(cfg: EscuchaConfig, max_records: int | None = None, seed: int = 42) -> StoreTopics:
    """The current model and the records with a stored topic (a seeded sample of `max_records`
    when there are more)."""
    with open_configured_store(cfg) as store:
        try:
            model = current_model(cfg, store)
        except FileNotFoundError as exc:
            raise TopicExportError(f"falta la carpeta del modelo de temas: {exc}") from exc
        if model is None:
            raise TopicExportError("todavía no hay un modelo de temas: ejecute `escucha run` primero")
        frame = store.analysis_frame()
        frame = frame.loc[frame["topic_id"].notna(), ["id", "topic_id", "created_at"]]
        if max_records is not None and len(frame) > max_records:
            frame = frame.sample(n=max_records, random_state=seed).sort_index()
        got, docs, emb = docs_and_embeddings(store, list(frame["id"]))
    frame = frame.set_index("id").loc[got]
    if not (frame["topic_id"].astype(int) >= 0).any():
        raise TopicExportError("ningún registro tiene tema asignado todavía: ejecute `escucha run` primero")
    return StoreTopics(model, list(got), docs, emb, frame["topic_id"].astype(int).to_numpy(),
                       pd.to_datetime(frame["created_at"], utc=True).reset_index(drop=True))


def store_bertopic(cfg: EscuchaConfig, max_records: int | None = None) -> tuple[object, StoreTopics]:
    """(BERTopic object, the records it was built from)."""
    from escucha.nlp.topics.bertopic_export import to_bertopic

    st = store_topics(cfg, max_records)
    return to_bertopic(st.model, st.docs, st.embeddings, st.topic_ids, guard=output_guard(cfg)), st


@dataclass
class ExportResult:
    path: Path
    topics: int
    records: int
    ids_file: Path


def export_bertopic(cfg: EscuchaConfig, out: Path, serialization: str = "safetensors",
                    max_records: int | None = None) -> ExportResult:
    """Save the store's topics as a BERTopic model: a folder (safetensors, with the c-TF-IDF) or a
    pickle file; `escucha_ids.json` inside the folder (beside the file) maps its ids to ours."""
    from escucha.nlp.topics.bertopic_export import escucha_ids

    if serialization not in ("safetensors", "pickle"):
        raise ValueError(f"serialization must be 'safetensors' or 'pickle', not {serialization!r}")
    topic_model, st = store_bertopic(cfg, max_records)
    out = Path(out)
    bertopic_log = logging.getLogger("BERTopic")
    level = bertopic_log.level
    bertopic_log.setLevel(logging.ERROR)  # its warning asks for an embedding model: ours is named in IDS_FILE
    try:
        if serialization == "safetensors":
            topic_model.save(out, serialization="safetensors", save_ctfidf=True, save_embedding_model=False)
            ids_file = out / IDS_FILE
        else:
            out.parent.mkdir(parents=True, exist_ok=True)
            topic_model.save(out, serialization="pickle", save_embedding_model=False)
            ids_file = out.with_name(out.name + "." + IDS_FILE)
    finally:
        bertopic_log.setLevel(level)
    labels = topic_model.custom_labels_ or []
    ours = escucha_ids(topic_model)
    offset = 1 if -1 in ours else 0
    ids_file.write_text(json.dumps({
        "escucha_model_version": st.model.model_version,
        "embedding_model": _encoder_name(cfg, st.model.model_version),
        "topics": [{"bertopic_id": t, "escucha_id": e, "label": labels[t + offset] if labels else None}
                   for t, e in sorted(ours.items())],
    }, ensure_ascii=False, indent=2), encoding="utf-8")
    return ExportResult(out, len([t for t in ours if t >= 0]), len(st.docs), ids_file)


def _encoder_name(cfg: EscuchaConfig, version: str) -> str | None:
    """The encoder that embedded the texts (BERTopic's `transform` needs embeddings from it)."""
    meta = model_root(cfg) / version / "metadata.json"
    return json.loads(meta.read_text(encoding="utf-8")).get("encoder") if meta.exists() else None


def write_store_topic_map(cfg: EscuchaConfig, out_dir: Path, max_records: int | None = None) -> list[Path]:
    """The store's topics as offline HTML charts in `out_dir` (see outputs/topic_map.py)."""
    from escucha.outputs.topic_map import write_topic_map

    from escucha.nlp.topics.bertopic_export import bertopic_docs

    topic_model, st = store_bertopic(cfg, max_records)
    return write_topic_map(topic_model, bertopic_docs(st.docs), st.created_at, Path(out_dir))
