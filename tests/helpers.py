"""Plain helpers shared by the tests (fixtures built on them live in conftest.py).

Import them by module name (`from helpers import read_all`): pytest puts `tests/` on the path.
"""

from __future__ import annotations

import ipaddress
import os
import socket
import subprocess
import sys
import time
import urllib.request
from datetime import datetime, timedelta, timezone
from pathlib import Path
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, Iterator


@dataclass
class Read:
    """Everything one full read of a connector produced. Unpacks as (records, quarantined, cursor):
    `cursor` is where the next read starts (the state read from, when no batch came)."""

    records: list
    quarantined: list
    cursors: list  # each batch's cursor, in order
    start: Any = None

    @property
    def cursor(self) -> Any:
        return self.cursors[-1] if self.cursors else self.start

    def __iter__(self) -> Iterator[Any]:
        return iter((self.records, self.quarantined, self.cursor))


def read_all(conn, state=None) -> Read:
    """Read a connector to the end from `state`, as ingest does, keeping every batch's output."""
    records, quarantined, cursors = [], [], []
    for batch in conn.read(state):
        records += batch.records
        quarantined += batch.quarantined
        cursors.append(batch.cursor)
    return Read(records, quarantined, cursors, state)


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now (for servers that need a number)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def self_signed_cert(folder: Path, common_name: str = "127.0.0.1") -> tuple[Path, Path]:
    """(cert.pem, key.pem) for 127.0.0.1, valid from yesterday to tomorrow; it is its own CA,
    so a client trusts it with `cafile=cert.pem` and refuses it without."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, common_name)])
    now = datetime.now(timezone.utc)
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(now - timedelta(days=1))
            .not_valid_after(now + timedelta(days=1))
            .add_extension(x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]),
                           critical=False)
            .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
            .sign(key, hashes.SHA256()))
    folder.mkdir(parents=True, exist_ok=True)
    cert_path, key_path = folder / "cert.pem", folder / "key.pem"
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                           serialization.NoEncryption()))
    return cert_path, key_path


def wait_http_ok(url: str, timeout: float, alive=lambda: True) -> None:
    """Poll `url` until it answers 200; fail early when `alive()` says the server process died."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if not alive():
            raise RuntimeError(f"the server behind {url} exited before it was ready")
        try:
            with urllib.request.urlopen(url, timeout=2) as r:
                if r.status == 200:
                    return
        except OSError:
            time.sleep(0.5)
    raise TimeoutError(f"{url} did not answer 200 within {timeout:.0f} s")


@contextmanager
def dashboard_server(config: Path, token_env: str, token: str, env: dict[str, str] | None = None) -> Iterator[str]:
    """`escucha dashboard --port P -c CONFIG` (no --host: it must listen on 127.0.0.1) in a child
    process; yields its base URL once it accepts connections, stops it afterwards."""
    port = free_port()
    proc_env = {**os.environ, token_env: token, "ESCUCHA_PROGRESS": "off", **(env or {})}
    proc_env.pop("ESCUCHA_CONFIG", None)
    proc = subprocess.Popen(
        [sys.executable, "-m", "escucha.cli", "dashboard", "--port", str(port), "-c", str(config)],
        env=proc_env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )
    deadline = time.monotonic() + 60
    while True:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            break
        except OSError:
            if proc.poll() is not None or time.monotonic() > deadline:
                proc.kill()
                raise RuntimeError(f"the dashboard did not start: {proc.stdout.read() if proc.stdout else ''}")
            time.sleep(0.1)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        proc.terminate()
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()


def save_with_sentiment(store, pairs) -> list:
    """Store (Record, sentiment) pairs as one connector's batch with their sentiment as the only
    enrichment (what the customer analytics read); returns the records."""
    import pandas as pd

    recs = [r for r, _ in pairs]
    store.save_batch("prueba", recs, [], None, "run-1")
    store.upsert_enrichments(pd.DataFrame({
        "record_id": [r.id for r in recs], "text_hash": [r.text_hash() for r in recs],
        "sentiment": [s for _, s in pairs], "model_version": "prueba",
    }), "run-1")
    return recs


def cut_demo(folder: Path, pqrs: int = 90, social: int = 80, transcripts: int = 30) -> None:
    """Cut a demo corpus (its generator writes 600 records at least) to its first records of every
    channel, for tests that need every channel and connector but not the volume."""
    import csv
    import json

    with (folder / "pqrs.csv").open(encoding="utf-8", newline="") as fh:
        rows = list(csv.reader(fh))
    with (folder / "pqrs.csv").open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh).writerows(rows[: pqrs + 1])
    posts = json.loads((folder / "social.json").read_text(encoding="utf-8"))
    posts["data"] = posts["data"][:social]
    (folder / "social.json").write_text(json.dumps(posts, ensure_ascii=False), encoding="utf-8")
    lines = (folder / "transcripts.jsonl").read_text(encoding="utf-8").splitlines()
    (folder / "transcripts.jsonl").write_text("\n".join(lines[:transcripts]) + "\n", encoding="utf-8")
