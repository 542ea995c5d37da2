"""Content-addressed blob storage for uploaded document files.

A blob's id is the sha256 hex digest of its bytes, so ``put`` is idempotent and the same
file uploaded twice is stored once. Ids are checked to be exactly 64 lowercase hex
characters before they are used anywhere (a path, a query): a client-supplied id can never
name a file outside the store.

Backends:
- :class:`LocalBlobStore`: ``root/ab/cd/<sha256>`` files, written atomically (the embedded
  default; one machine, or a shared file system).
- :class:`DbBlobStore`: the ``blobs`` table of the claims database (PostgreSQL for several
  worker machines; works on SQLite too). ``PostgresBlobStore`` is the same class.

Uploads are read where they were received (:mod:`intake.spool`: Starlette's own temporary file,
mapped) and stored by :meth:`BlobStore.put_reader` (files by :meth:`BlobStore.put_file`):
:class:`EncryptedBlobStore` encrypts them a chunk at a time (the chunked format, version 2, of
:mod:`intake.cipher`) straight into the local backend's temporary file, so a document is never
held whole in memory on the way in. The database backend builds the ciphertext in memory (one
value per row), without the extra plaintext copy.
"""

from __future__ import annotations

import hashlib
import io
import os
import re
import tempfile
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any, BinaryIO, Protocol, runtime_checkable

from sqlalchemy import Engine, delete, select
from sqlalchemy import insert as sa_insert
from sqlalchemy import update as sa_update
from sqlalchemy.exc import IntegrityError

from intake.cipher import DecryptionError, Keyring, get_keyring, is_encrypted
from intake.db import get_engine
from intake.errors import NotFound
from intake.messages import IntakeCode, intake_message
from intake.models import Blob, utcnow
from intake.settings import Settings, get_settings

_BLOB_ID = re.compile(r"[0-9a-f]{64}")


class InvalidBlobId(NotFound, ValueError):
    """A blob id that is not 64 lowercase hex characters (a ``NotFound``: the API answers 404)."""

    def __init__(self, detail: str = "blob id must be 64 lowercase hex characters") -> None:
        super().__init__(IntakeCode.BLOB_ID_INVALID.value, intake_message(IntakeCode.BLOB_ID_INVALID))
        self.detail = detail


HASH_CHUNK = 1 << 20
"""Bytes read at a time when a file is hashed or copied."""

Writer = Callable[[BinaryIO], None]
"""Writes a stored value into the open file it is given (streamed stores)."""


def blob_id_for(data: bytes) -> str:
    """The blob id (sha256 hex) of ``data``."""
    return hashlib.sha256(data).hexdigest()


def blob_id_of_file(path: Path) -> str:
    """The blob id (sha256 hex) of a file's bytes, read a chunk at a time."""
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        while chunk := fh.read(HASH_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def check_blob_id(blob_id: str) -> str:
    """Return ``blob_id`` if it is 64 lowercase hex characters, else raise :class:`InvalidBlobId`."""
    if not isinstance(blob_id, str) or _BLOB_ID.fullmatch(blob_id) is None:
        raise InvalidBlobId()
    return blob_id


def _not_found() -> NotFound:
    return NotFound(IntakeCode.BLOB_NOT_FOUND.value, intake_message(IntakeCode.BLOB_NOT_FOUND))


@runtime_checkable
class BlobStore(Protocol):
    """Where document bytes live, keyed by their sha256."""

    def put(self, data: bytes) -> str:
        """Store ``data`` (idempotent) and return its sha256 hex id."""
        ...

    def put_file(self, path: Path, blob_id: str | None = None) -> str:
        """Store the bytes of the file ``path`` (idempotent) and return their sha256 hex id.

        ``blob_id``, when the caller already hashed the file (a spool file), is trusted as its
        sha256; otherwise the file is hashed a chunk at a time.
        """
        ...

    def put_reader(self, blob_id: str, open_reader: Callable[[], BinaryIO]) -> str:
        """Store the bytes a reader from ``open_reader()`` yields (idempotent) under ``blob_id``,
        their sha256 as the caller computed it (an upload hashed where it was received);
        ``open_reader`` is not called when the blob is already stored. Returns ``blob_id``."""
        ...

    def get(self, blob_id: str) -> bytes:
        """Return the bytes of ``blob_id``; :class:`NotFound` when unknown."""
        ...

    def exists(self, blob_id: str) -> bool:
        """Whether ``blob_id`` is stored."""
        ...

    def delete(self, blob_id: str) -> bool:
        """Remove ``blob_id``; True when something was removed (absent is not an error)."""
        ...

    def path_hint(self, blob_id: str) -> str:
        """A human-readable location of ``blob_id`` for logs and operators (no content)."""
        ...


class LocalBlobStore:
    """Blobs as files ``root/ab/cd/<sha256>`` under one folder."""

    def __init__(self, root: Path | str) -> None:
        """Use (and create when needed) the folder ``root``."""
        self.root = Path(root).resolve()

    def _path(self, blob_id: str) -> Path:
        check_blob_id(blob_id)
        path = self.root / blob_id[:2] / blob_id[2:4] / blob_id
        # Belt and braces: the id check already makes this impossible.
        if self.root not in path.parents:
            raise InvalidBlobId("blob path outside the store")
        return path

    def put(self, data: bytes) -> str:
        """Write ``data`` atomically (temp file, fsync, ``os.replace``) unless already there."""
        blob_id = blob_id_for(data)
        path = self._path(blob_id)
        if not (path.is_file() and path.stat().st_size == len(data)):
            self._write_atomic(path, data)
        else:
            self._touch(path)
        return blob_id

    def put_file(self, path: Path, blob_id: str | None = None) -> str:
        """Copy the file ``path`` in a chunk at a time (atomic) unless already there."""
        blob_id = check_blob_id(blob_id) if blob_id is not None else blob_id_of_file(path)
        target = self._path(blob_id)
        if not (target.is_file() and target.stat().st_size == path.stat().st_size):
            self._write_atomic(target, lambda out: _copy_file(path, out))
        else:
            self._touch(target)
        return blob_id

    def put_reader(self, blob_id: str, open_reader: Callable[[], BinaryIO]) -> str:
        """Copy what ``open_reader()`` yields in a chunk at a time (atomic) unless already there."""
        check_blob_id(blob_id)
        if not self._path(blob_id).is_file():
            self.put_stored(blob_id, lambda out: _copy_reader(open_reader, out))
        else:
            self._touch(self._path(blob_id))
        return blob_id

    def put_stored(self, blob_id: str, data: bytes | Writer, *, replace: bool = False) -> None:
        """Write ``data`` under ``blob_id`` as given (for wrappers: the id is not its hash).

        Used by ``EncryptedBlobStore``, which stores ciphertext under the
        sha256 of the plaintext. ``data`` is the bytes or a :data:`Writer` that streams them.
        Atomic; keeps an existing blob unless ``replace``.
        """
        path = self._path(blob_id)
        if path.is_file() and not replace:
            self._touch(path)
            return
        self._write_atomic(path, data)

    @staticmethod
    def _write_atomic(path: Path, data: bytes | Writer) -> None:
        """Temp file in the same folder, fsync, mode 0600, then ``os.replace``.

        A failure (a full disk, a reader error of a :data:`Writer`) leaves nothing behind.
        """
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".tmp-", dir=path.parent)
        try:
            with os.fdopen(fd, "wb") as fh:
                if callable(data):
                    data(fh)
                else:
                    fh.write(data)
                fh.flush()
                os.fsync(fh.fileno())
            os.chmod(tmp, 0o600)
            os.replace(tmp, path)
        except BaseException:
            try:
                os.unlink(tmp)
            except FileNotFoundError:
                pass
            raise

    def ids(self, stored_before: datetime | None = None) -> list[str]:
        """Every stored blob id; only those last stored before ``stored_before`` when given."""
        if not self.root.is_dir():
            return []
        limit = stored_before.timestamp() if stored_before is not None else None
        return sorted(p.name for p in self.root.glob("*/*/*") if p.is_file() and _BLOB_ID.fullmatch(p.name)
                      and (limit is None or p.stat().st_mtime < limit))

    @staticmethod
    def _touch(path: Path) -> None:
        """Mark an existing blob as stored now (a new upload of the same file): the orphan sweep's
        grace period counts from its last put, not its first."""
        try:
            os.utime(path)
        except FileNotFoundError:  # pragma: no cover - deleted meanwhile; the caller rewrites
            pass

    def get(self, blob_id: str) -> bytes:
        """Read the bytes of ``blob_id``."""
        path = self._path(blob_id)
        try:
            return path.read_bytes()
        except FileNotFoundError:
            raise _not_found() from None

    def exists(self, blob_id: str) -> bool:
        """Whether the file of ``blob_id`` exists."""
        return self._path(blob_id).is_file()

    def delete(self, blob_id: str) -> bool:
        """Remove the file of ``blob_id``."""
        try:
            self._path(blob_id).unlink()
        except FileNotFoundError:
            return False
        return True

    def path_hint(self, blob_id: str) -> str:
        """The file path of ``blob_id``."""
        return str(self._path(blob_id))


class DbBlobStore:
    """Blobs in the ``blobs`` table (each call is its own short transaction).

    Store a blob *before* opening a write transaction of your own on the same SQLite file:
    SQLite allows one writer at a time. Blobs are content-addressed, so an orphan blob left by
    a failed request is harmless.
    """

    def __init__(self, engine: Engine) -> None:
        """Use the (migrated) database behind ``engine``."""
        self.engine = engine

    def put(self, data: bytes) -> str:
        """Insert ``data`` unless a blob with the same hash exists (concurrent puts are fine)."""
        blob_id = blob_id_for(data)
        if self.exists(blob_id):
            self._touch(blob_id)
            return blob_id
        try:
            with self.engine.begin() as conn:
                conn.execute(
                    sa_insert(Blob).values(id=blob_id, data=data, size=len(data), created_at=utcnow())
                )
        except IntegrityError:
            if not self.exists(blob_id):  # pragma: no cover - an unrelated integrity error
                raise
        return blob_id

    def put_file(self, path: Path, blob_id: str | None = None) -> str:
        """Insert the bytes of the file ``path`` (a row holds the whole value)."""
        blob_id = check_blob_id(blob_id) if blob_id is not None else blob_id_of_file(path)
        if not self.exists(blob_id):
            self.put_stored(blob_id, path.read_bytes())
        else:
            self._touch(blob_id)
        return blob_id

    def put_reader(self, blob_id: str, open_reader: Callable[[], BinaryIO]) -> str:
        """Insert what ``open_reader()`` yields (a row holds the whole value) unless already there."""
        check_blob_id(blob_id)
        if not self.exists(blob_id):
            with open_reader() as src:
                self.put_stored(blob_id, src.read())
        else:
            self._touch(blob_id)
        return blob_id

    def put_stored(self, blob_id: str, data: bytes | Writer, *, replace: bool = False) -> None:
        """Store ``data`` (bytes, or a :data:`Writer` run into memory) under ``blob_id`` as given
        (for wrappers: the id is not its hash)."""
        check_blob_id(blob_id)
        if callable(data):
            if self.exists(blob_id) and not replace:
                self._touch(blob_id)
                return
            buffer = io.BytesIO()
            data(buffer)
            data = buffer.getvalue()
        if self.exists(blob_id):
            if replace:
                with self.engine.begin() as conn:
                    conn.execute(sa_update(Blob).where(Blob.id == blob_id).values(data=data, size=len(data)))
            else:
                self._touch(blob_id)
            return
        try:
            with self.engine.begin() as conn:
                conn.execute(sa_insert(Blob).values(id=blob_id, data=data, size=len(data), created_at=utcnow()))
        except IntegrityError:
            if not self.exists(blob_id):  # pragma: no cover - an unrelated integrity error
                raise

    def ids(self, stored_before: datetime | None = None) -> list[str]:
        """Every stored blob id; only those last stored before ``stored_before`` when given."""
        q = select(Blob.id).order_by(Blob.id)
        if stored_before is not None:
            q = q.where(Blob.created_at < stored_before)
        with self.engine.connect() as conn:
            return list(conn.execute(q).scalars())

    def _touch(self, blob_id: str) -> None:
        """Mark an existing blob as stored now (see :meth:`LocalBlobStore._touch`)."""
        with self.engine.begin() as conn:
            conn.execute(sa_update(Blob).where(Blob.id == blob_id).values(created_at=utcnow()))

    def get(self, blob_id: str) -> bytes:
        """Read the bytes of ``blob_id``."""
        check_blob_id(blob_id)
        with self.engine.connect() as conn:
            data = conn.execute(select(Blob.data).where(Blob.id == blob_id)).scalar_one_or_none()
        if data is None:
            raise _not_found()
        return bytes(data)

    def exists(self, blob_id: str) -> bool:
        """Whether a row for ``blob_id`` exists."""
        check_blob_id(blob_id)
        with self.engine.connect() as conn:
            return conn.execute(select(Blob.id).where(Blob.id == blob_id)).first() is not None

    def delete(self, blob_id: str) -> bool:
        """Delete the row of ``blob_id``."""
        check_blob_id(blob_id)
        with self.engine.begin() as conn:
            return (conn.execute(delete(Blob).where(Blob.id == blob_id)).rowcount or 0) > 0

    def path_hint(self, blob_id: str) -> str:
        """``db:blobs/<id>`` (the password of the URL is never shown)."""
        check_blob_id(blob_id)
        return f"db:{self.engine.url.get_backend_name()}:blobs/{blob_id}"


PostgresBlobStore = DbBlobStore
"""The database blob backend under the name the settings use (``blob_backend="postgres"``)."""


class EncryptedBlobStore:
    """A blob store wrapper encrypting every blob (AES-256-GCM, associated data = the id).

    The id is the sha256 of the *plaintext* (uploads stay idempotent); ``get`` checks the
    decrypted bytes against it. Blobs are written in the chunked format (version 2 of
    :mod:`intake.cipher`); one-shot (version 1) blobs and plaintext blobs written before
    encryption are still read (and re-encrypted by :meth:`reencrypt`).
    """

    def __init__(self, inner: Any, keyring: Keyring) -> None:
        """Wrap ``inner`` (a ``LocalBlobStore`` or ``DbBlobStore``)."""
        self.inner = inner
        self.keyring = keyring

    def put(self, data: bytes) -> str:
        """Encrypt and store ``data`` (idempotent); returns the sha256 of ``data``."""
        blob_id = blob_id_for(data)
        # an existing blob is kept (only its stored time refreshed; the writer is not run)
        self.inner.put_stored(blob_id, self._writer(lambda: io.BytesIO(data), blob_id))
        return blob_id

    def put_file(self, path: Path, blob_id: str | None = None) -> str:
        """Encrypt and store the file ``path`` a chunk at a time (idempotent); its sha256.

        ``blob_id`` (the sha256 the spool computed while receiving the file) is trusted as the
        file's hash; without it the file is hashed first.
        """
        blob_id = check_blob_id(blob_id) if blob_id is not None else blob_id_of_file(path)
        # an existing blob is kept (only its stored time refreshed; the writer is not run)
        self.inner.put_stored(blob_id, self._writer(lambda: path.open("rb"), blob_id))
        return blob_id

    def put_reader(self, blob_id: str, open_reader: Callable[[], BinaryIO]) -> str:
        """Encrypt and store what ``open_reader()`` yields, a chunk at a time (idempotent).

        ``blob_id`` (the sha256 computed where the upload was received) is trusted as the
        plaintext's hash; :meth:`get` checks it on every read.
        """
        check_blob_id(blob_id)
        # an existing blob is kept (only its stored time refreshed; the writer is not run)
        self.inner.put_stored(blob_id, self._writer(open_reader, blob_id))
        return blob_id

    def _writer(self, source: Callable[[], BinaryIO], blob_id: str) -> Writer:
        """A :data:`Writer` encrypting what ``source()`` opens, bound to ``blob_id``."""

        def write(out: BinaryIO) -> None:
            with source() as src:
                self.keyring.encrypt_stream(src, out, blob_id.encode())

        return write

    def get(self, blob_id: str) -> bytes:
        """Decrypt the blob and check it against its id."""
        raw = self.inner.get(blob_id)
        data = self.keyring.decrypt(raw, blob_id.encode()) if is_encrypted(raw) else raw
        if blob_id_for(data) != blob_id:
            raise DecryptionError(IntakeCode.BLOB_INTEGRITY)
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

    def ids(self, stored_before: datetime | None = None) -> list[str]:
        """Every stored blob id; only those last stored before ``stored_before`` when given."""
        return list(self.inner.ids(stored_before))

    def reencrypt(self, blob_id: str) -> bool:
        """Re-encrypt one blob with the active key; True when it was rewritten."""
        raw = self.inner.get(blob_id)
        if self.keyring.is_current(raw):
            return False
        data = self.get(blob_id)
        self.inner.put_stored(blob_id, self._writer(lambda: io.BytesIO(data), blob_id), replace=True)
        return True


def _copy_reader(open_reader: Callable[[], BinaryIO], out: BinaryIO) -> None:
    """Copy what ``open_reader()`` yields into ``out`` a chunk at a time."""
    with open_reader() as src:
        while chunk := src.read(HASH_CHUNK):
            out.write(chunk)


def _copy_file(path: Path, out: BinaryIO) -> None:
    """Copy the file ``path`` into ``out`` a chunk at a time."""
    with path.open("rb") as src:
        while chunk := src.read(HASH_CHUNK):
            out.write(chunk)


def get_blob_store(settings: Settings | None = None) -> BlobStore:
    """The blob store the settings choose: ``local`` (``settings.blob_dir``) or ``postgres``.

    Always wrapped in :class:`EncryptedBlobStore` (AES-256-GCM at rest; the
    ids stay the sha256 of the plaintext). ``.inner`` is the backend.

    The ``postgres`` backend stores blobs in the claims database (``resolved_database_url``),
    which must have been migrated (``intake.db.ensure_schema``).
    """
    settings = settings or get_settings()
    inner: LocalBlobStore | DbBlobStore
    if settings.blob_backend == "postgres":
        inner = DbBlobStore(get_engine(settings.resolved_database_url))
    else:
        inner = LocalBlobStore(settings.blob_dir)
    return EncryptedBlobStore(inner, get_keyring(settings))
