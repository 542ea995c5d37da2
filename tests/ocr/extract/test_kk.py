"""Tests for the KK extractor."""

from __future__ import annotations

from ocr.extract import kk
from tests.ocr.extract import load_fixture, make_page

H1 = [(20, "No"), (60, "Nama Lengkap"), (400, "NIK"), (640, "Jenis Kelamin"), (820, "Tempat Lahir"), (990, "Tanggal Lahir")]
H2 = [(20, "No"), (60, "Status Perkawinan"), (330, "Tanggal Perkawinan"), (560, "Status Hubungan Dalam Keluarga"), (960, "Kewarganegaraan")]


def kk_page(members: list[list], rels: list[list], head: str = "No. 3204112003150007") -> list:
    return [[(600, "KARTU KELUARGA")], [(600, head)], [(20, "Nama Kepala Keluarga"), (300, ": BUDI SANTOSO")], H1, *members, "", H2, *rels]


def strip_conf(members: list[dict]) -> list[dict]:
    return [{k: v for k, v in m.items() if k != "confidence"} for m in members]


def test_two_tables_joined_by_row_number() -> None:
    rows = kk_page(
        [[(20, "1"), (60, "BUDI SANTOSO"), (400, "3204110508900002"), (640, "LAKI-LAKI"), (820, "BANDUNG"), (990, "05-08-1990")],
         [(20, "2"), (60, "SITI AMINAH"), (400, "32O4115203920OO3"), (640, "PEREMPUAN"), (820, "GARUT"), (990, "12-03-1992")]],
        # second table printed in another order: joined by number, not by position
        [[(20, "2"), (60, "KAWIN"), (560, "ISTRI"), (960, "WNI")],
         [(20, "1"), (60, "KAWIN"), (560, "KEPALA KELUARGA"), (960, "WNI")]],
    )
    got = kk.extract([make_page(rows, width=1600, height=1000)])
    assert got["kk_number"].value == "3204112003150007"
    members = got["members"].value
    assert strip_conf(members) == [
        {"nik": "3204110508900002", "full_name": "BUDI SANTOSO", "gender": "LAKI-LAKI", "birth_date": "1990-08-05", "relationship": "KEPALA KELUARGA"},
        {"nik": "3204115203920003", "full_name": "SITI AMINAH", "gender": "PEREMPUAN", "birth_date": "1992-03-12", "relationship": "ISTRI"},
    ]
    # the repaired NIK is less certain than the clean one
    assert members[1]["confidence"] < members[0]["confidence"]
    assert got["members"].confidence == members[1]["confidence"]


def test_join_by_order_without_numbers_and_merged_kk_number() -> None:
    rows = kk_page(
        [[(60, "BUDI SANTOSO"), (400, "3204110508900002"), (640, "LAKI-LAKI")],
         [(60, "ANDI"), (400, "3204111707150001"), (640, "LAKI-LAKI")]],
        [[(560, "KEPALA KELUARGA")], [(560, "ANAK")]],
        head="No.KK:3204112003150007",
    )
    got = kk.extract([make_page(rows, width=1600, height=1000)])
    assert got["kk_number"].value == "3204112003150007"
    assert [m["relationship"] for m in got["members"].value] == ["KEPALA KELUARGA", "ANAK"]


def test_wrapped_name_in_table_cell() -> None:
    rows = [[(600, "KARTU KELUARGA")], H1,
            [(20, "1"), (60, "MUHAMMAD RIZKY"), (400, "3204110508900002"), (640, "LAKI-LAKI")],
            [(60, "PRATAMA")],
            [(20, "2"), (60, "SITI"), (400, "3204115203920003"), (640, "PEREMPUAN")]]
    got = kk.extract([make_page(rows, row_gap=30, width=1600)])
    assert [m["full_name"] for m in got["members"].value] == ["MUHAMMAD RIZKY PRATAMA", "SITI"]


def test_no_table_gives_no_members() -> None:
    got = kk.extract([make_page([[(600, "KARTU KELUARGA")], [(600, "No. 3204112003150007")]])])
    assert "members" not in got and got["kk_number"].value == "3204112003150007"


def test_real_ocr_fixture() -> None:
    _t, truth, pages = load_fixture("kk_basic")
    got = kk.extract(pages)
    assert got["kk_number"].value == truth["kk_number"]
    assert strip_conf(got["members"].value) == truth["members"]
