"""The dashboard web app (FastAPI): the page, one JSON endpoint, the labelling page
("Revisar y etiquetar", `labelling.py`, with its two POST handlers), the "Clientes en riesgo"
page with its follow-up form, an optional token, strict headers.

Access and headers are `access.py`; the numbers of a request are `views.py`; this module wires
them into routes. Data text is escaped by the page's template. The token gate runs before every
route, the POSTs included; every POST then needs the form token of its session (`FormTokens`),
checked here before the route runs, so no POST route can forget it.
"""

from __future__ import annotations

import secrets
from datetime import datetime, timezone
from typing import Any, Callable
from urllib.parse import urlencode

import pandas as pd
from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

from escucha.outputs.dashboard.access import FormTokens, TokenGate, add_security_headers
from escucha.outputs.dashboard.customers import (
    CustomerFilters,
    CustomerPages,
    customer_rows,
    filter_selects,
    marked_note,
    state_options,
)
from escucha.outputs.dashboard.data import StoreBusy
from escucha.outputs.dashboard.labelling import Labelling
from escucha.outputs.dashboard.metrics import view_json
from escucha.outputs.dashboard.page import render_customers_page, render_message, render_page
from escucha.outputs.dashboard.views import DashboardViews
from escucha.outputs.reports.fmt import fmt_datetime, formatting_locale

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
    app = FastAPI(title="Escucha: tablero de control", docs_url=None, redoc_url=None, openapi_url=None)
    app.state.views = DashboardViews.from_config(cfg, clock, loader)
    app.state.locale = getattr(cfg, "locale", None)
    app.state.gate = TokenGate(token) if token else None
    app.state.customers = CustomerPages(cfg, app.state.views.frames, clock) if cfg.customers.enabled else None
    app.state.form_tokens = FormTokens()
    app.middleware("http")(_guard)
    app.add_api_route("/", _page, methods=["GET"], response_class=HTMLResponse)
    app.add_api_route("/api/indicadores", _indicators, methods=["GET"])
    labelling = Labelling(cfg, app.state.views)
    app.add_api_route("/etiquetar", labelling.page, methods=["GET"], response_class=HTMLResponse)
    app.add_api_route("/etiquetar", labelling.label, methods=["POST"])
    app.add_api_route("/etiquetar/analista", labelling.author, methods=["POST"])
    app.add_api_route("/clientes", _customers, methods=["GET"], response_class=HTMLResponse)
    app.add_api_route("/clientes/seguimiento", _follow_up, methods=["POST"])
    return app


async def _guard(request: Request, call_next) -> Response:  # noqa: ANN001 - Starlette's signature
    """The token check before any route, then the form token before any POST route; security
    headers (and the page's nonce) on every answer."""
    nonce = secrets.token_urlsafe(16)
    request.state.nonce = nonce
    gate: TokenGate | None = request.app.state.gate
    response = gate.check(request) if gate is not None else None
    if response is None:
        tokens: FormTokens = request.app.state.form_tokens
        fresh = tokens.open(request)
        if tokens.writes(request):
            response = await tokens.check(request)
        if response is None:
            response = await call_next(request)
        tokens.close(response, fresh)
    return add_security_headers(response, nonce)


def _busy(exc: StoreBusy, api: bool) -> Response:
    headers = {"Retry-After": "60"}
    if api:
        return JSONResponse({"error": str(exc)}, status_code=503, headers=headers)
    return HTMLResponse(render_message("Datos no disponibles", str(exc), "503"), status_code=503, headers=headers)


def _page(request: Request) -> Response:
    views: DashboardViews = request.app.state.views
    try:
        view, notes, snap = views.get(request.query_params)
    except StoreBusy as exc:
        return _busy(exc, api=False)
    with formatting_locale(request.app.state.locale):
        read_at = fmt_datetime(snap.read_at, views.tz)
        return HTMLResponse(render_page(view, views.team_titles, request.state.nonce, read_at, snap.stale, notes))


def _indicators(request: Request) -> Response:
    try:
        view, notes, snap = request.app.state.views.get(request.query_params)
    except StoreBusy as exc:
        return _busy(exc, api=True)
    body = view_json(view)
    body["notas"] = notes + body["notas"]
    body["datos_leidos"] = snap.read_at.isoformat()
    body["datos_en_cache_por_bloqueo"] = snap.stale
    return JSONResponse(body)


def _customers(request: Request) -> Response:
    """Clientes en riesgo: the list with its filters and one follow-up form per customer."""
    pages: CustomerPages | None = request.app.state.customers
    if pages is None:
        return HTMLResponse(render_message("Clientes en riesgo", "La lista está desactivada (customers.enabled).", "404"),
                            status_code=404)
    filters, notes = CustomerFilters.parse(request.query_params)
    try:
        lst, snap = pages.get(filters)
    except StoreBusy as exc:
        return _busy(exc, api=False)
    done = marked_note(request.query_params)
    with formatting_locale(request.app.state.locale):
        read_at = fmt_datetime(snap.read_at, request.app.state.views.tz)
        return HTMLResponse(render_customers_page(
            customer_rows(lst.shown), filter_selects(filters, lst), state_options(),
            request.state.form_token, filters.query(), request.state.nonce, read_at,
            pages.cfg.customers.window_days, len(lst.views), snap.stale, ([done] if done else []) + notes))


async def _follow_up(request: Request) -> Response:
    """Record a follow-up from the page's form (its form token was checked by `_guard`); back to
    the list with the same filters."""
    pages: CustomerPages | None = request.app.state.customers
    form: dict[str, str] = request.state.form
    if pages is None:
        return HTMLResponse(render_message("Clientes en riesgo", "La lista está desactivada.", "404"), status_code=404)
    key, state = form.get("cliente", "").strip(), form.get("estado", "")
    try:
        await run_in_threadpool(pages.record, key, state, form.get("nota"))
    except StoreBusy as exc:
        return _busy(exc, api=False)
    except ValueError as exc:
        return HTMLResponse(render_message("Seguimiento no registrado", str(exc), "400"), status_code=400)
    back = CustomerFilters.parse(form)[0].query() | {"marcado": key, "estado": state}
    return RedirectResponse(f"../clientes?{urlencode(back)}", status_code=303)
