"""Identifiers found by their form alone, and the generic [NUMERO] rule for bare digit runs.

Customers answer an agent without saying what a number is ("Sí, claro, es 1094692548."). Two
detectors cover that:

- `IdentifierDetector`: Argentine CUIT/CUIL, Chilean RUT, Peruvian RUC and Argentine CBU by
  their shape and check digit (python-stdnum), with no label needed;
- `NumberDetector`: any other run of 6 to 20 digits (spaces, dots or dashes between groups)
  becomes [NUMERO] unless it is an amount (currency, unit, thousands grouping of a round or
  short number, a money word before it), a date, a version, or a case/order/ticket number (its
  word just before it: "radicado", "pedido", "ticket"...). Typed detectors win any overlap, so
  [NUMERO] is what is left when nothing says what the number is.
"""

from __future__ import annotations

import re
from datetime import date

from escucha.nlp.text.pii._base import Candidate
from escucha.nlp.text.pii._context import is_amount
from escucha.nlp.text.pii.checks import cbu_ok, cuit_ok, ruc_ok, rut_ok

__all__ = ["IdentifierDetector", "NumberDetector", "P_NUMBER"]

_HAS_DIGIT = re.compile(r"\d").search
P_VALIDATED, P_NUMBER = 1, 5

_NB = r"(?<![\w$€£/#*+\-.,])"
_NB_RUN = r"(?<![\w$€£/#*\-.,(])(?:\(\+?\d{1,3}\)\s?|\+\s?)?"
_NA = r"(?![\w]|[.,]\d|[/:]\d)"


class IdentifierDetector:
    """CUIT/CUIL, RUT, RUC (documents) and CBU (account) by shape and check digit."""

    types = frozenset({"DOCUMENTO", "CUENTA"})

    _CUIT = re.compile(rf"{_NB}(?:20|23|24|27|30|33|34)[\- ]?\d{{8}}[\- ]?\d{_NA}")
    _RUT = re.compile(rf"{_NB}\d{{1,2}}(?:\.\d{{3}}\.\d{{3}}|\d{{6}})\s?-\s?[\dkK](?![\w])")
    _RUC = re.compile(rf"{_NB}(?:10|15|17|20)\d{{9}}{_NA}")
    _CBU = re.compile(rf"{_NB}\d{{8}}[ \-]?\d{{14}}{_NA}")

    def find(self, text: str) -> list[Candidate]:
        if not _HAS_DIGIT(text):
            return []
        out: list[Candidate] = []
        for rx, check, kind in ((self._CUIT, cuit_ok, "DOCUMENTO"), (self._RUT, rut_ok, "DOCUMENTO"),
                                (self._RUC, ruc_ok, "DOCUMENTO"), (self._CBU, cbu_ok, "CUENTA")):
            for m in rx.finditer(text):
                # a case or tracking number can pass a mod-11 check by chance: its word says so
                if _CASE_CUES.search(text[max(0, m.start() - _CUE_WINDOW):m.start()]):
                    continue
                if check(re.sub(r"[\s.\-]", "", m.group(0))):
                    out.append(Candidate(kind, m.start(), m.end(), P_VALIDATED))
        return out


# A case, order or ticket number: not personal data, and useful to whoever reads the report.
_CASE_CUES = re.compile(
    r"(?<![\w])(?:radicad[oa]s?|rad\.?|casos?|tickets?|pqrs?|solicitud(?:es)?|quejas?|reclamos?|facturas?|pedidos?"
    r"|[óo]rden(?:es)?(?:\s+de\s+(?:compra|servicio|trabajo))?|referencia|ref\.?|gu[íi]as?(?:\s+de\s+env[íi]o)?"
    r"|cun|cus|expedientes?|folios?|recibos?|tr[áa]mite|consecutivo|transacci[óo]n|comprobante|autorizaci[óo]n"
    r"|aprobaci[óo]n|serial|serie|imei|c[óo]digo(?:\s+de\s+(?:verificaci[óo]n|seguridad|activaci[óo]n|confirmaci[óo]n|barras))?|otp|p[óo]liza|contrato|resoluci[óo]n|proceso|paquete|env[íi]o|rastreo"
    r"|seguimiento|incidente|requerimiento|operaci[óo]n|factura\s+electr[óo]nica|no\.?\s+de\s+(?:orden|pedido|caso))"
    r"(?:\s+(?:n[uú]mero|no\.?|nro\.?|n[°º]\.?|#))?\s*(?:es\s+(?:el\s+)?)?[:#.]?\s*$",
    re.IGNORECASE,
)
# Money or a version right before the number.
_AMOUNT_CUES = re.compile(
    r"(?<![\w])(?:cobr\w*|pag\w*|valor(?:es)?|saldo|monto|precio|costo|cuesta|total|deuda|descuento|cargo|abon\w*"
    r"|reembols\w*|devoluci[óo]n\s+de|factur\w+\s+por|por\s+(?:un\s+)?valor\s+de|de\s+m[áa]s|salario|sueldo|ingresos?)"
    r"(?:\s+(?:de|por|es|era|fue|son|un|una|el|la|total|mensual|pendiente)){0,3}\s*(?:de\s+)?$",
    re.IGNORECASE,
)
_VERSION_CUES = re.compile(
    r"(?<![\w])(?:versi[óo]n|ver\.?|v|build|compilaci[óo]n|firmware|android|ios|windows|app|actualizaci[óo]n)"
    r"\s*[:.]?\s*$", re.IGNORECASE)
_RUN = re.compile(rf"{_NB_RUN}\d+(?:(?:[ \u00a0]|[.\-]|[ \u00a0]?[\-.][ \u00a0]?)\d+)*{_NA}")
_GROUP = re.compile(r"\d+")
_CUE_WINDOW = 45


def _is_date(groups: list[str], seps: set[str]) -> bool:
    """'15-03-2026', '2026.03.15', '20260315', '15032026', '2019-2026'."""
    def ok(y: int, m: int, d: int) -> bool:
        try:
            date(y, m, d)
            return 1950 <= y <= 2045
        except ValueError:
            return False

    if len(groups) == 3 and seps <= {"-", ".", " "}:
        a, b, c = groups
        if len(c) == 4 and ok(int(c), int(b), int(a)) or len(a) == 4 and ok(int(a), int(b), int(c)):
            return True
        if len(c) == 4 and ok(int(c), int(a), int(b)):  # month first
            return True
    if len(groups) == 2 and all(len(g) == 4 and g[:2] in ("19", "20") for g in groups):
        return True  # a range of years
    if len(groups) == 1 and len(groups[0]) == 8:
        s = groups[0]
        return ok(int(s[:4]), int(s[4:6]), int(s[6:])) or ok(int(s[4:]), int(s[2:4]), int(s[:2]))
    return False


class NumberDetector:
    """Bare digit runs that nothing explains: [NUMERO]."""

    types = frozenset({"NUMERO"})

    def __init__(self, min_digits: int = 6, max_digits: int = 20):
        self.min_digits = min_digits
        self.max_digits = max_digits

    def find(self, text: str) -> list[Candidate]:
        if not _HAS_DIGIT(text):
            return []
        out: list[Candidate] = []
        for m in _RUN.finditer(text):
            raw = m.group(0)
            groups = _GROUP.findall(raw)
            n = sum(len(g) for g in groups)
            if n < self.min_digits:
                continue
            # A run longer than any identifier is a code or a table row: cut nothing out of it.
            if n > self.max_digits or self.explained(text, m.start(), m.end(), groups, raw):
                continue
            out.append(Candidate("NUMERO", m.start(), m.end(), P_NUMBER))
        return out

    @staticmethod
    def explained(text: str, start: int, end: int, groups: list[str], raw: str) -> bool:
        """True when the run is an amount, a date, a version or a case number."""
        digits = "".join(groups)
        if digits.startswith(("018000", "01800", "1800", "800")) and len(digits) in (10, 11, 12):
            return True  # a toll-free line: the company's, not the customer's
        if len(groups) == 2 and len(groups[0]) == 4 and groups[0][:2] in ("19", "20") and "-" in raw:
            return True  # "2026-000789": a yearly case sequence
        seps = set(re.findall(r"\D+", raw))
        if _is_date(groups, {s.strip() or " " for s in seps}):
            return True
        if is_amount(text, start, end):
            return True
        before = text[max(0, start - _CUE_WINDOW):start]
        if _CASE_CUES.search(before) or _AMOUNT_CUES.search(before) or _VERSION_CUES.search(before):
            return True
        if seps == {"."}:
            inner = groups[1:]
            if any(len(g) != 3 for g in inner):
                return True  # "10.0.19045": a version, not thousands
            if len(digits) <= 7 or digits.endswith("000"):
                return True  # "125.200", "1.250.000", "12.500.000": an amount written without its sign
        if seps == {","} and all(len(g) == 3 for g in groups[1:]):
            return True  # "1,250,000"
        return False
