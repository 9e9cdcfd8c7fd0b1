#!/usr/bin/env bash
# One command on a fresh machine: set up .venv, write the demo corpus, run the nightly flow once.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
.venv/bin/escucha demo-data
.venv/bin/escucha run "$@"
