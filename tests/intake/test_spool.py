"""Upload spooling: chunked copy with SHA-256 and the size limit, nothing left behind."""

from __future__ import annotations

import hashlib
import io
import os
from pathlib import Path

import pytest

from intake.errors import IntakeRejected
from intake.settings import Settings
from intake.spool import SPOOL_CHUNK, spool_upload


class Trickle(io.RawIOBase):
    """A stream that hands out at most ``step`` bytes per read (a slow client's body)."""

    def __init__(self, data: bytes, step: int) -> None:
        self.data, self.pos, self.step = data, 0, step

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: memoryview) -> int:  # type: ignore[override]
        chunk = self.data[self.pos : self.pos + min(self.step, len(buffer))]
        buffer[: len(chunk)] = chunk
        self.pos += len(chunk)
        return len(chunk)


def _spool_files(settings: Settings) -> list[Path]:
    folder = settings.data_dir / "spool"
    return [p for p in folder.iterdir()] if folder.is_dir() else []


@pytest.mark.parametrize("step", [7_001, SPOOL_CHUNK])
def test_spool_hash_and_size_equal_the_bytes(settings: Settings, step: int) -> None:
    data = os.urandom(2 * SPOOL_CHUNK + 12_345)
    small = settings.model_copy(update={"max_file_bytes": len(data)})  # exactly at the limit
    with spool_upload(Trickle(data, step), small) as spooled:
        assert spooled.size == len(data)
        assert spooled.sha256 == hashlib.sha256(data).hexdigest()
        assert spooled.path.read_bytes() == data
        assert spooled.path.parent == settings.data_dir / "spool"
        assert spooled.path.stat().st_mode & 0o777 == 0o600
    assert _spool_files(settings) == []


def test_over_the_limit_is_413_and_leaves_no_spool_file(settings: Settings) -> None:
    data = os.urandom(300_001)
    small = settings.model_copy(update={"max_file_bytes": 300_000})
    with pytest.raises(IntakeRejected) as err, spool_upload(Trickle(data, 50_000), small):
        pytest.fail("an upload over the limit must not be yielded")
    assert err.value.code == "file_too_large" and err.value.http_status == 413
    assert err.value.message.en and err.value.message.id and "0.286102" in err.value.message.en
    assert _spool_files(settings) == []


def test_spool_file_is_removed_when_the_block_fails(settings: Settings) -> None:
    with pytest.raises(RuntimeError), spool_upload(io.BytesIO(b"abc"), settings) as spooled:
        assert spooled.path.is_file()
        raise RuntimeError("the store failed")
    assert _spool_files(settings) == []


def test_empty_upload_is_spooled_empty(settings: Settings) -> None:
    with spool_upload(io.BytesIO(b""), settings) as spooled:
        assert spooled.size == 0 and spooled.sha256 == hashlib.sha256(b"").hexdigest()
