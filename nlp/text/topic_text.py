"""The "topic text": what a customer text says about the issue, without the way it is said.

Why: sentence embeddings of whole customer texts encode the channel and the writing style as
much as the subject. A call transcript opens with "Buenas tardes, con [NOMBRE]. Sí, [DOCUMENTO].
Pues mire, ...", a PQRS with "Cordial saludo" and "Quedo atento a su respuesta", a post with
"@marca" and emojis; two calls about different issues are then closer to each other than a call
and a PQRS about the same issue, and topics follow the channel (measured on the demo corpus:
docs/QUALITY.md, Topics). Topic modeling embeds this text instead; sentiment, emotion and the
PQRS type keep reading the full normalised text, where courtesy and anger are signal.

What goes, in this order (every rule holds for real customer text, not only our demo):
- what the source adds around the customer's words: the "Opinión sobre <producto>:" opening of
  texts copied from review sites, the "RT @cuenta:" of retweets, quoted replies of e-mails
  (lines starting with ">" and everything after "El ... escribió:" / "On ... wrote:") and
  signatures of mail apps ("Enviado desde mi iPhone", "Obtener Outlook para Android", "-- ");
- redaction placeholders ("[NOMBRE]", "[DOCUMENTO]"), URLs, @handles (the brand's included),
  emojis, laughter, digits-only tokens (ids, phone numbers said aloud);
- hashtags keep their words only when they are inside the sentence; a trailing block of
  hashtags ("... #Fail #ConectaFalla") is campaign/brand noise and goes;
- greetings, courtesy and closing formulas ("buenas tardes", "cordial saludo", "quedo atento a
  su respuesta", "muchas gracias", "que tenga un feliz día"), identification formulas
  ("mi nombre es", "le habla", "con quién tengo el gusto");
- spoken fillers and discourse markers ("mire", "oiga", "fíjese que", "o sea", "este,", "pues",
  "bueno", "vale", "a ver", "lo que pasa es que") and interjections of regional slang that
  express mood, never the subject ("neta", "güey", "parce", "chale", "vaya tela");
- `extra_terms` (configured company and brand names): they appear in every topic;
- finally every sentence left with no content word ("Sí, claro.", "No, nada más.").

If nothing is left (a text that is only a greeting), the normalised text is returned, so that no
record gets an empty embedding.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from functools import lru_cache

import emoji

from escucha.nlp.text.normalize import NormalizeOptions, normalize

#: Bump when the rules change: it is part of the analyzer version, so stored embeddings of the
#: old topic text are recomputed and the topic model is refitted on the new ones.
TOPIC_TEXT_VERSION = "tt2"

# Multi-word formulas first (longest wins in the alternation because they are sorted by length).
# Written accent-free where customers drop accents too; matching is on accent-folded text.
_FORMULAS: tuple[str, ...] = (
    "muy buenos dias|muy buenas tardes|muy buenas noches|buenos dias|buenas tardes|buenas noches|buen dia|buenas",
    "hola|que tal|como esta|como estas",
    "cordial saludo|cordiales saludos|reciban un cordial saludo|un cordial saludo|un saludo|saludos cordiales|saludos",
    "estimados senores|estimado senor|estimada senora|estimados|respetados senores|respetado senor|respetados",
    "senores|senor|senora|senorita|senoritas|caballero|a quien corresponda|sumerce|su merced",
    "muchas gracias|mil gracias|gracias de antemano|gracias por nada|gracias por la espera|gracias por esperar|gracias",
    "le agradezco mucho|le agradezco|les agradezco|os agradezco|agradezco|agradeceria|agradecere",
    "su atencion|la pronta respuesta|su pronta respuesta|su colaboracion|su amable atencion",
    "quedo atento|quedo atenta|quedo pendiente|quedo a la espera|quedo en espera|quedamos atentos",
    "en espera de su respuesta",
    "a su respuesta|de su respuesta|vuestra respuesta|su respuesta",
    "que tenga un feliz dia|que tenga buen dia|que tenga un buen dia|que tenga excelente dia|feliz dia|feliz tarde",
    "muy amable|muy amables|con mucho gusto|con gusto|mucho gusto|que pena con usted|que pena molestar|que pena",
    "por favor|porfa|porfavor|de antemano|atentamente|cordialmente",
    "mi nombre es|me llamo|le habla|les habla|habla con|hablo con|con quien tengo el gusto|soy yo|digame|dime",
    "una pregunta|una duda|una consulta",
    "lo que pasa es que|lo que pasa|fijese que|fijese|fijate|mire que|mire|mira|oiga|oye|o sea|a ver|es que",
    "pues|bueno|vale|listo|dale|claro|perfecto|ok|okey|okay|ya|eh|ah|ay|uy|uf|mmm|ehh|este",
    "neta|guey|wey|parce|parcero|chale|orale|tio|tia|vaya tela|no manches|no mames|no joda|hijole|chido|bacano",
)

# Sentence ends: . ! ? … ; : newlines (not the dot or comma inside numbers).
_SENT = re.compile(r"(?<!\d)[.](?!\d)|[!?¿¡…;:\n]+")
_HANDLE = re.compile(r"(?<![\w@])@\w+")
_PLACEHOLDER = re.compile(r"[\[<{]\s*[A-Za-zÁÉÍÓÚÑáéíóúñ_]+\s*[\]>}]")
_URL = re.compile(r"https?://\S+|www\.\S+")
_TRAILING_TAGS = re.compile(r"(?:\s*#\w+)+\s*$")
_HASHTAG = re.compile(r"(?<![\w#&])#(\w+)")
_DIGITS = re.compile(r"\b[\d][\d\s\-./]*\d\b|\b\d\b")
_LAUGH = re.compile(r"\b(?:ja|je|ji|jj|ha|jsj)(?:ja|je|ji|j|a|s)*\b", re.IGNORECASE)
_WORD = re.compile(r"[^\W\d_]+")
_SPACES = re.compile(r"[^\S\n]+")
_PUNCT_RUN = re.compile(r"\s*([,;])(?:\s*[,;])+")
_LEAD_PUNCT = re.compile(r"^[\s,;\-–—:'\"»”)]+|[\s,;\-–—(«“'\"]+$")

_SOURCE_PREFIX = re.compile(
    r"^\s*(?:opini[oó]n(?:es)?|rese[nñ]a|valoraci[oó]n|comentario)\s+(?:sobre|de|acerca\s+de)\s+"
    r"[^:.\n]{1,60}?(?:\s*[:\n]|\s[-–—|]\s)", re.IGNORECASE)
_RETWEET = re.compile(r"^\s*RT\b\s*(?:@\w+\s*:?)?\s*", re.IGNORECASE)
_REPLY_HEADER = re.compile(r"(?:^|\n)[^\n]{0,200}?\b(?:escribi[oó]|wrote)\s*:\s*(?:\n|$).*", re.IGNORECASE | re.DOTALL)
_QUOTED_LINE = re.compile(r"^[ \t]*>.*$", re.MULTILINE)
_SIGNATURE = re.compile(
    r"(?:^|\n)[ \t]*(?:--[ \t]*\n.*"
    r"|(?:enviado|env[ií]o)\s+desde\s+mi\b[^\n]*|sent\s+from\s+my\b[^\n]*"
    r"|obtener\s+outlook\s+para\b[^\n]*|get\s+outlook\s+for\b[^\n]*)",
    re.IGNORECASE | re.DOTALL)
_LEAD_YES = re.compile(r"^(?:s[ií]|no)\s*,\s*", re.IGNORECASE)  # "Sí, ..." answering the agent
_OPTIONS = NormalizeOptions(mentions=False, hashtags=False, emojis=False, laughter=False, keep_newlines=True)


def fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


@lru_cache(maxsize=64)
def _formula_pattern(extra: tuple[str, ...]) -> re.Pattern[str]:
    phrases = {p.strip() for line in _FORMULAS for p in line.split("|") if p.strip()}
    phrases |= {fold(t).lower().strip() for t in extra if t.strip()}
    alt = "|".join(re.escape(p).replace(r"\ ", r"\s+") for p in sorted(phrases, key=len, reverse=True))
    return re.compile(rf"(?<![^\W_])(?:{alt})(?![^\W_])", re.IGNORECASE)


@lru_cache(maxsize=1)
def _function_words() -> frozenset[str]:
    """Words that never make a sentence worth keeping on their own (folded)."""
    from escucha.nlp.topics.vectorizer import spanish_stop_words

    words = {fold(w) for w in spanish_stop_words()}
    words |= set("""si no nada todo mas eso era esto tambien aqui alli entonces igual verdad vez llamo
        llamaba llamada nombre habla gusto dias tardes noches momento espero entiendo acuerdo senorita
        sumerce joven amable""".split())
    return frozenset(words)


def _has_content(sentence: str) -> bool:
    stops = _function_words()
    return any(len(w) > 2 and fold(w).lower() not in stops for w in _WORD.findall(sentence))


def _strip_formulas(sentence: str, pattern: re.Pattern[str]) -> str:
    """Remove formulas on the folded text, keeping the original letters (same length after NFC
    folding of precomposed letters is not guaranteed, hence the span mapping)."""
    folded, index = [], []
    for i, ch in enumerate(sentence):
        f = fold(ch)
        folded.append(f)
        index.extend([i] * len(f))
    flat = "".join(folded)
    keep = [True] * len(sentence)
    for m in pattern.finditer(flat):
        if m.start() == m.end():
            continue
        for j in range(index[m.start()], index[m.end() - 1] + 1):
            keep[j] = False
    return "".join(c if k else " " for c, k in zip(sentence, keep))


def strip_source(text: str) -> str:
    """The customer's own words without what the source wrapped around them: a review site's
    "Opinión sobre X:" opening, a retweet's "RT @cuenta:", quoted e-mail replies, signatures."""
    out = _REPLY_HEADER.sub("\n", text or "")
    out = _QUOTED_LINE.sub("", out)
    out = _SIGNATURE.sub("\n", out)
    out = _RETWEET.sub("", out)
    out = _SOURCE_PREFIX.sub("", out)
    return out


def topic_text(text: str, channel: str | None = None, extra_terms: Iterable[str] = ()) -> str:
    """The text to embed for topics (see module docstring); never empty for a non-empty text."""
    base = normalize(strip_source(text or ""), channel, options=_OPTIONS)
    out = emoji.replace_emoji(base, " ")
    out = _PLACEHOLDER.sub(" ", out)
    out = _URL.sub(" ", out)
    out = _HANDLE.sub(" ", out)
    out = _TRAILING_TAGS.sub(" ", out)
    out = _HASHTAG.sub(lambda m: " ".join(re.findall(r"[A-ZÁÉÍÓÚÑ]?[a-záéíóúñ]+|[A-ZÁÉÍÓÚÑ]+(?![a-z])", m.group(1)))
                       or m.group(1), out)
    out = _LAUGH.sub(" ", out)
    out = _DIGITS.sub(" ", out)
    pattern = _formula_pattern(tuple(sorted(set(extra_terms))))
    kept = []
    for sentence in _SENT.split(out):
        s = _strip_formulas(sentence, pattern)
        s = _PUNCT_RUN.sub(r"\1", _SPACES.sub(" ", s))
        s = _LEAD_PUNCT.sub("", s.strip())
        s = _LEAD_YES.sub("", re.sub(r"\s+([,;])", r"\1", s))
        if s and _has_content(s):
            kept.append(s[0].upper() + s[1:])
    result = ". ".join(kept)
    if not result.strip():
        return normalize(text or "", channel)
    return result + "."
