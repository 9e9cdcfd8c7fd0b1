"""The delivery contract: a Channel sends one Message and returns a Receipt, or raises DeliveryError.

A Message is channel-neutral: subject, plain text, optional HTML, structured parts (severity,
facts, verbatims, links) that Slack blocks and Teams cards are built from, attachments (e-mail
only), and `key`: the delivery key, stable across re-runs, that channels pass on as an
idempotency id (the e-mail Message-ID, the webhook's X-Escucha-Delivery header) so that a
receiver can drop the rare duplicate a crash between "sent" and "recorded" can cause.

Channels are registered by name (`@channels.register("slack")`) and built from the
`delivery.channels` config section. Adding a channel = one file + a registration + an import in
`escucha.outputs.delivery.__init__`.
"""

from __future__ import annotations

import hashlib
from abc import ABC, abstractmethod
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any, ClassVar

from escucha.secrets import Secret, scrub
from escucha.registry import CHANNELS_GROUP, Registry

SEVERITIES: tuple[str, ...] = ("alta", "media", "baja")


@dataclass(frozen=True)
class Attachment:
    filename: str
    content: bytes
    mimetype: str = "application/octet-stream"


@dataclass(frozen=True)
class Verbatim:
    text: str  # already redacted at ingest
    url: str | None = None
    source: str | None = None  # e.g. "social · 20/11/2026 08:15"


@dataclass
class Message:
    key: str  # delivery key: stable across re-runs, the receiver's idempotency id
    subject: str
    text: str
    html: str | None = None
    severity: str | None = None  # alta | media | baja (alerts); None for reports
    summary: str = ""  # one or two sentences under the title
    facts: list[tuple[str, str]] = field(default_factory=list)
    verbatims: list[Verbatim] = field(default_factory=list)
    links: list[tuple[str, str]] = field(default_factory=list)  # (label, url)
    attachments: list[Attachment] = field(default_factory=list)
    to: list[str] = field(default_factory=list)  # e-mail addresses; empty: the channel's own `to`
    data: dict[str, Any] = field(default_factory=dict)  # the alert/report as stored (webhook body)

    @property
    def idempotency_id(self) -> str:
        return hashlib.sha256(self.key.encode("utf-8")).hexdigest()[:32]


@dataclass
class Receipt:
    """What the receiving end said: `detail` is the SMTP Message-ID or the HTTP status."""

    channel: str
    detail: str
    sent_at: datetime = field(default_factory=lambda: datetime.now(timezone.utc))


class DeliveryError(RuntimeError):
    """A send failed. `retryable`: a timeout, a refused connection, HTTP 429/5xx, an SMTP 4xx;
    not retryable: HTTP 4xx, an authentication failure, a rejected recipient."""

    def __init__(self, message: str, retryable: bool = True):
        super().__init__(message)
        self.retryable = retryable


class Channel(ABC):
    """One configured destination. `secrets()` lists the values that must never be printed: the
    delivery stage scrubs them from every error it logs or stores."""

    type: ClassVar[str]
    secret_options: ClassVar[tuple[str, ...]] = ()  # config keys read as secret references (env:VAR, ...)

    def __init__(self, name: str):
        self.name = name

    @abstractmethod
    def send(self, message: Message) -> Receipt: ...

    def secrets(self) -> list[Secret | None]:
        return [v for v in vars(self).values() if isinstance(v, Secret)]

    def safe(self, text: object) -> str:
        """`text` without any of this channel's secrets (for errors built from a server's words)."""
        return scrub(str(text), self.secrets())

    def __repr__(self) -> str:
        return f"{type(self).__name__}(name={self.name!r})"


channels: Registry[Channel] = Registry("delivery channel", CHANNELS_GROUP)
