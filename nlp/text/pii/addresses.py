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

__all__ = ["AddressDetector", "STREET_WORD"]

P_ADDRESS = 2

_CO_TYPE = (
    r"(?i:avenida\s+(?:calle|carrera)|av\.?\s*(?:calle|carrera|cra\.?|cl\.?)|calle|cll?\.?|carrera|cra\.?"
    r"|crr\.?|kra\.?|kr\.?|cr\.?|ak\.?|ac\.?|avenida|avda\.?|av\.?|transversal|trans\.?|tv\.?|tr\.?"
    r"|diagonal|diag\.?|dg\.?|circular|circ\.?|autopista)"
)
_CO_NUM = r"\d{1,3}[ªº]?\s?(?i:[a-z](?![\w]))?(?:\s?(?i:bis)(?:\s?[a-zA-Z](?![\w]))?)?"
_CARDINAL = r"(?:\s+(?i:sur|norte|este|oeste))?"
_UNIT = (
    r"(?:\s*,?\s*(?i:apto\.?|apartamento|apt\.?|int\.?|interior|torre|casa|bloque|bl\.?|piso|oficina"
    r"|of\.?|local|lote|manzana|mz\.?)\s*[A-Za-z]?\d{1,4}[A-Za-z]?)*"
)
# The street is a number ("Calle 45") or a name ("Av. Putumayo", "Avenida Candelaria").
_CO_STREET = r"(?:" + _CO_NUM + r"|(?:[A-ZÁÉÍÓÚÑ][\wáéíóúñü]+\s+){0,3}[A-ZÁÉÍÓÚÑ][\wáéíóúñü]+)"
_CO_ADDRESS = re.compile(
    rf"(?<![\w]){_CO_TYPE}\s*{_CO_STREET}{_CARDINAL}\s*(?:#|(?i:no\.?|n[°º]\.?|n[uú]mero|nro\.?))\s*"
    rf"{_CO_NUM}\s*-\s*\d{{1,3}}(?![\d]){_CARDINAL}{_UNIT}"
)

_STREET_TYPE = (
    r"(?:(?i:c/|c\.\s?/|calle|avenida|avda\.?|av\.?|calzada|calz\.?|boulevard|blvd\.?|bulevar|paseo|p[º°]"
    r"|privada|priv\.?|prolongaci[óo]n|prol\.?|circuito|andador|callej[óo]n|plaza|pza\.?|pl\.?|ronda"
    r"|traves[íi]a|glorieta|rambla|camino|carretera|ctra\.?|pasaje|psje\.?|urbanizaci[óo]n|viaducto|diagonal"
    r"|diag\.?|circunvalaci[óo]n|perif[ée]rico|eje\s+vial|blv\.?|bv\.?|bulevard|c\.(?=\s+de\s))"
    # street words that are also common words ("cuesta", "vía", "retorno"): capitalised only
    r"|Acceso|Alameda|Bajada|Ca[ñn]ada|Cuesta|Pasadizo|V[íi]a|Vial|Ampliaci[óo]n|Peatonal|Cerrada|Corredor"
    r"|Continuaci[óo]n|Retorno|Costanera|Ruta|Senda|Sendero|C\.(?=\s[A-ZÁÉÍÓÚÑ]))"
)
_PARTICLE = r"(?:de|del|la|las|los|el|y)"
_NAME_WORD = r"(?:(?:[A-Z]\.){1,3}|[A-ZÁÉÍÓÚÑ][\wáéíóúñü]*\.?)"
_STREET_NAME = rf"(?:{_PARTICLE}\s+)*{_NAME_WORD}(?:\s+(?:{_PARTICLE}\s+)*{_NAME_WORD}){{0,5}}"
_NUMBER_SIGN = r"(?i:n[º°]\.?|n\.º|no\.?|n[úu]m\.?|n[uú]mero|#)"
# The house number, and a second bare number right after it (the interior: "Sonora 901 568").
_HOUSE = (rf"(?:\s*,?\s*{_NUMBER_SIGN}\s*|\s*,?\s+)\d{{1,5}}(?:(?:[A-Za-z]|\s[A-Z])(?![\w]))?"
          r"(?:\s\d{1,4}(?![\w]|[.,:/]\d))?")
_EXTRA = (
    r"(?:"
    r"\s*,?\s*(?i:interior|int\.?|departamento|depto\.?|dpto\.?|dto\.?|piso|puerta|pta\.?|escalera|esc\.?|bloque|portal"
    r"|edificio|edif\.?|apartamento|apto\.?|apt\.?|casa|local|lote|manzana|mz\.?|torre)(?![^\W\d_])\s*[A-Za-z]?\d{0,4}[A-Za-z]?(?![^\W\d_])"
    r"|\s*,\s*\d{1,2}\s?[º°ªo](?:\s?[A-Za-z](?![\w]))?(?:\s+(?i:izq(?:uierda)?|dcha|derecha|izda|centro)\.?)?"
    r"|\s*,\s*(?i:bajo|[áa]tico|entresuelo|principal)(?:\s+[A-Z](?![\w]))?"
    r"|\s*,?\s*(?i:col\.?|colonia|fracc\.?|fraccionamiento|barrio|urb\.?|urbanizaci[óo]n)\s+(?:{n})"
    r"|\s*,?\s*(?i:c\.\s?p\.?|cp)\s*\d{{5}}"
    r"|\s*,\s*\d{{5}}(?:\s+[A-ZÁÉÍÓÚÑ][\wáéíóúñ]+){{1,2}}"
    r")*"
).replace("{n}", _STREET_NAME).replace("{{", "{").replace("}}", "}")
# Where an address starts in an answer to "¿me confirma su dirección?".
STREET_WORD = re.compile(rf"(?<![\w])(?:{_CO_TYPE}|{_STREET_TYPE})(?![\w])")
_STREET_START = re.compile(rf"(?<![\w])(?:{_CO_TYPE}|{_STREET_TYPE})")  # also "C/Mayor", "Cra7"
_NAMED_ADDRESS = re.compile(rf"(?<![\w]){_STREET_TYPE}\s*(?:{_PARTICLE}\s+)?{_STREET_NAME}{_HOUSE}(?![\w]|[.,]\d){_EXTRA}")
# A street named by a number needs the number sign before the house: "Calle 5 N° 204",
# "Camino 183 A N° 6125" ("la Calle 80" alone is a landmark).
_NUMBERED_ADDRESS = re.compile(
    rf"(?<![\w]){_STREET_TYPE}\s*\d{{1,4}}(?:\s?[A-Z](?![\w]))?(?:\s?(?i:bis)(?:\s?[A-Z](?![\w]))?)?\s*{_NUMBER_SIGN}\s*\d{{1,5}}(?![\w]|[.,]\d){_EXTRA}")


class AddressDetector:
    types = frozenset({"DIRECCION"})

    def find(self, text: str) -> list[Candidate]:
        # every address starts with a street word: one scan for it instead of three full ones
        if not _HAS_DIGIT(text) or not _STREET_START.search(text):
            return []
        out: list[Candidate] = []
        for m in _CO_ADDRESS.finditer(text):
            out.append(Candidate("DIRECCION", m.start(), m.end(), P_ADDRESS))
        for m in _NUMBERED_ADDRESS.finditer(text):
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
