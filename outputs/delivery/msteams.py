"""Microsoft Teams webhook (Workflows "post to a channel when a webhook request is received", or a
legacy incoming webhook): a `message` whose attachment is an Adaptive Card 1.4 with the title,
severity, a FactSet of the evidence, verbatims and Action.OpenUrl buttons for the links."""

from __future__ import annotations

from typing import Any

from escucha.outputs.delivery._base import Message, channels
from escucha.outputs.delivery._http import JsonWebhookChannel

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
class TeamsChannel(JsonWebhookChannel):
    type = "teams"

    def payload(self, message: Message) -> dict[str, Any]:
        return adaptive_card(message)
