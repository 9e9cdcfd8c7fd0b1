"""An IMAP mailbox (PQRS that arrive by e-mail), incrementally by UID.

- TLS by default (`security: tls`, port 993); `starttls` (143) upgrades before logging in;
  `plain` sends the password in clear and is refused unless `allow_insecure: true` (loopback
  tests, a local relay). Certificates are verified (`ca_file` for a private CA).
- The cursor is `{uidvalidity, last_uid}`; when the server's UIDVALIDITY changes (mailbox
  rebuilt) every UID is meaningless and the mailbox is read again: record ids come from the
  Message-ID (or the message's hash), so re-reading updates rather than duplicates.
- Messages are fetched with BODY.PEEK (never marked as read) in chunks, each chunk one batch.
- Threads: `extra.thread_id` is the root of References (else In-Reply-To, else the message's
  own id), so the replies of one case group together.
- The analysed text is what the customer wrote in this message: HTML parts become text,
  charsets are decoded, quoted replies ("El ... escribió:", "On ... wrote:", "> " lines,
  "-----Mensaje original-----", Outlook "De:/Enviado:" blocks) and signatures ("-- ",
  "Enviado desde mi iPhone", "Cordialmente,"-style closings) are cut off.
"""

from __future__ import annotations

import email.utils
import hashlib
import imaplib
import json
import logging
import re
import ssl
import unicodedata
from datetime import datetime, timezone
from email import policy
from email.message import EmailMessage
from email.parser import BytesParser
from typing import Any, Iterator, Literal
from zoneinfo import ZoneInfo

from pydantic import Field, model_validator

from escucha.connectors._base import Batch, Connector, ConnectorOptions, registry
from escucha.connectors.htmltext import html_to_text
from escucha.connectors.http import SourceError
from escucha.records import QuarantineItem, Record, RecordError, build_record, pseudonymise
from escucha.secrets import resolve, scrub
from escucha.netutil import is_loopback

log = logging.getLogger(__name__)


class ImapOptions(ConnectorOptions):
    host: str
    port: int | None = Field(None, ge=1, le=65535)
    security: Literal["tls", "starttls", "plain"] = "tls"
    allow_insecure: bool = False
    ca_file: str | None = None
    username: str = Field(description="login (or a secret reference)")
    password: str = Field(description="reference, e.g. env:IMAP_PASSWORD")
    mailbox: str = "INBOX"
    timeout_s: float = Field(30.0, gt=0, le=600)
    fetch_chunk: int = Field(200, ge=1, le=5000)
    include_subject: bool = True
    timezone: str = "UTC"  # for Date headers without a zone

    @model_validator(mode="after")
    def _secure(self) -> "ImapOptions":
        if self.security == "plain" and not self.allow_insecure:
            raise ValueError("security 'plain' sends the password unencrypted; use tls or starttls, "
                             "or set allow_insecure: true (local test servers only)")
        return self


# ---------------------------------------------------------------- reply and signature stripping

def _fold(s: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", s.lower()) if not unicodedata.combining(c)).strip()


_ATTRIBUTION_ES = re.compile(r"^\s*el\s.+\bescribi[oó]\s*:\s*$", re.I)
_ATTRIBUTION_EN = re.compile(r"^\s*on\s.+\bwrote\s*:\s*$", re.I)
_SEPARATOR = re.compile(r"^\s*-{2,}\s*(mensaje original|original message|mensaje reenviado|forwarded message)"
                        r"\s*-*\s*$", re.I)
_OUTLOOK_FROM = re.compile(r"^\s*\*?(de|from)\s*:\*?\s+\S", re.I)
_OUTLOOK_NEXT = re.compile(r"^\s*\*?(enviado|sent|fecha|date|para|to|asunto|subject)\s*:", re.I)
_MOBILE = re.compile(r"^\s*(enviado desde mi|sent from my|enviado desde (outlook|yahoo|gmail)|"
                     r"obtener outlook para|get outlook for)\b", re.I)
_CLOSINGS = {"cordialmente", "atentamente", "saludos", "saludos cordiales", "un saludo", "un cordial saludo",
             "cordial saludo", "muchas gracias", "gracias", "gracias y saludos", "mil gracias", "quedo atento",
             "quedo atenta", "quedo atento a su respuesta", "quedo atenta a su respuesta", "best regards",
             "regards", "kind regards", "thanks", "thank you", "bendiciones", "feliz dia"}
SIGNATURE_MAX_LINES = 6  # a closing is a signature only when little follows it


def strip_reply(text: str) -> str:
    """The new part of an e-mail: quoted history, attributions and signatures removed."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    cut = len(lines)
    for i, line in enumerate(lines):
        pair = f"{line} {lines[i + 1]}" if i + 1 < len(lines) else line  # attribution wrapped on two lines
        if _SEPARATOR.match(line) or line.rstrip() in ("--", "-- ") or _MOBILE.match(line):
            cut = i
            break
        if _ATTRIBUTION_ES.match(line) or _ATTRIBUTION_EN.match(line):
            cut = i
            break
        if re.match(r"^\s*(el|on)\s", line, re.I) and (_ATTRIBUTION_ES.match(pair) or _ATTRIBUTION_EN.match(pair)):
            cut = i
            break
        if _OUTLOOK_FROM.match(line) and any(_OUTLOOK_NEXT.match(n) for n in lines[i + 1:i + 4]):
            cut = i
            while cut > 0 and re.fullmatch(r"\s*_{5,}\s*", lines[cut - 1]):
                cut -= 1
            break
    kept = [ln for ln in lines[:cut] if not ln.lstrip().startswith(">")]
    for i in range(len(kept) - 1, -1, -1):  # closing line near the end: it and what follows go
        if _fold(kept[i]).rstrip(",.!;: ") in _CLOSINGS and len([k for k in kept[i + 1:] if k.strip()]) <= SIGNATURE_MAX_LINES:
            kept = kept[:i]
            break
    out = "\n".join(ln.rstrip() for ln in kept)
    return re.sub(r"\n{3,}", "\n\n", out).strip()


_QUESTION = re.compile(r"¿[^?¿]{3,300}\?|[^.?!¿\n]{3,300}\?")


def quoted_questions(text: str) -> str | None:
    """The questions of the message this one replies to ("¿me confirma su número de cédula?"),
    from its quoted history: they say what the customer's bare answer is (see ingest)."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    quoted = [ln.lstrip().lstrip(">").strip() for ln in lines if ln.lstrip().startswith(">")
              and not ln.lstrip().startswith(">>")]
    if not quoted:
        for i, line in enumerate(lines):
            if _SEPARATOR.match(line) or _ATTRIBUTION_ES.match(line) or _ATTRIBUTION_EN.match(line):
                quoted = lines[i + 1:]
                break
    found = [m.group(0).strip() for m in _QUESTION.finditer(" ".join(quoted))]
    return " ".join(found)[:600] or None


# ---------------------------------------------------------------- message parsing

_REPLY_SUBJECT = re.compile(r"^\s*((re|rv|fw|fwd|reenv|res)\s*:\s*)+", re.I)
_MSGID = re.compile(r"<[^<>\s]+>")


def _body(msg: EmailMessage) -> str:
    part = msg.get_body(preferencelist=("plain", "html"))
    if part is None:
        return ""
    try:
        content = part.get_content()
    except (LookupError, UnicodeError, AssertionError, KeyError):  # unknown or lying charset
        raw = part.get_payload(decode=True) or b""
        for enc in ("utf-8", "cp1252"):
            try:
                content = raw.decode(enc)
                break
            except UnicodeDecodeError:
                continue
        else:  # pragma: no cover - cp1252 decodes almost anything
            content = raw.decode("latin-1")
    if isinstance(content, bytes):
        content = content.decode("utf-8", "replace")
    if part.get_content_subtype() == "html":
        content = html_to_text(content)
    return content


def thread_id(msg_id: str, in_reply_to: str | None, references: str | None) -> str:
    refs = _MSGID.findall(references or "")
    if refs:
        return refs[0].strip("<>")
    parent = _MSGID.findall(in_reply_to or "")
    return parent[0].strip("<>") if parent else msg_id


@registry.register("imap")
class ImapConnector(Connector):
    Options = ImapOptions

    def payload_keys(self) -> tuple[frozenset[str], frozenset[str]]:
        keep, _ = super().payload_keys()
        return keep | {"uid", "uidvalidity", "mailbox", "message_id"}, frozenset({"from"})

    # -- connection
    def _ssl_context(self) -> ssl.SSLContext:
        ctx = ssl.create_default_context(cafile=self.options.ca_file)
        ctx.minimum_version = ssl.TLSVersion.TLSv1_2
        return ctx

    def connect(self) -> imaplib.IMAP4:
        o = self.options
        port = o.port or (993 if o.security == "tls" else 143)
        try:
            if o.security == "tls":
                conn: imaplib.IMAP4 = imaplib.IMAP4_SSL(o.host, port, ssl_context=self._ssl_context(),
                                                        timeout=o.timeout_s)
            else:
                conn = imaplib.IMAP4(o.host, port, timeout=o.timeout_s)
                if o.security == "starttls":
                    conn.starttls(ssl_context=self._ssl_context())
                elif not is_loopback(o.host):
                    log.warning("connector %r: IMAP without TLS to %s", self.name, o.host)
        except (OSError, imaplib.IMAP4.error, ssl.SSLError) as exc:
            raise SourceError(f"connector {self.name!r}: cannot open {o.security} IMAP to {o.host}:{port}: "
                              f"{type(exc).__name__}: {scrub(exc)[:200]}") from None
        user = resolve(o.username, f"connector {self.name!r} options.username").reveal()
        password = resolve(o.password, f"connector {self.name!r} options.password")
        try:
            conn.login(user, password.reveal())
        except (OSError, imaplib.IMAP4.error) as exc:
            _close(conn)
            raise SourceError(f"connector {self.name!r}: IMAP login refused for {user!r}: {scrub(exc)[:200]}") from None
        return conn

    # -- reading
    def read(self, state: dict[str, Any] | None) -> Iterator[Batch]:
        o = self.options
        state = dict(state or {})
        conn = self.connect()
        try:
            try:
                typ, data = conn.select(_quote(o.mailbox), readonly=True)
                if typ != "OK":
                    raise SourceError(f"connector {self.name!r}: mailbox {o.mailbox!r} cannot be opened: "
                                      f"{scrub(data)[:200]}")
                uidvalidity = int(conn.response("UIDVALIDITY")[1][0])
                last = int(state.get("last_uid", 0))
                if state.get("uidvalidity") not in (None, uidvalidity):
                    log.warning("connector %r: UIDVALIDITY of %s changed (%s -> %s): reading the mailbox again",
                                self.name, o.mailbox, state.get("uidvalidity"), uidvalidity)
                    last = 0
                typ, data = conn.uid("SEARCH", None, f"UID {last + 1}:*")
                uids = sorted(u for u in (int(x) for x in (data[0] or b"").split()) if u > last)
                chunk = max(1, min(o.fetch_chunk, self.context.batch_size))
                tz = ZoneInfo(o.timezone)
                for start in range(0, len(uids), chunk):
                    part = uids[start:start + chunk]
                    batch = Batch()
                    for uid, raw, internal in self._fetch(conn, part):
                        self._add(batch, uid, uidvalidity, raw, internal, tz)
                    batch.cursor = {"uidvalidity": uidvalidity, "last_uid": part[-1]}
                    yield batch
                if not uids and state.get("uidvalidity") != uidvalidity:
                    yield Batch(cursor={"uidvalidity": uidvalidity, "last_uid": last})
            except (OSError, imaplib.IMAP4.error) as exc:
                raise SourceError(f"connector {self.name!r}: IMAP error: {type(exc).__name__}: "
                                  f"{scrub(exc)[:200]}") from None
        finally:
            _close(conn)

    def _fetch(self, conn: imaplib.IMAP4, uids: list[int]) -> Iterator[tuple[int, bytes, datetime | None]]:
        typ, data = conn.uid("FETCH", ",".join(map(str, uids)), "(UID INTERNALDATE BODY.PEEK[])")
        if typ != "OK":
            raise imaplib.IMAP4.error(f"UID FETCH answered {typ}")
        for item in data:
            if not isinstance(item, tuple) or len(item) < 2:
                continue
            head, raw = item[0], item[1]
            m = re.search(rb"UID (\d+)", head)
            if not m:
                continue
            internal = None
            t = imaplib.Internaldate2tuple(head)
            if t is not None:
                internal = datetime(*t[:6]).astimezone(timezone.utc)
            yield int(m.group(1)), raw, internal

    def _add(self, batch: Batch, uid: int, uidvalidity: int, raw: bytes, internal: datetime | None,
             tz: ZoneInfo) -> None:
        try:
            batch.records.append(self.to_record(raw, uid, internal, tz))
        except RecordError as exc:
            reason = f"UID {uid}: {exc}"
        except (ValueError, TypeError, AttributeError, LookupError, IndexError) as exc:
            reason = f"UID {uid}: the message could not be parsed: {type(exc).__name__}: {exc}"
        else:
            return
        payload = {"uid": uid, "uidvalidity": uidvalidity, "mailbox": self.options.mailbox,
                   "raw": raw[:50_000].decode("utf-8", "replace")}
        batch.quarantined.append(QuarantineItem(self.source, "ingest", reason, json.dumps(payload, ensure_ascii=False)))

    def to_record(self, raw: bytes, uid: int, internal: datetime | None, tz: ZoneInfo) -> Record:
        msg = BytesParser(policy=policy.default).parsebytes(raw)
        msg_id_header = str(msg.get("Message-ID") or "")
        ids = _MSGID.findall(msg_id_header)
        msg_id = ids[0].strip("<>") if ids else "sha256:" + hashlib.sha256(raw).hexdigest()[:32]
        date_header = msg.get("Date")
        created = None
        if date_header:
            try:
                created = email.utils.parsedate_to_datetime(str(date_header))
                if created.tzinfo is None:
                    created = created.replace(tzinfo=tz)
            except (TypeError, ValueError, IndexError):
                created = None
        created = created or internal
        if created is None:
            raise RecordError(self.source, msg_id, f"field 'created_at': Date header {date_header!r} cannot be read "
                                                   "and the server gave no INTERNALDATE")
        subject = str(msg.get("Subject") or "").strip()
        in_reply_to, references = msg.get("In-Reply-To"), msg.get("References")
        is_reply = bool(in_reply_to or references or _REPLY_SUBJECT.match(subject))
        full = _body(msg)
        body = strip_reply(full)
        text = body
        if self.options.include_subject and subject and not is_reply and not body.startswith(subject):
            text = f"{subject}\n\n{body}".strip()
        sender = email.utils.parseaddr(str(msg.get("From") or ""))[1].lower() or None
        extra = {"thread_id": thread_id(msg_id, str(in_reply_to or ""), str(references or "")),
                 "message_id": msg_id, "subject": subject or None, "is_reply": is_reply, "uid": uid,
                 "mailbox": self.options.mailbox}
        if in_reply_to:
            extra["in_reply_to"] = str(in_reply_to).strip().strip("<>")
        asked = quoted_questions(full) if is_reply else None
        if asked and body:
            extra["replies"] = [[len(text) - len(body), len(text), asked]]  # [start, end, the question answered]
        return build_record(self.source, msg_id, channel=self.channel, created_at=created, text=text,
                            author=pseudonymise(sender, self.context.pseudonym_salt),
                            extra={k: v for k, v in extra.items() if v is not None})


def _quote(mailbox: str) -> str:
    return mailbox if re.fullmatch(r"[A-Za-z0-9_./-]+", mailbox) else '"' + mailbox.replace('"', r"\"") + '"'




def _close(conn: imaplib.IMAP4) -> None:
    try:
        conn.logout()
    except Exception:  # noqa: BLE001 - closing a broken connection
        pass
