#!/usr/bin/env bash
# Set-up command 1: install everything on a fresh Debian machine (as root), then run the main
# job (`eklaim verify`) on every sample claim with the embedded defaults (SQLite, local storage).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install.sh
.venv/bin/eklaim db upgrade
for claim in samples/claims/*/; do
  echo "== ${claim%/}"
  .venv/bin/eklaim verify "$claim"
done
