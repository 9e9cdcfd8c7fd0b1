"""Surface features of short informal Spanish, next to the sentence vector, for the linear heads.

A sentence encoder blurs the few tokens that carry sentiment in a tweet ("nada que ver", "ni
modo", "👎", "pésimo!!!"), and it never saw how our customers spell. These features keep them:

- character n-grams (2-5 letters within words) of the lower-cased, accent-less text: spelling
  variants, typos, slang and emoji names ("cara enojada") share n-grams;
- word unigrams and bigrams where every word in a negation's scope (up to three words after
  "no", "nunca", "ni", "sin"…, stopped by punctuation) is marked, so "no me gustó" and
  "me gustó" differ;
- a few dense counts: polarity-lexicon score (flipped in a negation's scope, strengthened
  after an intensifier), emoji and emoticon polarity, intensifiers, negators, "!" and "?",
  laughter, letters stretched ("buenooo"), words in capitals.

Both n-gram blocks are hashed (scikit-learn's `HashingVectorizer`: stateless, the same
murmurhash3 buckets in every version), so the head needs no vocabulary and nothing is pickled.
The lexicons are data files in `lexicons/` (see its README for sources and licences); a head
stores the tables it was trained with inside its own .npz, so a later edit of the files never
changes what a shipped head predicts.

Works on raw and on normalised text (`escucha.nlp.text.normalize`: emojis already turned into
their Spanish names, stretched letters already cut): emojis are matched as characters and as
names, and the stretched-letter count is simply zero on normalised text.
"""

from __future__ import annotations

import csv
import hashlib
import json
import math
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Sequence

import numpy as np

LEXICON_DIR = Path(__file__).resolve().parent / "lexicons"
FEATURES_VERSION = 1

DENSE_NAMES = (
    "lex_pos", "lex_neg", "lex_negated", "emoji_pos", "emoji_neg", "emoticon_pos", "emoticon_neg",
    "intensifiers", "negators", "exclamations", "questions", "laughter", "stretched", "capitals",
)

_TOKEN = re.compile(r"\w+|[^\w\s]", re.UNICODE)
_SCOPE_END = frozenset(".,;:!?¡¿()[]\"«»")
_SCOPE = 3
_LAUGH = re.compile(r"\b(?:ja|je|ji|js){2,}j?\b|\b(?:ha){3,}h?\b|\blol\b|\bxd+\b", re.IGNORECASE)
_STRETCH = re.compile(r"([^\W\d_])\1{2,}", re.UNICODE)
_CAPS_WORD = re.compile(r"\b[A-ZÁÉÍÓÚÑ]{3,}\b")


# Last featurised batch per featuriser key (see TextFeatures.transform); a handful of entries.
_BATCHES: dict[str, tuple[tuple[str, ...], Any]] = {}


def fold(text: str) -> str:
    """Lower case without accents ("Pésimo" -> "pesimo"); ñ becomes n, as people often type it."""
    text = unicodedata.normalize("NFD", text.lower())
    return "".join(c for c in text if unicodedata.category(c) != "Mn")


def _read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


@dataclass
class Lexicons:
    """Word polarity, modifiers, emoji and emoticon polarity (keys folded where they are words)."""

    polarity: dict[str, float] = field(default_factory=dict)
    negators: frozenset[str] = frozenset()
    intensifiers: frozenset[str] = frozenset()
    diminishers: frozenset[str] = frozenset()
    emoji: dict[str, float] = field(default_factory=dict)  # emoji character -> polarity
    emoticons: dict[str, float] = field(default_factory=dict)  # ":)" -> valence (-4..4)

    @classmethod
    def from_files(cls, folder: Path = LEXICON_DIR) -> "Lexicons":
        pol = {fold(r["word"]): float(r["score"]) for r in _read_csv(folder / "polarity_es.csv")} \
            if (folder / "polarity_es.csv").exists() else {}
        mods = _read_csv(folder / "modifiers.csv")
        kinds = {k: frozenset(fold(r["word"]) for r in mods if r["kind"] == k) for k in ("negator", "intensifier", "diminisher")}
        emo = {r["emoji"]: float(r["polarity"]) for r in _read_csv(folder / "emoji_polarity.csv")}
        emt = {r["emoticon"]: float(r["valence"]) for r in _read_csv(folder / "emoticons.csv")}
        return cls(pol, kinds["negator"], kinds["intensifier"], kinds["diminisher"], emo, emt)

    def to_json(self) -> str:
        return json.dumps({"polarity": self.polarity, "negators": sorted(self.negators),
                           "intensifiers": sorted(self.intensifiers), "diminishers": sorted(self.diminishers),
                           "emoji": self.emoji, "emoticons": self.emoticons}, ensure_ascii=False, sort_keys=True)

    @classmethod
    def from_json(cls, text: str) -> "Lexicons":
        d = json.loads(text)
        return cls({k: float(v) for k, v in d["polarity"].items()}, frozenset(d["negators"]),
                   frozenset(d["intensifiers"]), frozenset(d["diminishers"]),
                   {k: float(v) for k, v in d["emoji"].items()}, {k: float(v) for k, v in d["emoticons"].items()})

    def sha256(self) -> str:
        return hashlib.sha256(self.to_json().encode("utf-8")).hexdigest()


def _emoji_tables(emoji: dict[str, float]) -> tuple[dict[str, float], dict[tuple[str, ...], float], list[int]]:
    """(emoji character -> polarity, folded Spanish name as a word tuple -> polarity, name lengths
    longest first): normalisation writes emojis as their names ("cara enojada")."""
    from escucha.nlp.text.normalize import normalize

    chars: dict[str, float] = {}
    names: dict[tuple[str, ...], float] = {}
    for char, pol in emoji.items():
        chars[char.replace("\ufe0f", "")] = pol
        words = tuple(w for w in _TOKEN.findall(fold(normalize(char, "social"))) if w[0].isalnum())
        if words:
            names.setdefault(words, pol)
    return chars, names, sorted({len(k) for k in names}, reverse=True)


class TextFeatures:
    """Text -> sparse feature matrix (hashed char n-grams | hashed marked words | dense counts).

    Stateless apart from its lexicons: `transform` needs no fitting. Parameters are stored in
    a head's metadata (`get_params`) and the lexicons in its .npz, so a loaded head rebuilds
    exactly the featuriser it was trained with.
    """

    def __init__(self, char_bits: int = 15, word_bits: int = 15, char_ngrams: tuple[int, int] = (2, 5),
                 word_ngrams: tuple[int, int] = (1, 2), dense: bool = True, block_weight: float = 1.0,
                 lexicons: Lexicons | None = None):
        self.char_bits = int(char_bits)
        self.word_bits = int(word_bits)
        self.char_ngrams = tuple(char_ngrams)
        self.word_ngrams = tuple(word_ngrams)
        self.dense = bool(dense)
        self.block_weight = float(block_weight)
        self.lexicons = lexicons if lexicons is not None else Lexicons.from_files()
        self._char = self._word = None
        self._key: str | None = None
        self._emoji_chars, self._emoji_names, self._name_lengths = _emoji_tables(self.lexicons.emoji)

    def get_params(self) -> dict[str, Any]:
        return {"char_bits": self.char_bits, "word_bits": self.word_bits, "char_ngrams": list(self.char_ngrams),
                "word_ngrams": list(self.word_ngrams), "dense": self.dense, "block_weight": self.block_weight,
                "version": FEATURES_VERSION}

    @property
    def n_features(self) -> int:
        n = (1 << self.char_bits if self.char_bits else 0) + (1 << self.word_bits if self.word_bits else 0)
        return n + (len(DENSE_NAMES) if self.dense else 0)

    def _vectorizers(self):
        if self._char is None and (self.char_bits or self.word_bits):
            from sklearn.feature_extraction.text import HashingVectorizer

            self._char = HashingVectorizer(analyzer="char_wb", ngram_range=self.char_ngrams, n_features=1 << max(self.char_bits, 1),
                                           alternate_sign=False, norm="l2", lowercase=False, dtype=np.float32)
            self._word = HashingVectorizer(analyzer="word", ngram_range=self.word_ngrams, n_features=1 << max(self.word_bits, 1),
                                           alternate_sign=False, norm="l2", lowercase=False, token_pattern=r"\S+",
                                           dtype=np.float32)
        return self._char, self._word

    def _read(self, text: str) -> tuple[str, str, list[float]]:
        """(folded text, words with negation scope marked, dense counts) of one text."""
        lex = self.lexicons
        stretched = len(_STRETCH.findall(text))
        folded = fold(text)
        if stretched:
            folded = _STRETCH.sub(r"\1", folded)
        tokens = _TOKEN.findall(folded)
        marked: list[str] = []
        pos = neg = negated = n_int = n_neg = 0.0
        scope = 0
        boost = 1.0
        for tok in tokens:
            if tok in _SCOPE_END or not tok[0].isalnum():
                scope = 0
                boost = 1.0
                continue
            if tok in lex.negators:
                n_neg += 1
                scope = _SCOPE
                marked.append(tok)
                continue
            if tok in lex.intensifiers or tok in lex.diminishers:
                strong = tok in lex.intensifiers
                n_int += strong
                boost = 1.5 if strong else 0.5
                marked.append(f"NO_{tok}" if scope else tok)
                continue
            score = lex.polarity.get(tok, 0.0) * boost
            boost = 1.0
            if scope:
                marked.append(f"NO_{tok}")
                scope -= 1
                if score:
                    negated += 1
                    score = -score
            else:
                marked.append(tok)
            if score > 0:
                pos += score
            elif score < 0:
                neg -= score
        if not self.dense:
            return folded, " ".join(marked), []
        e_pos = e_neg = 0.0
        words = [t for t in tokens if t[0].isalnum()]
        i = 0
        while i < len(words):
            for n in self._name_lengths:
                v = self._emoji_names.get(tuple(words[i:i + n])) if i + n <= len(words) else None
                if v is not None:
                    e_pos, e_neg = e_pos + max(v, 0.0), e_neg + max(-v, 0.0)
                    i += n - 1
                    break
            i += 1
        for tok in tokens:
            v = self._emoji_chars.get(tok) if not tok[0].isalnum() else None
            if v is not None:
                e_pos, e_neg = e_pos + max(v, 0.0), e_neg + max(-v, 0.0)
        m_pos = m_neg = 0.0
        for piece in text.split():
            v = lex.emoticons.get(piece)
            if v is None and len(piece) > 2:
                v = lex.emoticons.get(piece.rstrip(".,;!?"))
            if v is not None:
                v /= 2.0
                m_pos, m_neg = m_pos + max(v, 0.0), m_neg + max(-v, 0.0)
        counts = [pos, neg, negated, e_pos, e_neg, m_pos, m_neg, n_int, n_neg, text.count("!"), text.count("?"),
                  len(_LAUGH.findall(folded)), stretched, len(_CAPS_WORD.findall(text))]
        return folded, " ".join(marked), [math.log1p(c) for c in counts]

    def key(self) -> str:
        """Identifies what `transform` computes: parameters and lexicons."""
        return json.dumps(self.get_params(), sort_keys=True) + self.lexicons.sha256()

    def transform(self, texts: Sequence[str]):
        """Sparse float32 matrix (len(texts), n_features); rows of the two hashed blocks have unit norm.

        The last few batches are remembered by featuriser key: the sentiment, emotion and
        toxicity heads of one enrichment read the same texts with the same features, so the
        batch is read once, not three times.
        """
        texts = tuple("" if t is None else str(t) for t in texts)
        if self._key is None:
            self._key = self.key()
        hit = _BATCHES.get(self._key)
        if hit is not None and hit[0] == texts:
            return hit[1]
        out = self._transform(texts)
        _BATCHES[self._key] = (texts, out)
        while len(_BATCHES) > 4:
            _BATCHES.pop(next(iter(_BATCHES)))
        return out

    def _transform(self, texts: Sequence[str]):
        import scipy.sparse as sp

        read = [self._read(t) for t in texts]
        blocks = []
        char, word = self._vectorizers()
        if self.char_bits:
            blocks.append(char.transform([r[0] for r in read]))
        if self.word_bits:
            blocks.append(word.transform([r[1] for r in read]))
        if self.dense:
            blocks.append(sp.csr_matrix(np.asarray([r[2] for r in read], dtype=np.float32).reshape(len(texts), len(DENSE_NAMES))))
        if not blocks:
            return sp.csr_matrix((len(texts), 0), dtype=np.float32)
        out = sp.hstack(blocks, format="csr", dtype=np.float32)
        if self.block_weight != 1.0:
            out = out * np.float32(self.block_weight)
        return out
