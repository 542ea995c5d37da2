"""`eklaim verify` text output and the reviewer page's label for a SIM in the ID slot."""

from __future__ import annotations

import io

from rich.console import Console

from api.render import print_report
from api.review.view import OTHER_TYPE_LABELS, SLOT_LABELS, _document_label
from intake.errors import Message
from matching.records import Check, Report


def test_verify_text_names_the_sim_and_the_kk_route() -> None:
    report = Report(
        claim_id="c1", verdict="needs_review",
        documents={"ktp": {"slot": "ktp", "status": "accepted", "detected_type": "sim", "pages": 1}},
        checks=[Check("ktp.nik", "review", "3204110508900002", None, None,
                      Message("NIK kurang jelas.", "Your NIK on the family card is not clearly legible."), "nik_via_kk")],
        messages=[],
    )
    buf = io.StringIO()
    print_report(report, Console(file=buf, width=200, color_system=None))
    out = buf.getvalue()
    assert "sim (driving licence as the ID)" in out
    assert "NIK read from the KK" in out


def test_review_label_for_a_sim() -> None:
    assert "SIM" in OTHER_TYPE_LABELS["sim"] and SLOT_LABELS["ktp"] == "KTP"


def test_an_unreadable_sim_is_still_named_sim() -> None:
    report = Report(
        claim_id="c1", verdict="needs_correction",
        documents={"ktp": {"slot": "ktp", "status": "unreadable", "reason": "key_fields_unreadable",
                           "detected_type": "sim", "pages": 1},
                   "kk": {"slot": "kk", "status": "wrong_type", "reason": "looks_like_sim", "detected_type": "sim"}},
        checks=[], messages=[],
    )
    buf = io.StringIO()
    print_report(report, Console(file=buf, width=200, color_system=None))
    assert buf.getvalue().count("sim (driving licence as the ID)") == 1  # the KK slot's SIM is a wrong type
    assert _document_label("ktp", {"status": "unreadable", "detected_type": "sim"}) == OTHER_TYPE_LABELS["sim"]
    assert _document_label("ktp", {"status": "accepted", "detected_type": "ktp"}) == "KTP"
    assert _document_label("kk", {"status": "wrong_type", "detected_type": "sim"}) == SLOT_LABELS["kk"]
