"""Replay quarantined inputs after the operator fixed the mapping, the options or the file.

Each item goes through the same path as at ingest (the connector's `to_record`, redaction,
`save_batch`), so a row that now passes is exactly the record a clean ingest would have made:
upserted by its stable id (never duplicated) and its quarantine item marked resolved. A row
that still fails stays in quarantine with the new reason.

What can be replayed: a row of an export, a transcript or a post (its payload is the raw row,
redacted and with the author pseudonymised); a whole file that could not be read (the file is
read again from disk); a record the database refused. A CSV line with broken quoting or a line
that is not JSON cannot be fixed by configuration: it stays, with a reason saying so.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Sequence
from zoneinfo import ZoneInfo

from escucha.config import EscuchaConfig
from escucha.connectors import Batch, Connector
from escucha.connectors.files import fingerprint
from escucha.pipeline.ingest import build_connectors, build_redaction, redact_quarantined, redact_records
from escucha.records import RECORD_FIELDS, QuarantineItem, Record, RecordError
from escucha.store import Store, UpsertResult

# "pqrs.csv row 12: ..." / "x.jsonl: line 3 ..." : where the row was, kept in the new reason
_WHERE = re.compile(r"^(\S+ (?:row|line|lines|item) [\d-]+|\S+\.\w+): ")


@dataclass
class RetryResult:
    tried: int = 0
    resolved: list[str] = field(default_factory=list)
    still_failing: dict[str, str] = field(default_factory=dict)  # quarantine id -> new reason
    upsert: UpsertResult = field(default_factory=UpsertResult)


class _Unreplayable(Exception):
    pass


def _where(reason: str) -> str:
    m = _WHERE.match(reason or "")
    return m.group(1) + ": " if m else ""


def _replay(connector: Connector, item: Any) -> tuple[list[Record], list[QuarantineItem]]:
    """Records (and, for a whole file, its bad rows) from one quarantined item, or raise
    RecordError / _Unreplayable with the reason it still fails."""
    try:
        row = json.loads(item.payload)
    except ValueError:
        raise _Unreplayable("cannot be replayed: the payload is not a row (the source as a whole "
                            "failed; it is read again on the next run)") from None
    tz = ZoneInfo(getattr(connector.options, "timezone", "UTC"))
    if isinstance(row, dict) and "__file__" in row:
        path = Path(row["__file__"])
        if not path.is_file():
            raise _Unreplayable(f"{path.name}: the file no longer exists at {path}")
        batch = Batch()
        from escucha.connectors.export_files import FILE_ERRORS

        try:
            fp = fingerprint(path)
            for n, r in enumerate(connector.rows(path), 1):
                connector._add(batch, r, path, n, tz, key=f"{fp}:{n}")
        except FILE_ERRORS as exc:
            raise _Unreplayable(f"{path.name}: the file could not be read: {type(exc).__name__}: "
                                f"{str(exc)[:300]}") from None
        return batch.records, batch.quarantined
    if isinstance(row, dict) and set(row) == set(RECORD_FIELDS):
        return [Record.model_validate(row)], []  # a record the database refused (already redacted)
    if isinstance(row, dict) and "__error__" in row:
        raw = row.get("__raw__")
        try:
            fixed = json.loads(raw) if isinstance(raw, str) else None
        except ValueError:
            fixed = None
        if not isinstance(fixed, dict):
            raise _Unreplayable(f"{row['__error__']} (cannot be fixed by configuration: correct the file "
                                "and drop it in the folder again)")
        row = fixed
    if not isinstance(row, dict) or "__extra_cells__" in row:
        raise _Unreplayable("more cells than columns (broken quoting): cannot be fixed by configuration; "
                            "correct the file and drop it in the folder again")
    try:
        return [connector.to_record(row, tz)], []
    except RecordError:
        raise
    except (KeyError, TypeError, ValueError, AttributeError, OverflowError) as exc:
        raise _Unreplayable(f"unexpected shape: {type(exc).__name__}: {exc}") from None


def retry_quarantine(cfg: EscuchaConfig, store: Store, run_id: str, ids: Sequence[str] | None = None,
                     reason_contains: str | None = None) -> RetryResult:
    """Replay the unresolved quarantined items selected by `ids` (None: all) and `reason_contains`."""
    df = store.list_quarantine(include_resolved=False)
    if ids is not None:
        df = df[df["id"].isin(list(ids))]
    if reason_contains:
        df = df[df["reason"].str.contains(reason_contains, case=False, regex=False)]
    result = RetryResult(tried=len(df))
    if df.empty:
        return result
    connectors = {c.name: c for c in build_connectors(cfg)}
    policy = build_redaction(cfg)
    for source, group in df.groupby("source", sort=True):
        connector = connectors.get(source)
        records: list[Record] = []
        new_items: list[QuarantineItem] = []
        passed: dict[str, list[str]] = {}
        failing: dict[str, str] = {}
        for item in group.itertuples():
            if connector is None:
                failing[item.id] = (f"{_where(item.reason)}cannot be replayed: connector {source!r} is not "
                                    "in the configuration (or is disabled)")
                continue
            try:
                recs, bad = _replay(connector, item)
            except RecordError as exc:
                failing[item.id] = f"{_where(item.reason)}{exc}"
                continue
            except _Unreplayable as exc:
                failing[item.id] = f"{_where(item.reason)}{exc}" if not str(exc).startswith(_where(item.reason) or "\0") else str(exc)
                continue
            records += recs
            new_items += bad
            passed[item.id] = [r.id for r in recs]
        if connector is not None:
            records = redact_records(records, policy)
            new_items = redact_quarantined(new_items, policy, connector)
        upsert, resolved = store.settle_quarantine(source, records, new_items, passed, failing, run_id)
        result.upsert += upsert
        result.resolved += resolved
        result.still_failing.update(failing)
    return result
