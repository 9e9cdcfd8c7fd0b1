"""Offline language detection tuned for Spanish customer channels.

`py3langid` (BSD-3, ships its Naive Bayes model in the wheel) gives character n-gram scores,
restricted to the languages our customers plausibly write in. On short, informal Spanish it
confuses Spanish with Galician, Portuguese or Italian ("me cobraron dos veces" -> gl), so we add:

1. A prior: our channels are Spanish, so `es` starts with most of the mass (`DEFAULT_PRIORS`).
2. Function words and slang: each word from a small per-language marker list adds evidence
   ("y", "muy", "ustedes", "neta", "parce", "vaya"... for es; "não", "você" for pt; "molt",
   "amb" for ca...).
3. The short-text rule: with fewer than `min_words` alphabetic words, the answer is "es" unless
   another language wins with posterior >= `min_confidence` (e.g. "thank you so much").
4. A text with no letters (emoji only, numbers, "...") is "und" with confidence 0.0.

URLs, @mentions, e-mail addresses, hashtag signs, digits, emojis and redaction placeholders are
removed before scoring; they say nothing about the language. The returned confidence is the
posterior of the returned language after prior and markers.
"""

from __future__ import annotations

import math
import re
import threading
from collections.abc import Iterable, Sequence

__all__ = ["LANGUAGES", "DEFAULT_PRIORS", "LanguageDetector", "detect_language"]

LANGUAGES: tuple[str, ...] = ("es", "en", "pt", "fr", "it", "de", "ca", "gl", "eu")

DEFAULT_PRIORS: dict[str, float] = {
    "es": 0.80, "en": 0.06, "pt": 0.03, "ca": 0.03, "fr": 0.016, "it": 0.016, "de": 0.016,
    "gl": 0.016, "eu": 0.016,
}

# Distinctive, frequent words. Kept short on purpose: a word belongs here only if it is common
# in that language and rare in the others of LANGUAGES.
_MARKERS: dict[str, frozenset[str]] = {
    "es": frozenset(
        """y muy los las hay ya usted ustedes qué cuál cómo cuándo dónde también hasta sin hace
        tengo tiene tienen tenemos puedo pueden llega llegó eso esto ella ellos aquí ahora
        nadie siempre todavía después pésimo servicio atención señor señora señorita gracias
        hola buenas buenos días tardes noches porque pero nada nunca solo sólo mucho muchos
        dinero plata factura cobro cobran cobraron cobrado pagué pago línea celular móvil
        q xq pq porq tb tmb pa pal porfa porfavor xfa neta manches wey güey guey parce parcero
        parcera chévere bacano bacana vaina onda chido chida padrísimo vaya tela tío tía mola
        guay hostia joder coño pana marica huevón weón boludo che ché pinche chingado chale
        órale ándale ahorita mijo mija pues pos oiga oye mire fíjese jaja jajaja jeje
        sirve funciona internet señal llamé llamo llamada reclamo queja quejas cuenta""".split()
    ),
    "en": frozenset(
        """the and is are was were not you your my it this that thanks thank please for with
        what why when hello hi service bad worst good great i i'm don't doesn't can't have has
        been will would should there they their our of to from just very""".split()
    ),
    "pt": frozenset(
        """não você vocês é muito obrigado obrigada também isso uma um com mas está estou são
        ainda então agora aqui já quando porque péssimo serviço atendimento conta dinheiro
        nada nunca meu minha seu sua estão fazer tenho tem""".split()
    ) - frozenset(["nada", "nunca", "porque"]),
    "fr": frozenset(
        """le les est je pas très merci et ne vous nous c'est pour avec une des du au ce cette
        mais mon ma service nul""".split()
    ),
    "it": frozenset(
        """il è non sono molto grazie perché che della questo ho ha gli della anche sempre ancora
        servizio pessimo""".split()
    ),
    "de": frozenset(
        """ist nicht und ich der die das sehr danke mit ein eine kein schlecht bitte""".split()
    ),
    "ca": frozenset(
        """és molt amb però perquè els aquest aquesta gràcies servei dolent meu meva també ara
        encara sempre res tinc tenim avui ahir des dies""".split()
    ),
    "gl": frozenset(
        """non moi grazas unha coa xa cando ata tamén facer moito agora aínda teño dende onte
        hoxe pola polo""".split()
    ),
    "eu": frozenset(
        """eta ez da bat eskerrik asko zer dut du naiz baina oso zerbitzua""".split()
    ),
}

_STRIP = re.compile(
    r"(?i:https?://\S+|www\.\S+)"
    r"|\S+@\S+\.\S+"
    r"|(?<!\w)@\w+"
    r"|\[[A-Z_]+\]"
    r"|[#\d_]+"
)
_WORD = re.compile(r"[^\W\d_]+(?:'[^\W\d_]+)?", re.UNICODE)

_IDENTIFIER_LOCK = threading.Lock()
_IDENTIFIERS: dict[tuple[str, ...], object] = {}


def _identifier(languages: tuple[str, ...]):
    """The py3langid model is loaded once per language set (about 0.5 s) and shared."""
    with _IDENTIFIER_LOCK:
        ident = _IDENTIFIERS.get(languages)
        if ident is None:
            from py3langid.langid import MODEL_FILE, LanguageIdentifier

            ident = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
            ident.set_languages(list(languages))
            _IDENTIFIERS[languages] = ident
        return ident


class LanguageDetector:
    """Language of each text, with a Spanish prior for short and ambiguous texts.

    Parameters are the knobs of the rule in the module docstring; the defaults are what we
    measured on our own test sentences and on the eval-dev Spanish sets.
    """

    def __init__(
        self,
        languages: Sequence[str] = LANGUAGES,
        priors: dict[str, float] | None = None,
        marker_weight: float = 1.5,
        min_words: int = 3,
        min_confidence: float = 0.9,
        default: str = "es",
    ):
        self.languages = tuple(languages)
        self.priors = dict(priors or DEFAULT_PRIORS)
        self.marker_weight = marker_weight
        self.min_words = min_words
        self.min_confidence = min_confidence
        self.default = default
        if default not in self.languages:
            raise ValueError(f"default language {default!r} is not in languages {self.languages}")
        floor = min(self.priors.values()) if self.priors else 1.0 / len(self.languages)
        self._log_prior = {lang: math.log(self.priors.get(lang, floor)) for lang in self.languages}

    def detect_one(self, text: str) -> tuple[str, float]:
        cleaned = _STRIP.sub(" ", text)
        words = [w.lower() for w in _WORD.findall(cleaned)]
        if not words:
            return "und", 0.0
        ranked = dict(_identifier(self.languages).rank(" ".join(words)))
        scores: dict[str, float] = {}
        for lang in self.languages:
            hits = 0
            markers = _MARKERS.get(lang)
            if markers:
                hits = sum(1 for w in words if w in markers)
            scores[lang] = (
                math.log(max(ranked.get(lang, 0.0), 1e-12))
                + self._log_prior[lang]
                + self.marker_weight * hits
            )
        top = max(scores.values())
        total = sum(math.exp(s - top) for s in scores.values())
        post = {lang: math.exp(s - top) / total for lang, s in scores.items()}
        best = max(post, key=post.__getitem__)
        if best != self.default and len(words) < self.min_words and post[best] < self.min_confidence:
            best = self.default
        return best, round(post[best], 4)

    def detect(self, texts: Iterable[str]) -> list[tuple[str, float]]:
        return [self.detect_one(t) for t in texts]


_DEFAULT: LanguageDetector | None = None


def detect_language(texts: list[str]) -> list[tuple[str, float]]:
    """(ISO 639-1 code or "und", confidence) per text, with the default `LanguageDetector`."""
    global _DEFAULT
    if _DEFAULT is None:
        _DEFAULT = LanguageDetector()
    return _DEFAULT.detect(texts)
