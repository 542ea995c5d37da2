"""Issue 12 (production holds) in the intake API: one test per defect, named for it.

Each of these failed on the main branch before the fix (see the report of task H4).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from datetime import date, timedelta
from http.server import BaseHTTPRequestHandler, HTTPServer
from typing import Any, ClassVar

import pytest
from fastapi.testclient import TestClient

from intake.settings import Settings, get_settings
from tests.api.conftest import CLAIM_FORM, png_bytes


@pytest.fixture
def keyed_settings(service_settings: Settings, monkeypatch: pytest.MonkeyPatch) -> Settings:
    """Redis + SQLite with the API key required, and a short SQLite busy timeout (a lock
    shows as a quick 500 instead of a 30 s wait)."""
    monkeypatch.setenv("EKLAIM_REQUIRE_API_KEY", "true")
    monkeypatch.setattr("intake.db.SQLITE_BUSY_TIMEOUT_MS", 3000)
    get_settings.cache_clear()
    return get_settings()


@pytest.fixture
def pg_settings(settings: Settings, postgres_url: str, redis_url: str, redis_conn: Any,
                monkeypatch: pytest.MonkeyPatch) -> Settings:
    """Redis + a fresh PostgreSQL database."""
    monkeypatch.setenv("EKLAIM_DATABASE_URL", postgres_url)
    monkeypatch.setenv("EKLAIM_REDIS_URL", redis_url)
    get_settings.cache_clear()
    return get_settings()


# Item 4 -----------------------------------------------------------------------------------


def test_issue12_api_key_on_sqlite_calls_within_a_minute_do_not_lock(
    keyed_settings: Settings, make_client: Callable[..., TestClient]
) -> None:
    """Item 4: with an API key required on SQLite, calls within a minute of each other (the
    key's ``last_used_at`` is not rewritten then) answered 500 "database is locked" after
    the busy timeout: the key check's session held the write lock the route's session
    waited for. One session per request now."""
    from api.auth import create_api_key
    from intake.db import ensure_schema, session_scope

    client = make_client(keyed_settings)
    ensure_schema(keyed_settings)
    with session_scope(keyed_settings.resolved_database_url) as s:
        _row, key = create_api_key(s, "claim-form")
    headers = {"X-API-Key": key}
    first = client.post("/v1/claims", json=CLAIM_FORM, headers=headers)
    assert first.status_code == 201, first.text
    claim_id = first.json()["id"]

    started = time.monotonic()
    # Sequential calls within the minute: each used to wait for the busy timeout.
    assert client.get(f"/v1/claims/{claim_id}", headers=headers).status_code == 200
    up = client.put(f"/v1/claims/{claim_id}/documents/ktp", files={"file": ("k.png", png_bytes(), "image/png")},
                    headers=headers)
    assert up.status_code == 201, up.text
    assert client.patch(f"/v1/claims/{claim_id}", json={"phone": "081234567890"}, headers=headers).status_code == 200

    # Concurrent calls.
    statuses: list[int] = []
    lock = threading.Lock()

    def work() -> None:
        r1 = client.post("/v1/claims", json=CLAIM_FORM, headers=headers)
        r2 = client.get(f"/v1/claims/{claim_id}", headers=headers)
        with lock:
            statuses.extend([r1.status_code, r2.status_code])

    threads = [threading.Thread(target=work) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert sorted(statuses) == [200] * 4 + [201] * 4
    assert client.post(f"/v1/claims/{claim_id}/submit?allow_missing=true", headers=headers).status_code == 202
    assert time.monotonic() - started < 3.0  # never a lock wait


# Item 2 -----------------------------------------------------------------------------------


def test_issue12_client_submitted_on_does_not_decide_the_waiting_period(
    client: TestClient, run_worker: Callable[[], int], fast_engine: Any
) -> None:
    """Item 2: a client typing a submission date two months ahead decided the waiting period.
    The server's date at submit is the claim's ``submitted_on``; the typed one is kept as
    ``submitted_on_client``, information only."""
    typed = (date.today() + timedelta(days=60)).isoformat()
    r = client.post("/v1/claims", json=dict(CLAIM_FORM, submitted_on=typed))
    assert r.status_code == 201, r.text
    claim_id = r.json()["id"]
    assert r.json()["form"]["submitted_on_client"] == typed
    assert r.json()["form"]["submitted_on"] != typed
    # A PATCH cannot move it either.
    r = client.patch(f"/v1/claims/{claim_id}", json={"submitted_on": "2099-01-01"})
    assert r.status_code == 200 and r.json()["form"]["submitted_on_client"] == "2099-01-01"
    assert r.json()["form"]["submitted_on"] != "2099-01-01"

    assert client.post(f"/v1/claims/{claim_id}/submit?allow_missing=true").status_code == 202
    run_worker()
    report = client.get(f"/v1/claims/{claim_id}/report")
    assert report.status_code == 200, report.text
    check = next(c for c in report.json()["checks"] if c["check"] == "resignation_letter.waiting_period")
    values = {str(v) for v in check.values()}
    today = date.today().isoformat()
    assert today in values and typed not in values and "2099-01-01" not in values

    from intake import repo
    from intake.db import session_scope

    with session_scope() as s:
        claim = repo.get_claim(s, claim_id)
        assert claim.submitted_on == date.today()
        assert claim.form["submitted_on"] == today


# Item 5 -----------------------------------------------------------------------------------


@pytest.mark.postgres
def test_issue12_nul_bytes_and_long_branch_answer_422_on_postgres(
    pg_settings: Settings, make_client: Callable[..., TestClient]
) -> None:
    """Item 5: PostgreSQL answered plain-text 500s for a NUL byte in a claim id or branch and
    for a branch over 64 characters; the API refuses them with 422 and the error shape."""
    client = make_client(pg_settings)
    ok = client.post("/v1/claims", json=CLAIM_FORM)
    assert ok.status_code == 201, ok.text
    claim_id = ok.json()["id"]
    cases = [
        client.get("/v1/claims/abc%00def"),
        client.get(f"/v1/claims/{claim_id[:10]}%00/report"),
        client.post("/v1/claims/%00/submit"),
        client.put("/v1/claims/%00x/documents/ktp", files={"file": ("k.png", png_bytes(), "image/png")}),
        client.get("/v1/claims/" + "a" * 65),
        client.post("/v1/claims", json=dict(CLAIM_FORM, branch="BAN\u0000DUNG")),
        client.post("/v1/claims", json=dict(CLAIM_FORM, branch="B" * 65)),
        client.post("/v1/claims", json=dict(CLAIM_FORM, branch="\u00df" * 40)),
        client.post("/v1/claims", json=dict(CLAIM_FORM, full_name="SITI\u0000AMINAH")),
        client.patch(f"/v1/claims/{claim_id}", json={"branch": "X" * 65}),
        client.patch(f"/v1/claims/{claim_id}", json={"branch": "\u0000"}),
        client.get("/review/claims/abc%00def"),
    ]
    for r in cases:
        assert r.status_code == 422, (r.request.url, r.status_code, r.text)
        assert r.headers["content-type"].startswith("application/json")
        assert r.json()["code"] == "request_invalid"
    problems = cases[5].json()["problems"]
    assert problems[0]["field"] == "branch" and problems[0]["code"] == "string_control_character"
    assert cases[6].json()["problems"][0]["code"] == "string_too_long"
    # A 64-character branch is fine.
    assert client.post("/v1/claims", json=dict(CLAIM_FORM, branch="B" * 64)).status_code == 201


# Item 6 -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1/hook",
        "http://[::1]/hook",
        "http://169.254.169.254/latest/meta-data/",
        "http://2130706433/hook",
        "http://0x7f.1/hook",
        "http://017700000001/hook",
        "http://10.0.0.5/hook",
        "http://172.16.3.4/hook",
        "http://192.168.1.1/hook",
        "http://100.64.0.1/hook",
        "http://0.0.0.0/hook",
        "http://[::ffff:127.0.0.1]/hook",
        "http://[fd00::1]/hook",
        "http://[fe80::1]/hook",
        "http://localhost:6379/",
        "http://user:pw@example.com/hook",
    ],
)
def test_issue12_webhook_url_to_private_address_is_refused(client: TestClient, url: str) -> None:
    """Item 6: webhook URLs to loopback, link-local (cloud metadata), private, decimal/hex/
    octal spellings of 127.0.0.1 were accepted (and called). Refused at registration."""
    r = client.post("/v1/claims", json=dict(CLAIM_FORM, webhook_url=url))
    assert r.status_code == 422, r.text
    assert r.json()["code"].startswith("webhook_url_")
    assert r.json()["message"]["en"]


@pytest.mark.parametrize("url", ["ftp://example.com/x", "file:///etc/passwd", "gopher://example.com/"])
def test_issue12_webhook_url_must_be_http_or_https(client: TestClient, url: str) -> None:
    r = client.post("/v1/claims", json=dict(CLAIM_FORM, webhook_url=url))
    assert r.status_code == 422


class _Receiver(BaseHTTPRequestHandler):
    calls: ClassVar[list[str]] = []

    def do_POST(self) -> None:
        type(self).calls.append(self.path)
        self.send_response(200)
        self.end_headers()

    def log_message(self, *args: Any) -> None:
        pass


@pytest.fixture
def local_receiver() -> Iterator[str]:
    _Receiver.calls = []
    server = HTTPServer(("127.0.0.1", 0), _Receiver)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}/hook"
    server.shutdown()


def test_issue12_webhook_to_private_address_is_refused_at_send_time(
    service_settings: Settings, local_receiver: str
) -> None:
    """Item 6: a private webhook URL already in the database (registered before the check,
    or a DNS name that now points inside) is checked again when sent, and not called."""
    from intake import netguard, repo
    from intake.db import ensure_schema, session_scope
    from workers.service import deliver_webhook

    url = ensure_schema(service_settings)
    with session_scope(url) as s:
        claim = repo.create_claim(s, {"nik": "3204110508900002"}, "BDG", date.today(), status="verified")
        claim.webhook_url, claim.webhook_secret = local_receiver, "s" * 64
        claim_id = claim.id
        from intake.events import record_event

        record_event(s, claim_id, "claim.verified", {"revision": 1, "verdict": "clear"})  # an event to deliver
    with pytest.raises(netguard.UnsafeUrl) as err:
        deliver_webhook(claim_id, settings=service_settings)
    assert err.value.code == "webhook_url_not_allowed"
    assert _Receiver.calls == []
    # The development switch allows it (tests with a local receiver).
    allowed = service_settings.model_copy(update={"webhook_allow_private": True})
    assert deliver_webhook(claim_id, settings=allowed).outcome == "done"
    assert _Receiver.calls == ["/hook"]


def test_issue12_netguard_checks_every_resolved_address() -> None:
    """A name resolving to a public and a private address is refused (rebinding tricks)."""
    from intake import netguard

    public = netguard.check_url("https://hooks.example/x", resolver=lambda h, p: ["93.184.216.34"])
    assert [str(a) for a in public] == ["93.184.216.34"]
    with pytest.raises(netguard.UnsafeUrl):
        netguard.check_url("https://hooks.example/x", resolver=lambda h, p: ["93.184.216.34", "10.1.2.3"])
    with pytest.raises(netguard.UnsafeUrl) as err:
        netguard.check_url("https://nowhere.invalid/x", resolver=lambda h, p: [])
    assert err.value.code == "webhook_url_unresolvable"
    assert netguard.check_url("http://127.0.0.1:8080/x", allow_private=True)


# Item 11 ----------------------------------------------------------------------------------


def test_issue12_upload_file_name_is_not_returned(client: TestClient, claim_id: str) -> None:
    """Item 11: a file name (it can hold a NIK and a name) was returned in plain text."""
    name = "3171019912880001 BUDI SANTOSO.png"
    r = client.put(f"/v1/claims/{claim_id}/documents/ktp", files={"file": (name, png_bytes(), "image/png")})
    assert r.status_code == 201
    assert "3171019912880001" not in r.text and "BUDI" not in r.text
    assert "3171019912880001" not in client.get(f"/v1/claims/{claim_id}").text


def test_issue12_event_stream_on_a_purged_claim_ends_cleanly(
    client: TestClient, claim_id: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Item 11: an SSE stream on a claim purged while streaming ended in a server error; it
    ends with a ``gone`` event now."""
    from api.routes import events
    from intake import repo
    from intake.db import session_scope

    monkeypatch.setattr(events, "POLL_S", 0.05)
    monkeypatch.setattr(events, "MAX_STREAM_S", 5.0)

    def purge() -> None:
        time.sleep(0.3)
        with session_scope() as s:
            s.delete(repo.get_claim(s, claim_id))

    t = threading.Thread(target=purge)
    t.start()
    r = client.get(f"/v1/claims/{claim_id}/events")
    t.join()
    assert r.status_code == 200
    assert r.text.startswith("retry: 3000\n\nevent: status")  # SSE retry first (issue 16)
    assert "event: gone" in r.text and "claim_not_found" in r.text
    assert "event: timeout" not in r.text
    # A purged claim's stream answers 404 from the start.
    assert client.get(f"/v1/claims/{claim_id}/events").status_code == 404
