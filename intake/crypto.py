"""Encryption at rest: the public face of :mod:`intake.cipher` (keys, ciphertexts, encrypted
columns), :class:`~intake.storage.EncryptedBlobStore`, and key rotation (:func:`rotate`).

Layering inside ``intake``: ``cipher`` (keys, AES-GCM, ``EncryptedJSON``) <- ``models`` <-
``storage`` (blob stores, ``EncryptedBlobStore``) <- ``crypto`` (rotation re-encrypts blobs and
database rows, so it needs all of them). Nothing below imports this module.

See :mod:`intake.cipher` for the ciphertext layout and where keys come from.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import JSON, select, type_coerce
from sqlalchemy.orm.attributes import flag_modified

from intake.cipher import (
    DEFAULT_KEY_FILE,
    DEFAULT_SECRET_FILE,
    HEADER_LEN,
    JSON_MARKER,
    KEY_ID_LEN,
    MAGIC,
    NONCE_LEN,
    DecryptionError,
    EncryptedJSON,
    Keyring,
    add_key_to_file,
    clear_keyring_cache,
    decode_key,
    default_key_file,
    get_keyring,
    is_encrypted,
    key_id,
    new_key_text,
    service_secret,
    stored_json_is_current,
)
from intake.db import ensure_schema, session_scope
from intake.models import Claim, Document
from intake.settings import Settings, get_settings
from intake.storage import EncryptedBlobStore, get_blob_store

# Rotation ---------------------------------------------------------------------------------


@dataclass
class RotationResult:
    """What :func:`rotate` rewrote."""

    blobs: int = 0
    """Blobs re-encrypted."""
    rows: int = 0
    """Database rows whose encrypted JSON was rewritten."""


def rotate(settings: Settings | None = None, *, batch: int = 200) -> RotationResult:
    """Re-encrypt every blob and every encrypted JSON column with the active key.

    Rows already under the active key are left alone, so an interrupted rotation can simply
    be run again.
    """
    settings = settings or get_settings()
    ring = get_keyring(settings)
    out = RotationResult()
    store = get_blob_store(settings)
    if isinstance(store, EncryptedBlobStore):
        for blob_id in store.ids():
            out.blobs += int(store.reencrypt(blob_id))
    url = ensure_schema(settings)
    for model, cols in ((Claim, ("form", "report")), (Document, ("result", "display_name"))):
        table = model.__table__
        with session_scope(url) as s:
            ids = list(s.scalars(select(table.c.id)))
        for start in range(0, len(ids), batch):
            chunk = ids[start : start + batch]
            with session_scope(url) as s:
                raw_rows = s.execute(
                    select(table.c.id, *(type_coerce(table.c[c], JSON()) for c in cols)).where(table.c.id.in_(chunk))
                ).all()
                stale = {r[0] for r in raw_rows if not all(stored_json_is_current(v, ring) for v in r[1:])}
                for obj in s.scalars(select(model).where(model.id.in_(sorted(stale)))):
                    for c in cols:
                        flag_modified(obj, c)  # re-bound: encrypted again with the active key
                    out.rows += 1
    return out


__all__ = [
    "DEFAULT_KEY_FILE",
    "DEFAULT_SECRET_FILE",
    "HEADER_LEN",
    "JSON_MARKER",
    "KEY_ID_LEN",
    "MAGIC",
    "NONCE_LEN",
    "DecryptionError",
    "EncryptedBlobStore",
    "EncryptedJSON",
    "Keyring",
    "RotationResult",
    "add_key_to_file",
    "clear_keyring_cache",
    "decode_key",
    "default_key_file",
    "get_keyring",
    "is_encrypted",
    "key_id",
    "new_key_text",
    "rotate",
    "service_secret",
    "stored_json_is_current",
]
