"""Words around a number that say what it is: a money amount, a case number, a phone.

Shared by the numeric detectors so "$120.000", "radicado 3001234567" and "300 megas" stay text.
"""

from __future__ import annotations

import re

# Right after the number: units and currencies.
_UNIT_AFTER = re.compile(
    r"\s*(?:pesos|mil\b|millones|mill[oó]n|euros?|d[óo]lares|usd|cop|mxn|eur|€|%|megas|mb\b|gb\b|kb\b"
    r"|mbps|gigas|minutos|min\b|segundos|seg\b|horas|hrs?\b|d[íi]as|meses|a[ñn]os|km\b|m2|mts|kg\b|unidades"
    r"|puntos|veces|cuotas|pulgadas|canales)",
    re.IGNORECASE,
)
# Just before the number: currency signs and codes.
_CURRENCY_BEFORE = re.compile(r"(?:[$€£]|\b(?:usd|cop|mxn|eur|cop\$|us\$|mx\$))\s*$", re.IGNORECASE)

# Words that introduce a number that is NOT a phone (case and document references).
_NOT_PHONE_CUES = (
    r"radicad[oa]s?|rad\.?|casos?|tickets?|pqrs?|solicitud(?:es)?|quejas?|reclamos?|facturas?|pedidos?"
    r"|orden(?:es)?|referencia|ref\.?|contratos?|gu[íi]as?|cun|cus|expedientes?|folios?|cuentas?|cta\.?"
    r"|clabe|nit|c\.?c\.?|c[ée]dula|documento|serial|imei|c[óo]digo|p[óo]liza|matr[íi]cula|convenio"
    r"|recibos?|tr[áa]mite|consecutivo|transacci[óo]n|comprobante|autorizaci[óo]n|aprobaci[óo]n|nuip"
    r"|pasaporte|curp|rfc|dni|nie|tarjeta|resoluci[óo]n|proceso|paquete|env[íi]o|rastreo|seguimiento"
)
# "número" alone is no cue: "reclamo número 4501237" is a case number.
_PHONE_CUES = (
    r"tel[ée]fonos?|tel\.?|telf\.?|tfno\.?|cel(?:ular)?(?:es)?\.?|m[óo]vil(?:es)?|whats?app|wpp|wsp"
    r"|fijo|contacto|ll[áa]m(?:e|eme|enme|ame|ar|en|ó|o)|marc(?:ar|ar al|ame|que)"
    r"|l[íi]nea|ext\.?|pbx|sms|mensaje"
)
_CUE_WINDOW = 40
_CUE_RE = re.compile(
    rf"(?<![\w])(?:(?P<neg>{_NOT_PHONE_CUES})|(?P<pos>{_PHONE_CUES}))(?![\w])", re.IGNORECASE
)


def is_amount(text: str, start: int, end: int) -> bool:
    """True when a currency comes just before or a unit just after text[start:end]."""
    if _CURRENCY_BEFORE.search(text, max(0, start - 6), start):
        return True
    return bool(_UNIT_AFTER.match(text, end))


def nearest_cue(text: str, start: int, window: int = _CUE_WINDOW) -> str | None:
    """'phone', 'other' or None: the kind of the closest cue word in the `window` chars before."""
    lo = max(0, start - window)
    last: str | None = None
    for m in _CUE_RE.finditer(text, lo, start):
        last = "other" if m.group("neg") else "phone"
    return last
