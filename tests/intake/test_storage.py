"""Blob stores: content addressing, idempotence, id checks, no path traversal."""

from __future__ import annotations

import hashlib
import io
import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given
from hypothesis import settings as hyp_settings
from hypothesis import strategies as st

from intake.db import get_engine, migrate
from intake.errors import NotFound
from intake.settings import Settings
from intake.storage import (
    BlobStore,
    DbBlobStore,
    InvalidBlobId,
    LocalBlobStore,
    PostgresBlobStore,
    check_blob_id,
    get_blob_store,
)

DATA = b"\xff\xd8\xff\xe0 not really a jpeg, but bytes are bytes"
DATA_ID = hashlib.sha256(DATA).hexdigest()

BAD_IDS = [
    "",
    "../../etc/passwd",
    "/etc/passwd",
    DATA_ID.upper(),
    DATA_ID[:-1],
    DATA_ID + "0",
    DATA_ID[:-2] + "/.",
    "..",
    "a" * 63 + "\n",
    "g" * 64,
    "../" + DATA_ID[3:],
    DATA_ID[:62] + "\x00a",
]


@pytest.fixture(params=["local", "db-sqlite", pytest.param("db-postgres", marks=pytest.mark.postgres)])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> BlobStore:
    """Each blob backend on a fresh location."""
    if request.param == "local":
        return LocalBlobStore(tmp_path / "blobs")
    if request.param == "db-sqlite":
        url = request.getfixturevalue("sqlite_url")
    else:
        url = request.getfixturevalue("postgres_url")
    migrate(url)
    return DbBlobStore(get_engine(url))


def test_put_returns_sha256_and_get_round_trips(store: BlobStore) -> None:
    assert isinstance(store, BlobStore)
    assert store.put(DATA) == DATA_ID
    assert store.exists(DATA_ID)
    assert store.get(DATA_ID) == DATA


def test_put_is_idempotent(store: BlobStore) -> None:
    assert store.put(DATA) == store.put(DATA) == DATA_ID
    assert store.get(DATA_ID) == DATA
    other = store.put(b"other bytes")
    assert other != DATA_ID
    assert store.get(other) == b"other bytes"


def test_empty_bytes_are_a_blob_too(store: BlobStore) -> None:
    empty_id = store.put(b"")
    assert empty_id == hashlib.sha256(b"").hexdigest()
    assert store.get(empty_id) == b""


def test_unknown_id_is_not_found(store: BlobStore) -> None:
    unknown = "0" * 64
    assert not store.exists(unknown)
    with pytest.raises(NotFound) as info:
        store.get(unknown)
    assert info.value.code == "blob_not_found"
    assert info.value.http_status == 404


def test_delete(store: BlobStore) -> None:
    store.put(DATA)
    assert store.delete(DATA_ID) is True
    assert not store.exists(DATA_ID)
    assert store.delete(DATA_ID) is False
    with pytest.raises(NotFound):
        store.get(DATA_ID)


@pytest.mark.parametrize("bad", BAD_IDS)
def test_bad_ids_are_refused_by_every_operation(store: BlobStore, bad: str) -> None:
    for op in (store.get, store.exists, store.delete, store.path_hint):
        with pytest.raises(InvalidBlobId):
            op(bad)


def test_invalid_id_is_a_not_found_and_a_value_error() -> None:
    with pytest.raises(NotFound) as info:
        check_blob_id("../x")
    assert isinstance(info.value, ValueError)
    assert info.value.code == "blob_id_invalid"
    assert check_blob_id(DATA_ID) == DATA_ID


def test_local_layout_is_sharded_and_atomic(tmp_path: Path) -> None:
    root = tmp_path / "blobs"
    store = LocalBlobStore(root)
    store.put(DATA)
    path = root / DATA_ID[:2] / DATA_ID[2:4] / DATA_ID
    assert path.read_bytes() == DATA
    assert store.path_hint(DATA_ID) == str(path.resolve())
    # No temporary files are left behind; the file is private.
    assert sorted(p.name for p in path.parent.iterdir()) == [DATA_ID]
    assert path.stat().st_mode & 0o077 == 0


def test_local_put_repairs_a_truncated_file(tmp_path: Path) -> None:
    store = LocalBlobStore(tmp_path)
    store.put(DATA)
    path = Path(store.path_hint(DATA_ID))
    path.write_bytes(DATA[:5])  # e.g. a crash of a non-atomic copy by hand
    store.put(DATA)
    assert store.get(DATA_ID) == DATA


def test_local_store_never_touches_files_outside_its_root(tmp_path: Path) -> None:
    root = tmp_path / "root"
    store = LocalBlobStore(root)
    secret = tmp_path / "secret"
    secret.write_bytes(b"keep me")
    rel = os.path.relpath(secret, root)
    for bad in (rel, str(secret), "../secret", "..%2fsecret"):
        with pytest.raises(InvalidBlobId):
            store.get(bad)
        with pytest.raises(InvalidBlobId):
            store.delete(bad)
    assert secret.read_bytes() == b"keep me"


@hyp_settings(max_examples=200, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text(max_size=80))
def test_only_lowercase_hex_64_ids_are_accepted(tmp_path: Path, candidate: str) -> None:
    store = LocalBlobStore(tmp_path)
    ok = len(candidate) == 64 and all(c in "0123456789abcdef" for c in candidate)
    if ok:
        assert store.path_hint(candidate).startswith(str(tmp_path.resolve()))
    else:
        with pytest.raises(InvalidBlobId):
            store.path_hint(candidate)


def test_db_store_path_hint_shows_no_credentials(sqlite_url: str) -> None:
    migrate(sqlite_url)
    store = DbBlobStore(get_engine(sqlite_url))
    assert store.path_hint(DATA_ID) == f"db:sqlite:blobs/{DATA_ID}"
    assert PostgresBlobStore is DbBlobStore


def test_get_blob_store_follows_settings(settings: Settings) -> None:
    from intake.crypto import EncryptedBlobStore

    wrapped = get_blob_store(settings)
    assert isinstance(wrapped, EncryptedBlobStore)  # encryption at rest (intake/crypto.py)
    local = wrapped.inner
    assert isinstance(local, LocalBlobStore)
    assert local.root == settings.blob_dir.resolve()

    from intake.db import ensure_schema

    db_settings = settings.model_copy(update={"blob_backend": "postgres"})
    ensure_schema(db_settings)
    db = get_blob_store(db_settings)
    assert isinstance(db.inner, DbBlobStore)
    blob_id = db.put(DATA)
    assert get_blob_store(db_settings).get(blob_id) == DATA
    assert not local.exists(blob_id)


def test_put_file_matches_put(store: BlobStore, tmp_path: Path) -> None:
    src = tmp_path / "upload.bin"
    data = os.urandom(3 * (1 << 20) + 17)  # more than one copy chunk
    src.write_bytes(data)
    blob_id = store.put_file(src)
    assert blob_id == hashlib.sha256(data).hexdigest()
    assert store.get(blob_id) == data
    assert store.put_file(src, blob_id) == blob_id


def test_put_reader_matches_put(store: BlobStore) -> None:
    data = os.urandom(3 * (1 << 20) + 17)  # more than one copy chunk
    blob_id = hashlib.sha256(data).hexdigest()
    assert store.put_reader(blob_id, lambda: io.BytesIO(data)) == blob_id
    assert store.get(blob_id) == data

    def must_not_open() -> io.BytesIO:
        raise AssertionError("an already stored blob is not read again")

    assert store.put_reader(blob_id, must_not_open) == blob_id


def test_failed_streamed_write_leaves_nothing(tmp_path: Path) -> None:
    store = LocalBlobStore(tmp_path / "blobs")

    def broken(out: object) -> None:
        raise OSError("disk full")

    with pytest.raises(OSError):
        store.put_stored(DATA_ID, broken)
    assert not store.exists(DATA_ID)
    assert not [p for p in (tmp_path / "blobs").rglob("*") if p.is_file()]


def _backdate(store: BlobStore, blob_id: str, hours: float) -> None:
    """Make ``blob_id`` look stored ``hours`` ago."""
    from datetime import timedelta

    from sqlalchemy import update

    from intake.models import Blob, utcnow

    if isinstance(store, LocalBlobStore):
        t = (utcnow() - timedelta(hours=hours)).timestamp()
        os.utime(store.path_hint(blob_id), (t, t))
    else:
        assert isinstance(store, DbBlobStore)
        with store.engine.begin() as conn:
            conn.execute(update(Blob).where(Blob.id == blob_id).values(created_at=utcnow() - timedelta(hours=hours)))


def test_ids_stored_before_and_a_new_put_refreshes_the_time(store: BlobStore) -> None:
    # the orphan sweep only deletes blobs that settled: an upload stores its blob before its
    # document row commits, and a second upload of the same file reuses the blob
    from datetime import timedelta

    from intake.models import utcnow

    old, fresh, again = store.put(b"old orphan"), store.put(b"fresh upload"), store.put(b"uploaded again")
    _backdate(store, old, 3)
    _backdate(store, again, 3)
    store.put(b"uploaded again")  # the same file uploaded again: stored "now"
    settled = utcnow() - timedelta(hours=1)
    assert store.ids(stored_before=settled) == [old]  # type: ignore[attr-defined]
    assert sorted(store.ids()) == sorted([old, fresh, again])  # type: ignore[attr-defined]
    _backdate(store, again, 3)
    store.put_reader(again, lambda: io.BytesIO(b"uploaded again"))
    assert store.ids(stored_before=settled) == [old]  # type: ignore[attr-defined]
