"""A document whose layout the classifier does not know, recognised by the typed value it prints.

Only ``unknown_document`` results are reconsidered; the typed value must be the slot's own
identifier (account number, KPJ, NIK), or the typed name beside a number of the right shape;
a document recognised as another type, or one that prints none of the typed values, stays
``wrong_type``.
"""

from __future__ import annotations

from dataclasses import replace

import pytest

from matching.recognise import SIGNAL, pages_of, recognised_by_typed, typed_evidence
from matching.verdict import build_report
from ocr.records import DocumentResult, PageLine
from tests.matching.test_locate import NIK, form, lines_of

STICKER = [  # a cover sticker: no bank name the classifier knows, no labels
    [(60, "TUTI HANDAYANI")],
    [(60, "1234 0100 0567 509")],
    [(60, "KCP BOGOR SUKASARI")],
]


def _unknown(slot: str, rows: list) -> DocumentResult:
    return DocumentResult(slot=slot, status="wrong_type", reason="unknown_document", pages=1,
                          quality={"width": 900, "height": 600}, lines=lines_of(rows))


def test_a_passbook_printing_the_typed_account_number_is_accepted_and_checked() -> None:
    docs = recognised_by_typed(form(), {"passbook": _unknown("passbook", STICKER)})
    pb = docs["passbook"]
    assert (pb.status, pb.reason, pb.detected_type) == ("accepted", None, "passbook")
    assert [s.signal for s in pb.signals] == [SIGNAL]
    assert pb.signals[0].severity == "info" and pb.signals[0].detail == {
        "slot": "passbook", "recognised_by": "account_number", "reason": "unknown_document"}
    assert pb.fields["account_number"].value.replace(" ", "").replace("-", "") == "123401000567509"
    report = build_report("c1", form(), recognised_by_typed(form(), {"passbook": _unknown("passbook", STICKER)}))
    checks = {c.check: c.status for c in report.checks}
    assert checks["passbook.account_number"] == "match"
    assert checks["passbook.account_holder"] == "match"
    out = report.as_contract()
    assert out["documents"]["passbook"]["status"] == "accepted"
    assert [s["signal"] for s in out["signals"]] == [SIGNAL]
    assert "lines" not in out["documents"]["passbook"]  # the lines never reach the report


def test_the_typed_holder_beside_a_number_recognises_a_passbook_whose_number_differs() -> None:
    # the claimant mistyped one digit: the document is still their passbook, and the number
    # check (not the document's type) flags it (a person looks: an unknown layout never accuses)
    typed = form(account_number="123401000567599")
    assert typed_evidence("passbook", typed, lines_of(STICKER)) == "account_holder"
    report = build_report("c1", typed, recognised_by_typed(typed, {"passbook": _unknown("passbook", STICKER)}))
    assert {c.check: c.status for c in report.checks}["passbook.account_number"] in ("mismatch", "review")


def test_a_document_printing_none_of_the_typed_values_stays_wrong_type() -> None:
    stranger = [[(60, "BUDI SANTOSO")], [(60, "9876 5432 1098 7")], [(60, "KCP BOGOR")]]
    docs = recognised_by_typed(form(), {"passbook": _unknown("passbook", stranger)})
    assert (docs["passbook"].status, docs["passbook"].reason) == ("wrong_type", "unknown_document")
    assert typed_evidence("passbook", form(), lines_of([[(60, "TUTI")], [(60, "1234 0100 0567 509X")]])) != "account_holder"


def test_a_document_recognised_as_another_type_is_never_reconsidered() -> None:
    kk_in_passbook = replace(_unknown("passbook", STICKER), reason="looks_like_kk", detected_type="kk")
    assert recognised_by_typed(form(), {"passbook": kk_in_passbook})["passbook"] is kk_in_passbook


@pytest.mark.parametrize(("slot", "rows", "expected"), [
    ("bpjs_card", [[(60, "TUTI HANDAYANI")], [(60, "25012345678")]], "kpj"),
    ("ktp", [[(60, NIK)], [(60, "TUTI HANDAYANI")]], "nik"),
    # a KK of an unknown design in the ID slot prints the NIK among others: not a KTP
    ("ktp", [[(60, "3204110101100001")], [(60, NIK)], [(60, "3204114708920003")]], None),
    ("kk", [[(60, "3204110101100001")], [(60, NIK)], [(60, "TUTI HANDAYANI")]], "nik"),
    ("kk", [[(60, NIK)], [(60, "TUTI HANDAYANI")]], None),
    ("resignation_letter", [[(60, "PT MAJU")], *[[(60, "...")]] * 6, [(60, "Sdri. TUTI HANDAYANI")],
                            [(60, "berhenti 5 Februari 2026")]], "full_name"),
    ("resignation_letter", [[(60, "PT MAJU")], *[[(60, "...")]] * 6, [(60, "Sdri. TUTI HANDAYANI")],
                            [(60, "bagian keuangan")]], None),
    # a card's few lines (a KTP prints the name and a date too) are no letter
    ("resignation_letter", [[(60, "TUTI HANDAYANI")], [(60, "BOGOR, 05-08-1990")]], None),
])
def test_each_slot_is_recognised_by_its_own_identifier(slot: str, rows: list, expected: str | None) -> None:
    assert typed_evidence(slot, form(), lines_of(rows)) == expected


def test_one_typed_word_never_recognises_a_document() -> None:
    rows = [[(60, "HANDAYANI")], [(60, "9876 5432 1098 7")]]
    assert typed_evidence("passbook", form(full_name="Handayani", account_holder="HANDAYANI"), lines_of(rows)) is None


def test_pages_are_rebuilt_from_the_stored_lines() -> None:
    doc = _unknown("passbook", STICKER)
    two = replace(doc, lines=[*doc.lines, PageLine(page=2, text="HALAMAN 2", confidence=0.9,
                                                   box=[[10, 10], [200, 10], [200, 40], [10, 40]])])
    pages = pages_of(two)
    assert [(p.page, len(p.lines)) for p in pages] == [(1, 3), (2, 1)]
    assert (pages[0].width, pages[0].height) == (900, 600)
    assert pages[1].width == 201 and pages[1].height == 41


def test_a_sparse_page_of_the_slots_type_printing_the_typed_number_is_accepted() -> None:
    sparse = replace(_unknown("passbook", STICKER[:2]), status="unreadable", reason="key_fields_unreadable",
                     detected_type="passbook")
    pb = recognised_by_typed(form(), {"passbook": sparse})["passbook"]
    assert (pb.status, pb.reason) == ("accepted", None)
    assert pb.signals[0].detail["reason"] == "key_fields_unreadable"
    # a page the quality gate refused, or a sparse page of another type, is never reconsidered
    blurred = replace(sparse, reason="too_blurry")
    assert recognised_by_typed(form(), {"passbook": blurred})["passbook"] is blurred
    other = replace(sparse, detected_type="sim")
    assert recognised_by_typed(form(), {"passbook": other})["passbook"] is other


def test_a_landscape_page_is_never_recognised_as_a_letter() -> None:
    rows = [[(60, "PT MAJU")], *[[(60, "...")]] * 6, [(60, "Sdri. TUTI HANDAYANI")], [(60, "berhenti 5 Februari 2026")]]
    card = replace(_unknown("resignation_letter", rows), quality={"width": 1000, "height": 630})
    assert recognised_by_typed(form(), {"resignation_letter": card})["resignation_letter"] is card
    page = replace(card, quality={"width": 1240, "height": 1754})
    assert recognised_by_typed(form(), {"resignation_letter": page})["resignation_letter"].status == "accepted"
