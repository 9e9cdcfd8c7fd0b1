"""Street addresses of Colombia, Mexico and Spain.

Only full addresses are redacted: a street AND a house number. "El trancón de la Calle 80" or
"la sucursal de la Av. Insurgentes" name a place everybody knows, not where a customer lives.

- Colombia: grid addresses "Calle 45 # 12-34", "Cra 7 No. 72-41 apto 301", "Av. Calle 26 # 68B-10".
- Mexico and Spain: a street word, a capitalised name and a number, with the extras that follow
  ("Av. Insurgentes Sur 1234, Col. Del Valle, C.P. 03100", "C/ Mayor 5, 3º B, 28013 Madrid").
"""

from __future__ import annotations

import re

from escucha.nlp.text.pii._base import Candidate
from escucha.nlp.text.pii._context import is_amount

_HAS_DIGIT = re.compile(r"\d").search

__all__ = ["AddressDetector"]

P_ADDRESS = 2

_CO_TYPE = (
    r"(?i:avenida\s+(?:calle|carrera)|av\.?\s*(?:calle|carrera|cra\.?|cl\.?)|calle|cll?\.?|carrera|cra\.?"
    r"|crr\.?|kra\.?|kr\.?|cr\.?|ak\.?|ac\.?|avenida|avda\.?|av\.?|transversal|trans\.?|tv\.?|tr\.?"
    r"|diagonal|diag\.?|dg\.?|circular|circ\.?|autopista)"
)
_CO_NUM = r"\d{1,3}\s?(?i:[a-h](?![\w]))?(?:\s?(?i:bis)(?:\s?[a-hA-H](?![\w]))?)?"
_CARDINAL = r"(?:\s+(?i:sur|norte|este|oeste))?"
_UNIT = (
    r"(?:\s*,?\s*(?i:apto\.?|apartamento|apt\.?|int\.?|interior|torre|casa|bloque|bl\.?|piso|oficina"
    r"|of\.?|local|lote|manzana|mz\.?)\s*[A-Za-z]?\d{1,4}[A-Za-z]?)*"
)
_CO_ADDRESS = re.compile(
    rf"(?<![\w]){_CO_TYPE}\s*{_CO_NUM}{_CARDINAL}\s*(?:#|(?i:no\.?|n[°º]\.?|n[uú]mero|nro\.?))\s*"
    rf"{_CO_NUM}\s*-\s*\d{{1,3}}(?![\d]){_CARDINAL}{_UNIT}"
)

_STREET_TYPE = (
    r"(?i:c/|c\.\s?/|calle|avenida|avda\.?|av\.?|calzada|calz\.?|boulevard|blvd\.?|bulevar|paseo|p[º°]"
    r"|privada|priv\.?|prolongaci[óo]n|prol\.?|circuito|andador|callej[óo]n|plaza|pza\.?|pl\.?|ronda"
    r"|traves[íi]a|glorieta|rambla|camino|carretera|ctra\.?)"
)
_PARTICLE = r"(?:de|del|la|las|los|el|y)"
_NAME_WORD = r"[A-ZÁÉÍÓÚÑ][\wáéíóúñü]*\.?"
_STREET_NAME = rf"(?:{_PARTICLE}\s+)*{_NAME_WORD}(?:\s+(?:{_PARTICLE}\s+)*{_NAME_WORD}){{0,5}}"
_HOUSE = r"(?:\s*,?\s*(?i:n[º°]\.?|n\.º|no\.?|n[úu]m\.?|n[uú]mero|#)\s*|\s*,?\s+)\d{1,5}(?:(?:[A-Za-z]|\s[A-Z])(?![\w]))?"
_EXTRA = (
    r"(?:"
    r"\s*,?\s*(?i:int\.?|interior|depto\.?|departamento|dpto\.?|piso|puerta|pta\.?|esc\.?|escalera|bloque|portal)\s*[A-Za-z]?\d{0,3}[A-Za-z]?"
    r"|\s*,\s*\d{1,2}\s?[º°ªo](?:\s?[A-Za-z](?![\w]))?(?:\s+(?i:izq(?:uierda)?|dcha|derecha|izda|centro)\.?)?"
    r"|\s*,\s*(?i:bajo|[áa]tico|entresuelo|principal)(?:\s+[A-Z](?![\w]))?"
    r"|\s*,?\s*(?i:col\.?|colonia|fracc\.?|fraccionamiento|barrio|urb\.?|urbanizaci[óo]n)\s+(?:{n})"
    r"|\s*,?\s*(?i:c\.\s?p\.?|cp)\s*\d{{5}}"
    r"|\s*,\s*\d{{5}}(?:\s+[A-ZÁÉÍÓÚÑ][\wáéíóúñ]+){{1,2}}"
    r")*"
).replace("{n}", _STREET_NAME).replace("{{", "{").replace("}}", "}")
_NAMED_ADDRESS = re.compile(rf"(?<![\w]){_STREET_TYPE}\s*(?:{_PARTICLE}\s+)?{_STREET_NAME}{_HOUSE}(?![\w]|[.,]\d){_EXTRA}")


class AddressDetector:
    types = frozenset({"DIRECCION"})

    def find(self, text: str) -> list[Candidate]:
        if not _HAS_DIGIT(text):
            return []
        out: list[Candidate] = []
        for m in _CO_ADDRESS.finditer(text):
            out.append(Candidate("DIRECCION", m.start(), m.end(), P_ADDRESS))
        for m in _NAMED_ADDRESS.finditer(text):
            end = m.end()
            # "Av. Boyacá 24 horas": a unit after the number means it is no house number.
            house = re.search(r"\d{1,5}", text[m.start():end])
            if house and is_amount(text, m.start() + house.end(), end):
                continue
            if is_amount(text, m.start(), end):
                continue
            out.append(Candidate("DIRECCION", m.start(), end, P_ADDRESS))
        return out
