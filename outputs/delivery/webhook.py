"""A generic JSON POST for any receiver (an incident tool, a SIEM, your own service).

Body: {"id", "key", "asunto", "severidad", "resumen", "texto", "hechos", "verbatims", "enlaces",
"datos"} (datos: the alert or report as stored). With `secret` set, the header
`X-Escucha-Signature: sha256=<hex>` is the HMAC-SHA256 of the exact body bytes with that key; the
receiver recomputes it to know the POST came from us and was not altered.
`X-Escucha-Delivery` is the idempotency id (the same on a resend after a crash).
"""

from __future__ import annotations

import hashlib
import hmac
from typing import Any

from escucha.outputs.delivery._base import Channel, DeliveryError, Message, Receipt, channels
from escucha.outputs.delivery._http import encode_json, post_json
from escucha.secrets import Secret

SIGNATURE_HEADER = "X-Escucha-Signature"


def webhook_body(message: Message) -> dict[str, Any]:
    return {
        "id": message.idempotency_id,
        "key": message.key,
        "asunto": message.subject,
        "severidad": message.severity,
        "resumen": message.summary,
        "texto": message.text,
        "hechos": [{"nombre": k, "valor": v} for k, v in message.facts],
        "verbatims": [{"texto": v.text, "url": v.url, "origen": v.source} for v in message.verbatims],
        "enlaces": [{"titulo": label, "url": url} for label, url in message.links],
        "datos": message.data,
    }


def sign(body: bytes, secret: str) -> str:
    return "sha256=" + hmac.new(secret.encode("utf-8"), body, hashlib.sha256).hexdigest()


@channels.register("webhook")
class WebhookChannel(Channel):
    type = "webhook"
    secret_options = ("url", "secret")

    def __init__(self, name: str, url: Secret, secret: Secret | None = None, signature_header: str = SIGNATURE_HEADER,
                 headers: dict[str, str] | None = None, timeout_s: float = 10.0):
        super().__init__(name)
        if not url:
            raise ValueError("url is required")
        self.url = url
        self.secret = secret
        self.signature_header = signature_header
        self.headers = dict(headers or {})
        self.timeout_s = timeout_s

    def send(self, message: Message) -> Receipt:
        body = encode_json(webhook_body(message))
        headers = {**self.headers, "X-Escucha-Delivery": message.idempotency_id}
        if self.secret:
            headers[self.signature_header] = sign(body, self.secret.reveal())
        try:
            status = post_json(self.url.reveal(), body, headers=headers, timeout=self.timeout_s)
        except DeliveryError as exc:
            raise DeliveryError(self.safe(f"{self.name}: {exc}"), exc.retryable) from None
        return Receipt(channel=self.name, detail=f"HTTP {status}")
