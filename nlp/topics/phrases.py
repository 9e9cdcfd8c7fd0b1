"""Is a candidate name a noun phrase? Spanish nouns, adjectives and verbs told apart without a tagger.

An issue's name is what a manager would write on a slide: a noun phrase ("Cobro doble en la
factura", "Débito automático", "Actualización 5.2"), never a verb fragment lifted from the
customers' sentences ("Internet vuela", "App avise", "Llamó para avisar", "Siguen sin
devolverme"). No Spanish tagger ships with Escucha (the ones that exist load model weights), and
the issue's own texts already say how each word is used, so each word is judged by:

- the word before it in those texts (`WordUse`): after a determiner ("el cobro", "mi pago",
  "300 megas") it is a noun; after a clitic, a negation, "que" or an auxiliary ("me avise",
  "se cae", "no llega", "que contesten") a verb; after "muy", "más" or a copula ("está lento")
  an adjective. The cue words are data (lexicons/names.yaml, `word_use`);
- its ending, where Spanish leaves no doubt: an infinitive with a clitic ("devolverme",
  "tomarse"), a gerund ("esperando"), a preterite or imperfect ("cobraron", "alcanzaba",
  "llamó", "reinicié", "pedí"; except nouns like "buró", listed), a future ("llegará"). A word
  shaped like an infinitive ("pagar", but also "celular", "lugar") is a verb unless the texts put
  a determiner before it ("el celular").

A form is a noun phrase when (`noun_phrase`):
1. its first content word (the head) is a noun: not a verb, and seen after a determiner or a
   preposition at least once, or shaped like a noun ("-ción", "-dad", a plural) and never
   after a verb cue (or a number, a version or an acronym);
2. no word is a verb (participles are adjectives: "Cargo no reconocido" is a noun phrase), and
   an article between two content words comes after a preposition ("Cobro doble en la
   factura"; "Operación la app" is two clauses);
3. a word right after another content word (a modifier: "lento" in "Internet lento") is an
   adjective or a noun: shaped like one ("automático", "doble", "contratada", "móvil", any
   masculine "-o": a verb right after its subject is in the third person, never "-o"), seen
   after an adjective cue or a determiner, or with its other gender in the texts ("lenta" next
   to "lento"). "vuela" after "internet" is none of these.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Iterable, Sequence

_CLITIC = r"(?:me|te|se|le|les|lo|la|los|las|nos)"
_SURE_VERB = re.compile(
    rf"(?:[aeií]r{_CLITIC}"  # infinitive + clitic: devolverme, tomarse, irme
    rf"|(?:ando|iendo|yendo|ándo|iéndo){_CLITIC}?"  # gerund: esperando, pidiéndome
    r"|(?:aron|ieron|yeron|aban|ábamos|íamos|ían)"  # preterite / imperfect, plural: cobraron, decían
    r"|[^aeiouáéíóú\d][óéí]|ió"  # accented preterite, singular: llamó, reinicié, pedí, pidió
    r"|(?:ará|erá|irá|arán|erán|irán|aré|eré|iré))$"  # future: llegará
)
_IMPERFECT = re.compile(r"aba$")  # alcanzaba, llamaba (six letters or more; "traba" is a noun)
_INFINITIVE = re.compile(r"(?:ar|er|ir|ír)$")
_PARTICIPLE = re.compile(r"(?:ad|id)(?:o|a|os|as)$")
_ADJECTIVE = re.compile(
    r"(?:ic[oa]s?|iv[oa]s?|os[oa]s?|al(?:es)?|bles?|ntes?|(?:ad|id)[oa]s?|ari[oa]s?|il(?:es)?|ísim[oa]s?"
    r"|ar(?:es)?|or(?:es)?|istas?|ble)$")
# nouns by their ending: "-ción", "-dad", "-miento", plurals ("reportes", "cargos")
_NOUN = re.compile(r"(?:ción|sión|dad|tad|miento|aje|encia|ancia|ura|ismo|ía|[aeiouáéíóú]s)$")
_NUMBER = re.compile(r"^\d+(?:[.,]\d+)?$")
_OBJECT_CLITICS = frozenset({"la", "las", "los"})
_CONTRACTIONS = frozenset({"del", "al"})  # a preposition and an article in one word


@lru_cache(maxsize=1)
def _cues() -> dict[str, frozenset[str]]:
    import yaml
    from importlib import resources

    doc = yaml.safe_load((resources.files("escucha.nlp.topics") / "lexicons" / "names.yaml").read_text(encoding="utf-8"))
    return {k: frozenset(str(v).lower().split()) for k, v in doc["word_use"].items()}


def sure_verb(word: str) -> bool:
    """A word whose ending only a verb has (see the module docstring), lower-case."""
    if word in _cues()["not_verbs"] or len(word) < 4:
        return False
    return bool(_SURE_VERB.search(word)) or (len(word) >= 6 and bool(_IMPERFECT.search(word)))


@dataclass
class WordUse:
    """How often each word of some texts follows a determiner (`det`; `amb` for "la", "las",
    "los", articles or clitics: "la app", "la abro"), a preposition, a verb cue or an adjective
    cue, and the words the texts hold. Built from tokenized texts (lists of clauses of
    (lower-case word, word as written)): the corpus's, or an issue's."""

    det: Counter = field(default_factory=Counter)
    amb: Counter = field(default_factory=Counter)
    prep: Counter = field(default_factory=Counter)
    verb: Counter = field(default_factory=Counter)
    adj: Counter = field(default_factory=Counter)
    vocabulary: set[str] = field(default_factory=set)

    @classmethod
    def of(cls, docs: Iterable[Sequence[Sequence[tuple[str, str]]]]) -> "WordUse":
        cues = _cues()
        det, prep, verb, adj = cues["determiners"], cues["prepositions"], cues["verb_cues"], cues["adjective_cues"]
        use = cls()
        for doc in docs:
            for clause in doc:
                prev = before = None
                for w, _ in clause:
                    use.vocabulary.add(w)
                    if prev is not None:
                        if prev in _OBJECT_CLITICS and before in verb and before != "que":
                            use.verb[w] += 1  # "no los extrañe", "que la cancelen": a clitic, not an article
                        elif prev in _OBJECT_CLITICS:
                            use.amb[w] += 1
                        elif prev in det or _NUMBER.match(prev):
                            use.det[w] += 1
                        elif prev in prep:
                            use.prep[w] += 1
                        elif prev in verb:
                            use.verb[w] += 1
                        elif prev in adj:
                            use.adj[w] += 1
                    prev, before = w, prev
        return use

    def verbal(self, word: str) -> bool:
        """`word` (lower-case) is used as a verb in these texts, or can only be one."""
        if _NUMBER.match(word):
            return False
        if sure_verb(word):
            return True
        if _INFINITIVE.search(word) and len(word) >= 4 and not _PARTICIPLE.search(word):
            return self.det[word] + self.amb[word] == 0  # "pagar" unless "el celular"
        if _PARTICIPLE.search(word):
            return False  # "no reconocido", "ha llegado": adjectives in a name
        cued = self.verb[word]
        return cued >= 1 and cued >= self.det[word] + self.amb[word] + self.prep[word] + self.adj[word]

    def nominal(self, word: str) -> bool:
        """A noun: seen after a determiner or a preposition more than after "muy" or a copula;
        after "la"/"los" only when never after a verb cue ("la app", not "la abro", "no la
        abro"); or shaped like a noun and never after a verb or adjective cue ("tengo reportes
        negativos"); or a number. Never an interrogative ("cuántos")."""
        if _NUMBER.match(word):
            return True
        if word in _cues()["not_heads"]:
            return False
        strict = self.det[word] + self.prep[word]
        if strict and strict >= self.adj[word]:
            return True
        if self.verb[word] or self.adj[word]:
            return False
        return self.amb[word] > 0 or bool(_NOUN.search(word))

    def modifier(self, word: str) -> bool:
        """May follow a noun directly: an adjective (by its ending, its cues or its other
        gender in the texts) or a noun."""
        if _NUMBER.match(word) or _ADJECTIVE.search(word) or self.adj[word] or self.det[word]:
            return True
        if word.endswith(("o", "os")):  # a verb after its subject is in the third person: never "-o"
            return True
        for a, b in (("o", "a"), ("a", "o"), ("os", "as"), ("as", "os")):
            if word.endswith(a) and word[: -len(a)] + b in self.vocabulary:
                return True
        return False


def _acronym(written: str) -> bool:
    return written.isupper() and 2 <= len(written) <= 5  # "SMS", "SPEI", "TV"


def noun_phrase(words: Sequence[tuple[str, str]], use: WordUse, gap_words: Iterable[str]) -> bool:
    """Whether a form, as (lower-case word, word as written) pairs, is a noun phrase (module
    docstring): head a noun, no verb, every modifier an adjective or a noun."""
    gaps = frozenset(gap_words)
    content = [(i, w, o) for i, (w, o) in enumerate(words) if w not in gaps]
    if not content:
        return False
    cues = _cues()
    for (i, _, _), (j, _, _) in zip(content, content[1:]):
        between = {w for w, _ in words[i + 1 : j]}
        if between & (cues["determiners"] | _OBJECT_CLITICS) and not between & (cues["prepositions"] | _CONTRACTIONS):
            return False  # "operación la app", "serie el internet": two clauses, not one phrase ("señal del wifi" is one)
    for k, (i, w, o) in enumerate(content):
        if _acronym(o) or _NUMBER.match(w):
            continue
        if use.verbal(w):
            return False
        if k == 0:
            if not use.nominal(w):
                return False
        elif content[k - 1][0] == i - 1 and not use.modifier(w):
            return False  # right after another content word: "vuela" in "internet vuela"
    return True
