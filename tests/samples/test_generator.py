"""Tests of the synthetic document and claim generator (``samples/generator``)."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from PIL import Image
from pypdf import PdfReader

from samples.generator import (
    CHECKS,
    CONDITIONS,
    CONTAINERS,
    CONTRACT_FIELDS,
    DOC_TYPES,
    FAULTS,
    generate_claim,
    generate_document,
    make_person,
    nik_is_valid,
)
from samples.generator.capture import LETTER_ONLY_CONTAINERS
from samples.generator.people import make_nik
from samples.generator.render import KK_MEMBER_FIELDS

CLAIM_KEYS = {
    "nik", "full_name", "birth_date", "kpj", "claim_reason", "phone", "email", "bank",
    "account_number", "account_holder", "branch", "submitted_on",
}


def _decode(data: bytes, ext: str) -> int:
    """Decode a generated file; return its page count."""
    if ext == "pdf":
        reader = PdfReader(io.BytesIO(data))
        return len(reader.pages)
    with Image.open(io.BytesIO(data)) as im:
        im.load()
        assert im.size[0] > 100 and im.size[1] > 100
    return 1


def test_make_nik_rules() -> None:
    from datetime import date

    assert make_nik("320411", date(1990, 8, 5), False, 2) == "3204110508900002"
    assert make_nik("320411", date(1990, 8, 5), True, 2) == "3204114508900002"
    assert nik_is_valid("3204114508900002")
    assert not nik_is_valid("3204110508900000")
    assert not nik_is_valid("9904110508900001")
    with pytest.raises(ValueError):
        make_nik("320411", date(1990, 8, 5), False, 0)


@pytest.mark.parametrize("seed", range(25))
def test_people_niks_valid_and_consistent(seed: int) -> None:
    p = make_person(seed)
    for m in p.family:
        assert nik_is_valid(m.nik), m.nik
        day = m.birth_date.day + (40 if m.female else 0)
        assert m.nik[6:12] == f"{day:02d}{m.birth_date:%m%y}"
    assert p.me in p.family
    assert p.me.nik[:6] == p.region.nik_prefix
    assert len(p.kpj) == 11 and p.kpj.isdigit()
    assert len(p.kk_number) == 16 and p.kk_number.isdigit()
    assert len(p.account_number) == {"BRI": 15, "BNI": 10, "MANDIRI": 13, "BCA": 10, "BTN": 16}[p.bank]
    assert p.resignation_date > p.hired_on


@pytest.mark.parametrize("doc_type", DOC_TYPES)
def test_truth_keys_match_contract(doc_type: str) -> None:
    _, truth, _ = generate_document(doc_type, 3)
    assert tuple(truth) == CONTRACT_FIELDS[doc_type]
    if doc_type == "kk":
        assert truth["members"]
        for m in truth["members"]:
            assert tuple(m) == KK_MEMBER_FIELDS
            assert nik_is_valid(m["nik"])
    if doc_type == "ktp":
        assert nik_is_valid(truth["nik"])
        assert truth["gender"] in ("LAKI-LAKI", "PEREMPUAN")


@pytest.mark.parametrize("container", ["png", "bmp"])
def test_determinism_same_bytes(container: str) -> None:
    for doc_type in ("ktp", "passbook"):
        a = generate_document(doc_type, 11, "photo", container)
        b = generate_document(doc_type, 11, "photo", container)
        assert a == b
    c = generate_document("ktp", 12, "photo", container)
    assert c[0] != a[0]


def test_determinism_pdfs() -> None:
    for container in ("pdf", "text_pdf", "pdf_2page"):
        a = generate_document("resignation_letter", 5, "scan", container)
        assert a == generate_document("resignation_letter", 5, "scan", container)


@pytest.mark.parametrize("condition", CONDITIONS)
def test_every_condition_decodes(condition: str) -> None:
    data, _, ext = generate_document("bpjs_card", 2, condition, "jpeg")
    assert _decode(data, ext) == 1


@pytest.mark.parametrize("container", CONTAINERS)
def test_every_container_decodes(container: str) -> None:
    doc_type = "resignation_letter" if container in LETTER_ONLY_CONTAINERS else "ktp"
    data, truth, ext = generate_document(doc_type, 4, "lowres", container)
    pages = _decode(data, ext)
    assert pages == (2 if container == "pdf_2page" else 1)
    if container == "text_pdf":
        text = PdfReader(io.BytesIO(data)).pages[0].extract_text()
        assert truth["full_name"] in text
        assert truth["employer"] in text


def test_truth_does_not_depend_on_installed_fonts(monkeypatch: pytest.MonkeyPatch) -> None:
    from samples.generator import render

    full = {dt: generate_document(dt, 9)[1] for dt in DOC_TYPES}
    one = render.available_fonts()[:1]
    monkeypatch.setattr(render, "available_fonts", lambda: one)
    assert {dt: generate_document(dt, 9)[1] for dt in DOC_TYPES} == full


def test_letter_only_containers_refused_for_cards() -> None:
    with pytest.raises(ValueError):
        generate_document("ktp", 1, "clean", "text_pdf")


def _layout_ok(folder: Path) -> dict[str, object]:
    form = json.loads((folder / "claim.json").read_text(encoding="utf-8"))
    assert set(form) == CLAIM_KEYS
    assert all(isinstance(v, str) for v in form.values())
    truth = json.loads((folder / "truth.json").read_text(encoding="utf-8"))
    assert truth["form"] == form
    assert set(truth["expected"]["checks"]) == set(CHECKS)
    for slot, doc in truth["documents"].items():
        assert slot in DOC_TYPES
        if doc["file"]:
            assert (folder / doc["file"]).is_file()
            assert doc["file"].split(".")[0] == slot
            assert doc["file"].rsplit(".", 1)[1] in ("jpg", "jpeg", "png", "bmp", "pdf")
    return truth


def test_clear_claim_layout(tmp_path: Path) -> None:
    t = generate_claim(21, tmp_path / "c1", conditions="mixed", variants=("name_lower", "kpj_spaced"))
    truth = _layout_ok(tmp_path / "c1")
    assert truth["expected"]["verdict"] == "clear" == t.expected_verdict
    assert set(truth["expected"]["checks"].values()) == {"match", "not_applicable"}
    assert truth["expected"]["checks"]["claim.age"] == "not_applicable"  # a resign claim
    assert sorted(p.name.split(".")[0] for p in (tmp_path / "c1").iterdir()) == sorted([*DOC_TYPES, "claim", "truth"])
    for doc in t.documents.values():
        data = (tmp_path / "c1" / doc.file).read_bytes()  # type: ignore[operator]
        _decode(data, doc.file.rsplit(".", 1)[1])  # type: ignore[union-attr]
    form = truth["form"]
    nik = form["nik"]
    assert nik_is_valid(nik) and nik == t.documents["ktp"].fields["nik"]
    assert nik in {m["nik"] for m in t.documents["kk"].fields["members"]}


def test_claim_determinism(tmp_path: Path) -> None:
    generate_claim(8, tmp_path / "a", faults=("spouse_passbook",), containers="png")
    generate_claim(8, tmp_path / "b", faults=("spouse_passbook",), containers="png")
    for f in (tmp_path / "a").iterdir():
        assert f.read_bytes() == (tmp_path / "b" / f.name).read_bytes() or f.name == "truth.json"
    ta = json.loads((tmp_path / "a" / "truth.json").read_text())
    tb = json.loads((tmp_path / "b" / "truth.json").read_text())
    ta.pop("claim_id"), tb.pop("claim_id")
    assert ta == tb


@pytest.mark.parametrize("fault", FAULTS)
def test_faults(tmp_path: Path, fault: str) -> None:
    t = generate_claim(30, tmp_path / fault, faults=(fault,))
    truth = _layout_ok(tmp_path / fault)
    assert truth["faults"] == [fault]
    assert t.expected_verdict == "needs_correction"
    checks = t.expected_checks
    form = t.form
    if fault == "nik_typo":
        assert form["nik"] != t.claimant["nik"] and checks["ktp.nik"] == "mismatch"
    if fault == "spouse_passbook":
        holder = t.documents["passbook"].fields["account_holder"]
        assert holder == t.claimant["spouse"]["full_name"] != t.claimant["full_name"]
        assert checks["passbook.account_holder"] == "mismatch"
    if fault == "kk_without_claimant":
        assert form["nik"] not in {m["nik"] for m in t.documents["kk"].fields["members"]}
    if fault == "bad_file":
        assert (tmp_path / fault / "ktp.jpg").read_bytes().startswith(b"<!DOCTYPE html>")
        assert checks["ktp.nik"] == "missing"
    if fault == "missing_document":
        assert not list((tmp_path / fault).glob("passbook.*"))
        assert t.documents["passbook"].expected_status == "missing"
    if fault == "kk_as_ktp":
        assert t.documents["ktp"].expected_status == "wrong_type"
    if fault == "unreadable_photo":
        assert checks["ktp.nik"] == "unreadable"
    if fault == "resigned_recently":
        from datetime import date

        from samples.generator.people import add_months

        rd = date.fromisoformat(t.documents["resignation_letter"].fields["resignation_date"])
        assert add_months(rd, 1) > date.fromisoformat(form["submitted_on"])


def test_cli_docs_mode(tmp_path: Path) -> None:
    from samples.generator.__main__ import main

    assert main(["--out", str(tmp_path), "--docs", "1", "--seed", "x"]) == 0
    lines = (tmp_path / "truth.jsonl").read_text(encoding="utf-8").splitlines()
    assert len(lines) == len(DOC_TYPES)
    for line in lines:
        rec = json.loads(line)
        assert (tmp_path / rec["file"]).is_file()


def test_sample_set_spec_is_consistent() -> None:
    from samples.generator.__main__ import SAMPLE_SET

    assert len({name for name, *_ in SAMPLE_SET}) == len(SAMPLE_SET)
    for _, _, faults, _variants, _ in SAMPLE_SET:
        assert set(faults) <= set(FAULTS)


def test_committed_samples_layout() -> None:
    root = Path(__file__).resolve().parents[2] / "samples" / "claims"
    folders = [p for p in sorted(root.iterdir()) if p.is_dir()] if root.is_dir() else []
    if not folders:
        pytest.skip("no committed sample claims")
    total = sum(f.stat().st_size for f in root.rglob("*") if f.is_file())
    assert total <= 10 * 1024 * 1024
    for folder in folders:
        _layout_ok(folder)


def test_clean_ktp_legible_with_rapidocr() -> None:
    rapidocr = pytest.importorskip("rapidocr")
    data, truth, _ = generate_document("ktp", 1, "clean", "png")
    import numpy as np

    engine = rapidocr.RapidOCR()
    img = np.asarray(Image.open(io.BytesIO(data)).convert("RGB"))
    result = engine(img)
    text = "".join(result.txts or ()).replace(" ", "")
    assert truth["nik"] in text
