"""Slack incoming webhook: a JSON body with `text` (notification fallback) and Block Kit
`blocks` (header, severity and summary, facts as fields, verbatims as quotes, link buttons)."""

from __future__ import annotations

import html
from typing import Any

from escucha.outputs.delivery._base import Message, channels
from escucha.outputs.delivery._http import JsonWebhookChannel

SEVERITY_EMOJI = {"alta": ":red_circle:", "media": ":large_orange_circle:", "baja": ":large_yellow_circle:"}
MAX_FIELDS = 10  # Slack: at most 10 fields per section
MAX_TEXT = 2900  # Slack: 3000 characters per text object


def _cut(text: str, n: int) -> str:
    return text if len(text) <= n else text[: n - 1] + "…"


def _escape(text: str) -> str:
    """Slack mrkdwn control characters: &, < and > (Slack's own rule; quotes stay)."""
    return html.escape(text, quote=False)


def slack_payload(message: Message) -> dict[str, Any]:
    blocks: list[dict[str, Any]] = [
        {"type": "header", "text": {"type": "plain_text", "text": _cut(message.subject, 150), "emoji": True}},
    ]
    lead = []
    if message.severity:
        lead.append(f"{SEVERITY_EMOJI.get(message.severity, '')} *Severidad {message.severity}*".strip())
    if message.summary:
        lead.append(_escape(message.summary))
    if lead:
        blocks.append({"type": "section", "text": {"type": "mrkdwn", "text": _cut("\n".join(lead), MAX_TEXT)}})
    if message.facts:
        blocks.append({"type": "section", "fields": [
            {"type": "mrkdwn", "text": _cut(f"*{_escape(k)}*\n{_escape(v)}", 1900)} for k, v in message.facts[:MAX_FIELDS]]})
    if message.verbatims:
        lines = []
        for v in message.verbatims:
            line = f"> {_escape(v.text)}"
            if v.url:
                line += f"\n> <{v.url}|ver publicación>"
            if v.source:
                line += f"  _{_escape(v.source)}_"
            lines.append(line)
        blocks.append({"type": "divider"})
        blocks.append({"type": "section", "text": {"type": "mrkdwn",
                                                   "text": _cut("*Verbatims*\n" + "\n".join(lines), MAX_TEXT)}})
    if message.links:
        blocks.append({"type": "actions", "elements": [
            {"type": "button", "text": {"type": "plain_text", "text": _cut(label, 75)}, "url": url}
            for label, url in message.links[:5]]})
    blocks.append({"type": "context", "elements": [{"type": "mrkdwn", "text": "Escucha · voz del cliente"}]})
    return {"text": _cut(f"{message.subject}\n{message.summary}".strip(), MAX_TEXT), "blocks": blocks}


@channels.register("slack")
class SlackChannel(JsonWebhookChannel):
    type = "slack"

    def payload(self, message: Message) -> dict[str, Any]:
        return slack_payload(message)
