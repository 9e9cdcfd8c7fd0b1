"""Token windows for long texts: split, never silently cut at the model's maximum length.

Transformer classifiers see at most `max_length` tokens (RoBERTuito: 128). Call transcripts and
reviews run to thousands of tokens, and the part that matters (the complaint, the threat to
leave) is often at the end. Each text is tokenized once without special tokens, cut into
windows of `max_length - n_special` content tokens that overlap by `stride` tokens (so a phrase
on a boundary is seen whole in one window), and each window gets the model's own special
tokens back. A text that fits gets exactly one window, identical to
`tokenizer(text, truncation=True, max_length=max_length)["input_ids"]`, so short texts are
classified exactly as the model's own pipeline would.

Windows start every `max_length - n_special - stride` content tokens; the last one ends at the
text's end and may be shorter (it always holds at least `stride + 1` tokens, at least one of them
new). Callers aggregate per text with `aggregate`, weighting each window by its content token
count, so a short tail window counts little and overlapping tokens count once per window.

Works with any tokenizer that wraps a sequence in fixed special tokens (RoBERTa `<s> … </s>`,
BERT `[CLS] … [SEP]`, or none).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

import numpy as np


def window_spans(n_tokens: int, size: int, stride: int) -> list[tuple[int, int]]:
    """[start, end) spans covering `n_tokens` with windows of at most `size` overlapping by `stride`.

    Zero tokens give one empty span (the model still sees its special tokens, as it would for "").
    """
    if size < 1:
        raise ValueError(f"window size must be at least 1 token, got {size}")
    if not 0 <= stride < size:
        raise ValueError(f"stride must be in [0, {size}) for windows of {size} tokens, got {stride}")
    if n_tokens <= size:
        return [(0, n_tokens)]
    step = size - stride
    spans = []
    start = 0
    while True:
        end = min(start + size, n_tokens)
        spans.append((start, end))
        if end >= n_tokens:
            return spans
        start += step


def special_token_frame(tokenizer) -> tuple[list[int], list[int]]:
    """The special token ids the tokenizer puts before and after a single sequence.

    Found by encoding a probe with and without special tokens (transformers 5 fast tokenizers no
    longer expose `build_inputs_with_special_tokens`); works for slow and fast tokenizers.
    """
    probe = "hola mundo"
    content = list(tokenizer(probe, add_special_tokens=False)["input_ids"])
    full = list(tokenizer(probe, add_special_tokens=True)["input_ids"])
    for i in range(len(full) - len(content) + 1):
        if full[i : i + len(content)] == content:
            return full[:i], full[i + len(content) :]
    raise ValueError(f"cannot find where {type(tokenizer).__name__} puts its special tokens")


@dataclass
class Windows:
    """Windows of a batch of texts: `input_ids[k]` belongs to text `owner[k]`, weight `n_content[k]`."""

    input_ids: list[list[int]]
    owner: np.ndarray  # (n_windows,) int: index of the text each window comes from
    n_content: np.ndarray  # (n_windows,) int: content (non-special) tokens in the window
    n_texts: int

    def counts(self) -> np.ndarray:
        """Number of windows per text."""
        return np.bincount(self.owner, minlength=self.n_texts)


class TokenWindower:
    """Splits texts into overlapping token windows of at most `max_length` ids (specials included)."""

    def __init__(self, tokenizer, max_length: int = 128, stride: int = 32):
        self.tokenizer = tokenizer
        self.max_length = int(max_length)
        self.stride = int(stride)
        self.prefix, self.suffix = special_token_frame(tokenizer)
        self.content_size = self.max_length - len(self.prefix) - len(self.suffix)
        window_spans(0, self.content_size, self.stride)  # validate size and stride now, not on first use

    def token_ids(self, texts: Sequence[str]) -> list[list[int]]:
        """Content token ids of each text, whole (no truncation, no special tokens)."""
        if not texts:
            return []
        kwargs = dict(add_special_tokens=False, truncation=False)
        try:  # no "sequence longer than the maximum" warning: splitting is the point
            enc = self.tokenizer(list(texts), verbose=False, **kwargs)
        except TypeError:
            enc = self.tokenizer(list(texts), **kwargs)
        return [list(ids) for ids in enc["input_ids"]]

    def split(self, texts: Sequence[str]) -> Windows:
        input_ids: list[list[int]] = []
        owner: list[int] = []
        n_content: list[int] = []
        for i, ids in enumerate(self.token_ids(texts)):
            for start, end in window_spans(len(ids), self.content_size, self.stride):
                input_ids.append(self.prefix + ids[start:end] + self.suffix)
                owner.append(i)
                n_content.append(end - start)
        return Windows(input_ids, np.asarray(owner, dtype=np.int64), np.asarray(n_content, dtype=np.int64), len(texts))


def aggregate(window_proba: np.ndarray, windows: Windows) -> np.ndarray:
    """Per-text mean of window probabilities weighted by content token count (rows sum to 1).

    An empty text (one window with no content tokens) keeps its window's probabilities.
    """
    window_proba = np.asarray(window_proba, dtype=np.float64)
    weights = np.maximum(windows.n_content, 1).astype(np.float64)
    out = np.zeros((windows.n_texts, window_proba.shape[1]))
    wsum = np.zeros(windows.n_texts)
    np.add.at(out, windows.owner, window_proba * weights[:, None])
    np.add.at(wsum, windows.owner, weights)
    return out / np.maximum(wsum, 1e-12)[:, None]
