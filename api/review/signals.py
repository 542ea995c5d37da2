"""The claim page's signal summary (contract "Signals"): facts for the reviewer, never an accusation.

:func:`signals_context` turns the stored report's ``signals`` into what
``review/_signals.html`` shows at the top of the claim page: each signal's code, severity and
bilingual message, its document slot, and the other claims it links to. A linked claim is a
link only when the reviewer may see it (their branches; admins all); the others are counted,
never named. Nothing here shows a NIK, an account number or a name.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from api.auth import can_see_claim
from intake.models import Claim, User

SIGNAL_LABELS: dict[str, tuple[str, str]] = {
    "account_shared": ("Rekening dipakai klaim lain", "Account used by other claims"),
    "document_reused": ("Gambar dokumen dipakai ulang", "Document image reused"),
    "nik_open_claims": ("NIK punya klaim lain yang terbuka", "NIK has other open claims"),
    "ktp_nik_inconsistent": ("NIK tidak sesuai data KTP", "NIK disagrees with the KTP"),
    "photocopy": ("Fotokopi", "Photocopy"),
    "screen_capture": ("Foto dari layar", "Photo of a screen"),
    "pdf_edited": ("PDF diubah", "PDF edited"),
    "layout_unknown": ("Tata letak belum dikenal", "Layout not yet known"),
}
"""Signal code -> (Indonesian, English) short label."""

SHOWN_DETAIL = ("slot", "page", "other_slot", "distance", "count", "parts", "reason", "reasons", "pages", "scope",
                "recognised_by")
"""Detail keys shown on the page (facts about files and matches, never values)."""


def signals_context(session: Session, user: User, claim: Claim) -> dict[str, Any]:
    """``{"signals": [...], "signal_warn_count": n}`` for ``review/_signals.html``.

    Each entry: ``code``, ``severity``, ``label`` (id, en), ``message`` (id, en), ``facts``
    (the shown detail), ``links`` (linked claims the user may see: id, branch, verdict,
    status) and ``hidden`` (linked claims of branches the user may not see).
    """
    report: Mapping[str, Any] = claim.report or {}
    raw = [s for s in report.get("signals") or [] if isinstance(s, Mapping) and "signal" in s]
    linked_ids = {str(c) for s in raw for c in (_detail(s).get("claims") or [])}
    linked: dict[str, Claim] = {}
    if linked_ids:
        linked = {c.id: c for c in session.scalars(select(Claim).where(Claim.id.in_(linked_ids)))}
    out: list[dict[str, Any]] = []
    for s in raw:
        detail = _detail(s)
        links, hidden = [], 0
        for cid in detail.get("claims") or []:
            other = linked.get(str(cid))
            if other is not None and can_see_claim(user, other):
                links.append({"id": other.id, "branch": other.branch, "verdict": other.verdict, "status": other.status})
            else:
                hidden += 1  # another branch's claim, or one deleted since
        code = str(s["signal"])
        lid, len_ = SIGNAL_LABELS.get(code, (code, code))
        raw_msg = s.get("message")
        msg: Mapping[str, Any] = raw_msg if isinstance(raw_msg, Mapping) else {}
        out.append({
            "code": code,
            "severity": "warn" if s.get("severity") == "warn" else "info",
            "label": {"id": lid, "en": len_},
            "message": {"id": str(msg.get("id") or ""), "en": str(msg.get("en") or "")},
            "facts": {k: detail[k] for k in SHOWN_DETAIL if k in detail},
            "links": links,
            "hidden": hidden,
        })
    out.sort(key=lambda e: (e["severity"] != "warn", e["code"]))
    return {"signals": out, "signal_warn_count": sum(e["severity"] == "warn" for e in out)}


def _detail(signal: Mapping[str, Any]) -> Mapping[str, Any]:
    d = signal.get("detail")
    return d if isinstance(d, Mapping) else {}


__all__ = ["SIGNAL_LABELS", "signals_context"]
