"""Structured PII: e-mails, phones, identity documents, payment cards and bank accounts.

Rule of thumb everywhere: a number is redacted without a label only when its format is
specific and, where one exists, its check digit passes (Luhn, mod-97, CLABE, DNI/NIE letter,
NIT). Anything else needs a label in front ("cédula", "cuenta", "pasaporte", "tel.").
"""

from __future__ import annotations

import re
from functools import lru_cache

import phonenumbers

from escucha.nlp.text.pii._base import Candidate
from escucha.nlp.text.pii._context import is_amount, nearest_cue
from escucha.nlp.text.pii.checks import (
    valid_yymmdd,
    IBAN_LENGTHS,
    clabe_ok,
    curp_ok,
    dni_ok,
    iban_ok,
    luhn_ok,
    nie_ok,
    nit_ok,
    rfc_ok,
)

_HAS_DIGIT = re.compile(r"\d").search

__all__ = ["EmailDetector", "PhoneDetector", "DocumentDetector", "CardAccountDetector", "DEFAULT_COUNTRIES"]

# Priorities: lower wins an overlap, then the longer span. A labelled number and a number that
# passed its check digit rank the same, so "cuenta ES91 2100 ..." keeps the whole IBAN.
P_EMAIL, P_LABELLED, P_VALIDATED, P_PHONE = 0, 1, 1, 3

# Before a bare number: not glued to a word, an amount, a date part, a path or a case code.
_NB = r"(?<![\w$€£/#*+\-])(?<!\d[.,])"
# After a bare number: not glued to a word, and not a decimal or a further group.
_NA = r"(?![\w]|[.,]\d)"


class EmailDetector:
    types = frozenset({"EMAIL"})

    _EMAIL = re.compile(
        r"(?<![\w.+\-])[A-Za-z0-9][A-Za-z0-9._%+\-]*@[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)*\.[A-Za-z]{2,}(?![\w\-])"
    )
    # Dictated in call transcripts: "juanperez arroba gmail punto com".
    _SPOKEN = re.compile(
        r"(?i)(?<![\w.])[a-z0-9][a-z0-9._\-]*\s+(?:arroba|\(at\)|\[at\])\s+[a-z0-9\-]+"
        r"(?:\s*(?:\s(?:punto|dot)\s|\.)\s*[a-z]{2,4}){1,3}(?![\w])"
    )

    def find(self, text: str) -> list[Candidate]:
        out: list[Candidate] = []
        if "@" in text:
            out += [Candidate("EMAIL", m.start(), m.end(), P_EMAIL) for m in self._EMAIL.finditer(text)]
        if "arroba" in text.lower() or "(at)" in text or "[at]" in text:
            out += [Candidate("EMAIL", m.start(), m.end(), P_EMAIL) for m in self._SPOKEN.finditer(text)]
        return out


DEFAULT_COUNTRIES: tuple[str, ...] = ("CO", "MX", "ES", "AR", "PE", "CL")


@lru_cache(maxsize=65536)
def _valid_number(digits: str, plus: bool, countries: tuple[str, ...]) -> bool:
    """A valid phone number (libphonenumber's metadata) of one of `countries`; with "+", of any."""
    try:
        if plus:
            if len(digits) == 13 and digits.startswith("521"):
                digits = "52" + digits[3:]  # the Mexican mobile "1" dropped in 2019, still written
            return phonenumbers.is_valid_number(phonenumbers.parse("+" + digits, None))
        for region in countries:
            if phonenumbers.is_valid_number(phonenumbers.parse(digits, region)):
                return True
        # "573001234567": the country code written without its "+"
        if len(digits) >= 11 and digits[0] != "0":
            num = phonenumbers.parse("+" + digits, None)
            return (phonenumbers.region_code_for_number(num) in countries
                    and phonenumbers.is_valid_number(num))
    except phonenumbers.NumberParseException:
        return False
    return False


class PhoneDetector:
    """Phone numbers of the configured countries in the ways people write them.

    A run of digits and separators is cut into digit groups; every window of whole groups is
    checked with libphonenumber (`phonenumbers`) against the numbering plans of `countries`
    (any country after a "+" or "00"). Thousands-style grouping ("612.345.678"), amounts, 7-8
    digit numbers and numbers after a case cue ("radicado 3001234567") are only phones when a
    phone cue ("cel.", "llamar al") is closer.
    """

    types = frozenset({"TELEFONO"})

    # "/" may precede a phone: "wa.me/573001234567" (dates split at "/" into short groups).
    _CAND = re.compile(r"(?<![\w$€£#*\-])(?<!\d[.,])(?P<cc>\(?\+\s?|00)?\(?\d[\d().\- \u00a0]*\d\)?")
    _GROUP = re.compile(r"\d+")
    _NIT_SHAPE = re.compile(r"\d{3}\.\d{3}\.\d{3}-\d")  # a NIT whose check digit failed
    _SEP_OK = re.compile(r"[ \u00a0]?[.\-]?[ \u00a0]?|\(|\)[ \u00a0.\-]?|[ \u00a0]\(")

    def __init__(self, countries: tuple[str, ...] | list[str] = DEFAULT_COUNTRIES):
        self.countries = tuple(countries)

    def _plan_ok(self, digits: str, plus: bool, cued: bool) -> bool:
        n = len(digits)
        if not 7 <= n <= 13:
            return False
        if n <= 8 and not plus:
            # local numbers without their area code: only after a phone cue
            return cued and digits[0] not in "01"
        return _valid_number(digits, plus, self.countries)

    def find(self, text: str) -> list[Candidate]:
        out: list[Candidate] = []
        for cand in self._CAND.finditer(text):
            raw = cand.group(0)
            if sum(ch.isdigit() for ch in raw) < 7:
                continue
            groups = [(m.start() + cand.start(), m.end() + cand.start()) for m in self._GROUP.finditer(raw)]
            # Split where the separator is not a phone separator (" - ", "  ", ").(").
            runs: list[list[tuple[int, int]]] = [[groups[0]]]
            for prev, cur in zip(groups, groups[1:]):
                sep = text[prev[1]:cur[0]]
                if self._SEP_OK.fullmatch(sep):
                    runs[-1].append(cur)
                else:
                    runs.append([cur])
            cc = cand.group("cc") or ""
            plus_at = cand.start() if cc else -1
            for run in runs:
                out += self._windows(text, run, plus_at, cc == "00")
        return out

    def _windows(self, text: str, run: list[tuple[int, int]], plus_at: int, zeros: bool) -> list[Candidate]:
        found: list[Candidate] = []
        i = 0
        n = len(run)
        while i < n:
            hit = None
            # A window inside a run must be cut at a space: "84-376-0494-7" inside the ISBN
            # "978-84-376-0494-7" is no phone.
            if i > 0 and not any(c.isspace() for c in text[run[i - 1][1]:run[i][0]]):
                i += 1
                continue
            # A phone has at most 13 digits, so at most 13 groups: bounds the work on long runs.
            for j in range(min(n - 1, i + 12), i - 1, -1):
                if j < n - 1 and not any(c.isspace() for c in text[run[j][1]:run[j + 1][0]]):
                    continue
                start, end = run[i][0], run[j][1]
                digits = "".join(text[a:b] for a, b in run[i:j + 1])
                if not 7 <= len(digits) <= 13:
                    continue
                plus = i == 0 and plus_at >= 0
                if plus and zeros:
                    digits = digits[2:]
                if digits.startswith(("018000", "01800")):
                    continue  # a toll-free line: the company's, not the customer's
                # Cheap plan check first; the cue words are only looked up for a plausible number.
                if not self._plan_ok(digits, plus, True):
                    continue
                cue = nearest_cue(text, plus_at if plus else start)
                if not self._plan_ok(digits, plus, cue == "phone"):
                    continue
                if not plus:
                    if cue == "other":
                        continue
                    if cue != "phone" and (self._thousands(text, run[i:j + 1]) or digits.endswith("000000")
                                           or self._NIT_SHAPE.fullmatch(text, start, end)):
                        continue
                    if is_amount(text, start, end):
                        continue
                # Include an opening parenthesis and the "+" sign in the span.
                if plus:
                    start = plus_at
                elif start > 0 and text[start - 1] == "(":
                    start -= 1
                if end < len(text) and text[end] == ")" and text[start:end].count("(") > text[start:end].count(")"):
                    end += 1
                hit = (j, Candidate("TELEFONO", start, end, P_PHONE))
                break
            if hit:
                found.append(hit[1])
                i = hit[0] + 1
            else:
                i += 1
        return found

    @staticmethod
    def _thousands(text: str, run: list[tuple[int, int]]) -> bool:
        """'612.345.678' or '1.234.567': dot-grouped by threes, the way amounts are written."""
        if len(run) < 2:
            return False
        seps = {text[a[1]:b[0]] for a, b in zip(run, run[1:])}
        return seps == {"."} and all(b - a == 3 for a, b in run[1:]) and run[0][1] - run[0][0] <= 3


_DOC_LABEL = (
    r"(?i:c[ée]dula(?:\s+de\s+(?:ciudadan[ií]a|extranjer[ií]a|identidad))?|c[ée]d\.|c\.\s?c\.?|cc"
    r"|c\.\s?e\.|tarjeta\s+de\s+identidad|documento(?:\s+de\s+identidad)?|doc\.|identificaci[óo]n"
    r"|n[uú]mero\s+de\s+(?:documento|identificaci[óo]n|c[ée]dula)|nit|n\.\s?i\.\s?t\.?|dni|nie|nif"
    r"|curp|rfc|ine|pasaporte|passport|nuip|rut|ruc)"
    r"|CE|TI|T\.I\.?"
)
_NUM_CONNECT = (
    r"(?:\s*(?i:n[uú]mero|No\.?|Nro\.?|N[°º]\.?|n[uú]m\.?|#))?"
    r"(?:\s*(?i:es|era|sería)(?=\s)(?:\s+(?i:el|la)(?=\s))?)?\s*[:.\-]?\s*"
)
_DOC_NUMBER = (
    r"(?P<num>"
    r"[A-Za-z]{4}\d{6}[A-Za-z0-9]{6,8}"                 # CURP / INE-like keys
    r"|[A-Za-z&Ññ]{3,4}[\- ]?\d{6}[\- ]?[A-Za-z0-9]{3}"  # RFC
    r"|[XYZxyz][\- ]?\d{7}[\- ]?[A-Za-z]"               # NIE
    r"|\d{1,3}(?:[. ]\d{3}){1,3}(?:\s?-\s?\d)?(?:-?[A-Za-z](?![\w])|\s[A-Z](?![\w]))?"  # 1.023.456.789
    r"|\d{5,15}(?:\s?-\s?\d)?(?:-?[A-Za-z](?![\w])|\s[A-Z](?![\w]))?"                  # 12345678Z
    r"|[A-Za-z]{1,3}\d{5,10}"                           # passports: AB123456, G12345678
    r")"
)


class DocumentDetector:
    """Identity documents: labelled numbers of any of our countries, and unlabelled ones whose
    format is specific enough (CURP, RFC, DNI/NIE with their letter, NIT with its check digit,
    10-digit Colombian cédula written with dots "1.023.456.789")."""

    types = frozenset({"DOCUMENTO"})

    _LABELLED = re.compile(rf"(?<![\w.])(?:{_DOC_LABEL})(?![\w]){_NUM_CONNECT}{_DOC_NUMBER}(?![\w]|[.,]\d)")
    _CURP_SHAPE = re.compile(r"(?<![\w])[A-Za-z]{4}\d{6}[HMXhmx][A-Za-z]{5}[A-Za-z\d]\d(?![\w])")
    _RFC = re.compile(r"(?<![\w])[A-Za-zÑñ&]{3,4}[\- ]?\d{6}[\- ]?[A-Za-z0-9]{3}(?![\w]|-\d)")
    _DNI = re.compile(rf"{_NB}(?:\d{{8}}|\d{{2}}\.\d{{3}}\.\d{{3}})(?:-?[A-Za-z]|\s[A-Z])(?![\w])")
    _NIE = re.compile(r"(?<![\w])[XYZxyz][\- ]?\d{7}[\- ]?[A-Za-z](?![\w])")
    _NIT = re.compile(rf"{_NB}(?P<n>\d{{3}}\.?\d{{3}}\.?\d{{3}})\s?-\s?(?P<dv>\d){_NA}")
    _CEDULA_DOTS = re.compile(rf"{_NB}1\.[0-2]\d{{2}}\.\d{{3}}\.\d{{3}}{_NA}")
    # Case-code prefixes and labels that would otherwise start an RFC ("PQR260312AB1", "NIT 981206 176").
    _NOT_RFC = frozenset({"PQR", "PQRS", "RAD", "CUN", "TKT", "CAS", "SOL", "REF", "INC", "REQ", "ORD", "FAC",
                          "PED", "CASO", "TICK", "GUIA", "FOL", "NIT", "DNI", "NIE", "NIF", "RFC", "CURP",
                          "INE", "NUIP", "RUT", "RUC", "CEDU", "CTA", "TEL", "CEL"})

    def find(self, text: str) -> list[Candidate]:
        if not _HAS_DIGIT(text):
            return []
        out: list[Candidate] = []
        for m in self._LABELLED.finditer(text):
            s, e = m.span("num")
            num = m.group("num")
            if sum(ch.isdigit() for ch in num) < 5 or is_amount(text, s, e):
                continue
            out.append(Candidate("DOCUMENTO", s, e, P_LABELLED))
        for m in self._CURP_SHAPE.finditer(text):
            # the full pattern (a known state) or, failing that, the shape with a real birth date:
            # 4 letters, 6 digits, the sex and 8 more characters are a CURP even mistyped
            if curp_ok(m.group(0)) or valid_yymmdd(m.group(0)[4:10]):
                out.append(Candidate("DOCUMENTO", m.start(), m.end(), P_VALIDATED))
        for m in self._RFC.finditer(text):
            letters = re.match(r"[A-Za-zÑñ&]+", m.group(0)).group(0).upper()  # type: ignore[union-attr]
            if letters not in self._NOT_RFC and rfc_ok(m.group(0)):
                out.append(Candidate("DOCUMENTO", m.start(), m.end(), P_VALIDATED))
        for m in self._DNI.finditer(text):
            if dni_ok(m.group(0)):
                out.append(Candidate("DOCUMENTO", m.start(), m.end(), P_VALIDATED))
        for m in self._NIE.finditer(text):
            if nie_ok(m.group(0)):
                out.append(Candidate("DOCUMENTO", m.start(), m.end(), P_VALIDATED))
        for m in self._NIT.finditer(text):
            if nit_ok(m.group("n"), m.group("dv")):
                out.append(Candidate("DOCUMENTO", m.start(), m.end(), P_VALIDATED))
        for m in self._CEDULA_DOTS.finditer(text):
            if not is_amount(text, m.start(), m.end()):
                out.append(Candidate("DOCUMENTO", m.start(), m.end(), P_VALIDATED))
        return out


_ACCOUNT_LABEL = (
    r"(?i:n[uú]mero\s+de\s+(?:la\s+)?cuenta|n(?:o|ro|[º°])\.?\s*(?:de\s+)?cuenta"
    r"|cuenta(?:\s+(?:de\s+)?(?:ahorros?|corriente|bancaria|n[oó]mina|cheques|contrato|clabe|d[ée]bito))?"
    r"|cta\.?(?:\s+(?:de\s+)?(?:ahorros?|cte\.?|corriente))?|clabe(?:\s+interbancaria)?|convenio)"
)
# A bank name may sit between label and number: "cuenta de ahorros Bancolombia No. 123...".
# (Not a bare country code: "cuenta ES21 1465 ..." is an IBAN-like number with a typo.)
_BANK_WORDS = r"(?:\s+(?:(?i:en|de|del)\s+)?(?![A-Z]{2}\d)[A-ZÁÉÍÓÚ][A-Za-záéíóúñ]+){0,2}"


class CardAccountDetector:
    """Payment cards (Luhn) and bank accounts (IBAN mod-97, CLABE check digit, labelled numbers)."""

    types = frozenset({"TARJETA", "CUENTA"})

    # 4-4-4-4 with one consistent separator (13-19 digits) or Amex 4-6-5.
    _CARD = re.compile(
        rf"{_NB}(?:\d{{4}}(?P<s>[ \-]?)\d{{4}}(?P=s)\d{{4}}(?P=s)\d{{1,7}}|\d{{4}}[ \-]\d{{6}}[ \-]\d{{4,5}}){_NA}"
    )
    _CARD_CUE = re.compile(r"(?i)(?:tarjeta|tdc|t\.c\.|\btc\b|visa|master\s?card|amex|american express|d[ée]bito|cr[ée]dito)")
    _CLABE = re.compile(
        rf"{_NB}(?:\d{{18}}|\d{{3}}[ \-]\d{{3}}[ \-]\d{{11}}[ \-]\d|\d{{4}}(?:[ \-]\d{{4}}){{3}}[ \-]\d{{2}}){_NA}"
    )
    _IBAN = re.compile(r"(?<![A-Za-z0-9])[A-Za-z]{2}\d{2}(?:[ \-]?[A-Za-z0-9]){11,30}")
    _LABELLED = re.compile(
        rf"(?<![\w])(?:{_ACCOUNT_LABEL})(?![\w]){_BANK_WORDS}{_NUM_CONNECT}"
        r"(?P<num>(?:[A-Z]{2}\d{2}[ \-]?)?\d(?:[ \-]?\d){5,29})(?![\w]|[.,]\d)"
    )

    def find(self, text: str) -> list[Candidate]:
        if not _HAS_DIGIT(text):
            return []
        out: list[Candidate] = []
        for m in self._CLABE.finditer(text):
            digits = re.sub(r"\D", "", m.group(0))
            if clabe_ok(digits):
                out.append(Candidate("CUENTA", m.start(), m.end(), P_VALIDATED))
        for m in self._CARD.finditer(text):
            digits = re.sub(r"\D", "", m.group(0))
            if not 13 <= len(digits) <= 19 or len(digits) == 18 and clabe_ok(digits):
                continue
            cued = bool(self._CARD_CUE.search(text, max(0, m.start() - 40), m.start()))
            if luhn_ok(digits) and (cued or digits[0] in "23456") and nearest_cue(text, m.start()) != "other" or cued:
                out.append(Candidate("TARJETA", m.start(), m.end(), P_VALIDATED))
        for m in self._IBAN.finditer(text):
            span = self._iban_span(text, m.start(), m.end())
            if span:
                out.append(Candidate("CUENTA", span[0], span[1], P_VALIDATED))
        for m in self._LABELLED.finditer(text):
            s, e = m.span("num")
            if not is_amount(text, s, e):
                out.append(Candidate("CUENTA", s, e, P_LABELLED))
        return out

    @staticmethod
    def _iban_span(text: str, start: int, end: int) -> tuple[int, int] | None:
        """Cut the greedy match to the country's IBAN length, then check mod-97."""
        country = text[start:start + 2].upper()
        want = IBAN_LENGTHS.get(country)
        count, pos = 0, start
        last_ok: tuple[int, int] | None = None
        while pos < end:
            if text[pos].isalnum():
                count += 1
                if (want is None and count >= 15 or count == want) and iban_ok(text[start:pos + 1]):
                    nxt = text[pos + 1:pos + 2]
                    if not nxt.isalnum():
                        last_ok = (start, pos + 1)
                    if want is not None:
                        break
            pos += 1
        return last_ok
