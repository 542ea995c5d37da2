"""Reading files named on the command line or found in a claim folder, safely.

An operator's claim folder is untrusted input too: a file may be a symbolic link to somewhere
else on the machine, a FIFO that blocks a reader for ever, a device, or gigabytes large. Files
are opened without blocking, checked to be regular files (on the opened descriptor, so nothing
can be swapped in between), kept inside their folder when one is given, and read up to one
byte past the limit only (the size check then refuses it without holding the rest in memory).
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from intake.errors import EklaimError
from intake.messages import IntakeCode, intake_message


class UnsafeFile(EklaimError):
    """A local file that must not be read (not a regular file, or outside its folder)."""

    http_status = 400


def ensure_regular_file(path: Path, *, within: Path | None = None) -> Path:
    """Check, without opening it, that ``path`` is a regular file (inside ``within`` when given).

    Returns:
        The resolved path (symbolic links followed).

    Raises:
        UnsafeFile: ``outside_folder`` or ``not_a_regular_file``.
        OSError: the file does not exist or cannot be examined.
    """
    real = path.resolve()
    if within is not None and not real.is_relative_to(within.resolve()):
        raise UnsafeFile(IntakeCode.OUTSIDE_FOLDER, intake_message(IntakeCode.OUTSIDE_FOLDER, name=path.name))
    if not stat.S_ISREG(real.stat().st_mode):
        raise _not_regular(path)
    return real


def _not_regular(path: Path) -> UnsafeFile:
    return UnsafeFile(IntakeCode.NOT_A_REGULAR_FILE, intake_message(IntakeCode.NOT_A_REGULAR_FILE, name=path.name))


def read_local_file(path: Path, *, max_bytes: int, within: Path | None = None) -> bytes:
    """Read a regular file, at most ``max_bytes + 1`` bytes of it.

    Args:
        path: the file.
        max_bytes: the size limit; one byte more is read so that the caller's size check sees
            a too-large file as too large without this function reading all of it.
        within: when given, the file (after resolving symbolic links) must lie inside this folder.

    Returns:
        The file's first ``max_bytes + 1`` bytes (all of it when it is within the limit).

    Raises:
        UnsafeFile: ``outside_folder`` or ``not_a_regular_file``.
        OSError: the file cannot be opened or read (missing, permissions).
    """
    real = ensure_regular_file(path, within=within)
    # O_NONBLOCK: should a FIFO be swapped in after the check, opening it returns at once; the
    # descriptor is checked again, so what is read is what was checked.
    fd = os.open(real, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOFOLLOW", 0))
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise _not_regular(path)
        chunks: list[bytes] = []
        left = max_bytes + 1
        while left > 0:
            chunk = os.read(fd, min(left, 1 << 20))
            if not chunk:
                break
            chunks.append(chunk)
            left -= len(chunk)
        return b"".join(chunks)
    finally:
        os.close(fd)
