"""The dashboard (tablero de control) and the HTML report, driven in a real headless Chromium.

One small DuckDB store is built through the store API (records, enrichments, topics), the
dashboard is started with `escucha dashboard` in a subprocess on a free loopback port (host left
to its default), and Debian's /usr/bin/chromium is driven with Playwright (never a downloaded
browser). Without chromium these tests skip, except in CI (`CI` set), where that is a failure.
"""

from __future__ import annotations

import json
import struct
import subprocess
import sys
from datetime import datetime, timedelta, timezone
from pathlib import Path

import httpx
import pandas as pd
import pytest
from helpers import dashboard_server

from escucha.analytics.sla import business_days_between
from escucha.config import EscuchaConfig, load_config
from escucha.outputs.reports.fmt import fmt_int
from escucha.records import build_record
from escucha.store import open_store
from look import launch_chromium

TOKEN = "tablero-secreto-123"
TOKEN_ENV = "ESCUCHA_TEST_TABLERO_TOKEN"
XSS = "<script>window.__pwned=1</script> me cobraron dos veces"
NOW = datetime.now(timezone.utc).replace(microsecond=0)


# -- the data ------------------------------------------------------------------------------------

def _days_ago_with_business_days(n: int) -> datetime:
    """An opening instant that is exactly n business days (Colombian calendar) before NOW."""
    for days in range(n, 3 * n + 15):
        t = NOW - timedelta(days=days)
        if business_days_between(t, NOW, "CO") == n:
            return t
    raise AssertionError(f"no day {n} business days back")


def _records():
    """(record, sentiment, topic_id, segment) rows: PQRS cases in several SLA states and social posts."""
    h = timedelta(hours=1)
    at_risk = _days_ago_with_business_days(13)  # 13 of 15 days used: at risk, not breached
    rows = [
        # channel, created/opened, closed, sentiment, topic, segment, text
        ("pqrs", NOW - 20 * h, None, "NEG", 1, "alto", "Me cobraron la factura dos veces este mes"),
        ("pqrs", NOW - timedelta(days=60), None, "NEG", 1, "medio", "Llevo dos meses esperando la devolución del cobro"),
        ("pqrs", at_risk, None, "NEU", 2, "medio", "Solicito revisar la velocidad del internet"),
        ("pqrs", NOW - timedelta(days=5), NOW - timedelta(days=1), "POS", 2, "bajo", "Gracias, ya me arreglaron la conexión"),
        ("pqrs", NOW - 40 * h, None, "NEG", 2, "estratégico", "El internet se cae cada noche desde hace una semana"),
        ("social", NOW - 3 * h, None, "NEG", 1, "medio", XSS),
        ("social", NOW - 30 * h, None, "NEG", 2, "bajo", "Pésimo servicio de internet, ¡otra vez sin señal!"),
        ("social", NOW - 50 * h, None, "POS", 2, "alto", "Qué buena atención en la tienda de Chapinero"),
        ("social", NOW - 70 * h, None, "NEU", 1, "medio", "¿Alguien sabe cómo descargar la factura?"),
    ]
    out = []
    for i, (channel, created, closed, sentiment, topic, segment, text) in enumerate(rows):
        extra = {}
        if channel == "pqrs":
            extra = dict(pqrs_type="reclamo", opened_at=created, closed_at=closed, country="CO")
        r = build_record(f"fuente-{channel}", f"R-{i}", channel=channel, created_at=created, text=text,
                         customer_id=f"C-{i % 7}", customer_segment=segment, **extra)
        out.append((r, sentiment, topic, segment))
    return out


ROWS = _records()


def _expected(channel: str | None = None, categories: set[str] | None = None, days: int | None = None) -> dict[str, int]:
    """Counts from the rows themselves (every row is either under 3 days old or over 14)."""
    cat = {1: "facturación", 2: "calidad del servicio"}
    sel = [(r, s) for r, s, t, _ in ROWS
           if (channel is None or r.channel == channel) and (categories is None or cat[t] in categories)
           and (days is None or r.created_at > NOW - timedelta(days=days))]
    return {"volumen": len(sel), "negativos": sum(s == "NEG" for _, s in sel),
            "pqrs": sum(r.channel == "pqrs" for r, _ in sel)}


@pytest.fixture(scope="module")
def env(tmp_path_factory) -> dict:
    root = tmp_path_factory.mktemp("tablero")
    db = root / "datos" / "escucha.duckdb"
    with open_store(str(db), root) as store:
        store.save_batch("prueba", [r for r, *_ in ROWS], [], None, "run-1")
        probs = {"NEG": (0.05, 0.1, 0.85), "NEU": (0.1, 0.8, 0.1), "POS": (0.85, 0.1, 0.05)}
        store.upsert_enrichments(pd.DataFrame({
            "record_id": [r.id for r, *_ in ROWS], "text_hash": [r.text_hash() for r, *_ in ROWS],
            "model_version": "prueba", "language": "es", "sentiment": [s for _, s, *_ in ROWS],
            "sentiment_pos": [probs[s][0] for _, s, *_ in ROWS],
            "sentiment_neu": [probs[s][1] for _, s, *_ in ROWS],
            # the hostile text is the most negative one: it is the first verbatim everywhere
            "sentiment_neg": [0.99 if r.text == XSS else probs[s][2] for r, s, *_ in ROWS],
            "emotion": [{"NEG": "enojo", "NEU": "otro", "POS": "alegría"}[s] for _, s, *_ in ROWS],
        }), "run-1")
        store.save_topics(
            pd.DataFrame({"record_id": [r.id for r, *_ in ROWS], "topic_id": [t for _, _, t, _ in ROWS],
                          "model_version": "t1"}),
            pd.DataFrame({"topic_id": [1, 2], "label": ["Cobro doble en la factura", "Internet lento e intermitente"],
                          "category": ["facturación", "calidad del servicio"], "keywords": ["[]", "[]"],
                          "verbatims": ["[]", "[]"], "size": [4, 5], "model_version": "t1"}),
            "run-1",
        )
    cfg = root / "escucha.yaml"
    cfg.write_text(
        f"data_dir: {json.dumps(str(root / 'datos'))}\n"
        f"store: {{url: {json.dumps(str(db))}}}\n"
        f"dashboard: {{token: 'env:{TOKEN_ENV}', cache_s: 0}}\n",
        encoding="utf-8",
    )
    return {"root": root, "db": db, "config": cfg}


@pytest.fixture(scope="module")
def server(env):
    """`escucha dashboard --port P -c FILE` (no --host): must listen on 127.0.0.1."""
    with dashboard_server(env["config"], TOKEN_ENV, TOKEN) as url:
        yield url


@pytest.fixture(scope="module")
def browser():
    yield from launch_chromium()


def _png_size(path: Path) -> tuple[int, int]:
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    return struct.unpack(">II", data[16:24])


def _listening_on(port: int) -> set[str] | None:
    """IPv4/IPv6 addresses with a listening socket on `port` (Linux /proc), or None elsewhere."""
    import ipaddress

    found, any_table = set(), False
    for name in ("/proc/net/tcp", "/proc/net/tcp6"):
        try:
            lines = Path(name).read_text().splitlines()[1:]
        except OSError:
            continue
        any_table = True
        for line in lines:
            local, state = line.split()[1], line.split()[3]
            addr, _, hexport = local.partition(":")
            if state != "0A" or int(hexport, 16) != port:  # 0A: LISTEN
                continue
            raw = bytes.fromhex(addr)
            # /proc writes each 32-bit word in host (little-endian) order
            raw = b"".join(raw[i:i + 4][::-1] for i in range(0, len(raw), 4))
            found.add(str(ipaddress.ip_address(raw)))
    return found if any_table else None


def _kpi(page, key: str) -> str:
    return page.locator(f"#kpi-{key} .v").inner_text().strip()


# -- access --------------------------------------------------------------------------------------

def test_default_host_is_loopback_and_token_is_required(env, server, monkeypatch):
    assert EscuchaConfig().dashboard.host == "127.0.0.1"
    from escucha.cli.dashboard import dashboard_settings

    monkeypatch.setenv(TOKEN_ENV, TOKEN)
    host, _, token = dashboard_settings(load_config(env["config"]))
    assert host == "127.0.0.1" and token == TOKEN  # env:VAR resolved
    listening = _listening_on(int(server.rsplit(":", 1)[1]))
    if listening is not None:  # started without --host: loopback only, not 0.0.0.0
        assert listening == {"127.0.0.1"}

    with httpx.Client(base_url=server, follow_redirects=False, timeout=10) as c:
        r = c.get("/")
        assert r.status_code == 401 and "token" in r.text and r.headers["www-authenticate"].startswith("Bearer")
        assert "default-src 'none'" in r.headers["content-security-policy"]
        assert c.get("/api/indicadores").status_code == 401
        assert c.get("/", params={"token": "otro"}).status_code == 401
        assert c.get("/", headers={"Authorization": "Bearer otro"}).status_code == 401
        ok = c.get("/api/indicadores", headers={"Authorization": f"Bearer {TOKEN}"})
        assert ok.status_code == 200 and ok.json()["kpis"]["volume"] == _expected()["volumen"]
        # ?token= once: a cookie and a redirect to the same address without the token
        r = c.get("/", params={"token": TOKEN, "canal": "social"})
        assert r.status_code == 303 and r.headers["location"] == "/?canal=social"
        assert TOKEN not in r.headers["set-cookie"] and "httponly" in r.headers["set-cookie"].lower()
        assert c.get("/?canal=social").status_code == 200  # the cookie alone now
    # nobody else got it: without cookie or header it is still 401
    assert httpx.get(server + "/?canal=social", timeout=10).status_code == 401


def _request(url: str, headers: dict[str, str] | None = None):
    from starlette.requests import Request

    path, _, query = url.partition("?")
    return Request({"type": "http", "method": "GET", "path": path, "query_string": query.encode(), "scheme": "http",
                    "server": ("127.0.0.1", 8050), "headers": [(k.lower().encode(), v.encode()) for k, v in (headers or {}).items()]})


def test_token_gate_on_its_own():
    from escucha.outputs.dashboard.access import COOKIE, TokenGate

    gate = TokenGate(TOKEN)
    assert gate.check(_request("/", {"Authorization": f"Bearer {TOKEN}"})) is None
    assert gate.check(_request("/", {"Cookie": f"{COOKIE}={gate.cookie}"})) is None
    assert TOKEN not in gate.cookie and TokenGate("otro").cookie != gate.cookie
    welcome = gate.check(_request(f"/?canal=social&token={TOKEN}&vista=dia"))
    assert welcome.status_code == 303 and welcome.headers["location"] == "/?canal=social&vista=dia"
    assert gate.cookie in welcome.headers["set-cookie"] and TOKEN not in welcome.headers["set-cookie"]
    for refused in (gate.check(_request("/?token=otro")), gate.check(_request("/", {"Authorization": "Bearer otro"})),
                    gate.check(_request("/", {"Cookie": f"{COOKIE}={TOKEN}"}))):
        assert refused.status_code == 401 and "text/html" in refused.headers["content-type"]
    api = gate.check(_request("/api/indicadores"))
    assert api.status_code == 401 and json.loads(api.body)["error"].startswith("Se necesita el token")
    with pytest.raises(ValueError):
        TokenGate("")


def test_view_cache_computes_once_per_key_and_forgets_the_oldest():
    from escucha.outputs.dashboard.views import ViewCache

    cache, calls = ViewCache(size=2), []

    def compute(key):
        return lambda: calls.append(key) or f"vista {key}"

    assert cache.get("a", compute("a")) == cache.get("a", compute("a")) == "vista a"
    cache.get("b", compute("b"))
    cache.get("a", compute("a"))  # a is now the most recently used
    cache.get("c", compute("c"))  # b goes
    cache.get("a", compute("a"))
    cache.get("b", compute("b"))
    assert calls == ["a", "b", "c", "b"] and len(cache) == 2


# -- the dashboard in Chromium -------------------------------------------------------------------

def test_dashboard_renders_filters_and_escapes_in_chromium(env, server, browser, tmp_path):
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.goto(f"{server}/?token={TOKEN}")
    assert "token=" not in page.url
    assert page.locator("h1").inner_text() == "Tablero de control"

    every = _expected()
    assert _kpi(page, "volumen") == fmt_int(every["volumen"])
    assert _kpi(page, "negativos") == fmt_int(every["negativos"])
    assert _kpi(page, "pqrs") == fmt_int(every["pqrs"])
    # SLA of the PQRS cases: 2 open on time, 1 at risk (13 of 15 business days), 1 breached, 1 closed on time
    assert [_kpi(page, k) for k in ("a-tiempo", "en-riesgo", "vencidos")] == ["2", "1", "1"]
    assert _kpi(page, "cumplimiento") == "50 %"  # 1 closed on time of 2 decided (1 closed + 1 breached)

    # the hostile verbatim is printed as text and never ran
    assert page.get_by_text(XSS, exact=False).first.is_visible()
    assert page.evaluate("typeof window.__pwned") == "undefined"
    assert page.locator("script").count() == 1  # only the page's own, with the CSP nonce

    shot = tmp_path / "tablero.png"
    page.screenshot(path=str(shot), full_page=True)
    w, h = _png_size(shot)
    assert w >= 1000 and h >= 600 and shot.stat().st_size > 20_000

    # a filter: changing the channel select submits the form (the inline script runs under the CSP)
    page.select_option("#f-canal", "social")
    page.wait_for_url("**canal=social**")
    social = _expected("social")
    assert _kpi(page, "volumen") == fmt_int(social["volumen"]) != fmt_int(every["volumen"])
    assert _kpi(page, "negativos") == fmt_int(social["negativos"])
    assert _kpi(page, "pqrs") == "0"
    assert page.locator("#f-canal").input_value() == "social"

    # a team from reports.teams: ventas reads facturación (accent-insensitive routing)
    page.goto(f"{server}/?equipo=ventas&vista=dia")
    ventas = _expected(categories={"facturación"}, days=13)
    assert ventas != _expected(categories={"facturación"})  # the 60-day-old case is out of the 14 days
    assert _kpi(page, "volumen") == fmt_int(ventas["volumen"])
    assert _kpi(page, "negativos") == fmt_int(ventas["negativos"])
    assert page.locator("#serie tbody tr").count() == 14  # the last 14 days, one row each
    assert "Periodo: del" in page.locator("header p").inner_text()
    assert not errors, errors
    page.close()


def test_dashboard_does_not_hold_the_store(env, server):
    """While the dashboard runs (and after it read the data), a nightly run can open the store."""
    r = httpx.get(server + "/api/indicadores", headers={"Authorization": f"Bearer {TOKEN}"}, timeout=10)
    assert r.status_code == 200
    with open_store(str(env["db"]), env["root"]) as store:  # read-write, as `escucha run` does
        assert store.count_records() == len(ROWS)


def test_locked_store_gives_a_clear_message(env):
    from escucha.outputs.dashboard.data import FrameCache, StoreBusy, read_frame

    holder = subprocess.Popen(
        [sys.executable, "-c", "import duckdb,sys,time; c=duckdb.connect(sys.argv[1]); print('ok', flush=True); "
         "time.sleep(60)", str(env["db"])], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "ok"
        with pytest.raises(StoreBusy, match="en uso por otra ejecución.*database is locked"):
            read_frame(str(env["db"]), env["root"], None, wait_s=0)
        # with a frame read before, the cache keeps serving it, marked stale
        first = [pd.DataFrame({"id": ["a"]})]

        def load() -> pd.DataFrame:
            return first.pop() if first else read_frame(str(env["db"]), env["root"], None, wait_s=0)

        cache = FrameCache(load, ttl_s=0)
        assert not cache.get().stale
        snap = cache.get()
        assert snap.stale and list(snap.frame["id"]) == ["a"]
    finally:
        holder.kill()
        holder.wait()


# -- the HTML report in Chromium -----------------------------------------------------------------

def test_html_report_escapes_verbatims_in_chromium(env, browser, tmp_path):
    from escucha.outputs.dashboard.data import read_frame
    from escucha.outputs.reports import TeamSpec, build_report, write_report

    frame = read_frame(str(env["db"]), env["root"], None)
    data = build_report(frame, TeamSpec("ventas", categories=["facturacion"]), NOW)
    html_path = write_report(data, tmp_path, formats=["html"])["html"]

    page = browser.new_page(viewport={"width": 1100, "height": 900})
    page.goto(html_path.as_uri())
    assert page.locator("h1").inner_text().startswith("Informe de temas recurrentes")
    assert page.get_by_text(XSS, exact=False).first.is_visible()
    assert page.evaluate("typeof window.__pwned") == "undefined"
    assert page.locator("script").count() == 0
    # at a laptop's width no table of the two-column sections spills out of its column
    spills = page.evaluate("""() => [...document.querySelectorAll('.grid2 table')].filter(t => {
        const cell = t.closest('.grid2 > div').getBoundingClientRect();
        return t.getBoundingClientRect().right > cell.right + 1
            && getComputedStyle(t.closest('.grid2 > div')).overflowX === 'visible';
    }).length""")
    assert spills == 0
    shot = tmp_path / "informe.png"
    page.screenshot(path=str(shot), full_page=True)
    w, h = _png_size(shot)
    assert w >= 1000 and h >= 600 and shot.stat().st_size > 20_000
    page.close()
