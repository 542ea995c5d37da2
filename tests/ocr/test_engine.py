"""Tests of the OCR engine interface, both offline backends and the fault engines."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest

from intake.errors import EklaimError
from intake.settings import Settings
from ocr.engine import (
    CrashEngine,
    NullEngine,
    OcrEngine,
    OcrEngineError,
    PaddleOcrEngine,
    RapidOcrEngine,
    SlowEngine,
    check_image,
    get_engine,
    order_corners,
    set_engine_override,
    sort_reading_order,
    to_text_lines,
)
from ocr.records import TextLine

REPO_ROOT = Path(__file__).resolve().parents[2]


def _squash(text: str) -> str:
    return "".join(text.split())


def _line(text: str, x0: float, y0: float, x1: float, y1: float) -> TextLine:
    return TextLine(text=text, confidence=0.9, box=[[x0, y0], [x1, y0], [x1, y1], [x0, y1]])


# ------------------------------------------------------------------ helpers (no models)


def test_sort_reading_order_rows_then_columns() -> None:
    value = _line("3204110508900002", 300, 12, 600, 42)  # same row, slightly higher
    label = _line("NIK", 20, 15, 80, 45)
    name = _line("NAMA", 20, 80, 110, 110)
    footer = _line("BANDUNG", 400, 200, 520, 230)
    assert [ln.text for ln in sort_reading_order([footer, value, name, label])] == [
        "NIK",
        "3204110508900002",
        "NAMA",
        "BANDUNG",
    ]


def test_order_corners_clockwise_from_top_left_and_clipped() -> None:
    box = order_corners([[110, 50], [10, 50], [10, 10], [110, 10]], width=100, height=40)
    assert box == [[10.0, 10.0], [99.0, 10.0], [99.0, 39.0], [10.0, 39.0]]


def test_to_text_lines_nfkc_filters_and_sorts() -> None:
    lines = to_text_lines(
        ["NAMA：ＳＩＴＩ", "NIK：３２０４", "  ", "noise"],
        [0.95, 0.97, 0.99, 0.2],
        [
            [[0, 60], [50, 60], [50, 80], [0, 80]],
            [[0, 10], [50, 10], [50, 30], [0, 30]],
            [[0, 0], [1, 0], [1, 1], [0, 1]],
            [[0, 90], [9, 90], [9, 99], [0, 99]],
        ],
        width=100,
        height=100,
        min_score=0.5,
    )
    assert [ln.text for ln in lines] == ["NIK:3204", "NAMA:SITI"]
    assert all(0.0 <= ln.confidence <= 1.0 for ln in lines)


@pytest.mark.parametrize("bad", [np.zeros((10, 10, 4), np.uint8), np.zeros((0, 5, 3), np.uint8), "not an image"])
def test_check_image_rejects_non_images(bad: object) -> None:
    with pytest.raises(OcrEngineError) as info:
        check_image(bad)  # type: ignore[arg-type]
    assert info.value.code == "ocr_failed"


def test_check_image_accepts_grey() -> None:
    assert check_image(np.zeros((8, 9), np.uint8)).shape == (8, 9, 3)


def test_error_is_an_eklaim_error_with_a_message() -> None:
    err = OcrEngineError("ocr_models_corrupt", "hash differs")
    assert isinstance(err, EklaimError)
    assert err.as_dict()["code"] == "ocr_models_corrupt"
    assert err.message.id and err.message.en


# ------------------------------------------------------------------ fault engines


def test_fault_engines_follow_the_protocol(card_image: np.ndarray) -> None:
    for eng in (NullEngine(), CrashEngine(), SlowEngine(0.01)):
        assert isinstance(eng, OcrEngine)
        eng.warm_up()
    assert NullEngine().recognise(card_image) == []
    with pytest.raises(OcrEngineError) as info:
        CrashEngine().recognise(card_image)
    assert info.value.code == "ocr_failed"
    with pytest.raises(MemoryError):
        CrashEngine(MemoryError()).recognise(card_image)
    started = time.perf_counter()
    assert SlowEngine(0.2).recognise(card_image) == []
    assert time.perf_counter() - started >= 0.2


def test_engine_override(ocr_engine_settings: Callable[[str], Settings]) -> None:
    crash = CrashEngine()
    set_engine_override(crash)
    try:
        assert get_engine(ocr_engine_settings("paddleocr")) is crash
    finally:
        set_engine_override(None)


def test_missing_model_folders_refuse_to_load(tmp_path: Path) -> None:
    for cls in (PaddleOcrEngine, RapidOcrEngine):
        with pytest.raises(OcrEngineError) as info:
            cls(tmp_path)
        assert info.value.code == "ocr_models_missing"


# ------------------------------------------------------------------ real backends


@pytest.mark.ocr
def test_reads_the_card_lines(ocr_engine: OcrEngine, card_image: np.ndarray, card_text: tuple[str, ...]) -> None:
    lines = ocr_engine.recognise(card_image)
    # Spaces around the colon are not stable between models; the rest is exact.
    assert [_squash(ln.text) for ln in lines] == [_squash(t) for t in card_text]
    assert lines[0].text.replace(" ", "").endswith("3204110508900002")
    assert lines[1].text.endswith("SITI AMINAH")
    assert all(0.9 <= ln.confidence <= 1.0 for ln in lines)


@pytest.mark.ocr
def test_boxes_inside_image_and_in_reading_order(ocr_engine: OcrEngine, card_image: np.ndarray) -> None:
    height, width = card_image.shape[:2]
    lines = ocr_engine.recognise(card_image)
    assert len(lines) == 2
    for ln in lines:
        assert len(ln.box) == 4
        assert all(0 <= x < width and 0 <= y < height for x, y in ln.box)
        assert ln.box[0][0] < ln.box[1][0] and ln.box[1][1] < ln.box[2][1]  # clockwise from top-left
        # The text was drawn from x=40 at y=60 / y=140 (34 px font).
        assert 20 < ln.x0 < 60
    assert 40 < lines[0].y0 < lines[0].y1 < lines[1].y0 < lines[1].y1 < 200


@pytest.mark.ocr
def test_blank_page_reads_nothing(ocr_engine: OcrEngine) -> None:
    assert ocr_engine.recognise(np.full((300, 400, 3), 255, np.uint8)) == []


@pytest.mark.ocr
def test_engine_loads_once(ocr_engine: OcrEngine, ocr_engine_settings: Callable[[str], Settings]) -> None:
    settings = ocr_engine_settings(ocr_engine.name)
    assert get_engine(settings) is ocr_engine
    assert get_engine(settings.model_copy()) is ocr_engine
    assert "PP-OCRv6_small_det" in ocr_engine.version and "PP-OCRv6_small_rec" in ocr_engine.version


_OFFLINE_SCRIPT = textwrap.dedent(
    """
    import json, socket, sys

    def _blocked(*args, **kwargs):
        raise OSError("network access attempted during offline OCR test")

    socket.socket.connect = _blocked
    socket.socket.connect_ex = _blocked
    socket.create_connection = _blocked
    socket.getaddrinfo = _blocked

    import urllib.request
    try:
        urllib.request.urlopen("https://huggingface.co", timeout=2)
        raise SystemExit("network block is not effective")
    except OSError:
        pass

    from pathlib import Path
    from PIL import Image, ImageDraw, ImageFont
    import numpy as np
    from intake.settings import Settings
    from ocr.engine import get_engine

    img = Image.new("RGB", (860, 200), "white")
    ImageDraw.Draw(img).text((40, 60), "NIK : 3204110508900002", fill="black",
        font=ImageFont.truetype("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf", 34))
    out = {}
    for backend in ("paddleocr", "rapidocr"):
        engine = get_engine(Settings(ocr_backend=backend, models_dir=Path(sys.argv[1]), environment="test"))
        out[backend] = ["".join(ln.text.split()) for ln in engine.recognise(np.asarray(img))]
    print("RESULT " + json.dumps(out))
    """
)

_MODEL_SUFFIXES = {".onnx", ".pdiparams", ".pdmodel", ".safetensors", ".yml", ".yaml", ".json", ".bin", ".pt", ".ttf"}


@pytest.mark.ocr
def test_offline_construction_and_recognition(ocr_models_dir: Path, tmp_path: Path) -> None:
    """Both engines build and read with every socket connect/lookup raising, writing nothing to HOME."""
    home = tmp_path / "home"
    home.mkdir()
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("PADDLE", "HF_", "HUGGINGFACE", "MODELSCOPE", "XDG_", "EKLAIM_"))
    }
    env.update(HOME=str(home), PYTHONPATH=str(REPO_ROOT), PYTHONNOUSERSITE="1")
    proc = subprocess.run(
        [sys.executable, "-c", _OFFLINE_SCRIPT, str(ocr_models_dir)],
        cwd=REPO_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=240,
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    result = json.loads(next(ln for ln in proc.stdout.splitlines() if ln.startswith("RESULT "))[7:])
    assert result == {"paddleocr": ["NIK:3204110508900002"], "rapidocr": ["NIK:3204110508900002"]}
    caches = (".paddlex", ".paddleocr", ".cache/huggingface", ".cache/modelscope", ".cache/rapidocr", ".modelscope")
    for cache in caches:
        assert not any(p.is_file() for p in (home / cache).rglob("*")), f"files written under ~/{cache}"
    written = [p for p in home.rglob("*") if p.is_file()]
    assert not [p for p in written if p.suffix.lower() in _MODEL_SUFFIXES], written
    # Nothing at all, not even ONNX Runtime's telemetry device id (ORT_DISABLE_TELEMETRY).
    assert written == []
