"""Helpers shared by file-based connectors: JSON Lines, dates, file fingerprints (encodings: `escucha.textfiles`)."""

from __future__ import annotations

import hashlib
import re
from datetime import datetime, timedelta, timezone
from functools import lru_cache
from pathlib import Path
from zoneinfo import ZoneInfo


def jsonl_lines(text: str) -> list[str]:
    """The lines of a JSON Lines text: split on \\n only (the format's separator), since a JSON
    string may hold U+0085, U+2028 or \\x1e raw, where str.splitlines would cut the record."""
    return [line[:-1] if line.endswith("\r") else line for line in text.split("\n")]


def fingerprint(path: Path) -> str:
    """Content hash: a file re-exported with the same rows is recognised as already read."""
    h = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()[:24]


_MONTHS = {
    "ene": 1, "enero": 1, "feb": 2, "febrero": 2, "mar": 3, "marzo": 3, "abr": 4, "abril": 4,
    "may": 5, "mayo": 5, "jun": 6, "junio": 6, "jul": 7, "julio": 7, "ago": 8, "agosto": 8,
    "sep": 9, "sept": 9, "septiembre": 9, "setiembre": 9, "oct": 10, "octubre": 10,
    "nov": 11, "noviembre": 11, "dic": 12, "diciembre": 12,
}
_SPANISH_LONG = re.compile(
    r"^(\d{1,2})\s+de\s+([a-záéíóú]+)\s+de\s+(\d{4})(?:[ ,]+(\d{1,2}):(\d{2})(?::(\d{2}))?)?$", re.I
)
_TIMES = (" %H:%M:%S", " %H:%M", "")
_FORMATS = tuple(
    [f"%d{sep}%m{sep}{year}{time}" for sep in "/-." for year in ("%Y", "%y") for time in _TIMES]
    + [f"%Y{sep}%m{sep}%d{time}" for sep in "-/" for time in _TIMES]
)
# Day, month and year in digits: read day first by the formats above, or not at all. dateparser
# would take "12/31/2026" month first, and a file whose rows are read some day first and some
# month first has wrong dates nobody sees; such a row is quarantined instead.
_NUMERIC_DMY = re.compile(r"^\d{1,2}([/.\-])\d{1,2}\1\d{2,4}\b")
# "8:15:00 p. m.", "8:15 a.m.", "8:15 PM": Windows in Spanish writes "a. m." / "p. m." (sometimes
# with a no-break space). The meridiem is read here, not by strptime's %p, which follows the
# process locale.
_MERIDIEM = re.compile(r"\s*(?<![^\W\d_])([ap])\.?\s?m\.?$", re.I)
_EXCEL_EPOCH = datetime(1899, 12, 30)

# dateparser reads what the formats above do not ("03-nov-2026", "martes, 3 de noviembre de
# 2026"): Spanish only, day before month, a whole date required, and absolute dates only, so
# "ayer" or "hace 3 días" (which would depend on the day of the run) are refused, not guessed.
# It reads its language data from its own package; nothing is downloaded.
DATEPARSER_LANGUAGES = ["es"]
DATEPARSER_SETTINGS = {
    "DATE_ORDER": "DMY",
    "PREFER_DAY_OF_MONTH": "first",
    "PREFER_DATES_FROM": "past",
    "STRICT_PARSING": True,
    "REQUIRE_PARTS": ["day", "month", "year"],
    "PARSERS": ["absolute-time"],
}


def parse_datetime(value: object, tz: ZoneInfo | timezone, fmt: str | None = None) -> datetime | None:
    """Parse the dates help desks export: ISO 8601, day-first Spanish formats with or without
    "a. m./p. m.", "3 de marzo de 2026", Excel serial numbers; then, for the rest, dateparser in
    Spanish ("03-nov-2026", "martes, 3 de noviembre de 2026"). Naive values get the source's time
    zone. Empty -> None; junk -> ValueError."""
    if value is None:
        return None
    if isinstance(value, datetime):
        return value if value.tzinfo else value.replace(tzinfo=tz)
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return _excel_serial(float(value), tz)
    text = " ".join(str(value).split())  # no-break spaces and doubled spaces as one space
    if not text:
        return None
    dt = _read(text, fmt)
    if dt is None:
        raise ValueError(f"unrecognised date {text[:80]!r}")
    return dt if dt.tzinfo else dt.replace(tzinfo=tz)


@lru_cache(maxsize=65536)
def _read(text: str, fmt: str | None) -> datetime | None:
    """The fast path, then dateparser; cached per distinct text (a date-only column repeats its
    values, and dateparser takes about a millisecond a date)."""
    dt = _fast(text, fmt)
    if dt is not None or _NUMERIC_DMY.match(text):
        return dt
    return _dateparser(text)


def _fast(text: str, fmt: str | None) -> datetime | None:
    """The formats exports use most, read without dateparser (naive unless the text says)."""
    if fmt:
        try:
            return datetime.strptime(text, fmt)
        except ValueError:
            pass
    iso = text.replace("Z", "+00:00") if text.endswith("Z") else text
    try:
        return datetime.fromisoformat(iso)
    except ValueError:
        pass
    m = _MERIDIEM.search(text)
    bare = text[: m.start()] if m else text
    for f in _FORMATS:
        try:
            dt = datetime.strptime(bare, f)
        except ValueError:
            continue
        return _with_meridiem(dt, m.group(1).lower()) if m else dt
    m = _SPANISH_LONG.match(text)
    if m and m.group(2).lower() in _MONTHS:
        day, _, year, hh, mm, ss = m.groups()
        try:
            return datetime(int(year), _MONTHS[m.group(2).lower()], int(day), int(hh or 0), int(mm or 0), int(ss or 0))
        except ValueError:
            return None
    if re.fullmatch(r"\d{5}(\.\d+)?", text):  # Excel serial exported as text
        return _excel_serial(float(text), timezone.utc).replace(tzinfo=None)
    return None


def _with_meridiem(dt: datetime, half: str) -> datetime | None:
    """8:15 "p" -> 20:15, 12:05 "a" -> 00:05; an hour that is not 1-12 is no 12-hour time."""
    if not 1 <= dt.hour <= 12:
        return None
    hour = dt.hour % 12 + (12 if half == "p" else 0)
    return dt.replace(hour=hour)


def _dateparser(text: str) -> datetime | None:
    """dateparser's reading of `text` (naive unless the text names a zone or an offset)."""
    dt = _date_data_parser().get_date_data(text).date_obj
    if dt is not None and dt.tzinfo is not None:
        dt = dt.astimezone(timezone(dt.utcoffset()))  # pytz-style zones as a plain offset
    return dt


@lru_cache(maxsize=1)
def _date_data_parser():
    from dateparser.date import DateDataParser

    return DateDataParser(languages=DATEPARSER_LANGUAGES, settings=DATEPARSER_SETTINGS)


def _excel_serial(days: float, tz: ZoneInfo | timezone) -> datetime:
    """Excel day number -> datetime; NaN, infinity or a number past year 9999 is a readable error."""
    try:
        return (_EXCEL_EPOCH + timedelta(days=days)).replace(tzinfo=tz)
    except (OverflowError, ValueError):
        raise ValueError(f"{days!r} is not a date (as an Excel day number it is out of range)") from None
