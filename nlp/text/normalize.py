"""Normalise Spanish social, chat and case text before it reaches the models.

Why each rule exists:
- URLs become the token "[URL]" (not removed): that a customer pasted a link is a signal (spam,
  screenshots, news), while the link itself is noise for topics and sentiment.
- @mentions become "@usuario", brand handles included: models must not learn names or handles.
- Hashtags become their words ("#PésimoServicio" -> "pésimo servicio"); the words carry meaning.
- Emojis become Spanish words ("😡" -> "cara enojada") with the `emoji` package's CLDR names, so
  Spanish sentiment models read them; skin tones are dropped.
- Elongations are shortened ("buenísimooo" -> "buenísimo", "siiiii" -> "sí") while doubles legal in
  Spanish ("ll", "rr", "cc", "leer", "creer", "zoológico", "reembolso") are kept.
- Placeholders written by the PII redactor ("[TELEFONO]", "[NOMBRE]") are never altered: redact
  first, normalise after (names and addresses are found with the help of capital letters).

The input string is never changed: every function returns a new string.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

import emoji

from escucha.nlp.text.encoding import fix_encoding

__all__ = ["NormalizeOptions", "normalize", "fix_encoding", "options_for"]

URL_TOKEN = "[URL]"
MENTION_TOKEN = "@usuario"


@dataclass(frozen=True)
class NormalizeOptions:
    """Which rules run. Defaults per channel come from `options_for`."""

    fix_encoding: bool = True
    urls: bool = True
    mentions: bool = True
    hashtags: bool = True
    emojis: bool = True
    elongations: bool = True
    laughter: bool = True
    lower: bool = False
    keep_newlines: bool = False


# Social-style rules for channels where people write like on social media; case and e-mail text
# keeps "#" and "@" untouched ("Calle 45 #12-34", "N.º #123") and keeps its line breaks.
_SOCIAL = NormalizeOptions()
_FORMAL = NormalizeOptions(mentions=False, hashtags=False, keep_newlines=True)
_CHANNEL_OPTIONS: dict[str, NormalizeOptions] = {
    "social": _SOCIAL,
    "chat": _SOCIAL,
    "review": _SOCIAL,
    "survey": _SOCIAL,
    "pqrs": _FORMAL,
    "email": _FORMAL,
    "transcript": NormalizeOptions(mentions=False, hashtags=False, emojis=False, keep_newlines=True),
}


def options_for(channel: str | None) -> NormalizeOptions:
    """Default rules for a channel; unknown or missing channel gets the social rules."""
    return _CHANNEL_OPTIONS.get((channel or "").strip().lower(), _SOCIAL)


# --- patterns (compiled once) ---------------------------------------------------------------

_PLACEHOLDER = re.compile(r"\[[A-Z][A-Z_]*\]")
# Bare domains only in lower case and with an unambiguous ending: "servicio.Es" or "bien.me"
# (a missing space after a full stop) must stay text.
_URL = re.compile(
    r"(?<![\w@.\-])(?:"
    r"(?i:(?:https?|ftp)://|www\.)[^\s<>\"']+"
    r"|(?:[a-z0-9\-]+\.)+(?:com|net|org|gov|gob|edu)(?:\.[a-z]{2})?(?:/[^\s<>\"']*)?(?![\w@\-])"
    r"|(?:[a-z0-9\-]+\.)+(?:co|mx|es|ly|gl|me|io|to)/[^\s<>\"']+"
    r")"
)
_URL_TRAILING = ".,;:!?)]}\"'»”’"
_MENTION = re.compile(r"(?<![\w@.])@[A-Za-z0-9_]{1,30}(?![\w@]|\.[A-Za-z]{2,})")
_HASHTAG = re.compile(r"(?<![\w#&])#([^\W\d_][\w]*)")
_HASHTAG_PART = re.compile(r"[A-ZÁÉÍÓÚÜÑ]+(?![a-záéíóúüñ])|[A-ZÁÉÍÓÚÜÑ]?[a-záéíóúüñ]+|\d+(?:[A-ZÁÉÍÓÚÜÑ]+(?![a-záéíóúüñ])|[a-záéíóúüñ]+)?", re.UNICODE)
_SKIN_TONE = re.compile(r"_?tono_de_piel_[a-záéíóúñ_]+?(?=:)")
_ZERO_WIDTH = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u00ad]")
_CONTROL = re.compile("[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]")
_H_SPACE = re.compile(r"[^\S\n]+")
_ANY_SPACE = re.compile(r"\s+")
_BLANK_LINES = re.compile(r"\n\s*\n+")
_LAUGH = re.compile(r"\b(?:[jJ][aeiouAEIOU]){2,}[jJ]?\b|\b(?:[jJ][sS]){2,}[jJ]?\b|\b(?:[hH][aA]){3,}[hH]?\b")
_RUN3 = re.compile(r"([^\W\d_])\1{2,}", re.IGNORECASE | re.UNICODE)
_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)

# Spain-specific CLDR names replaced by the neutral wording our Latin American channels use.
_EMOJI_OVERRIDES = {
    "😡": "cara enojada",
    "💩": "caca",
}

# Words whose doubled vowel is legal (checked after elongation is cut to two letters).
_LEGAL_DOUBLE_WORDS = frozenset(
    """leer lee leen leemos leí creer cree creen creemos creí proveer provee poseer posee
    desee deseen desees reembolso reembolsos reembolsar reembolsen reemplazo reemplazar reemplazaron
    reenviar reenvío reenvien reenvíen reelegir reelección preescolar sobreendeudado sobreendeudada
    zoológico zoo coordinar coordinación cooperar cooperativa microondas alcohol
    acción acciones lección colección dirección direcciones corrección inyección conexión
    perro carro tierra correo correos arreglo arreglar arreglen ahorro ahorros cerrar cierre
    llamar llamada llamadas llegar llega llegó allá ella ello calle calles
    innovar innovación connotar yahoo hawaii""".split()
)
_DOUBLABLE = frozenset("celnor")


def _shorten_run(match: re.Match[str], word: str) -> str:
    """Cut a run of 3+ identical letters to one, or to two where Spanish allows the double."""
    run = match.group(0)
    letter = run[0]
    low = letter.lower()
    if low not in _DOUBLABLE:
        return letter
    rel_end = match.end()
    nxt = word[rel_end:rel_end + 1].lower()
    if low in "lr":
        # "ll"/"rr" only stand before a vowel inside a word ("carrrro" -> "carro", "amorrr" -> "amor").
        return letter * 2 if nxt and nxt in "aeiouáéíóú" else letter
    if low == "c":
        return letter * 2 if nxt and nxt in "eiéí" else letter
    # e, o, n: keep the double only if it makes a known word.
    rel_start = match.start()
    doubled = (word[:rel_start] + letter * 2 + word[rel_end:]).lower()
    doubled = _RUN3.sub(lambda m: m.group(1), doubled)
    return letter * 2 if doubled in _LEGAL_DOUBLE_WORDS else letter


def _fix_word(word_match: re.Match[str]) -> str:
    word = word_match.group(0)
    changed = False

    def repl(m: re.Match[str]) -> str:
        nonlocal changed
        changed = True
        return _shorten_run(m, word)

    out = _RUN3.sub(repl, word) if len(word) >= 3 else word
    if changed:
        low = out.lower()
        # "siiii" is always the affirmative "sí"; final "oo" is never Spanish ("buenoo").
        if low == "si":
            out = "SÍ" if out.isupper() else ("Sí" if out[0].isupper() else "sí")
        elif low.endswith("oo") and low not in _LEGAL_DOUBLE_WORDS:
            out = out[:-1]
    elif len(word) >= 3 and word[-2:].lower() in ("aa", "ii", "uu", "oo") and word.lower() not in _LEGAL_DOUBLE_WORDS:
        # A doubled final vowel is an elongation too ("holaa", "porfii"); "zoo" stays.
        out = word[:-1]
        if out.lower() == "si":
            out = "sí"
    return out


def _elongations(text: str) -> str:
    return _WORD.sub(_fix_word, text)


def _hashtag(match: re.Match[str]) -> str:
    body = match.group(1)
    parts = _HASHTAG_PART.findall(body) or [body]
    return " ".join(p.lower() for p in parts)


def _url(match: re.Match[str]) -> str:
    url = match.group(0)
    stripped = url.rstrip(_URL_TRAILING)
    return URL_TOKEN + url[len(stripped):]


def _emoji_words(text: str) -> str:
    if emoji.emoji_count(text) == 0:
        return text
    for symbol, words in _EMOJI_OVERRIDES.items():
        if symbol in text:
            text = text.replace(symbol, f" {words} ")
    out = emoji.demojize(text, language="es", delimiters=("\x02", "\x03"))
    if "\x02" not in out:
        return out

    def name(m: re.Match[str]) -> str:
        words = _SKIN_TONE.sub("", ":" + m.group(1) + ":")[1:-1].replace("_", " ").strip()
        return f" {words} " if words else " "

    return re.sub("\x02([^\x03]*)\x03", name, out)


def _lower_keep_placeholders(text: str) -> str:
    pieces: list[str] = []
    last = 0
    for m in _PLACEHOLDER.finditer(text):
        pieces.append(text[last:m.start()].lower())
        pieces.append(m.group(0))
        last = m.end()
    pieces.append(text[last:].lower())
    return "".join(pieces)


def normalize(
    text: str,
    channel: str | None = None,
    *,
    lower: bool | None = None,
    options: NormalizeOptions | None = None,
) -> str:
    """Return a normalised copy of `text` with the rules for `channel` (see module docstring).

    `lower=True` is for model input; leave it off for anything a person reads. `options` overrides
    the channel defaults entirely.
    """
    opts = options or options_for(channel)
    if lower is None:
        lower = opts.lower
    out = unicodedata.normalize("NFC", text)
    if opts.fix_encoding:
        out = fix_encoding(out)
    out = _CONTROL.sub(" ", out)
    if opts.urls:
        out = _URL.sub(_url, out)
    if opts.mentions:
        out = _MENTION.sub(MENTION_TOKEN, out)
    if opts.hashtags:
        out = _HASHTAG.sub(_hashtag, out)
    if opts.emojis:
        out = _emoji_words(out)
    out = _ZERO_WIDTH.sub("", out)  # after emojis: ZWJ joins "🤦‍♂️" into one emoji
    if opts.laughter:
        out = _LAUGH.sub(lambda m: m.group(0)[:4].lower(), out)
    if opts.elongations:
        out = _elongations(out)
    if opts.keep_newlines:
        out = _H_SPACE.sub(" ", out)
        out = _BLANK_LINES.sub("\n\n", out)
        out = "\n".join(line.strip() for line in out.split("\n")).strip()
    else:
        out = _ANY_SPACE.sub(" ", out).strip()
    if lower:
        out = _lower_keep_placeholders(out)
    return out
