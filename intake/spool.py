"""Upload spooling: an uploaded file copied to a private temporary file a chunk at a time.

The upload path never holds a document whole in memory. The HTTP layer hands over the file
part as a stream (Starlette has already received the body in chunks into its own spooled file,
under the body limit of :class:`api.middleware.BodyLimitMiddleware`); :func:`spool_upload`
copies it a chunk at a time into a file under ``<data_dir>/spool`` (mode 0600), computing the
SHA-256 and counting the bytes as it goes, and stops at the first byte over
``settings.max_file_bytes`` (``file_too_large``, HTTP 413). Intake then checks the spool file
(:func:`intake.files.check_file` on a path maps it, no copy) and the blob store encrypts it a
chunk at a time (:meth:`intake.storage.BlobStore.put_file`). The spool file is removed when the
``with`` block ends, whatever happened: a refused or failed upload leaves nothing behind.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO, Final

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


def _readinto(src: BinaryIO, buffer: bytearray) -> int:
    """Read the next bytes of ``src`` into ``buffer``; how many (0 at the end)."""
    readinto = getattr(src, "readinto", None)
    if readinto is not None:
        return int(readinto(buffer) or 0)
    data = src.read(len(buffer))
    buffer[: len(data)] = data
    return len(data)
