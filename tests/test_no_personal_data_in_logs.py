"""No NIK, name or account number reaches a log line, through a whole claim's life.

The claim goes through the real API and the in-process job runner (the pipeline, matching,
report), then a reviewer opens it, downloads a document and decides, and an admin exports
the audit log. Every log output is captured: structlog and stdlib logging at DEBUG, and the
process's stdout/stderr file descriptors. The OCR engine is a stand-in that "reads" lines
holding the claimant's personal data, so those values flow through every stage.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest
from fastapi.testclient import TestClient

from intake.settings import Settings
from ocr.records import TextLine

SAMPLE = Path(__file__).resolve().parents[1] / "samples" / "claims" / "nik-typo"
FORM = json.loads((SAMPLE / "claim.json").read_text())
TRUTH = json.loads((SAMPLE / "truth.json").read_text())
PRINTED_NIK = TRUTH["claimant"]["nik"]


def _personal_values() -> list[str]:
    values = {FORM["nik"], PRINTED_NIK, FORM["full_name"], FORM["account_number"], FORM["kpj"], FORM["phone"],
              FORM["email"], FORM["account_holder"]}
    values |= set(FORM["full_name"].split()) - {"MUHAMMAD"}  # each distinctive name part
    return sorted(values)


class PersonalTextEngine:
    """An OCR stand-in that reads a KTP's lines holding the claimant's data."""

    name = "personal-text"
    version = "1"

    def recognise(self, image: np.ndarray) -> list[TextLine]:
        rows = ["PROVINSI JAWA TENGAH", "KABUPATEN TEGAL", f"NIK : {PRINTED_NIK}", f"Nama : {FORM['full_name']}",
                "Tempat/Tgl Lahir : TEGAL, 08-07-1972", "Jenis Kelamin : LAKI-LAKI", f"No. Rek : {FORM['account_number']}",
                f"KPJ : {FORM['kpj']}"]
        return [TextLine(text=t, confidence=0.97, box=[[10.0, 20.0 + 30 * i], [400.0, 20.0 + 30 * i],
                                                        [400.0, 45.0 + 30 * i], [10.0, 45.0 + 30 * i]])
                for i, t in enumerate(rows)]

    def warm_up(self) -> None:
        """Nothing to load."""


@pytest.fixture
def debug_logging(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Configure the service's logging at DEBUG for this test (and restore it after)."""
    import structlog

    import intake.logging as ilog

    monkeypatch.setenv("EKLAIM_LOG_LEVEL", "DEBUG")
    old_configured, old_config = ilog._configured, structlog.get_config()
    root = logging.getLogger()
    old_level = root.level
    ilog._configured = False
    structlog.reset_defaults()
    ilog.configure_logging("DEBUG")
    root.setLevel(logging.DEBUG)
    yield
    root.setLevel(old_level)
    structlog.configure(**old_config)
    ilog._configured = old_configured


def test_full_claim_flow_logs_no_personal_data(
    settings: Settings, debug_logging: None, caplog: pytest.LogCaptureFixture, capfd: pytest.CaptureFixture[str]
) -> None:
    from api.app import create_app
    from api.auth import create_api_key, create_user
    from intake.db import ensure_schema, session_scope
    from ocr.engine import set_engine_override
    from tests.api.review.conftest import csrf, login
    from workers.runner import get_dispatcher, reset_dispatchers

    caplog.set_level(logging.DEBUG)
    url = ensure_schema(settings)
    with session_scope(url) as s:
        create_user(s, "rina", "correct horse battery", "reviewer", [FORM["branch"]])
        create_user(s, "admin", "correct horse battery", "admin", [])
        _, key = create_api_key(s, "claim-form")
    set_engine_override(PersonalTextEngine())
    try:
        with TestClient(create_app(settings)) as client:
            r = client.post("/v1/claims", json=FORM)
            assert r.status_code == 201, r.text
            claim_id = r.json()["id"]
            for path in sorted(SAMPLE.iterdir()):
                if path.stem in ("ktp", "kk", "passbook"):
                    up = client.put(f"/v1/claims/{claim_id}/documents/{path.stem}",
                                    files={"file": (path.name, path.read_bytes(), "application/octet-stream")})
                    assert up.status_code == 201, up.text
            assert client.post(f"/v1/claims/{claim_id}/submit?allow_missing=true").status_code == 202
            assert get_dispatcher(settings).wait_idle(60)  # type: ignore[attr-defined]
            report = client.get(f"/v1/claims/{claim_id}/report")
            assert report.status_code == 200, report.text
            assert PRINTED_NIK in report.text  # the personal data really flowed through the pipeline

            assert login(client, "rina", "wrong").status_code == 401
            assert login(client, "rina", "correct horse battery").status_code == 303
            page = client.get(f"/review/claims/{claim_id}")
            assert page.status_code == 200
            docs = [ln.split("/documents/")[1].split("/")[0] for ln in page.text.split('"') if "/file" in ln]
            assert docs and client.get(f"/review/claims/{claim_id}/documents/{docs[0]}/file").status_code == 200
            token = csrf(client, f"/review/claims/{claim_id}")
            reason = f"Nama {FORM['full_name']} dan NIK {FORM['nik']} tidak cocok."
            r = client.post(f"/review/claims/{claim_id}/decision",
                            data={"action": "request_correction", "reason_code": "data_mismatch", "reason": reason,
                                  "slots": ["ktp"], "csrf_token": token})
            assert r.status_code == 200
            link = client.get(f"/v1/claims/{claim_id}/status-link", headers={"X-API-Key": key}).json()["status_url"]
            assert client.get(link).status_code == 200
            client.cookies.clear()
            login(client, "admin", "correct horse battery")
            export = client.get("/review/admin/audit/export?format=json")
            assert export.status_code == 200
    finally:
        set_engine_override(None)
        reset_dispatchers()

    out, err = capfd.readouterr()
    logs = "\n".join([out, err, caplog.text, *(json.dumps(r.__dict__, default=str) for r in caplog.records)])
    assert "claim" in logs.lower() or caplog.records or err  # something was logged at all
    leaked = [v for v in _personal_values() if v.lower() in logs.lower()]
    assert not leaked, f"personal data in logs: {len(leaked)} value(s)"
    # The audit export holds no personal data either (ids, actions, codes only).
    audit = export.text
    assert not [v for v in _personal_values() if v in audit]
