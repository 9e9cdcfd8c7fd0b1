"""Shared fixtures (plain helpers are in helpers.py).

`store` runs a test against every backend: DuckDB (a file in tmp_path) and PostgreSQL (a fresh
schema per test on ESCUCHA_TEST_POSTGRES_URL, dropped afterwards). Without a reachable
PostgreSQL server the postgres variants skip, or fail when CI or ESCUCHA_REQUIRE_POSTGRES=1 is
set (a CI job must not go green by skipping half the suite).

`prefect_api_url` is one Prefect server for the session: a child process that runs a flow with
PREFECT_API_URL set to it skips starting its own temporary server (10-20 s on 2 cores each time).
`tls_cert` is a self-signed certificate for 127.0.0.1 that servers on loopback present.

Hypothesis runs derandomized (the same examples on every run and machine, no example database
written): a suite that finds a new bug at random would not be green every time. To search
further, run with HYPOTHESIS_PROFILE=explore (new random examples on each run).

Under pytest-xdist (`scripts/test.sh` runs `-n 2 --dist loadfile`) each worker is a process of
its own, set up below before anything imports Prefect or numpy: its own PREFECT_HOME (flows run
in the test process talk to Prefect's API over a SQLite file there, and two workers writing one
file get "database is locked") and one core of its own with single-threaded math
(`_isolate_xdist_worker`). Session fixtures are per worker; the files that share the demo run
(DEMO_READERS) are sent to one worker together (`pytest_xdist_make_scheduler`).
"""

from __future__ import annotations

import atexit
import os
import shutil
import subprocess
import sys
import tempfile
import uuid
from pathlib import Path
from typing import Iterator
from urllib.parse import quote, urlsplit, urlunsplit


def _isolate_xdist_worker(worker: str) -> None:
    """Under pytest-xdist: this worker's own Prefect home, and one core of its own.

    Pinned to one core (and what it starts with it), with one thread for BLAS, OpenMP and the
    encoders (which size their pools to the cores the process may use, escucha.nlp.cpus), two
    workers never oversubscribe two cores: spinning thread pools run several times slower then.
    Runs before anything imports numpy, whose BLAS reads its thread count once, at import."""
    home = tempfile.mkdtemp(prefix=f"prefect-{worker}-")
    os.environ["PREFECT_HOME"] = home
    atexit.register(shutil.rmtree, home, ignore_errors=True)  # the worker's Prefect database and logs
    for var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ[var] = "1"
    if hasattr(os, "sched_setaffinity"):
        cpus = sorted(os.sched_getaffinity(0))
        os.sched_setaffinity(0, {cpus[int(worker.removeprefix("gw") or 0) % len(cpus)]})


if os.environ.get("PYTEST_XDIST_WORKER"):
    _isolate_xdist_worker(os.environ["PYTEST_XDIST_WORKER"])

import pytest
from helpers import free_port, self_signed_cert, wait_http_ok

from hypothesis import settings

from escucha.store import Store, open_store, redact_url

DEFAULT_POSTGRES_URL = "postgresql://postgres@127.0.0.1:5432/test"

settings.register_profile("repeatable", derandomize=True, database=None)
settings.register_profile("explore", derandomize=False, database=None)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "repeatable"))


def _flag(name: str) -> bool:
    return os.environ.get(name, "").strip().lower() not in ("", "0", "false", "no")


@pytest.fixture(scope="session")
def postgres_url() -> str:
    """Base URL of the test server (reachable, or the test skips/fails with the reason)."""
    import psycopg

    url = os.environ.get("ESCUCHA_TEST_POSTGRES_URL", DEFAULT_POSTGRES_URL)
    try:
        psycopg.connect(url, connect_timeout=3).close()
    except Exception as exc:  # noqa: BLE001 - any failure means "no server to test against"
        msg = f"PostgreSQL not reachable at {redact_url(url)}: {exc}".strip()
        if _flag("CI") or _flag("ESCUCHA_REQUIRE_POSTGRES"):
            pytest.fail(msg + " (required because CI or ESCUCHA_REQUIRE_POSTGRES is set)")
        pytest.skip(msg)
    return url


@pytest.fixture
def postgres_schema_url(postgres_url: str) -> Iterator[str]:
    """URL whose search_path is a new, empty schema; the schema is dropped after the test."""
    import psycopg

    schema = "t_" + uuid.uuid4().hex[:12]
    with psycopg.connect(postgres_url, autocommit=True) as con:
        con.execute(f"CREATE SCHEMA {schema}")
    parts = urlsplit(postgres_url)
    option = "options=" + quote(f"-csearch_path={schema}", safe="")
    query = f"{parts.query}&{option}" if parts.query else option
    try:
        yield urlunsplit(parts._replace(query=query))
    finally:
        with psycopg.connect(postgres_url, autocommit=True) as con:
            con.execute(f"DROP SCHEMA IF EXISTS {schema} CASCADE")


@pytest.fixture(params=["duckdb", pytest.param("postgres", marks=pytest.mark.postgres)])
def store_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A URL for an empty store of each backend."""
    if request.param == "duckdb":
        return str(tmp_path / "escucha.duckdb")
    return request.getfixturevalue("postgres_schema_url")


@pytest.fixture
def store(store_url: str, tmp_path: Path) -> Iterator[Store]:
    """An open, initialised, empty store of each backend."""
    s = open_store(store_url, tmp_path)
    try:
        yield s
    finally:
        s.close()


@pytest.fixture(scope="session")
def tls_cert(tmp_path_factory) -> tuple[Path, Path]:
    """(cert.pem, key.pem): a self-signed certificate for 127.0.0.1, its own CA."""
    return self_signed_cert(tmp_path_factory.mktemp("tls"))


@pytest.fixture(scope="session")
def prefect_api_url(tmp_path_factory) -> Iterator[str]:
    """The API URL of a Prefect server on loopback, started once for the session (its own
    PREFECT_HOME and port, so parallel sessions do not meet). Flow runs from every test land in
    it: read back only the runs a test started (by flow run id), never "all runs"."""
    home = tmp_path_factory.mktemp("prefect-server")
    port = free_port()
    env = dict(os.environ, PREFECT_HOME=str(home), PREFECT_SERVER_ANALYTICS_ENABLED="false", DO_NOT_TRACK="1",
               PREFECT_SERVER_UI_ENABLED="false")
    env.pop("PREFECT_API_URL", None)
    log = (home / "server.log").open("wb")
    proc = subprocess.Popen([sys.executable, "-m", "prefect", "server", "start", "--host", "127.0.0.1",
                             "--port", str(port)], env=env, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}/api"
    try:
        try:
            wait_http_ok(f"{url}/health", 180, alive=lambda: proc.poll() is None)
        except (RuntimeError, TimeoutError) as exc:
            pytest.fail(f"{exc}: {(home / 'server.log').read_text(errors='replace')[-2000:]}")
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        log.close()


# --- One nightly run of the demo corpus for the whole session (see nightly_run.py) ---------------

DEMO_FIXTURES = {"demo_corpus", "demo_hook", "demo_nightly"}


@pytest.fixture(scope="session")
def demo_hook():
    """A webhook on loopback that receives every message of the demo runs (by path per store)."""
    from loopback_http import serve

    with serve() as server:
        yield server


@pytest.fixture(scope="session")
def demo_corpus(tmp_path_factory) -> Path:
    """The small demo corpus (nightly_run.DEMO) the demo runs read."""
    from nightly_run import DEMO

    from escucha.demo import generate_demo

    out = tmp_path_factory.mktemp("demo")
    generate_demo(out, **DEMO)
    return out


@pytest.fixture(scope="session")
def demo_nightly(tmp_path_factory, demo_corpus, demo_hook):
    """One clean `escucha run` of the demo corpus, with Prefect's temporary server as on an
    operator's first run, delivering to `demo_hook` under /clean. Read it, never write to it."""
    from nightly_run import DemoRun, run_escucha, write_config

    root = tmp_path_factory.mktemp("clean")
    config = write_config(root, demo_corpus, f"{demo_hook.url}/clean")
    proc = run_escucha(config, "run")
    assert proc.returncode == 0, proc.stderr[-3000:]
    return DemoRun(root=root, config=config, demo=demo_corpus, proc=proc)


# Files whose tests read the session's demo run: under xdist they run on one worker, so that the
# run is made once (a session fixture is per worker). A test elsewhere that asks for a demo
# fixture is stopped at collection with the reason.
DEMO_READERS = ("tests/test_flow.py", "tests/test_pii_demo.py")


def _test_file(nodeid: str) -> str:
    return nodeid.split("::", 1)[0]


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Put the long files first (the demo readers, then files with `slow` tests, then the rest,
    each in collection order), so that under `-n 2` the two workers end together. Serially the
    order changes nothing a test may rely on: every test stands alone."""
    rank: dict[str, int] = {}
    for item in items:
        path = _test_file(item.nodeid)
        if DEMO_FIXTURES & set(getattr(item, "fixturenames", ())) and path not in DEMO_READERS:
            raise pytest.UsageError(f"{item.nodeid} reads the demo run: add {path} to DEMO_READERS in tests/conftest.py")
        r = 0 if path in DEMO_READERS else 1 if item.get_closest_marker("slow") else 2
        rank[path] = min(rank.get(path, r), r)
    items.sort(key=lambda item: rank[_test_file(item.nodeid)])


def pytest_xdist_make_scheduler(config: pytest.Config, log):
    """`--dist loadfile`, with the demo readers as one unit: each file goes whole to one worker
    (its module fixtures are built once) and DEMO_READERS go together, in collection order
    (`--no-loadscope-reorder`). xdist's own `loadgroup` cannot do this here: it renames node
    ids through a private attribute that pytest 9 no longer reads."""
    if config.getvalue("dist") != "loadfile":
        return None
    from xdist.scheduler import LoadScopeScheduling

    class DemoTogether(LoadScopeScheduling):
        def _split_scope(self, nodeid: str) -> str:
            path = _test_file(nodeid)
            return "demo-run" if path in DEMO_READERS else path

    return DemoTogether(config, log)
