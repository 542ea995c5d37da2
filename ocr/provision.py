"""Offline provisioning of the OCR model folders from the pinned ``rapidocr`` wheel.

PaddleOCR's default set-up downloads its models from hosts the service cannot reach. The
PP-OCRv6 small detection and recognition models ship as ONNX files inside the pinned
``rapidocr==3.10.0`` wheel; this module copies them (checked against pinned sha256 values)
into the folder layout PaddleX's ``engine="onnxruntime"`` expects::

    DEST/
      MANIFEST.json                      sha256 of every file below (written last)
      PP-OCRv6_det_small/inference.onnx
      PP-OCRv6_det_small/inference.yml   Global.model_name PP-OCRv6_small_det, DBPostProcess
      PP-OCRv6_rec_small/inference.onnx
      PP-OCRv6_rec_small/inference.yml   Global.model_name PP-OCRv6_small_rec, CTCLabelDecode
                                         with the character list read from the ONNX metadata

Both backends (PaddleOCR and RapidOCR) load these provisioned files, so both run on
hash-checked models. Provisioning runs at install time (``eklaim`` install step) and at
worker start (:func:`ensure_models`); nothing here touches the network.
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import importlib.util
import json
import logging
import os
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml

from ocr.errors import OcrEngineError

if TYPE_CHECKING:
    from intake.settings import Settings

log = logging.getLogger(__name__)

MANIFEST_NAME = "MANIFEST.json"
MANIFEST_FORMAT = 1
RAPIDOCR_VERSION = "3.10.0"
"""The wheel the model files come from (pinned in ``pyproject.toml``)."""


@dataclass(frozen=True)
class ModelSpec:
    """One provisioned model folder."""

    folder: str
    """Folder name under the models dir (also the ONNX file's stem in the wheel)."""
    model_name: str
    """``Global.model_name`` PaddleX knows the model by (its registry name)."""
    source_file: str
    """File name inside ``rapidocr/models``."""
    sha256: str
    """Pinned sha256 of the source ONNX file (and so of the provisioned ``inference.onnx``)."""


DET_MODEL = ModelSpec(
    folder="PP-OCRv6_det_small",
    model_name="PP-OCRv6_small_det",
    source_file="PP-OCRv6_det_small.onnx",
    sha256="090f04abcd9d9a7498bc4ebf677e4cb9bdce1fe4197ddb7e529f1ef44e1ff94f",
)
REC_MODEL = ModelSpec(
    folder="PP-OCRv6_rec_small",
    model_name="PP-OCRv6_small_rec",
    source_file="PP-OCRv6_rec_small.onnx",
    sha256="6f327246b50388f3c176ae304bd95767ea6dc0c9ae92153ef8cbe210b3c14884",
)
MODELS: tuple[ModelSpec, ...] = (DET_MODEL, REC_MODEL)

# ImageNet mean/std in PaddleOCR's order (applied to BGR pixels, as PaddleOCR always has).
_MEAN = [0.485, 0.456, 0.406]
_STD = [0.229, 0.224, 0.225]

DET_PRE_PROCESS: dict[str, Any] = {
    "transform_ops": [
        {"DecodeImage": {"channel_first": False, "img_mode": "BGR"}},
        {"DetLabelEncode": None},
        {"DetResizeForTest": {"resize_long": 960}},
        {"NormalizeImage": {"mean": _MEAN, "std": _STD, "scale": "1./255.", "order": "hwc"}},
        {"ToCHWImage": None},
        {"KeepKeys": {"keep_keys": ["image", "shape", "polys", "ignore_tags"]}},
    ]
}
"""Detector pre-processing, as PaddleX writes it for PP-OCRv5/v6 det models."""

DET_POST_PROCESS: dict[str, Any] = {
    "name": "DBPostProcess",
    "thresh": 0.3,
    "box_thresh": 0.6,
    "max_candidates": 1000,
    "unclip_ratio": 1.5,
}
"""DB post-processing defaults (the OCR pipeline's own values override them at run time)."""

REC_PRE_PROCESS: dict[str, Any] = {
    "transform_ops": [
        {"DecodeImage": {"channel_first": False, "img_mode": "BGR"}},
        {"MultiLabelEncode": {"gtc_encode": "NRTRLabelEncode"}},
        {"RecResizeImg": {"image_shape": [3, 48, 320]}},
        {"KeepKeys": {"keep_keys": ["image", "label_ctc", "label_gtc", "length", "valid_ratio"]}},
    ]
}
"""Recogniser pre-processing, as PaddleX writes it for PP-OCRv5/v6 rec models."""


def rapidocr_models_dir() -> Path:
    """Folder of the ONNX models inside the installed ``rapidocr`` wheel (not imported)."""
    spec = importlib.util.find_spec("rapidocr")
    if spec is None or not spec.submodule_search_locations:
        raise OcrEngineError("ocr_models_missing", "rapidocr is not installed")
    return Path(next(iter(spec.submodule_search_locations))) / "models"


def sha256_file(path: Path) -> str:
    """Return the hex sha256 of a file, read in 1 MiB chunks."""
    h = hashlib.sha256()
    with path.open("rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def read_character_list(onnx_path: Path) -> list[str]:
    """Read the recogniser's character list from the ONNX metadata key ``character``.

    The list excludes the CTC blank and the space, which PaddleX's ``CTCLabelDecode`` adds.
    """
    import onnxruntime as ort

    opts = ort.SessionOptions()
    opts.intra_op_num_threads = 1
    opts.graph_optimization_level = ort.GraphOptimizationLevel.ORT_DISABLE_ALL
    session = ort.InferenceSession(str(onnx_path), sess_options=opts, providers=["CPUExecutionProvider"])
    meta = session.get_modelmeta().custom_metadata_map
    raw = meta.get("character")
    if not raw:
        raise OcrEngineError("ocr_models_corrupt", f"{onnx_path.name} has no 'character' metadata")
    chars = raw.splitlines() if "\r" in raw else raw.split("\n")
    if "" in chars:
        raise OcrEngineError("ocr_models_corrupt", f"{onnx_path.name} has an empty character entry")
    return chars


def det_inference_config() -> dict[str, Any]:
    """The ``inference.yml`` content of the detection folder."""
    return {
        "Global": {"model_name": DET_MODEL.model_name},
        "PreProcess": DET_PRE_PROCESS,
        "PostProcess": DET_POST_PROCESS,
    }


def rec_inference_config(characters: list[str]) -> dict[str, Any]:
    """The ``inference.yml`` content of the recognition folder."""
    return {
        "Global": {"model_name": REC_MODEL.model_name},
        "PreProcess": REC_PRE_PROCESS,
        "PostProcess": {"name": "CTCLabelDecode", "character_dict": characters},
    }


def _write_yaml(path: Path, data: dict[str, Any]) -> None:
    with path.open("w", encoding="utf-8") as f:
        yaml.safe_dump(data, f, allow_unicode=True, sort_keys=False, width=1 << 20)


def _fsync_dir(path: Path) -> None:
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:  # pragma: no cover - platforms without directory fds
        return
    try:
        os.fsync(fd)
    except OSError:  # pragma: no cover
        pass
    finally:
        os.close(fd)


def _build(staging: Path, source_dir: Path) -> dict[str, Any]:
    """Write both model folders and the manifest into ``staging``; return the manifest."""
    files: dict[str, str] = {}
    for spec in MODELS:
        src = source_dir / spec.source_file
        if not src.is_file():
            raise OcrEngineError("ocr_models_missing", f"{src} not found in the rapidocr wheel")
        digest = sha256_file(src)
        if digest != spec.sha256:
            raise OcrEngineError("ocr_models_corrupt", f"{src.name}: sha256 {digest} != pinned {spec.sha256}")
        folder = staging / spec.folder
        folder.mkdir(parents=True)
        dst = folder / "inference.onnx"
        shutil.copyfile(src, dst)
        if sha256_file(dst) != spec.sha256:
            raise OcrEngineError("ocr_models_corrupt", f"copy of {src.name} differs from its source")
        config = det_inference_config() if spec is DET_MODEL else rec_inference_config(read_character_list(dst))
        _write_yaml(folder / "inference.yml", config)
        for name in ("inference.onnx", "inference.yml"):
            files[f"{spec.folder}/{name}"] = sha256_file(folder / name)
    try:
        wheel_version = importlib.metadata.version("rapidocr")
    except importlib.metadata.PackageNotFoundError:  # pragma: no cover
        wheel_version = "unknown"
    manifest = {
        "format": MANIFEST_FORMAT,
        "source": {"package": "rapidocr", "version": wheel_version},
        "models": {spec.folder: spec.model_name for spec in MODELS},
        "files": files,
    }
    (staging / MANIFEST_NAME).write_text(json.dumps(manifest, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    return manifest


def _install(staging: Path, dest: Path) -> None:
    """Move a complete ``staging`` tree into place as ``dest``.

    When ``dest`` does not exist this is one atomic ``rename``. When it exists (an empty
    folder, a broken earlier attempt, or a folder that also holds other things), only our
    entries are swapped: the old ones are moved aside first, the manifest goes in last, so a
    reader never sees a manifest next to half-written folders.
    """
    dest.parent.mkdir(parents=True, exist_ok=True)
    try:
        os.rename(staging, dest)
        _fsync_dir(dest.parent)
        return
    except OSError:
        if not dest.is_dir():
            raise
    trash = Path(tempfile.mkdtemp(prefix=".old-models-", dir=dest.parent))
    try:
        for name in (MANIFEST_NAME, *(spec.folder for spec in MODELS)):
            if (dest / name).exists():
                os.rename(dest / name, trash / name)
        for spec in MODELS:
            os.rename(staging / spec.folder, dest / spec.folder)
        os.rename(staging / MANIFEST_NAME, dest / MANIFEST_NAME)
        _fsync_dir(dest)
    finally:
        shutil.rmtree(trash, ignore_errors=True)
        shutil.rmtree(staging, ignore_errors=True)


def read_manifest(dest: Path) -> dict[str, Any]:
    """Return the manifest of a provisioned models dir.

    Raises:
        OcrEngineError: ``ocr_models_missing`` when there is none, ``ocr_models_corrupt``
            when it is not valid JSON of the expected shape.
    """
    path = Path(dest) / MANIFEST_NAME
    if not path.is_file():
        raise OcrEngineError("ocr_models_missing", f"no {MANIFEST_NAME} in {dest}")
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
        if manifest.get("format") != MANIFEST_FORMAT or not isinstance(manifest.get("files"), dict):
            raise ValueError("unexpected manifest shape")
    except ValueError as exc:
        raise OcrEngineError("ocr_models_corrupt", f"{path}: {exc}") from exc
    return manifest


def verify_models(dest: Path) -> None:
    """Check a provisioned models dir against its manifest and the pinned model hashes.

    Raises:
        OcrEngineError: ``ocr_models_missing`` when the manifest, a model folder or a file
            is absent; ``ocr_models_corrupt`` when a hash differs (from the manifest, or an
            ``inference.onnx`` from the pinned value) or a file is not in the manifest.
    """
    dest = Path(dest)
    manifest = read_manifest(dest)
    files: dict[str, str] = manifest["files"]
    for spec in MODELS:
        folder = dest / spec.folder
        if not folder.is_dir():
            raise OcrEngineError("ocr_models_missing", f"model folder {folder} is missing")
        for name in ("inference.onnx", "inference.yml"):
            rel = f"{spec.folder}/{name}"
            path = folder / name
            if not path.is_file():
                raise OcrEngineError("ocr_models_missing", f"{path} is missing")
            expected = files.get(rel)
            if expected is None:
                raise OcrEngineError("ocr_models_corrupt", f"{rel} is not in the manifest")
            if name == "inference.onnx" and expected != spec.sha256:
                raise OcrEngineError("ocr_models_corrupt", f"manifest hash of {rel} is not the pinned one")
            if sha256_file(path) != expected:
                raise OcrEngineError("ocr_models_corrupt", f"sha256 of {rel} differs from the manifest")


def provision_models(dest: Path, *, source_dir: Path | None = None, force: bool = False) -> dict[str, Any]:
    """Build the PaddleOCR model folders in ``dest`` from the pinned rapidocr wheel.

    Idempotent: when ``dest`` already verifies, nothing is written (unless ``force``);
    a folder that fails verification is rebuilt (use :func:`ensure_models` to refuse one).
    Atomic: everything is built in a temporary sibling folder and renamed into place.

    Args:
        dest: The models dir (``Settings.resolved_models_dir``).
        source_dir: Where the source ONNX files are; the installed wheel's ``models``
            folder by default.
        force: Rebuild even when ``dest`` verifies (repairs a corrupt folder).

    Returns:
        The manifest (``files`` maps ``folder/file`` to sha256).

    Raises:
        OcrEngineError: ``ocr_models_missing`` when a source file is absent,
            ``ocr_models_corrupt`` when a source file does not match its pinned hash.
    """
    dest = Path(dest)
    if not force:
        try:
            verify_models(dest)
            return read_manifest(dest)
        except OcrEngineError:
            pass
    source = Path(source_dir) if source_dir is not None else rapidocr_models_dir()
    dest.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{dest.name}.tmp-", dir=dest.parent))
    try:
        os.chmod(staging, 0o755)  # mkdtemp makes it 0700; workers may run as another user
        manifest = _build(staging, source)
        _install(staging, dest)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    verify_models(dest)
    log.info("provisioned OCR models", extra={"models_dir": str(dest)})
    return manifest


def ensure_models(settings: Settings | None = None, *, repair: bool = False) -> Path:
    """Provision the models when absent, then verify them; return the models dir.

    Called by the install step and at worker start. A present but corrupt folder is an
    error (``ocr_models_corrupt``) unless ``repair`` is set, in which case it is rebuilt.
    """
    if settings is None:
        from intake.settings import get_settings

        settings = get_settings()
    return ensure_models_at(Path(settings.resolved_models_dir), repair=repair)


def ensure_models_at(dest: Path, *, repair: bool = False) -> Path:
    """:func:`ensure_models` for an explicit models dir."""
    dest = Path(dest)
    if not (dest / MANIFEST_NAME).exists():
        provision_models(dest)
    elif repair:
        try:
            verify_models(dest)
        except OcrEngineError:
            provision_models(dest, force=True)
    verify_models(dest)
    return dest


def main(argv: list[str] | None = None) -> int:
    """``python -m ocr.provision [--repair] [DEST]``: provision and verify; exit code 0 on success."""
    import argparse
    import sys

    parser = argparse.ArgumentParser(prog="python -m ocr.provision", description=main.__doc__)
    parser.add_argument("dest", nargs="?", type=Path, help="models dir (default: the settings' models dir)")
    parser.add_argument("--repair", action="store_true", help="rebuild a folder that fails verification")
    args = parser.parse_args(argv)
    try:
        if args.dest is None:
            dest = ensure_models(repair=args.repair)
        else:
            dest = ensure_models_at(args.dest, repair=args.repair)
    except OcrEngineError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    print(f"OCR models ready in {dest}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
