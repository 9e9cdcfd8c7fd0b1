"""The final personal-data check applied to log lines.

Stages log field names, counts and reasons, not customer texts; but a log line can still carry
one by accident: an exception message that quotes an input value ("could not parse
'3001234567'"), a connector's HTTP error body, a third-party library's warning. Log lines reach
the console, log files, Prefect's database and UI, where nobody reviews them for personal data.

`install()` wraps the process's log-record factory, so that every record of the loggers named in
`LOGGERS` (ours, and the Prefect flow and task run loggers our flows write to) has its message
and its traceback redacted with the identifier types of the final guard (e-mail, phone,
document, card, account) before any handler (console, file, Prefect's API) formats it. The
message keeps its meaning ("could not parse '[TELEFONO]'"); nothing is dropped.

A record factory rather than a handler filter: filters on a logger do not see its children's
records, and handlers are added by Prefect, by `logging.basicConfig` or by a user's own
configuration after we start; the factory runs once per record, wherever it goes.
"""

from __future__ import annotations

import logging
import threading
import traceback

__all__ = ["LOGGERS", "install", "installed", "redact_record"]

# Logger names (and their children) whose records are checked.
LOGGERS: tuple[str, ...] = ("escucha", "flows", "prefect.flow_runs", "prefect.task_runs")

_lock = threading.Lock()
_building = threading.local()
_redactor = None  # built on the first line that may hold an identifier (keeps start-up light)
_previous_factory = None


def _covered(name: str) -> bool:
    return any(name == n or name.startswith(n + ".") for n in LOGGERS)


def _may_hold_identifier(text: str) -> bool:
    # Every guarded type holds a digit (phones, documents, cards, accounts) or an "@" (e-mail):
    # most log lines have a count at most, and skip the detectors.
    return "@" in text or sum(c.isdigit() for c in text) >= 6


def _redact(text: str) -> str:
    if not _may_hold_identifier(text):
        return text
    global _redactor
    if _redactor is None:
        if getattr(_building, "active", False):
            return text  # a line logged while the detectors load (a library's own), not a customer's
        _building.active = True
        try:
            from escucha.nlp.text.pii import GUARD_TYPES, Redactor

            with _lock:
                _redactor = _redactor or Redactor(types=set(GUARD_TYPES), names=False)
        finally:
            _building.active = False
    return _redactor.redact(text).text


def redact_record(record: logging.LogRecord) -> logging.LogRecord:
    """Redact the record's message (its arguments merged in) and its traceback, in place."""
    try:
        message = record.getMessage()
    except Exception:  # noqa: BLE001 - a malformed record is left for logging to report as usual
        return record
    clean = _redact(message)
    if clean != message:
        record.msg, record.args = clean, None
    if record.exc_info and record.exc_info[0] is not None and not record.exc_text:
        text = "".join(traceback.format_exception(*record.exc_info)).rstrip("\n")
        clean_tb = _redact(text)
        if clean_tb != text:
            # Formatters use exc_text when set; the exception object itself is left untouched
            # for handlers that inspect it (Prefect's crash reports read its type).
            record.exc_text = clean_tb
    return record


def install() -> None:
    """Wrap the log-record factory once per process (idempotent, thread-safe)."""
    global _previous_factory
    with _lock:
        if _previous_factory is not None:
            return
        previous = logging.getLogRecordFactory()

        def factory(*args, **kwargs):
            record = previous(*args, **kwargs)
            return redact_record(record) if _covered(record.name) else record

        _previous_factory = previous
        logging.setLogRecordFactory(factory)


def installed() -> bool:
    return _previous_factory is not None
