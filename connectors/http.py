"""A small JSON-over-HTTP client shared by the API connectors (Zendesk, Meta Graph, X, feeds).

Why not call httpx directly in each connector: every API source needs the same care, and a
mistake in one is a leaked token or a night lost to a transient error.

- bounded retries with exponential backoff on 5xx, timeouts and connection errors;
- HTTP 429 waits for `Retry-After` (seconds or an HTTP date), capped by `max_retry_after_s`;
- credentials travel in headers only, and never to another host than the configured one;
- every error message is scrubbed of secret values (`escucha.secrets.scrub`) and carries
  no request headers, so a failing authenticated call logs nothing that could be replayed.
"""

from __future__ import annotations

import email.utils
import logging
import time
from datetime import timezone
from typing import Any, Callable, Mapping
from urllib.parse import urljoin, urlsplit

import httpx
from pydantic import Field

from escucha.connectors._base import ConnectorOptions
from escucha.secrets import scrub

log = logging.getLogger(__name__)

RETRY_STATUS = {500, 502, 503, 504, 520, 521, 522, 524}


class SourceError(ValueError):
    """A source that could not be read after the retries; ingest quarantines the source with it.

    A ValueError on purpose: `pipeline.ingest` quarantines a connector raising one and goes on
    with the other sources; the cursor stays where the last stored batch left it."""

    def __init__(self, message: str, status: int | None = None):
        super().__init__(message)
        self.status = status


class HttpOptions(ConnectorOptions):
    """Options every HTTP connector accepts."""

    timeout_s: float = Field(30.0, gt=0, le=600)
    max_retries: int = Field(5, ge=0, le=20)
    retry_backoff_s: float = Field(1.0, ge=0, le=60)
    max_backoff_s: float = Field(60.0, ge=0, le=3600)
    max_retry_after_s: float = Field(900.0, ge=0, le=86400)
    verify_tls: bool | str = True  # or a CA bundle path (a self-signed test server)


def retry_after_seconds(value: str | None, now: Callable[[], float] = time.time) -> float | None:
    """`Retry-After` as seconds: either delta-seconds or an HTTP date."""
    if value is None or not value.strip():
        return None
    value = value.strip()
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=timezone.utc)
    return max(0.0, when.timestamp() - now())


class HttpClient:
    """GET JSON (or text) from one API origin with retries; see the module docstring."""

    def __init__(self, base_url: str, options: HttpOptions, *, name: str,
                 headers: Mapping[str, str] | None = None, sleep: Callable[[float], None] = time.sleep):
        parts = urlsplit(base_url)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            raise SourceError(f"connector {name!r}: base_url {base_url!r} is not an http(s) URL")
        self.base_url = base_url.rstrip("/") + "/"
        self.origin = (parts.scheme, parts.netloc)
        self.name = name
        self.options = options
        self._sleep = sleep
        self._headers = dict(headers or {})
        self._client = httpx.Client(timeout=options.timeout_s, verify=options.verify_tls,
                                    follow_redirects=False, headers={"Accept": "application/json",
                                                                     "User-Agent": "escucha-connector"})

    def close(self) -> None:
        self._client.close()

    def __enter__(self) -> "HttpClient":
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()

    def __repr__(self) -> str:  # never the headers
        return f"HttpClient({self.name!r}, {self.base_url!r})"

    def url(self, path_or_url: str) -> str:
        url = urljoin(self.base_url, path_or_url.lstrip("/")) if "://" not in path_or_url else path_or_url
        parts = urlsplit(url)
        if (parts.scheme, parts.netloc) != self.origin:
            # a `next` link pointing elsewhere would carry our credentials to a stranger
            raise SourceError(f"connector {self.name!r}: refusing to follow {parts.scheme}://{parts.netloc} "
                              f"(credentials are only sent to {self.origin[0]}://{self.origin[1]})")
        return url

    def _fail(self, message: str, status: int | None = None) -> SourceError:
        return SourceError(scrub(f"connector {self.name!r}: {message}"), status)

    def get(self, path_or_url: str, params: Mapping[str, Any] | None = None) -> httpx.Response:
        url = self.url(path_or_url)
        shown = urlsplit(url).path  # the query may hold a cursor; the path is enough to locate
        opts = self.options
        attempt = 0
        while True:
            try:
                resp = self._client.get(url, params=params, headers=self._headers)
            except httpx.TransportError as exc:  # connection refused/reset, timeout, TLS
                problem = f"{type(exc).__name__}: {scrub(exc)[:200]}"
                status = None
            else:
                status = resp.status_code
                if status < 400:
                    return resp
                problem = f"HTTP {status}"
            if status == 429:
                wait = retry_after_seconds(resp.headers.get("Retry-After"))
                reset = resp.headers.get("x-rate-limit-reset")  # X API: Unix time the window reopens
                if wait is None and reset and reset.strip().isdigit():
                    wait = max(0.0, int(reset) - time.time())
                if wait is None:
                    wait = min(opts.max_backoff_s, opts.retry_backoff_s * 2 ** attempt)
                if wait > opts.max_retry_after_s:
                    raise self._fail(f"GET {shown}: rate limited (HTTP 429) for {wait:.0f} s, "
                                     f"more than max_retry_after_s={opts.max_retry_after_s:.0f}")
            elif status is None or status in RETRY_STATUS:
                wait = min(opts.max_backoff_s, opts.retry_backoff_s * 2 ** attempt)
            else:
                body = scrub(resp.text[:300]).replace("\n", " ")
                raise self._fail(f"GET {shown}: HTTP {status}" + (f": {body}" if body else ""), status)
            if attempt >= opts.max_retries:
                raise self._fail(f"GET {shown}: {problem}, still failing after {opts.max_retries} retries", status)
            attempt += 1
            log.warning("connector %r: GET %s: %s; retry %d/%d in %.1f s",
                        self.name, shown, problem, attempt, opts.max_retries, wait)
            self._sleep(wait)

    def get_json(self, path_or_url: str, params: Mapping[str, Any] | None = None) -> Any:
        resp = self.get(path_or_url, params)
        try:
            return resp.json()
        except ValueError as exc:
            raise self._fail(f"GET {urlsplit(str(resp.url)).path}: the answer is not JSON ({exc})") from None
