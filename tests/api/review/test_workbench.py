"""The reviewer's workbench pages (issue 17), through the app: worklist, claim page, assignment.

The browser-side behaviour (viewer, confirmation dialog, keyboard) is in
``test_workbench_browser.py``.
"""

from __future__ import annotations

import re
from datetime import date, timedelta
from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy import select

from intake.db import session_scope
from intake.models import AuditEvent, Claim, utcnow
from intake.settings import Settings
from tests.api.review.conftest import csrf, login
from tests.api.review.seed import BRANCH_A, FORM, KTP_NIK, PASSWORD, Seeded


def _claim(settings: Settings, *, name: str, nik: str, branch: str = BRANCH_A, status: str = "verified",
           verdict: str | None = "needs_review", hours_ago: float = 1.0, reason: str = "phk",
           report: dict[str, Any] | None = None) -> str:
    from intake import repo

    with session_scope(settings.resolved_database_url) as s:
        c = repo.create_claim(s, {**FORM, "full_name": name, "nik": nik, "claim_reason": reason, "branch": branch},
                              branch, date(2026, 3, 1), status=status)
        c.created_at = utcnow() - timedelta(hours=hours_ago)
        if verdict is not None:
            c.verdict = verdict
            c.report = report or {"claim_id": c.id, "verdict": verdict, "documents": {}, "checks": [],
                                  "messages": [{"id": f"Periksa {name}.", "en": "Letter date unreadable."}]}
        return c.id


def _rows(html: str) -> list[str]:
    return re.findall(r'<tr class="verdict-[a-z_]+" data-claim="([0-9a-f]+)"', html)


def test_worklist_columns_drafts_and_sla(client: TestClient, seeded: Seeded, settings: Settings) -> None:
    old = _claim(settings, name="SITI AMINAH", nik="3204110508900002", hours_ago=80)  # past the 72 h SLA
    mid = _claim(settings, name="BUDI SANTOSO", nik="3204110508900003", hours_ago=40)
    draft = _claim(settings, name="DRAFT ONLY", nik="3204110508900004", status="draft", verdict=None)
    login(client, "rina")
    html = client.get("/review/").text
    rows = _rows(html)
    assert draft not in rows  # drafts never reach the worklist
    assert rows[:2] == [old, mid]  # oldest first by default (age, descending)
    assert seeded.claim_id in rows
    assert "SITI AMINAH" in html and "phk" in html and "Letter date unreadable." in html
    row = html[html.index(f'data-claim="{old}"'):]
    row = row[:row.index("</tr>")]
    assert 'class="age sla-late"' in row and "3 h 8 j" in row
    row = html[html.index(f'data-claim="{mid}"'):]
    assert 'class="age sla-warn"' in row[:row.index("</tr>")]
    # The seeded claim: its first reason is its first non-matching check.
    row = html[html.index(f'data-claim="{seeded.claim_id}"'):]
    assert "The typed NIK differs from the KTP." in row[:row.index("</tr>")]
    # Sort by name, ascending.
    rows = _rows(client.get("/review/?sort=name&order=asc").text)
    assert rows.index(mid) < rows.index(seeded.claim_id) < rows.index(old)


def test_worklist_search_by_nik_name_and_id(client: TestClient, seeded: Seeded, settings: Settings) -> None:
    siti = _claim(settings, name="SITI AMINAH", nik="3204110508900002")
    login(client, "rina")
    assert _rows(client.get("/review/?q=3204 1105 0890 0002").text) == [siti]  # NIK typed with spaces
    assert _rows(client.get("/review/?q=siti  aminah").text) == [siti]  # name, case and spacing ignored
    assert _rows(client.get("/review/?q=aminah").text) == [siti]
    assert _rows(client.get(f"/review/?q={siti[:7]}").text) == [siti]  # short claim id
    assert _rows(client.get(f"/review/?q={FORM['nik']}").text) == [seeded.claim_id]
    assert _rows(client.get("/review/?q=nobody").text) == []


def test_branch_matching_ignores_case_and_spacing(client: TestClient, seeded: Seeded, settings: Settings) -> None:
    from api.auth import create_user

    spaced = _claim(settings, name="ANI", nik="3204110508900005", branch="kcp  tegal timur")
    with session_scope(settings.resolved_database_url) as s:
        create_user(s, "dewi", PASSWORD, "reviewer", ["Kcp Tegal Timur "])
    login(client, "dewi")
    rows = _rows(client.get("/review/").text)
    assert seeded.claim_id in rows and spaced in rows
    assert client.get(f"/review/claims/{spaced}").status_code == 200
    assert client.get(f"/review/claims/{seeded.other_claim_id}").status_code == 404


def test_qa_sample_of_clear_claims(client: TestClient, seeded: Seeded, settings: Settings) -> None:
    from api.app import create_app
    from api.auth import session_secret
    from intake.decisions import qa_sampled
    from tests.api.review.conftest import RecordingDispatcher

    clear = _claim(settings, name="CLEAR ONE", nik="3204110508900006", verdict="clear",
                   report={"checks": [], "documents": {}, "messages": []})
    login(client, "rina")
    # At the default share (5%) a clear claim is in the to-do list exactly when the keyed draw picks it.
    drawn = qa_sampled(clear, settings.qa_sample_share, session_secret(settings))
    assert (clear in _rows(client.get("/review/").text)) == drawn
    assert clear in _rows(client.get("/review/?view=all").text)
    with TestClient(create_app(settings.model_copy(update={"qa_sample_share": 1.0}),
                               dispatcher=RecordingDispatcher())) as everyone:
        login(everyone, "rina")
        html = everyone.get("/review/").text
        assert clear in _rows(html)
        row = html[html.index(f'data-claim="{clear}"'):]
        assert 'class="pill qa"' in row[:row.index("</tr>")]
        assert "QA sample" in everyone.get(f"/review/claims/{clear}").text
    with TestClient(create_app(settings.model_copy(update={"qa_sample_share": 0.0}),
                               dispatcher=RecordingDispatcher())) as nobody:
        login(nobody, "rina")
        assert clear not in _rows(nobody.get("/review/").text)  # no QA share: a clear claim needs nobody


def test_assign_release_and_no_reassignment_after_decision(client: TestClient, seeded: Seeded,
                                                            settings: Settings) -> None:
    login(client, "rina")
    token = csrf(client, "/review/")
    url = f"/review/claims/{seeded.claim_id}"
    r = client.post(url + "/assign", data={"csrf_token": token, "back": "/review/?view=mine"}, follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == "/review/?view=mine"
    assert _rows(client.get("/review/?view=mine").text) == [seeded.claim_id]
    assert seeded.claim_id not in _rows(client.get("/review/?view=unassigned").text)
    assert 'id="assignee">rina<' in client.get(url).text
    assert client.post(url + "/release", data={"csrf_token": token}, follow_redirects=False).status_code == 303
    assert _rows(client.get("/review/?view=mine").text) == []
    client.post(url + "/assign", data={"csrf_token": token})
    # Decided: out of the to-do list, into "decided"; the assignment is locked.
    r = client.post(url + "/decision", data={"csrf_token": token, "action": "reject", "reason_code": "duplicate_claim",
                                             "reason": "Klaim ganda."}, follow_redirects=False)
    assert r.status_code == 303
    assert seeded.claim_id not in _rows(client.get("/review/").text)
    assert seeded.claim_id in _rows(client.get("/review/?view=decided").text)
    r = client.post(url + "/release", data={"csrf_token": token}, follow_redirects=False)
    assert r.status_code == 409 and r.json()["code"] == "claim_decided"
    with session_scope(settings.resolved_database_url) as s:
        actions = [e.action for e in s.scalars(select(AuditEvent).where(AuditEvent.claim_id == seeded.claim_id))]
    assert actions.count("claim.assigned") == 2 and "claim.released" in actions and "decision.reject" in actions


def test_next_claim_walks_the_todo_list(client: TestClient, seeded: Seeded, settings: Settings) -> None:
    older = _claim(settings, name="OLDER", nik="3204110508900007", hours_ago=50)
    login(client, "rina")
    r = client.get("/review/next", follow_redirects=False)
    assert r.headers["location"] == f"/review/claims/{older}"
    r = client.get(f"/review/next?after={older}", follow_redirects=False)
    assert r.headers["location"] == f"/review/claims/{seeded.claim_id}"
    r = client.get(f"/review/next?after={seeded.claim_id}", follow_redirects=False)
    assert r.headers["location"] == "/review/?done=empty"


def test_claim_page_why_diff_crop_and_wrong_type(client: TestClient, seeded: Seeded, settings: Settings) -> None:
    with session_scope(settings.resolved_database_url) as s:
        c = s.get(Claim, seeded.claim_id)
        assert c is not None
        report = dict(c.report or {})
        report["documents"] = {**report["documents"], "kk": {
            "status": "wrong_type", "reason": "looks_like_ktp", "detected_type": "ktp", "pages": 1, "quality": {},
            "fields": {}, "message": {"id": "Ini bukan KK.", "en": "This is not a KK."}}}
        report["messages"] = [{"id": "NIK berbeda.", "en": "The typed NIK differs from the KTP NIK."}]
        report["checks"] = [*report["checks"], {"check": "kk.nik", "status": "missing", "typed": FORM["nik"],
                                                "found": None, "score": None,
                                                "message": {"id": "Unggah KK.", "en": "Upload the KK."}}]
        report["signals"] = [{"signal": "photocopy", "severity": "warn", "detail": {},
                              "message": {"id": "Fotokopi.", "en": "Looks like a photocopy."}}]
        c.report = report
    login(client, "rina")
    html = client.get(f"/review/claims/{seeded.claim_id}").text
    why = html[html.index('id="why"'):html.index('class="claim-grid"')]
    assert "The typed NIK differs from the KTP NIK." in why
    assert "Looks like a photocopy." in why and "photocopy" in why
    assert "Kartu Keluarga" in why and "wrong_type" in why and "holds <strong>KTP</strong>" in why
    # The KK check says what its slot holds (not just "missing").
    kk_row = html[html.index('<code>kk.nik</code>'):]
    kk_row = kk_row[:kk_row.index("</tr>")]
    assert "Kartu Keluarga" in kk_row and "wrong_type" in kk_row and "holds KTP" in kk_row
    # Mismatch first; the one differing digit is marked on both sides (…0069 vs …0019).
    first_row = html[html.index('<tr class="check'):]
    first_row = first_row[:first_row.index("</tr>")]
    assert "status-mismatch" in first_row
    assert re.search(r'class="typed"><span class="val">33280208077200<mark class="diff">6</mark>9<', first_row), first_row
    assert re.search(r'class="found"><span class="val">33280208077200<mark class="diff">1</mark>9<', first_row), first_row
    assert KTP_NIK[:14] in first_row
    # A crop of the NIK box next to the row: the page image under an SVG viewBox.
    m = re.search(r'<svg class="crop" viewBox="(\d+) (\d+) (\d+) (\d+)"', first_row)
    assert m and 0 < int(m.group(3)) < 1100 and 0 < int(m.group(4)) < 200
    assert f'/documents/{seeded.doc_id}/pages/1' in first_row
    # The viewer and the signals slot.
    assert 'data-act="rotate"' in html and 'data-act="zoom-in"' in html
    assert html.index('id="why"') < html.index('class="checks card"')


def test_claim_page_non_clear_approval_needs_confirmation(client: TestClient, seeded: Seeded) -> None:
    login(client, "rina")
    url = f"/review/claims/{seeded.claim_id}"
    token = csrf(client, url)
    data = {"csrf_token": token, "action": "approve", "reason_code": "checked_by_reviewer", "reason": "Checked."}
    r = client.post(url + "/decision", data=data)
    assert r.status_code == 409 and "confirm the approval" in r.text
    assert 'name="reason"' in r.text and ">Checked.</textarea>" in r.text  # what was typed is kept
    r = client.post(url + "/decision", data={**data, "confirm": "1"}, follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"].endswith("?done=approve")
    html = client.get(url).text
    assert 'id="decided"' in html and 'id="decision-form"' not in html
    r = client.post(url + "/decision", data={**data, "confirm": "1"})
    assert r.status_code == 409 and "already decided" in r.text
