"""The claimant's phone page (issue 16) in real chromium at 390x844, and without a browser.

The app runs under uvicorn (in-process job runner, the ``NullEngine``: every uploaded image
reads as ``unreadable``). Claims in each state are stored as the verify job stores them
(``repo.save_report`` + ``claims.after_verified``). Screenshots are written under the test's
``tmp_path`` (``screens/``).
"""

from __future__ import annotations

import re
import socket
import threading
import time
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from intake import claims as intake_claims
from intake import repo
from intake.db import ensure_schema, session_scope
from intake.models import Decision, utcnow
from intake.settings import Settings
from tests.api.conftest import CLAIM_FORM, png_bytes

CHROMIUM = Path("/usr/bin/chromium")
LAUNCH_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
               "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage"]
SLOTS = ("ktp", "kk", "bpjs_card", "resignation_letter", "passbook")

KTP_UNREADABLE = {"id": "Tidak dapat diperiksa karena KTP tidak terbaca.", "en": "Could not be checked: the KTP is not readable."}
WRONG_TYPE = {"id": "Yang diunggah di kolom KTP adalah Kartu Keluarga. Unggah foto KTP.",
              "en": "A family card was uploaded in the KTP slot. Upload a photo of the KTP."}
BLURRY = {"id": "Foto KK buram. Foto ulang di tempat terang.", "en": "The KK photo is blurred. Take it again in good light."}
MISSING = {"id": "Buku tabungan belum diunggah.", "en": "The passbook has not been uploaded."}
ENCRYPTED = {"id": "Berkas PDF dikunci kata sandi. Unggah berkas tanpa kata sandi.",
             "en": "The PDF is password-protected. Upload a file without a password."}


def _report(claim_id: str, resigned: date, submitted: date) -> dict[str, Any]:
    wait_msg = {"id": f"Masa tunggu 1 bulan belum selesai; klaim dapat diajukan mulai {resigned:%d-%m-%Y}+1 bulan.",
                "en": "The one-month waiting period is not over yet."}
    docs = {
        "ktp": {"status": "wrong_type", "reason": "looks_like_kk", "message": WRONG_TYPE, "detected_type": "kk"},
        "kk": {"status": "unreadable", "reason": "too_blurry", "message": BLURRY},
        "bpjs_card": {"status": "rejected", "reason": "encrypted_pdf", "message": ENCRYPTED},
        "resignation_letter": {"status": "accepted", "reason": None, "message": None},
        "passbook": {"status": "missing", "reason": "missing", "message": MISSING},
    }
    checks = [
        {"check": "ktp.nik", "status": "missing", "message": KTP_UNREADABLE},
        {"check": "ktp.full_name", "status": "missing", "message": KTP_UNREADABLE},
        {"check": "ktp.birth_date", "status": "missing", "message": KTP_UNREADABLE},
        {"check": "bpjs_card.kpj", "status": "match", "message": None},
        {"check": "resignation_letter.waiting_period", "status": "mismatch", "typed": submitted.isoformat(),
         "found": resigned.isoformat(), "message": wait_msg, "code": "waiting_period_not_over"},
    ]
    return {"claim_id": claim_id, "verdict": "needs_correction", "documents": docs, "checks": checks,
            "messages": [WRONG_TYPE, BLURRY, ENCRYPTED, MISSING, wait_msg], "signals": []}


def _stored_claim(settings: Settings, *, verdict: str = "needs_correction", decision: str | None = None,
                  reason: str | None = None) -> str:
    """A submitted, verified claim with four documents stored as the jobs store them."""
    url = ensure_schema(settings)
    submitted = date.today()
    resigned = submitted - timedelta(days=10)
    with session_scope(url) as s:
        from intake.fields import validate_claim

        form = validate_claim(CLAIM_FORM).form
        claim = repo.create_claim(s, form, "BANDUNG", submitted, status="submitted")
        for i, slot in enumerate(SLOTS[:4]):
            data = png_bytes(color=(10 + i, 20, 30))
            from intake.storage import get_blob_store

            blob = get_blob_store(settings).put(data)
            doc, _ = repo.put_document(s, claim.id, slot, blob, "png", len(data), 1, None)
            doc.state = "done"
            doc.result = _report(claim.id, resigned, submitted)["documents"][slot]
        report = _report(claim.id, resigned, submitted)
        if verdict != "needs_correction":
            report = {**report, "verdict": verdict}
        repo.save_report(s, claim.id, report, verdict, "test")
        intake_claims.after_verified(s, claim)
        if decision:
            from api.auth import create_user

            user = create_user(s, f"rina{time.monotonic_ns()}", "correct horse battery", "reviewer", ["BANDUNG"])
            s.add(Decision(claim_id=claim.id, user_id=user.id, action=decision, reason=reason, at=utcnow()))
            s.flush()
            intake_claims.record_decision(s, claim.id, decision, user.username)
        return claim.id


def _link(settings: Settings, claim_id: str) -> str:
    from api.review.routes import status_url

    return status_url(None, claim_id, settings)


# -- Without a browser -----------------------------------------------------------------------------


@pytest.fixture
def page_client(settings: Settings, fast_engine: Any) -> Iterator[TestClient]:
    from api.app import create_app
    from workers.runner import reset_dispatchers

    with TestClient(create_app(settings), raise_server_exceptions=False) as c:
        yield c
    reset_dispatchers()


def _texts(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_needs_correction_page_lists_each_message_once_with_where_and_when(page_client: TestClient,
                                                                           settings: Settings) -> None:
    claim_id = _stored_claim(settings)
    r = page_client.get(_link(settings, claim_id))
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/html")
    text = _texts(r.text)
    assert "Ada yang perlu Anda perbaiki." in text and "Something needs your correction." in text
    # The report's own messages, each once, in its order; the generic per-check line never.
    fixes = re.findall(r'<li class="fix">(.*?)</li>', r.text, re.S)
    expected = (WRONG_TYPE["id"], BLURRY["id"], ENCRYPTED["id"], MISSING["id"])
    assert [m in _texts(f) for f, m in zip(fixes, expected, strict=False)] == [True] * 4
    assert len(fixes) == 5 and text.count(WRONG_TYPE["id"]) == 2  # the fix, and its slot's own line
    assert KTP_UNREADABLE["id"] not in text
    # Where and by when.
    assert "Di mana / Where: KTP / SIM" in text and "Buku tabungan (halaman pertama)" in text
    first = date.today() - timedelta(days=10)
    from matching.rules import add_one_month

    assert f"ajukan kembali mulai {add_one_month(first):%d-%m-%Y}" in text
    # Each document status in words, both languages; a re-upload button per open slot.
    for words in ("Dokumen tidak sesuai / Wrong document", "Tidak terbaca / Cannot be read", "Diterima / Accepted",
                  "Berkas tidak dapat diterima / File not accepted", "Belum diunggah / Not uploaded yet"):
        assert words in text
    assert "unreadable" not in text and "wrong_type" not in text  # no untranslated codes
    assert not re.search(r">\s*(accepted|rejected|missing|unreadable|wrong_type)\s*<", r.text)
    assert r.text.count('capture="environment"') == 5 and "Kirim perbaikan / Send correction" in text
    assert CLAIM_FORM["nik"] not in r.text and "Siti" not in r.text  # no personal values


def test_statuses_never_contradict_the_advice(page_client: TestClient, settings: Settings) -> None:
    approved = _texts(page_client.get(_link(settings, _stored_claim(settings, decision="approve"))).text)
    assert "Klaim Anda disetujui." in approved and "Yang perlu Anda lakukan" not in approved
    assert "Unggah ulang" not in approved and "Ambil foto" not in approved
    assert WRONG_TYPE["id"] not in approved and BLURRY["id"] not in approved  # no advice on a closed claim
    rejected = _texts(page_client.get(_link(settings, _stored_claim(settings, decision="reject",
                                                                    reason="Klaim ganda."))).text)
    assert "Klaim Anda ditolak." in rejected and "Klaim ganda." in rejected and "Yang perlu Anda lakukan" not in rejected
    review = _texts(page_client.get(_link(settings, _stored_claim(settings, verdict="needs_review"))).text)
    assert "sedang ditinjau petugas" in review and "Yang perlu Anda lakukan" not in review and "Ambil foto" not in review
    assert BLURRY["id"] not in review and "Tidak terbaca / Cannot be read" in review  # the status, without advice
    # A draft with nothing uploaded is not "being checked".
    draft = page_client.post("/v1/claims", json=CLAIM_FORM).json()["id"]
    text = _texts(page_client.get(_link(settings, draft)).text)
    assert "Klaim belum diajukan." in text and "Belum ada dokumen yang diunggah" in text
    assert "sedang diperiksa" not in text


def test_bad_link_is_an_html_page(page_client: TestClient, settings: Settings) -> None:
    claim_id = _stored_claim(settings)
    for url in (f"/status/{claim_id}?t=0000", f"/status/{claim_id}", f"/status/{'e' * 32}?t=abc",
                f"/status/{'x' * 300}?t={'y' * 300}", f"/status/{claim_id}/state?t=bad"):
        r = page_client.get(url)
        assert r.status_code == 404 and r.headers["content-type"].startswith("text/html"), url
        assert "Tautan tidak berlaku" in r.text and "The link is not valid" in r.text


def test_upload_without_script_redirects_back_with_the_outcome(page_client: TestClient, settings: Settings) -> None:
    claim_id = _stored_claim(settings)
    link = _link(settings, claim_id)
    action = link.replace("?", "/documents/ktp?")
    r = page_client.post(action, files={"file": ("x.txt", b"hello, not an image", "text/plain")}, follow_redirects=False)
    assert r.status_code == 303 and "error=not_an_allowed_format" in r.headers["location"]
    page = _texts(page_client.get(r.headers["location"]).text)
    assert "JPG" in page or "PDF" in page  # the intake refusal's own message
    ok = page_client.post(action, files={"file": ("k.png", png_bytes(color=(1, 2, 3)), "image/png")},
                          follow_redirects=False)
    assert ok.status_code == 303 and "done=uploaded" in ok.headers["location"]
    # A slot the correction does not cover (a reviewer asked for the passbook only) refuses.
    with session_scope(settings.resolved_database_url) as s:
        claim = repo.get_claim(s, claim_id)
        claim.correction = {**claim.correction, "slots": ["passbook"], "fields": False, "source": "reviewer",
                            "reason": "Unggah buku tabungan."}
    js = page_client.post(link.replace("?", "/documents/kk?"), files={"file": ("k.png", png_bytes(), "image/png")},
                          headers={"Accept": "application/json"})
    assert js.status_code == 409 and js.json()["code"] == "slot_not_open" and js.json()["message"]["en"]


# -- In real chromium at 390x844 ------------------------------------------------------------------


@pytest.fixture
def server(settings: Settings, fast_engine: Any) -> Iterator[str]:
    import uvicorn

    from api.app import create_app
    from workers.runner import reset_dispatchers

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = int(sock.getsockname()[1])
    config = uvicorn.Config(create_app(settings), host="127.0.0.1", port=port, log_level="warning",
                            access_log=False, lifespan="on")
    srv = uvicorn.Server(config)
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 15
    while not srv.started:
        assert time.monotonic() < deadline, "uvicorn did not start"
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    srv.should_exit = True
    thread.join(timeout=10)
    reset_dispatchers()


@pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian chromium not installed (apt-get install chromium)")
def test_phone_page_in_chromium(server: str, settings: Settings, tmp_path: Path) -> None:
    from playwright.sync_api import expect, sync_playwright

    shots = tmp_path / "screens"
    shots.mkdir()
    claim_id = _stored_claim(settings)
    approved_id = _stored_claim(settings, decision="approve")
    bad_file = tmp_path / "notes.txt"
    bad_file.write_bytes(b"not an image at all")
    good_file = tmp_path / "ktp.png"
    good_file.write_bytes(png_bytes(color=(5, 6, 7)))
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=LAUNCH_ARGS)
        try:
            ctx = browser.new_context(viewport={"width": 390, "height": 844}, device_scale_factor=2, is_mobile=True,
                                      has_touch=True)
            page = ctx.new_page()
            errors: list[str] = []
            page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
            resp = page.goto(server + _link(settings, claim_id))
            assert resp is not None and resp.status == 200
            assert page.evaluate("document.documentElement.scrollWidth") <= 390  # no sideways scrolling
            assert page.locator("li.fix").count() == 5
            page.screenshot(path=str(shots / "01-needs-correction.png"), full_page=True)
            statuses = page.locator("[data-role=status]").all_inner_texts()
            assert statuses == ["Dokumen tidak sesuai / Wrong document", "Tidak terbaca / Cannot be read",
                                "Berkas tidak dapat diterima / File not accepted", "Diterima / Accepted",
                                "Belum diunggah / Not uploaded yet"]
            # Every button is a big enough touch target.
            for box in page.locator("#slot-ktp .button").evaluate_all(
                    "els => els.map(e => e.getBoundingClientRect().height)"):
                assert box >= 44

            # A wrong file: the intake refusal shows at once, next to the slot.
            page.locator("#slot-ktp label.files input[type=file]").set_input_files(str(bad_file))
            feedback = page.locator("#slot-ktp [data-role=feedback] .bad")
            feedback.wait_for(timeout=10_000)
            assert "JPG" in feedback.inner_text() or "PDF" in feedback.inner_text()
            page.locator("#slot-ktp").screenshot(path=str(shots / "02-refused-file.png"))

            # A photo: received at once, then read (the null engine: unreadable) without a reload.
            page.locator("#slot-ktp label.camera input[type=file]").set_input_files(str(good_file))
            page.locator("#slot-ktp [data-role=feedback] .ok").wait_for(timeout=10_000)
            expect(page.locator("#slot-ktp [data-role=status]")).to_contain_text("Cannot be read", timeout=20_000)
            page.screenshot(path=str(shots / "03-reuploaded.png"), full_page=True)

            # Sending before the passbook is there says what is missing.
            page.click("button.primary")
            page.wait_for_url(re.compile(r".*error=documents_missing.*"))
            assert "Documents are missing" in page.inner_text("#status")
            page.screenshot(path=str(shots / "04-missing.png"), full_page=True)
            page.locator("#slot-passbook label.files input[type=file]").set_input_files(str(good_file))
            page.locator("#slot-passbook [data-role=feedback] .ok").wait_for(timeout=10_000)
            expect(page.locator("#slot-passbook [data-role=status]")).to_contain_text("Cannot be read", timeout=20_000)

            # Send the correction: revision 2 is checked.
            page.click("button.primary")
            page.wait_for_url(re.compile(r".*done=submitted.*"))
            assert "Terkirim" in page.inner_text("#status")
            page.screenshot(path=str(shots / "05-sent.png"), full_page=True)
            with session_scope(settings.resolved_database_url) as s:
                assert repo.get_claim(s, claim_id).revision == 2

            resp = page.goto(server + _link(settings, approved_id))
            assert resp is not None and resp.status == 200
            assert page.locator("li.fix").count() == 0 and page.locator("input[type=file]").count() == 0
            page.screenshot(path=str(shots / "06-approved.png"), full_page=True)
            resp = page.goto(server + f"/status/{claim_id}?t=wrong")
            assert resp is not None and resp.status == 404 and "Tautan tidak berlaku" in page.inner_text("body")
            page.screenshot(path=str(shots / "07-bad-link.png"), full_page=True)
            assert not [e for e in errors if "Content Security Policy" in e or "TypeError" in e], errors
            ctx.close()
        finally:
            browser.close()
    assert sorted(p.name for p in shots.iterdir()) == [
        "01-needs-correction.png", "02-refused-file.png", "03-reuploaded.png", "04-missing.png", "05-sent.png",
        "06-approved.png", "07-bad-link.png"]
    print(f"screenshots: {shots}")
