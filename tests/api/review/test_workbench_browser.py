"""The reviewer's workbench in a real browser (Playwright + Debian chromium, issue 17).

Worklist (desktop and a 390x844 phone), the document viewer (zoom, pan, rotate: the field
boxes move with the page), a non-clear approval through the confirmation dialog, the
four-eyes flow with two reviewers, and a review done with the keyboard only. Screenshots are
written under the test's temporary folder (``<tmp>/shots``; the path is printed).
"""

from __future__ import annotations

import re
import socket
import threading
import time
from collections.abc import Callable, Iterator
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest

from intake.db import session_scope
from intake.models import Claim, utcnow
from intake.settings import Settings
from tests.api.review.conftest import RecordingDispatcher
from tests.api.review.seed import BRANCH_A, FORM, PASSWORD, Seeded
from tests.api.review.test_browser import CHROMIUM, LAUNCH_ARGS

pytestmark = pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian chromium not installed (apt-get install chromium)")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
def serve(settings: Settings, seeded: Seeded) -> Iterator[Callable[..., str]]:
    """``serve(**settings_changes)``: the app under uvicorn on a random local port."""
    import uvicorn

    from api.app import create_app

    servers: list[tuple[Any, threading.Thread]] = []

    def start(**changes: Any) -> str:
        port = _free_port()
        config = uvicorn.Config(create_app(settings.model_copy(update=changes), dispatcher=RecordingDispatcher()),
                                host="127.0.0.1", port=port, log_level="warning", access_log=False, lifespan="on")
        srv = uvicorn.Server(config)
        thread = threading.Thread(target=srv.run, daemon=True)
        thread.start()
        deadline = time.monotonic() + 15
        while not srv.started:
            assert time.monotonic() < deadline, "uvicorn did not start"
            time.sleep(0.05)
        servers.append((srv, thread))
        return f"http://127.0.0.1:{port}"

    yield start
    for srv, thread in servers:
        srv.should_exit = True
        thread.join(timeout=10)


@pytest.fixture
def browser() -> Iterator[Any]:
    """Headless Debian chromium."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=LAUNCH_ARGS)
        try:
            yield b
        finally:
            b.close()


@pytest.fixture
def shots(tmp_path: Path) -> Path:
    """Where this test's screenshots go."""
    folder = tmp_path / "shots"
    folder.mkdir()
    print(f"screenshots: {folder}")
    return folder


def _extra_claim(settings: Settings, name: str, nik: str, hours_ago: float, verdict: str = "needs_review") -> str:
    from intake import repo

    with session_scope(settings.resolved_database_url) as s:
        c = repo.create_claim(s, {**FORM, "full_name": name, "nik": nik, "claim_reason": "phk"}, BRANCH_A,
                              date(2026, 3, 1), status="verified")
        c.created_at = utcnow() - timedelta(hours=hours_ago)
        c.verdict = verdict
        c.report = {"claim_id": c.id, "verdict": verdict, "documents": {}, "checks": [],
                    "messages": [{"id": "Tanggal surat tidak terbaca.", "en": "The letter date is unreadable."}]}
        return c.id


def _page(browser: Any, errors: list[str], **ctx_options: Any) -> Any:
    ctx = browser.new_context(**({"viewport": {"width": 1400, "height": 1000}} | ctx_options))
    page = ctx.new_page()
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("response", lambda r: errors.append(f"{r.status} {r.url}") if r.status >= 400 else None)
    return page


def _sign_in(page: Any, base: str, username: str) -> None:
    page.goto(f"{base}/review/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{base}/review/")


def test_worklist_desktop_and_phone(serve: Callable[..., str], browser: Any, seeded: Seeded, settings: Settings,
                                    shots: Path) -> None:
    late = _extra_claim(settings, "SITI AMINAH", "3204110508900002", hours_ago=90)
    base = serve()
    errors: list[str] = []
    page = _page(browser, errors)
    _sign_in(page, base, "rina")
    rows = page.locator("table.queue tbody tr")
    assert rows.count() == 2
    first = rows.first
    assert first.get_attribute("data-claim") == late  # oldest first
    assert "SITI AMINAH" in first.inner_text() and "phk" in first.inner_text()
    assert "The letter date is unreadable." in first.inner_text()
    late_bg = first.locator(".age").evaluate("e => getComputedStyle(e).backgroundColor")
    assert late_bg == "rgb(255, 227, 227)"  # past the SLA: red
    first.locator("button.assign").click()
    page.wait_for_load_state("load")
    assert page.locator(f"tr[data-claim='{late}'] .assignee").inner_text() == "rina"
    page.fill("#search", "aminah")
    page.keyboard.press("Enter")
    page.wait_for_url("**q=aminah**")
    assert page.locator("table.queue tbody tr").count() == 1
    page.goto(f"{base}/review/")
    page.screenshot(path=str(shots / "worklist-desktop.png"), full_page=True)
    phone = _page(browser, errors, viewport={"width": 390, "height": 844}, device_scale_factor=2, is_mobile=True,
                  has_touch=True)
    _sign_in(phone, base, "rina")
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390  # no sideways scrolling
    assert phone.locator("table.queue tbody tr").first.is_visible()
    phone.screenshot(path=str(shots / "worklist-phone.png"), full_page=True)
    phone.goto(f"{base}/review/claims/{seeded.claim_id}")
    phone.wait_for_load_state("networkidle")
    phone.screenshot(path=str(shots / "claim-phone.png"), full_page=True)
    wide = phone.evaluate("""() => [...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right > 391)
        .map(e => e.tagName + '.' + e.className.baseVal + e.className).slice(0, 8)""")
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390, wide
    assert not errors, errors


def test_viewer_zoom_pan_rotate(serve: Callable[..., str], browser: Any, seeded: Seeded, shots: Path) -> None:
    base = serve()
    errors: list[str] = []
    page = _page(browser, errors)
    _sign_in(page, base, "rina")
    page.goto(f"{base}/review/claims/{seeded.claim_id}")
    page.wait_for_load_state("networkidle")
    fig = page.locator("#doc-ktp figure.viewer")
    wrap, img = fig.locator(".overlay-wrap"), fig.locator("img")
    box = fig.locator("polygon[data-field='ktp-nik']")
    before_img, before_box = img.bounding_box(), box.bounding_box()
    assert before_img and before_box and before_box["width"] > 3 * before_box["height"]  # a wide NIK box
    fig.locator("button[data-act='zoom-in']").click()
    fig.locator("button[data-act='zoom-in']").click()
    assert wrap.get_attribute("data-zoom") == "2"
    zoomed_img, zoomed_box = img.bounding_box(), box.bounding_box()
    assert zoomed_img and zoomed_box
    assert abs(zoomed_img["width"] / before_img["width"] - 2) < 0.05
    assert abs(zoomed_box["width"] / before_box["width"] - 2) < 0.05  # the box scales with the page
    assert fig.locator(".zoom-level").inner_text().startswith("200%")
    page.screenshot(path=str(shots / "viewer-zoom.png"), full_page=True)
    # Pan with the keyboard (the viewport has focus) and with the mouse.
    fig.locator(".viewport").focus()
    page.keyboard.press("ArrowLeft")
    panned = img.bounding_box()
    assert panned and abs(panned["x"] - zoomed_img["x"] - 40) < 2
    vp = fig.locator(".viewport").bounding_box()
    assert vp
    page.mouse.move(vp["x"] + 100, vp["y"] + 100)
    page.mouse.down()
    page.mouse.move(vp["x"] + 40, vp["y"] + 70, steps=4)
    page.mouse.up()
    dragged = img.bounding_box()
    assert dragged and abs(dragged["x"] - panned["x"] + 60) < 3
    # Rotate: a quarter turn makes the wide NIK box tall; the box stays on the page image.
    page.keyboard.press("0")
    fig.locator("button[data-act='rotate']").click()
    assert wrap.get_attribute("data-rotation") == "90"
    rot_box, rot_img = box.bounding_box(), img.bounding_box()
    assert rot_box and rot_img and rot_box["height"] > 3 * rot_box["width"]
    assert rot_img["height"] > rot_img["width"]
    assert rot_img["x"] <= rot_box["x"] and rot_box["x"] + rot_box["width"] <= rot_img["x"] + rot_img["width"] + 1
    page.screenshot(path=str(shots / "viewer-rotated.png"), full_page=True)
    fig.locator("button[data-act='reset']").click()
    assert wrap.get_attribute("data-zoom") == "1" and wrap.get_attribute("data-rotation") == "0"
    reset = img.bounding_box()
    assert reset and abs(reset["width"] - before_img["width"]) < 1
    # The crop next to the typed/found row shows the NIK region of the same page image.
    crop = page.locator("table.checks-table tr.status-mismatch svg.crop")
    assert crop.count() == 1 and crop.bounding_box()["width"] > 100  # type: ignore[index]
    assert not errors, errors


def test_decision_with_confirmation(serve: Callable[..., str], browser: Any, seeded: Seeded, shots: Path) -> None:
    base = serve()
    errors: list[str] = []
    page = _page(browser, errors)
    _sign_in(page, base, "rina")
    page.goto(f"{base}/review/claims/{seeded.claim_id}")
    page.check("input[name=action][value=approve]")
    # Only the approval codes are offered once "approve" is chosen.
    assert page.locator("optgroup[data-action='reject']").evaluate("g => g.disabled") is True
    page.select_option("select[name=reason_code]", "checked_by_reviewer")
    page.fill("textarea[name=reason]", "Angka NIK dicek manual pada foto KTP.")
    page.click("#decide-submit")
    dialog = page.locator("#confirm-dialog")
    assert dialog.is_visible()
    page.screenshot(path=str(shots / "confirm-dialog.png"))
    page.click("#confirm-no")  # cancel: nothing is stored
    assert not dialog.is_visible() and "done=" not in page.url
    page.click("#decide-submit")
    page.click("#confirm-yes")
    page.wait_for_url(f"**/review/claims/{seeded.claim_id}?done=approve")
    assert page.locator("#decided").is_visible()
    assert "rina" in page.locator(".history li").first.inner_text()
    assert page.locator("#decision-form").count() == 0  # decided: no second decision
    page.screenshot(path=str(shots / "decided.png"), full_page=True)
    assert not errors, errors


def test_four_eyes_flow(serve: Callable[..., str], browser: Any, seeded: Seeded, settings: Settings,
                        shots: Path) -> None:
    from api.auth import create_user

    with session_scope(settings.resolved_database_url) as s:
        create_user(s, "sari", PASSWORD, "reviewer", [BRANCH_A])
        claim = s.get(Claim, seeded.claim_id)
        assert claim is not None
        claim.balance = 120_000_000
    base = serve(four_eyes_min_balance=100_000_000)
    errors: list[str] = []

    def approve(page: Any) -> None:
        page.goto(f"{base}/review/claims/{seeded.claim_id}")
        page.check("input[name=action][value=approve]")
        page.select_option("select[name=reason_code]", "checked_by_reviewer")
        page.fill("textarea[name=reason]", "Saldo besar: diperiksa.")
        page.check("#confirm")
        page.click("#decide-submit")

    first = _page(browser, errors)
    _sign_in(first, base, "rina")
    first.goto(f"{base}/review/claims/{seeded.claim_id}")
    assert "balance" in first.locator(".four-eyes-note").inner_text()
    approve(first)
    first.wait_for_url("**?done=approve_pending")
    assert "rina" in first.locator("#four-eyes-pending").inner_text()
    approve(first)  # the same reviewer cannot give the second approval
    assert "another reviewer" in first.locator("#decision-error").inner_text()
    first.screenshot(path=str(shots / "four-eyes-same-reviewer.png"), full_page=True)
    errors[:] = [e for e in errors if "409" not in e]  # that refusal is the expected answer
    second = _page(browser, errors)
    _sign_in(second, base, "sari")
    assert "1/2 approve" in second.locator(f"tr[data-claim='{seeded.claim_id}']").inner_text()
    approve(second)
    second.wait_for_url("**?done=approve")
    assert second.locator("#decided").is_visible()
    history = second.locator(".history li")
    assert "sari" in history.nth(0).inner_text() and "rina" in history.nth(1).inner_text()
    assert "1/2" in history.nth(1).inner_text()
    second.screenshot(path=str(shots / "four-eyes-done.png"), full_page=True)
    assert not errors, errors


def test_keyboard_only_review(serve: Callable[..., str], browser: Any, seeded: Seeded, settings: Settings,
                              shots: Path) -> None:
    older = _extra_claim(settings, "SITI AMINAH", "3204110508900002", hours_ago=30)
    base = serve()
    errors: list[str] = []
    page = _page(browser, errors)
    page.goto(f"{base}/review/")
    assert page.evaluate("document.activeElement.name") == "username"  # focused on load
    page.keyboard.type("rina")
    page.keyboard.press("Tab")
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_url(f"{base}/review/")
    page.keyboard.press("n")  # the oldest claim of the to-do list
    page.wait_for_url(f"**/review/claims/{older}")
    page.keyboard.press("c")  # ask for correction: the action is chosen, focus on the first slot
    assert page.locator("input[name=action][value=request_correction]").is_checked()
    page.keyboard.press("Space")
    for _ in range(5):  # past the other four slots, into the reason
        page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "reason"
    page.keyboard.type("Unggah ulang surat keterangan kerja yang terbaca.")
    page.keyboard.press("Control+Enter")
    page.wait_for_url(f"**/review/claims/{older}?done=request_correction")
    assert "ktp" in page.locator(".history li").first.inner_text()
    page.keyboard.press("n")  # next: the seeded claim
    page.wait_for_url(f"**/review/claims/{seeded.claim_id}")
    page.keyboard.press("a")  # approve: focus on the reason
    assert page.evaluate("document.activeElement.id") == "reason"
    page.keyboard.type("NIK dicek manual.")
    page.keyboard.press("Control+Enter")
    assert page.locator("#confirm-dialog").is_visible()  # not clear: confirm first
    assert page.evaluate("document.activeElement.id") == "confirm-yes"
    page.screenshot(path=str(shots / "keyboard-confirm.png"))
    page.keyboard.press("Enter")
    page.wait_for_url(f"**/review/claims/{seeded.claim_id}?done=approve")
    page.keyboard.press("n")  # nothing left
    page.wait_for_url(f"{base}/review/?done=empty")
    assert page.locator("table.queue tbody tr td.muted").count() == 1
    with session_scope(settings.resolved_database_url) as s:
        assert s.get(Claim, older).correction is not None  # type: ignore[union-attr]  # open for correction
        assert s.get(Claim, seeded.claim_id).status == "verified"  # type: ignore[union-attr]
    assert not errors, errors


def test_api_docs_render_offline(serve: Callable[..., str], browser: Any, shots: Path) -> None:
    """Every request that leaves the app is refused: Swagger UI and ReDoc still render."""
    base = serve()
    errors: list[str] = []
    outside: list[str] = []
    page = _page(browser, errors)
    page.route(re.compile(r"^(?!http://127\.0\.0\.1:).*"), lambda route: (outside.append(route.request.url),
                                                                         route.abort()))
    page.goto(f"{base}/docs")
    page.wait_for_selector(".opblock", timeout=20_000)
    assert page.locator(".opblock").count() >= 8
    assert page.locator("button.authorize").count() >= 1  # the API key / session schemes
    page.screenshot(path=str(shots / "swagger-offline.png"))
    page.goto(f"{base}/redoc")
    page.wait_for_selector("h1", timeout=20_000)
    assert "eklaim-verify" in page.locator("h1").first.inner_text()
    page.wait_for_function("document.body.textContent.includes('ReviewerSession')", timeout=20_000)
    text = page.evaluate("document.body.textContent")
    assert "Authorizations:" in text and "ApiKey" in text and "ReviewerSession" in text
    page.screenshot(path=str(shots / "redoc-offline.png"))
    assert outside == [], outside
    # ReDoc's footer links its logo on a CDN: the page's policy blocks it before any request.
    assert not [e for e in errors if "Content Security Policy" not in e], errors
