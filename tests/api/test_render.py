"""The `eklaim verify` text output (``api.render.print_report``): version-2 report fields."""

from __future__ import annotations

from dataclasses import replace

from rich.console import Console

from api.render import print_report
from matching.verdict import build_report
from tests.matching.test_verdict import _docs, _form


def _text(claim_reason: str) -> str:
    report = build_report("c-render", replace(_form(), claim_reason=claim_reason), _docs())
    console = Console(record=True, width=200, color_system=None)
    print_report(report, console)
    return console.export_text()


def test_text_output_shows_reason_contract_and_not_applicable() -> None:
    text = _text("resign")
    assert "Claim reason: resign" in text and "contract 2" in text
    assert "claim.age" in text and "not_applicable" in text
    assert "form.account_holder" in text


def test_text_output_shows_the_report_code_of_a_branch_reason() -> None:
    text = _text("meninggal")
    assert "needs_review (reason_needs_branch)" in text
    assert "branch office" in text  # what to bring, in the claimant messages
