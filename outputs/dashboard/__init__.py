"""The dashboard (tablero de control): a local web app over the store, read-only.

    app = create_app(cfg, token=resolve_token(cfg.dashboard.token))
    uvicorn.run(app, host=cfg.dashboard.host, port=cfg.dashboard.port)   # `escucha dashboard`

data.py reads the analysis frame without holding the store (DuckDB read-only, short), metrics.py
computes the numbers for one set of filters, views.py caches them per request, page.py renders
them, access.py guards them (token, headers), app.py serves them.
"""

from escucha.outputs.dashboard.access import resolve_token
from escucha.outputs.dashboard.app import create_app
from escucha.outputs.dashboard.data import StoreBusy, read_frame
from escucha.outputs.dashboard.metrics import DashboardView, Filters, compute_view

__all__ = ["DashboardView", "Filters", "StoreBusy", "compute_view", "create_app", "read_frame", "resolve_token"]
