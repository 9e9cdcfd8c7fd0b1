"""Person names without a model: cue words plus lists of common given names and surnames.

Three ways a name is found (see docs/PII.md for the measured precision and recall):

1. After a cue: "me llamo", "mi nombre es", "a nombre de", titles ("señora", "Sr.", "Dra.",
   "don"), roles ("la asesora", "el técnico", "atendido por"), family ("mi esposa") and
   sign-offs ("Atentamente,\\nJuan Pérez"). After a strong cue any capitalised word that is not a
   known non-name (place, brand, month, "Dios"...) is taken; in lower case only listed names.
   Weak cues ("soy", "hola", "gracias") need a listed given name.
2. A run of two or more listed names ("Juan Carlos Rodríguez", "RODRIGUEZ PEREZ JUAN"), at least
   one of them not also a common word ("Rosa Blanco" alone is not enough).
3. A listed name right before "me atendió", "me dijo", "me colgó"...

Only the name is redacted; the cue stays ("la asesora [NOMBRE]") because it is useful context.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from escucha.nlp.text.pii._base import Candidate
from escucha.nlp.text.pii._name_lists import (
    AMBIGUOUS_GIVEN,
    AMBIGUOUS_SURNAMES,
    CURATED_NAMES,
    GIVEN_NAMES,
    NOT_NAMES,
    PLACES,
    SURNAMES,
)

__all__ = ["NameDetector"]

P_NAME = 4
_MAX_TOKENS = 6

_TOKEN = re.compile(r"[^\W\d_]+(?:['’\-][^\W\d_]+)*")
_PARTICLES = frozenset({"de", "del", "la", "las", "los"})

# Capitalised at the start of a sentence, never a name.
_FUNCTION_WORDS = frozenset(
    """a al ante con contra de del desde durante en entre hacia hasta para por segun sin sobre tras
    el la lo los las un una unos unas y e o u ni que quien como cuando donde porque pues si no
    me te se le les nos os mi mis tu tus su sus nuestro nuestra yo tu usted ustedes el ella ellos
    ellas nosotros este esta esto estos estas ese esa eso esos esas aquel aquella muy ya mas menos
    tambien tampoco nunca nada jamas siempre ayer hoy manana ahora luego despues antes solo todo
    todos todas bien mal gracias hola buenas buenos ok vale pero aunque sino entonces es son era
    fue estoy esta estan tengo tiene hay ha he han llevo sigo quiero necesito por favor otra vez
    igual tal cual asi aqui alli alla ahi hace soy somos eres estoy estamos fui fuimos hablo habla
    llamo escribo vivo vive saludos atte att attn cliente senor senora""".split()
)

# Words an answer to "¿su nombre?" starts with before the name itself.
_ANSWER_FILLERS = frozenset(
    """si claro bueno pues ok okey vale listo ah eh mmm dias tardes noches habla hablas nombre llamo gusto
    mucho encantado encantada senorita seguro correcto exacto perfecto aqui""".split()
)

_ROLE = (
    r"asesor(?:a)?|agente|operador(?:a)?|funcionari[oa]|t[ée]cnic[oa]|ejecutiv[oa]|supervisor(?:a)?"
    r"|coordinador(?:a)?|gerente|vendedor(?:a)?|instalador(?:a)?|cajer[oa]|mensajer[oa]|repartidor(?:a)?"
    r"|joven|muchach[oa]|chic[oa]"
)
_FAMILY = (
    r"mi\s+(?:espos[oa]|marido|mujer|hij[oa]|mam[áa]|pap[áa]|madre|padre|herman[oa]|abuel[oa]|"
    r"ti[oa]|prim[oa]|sobrin[oa]|suegr[oa]|cuñad[oa]|novi[oa]|vecin[oa]|compañer[oa]|jef[ea])"
)
_STRONG_CUES = (
    r"me\s+llamo|mi\s+nombre\s+(?:completo\s+)?es|nombre(?:\s+completo)?\s*:|a\s+nombre\s+de|titular(?:\s+de\s+la\s+cuenta)?(?:\s+es)?\s*:?"
    r"|(?:le|te)\s+habla|habla\s+con|hablas\s+con|(?:le|te)\s+saluda|atendid[oa]\s+por|me\s+atendi[óo]|me\s+atiende"
    r"|firma\s*:|cliente\s*:|usuario\s*:|contacto\s*:"
    rf"|(?:el|la|al|del|un|una|mi|su|tu|este|esta|ese|esa|otro|otra)\s+(?:{_ROLE})|{_FAMILY}"
)
_TITLES = (
    r"(?:sr|sra|srta|dr|dra|ing|lic|lcdo|lcda|prof)\.?"
    r"|señor|señora|señorita|don|doña|profe|doctor|doctora|ingenier[oa]|licenciad[oa]|profesor(?:a)?"
)
_WEAK_CUES = (
    r"soy|hola|buen(?:os|as)\s+(?:d[íi]as|tardes|noches)|buenas|(?:muchas\s+)?gracias|estimad[oa]"
    r"|de\s+nombre|llamad[oa]|se\s+llama(?:ba)?|apreciad[oa]|querid[oa]|felicitaciones\s+a|felicito\s+a|atenci[óo]n\s+de|(?:de|por)\s+parte\s+de"
)
_PROFESSION = re.compile(r"doctora?|ingenier[oa]|licenciad[oa]|profesora?|profe")
_DISCIPLINE = re.compile(r"(?:ico|ica|al|il|ivo|iva|ario|aria|ista|ologo|ologa|sistemas|ventas)$")
_SIGNOFF = r"atentamente|cordialmente|saludos(?:\s+cordiales)?|un\s+saludo|(?:att|atte|attn)\.?"

_CUE_RE = re.compile(
    rf"(?<![\w])(?:(?P<strong>{_STRONG_CUES})|(?P<title>{_TITLES})|(?P<weak>{_WEAK_CUES})"
    rf"|(?P<sign>{_SIGNOFF}))(?![\w])",
    re.IGNORECASE,
)
# The folded first word of every cue above (a cue can only start at one of these tokens).
_CUE_FIRST = frozenset(
    """me mi nombre a titular le te habla hablas atendido atendida firma cliente usuario contacto el la al del
    un una su tu este esta ese esa otro otra sr sra srta dr dra ing lic lcdo lcda prof senor senora senorita
    don dona profe doctor doctora ingeniero ingeniera licenciado licenciada profesor profesora soy hola
    buenos buenas muchas gracias estimado estimada de llamado llamada se apreciado apreciada querido querida
    felicitaciones felicito atencion por atentamente cordialmente saludos att atte attn""".split()
)
_GAP = {
    "strong": re.compile(r"[ \t]*[:,]?[ \t]*(?:(?:el|la)[ \t]+)?"),
    "title": re.compile(r"[ \t]*"),
    "weak": re.compile(r"[ \t]*,?[ \t]*\r?\n?[ \t]*"),
    "sign": re.compile(r"[ \t]*[,:]?[ \t]*\r?\n?[ \t]*"),
}
_AFTER_VERBS = re.compile(
    r"\s+(?:me|nos|le|les)\s+(?:atendi[óo]|atiende|dijo|colg[óo]|contest[óo]|ayud[óo]|explic[óo]"
    r"|inform[óo]|llam[óo]|prometi[óo]|indic[óo]|asesor[óo]|vendi[óo]|trat[óo]|grit[óo]|resolvi[óo])\b",
    re.IGNORECASE,
)


@lru_cache(maxsize=65536)
def _fold(word: str) -> str:
    decomposed = unicodedata.normalize("NFKD", word.lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


@lru_cache(maxsize=65536)
def _word_info(word: str) -> tuple[str, bool, bool, bool]:
    """(folded, is capitalised, is all caps, in given names, in surnames), cached per word."""
    fold = _fold(word)
    cap = word[0].isupper()
    return fold, cap, cap and len(word) > 1 and word.isupper(), fold in GIVEN_NAMES, fold in SURNAMES


class _Tok:
    __slots__ = ("start", "end", "text", "fold", "cap", "upper", "given", "sur")

    def __init__(self, m: re.Match[str]):
        self.start, self.end = m.span()
        self.text = m.group(0)
        self.fold, self.cap, self.upper, self.given, self.sur = _word_info(self.text)

    @property
    def listed(self) -> bool:
        return self.given or self.sur

    @property
    def ambiguous(self) -> bool:
        return (not self.given or self.fold in AMBIGUOUS_GIVEN) and (not self.sur or self.fold in AMBIGUOUS_SURNAMES)


def _adjacent(text: str, a: _Tok, b: _Tok) -> bool:
    """Tokens of one name are separated by one or two spaces, nothing else."""
    gap = text[a.end:b.start]
    return 0 < len(gap) <= 2 and gap.strip(" \u00a0") == ""


class NameDetector:
    types = frozenset({"NOMBRE"})

    def find(self, text: str) -> list[Candidate]:
        toks = [_Tok(m) for m in _TOKEN.finditer(text)]
        if not toks:
            return []
        spans: list[tuple[int, int]] = []
        by_start: dict[int, int] | None = None
        for cue in self._cues(text, toks):
            if by_start is None:
                by_start = {t.start: i for i, t in enumerate(toks)}
            kind = cue.lastgroup or "strong"
            gap = _GAP[kind].match(text, cue.end())
            i = by_start.get(gap.end()) if gap else None
            # A cue glued to the next word ("SraPérez", "soyJuan") is no cue.
            if i is None or (gap.end() == cue.end() and not cue.group(0).endswith(":")):
                continue
            span = self._from_cue(text, toks, i, kind, _fold(cue.group(0)))
            if span:
                spans.append(span)
        spans += self._gazetteer(text, toks)
        for m in _AFTER_VERBS.finditer(text):
            span = self._before_verb(text, toks, m.start())
            if span:
                spans.append(span)
        return [Candidate("NOMBRE", s, e, P_NAME) for s, e in spans if not self._is_place(text[s:e])]

    @staticmethod
    def _is_place(span: str) -> bool:
        """'Roberto Payán', 'Carmen de Carupa': a town named like a person (one word such as
        "Carolina" is a person's name far more often)."""
        words = _fold(span).split()
        return len(words) >= 2 and " ".join(words) in PLACES

    @staticmethod
    def _cues(text: str, toks: list[_Tok]):
        """The cue matches of `_CUE_RE`, tried only where a token can start one: the same
        matches as `finditer`, without running the regex at every character."""
        last_end = -1
        for tok in toks:
            if tok.start < last_end:
                continue
            head = tok.fold if tok.fold.isalpha() else re.split(r"['’\-]", tok.fold, maxsplit=1)[0]  # "Don't"
            if head not in _CUE_FIRST:
                continue
            m = _CUE_RE.match(text, tok.start)
            if m:
                last_end = m.end()
                yield m

    # -- answer mode ----------------------------------------------------------------------------
    def answer_span(self, text: str, lo: int, hi: int) -> tuple[int, int] | None:
        """The name in an answer to "¿con quién tengo el gusto?": after greetings and fillers
        ("Sí, buenas tardes, con ..."), a run of capitalised words; in lower case (speech to
        text) a short run of words when the answer is little more than the name."""
        toks = [t for t in (_Tok(m) for m in _TOKEN.finditer(text, lo, hi))]
        i = 0
        while i < len(toks) and (toks[i].fold in _FUNCTION_WORDS or toks[i].fold in _ANSWER_FILLERS):
            i += 1
        if i >= len(toks):
            return None
        first = toks[i]
        if first.fold in NOT_NAMES and not first.listed:
            return None
        if first.cap:
            last = self._extend(text, toks, i, capitalised=True, open_class=True)
            # an unlisted single word is a name only when it is the whole answer ("Yurany."),
            # not the start of a sentence ("Pagué 45 mil.")
            if last == i and not first.listed and text[first.end:hi].strip(" .,;!¡?¿\n\t"):
                return None
            return first.start, toks[last].end
        rest = [t for t in toks[i:] if t.fold not in _FUNCTION_WORDS]
        if len(rest) > 4 or not ((first.listed and not first.ambiguous)
                                 or (self._plain(first) and self._next_listed(text, toks, i))):
            return None
        j = i
        while (j + 1 < len(toks) and j - i < 3 and _adjacent(text, toks[j], toks[j + 1])
               and toks[j + 1].fold not in _FUNCTION_WORDS and toks[j + 1].fold not in NOT_NAMES):
            j += 1
        return first.start, toks[j].end

    # -- cue mode -------------------------------------------------------------------------------
    @staticmethod
    def _plain(tok: _Tok) -> bool:
        """A word that could be an unlisted name: not a function word, not a known non-name."""
        return (tok.fold not in _FUNCTION_WORDS and tok.fold not in NOT_NAMES and len(tok.text) > 2
                and not (tok.text.isupper() and len(tok.text) <= 4))  # "LG", "ETB", "SAC"

    def _next_listed(self, text: str, toks: list[_Tok], i: int) -> bool:
        """The next word, adjacent and of the same case, is a listed name ("Fanny Montoya")."""
        if i + 1 >= len(toks) or not _adjacent(text, toks[i], toks[i + 1]):
            return False
        nxt = toks[i + 1]
        return nxt.listed and nxt.cap == toks[i].cap and nxt.fold not in _FUNCTION_WORDS

    def _fills_line(self, text: str, toks: list[_Tok], i: int) -> bool:
        line_end = text.find("\n", toks[i].start)
        line_end = len(text) if line_end < 0 else line_end
        words = [t for t in toks[i:i + _MAX_TOKENS + 1] if t.end <= line_end]
        if not words or len(words) > _MAX_TOKENS or text[words[-1].end:line_end].strip(" \t\r.,"):
            return False
        return all(t.cap and t.upper == words[0].upper and (t.listed or self._plain(t) or t.fold in _PARTICLES)
                   for t in words)

    def _first_ok(self, text: str, toks: list[_Tok], i: int, kind: str, cue: str) -> bool:
        tok = toks[i]
        if tok.fold in _FUNCTION_WORDS:
            return False
        if kind == "weak":
            if tok.given and (tok.cap or tok.fold not in AMBIGUOUS_GIVEN):
                return True
            return tok.cap and self._plain(tok) and self._next_listed(text, toks, i)
        if not tok.cap:
            # Lower case (speech-to-text): an unambiguous listed name, or an unlisted word
            # followed by a listed name ("me llamo yurany pérez").
            return (tok.listed and not tok.ambiguous) or (self._plain(tok) and self._next_listed(text, toks, i))
        if tok.listed:
            return True
        if not self._plain(tok):
            return False
        if kind == "sign":
            # "Saludos,\nYeferson Cárdenas": capitalised words filling the rest of the line;
            # not "SALUDOS COMPRADORES Pes que os voy a decir".
            return self._next_listed(text, toks, i) or self._fills_line(text, toks, i)
        if kind == "title" and _PROFESSION.fullmatch(cue):
            # "Ingeniero Eléctrico", "Licenciada Civil": a discipline, not a surname.
            return not _DISCIPLINE.search(tok.fold)
        return True

    def _from_cue(self, text: str, toks: list[_Tok], i: int, kind: str, cue: str) -> tuple[int, int] | None:
        first = toks[i]
        if not self._first_ok(text, toks, i, kind, cue):
            return None
        last = self._extend(text, toks, i, capitalised=first.cap, open_class=kind != "weak")
        return first.start, toks[last].end

    def _extend(self, text: str, toks: list[_Tok], i: int, capitalised: bool, open_class: bool) -> int:
        """Index of the last token of the name starting at toks[i]."""
        last, count, j = i, 1, i + 1
        while j < len(toks) and count < _MAX_TOKENS:
            prev, tok = toks[j - 1], toks[j]
            if not _adjacent(text, prev, tok):
                break
            if tok.fold in _PARTICLES and not tok.cap:
                j += 1  # "María de los Ángeles", "Pérez de la Torre": only kept if a name follows
                continue
            if capitalised:
                ok = tok.cap and tok.upper == toks[i].upper and tok.fold not in _FUNCTION_WORDS and (
                    tok.listed or (open_class and tok.fold not in NOT_NAMES)
                )
            else:
                ok = not tok.cap and tok.listed and not tok.ambiguous and tok.fold not in _FUNCTION_WORDS
            if not ok:
                break
            last, count, j = j, count + 1, j + 1
        return last

    # -- list mode ------------------------------------------------------------------------------
    def _gazetteer(self, text: str, toks: list[_Tok]) -> list[tuple[int, int]]:
        """Runs of capitalised words that hold enough listed names; strict rules in lower case."""
        spans: list[tuple[int, int]] = []
        i, n = 0, len(toks)
        while i < n:
            tok = toks[i]
            if (not tok.cap and not tok.listed) or tok.fold in _FUNCTION_WORDS or (tok.fold in NOT_NAMES and not tok.listed):
                i += 1
                continue
            run = [i]
            j = i + 1
            while j < n and len(run) < _MAX_TOKENS and _adjacent(text, toks[j - 1], toks[j]):
                t = toks[j]
                if t.fold in _PARTICLES and not t.cap:
                    j += 1
                    continue
                if (t.cap != tok.cap or t.upper != tok.upper or t.fold in _FUNCTION_WORDS
                        or (t.fold in NOT_NAMES and not t.listed)):
                    break
                if not tok.cap and not t.listed:
                    break
                run.append(j)
                j += 1
            run = self._trim_unlisted(toks, run)
            names = [toks[k] for k in run]
            if len(names) >= 2 and not (tok.cap and i > 0 and self._after_non_name(text, toks, i)):
                ok = self._looks_like_name(names) if tok.cap else self._lower_name(names)
                if ok:
                    spans.append((names[0].start, names[-1].end))
                    i = run[-1] + 1
                    continue
            i += 1
        return spans

    @staticmethod
    def _trim_unlisted(toks: list[_Tok], run: list[int]) -> list[int]:
        """Unlisted words may complete a name, not pad it: at most one after the last listed word
        ("Alejandra Arboleda"), one before the first only when two are listed ("Xiomara Leidy
        Pérez"), none in all-caps text (headings such as "PERSONAJES SECUNDARIOS GONZALO")."""
        listed = [p for p, k in enumerate(run) if toks[k].listed]
        if not listed:
            return []
        first, last = listed[0], listed[-1]
        upper = all(toks[k].text.isupper() for k in run)
        # not across a particle: "Queja de Gabriel Gil" is no name "Queja"
        lo = first - 1 if (first > 0 and len(listed) >= 2 and not upper and run[first] - run[first - 1] == 1) else first
        hi = last + 1 if (last + 1 < len(run) and not upper) else last
        return run[lo:hi + 1]

    @staticmethod
    def _after_non_name(text: str, toks: list[_Tok], i: int) -> bool:
        """'San José', 'Banco Davivienda': the run follows a capitalised non-name word."""
        prev = toks[i - 1]
        return (prev.cap and prev.fold in NOT_NAMES and prev.fold not in _FUNCTION_WORDS
                and _adjacent(text, prev, toks[i]))

    @staticmethod
    def _looks_like_name(names: list[_Tok]) -> bool:
        if any(t.given and t.fold not in AMBIGUOUS_GIVEN for t in names):
            return True                      # "Alejandra Arboleda", "Juan Carlos Rodríguez"
        given = {i for i, t in enumerate(names) if t.given}
        surnames = {i for i, t in enumerate(names) if t.sur and t.fold not in AMBIGUOUS_SURNAMES}
        if any(i != j for i in given for j in surnames):
            return True                      # "Rosa Pérez", "Luz Gómez" (two different words)
        if len(surnames) >= 2:
            return True                      # "Londoño Pérez", "RODRIGUEZ PEREZ"
        # "Amparo Rojas": a given name then a surname, both also common words, still a name
        return bool(names[0].given and any(t.sur for t in names[1:]))

    @staticmethod
    def _lower_name(names: list[_Tok]) -> bool:
        """Lower case: every word a listed, unambiguous name, and the first a given name."""
        return names[0].given and all(t.listed and not t.ambiguous and t.fold not in NOT_NAMES
                                      and t.fold in CURATED_NAMES for t in names)

    def _before_verb(self, text: str, toks: list[_Tok], pos: int) -> tuple[int, int] | None:
        """'Carolina me atendió': listed, capitalised names right before the verb."""
        k = None
        for idx in range(len(toks) - 1, -1, -1):
            if toks[idx].end <= pos:
                k = idx
                break
        if k is None or toks[k].end != pos or not toks[k].cap or not toks[k].listed:
            return None
        if toks[k].fold in _FUNCTION_WORDS or toks[k].fold in NOT_NAMES and not toks[k].given:
            return None
        first = k
        while (k - first < _MAX_TOKENS - 1 and first > 0 and toks[first - 1].cap
               and (toks[first - 1].listed or self._plain(toks[first - 1]))
               and _adjacent(text, toks[first - 1], toks[first])):
            first -= 1
        return toks[first].start, toks[k].end
