"""Ingest: each connector's new records -> PII redaction -> store, batch by batch.

Redaction happens here, before anything is stored: the raw text with personal data never
reaches the store, the reports or the logs.
"""

from __future__ import annotations

import json
import logging
from dataclasses import replace
from typing import Any, Callable

from escucha.config import EscuchaConfig
from escucha.connectors import Connector, ConnectorContext, build_connector
from escucha.pipeline.faults import crash_point
from escucha.pipeline.pseudonyms import warn_public_salt
from escucha.pipeline.redaction import build_redaction, redact_record
from escucha.records import QuarantineItem, Record, pseudonymise
from escucha.store import Store, UpsertResult

log = logging.getLogger(__name__)


__all__ = ["build_connectors", "build_redaction", "redact_records", "redact_quarantined", "ingest_connector"]


def build_connectors(cfg: EscuchaConfig) -> list[Connector]:
    """Instantiate every enabled connector; option errors surface before the run starts."""
    warn_public_salt(cfg)
    ctx = ConnectorContext(pseudonym_salt=cfg.pseudonym_salt, data_dir=cfg.data_dir, batch_size=cfg.ingest.batch_size)
    return [build_connector(c, ctx) for c in cfg.connectors if c.enabled]


def redact_records(records: list[Record], policy) -> list[Record]:
    """Redact the text (typing bare answers by the question they answer) and every string kept
    in `extra` (agent turns, unmapped columns)."""
    if policy is None:
        return records
    return [redact_record(rec, policy) for rec in records]


def _redact_payload(value: Any, redact: Callable[[str], str], keep: frozenset[str],
                    authors: frozenset[str], salt: str) -> Any:
    if isinstance(value, str):
        return redact(value)
    if isinstance(value, list):
        return [_redact_payload(v, redact, keep, authors, salt) for v in value]
    if isinstance(value, dict):
        out = {}
        for k, v in value.items():
            if k in authors and isinstance(v, str):
                out[k] = pseudonymise(v, salt)
            elif k in keep and not isinstance(v, (dict, list)):
                out[k] = v
            else:
                out[k] = _redact_payload(v, redact, keep, authors, salt)
        return out
    return value


def redact_quarantined(items: list[QuarantineItem], policy, connector: Connector) -> list[QuarantineItem]:
    """Redact the raw rows set aside like the records' text: the quarantine keeps every input
    (so nothing is lost) but no more personal data than the records table."""
    if policy is None or not items:
        return items
    redactor = policy.redactor_for(connector.channel)
    redact = lambda s: redactor.redact(s).text  # noqa: E731
    keep, authors = connector.payload_keys()
    salt = connector.context.pseudonym_salt
    out = []
    for it in items:
        try:
            data = json.loads(it.payload)
        except ValueError:
            payload = redact(it.payload)
        else:
            payload = json.dumps(_redact_payload(data, redact, keep, authors, salt), ensure_ascii=False)
        out.append(replace(it, payload=payload))
    return out


def ingest_connector(store: Store, connector: Connector, policy, run_id: str,
                     on_batch: Callable[[UpsertResult], None] | None = None) -> UpsertResult:
    """Read what is new since the saved cursor and store it; the cursor moves with each batch."""
    total = UpsertResult()
    state = store.get_cursor(connector.name)
    try:
        for batch in connector.read(state):
            records = redact_records(batch.records, policy)
            quarantined = redact_quarantined(batch.quarantined, policy, connector)
            result = store.save_batch(connector.name, records, quarantined, batch.cursor, run_id)
            total += result
            crash_point("ingest:batch")
            if on_batch:
                on_batch(result)
    except (FileNotFoundError, ValueError) as exc:
        # A source that cannot be read at all (missing file, undecodable JSON) is quarantined as a
        # whole with its reason; the rest of the night goes on.
        reason = f"connector {connector.name!r} could not be read: {type(exc).__name__}: {exc}"
        log.error(reason)
        store.quarantine([QuarantineItem(connector.name, "ingest", reason, payload=str(exc))], run_id)
        total.quarantined += 1
    log.info("%s: %d new, %d updated, %d unchanged, %d quarantined", connector.name, total.new, total.updated,
             total.unchanged, total.quarantined)
    return total
