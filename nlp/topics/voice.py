"""What kind of text a document is, before asking which issue it raises: a complaint, praise, or
a broadcast (an advertisement, a promotion, a news item) that names the company and raises no
problem at all.

Why: what customers write to a company's accounts is mixed with what shops, the press and the
company itself post there. On real tweets to a bank (docs/QUALITY.md, Topics) about half of the
texts raise no problem, and the clustering makes issues of them ("Gb ssd": laptop ads payable
in instalments with the bank's cards): the largest "recurring issues" of the report were ads. A
manager who reads them drops the tool. So each text gets a voice, from cues written as data
(lexicons/voice.yaml, lexicons/polarity.yaml):

- BROADCAST: a cue of advertising or news, and no sign of a customer's own case (no first
  person, no "ustedes" or "por favor", no problem cue once the small print of ads, "sin
  intereses", is set aside);
- PRAISE: a praise cue and no problem cue ("La app está muy buena" is not "Fallas de la app");
- PROBLEM: the rest (complaints, questions, requests: whatever a team may have to act on).

Cues and not a classifier: there is no labelled set of advertising we may train on, and a cue
can be read and corrected by an analyst. A broadcast never takes a catalogue problem (zeroshot.py)
and never joins one in the merging (issues.py). An issue is of kind `comentario` (`issue_kind`)
when most of its texts are broadcasts, or when most of them speak of nobody's own case (`speaks`:
no customer cue, no question): ads and shared news often carry no cue of their own, while 90-95 %
of the complaints we wrote show one. The report keeps such issues out of the ranking of
recurring problems and counts them apart; an analyst can say otherwise (`escucha topics kind`).
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Sequence

import numpy as np

from escucha.nlp.topics.vectorizer import clean_text, fold

PROBLEM, PRAISE, BROADCAST = 0, 1, 2
KIND_OF_VOICE = {PROBLEM: "problema", PRAISE: "felicitación", BROADCAST: "comentario"}
VOICE_OF_KIND = {kind: voice for voice, kind in KIND_OF_VOICE.items()}
MAJORITY = 0.5  # an issue is of a voice's kind when more than this share of its texts have that voice
_GLUED_UNIT = re.compile(r"(\d)([^\W\d_])")
# "pagué", "gasté", "llamé": the first person of the past, seen before accents are folded
_FIRST_PERSON_PAST = re.compile(r"(?<![^\W_])[^\W\d_]{3,}é(?![^\W_])")
_NOT_A_VERB = frozenset({"café", "bebé", "josé", "puré", "bidé", "canapé", "consomé", "chalé", "carné", "mercé"})


def cue_pattern(alternatives: str) -> re.Pattern[str]:
    """One regex for "a|b c|d" (accent-folded, lower-case words or phrases), whole words only;
    longer alternatives first, any run of spaces inside a phrase."""
    alts = sorted({a.strip() for a in alternatives.split("|") if a.strip()}, key=len, reverse=True)
    body = "|".join(re.escape(a).replace(r"\ ", r"\s+") for a in alts)
    return re.compile(rf"(?<![^\W_])(?:{body})(?![^\W_])")


def _lexicon(name: str) -> dict[str, str]:
    import yaml
    from importlib import resources

    return yaml.safe_load((resources.files("escucha.nlp.topics") / "lexicons" / name).read_text(encoding="utf-8"))


@lru_cache(maxsize=1)
def _polarity() -> tuple[re.Pattern[str], re.Pattern[str]]:
    cues = _lexicon("polarity.yaml")
    return cue_pattern(cues["praise"]), cue_pattern(cues["problem"])


@lru_cache(maxsize=1)
def _courtesy() -> re.Pattern[str]:
    return cue_pattern(_lexicon("polarity.yaml")["courtesy"])


@lru_cache(maxsize=1)
def _voice() -> dict[str, re.Pattern[str]]:
    return {k: cue_pattern(v) for k, v in _lexicon("voice.yaml").items()}


@lru_cache(maxsize=1)
def _opinion() -> re.Pattern[str]:
    return cue_pattern(_lexicon("voice.yaml")["opinion"])


def folded(doc: str) -> str:
    """How cues read a text: placeholders, URLs and @mentions out, lower-case, accents folded."""
    return fold(clean_text(doc))


def praise_cues(docs: Sequence[str]) -> np.ndarray:
    """True for texts with a praise cue and no problem cue (lexicons/polarity.yaml); courtesy
    formulas ("Le agradezco su colaboración") are not praise."""
    praise, problem = _polarity()
    courtesy = _courtesy()
    return np.array([bool(praise.search(courtesy.sub(" ", f))) and not problem.search(f) for f in map(folded, docs)],
                    dtype=bool)


def customer_cues(docs: Sequence[str]) -> np.ndarray:
    """True for texts that show a customer's own case: the first person, "ustedes", "por favor",
    a greeting (lexicons/voice.yaml) or a problem cue, once the small print of ads is set aside."""
    return voice_cues(docs)[1]


def broadcast_cues(docs: Sequence[str]) -> np.ndarray:
    """True for texts that read as an advertisement or news and show no customer's own case
    (see the module docstring)."""
    return voice_cues(docs)[0]


def voice_cues(docs: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
    """(`broadcast_cues`, `customer_cues`) in one pass over the texts."""
    cues = _voice()
    _, problem = _polarity()
    broadcast = np.zeros(len(docs), dtype=bool)
    customer = np.zeros(len(docs), dtype=bool)
    for i, doc in enumerate(docs):
        lower = clean_text(doc)
        f = _GLUED_UNIT.sub(r"\1 \2", fold(lower))
        rest = cues["ad_phrases"].sub(" ", f)
        past = any(w not in _NOT_A_VERB for w in _FIRST_PERSON_PAST.findall(lower))
        customer[i] = bool(past or cues["customer_voice"].search(rest) or problem.search(rest))
        broadcast[i] = not customer[i] and bool(cues["advertising"].search(f) or cues["news"].search(f))
    return broadcast, customer


def doc_voices(docs: Sequence[str], praise: np.ndarray | None = None,
               broadcast: np.ndarray | None = None) -> np.ndarray:
    """Voice per text (PROBLEM, PRAISE, BROADCAST). `praise`: the texts already found to praise
    (CatalogMatcher.praise_like, which also reads the vectors); default: the praise cues.
    `broadcast`: `broadcast_cues`, when the caller has them. A text that is both an ad and praise
    ("Gracias por preferirnos: 12 MSI") is a broadcast."""
    praising = praise_cues(docs) if praise is None else np.asarray(praise, dtype=bool)
    broadcasting = broadcast_cues(docs) if broadcast is None else np.asarray(broadcast, dtype=bool)
    return np.where(broadcasting, BROADCAST, np.where(praising, PRAISE, PROBLEM)).astype(np.int64)


def speaks(docs: Sequence[str], customer: np.ndarray | None = None) -> np.ndarray:
    """True for texts in which someone speaks of their own case, asks the company something or
    gives their own opinion: `customer_cues` (or `customer`, when the caller has them), a question
    mark, or a negative opinion word (`opinion` of voice.yaml: reviews complain without a first
    person, "Habitación sucia y personal grosero"). Opinion words are evaluative only; the
    sentiment lexicon is not used here because it also scores topic words that ads and news use
    ("cargos", "cortes", "caída"). On the bank tweets we wrote, 96 % of the texts that raise an
    issue speak, against about half of those that raise none (ads, news, chatter)."""
    customer = customer_cues(docs) if customer is None else np.asarray(customer, dtype=bool)
    opinion = _opinion()
    return customer | np.array(["?" in str(d) or bool(opinion.search(folded(d))) for d in docs], dtype=bool)


def main_voice(voices: np.ndarray) -> int:
    """The voice of more than half of `voices`, else PROBLEM (none is the voice of most)."""
    voices = np.asarray(voices, dtype=np.int64)
    if not len(voices):
        return PROBLEM
    counts = np.bincount(voices)
    top = int(counts.argmax())
    return top if counts[top] > MAJORITY * len(voices) else PROBLEM


def topic_kind(voices: np.ndarray, speaking: np.ndarray | None = None) -> str:
    """The kind of an issue from its texts' voices: praise or comment when more than half of its
    texts are; with `speaking` (`speaks`, per text), also a comment when more than half of its
    texts neither praise nor show anyone's own case or question: advertising and news that carry
    no cue of their own ("Beneficios que solo tú tienes") still speak of nobody's problem. Else
    a problem (the kind the report ranks)."""
    voices = np.asarray(voices, dtype=np.int64)
    main = main_voice(voices)
    if main != PROBLEM:
        return KIND_OF_VOICE[main]
    if speaking is not None and len(voices) and np.mean(~np.asarray(speaking, dtype=bool) & (voices != PRAISE)) > MAJORITY:
        return KIND_OF_VOICE[BROADCAST]
    return KIND_OF_VOICE[PROBLEM]


def issue_kind(docs: Sequence[str]) -> str:
    """The kind of an issue discovered from its texts (`topic_kind` of their voices and of who
    speaks in them), reading each text's cues once."""
    broadcast, customer = voice_cues(docs)
    return topic_kind(doc_voices(docs, broadcast=broadcast), speaks(docs, customer))
