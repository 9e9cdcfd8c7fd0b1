"""Locales (es_CO, es_MX, es_ES, ...): which ones Escucha formats numbers and dates for, and
the number writing every layer shares.

Reports, alerts and the dashboard are written in Spanish, so a locale sets how numbers and
dates are written (1.234,5 or 1,234.5), never the language: it must be a Spanish locale that
Babel's CLDR data knows. The configuration checks it here, before anything runs.

The locale in force is a context variable: whoever renders for a team or the deployment sets it
around the rendering with `formatting_locale`. It lives here, in the core, and not with the
report formatters (outputs/reports/fmt.py, which re-exports it), because words built by the
analytics are written too: the reasons of the at-risk list ("3 contactos negativos (+3)",
"(×1,5)") take their numbers from `format_quantity` when they are read, in the reader's locale.
"""

from __future__ import annotations

import math
from contextlib import contextmanager
from contextvars import ContextVar
from decimal import Decimal
from functools import lru_cache
from typing import TYPE_CHECKING, Iterator

if TYPE_CHECKING:
    from datetime import date

DEFAULT_LOCALE = "es_CO"
MISSING = "—"

_LOCALE: ContextVar[str] = ContextVar("escucha_formatting_locale", default=DEFAULT_LOCALE)


@lru_cache(maxsize=64)
def check_locale(name: str) -> str:
    """`name` as Babel spells it ("es-mx" -> "es_MX"); ValueError unless it is a Spanish locale
    CLDR knows."""
    from babel import Locale, UnknownLocaleError

    try:
        loc = Locale.parse(str(name).replace("-", "_"))
    except (UnknownLocaleError, ValueError, TypeError) as exc:
        raise ValueError(f"{name!r} is not a locale such as es_CO, es_MX or es_ES ({exc})") from None
    if loc.language != "es":
        raise ValueError(f"{name!r}: reports are written in Spanish, so the locale must be a Spanish one "
                         "(es_CO, es_MX, es_ES, es_AR, es_CL, es_PE, ...)")
    return str(loc)


@contextmanager
def formatting_locale(name: str | None) -> Iterator[str]:
    """Format numbers and dates in locale `name` inside the block (None: keep the current one)."""
    token = _LOCALE.set(check_locale(name) if name else _LOCALE.get())
    try:
        yield _LOCALE.get()
    finally:
        _LOCALE.reset(token)


def current_locale() -> str:
    return _LOCALE.get()


def format_number(x: float, decimals: int, locale: str | None = None) -> str:
    """x rounded to `decimals` as Python rounds it, grouped and punctuated as the locale (default:
    the one in force) writes numbers: 1234.5 -> "1.234,5" (es_CO, es_ES) / "1,234.5" (es_MX).
    Digits are rounded by Python before Babel punctuates them, so a value reads the same in
    every locale but for its marks."""
    from babel.numbers import format_decimal

    digits = Decimal(f"{x:.{decimals}f}")
    pattern = "#,##0" + ("." + "0" * decimals if decimals > 0 else "")
    return format_decimal(digits, pattern, locale=locale or _LOCALE.get(), decimal_quantization=False)


def format_day(day: "date", locale: str | None = None) -> str:
    """A day spelt out as every layer writes it: "20 de noviembre de 2026" (Babel's long date, in
    `locale` or the one in force)."""
    from babel.dates import format_date

    return format_date(day, "long", locale=locale or _LOCALE.get())


def format_items(items: "list[str]", locale: str | None = None) -> str:
    """Items in running Spanish text: "a", "a y b", "a, b y c" (Babel's list pattern, in
    `locale` or the one in force)."""
    from babel.lists import format_list

    return format_list(list(items), locale=locale or _LOCALE.get())


def format_quantity(x: float | int, max_decimals: int = 1, locale: str | None = None) -> str:
    """A number in running Spanish text, as a reader expects it whatever its type: an integer
    value without decimals (2.0 -> "2", 1234 -> "1.234"), otherwise at most `max_decimals`
    decimals without trailing zeros (1.5 -> "1,5", 0.75 -> "0,8"; es_MX: "1,234", "1.5").
    NaN and infinities read as an em dash."""
    value = float(x)
    if math.isnan(value) or math.isinf(value):
        return MISSING
    text = f"{value:.{max(0, max_decimals)}f}"
    decimals = len(text.partition(".")[2].rstrip("0"))
    if Decimal(text) == 0:
        text, decimals = "0", 0  # never "-0"
    return format_number(float(text), decimals, locale)
