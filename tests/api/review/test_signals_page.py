"""The claim page's signal summary: messages, and linked claims only within the reviewer's branches."""

from __future__ import annotations

from datetime import date

from api.auth import create_user
from api.review.routes import templates
from api.review.signals import signals_context
from intake import repo
from intake.db import ensure_schema, session_scope
from intake.settings import Settings


def _claim(s, branch: str, report: dict | None = None) -> str:  # type: ignore[no-untyped-def]
    c = repo.create_claim(s, {"nik": "x"}, branch, date(2026, 2, 1))
    if report is not None:
        c.report = report
        c.verdict = report["verdict"]
    return c.id


def test_signal_summary_links_only_visible_claims(settings: Settings) -> None:
    url = ensure_schema(settings)
    with session_scope(url) as s:
        mine, theirs = _claim(s, "BR1"), _claim(s, "BR2")
        report = {"verdict": "needs_review", "signals": [
            {"signal": "nik_open_claims", "severity": "info", "detail": {"count": 1, "claims": [mine]},
             "message": {"id": "NIK ini masih memiliki 1 klaim lain.", "en": "This NIK has 1 other claim."}},
            {"signal": "account_shared", "severity": "warn", "detail": {"count": 2, "claims": [mine, theirs]},
             "message": {"id": "Rekening sama.", "en": "The same account."}},
            {"signal": "ktp_nik_inconsistent", "severity": "warn", "detail": {"slot": "ktp", "parts": ["gender"]},
             "message": {"id": "NIK tidak sesuai.", "en": "NIK disagrees."}},
        ]}
        cid = _claim(s, "BR1", report)
        reviewer = create_user(s, "rev-signals", "a-long-password-1", branches=["BR1"])
        admin = create_user(s, "adm-signals", "a-long-password-2", role="admin")
        claim = repo.get_claim(s, cid)
        ctx = signals_context(s, reviewer, claim)
        admin_ctx = signals_context(s, admin, claim)
    assert ctx["signal_warn_count"] == 2
    assert [e["code"] for e in ctx["signals"]] == ["account_shared", "ktp_nik_inconsistent", "nik_open_claims"]
    shared = ctx["signals"][0]
    assert [link["id"] for link in shared["links"]] == [mine] and shared["hidden"] == 1
    assert [link["id"] for link in admin_ctx["signals"][0]["links"]] == sorted([mine, theirs], key=[mine, theirs].index)
    html = templates.env.get_template("review/_signals.html").render(**ctx)
    assert f"/review/claims/{mine}" in html and theirs not in html
    assert "Rekening sama." in html and "The same account." in html and "gender" in html
    assert "bukan tuduhan" in html


def test_no_signals_renders_nothing(settings: Settings) -> None:
    url = ensure_schema(settings)
    with session_scope(url) as s:
        cid = _claim(s, "BR1", {"verdict": "clear", "signals": []})
        user = create_user(s, "rev-none", "a-long-password-3", branches=["BR1"])
        ctx = signals_context(s, user, repo.get_claim(s, cid))
    assert ctx == {"signals": [], "signal_warn_count": 0}
    assert templates.env.get_template("review/_signals.html").render(**ctx).strip() == ""


def test_every_signal_the_service_emits_has_a_short_label_on_the_page() -> None:
    from api.review.signals import SHOWN_DETAIL, SIGNAL_LABELS
    from ocr.signals import SIGNAL_CODES

    assert set(SIGNAL_CODES) <= set(SIGNAL_LABELS)
    assert "recognised_by" in SHOWN_DETAIL  # which typed field recognised an unknown layout (never its value)
