#!/usr/bin/env bash
# Create .venv and install Escucha with everything it needs, offline-safe and CPU-only.
# torch is installed first, pinned to the CPU build (torch==2.13.0) so that no dependency
# can pull a multi-GB CUDA build; every later install is constrained by constraints.txt.
set -euo pipefail
cd "$(dirname "$0")/.."
PY="${PYTHON:-python3.11}"
command -v "$PY" >/dev/null 2>&1 || PY=python3
if [ ! -x .venv/bin/python ]; then
  "$PY" -m venv .venv
fi
.venv/bin/python -m pip install -q --disable-pip-version-check --upgrade pip >/dev/null 2>&1 || true
.venv/bin/python -m pip install -q --disable-pip-version-check -c constraints.txt "torch==2.13.0"
.venv/bin/python -m pip install -q --disable-pip-version-check -c constraints.txt -e ".[${ESCUCHA_EXTRAS:-test}]"
echo "escucha: environment ready in .venv"
