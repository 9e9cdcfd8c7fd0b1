"""Deliver alerts and reports through the configured channels, each (what, where) exactly once.

The store is the ledger (`Store.record_output`, insert-once by key):

    delivery_pending  key   written BEFORE the send (what, to whom, channel, subject)
    delivery          key   written AFTER the receiver accepted it (status "sent", receipt)
    delivery_failed   key#run_id   a run that gave up after its retries (status "failed", reason)

A key already in `delivery` is never sent again: a re-run or a resume after a crash skips it. A
failed send does not fail the flow; it is retried by the next run (nightly or hourly) until it
goes through or the alert/report is older than `delivery.max_age_hours`. The one window that
can repeat a send is a crash after the receiver accepted a message and before "sent" was
written; the resend carries the same idempotency id (e-mail Message-ID, X-Escucha-Delivery
header) so the receiver can drop it. Errors are scrubbed of the channel's secrets before they
are logged or stored.
"""

from __future__ import annotations

import json
import logging
import time
from dataclasses import asdict, dataclass, field
from datetime import datetime, timezone
from typing import Any, Callable, Mapping

import pandas as pd

from escucha.analytics.alerts import Alert
from escucha.config import EscuchaConfig
from escucha.outputs.delivery import Channel, DeliveryError, Message, Receipt
from escucha.outputs.delivery.messages import alert_message, report_message
from escucha.outputs.reports.fmt import formatting_locale
from escucha.pipeline.faults import crash_point
from escucha.store import Store

log = logging.getLogger(__name__)

PENDING, SENT, FAILED = "delivery_pending", "delivery", "delivery_failed"


@dataclass
class Outgoing:
    """One message to one channel. `key` = what|channel, the ledger key."""

    what: str  # "alerta:<alert key>" or "informe:<date>:<team>"
    channel: str
    build: Callable[[], Message]
    to: list[str] = field(default_factory=list)

    @property
    def key(self) -> str:
        return f"{self.what}|{self.channel}"


@dataclass
class DeliveryResult:
    sent: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)  # already sent by an earlier run
    failed: dict[str, str] = field(default_factory=dict)  # key -> reason (scrubbed)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def _payloads(store: Store, kind: str) -> pd.DataFrame:
    df = store.list_outputs(kind)
    if df.empty:
        return df
    df = df.copy()
    df["payload"] = [json.loads(p) if isinstance(p, str) else p for p in df["payload"]]
    return df


def sent_keys(store: Store) -> set[str]:
    df = store.list_outputs(SENT)
    return set(df["key"].astype(str)) if not df.empty else set()


def delivery_log(store: Store) -> pd.DataFrame:
    """Every delivery attempt with its status (pending = sent or crashed, unknown; sent; failed):
    what, channel, to, subject, when, status, detail."""
    rows = []
    for kind in (PENDING, SENT, FAILED):
        for r in _payloads(store, kind).itertuples():
            p = r.payload
            rows.append({"key": p.get("key", r.key), "what": p.get("what"), "channel": p.get("channel"),
                         "to": ", ".join(p.get("to") or []), "subject": p.get("subject"), "status": p.get("status"),
                         "detail": p.get("detail") or p.get("error"), "at": r.created_at, "run_id": r.run_id})
    cols = ["key", "what", "channel", "to", "subject", "status", "detail", "at", "run_id"]
    return pd.DataFrame(rows, columns=cols).sort_values(["at", "key"]).reset_index(drop=True) if rows else pd.DataFrame(columns=cols)


STATUS_ES = {SENT: "enviado", FAILED: "fallido", PENDING: "sin confirmar"}


def delivery_status(store: Store) -> pd.DataFrame:
    """One row per message (what|channel), newest first: estado (enviado; fallido, retried by
    the next run; sin confirmar: written before a send that never reported back, e.g. a crash),
    how many runs failed it, the last failure's reason, when it was last touched. For
    `escucha deliveries`: the operator's answer to "did the report reach marketing?"."""
    log_ = delivery_log(store)
    cols = ["que", "canal", "para", "estado", "fallos", "ultimo_error", "cuando"]
    if log_.empty:
        return pd.DataFrame(columns=cols)
    log_["key"] = log_["what"].astype(str) + "|" + log_["channel"].astype(str)
    rows = []
    for _, g in log_.groupby("key", sort=False):  # delivery_log is by time: a group's last row is its newest
        failed = g[g["status"] == "failed"]
        if (g["status"] == "sent").any():
            state = STATUS_ES[SENT]
        elif len(failed):
            state = STATUS_ES[FAILED]
        else:
            state = STATUS_ES[PENDING]
        last = g.iloc[-1]
        rows.append({"que": last["what"], "canal": last["channel"], "para": last["to"], "estado": state,
                     "fallos": len(failed), "ultimo_error": failed["detail"].iloc[-1] if len(failed) else "",
                     "cuando": last["at"]})
    return pd.DataFrame(rows, columns=cols).sort_values(["cuando", "que", "canal"], ascending=[False, True, True]).reset_index(drop=True)


def send_with_retries(channel: Channel, message: Message, retries: int, backoff_s: float,
                      sleep: Callable[[float], None] = time.sleep) -> tuple[Receipt | None, str | None, int]:
    """(receipt, None, attempts) or (None, reason, attempts). Retryable errors are retried after
    backoff_s, 2·backoff_s, 4·backoff_s...; anything else stops at once. Never raises."""
    attempts = 0
    while True:
        attempts += 1
        try:
            return channel.send(message), None, attempts
        except DeliveryError as exc:
            reason, retryable = channel.safe(exc), exc.retryable
        except Exception as exc:  # noqa: BLE001 - a broken channel must not stop the other sends
            reason, retryable = channel.safe(f"{channel.name}: {type(exc).__name__}: {exc}"), False
        if not retryable or attempts > retries:
            return None, reason, attempts
        log.warning("delivery via %s failed (attempt %d of %d), retrying: %s", channel.name, attempts, retries + 1, reason)
        sleep(backoff_s * 2 ** (attempts - 1))


def deliver(store: Store, channels: Mapping[str, Channel], outgoing: list[Outgoing], run_id: str,
            retries: int = 3, backoff_s: float = 2.0, sleep: Callable[[float], None] = time.sleep) -> DeliveryResult:
    """Send each Outgoing not yet sent; record pending, then sent or failed. Never raises for a send."""
    result = DeliveryResult()
    done = sent_keys(store)
    for item in outgoing:
        key = item.key
        if key in done:
            result.skipped.append(key)
            continue
        base = {"key": key, "what": item.what, "channel": item.channel, "to": list(item.to)}
        channel = channels.get(item.channel)
        try:
            if channel is None:
                raise KeyError(f"unknown delivery channel {item.channel!r}")
            message = item.build()
        except Exception as exc:  # noqa: BLE001 - a missing report file fails this send only
            reason = f"{type(exc).__name__}: {exc}"
            if channel is not None:
                reason = channel.safe(reason)
            store.record_output(FAILED, f"{key}#{run_id}", run_id, {**base, "status": "failed", "error": reason})
            result.failed[key] = reason
            log.warning("delivery %s not built: %s", key, reason)
            continue
        meta = {**base, "subject": message.subject, "severity": message.severity, "id": message.idempotency_id}
        store.record_output(PENDING, key, run_id, {**meta, "status": "pending"})
        receipt, reason, attempts = send_with_retries(channel, message, retries, backoff_s, sleep)
        crash_point("deliver:sent")  # accepted by the receiver, not yet recorded: the resend window
        if receipt is not None:
            store.record_output(SENT, key, run_id, {**meta, "status": "sent", "detail": receipt.detail,
                                                    "sent_at": receipt.sent_at.isoformat(), "attempts": attempts})
            done.add(key)
            result.sent.append(key)
        else:
            store.record_output(FAILED, f"{key}#{run_id}", run_id,
                                {**meta, "status": "failed", "error": reason, "attempts": attempts})
            result.failed[key] = reason or "unknown error"
            log.warning("delivery %s failed after %d attempt(s): %s", key, attempts, reason)
        crash_point("deliver:message")
    return result


# -- what to send ----------------------------------------------------------------------------

def _recent(df: pd.DataFrame, max_age_hours: int, now: datetime) -> pd.DataFrame:
    if df.empty:
        return df
    created = pd.to_datetime(df["created_at"], utc=True)
    return df.loc[(created >= pd.Timestamp(now) - pd.Timedelta(hours=max_age_hours)).to_numpy()]


def email_channel(cfg: EscuchaConfig) -> str | None:
    """The smtp channel for e-mail addresses: `delivery.email_channel`, else the only smtp channel."""
    if cfg.delivery.email_channel:
        return cfg.delivery.email_channel
    smtp = [n for n, c in cfg.delivery.channels.items() if c.type == "smtp"]
    return smtp[0] if len(smtp) == 1 else None


def alert_outbox(cfg: EscuchaConfig, store: Store, now: datetime | None = None) -> list[Outgoing]:
    """Every recorded alert younger than max_age_hours, to every channel of `alerts.channels`."""
    now = now or datetime.now(timezone.utc)
    tz = cfg.schedule.timezone
    out = []
    for r in _recent(_payloads(store, "alert"), cfg.delivery.max_age_hours, now).itertuples():
        for name in cfg.alerts.channels:
            item = Outgoing(what=f"alerta:{r.key}", channel=name, build=lambda: None)
            # parsed when built: a payload that does not parse fails this send only, with the reason
            item.build = (lambda p=r.payload, k=item.key: _in_locale(
                cfg.locale, lambda: alert_message(Alert.from_payload(p), k, tz)))
            out.append(item)
    return out


def report_outbox(cfg: EscuchaConfig, store: Store, now: datetime | None = None) -> list[Outgoing]:
    """Each team's report (once per report date) to the team's recipients: the e-mail addresses
    together in one e-mail through the e-mail channel, each channel name in one message."""
    now = now or datetime.now(timezone.utc)
    out = []
    for r in _recent(_payloads(store, "report"), cfg.delivery.max_age_hours, now).itertuples():
        day, _, team = str(r.key).partition(":")
        tc = cfg.reports.teams.get(team)
        if tc is None or not tc.recipients:
            continue
        paths = dict(r.payload.get("paths") or {})
        emails = [x for x in tc.recipients if "@" in x]
        targets = ([(email_channel(cfg) or "", emails)] if emails else []) + [(x, []) for x in tc.recipients if "@" not in x]
        for name, to in targets:
            item = Outgoing(what=f"informe:{day}:{team}", channel=name, to=to, build=lambda: None)
            item.build = (lambda t=team, d=day, k=item.key, to_=to, p=paths, title=tc.title, loc=tc.locale or cfg.locale:
                          _in_locale(loc, lambda: report_message(t, title, d, p, k, to=to_, url=report_url(cfg, t, d, p))))
            out.append(item)
    return out


def _in_locale(locale: str, build: Callable[[], Message]) -> Message:
    """The message, its numbers and dates written as `locale` writes them."""
    with formatting_locale(locale):
        return build()


def report_url(cfg: EscuchaConfig, team: str, day: str, paths: Mapping[str, str]) -> str | None:
    """`delivery.report_url` filled in for one report (None when unset or the report has no HTML)."""
    template, html_path = cfg.delivery.report_url, paths.get("html")
    if not template or not html_path:
        return None
    from pathlib import PurePath
    from urllib.parse import quote

    return template.format(file=quote(PurePath(html_path).name), team=quote(team), date=quote(day))


def deliver_pending(cfg: EscuchaConfig, store: Store, run_id: str, channels: Mapping[str, Channel] | None = None,
                    now: datetime | None = None, sleep: Callable[[float], None] = time.sleep) -> DeliveryResult:
    """Send every alert and report not delivered yet (this run's and earlier runs' failures)."""
    outbox = alert_outbox(cfg, store, now) + report_outbox(cfg, store, now)
    if not outbox:
        return DeliveryResult()
    if channels is None:
        from escucha.outputs.delivery import build_channels

        channels = build_channels(cfg)
    return deliver(store, channels, outbox, run_id, retries=cfg.delivery.retries, backoff_s=cfg.delivery.backoff_s,
                   sleep=sleep)
