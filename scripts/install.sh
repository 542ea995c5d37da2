#!/usr/bin/env bash
# Install everything eklaim-verify needs on a fresh Debian machine (run as root):
# Debian packages, a virtual environment with pinned Python packages, the OCR models
# (provisioned offline from the pinned rapidocr wheel) and the database schema.
# Idempotent: a second run only checks.
set -euo pipefail
cd "$(dirname "$0")/.."

log() { printf '[install] %s\n' "$*" >&2; }

APT_PACKAGES=(poppler-utils fonts-dejavu-core fonts-liberation2 fonts-freefont-ttf fonts-noto-core fonts-crosextra-carlito
              redis-server postgresql chromium)
missing=()
for p in "${APT_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  log "apt-get install ${missing[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

PY=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
  log "creating .venv"
  "$PY" -m venv .venv
fi
stamp=.venv/.eklaim-installed
want=$(cat pyproject.toml constraints.txt | sha256sum | cut -d' ' -f1)
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
  log "installing Python packages (pinned by constraints.txt)"
  .venv/bin/pip install -q --upgrade pip >/dev/null
  .venv/bin/pip install -q -c constraints.txt -e ".[test]"
  echo "$want" > "$stamp"
fi

log "provisioning OCR models"
.venv/bin/eklaim models provision
