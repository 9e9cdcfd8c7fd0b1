"""How close a text is to each issue of a catalogue (zero-shot assignment, as BERTopic's
`zeroshot_topic_list` does with topic names, but from the issue's examples and its words).

score(text, issue) = (1 - max_weight) * cosine(text vector, mean vector of the issue's texts)
                     + max_weight * cosine(text vector, the issue's closest text)
                     + lexical_weight * cosine of their TF-IDF vectors over Spanish word stems

where an issue's texts are its name, definition and examples, and, for the closest text only,
the texts analysts labelled with the issue (`with_examples`, examples.py). The mean alone (BERTopic's
`zeroshot_topic_list`: one embedding per topic) blurs an issue that customers say in several
ways ("no me cae el depósito", "la transferencia sigue en proceso"); the closest text keeps each
way. The model's defaults (max_weight 0.5, lexical_weight 1.0) were chosen on the demo corpus
and on bank tweets we wrote, not on eval-dev (docs/QUALITY.md, Topics).

Why both: sentence vectors of short, noisy complaints (tweets) carry the tone and the wording as
much as the problem, while the problem is often one or two words ("cajero", "token",
"transferencia", "cuota de manejo"). Measured on real tweets to a bank (docs/QUALITY.md, Topics):
the lexical part lifts the agreement of the assignment with the issue labels by about a fifth.
Stems (Snowball) match "transferí" with "transferencia" and "cobraron" with "cobro". The TF-IDF
weights come from the catalogue alone (each issue one document), so a score does not depend on
the corpus it is computed in: a fit and a nightly update score a text the same way.

Praise is about the same things as complaints ("el técnico llegó puntual y fue muy amable"), so
by subject alone it would land in the problem ("El técnico no llega a la visita"). A text is
praise-like when it holds a praise cue and no problem cue (lexicons/polarity.yaml: "muy buena",
"felicito", "me encanta" without "no", "cobraron", "otra vez"...), or, when the catalogue has
praise entries (`kind: felicitación`), when it is closer to their mean vector than to the
problems' by more than `praise_margin`. Its scores for every entry but praise are lowered by
1: it can still take a praise entry or go to the clustering. Measured on the demo corpus (text we wrote), the
cues alone find 53-79 % of each kind of praise and at most 4 % of any complaint; on real tweets
to a bank, none of the complaints. `praise_margin` (PRAISE_MARGIN, 0.2) was chosen on the demo
corpus and the bank tweets we wrote (docs/QUALITY.md, Topics): at 0.1 the vector test took
complaints for praise (demo complaints ARI 0.644 against 0.656), and from 0.2 up it finds
nothing the cues miss on those sets; it stays for praise worded without a cue.

Advertising and news that name the company ("Laptop 8GB 256GB SSD a 12 MSI con tu tarjeta")
share the words of complaints about promotions or cards. A broadcast (voice.py: an ad or news
cue and no sign of a customer's own case) has its scores for every entry but the `comentario`
ones lowered by 1, and a text that shows a customer's own case (first person, "ustedes", a
problem cue) has its scores for the `comentario` entries lowered by 1: a customer's complaint
is never filed as advertising.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Iterable, Sequence

import numpy as np

from escucha.nlp.topics._state import normalize
from escucha.nlp.topics.catalog import Catalog
from escucha.nlp.topics.vectorizer import clean_text, fold, spanish_stop_words
from escucha.nlp.topics.voice import BROADCAST, PRAISE, PROBLEM, VOICE_OF_KIND, praise_cues, voice_cues

_WORD = re.compile(r"[^\W\d_]{2,}")
_BLOCK = 20_000
PRAISE_MARGIN = 0.2


@lru_cache(maxsize=1)
def _stemmer():
    import snowballstemmer

    return snowballstemmer.stemmer("spanish")


class StemAnalyzer:
    """Text -> Spanish stems of its content words (accents folded). A class so that it pickles."""

    def __init__(self, stop_words: Iterable[str] = ()):
        self.stop_words = frozenset(fold(w.lower()) for w in stop_words)

    def __call__(self, text: str) -> list[str]:
        stops = spanish_stop_words()
        words = [w for w in _WORD.findall(fold(clean_text(text))) if w not in stops and w not in self.stop_words]
        return _stemmer().stemWords(words)


class CatalogMatcher:
    """Scores texts against the issues of a catalogue; `fit` embeds the issues once."""

    def __init__(self, catalog: Catalog, encoder=None, *, lexical_weight: float = 1.0,
                 stop_words: Sequence[str] = (), praise_margin: float = PRAISE_MARGIN, max_weight: float = 0.0):
        self.catalog = catalog
        self.encoder = encoder
        self.lexical_weight = lexical_weight
        self.max_weight = max_weight
        self.praise_margin = praise_margin
        self.stop_words = tuple(stop_words)
        self.centroids_: np.ndarray | None = None
        self.text_vectors_: np.ndarray | None = None  # one per issue text (name, definition, examples)
        self._tfidf = None
        self._issue_tfidf = None
        self._vectors: np.ndarray | None = None  # issue texts for the closest-text term (with labelled ones)
        self._vector_owner: np.ndarray | None = None  # issue index of each, sorted
        self.n_examples = 0  # labelled texts counted (with_examples)

    def fit(self, centroids: np.ndarray | None = None, text_vectors: np.ndarray | None = None) -> "CatalogMatcher":
        """Embed every issue (mean of its texts' vectors) with the encoder, or take `centroids`
        (and, for `max_weight`, `text_vectors`) saved with a model (then no encoder is needed)."""
        from sklearn.feature_extraction.text import TfidfVectorizer

        issues = self.catalog.issues
        self._owner = np.repeat(np.arange(len(issues)), [len(i.texts) for i in issues])
        if centroids is None or (self.max_weight and text_vectors is None):
            if self.encoder is None:
                raise RuntimeError("an issue catalogue needs the encoder of the texts to embed its issues")
            texts = [t for i in issues for t in i.texts]
            text_vectors = np.asarray(self.encoder.encode(texts), dtype=np.float32)
            centroids = np.stack([text_vectors[self._owner == k].mean(axis=0) for k in range(len(issues))])
        if text_vectors is not None:
            self.text_vectors_ = normalize(np.asarray(text_vectors, dtype=np.float32))
            if len(self.text_vectors_) != len(self._owner):
                raise ValueError(f"{len(self.text_vectors_)} issue text vectors for {len(self._owner)} catalogue texts")
        self.centroids_ = normalize(np.asarray(centroids, dtype=np.float32))
        if len(self.centroids_) != len(issues):
            raise ValueError(f"{len(self.centroids_)} issue vectors for {len(issues)} catalogue issues")
        self._tfidf = TfidfVectorizer(analyzer=StemAnalyzer(self.stop_words), sublinear_tf=True, dtype=np.float32)
        rows = [" ".join(i.texts) for i in issues]
        # The word weights (IDF) come from the entries that are not ads or news: their examples
        # ("sin comisiones", "con tu tarjeta") would make the words of complaints count less,
        # and every other entry scores as it would without them.
        self._tfidf.fit([r for r, i in zip(rows, issues) if i.kind != "comentario"] or rows)
        self._issue_tfidf = self._tfidf.transform(rows)
        self._vectors, self._vector_owner = self.text_vectors_, self._owner
        self.n_examples = 0
        return self

    def with_examples(self, issues: Sequence[int], vectors: np.ndarray, texts: Sequence[str] = (), *,
                      lexical: bool = False) -> "CatalogMatcher":
        """A copy of this fitted matcher that counts texts analysts labelled with a catalogue issue
        (`issues`: the issue's index in the catalogue, one per text; `vectors`: the texts'
        embeddings) as more of their issue's texts in the closest-text term (`max_weight`): a
        paraphrase of a labelled text scores for its issue as a paraphrase of a catalogue example
        does. The mean vector of an issue (and so the praise test) stays the catalogue's. With
        `lexical`, the labelled `texts` are also added to their issue's TF-IDF document, weighted
        by the catalogue's vocabulary and IDF (never refitted: words only labels use count for
        nothing, and the other issues' rows do not move). This matcher is left as it is: the
        scores are a function of the catalogue, the examples and the text, nothing else."""
        import copy

        from scipy import sparse

        if self.centroids_ is None:
            self.fit()
        issues = np.asarray(issues, dtype=np.int64).reshape(-1)
        out = copy.copy(self)
        if not len(issues):
            return out
        n = len(self.catalog.issues)
        if issues.min() < 0 or issues.max() >= n:
            raise ValueError(f"example issues must be catalogue indices in [0, {n})")
        vectors = normalize(np.asarray(vectors, dtype=np.float32).reshape(len(issues), -1))
        if self.text_vectors_ is not None:
            if vectors.shape[1] != self.text_vectors_.shape[1]:
                raise ValueError(f"examples have dim {vectors.shape[1]}, the catalogue {self.text_vectors_.shape[1]}")
            owner = np.concatenate([self._owner, issues])
            order = np.argsort(owner, kind="stable")  # each issue's texts contiguous, the catalogue's first
            out._vectors = np.vstack([self.text_vectors_, vectors])[order]
            out._vector_owner = owner[order]
        if lexical and len(texts):
            if len(texts) != len(issues):
                raise ValueError(f"{len(texts)} example texts for {len(issues)} examples")
            extra = {k: [str(t) for t, i in zip(texts, issues) if i == k] for k in np.unique(issues).tolist()}
            rows = [" ".join([*issue.texts, *extra.get(k, ())]) for k, issue in enumerate(self.catalog.issues)]
            touched = np.isin(np.arange(n), list(extra))
            redone = self._tfidf.transform([rows[k] for k in np.flatnonzero(touched)])
            stacked = [redone[j] if touched[k] else self._issue_tfidf[k]
                       for k, j in zip(range(n), np.cumsum(touched) - 1)]
            out._issue_tfidf = sparse.vstack(stacked).tocsr()
        out.n_examples = int(len(issues))
        return out

    def score(self, docs: Sequence[str], embeddings: np.ndarray, *, praise: np.ndarray | None = None,
              cues: tuple[np.ndarray, np.ndarray] | None = None) -> np.ndarray:
        """(n docs, n issues) scores; higher is closer. `praise` (`praise_like`) and `cues`
        (voice.voice_cues) may be given by a caller that has them already."""
        if self.centroids_ is None:
            self.fit()
        emb = normalize(np.asarray(embeddings, dtype=np.float32))
        out = emb @ self.centroids_.T
        if self.max_weight and len(emb):
            best = np.empty_like(out)
            owner = self._vector_owner  # catalogue texts, and labelled ones (with_examples)
            starts = np.flatnonzero(np.r_[True, owner[1:] != owner[:-1]])  # each issue's texts are contiguous
            for s in range(0, len(emb), _BLOCK):  # (block, issue texts) at a time: bounded memory on big nights
                sims = emb[s : s + _BLOCK] @ self._vectors.T
                best[s : s + _BLOCK] = np.maximum.reduceat(sims, starts, axis=1)
            out = (1.0 - self.max_weight) * out + self.max_weight * best
        if self.lexical_weight and len(docs):
            lexical = (self._tfidf.transform(list(docs)) @ self._issue_tfidf.T).toarray()
            out = out + self.lexical_weight * lexical.astype(np.float32)
        if len(emb):
            comment = self.comment_entries
            broadcast, customer = voice_cues(docs) if cues is None else cues
            praising = self.praise_like(docs, emb) if praise is None else np.asarray(praise, dtype=bool)
            out[np.ix_(praising & ~broadcast, ~self.praise_entries)] -= 1.0
            out[np.ix_(broadcast, ~comment)] -= 1.0
            out[np.ix_(customer, comment)] -= 1.0
        return out

    @property
    def praise_entries(self) -> np.ndarray:
        return self.entry_voices == PRAISE

    @property
    def comment_entries(self) -> np.ndarray:
        """Entries of kind `comentario` (advertising, news): texts that raise no problem."""
        return self.entry_voices == BROADCAST

    @property
    def entry_voices(self) -> np.ndarray:
        """The voice (voice.py) of each entry's texts: praise, broadcast or problem."""
        return np.array([VOICE_OF_KIND.get(i.kind, PROBLEM) for i in self.catalog.issues], dtype=np.int64)

    def praise_like(self, docs: Sequence[str], embeddings: np.ndarray) -> np.ndarray:
        """Texts that praise (see the module docstring), one bool per text."""
        praising = praise_cues(docs)
        kinds = np.array([i.kind for i in self.catalog.issues])
        problem, praise = kinds == "problema", kinds == "felicitación"
        if problem.any() and praise.any() and len(praising):
            emb = normalize(np.asarray(embeddings, dtype=np.float32))
            toward = normalize(self.centroids_[praise].mean(axis=0)) - normalize(self.centroids_[problem].mean(axis=0))
            praising |= emb @ toward > self.praise_margin
        return praising
