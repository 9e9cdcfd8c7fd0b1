"""Spanish formatting for what people read: "20 de noviembre de 2026", "1.234", "12,5 %".

Thousands with a dot and decimals with a comma, as the teams read numbers in Colombia, Mexico and
Spain. Missing values print as an em dash, never as "nan".
"""

from __future__ import annotations

import math
from datetime import date, datetime
from typing import Any

import pandas as pd

MONTHS = ("enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto", "septiembre",
          "octubre", "noviembre", "diciembre")
MONTHS_SHORT = ("ene", "feb", "mar", "abr", "may", "jun", "jul", "ago", "sept", "oct", "nov", "dic")
MISSING = "—"

CHANNELS = {"pqrs": "PQRS", "email": "Correo", "transcript": "Llamadas", "chat": "Chat",
            "social": "Redes sociales", "review": "Reseñas", "survey": "Encuestas"}
DIMENSIONS = {"channel": "Canal", "customer_segment": "Segmento", "product": "Producto",
              "country": "País", "process": "Proceso", "region": "Región"}
COUNTRIES = {"CO": "Colombia", "MX": "México", "ES": "España", "AR": "Argentina", "CL": "Chile",
             "PE": "Perú", "EC": "Ecuador", "US": "Estados Unidos"}
SENTIMENTS = {"NEG": "Negativo", "NEU": "Neutral", "POS": "Positivo"}
# pysentimiento writes English emotion labels; our own heads write Spanish ones
EMOTIONS = {"joy": "alegría", "sadness": "tristeza", "anger": "enojo", "fear": "miedo",
            "surprise": "sorpresa", "disgust": "asco", "others": "otras"}


def is_missing(x: Any) -> bool:
    if x is None or x is pd.NA or x is pd.NaT:
        return True
    try:
        return bool(isinstance(x, float) and math.isnan(x))
    except TypeError:
        return False


def _swap(s: str) -> str:
    return s.replace(",", "\x00").replace(".", ",").replace("\x00", ".")


def fmt_int(n: Any) -> str:
    """1234 -> "1.234"."""
    if is_missing(n):
        return MISSING
    return _swap(f"{int(round(float(n))):,}")


def fmt_num(x: Any, decimals: int = 1) -> str:
    """1234.56 -> "1.234,6"."""
    if is_missing(x) or (isinstance(x, float) and math.isinf(x)):
        return MISSING
    return _swap(f"{float(x):,.{decimals}f}")


def fmt_pct(share: Any, decimals: int = 1, signed: bool = False) -> str:
    """A share 0..1 as "12,5 %" (signed: "+12,5 %")."""
    if is_missing(share) or (isinstance(share, float) and math.isinf(share)):
        return MISSING
    value = float(share) * 100
    text = fmt_num(abs(value) if signed else value, decimals)
    if signed:
        text = ("+" if value > 0 else "-" if value < 0 else "") + text
    return f"{text} %"


def fmt_growth(growth: Any, volume_prev: Any = None, volume: Any = None) -> str:
    """Relative growth as "+25,0 %"; "nuevo" when the previous period had nothing."""
    if not is_missing(volume_prev) and float(volume_prev) == 0:
        return "nuevo" if not is_missing(volume) and float(volume) > 0 else MISSING
    return fmt_pct(growth, 1, signed=True)


def fmt_points(x: Any) -> str:
    """NPS-like score: "+12" / "−8"."""
    if is_missing(x):
        return MISSING
    v = round(float(x))
    return ("+" if v > 0 else "-" if v < 0 else "") + fmt_int(abs(v))


def _as_date(d: date | datetime | pd.Timestamp) -> date:
    if isinstance(d, pd.Timestamp):
        return d.date()
    if isinstance(d, datetime):
        return d.date()
    return d


def fmt_date(d: Any) -> str:
    """"20 de noviembre de 2026"."""
    if is_missing(d):
        return MISSING
    d = _as_date(d)
    return f"{d.day} de {MONTHS[d.month - 1]} de {d.year}"


def fmt_date_short(d: Any) -> str:
    """"20 nov" (axis labels)."""
    if is_missing(d):
        return MISSING
    d = _as_date(d)
    return f"{d.day} {MONTHS_SHORT[d.month - 1]}"


def fmt_month(d: Any) -> str:
    d = _as_date(d)
    return f"{MONTHS[d.month - 1]} de {d.year}"


def fmt_range(start: Any, end: Any) -> str:
    """"del 14 al 20 de noviembre de 2026" (both days included)."""
    a, b = _as_date(start), _as_date(end)
    if a == b:
        return f"el {fmt_date(a)}"
    if (a.year, a.month) == (b.year, b.month):
        return f"del {a.day} al {fmt_date(b)}"
    if a.year == b.year:
        return f"del {a.day} de {MONTHS[a.month - 1]} al {fmt_date(b)}"
    return f"del {fmt_date(a)} al {fmt_date(b)}"


def channel_name(c: Any) -> str:
    return MISSING if is_missing(c) else CHANNELS.get(str(c), str(c))


def country_name(c: Any) -> str:
    return MISSING if is_missing(c) else COUNTRIES.get(str(c).upper(), str(c))


def emotion_name(e: Any) -> str:
    return MISSING if is_missing(e) else EMOTIONS.get(str(e).lower(), str(e))


def value_name(dimension: str, value: Any) -> str:
    """A split value as a person reads it (channel and country codes spelled out)."""
    if dimension == "channel":
        return channel_name(value)
    if dimension == "country":
        return country_name(value)
    return MISSING if is_missing(value) else str(value)
