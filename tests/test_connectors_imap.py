"""IMAP connector against a real IMAP server on loopback: pymap (asyncio, in-memory `dict`
backend) started per module, with a TLS certificate made here for STARTTLS."""

from __future__ import annotations

import imaplib
import socket
import ssl
import subprocess
import sys
import time
from datetime import datetime, timezone
from email.message import EmailMessage

import pytest
from helpers import free_port, read_all

from escucha.connectors import ConnectorConfigError, ConnectorContext, registry
from escucha.connectors.http import SourceError
from escucha.connectors.imap import strip_reply

pytestmark = pytest.mark.timeout(60)

CTX = ConnectorContext(pseudonym_salt="test-salt-123", data_dir=".", batch_size=2)
USER, PASSWORD = "demouser", "demopass"


@pytest.fixture(scope="module")
def pymap_server(tmp_path_factory, tls_cert):
    pytest.importorskip("pymap", reason="pymap (test extra) is not installed")
    folder = tmp_path_factory.mktemp("imap")
    cert, key = tls_cert
    port = free_port()
    log = (folder / "pymap.log").open("wb")
    proc = subprocess.Popen([sys.executable, "-c", "from pymap.main import main; main()", "--host", "127.0.0.1",
                             "--port", str(port), "--cert", str(cert), "--key", str(key), "dict"],
                            stdout=log, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 20
        while True:
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=1) as s:
                    s.settimeout(2)
                    if s.recv(100).startswith(b"* OK"):
                        break
            except OSError:
                pass
            if proc.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"pymap did not start: {(folder / 'pymap.log').read_text(errors='replace')[-2000:]}")
            time.sleep(0.1)
        yield {"port": port, "ca": str(cert)}
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=5)
        except subprocess.TimeoutExpired:
            proc.kill()
        log.close()


def admin(server) -> imaplib.IMAP4:
    """A plain imaplib session to prepare mailboxes (the test's own IMAP client)."""
    conn = imaplib.IMAP4("127.0.0.1", server["port"], timeout=10)
    conn.starttls(ssl.create_default_context(cafile=server["ca"]))
    conn.login(USER, PASSWORD)
    return conn


def mail(msg_id: str, subject: str, body: str, *, html: str | None = None, charset: str = "utf-8",
         in_reply_to: str | None = None, references: str | None = None, sender: str = "laura@cliente.test",
         date: str = "Tue, 18 Nov 2026 09:15:00 -0500") -> bytes:
    m = EmailMessage()
    m["From"] = f"Laura Beltrán <{sender}>"
    m["To"] = "pqrs@conecta.test"
    m["Subject"] = subject
    m["Date"] = date
    m["Message-ID"] = f"<{msg_id}>"
    if in_reply_to:
        m["In-Reply-To"] = f"<{in_reply_to}>"
    if references:
        m["References"] = references
    m.set_content(body, charset=charset)
    if html:
        m.add_alternative(html, subtype="html")
    if html and body == "":  # HTML only
        m = EmailMessage()
        for k in ("From", "To", "Subject", "Date", "Message-ID"):
            m[k] = {"From": f"Laura <{sender}>", "To": "pqrs@conecta.test", "Subject": subject, "Date": date,
                    "Message-ID": f"<{msg_id}>"}[k]
        m.set_content(html, subtype="html", charset=charset)
    return m.as_bytes()


FIRST = mail("m1@cliente.test", "Reclamo por cobro doble",
             "Buenas tardes,\n\nMe cobraron dos veces la cuota de noviembre y necesito la devolución.\n\n"
             "Cordialmente,\nLaura Beltrán\nCel. 300 123 4567\n", charset="iso-8859-1")
REPLY = mail("m3@cliente.test", "RE: Reclamo por cobro doble",
             "Ya pasaron diez días y nada.\n\nEl mar, 18 nov 2026 a las 10:00, PQRS Conecta <pqrs@conecta.test>\n"
             "escribió:\n> Estimada Laura, estamos revisando su caso.\n> Saludos\n",
             in_reply_to="m2@conecta.test", references="<m1@cliente.test> <m2@conecta.test>",
             date="Fri, 28 Nov 2026 08:00:00 -0500")
HTML_ONLY = mail("m4@otro.test", "Felicitaciones", "",
                 html="<html><head><style>p{}</style></head><body><p>Excelente atenci&oacute;n del t&eacute;cnico."
                      "</p><div>Enviado desde mi iPhone</div></body></html>", sender="pedro@otro.test")
OUTLOOK = mail("m5@otro.test", "RV: Factura", "La factura sigue llegando mal.\n\n"
               "________________________________\nDe: Conecta <pqrs@conecta.test>\nEnviado: lunes, 1 de diciembre\n"
               "Para: Pedro\nAsunto: Factura\n\nTexto anterior de la empresa\n", sender="pedro@otro.test")
EMPTY = mail("m6@otro.test", "RE: nada", "> solo una cita\n", in_reply_to="m5@otro.test")


def fill(server, mailbox: str, messages: list[bytes], recreate: bool = False) -> None:
    conn = admin(server)
    try:
        if recreate:
            conn.delete(mailbox)
        conn.create(mailbox)
        for raw in messages:
            typ, data = conn.append(mailbox, None, None, raw)
            assert typ == "OK", data
    finally:
        conn.logout()


def make(server, mailbox: str, **extra):
    return registry.create("imap", name="correo", channel="email", context=CTX, options={
        "host": "127.0.0.1", "port": server["port"], "security": "starttls", "ca_file": server["ca"],
        "username": USER, "password": "env:IMAP_PASSWORD", "mailbox": mailbox, "timeout_s": 10, **extra})


def test_starttls_mailbox_incremental_threads_and_cleaning(pymap_server, monkeypatch):
    monkeypatch.setenv("IMAP_PASSWORD", PASSWORD)
    fill(pymap_server, "Soporte", [FIRST, REPLY, HTML_ONLY, OUTLOOK, EMPTY])
    conn = make(pymap_server, "Soporte")
    read = read_all(conn)
    records, quarantined, cursors = read.records, read.quarantined, read.cursors
    by_id = {r.source_id: r for r in records}
    assert sorted(by_id) == ["m1@cliente.test", "m3@cliente.test", "m4@otro.test", "m5@otro.test"]
    first = by_id["m1@cliente.test"]
    assert first.channel == "email"
    assert first.text == ("Reclamo por cobro doble\n\nBuenas tardes,\n\n"
                          "Me cobraron dos veces la cuota de noviembre y necesito la devolución.")  # Latin-1 decoded
    assert first.author.startswith("u_") and "laura" not in first.author
    assert first.created_at == datetime(2026, 11, 18, 14, 15, tzinfo=timezone.utc)
    reply = by_id["m3@cliente.test"]
    assert reply.text == "Ya pasaron diez días y nada."  # quoted history and attribution gone, no "RE:" subject
    assert reply.extra["thread_id"] == first.extra["thread_id"] == "m1@cliente.test"
    assert reply.extra["in_reply_to"] == "m2@conecta.test" and reply.extra["is_reply"] is True
    assert by_id["m4@otro.test"].text == "Felicitaciones\n\nExcelente atención del técnico."
    assert by_id["m5@otro.test"].text == "La factura sigue llegando mal."
    assert len(quarantined) == 1 and "m6@otro.test" in quarantined[0].reason and "empty" in quarantined[0].reason
    # batches of 2 (context.batch_size); the cursor is the last UID of each
    assert len(cursors) == 3 and cursors[-1]["last_uid"] > cursors[0]["last_uid"]
    # messages are only peeked at: still unseen on the server
    check = admin(pymap_server)
    check.select("Soporte", readonly=True)
    assert len(check.uid("SEARCH", None, "UNSEEN")[1][0].split()) == 5
    check.logout()
    # next run: nothing new; then one new message
    again = read_all(conn, cursors[-1])
    assert again.records == [] and again.cursors == []
    fill(pymap_server, "Soporte", [mail("m7@cliente.test", "Otra", "Sin señal otra vez.")])
    new, _, c3 = read_all(conn, cursors[-1])
    assert [r.source_id for r in new] == ["m7@cliente.test"] and c3["last_uid"] > cursors[-1]["last_uid"]


def test_uidvalidity_change_rereads_with_the_same_ids(pymap_server, monkeypatch):
    monkeypatch.setenv("IMAP_PASSWORD", PASSWORD)
    fill(pymap_server, "Rebuilt", [FIRST, HTML_ONLY])
    conn = make(pymap_server, "Rebuilt")
    before, _, cursor = read_all(conn)
    fill(pymap_server, "Rebuilt", [FIRST, HTML_ONLY], recreate=True)  # a rebuilt mailbox: new UIDVALIDITY
    after, _, cursor2 = read_all(conn, cursor)
    assert cursor2["uidvalidity"] != cursor["uidvalidity"]
    assert sorted(r.id for r in after) == sorted(r.id for r in before) and len(after) == 2


def test_tls_is_verified_and_errors_do_not_hang_or_leak(pymap_server, monkeypatch):
    monkeypatch.setenv("IMAP_PASSWORD", "mala-clave-7f3a")
    fill(pymap_server, "Vacio", [])
    with pytest.raises(SourceError, match="login refused") as info:  # wrong password
        read_all(make(pymap_server, "Vacio"))
    assert "mala-clave-7f3a" not in str(info.value)
    with pytest.raises(SourceError, match="CERTIFICATE_VERIFY_FAILED"):  # no CA given: the self-signed cert is refused
        read_all(make(pymap_server, "Vacio", ca_file=None))
    with pytest.raises(SourceError, match="cannot open tls IMAP"):  # implicit TLS against a plain-text port
        read_all(make(pymap_server, "Vacio", security="tls", timeout_s=3))
    # a hang would end in the module's pytest-timeout, not here: no wall-clock bound to flake under load


def test_plain_needs_allow_insecure(pymap_server, monkeypatch):
    with pytest.raises(ConnectorConfigError, match="allow_insecure"):
        make(pymap_server, "INBOX", security="plain")
    monkeypatch.setenv("IMAP_PASSWORD", PASSWORD)
    fill(pymap_server, "Plano", [FIRST])
    records, _, _ = read_all(make(pymap_server, "Plano", security="plain", allow_insecure=True, ca_file=None))
    assert [r.source_id for r in records] == ["m1@cliente.test"]


@pytest.mark.parametrize("body, expected", [
    ("Hola, no me llega el recibo.\n\nOn Mon, Nov 3, 2026 at 9:00 AM Conecta <a@b.c> wrote:\n> previous",
     "Hola, no me llega el recibo."),
    ("Necesito el paz y salvo.\n-----Mensaje original-----\nDe: x\nTexto viejo", "Necesito el paz y salvo."),
    ("Quiero cancelar.\n-- \nJuan Pérez\nGerente", "Quiero cancelar."),
    ("El servicio falla.\n\nSaludos cordiales,\nAna\nTel 123", "El servicio falla."),
    ("Gracias por nada.\nEl técnico no vino.", "Gracias por nada.\nEl técnico no vino."),  # not a closing
])
def test_strip_reply(body, expected):
    assert strip_reply(body) == expected
