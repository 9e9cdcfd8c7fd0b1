#!/usr/bin/env bash
# The suite on the default install (no torch, no transformers, no BERTopic package) under another
# Python: PYTHON=python3.12 by default, in .venv-light. Tests that need the transformers backend
# or the BERTopic package skip themselves; anything else must pass. Arguments go to pytest
# (default: everything but the tests marked slow).
set -euo pipefail
cd "$(dirname "$0")/.."
export PYTHON="${PYTHON:-$(command -v python3.12 || echo "$HOME/.pyenv/versions/3.12.1/bin/python3.12")}"
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
