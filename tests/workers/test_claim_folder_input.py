"""A claim folder is untrusted input too (issue 12, item 10): each defect has its test.

None of these run the OCR: every refusal happens before a model is loaded.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from intake.errors import EklaimError
from workers.claim_dir import read_claim_folder

REPO = Path(__file__).resolve().parents[2]
FORM = {"nik": "3204110508900002", "full_name": "BUDI SANTOSO", "birth_date": "050890", "kpj": "12345678901"}


def _folder(tmp_path: Path, claim_json: bytes | None = None) -> Path:
    folder = tmp_path / "claim"
    folder.mkdir()
    (folder / "claim.json").write_bytes(claim_json if claim_json is not None else json.dumps(FORM).encode())
    return folder


def _code(folder: Path) -> str:
    with pytest.raises(EklaimError) as info:
        read_claim_folder(folder)
    return info.value.code


def _cli(*args: str, data_dir: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "EKLAIM_DATA_DIR": str(data_dir)}
    return subprocess.run([sys.executable, "-c", "import sys; from api.cli import main; sys.exit(main())", *args],
                          cwd=REPO, env=env, capture_output=True, text=True, timeout=120)


def test_claim_json_with_a_utf8_bom_is_read(tmp_path: Path) -> None:
    folder = _folder(tmp_path, b"\xef\xbb\xbf" + json.dumps(FORM).encode())
    assert read_claim_folder(folder).raw["nik"] == FORM["nik"]


def test_deeply_nested_claim_json_is_a_usage_error_not_a_traceback(tmp_path: Path) -> None:
    folder = _folder(tmp_path, b"[" * 50_000 + b"]" * 50_000)
    assert _code(folder) == "claim_json_invalid"
    proc = _cli("verify", str(folder), "--json", data_dir=tmp_path)
    assert proc.returncode == 2, proc.stderr[-1000:]
    assert "Traceback" not in proc.stderr and "claim_json_invalid" in proc.stderr
    assert proc.stdout == ""


def test_claim_json_with_a_5000_digit_number_is_a_usage_error(tmp_path: Path) -> None:
    folder = _folder(tmp_path, b'{"nik": 1' + b"0" * 5000 + b"}")
    assert _code(folder) == "claim_json_invalid"


def test_oversized_claim_json_is_refused_without_parsing(tmp_path: Path) -> None:
    folder = _folder(tmp_path, b'{"x": "' + b"a" * 200_000 + b'"}')
    assert _code(folder) == "claim_json_invalid"


def test_two_files_for_one_slot_are_a_usage_error_naming_both(tmp_path: Path) -> None:
    folder = _folder(tmp_path)
    (folder / "ktp.jpg").write_bytes(b"\xff\xd8\xff")
    (folder / "ktp.pdf").write_bytes(b"%PDF-1.4")
    with pytest.raises(EklaimError) as info:
        read_claim_folder(folder)
    assert info.value.code == "slot_ambiguous"
    assert "ktp.jpg" in info.value.message.en and "ktp.pdf" in info.value.message.en


def test_symlink_out_of_the_claim_folder_is_refused(tmp_path: Path) -> None:
    secret = tmp_path / "elsewhere.png"
    secret.write_bytes(b"\x89PNG\r\n\x1a\n")
    folder = _folder(tmp_path)
    (folder / "ktp.png").symlink_to(secret)
    assert _code(folder) == "outside_folder"


def test_symlink_inside_the_claim_folder_is_followed(tmp_path: Path) -> None:
    folder = _folder(tmp_path)
    (folder / "scan.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    (folder / "ktp.png").symlink_to(folder / "scan.png")
    assert read_claim_folder(folder).files["ktp"] == folder / "ktp.png"


def test_symlinked_claim_json_out_of_the_folder_is_refused(tmp_path: Path) -> None:
    outside = tmp_path / "other.json"
    outside.write_text(json.dumps(FORM))
    folder = tmp_path / "claim"
    folder.mkdir()
    (folder / "claim.json").symlink_to(outside)
    assert _code(folder) == "outside_folder"


def test_fifo_in_a_slot_does_not_block_the_cli(tmp_path: Path) -> None:
    folder = _folder(tmp_path)
    os.mkfifo(folder / "ktp.jpg")
    assert _code(folder) == "not_a_regular_file"
    proc = _cli("verify", str(folder), "--json", data_dir=tmp_path)  # the subprocess timeout guards a hang
    assert proc.returncode == 2 and "not_a_regular_file" in proc.stderr


def test_fifo_given_to_eklaim_check_is_rejected_not_waited_on(tmp_path: Path) -> None:
    fifo = tmp_path / "upload.jpg"
    os.mkfifo(fifo)
    proc = _cli("check", str(fifo), "--json", data_dir=tmp_path)  # the subprocess timeout guards a hang
    assert json.loads(proc.stdout)["reason"] == "not_a_regular_file"


def test_eklaim_check_refuses_a_3_gb_file_by_its_size_without_reading_it(tmp_path: Path) -> None:
    huge = tmp_path / "huge.jpg"
    with huge.open("wb") as fh:  # sparse: no disk used
        fh.truncate(3 * 1024**3)
    # VmHWM (the peak RSS of this process image): unlike ru_maxrss it is not inherited from a
    # large parent (an xdist worker holding the OCR engine) across fork and exec.
    code = ("import re, sys; from pathlib import Path; from api.cli import main; rc = main(sys.argv[1:]); "
            "hwm = re.search(r'VmHWM:\\s+(\\d+)', Path('/proc/self/status').read_text()).group(1); "
            "sys.stderr.write(f'MAXRSS_KB={hwm}'); sys.exit(rc)")
    env = {**os.environ, "EKLAIM_DATA_DIR": str(tmp_path)}
    proc = subprocess.run([sys.executable, "-c", code, "check", str(huge), "--json"], cwd=REPO, env=env,
                          capture_output=True, text=True, timeout=120)
    assert json.loads(proc.stdout)["reason"] == "file_too_large"
    peak_kb = int(proc.stderr.rsplit("MAXRSS_KB=", 1)[1])
    # The CLI's imports plus at most the 10 MB limit, never the 3 GB file.
    assert peak_kb < 600 * 1024, f"peak RSS {peak_kb // 1024} MB"
