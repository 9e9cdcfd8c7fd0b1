"""A real HTTP server on 127.0.0.1 (free port) for connector tests: routes are plain functions.

Not a mock of our code: the connectors talk HTTP to it exactly as to the real API."""

from __future__ import annotations

import json
import threading
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Callable, Iterator
from urllib.parse import parse_qs, urlsplit


@dataclass
class Request:
    path: str
    query: dict[str, str]
    headers: dict[str, str]
    at: float = field(default_factory=time.monotonic)


Reply = tuple[int, dict[str, str], Any]  # status, headers, body (dict/list -> JSON; str/bytes as is)
Route = Callable[[Request], Reply]


@dataclass
class Server:
    url: str
    requests: list[Request]


@contextmanager
def serve(route: Route) -> Iterator[Server]:
    requests: list[Request] = []

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802
            parts = urlsplit(self.path)
            req = Request(parts.path, {k: v[-1] for k, v in parse_qs(parts.query).items()},
                          {k.lower(): v for k, v in self.headers.items()})
            requests.append(req)
            try:
                status, headers, body = route(req)
            except Exception as exc:  # noqa: BLE001 - a bug in a test route shows as a 599
                status, headers, body = 599, {}, f"route error: {exc!r}"
            if isinstance(body, (dict, list)):
                data = json.dumps(body, ensure_ascii=False).encode("utf-8")
                headers = {"Content-Type": "application/json; charset=utf-8", **headers}
            else:
                data = body.encode("utf-8") if isinstance(body, str) else (body or b"")
            self.send_response(status)
            for k, v in headers.items():
                self.send_header(k, v)
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, *args: Any) -> None:
            pass

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield Server(f"http://127.0.0.1:{httpd.server_address[1]}", requests)
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join(timeout=5)
