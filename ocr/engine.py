"""The OCR engine interface and its backends.

An engine turns one RGB page image into :class:`~ocr.records.TextLine` records: NFKC text,
a 0..1 confidence and four corners in the input image's pixels, in reading order. Backends
(OCRmyPDF ``pluginspec`` style):

* :class:`PaddleOcrEngine` (default): PaddleOCR 3.x on ONNX Runtime (``engine="onnxruntime"``),
  pointed at the PP-OCRv6 small det/rec folders that :mod:`ocr.provision` builds offline.
* :class:`RapidOcrEngine`: RapidOCR on the same provisioned ONNX files, with ImageNet mean/std
  for the detector (see the design's OCR decision).
* :class:`NullEngine`, :class:`CrashEngine`, :class:`SlowEngine`: for tests and fault drills.

:func:`get_engine` builds the configured engine once per process (verifying the model hashes
first) and warms it up. Recognised text is personal data: nothing here logs it.
"""

from __future__ import annotations

import importlib.metadata
import logging
import math
import os
import sys
import threading
import time
import unicodedata
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol, runtime_checkable

import numpy as np

from ocr.errors import OcrEngineError
from ocr.records import Box, TextLine

if TYPE_CHECKING:
    from intake.settings import Settings

log = logging.getLogger(__name__)

# Errors: OcrEngineError (ocr.errors, re-exported here) carries ocr_models_missing,
# ocr_models_corrupt or ocr_failed.

# --------------------------------------------------------------------------------------
# Interface
# --------------------------------------------------------------------------------------


@runtime_checkable
class OcrEngine(Protocol):
    """What every OCR backend provides."""

    name: str
    """Backend id (``paddleocr``, ``rapidocr``, ``null``...)."""
    version: str
    """Engine, runtime and model ids; recorded with every result."""

    def recognise(self, image: np.ndarray) -> list[TextLine]:
        """Read one page.

        Args:
            image: RGB ``HxWx3`` uint8 pixels (``HxW`` grey is accepted too).

        Returns:
            Lines in reading order; boxes are four ``[x, y]`` corners (clockwise from
            top-left) in ``image`` pixels, text NFKC-normalised, confidence 0..1.

        Raises:
            OcrEngineError: ``ocr_failed`` when the backend fails on the image.
        """
        ...

    def warm_up(self) -> None:
        """Run one tiny image so the first real page does not pay for lazy set-up."""
        ...


# --------------------------------------------------------------------------------------
# Shared helpers
# --------------------------------------------------------------------------------------


def check_image(image: np.ndarray) -> np.ndarray:
    """Validate a page image and return it as a C-contiguous RGB ``HxWx3`` uint8 array.

    Raises:
        OcrEngineError: ``ocr_failed`` when it is not an image array.
    """
    if not isinstance(image, np.ndarray):
        raise OcrEngineError("ocr_failed", f"expected a numpy array, got {type(image).__name__}")
    if image.ndim == 2:
        image = np.repeat(image[:, :, None], 3, axis=2)
    if image.ndim != 3 or image.shape[2] != 3 or image.shape[0] < 1 or image.shape[1] < 1:
        raise OcrEngineError("ocr_failed", f"expected an RGB HxWx3 image, got shape {image.shape}")
    if image.dtype != np.uint8:
        if np.issubdtype(image.dtype, np.floating) and image.size and float(np.nanmax(image)) <= 1.0:
            image = image * 255.0
        image = np.clip(np.nan_to_num(image), 0, 255).astype(np.uint8)
    return np.ascontiguousarray(image)


def rgb_to_bgr(image: np.ndarray) -> np.ndarray:
    """Both backends take BGR arrays (OpenCV order)."""
    return np.ascontiguousarray(image[:, :, ::-1])


def normalise_text(text: str) -> str:
    """NFKC (full-width colons and digits become ASCII) and trimmed."""
    return unicodedata.normalize("NFKC", text).strip()


def order_corners(points: Any, width: int, height: int) -> Box:
    """Return four ``[x, y]`` corners clockwise from top-left, clipped to the image.

    Accepts any 4x2 (or Nx2, reduced to its bounding quadrilateral by ``minAreaRect``)
    array-like of pixel coordinates.
    """
    pts = np.asarray(points, dtype=np.float64).reshape(-1, 2)
    if pts.shape[0] != 4:
        import cv2

        pts = cv2.boxPoints(cv2.minAreaRect(pts.astype(np.float32))).astype(np.float64)
    pts[:, 0] = np.clip(pts[:, 0], 0, max(width - 1, 0))
    pts[:, 1] = np.clip(pts[:, 1], 0, max(height - 1, 0))
    centre = pts.mean(axis=0)
    # In image coordinates (y down) increasing atan2 goes clockwise on screen.
    angles = np.arctan2(pts[:, 1] - centre[1], pts[:, 0] - centre[0])
    pts = pts[np.argsort(angles, kind="stable")]
    start = int(np.argmin(pts[:, 0] + pts[:, 1]))
    pts = np.roll(pts, -start, axis=0)
    return [[round(float(x), 2), round(float(y), 2)] for x, y in pts]


def sort_reading_order(lines: Sequence[TextLine]) -> list[TextLine]:
    """Sort lines top to bottom, then left to right within a row.

    Two lines share a row when their vertical centres are closer than half the smaller
    line height (so label and value on one printed line stay together).
    """
    rows: list[list[TextLine]] = []
    for line in sorted(lines, key=lambda ln: (ln.cy, ln.x0)):
        height = max(line.y1 - line.y0, 1.0)
        if rows:
            row = rows[-1]
            row_cy = sum(r.cy for r in row) / len(row)
            row_h = min(max(r.y1 - r.y0, 1.0) for r in row)
            if abs(line.cy - row_cy) < 0.5 * min(height, row_h):
                row.append(line)
                continue
        rows.append([line])
    return [line for row in rows for line in sorted(row, key=lambda ln: ln.x0)]


def to_text_lines(
    texts: Sequence[str],
    scores: Sequence[float],
    boxes: Sequence[Any],
    width: int,
    height: int,
    min_score: float = 0.0,
) -> list[TextLine]:
    """Build sorted :class:`TextLine` records from a backend's parallel result lists."""
    lines: list[TextLine] = []
    for text, score, box in zip(texts, scores, boxes, strict=False):
        clean = normalise_text(str(text))
        conf = float(score)
        if not clean or not math.isfinite(conf) or conf < min_score:
            continue
        lines.append(TextLine(text=clean, confidence=min(max(conf, 0.0), 1.0), box=order_corners(box, width, height)))
    return sort_reading_order(lines)


def _warm_up_image() -> np.ndarray:
    """A small RGB image with a few printed digits (exercises detector and recogniser)."""
    import cv2

    img = np.full((64, 256, 3), 255, dtype=np.uint8)
    cv2.putText(img, "0123 AB", (8, 44), cv2.FONT_HERSHEY_SIMPLEX, 1.1, (0, 0, 0), 2, cv2.LINE_AA)
    return img


def _dist_version(name: str) -> str:
    try:
        return importlib.metadata.version(name)
    except importlib.metadata.PackageNotFoundError:
        return "unknown"


def _model_ids() -> str:
    from ocr.provision import MODELS

    return ",".join(f"{spec.model_name}@{spec.sha256[:12]}" for spec in MODELS)


def _model_files(models_dir: Path) -> tuple[Path, Path]:
    """The detection and recognition folders of a provisioned models dir."""
    from ocr.provision import DET_MODEL, REC_MODEL

    det, rec = Path(models_dir) / DET_MODEL.folder, Path(models_dir) / REC_MODEL.folder
    for folder in (det, rec):
        if not (folder / "inference.onnx").is_file() or not (folder / "inference.yml").is_file():
            raise OcrEngineError("ocr_models_missing", f"{folder} is not a provisioned model folder")
    return det, rec


# --------------------------------------------------------------------------------------
# PaddleOCR backend
# --------------------------------------------------------------------------------------


_OFFLINE_ENV: dict[str, str] = {
    "PADDLE_PDX_DISABLE_MODEL_SOURCE_CHECK": "True",  # no connectivity probe of model hosts
    "PADDLEOCR_DISABLE_AUTO_LOGGING_CONFIG": "1",  # leave logging set-up to the service
    "HF_HUB_OFFLINE": "1",
    "MODELSCOPE_OFFLINE": "1",
    "ORT_DISABLE_TELEMETRY": "1",  # ONNX Runtime 1.31 otherwise keeps a device id under ~/.cache
}


def prepare_offline_env(cache_home: Path | None = None) -> None:
    """Set the environment so PaddleX, PaddleOCR and ONNX Runtime stay off the network and ``~``.

    Runs when this module is imported and again before a backend loads: PaddleX reads its
    flags and ONNX Runtime its telemetry switch when *they* are imported. Values already
    set by the operator win. Also pins the flag in an already imported PaddleX.
    ``cache_home`` becomes ``PADDLE_PDX_CACHE_HOME`` (PaddleX's scratch folders).
    """
    for name, value in _OFFLINE_ENV.items():
        os.environ.setdefault(name, value)
    if cache_home is not None:
        os.environ.setdefault("PADDLE_PDX_CACHE_HOME", str(cache_home))
    official = sys.modules.get("paddlex.inference.utils.official_models")
    if official is not None:
        vars(official)["DISABLE_MODEL_SOURCE_CHECK"] = True  # a module attribute paddlex reads


prepare_offline_env()


class PaddleOcrEngine:
    """PaddleOCR 3.x (PP-OCRv6 small det/rec) on ONNX Runtime, fully offline.

    No document orientation, unwarping or text-line orientation models: the ``ocr``
    normalisation stage handles rotation itself.
    """

    name = "paddleocr"

    def __init__(self, models_dir: Path, threads: int = 2, min_score: float = 0.5,
                 det_max_side: int | None = None, rec_batch: int | None = None) -> None:
        """Load both models from a provisioned ``models_dir`` (see :mod:`ocr.provision`).

        Args:
            models_dir: The provisioned models dir.
            threads: ONNX Runtime intra-op threads per session.
            min_score: Lines the recogniser scores below this are dropped.

        Raises:
            OcrEngineError: ``ocr_models_missing`` when the folders are absent,
                ``ocr_models_corrupt`` when PaddleX cannot load them.
        """
        det_dir, rec_dir = _model_files(models_dir)
        from ocr.provision import DET_MODEL, REC_MODEL

        prepare_offline_env(Path(models_dir) / ".paddlex")
        self.min_score = min_score
        self.threads = max(int(threads), 1)
        self._lock = threading.Lock()
        try:
            from paddleocr import PaddleOCR

            logging.getLogger("paddlex").setLevel(logging.WARNING)
            self._ocr = PaddleOCR(
                text_detection_model_name=DET_MODEL.model_name,
                text_detection_model_dir=str(det_dir),
                text_recognition_model_name=REC_MODEL.model_name,
                text_recognition_model_dir=str(rec_dir),
                use_doc_orientation_classify=False,
                use_doc_unwarping=False,
                use_textline_orientation=False,
                text_rec_score_thresh=min_score,
                **({"text_det_limit_side_len": det_max_side, "text_det_limit_type": "max"} if det_max_side else {}),
                **({"text_recognition_batch_size": rec_batch} if rec_batch else {}),
                device="cpu",
                engine="onnxruntime",
                engine_config={
                    "intra_op_num_threads": self.threads,
                    "inter_op_num_threads": 1,
                    "enable_cpu_mem_arena": False,  # measured: the arena saves ~8% on a page for +0.6 GB RSS
                },
            )
        except Exception as exc:
            detail = f"PaddleOCR could not load the models: {type(exc).__name__}: {exc}"
            raise OcrEngineError("ocr_models_corrupt", detail) from exc
        self.version = (
            f"paddleocr-{_dist_version('paddleocr')}+paddlex-{_dist_version('paddlex')}"
            f"/onnxruntime-{_dist_version('onnxruntime')}/{_model_ids()}"
        )

    sized_detection = True
    """:meth:`recognise` takes a per-call detector input cap (``det_max_side``)."""

    def recognise(self, image: np.ndarray, det_max_side: int | None = None) -> list[TextLine]:
        """Read one RGB page (see :meth:`OcrEngine.recognise`).

        ``det_max_side``: cap the detector's input long side for this page (the document type's
        own cap, see ``ocr.pipeline``); recognition still crops the lines from ``image`` itself.
        """
        rgb = check_image(image)
        height, width = rgb.shape[:2]
        sized = {"text_det_limit_side_len": det_max_side, "text_det_limit_type": "max"} if det_max_side else {}
        try:
            with self._lock:
                results = self._ocr.predict(rgb_to_bgr(rgb), **sized)
        except Exception as exc:
            raise OcrEngineError("ocr_failed", f"paddleocr: {type(exc).__name__}") from exc
        if not results:
            return []
        res = results[0]
        texts = list(res.get("rec_texts") or [])
        scores = list(res.get("rec_scores") or [])
        polys = res.get("rec_polys")
        if polys is None or len(polys) != len(texts):
            polys = res.get("dt_polys")
        return to_text_lines(texts, scores, list(polys if polys is not None else []), width, height, self.min_score)

    def warm_up(self) -> None:
        """Run the tiny warm-up image through both models."""
        self.recognise(_warm_up_image())


# --------------------------------------------------------------------------------------
# RapidOCR backend
# --------------------------------------------------------------------------------------


class RapidOcrEngine:
    """RapidOCR 3.x on the same provisioned PP-OCRv6 small ONNX models, no classifier.

    The detector gets ImageNet mean/std (RapidOCR's 0.5/0.5 default garbled a long letter
    line) and the same detector side-length policy as the PaddleOCR engine, so both backends
    see the same pixels.
    """

    name = "rapidocr"

    def __init__(self, models_dir: Path, threads: int = 2, min_score: float = 0.5,
                 det_max_side: int | None = None) -> None:
        """Load both models from a provisioned ``models_dir``.

        Raises:
            OcrEngineError: ``ocr_models_missing`` / ``ocr_models_corrupt``.
        """
        det_dir, rec_dir = _model_files(models_dir)
        prepare_offline_env()
        self.min_score = min_score
        self.threads = max(int(threads), 1)
        self._lock = threading.Lock()
        params: dict[str, Any] = {
            "Global.use_cls": False,
            "Global.text_score": min_score,
            "Global.log_level": "error",
            "Global.min_side_len": 30,
            "Global.max_side_len": 4000,
            "Det.model_path": str(det_dir / "inference.onnx"),
            "Det.mean": [0.485, 0.456, 0.406],
            "Det.std": [0.229, 0.224, 0.225],
            "Det.limit_side_len": det_max_side or 64,
            "Det.limit_type": "max" if det_max_side else "min",
            "Det.thresh": 0.3,
            "Det.box_thresh": 0.6,
            "Det.unclip_ratio": 1.5,
            "Rec.model_path": str(rec_dir / "inference.onnx"),
            "EngineConfig.onnxruntime.intra_op_num_threads": self.threads,
            "EngineConfig.onnxruntime.inter_op_num_threads": 1,
        }
        try:
            from rapidocr import RapidOCR

            self._ocr = RapidOCR(params=params)
        except Exception as exc:
            detail = f"RapidOCR could not load the models: {type(exc).__name__}: {exc}"
            raise OcrEngineError("ocr_models_corrupt", detail) from exc
        self.version = (
            f"rapidocr-{_dist_version('rapidocr')}/onnxruntime-{_dist_version('onnxruntime')}/{_model_ids()}"
        )

    sized_detection = True
    """:meth:`recognise` takes a per-call detector input cap (``det_max_side``)."""

    def recognise(self, image: np.ndarray, det_max_side: int | None = None) -> list[TextLine]:
        """Read one RGB page (see :meth:`OcrEngine.recognise`; ``det_max_side`` as PaddleOCR's)."""
        rgb = check_image(image)
        height, width = rgb.shape[:2]
        try:
            with self._lock:
                det = getattr(self._ocr, "text_det", None)
                saved = (getattr(det, "limit_side_len", None), getattr(det, "limit_type", None))
                if det_max_side and det is not None:
                    det.limit_side_len, det.limit_type = det_max_side, "max"
                try:
                    out = self._ocr(rgb_to_bgr(rgb))
                finally:
                    if det_max_side and det is not None:
                        det.limit_side_len, det.limit_type = saved
        except Exception as exc:
            raise OcrEngineError("ocr_failed", f"rapidocr: {type(exc).__name__}") from exc
        boxes = getattr(out, "boxes", None)
        texts = getattr(out, "txts", None)
        scores = getattr(out, "scores", None)
        if boxes is None or texts is None or scores is None:
            return []
        return to_text_lines(list(texts), list(scores), list(boxes), width, height, self.min_score)

    def warm_up(self) -> None:
        """Load both lazy sessions and run the tiny warm-up image."""
        self.recognise(_warm_up_image())


# --------------------------------------------------------------------------------------
# Test and fault engines
# --------------------------------------------------------------------------------------


class NullEngine:
    """Reads nothing: every page yields no lines."""

    name = "null"
    version = "null-1"

    def recognise(self, image: np.ndarray) -> list[TextLine]:
        """Return ``[]`` after validating the image."""
        check_image(image)
        return []

    def warm_up(self) -> None:
        """Nothing to warm."""


class CrashEngine:
    """Raises on every page (by default ``OcrEngineError("ocr_failed")``, like a real backend)."""

    name = "crash"
    version = "crash-1"

    def __init__(self, exc: BaseException | None = None) -> None:
        """``exc``: the exception to raise instead (e.g. ``MemoryError()``)."""
        self.exc = exc

    def recognise(self, image: np.ndarray) -> list[TextLine]:
        """Raise."""
        if self.exc is not None:
            raise self.exc
        raise OcrEngineError("ocr_failed", "simulated engine crash")

    def warm_up(self) -> None:
        """Warming up succeeds; only pages crash."""


class SlowEngine:
    """Sleeps ``delay`` seconds per page, then answers like ``inner`` (a :class:`NullEngine`)."""

    name = "slow"
    version = "slow-1"

    def __init__(self, delay: float, inner: OcrEngine | None = None) -> None:
        """``delay``: seconds to sleep per page; ``inner``: engine giving the answer."""
        self.delay = float(delay)
        self.inner: OcrEngine = inner if inner is not None else NullEngine()

    def recognise(self, image: np.ndarray) -> list[TextLine]:
        """Sleep, then delegate."""
        time.sleep(self.delay)
        return self.inner.recognise(image)

    def warm_up(self) -> None:
        """No delay at warm-up."""


# --------------------------------------------------------------------------------------
# Registry and per-process cache
# --------------------------------------------------------------------------------------

EngineFactory = Callable[..., OcrEngine]

BACKENDS: dict[str, EngineFactory] = {
    "paddleocr": PaddleOcrEngine,
    "rapidocr": RapidOcrEngine,
}
"""Backend name (``Settings.ocr_backend``) to factory ``(models_dir, threads, det_max_side=) -> engine``."""

_cache: dict[tuple[str, int, str, int], OcrEngine] = {}
_cache_lock = threading.Lock()
_override: OcrEngine | None = None


def get_engine(settings: Settings | None = None) -> OcrEngine:
    """Return this process's engine for ``settings``, building it on first use.

    The first call verifies the model hashes (provisioning them if absent, see
    :func:`ocr.provision.ensure_models`), loads the backend and warms it up; later calls
    return the same object. Cached per backend, thread count and models dir.
    An engine set with :func:`set_engine_override` is returned instead when present.

    Raises:
        OcrEngineError: ``ocr_models_missing`` / ``ocr_models_corrupt`` / ``ocr_failed``.
    """
    if _override is not None:
        return _override
    if settings is None:
        from intake.settings import get_settings

        settings = get_settings()
    backend = settings.ocr_backend
    threads = max(int(settings.ocr_threads), 1)
    models_dir = Path(settings.resolved_models_dir).resolve()
    key = (backend, threads, str(models_dir), settings.ocr_det_max_side)
    engine = _cache.get(key)
    if engine is not None:
        return engine
    with _cache_lock:
        engine = _cache.get(key)
        if engine is None:
            from ocr.provision import ensure_models

            factory = BACKENDS.get(backend)
            if factory is None:
                raise OcrEngineError("ocr_models_missing", f"unknown OCR backend {backend!r}")
            ensure_models(settings)
            started = time.perf_counter()
            engine = factory(models_dir, threads, det_max_side=settings.ocr_det_max_side or None)
            engine.warm_up()
            log.info(
                "OCR engine ready",
                extra={
                    "backend": backend,
                    "version": engine.version,
                    "seconds": round(time.perf_counter() - started, 2),
                },
            )
            _cache[key] = engine
    return engine


def warm_up(settings: Settings | None = None) -> OcrEngine:
    """Build (if needed) and warm the configured engine; for worker start-up."""
    return get_engine(settings)


def set_engine_override(engine: OcrEngine | None) -> None:
    """Make :func:`get_engine` return ``engine`` (``None`` restores normal behaviour).

    For tests and fault drills (e.g. ``set_engine_override(CrashEngine())``).
    """
    global _override
    _override = engine


def loaded_engine(backend: str) -> OcrEngine | None:
    """The engine override, or an engine of ``backend`` already loaded in this process (no load)."""
    if _override is not None:
        return _override
    return next((e for key, e in list(_cache.items()) if key[0] == backend), None)


def clear_engine_cache() -> None:
    """Forget the cached engines (tests only; the next call loads again)."""
    with _cache_lock:
        _cache.clear()
