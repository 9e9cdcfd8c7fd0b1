"""Secrets in the config (connector tokens, SMTP passwords, webhook URLs, the dashboard token):
references, resolved only where they are used.

A config never holds a token itself, only where to find it:

- `env:ZENDESK_TOKEN`: an environment variable;
- `prefect-secret:zendesk-token`: a Prefect `Secret` block (Prefect is imported only then);
- `file:/run/secrets/zendesk_token`: a file (Docker/Kubernetes secrets), stripped of its newline.

A value without one of these prefixes is taken literally (handy in tests, discouraged in a
config file). A resolved value is wrapped in `Secret`, whose `str`/`repr` show the reference,
never the value, and `scrub()` removes known secret values from any text (error messages, HTTP
response bodies) before it can reach a log, an exception, the quarantine or the delivery ledger.

A webhook URL is a secret whose token sits in its path, and a server may echo only the path or
one segment of it in an error: `scrub(text, secrets)` also removes those forms of the secrets it
is given (not of every known secret, since a path segment such as "services" is a common word).
"""

from __future__ import annotations

import base64
import os
import threading
from pathlib import Path
from typing import Iterable
from urllib.parse import quote, urlsplit

PREFIXES = ("env:", "prefect-secret:", "file:")
MASK = "***"

_known: set[str] = set()  # every value resolved in this process, for scrub()
_lock = threading.Lock()


class SecretError(ValueError):
    """A secret reference that cannot be resolved; the message names the reference, not a value."""


class Secret:
    """A resolved secret. Only `reveal()` gives the value; printing shows the reference."""

    __slots__ = ("_value", "ref")

    def __init__(self, value: str, ref: str):
        self._value = value
        self.ref = ref
        remember(value)

    def reveal(self) -> str:
        return self._value

    def __repr__(self) -> str:
        return f"Secret({self.ref!r})"

    __str__ = __repr__

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Secret) and other._value == self._value

    def __hash__(self) -> int:
        return hash(self.ref)

    def __reduce__(self):  # never pickled with its value (Prefect may pickle task arguments)
        raise TypeError("a Secret is not picklable; pass the reference and resolve it where it is used")


def is_reference(value: str) -> bool:
    return isinstance(value, str) and value.startswith(PREFIXES)


def describe(ref: str) -> str:
    """What a reference points at, safe to print (a literal shows as ***)."""
    return ref if is_reference(ref) else MASK


def remember(value: str) -> None:
    """Register a value (and the forms it travels in) so that `scrub` hides it."""
    if not value or len(value) < 4:  # masking 'a' everywhere would make messages unreadable
        return
    with _lock:
        _known.add(value)


def basic_auth_value(user: str, secret: Secret) -> str:
    """`user:secret` as HTTP Basic credentials; the encoded form is registered for scrubbing too."""
    encoded = base64.b64encode(f"{user}:{secret.reveal()}".encode()).decode()
    remember(encoded)
    return "Basic " + encoded


def secret_forms(secret: Secret) -> set[str]:
    """The value and the forms it may travel in: URL-encoded; for a URL its path, query, password
    and long path segments (where Slack and Teams put the token)."""
    value = secret.reveal()
    forms = {value, quote(value, safe=""), quote(value)}
    if "://" in value:
        parts = urlsplit(value)
        forms |= {parts.path, parts.query, parts.password or ""}
        forms |= {seg for seg in parts.path.split("/") if len(seg) >= 8}
    return {f for f in forms if len(f) >= 4 and f != "/"}


def scrub(text: object, secrets: Iterable[Secret | None] = ()) -> str:
    """`text` with every known secret value, and every form of the given `secrets`, replaced by ***."""
    out = str(text)
    extra: set[str] = set()
    for s in secrets:
        if s is not None and s.reveal():
            extra |= secret_forms(s)
    with _lock:
        values = sorted(_known | extra, key=len, reverse=True)
    for v in values:
        if v in out:
            out = out.replace(v, MASK)
    return out


def _from_prefect(name: str) -> str:
    try:
        from prefect.blocks.system import Secret as PrefectSecret
    except ImportError as exc:  # pragma: no cover - prefect is a dependency
        raise SecretError(f"prefect-secret:{name}: Prefect is not installed ({exc})") from None
    try:
        value = PrefectSecret.load(name).get()
    except Exception as exc:  # noqa: BLE001 - any failure: the block is not there or the API is down
        raise SecretError(f"prefect-secret:{name}: the Prefect Secret block could not be loaded "
                          f"({type(exc).__name__}: {scrub(exc)[:200]})") from None
    if isinstance(value, (dict, list)):
        raise SecretError(f"prefect-secret:{name}: the block holds a {type(value).__name__}, not a string")
    return str(value)


def resolve(ref: str | Secret, what: str = "secret") -> Secret:
    """Resolve a reference (see the module docstring). `what` names the option in errors."""
    if isinstance(ref, Secret):
        return ref
    if not isinstance(ref, str) or not ref:
        raise SecretError(f"{what}: empty secret reference")
    if ref.startswith("env:"):
        var = ref[4:]
        value = os.environ.get(var)
        if not value:
            raise SecretError(f"{what}: environment variable {var!r} ({ref}) is not set or empty")
        return Secret(value, ref)
    if ref.startswith("prefect-secret:"):
        return Secret(_from_prefect(ref[len("prefect-secret:"):]), ref)
    if ref.startswith("file:"):
        path = Path(ref[5:]).expanduser()
        try:
            value = path.read_text(encoding="utf-8").strip()
        except OSError as exc:
            raise SecretError(f"{what}: {ref} cannot be read ({type(exc).__name__})") from None
        if not value:
            raise SecretError(f"{what}: {ref} is empty")
        return Secret(value, ref)
    return Secret(ref, f"<literal {what}>")


def resolve_optional(value: object, what: str = "secret") -> Secret | None:
    """A config value that may be left out: None stays None; anything else (a reference or, in
    tests, a literal; a YAML number as its text) is resolved. `what` names the key in errors."""
    if value is None:
        return None
    return resolve(value if isinstance(value, Secret) else str(value), what)
