"""Engines, sessions and the repository layer, on SQLite and on PostgreSQL."""

from __future__ import annotations

import threading
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import func, select, text, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from intake import repo
from intake.db import (
    SessionLocal,
    dispose_engines,
    ensure_schema,
    get_engine,
    make_engine,
    migrate,
    session_scope,
)
from intake.errors import NotFound
from intake.models import AuditEvent, BatchItem, Claim, Decision, Document, User, utcnow
from intake.records import ClaimForm
from intake.settings import Settings

BLOB_A = "a" * 64
BLOB_B = "b" * 64
FORM = {"nik": "3204110508900002", "full_name": "BUDI SANTOSO", "branch": "BDG01"}


def _claim(session: Session, branch: str = "BDG01", submitted_on: date = date(2025, 3, 1)) -> Claim:
    return repo.create_claim(session, FORM, branch=branch, submitted_on=submitted_on)


def _doc(session: Session, claim_id: str, slot: str = "ktp", blob: str = BLOB_A) -> tuple[Document, bool]:
    return repo.put_document(session, claim_id, slot, blob, "jpeg", 1234, 1, "KTP saya.jpg")


# Engines ----------------------------------------------------------------------------------


def test_sqlite_engine_pragmas(sqlite_url: str) -> None:
    engine = make_engine(sqlite_url)
    try:
        with engine.connect() as conn:
            assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
            assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
            assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() == 30_000
    finally:
        engine.dispose()


def test_in_memory_sqlite_shares_one_database() -> None:
    engine = make_engine("sqlite://")
    try:
        with engine.begin() as conn:
            conn.exec_driver_sql("CREATE TABLE t (x INTEGER)")
            conn.exec_driver_sql("INSERT INTO t VALUES (1)")
        with engine.connect() as conn:
            assert conn.exec_driver_sql("SELECT x FROM t").scalar() == 1
    finally:
        engine.dispose()


def test_postgres_engine_pings(postgres_url: str) -> None:
    engine = get_engine(postgres_url)
    assert engine.pool._pre_ping is True  # type: ignore[attr-defined]
    with engine.connect() as conn:
        assert conn.execute(text("SELECT 1")).scalar() == 1


def test_get_engine_is_cached_per_url(sqlite_url: str, tmp_path) -> None:  # type: ignore[no-untyped-def]
    assert get_engine(sqlite_url) is get_engine(sqlite_url)
    other = f"sqlite:///{tmp_path / 'other.sqlite3'}"
    assert get_engine(other) is not get_engine(sqlite_url)
    first = get_engine(sqlite_url)
    dispose_engines()
    assert get_engine(sqlite_url) is not first


def test_session_scope_commits_and_rolls_back(db_url: str, db_engine) -> None:  # type: ignore[no-untyped-def]
    with session_scope(db_url) as s:
        kept = _claim(s).id
    with pytest.raises(RuntimeError):
        with session_scope(db_url) as s:
            lost = _claim(s).id
            raise RuntimeError("boom")
    with session_scope(db_url) as s:
        assert s.get(Claim, kept) is not None
        assert s.get(Claim, lost) is None


def test_ensure_schema_uses_settings_and_runs_once(settings: Settings) -> None:
    url = ensure_schema()
    assert url == settings.resolved_database_url
    assert (settings.data_dir / "eklaim.sqlite3").is_file()
    assert ensure_schema() == url  # cached: no second migration
    with session_scope() as s:  # the default session uses the settings' database
        claim_id = _claim(s).id
    with SessionLocal() as s:
        assert s.get(Claim, claim_id) is not None


def test_foreign_keys_are_enforced(db_session: Session) -> None:
    db_session.add(
        Document(claim_id="nope", slot="ktp", blob_id=BLOB_A, kind="pdf", size=1, pages=1)
    )
    with pytest.raises(IntegrityError):
        db_session.flush()


def test_concurrent_writers_on_sqlite_do_not_fail(sqlite_url: str) -> None:
    """Read-then-write transactions from several threads: BEGIN IMMEDIATE serialises them."""
    migrate(sqlite_url)
    with session_scope(sqlite_url) as s:
        claim_id = _claim(s).id
    errors: list[BaseException] = []

    def work(n: int) -> None:
        try:
            for i in range(5):
                with session_scope(sqlite_url) as s:
                    repo.get_claim(s, claim_id)
                    repo.record_audit(s, f"worker-{n}", "test.tick", claim_id, {"i": i})
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(n,)) for n in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    with session_scope(sqlite_url) as s:
        assert len(repo.audit_events(s, claim_id=claim_id)) == 20


# Claims -----------------------------------------------------------------------------------


def test_create_and_get_claim(db_session: Session) -> None:
    claim = _claim(db_session)
    db_session.commit()
    db_session.expunge_all()
    got = repo.get_claim(db_session, claim.id)
    assert len(got.id) == 32 and int(got.id, 16) >= 0
    assert got.form == FORM
    assert got.branch == "BDG01"
    assert got.status == "submitted"
    assert got.submitted_on == date(2025, 3, 1)
    assert got.verdict is None and got.report is None
    assert got.created_at.tzinfo is not None and got.created_at.utcoffset() == timedelta(0)
    assert abs(utcnow() - got.created_at) < timedelta(minutes=1)


def test_create_claim_accepts_the_typed_form_dataclass(db_session: Session) -> None:
    form = ClaimForm(
        nik="3204110508900002",
        full_name="BUDI SANTOSO",
        birth_date=date(1990, 8, 5),
        birth_date_typed="050890",
        kpj="12345678901",
        claim_reason="resign",
        phone="6281234567890",
        email="budi@example.com",
        bank="BRI",
        account_number="123456789012345",
        account_holder="BUDI SANTOSO",
        branch="BDG01",
        submitted_on=date(2025, 3, 1),
    )
    claim = repo.create_claim(db_session, form, form.branch, form.submitted_on)
    db_session.commit()
    db_session.expunge_all()
    stored = repo.get_claim(db_session, claim.id).form
    assert stored["birth_date"] == "1990-08-05"
    assert stored["submitted_on"] == "2025-03-01"
    assert stored["kpj"] == "12345678901"


def test_get_claim_unknown_is_not_found(db_session: Session) -> None:
    with pytest.raises(NotFound) as info:
        repo.get_claim(db_session, "0" * 32)
    assert info.value.code == "claim_not_found"


def test_invalid_enumerated_values_are_refused(db_session: Session) -> None:
    claim = _claim(db_session)
    with pytest.raises(ValueError):
        claim.status = "lost"
    with pytest.raises(ValueError):
        claim.verdict = "maybe"
    with pytest.raises(ValueError):
        repo.put_document(db_session, claim.id, "selfie", BLOB_A, "jpeg", 1, 1, None)
    with pytest.raises(ValueError):
        repo.put_document(db_session, claim.id, "ktp", BLOB_A, "gif", 1, 1, None)
    with pytest.raises(NotFound):
        repo.put_document(db_session, claim.id, "ktp", "../etc/passwd", "jpeg", 1, 1, None)


def test_save_report_and_list_claims(db_session: Session) -> None:
    a = _claim(db_session, branch="BDG01")
    b = _claim(db_session, branch="JKT02")
    report = {"claim_id": a.id, "verdict": "clear", "documents": {}, "checks": []}
    repo.save_report(db_session, a.id, report, "clear", "rules-1")
    db_session.commit()
    db_session.expunge_all()
    got = repo.get_claim(db_session, a.id)
    assert got.report == {**report, "revision": 1}  # the report carries its revision (issue 16)
    assert [(r.revision, r.verdict, r.report) for r in repo.claim_revisions(db_session, a.id)] == [(1, "clear", got.report)]
    assert (got.verdict, got.rules_version, got.status) == ("clear", "rules-1", "verified")
    assert got.report_updated_at is not None and got.report_updated_at.tzinfo is not None
    assert [c.id for c in repo.list_claims(db_session, branches=["JKT02"])] == [b.id]
    assert [c.id for c in repo.list_claims(db_session, verdict="clear")] == [a.id]
    assert {c.id for c in repo.list_claims(db_session)} == {a.id, b.id}
    assert repo.set_claim_status(db_session, b.id, "processing").status == "processing"


# Documents --------------------------------------------------------------------------------


def test_put_document_is_idempotent_per_slot(db_session: Session) -> None:
    claim = _claim(db_session)
    doc, created = _doc(db_session, claim.id)
    assert created
    assert (doc.state, doc.attempts, doc.superseded, doc.slot, doc.blob_id) == ("queued", 0, False, "ktp", BLOB_A)
    assert doc.display_name == "KTP saya.jpg"
    again, created_again = _doc(db_session, claim.id)
    assert not created_again
    assert again.id == doc.id
    # The same bytes in another slot are another document.
    kk, kk_created = _doc(db_session, claim.id, slot="kk")
    assert kk_created and kk.id != doc.id
    count = db_session.scalar(select(func.count()).select_from(Document).where(Document.claim_id == claim.id))
    assert count == 2


def test_new_upload_supersedes_and_keeps_history(db_session: Session) -> None:
    claim = _claim(db_session)
    old, _ = _doc(db_session, claim.id, blob=BLOB_A)
    repo.mark_document(db_session, old.id, "done", result={"status": "accepted"})
    new, created = _doc(db_session, claim.id, blob=BLOB_B)
    assert created and new.id != old.id
    db_session.commit()
    db_session.expunge_all()
    old = repo.get_document(db_session, old.id)
    assert old.superseded and old.superseded_at is not None
    assert old.result == {"status": "accepted"}  # history kept
    current = repo.current_documents(db_session, claim.id)
    assert list(current) == ["ktp"] and current["ktp"].id == new.id
    assert repo.get_claim(db_session, claim.id).current_documents["ktp"].id == new.id
    # Uploading the first file again is a new current document, not a resurrection.
    third, created = _doc(db_session, claim.id, blob=BLOB_A)
    assert created and third.id not in (old.id, new.id)


def test_only_one_current_document_per_slot(db_session: Session) -> None:
    claim = _claim(db_session)
    _doc(db_session, claim.id)
    db_session.add(Document(claim_id=claim.id, slot="ktp", blob_id=BLOB_B, kind="png", size=1, pages=1))
    with pytest.raises(IntegrityError):
        db_session.flush()
    db_session.rollback()
    # A superseded row in the same slot is fine.
    claim = _claim(db_session)
    _doc(db_session, claim.id)
    db_session.add(
        Document(claim_id=claim.id, slot="ktp", blob_id=BLOB_B, kind="png", size=1, pages=1, superseded=True)
    )
    db_session.flush()


def test_mark_document_lifecycle(db_session: Session) -> None:
    claim = _claim(db_session)
    doc, _ = _doc(db_session, claim.id)
    doc = repo.mark_document(db_session, doc.id, "processing", job_id="job-1")
    assert doc.state == "processing" and doc.attempts == 1 and doc.started_at is not None
    assert doc.job_id == "job-1"
    doc = repo.mark_document(db_session, doc.id, "failed", error_code="ocr_timeout")
    assert (doc.state, doc.error_code) == ("failed", "ocr_timeout")
    assert doc.finished_at is not None and doc.finished_at >= doc.started_at  # type: ignore[operator]
    doc = repo.mark_document(db_session, doc.id, "queued")
    assert doc.error_code is None and doc.started_at is None and doc.finished_at is None
    repo.mark_document(db_session, doc.id, "processing")
    result = {"status": "accepted", "fields": {"nik": {"value": "x", "confidence": 0.9}}, "lines": []}
    doc = repo.mark_document(
        db_session, doc.id, "done", result=result, engine="paddleocr", model_version="ppocrv6-s", extractor_version="ktp-1"
    )
    db_session.commit()
    db_session.expunge_all()
    doc = repo.get_document(db_session, doc.id)
    assert (doc.state, doc.attempts, doc.error_code) == ("done", 2, None)
    assert doc.result == result
    assert (doc.engine, doc.model_version, doc.extractor_version) == ("paddleocr", "ppocrv6-s", "ktp-1")
    with pytest.raises(ValueError):
        repo.mark_document(db_session, doc.id, "exploded")
    with pytest.raises(NotFound):
        repo.mark_document(db_session, "f" * 32, "done")


def test_try_start_document_is_compare_and_set(db_session: Session) -> None:
    claim = _claim(db_session)
    doc, _ = _doc(db_session, claim.id)
    taken = repo.try_start_document(db_session, doc.id)
    assert taken is not None and taken.state == "processing" and taken.attempts == 1
    assert repo.try_start_document(db_session, doc.id) is None  # someone has it
    # A worker that died long ago can be taken over.
    db_session.execute(
        update(Document).where(Document.id == doc.id).values(started_at=utcnow() - timedelta(hours=1))
    )
    assert repo.try_start_document(db_session, doc.id, stale_after=timedelta(hours=2)) is None
    again = repo.try_start_document(db_session, doc.id, stale_after=timedelta(minutes=10))
    assert again is not None and again.attempts >= 2
    # A superseded document is never started.
    old, _ = _doc(db_session, claim.id, slot="kk", blob=BLOB_A)
    _doc(db_session, claim.id, slot="kk", blob=BLOB_B)
    assert repo.try_start_document(db_session, old.id) is None


def test_documents_stuck_and_settled(db_session: Session) -> None:
    claim = _claim(db_session)
    queued, _ = _doc(db_session, claim.id, "ktp")
    running, _ = _doc(db_session, claim.id, "kk")
    finished, _ = _doc(db_session, claim.id, "passbook")
    fresh, _ = _doc(db_session, claim.id, "bpjs_card")
    repo.mark_document(db_session, running.id, "processing")
    repo.mark_document(db_session, finished.id, "processing")
    repo.mark_document(db_session, finished.id, "done")
    long_ago = utcnow() - timedelta(hours=2)
    db_session.execute(
        update(Document)
        .where(Document.id.in_([queued.id, running.id, finished.id]))
        .values(queued_at=long_ago, started_at=long_ago)
    )
    db_session.execute(update(Document).where(Document.id == queued.id).values(started_at=None))
    db_session.expire_all()
    stuck = repo.documents_stuck(db_session, timedelta(minutes=10))
    assert {d.id for d in stuck} == {queued.id, running.id}
    assert repo.documents_stuck(db_session, timedelta(hours=3)) == []
    assert not repo.claim_documents_settled(db_session, claim.id)
    for d in (queued, running, fresh):
        repo.mark_document(db_session, d.id, "failed" if d is running else "done", error_code="x")
    assert repo.claim_documents_settled(db_session, claim.id)
    # A new upload into a slot makes the claim unsettled again.
    _doc(db_session, claim.id, "ktp", blob=BLOB_B)
    assert not repo.claim_documents_settled(db_session, claim.id)


def test_naive_datetimes_are_refused(db_session: Session) -> None:
    claim = _claim(db_session)
    claim.report_updated_at = datetime(2025, 1, 1, 12, 0)
    with pytest.raises(Exception) as info:
        db_session.flush()
    assert "naive datetime" in str(info.value)


def test_times_round_trip_as_utc(db_session: Session) -> None:
    from zoneinfo import ZoneInfo

    claim = _claim(db_session)
    jakarta = datetime(2025, 1, 1, 19, 0, tzinfo=ZoneInfo("Asia/Jakarta"))
    claim.report_updated_at = jakarta
    db_session.commit()
    db_session.expunge_all()
    got = repo.get_claim(db_session, claim.id).report_updated_at
    assert got == datetime(2025, 1, 1, 12, 0, tzinfo=UTC)
    assert got is not None and got.tzinfo is not None and got.utcoffset() == timedelta(0)


# Audit ------------------------------------------------------------------------------------


def test_record_audit_appends_events(db_session: Session) -> None:
    claim = _claim(db_session)
    repo.record_audit(db_session, "cli", "claim.created", claim.id, {"documents": 5})
    repo.record_audit(db_session, "reviewer1", "document.viewed", claim.id, {"slot": "ktp"})
    repo.record_audit(db_session, "admin", "user.created")
    events = repo.audit_events(db_session, claim_id=claim.id)
    assert [(e.actor, e.action, e.detail) for e in events] == [
        ("cli", "claim.created", {"documents": 5}),
        ("reviewer1", "document.viewed", {"slot": "ktp"}),
    ]
    assert len(repo.audit_events(db_session)) == 3


@pytest.mark.parametrize(
    "detail", [{"nik": "3204110508900002"}, {"changes": [{"full_name": "X"}]}, {"a": {"Account_Number": "1"}}]
)
def test_record_audit_refuses_personal_data(db_session: Session, detail: dict) -> None:  # type: ignore[type-arg]
    with pytest.raises(ValueError, match="personal data"):
        repo.record_audit(db_session, "cli", "claim.created", None, detail)
    assert db_session.scalars(select(AuditEvent)).all() == []


# Reviewer tables ----------------------------------------------------------------------------


def test_users_and_decisions(db_session: Session) -> None:
    claim = _claim(db_session)
    user = User(username="rina", password_hash="argon2$...", role="reviewer", branches=["BDG01"])
    db_session.add(user)
    db_session.flush()
    db_session.add(Decision(claim_id=claim.id, user_id=user.id, action="approve", reason="ok"))
    db_session.commit()
    db_session.expunge_all()
    got = db_session.scalars(select(User)).one()
    assert got.branches == ["BDG01"] and got.active is True
    db_session.add(User(username="rina", password_hash="x"))
    with pytest.raises(IntegrityError):
        db_session.flush()
    db_session.rollback()
    with pytest.raises(ValueError):
        Decision(claim_id=claim.id, user_id=user.id, action="shrug")


# Batches ----------------------------------------------------------------------------------


def test_batch_selection_items_and_counts(db_session: Session) -> None:
    a = _claim(db_session, branch="BDG01", submitted_on=date(2025, 1, 10))
    b = _claim(db_session, branch="BDG01", submitted_on=date(2025, 2, 10))
    c = _claim(db_session, branch="JKT02", submitted_on=date(2025, 2, 11))
    repo.save_report(db_session, a.id, {"verdict": "clear"}, "clear", "rules-1")
    repo.save_report(db_session, b.id, {"verdict": "needs_review"}, "needs_review", "rules-1")
    for claim, extractor in ((a, "ktp-1"), (b, "ktp-2"), (c, "ktp-1")):
        doc, _ = _doc(db_session, claim.id)
        repo.mark_document(db_session, doc.id, "done", engine="paddleocr", extractor_version=extractor)

    assert repo.select_claim_ids(db_session, branch="BDG01") == [a.id, b.id]
    assert repo.select_claim_ids(db_session, extractor_version="ktp-1") == [a.id, c.id]
    assert repo.select_claim_ids(db_session, verdict="needs_review") == [b.id]
    assert repo.select_claim_ids(db_session, submitted_from=date(2025, 2, 1), submitted_to=date(2025, 2, 10)) == [b.id]
    assert repo.select_claim_ids(db_session, rules_version="rules-1", engine="paddleocr") == [a.id, b.id]

    ids = repo.select_claim_ids(db_session, branch="BDG01")
    batch = repo.create_batch(db_session, {"branch": "BDG01"}, "matching", ids + ids, created_by="cli")
    assert batch.status == "queued" and batch.counts["total"] == 2
    items = db_session.scalars(select(BatchItem).where(BatchItem.batch_id == batch.id)).all()
    assert {(i.claim_id, i.old_verdict, i.state) for i in items} == {
        (a.id, "clear", "queued"),
        (b.id, "needs_review", "queued"),
    }
    repo.finish_batch_item(db_session, batch.id, a.id, "done", new_verdict="clear", changed_checks=[])
    assert repo.batch_counts(db_session, batch.id)["queued"] == 1
    assert repo.get_batch(db_session, batch.id).status == "running"
    repo.finish_batch_item(
        db_session,
        batch.id,
        b.id,
        "done",
        new_verdict="clear",
        changed_checks=[{"check": "ktp.full_name", "old": "review", "new": "match"}],
    )
    counts = repo.batch_counts(db_session, batch.id)
    assert counts == {"total": 2, "queued": 0, "done": 2, "failed": 0, "changed": 1}
    db_session.commit()
    db_session.expunge_all()
    stored = repo.get_batch(db_session, batch.id)
    assert stored.status == "done" and stored.finished_at is not None and stored.counts == counts
    with pytest.raises(NotFound):
        repo.create_batch(db_session, {}, "full", ["0" * 32])
    with pytest.raises(NotFound):
        repo.get_batch(db_session, "0" * 32)


def test_forked_child_gets_its_own_connections(postgres_url: str) -> None:
    """RQ forks a work horse per job: the child must not share the parent's pooled sockets."""
    import os

    engine = get_engine(postgres_url)
    with engine.connect() as conn:
        parent_pid = conn.execute(text("SELECT pg_backend_pid()")).scalar()
    pid = os.fork()
    if pid == 0:  # pragma: no cover - runs in the child
        code = 1
        try:
            with get_engine(postgres_url).connect() as conn:
                child_backend = conn.execute(text("SELECT pg_backend_pid()")).scalar()
            code = 0 if child_backend != parent_pid else 2
        finally:
            os._exit(code)
    _, status = os.waitpid(pid, 0)
    assert os.waitstatus_to_exitcode(status) == 0
    with engine.connect() as conn:  # the parent's pooled connection still works
        assert conn.execute(text("SELECT pg_backend_pid()")).scalar() == parent_pid


# Issue 12: column sizes from the data -----------------------------------------------------


def test_issue12_model_version_of_a_real_engine_fits_the_schema(db_session: Session) -> None:
    """Item 1: the stored model version of the real backends (over 100 characters) is stored
    and read back whole on PostgreSQL too (``VARCHAR(64)`` made every document fail there)."""
    from workers.batch import expected_model_version

    versions = [expected_model_version("paddleocr"), expected_model_version("rapidocr")]
    assert max(len(v) for v in versions) > 64  # the defect's premise: the real string is long
    claim = _claim(db_session)
    for slot, version in zip(("ktp", "kk"), versions, strict=True):
        doc, _ = repo.put_document(db_session, claim.id, slot, (slot[0] * 64)[:64].replace("k", "c"),
                                   "jpeg", 1, 1, None)
        repo.mark_document(db_session, doc.id, "done", result={"status": "accepted"}, engine="paddleocr",
                           model_version=version, extractor_version="x" * 300)
    db_session.commit()
    db_session.expunge_all()
    stored = {d.slot: d.model_version for d in repo.current_documents(db_session, claim.id).values()}
    assert stored == {"ktp": versions[0], "kk": versions[1]}


def test_issue12_api_key_actor_of_a_long_key_name_fits(db_session: Session) -> None:
    """Item 1 (every String(n) checked): ``apikey:`` + a 128-character key name is an actor."""
    repo.record_audit(db_session, "apikey:" + "n" * 128, "status.link_issued")
    db_session.commit()
    assert db_session.scalar(select(func.max(func.length(AuditEvent.actor)))) == 135


def test_issue12_display_name_is_encrypted_at_rest(db_session: Session) -> None:
    """Item 11: a client's file name (it can hold a NIK and a name) is not stored in plain text."""
    claim = _claim(db_session)
    doc, _ = repo.put_document(db_session, claim.id, "ktp", BLOB_A, "jpeg", 1, 1, "3204110508900002 SITI.jpg")
    db_session.commit()
    raw = db_session.execute(text("SELECT display_name FROM documents WHERE id = :i"), {"i": doc.id}).scalar_one()
    assert "3204110508900002" not in str(raw)
    db_session.expunge_all()
    assert repo.get_document(db_session, doc.id).display_name == "3204110508900002 SITI.jpg"
