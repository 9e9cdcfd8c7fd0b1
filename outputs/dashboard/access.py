"""Who may see the dashboard, and the headers every response carries.

When a token is configured, a request must carry it as `Authorization: Bearer <token>`, or as
`?token=<token>` once (answered with a cookie and a redirect to the same address without the
token, so it does not stay in the address bar or the history), or with that cookie. The cookie
holds an HMAC of the token, never the token. Anything else gets 401.

Every response carries a Content-Security-Policy that allows no external source at all and
only the page's own inline script (by nonce).
"""

from __future__ import annotations

import hashlib
import hmac
from urllib.parse import urlencode

from fastapi import Request
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response

from escucha.outputs.dashboard.page import render_message
from escucha.secrets import resolve_optional

COOKIE = "escucha_tablero"
CSP = ("default-src 'none'; style-src 'unsafe-inline'; img-src data:; script-src 'nonce-{nonce}'; "
       "form-action 'self'; base-uri 'none'; frame-ancestors 'none'")
UNAUTHORIZED = ("Se necesita el token del tablero: abra la dirección con ?token=... una vez, o envíe la cabecera "
                "«Authorization: Bearer ...». / A dashboard token is required.")


def resolve_token(value: str | None) -> str | None:
    """`dashboard.token`: None/empty -> no token; `env:VAR` -> that variable (must be set); else literal."""
    if value is None or not str(value).strip():
        return None
    secret = resolve_optional(str(value).strip(), "dashboard.token")
    return secret.reveal() if secret is not None else None


def _same(a: str, b: str) -> bool:
    return hmac.compare_digest(a.encode(), b.encode())


class TokenGate:
    """Lets through the requests that carry the token (header, once in the query, or the cookie)."""

    def __init__(self, token: str):
        if not token:
            raise ValueError("a TokenGate needs a token; without one the dashboard is open")
        self._token = token
        self.cookie = hmac.new(token.encode(), b"escucha-dashboard-cookie-v1", hashlib.sha256).hexdigest()

    def check(self, request: Request) -> Response | None:
        """None when the request may pass; else the 401, or the redirect that sets the cookie."""
        given = request.query_params.get("token")
        if given is not None:
            return self._welcome(request) if _same(given, self._token) else self.refuse(request)
        scheme, _, value = request.headers.get("authorization", "").partition(" ")
        if scheme.lower() == "bearer" and value and _same(value.strip(), self._token):
            return None
        if _same(request.cookies.get(COOKIE, ""), self.cookie):
            return None
        return self.refuse(request)

    def _welcome(self, request: Request) -> Response:
        """The same address without the token, with the cookie that stands for it."""
        rest = [(k, v) for k, v in request.query_params.multi_items() if k != "token"]
        response = RedirectResponse(request.url.path + (f"?{urlencode(rest)}" if rest else ""), status_code=303)
        response.set_cookie(COOKIE, self.cookie, httponly=True, samesite="strict", path="/")
        return response

    @staticmethod
    def refuse(request: Request) -> Response:
        """401: JSON for the API, a page in Spanish (and English) for people."""
        headers = {"WWW-Authenticate": 'Bearer realm="escucha"'}
        if request.url.path.startswith("/api/"):
            return JSONResponse({"error": UNAUTHORIZED}, status_code=401, headers=headers)
        return HTMLResponse(render_message("Acceso restringido", UNAUTHORIZED, "401"), status_code=401, headers=headers)


def add_security_headers(response: Response, nonce: str) -> Response:
    response.headers["Content-Security-Policy"] = CSP.format(nonce=nonce)
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Referrer-Policy"] = "no-referrer"
    response.headers["X-Frame-Options"] = "DENY"
    response.headers["Cache-Control"] = "no-store"
    return response
