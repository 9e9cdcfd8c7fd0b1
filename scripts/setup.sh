#!/usr/bin/env bash
# Create .venv and install Escucha with everything it needs, offline-safe and CPU-only.
#
# ESCUCHA_EXTRAS picks the extras (default: the test suite with the transformers backend and the
# BERTopic package, so the tests cover them). When they include torch (transformers, bertopic),
# torch is installed first, pinned to the CPU build (torch==2.13.0), so that no dependency can
# pull a multi-GB CUDA build; every install is constrained by constraints.txt.
# PYTHON picks the interpreter (python3.11 by default; 3.12 works too) and VENV the folder.
set -euo pipefail
cd "$(dirname "$0")/.."
PY="${PYTHON:-python3.11}"
VENV="${VENV:-.venv}"
EXTRAS="${ESCUCHA_EXTRAS-test,transformers,bertopic}"
command -v "$PY" >/dev/null 2>&1 || PY=python3
if [ ! -x "$VENV/bin/python" ]; then
  "$PY" -m venv "$VENV"
fi
PIP=("$VENV/bin/python" -m pip install -q --disable-pip-version-check -c constraints.txt)
"$VENV/bin/python" -m pip install -q --disable-pip-version-check --upgrade pip >/dev/null 2>&1 || true
case ",$EXTRAS," in
  *,transformers,*|*,bertopic,*|*,onnx,*) "${PIP[@]}" "torch==2.13.0" ;;
esac
"${PIP[@]}" -e ".${EXTRAS:+[$EXTRAS]}"
echo "escucha: environment ready in $VENV"
