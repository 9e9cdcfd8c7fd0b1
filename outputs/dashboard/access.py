"""Who may see the dashboard, and the headers every response carries.

When a token is configured, a request must carry it as `Authorization: Bearer <token>`, or as
`?token=<token>` once (answered with a cookie and a redirect to the same address without the
token, so it does not stay in the address bar or the history), or with that cookie. The cookie
holds an HMAC of the token, never the token. Anything else gets 401.

Every POST (every form of the dashboard: labelling, the analyst's name, a customer's
follow-up; any other method that is not GET, HEAD or OPTIONS likewise) must also carry the form token (`FormTokens`): an HMAC, under a key drawn when the
process starts, of a random session cookie (HttpOnly, SameSite=Strict) that the first answer
sets. A page of another site can neither read the token nor send the cookie, so it cannot post
a form; a POST without the token, or with another session's, is refused (403) before any route
runs.

Every response carries a Content-Security-Policy that allows no external source at all and
only the page's own inline script (by nonce).
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from urllib.parse import parse_qs, urlencode

from fastapi import Request
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response

from escucha.outputs.dashboard.page import render_message
from escucha.secrets import resolve_optional

COOKIE = "escucha_tablero"
SESSION_COOKIE = "escucha_sesion"
FORM_FIELD = "form_token"
MAX_FORM_BYTES = 20_000  # the dashboard's forms are a few fields; nothing is uploaded
CSP = ("default-src 'none'; style-src 'unsafe-inline'; img-src data:; script-src 'nonce-{nonce}'; "
       "form-action 'self'; base-uri 'none'; frame-ancestors 'none'")
UNAUTHORIZED = ("Se necesita el token del tablero: abra la dirección con ?token=... una vez, o envíe la cabecera "
                "«Authorization: Bearer ...». / A dashboard token is required.")
FORM_REFUSED = ("El formulario caducó o no viene de este tablero, así que no se guardó nada. Vuelva a abrir la "
                "página e inténtelo de nuevo. / The form is stale or forged.")


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


class FormTokens:
    """The one form token of the dashboard, for every POST.

    `open` runs before every route: it reads the visitor's session cookie (or draws a new one,
    for `close` to set) and puts the token of that session in `request.state.form_token` for the
    pages to place in their forms (field `form_token`). `check` runs before every route that
    writes (`writes`: any method but GET, HEAD and OPTIONS): it
    reads the urlencoded body once into `request.state.form` (the routes read the form there)
    and refuses the request unless the form's token is the one of its session cookie. The key
    dies with the process, so a form from before a restart is refused and simply sent again."""

    SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})

    def __init__(self) -> None:
        self._key = secrets.token_bytes(32)

    def writes(self, request: Request) -> bool:
        return request.method.upper() not in self.SAFE_METHODS

    def token_for(self, session: str) -> str:
        return hmac.new(self._key, b"escucha-formulario|" + session.encode(), hashlib.sha256).hexdigest()

    def valid(self, session: str, given: str) -> bool:
        return bool(session) and bool(given) and _same(given, self.token_for(session))

    def open(self, request: Request) -> str | None:
        """Set `request.state.form_token`; returns a new session id to set, or None when the
        request already carries one."""
        session = request.cookies.get(SESSION_COOKIE, "")
        fresh = None if session else secrets.token_urlsafe(24)
        request.state.form_token = self.token_for(session or fresh)
        return fresh

    @staticmethod
    def close(response: Response, fresh: str | None) -> Response:
        if fresh:
            response.set_cookie(SESSION_COOKIE, fresh, httponly=True, samesite="strict", path="/")
        return response

    async def check(self, request: Request) -> Response | None:
        """None when the POST carries its session's token (its form is then in
        `request.state.form`); else the 403 page, in Spanish."""
        request.state.form = form = await read_form(request)
        if self.valid(request.cookies.get(SESSION_COOKIE, ""), form.get(FORM_FIELD, "")):
            return None
        return HTMLResponse(render_message("Formulario no válido", FORM_REFUSED, "403"), status_code=403)


async def read_form(request: Request) -> dict[str, str]:
    """A urlencoded form body (no multipart: the dashboard's forms never upload files); the last
    value of a repeated field."""
    body = (await request.body())[:MAX_FORM_BYTES]
    return {k: v[-1] for k, v in parse_qs(body.decode("utf-8", "replace"), keep_blank_values=True).items()}


def add_security_headers(response: Response, nonce: str) -> Response:
    response.headers["Content-Security-Policy"] = CSP.format(nonce=nonce)
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Referrer-Policy"] = "no-referrer"
    response.headers["X-Frame-Options"] = "DENY"
    response.headers["Cache-Control"] = "no-store"
    return response
