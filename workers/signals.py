"""Cross-claim reviewer signals (contract "Signals"), computed by the verify job from the database.

* ``account_shared``: the claim's bank + account number is on claims of other NIKs;
* ``document_reused``: a page near-identical to one of another NIK's claim, or the same image
  in two slots of this claim;
* ``nik_open_claims``: the NIK has another claim not yet decided (no approve / reject).

The index (:class:`~intake.models.SignalKey`, :class:`~intake.models.PageHash`) holds no
plaintext: NIK and account are HMAC-SHA256 digests under the signal key (``EKLAIM_SIGNAL_KEY``,
else derived from the service secret), pages are perceptual hashes. Near-duplicate pages are
found by multi-index hashing: the 64-bit hash in four 16-bit buckets, each an indexed column;
two hashes within Hamming distance 3 share a bucket, so four index lookups find every
candidate, which the 256-bit hash then confirms. Detail holds claim ids, slots and distances,
never a value.
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from sqlalchemy import delete, or_, select
from sqlalchemy.orm import Session

from intake.cipher import service_secret
from intake.models import Claim, Decision, PageHash, SignalKey
from intake.records import ClaimForm
from intake.settings import Settings, get_settings
from ocr.messages import OcrCode
from ocr.records import DocumentResult, Signal
from ocr.signals import hamming_hex, make_signal

P256_MAX_DISTANCE = 24
"""Largest distance (of 256 bits) between 256-bit page hashes that confirms a bucket candidate.

Measured on generated pages: the same image rescaled and re-encoded 0-4, different documents
of the same template 38 and more (while their 64-bit hashes came as close as 2)."""

FINAL_DECISIONS = ("approve", "reject")
"""Decisions after which a claim is no longer open (``request_correction`` leaves it open)."""

MAX_LINKED = 20
"""Linked claim ids listed in one signal's detail (the count is exact)."""


def signal_key(settings: Settings) -> bytes:
    """The HMAC key of the signal index: ``EKLAIM_SIGNAL_KEY``, else derived from the service secret."""
    if settings.signal_key is not None:
        return settings.signal_key.get_secret_value().encode("utf-8")
    return hmac.new(service_secret(settings), b"eklaim-signal-index-v1", hashlib.sha256).digest()


def digest(kind: str, value: str, key: bytes) -> str:
    """Keyed hash (hex HMAC-SHA256) of a normalised value of ``kind``."""
    return hmac.new(key, f"{kind}:{value}".encode(), hashlib.sha256).hexdigest()


def claim_digests(form: ClaimForm, key: bytes) -> dict[str, str]:
    """``{"nik": ..., "account": ...}`` of a typed form (a part left out when the form lacks it)."""
    out: dict[str, str] = {}
    if form.nik:
        out["nik"] = digest("nik", form.nik, key)
    if form.bank and form.account_number:
        out["account"] = digest("account", f"{form.bank.upper()}|{form.account_number}", key)
    return out


def buckets(p64: str) -> tuple[int, int, int, int]:
    """The four 16-bit buckets of a 64-bit hex hash."""
    v = int(p64, 16)
    return ((v >> 48) & 0xFFFF, (v >> 32) & 0xFFFF, (v >> 16) & 0xFFFF, v & 0xFFFF)


@dataclass(frozen=True)
class PageMatch:
    """A stored page near-identical to a page of the claim."""

    claim_id: str
    slot: str
    page: int
    distance: int
    """Hamming distance of the 64-bit hashes."""


def near_pages(session: Session, p64s: Iterable[str], p256: str, *, max_distance: int = 3,
               exclude_claim: str | None = None) -> list[PageMatch]:
    """Stored pages within ``max_distance`` (<= 3) of any of ``p64s``, confirmed by ``p256``.

    Four indexed bucket lookups per hash (multi-index hashing), never a scan.
    """
    out: dict[tuple[str, str, int], PageMatch] = {}
    for p64 in p64s:
        b = buckets(p64)
        q = select(PageHash.claim_id, PageHash.slot, PageHash.page, PageHash.p64, PageHash.p256).where(
            or_(PageHash.b0 == b[0], PageHash.b1 == b[1], PageHash.b2 == b[2], PageHash.b3 == b[3]))
        if exclude_claim is not None:
            q = q.where(PageHash.claim_id != exclude_claim)
        for cid, slot, page, c64, c256 in session.execute(q):
            d = hamming_hex(p64, c64)
            if d <= max_distance and hamming_hex(p256, c256) <= P256_MAX_DISTANCE:
                k = (cid, slot, page)
                if k not in out or out[k].distance > d:
                    out[k] = PageMatch(cid, slot, page, d)
    return sorted(out.values(), key=lambda m: (m.distance, m.claim_id, m.slot, m.page))


def _claims_with(session: Session, kind: str, value: str, exclude: str) -> set[str]:
    return set(session.scalars(select(SignalKey.claim_id).where(
        SignalKey.kind == kind, SignalKey.digest == value, SignalKey.claim_id != exclude)))


def _other_nik(session: Session, claim_ids: set[str], nik_digest: str | None) -> set[str]:
    """Those of ``claim_ids`` whose NIK differs from ``nik_digest`` (or is not indexed)."""
    if not claim_ids:
        return set()
    same = set(session.scalars(select(SignalKey.claim_id).where(
        SignalKey.kind == "nik", SignalKey.digest == nik_digest, SignalKey.claim_id.in_(claim_ids)))) if nik_digest else set()
    return claim_ids - same


def _linked(ids: Iterable[str]) -> list[str]:
    return sorted(ids)[:MAX_LINKED]


def in_claim_reuse(documents: Mapping[str, DocumentResult], settings: Settings | None = None,
                   max_distance: int = 3) -> list[Signal]:
    """``document_reused`` for the same image uploaded in two slots of one claim."""
    if settings is not None:
        max_distance = min(max_distance, settings.reuse_max_distance)
    pages = [(slot, i + 1, h) for slot, d in documents.items() for i, h in enumerate(d.page_hashes)
             if "p64" in h and "p256" in h]
    out: list[Signal] = []
    for i, (slot_a, page_a, ha) in enumerate(pages):
        for slot_b, page_b, hb in pages[i + 1:]:
            if slot_a == slot_b:
                continue
            d = min(hamming_hex(ha["p64"], hb["p64"]), hamming_hex(ha.get("p64r", ha["p64"]), hb["p64"]))
            if d <= max_distance and hamming_hex(ha["p256"], hb["p256"]) <= P256_MAX_DISTANCE:
                out.append(make_signal(
                    "document_reused",
                    {"scope": "same_claim", "slot": slot_a, "page": page_a, "other_slot": slot_b, "other_page": page_b,
                     "distance": d},
                    OcrCode.DOCUMENT_REUSED_IN_CLAIM, settings))
    return out


def cross_claim_signals(session: Session, claim_id: str, form: ClaimForm, documents: Mapping[str, DocumentResult],
                        settings: Settings | None = None) -> list[Signal]:
    """The claim's cross-claim signals against every other indexed claim, then index the claim.

    Idempotent: the claim's own index rows are replaced (a re-verification writes them again).
    """
    settings = settings or get_settings()
    key = signal_key(settings)
    digests = claim_digests(form, key)
    nik = digests.get("nik")
    out: list[Signal] = []

    if "account" in digests:
        others = _other_nik(session, _claims_with(session, "account", digests["account"], claim_id), nik)
        if others:
            out.append(make_signal("account_shared", {"count": len(others), "claims": _linked(others)},
                                   OcrCode.ACCOUNT_SHARED, settings))

    max_d = settings.reuse_max_distance
    for slot, doc in documents.items():
        for i, h in enumerate(doc.page_hashes):
            if "p64" not in h or "p256" not in h:
                continue
            matches = near_pages(session, {h["p64"], h.get("p64r", h["p64"])}, h["p256"], max_distance=max_d,
                                 exclude_claim=claim_id)
            others = _other_nik(session, {m.claim_id for m in matches}, nik)
            if others:
                best = min((m for m in matches if m.claim_id in others), key=lambda m: m.distance)
                out.append(make_signal(
                    "document_reused",
                    {"scope": "other_claims", "slot": slot, "page": i + 1, "count": len(others),
                     "claims": _linked(others), "other_slot": best.slot, "distance": best.distance},
                    OcrCode.DOCUMENT_REUSED, settings))

    if nik:
        same = _claims_with(session, "nik", nik, claim_id)
        if same:
            decided = set(session.scalars(select(Decision.claim_id).where(
                Decision.claim_id.in_(same), Decision.action.in_(FINAL_DECISIONS))))
            live = set(session.scalars(select(Claim.id).where(Claim.id.in_(same - decided), Claim.status != "draft")))
            if live:
                out.append(make_signal("nik_open_claims", {"count": len(live), "claims": _linked(live)},
                                       OcrCode.NIK_OPEN_CLAIMS, settings))

    index_claim(session, claim_id, digests, documents)
    return out


def index_claim(session: Session, claim_id: str, digests: Mapping[str, str],
                documents: Mapping[str, DocumentResult]) -> None:
    """Replace the claim's rows of the signal index."""
    session.execute(delete(SignalKey).where(SignalKey.claim_id == claim_id))
    session.execute(delete(PageHash).where(PageHash.claim_id == claim_id))
    for kind, value in digests.items():
        session.add(SignalKey(claim_id=claim_id, kind=kind, digest=value))
    for slot, doc in documents.items():
        for i, h in enumerate(doc.page_hashes):
            if "p64" in h and "p256" in h:
                b = buckets(h["p64"])
                session.add(PageHash(claim_id=claim_id, slot=slot, page=i + 1, p64=h["p64"], p256=h["p256"],
                                     b0=b[0], b1=b[1], b2=b[2], b3=b[3]))
    session.flush()


__all__ = [
    "FINAL_DECISIONS",
    "P256_MAX_DISTANCE",
    "PageMatch",
    "buckets",
    "claim_digests",
    "cross_claim_signals",
    "digest",
    "in_claim_reuse",
    "index_claim",
    "near_pages",
    "signal_key",
]
