"""``eklaim purge``: claims past retention go with their documents, blobs and page images."""

from __future__ import annotations

from datetime import date, timedelta

import numpy as np
import pytest
from sqlalchemy import select

from intake.models import AuditEvent, Claim, Decision, Document, utcnow
from intake.retention import parse_age, purge
from intake.settings import Settings
from intake.storage import get_blob_store


def test_parse_age() -> None:
    assert parse_age("365d") == timedelta(days=365)
    assert parse_age("2w") == timedelta(days=14)
    assert parse_age("1y") == timedelta(days=365)
    assert parse_age("30") == timedelta(days=30)
    for bad in ("", "0d", "-1d", "3m", "abc"):
        with pytest.raises(ValueError):
            parse_age(bad)


def _claim(s, store, created_at, data: bytes, user_id: int | None = None) -> tuple[str, str, str]:
    from intake import repo

    claim = repo.create_claim(s, {"nik": "3204110508900002"}, "B", date(2025, 1, 1))
    claim.created_at = created_at
    blob_id = store.put(data)
    doc, _ = repo.put_document(s, claim.id, "ktp", blob_id, "png", len(data), 1, None)
    repo.mark_document(s, doc.id, "done", result={"status": "accepted", "fields": {"nik": {"value": "3204"}}})
    if user_id is not None:
        s.add(Decision(claim_id=claim.id, user_id=user_id, action="approve"))
    s.flush()
    return claim.id, doc.id, blob_id


def test_purge_deletes_old_claims_blobs_and_audits(settings: Settings) -> None:
    from api.auth import create_user
    from intake.db import ensure_schema, session_scope
    from intake.page_images import store_page_images

    url = ensure_schema(settings)
    store = get_blob_store(settings)
    now = utcnow()
    with session_scope(url) as s:
        uid = create_user(s, "rina", "long enough password", "reviewer", ["B"]).id
        old_id, old_doc, old_blob = _claim(s, store, now - timedelta(days=400), b"old scan", uid)
        shared_id, _, shared_blob = _claim(s, store, now - timedelta(days=500), b"shared scan")
        new_id, _, _ = _claim(s, store, now - timedelta(days=10), b"new scan")
        _claim(s, store, now - timedelta(days=5), b"shared scan")  # same file, newer claim
    pages = store_page_images(old_doc, [np.full((300, 400, 3), 200, np.uint8)], settings=settings)

    dry = purge(timedelta(days=365), settings, dry_run=True)
    assert sorted(dry.claims) == sorted([old_id, shared_id]) and dry.blobs == 2
    assert store.exists(old_blob)

    res = purge(parse_age("365d"), settings)
    assert sorted(res.claims) == sorted([old_id, shared_id]) and res.documents == 2
    assert res.blobs == 2  # the old scan and its page image; the shared scan stays
    assert not store.exists(old_blob) and not store.exists(pages[0]["blob_id"])
    assert store.exists(shared_blob)
    with session_scope(url) as s:
        remaining = set(s.scalars(select(Claim.id)))
        assert new_id in remaining and not remaining & {old_id, shared_id}
        assert s.scalar(select(Document.id).where(Document.claim_id == old_id)) is None
        assert s.scalar(select(Decision.id).where(Decision.claim_id == old_id)) is None
        events = [(e.action, e.claim_id, e.detail) for e in s.scalars(select(AuditEvent).order_by(AuditEvent.id))]
    assert ("claim.purged", old_id) in [(a, c) for a, c, _ in events]
    summary = [d for a, _, d in events if a == "retention.purged"]
    assert summary and summary[0]["claims"] == 2
    assert purge(timedelta(days=365), settings).claims == []


def test_cli_purge(settings: Settings) -> None:
    from api.cli import main

    assert main(["purge", "--older-than", "365d"]) == 0
    assert main(["purge", "--older-than", "soon"]) == 2


def test_cli_users_and_apikeys(settings: Settings, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    import io

    from api.auth import hash_api_key
    from api.cli import main
    from intake.db import session_scope
    from intake.models import ApiKey, User

    monkeypatch.setattr("sys.stdin", io.StringIO("a long password 123\n"))
    assert main(["users", "add", "rina", "--branch", "BANDUNG", "--password-stdin"]) == 0
    assert main(["users", "add", "nobranch", "--password-stdin"]) == 2
    capsys.readouterr()
    assert main(["apikeys", "create", "claim-form"]) == 0
    key = capsys.readouterr().out.strip()
    assert key.startswith("ek_")
    with session_scope(settings.resolved_database_url) as s:
        user = s.scalars(select(User).where(User.username == "rina")).one()
        assert user.password_hash.startswith("$argon2id$") and user.branches == ["BANDUNG"]
        row = s.scalars(select(ApiKey)).one()
        assert row.key_hash == hash_api_key(key) and key not in row.key_hash


def test_orphan_sweep_keeps_a_blob_still_in_flight(settings: Settings) -> None:
    import os

    from intake.db import ensure_schema

    ensure_schema(settings)
    store = get_blob_store(settings)
    settled, in_flight = store.put(b"an abandoned upload"), store.put(b"an upload whose row is not committed yet")
    t = (utcnow() - timedelta(hours=2)).timestamp()
    os.utime(store.path_hint(settled), (t, t))
    res = purge(timedelta(days=365), settings, sweep_orphans=True)
    assert res.blobs == 1
    assert not store.exists(settled) and store.exists(in_flight)
    # with no grace at all the one in flight would go too (what the grace period prevents)
    assert purge(timedelta(days=365), settings, sweep_orphans=True, orphan_grace=timedelta(0)).blobs == 1
