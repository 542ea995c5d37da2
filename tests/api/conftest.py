"""Fixtures of the intake service tests: the app on real Redis (+ SQLite or PostgreSQL),
an RQ worker run in-process, sample files, and a fast engine for queue-mechanics tests."""

from __future__ import annotations

import io
import json
import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from PIL import Image

from intake.records import DOC_TYPES
from intake.settings import Settings, get_settings

REPO = Path(__file__).resolve().parents[2]
SAMPLE_CLAIM = REPO / "samples" / "claims" / "clear-01"

CLAIM_FORM: dict[str, str] = {
    "nik": "3204110508900002",
    "full_name": "Siti Aminah",
    "birth_date": "050890",
    "kpj": "12345678901",
    "claim_reason": "resign",
    "phone": "0812-3456-7890",
    "email": "siti@example.com",
    "bank": "BRI",
    "account_number": "0123-01-000123-50-1",
    "account_holder": "Siti Aminah",
    "branch": "BANDUNG",
}
"""A valid typed form (no document needs to match it)."""


def png_bytes(size: tuple[int, int] = (320, 240), color: tuple[int, int, int] = (200, 200, 200)) -> bytes:
    """A small valid PNG (above the 200 px minimum side)."""
    buf = io.BytesIO()
    Image.new("RGB", size, color).save(buf, format="PNG")
    return buf.getvalue()


@pytest.fixture(scope="session")
def models_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """OCR model folders, provisioned once per test session."""
    from ocr.provision import provision_models

    dest = tmp_path_factory.mktemp("svc-models") / "models"
    provision_models(dest)
    return dest


@pytest.fixture
def service_settings(settings: Settings, redis_url: str, redis_conn: Any, monkeypatch: pytest.MonkeyPatch) -> Settings:
    """Settings with the queue on the test Redis database (SQLite, local blobs)."""
    monkeypatch.setenv("EKLAIM_REDIS_URL", redis_url)
    get_settings.cache_clear()
    return get_settings()


@pytest.fixture
def fast_engine() -> Iterator[Any]:
    """Every job reads with a ``NullEngine`` (queue mechanics, not OCR)."""
    from ocr.engine import NullEngine, set_engine_override

    engine = NullEngine()
    set_engine_override(engine)
    yield engine
    set_engine_override(None)


@pytest.fixture
def make_client() -> Iterator[Callable[..., TestClient]]:
    """``make_client(settings)``: a TestClient on a fresh app; dispatchers reset afterwards."""
    from api.app import create_app
    from workers.runner import reset_dispatchers

    clients: list[TestClient] = []

    def make(settings: Settings | None = None, **kw: Any) -> TestClient:
        client = TestClient(create_app(settings or get_settings(), **kw), raise_server_exceptions=False)
        clients.append(client)
        return client

    yield make
    for c in clients:
        c.close()
    reset_dispatchers()


@pytest.fixture
def client(service_settings: Settings, make_client: Callable[..., TestClient]) -> TestClient:
    """The app on Redis + SQLite."""
    return make_client(service_settings)


@pytest.fixture
def run_worker(redis_conn: Any) -> Callable[[], int]:
    """Run every queued job with ``SimpleWorker(...).work(burst=True)``; return jobs run."""
    from rq import SimpleWorker
    from rq.serializers import JSONSerializer

    from workers.queue import make_queue

    def run() -> int:
        queue = make_queue(redis_conn, get_settings())
        worker = SimpleWorker([queue], connection=redis_conn, serializer=JSONSerializer)
        worker.work(burst=True)
        return int(worker.successful_job_count + worker.failed_job_count)

    return run


@pytest.fixture
def claim_id(client: TestClient) -> str:
    """A new draft claim."""
    r = client.post("/v1/claims", json=CLAIM_FORM)
    assert r.status_code == 201, r.text
    return str(r.json()["id"])


@pytest.fixture(scope="session")
def sample_claim(tmp_path_factory: pytest.TempPathFactory) -> tuple[dict[str, str], dict[str, tuple[str, bytes]]]:
    """A clean claim: its typed form and slot -> (file name, bytes).

    The committed ``samples/claims/clear-01`` when present, else one generated.
    """
    folder = SAMPLE_CLAIM
    if not (folder / "claim.json").is_file():
        from samples.generator import generate_claim

        folder = tmp_path_factory.mktemp("claim") / "clear"
        generate_claim(1, folder)
    form = json.loads((folder / "claim.json").read_text(encoding="utf-8"))
    form.pop("claim_id", None)
    files: dict[str, tuple[str, bytes]] = {}
    for slot in DOC_TYPES:
        path = next(p for p in sorted(folder.glob(f"{slot}.*")) if p.stem == slot)
        files[slot] = (path.name, path.read_bytes())
    return form, files


def env_for_subprocess() -> dict[str, str]:
    """The current environment (with the test's EKLAIM_* settings) for a child process."""
    env = dict(os.environ)
    env["PYTHONPATH"] = str(REPO) + os.pathsep + env.get("PYTHONPATH", "")
    return env
