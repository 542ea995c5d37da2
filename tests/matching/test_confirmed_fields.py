"""The report's document fields show what the checks confirmed (issue 11, item 4).

A check that found the typed value in its field's role matched on that reading; the document's
field in the report is that reading (with its box), not another line the blind extractor picked,
so a reviewer never sees "Nama: <the signer>" beside a matching name check.
"""

from __future__ import annotations

from matching.verdict import build_report
from ocr.text import without_salutation
from tests.matching.test_locate import doc, form, fv, lines_of

SIGNER_FIRST = [
    [(60, "PT SAMUDERA LOGISTIK PRIMA")],
    [(60, "Nama"), (330, ": IR. BAMBANG WIJAYA")],
    [(60, "Jabatan"), (330, ": Direktur Operasional")],
    "Menerangkan dengan sebenarnya bahwa:",
    [(60, "Nama Karyawan"), (330, ": Sdri. TUTI HANDAYANI")],
    [(60, "Masa Kerja"), (330, ": 3 Januari 2020 s/d 28 Februari 2025")],
]


def _report_fields(slot: str, docs: dict, **form_changes: object) -> dict:
    return build_report("c-1", form(**form_changes), docs).as_contract()["documents"][slot]["fields"]


def test_a_name_confirmed_in_its_role_replaces_the_extractors_other_pick() -> None:
    lines = lines_of(SIGNER_FIRST)
    letter = doc("resignation_letter", lines, full_name=fv("IR. BAMBANG WIJAYA"))
    got = _report_fields("resignation_letter", {"resignation_letter": letter})["full_name"]
    assert got["value"] == "TUTI HANDAYANI"  # the worker's row, its salutation dropped
    worker_row = next(pl for pl in lines if "TUTI" in pl.text)
    assert got["box"][0][1] == round(worker_row.box[0][1], 1) and got["page"] == 1


def test_a_confirmed_name_fills_a_field_the_extractor_left_empty() -> None:
    letter = doc("resignation_letter", lines_of(SIGNER_FIRST))
    assert _report_fields("resignation_letter", {"resignation_letter": letter})["full_name"]["value"] == "TUTI HANDAYANI"


def test_an_extracted_field_that_agrees_stays_whole() -> None:
    # the extractor read the whole name (with a degree): it agrees, so it is what the reviewer sees
    letter = doc("resignation_letter", lines_of(SIGNER_FIRST), full_name=fv("TUTI HANDAYANI, S.E."))
    assert _report_fields("resignation_letter", {"resignation_letter": letter})["full_name"]["value"] == "TUTI HANDAYANI, S.E."


def test_nothing_changes_when_the_typed_value_is_not_found() -> None:
    letter = doc("resignation_letter", lines_of(SIGNER_FIRST), full_name=fv("IR. BAMBANG WIJAYA"))
    fields = _report_fields("resignation_letter", {"resignation_letter": letter}, full_name="Dewi Lestari")
    assert fields["full_name"]["value"] == "IR. BAMBANG WIJAYA"


def test_a_confirmed_number_replaces_another_number() -> None:
    rows = [[(60, "BANK BRI")], [(60, "Nama"), (300, ": TUTI HANDAYANI")],
            [(60, "No. Rekening"), (300, ": 1234-01-000567-50-9")], [(60, "CIF"), (300, ": 88776655")]]
    book = doc("passbook", lines_of(rows), account_number=fv("88776655"), account_holder=fv("TUTI HANDAYANI"))
    fields = _report_fields("passbook", {"passbook": book})
    assert fields["account_number"]["value"] == "123401000567509"
    assert fields["account_holder"]["value"] == "TUTI HANDAYANI"


def test_salutations_go_titles_of_the_name_stay() -> None:
    assert without_salutation("Sdr. BUDI SANTOSO") == "BUDI SANTOSO"
    assert without_salutation("Bapak/Ibu SITI") == "SITI"
    assert without_salutation("H. AHMAD DAHLAN") == "H. AHMAD DAHLAN"
    assert without_salutation("IBU") == "IBU"  # a one-word name is never emptied


def test_an_extracted_name_with_a_word_more_is_replaced() -> None:
    # the rest of a misread label read into the name ("Nam YUSNIDAR"): the confirmed reading wins
    letter = doc("resignation_letter", lines_of(SIGNER_FIRST), full_name=fv("Nam TUTI HANDAYANI"))
    assert _report_fields("resignation_letter", {"resignation_letter": letter})["full_name"]["value"] == "TUTI HANDAYANI"
