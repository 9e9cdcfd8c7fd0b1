"""The offline default classifier: USE embeddings + a small linear head shipped with Escucha.

Long texts (reviews of 20,000 characters, call transcripts) are never silently cut: above
`chunk_threshold` characters a text is split into sentence groups of at most `chunk_chars`
characters, each group is encoded and classified, and the probabilities are averaged weighted by
the group's length. One embedding of a whole long text would blur its parts (USE averages over
tokens) and the encoder truncates its input anyway. Precomputed embeddings passed by the
pipeline are therefore used for short texts only; long texts are always re-encoded by chunk.
"""

from __future__ import annotations

import re
from collections import OrderedDict
from pathlib import Path
from typing import Sequence

import numpy as np

from escucha.nlp.classifiers._base import TASK_LABELS, TextClassifier, check_task
from escucha.nlp.classifiers.heads import LinearHead

MODELS_DIR = Path(__file__).resolve().parent.parent / "models" / "embedded"

# Sentence ends: punctuation + space, a newline, or punctuation glued to a capital ("2002.No lo").
_SENTENCE_END = re.compile(r"(?<=[.!?…;])\s+|\n+|(?<=[a-záéíóúñ)][.!?])(?=[A-ZÁÉÍÓÚÑ¿¡])")
_SOFT_BREAK = re.compile(r"(?<=[,:)])\s+|\s+(?=[-–—])")


# Chunk vectors shared by the five classifiers of a run: a long text is chunked identically by
# each of them, so it is encoded once, not five times. Keyed by encoder name (same name, same
# vectors); bounded (8,192 chunks x 2 KB).
_CHUNK_CACHE: "OrderedDict[tuple[str, str], np.ndarray]" = OrderedDict()
_CHUNK_CACHE_MAX = 8192


def clear_chunk_cache() -> None:
    """Forget every cached chunk vector (a benchmark measures encoding, not the cache)."""
    _CHUNK_CACHE.clear()


def _encode_chunks(encoder, chunks: list[str]) -> np.ndarray:
    name = getattr(encoder, "name", repr(encoder))
    missing = list(dict.fromkeys(c for c in chunks if (name, c) not in _CHUNK_CACHE))
    if missing:
        for c, v in zip(missing, encoder.encode(missing)):
            _CHUNK_CACHE[(name, c)] = v
        while len(_CHUNK_CACHE) > _CHUNK_CACHE_MAX:
            _CHUNK_CACHE.popitem(last=False)
    out = np.zeros((len(chunks), getattr(encoder, "dim", 512)), dtype=np.float32)
    for i, c in enumerate(chunks):
        v = _CHUNK_CACHE.get((name, c))
        if v is None:  # evicted while filling (more distinct chunks than the cache holds)
            v = encoder.encode([c])[0]
        else:
            _CHUNK_CACHE.move_to_end((name, c))
        out[i] = v
    return out


def shipped_model_path(task: str) -> Path:
    """Where the head for `task` ships inside the package."""
    return MODELS_DIR / f"{check_task(task)}.npz"


def _split_long(piece: str, max_chars: int) -> list[str]:
    """Split one over-long sentence at commas, then at spaces, never mid-word if avoidable."""
    out: list[str] = []
    for part in _SOFT_BREAK.split(piece):
        while len(part) > max_chars:
            cut = part.rfind(" ", 0, max_chars)
            cut = cut if cut > max_chars // 2 else max_chars
            out.append(part[:cut].strip())
            part = part[cut:].strip()
        if part.strip():
            out.append(part.strip())
    return out


def chunk_text(text: str, max_chars: int = 400) -> list[str]:
    """Group sentences greedily into chunks of at most `max_chars` characters (covers all text)."""
    pieces: list[str] = []
    for sent in _SENTENCE_END.split(text):
        sent = sent.strip()
        if not sent:
            continue
        pieces.extend(_split_long(sent, max_chars) if len(sent) > max_chars else [sent])
    chunks: list[str] = []
    current = ""
    for p in pieces:
        if current and len(current) + 1 + len(p) > max_chars:
            chunks.append(current)
            current = p
        else:
            current = f"{current} {p}" if current else p
    if current:
        chunks.append(current)
    return chunks or [text]


class EmbeddedClassifier(TextClassifier):
    """USE (multilingual v3) vectors -> `LinearHead` loaded from a .npz (pure numpy at run time)."""

    def __init__(
        self,
        task: str,
        model_path: str | Path | None = None,
        encoder=None,
        chunk_threshold: int = 600,
        chunk_chars: int = 400,
    ):
        self.task = check_task(task)
        self.model_path = Path(model_path) if model_path else shipped_model_path(task)
        if self.model_path.is_dir():  # a folder of heads (config `model_dir`): take <task>.npz
            self.model_path = self.model_path / f"{task}.npz"
        if not self.model_path.exists():
            raise FileNotFoundError(
                f"no head for task {task!r} at {self.model_path}; train one with "
                f"`python -m escucha.nlp.training.train --task {task}`"
            )
        self.head = LinearHead.load(self.model_path)
        meta = self.head.metadata_
        if meta.get("task", task) != task:
            raise ValueError(f"{self.model_path} is a {meta.get('task')!r} head, not {task!r}")
        self.labels_ = [str(c) for c in self.head.classes_]
        if self.labels_ != TASK_LABELS[task]:
            raise ValueError(f"{self.model_path} has labels {self.labels_}, expected {TASK_LABELS[task]}")
        if encoder is None:
            from escucha.nlp.encoders.use import UniversalSentenceEncoder

            encoder = UniversalSentenceEncoder()
        want = meta.get("encoder")
        if want and getattr(encoder, "name", want) != want:
            raise ValueError(f"head {self.model_path.name} was trained on {want!r} vectors, not {encoder.name!r}")
        self.encoder = encoder
        self.chunk_threshold = chunk_threshold
        self.chunk_chars = chunk_chars
        self.version = f"embedded-use3-{task}-{self.head.weights_sha256()[:8]}"

    @classmethod
    def from_head(cls, task: str, head: LinearHead, encoder, chunk_threshold: int = 600,
                  chunk_chars: int = 400) -> "EmbeddedClassifier":
        """A classifier around an in-memory head (scored before it is saved, e.g. on a held-out split)."""
        self = cls.__new__(cls)
        self.task, self.head, self.encoder = check_task(task), head, encoder
        self.model_path = None
        self.labels_ = [str(c) for c in head.classes_]
        self.chunk_threshold, self.chunk_chars = chunk_threshold, chunk_chars
        self.version = f"embedded-use3-{task}-{head.weights_sha256()[:8]}"
        return self

    def predict_proba(self, texts: Sequence[str], embeddings: np.ndarray | None = None) -> np.ndarray:
        texts = ["" if t is None else str(t) for t in texts]
        n = len(texts)
        if embeddings is not None:
            embeddings = np.asarray(embeddings, dtype=np.float32)
            if embeddings.shape[0] != n:
                raise ValueError(f"got {embeddings.shape[0]} embeddings for {n} texts")
        # Units to classify: the whole text (short) or its chunks (long), with an owner and a weight.
        owners: list[int] = []
        weights: list[float] = []
        short_rows: list[int] = []  # unit index of each short text still to encode
        short_texts: list[str] = []
        chunk_rows: list[int] = []
        chunk_texts: list[str] = []
        given: list[tuple[int, int]] = []  # (unit index, text index) using a precomputed vector
        unit_texts: list[str] = []  # what each unit says, for heads that read text features
        for i, t in enumerate(texts):
            if len(t) > self.chunk_threshold:
                for c in chunk_text(t, self.chunk_chars):
                    unit_texts.append(c)
                    chunk_rows.append(len(owners))
                    chunk_texts.append(c)
                    owners.append(i)
                    weights.append(float(len(c)))
            else:
                unit_texts.append(t)
                if embeddings is not None:
                    given.append((len(owners), i))
                else:
                    short_rows.append(len(owners))
                    short_texts.append(t)
                owners.append(i)
                weights.append(1.0)
        dim = self.head.coef_.shape[1]
        X = np.zeros((len(owners), dim), dtype=np.float32)
        if short_texts:
            X[short_rows] = self.encoder.encode(short_texts)
        if chunk_texts:
            X[chunk_rows] = _encode_chunks(self.encoder, chunk_texts)
        for k, i in given:
            X[k] = embeddings[i]
        unit_p = self.head.predict_proba(X, unit_texts) if len(owners) else np.zeros((0, len(self.labels_)))
        out = np.zeros((n, len(self.labels_)))
        wsum = np.zeros(n)
        np.add.at(out, owners, unit_p * np.asarray(weights)[:, None])
        np.add.at(wsum, owners, weights)
        return out / np.maximum(wsum, 1e-12)[:, None]
