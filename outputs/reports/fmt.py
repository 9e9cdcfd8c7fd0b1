"""Spanish formatting for what people read: "20 de noviembre de 2026", "1.234", "12,5 %".

Numbers and dates follow a locale (Babel's CLDR data): es_CO (the default) and es_ES write
1.234,5, es_MX writes 1,234.5. The locale is the deployment's (`locale` in the configuration)
or a team's own (`reports.teams.<team>.locale`); whoever renders for a team or the deployment
sets it around the rendering with `formatting_locale`, and every function here reads it (or takes
`locale=` explicitly). The words stay Spanish in every locale: the reports are written in Spanish.

House style on top of CLDR, the same in every locale: a space before "%" ("12,5 %"), digits
rounded as Python rounds them (half to even on the float), month abbreviations as the locale
writes them standing alone, without their dot ("sept", "nov"), and numeric dates day-month-year
or month-day-year in the locale's order with four-digit years ("20/11/2026 14:05").
Missing values print as an em dash, never as "nan".
"""

from __future__ import annotations

import math
from datetime import date, datetime
from functools import lru_cache
from typing import Any

import pandas as pd
from babel import Locale
from babel.dates import format_datetime, format_skeleton, get_month_names

# The locale in force lives in escucha.locales (the analytics write numbers too); renderers keep
# importing `formatting_locale` and `current_locale` from here.
from escucha.locales import MISSING, current_locale, format_day, format_number, format_quantity, formatting_locale  # noqa: F401


def _loc(locale: str | None) -> str:
    return locale or current_locale()


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


def _number(x: float, decimals: int, locale: str | None) -> str:
    """x rounded as Python rounds it, grouped and punctuated as the locale writes numbers."""
    return format_number(x, decimals, _loc(locale))


def fmt_int(n: Any, *, locale: str | None = None) -> str:
    """1234 -> "1.234" (es_CO) / "1,234" (es_MX)."""
    if is_missing(n):
        return MISSING
    return _number(float(int(round(float(n)))), 0, locale)


def fmt_num(x: Any, decimals: int = 1, *, locale: str | None = None) -> str:
    """1234.56 -> "1.234,6" (es_CO) / "1,234.6" (es_MX)."""
    if is_missing(x) or (isinstance(x, float) and math.isinf(x)):
        return MISSING
    return _number(float(x), decimals, locale)


def fmt_quantity(x: Any, max_decimals: int = 1, *, locale: str | None = None) -> str:
    """A number in running text: 2.0 -> "2", 1234 -> "1.234", 1.5 -> "1,5" (es_CO) / "1.5" (es_MX)."""
    if is_missing(x):
        return MISSING
    return format_quantity(x, max_decimals, locale)


def fmt_pct(share: Any, decimals: int = 1, signed: bool = False, *, locale: str | None = None) -> str:
    """A share 0..1 as "12,5 %" (signed: "+12,5 %")."""
    if is_missing(share) or (isinstance(share, float) and math.isinf(share)):
        return MISSING
    value = float(share) * 100
    text = fmt_num(abs(value) if signed else value, decimals, locale=locale)
    if signed:
        text = ("+" if value > 0 else "-" if value < 0 else "") + text
    return f"{text} %"


def fmt_growth(growth: Any, volume_prev: Any = None, volume: Any = None, *, locale: str | None = None) -> str:
    """Relative growth as "+25,0 %"; "nuevo" when the previous period had nothing."""
    if not is_missing(volume_prev) and float(volume_prev) == 0:
        return "nuevo" if not is_missing(volume) and float(volume) > 0 else MISSING
    return fmt_pct(growth, 1, signed=True, locale=locale)


def fmt_points(x: Any, *, locale: str | None = None) -> str:
    """NPS-like score: "+12" / "-8"."""
    if is_missing(x):
        return MISSING
    v = round(float(x))
    return ("+" if v > 0 else "-" if v < 0 else "") + fmt_int(abs(v), locale=locale)


def _as_date(d: date | datetime | pd.Timestamp) -> date:
    if isinstance(d, pd.Timestamp):
        return d.date()
    if isinstance(d, datetime):
        return d.date()
    return d


@lru_cache(maxsize=64)
def _month_names(locale: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(wide names as in a date, abbreviations as they stand alone without their dot), Jan-Dec."""
    wide = get_month_names("wide", "format", locale)
    short = get_month_names("abbreviated", "stand-alone", locale)
    return tuple(wide[m] for m in range(1, 13)), tuple(short[m].rstrip(".") for m in range(1, 13))


def month_name(month: int, *, locale: str | None = None) -> str:
    """11 -> "noviembre"."""
    return _month_names(_loc(locale))[0][month - 1]


def month_abbr(month: int, *, locale: str | None = None) -> str:
    """9 -> "sept" (es_CO, es_ES) / "sep" (es_MX)."""
    return _month_names(_loc(locale))[1][month - 1]


def fmt_date(d: Any, *, locale: str | None = None) -> str:
    """"20 de noviembre de 2026"."""
    if is_missing(d):
        return MISSING
    return format_day(_as_date(d), locale=_loc(locale))


def fmt_date_short(d: Any, *, locale: str | None = None) -> str:
    """"20 nov" (axis labels)."""
    if is_missing(d):
        return MISSING
    d = _as_date(d)
    return f"{d.day} {month_abbr(d.month, locale=locale)}"


def fmt_month(d: Any, *, locale: str | None = None) -> str:
    """"noviembre de 2026"."""
    return format_skeleton("yMMMM", _as_date(d), locale=_loc(locale))


def fmt_month_short(d: Any, *, locale: str | None = None) -> str:
    """"nov 2026" (axis labels of a monthly view)."""
    d = _as_date(d)
    return f"{month_abbr(d.month, locale=locale)} {d.year}"


def fmt_range(start: Any, end: Any, *, locale: str | None = None) -> str:
    """"del 14 al 20 de noviembre de 2026" (both days included)."""
    a, b = _as_date(start), _as_date(end)
    if a == b:
        return f"el {fmt_date(a, locale=locale)}"
    if (a.year, a.month) == (b.year, b.month):
        return f"del {a.day} al {fmt_date(b, locale=locale)}"
    if a.year == b.year:
        return f"del {a.day} de {month_name(a.month, locale=locale)} al {fmt_date(b, locale=locale)}"
    return f"del {fmt_date(a, locale=locale)} al {fmt_date(b, locale=locale)}"


@lru_cache(maxsize=64)
def _numeric_pattern(locale: str) -> str:
    """The locale's order of day, month and year ("dd/MM/yyyy", or "MM/dd/yyyy" where the month
    comes first), two-digit days and months, four-digit years, 24-hour time."""
    short = Locale.parse(locale).date_formats["short"].pattern
    order = sorted("dMy", key=lambda c: short.find(c) if c in short else 99)
    return "/".join({"d": "dd", "M": "MM", "y": "yyyy"}[c] for c in order) + " HH:mm"


def fmt_datetime(ts: Any, tz: str | None = None, *, locale: str | None = None) -> str:
    """"20/11/2026 14:05" in time zone `tz` (a naive value is taken as it is)."""
    if is_missing(ts):
        return MISSING
    t = pd.Timestamp(ts)
    if tz is not None and t.tzinfo is not None:
        t = t.tz_convert(tz)
    return format_datetime(t.to_pydatetime().replace(tzinfo=None), _numeric_pattern(_loc(locale)), locale=_loc(locale))


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
