#!/usr/bin/env bash
# One command on a fresh machine: set up .venv and run the whole test suite.
# PostgreSQL on 127.0.0.1:5432 (trust auth, database `test`) is used for the store tests;
# with CI set, its absence is a failure, not a skip.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
# Browser tests drive Debian's chromium through Playwright (never `playwright install`, no download).
command -v chromium >/dev/null || (apt-get update -qq && apt-get install -y -qq chromium chromium-driver >/dev/null) \
  || echo "warning: could not install chromium; browser tests skip (fail with CI set)" >&2
export PREFECT_HOME="${PREFECT_HOME:-$(mktemp -d)}"
export ESCUCHA_PROGRESS=off
if [ -n "${CI:-}" ]; then export ESCUCHA_REQUIRE_POSTGRES=1; fi
# Two worker processes (pytest-xdist), one file per worker at a time, the long files first
# (tests/conftest.py groups and orders them); ESCUCHA_TEST_WORKERS=0 runs everything in this process.
WORKERS="${ESCUCHA_TEST_WORKERS:-2}"
if [ "$WORKERS" = "0" ]; then exec .venv/bin/python -m pytest "$@"; fi
exec .venv/bin/python -m pytest -n "$WORKERS" --dist loadfile --no-loadscope-reorder "$@"
