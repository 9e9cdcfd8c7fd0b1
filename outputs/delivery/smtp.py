"""E-mail over SMTP: STARTTLS (default, port 587), implicit TLS (`ssl`, port 465) or `plain`
(port 25, a relay inside the network), optional login, HTML with a plain-text alternative, and
attachments (the HTML report).

The Message-ID is derived from the delivery key, so the rare resend after a crash between
"the server accepted it" and "we recorded it" carries the same Message-ID (mail systems and
clients can drop the duplicate).
"""

from __future__ import annotations

import smtplib
import ssl
from email.message import EmailMessage
from email.utils import formataddr, formatdate, parseaddr
from typing import Literal

from escucha.outputs.delivery._base import Channel, DeliveryError, Message, Receipt, channels
from escucha.secrets import Secret

DEFAULT_PORTS = {"starttls": 587, "ssl": 465, "plain": 25}


@channels.register("smtp")
class SmtpChannel(Channel):
    type = "smtp"
    secret_options = ("password",)

    def __init__(
        self,
        name: str,
        host: str,
        sender: str,
        port: int | None = None,
        security: Literal["starttls", "ssl", "plain"] = "starttls",
        username: str | None = None,
        password: Secret | None = None,
        to: list[str] | None = None,
        sender_name: str = "Escucha",
        timeout_s: float = 20.0,
        ca_file: str | None = None,
        verify_tls: bool = True,
    ):
        super().__init__(name)
        if security not in DEFAULT_PORTS:
            raise ValueError(f"security must be starttls, ssl or plain; got {security!r}")
        if "@" not in parseaddr(sender)[1]:
            raise ValueError(f"sender {sender!r} is not an e-mail address")
        self.host = host
        self.port = int(port or DEFAULT_PORTS[security])
        self.security = security
        self.username = username
        self.password = password
        self.sender = sender
        self.sender_name = sender_name
        self.to = list(to or [])
        self.timeout_s = timeout_s
        self.ca_file = ca_file
        self.verify_tls = verify_tls

    def _tls(self) -> ssl.SSLContext:
        ctx = ssl.create_default_context(cafile=self.ca_file)
        if not self.verify_tls:
            ctx.check_hostname = False
            ctx.verify_mode = ssl.CERT_NONE
        return ctx

    def build(self, message: Message) -> EmailMessage:
        """The MIME message: text/plain, text/html alternative, then attachments."""
        to = message.to or self.to
        if not to:
            raise DeliveryError(f"{self.name}: no recipients (set `to` on the channel or the team's recipients)", False)
        domain = parseaddr(self.sender)[1].rpartition("@")[2] or "escucha.local"
        msg = EmailMessage()
        msg["Subject"] = message.subject
        msg["From"] = formataddr((self.sender_name, self.sender)) if self.sender_name else self.sender
        msg["To"] = ", ".join(to)
        msg["Date"] = formatdate(localtime=False, usegmt=True)
        msg["Message-ID"] = f"<{message.idempotency_id}@{domain}>"
        msg["X-Escucha-Delivery"] = message.idempotency_id
        if message.severity:
            msg["X-Escucha-Severidad"] = message.severity
            if message.severity == "alta":
                msg["Importance"] = "high"
                msg["X-Priority"] = "1"
        msg.set_content(message.text, subtype="plain", charset="utf-8")
        if message.html:
            msg.add_alternative(message.html, subtype="html", charset="utf-8")
        for att in message.attachments:
            maintype, _, subtype = att.mimetype.partition("/")
            msg.add_attachment(att.content, maintype=maintype, subtype=subtype or "octet-stream",
                               filename=att.filename)
        return msg

    def send(self, message: Message) -> Receipt:
        msg = self.build(message)
        try:
            if self.security == "ssl":
                client: smtplib.SMTP = smtplib.SMTP_SSL(self.host, self.port, timeout=self.timeout_s,
                                                        context=self._tls())
            else:
                client = smtplib.SMTP(self.host, self.port, timeout=self.timeout_s)
            with client:
                client.ehlo()
                if self.security == "starttls":
                    client.starttls(context=self._tls())
                    client.ehlo()
                if self.username:
                    client.login(self.username, self.password.reveal() if self.password else "")
                refused = client.send_message(msg)
        except smtplib.SMTPAuthenticationError as exc:
            raise DeliveryError(self.safe(f"{self.name}: SMTP authentication failed ({exc.smtp_code})"), False) from None
        except smtplib.SMTPRecipientsRefused as exc:
            raise DeliveryError(self.safe(f"{self.name}: recipients refused: {sorted(exc.recipients)}"), False) from None
        except smtplib.SMTPResponseException as exc:
            detail = exc.smtp_error.decode("utf-8", "replace") if isinstance(exc.smtp_error, bytes) else str(exc.smtp_error)
            raise DeliveryError(self.safe(f"{self.name}: SMTP {exc.smtp_code} {detail[:200]}"),
                                retryable=400 <= exc.smtp_code < 500) from None
        except (smtplib.SMTPException, OSError) as exc:
            raise DeliveryError(self.safe(f"{self.name}: {type(exc).__name__}: {exc}"), True) from None
        detail = str(msg["Message-ID"])
        if refused:  # the others got it: a retry would send them a duplicate
            detail += f" (refused: {', '.join(sorted(refused))})"
        return Receipt(channel=self.name, detail=detail)
