"""End-to-end: `eklaim verify` over the sample claims and generated faults, real OCR.

Every committed sample claim and a generated claim for each remaining fault carry a
``truth.json`` with the expected verdict and the expected status of every contract check.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from intake.records import DOC_TYPES
from matching.records import CHECK_NAMES

REPO = Path(__file__).resolve().parents[2]
SAMPLES = sorted(p for p in (REPO / "samples" / "claims").iterdir() if (p / "claim.json").is_file())

pytestmark = [pytest.mark.ocr, pytest.mark.xdist_group("ocr-e2e")]


@pytest.fixture(scope="module")
def ctx(tmp_path_factory: pytest.TempPathFactory) -> Any:
    from intake.settings import Settings
    from ocr.engine import get_engine
    from ocr.pipeline import PipelineContext

    settings = Settings(data_dir=tmp_path_factory.mktemp("e2e"))
    return PipelineContext(settings=settings, engine=get_engine(settings))


def _check_against_truth(folder: Path, ctx: Any) -> dict[str, Any]:
    from workers.claim_dir import verify_claim_dir

    truth = json.loads((folder / "truth.json").read_text())
    report = verify_claim_dir(folder, ctx).as_contract()
    # contract shape: every check always present, in order, every slot reported
    assert [c["check"] for c in report["checks"]] == list(CHECK_NAMES)
    assert set(report["documents"]) == set(DOC_TYPES)
    got = {c["check"]: c["status"] for c in report["checks"]}
    assert got == truth["expected"]["checks"], folder.name
    assert {s: d["status"] for s, d in report["documents"].items()} == truth["expected"]["documents"], folder.name
    assert report["verdict"] == truth["expected"]["verdict"], folder.name
    # never an accusation on a document that is not accepted
    for c in report["checks"]:
        slot = c["check"].split(".")[0]
        if slot in report["documents"] and report["documents"][slot]["status"] != "accepted":
            assert c["status"] in ("unreadable", "missing", "not_applicable"), c
    return report


@pytest.mark.parametrize("folder", SAMPLES, ids=[p.name for p in SAMPLES])
def test_sample_claim_matches_its_truth(folder: Path, ctx: Any) -> None:
    _check_against_truth(folder, ctx)


GENERATED = [
    ("wrong_birth_date", ()), ("kpj_typo", ()), ("kk_without_claimant", ()), ("other_persons_ktp", ()),
    ((), ("title_one_side",)), ((), ("old_spelling",)), ((), ("muhammad_abbrev",)), ((), ("kpj_spaced", "account_dashed")),
]


@pytest.mark.parametrize("faults,variants", [((f,) if isinstance(f, str) else f, v) for f, v in GENERATED],
                         ids=[f if isinstance(f, str) else "+".join(v) for f, v in GENERATED])
def test_generated_fault_or_benign_variant(faults: tuple[str, ...], variants: tuple[str, ...], tmp_path: Path, ctx: Any) -> None:
    from samples.generator import generate_claim

    seed = 7_000 + sum(map(ord, "".join(faults + variants)))
    generate_claim(seed, tmp_path / "claim", conditions="clean", faults=faults, variants=variants)
    report = _check_against_truth(tmp_path / "claim", ctx)
    if faults:
        assert report["verdict"] != "clear"
        assert any(c["status"] == "mismatch" for c in report["checks"])
    else:
        assert report["verdict"] == "clear"


def test_spouse_passbook_message_names_the_spouse_and_asks_for_own_account(ctx: Any) -> None:
    report = _check_against_truth(REPO / "samples" / "claims" / "spouse-passbook", ctx)
    holder = next(c for c in report["checks"] if c["check"] == "passbook.account_holder")
    assert holder["code"] == "holder_is_spouse"
    assert "pasangan" in holder["message"]["id"].lower() or "suami" in holder["message"]["id"].lower() \
        or "istri" in holder["message"]["id"].lower()
    assert "own name" in holder["message"]["en"].lower()


def test_resigned_recently_message_gives_the_first_filing_date(ctx: Any) -> None:
    report = _check_against_truth(REPO / "samples" / "claims" / "resigned-recently", ctx)
    wp = next(c for c in report["checks"] if c["check"] == "resignation_letter.waiting_period")
    assert wp["status"] == "mismatch"
    months = ("Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus", "September",
              "Oktober", "November", "Desember")
    assert any(m in wp["message"]["id"] for m in months)


def _cli(*args: str, cwd: Path, data_dir: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "EKLAIM_DATA_DIR": str(data_dir)}
    return subprocess.run([sys.executable, "-m", "api.cli", *args], cwd=cwd, env=env, capture_output=True, text=True,
                          timeout=300)


def test_cli_json_prints_exactly_one_object_and_exits_0(tmp_path: Path) -> None:
    proc = _cli("verify", str(REPO / "samples" / "claims" / "nik-typo"), "--json", cwd=REPO, data_dir=tmp_path)
    assert proc.returncode == 0, proc.stderr[-2000:]
    report = json.loads(proc.stdout)  # one object, nothing else on stdout
    assert report["verdict"] == "needs_correction"
    assert proc.stdout.count("\n") == 1


def test_cli_usage_errors_exit_non_zero(tmp_path: Path) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    proc = _cli("verify", str(empty), "--json", cwd=REPO, data_dir=tmp_path)
    assert proc.returncode == 2
    assert proc.stdout == ""
    assert "claim_json_missing" in proc.stderr
    (empty / "claim.json").write_text("[1, 2")
    proc = _cli("verify", str(empty), cwd=REPO, data_dir=tmp_path)
    assert proc.returncode == 2 and "claim_json_invalid" in proc.stderr


def test_cli_verify_generated_pensiun_claim_without_letter(tmp_path: Path) -> None:
    """Contract version 2: a retiree (56+) with no letter is ``clear``; ``claim.age`` decides."""
    from samples.generator import generate_claim

    truth = generate_claim(7_301, tmp_path / "pensiun", claim_reason="pensiun", letter=False)
    proc = _cli("verify", str(tmp_path / "pensiun"), "--json", cwd=REPO, data_dir=tmp_path)
    assert proc.returncode == 0, proc.stderr[-2000:]
    report = json.loads(proc.stdout)
    assert report["contract"] == 2 and report["claim_reason"] == "pensiun"
    checks = {c["check"]: c for c in report["checks"]}
    assert [c["check"] for c in report["checks"]] == list(CHECK_NAMES)
    assert {k: c["status"] for k, c in checks.items()} == truth.expected_checks
    assert checks["claim.age"]["status"] == "match"
    assert checks["resignation_letter.full_name"]["status"] == "not_applicable"
    assert checks["resignation_letter.waiting_period"]["status"] == "not_applicable"
    assert report["documents"]["resignation_letter"]["status"] == "missing"
    assert report["verdict"] == truth.expected_verdict == "clear"


def test_cli_verify_generated_phk_claim_reads_the_termination_letter(tmp_path: Path) -> None:
    """A PHK claim: the termination letter is read, the waiting period counts from its last day."""
    from samples.generator import generate_claim

    truth = generate_claim(7_302, tmp_path / "phk", claim_reason="phk")
    assert truth.documents["resignation_letter"].family == "phk"
    proc = _cli("verify", str(tmp_path / "phk"), "--json", cwd=REPO, data_dir=tmp_path)
    assert proc.returncode == 0, proc.stderr[-2000:]
    report = json.loads(proc.stdout)
    assert report["contract"] == 2 and report["claim_reason"] == "phk"
    got = {c["check"]: c for c in report["checks"]}
    assert {k: c["status"] for k, c in got.items()} == truth.expected_checks
    assert got["claim.age"]["status"] == "not_applicable"
    wp = got["resignation_letter.waiting_period"]
    assert wp["status"] == "match" and wp["found"] == truth.claimant["resignation_date"]
    assert report["verdict"] == truth.expected_verdict


def test_cli_verify_generated_death_claim_with_the_heirs_account(tmp_path: Path) -> None:
    """A ``meninggal`` claim paid into the heir's (the widow's) account: the holder checks are
    ``review`` with code ``heir_account``, the verdict ``needs_review`` (``reason_needs_branch``)
    and no message tells the heir that the account must be in their own name."""
    from samples.generator import generate_claim

    truth = generate_claim(7_303, tmp_path / "death", claim_reason="meninggal", letter=False)
    assert truth.form["account_holder"] != truth.form["full_name"]  # this seed draws the heir's account
    proc = _cli("verify", str(tmp_path / "death"), "--json", cwd=REPO, data_dir=tmp_path)
    assert proc.returncode == 0, proc.stderr[-2000:]
    report = json.loads(proc.stdout)
    assert report["claim_reason"] == "meninggal"
    got = {c["check"]: c for c in report["checks"]}
    assert {k: c["status"] for k, c in got.items()} == truth.expected_checks
    for name in ("passbook.account_holder", "form.account_holder"):
        assert (got[name]["status"], got[name]["code"]) == ("review", "heir_account")
        assert "ahli waris" in got[name]["message"]["id"]
    assert (report["verdict"], report["code"]) == (truth.expected_verdict, truth.expected_code) == \
        ("needs_review", "reason_needs_branch")
    assert not any("own name" in m["en"] for m in report["messages"])
