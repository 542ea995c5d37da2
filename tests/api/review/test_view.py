"""The claim page's document view: which field values it shows."""

from __future__ import annotations

from typing import Any

from api.review.view import document_view
from intake.models import Claim, Document


def _result(holder: str) -> dict[str, Any]:
    return {"status": "accepted", "detected_type": "passbook",
            "fields": {"account_holder": {"value": holder, "confidence": 0.9, "page": 1},
                       "bank": {"value": "BRI", "confidence": 0.9, "page": 1}}}


def _view(stored: str, reported: str) -> dict[str, str]:
    claim = Claim(id="c1", report={"documents": {"passbook": _result(reported)}})
    doc = Document(id="d1", result=_result(stored), page_images=[], state="done")
    view = document_view(claim, "passbook", doc, [])
    return {f["name"]: f["value"] for f in view.fields}


def test_shows_the_reports_split_of_glued_name_words() -> None:
    assert _view("TUTIHANDAYANI", "TUTI HANDAYANI")["account_holder"] == "TUTI HANDAYANI"


def test_a_report_older_than_the_stored_result_is_not_shown() -> None:
    """Other letters in the report (it predates a new upload): the stored value is shown."""
    assert _view("SITI AMINAH", "TUTI HANDAYANI")["account_holder"] == "SITI AMINAH"
