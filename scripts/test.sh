#!/usr/bin/env bash
# Run the whole test suite: installs what is missing, starts Redis/PostgreSQL, runs ruff and
# mypy on every package, then pytest.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install.sh
bash scripts/services.sh
export EKLAIM_TEST_REDIS_URL=${EKLAIM_TEST_REDIS_URL:-redis://127.0.0.1:6379/15}
export EKLAIM_TEST_POSTGRES_URL=${EKLAIM_TEST_POSTGRES_URL:-postgresql+psycopg://postgres@127.0.0.1:5432/postgres}
echo "[test] ruff" >&2
.venv/bin/ruff check .
echo "[test] mypy" >&2
.venv/bin/mypy
exec .venv/bin/python -m pytest -n 2 --dist loadgroup -q "$@"
