"""The SIM (driving licence) as the ID: classification and field extraction.

Hand-built pages (no OCR) for the geometry, then a few generated SIMs of both designs, and the
old JAMSOSTEK and digital BPJS cards, through the real pipeline (slow: marked ``ocr``).
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import pytest

from intake.settings import Settings
from ocr.classify import classify
from ocr.engine import OcrEngine
from ocr.extract import EXTRACTORS
from ocr.extract.sim import LABELS as SIM_LABELS
from ocr.extract.sim import parse_class, parse_gender
from ocr.pipeline import PipelineContext, process_document
from samples.generator import generate_document
from tests.ocr.extract import make_page

LABELLED = [
    [(20, "KEPOLISIAN NEGARA REPUBLIK INDONESIA")],
    [(20, "SURAT IZIN MENGEMUDI"), (800, "C", 0.99)],
    [(20, "9008-1234-5678")],
    [(20, "1. Nama"), (280, ": BUDI SANTOSO")],
    [(20, "2. Tempat & Tgl. Lahir"), (280, ": BANDUNG, 05-08-1990")],
    [(20, "3. Gol. Darah - Kelamin"), (280, ": O - PRIA")],
    [(20, "4. Alamat"), (280, ": JL. MAWAR NO. 5")],
    [(296, "KOTA BANDUNG")],
    [(20, "5. Pekerjaan"), (280, ": KARYAWAN SWASTA")],
    [(20, "6. Berlaku s/d"), (280, ": 05-08-2029")],
]

NUMBERS_ONLY = [
    [(300, "SURAT IZIN MENGEMUDI")],
    [(20, "B1"), (170, "90081234567890")],
    [(20, "1."), (80, "SITI AMINAH")],
    [(20, "2."), (80, "GARUT, 12-03-1992")],
    [(20, "3."), (80, "A - WANITA")],
    [(20, "4."), (80, "JL. MELATI NO. 12")],
    [(20, "5."), (80, "IBU RUMAH TANGGA")],
    [(20, "6."), (80, "12-03-2030")],
]

STACKED = [
    [(20, "SIM - SURAT IZIN MENGEMUDI / DRIVING LICENSE")],
    [(20, "90081234567890"), (820, "A")],
    [(20, "NAMA / NAME")],
    [(20, "AGUS SETIAWAN")],
    [(20, "TEMPAT, TGL. LAHIR / PLACE, DATE OF BIRTH")],
    [(20, "MEDAN, 01-02-1985")],
    [(20, "BERLAKU S.D / EXPIRY"), (320, "PEKERJAAN / OCCUPATION")],
    [(20, "01-02-2031"), (320, "WIRASWASTA")],
]


def _values(rows: list, **kw: Any) -> dict[str, Any]:
    page = make_page(rows, **kw)
    return {k: v.value for k, v in EXTRACTORS["sim"]([page]).items()}




def test_labelled_rows() -> None:
    page = make_page(LABELLED)
    big = [[800.0, 60.0], [860.0, 60.0], [860.0, 140.0], [800.0, 140.0]]  # the class letter is printed big
    page = replace(page, lines=[replace(l, box=big) if l.text == "C" else l for l in page.lines])
    v = {k: f.value for k, f in EXTRACTORS["sim"]([page]).items()}
    assert v == {
        "sim_number": "900812345678", "full_name": "BUDI SANTOSO", "birth_place": "BANDUNG",
        "birth_date": "1990-08-05", "gender": "LAKI-LAKI", "address": "JL. MAWAR NO. 5 KOTA BANDUNG",
        "valid_until": "2029-08-05", "sim_class": "C",
    }
    assert classify([page])[0] == "sim"


def test_numbers_only_rows() -> None:
    v = _values(NUMBERS_ONLY)
    assert v["full_name"] == "SITI AMINAH" and v["birth_place"] == "GARUT" and v["birth_date"] == "1992-03-12"
    assert v["gender"] == "PEREMPUAN" and v["address"] == "JL. MELATI NO. 12" and v["valid_until"] == "2030-03-12"
    assert v["sim_number"] == "90081234567890"


def test_stacked_labels_and_no_gender() -> None:
    v = _values(STACKED)
    assert v["full_name"] == "AGUS SETIAWAN" and v["birth_date"] == "1985-02-01" and v["birth_place"] == "MEDAN"
    assert v["valid_until"] == "2031-02-01" and "gender" not in v


def test_a_ktp_is_not_a_sim() -> None:
    ktp = make_page([
        [(300, "PROVINSI JAWA BARAT")], [(300, "KABUPATEN BANDUNG")],
        [(20, "NIK"), (250, ": 3204110508900002")], [(20, "Nama"), (250, ": BUDI SANTOSO")],
        [(20, "Tempat/Tgl Lahir"), (250, ": BANDUNG, 05-08-1990")], [(20, "Jenis Kelamin"), (250, ": LAKI-LAKI")],
        [(20, "Alamat"), (250, ": JL. MAWAR NO. 5")], [(20, "Berlaku Hingga"), (250, ": SEUMUR HIDUP")],
    ])
    assert classify([ktp])[0] == "ktp"


def test_class_and_gender_words() -> None:
    assert [parse_class(t) for t in ("C1", "CI", "B II", "a", "A UMUM", "SIM", "12")] == ["C1", "C1", "B2", "A", "A UMUM", None, None]
    assert [parse_gender(t) for t in ("O - PRIA", "WANITA", "AB-WANITA", "LAKI-LAKI", "-")] == [
        "LAKI-LAKI", "PEREMPUAN", "PEREMPUAN", "LAKI-LAKI", None]


# --- real OCR ------------------------------------------------------------------------------

@pytest.mark.ocr
@pytest.mark.parametrize(("family", "seed"), [("old_card", 3), ("smart_card", 2)])
def test_generated_sim_in_the_ktp_slot(engine: OcrEngine, family: str, seed: int) -> None:
    data, truth, _ext = generate_document("sim", seed, "clean", "png", family=family)
    res = process_document("ktp", data, PipelineContext(settings=Settings(), engine=engine)).result
    assert (res.status, res.detected_type) == ("accepted", "sim")
    got = {k: v.value for k, v in res.fields.items()}
    assert {k: got.get(k) for k in truth} == truth


@pytest.mark.ocr
def test_a_sim_in_another_slot_is_wrong_type(engine: OcrEngine) -> None:
    data, _truth, _ext = generate_document("sim", 5, "clean", "png", family="old_card")
    res = process_document("kk", data, PipelineContext(settings=Settings(), engine=engine)).result
    assert (res.status, res.reason, res.detected_type) == ("wrong_type", "looks_like_sim", "sim")
    assert res.message is not None and "SIM" in res.message.id


@pytest.mark.ocr
@pytest.mark.parametrize("family", ["jamsostek_old", "digital_app", "jamsostek_name_first"])
def test_jamsostek_and_digital_cards_are_bpjs_cards(engine: OcrEngine, family: str) -> None:
    data, truth, _ext = generate_document("bpjs_card", 6, "clean", "png", family=family)
    res = process_document("bpjs_card", data, PipelineContext(settings=Settings(), engine=engine)).result
    assert (res.status, res.detected_type) == ("accepted", "bpjs_card")
    assert {k: res.fields[k].value for k in ("kpj", "full_name")} == truth


def test_birth_date_whose_separators_were_lost_is_read_but_never_sure() -> None:
    rows = [r if "Lahir" not in str(r) else [(20, "2. Tempat & Tgl. Lahir"), (280, ": BANDUNG, 05081990")]
            for r in LABELLED]
    got = EXTRACTORS["sim"]([make_page(rows)])
    assert got["birth_date"].value == "1990-08-05"
    assert got["birth_date"].confidence < 0.8


@pytest.mark.parametrize("row", ["1. Nama /Namie", "Nama/Nane", "Nama / Name"])
def test_a_bilingual_labels_misread_other_half_ending_the_row_is_not_the_name(row: str) -> None:
    """'Nama /Namie' (Name misread) over the name on the next row: nothing on this row is a value."""
    hit = SIM_LABELS.search(row)
    assert hit is not None and hit.key == "full_name" and not row[hit.value_start:].strip()
