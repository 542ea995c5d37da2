"""Intake checks header, structure and limits; the pixel decode is the worker's (issue 14, item 6)."""

from __future__ import annotations

import io
import struct
import zlib
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from intake.errors import IntakeRejected
from intake.files import check_file
from intake.settings import Settings
from ocr.engine import NullEngine
from ocr.pipeline import PipelineContext, process_document


def _png(width: int = 400, height: int = 300) -> bytes:
    buf = io.BytesIO()
    rng = np.random.default_rng(1)
    Image.fromarray(rng.integers(0, 255, (height, width, 3), dtype=np.uint8)).save(buf, "PNG")
    return buf.getvalue()


def _bad_zlib_png() -> bytes:
    """A PNG whose structure and CRCs are right but whose IDAT is not a zlib stream."""
    data = bytearray(_png())
    at = data.index(b"IDAT")
    length = struct.unpack(">I", data[at - 4:at])[0]
    data[at + 4:at + 4 + min(40, length)] = bytes(min(40, length))
    crc = zlib.crc32(bytes(data[at:at + 4 + length])) & 0xFFFFFFFF
    data[at + 4 + length:at + 8 + length] = struct.pack(">I", crc)
    return bytes(data)


@pytest.fixture
def ctx(tmp_path: Path) -> PipelineContext:
    return PipelineContext(settings=Settings(data_dir=tmp_path), engine=NullEngine())


def test_upload_check_does_not_decode_pixels_the_full_check_does() -> None:
    bad = _bad_zlib_png()
    checked = check_file(bad, settings=Settings.model_construct(), decode=False)
    assert (checked.kind, checked.width, checked.height) == ("png", 400, 300)
    with pytest.raises(IntakeRejected) as info:
        check_file(bad, settings=Settings.model_construct())
    assert info.value.code == "corrupt_image"


def test_structure_is_still_checked_at_upload() -> None:
    good = _png()
    with pytest.raises(IntakeRejected) as info:
        check_file(good[: len(good) // 2], settings=Settings.model_construct(), decode=False)
    assert info.value.code in {"truncated_image", "corrupt_image"}


def test_a_file_that_fails_the_worker_decode_is_rejected_with_its_reason(ctx: PipelineContext) -> None:
    doc = process_document("ktp", _bad_zlib_png(), ctx)
    assert doc.result.status == "rejected"
    assert doc.result.reason == "corrupt_image"
    assert doc.result.message is not None and doc.result.message.id and doc.result.message.en


def test_a_good_image_is_decoded_once_by_the_worker(ctx: PipelineContext) -> None:
    doc = process_document("ktp", _png(1200, 800), ctx)
    assert doc.checked is not None and doc.checked.width == 1200
    assert doc.result.status == "unreadable"  # the NullEngine reads nothing; no decode refusal
    assert doc.result.reason != "corrupt_image"
