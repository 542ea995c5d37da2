"""Upload receiving: in place (Starlette's file mapped) or spooled; SHA-256, the size limit, nothing left behind."""

from __future__ import annotations

import hashlib
import io
import mmap
import os
import tempfile
from pathlib import Path

import pytest

from intake.errors import IntakeRejected
from intake.settings import Settings
from intake.spool import SPOOL_CHUNK, receive_upload, spool_upload


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


# receive_upload: the upload where Starlette received it (issue 14) --------------------------


def _starlette_file(data: bytes) -> tempfile.SpooledTemporaryFile[bytes]:
    """The file object Starlette hands to a route: in memory up to 1 MB, on disk above."""
    src: tempfile.SpooledTemporaryFile[bytes] = tempfile.SpooledTemporaryFile(max_size=1024 * 1024)
    src.write(data)
    src.seek(0)
    return src


@pytest.mark.parametrize("size", [1, 700_000, 1024 * 1024 + 1, 3 * SPOOL_CHUNK + 17])
def test_received_upload_is_used_in_place_hashed_and_read_back(settings: Settings, size: int) -> None:
    data = os.urandom(size)
    src = _starlette_file(data)
    rolled = size > 1024 * 1024
    assert src._rolled is rolled  # type: ignore[attr-defined]
    with receive_upload(src, settings) as received:
        assert received.size == size and received.sha256 == hashlib.sha256(data).hexdigest()
        assert bytes(received.data) == data
        assert isinstance(received.data, mmap.mmap) is rolled  # a file on disk is mapped, not copied
        with received.open() as reader:
            parts = []
            while chunk := reader.read(65_536):
                parts.append(chunk)
        assert b"".join(parts) == data
        assert _spool_files(settings) == []  # no second copy under the data dir
    assert src._rolled is rolled  # type: ignore[attr-defined] # a small upload was not written to disk
    src.close()


def test_received_real_file_and_bytesio(settings: Settings, tmp_path: Path) -> None:
    data = os.urandom(200_000)
    path = tmp_path / "f"
    path.write_bytes(data)
    with path.open("rb") as fh, receive_upload(fh, settings) as received:
        assert isinstance(received.data, mmap.mmap) and received.sha256 == hashlib.sha256(data).hexdigest()
    stream = io.BytesIO(b"head" + data)
    stream.seek(4)  # read from the current position
    with receive_upload(stream, settings) as received:
        assert received.data == data and received.size == len(data)


@pytest.mark.parametrize("size", [300_001, 1024 * 1024 + 5])
def test_received_upload_over_the_limit_is_413(settings: Settings, size: int) -> None:
    small = settings.model_copy(update={"max_file_bytes": size - 1})
    with pytest.raises(IntakeRejected) as err, receive_upload(_starlette_file(os.urandom(size)), small):
        pytest.fail("an upload over the limit must not be yielded")
    assert err.value.code == "file_too_large" and err.value.http_status == 413
    exact = settings.model_copy(update={"max_file_bytes": size})
    with receive_upload(_starlette_file(b"x" * size), exact) as received:  # exactly at the limit
        assert received.size == size


def test_stream_without_a_file_is_spooled_then_removed(settings: Settings) -> None:
    data = os.urandom(SPOOL_CHUNK + 99)
    with receive_upload(Trickle(data, 10_007), settings) as received:  # type: ignore[arg-type]
        assert bytes(received.data) == data and received.sha256 == hashlib.sha256(data).hexdigest()
        assert len(_spool_files(settings)) == 1
    assert _spool_files(settings) == []
    small = settings.model_copy(update={"max_file_bytes": 1000})
    with pytest.raises(IntakeRejected), receive_upload(Trickle(data, 10_007), small):  # type: ignore[arg-type]
        pytest.fail("over the limit")
    assert _spool_files(settings) == []


@pytest.mark.parametrize("src", [io.BytesIO(b""), "spooled"])
def test_empty_received_upload(settings: Settings, src: object) -> None:
    stream = _starlette_file(b"") if src == "spooled" else src
    with receive_upload(stream, settings) as received:  # type: ignore[arg-type]
        assert received.size == 0 and received.data == b"" and received.sha256 == hashlib.sha256(b"").hexdigest()
