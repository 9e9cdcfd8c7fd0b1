"""A real HTTP server on 127.0.0.1 (free port) for tests: routes are plain functions.

Not a mock of our code: connectors and delivery channels talk HTTP to it exactly as to the real
API. Every request (GET or POST, with its body) is kept in `Server.requests`."""

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
    method: str = "GET"
    body: bytes = b""

    def json(self) -> Any:
        return json.loads(self.body)


Reply = tuple[int, dict[str, str], Any]  # status, headers, body (dict/list -> JSON; str/bytes as is)
Route = Callable[[Request], Reply]


@dataclass
class Server:
    url: str
    requests: list[Request]


def _ok(req: Request) -> Reply:
    return 200, {}, "ok"


@contextmanager
def serve(route: Route = _ok) -> Iterator[Server]:
    requests: list[Request] = []

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802
            self._answer("GET", b"")

        def do_POST(self) -> None:  # noqa: N802
            self._answer("POST", self.rfile.read(int(self.headers.get("Content-Length") or 0)))

        def _answer(self, method: str, body: bytes) -> None:
            parts = urlsplit(self.path)
            req = Request(parts.path, {k: v[-1] for k, v in parse_qs(parts.query).items()},
                          {k.lower(): v for k, v in self.headers.items()}, method=method, body=body)
            requests.append(req)
            try:
                status, headers, reply = route(req)
            except Exception as exc:  # noqa: BLE001 - a bug in a test route shows as a 599
                status, headers, reply = 599, {}, f"route error: {exc!r}"
            if isinstance(reply, (dict, list)):
                data = json.dumps(reply, ensure_ascii=False).encode("utf-8")
                headers = {"Content-Type": "application/json; charset=utf-8", **headers}
            else:
                data = reply.encode("utf-8") if isinstance(reply, str) else (reply or b"")
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


class Receiver:
    """A threaded HTTP server on 127.0.0.1 that records every POST (webhooks, Slack, apprise's
    json://); `status[path]` sets the reply (default 200). Close it with `close()`."""

    def __init__(self) -> None:
        self.posts: list[dict] = []
        self.status: dict[str, int] = {}
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                outer.posts.append({"path": self.path, "headers": dict(self.headers), "body": body})
                code = outer.status.get(self.path, 200)
                reply = b"ok" if code < 400 else f"error en {self.path}".encode()
                self.send_response(code)
                self.send_header("Content-Length", str(len(reply)))
                self.end_headers()
                self.wfile.write(reply)

            def log_message(self, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def json(self, path: str) -> list[dict]:
        return [json.loads(p["body"]) for p in self.posts if p["path"] == path]

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()
