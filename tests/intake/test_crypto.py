"""Encryption at rest: AES-GCM keyring, encrypted blobs and JSON columns, rotation."""

from __future__ import annotations

import base64
import io
import os
from datetime import date
from pathlib import Path

import pytest
from pydantic import SecretStr
from sqlalchemy import text

from intake.crypto import (
    DecryptionError,
    EncryptedBlobStore,
    Keyring,
    clear_keyring_cache,
    get_keyring,
    new_key_text,
    rotate,
)
from intake.errors import ConfigError
from intake.settings import Settings, get_settings
from intake.storage import LocalBlobStore, blob_id_for, get_blob_store

SECRET = b"3204110508900002 SITI AMINAH scan bytes"


@pytest.fixture(autouse=True)
def _fresh_keyrings() -> None:
    clear_keyring_cache()


def test_roundtrip_and_tamper() -> None:
    ring = Keyring((os.urandom(32),), "test")
    ct = ring.encrypt(SECRET, b"aad")
    assert ct[:4] == b"EKG1" and SECRET not in ct
    assert ring.decrypt(ct, b"aad") == SECRET
    with pytest.raises(DecryptionError):
        ring.decrypt(ct, b"other")
    bad = bytearray(ct)
    bad[-1] ^= 1
    with pytest.raises(DecryptionError):
        ring.decrypt(bytes(bad), b"aad")
    with pytest.raises(DecryptionError):
        Keyring((os.urandom(32),), "other").decrypt(ct, b"aad")  # unknown key id


def test_development_key_file_is_generated_0600(settings: Settings) -> None:
    ring = get_keyring(settings)
    path = settings.data_dir / "encryption.key"
    assert path.is_file() and (path.stat().st_mode & 0o777) == 0o600
    assert ring.source == f"file:{path}"
    clear_keyring_cache()
    assert get_keyring(settings).keys == ring.keys  # reused, not regenerated


def test_production_refuses_without_key(settings: Settings) -> None:
    prod = settings.model_copy(update={"environment": "production"})
    with pytest.raises(ConfigError):
        get_keyring(prod)
    key = new_key_text()
    ring = get_keyring(prod.model_copy(update={"encryption_key": SecretStr(key)}))
    assert ring.keys[0] == base64.b64decode(key)


def test_blob_store_encrypts_with_plaintext_ids(settings: Settings) -> None:
    store = get_blob_store(settings)
    assert isinstance(store, EncryptedBlobStore)
    blob_id = store.put(SECRET)
    assert blob_id == blob_id_for(SECRET)
    assert store.put(SECRET) == blob_id  # idempotent
    raw = Path(store.path_hint(blob_id)).read_bytes()
    assert SECRET not in raw and raw.startswith(b"EKG2")  # blobs: the chunked format (version 2)
    assert store.get(blob_id) == SECRET
    # A legacy plaintext blob is still readable.
    legacy = LocalBlobStore(settings.blob_dir)
    old_id = legacy.put(b"legacy plaintext")
    assert store.get(old_id) == b"legacy plaintext"
    # A ciphertext moved under another id does not decrypt (the id is the associated data).
    legacy.put_stored("0" * 64, raw)
    with pytest.raises(DecryptionError):
        store.get("0" * 64)


def test_json_columns_are_encrypted_and_queries_work(settings: Settings) -> None:
    from intake import repo
    from intake.db import ensure_schema, get_engine, session_scope

    url = ensure_schema(settings)
    form = {"nik": "3204110508900002", "full_name": "SITI AMINAH", "account_number": "012301000123501"}
    with session_scope(url) as s:
        claim = repo.create_claim(s, form, "BANDUNG", date(2026, 1, 5))
        repo.save_report(s, claim.id, {"verdict": "clear", "checks": [{"typed": "SITI AMINAH"}]}, "clear", "t")
        cid = claim.id
    with get_engine(url).connect() as conn:
        raw = conn.execute(text("SELECT form, report FROM claims WHERE id = :i"), {"i": cid}).one()
    assert "SITI" not in str(raw) and "3204110508900002" not in str(raw) and "$enc" in str(raw[0])
    with session_scope(url) as s:
        found = repo.list_claims(s, branches=["BANDUNG"], verdict="clear")
        assert [c.id for c in found] == [cid] and found[0].form == form
        assert repo.get_claim(s, cid).report["checks"][0]["typed"] == "SITI AMINAH"


def test_rotation_reencrypts_everything(settings: Settings, monkeypatch: pytest.MonkeyPatch) -> None:
    from intake import repo
    from intake.db import ensure_schema, get_engine, session_scope

    old_key, new_key = new_key_text(), new_key_text()
    monkeypatch.setenv("EKLAIM_ENCRYPTION_KEY", old_key)
    get_settings.cache_clear()
    s1 = get_settings()
    url = ensure_schema(s1)
    blob_id = get_blob_store(s1).put(SECRET)
    with session_scope(url) as s:
        cid = repo.create_claim(s, {"nik": "3204110508900002"}, "B", date(2026, 1, 5)).id
    monkeypatch.setenv("EKLAIM_ENCRYPTION_KEY", new_key)
    monkeypatch.setenv("EKLAIM_ENCRYPTION_OLD_KEYS", old_key)
    get_settings.cache_clear()
    s2 = get_settings()
    res = rotate(s2)
    assert res.blobs == 1 and res.rows == 1
    assert rotate(s2).rows == 0  # nothing left under the old key
    monkeypatch.delenv("EKLAIM_ENCRYPTION_OLD_KEYS")
    get_settings.cache_clear()
    s3 = get_settings()  # the old key is gone: everything must still read
    assert get_blob_store(s3).get(blob_id) == SECRET
    with session_scope(url) as s:
        assert repo.get_claim(s, cid).form == {"nik": "3204110508900002"}
    with get_engine(url).connect() as conn:
        assert "3204110508900002" not in str(conn.execute(text("SELECT form FROM claims")).all())


def test_cli_keys_rotate_with_key_file(settings: Settings) -> None:
    from api.cli import main

    store = get_blob_store(settings)
    blob_id = store.put(SECRET)
    before = get_keyring(settings).active_id
    assert main(["keys", "rotate", "--new-key"]) == 0
    clear_keyring_cache()
    ring = get_keyring(settings)
    assert ring.active_id != before and len(ring.keys) == 2
    assert ring.is_current(LocalBlobStore(settings.blob_dir).get(blob_id))
    assert get_blob_store(settings).get(blob_id) == SECRET


# -- The chunked format (version 2, issue 14) -------------------------------------------------


def _ring() -> Keyring:
    return Keyring((os.urandom(32),), "test")


@pytest.mark.parametrize("size", [0, 1, 100, 100 + 50, 3 * 100, 3 * 100 + 1, 70_000])
def test_chunked_roundtrip_at_chunk_boundaries(size: int) -> None:
    ring = _ring()
    plain = os.urandom(size)
    ct = ring.encrypt_chunked(plain, b"aad", chunk_size=100)
    assert ct[:4] == b"EKG2" and ct[4:12] == ring.active_id
    segments = max(1, -(-size // 100))
    assert len(ct) == 39 + size + 16 * segments
    assert ring.decrypt(ct, b"aad") == plain
    with pytest.raises(DecryptionError):
        ring.decrypt(ct, b"other aad")


def test_chunked_refuses_cut_reordered_or_altered_segments() -> None:
    ring = _ring()
    plain = os.urandom(350)
    ct = ring.encrypt_chunked(plain, b"aad", chunk_size=100)  # segments of 116 bytes, the last 66
    head, body = ct[:39], ct[39:]
    seg = [body[i:i + 116] for i in range(0, len(body), 116)]
    assert [len(s) for s in seg] == [116, 116, 116, 66]
    for bad in (
        head + b"".join(seg[:3]),  # cut at a segment boundary: no last flag
        head + seg[1] + seg[0] + seg[2] + seg[3],  # reordered
        head + b"".join(seg)[:-1],  # cut inside the last segment
        head[:-1] + bytes([head[-1] ^ 1]) + b"".join(seg),  # chunk size in the header altered
        head + b"".join(seg) + b"x",  # a byte added
    ):
        with pytest.raises(DecryptionError):
            ring.decrypt(bad, b"aad")
    with pytest.raises(DecryptionError):
        _ring().decrypt(ct, b"aad")  # unknown key id


def test_chunked_encryptions_of_the_same_bytes_differ() -> None:
    ring = _ring()
    assert ring.encrypt_chunked(SECRET, b"a") != ring.encrypt_chunked(SECRET, b"a")  # fresh salt and prefix


def test_old_format_blob_still_decrypts_and_rotates_to_chunked(settings: Settings) -> None:
    """A blob written by the one-shot format (version 1, before issue 14) reads back as it was."""
    store = get_blob_store(settings)
    assert isinstance(store, EncryptedBlobStore)
    blob_id = blob_id_for(SECRET)
    old = store.keyring.encrypt(SECRET, blob_id.encode())
    assert old[:4] == b"EKG1"
    store.inner.put_stored(blob_id, old)
    assert store.get(blob_id) == SECRET
    assert store.put(SECRET) == blob_id and Path(store.path_hint(blob_id)).read_bytes() == old  # kept


def test_put_file_streams_into_the_chunked_format(settings: Settings, tmp_path: Path) -> None:
    store = get_blob_store(settings)
    plain = os.urandom(300_000)  # several 64 KiB segments
    src = tmp_path / "upload"
    src.write_bytes(plain)
    blob_id = store.put_file(src)
    assert blob_id == blob_id_for(plain)
    raw = Path(store.path_hint(blob_id)).read_bytes()
    assert raw[:4] == b"EKG2" and plain[:1000] not in raw
    assert store.get(blob_id) == plain
    assert store.put_file(src, blob_id) == blob_id  # idempotent
    assert not list(settings.blob_dir.rglob(".tmp-*"))


def test_put_reader_streams_into_the_chunked_format(settings: Settings) -> None:
    store = get_blob_store(settings)
    plain = os.urandom(300_000)
    blob_id = blob_id_for(plain)
    opened: list[int] = []

    def open_reader() -> io.BytesIO:
        opened.append(1)
        return io.BytesIO(plain)

    assert store.put_reader(blob_id, open_reader) == blob_id
    raw = Path(store.path_hint(blob_id)).read_bytes()
    assert raw[:4] == b"EKG2" and plain[:1000] not in raw
    assert store.get(blob_id) == plain
    assert store.put_reader(blob_id, open_reader) == blob_id and len(opened) == 1  # stored: not read again
    assert not list(settings.blob_dir.rglob(".tmp-*"))
    wrong = blob_id_for(b"other bytes")
    store.put_reader(wrong, lambda: io.BytesIO(plain))  # a caller's wrong hash is caught on read
    with pytest.raises(DecryptionError):
        store.get(wrong)
