"""The enrichment of one batch of texts: language, normalisation, embeddings and every classifier.

It composes swappable parts (an encoder, one classifier per task, each from its configured
backend) and returns rows with the store's ENRICHMENT_COLUMNS. Texts are already redacted.

Two texts are embedded: the classifiers read the normalised text (`text_norm`: courtesy, anger
and irony are signal for them), while the embedding returned and stored once per record is that
of the *topic text* (nlp/text/topic_text.py: greetings, fillers, sign-offs, handles and
placeholders removed), which only the topic model reads. Both go through one `encode` call.
"""

from __future__ import annotations

import hashlib
import json
from typing import Sequence

import numpy as np
import pandas as pd

from escucha.nlp.classifiers import TASK_LABELS, TextClassifier
from escucha.nlp.encoders import Encoder, UniversalSentenceEncoder

# Irony and toxicity models are trained on social text; elsewhere their output is noise.
SOCIAL_TASK_CHANNELS = {"social", "chat", "review"}
SOCIAL_TASKS = ("irony", "toxicity")


def build_classifier(task: str, backend: str, model_dir: str | None, encoder: Encoder,
                     options: dict | None = None) -> TextClassifier | None:
    """One classifier from its config block (`backend: embedded|transformers|off`); `options` are
    the transformers backend's runtime settings (runtime, quantize, num_threads)."""
    if backend == "off":
        return None
    from escucha.nlp.components import classifiers

    if backend == "embedded":
        params = {"task": task, "encoder": encoder}
        if model_dir:
            params["model_path"] = model_dir
        return classifiers.create("embedded", **params)
    return classifiers.create("transformers", task=task, model_dir=model_dir, **(options or {}))


def runtime_options(mc) -> dict:
    """The transformers backend's runtime settings of a config block (`nlp.<task>`)."""
    return {"runtime": mc.runtime, "quantize": mc.quantize, "num_threads": mc.threads}


def _encode_unique(encoder: Encoder, texts: list[str]) -> np.ndarray:
    """Encode each distinct text once: a topic text often equals its normalised text (short
    posts), and help-desk exports repeat texts, while encoding is most of enrichment's time."""
    index: dict[str, int] = {}
    for t in texts:
        index.setdefault(t, len(index))
    vectors = np.asarray(encoder.encode(list(index)))
    return vectors[[index[t] for t in texts]]


class Analyzer:
    """Language + normalisation + encoder + classifiers, built once per run."""

    def __init__(self, classifiers: dict[str, TextClassifier], encoder: Encoder | None = None):
        self.encoder = encoder or UniversalSentenceEncoder()
        self.classifiers = classifiers

    @classmethod
    def from_config(cls, nlp_cfg, encoder: Encoder | None = None) -> "Analyzer":
        encoder = encoder or UniversalSentenceEncoder()
        built = {}
        for task in TASK_LABELS:
            mc = getattr(nlp_cfg, task)
            clf = build_classifier(task, mc.backend, mc.model_dir, encoder, runtime_options(mc))
            if clf is not None:
                built[task] = clf
        return cls(built, encoder)

    @property
    def version(self) -> str:
        """Changes whenever any part that shapes the output changes: re-enrich on upgrade."""
        return self.version_with({})

    def version_with(self, classifier_versions: dict[str, str]) -> str:
        """The version this analyzer would have with other classifiers for some tasks (task ->
        classifier version): finds the enrichments written before a head was promoted."""
        from escucha.nlp.text.topic_text import TOPIC_TEXT_VERSION

        versions = {t: c.version for t, c in self.classifiers.items()} | dict(classifier_versions)
        parts = [self.encoder.name, TOPIC_TEXT_VERSION]  # the stored vectors are of the topic text
        parts += [f"{t}={v}" for t, v in sorted(versions.items())]
        return "an-" + hashlib.sha256("|".join(parts).encode()).hexdigest()[:12]

    def reclassify(self, rows: pd.DataFrame, tasks: Sequence[str]) -> pd.DataFrame:
        """Stored enrichment rows (with `text_norm`, `language` and the record's `channel`) with
        the columns of `tasks` computed again and this analyzer's version: what a promoted head
        changes, without detecting languages, normalising or embedding the topic text again,
        and without touching the stored vectors (the topics stay as they are)."""
        out = rows.reset_index(drop=True).copy()
        norm = out["text_norm"].fillna("").astype(str).tolist()
        channels = out["channel"].fillna("").astype(str).tolist()
        spanish = np.flatnonzero((out["language"] == "es").to_numpy(dtype=bool))
        for task in tasks:
            clf = self.classifiers.get(task)
            if clf is None:
                continue
            rows_ = spanish
            if task in SOCIAL_TASKS:
                rows_ = spanish[np.array([channels[i] in SOCIAL_TASK_CHANNELS for i in spanish], dtype=bool)]
            if len(rows_):
                _fill(out, task, rows_, clf.labels_, np.asarray(clf.predict_proba([norm[i] for i in rows_])))
        out["model_version"] = self.version
        return out

    def analyze(self, texts: Sequence[str], channels: Sequence[str],
                topic_vectors: bool = True) -> tuple[pd.DataFrame, np.ndarray]:
        """Enrich a batch: returns (rows of ENRICHMENT_COLUMNS but record_id and text_hash, the
        vectors to store: one per text, of its topic text). `topic_vectors=False` (nothing will
        cluster them, e.g. `escucha analyze`) skips the second encoding and returns the
        normalised texts' vectors instead."""
        from escucha.nlp.text.language import detect_language
        from escucha.nlp.text.normalize import normalize

        texts, channels = list(texts), list(channels)
        langs = [lang for lang, _ in detect_language(texts)]
        norm = [normalize(t, ch) for t, ch in zip(texts, channels)]
        emb, stored = self._embed(texts, channels, norm, topic_vectors)
        out = _empty_rows(langs, norm)
        spanish = np.flatnonzero(np.array([lang == "es" for lang in langs], dtype=bool))
        for task, clf in self.classifiers.items():
            rows = spanish
            if task in SOCIAL_TASKS:
                rows = spanish[np.array([channels[i] in SOCIAL_TASK_CHANNELS for i in spanish], dtype=bool)]
            if not len(rows):
                continue
            proba = np.asarray(clf.predict_proba([norm[i] for i in rows], embeddings=emb[rows]))
            _fill(out, task, rows, clf.labels_, proba)
        out["model_version"] = self.version
        return out, stored

    def _embed(self, texts: list[str], channels: list[str], norm: list[str],
               topic_vectors: bool) -> tuple[np.ndarray, np.ndarray]:
        """(vectors of the normalised texts, for the classifiers; vectors to store), in one call."""
        from escucha.nlp.text.topic_text import topic_text

        n = len(texts)
        if not n:
            empty = np.zeros((0, getattr(self.encoder, "dim", 512)), np.float32)
            return empty, empty
        topic_texts = [topic_text(t, ch) for t, ch in zip(texts, channels)] if topic_vectors else []
        both = _encode_unique(self.encoder, norm + topic_texts)
        return both[:n], (both[n:] if topic_vectors else both[:n])


def _empty_rows(langs: list[str], norm: list[str]) -> pd.DataFrame:
    """One row per text with its language and normalised text, every prediction still empty."""
    n = len(norm)
    out = pd.DataFrame({"language": langs, "text_norm": norm})
    for col in ("sentiment", "emotion", "pqrs_type_pred"):
        out[col] = pd.Series([None] * n, dtype=object)
    for col in ("sentiment_pos", "sentiment_neu", "sentiment_neg", "irony", "toxicity"):
        out[col] = np.nan
    out["emotion_scores"] = pd.Series([None] * n, dtype=object)
    return out


def _fill(out: pd.DataFrame, task: str, rows: np.ndarray, labels: list[str], proba: np.ndarray) -> None:
    """Write one task's predictions for `rows` into the columns it owns."""
    best = [labels[j] for j in proba.argmax(axis=1)]
    if task == "sentiment":
        out.loc[rows, "sentiment"] = best
        for lab, col in (("POS", "sentiment_pos"), ("NEU", "sentiment_neu"), ("NEG", "sentiment_neg")):
            out.loc[rows, col] = proba[:, labels.index(lab)]
    elif task == "emotion":
        out.loc[rows, "emotion"] = best
        out.loc[rows, "emotion_scores"] = [
            json.dumps({lab: round(float(p), 4) for lab, p in zip(labels, row)}, ensure_ascii=False)
            for row in proba
        ]
    elif task in SOCIAL_TASKS:
        out.loc[rows, task] = proba[:, labels.index("sí")]
    elif task == "pqrs_type":
        out.loc[rows, "pqrs_type_pred"] = best
