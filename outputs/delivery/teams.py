"""Microsoft Teams webhook (Workflows "post to a channel when a webhook request is received", or a
legacy incoming webhook): a `message` whose attachment is an Adaptive Card 1.4 with the title,
severity, a FactSet of the evidence, verbatims and Action.OpenUrl buttons for the links."""

from __future__ import annotations

from typing import Any

from escucha.outputs.delivery._base import Channel, DeliveryError, Message, Receipt, channels
from escucha.outputs.delivery._http import encode_json, post_json
from escucha.outputs.delivery.secrets import Secret

CARD_CONTENT_TYPE = "application/vnd.microsoft.card.adaptive"
SEVERITY_COLOR = {"alta": "Attention", "media": "Warning", "baja": "Accent"}


def adaptive_card(message: Message) -> dict[str, Any]:
    body: list[dict[str, Any]] = [
        {"type": "TextBlock", "text": message.subject, "size": "Large", "weight": "Bolder", "wrap": True},
    ]
    if message.severity:
        body.append({"type": "TextBlock", "text": f"Severidad {message.severity}", "weight": "Bolder",
                     "color": SEVERITY_COLOR.get(message.severity, "Default"), "spacing": "None"})
    if message.summary:
        body.append({"type": "TextBlock", "text": message.summary, "wrap": True})
    if message.facts:
        body.append({"type": "FactSet", "facts": [{"title": k, "value": v} for k, v in message.facts]})
    if message.verbatims:
        body.append({"type": "TextBlock", "text": "Verbatims", "weight": "Bolder", "separator": True})
        for v in message.verbatims:
            text = f"“{v.text}”" + (f" — {v.source}" if v.source else "") + (f" [ver publicación]({v.url})" if v.url else "")
            body.append({"type": "TextBlock", "text": text, "wrap": True, "isSubtle": True})
    card: dict[str, Any] = {
        "$schema": "http://adaptivecards.io/schemas/adaptive-card.json",
        "type": "AdaptiveCard",
        "version": "1.4",
        "body": body,
        "msteams": {"width": "Full"},
    }
    if message.links:
        card["actions"] = [{"type": "Action.OpenUrl", "title": label, "url": url} for label, url in message.links[:5]]
    return {"type": "message", "summary": message.subject,
            "attachments": [{"contentType": CARD_CONTENT_TYPE, "contentUrl": None, "content": card}]}


@channels.register("teams")
class TeamsChannel(Channel):
    type = "teams"
    secret_options = ("webhook_url",)

    def __init__(self, name: str, webhook_url: Secret, timeout_s: float = 10.0):
        super().__init__(name)
        if not webhook_url:
            raise ValueError("webhook_url is required (use env:VARIABLE)")
        self.webhook_url = webhook_url
        self.timeout_s = timeout_s

    def send(self, message: Message) -> Receipt:
        body = encode_json(adaptive_card(message))
        try:
            status = post_json(self.webhook_url.reveal(), body, timeout=self.timeout_s)
        except DeliveryError as exc:
            raise DeliveryError(self.safe(f"{self.name}: {exc}"), exc.retryable) from None
        return Receipt(channel=self.name, detail=f"HTTP {status}")
