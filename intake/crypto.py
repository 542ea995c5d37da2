"""Encryption at rest: AES-256-GCM for document blobs and the personal JSON columns.

Ciphertext layout (every encrypted value)::

    b"EKG1" | key id (8 bytes) | nonce (12 random bytes) | AES-GCM ciphertext + 16-byte tag

The key id is the first 8 bytes of the key's SHA-256, so the reader picks the right key of
the keyring and rotation works: the *active* key encrypts, every key of the keyring
decrypts; ``eklaim keys rotate`` re-encrypts what an older key wrote. The associated data
binds a ciphertext to where it belongs (a blob to its id, a JSON value to its column), so a
stored value cannot be swapped for another one unnoticed.

Keys (``intake.settings.Settings``):

- ``EKLAIM_ENCRYPTION_KEY``: the active key, base64 of 32 bytes; ``EKLAIM_ENCRYPTION_OLD_KEYS``:
  retired keys (comma-separated), kept for decrypting; or
- ``EKLAIM_ENCRYPTION_KEY_FILE``: one base64 key a line, the first active (mode 0600).
- Neither, in development and test: a key file ``<data_dir>/encryption.key`` is generated
  (0600) on first use and its creation logged (never the key). Production refuses to start.

Blob ids stay the sha256 of the plaintext (idempotent uploads, dedup across claims).
``Claim.form``, ``Claim.report`` and ``Document.result`` use :class:`EncryptedJSON`: stored as
``{"$enc": "<base64 ciphertext>"}`` in the same JSON column, so no schema change was needed;
rows written before encryption was turned on are still read as they are (and re-encrypted by
``eklaim keys rotate``). Queries by id, branch, status or verdict use plain columns.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import json
import os
import secrets
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import JSON
from sqlalchemy.dialects import postgresql
from sqlalchemy.engine import Dialect
from sqlalchemy.types import TypeDecorator, TypeEngine

from intake.errors import ConfigError, Message
from intake.settings import Settings, get_settings

MAGIC = b"EKG1"
"""Header of every ciphertext (format version 1)."""
KEY_ID_LEN = 8
NONCE_LEN = 12
HEADER_LEN = len(MAGIC) + KEY_ID_LEN + NONCE_LEN
JSON_MARKER = "$enc"
"""Key of the one-key JSON object holding an encrypted column value."""
DEFAULT_KEY_FILE = "encryption.key"
DEFAULT_SECRET_FILE = "secret.key"


class DecryptionError(ConfigError):
    """A ciphertext could not be decrypted: unknown key id, or tampered/corrupt data."""

    def __init__(self, code: str = "decryption_failed") -> None:
        super().__init__(code, Message(id="Data terenkripsi tidak dapat dibuka.", en="Encrypted data could not be opened."))


def _config_error(code: str, en: str) -> ConfigError:
    return ConfigError(code, Message(id="Konfigurasi enkripsi tidak lengkap.", en=en))


def key_id(key: bytes) -> bytes:
    """The 8-byte id of ``key`` (first bytes of its SHA-256)."""
    return hashlib.sha256(key).digest()[:KEY_ID_LEN]


def decode_key(text: str) -> bytes:
    """Decode a base64 (standard or urlsafe) 256-bit key."""
    text = text.strip()
    try:
        raw = base64.urlsafe_b64decode(text.replace("+", "-").replace("/", "_") + "=" * (-len(text) % 4))
    except (binascii.Error, ValueError):
        raise _config_error("encryption_key_invalid", "An encryption key is not valid base64.") from None
    if len(raw) != 32:
        raise _config_error("encryption_key_invalid", "An encryption key must be 32 bytes (AES-256).")
    return raw


def new_key_text() -> str:
    """A new random 256-bit key as base64."""
    return base64.b64encode(secrets.token_bytes(32)).decode("ascii")


@dataclass(frozen=True)
class Keyring:
    """The active key (encrypts) and every key that may decrypt."""

    keys: tuple[bytes, ...]
    """The active key first, then retired ones."""
    source: str
    """Where the keys came from (``env``, ``file:<path>``): for operators, no key material."""

    @property
    def active_id(self) -> bytes:
        """Id of the active key."""
        return key_id(self.keys[0])

    def _key(self, kid: bytes) -> bytes:
        for key in self.keys:
            if hmac.compare_digest(key_id(key), kid):
                return key
        raise DecryptionError("encryption_key_unknown")

    def encrypt(self, plaintext: bytes, aad: bytes) -> bytes:
        """Encrypt with the active key (random nonce)."""
        from cryptography.hazmat.primitives.ciphers.aead import AESGCM

        nonce = secrets.token_bytes(NONCE_LEN)
        return MAGIC + self.active_id + nonce + AESGCM(self.keys[0]).encrypt(nonce, plaintext, aad)

    def decrypt(self, data: bytes, aad: bytes) -> bytes:
        """Decrypt a value made by :meth:`encrypt` with any key of the ring."""
        from cryptography.exceptions import InvalidTag
        from cryptography.hazmat.primitives.ciphers.aead import AESGCM

        if not is_encrypted(data) or len(data) < HEADER_LEN + 16:
            raise DecryptionError("not_encrypted")
        kid = data[len(MAGIC) : len(MAGIC) + KEY_ID_LEN]
        nonce = data[len(MAGIC) + KEY_ID_LEN : HEADER_LEN]
        try:
            return AESGCM(self._key(kid)).decrypt(nonce, data[HEADER_LEN:], aad)
        except InvalidTag:
            raise DecryptionError() from None

    def is_current(self, data: bytes) -> bool:
        """Whether ``data`` is encrypted with the active key (rotation skips it)."""
        return is_encrypted(data) and data[len(MAGIC) : len(MAGIC) + KEY_ID_LEN] == self.active_id


def is_encrypted(data: bytes) -> bool:
    """Whether ``data`` starts with the ciphertext header."""
    return data[: len(MAGIC)] == MAGIC


def _read_key_file(path: Path) -> list[bytes]:
    try:
        lines = path.read_text(encoding="ascii").splitlines()
    except OSError as exc:
        raise _config_error("encryption_key_file_unreadable", f"Cannot read the key file ({exc.strerror}).") from None
    keys = [decode_key(ln) for ln in lines if ln.strip() and not ln.lstrip().startswith("#")]
    if not keys:
        raise _config_error("encryption_key_file_empty", "The encryption key file holds no key.")
    return keys


def _write_secret_file(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="ascii") as fh:
        fh.write(text)


def _log_generated(what: str, path: Path) -> None:
    from intake.logging import configure_logging, get_logger

    configure_logging()  # stderr: never stdout (``eklaim verify --json`` owns stdout)
    get_logger(__name__).warning("generated_key_file", what=what, path=str(path))


def default_key_file(settings: Settings) -> Path:
    """The key file used when none is configured (development and test only)."""
    return settings.data_dir / DEFAULT_KEY_FILE


_cache_lock = threading.Lock()
_keyrings: dict[tuple[Any, ...], Keyring] = {}


def get_keyring(settings: Settings | None = None) -> Keyring:
    """The keyring the settings configure (cached per configuration).

    Raises:
        ConfigError: no key configured outside development/test, or a key is malformed.
    """
    settings = settings or get_settings()
    env_key = settings.encryption_key.get_secret_value() if settings.encryption_key else None
    old = settings.encryption_old_keys.get_secret_value() if settings.encryption_old_keys else ""
    cache_key = (env_key, old, str(settings.encryption_key_file), str(settings.data_dir.resolve()), settings.environment)
    with _cache_lock:
        if cache_key in _keyrings:
            return _keyrings[cache_key]
        old_keys = [decode_key(k) for k in old.split(",") if k.strip()]
        if env_key:
            ring = Keyring((decode_key(env_key), *old_keys), "env")
        else:
            path = settings.encryption_key_file
            if path is None:
                if settings.environment == "production":
                    raise _config_error(
                        "encryption_key_missing",
                        "Set EKLAIM_ENCRYPTION_KEY or EKLAIM_ENCRYPTION_KEY_FILE in production.",
                    )
                path = default_key_file(settings)
                if not path.exists():
                    try:
                        _write_secret_file(path, new_key_text() + "\n")
                        _log_generated("encryption", path)
                    except FileExistsError:  # another process made it first
                        pass
            ring = Keyring((*_read_key_file(path), *old_keys), f"file:{path}")
        _keyrings[cache_key] = ring
        return ring


def clear_keyring_cache() -> None:
    """Forget cached keyrings (after a rotation wrote a new key file; in tests)."""
    with _cache_lock:
        _keyrings.clear()


def service_secret(settings: Settings | None = None) -> bytes:
    """The secret that signs sessions, CSRF cookies and claimant status links.

    ``EKLAIM_SECRET_KEY``; in development/test a generated ``<data_dir>/secret.key`` (0600).
    """
    settings = settings or get_settings()
    if settings.secret_key is not None:
        value = settings.secret_key.get_secret_value().encode("utf-8")
        if len(value) < 32:
            raise _config_error("secret_key_too_short", "EKLAIM_SECRET_KEY must be at least 32 characters.")
        return value
    if settings.environment == "production":
        raise _config_error("secret_key_missing", "Set EKLAIM_SECRET_KEY in production.")
    path = settings.data_dir / DEFAULT_SECRET_FILE
    if not path.exists():
        try:
            _write_secret_file(path, secrets.token_urlsafe(48) + "\n")
            _log_generated("secret", path)
        except FileExistsError:
            pass
    return path.read_text(encoding="ascii").strip().encode("ascii")


# JSON columns -----------------------------------------------------------------------------


class EncryptedJSON(TypeDecorator[Any]):
    """A JSON column whose value is stored AES-GCM encrypted as ``{"$enc": "<base64>"}``.

    Same column type as plain JSON (JSONB on PostgreSQL): no migration, and plaintext rows
    written before encryption are read unchanged. The associated data is ``aad`` (the
    column's name), so a value cannot be moved to another column.
    """

    impl = JSON
    cache_ok = True

    def __init__(self, aad: str = "json") -> None:
        """Encrypt values of the column named ``aad``."""
        super().__init__()
        self.aad = aad

    def load_dialect_impl(self, dialect: Dialect) -> TypeEngine[Any]:
        """JSONB on PostgreSQL, JSON elsewhere."""
        if dialect.name == "postgresql":
            return dialect.type_descriptor(postgresql.JSONB())
        return dialect.type_descriptor(JSON())

    def process_bind_param(self, value: Any, dialect: Dialect) -> Any:
        """Encrypt the JSON text of ``value`` with the active key."""
        if value is None:
            return None
        plain = json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
        ct = get_keyring().encrypt(plain, self.aad.encode())
        return {JSON_MARKER: base64.b64encode(ct).decode("ascii")}

    def process_result_value(self, value: Any, dialect: Dialect) -> Any:
        """Decrypt a stored value (plaintext legacy values pass through)."""
        if isinstance(value, dict) and set(value) == {JSON_MARKER}:
            plain = get_keyring().decrypt(base64.b64decode(value[JSON_MARKER]), self.aad.encode())
            return json.loads(plain)
        return value


def stored_json_is_current(value: Any, ring: Keyring) -> bool:
    """Whether a raw stored column value is encrypted with the active key."""
    if isinstance(value, str):
        try:
            value = json.loads(value)
        except ValueError:
            return False
    if isinstance(value, dict) and set(value) == {JSON_MARKER}:
        return ring.is_current(base64.b64decode(value[JSON_MARKER]))
    return value is None


# Blobs ------------------------------------------------------------------------------------


class EncryptedBlobStore:
    """A blob store wrapper encrypting every blob (AES-256-GCM, associated data = the id).

    The id is the sha256 of the *plaintext* (uploads stay idempotent); ``get`` checks the
    decrypted bytes against it. Plaintext blobs written before encryption are still read
    (and re-encrypted by :meth:`reencrypt`).
    """

    def __init__(self, inner: Any, keyring: Keyring) -> None:
        """Wrap ``inner`` (a ``LocalBlobStore`` or ``DbBlobStore``)."""
        self.inner = inner
        self.keyring = keyring

    def put(self, data: bytes) -> str:
        """Encrypt and store ``data`` (idempotent); returns the sha256 of ``data``."""
        from intake.storage import blob_id_for

        blob_id = blob_id_for(data)
        if not self.inner.exists(blob_id):
            self.inner.put_stored(blob_id, self.keyring.encrypt(data, blob_id.encode()))
        return blob_id

    def get(self, blob_id: str) -> bytes:
        """Decrypt the blob and check it against its id."""
        from intake.storage import blob_id_for

        raw = self.inner.get(blob_id)
        data = self.keyring.decrypt(raw, blob_id.encode()) if is_encrypted(raw) else raw
        if blob_id_for(data) != blob_id:
            raise DecryptionError("blob_integrity")
        return data

    def exists(self, blob_id: str) -> bool:
        """Whether ``blob_id`` is stored."""
        return bool(self.inner.exists(blob_id))

    def delete(self, blob_id: str) -> bool:
        """Remove ``blob_id``."""
        return bool(self.inner.delete(blob_id))

    def path_hint(self, blob_id: str) -> str:
        """The backend's location of ``blob_id`` (ciphertext)."""
        return str(self.inner.path_hint(blob_id))

    def ids(self) -> list[str]:
        """Every stored blob id."""
        return list(self.inner.ids())

    def reencrypt(self, blob_id: str) -> bool:
        """Re-encrypt one blob with the active key; True when it was rewritten."""
        raw = self.inner.get(blob_id)
        if self.keyring.is_current(raw):
            return False
        data = self.get(blob_id)
        self.inner.put_stored(blob_id, self.keyring.encrypt(data, blob_id.encode()), replace=True)
        return True


# Rotation ---------------------------------------------------------------------------------


@dataclass
class RotationResult:
    """What :func:`rotate` rewrote."""

    blobs: int = 0
    """Blobs re-encrypted."""
    rows: int = 0
    """Database rows whose encrypted JSON was rewritten."""


def add_key_to_file(path: Path) -> None:
    """Put a new random key first in the key file (the old ones stay, for decrypting)."""
    old = path.read_text(encoding="ascii") if path.exists() else ""
    tmp = path.with_suffix(".tmp")
    if tmp.exists():
        tmp.unlink()
    _write_secret_file(tmp, new_key_text() + "\n" + old)
    os.replace(tmp, path)


def rotate(settings: Settings | None = None, *, batch: int = 200) -> RotationResult:
    """Re-encrypt every blob and every encrypted JSON column with the active key.

    Rows already under the active key are left alone, so an interrupted rotation can simply
    be run again.
    """
    from sqlalchemy import select, type_coerce
    from sqlalchemy.orm.attributes import flag_modified

    from intake.db import ensure_schema, session_scope
    from intake.models import Claim, Document
    from intake.storage import get_blob_store

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
