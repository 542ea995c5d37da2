"""`eklaim verify` on both cores: the document pool, many folders, nothing to read (issue 14)."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from intake.settings import Settings
from ocr.engine import NullEngine, set_engine_override
from ocr.records import TextLine
from workers.claim_dir import DocumentPool, pool_settings, verify_claim_dir, verify_claim_dirs

REPO = Path(__file__).resolve().parents[2]
SAMPLES = REPO / "samples" / "claims"


def _bytes(report: Any) -> bytes:
    return json.dumps(report.as_contract(), ensure_ascii=False).encode()


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings(data_dir=tmp_path)


@pytest.fixture
def null_engine() -> Iterator[None]:
    set_engine_override(NullEngine())
    yield
    set_engine_override(None)


class KillEngine:
    """Kills its own process on the first page (a reader killed by the OOM killer)."""

    name = "kill"
    version = "kill-1"

    def recognise(self, image: np.ndarray) -> list[TextLine]:
        os.kill(os.getpid(), signal.SIGKILL)
        return []

    def warm_up(self) -> None:
        """Nothing to warm."""


def test_threads_are_split_between_processes(settings: Settings) -> None:
    assert pool_settings(settings.model_copy(update={"ocr_threads": 2}), 2).ocr_threads == 1
    assert pool_settings(settings.model_copy(update={"ocr_threads": 4}), 2).ocr_threads == 2
    assert pool_settings(settings.model_copy(update={"ocr_threads": 1}), 2).ocr_threads == 1


def test_many_folders_come_back_in_order_and_equal_to_sequential(settings: Settings, null_engine: None) -> None:
    folders = [SAMPLES / "clear-01", SAMPLES / "nik-typo", SAMPLES / "missing-document", SAMPLES / "clear-01"]
    pooled = list(verify_claim_dirs(folders, settings=settings, processes=2))
    sequential = [verify_claim_dir(f) for f in folders]
    assert [r.claim_id for r in pooled] == [r.claim_id for r in sequential]
    assert [_bytes(r) for r in pooled] == [_bytes(r) for r in sequential]
    # the NullEngine reads nothing: every present document is unreadable, the missing one missing
    assert pooled[2].as_contract()["documents"]["passbook"]["status"] in ("missing", "unreadable", "rejected")


def test_a_killed_reader_fails_its_documents_not_the_run(settings: Settings) -> None:
    set_engine_override(KillEngine())  # type: ignore[arg-type]
    try:
        reports = list(verify_claim_dirs([SAMPLES / "clear-01"], settings=settings, processes=2))
    finally:
        set_engine_override(None)
    docs = reports[0].as_contract()["documents"]
    failed = [s for s, d in docs.items() if d.get("reason") == "processing_failed"]
    assert failed, docs
    assert reports[0].as_contract()["verdict"] != "clear"


def test_pool_closes_and_reopens(settings: Settings, null_engine: None) -> None:
    with DocumentPool(settings, 2) as pool:
        first = pool.result("ktp", pool.submit("ktp", SAMPLES / "clear-01" / "ktp.jpg"))
        pool.close()
        again = pool.result("ktp", pool.submit("ktp", SAMPLES / "clear-01" / "ktp.jpg"))
    assert first == again


def test_folder_with_nothing_to_read_loads_no_model(tmp_path: Path) -> None:
    folder = tmp_path / "claim"
    folder.mkdir()
    (folder / "claim.json").write_bytes((SAMPLES / "clear-01" / "claim.json").read_bytes())
    code = (
        "import sys, json; from api.cli import main; rc = main(['verify', sys.argv[1], '--json']); "
        "heavy = [m for m in ('paddleocr', 'paddlex', 'onnxruntime', 'rapidocr', 'cv2', 'sqlalchemy') "
        "if m in sys.modules]; print(json.dumps({'rc': rc, 'heavy': heavy}), file=sys.stderr)"
    )
    env = {**os.environ, "EKLAIM_DATA_DIR": str(tmp_path / "data")}
    proc = subprocess.run([sys.executable, "-c", code, str(folder)], cwd=REPO, env=env, capture_output=True,
                          text=True, timeout=120)
    report = json.loads(proc.stdout)
    status = json.loads(proc.stderr.strip().splitlines()[-1])
    assert status == {"rc": 0, "heavy": []}
    assert {d["status"] for d in report["documents"].values()} == {"missing"}


@pytest.mark.ocr
def test_pooled_report_is_byte_identical_to_the_sequential_one(tmp_path: Path) -> None:
    """Real OCR: one claim (a PDF, a PNG, JPEGs) read on two processes of one thread each."""
    from ocr.engine import get_engine
    from ocr.pipeline import PipelineContext

    settings = Settings(data_dir=tmp_path)
    folder = SAMPLES / "clear-01"
    sequential = verify_claim_dir(folder, PipelineContext(settings=settings, engine=get_engine(settings)))
    pooled = list(verify_claim_dirs([folder], settings=settings, processes=2))
    assert _bytes(pooled[0]) == _bytes(sequential)
    assert sequential.as_contract()["verdict"] == "clear"
