"""The Spanish bag-of-n-grams behind topic keywords.

Why our own: scikit-learn's defaults are English, and BERTopic's English preprocessing drops every
non-ASCII letter ("conexión" -> "conexin"). Here accents and ñ are kept, PII placeholders left by
redaction ("[EMAIL]", "<TELEFONO>") are removed before tokenising, numbers are not words, and the
stop list is Spanish (the `stop-words` package) plus the formulas of customer service ("buenas
tardes", "gracias", "por favor", "señores"...) that appear in every topic and say nothing.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

import numpy as np
from sklearn.feature_extraction.text import CountVectorizer

# Words of the `stop-words` list that carry meaning in customer complaints ("estado de cuenta",
# "valor de la factura", "tiempo de espera"): kept as content words.
KEEP_WORDS: frozenset[str] = frozenset({"cuenta", "valor", "tiempo", "trabajo", "empleo"})

# Greetings, courtesy and filler of PQRS, calls and chats, spoken fillers and mood slang; generic
# requests ("solicito", "quisiera") that open complaints of every kind; identification
# boilerplate ("cédula", "nit").
# Words that are placeholders only when bracketed ("correo", "teléfono") stay content words:
# the bracketed placeholders are removed by `clean_text` instead.
FILLER_WORDS: frozenset[str] = frozenset("""
    hola buenas buenos día días tardes noches saludo saludos cordial cordialmente
    atentamente atento atenta gracias agradezco agradecería agradeceria muchas mil favor
    señor señora señores señorita señoras caballero don doña sr sra srs
    usted ustedes su sus ud uds vos
    ok okey vale bueno pues etc q xq pq porfa porfavor
    solicito solicitamos quisiera quiero queria quería necesito requiero deseo
    usuario usuaria titular email mail cédula cedula cc nit
    claro mire mira oiga oye fíjese fijese fíjate fijate sumercé sumerce señorita este
    listo dale perfecto órale orale neta güey guey wey parce parcero chale tío tía
""".split())
# The spoken fillers of the last two lines (calls, chats, posts) headed whole topics as labels
# («Claro y mire»); nlp/text/topic_text.py removes them from the embedded text too.

# Redaction placeholders: "[EMAIL]", "[TELEFONO]", "<NOMBRE>", "{DOCUMENTO}".
_PLACEHOLDER = re.compile(r"[\[<{]\s*[A-Za-zÁÉÍÓÚÑáéíóúñ_]+\s*[\]>}]")
_URL = re.compile(r"https?://\S+|www\.\S+")
_MENTION = re.compile(r"[@#]\w+")
# Version numbers ("la actualización 5.2"): a release that breaks something names the issue.
# One or two digits on each side of one dot, so prices ("45.000") and dates stay out.
VERSION_NUMBER = r"(?<![\d.])\d{1,2}\.\d{1,2}(?![\d.])"
# Words of two or more letters (accents and ñ included), or a version number; other digits and
# underscores excluded.
TOKEN_PATTERN = rf"(?u)\b[^\W\d_]{{2,}}\b|{VERSION_NUMBER}"
_TOKEN = re.compile(TOKEN_PATTERN)


def fold(text: str) -> str:
    """Strip accents, to compare spellings ("esta"/"está", "movil"/"móvil"); never for output."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def clean_text(text: str, lower: bool = True) -> str:
    """Drop placeholders, URLs and @mentions and lower-case; accents are kept."""
    text = _PLACEHOLDER.sub(" ", text or "")
    text = _URL.sub(" ", text)
    text = _MENTION.sub(" ", text)
    text = unicodedata.normalize("NFC", text)
    return text.lower() if lower else text


@lru_cache(maxsize=1)
def spanish_stop_words() -> frozenset[str]:
    """Spanish stop words + customer-service filler, each also without accents."""
    from stop_words import get_stop_words

    words = {w.lower() for w in get_stop_words("spanish")} - KEEP_WORDS
    words |= FILLER_WORDS
    # Users often drop accents ("esta" for "está"): both spellings are stop words. Only single
    # tokens matter to the vectorizer ("por qué" is two tokens, both already listed).
    words |= {fold(w) for w in words}
    return frozenset(t for w in words for t in _TOKEN.findall(w))


# Clause breaks: punctuation, except the dot and comma inside numbers ("$45.000", "2,5").
# N-grams never cross them: "servicio al cliente, la llamada" gives no "cliente llamada".
CLAUSE_BREAK = re.compile(r"(?<!\d)[.,]|[.,](?!\d)|[;:!?¿¡()\[\]{}\"“”«»\n\r\t/|–—…]+|\s-\s")


_REMOVED = re.compile("|".join(p.pattern for p in (_PLACEHOLDER, _URL, _MENTION)))


def clauses(text: str, lower: bool = True) -> list[str]:
    """The cleaned text cut at punctuation and where a placeholder, URL or @mention stood: the
    words on either side of "la app de @ConectaAyuda por quinta vez" were never next to each
    other, so "app de por quinta" is no phrase."""
    return [c for c in CLAUSE_BREAK.split(clean_text(_REMOVED.sub("\n", text or ""), lower)) if c.strip()]


class SpanishAnalyzer:
    """Text -> n-grams of content words, within clauses, stop words removed first (so "cobro
    doble en la factura" yields "cobro doble factura"; labels.py restores the readable form).
    A class, not a closure, so that a fitted vectorizer pickles."""

    def __init__(self, ngram_range: tuple[int, int] = (1, 3)):
        self.ngram_range = tuple(ngram_range)

    def __call__(self, text: str) -> list[str]:
        stops = spanish_stop_words()
        lo, hi = self.ngram_range
        out: list[str] = []
        for clause in clauses(text):
            toks = [t for t in _TOKEN.findall(clause) if t not in stops]
            for n in range(lo, hi + 1):
                out.extend(" ".join(toks[i : i + n]) for i in range(len(toks) - n + 1))
        return out


def make_vectorizer(ngram_range: tuple[int, int] = (1, 3), min_df: int | float = 1,
                    max_features: int | None = None) -> CountVectorizer:
    """CountVectorizer for Spanish customer texts: n-grams of content words only, accents kept."""
    return CountVectorizer(analyzer=SpanishAnalyzer(ngram_range), min_df=min_df, max_features=max_features,
                           dtype=np.int32)
