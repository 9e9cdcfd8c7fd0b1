"""POST JSON with the standard library, mapping failures to DeliveryError without the URL.

Webhook URLs are secrets (Slack and Teams put the token in the path), so no error message built
here contains the URL, and the server's reply is cut short and scrubbed by the caller.
"""

from __future__ import annotations

import json
import socket
import urllib.error
import urllib.request
from typing import Any, Mapping

from escucha.outputs.delivery._base import Channel, DeliveryError, Message, Receipt

USER_AGENT = "Escucha/0.1 (+delivery)"


def encode_json(payload: Any) -> bytes:
    """UTF-8 JSON with accents as they are (not \\u escapes), compact and stable."""
    return json.dumps(payload, ensure_ascii=False, separators=(",", ":"), sort_keys=False).encode("utf-8")


def post_json(url: str, body: bytes, headers: Mapping[str, str] | None = None, timeout: float = 10.0) -> int:
    """POST `body` (already encoded JSON); returns the HTTP status (2xx) or raises DeliveryError."""
    req = urllib.request.Request(url, data=body, method="POST", headers={
        "Content-Type": "application/json; charset=utf-8", "User-Agent": USER_AGENT, **dict(headers or {})})
    try:
        with urllib.request.urlopen(req, timeout=timeout) as resp:
            resp.read(1024)
            return int(resp.status)
    except urllib.error.HTTPError as exc:
        reply = ""
        try:
            reply = exc.read(300).decode("utf-8", "replace").strip()
        except Exception:  # noqa: BLE001 - the reply is only a hint
            pass
        retryable = exc.code == 429 or exc.code >= 500
        raise DeliveryError(f"HTTP {exc.code} {exc.reason}" + (f": {reply}" if reply else ""), retryable) from None
    except (urllib.error.URLError, socket.timeout, TimeoutError, ConnectionError, OSError) as exc:
        reason = getattr(exc, "reason", exc)
        raise DeliveryError(f"connection failed: {type(reason).__name__}: {reason}", True) from None


class JsonWebhookChannel(Channel):
    """A channel that POSTs one JSON payload to a secret webhook URL (Slack, Teams).

    Subclasses say only how a message becomes a payload (`payload`)."""

    secret_options = ("webhook_url",)

    def __init__(self, name: str, webhook_url, timeout_s: float = 10.0):
        super().__init__(name)
        if not webhook_url:
            raise ValueError("webhook_url is required (use env:VARIABLE)")
        self.webhook_url = webhook_url
        self.timeout_s = timeout_s

    def payload(self, message: Message) -> Any:
        raise NotImplementedError

    def send(self, message: Message) -> Receipt:
        body = encode_json(self.payload(message))
        try:
            status = post_json(self.webhook_url.reveal(), body, timeout=self.timeout_s)
        except DeliveryError as exc:
            raise DeliveryError(self.safe(f"{self.name}: {exc}"), exc.retryable) from None
        return Receipt(channel=self.name, detail=f"HTTP {status}")
