"""Texts an analyst placed under an issue, as examples that teach the topic model.

An analyst confirms or corrects the issue of a verbatim ("Revisar y etiquetar"). The caller
(the pipeline reads the store's labels) hands the model those verbatims as `IssueExample`s: the
issue's topic id, the vector of the text (the stored topic-text embedding) and the text. The
model then

- gives every text whose nearest labelled example is at least `min_similarity` close (cosine of
  the vectors) the issue of that example, before its prototypes, the catalogue or the
  clustering are asked: a text identical or nearly identical to a labelled one goes where the
  analyst put that one, night after night and through every refit (the labelled text itself,
  cosine 1, always does);
- keeps, in a refit, every issue that has labelled examples, even when the clustering does not
  find it again (its id, its name and the corrections on it stay);
- when the example's issue is a catalogue issue (its topic's `catalog_key`), counts the example
  as one more of that issue's texts in the catalogue score's closest-text term
  (zeroshot.py `CatalogMatcher.with_examples`): a paraphrase of a labelled text scores for the
  issue as a paraphrase of one of the catalogue's examples does, and takes it when the score
  reaches `catalog_min_score` (texts no issue's prototypes take, each night; every text at a
  refit). The issue's mean vector and the TF-IDF stay the catalogue's (adding the labels' words
  to the issue's TF-IDF document did worse than without in 9 of 12 rows of the learning curve
  on the bank tweets we wrote); so a score is a function of the catalogue, the labels and the text alone,
  and a refit and a night score a text the same way.

Labels of an issue the model discovered (no catalogue entry) reach near copies only. Used as the
issue's only texts, scored as a catalogue issue with the catalogue's threshold, they gave the
wrong issue to most of the texts they took on the bank tweets we wrote (precision 2-24 %), and
on the demo corpus to 29-59 % of them (precision 42-71 %, `python -m
escucha.evaluation.label_examples`, k = 1-5 labels an issue); an issue customers
say in many ways becomes a catalogue entry with `escucha topics promote`, and then its labels
count as above.

This is nearest-neighbour assignment with a high bar, not a classifier trained on the labels:
below the bar the clustering and the catalogue decide as before. Examples are not saved with the
model; the labels are the store's, and the pipeline passes them every time it loads the model.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Sequence

import numpy as np

from escucha.nlp.topics._base import OUTLIER
from escucha.nlp.topics._state import normalize

DEFAULT_MIN_SIMILARITY = 0.85
_BLOCK = 20_000  # docs per similarity block: bounded memory on a big night


@dataclass(frozen=True)
class IssueExample:
    """One text an analyst placed under an issue."""

    topic_id: int  # the issue the analyst chose
    vector: np.ndarray = field(repr=False)  # the text's embedding (the topic text's, as the model's docs)
    text: str = ""  # the (redacted) text, for people reading the examples
    ref: str = ""  # the caller's key for it (the record id); the model never reads it


class ExampleIndex:
    """The labelled examples' vectors and issues; `nearest` finds the issue a text takes from them."""

    def __init__(self, examples: Sequence[IssueExample], min_similarity: float = DEFAULT_MIN_SIMILARITY):
        if not 0.0 < min_similarity <= 1.0:
            raise ValueError(f"min_similarity must be in (0, 1], got {min_similarity}")
        self.examples = list(examples)
        self.min_similarity = float(min_similarity)
        if self.examples:
            self.vectors = normalize(np.stack([np.asarray(e.vector, dtype=np.float32) for e in self.examples]))
        else:
            self.vectors = np.zeros((0, 0), dtype=np.float32)
        self.topics = np.array([int(e.topic_id) for e in self.examples], dtype=np.int64)

    def __len__(self) -> int:
        return len(self.examples)

    def nearest(self, embeddings: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """(issue of the nearest example when it is at least `min_similarity` close, else -1;
        that cosine) per text. Ties go to the example given first."""
        n = len(embeddings)
        topic = np.full(n, OUTLIER, dtype=np.int64)
        sim = np.zeros(n, dtype=np.float32)
        if not self.examples or n == 0:
            return topic, sim
        emb = normalize(np.asarray(embeddings, dtype=np.float32))
        if emb.shape[1] != self.vectors.shape[1]:
            raise ValueError(f"examples have dim {self.vectors.shape[1]}, texts have dim {emb.shape[1]}")
        for s in range(0, n, _BLOCK):
            block = emb[s : s + _BLOCK] @ self.vectors.T
            best = block.argmax(axis=1)
            sim[s : s + _BLOCK] = block[np.arange(len(block)), best]
            topic[s : s + _BLOCK] = self.topics[best]
        topic[sim < self.min_similarity] = OUTLIER
        return topic, sim

    def of_topics(self, topic_ids: Sequence[int]) -> list[IssueExample]:
        """The examples of these issues."""
        wanted = {int(t) for t in topic_ids}
        return [e for e in self.examples if int(e.topic_id) in wanted]
