"""Reviewer pages (``/review``), the admin audit log and the claimant status page (``/status``).

Every handler is a plain ``def`` (run in the thread pool: database, decryption, image bytes).
Every claim or document read goes through :func:`api.auth.claim_for_user`: a claim of
another branch is a 404 like an unknown id. Every view, download and decision is appended to
the audit log (who, what, when; never personal data).
"""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from fastapi.templating import Jinja2Templates
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from api.auth import (
    SESSION_COOKIE,
    SESSION_MAX_AGE_S,
    ApiKeyDep,
    CsrfChecked,
    CurrentAdmin,
    CurrentReviewer,
    DbSession,
    NotAuthenticated,
    OptionalUser,
    TooManyAttempts,
    authenticate,
    claim_for_user,
    client_ip,
    cookie_secure,
    csrf_token_for,
    issue_session_token,
    request_settings,
    revoke_session,
    session_secret,
    set_csrf_cookie,
    visible_branches,
)
from api.deps import NO_NUL, ClaimId, DocumentId
from api.review.audit_export import audit_rows, export_csv, export_json
from api.review.view import SLOT_LABELS, claim_view, status_token, status_token_ok
from intake import repo
from intake.errors import EklaimError, Message
from intake.models import (
    CLAIM_STATUSES,
    DECISION_ACTIONS,
    VERDICTS,
    Claim,
    Decision,
    Document,
    User,
    utcnow,
)
from intake.page_images import MEDIA_TYPES, page_entry
from intake.reasons import normalise_claim_reason, slot_required
from intake.records import DOC_TYPES

TEMPLATES_DIR = Path(__file__).resolve().parents[1] / "templates"
STATIC_DIR = Path(__file__).resolve().parents[1] / "static"
PAGE_SIZE = 50

templates = Jinja2Templates(directory=str(TEMPLATES_DIR))

router = APIRouter(prefix="/review", tags=["review"], include_in_schema=False)
"""Reviewer and admin pages."""
status_router = APIRouter(tags=["claimant status"])
"""The claimant's status page and the claim form's status-link endpoint."""

SECURITY_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
        "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
    ),
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "no-referrer",
    "Cache-Control": "no-store",
}
"""Sent with every page and image: local assets only, no framing, nothing cached or leaked."""

DECISION_LABELS = {"approve": "Disetujui / Approved", "request_correction": "Perlu perbaikan / Correction requested",
                   "reject": "Ditolak / Rejected"}
VERDICT_LABELS = {"clear": "Sesuai / Clear", "needs_correction": "Perlu perbaikan / Needs correction",
                  "needs_review": "Perlu diperiksa / Needs review"}


class ReasonRequired(EklaimError):
    """A correction request or rejection without a reason (422)."""

    http_status = 422

    def __init__(self) -> None:
        super().__init__("reason_required", Message(
            id="Tuliskan alasan untuk permintaan perbaikan atau penolakan.",
            en="Give a reason when asking for a correction or rejecting."))


def _render(request: Request, name: str, context: dict[str, Any], status_code: int = 200) -> HTMLResponse:
    token, signed = csrf_token_for(request)
    ctx = {"csrf_token": token, "slot_labels": SLOT_LABELS, "verdict_labels": VERDICT_LABELS,
           "decision_labels": DECISION_LABELS, **context}
    response = templates.TemplateResponse(request, name, ctx, status_code=status_code, headers=SECURITY_HEADERS)
    set_csrf_cookie(response, signed)
    return response


def _login_redirect(request: Request) -> RedirectResponse:
    target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
    return RedirectResponse(f"/review/login?{urlencode({'next': target})}", status_code=303,
                            headers=SECURITY_HEADERS)


def _safe_next(target: str | None) -> str:
    """Only same-site review paths (no open redirect)."""
    if target and target.startswith("/review") and not target.startswith("//") and "\\" not in target:
        return target
    return "/review/"


# Sign-in ----------------------------------------------------------------------------------


@router.get("/login", response_class=HTMLResponse)
def login_page(request: Request, user: OptionalUser, next: str | None = None) -> Response:
    """The sign-in form."""
    if user is not None:
        return RedirectResponse(_safe_next(next), status_code=303)
    return _render(request, "review/login.html", {"next": _safe_next(next), "error": None, "user": None})


@router.post("/login", response_class=HTMLResponse)
def login(
    request: Request,
    session: DbSession,
    _csrf: CsrfChecked,
    username: Annotated[str, Form(max_length=128, pattern=NO_NUL)] = "",
    password: Annotated[str, Form(max_length=1024)] = "",
    next: Annotated[str, Form(max_length=512, pattern=NO_NUL)] = "/review/",
) -> Response:
    """Check the password (rate-limited per user name and IP) and start a session."""
    try:
        user = authenticate(session, username, password, client_ip(request))
    except (NotAuthenticated, TooManyAttempts) as exc:
        return _render(request, "review/login.html",
                       {"next": _safe_next(next), "error": exc.message, "user": None, "username": username[:128]},
                       status_code=exc.http_status)
    response = RedirectResponse(_safe_next(next), status_code=303, headers=SECURITY_HEADERS)
    token = issue_session_token(user, request_settings(request), session=session)
    response.set_cookie(SESSION_COOKIE, token,
                        max_age=SESSION_MAX_AGE_S, httponly=True, samesite="strict",
                        secure=cookie_secure(request_settings(request)), path="/")
    return response


@router.post("/logout")
def logout(request: Request, session: DbSession, user: OptionalUser, _csrf: CsrfChecked) -> Response:
    """End the session on the server (its row is revoked: the old cookie opens nothing) and
    remove the cookie."""
    revoke_session(session, request)
    if user is not None:
        repo.record_audit(session, user.username, "auth.logout", detail={"ip": client_ip(request)})
    response = RedirectResponse("/review/login", status_code=303, headers=SECURITY_HEADERS)
    response.delete_cookie(SESSION_COOKIE, path="/", httponly=True, samesite="strict",
                           secure=cookie_secure(request_settings(request)))
    return response


# Queue ------------------------------------------------------------------------------------


def _parse_date(text: str | None) -> date | None:
    try:
        return date.fromisoformat(text) if text else None
    except ValueError:
        return None


def _queue_query(user: User, verdict: str | None, status: str | None, date_from: date | None,
                 date_to: date | None, claim_id: str | None) -> Any:
    q = select(Claim)
    branches = visible_branches(user)
    if branches is not None:
        q = q.where(Claim.branch.in_(branches))
    if verdict == "none":
        q = q.where(Claim.verdict.is_(None))
    elif verdict in VERDICTS:
        q = q.where(Claim.verdict == verdict)
    if status in CLAIM_STATUSES:
        q = q.where(Claim.status == status)
    if date_from is not None:
        q = q.where(Claim.submitted_on >= date_from)
    if date_to is not None:
        q = q.where(Claim.submitted_on <= date_to)
    if claim_id:
        cleaned = "".join(ch for ch in claim_id.lower() if ch in "0123456789abcdef")[:32]
        q = q.where(Claim.id.startswith(cleaned)) if cleaned else q.where(Claim.id == "-")
    return q


@router.get("", include_in_schema=False)
def queue_root() -> Response:
    """``/review`` -> ``/review/``."""
    return RedirectResponse("/review/", status_code=307)


@router.get("/", response_class=HTMLResponse)
def queue(
    request: Request,
    session: DbSession,
    user: OptionalUser,
    verdict: Annotated[str | None, Query(max_length=32, pattern=NO_NUL)] = None,
    status: Annotated[str | None, Query(max_length=32, pattern=NO_NUL)] = None,
    date_from: Annotated[str | None, Query(alias="from", max_length=10, pattern=NO_NUL)] = None,
    date_to: Annotated[str | None, Query(alias="to", max_length=10, pattern=NO_NUL)] = None,
    claim_id: Annotated[str | None, Query(max_length=64, pattern=NO_NUL)] = None,
    page: Annotated[int, Query(ge=1, le=10_000)] = 1,
) -> Response:
    """The claims of the reviewer's branches, newest first, with filters and counts."""
    if user is None:
        return _login_redirect(request)
    d_from, d_to = _parse_date(date_from), _parse_date(date_to)
    q = _queue_query(user, verdict, status, d_from, d_to, claim_id)
    total = session.scalar(select(func.count()).select_from(q.subquery())) or 0
    claims = list(session.scalars(q.order_by(Claim.created_at.desc(), Claim.id)
                                  .limit(PAGE_SIZE).offset((page - 1) * PAGE_SIZE)))
    # Counts per verdict (and awaiting a verdict) over the reviewer's branches, other filters off.
    base = _queue_query(user, None, None, None, None, None).subquery()
    counts = {str(v or "none"): int(n) for v, n in session.execute(
        select(base.c.verdict, func.count()).group_by(base.c.verdict)).all()}
    ids = [c.id for c in claims]
    latest: dict[str, Decision] = {}
    if ids:
        for d in session.scalars(select(Decision).where(Decision.claim_id.in_(ids)).order_by(Decision.at)):
            latest[d.claim_id] = d
    mismatches = {c.id: sum(1 for ch in ((c.report or {}).get("checks") or []) if ch.get("status") == "mismatch")
                  for c in claims}
    filters = {"verdict": verdict or "", "status": status or "", "from": date_from or "", "to": date_to or "",
               "claim_id": claim_id or ""}
    next_q = urlencode({**{k: v for k, v in filters.items() if v}, "page": page + 1})
    prev_q = urlencode({**{k: v for k, v in filters.items() if v}, "page": page - 1})
    return _render(request, "review/queue.html", {
        "user": user, "claims": claims, "total": total, "counts": counts, "filters": filters,
        "latest": latest, "mismatches": mismatches, "page": page,
        "next_url": f"/review/?{next_q}" if page * PAGE_SIZE < total else None,
        "prev_url": f"/review/?{prev_q}" if page > 1 else None,
        "verdicts": VERDICTS, "statuses": CLAIM_STATUSES,
        "branches": visible_branches(user),
    })


# Claim ------------------------------------------------------------------------------------


def _decisions(session: Session, claim_id: str) -> list[dict[str, Any]]:
    rows = session.execute(
        select(Decision, User.username).join(User, User.id == Decision.user_id)
        .where(Decision.claim_id == claim_id).order_by(Decision.at.desc(), Decision.id.desc())
    ).all()
    return [{"action": d.action, "reason": d.reason, "at": d.at, "by": name} for d, name in rows]


@router.get("/claims/{claim_id}", response_class=HTMLResponse)
def claim_page(request: Request, claim_id: ClaimId, session: DbSession, user: OptionalUser) -> Response:
    """One claim: page images with field boxes, typed vs found, messages, quality, decisions."""
    if user is None:
        return _login_redirect(request)
    claim = claim_for_user(session, user, claim_id)
    docs = repo.current_documents(session, claim.id)
    repo.record_audit(session, user.username, "claim.viewed", claim.id, {"ip": client_ip(request)})
    view = claim_view(claim, docs)
    return _render(request, "review/claim.html", {
        "user": user, **view, "decisions": _decisions(session, claim.id), "actions": DECISION_ACTIONS,
        "status_url": status_url(request, claim.id),
        "notice": request.query_params.get("done"),
    })


def _document_for(session: Session, user: User, claim_id: str, doc_id: str) -> tuple[Claim, Document]:
    claim = claim_for_user(session, user, claim_id)
    doc = session.get(Document, doc_id) if len(doc_id) <= 64 else None
    if doc is None or doc.claim_id != claim.id:
        raise repo._not_found("document")
    return claim, doc


@router.get("/claims/{claim_id}/documents/{doc_id}/pages/{page}")
def page_image(request: Request, claim_id: ClaimId, doc_id: DocumentId, page: int, session: DbSession,
               user: CurrentReviewer) -> Response:
    """A normalised page image (decrypted), the one the boxes refer to."""
    claim, doc = _document_for(session, user, claim_id, doc_id)
    entry = page_entry(doc, page)
    if entry is None:
        raise repo._not_found("document")
    data = _store(request).get(entry["blob_id"])
    repo.record_audit(session, user.username, "document.page_viewed", claim.id,
                      {"document_id": doc.id, "slot": doc.slot, "page": page})
    return Response(data, media_type=MEDIA_TYPES.get(entry.get("format", "jpeg"), "image/jpeg"),
                    headers={**SECURITY_HEADERS, "Cache-Control": "private, no-store"})


def _store(request: Request) -> Any:
    """The app's (encrypting) blob store."""
    services = getattr(request.app.state, "services", None)
    if services is not None:
        return services.store
    from intake.storage import get_blob_store

    return get_blob_store(request_settings(request))


@router.get("/claims/{claim_id}/documents/{doc_id}/file")
def download_document(request: Request, claim_id: ClaimId, doc_id: DocumentId, session: DbSession,
                      user: CurrentReviewer) -> Response:
    """The uploaded file as sent (decrypted), as an attachment."""
    claim, doc = _document_for(session, user, claim_id, doc_id)
    data = _store(request).get(doc.blob_id)
    repo.record_audit(session, user.username, "document.downloaded", claim.id,
                      {"document_id": doc.id, "slot": doc.slot})
    ext = {"jpeg": "jpg"}.get(doc.kind, doc.kind)
    media = {"jpeg": "image/jpeg", "png": "image/png", "bmp": "image/bmp", "pdf": "application/pdf"}[doc.kind]
    return Response(data, media_type=media, headers={
        **SECURITY_HEADERS, "Content-Disposition": f'attachment; filename="{claim.id[:8]}-{doc.slot}.{ext}"'})


@router.post("/claims/{claim_id}/decision")
def decide(
    request: Request,
    claim_id: ClaimId,
    session: DbSession,
    user: CurrentReviewer,
    _csrf: CsrfChecked,
    action: Annotated[str, Form(max_length=32, pattern=NO_NUL)],
    reason: Annotated[str, Form(max_length=2000, pattern=NO_NUL)] = "",
) -> Response:
    """Store a decision (who, when, reason) and audit it."""
    claim = claim_for_user(session, user, claim_id)
    if action not in DECISION_ACTIONS:
        raise EklaimError("action_invalid", Message(id="Keputusan tidak dikenal.", en="Unknown decision."),
                          http_status=422)
    reason = reason.strip()
    if action in ("request_correction", "reject") and not reason:
        raise ReasonRequired()
    decision = Decision(claim_id=claim.id, user_id=user.id, action=action, reason=reason or None, at=utcnow())
    session.add(decision)
    session.flush()
    repo.record_audit(session, user.username, f"decision.{action}", claim.id,
                      {"decision_id": decision.id, "with_reason": bool(reason)})
    return RedirectResponse(f"/review/claims/{claim.id}?done={action}", status_code=303, headers=SECURITY_HEADERS)


@router.post("/claims/{claim_id}/reverify")
def reverify(request: Request, claim_id: ClaimId, session: DbSession, user: CurrentReviewer,
             _csrf: CsrfChecked) -> Response:
    """Run the matching rules again on the stored OCR results (the verify job)."""
    claim = claim_for_user(session, user, claim_id)
    services = getattr(request.app.state, "services", None)
    job_id = None
    if services is not None and claim.status != "draft":
        repo.record_audit(session, user.username, "claim.reverify_requested", claim.id, {"queued": True})
        session.commit()  # the job may run at once and needs its own write transaction
        job_id = services.dispatcher.enqueue_verify(claim.id)
    else:
        repo.record_audit(session, user.username, "claim.reverify_requested", claim.id, {"queued": False})
    return RedirectResponse(f"/review/claims/{claim_id}?done={'reverify' if job_id else 'reverify_marked'}",
                            status_code=303, headers=SECURITY_HEADERS)


# Admin: audit log ---------------------------------------------------------------------------


@router.get("/admin/audit", response_class=HTMLResponse)
def audit_page(
    request: Request,
    session: DbSession,
    user: CurrentAdmin,
    claim_id: Annotated[str | None, Query(max_length=64, pattern=NO_NUL)] = None,
    actor: Annotated[str | None, Query(max_length=128, pattern=NO_NUL)] = None,
    action: Annotated[str | None, Query(max_length=64, pattern=NO_NUL)] = None,
    limit: Annotated[int, Query(ge=1, le=5000)] = 200,
) -> Response:
    """The audit log (newest first), admins only."""
    rows = audit_rows(session, claim_id=claim_id or None, actor=actor or None, action=action or None,
                      limit=limit, newest_first=True)
    repo.record_audit(session, user.username, "audit.viewed", claim_id or None, {"rows": len(rows)})
    q = urlencode({k: v for k, v in {"claim_id": claim_id, "actor": actor, "action": action}.items() if v})
    return _render(request, "review/audit.html", {"user": user, "rows": rows, "query": q,
                                                  "filters": {"claim_id": claim_id or "", "actor": actor or "",
                                                              "action": action or ""}})


@router.get("/admin/audit/export")
def audit_export(
    session: DbSession,
    user: CurrentAdmin,
    format: Annotated[str, Query(pattern="^(csv|json)$")] = "csv",
    claim_id: Annotated[str | None, Query(max_length=64, pattern=NO_NUL)] = None,
    actor: Annotated[str | None, Query(max_length=128, pattern=NO_NUL)] = None,
    action: Annotated[str | None, Query(max_length=64, pattern=NO_NUL)] = None,
    since: Annotated[str | None, Query(max_length=32, pattern=NO_NUL)] = None,
    limit: Annotated[int, Query(ge=1, le=1_000_000)] = 100_000,
) -> Response:
    """Export the audit log as CSV or JSON (oldest first), admins only; the export is audited."""
    since_dt = None
    if since:
        try:
            since_dt = datetime.fromisoformat(since)
            if since_dt.tzinfo is None:
                since_dt = since_dt.astimezone()
        except ValueError:
            since_dt = None
    rows = audit_rows(session, claim_id=claim_id or None, actor=actor or None, action=action or None,
                      since=since_dt, limit=limit)
    repo.record_audit(session, user.username, "audit.exported", claim_id or None,
                      {"format": format, "rows": len(rows)})
    stamp = utcnow().strftime("%Y%m%dT%H%M%SZ")
    if format == "json":
        body, media = export_json(rows), "application/json"
    else:
        body, media = export_csv(rows), "text/csv; charset=utf-8"
    return Response(body, media_type=media, headers={
        "Content-Disposition": f'attachment; filename="eklaim-audit-{stamp}.{format}"', "Cache-Control": "no-store"})


# Claimant status ----------------------------------------------------------------------------


def status_url(request: Request | None, claim_id: str, settings: Any = None) -> str:
    """The claimant's status page path of ``claim_id`` (with its secret token)."""
    secret = session_secret(request_settings(request) if request is not None else settings)
    return f"/status/{claim_id}?{urlencode({'t': status_token(secret, claim_id)})}"


@status_router.get("/v1/claims/{claim_id}/status-link")
def status_link(request: Request, claim_id: ClaimId, session: DbSession, client: ApiKeyDep) -> dict[str, str]:
    """For the claim form (API key): the link that lets the claimant follow the claim."""
    claim = repo.get_claim(session, claim_id) if len(claim_id) <= 64 else None
    if claim is None:
        raise repo._not_found("claim")
    repo.record_audit(session, client.actor, "status.link_issued", claim.id)
    return {"claim_id": claim.id, "status_url": status_url(request, claim.id)}


@status_router.get("/status/{claim_id}", response_class=HTMLResponse)
def claimant_status(request: Request, claim_id: ClaimId, session: DbSession,
                    t: Annotated[str, Query(max_length=64, pattern=NO_NUL)] = "") -> Response:
    """The claimant's view: status, documents to redo and what to fix (no personal values)."""
    secret = session_secret(request_settings(request))
    if len(claim_id) > 64 or not status_token_ok(secret, claim_id, t):
        raise repo._not_found("claim")
    claim = repo.get_claim(session, claim_id)
    report = claim.report or {}
    docs_report = report.get("documents") or {}
    current = repo.current_documents(session, claim.id)
    reason = normalise_claim_reason(str(report.get("claim_reason") or (claim.form or {}).get("claim_reason") or ""))
    documents = []
    for slot in DOC_TYPES:
        d = docs_report.get(slot) or {}
        state = current[slot].state if slot in current else "missing"
        status = d.get("status") or ("missing" if slot not in current else None)
        message = d.get("message")
        if status not in ("accepted", None) and not slot_required(reason, slot):
            status, message = "not_required", None  # e.g. the letter of a pensiun claim
        documents.append({"slot": slot, "label": SLOT_LABELS[slot], "status": status, "state": state,
                          "message": message})
    to_fix = [c for c in (report.get("checks") or []) if c.get("status") in ("mismatch", "unreadable", "missing")
              and c.get("message")]
    last = session.scalars(select(Decision).where(Decision.claim_id == claim.id)
                           .order_by(Decision.at.desc(), Decision.id.desc()).limit(1)).first()
    repo.record_audit(session, "claimant", "status.viewed", claim.id)
    return _render(request, "review/status.html", {
        "claim": claim, "documents": documents, "to_fix": to_fix, "decision": last, "user": None,
    })
