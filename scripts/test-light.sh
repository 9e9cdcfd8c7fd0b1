#!/usr/bin/env bash
# The suite on the default install (no torch, no transformers, no BERTopic package) under another
# Python: PYTHON=python3.12 by default, in .venv-light. Tests that need the transformers backend
# or the BERTopic package skip themselves; anything else must pass. Arguments go to pytest
# (default: everything but the tests marked slow).
set -euo pipefail
cd "$(dirname "$0")/.."
if [ -z "${PYTHON:-}" ]; then
  # The first python3.12 that really runs (a pyenv shim is on PATH even where 3.12 is not selected).
  for candidate in python3.12 "$HOME"/.pyenv/versions/3.12*/bin/python3.12; do
    if "$candidate" -c "" >/dev/null 2>&1; then PYTHON="$candidate"; break; fi
  done
fi
export PYTHON="${PYTHON:?no python3.12 found; set PYTHON}"
export VENV=.venv-light ESCUCHA_EXTRAS=test
bash scripts/setup.sh
if .venv-light/bin/python -c "import importlib.util, sys; sys.exit(0 if importlib.util.find_spec('torch') is None else 1)"; then
  echo "escucha: no torch in the default install"
else
  echo "error: the default install pulled torch" >&2
  exit 1
fi
export PREFECT_HOME="${PREFECT_HOME:-$(mktemp -d)}" ESCUCHA_PROGRESS=off
if [ "$#" -eq 0 ]; then set -- -m "not slow" -q; fi
exec .venv-light/bin/python -m pytest "$@"
