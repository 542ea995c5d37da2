"""Upload receiving: an uploaded file's bytes, its size and SHA-256, without a second copy.

The upload path never holds a large document whole in memory. The HTTP layer hands over the
file part Starlette has already received, in chunks, into its own spooled file (kept in memory
up to 1 MB, on disk above) under the body limit of :class:`api.middleware.BodyLimitMiddleware`.
:func:`receive_upload` uses that file where it lies (issue 14): a memory map of Starlette's
temporary file, or the bytes of its in-memory part, refused at once when over
``settings.max_file_bytes`` (``file_too_large``, HTTP 413), hashed in one pass over the map.
Intake then checks the same map (:func:`intake.files.check_file`) and the blob store encrypts it
a chunk at a time (:meth:`intake.storage.BlobStore.put_reader`). Nothing is written under the
data dir before the blob itself.

A stream with no file behind it (a socket, a generator) is copied by :func:`spool_upload` a
chunk at a time into a file under ``<data_dir>/spool`` (mode 0600), hashed and counted on the
way and stopped at the first byte over the limit; the spool file is removed when the ``with``
block ends, whatever happened: a refused or failed upload leaves nothing behind.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import mmap
import os
import stat
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, BinaryIO, Final, TypeAlias, cast

from intake.errors import IntakeRejected
from intake.messages import IntakeCode, intake_message
from intake.settings import Settings

SPOOL_CHUNK: Final = 1 << 20
"""Bytes copied at a time."""
SPOOL_DIR: Final = "spool"
"""Folder of the spool files under the data dir (the same file system as local blobs)."""


@dataclass(frozen=True)
class SpooledFile:
    """An upload received into a temporary file."""

    path: Path
    """The spool file (removed when :func:`spool_upload`'s block ends)."""
    size: int
    """Its size in bytes (at most ``settings.max_file_bytes``)."""
    sha256: str
    """The SHA-256 hex digest of its bytes, computed while they were copied."""


def too_large(settings: Settings) -> IntakeRejected:
    """The ``file_too_large`` refusal (413) with the limit in force in its message."""
    code = IntakeCode.FILE_TOO_LARGE
    return IntakeRejected(code.value, intake_message(code, max_mb=f"{settings.max_file_bytes / (1024 * 1024):g}"),
                          http_status=413)


def spool_dir(settings: Settings) -> Path:
    """The folder of the spool files (created 0700 when missing)."""
    folder = settings.data_dir / SPOOL_DIR
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    return folder


@contextlib.contextmanager
def spool_upload(src: BinaryIO, settings: Settings) -> Iterator[SpooledFile]:
    """Copy ``src`` into a spool file, hashing it; yield it, then remove it.

    Args:
        src: the uploaded file, read from its current position to its end.
        settings: ``max_file_bytes`` and ``data_dir``.

    Yields:
        The spooled file (an empty one too: :func:`intake.files.check_file` names it ``empty_file``).

    Raises:
        IntakeRejected: ``file_too_large`` (413) as soon as more than ``max_file_bytes`` arrived;
            the partial spool file is removed.
    """
    fd, name = tempfile.mkstemp(prefix="upload-", dir=spool_dir(settings))
    path = Path(name)
    try:
        digest = hashlib.sha256()
        size = 0
        limit = settings.max_file_bytes
        buffer = bytearray(SPOOL_CHUNK)
        view = memoryview(buffer)
        with os.fdopen(fd, "wb") as out:
            while n := _readinto(src, buffer):
                size += n
                if size > limit:
                    raise too_large(settings)
                digest.update(view[:n])
                out.write(view[:n])
        yield SpooledFile(path=path, size=size, sha256=digest.hexdigest())
    finally:
        path.unlink(missing_ok=True)


Buffer: TypeAlias = bytes | mmap.mmap
"""An upload's bytes: in memory, or a read-only map of the file they lie in."""


@dataclass(frozen=True)
class ReceivedFile:
    """An upload's bytes where they were received, with their size and SHA-256."""

    data: Buffer
    """The bytes (valid until :func:`receive_upload`'s block ends)."""
    size: int
    """Their length (at most ``settings.max_file_bytes``)."""
    sha256: str
    """Their SHA-256 hex digest."""

    def open(self) -> BinaryIO:
        """A reader of the bytes from the start (for streaming them into the blob store)."""
        return cast(BinaryIO, BufferReader(self.data))


class BufferReader(io.RawIOBase):
    """A read-only stream over a buffer (bytes or a memory map), copying nothing up front."""

    def __init__(self, data: Buffer) -> None:
        """Read ``data`` from its start."""
        super().__init__()
        self._view = memoryview(data)
        self._pos = 0

    def readable(self) -> bool:
        """Always True."""
        return True

    def readinto(self, buffer: memoryview | bytearray) -> int:  # type: ignore[override]
        """Copy the next bytes into ``buffer``; how many (0 at the end)."""
        target = memoryview(buffer).cast("B")
        n = min(len(target), len(self._view) - self._pos)
        target[:n] = self._view[self._pos : self._pos + n]
        self._pos += n
        return n

    def read(self, size: int = -1) -> bytes:
        """The next ``size`` bytes (all that is left when negative)."""
        end = len(self._view) if size is None or size < 0 else min(len(self._view), self._pos + size)
        data = self._view[self._pos : end].tobytes()
        self._pos = end
        return data

    def close(self) -> None:
        """Release the view (the buffer's owner may then close it)."""
        self._view.release()
        super().close()


def _file_descriptor(src: IO[bytes]) -> int | None:
    """The descriptor of the on-disk file holding ``src``'s bytes, None when there is none.

    Starlette's ``SpooledTemporaryFile`` is asked without being rolled over to disk (asking a
    small in-memory one for ``fileno()`` would write it out)."""
    if isinstance(src, tempfile.SpooledTemporaryFile):
        if not getattr(src, "_rolled", False):
            return None
        src = src._file
    try:
        return src.fileno()
    except (AttributeError, OSError, ValueError):  # io.UnsupportedOperation is an OSError
        return None


def _in_memory(src: BinaryIO) -> bytes | None:
    """The bytes of an in-memory stream from its position (None when ``src`` is not one)."""
    rolled = getattr(src, "_rolled", True)
    inner = src._file if isinstance(src, tempfile.SpooledTemporaryFile) and not rolled else src
    if isinstance(inner, io.BytesIO):
        return inner.getvalue()[inner.tell():]
    return None


@contextlib.contextmanager
def receive_upload(src: BinaryIO, settings: Settings) -> Iterator[ReceivedFile]:
    """The bytes of ``src`` where they lie (no copy to a spool file), hashed once; see the module.

    Args:
        src: the uploaded file, read from its current position to its end: Starlette's
            ``SpooledTemporaryFile``, a real file, a ``BytesIO``, or any stream (copied to a spool
            file, :func:`spool_upload`).
        settings: ``max_file_bytes`` (and ``data_dir`` for a stream that must be spooled).

    Yields:
        The received file (an empty one too: :func:`intake.files.check_file` names it ``empty_file``).

    Raises:
        IntakeRejected: ``file_too_large`` (413) when more than ``max_file_bytes`` arrived.
    """
    limit = settings.max_file_bytes
    data = _in_memory(src)
    if data is not None:
        if len(data) > limit:
            raise too_large(settings)
        yield ReceivedFile(data=data, size=len(data), sha256=hashlib.sha256(data).hexdigest())
        return
    fd = _file_descriptor(src)
    if fd is None or not _regular_file_at_start(src, fd):
        with spool_upload(src, settings) as spooled, _mapped(spooled.path) as mapped:
            yield ReceivedFile(data=mapped, size=spooled.size, sha256=spooled.sha256)
        return
    size = os.fstat(fd).st_size
    if size > limit:
        raise too_large(settings)
    if size == 0:
        yield ReceivedFile(data=b"", size=0, sha256=hashlib.sha256(b"").hexdigest())
        return
    with mmap.mmap(fd, size, access=mmap.ACCESS_READ) as mapped:
        yield ReceivedFile(data=mapped, size=size, sha256=hashlib.sha256(mapped).hexdigest())


def _regular_file_at_start(src: BinaryIO, fd: int) -> bool:
    """Whether ``fd`` is a regular file and ``src`` reads it from its start (flushed first:
    Starlette writes through a buffered file); a pipe or a socket is spooled instead."""
    try:
        src.flush()
        return stat.S_ISREG(os.fstat(fd).st_mode) and src.tell() == 0
    except (OSError, ValueError):
        return False


@contextlib.contextmanager
def _mapped(path: Path) -> Iterator[Buffer]:
    """A read-only map of the file ``path`` (its bytes when empty: an empty file cannot be mapped)."""
    with path.open("rb") as handle:
        size = os.fstat(handle.fileno()).st_size
        if size == 0:
            yield b""
            return
        with mmap.mmap(handle.fileno(), size, access=mmap.ACCESS_READ) as mapped:
            yield mapped


def _readinto(src: BinaryIO, buffer: bytearray) -> int:
    """Read the next bytes of ``src`` into ``buffer``; how many (0 at the end)."""
    readinto = getattr(src, "readinto", None)
    if readinto is not None:
        return int(readinto(buffer) or 0)
    data = src.read(len(buffer))
    buffer[: len(data)] = data
    return len(data)
