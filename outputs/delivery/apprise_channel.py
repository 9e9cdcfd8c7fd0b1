"""Any service Apprise reaches (Telegram, Discord, Mattermost, Rocket.Chat, Google Chat, ntfy,
Pushover, SMS gateways, ... about a hundred), one channel type: `apprise`.

    delivery:
      channels:
        guardia-telegram:
          type: apprise
          urls: [env:ESCUCHA_TELEGRAM_URL]     # tgram://bottoken/ChatID, kept as a secret

Each URL is an Apprise URL (https://github.com/caronc/apprise/wiki); they carry tokens, so they
are read as secret references and scrubbed from errors. The message goes as Markdown: the title
is the subject, the body the summary, facts, verbatims and links. Apprise reports success or
failure per send, not why: the reason is taken from what it logged.
"""

from __future__ import annotations

from typing import Sequence

from escucha.outputs.delivery._base import Channel, DeliveryError, Message, Receipt, channels
from escucha.secrets import Secret

_NOTIFY_TYPE = {"alta": "failure", "media": "warning", "baja": "info"}


def apprise_body(message: Message) -> str:
    """Markdown: summary, facts, verbatims, links (chat services render it, others show it as text)."""
    parts = [message.summary] if message.summary else []
    if message.facts:
        parts.append("\n".join(f"- **{k}**: {v}" for k, v in message.facts))
    if message.verbatims:
        parts.append("\n".join(f"> {v.text}" + (f" ({v.source})" if v.source else "") for v in message.verbatims))
    if message.links:
        parts.append("\n".join(f"[{label}]({url})" for label, url in message.links))
    if not parts:
        parts.append(message.text)
    return "\n\n".join(parts)


@channels.register("apprise")
class AppriseChannel(Channel):
    type = "apprise"
    secret_options = ("urls",)

    def __init__(self, name: str, urls: Sequence[Secret] | Secret, timeout_s: float = 10.0):
        super().__init__(name)
        self.urls = [urls] if isinstance(urls, Secret) else list(urls or [])
        if not self.urls:
            raise ValueError("urls: at least one Apprise URL is required")
        self.timeout_s = timeout_s
        import apprise

        self._apprise = apprise.Apprise(asset=apprise.AppriseAsset(async_mode=False))
        for i, url in enumerate(self.urls):
            if not self._apprise.add(url.reveal()):
                raise ValueError(f"urls[{i}] is not an Apprise URL Apprise knows")

    def secrets(self) -> list[Secret | None]:
        return list(self.urls)

    def send(self, message: Message) -> Receipt:
        import apprise

        notify_type = _NOTIFY_TYPE.get(message.severity or "", "info")
        with apprise.LogCapture(level=apprise.logging.WARNING) as logs:
            ok = self._apprise.notify(title=message.subject, body=apprise_body(message),
                                      body_format=apprise.NotifyFormat.MARKDOWN, notify_type=notify_type)
        if not ok:
            said = " ".join(logs.getvalue().split())[-500:] or "Apprise reported a failed send"
            raise DeliveryError(self.safe(f"{self.name}: {said}"), retryable=True)
        return Receipt(channel=self.name, detail=f"apprise: {len(self.urls)} URL(s)")
