"""Tests of the offline model provisioning (from the pinned rapidocr wheel, checked by hash)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
import yaml

from intake.settings import Settings
from ocr.engine import OcrEngineError
from ocr.provision import (
    DET_MODEL,
    MANIFEST_NAME,
    MODELS,
    REC_MODEL,
    ensure_models,
    main,
    provision_models,
    rapidocr_models_dir,
    sha256_file,
    verify_models,
)


@pytest.fixture
def models_copy(ocr_models_dir: Path, tmp_path: Path) -> Path:
    """A private copy of the session's provisioned models, safe to damage."""
    dest = tmp_path / "models"
    shutil.copytree(ocr_models_dir, dest, ignore=shutil.ignore_patterns(".paddlex"))
    return dest


def _flip_byte(path: Path, offset: int = 4096) -> None:
    with path.open("r+b") as f:
        f.seek(offset)
        byte = f.read(1)
        f.seek(offset)
        f.write(bytes([byte[0] ^ 0xFF]))


def test_pinned_hashes_match_the_installed_wheel() -> None:
    for spec in MODELS:
        assert sha256_file(rapidocr_models_dir() / spec.source_file) == spec.sha256


def test_provisioned_layout_and_manifest(ocr_models_dir: Path) -> None:
    verify_models(ocr_models_dir)
    manifest = json.loads((ocr_models_dir / MANIFEST_NAME).read_text())
    assert set(manifest["files"]) == {f"{s.folder}/{n}" for s in MODELS for n in ("inference.onnx", "inference.yml")}
    for rel, digest in manifest["files"].items():
        assert sha256_file(ocr_models_dir / rel) == digest
    assert manifest["source"] == {"package": "rapidocr", "version": "3.10.0"}
    assert not list(ocr_models_dir.parent.glob(".models.tmp-*")), "staging folder left behind"


def test_inference_yml_is_what_paddlex_expects(ocr_models_dir: Path) -> None:
    det = yaml.safe_load((ocr_models_dir / DET_MODEL.folder / "inference.yml").read_text(encoding="utf-8"))
    rec = yaml.safe_load((ocr_models_dir / REC_MODEL.folder / "inference.yml").read_text(encoding="utf-8"))
    assert det["Global"]["model_name"] == "PP-OCRv6_small_det"
    assert rec["Global"]["model_name"] == "PP-OCRv6_small_rec"
    assert det["PostProcess"]["name"] == "DBPostProcess"
    assert rec["PostProcess"]["name"] == "CTCLabelDecode"

    # Same pre/post-processing as PaddleX's own converter writes for these models.
    from paddlex.modules.base.utils.pdparams2safetensors.inference_meta import _INFERENCE_META_REGISTRY

    for spec, ours in ((DET_MODEL, det), (REC_MODEL, rec)):
        theirs = _INFERENCE_META_REGISTRY[spec.model_name]()
        assert ours["PreProcess"] == theirs["PreProcess"]
        assert {k: v for k, v in ours["PostProcess"].items() if k != "character_dict"} == theirs["PostProcess"]

    # The character list is the model's own: its width is blank + characters + space.
    import onnxruntime as ort

    rec_onnx = ocr_models_dir / REC_MODEL.folder / "inference.onnx"
    session = ort.InferenceSession(str(rec_onnx), providers=["CPUExecutionProvider"])
    chars = rec["PostProcess"]["character_dict"]
    assert chars == session.get_modelmeta().custom_metadata_map["character"].split("\n")
    assert session.get_outputs()[0].shape[-1] == len(chars) + 2
    assert {"0", "9", "A", "Z", ":", "/", "-"} <= set(chars)


def test_provisioning_is_idempotent(models_copy: Path) -> None:
    before = {p: p.stat().st_mtime_ns for p in models_copy.rglob("*") if p.is_file()}
    manifest = provision_models(models_copy)
    assert {p: p.stat().st_mtime_ns for p in models_copy.rglob("*") if p.is_file()} == before
    assert manifest == json.loads((models_copy / MANIFEST_NAME).read_text())


def test_flipped_byte_is_corrupt(models_copy: Path) -> None:
    _flip_byte(models_copy / DET_MODEL.folder / "inference.onnx")
    with pytest.raises(OcrEngineError) as info:
        verify_models(models_copy)
    assert info.value.code == "ocr_models_corrupt"


def test_edited_yml_is_corrupt(models_copy: Path) -> None:
    path = models_copy / REC_MODEL.folder / "inference.yml"
    path.write_text(path.read_text(encoding="utf-8").replace("CTCLabelDecode", "CTCLabelDecodX"), encoding="utf-8")
    with pytest.raises(OcrEngineError) as info:
        verify_models(models_copy)
    assert info.value.code == "ocr_models_corrupt"


def test_manifest_cannot_bless_another_model(models_copy: Path) -> None:
    onnx = models_copy / REC_MODEL.folder / "inference.onnx"
    _flip_byte(onnx)
    manifest_path = models_copy / MANIFEST_NAME
    manifest = json.loads(manifest_path.read_text())
    manifest["files"][f"{REC_MODEL.folder}/inference.onnx"] = sha256_file(onnx)
    manifest_path.write_text(json.dumps(manifest))
    with pytest.raises(OcrEngineError) as info:
        verify_models(models_copy)
    assert info.value.code == "ocr_models_corrupt"


@pytest.mark.parametrize("remove", [REC_MODEL.folder, MANIFEST_NAME, f"{DET_MODEL.folder}/inference.yml", None])
def test_missing_parts_are_missing(models_copy: Path, remove: str | None) -> None:
    target = models_copy / remove if remove else models_copy
    if target.is_dir():
        shutil.rmtree(target)
    else:
        target.unlink()
    with pytest.raises(OcrEngineError) as info:
        verify_models(models_copy)
    assert info.value.code == "ocr_models_missing"


def test_source_with_wrong_hash_is_refused(tmp_path: Path) -> None:
    source = tmp_path / "wheel-models"
    source.mkdir()
    for spec in MODELS:
        shutil.copyfile(rapidocr_models_dir() / spec.source_file, source / spec.source_file)
    _flip_byte(source / REC_MODEL.source_file)
    dest = tmp_path / "models"
    with pytest.raises(OcrEngineError) as info:
        provision_models(dest, source_dir=source)
    assert info.value.code == "ocr_models_corrupt"
    assert not dest.exists()
    assert not list(tmp_path.glob(".models.tmp-*"))


def test_ensure_models_provisions_verifies_and_repairs(tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path, environment="test")  # type: ignore[arg-type]
    dest = ensure_models(settings)
    assert dest == settings.resolved_models_dir
    verify_models(dest)

    _flip_byte(dest / DET_MODEL.folder / "inference.onnx")
    with pytest.raises(OcrEngineError) as info:
        ensure_models(settings)
    assert info.value.code == "ocr_models_corrupt"
    assert ensure_models(settings, repair=True) == dest
    verify_models(dest)
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")], "temp folders left behind"


def test_provision_into_existing_folder_keeps_other_files(tmp_path: Path) -> None:
    dest = tmp_path / "models"
    dest.mkdir()
    (dest / "README").write_text("operator notes")
    (dest / DET_MODEL.folder).mkdir()  # a broken earlier attempt
    provision_models(dest)
    verify_models(dest)
    assert (dest / "README").read_text() == "operator notes"


def test_cli_verifies_and_repairs(models_copy: Path) -> None:
    assert main([str(models_copy)]) == 0
    _flip_byte(models_copy / REC_MODEL.folder / "inference.yml", offset=10)
    assert main([str(models_copy)]) == 1
    assert main(["--repair", str(models_copy)]) == 0
    verify_models(models_copy)
