"""Fixtures of the review tests: a seeded database and an app whose jobs are only recorded."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient

from intake.settings import Settings
from tests.api.review.seed import PASSWORD, Seeded, seed


class RecordingDispatcher:
    """A dispatcher that only records what it was asked to send."""

    def __init__(self) -> None:
        self.sent: list[tuple[str, str]] = []

    def enqueue_document(self, doc_id: str, attempt: int) -> str:
        self.sent.append(("document", doc_id))
        return f"doc-{doc_id}"

    def enqueue_verify(self, claim_id: str) -> str:
        self.sent.append(("verify", claim_id))
        return f"verify-{claim_id}"

    def enqueue_webhook(self, claim_id: str) -> str:
        self.sent.append(("webhook", claim_id))
        return f"webhook-{claim_id}"

    def job_pending(self, job_id: str) -> bool:
        return False


@pytest.fixture
def seeded(settings: Settings) -> Seeded:
    """The seeded database (see ``seed.py``)."""
    return seed(settings)


@pytest.fixture
def dispatcher() -> RecordingDispatcher:
    """The app's recording dispatcher."""
    return RecordingDispatcher()


@pytest.fixture
def client(settings: Settings, seeded: Seeded, dispatcher: RecordingDispatcher) -> Iterator[TestClient]:
    """A TestClient on the app (cookies kept between requests)."""
    from api.app import create_app

    with TestClient(create_app(settings, dispatcher=dispatcher), base_url="http://testserver") as c:
        yield c


def csrf(client: TestClient, path: str = "/review/login") -> str:
    """Load a page and return its CSRF token (sets the CSRF cookie)."""
    import re

    r = client.get(path)
    m = re.search(r'name="csrf_token" value="([^"]+)"', r.text)
    assert m, f"no csrf token on {path}: {r.status_code}"
    return m.group(1)


def login(client: TestClient, username: str, password: str = PASSWORD) -> Any:
    """Sign in through the form; returns the response (303 on success)."""
    token = csrf(client)
    return client.post("/review/login", data={"username": username, "password": password, "csrf_token": token,
                                              "next": "/review/"}, follow_redirects=False)
