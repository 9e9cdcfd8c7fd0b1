"""Sentence vectors for training and evaluation scripts, optionally cached on disk.

Experiments (ablations, learning curves) encode the same texts many times; `--cache DIR` keeps
each batch's vectors in `DIR/<sha256 of the texts>.npy`, keyed by encoder name and texts, so a
rerun encodes nothing. The cache is a convenience for scripts, never read by the enrichment.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Sequence

import numpy as np


def encode(encoder, texts: Sequence[str], cache_dir: str | Path | None = None) -> np.ndarray:
    """`encoder.encode(texts)`, read from / written to `cache_dir` when given."""
    texts = list(texts)
    if cache_dir is None:
        return encoder.encode(texts)
    h = hashlib.sha256(getattr(encoder, "name", "encoder").encode("utf-8"))
    for t in texts:
        h.update(t.encode("utf-8") + b"\x1e")
    path = Path(cache_dir) / f"{h.hexdigest()[:24]}.npy"
    if path.exists():
        return np.load(path, allow_pickle=False)
    vectors = encoder.encode(texts)
    path.parent.mkdir(parents=True, exist_ok=True)
    np.save(path, vectors, allow_pickle=False)
    return vectors


class CachedEncoder:
    """An encoder whose batches are cached on disk (same name and dimension as the one it wraps)."""

    def __init__(self, encoder, cache_dir: str | Path | None):
        self.encoder = encoder
        self.cache_dir = cache_dir
        self.name = getattr(encoder, "name", "encoder")
        self.dim = getattr(encoder, "dim", 512)

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        return encode(self.encoder, texts, self.cache_dir)
