"""Turn a flat source row (a CSV line, a JSON object) into a Record through a column mapping."""

from __future__ import annotations

import json
from typing import Any, Mapping
from zoneinfo import ZoneInfo

from escucha.connectors.files import parse_datetime
from escucha.records import Record, RecordError, build_record, pseudonymise

DATE_FIELDS = ("created_at", "opened_at", "first_response_at", "closed_at")
INT_FIELDS = ("followers", "likes", "shares")


def _to_int(value: Any) -> int | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, str):
        value = value.strip().replace(".", "").replace(",", "")
    return int(float(value))


def map_row(
    row: Mapping[str, Any],
    *,
    source: str,
    channel: str,
    mapping: Mapping[str, str],
    salt: str,
    tz: ZoneInfo,
    tz_by_country: Mapping[str, str] | None = None,
    date_format: str | None = None,
    keep_unmapped: bool = True,
) -> Record:
    """Map one row; raises RecordError naming the field, the column and the record."""
    sid_col = mapping.get("source_id")
    source_id = row.get(sid_col) if sid_col else None
    if isinstance(source_id, (dict, list, bool)):
        raise RecordError(source, None, f"field 'source_id' (column {sid_col!r}): "
                                        f"is a {type(source_id).__name__}, not an id")
    sid = None if source_id is None else str(source_id)
    fields: dict[str, Any] = {"channel": channel}
    zone = _zone(row.get(mapping["country"]) if "country" in mapping else None, tz, tz_by_country)
    for field, column in mapping.items():
        if field == "source_id":
            continue
        if column not in row:
            raise RecordError(source, sid, f"field '{field}': column {column!r} is missing from the input")
        try:
            fields[field] = _convert(field, row[column], zone, salt, date_format)
        except (ValueError, TypeError, OverflowError) as exc:
            raise RecordError(source, sid, f"field '{field}' (column {column!r}): {exc}") from None
    if keep_unmapped:
        used = set(mapping.values())
        extra = {k: v for k, v in row.items() if k not in used and v not in (None, "")}
        if extra:
            fields["extra"] = json.loads(json.dumps(extra, default=str, ensure_ascii=False))
    return build_record(source, source_id, **fields)


def _zone(country: Any, tz: ZoneInfo, tz_by_country: Mapping[str, str] | None) -> ZoneInfo:
    """The row's time zone: its country's when configured, else the source's."""
    code = str(country).strip().upper() if country else ""
    if code and tz_by_country and code in tz_by_country:
        return ZoneInfo(tz_by_country[code])
    return tz


def _convert(field: str, value: Any, zone: ZoneInfo, salt: str, date_format: str | None) -> Any:
    """One cell as the Record field wants it (blank text is None); ValueError says what is wrong."""
    if isinstance(value, str):
        value = value.strip() or None
    if isinstance(value, (dict, list)) and field != "extra":
        raise ValueError(f"is a JSON {'object' if isinstance(value, dict) else 'list'}, not a single value")
    if field in DATE_FIELDS:
        return parse_datetime(value, zone, date_format)
    if field in INT_FIELDS:
        return _to_int(value)
    if field == "score":
        return None if value is None else float(str(value).replace(",", "."))
    if field == "author":
        return pseudonymise(value, salt)
    if field == "text":
        if value is None:
            return ""
        if not isinstance(value, str):
            raise ValueError(f"is a {type(value).__name__}, not text")
        return value
    if value is not None and field != "extra":
        return str(value)
    return value
