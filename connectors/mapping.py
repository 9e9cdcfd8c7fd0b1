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
    fields: dict[str, Any] = {"channel": channel}
    country = row.get(mapping["country"]) if "country" in mapping else None
    zone = tz
    if country and tz_by_country and str(country).strip().upper() in tz_by_country:
        zone = ZoneInfo(tz_by_country[str(country).strip().upper()])
    for field, column in mapping.items():
        if field == "source_id":
            continue
        if column not in row:
            raise RecordError(source, None if source_id is None else str(source_id),
                              f"field '{field}': column {column!r} is missing from the input")
        value = row[column]
        if isinstance(value, str):
            value = value.strip()
            if value == "":
                value = None
        try:
            if isinstance(value, (dict, list)) and field != "extra":
                raise ValueError(f"is a JSON {'object' if isinstance(value, dict) else 'list'}, not a single value")
            if field in DATE_FIELDS:
                value = parse_datetime(value, zone, date_format)
            elif field in INT_FIELDS:
                value = _to_int(value)
            elif field == "score" and value is not None:
                value = float(str(value).replace(",", "."))
            elif field == "author":
                value = pseudonymise(value, salt)
            elif field == "text" and value is None:
                value = ""
            elif field == "text" and not isinstance(value, str):
                raise ValueError(f"is a {type(value).__name__}, not text")
            elif value is not None and field not in ("extra",):
                value = str(value)
        except (ValueError, TypeError, OverflowError) as exc:
            raise RecordError(source, None if source_id is None else str(source_id),
                              f"field '{field}' (column {column!r}): {exc}") from None
        fields[field] = value
    if keep_unmapped:
        used = set(mapping.values())
        extra = {k: v for k, v in row.items() if k not in used and v not in (None, "")}
        if extra:
            fields["extra"] = json.loads(json.dumps(extra, default=str, ensure_ascii=False))
    return build_record(source, source_id, **fields)
