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

from fastapi import APIRouter, File, Form, Query, Request, UploadFile
from fastapi import Path as PathParam
from fastapi.encoders import jsonable_encoder
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
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
    Forbidden,
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
from api.review.claimant import claimant_view
from api.review.signals import signals_context
from api.review.view import (
    SLOT_LABELS,
    age_text,
    claim_view,
    diff_segments,
    field_crops,
    first_reason,
    sla_class,
    status_token,
    status_token_ok,
    why_summary,
)
from intake import claims as intake_claims
from intake import decisions, repo
from intake.branches import branch_in
from intake.db import session_scope
from intake.errors import EklaimError, Message, NotFound
from intake.messages import intake_message
from intake.models import (
    CLAIM_STATUSES,
    DECISION_ACTIONS,
    VERDICTS,
    AuditEvent,
    Claim,
    Decision,
    Document,
    User,
    utcnow,
)
from intake.page_images import MEDIA_TYPES, page_entry
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


# Worklist ---------------------------------------------------------------------------------

WORKLIST_SCAN = 5000
"""Claims looked at per worklist request (newest first): names are encrypted at rest, so the
name/NIK search, the name sort and the to-do view run in Python over this many."""
WORKLIST_VIEWS = ("todo", "all", "mine", "unassigned", "decided")
WORKLIST_SORTS = ("age", "name", "verdict", "assignee", "branch")


def _parse_date(text: str | None) -> date | None:
    try:
        return date.fromisoformat(text) if text else None
    except ValueError:
        return None


def _queue_query(user: User, verdict: str | None, status: str | None, date_from: date | None,
                 date_to: date | None, claim_id: str | None) -> Any:
    """Submitted claims (never drafts) of the user's branches (case and spacing ignored)."""
    q = select(Claim).where(Claim.status != "draft")
    branches = visible_branches(user)
    if branches is not None:
        q = q.where(branch_in(Claim.branch, branches)) if branches else q.where(Claim.id == "-")
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


def _digits(text: str) -> str:
    return "".join(ch for ch in text if ch.isdigit())


def _matches_search(claim_id: str, form: dict[str, Any], term: str) -> bool:
    """Search by claim id prefix, NIK (or KPJ) digits, or a part of the name (case and spacing ignored)."""
    t = term.strip().lower()
    if not t:
        return True
    if claim_id.startswith(t.replace("-", "")):
        return True
    digits = _digits(t)
    if digits and len(digits) >= 4 and len(digits) == len(t.replace(" ", "").replace("-", "").replace(".", "")):
        return any(digits in _digits(str(form.get(k) or "")) for k in ("nik", "kpj"))
    name = " ".join(str(form.get("full_name") or "").lower().split())
    return " ".join(t.split()) in name


def _chunks(items: list[str], size: int = 500) -> Any:
    for k in range(0, len(items), size):
        yield items[k:k + size]


def worklist(session: Session, user: User, settings: Any, *, view: str = "todo", verdict: str | None = None,
             status: str | None = None, date_from: date | None = None, date_to: date | None = None,
             search: str = "", sort: str = "age", desc: bool = True) -> list[dict[str, Any]]:
    """The worklist rows, sorted (:func:`fill_rows` adds what is shown of the page's rows).

    ``todo``: verified claims without a final decision for their current revision that need a
    person (not ``clear``, or ``clear`` but drawn for QA, or waiting for a second approval);
    claims still being processed are left out; ``all``: every submitted claim;
    ``mine`` / ``unassigned``: by assignee; ``decided``: claims with a final decision.

    Only plain columns are read for all candidates; the encrypted form is decrypted only for a
    search or a name sort, the report only for the rows shown (``fill_rows``).
    """
    q = _queue_query(user, verdict, status, date_from, date_to, None)
    revision_col = getattr(Claim, "revision", None)  # issue 16's column, where present
    cols = [Claim.id, Claim.branch, Claim.status, Claim.verdict, Claim.created_at, Claim.assignee_id]
    light = session.execute(q.with_only_columns(*cols, *([revision_col] if revision_col is not None else []))
                            .order_by(Claim.created_at.desc(), Claim.id).limit(WORKLIST_SCAN)).all()
    if not light:
        return []
    ids = [r[0] for r in light]
    submitted: dict[str, datetime] = {}
    by_claim: dict[str, list[Decision]] = {}
    forms: dict[str, dict[str, Any]] = {}
    for part in _chunks(ids):
        submitted.update({cid: at for cid, at in session.execute(
            select(AuditEvent.claim_id, func.max(AuditEvent.at))
            .where(AuditEvent.action == "claim.submitted", AuditEvent.claim_id.in_(part))
            .group_by(AuditEvent.claim_id)).all() if cid is not None})
        for d in session.scalars(select(Decision).where(Decision.claim_id.in_(part)).order_by(Decision.at, Decision.id)):
            by_claim.setdefault(d.claim_id, []).append(d)
        if search or sort == "name":
            forms.update({cid: form or {} for cid, form in session.execute(
                select(Claim.id, Claim.form).where(Claim.id.in_(part))).all()})
    names = {uid: name for uid, name in session.execute(select(User.id, User.username)).all()}
    key = session_secret(settings)
    now = utcnow()
    rows = []
    for r in light:
        cid, branch, status_, verdict_, created_at, assignee_id = r[:6]
        if search and not _matches_search(cid, forms.get(cid, {}), search):
            continue
        decided = by_claim.get(cid, [])
        revision = r[6] if revision_col is not None and r[6] else (
            1 + sum(1 for d in decided if d.final and d.action == "request_correction"))
        final = next((d for d in reversed(decided) if d.final and d.revision == revision), None)
        pending = next((d for d in reversed(decided) if not d.final and d.action == "approve"
                        and d.revision == revision), None)
        qa = verdict_ == "clear" and decisions.qa_sampled(cid, settings.qa_sample_share, key)
        needs_person = status_ == "verified" and final is None and (verdict_ != "clear" or qa or pending is not None)
        if view == "todo" and not needs_person:
            continue
        if view == "decided" and final is None:
            continue
        if view == "mine" and assignee_id != user.id:
            continue
        if view == "unassigned" and assignee_id is not None:
            continue
        since = submitted.get(cid) or created_at
        age_h = max(0.0, (now - since).total_seconds() / 3600)
        rows.append({
            "id": cid, "name": str(forms.get(cid, {}).get("full_name") or ""), "claim_reason": "",
            "branch": branch, "status": status_, "verdict": verdict_, "first_reason": None,
            "age_hours": age_h, "age": age_text(age_h), "sla": sla_class(age_h, settings.review_sla_hours),
            "since": since, "assignee": names.get(assignee_id) if assignee_id else None,
            "mine": assignee_id == user.id, "qa": qa, "final": final, "pending": pending,
            "locked": final is not None, "mismatches": 0,
        })
    sort_keys: dict[str, Any] = {
        "age": lambda r: r["age_hours"], "name": lambda r: r["name"].lower(),
        "verdict": lambda r: (r["verdict"] or "~", -r["age_hours"]), "assignee": lambda r: (r["assignee"] or "~").lower(),
        "branch": lambda r: r["branch"].lower(),
    }
    rows.sort(key=lambda r: r["id"])
    rows.sort(key=sort_keys.get(sort, sort_keys["age"]), reverse=desc)
    return rows


def fill_rows(session: Session, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Add the name, claim reason, first reason and mismatch count to the rows shown (decrypts
    the form and report of these claims only)."""
    if not rows:
        return rows
    data = {cid: (form or {}, report or {}) for cid, form, report in session.execute(
        select(Claim.id, Claim.form, Claim.report).where(Claim.id.in_([r["id"] for r in rows]))).all()}
    for r in rows:
        form, report = data.get(r["id"], ({}, {}))
        r["name"] = str(form.get("full_name") or "")
        r["claim_reason"] = str(form.get("claim_reason") or "")
        r["first_reason"] = first_reason(report)
        r["mismatches"] = sum(1 for ch in (report.get("checks") or []) if ch.get("status") == "mismatch")
    return rows


@router.get("", include_in_schema=False)
def queue_root() -> Response:
    """``/review`` -> ``/review/``."""
    return RedirectResponse("/review/", status_code=307)


@router.get("/", response_class=HTMLResponse)
def queue(
    request: Request,
    session: DbSession,
    user: OptionalUser,
    view: Annotated[str, Query(max_length=16, pattern=NO_NUL)] = "todo",
    verdict: Annotated[str | None, Query(max_length=32, pattern=NO_NUL)] = None,
    status: Annotated[str | None, Query(max_length=32, pattern=NO_NUL)] = None,
    date_from: Annotated[str | None, Query(alias="from", max_length=10, pattern=NO_NUL)] = None,
    date_to: Annotated[str | None, Query(alias="to", max_length=10, pattern=NO_NUL)] = None,
    q: Annotated[str, Query(max_length=128, pattern=NO_NUL)] = "",
    claim_id: Annotated[str | None, Query(max_length=64, pattern=NO_NUL)] = None,
    sort: Annotated[str, Query(max_length=16, pattern=NO_NUL)] = "age",
    order: Annotated[str, Query(max_length=4, pattern=NO_NUL)] = "desc",
    page: Annotated[int, Query(ge=1, le=10_000)] = 1,
) -> Response:
    """The worklist: the claims of the reviewer's branches that need a person, with name,
    claim reason, verdict and its first reason, age (SLA colour) and assignee."""
    if user is None:
        return _login_redirect(request)
    settings = request_settings(request)
    view = view if view in WORKLIST_VIEWS else "todo"
    sort = sort if sort in WORKLIST_SORTS else "age"
    search = (q or claim_id or "").strip()
    rows = worklist(session, user, settings, view=view, verdict=verdict, status=status,
                    date_from=_parse_date(date_from), date_to=_parse_date(date_to), search=search,
                    sort=sort, desc=order != "asc")
    total = len(rows)
    shown = fill_rows(session, rows[(page - 1) * PAGE_SIZE: page * PAGE_SIZE])
    base = _queue_query(user, None, None, None, None, None).subquery()
    counts = {str(v or "none"): int(n) for v, n in session.execute(
        select(base.c.verdict, func.count()).group_by(base.c.verdict)).all()}
    filters = {"view": view, "verdict": verdict or "", "status": status or "", "from": date_from or "",
               "to": date_to or "", "q": search, "sort": sort, "order": "asc" if order == "asc" else "desc"}
    keep = {k: v for k, v in filters.items() if v}
    next_q = urlencode({**keep, "page": page + 1})
    prev_q = urlencode({**keep, "page": page - 1})
    sort_urls = {k: "/review/?" + urlencode({**keep, "sort": k,
                                              "order": "asc" if sort == k and filters["order"] == "desc" else "desc"})
                 for k in WORKLIST_SORTS}
    return _render(request, "review/queue.html", {
        "user": user, "rows": shown, "total": total, "counts": counts, "filters": filters,
        "page": page, "views": WORKLIST_VIEWS, "sort_urls": sort_urls,
        "next_url": f"/review/?{next_q}" if page * PAGE_SIZE < total else None,
        "prev_url": f"/review/?{prev_q}" if page > 1 else None,
        "verdicts": VERDICTS, "statuses": [s for s in CLAIM_STATUSES if s != "draft"],
        "branches": visible_branches(user), "sla_hours": settings.review_sla_hours,
        "back": "/review/?" + urlencode(keep) if keep else "/review/",
    })


@router.get("/next")
def next_claim(request: Request, session: DbSession, user: CurrentReviewer,
               after: Annotated[str, Query(max_length=64, pattern=NO_NUL)] = "") -> Response:
    """The next claim of the reviewer's to-do list after ``after`` (keyboard ``n``): the
    oldest first, skipping claims assigned to someone else; back to the worklist when none."""
    rows = [r for r in worklist(session, user, request_settings(request), view="todo", sort="age", desc=True)
            if r["assignee"] in (None, user.username)]
    ids = [r["id"] for r in rows]
    target = None
    if after in ids:
        i = ids.index(after)
        target = ids[i + 1] if i + 1 < len(ids) else None
    elif ids:
        target = ids[0]
    if target is None:
        return RedirectResponse("/review/?done=empty", status_code=303, headers=SECURITY_HEADERS)
    return RedirectResponse(f"/review/claims/{target}", status_code=303, headers=SECURITY_HEADERS)


def _assignable(session: Session, claim: Claim) -> None:
    rev = decisions.claim_revision(session, claim)
    if decisions.final_decision(session, claim.id, rev) is not None:
        raise EklaimError("claim_decided", Message(
            id="Klaim sudah diputuskan; penugasan tidak dapat diubah.",
            en="The claim is decided: its assignment can no longer change."), http_status=409)


@router.post("/claims/{claim_id}/assign")
def assign(request: Request, claim_id: ClaimId, session: DbSession, user: CurrentReviewer, _csrf: CsrfChecked,
           back: Annotated[str, Form(max_length=512, pattern=NO_NUL)] = "") -> Response:
    """Assign the claim to me (also taking it over from someone else; audited)."""
    claim = claim_for_user(session, user, claim_id)
    _assignable(session, claim)
    previous = claim.assignee_id
    claim.assignee_id, claim.assigned_at = user.id, utcnow()
    repo.record_audit(session, user.username, "claim.assigned", claim.id,
                      {"to": user.username, "taken_over": previous not in (None, user.id)})
    return RedirectResponse(_safe_next(back) if back else f"/review/claims/{claim.id}?done=assigned",
                            status_code=303, headers=SECURITY_HEADERS)


@router.post("/claims/{claim_id}/release")
def release(request: Request, claim_id: ClaimId, session: DbSession, user: CurrentReviewer, _csrf: CsrfChecked,
            back: Annotated[str, Form(max_length=512, pattern=NO_NUL)] = "") -> Response:
    """Release my claim (an admin may release anyone's)."""
    claim = claim_for_user(session, user, claim_id)
    _assignable(session, claim)
    if claim.assignee_id not in (None, user.id) and user.role != "admin":
        raise Forbidden("not_assignee")
    claim.assignee_id, claim.assigned_at = None, None
    repo.record_audit(session, user.username, "claim.released", claim.id, {})
    return RedirectResponse(_safe_next(back) if back else f"/review/claims/{claim.id}?done=released",
                            status_code=303, headers=SECURITY_HEADERS)


# Claim ------------------------------------------------------------------------------------


def _decisions(session: Session, claim_id: str) -> list[dict[str, Any]]:
    rows = session.execute(
        select(Decision, User.username).join(User, User.id == Decision.user_id)
        .where(Decision.claim_id == claim_id).order_by(Decision.at.desc(), Decision.id.desc())
    ).all()
    return [{"action": d.action, "reason": d.reason, "at": d.at, "by": name, "revision": d.revision,
             "final": d.final, "slots": list(d.slots or []), "reason_code": d.reason_code,
             "reason_label": decisions.REASON_CODES.get(d.action, {}).get(d.reason_code or ""),
             "verdict": d.verdict} for d, name in rows]


def _earlier_uploads(session: Session, claim_id: str) -> list[dict[str, Any]]:
    """Documents replaced by a later upload (older revisions' files), newest first."""
    docs = session.scalars(select(Document).where(Document.claim_id == claim_id, Document.superseded.is_(True))
                           .order_by(Document.superseded_at.desc())).all()
    return [{"slot": d.slot, "label": SLOT_LABELS.get(d.slot, d.slot), "id": d.id,
             "queued_at": d.queued_at, "superseded_at": d.superseded_at,
             "status": (d.result or {}).get("status"),
             "pages": [f"/review/claims/{claim_id}/documents/{d.id}/pages/{int(e.get('page', 1))}"
                       for e in (d.page_images or []) if isinstance(e, dict)],
             "download_url": f"/review/claims/{claim_id}/documents/{d.id}/file"} for d in docs]


def _claim_context(request: Request, session: Session, user: User, claim: Claim) -> dict[str, Any]:
    docs = repo.current_documents(session, claim.id)
    view = claim_view(claim, docs)
    settings = request_settings(request)
    revision = decisions.claim_revision(session, claim)
    final = decisions.final_decision(session, claim.id, revision)
    pending = decisions.pending_approval(session, claim.id, revision)
    pending_by = session.get(User, pending.user_id).username if pending is not None else None  # type: ignore[union-attr]
    assignee = session.get(User, claim.assignee_id) if claim.assignee_id else None
    crops = field_crops(view["documents"])
    not_accepted = {d["slot"]: d for d in why_summary(claim, view["documents"])["documents"]}
    for c in view["checks"]:
        slot = str(c.get("check", "")).split(".")[0]
        doc = not_accepted.get(slot)
        if doc is not None and c.get("status") in ("missing", "unreadable"):
            found = SLOT_LABELS.get(doc["detected_type"] or "", doc["detected_type"]) if doc["detected_type"] else None
            c["doc_note"] = {"status": doc["status"], "label": doc["label"], "holds": found}
        typed, found = c.get("typed"), c.get("found")
        if c.get("status") in ("mismatch", "review") and typed is not None and found is not None:
            c["typed_diff"], c["found_diff"] = diff_segments(str(typed), str(found))
        c["crop"] = crops.get(c["anchor"]) if c.get("anchor") else None
    return {
        "user": user, **view, "decisions": _decisions(session, claim.id), "actions": DECISION_ACTIONS,
        "status_url": status_url(request, claim.id), "why": why_summary(claim, view["documents"]),
        "revision": revision, "final": final, "pending": pending, "pending_by": pending_by,
        "four_eyes": decisions.four_eyes_reasons(claim, settings), "assignee": assignee.username if assignee else None,
        "reason_codes": decisions.REASON_CODES, "slots": list(DOC_TYPES),
        "qa": claim.verdict == "clear" and decisions.qa_sampled(claim.id, settings.qa_sample_share,
                                                                 session_secret(settings)),
        "earlier": _earlier_uploads(session, claim.id), "crops": crops,
        "notice": request.query_params.get("done"), "error": None, "form_values": {},
        "revisions": repo.claim_revisions(session, claim.id),
        **signals_context(session, user, claim),
    }


@router.get("/claims/{claim_id}", response_class=HTMLResponse)
def claim_page(request: Request, claim_id: ClaimId, session: DbSession, user: OptionalUser) -> Response:
    """One claim: why it is here, typed vs found (mismatches first, differing characters marked,
    a crop of each field), the document viewer, decisions and earlier uploads."""
    if user is None:
        return _login_redirect(request)
    claim = claim_for_user(session, user, claim_id)
    repo.record_audit(session, user.username, "claim.viewed", claim.id, {"ip": client_ip(request)})
    return _render(request, "review/claim.html", _claim_context(request, session, user, claim))


@router.get("/claims/{claim_id}/revisions/{revision}")
def revision_report(request: Request, claim_id: ClaimId, revision: int, session: DbSession,
                    user: CurrentReviewer) -> Response:
    """The report of one revision of the claim, as JSON (earlier revisions stay readable; audited)."""
    claim = claim_for_user(session, user, claim_id)
    row = next((r for r in repo.claim_revisions(session, claim.id) if r.revision == revision), None)
    if row is None or row.report is None:
        raise repo._not_found("revision")
    repo.record_audit(session, user.username, "revision.viewed", claim.id, {"revision": revision})
    return JSONResponse(jsonable_encoder(row.report), headers=SECURITY_HEADERS)


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
    action: Annotated[str, Form(max_length=32, pattern=NO_NUL)] = "",
    reason_code: Annotated[str, Form(max_length=64, pattern=NO_NUL)] = "",
    reason: Annotated[str, Form(max_length=4000, pattern=NO_NUL)] = "",
    slots: Annotated[list[str] | None, Form(max_length=8)] = None,
    confirm: Annotated[str, Form(max_length=8, pattern=NO_NUL)] = "",
) -> Response:
    """Store a decision through :func:`intake.decisions.decide` (reason code, text, slots,
    confirmation, four eyes); a refused one shows the claim page again with the reason."""
    from api.routes.decisions import decide_and_notify

    claim = claim_for_user(session, user, claim_id)
    if not reason_code and action in decisions.REASON_CODES and len(decisions.REASON_CODES[action]) == 1:
        reason_code = next(iter(decisions.REASON_CODES[action]))
    req = decisions.DecisionRequest(action=action, reason_code=reason_code, reason=reason,
                                    slots=tuple(s[:32] for s in (slots or [])), confirm=confirm in ("1", "on", "yes"))
    services = getattr(request.app.state, "services", None)
    try:
        outcome = decide_and_notify(session, services, claim, user, req)
    except decisions.DecisionRefused as exc:
        session.rollback()
        claim = claim_for_user(session, user, claim_id)
        ctx = _claim_context(request, session, user, claim)
        ctx.update(error=exc.message, error_code=exc.code,
                   form_values={"action": action, "reason_code": reason_code, "reason": reason[:2000],
                                "slots": list(slots or []), "confirm": bool(req.confirm)})
        return _render(request, "review/claim.html", ctx, status_code=exc.http_status)
    done = action if outcome.final else "approve_pending"
    return RedirectResponse(f"/review/claims/{claim_id}?done={done}", status_code=303, headers=SECURITY_HEADERS)


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


class BadStatusLink(NotFound):
    """A status link whose claim or token is wrong: an HTML page for a person (404)."""


def _status_claim(request: Request, session: Session, claim_id: str, token: str) -> Claim:
    """The claim of a valid status link, else :class:`BadStatusLink`."""
    secret = session_secret(request_settings(request))
    if len(claim_id) > 64 or not status_token_ok(secret, claim_id, token):
        raise BadStatusLink("status_link_invalid", Message(id="Tautan tidak berlaku.", en="The link is not valid."))
    try:
        return repo.get_claim(session, claim_id)
    except NotFound:
        raise BadStatusLink("status_link_invalid", Message(id="Tautan tidak berlaku.", en="The link is not valid.")) from None


def bad_link_page(request: Request) -> HTMLResponse:
    """The 404 page of a wrong or expired status link (HTML, not JSON: a person opened it)."""
    return templates.TemplateResponse(request, "review/status_invalid.html", {"user": None}, status_code=404,
                                      headers=SECURITY_HEADERS)


def _final_decision(session: Session, claim_id: str) -> Decision | None:
    return session.scalars(select(Decision).where(Decision.claim_id == claim_id,
                                                  Decision.action.in_(("approve", "reject")))
                           .order_by(Decision.at.desc(), Decision.id.desc()).limit(1)).first()


@status_router.get("/status/{claim_id}", response_class=HTMLResponse)
def claimant_status(request: Request, claim_id: Annotated[str, PathParam()], session: DbSession,
                    t: str = "") -> Response:
    """The claimant's phone page: the status in words, what to fix (what, where, by when), a
    re-upload button per open slot; no personal values. A bad link is an HTML 404 page."""
    try:
        claim = _status_claim(request, session, claim_id, t)
    except BadStatusLink:
        return bad_link_page(request)
    if claim.status == "verified" and claim.verdict == "needs_correction" and claim.correction is None:
        intake_claims.after_verified(session, claim)  # verified before revisions existed: open it now
    view = claimant_view(claim, repo.current_documents(session, claim.id), _final_decision(session, claim.id))
    repo.record_audit(session, "claimant", "status.viewed", claim.id)
    return _render(request, "review/status.html", {
        "claim": claim, "view": view, "user": None, "token": t, "status_query": urlencode({"t": t}),
        "notice": request.query_params.get("done"), "error": _error_words(request.query_params.get("error")),
        "error_slot": request.query_params.get("slot"),
    })


_PAGE_ERRORS: dict[str, tuple[str, str]] = {
    "documents_missing": ("Dokumen belum lengkap: unggah dokumen yang bertanda \u201cBelum diunggah\u201d.",
                          "Documents are missing: upload those marked \u201cNot uploaded yet\u201d."),
    "form_invalid": ("Data formulir belum lengkap atau belum benar; perbaiki di formulir e-Klaim.",
                     "The typed form is incomplete or wrong; fix it in the e-Klaim form."),
    "request_too_large": ("Berkas terlalu besar.", "The file is too large."),
}


def _error_words(code: str | None) -> dict[str, str] | None:
    """The bilingual text of an error code the page was sent back with (no script)."""
    if not code:
        return None
    if code in _PAGE_ERRORS:
        return {"id": _PAGE_ERRORS[code][0], "en": _PAGE_ERRORS[code][1]}
    if code in intake_claims.CLOSED_MESSAGES or code == "claim_not_draft":
        return intake_claims.closed_error(code).message.as_dict()
    try:
        return intake_message(code).as_dict()
    except (ValueError, KeyError):
        return {"id": "Berkas tidak dapat diterima. Coba foto atau berkas lain.",
                "en": "The file could not be accepted. Try another photo or file."}


def _slot_json(view: Any) -> dict[str, Any]:
    return {s.slot: {"status": s.status, "words": {"id": s.status_words[0], "en": s.status_words[1]},
                     "message": s.message, "open": s.open} for s in view.slots}


@status_router.get("/status/{claim_id}/state")
def claimant_state(request: Request, claim_id: Annotated[str, PathParam()], session: DbSession,
                   t: str = "") -> Response:
    """The page's live state (JSON for its script): the claim status and each slot's status in words."""
    try:
        claim = _status_claim(request, session, claim_id, t)
    except BadStatusLink:
        return bad_link_page(request)
    view = claimant_view(claim, repo.current_documents(session, claim.id), _final_decision(session, claim.id))
    return JSONResponse({"status": claim.status, "revision": claim.revision, "slots": _slot_json(view)},
                        headers=SECURITY_HEADERS)


@status_router.post("/status/{claim_id}/documents/{slot}")
def claimant_upload(
    request: Request,
    claim_id: Annotated[str, PathParam()],
    slot: Annotated[str, PathParam()],
    file: Annotated[UploadFile, File()],
    t: str = "",
) -> Response:
    """A re-upload from the phone (camera or files): the same intake checks as the API.

    With ``Accept: application/json`` (the page's script) the answer is JSON: ``{"ok", "code",
    "message", "slot", "state"}`` (the intake refusal's own status and bilingual message);
    without (no script) a redirect back to the page, which shows the outcome.
    """
    wants_json = "application/json" in request.headers.get("accept", "")
    services = request.app.state.services
    with session_scope(services.settings.resolved_database_url) as session:
        try:
            claim = _status_claim(request, session, claim_id, t)
        except BadStatusLink:
            return bad_link_page(request)
    back = f"/status/{claim.id}?{urlencode({'t': t})}"
    if slot not in DOC_TYPES:
        raise EklaimError("slot_invalid", Message(id="Jenis dokumen tidak dikenal.", en="Unknown document slot."),
                          http_status=422)
    try:
        outcome = intake_claims.store_upload(claim.id, slot, file.file, file.filename, services.dispatcher,
                                             settings=services.settings, store=services.store)
    except EklaimError as exc:
        if wants_json:
            return JSONResponse({"ok": False, "slot": slot, **exc.as_dict()}, status_code=exc.http_status,
                                headers=SECURITY_HEADERS)
        return RedirectResponse(f"{back}&{urlencode({'error': exc.code, 'slot': slot})}#slot-{slot}",
                                status_code=303, headers=SECURITY_HEADERS)
    finally:
        file.file.close()
    with session_scope(services.settings.resolved_database_url) as session:
        repo.record_audit(session, "claimant", "status.uploaded", claim.id,
                          {"slot": slot, "document_id": outcome.document.id, "created": outcome.created})
    message = {"id": "Berkas diterima, sedang dibaca…", "en": "File received, being read…"}
    if wants_json:
        return JSONResponse({"ok": True, "slot": slot, "code": "uploaded", "state": outcome.document.state,
                             "message": message}, status_code=201 if outcome.created else 200, headers=SECURITY_HEADERS)
    return RedirectResponse(f"{back}&{urlencode({'done': 'uploaded', 'slot': slot})}#slot-{slot}", status_code=303,
                            headers=SECURITY_HEADERS)


@status_router.post("/status/{claim_id}/submit")
def claimant_submit(request: Request, claim_id: Annotated[str, PathParam()],
                    t: str = "") -> Response:
    """"Send correction" (or submit a draft) from the page: the API's submit, then back to the page."""
    services = request.app.state.services
    url = services.settings.resolved_database_url
    with session_scope(url) as session:
        try:
            claim = _status_claim(request, session, claim_id, t)
        except BadStatusLink:
            return bad_link_page(request)
        back = f"/status/{claim.id}?{urlencode({'t': t})}"
        try:
            intake_claims.check_submittable(session, claim)
        except EklaimError as exc:
            return RedirectResponse(f"{back}&{urlencode({'error': exc.code})}", status_code=303,
                                    headers=SECURITY_HEADERS)
        if intake_claims.submittable(claim):
            today = date.today()
            claim.submitted_on = today
            claim.form = {**(claim.form or {}), "submitted_on": today.isoformat()}
    intake_claims.submit_claim(claim_id, services.dispatcher, settings=services.settings)
    return RedirectResponse(f"{back}&done=submitted", status_code=303, headers=SECURITY_HEADERS)
