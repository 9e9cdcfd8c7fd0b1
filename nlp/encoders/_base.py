"""Encoder contract: every embedding model Escucha can use looks like this."""

from __future__ import annotations

from typing import Protocol, Sequence, runtime_checkable

import numpy as np


@runtime_checkable
class Encoder(Protocol):
    """Maps texts to float32 vectors of shape (n, dim), each of unit length.

    Embeddings are computed once per record and stored, so the classifiers and the topic
    model share them; `name` is stored beside the vectors to refuse mixing two encoders.
    """

    name: str
    dim: int

    def encode(self, texts: Sequence[str]) -> np.ndarray: ...
