"""A seeded database for the review tests: users of two branches, an admin, and a verified
claim with a stored report (one mismatch) and a normalised KTP page image with field boxes.

No OCR runs: the result and report are built by hand (the tests are about the pages).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

import numpy as np
from PIL import Image, ImageDraw, ImageFont

from intake.settings import Settings

PASSWORD = "correct horse battery"
BRANCH_A = "KCP TEGAL TIMUR"
BRANCH_B = "KC BANDUNG SUCI"

FORM: dict[str, str] = {
    "nik": "3328020807720069",
    "full_name": "MUHAMMAD FIKRI FIRMANSYAH",
    "birth_date": "080772",
    "kpj": "19317246889",
    "claim_reason": "resign",
    "phone": "08969725564",
    "email": "muhammad.firmansyah72@example.com",
    "bank": "BTN",
    "account_number": "8748234046548887",
    "account_holder": "MUHAMMAD FIKRI FIRMANSYAH",
    "branch": BRANCH_A,
    "submitted_on": "2026-02-25",
}
"""The typed form (sample claim ``nik-typo``: the typed NIK differs in one digit)."""
KTP_NIK = "3328020807720019"
"""The NIK printed on the KTP."""

PERSONAL_VALUES: tuple[str, ...] = (FORM["nik"], KTP_NIK, FORM["full_name"], FORM["account_number"], FORM["kpj"],
                                    FORM["phone"], FORM["email"])


@dataclass
class Seeded:
    """Ids of what :func:`seed` created."""

    claim_id: str
    other_claim_id: str
    doc_id: str
    users: dict[str, str] = field(default_factory=dict)
    """Role name -> user name."""


def _font(size: int) -> Any:
    try:
        return ImageFont.truetype("DejaVuSans-Bold.ttf", size)
    except OSError:
        return ImageFont.load_default(size=size)


def ktp_image() -> tuple[np.ndarray, dict[str, list[list[float]]]]:
    """A synthetic KTP-like page and the boxes of its fields (page pixels)."""
    img = Image.new("RGB", (1100, 630), (190, 220, 240))
    draw = ImageDraw.Draw(img)
    draw.rectangle([0, 0, 1099, 70], fill=(60, 120, 190))
    draw.text((250, 18), "PROVINSI JAWA TENGAH", fill="white", font=_font(30))
    rows = [("nik", "NIK", KTP_NIK), ("full_name", "Nama", FORM["full_name"]),
            ("birth_date", "Tempat/Tgl Lahir", "TEGAL, 08-07-1972"), ("gender", "Jenis Kelamin", "LAKI-LAKI")]
    boxes: dict[str, list[list[float]]] = {}
    y = 110
    for name, label, value in rows:
        font = _font(34 if name == "nik" else 26)
        draw.text((40, y), label, fill="black", font=_font(26))
        draw.text((300, y), ":", fill="black", font=_font(26))
        x0, y0, x1, y1 = draw.textbbox((330, y), value, font=font)
        draw.text((330, y), value, fill="black", font=font)
        boxes[name] = [[x0 - 6, y0 - 6], [x1 + 6, y0 - 6], [x1 + 6, y1 + 6], [x0 - 6, y1 + 6]]
        y += 70
    draw.rectangle([860, 150, 1060, 430], fill=(230, 230, 230), outline=(120, 120, 120))
    return np.asarray(img), boxes


def _message(id_text: str, en: str) -> dict[str, str]:
    return {"id": id_text, "en": en}


def report_for(claim_id: str, ktp_result: dict[str, Any]) -> dict[str, Any]:
    """A contract report with a NIK mismatch and a missing passbook."""
    checks = [
        {"check": "ktp.nik", "status": "mismatch", "typed": FORM["nik"], "found": KTP_NIK, "score": 94,
         "message": _message("NIK yang diketik berbeda dengan NIK pada KTP.", "The typed NIK differs from the KTP.")},
        {"check": "ktp.full_name", "status": "match", "typed": FORM["full_name"], "found": FORM["full_name"],
         "score": 100, "message": _message("Cocok.", "Matches.")},
        {"check": "ktp.birth_date", "status": "match", "typed": "1972-07-08", "found": "1972-07-08", "score": 100,
         "message": _message("Cocok.", "Matches.")},
        {"check": "passbook.account_number", "status": "missing", "typed": FORM["account_number"], "found": None,
         "score": None, "message": _message("Unggah buku tabungan.", "Upload the bank passbook.")},
        {"check": "claim.age", "status": "not_applicable", "typed": "2026-02-25", "found": None, "score": None,
         "message": _message("Tidak berlaku untuk klaim dengan alasan mengundurkan diri.",
                             "Does not apply to a claim for resignation."), "code": "not_applicable"},
        {"check": "form.account_holder", "status": "match", "typed": FORM["account_holder"],
         "found": FORM["full_name"], "score": 100, "message": _message("Sesuai.", "Matches."), "code": "matches"},
    ]
    return {
        "claim_id": claim_id, "verdict": "needs_correction",
        "documents": {
            "ktp": ktp_result,
            "passbook": {"status": "missing", "reason": "missing",
                         "message": _message("Buku tabungan belum diunggah.", "The passbook was not uploaded."),
                         "detected_type": None, "pages": 0, "quality": {}, "fields": {}},
        },
        "checks": checks,
        "contract": 2,
        "claim_reason": "resign",
        "code": None,
    }


def seed(settings: Settings) -> Seeded:
    """Create the users, the claim with its KTP document and report, and another branch's claim."""
    from api.auth import create_user
    from intake import repo
    from intake.db import ensure_schema, session_scope
    from intake.page_images import store_page_images
    from intake.storage import get_blob_store

    url = ensure_schema(settings)
    image, boxes = ktp_image()
    import io

    buf = io.BytesIO()
    Image.fromarray(image).save(buf, format="PNG")
    upload = buf.getvalue()
    blob_id = get_blob_store(settings).put(upload)
    ktp_result = {
        "status": "accepted", "reason": None, "message": None, "detected_type": "ktp", "pages": 1,
        "quality": {"blur": 812.4, "brightness": 171.2, "contrast": 48.3, "glare": 0.002, "width": 1000, "height": 630},
        "fields": {
            "nik": {"value": KTP_NIK, "confidence": 0.97, "page": 1, "box": boxes["nik"]},
            "full_name": {"value": FORM["full_name"], "confidence": 0.95, "page": 1, "box": boxes["full_name"]},
            "birth_date": {"value": "1972-07-08", "confidence": 0.93, "page": 1, "box": boxes["birth_date"]},
            "gender": {"value": "LAKI-LAKI", "confidence": 0.99, "page": 1, "box": boxes["gender"]},
        },
        "slot": "ktp",
    }
    with session_scope(url) as s:
        users = {
            "reviewer": create_user(s, "rina", PASSWORD, "reviewer", [BRANCH_A]).username,
            "other": create_user(s, "budi", PASSWORD, "reviewer", [BRANCH_B]).username,
            "admin": create_user(s, "admin", PASSWORD, "admin", []).username,
        }
        claim = repo.create_claim(s, FORM, BRANCH_A, date(2026, 2, 25))
        doc, _ = repo.put_document(s, claim.id, "ktp", blob_id, "png", len(upload), 1, "ktp.png")
        repo.mark_document(s, doc.id, "done", result=ktp_result, engine="test")
        repo.save_report(s, claim.id, report_for(claim.id, ktp_result), "needs_correction", "test")
        other = repo.create_claim(s, {**FORM, "branch": BRANCH_B}, BRANCH_B, date(2026, 2, 26))
        repo.save_report(s, other.id, {"claim_id": other.id, "verdict": "clear", "documents": {}, "checks": []},
                         "clear", "test")
        claim_id, other_id, doc_id = claim.id, other.id, doc.id
    store_page_images(doc_id, [image], settings=settings)
    return Seeded(claim_id=claim_id, other_claim_id=other_id, doc_id=doc_id, users=users)
