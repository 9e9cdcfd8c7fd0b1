"""Helpers shared by file-based connectors: JSON Lines, dates, file fingerprints (encodings: `escucha.textfiles`)."""

from __future__ import annotations

import hashlib
import re
from datetime import datetime, timedelta, timezone
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
_FORMATS = (
    "%d/%m/%Y %H:%M:%S", "%d/%m/%Y %H:%M", "%d/%m/%Y", "%d-%m-%Y %H:%M", "%d-%m-%Y",
    "%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M", "%Y-%m-%d", "%d.%m.%Y %H:%M", "%d.%m.%Y",
)
_EXCEL_EPOCH = datetime(1899, 12, 30)


def parse_datetime(value: object, tz: ZoneInfo | timezone, fmt: str | None = None) -> datetime | None:
    """Parse the dates help desks export: ISO 8601, day-first Spanish formats, "3 de marzo de 2026",
    Excel serial numbers. Naive values get the source's time zone. Empty -> None; junk -> ValueError."""
    if value is None:
        return None
    if isinstance(value, datetime):
        return value if value.tzinfo else value.replace(tzinfo=tz)
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return _excel_serial(float(value), tz)
    text = str(value).strip()
    if not text:
        return None
    if fmt:
        try:
            dt = datetime.strptime(text, fmt)
            return dt if dt.tzinfo else dt.replace(tzinfo=tz)
        except ValueError:
            pass
    iso = text.replace("Z", "+00:00") if text.endswith("Z") else text
    try:
        dt = datetime.fromisoformat(iso)
        return dt if dt.tzinfo else dt.replace(tzinfo=tz)
    except ValueError:
        pass
    for f in _FORMATS:
        try:
            return datetime.strptime(text, f).replace(tzinfo=tz)
        except ValueError:
            continue
    m = _SPANISH_LONG.match(text)
    if m and m.group(2).lower() in _MONTHS:
        day, _, year, hh, mm, ss = m.groups()
        return datetime(int(year), _MONTHS[m.group(2).lower()], int(day), int(hh or 0), int(mm or 0), int(ss or 0), tzinfo=tz)
    if re.fullmatch(r"\d{5}(\.\d+)?", text):  # Excel serial exported as text
        return _excel_serial(float(text), tz)
    raise ValueError(f"unrecognised date {text[:80]!r}")


def _excel_serial(days: float, tz: ZoneInfo | timezone) -> datetime:
    """Excel day number -> datetime; NaN, infinity or a number past year 9999 is a readable error."""
    try:
        return (_EXCEL_EPOCH + timedelta(days=days)).replace(tzinfo=tz)
    except (OverflowError, ValueError):
        raise ValueError(f"{days!r} is not a date (as an Excel day number it is out of range)") from None
