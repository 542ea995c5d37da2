"""The service fixtures of ``tests/api`` (app, Redis queue, worker, fast engine) for worker tests."""

from tests.api.conftest import (  # noqa: F401 - re-exported fixtures
    client,
    fast_engine,
    make_client,
    models_dir,
    run_worker,
    service_settings,
)
