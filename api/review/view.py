"""What the review pages show, built from the stored claim, documents and report (no I/O)."""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass, field
from typing import Any

from intake.models import Claim, Document
from intake.records import DOC_TYPES

CHECK_ORDER = {"mismatch": 0, "unreadable": 1, "missing": 2, "match": 3, "not_applicable": 10}
"""Mismatches first, then what could not be read, then what is missing, then matches; checks the
claim's reason does not use (``not_applicable``) last."""

CHECK_FIELD: dict[str, tuple[str, str]] = {
    "ktp.nik": ("ktp", "nik"),
    "ktp.full_name": ("ktp", "full_name"),
    "ktp.birth_date": ("ktp", "birth_date"),
    "kk.nik": ("kk", "members"),
    "bpjs_card.kpj": ("bpjs_card", "kpj"),
    "bpjs_card.full_name": ("bpjs_card", "full_name"),
    "resignation_letter.full_name": ("resignation_letter", "full_name"),
    "resignation_letter.waiting_period": ("resignation_letter", "resignation_date"),
    "passbook.account_number": ("passbook", "account_number"),
    "passbook.account_holder": ("passbook", "account_holder"),
    "claim.age": ("ktp", "birth_date"),
}
"""Which document field a check compares (for the box colour and the highlight link);
``form.account_holder`` compares two typed values and has none."""

REPORT_CODE_LABELS = {
    "reason_needs_branch": "Perlu dokumen di kantor cabang / Needs documents at a branch",
}
"""Report ``code`` -> what the claim page says about it."""

SLOT_LABELS = {
    "ktp": "KTP",
    "kk": "Kartu Keluarga",
    "bpjs_card": "Kartu BPJS Ketenagakerjaan",
    "resignation_letter": "Surat keterangan berhenti bekerja",
    "passbook": "Buku tabungan",
}


@dataclass
class Box:
    """One field box drawn over a page image (in stored-image pixels)."""

    field: str
    points: str
    """SVG ``points`` attribute."""
    status: str
    """Check status colouring the box (``match``/``mismatch``/``unreadable``/``missing``/``none``)."""
    label_x: float
    label_y: float


@dataclass
class PageView:
    """One page image of a document, with its boxes."""

    page: int
    width: int
    height: int
    url: str
    boxes: list[Box] = field(default_factory=list)


@dataclass
class DocumentView:
    """One document slot on the claim page."""

    slot: str
    label: str
    doc_id: str | None
    state: str
    status: str | None
    reason: str | None
    message: dict[str, str] | None
    quality: dict[str, Any]
    fields: list[dict[str, Any]]
    pages: list[PageView]
    download_url: str | None


def sorted_checks(report: dict[str, Any] | None) -> list[dict[str, Any]]:
    """The report's checks, mismatches first (stable otherwise)."""
    checks = list((report or {}).get("checks") or [])
    out = []
    for i, c in enumerate(checks):
        slot_field = CHECK_FIELD.get(str(c.get("check")))
        out.append({**c, "_i": i, "anchor": f"{slot_field[0]}-{slot_field[1]}" if slot_field else None})
    out.sort(key=lambda c: (CHECK_ORDER.get(str(c.get("status")), 9), c["_i"]))
    return out


def _field_status(checks: list[dict[str, Any]]) -> dict[tuple[str, str], str]:
    worst: dict[tuple[str, str], str] = {}
    for c in checks:
        key = CHECK_FIELD.get(str(c.get("check")))
        if key is None:
            continue
        status = str(c.get("status"))
        if key not in worst or CHECK_ORDER.get(status, 9) < CHECK_ORDER.get(worst[key], 9):
            worst[key] = status
    return worst


def _display_value(value: Any) -> str:
    if isinstance(value, list):
        return "; ".join(
            " ".join(str(m.get(k, "")) for k in ("nik", "full_name", "relationship") if m.get(k))
            if isinstance(m, dict) else str(m)
            for m in value
        )
    return "" if value is None else str(value)


def document_view(claim: Claim, slot: str, doc: Document | None, checks: list[dict[str, Any]]) -> DocumentView:
    """The view of one slot: status, message, quality, fields and the page images with boxes."""
    report_doc = ((claim.report or {}).get("documents") or {}).get(slot) or {}
    result = (doc.result if doc is not None else None) or report_doc
    statuses = _field_status(checks)
    fields = []
    for name, fv in (result.get("fields") or {}).items():
        if not isinstance(fv, dict):
            continue
        fields.append({"name": name, "value": _display_value(fv.get("value")), "confidence": fv.get("confidence"),
                       "page": fv.get("page", 1), "status": statuses.get((slot, name), "none"),
                       "anchor": f"{slot}-{name}"})
    pages: list[PageView] = []
    if doc is not None:
        for entry in doc.page_images or []:
            if not isinstance(entry, dict):
                continue
            n = int(entry.get("page", 1))
            scale = float(entry.get("scale") or 1.0)
            pv = PageView(page=n, width=int(entry["width"]), height=int(entry["height"]),
                          url=f"/review/claims/{claim.id}/documents/{doc.id}/pages/{n}")
            for name, fv in (result.get("fields") or {}).items():
                if not isinstance(fv, dict) or int(fv.get("page", 1)) != n or not fv.get("box"):
                    continue
                try:
                    pts = [(float(x) * scale, float(y) * scale) for x, y in fv["box"]]
                except (TypeError, ValueError):
                    continue
                pv.boxes.append(Box(field=name, points=" ".join(f"{x:.1f},{y:.1f}" for x, y in pts),
                                    status=statuses.get((slot, name), "none"),
                                    label_x=min(x for x, _ in pts), label_y=max(min(y for _, y in pts) - 4, 10)))
            pages.append(pv)
    return DocumentView(
        slot=slot, label=SLOT_LABELS.get(slot, slot), doc_id=doc.id if doc else None,
        state=doc.state if doc else "missing", status=result.get("status") or (None if doc else "missing"),
        reason=result.get("reason"), message=result.get("message"), quality=dict(result.get("quality") or {}),
        fields=fields, pages=pages,
        download_url=f"/review/claims/{claim.id}/documents/{doc.id}/file" if doc else None,
    )


def claim_view(claim: Claim, docs: dict[str, Document]) -> dict[str, Any]:
    """Everything the claim page shows."""
    checks = sorted_checks(claim.report)
    documents = [document_view(claim, slot, docs.get(slot), checks) for slot in DOC_TYPES]
    report = claim.report or {}
    return {
        "claim": claim,
        "form": claim.form or {},
        "checks": checks,
        "mismatches": sum(1 for c in checks if c.get("status") == "mismatch"),
        "documents": documents,
        "problems": report.get("form_problems") or report.get("problems") or [],
        "claim_reason": report.get("claim_reason") or (claim.form or {}).get("claim_reason"),
        "report_code": report.get("code"),
        "report_code_label": REPORT_CODE_LABELS.get(str(report.get("code")), report.get("code")),
        "contract": report.get("contract", 1) if report else None,
    }


def status_token(secret: bytes, claim_id: str) -> str:
    """The claimant's status-page token of ``claim_id`` (HMAC-SHA256, 128 bits, hex)."""
    return hmac.new(secret, b"eklaim.status:" + claim_id.encode(), hashlib.sha256).hexdigest()[:32]


def status_token_ok(secret: bytes, claim_id: str, token: str) -> bool:
    """Constant-time check of a status-page token."""
    return hmac.compare_digest(status_token(secret, claim_id).encode(), (token or "").encode()[:64])
