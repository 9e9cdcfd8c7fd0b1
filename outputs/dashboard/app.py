"""The dashboard web app (FastAPI): one page, one JSON endpoint, an optional token, strict headers.

Access: when a token is configured, a request must carry it as `Authorization: Bearer <token>`,
or as `?token=<token>` once (answered with a cookie and a redirect to the same address without
the token, so it does not stay in the address bar or the history), or with that cookie. The
cookie holds an HMAC of the token, never the token. Anything else gets 401.

Every response carries a Content-Security-Policy that allows no external source at all and
only the page's own inline script (by nonce); data text is escaped in page.py as well.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import threading
from collections import OrderedDict
from datetime import datetime, timezone
from typing import Any, Callable
from urllib.parse import urlencode

import pandas as pd
from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response

from escucha.analytics.sla import SlaTerms
from escucha.outputs.dashboard.data import FrameCache, StoreBusy, store_loader
from escucha.outputs.dashboard.metrics import Filters, compute_view, view_json
from escucha.outputs.dashboard.page import render_message, render_page
from escucha.outputs.reports.routing import TeamSpec, teams_from_config

COOKIE = "escucha_tablero"
CSP = ("default-src 'none'; style-src 'unsafe-inline'; img-src data:; script-src 'nonce-{nonce}'; "
       "form-action 'self'; base-uri 'none'; frame-ancestors 'none'")
UNAUTHORIZED = ("Se necesita el token del tablero: abra la dirección con ?token=... una vez, o envíe la cabecera "
                "«Authorization: Bearer ...». / A dashboard token is required.")


def _cookie_value(token: str) -> str:
    return hmac.new(token.encode(), b"escucha-dashboard-cookie-v1", hashlib.sha256).hexdigest()


def _same(a: str, b: str) -> bool:
    return hmac.compare_digest(a.encode(), b.encode())


def resolve_token(value: str | None) -> str | None:
    """`dashboard.token`: None/empty -> no token; `env:VAR` -> that variable (must be set); else literal."""
    if value is None or not str(value).strip():
        return None
    from escucha.secrets import resolve_optional

    secret = resolve_optional(str(value).strip(), "dashboard.token")
    return secret.reveal() if secret is not None else None


def create_app(
    cfg: Any,
    token: str | None = None,
    now: Callable[[], datetime] | None = None,
    loader: Callable[[], pd.DataFrame] | None = None,
) -> FastAPI:
    """The app over the configured store. `token`: the resolved token (None: open access).
    `now`: the clock (default: ESCUCHA_ANALYTICS_NOW when set, else the real time)."""
    from escucha.pipeline.context import analytics_now

    clock = now or (lambda: analytics_now(datetime.now(timezone.utc)))
    cache = FrameCache(loader or store_loader(cfg, clock), ttl_s=float(cfg.dashboard.cache_s))
    teams: dict[str, TeamSpec] = {t.name: t for t in teams_from_config(cfg.reports)}
    team_titles = {name: (t.title or name) for name, t in teams.items()}
    terms = SlaTerms.from_config(cfg.sla)
    tz = cfg.schedule.timezone
    cookie = _cookie_value(token) if token else None

    app = FastAPI(title="Escucha: tablero de control", docs_url=None, redoc_url=None, openapi_url=None)

    @app.middleware("http")
    async def guard(request: Request, call_next):  # noqa: ANN001 - Starlette's signature
        nonce = secrets.token_urlsafe(16)
        request.state.nonce = nonce
        response = _authorise(request) if token else None
        if response is None:
            response = await call_next(request)
        response.headers["Content-Security-Policy"] = CSP.format(nonce=nonce)
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["Referrer-Policy"] = "no-referrer"
        response.headers["X-Frame-Options"] = "DENY"
        response.headers["Cache-Control"] = "no-store"
        return response

    def _authorise(request: Request) -> Response | None:
        """None when the request may pass; else the 401 or the redirect that sets the cookie."""
        given = request.query_params.get("token")
        if given is not None:
            if not _same(given, token):  # type: ignore[arg-type]
                return _unauthorised(request)
            rest = [(k, v) for k, v in request.query_params.multi_items() if k != "token"]
            target = request.url.path + (f"?{urlencode(rest)}" if rest else "")
            resp = RedirectResponse(target, status_code=303)
            resp.set_cookie(COOKIE, cookie, httponly=True, samesite="strict", path="/")  # type: ignore[arg-type]
            return resp
        header = request.headers.get("authorization", "")
        scheme, _, value = header.partition(" ")
        if scheme.lower() == "bearer" and value and _same(value.strip(), token):  # type: ignore[arg-type]
            return None
        if _same(request.cookies.get(COOKIE, ""), cookie):  # type: ignore[arg-type]
            return None
        return _unauthorised(request)

    def _unauthorised(request: Request) -> Response:
        headers = {"WWW-Authenticate": 'Bearer realm="escucha"'}
        if request.url.path.startswith("/api/"):
            return JSONResponse({"error": UNAUTHORIZED}, status_code=401, headers=headers)
        return HTMLResponse(render_message("Acceso restringido", UNAUTHORIZED, "401"), status_code=401, headers=headers)

    views_lock = threading.Lock()
    views: OrderedDict[tuple, Any] = OrderedDict()  # the same filters on the same data: computed once a minute

    def _view(request: Request):
        filters, notes = Filters.parse(request.query_params, list(teams))
        snap = cache.get()
        now = clock()
        key = (snap.read_at, filters, pd.Timestamp(now).floor("min"))
        with views_lock:
            view = views.get(key)
        if view is None:
            view = compute_view(snap.frame, filters, now, teams, terms, tz=tz)
            with views_lock:
                views[key] = view
                while len(views) > 32:
                    views.popitem(last=False)
        return view, notes, snap

    def _busy(exc: StoreBusy, api: bool) -> Response:
        headers = {"Retry-After": "60"}
        if api:
            return JSONResponse({"error": str(exc)}, status_code=503, headers=headers)
        return HTMLResponse(render_message("Datos no disponibles", str(exc), "503"), status_code=503, headers=headers)

    @app.get("/", response_class=HTMLResponse)
    def page(request: Request) -> Response:
        try:
            view, notes, snap = _view(request)
        except StoreBusy as exc:
            return _busy(exc, api=False)
        read_at = pd.Timestamp(snap.read_at).tz_convert(tz).strftime("%d/%m/%Y %H:%M")
        return HTMLResponse(render_page(view, team_titles, request.state.nonce, read_at, snap.stale, notes))

    @app.get("/api/indicadores")
    def indicators(request: Request) -> Response:
        try:
            view, notes, snap = _view(request)
        except StoreBusy as exc:
            return _busy(exc, api=True)
        body = view_json(view)
        body["notas"] = notes + body["notas"]
        body["datos_leidos"] = snap.read_at.isoformat()
        body["datos_en_cache_por_bloqueo"] = snap.stale
        return JSONResponse(body)

    return app
