"""Secrets for delivery channels (SMTP passwords, webhook URLs, HMAC keys): the same references
as connectors (`escucha.connectors.secrets`: `env:VAR`, `prefect-secret:NAME`, `file:/path`),
resolved when a channel is built, wrapped in `Secret` (prints as its reference, never the value).

`scrub` adds what is particular to delivery: a webhook URL is a secret whose token sits in its
path, and a server may echo only the path or one segment of it in an error, so those forms are
removed too.
"""

from __future__ import annotations

from typing import Iterable
from urllib.parse import quote, urlsplit

from escucha.connectors.secrets import Secret, SecretError, resolve
from escucha.connectors.secrets import scrub as _scrub

__all__ = ["Secret", "SecretError", "resolve_secret", "scrub", "secret_forms"]


def resolve_secret(value: str | Secret | None, where: str) -> Secret | None:
    """A config value (a reference or, in tests, a literal) as a Secret; None stays None. `where`
    (e.g. "delivery.channels.alertas-slack.webhook_url") names the key in errors."""
    if value is None:
        return None
    return resolve(value if isinstance(value, Secret) else str(value), where)


def secret_forms(secret: Secret) -> set[str]:
    """The value and the forms it may travel in: URL-encoded; for a URL its path, query, password
    and long path segments (where Slack and Teams put the token)."""
    value = secret.reveal()
    forms = {value, quote(value, safe=""), quote(value)}
    if "://" in value:
        parts = urlsplit(value)
        forms |= {parts.path, parts.query, parts.password or ""}
        forms |= {seg for seg in parts.path.split("/") if len(seg) >= 8}
    return {f for f in forms if len(f) >= 4 and f != "/"}


def scrub(text: object, secrets: Iterable[Secret | None] = ()) -> str:
    """`text` without any known secret value, nor any form of the given secrets."""
    extra: set[str] = set()
    for s in secrets:
        if s is not None and s.reveal():
            extra |= secret_forms(s)
    return _scrub(text, extra)
