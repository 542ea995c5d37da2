"""Encryption at rest, the keys and the cipher: AES-256-GCM for document blobs and the personal JSON
columns.

The bottom of the encryption layers: this module imports no other module of the service but
``intake.errors``, ``intake.messages``, ``intake.settings`` and ``intake.logging``, so models and
storage can use it. ``intake.storage.EncryptedBlobStore`` wraps a blob store with it, and
``intake.crypto`` (the public face, with :func:`intake.crypto.rotate`) sits above them all.

Ciphertext layouts. The fourth byte of the header is the format version:

- version 1, one shot (the personal JSON columns; document blobs written before issue 14)::

    b"EKG1" | key id (8 bytes) | nonce (12 random bytes) | AES-GCM ciphertext + 16-byte tag

- version 2, chunked (document blobs since issue 14: encrypted while the upload is streamed
  from its spool file, never held whole in memory)::

    b"EKG2" | key id (8) | salt (16 random) | nonce prefix (7 random) | chunk size (4, big-endian)
    then one AES-GCM segment per chunk of plaintext (``chunk size`` bytes, the last one shorter
    or empty), each its ciphertext + 16-byte tag

  The segment key is HKDF-SHA256 of the keyring key with the blob's random salt (a fresh key per
  blob, so random nonces never repeat under one key); segment ``i``'s nonce is the prefix, ``i``
  (4 bytes, big-endian) and a last-segment flag byte (the STREAM construction): segments cannot
  be reordered, dropped or cut off unnoticed. Each segment's associated data is the header
  followed by the caller's associated data.

Readers take both versions (:meth:`Keyring.decrypt` looks at the header).
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
import io
import json
import os
import secrets
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

from sqlalchemy import JSON
from sqlalchemy.dialects import postgresql
from sqlalchemy.engine import Dialect
from sqlalchemy.types import TypeDecorator, TypeEngine

from intake.errors import ConfigError
from intake.messages import IntakeCode, intake_message
from intake.settings import Settings, get_settings

MAGIC = b"EKG1"
"""Header of a one-shot ciphertext (format version 1: the fourth byte is the version)."""
STREAM_MAGIC = b"EKG2"
"""Header of a chunked ciphertext (format version 2, document blobs)."""
KEY_ID_LEN = 8
NONCE_LEN = 12
HEADER_LEN = len(MAGIC) + KEY_ID_LEN + NONCE_LEN
TAG_LEN = 16
"""Bytes of an AES-GCM tag."""
SALT_LEN = 16
"""Random salt of a version-2 ciphertext (its segment key's HKDF salt)."""
PREFIX_LEN = 7
"""Random nonce prefix of a version-2 ciphertext (then a 4-byte counter and a flag byte)."""
STREAM_CHUNK = 64 * 1024
"""Plaintext bytes per segment of a version-2 ciphertext written here (readers take any size)."""
STREAM_HEADER_LEN = len(STREAM_MAGIC) + KEY_ID_LEN + SALT_LEN + PREFIX_LEN + 4
_STREAM_INFO = b"eklaim blob segments v2"
JSON_MARKER = "$enc"
"""Key of the one-key JSON object holding an encrypted column value."""
DEFAULT_KEY_FILE = "encryption.key"
DEFAULT_SECRET_FILE = "secret.key"


class DecryptionError(ConfigError):
    """A ciphertext could not be decrypted: unknown key id, or tampered/corrupt data."""

    def __init__(self, code: IntakeCode | str = IntakeCode.DECRYPTION_FAILED) -> None:
        code = IntakeCode(code)
        super().__init__(code.value, intake_message(code))


def _config_error(code: IntakeCode, **params: object) -> ConfigError:
    return ConfigError(code.value, intake_message(code, **params))


def key_id(key: bytes) -> bytes:
    """The 8-byte id of ``key`` (first bytes of its SHA-256)."""
    return hashlib.sha256(key).digest()[:KEY_ID_LEN]


def decode_key(text: str) -> bytes:
    """Decode a base64 (standard or urlsafe) 256-bit key."""
    text = text.strip()
    try:
        raw = base64.urlsafe_b64decode(text.replace("+", "-").replace("/", "_") + "=" * (-len(text) % 4))
    except (binascii.Error, ValueError):
        raise _config_error(IntakeCode.ENCRYPTION_KEY_INVALID, problem="is not valid base64") from None
    if len(raw) != 32:
        raise _config_error(IntakeCode.ENCRYPTION_KEY_INVALID, problem="must be 32 bytes (AES-256)")
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
        raise DecryptionError(IntakeCode.ENCRYPTION_KEY_UNKNOWN)

    def encrypt(self, plaintext: bytes, aad: bytes) -> bytes:
        """Encrypt with the active key (random nonce)."""
        from cryptography.hazmat.primitives.ciphers.aead import AESGCM

        nonce = secrets.token_bytes(NONCE_LEN)
        return MAGIC + self.active_id + nonce + AESGCM(self.keys[0]).encrypt(nonce, plaintext, aad)

    def stream_encryptor(self, aad: bytes, chunk_size: int = STREAM_CHUNK) -> StreamEncryptor:
        """A version-2 (chunked) encryptor with the active key, for one value bound to ``aad``."""
        return StreamEncryptor(self.keys[0], aad, chunk_size)

    def encrypt_stream(self, src: BinaryIO, dst: BinaryIO, aad: bytes, chunk_size: int = STREAM_CHUNK) -> int:
        """Encrypt everything ``src`` yields into ``dst`` (version 2), a chunk at a time.

        Returns:
            The bytes of plaintext read.
        """
        enc = self.stream_encryptor(aad, chunk_size)
        dst.write(enc.header)
        buffers = (bytearray(chunk_size), bytearray(chunk_size))
        filled = _read_into(src, buffers[0])
        total, turn = filled, 0
        while True:
            following = _read_into(src, buffers[1 - turn]) if filled == chunk_size else 0
            last = following == 0
            dst.write(enc.segment(memoryview(buffers[turn])[:filled], last=last))
            if last:
                return total
            total += following
            filled, turn = following, 1 - turn

    def encrypt_chunked(self, plaintext: bytes, aad: bytes, chunk_size: int = STREAM_CHUNK) -> bytes:
        """The version-2 ciphertext of ``plaintext`` (the same format as :meth:`encrypt_stream`)."""
        out = io.BytesIO()
        self.encrypt_stream(io.BytesIO(plaintext), out, aad, chunk_size)
        return out.getvalue()

    def decrypt(self, data: bytes, aad: bytes) -> bytes:
        """Decrypt a value of either format (one-shot or chunked) with any key of the ring."""
        from cryptography.exceptions import InvalidTag
        from cryptography.hazmat.primitives.ciphers.aead import AESGCM

        if data[: len(STREAM_MAGIC)] == STREAM_MAGIC:
            return self._decrypt_stream(data, aad)
        if not is_encrypted(data) or len(data) < HEADER_LEN + 16:
            raise DecryptionError(IntakeCode.NOT_ENCRYPTED)
        kid = data[len(MAGIC) : len(MAGIC) + KEY_ID_LEN]
        nonce = data[len(MAGIC) + KEY_ID_LEN : HEADER_LEN]
        try:
            return AESGCM(self._key(kid)).decrypt(nonce, data[HEADER_LEN:], aad)
        except InvalidTag:
            raise DecryptionError() from None

    def _decrypt_stream(self, data: bytes, aad: bytes) -> bytes:
        """Decrypt a version-2 ciphertext: every segment checked, in order, the last one flagged."""
        from cryptography.exceptions import InvalidTag
        from cryptography.hazmat.primitives.ciphers.aead import AESGCM

        if len(data) < STREAM_HEADER_LEN + TAG_LEN:
            raise DecryptionError()
        header = bytes(data[:STREAM_HEADER_LEN])
        kid = header[len(STREAM_MAGIC) : len(STREAM_MAGIC) + KEY_ID_LEN]
        salt_end = len(STREAM_MAGIC) + KEY_ID_LEN + SALT_LEN
        salt = header[len(STREAM_MAGIC) + KEY_ID_LEN : salt_end]
        prefix = header[salt_end : salt_end + PREFIX_LEN]
        chunk_size = int.from_bytes(header[salt_end + PREFIX_LEN :], "big")
        if chunk_size <= 0:
            raise DecryptionError()
        aead = AESGCM(_segment_key(self._key(kid), salt))
        seg_aad = header + aad
        view = memoryview(data)
        out = bytearray()
        pos, index = STREAM_HEADER_LEN, 0
        try:
            while True:
                remaining = len(data) - pos
                last = remaining <= chunk_size + TAG_LEN
                take = remaining if last else chunk_size + TAG_LEN
                if take < TAG_LEN:
                    raise DecryptionError()
                out += aead.decrypt(_segment_nonce(prefix, index, last), view[pos : pos + take], seg_aad)
                if last:
                    return bytes(out)
                pos += take
                index += 1
        except InvalidTag:
            raise DecryptionError() from None

    def is_current(self, data: bytes) -> bool:
        """Whether ``data`` is encrypted with the active key (rotation skips it)."""
        return is_encrypted(data) and data[len(MAGIC) : len(MAGIC) + KEY_ID_LEN] == self.active_id


def _read_into(src: BinaryIO, buffer: bytearray) -> int:
    """Fill ``buffer`` from ``src`` (short reads retried); the bytes read (less only at the end)."""
    view = memoryview(buffer)
    filled = 0
    while filled < len(buffer):
        data = src.read(len(buffer) - filled)
        if not data:
            break
        view[filled : filled + len(data)] = data
        filled += len(data)
    return filled


def _segment_key(key: bytes, salt: bytes) -> bytes:
    """The version-2 segment key of one ciphertext: HKDF-SHA256 of ``key`` with its salt."""
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.kdf.hkdf import HKDF

    return HKDF(algorithm=hashes.SHA256(), length=32, salt=salt, info=_STREAM_INFO).derive(key)


def _segment_nonce(prefix: bytes, index: int, last: bool) -> bytes:
    """Segment ``index``'s nonce: prefix, 4-byte counter, last-segment flag."""
    if index >= 1 << 32:
        raise ValueError("too many segments")
    return prefix + index.to_bytes(4, "big") + (b"\x01" if last else b"\x00")


class StreamEncryptor:
    """Writes one version-2 ciphertext: :attr:`header`, then :meth:`segment` per chunk, in order."""

    def __init__(self, key: bytes, aad: bytes, chunk_size: int = STREAM_CHUNK) -> None:
        """A fresh salt and nonce prefix for one value bound to ``aad``."""
        from cryptography.hazmat.primitives.ciphers.aead import AESGCM

        if not 0 < chunk_size < 1 << 32:
            raise ValueError("chunk size out of range")
        salt = secrets.token_bytes(SALT_LEN)
        self._prefix = secrets.token_bytes(PREFIX_LEN)
        self.header = STREAM_MAGIC + key_id(key) + salt + self._prefix + chunk_size.to_bytes(4, "big")
        """The ciphertext's first bytes."""
        self.chunk_size = chunk_size
        """Plaintext bytes of every segment but the last."""
        self._aead = AESGCM(_segment_key(key, salt))
        self._aad = self.header + aad
        self._index = 0
        self._done = False

    def segment(self, chunk: bytes | memoryview, *, last: bool) -> bytes:
        """Encrypt the next chunk (``chunk_size`` bytes unless ``last``); nothing may follow the last."""
        if self._done:
            raise ValueError("the last segment was written")
        if not last and len(chunk) != self.chunk_size:
            raise ValueError("only the last segment may be short")
        out = self._aead.encrypt(_segment_nonce(self._prefix, self._index, last), chunk, self._aad)
        self._index += 1
        self._done = last
        return out


def is_encrypted(data: bytes) -> bool:
    """Whether ``data`` starts with a ciphertext header (either format version)."""
    return data[: len(MAGIC)] in (MAGIC, STREAM_MAGIC)


def _read_key_file(path: Path) -> list[bytes]:
    try:
        lines = path.read_text(encoding="ascii").splitlines()
    except OSError as exc:
        raise _config_error(IntakeCode.ENCRYPTION_KEY_FILE_UNREADABLE, reason=exc.strerror) from None
    keys = [decode_key(ln) for ln in lines if ln.strip() and not ln.lstrip().startswith("#")]
    if not keys:
        raise _config_error(IntakeCode.ENCRYPTION_KEY_FILE_EMPTY)
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
                    raise _config_error(IntakeCode.ENCRYPTION_KEY_MISSING)
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
            raise _config_error(IntakeCode.SECRET_KEY_TOO_SHORT)
        return value
    if settings.environment == "production":
        raise _config_error(IntakeCode.SECRET_KEY_MISSING)
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


def add_key_to_file(path: Path) -> None:
    """Put a new random key first in the key file (the old ones stay, for decrypting)."""
    old = path.read_text(encoding="ascii") if path.exists() else ""
    tmp = path.with_suffix(".tmp")
    if tmp.exists():
        tmp.unlink()
    _write_secret_file(tmp, new_key_text() + "\n" + old)
    os.replace(tmp, path)
