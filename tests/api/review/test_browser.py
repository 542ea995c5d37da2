"""Real-browser tests of the review pages (Playwright + Debian chromium, never a download).

The app runs under uvicorn on 127.0.0.1 (random port) in a thread, on a seeded database.
Screenshots go to ``artifacts/screenshots/`` (git-ignored).
"""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from intake.settings import Settings
from tests.api.review.conftest import RecordingDispatcher
from tests.api.review.seed import PASSWORD, Seeded

CHROMIUM = Path("/usr/bin/chromium")
SHOTS = Path(__file__).resolve().parents[3] / "artifacts" / "screenshots"
LAUNCH_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
               "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage"]

pytestmark = pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian chromium not installed (apt-get install chromium)")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
def server(settings: Settings, seeded: Seeded) -> Iterator[str]:
    """The app served by uvicorn on a random local port."""
    import uvicorn

    from api.app import create_app

    port = _free_port()
    config = uvicorn.Config(create_app(settings, dispatcher=RecordingDispatcher()), host="127.0.0.1", port=port,
                            log_level="warning", access_log=False, lifespan="on")
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


@pytest.fixture
def browser() -> Iterator[object]:
    """Headless Debian chromium."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=LAUNCH_ARGS)
        try:
            yield b
        finally:
            b.close()


def _sign_in(page, base: str, username: str) -> None:
    page.goto(f"{base}/review/")
    assert "/review/login" in page.url
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{base}/review/")


def test_reviewer_flow(server: str, browser, seeded: Seeded) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    ctx = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = ctx.new_page()
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("response", lambda r: errors.append(f"{r.status} {r.url}") if r.status >= 400 else None)
    page.goto(f"{server}/review/login")
    page.screenshot(path=str(SHOTS / "01-login.png"))
    _sign_in(page, server, "rina")
    assert page.locator(f"a[href='/review/claims/{seeded.claim_id}']").count() == 1
    assert page.locator(f"a[href='/review/claims/{seeded.other_claim_id}']").count() == 0
    page.screenshot(path=str(SHOTS / "02-queue.png"), full_page=True)

    page.click(f"a[href='/review/claims/{seeded.claim_id}']")
    page.wait_for_load_state("networkidle")
    img = page.locator("#doc-ktp .overlay-wrap img")
    assert img.evaluate("i => i.complete && i.naturalWidth") > 0  # the decrypted page image loaded
    nik_box = page.locator("#doc-ktp polygon[data-field='ktp-nik']")
    assert "status-mismatch" in (nik_box.get_attribute("class") or "")
    # The SVG overlay lies exactly over the image.
    ib, sb = img.bounding_box(), page.locator("#doc-ktp svg.overlay").bounding_box()
    assert ib and sb and abs(ib["width"] - sb["width"]) < 2 and abs(ib["height"] - sb["height"]) < 2
    first = page.locator("table.checks-table tbody tr").first
    assert "status-mismatch" in (first.get_attribute("class") or "")
    colour = first.locator("td").first.evaluate("td => getComputedStyle(td).backgroundColor")
    assert colour == "rgb(255, 227, 227)"  # mismatch highlight
    first.click()  # highlights the NIK box
    assert "active" in (nik_box.get_attribute("class") or "")
    page.screenshot(path=str(SHOTS / "03-claim.png"), full_page=True)

    page.check("input[name=action][value=request_correction]")
    page.select_option("select[name=reason_code]", "data_mismatch")
    page.fill("textarea[name=reason]", "NIK pada formulir berbeda satu angka dengan KTP.")
    page.click("#decide-submit")
    page.wait_for_url(f"**/review/claims/{seeded.claim_id}?done=request_correction")
    assert page.locator(".history li").first.inner_text().count("rina") == 1
    page.screenshot(path=str(SHOTS / "04-decided.png"))
    assert not errors, errors  # no CSP violations or script errors
    ctx.close()


def test_other_branch_gets_404(server: str, browser, seeded: Seeded) -> None:
    ctx = browser.new_context()
    page = ctx.new_page()
    _sign_in(page, server, "budi")
    resp = page.goto(f"{server}/review/claims/{seeded.claim_id}")
    assert resp is not None and resp.status == 404
    page.screenshot(path=str(SHOTS / "05-other-branch-404.png"))
    ctx.close()


def test_claimant_status_on_a_phone(server: str, browser, seeded: Seeded, settings: Settings) -> None:
    from api.review.routes import status_url

    SHOTS.mkdir(parents=True, exist_ok=True)
    ctx = browser.new_context(viewport={"width": 390, "height": 844}, device_scale_factor=2, is_mobile=True,
                              has_touch=True)
    page = ctx.new_page()
    resp = page.goto(server + status_url(None, seeded.claim_id, settings))
    assert resp is not None and resp.status == 200
    assert page.evaluate("document.documentElement.scrollWidth") <= 390  # no sideways scrolling
    assert page.locator(".fix-list li").count() >= 1
    page.screenshot(path=str(SHOTS / "06-status-phone.png"), full_page=True)
    ctx.close()
