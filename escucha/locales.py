"""Locales (es_CO, es_MX, es_ES, ...): which ones Escucha formats numbers and dates for.

Reports, alerts and the dashboard are written in Spanish, so a locale sets how numbers and
dates are written (1.234,5 or 1,234.5), never the language: it must be a Spanish locale that
Babel's CLDR data knows. The configuration checks it here, before anything runs.
"""

from __future__ import annotations

from functools import lru_cache

DEFAULT_LOCALE = "es_CO"


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
