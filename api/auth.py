"""Authentication and authorisation: reviewer sessions, roles, branches, API keys, CSRF.

Decisions (see ``docs/review.md``):

- **Passwords** are hashed with argon2id (``argon2-cffi`` defaults); a hash made with older
  parameters is upgraded at the next successful sign-in.
- **Sessions** are server-side rows (``user_sessions``, 8 hours) named by a signed token
  (``itsdangerous``, HMAC-SHA256 with the service secret): the ``eklaim_session`` cookie
  (HttpOnly, SameSite=Strict, Secure outside development/test) for the review pages, or the
  same token as ``Authorization: Bearer`` for scripts. A token names the session id, the
  user id and a fingerprint of the password hash; it is accepted only while its session row
  is neither revoked nor expired, so signing out ends the session on the server (an old
  cookie opens nothing), and changing the password or deactivating the user ends every
  session at once.
- **CSRF**: every form post carries ``csrf_token``. Signed in, the token is bound to the
  session (an HMAC of the session id with the service secret): a token of another session,
  or one planted in a cookie, does not pass. Before sign-in (the sign-in form) it is checked
  against the signed ``eklaim_csrf`` cookie (double submit, constant-time compare).
  SameSite=Strict cookies are a second layer. Bearer requests carry no cookie and need no
  CSRF token.
- **API keys** of the claim form are ``ek_`` + 32 random bytes (urlsafe base64). They have
  256 bits of entropy, so a plain SHA-256 of the key (no salt, no slow hash) is a safe
  lookup hash: it cannot be brute-forced and allows an indexed lookup.
- **Sign-in rate limit**: 5 failures per (user name, client IP) within 15 minutes blocks
  further attempts for that pair until the window passes. The failures are audit events
  (``auth.login_failed``) in the database, so the limit holds across API processes. The
  client IP is the peer address; ``X-Forwarded-For`` counts only from the proxies named in
  ``EKLAIM_TRUSTED_PROXIES`` (``eklaim serve`` passes them to uvicorn), so a client cannot
  pick a new IP per attempt.
- **Branches**: a reviewer sees the claims of their ``branches`` only, admins see all. A
  claim of another branch answers 404 (exactly like an unknown id), never 403.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import timedelta
from typing import Annotated, Any

from fastapi import Depends, Form, Request
from sqlalchemy import select
from sqlalchemy.orm import Session

from api.deps import SessionDep, request_settings  # noqa: F401 - request_settings re-exported (review routes)
from intake.branches import branch_key
from intake.errors import EklaimError, Message
from intake.models import ApiKey, AuditEvent, Claim, User, UserSession, utcnow
from intake.settings import Settings, get_settings

SESSION_COOKIE = "eklaim_session"
"""Name of the reviewer session cookie."""
CSRF_COOKIE = "eklaim_csrf"
"""Name of the signed double-submit CSRF cookie."""
CSRF_FIELD = "csrf_token"
"""Form field carrying the CSRF token."""
SESSION_MAX_AGE_S = 8 * 3600
"""Lifetime of a session token (one working day)."""
LOGIN_MAX_FAILURES = 5
"""Failed sign-ins allowed per (user name, IP) within :data:`LOGIN_WINDOW`."""
LOGIN_WINDOW = timedelta(minutes=15)
"""Window of the sign-in rate limit."""
API_KEY_PREFIX = "ek_"
"""Every API key starts with this (lets ``Authorization: Bearer`` carry either kind)."""


class NotAuthenticated(EklaimError):
    """No valid session or API key (401)."""

    http_status = 401

    def __init__(self, code: str = "not_authenticated") -> None:
        text = _AUTH_MESSAGES.get(code, ("Silakan masuk terlebih dahulu.", "Please sign in first."))
        super().__init__(code, Message(id=text[0], en=text[1]))


_AUTH_MESSAGES: dict[str, tuple[str, str]] = {
    "login_failed": ("Nama pengguna atau kata sandi salah.", "Wrong user name or password."),
    "api_key_required": ("Kunci API diperlukan (header X-API-Key).", "An API key is required (X-API-Key header)."),
    "api_key_invalid": ("Kunci API tidak dikenal atau sudah dicabut.", "The API key is unknown or revoked."),
    "bearer_session_required": ("Masuk dengan token sesi (Authorization: Bearer).",
                                "Sign in with a session token (Authorization: Bearer)."),
}
"""Messages of the 401 codes that say more than "please sign in" (a wrong password said
"Please sign in first", issue 17)."""


class Forbidden(EklaimError):
    """Signed in, but the role does not allow this (403). Branch misses are 404, not this."""

    http_status = 403

    def __init__(self, code: str = "forbidden") -> None:
        super().__init__(code, Message(id="Anda tidak berwenang.", en="You are not allowed to do this."))


class CsrfFailed(EklaimError):
    """A form post without the right CSRF token (403)."""

    http_status = 403

    def __init__(self) -> None:
        super().__init__(
            "csrf_failed",
            Message(id="Formulir kedaluwarsa. Muat ulang halaman dan coba lagi.",
                    en="The form has expired. Reload the page and try again."),
        )


class TooManyAttempts(EklaimError):
    """Sign-in rate limit reached (429)."""

    http_status = 429

    def __init__(self) -> None:
        super().__init__(
            "too_many_login_attempts",
            Message(id="Terlalu banyak percobaan masuk. Coba lagi dalam 15 menit.",
                    en="Too many sign-in attempts. Try again in 15 minutes."),
        )


# Secrets and hashing ----------------------------------------------------------------------


def session_secret(settings: Settings | None = None) -> bytes:
    """The key that signs sessions, CSRF cookies and claimant status tokens."""
    from intake.crypto import service_secret

    return service_secret(settings or get_settings())


def _password_hasher() -> Any:
    from argon2 import PasswordHasher

    return PasswordHasher()


def hash_password(password: str) -> str:
    """An argon2id hash of ``password``."""
    return str(_password_hasher().hash(password))


_DUMMY_HASH: list[str] = []


def verify_password(user: User | None, password: str) -> bool:
    """Whether ``password`` is the user's; spends the same time for an unknown user.

    Upgrades the stored hash when its parameters are outdated (the caller commits).
    """
    from argon2.exceptions import InvalidHashError, VerificationError

    ph = _password_hasher()
    if user is None:
        if not _DUMMY_HASH:
            _DUMMY_HASH.append(ph.hash(secrets.token_hex(8)))
        try:
            ph.verify(_DUMMY_HASH[0], password)
        except (VerificationError, InvalidHashError):
            pass
        return False
    try:
        ph.verify(user.password_hash, password)
    except (VerificationError, InvalidHashError):
        return False
    if ph.check_needs_rehash(user.password_hash):
        user.password_hash = ph.hash(password)
    return True


def hash_api_key(key: str) -> str:
    """SHA-256 hex of an API key (safe: keys carry 256 random bits)."""
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


def new_api_key() -> str:
    """A new random API key (``ek_`` + 43 urlsafe characters)."""
    return API_KEY_PREFIX + secrets.token_urlsafe(32)


def create_api_key(session: Session, name: str) -> tuple[ApiKey, str]:
    """Store a new API key under ``name``; returns the row and the key (shown once)."""
    key = new_api_key()
    row = ApiKey(key_hash=hash_api_key(key), name=name[:128], active=True)
    session.add(row)
    session.flush()
    return row, key


def create_user(session: Session, username: str, password: str, role: str = "reviewer",
                branches: list[str] | None = None) -> User:
    """Create a user with an argon2 password hash."""
    if len(password) < 10:
        raise ValueError("password must be at least 10 characters")
    user = User(username=username, password_hash=hash_password(password), role=role,
                branches=sorted(set(branches or [])), active=True)
    session.add(user)
    session.flush()
    return user


def _fingerprint(user: User) -> str:
    return hashlib.sha256(user.password_hash.encode("utf-8")).hexdigest()[:16]


def _serializer(salt: str, settings: Settings | None = None) -> Any:
    from itsdangerous import URLSafeTimedSerializer

    return URLSafeTimedSerializer(session_secret(settings), salt=salt)


def issue_session_token(user: User, settings: Settings | None = None, session: Session | None = None) -> str:
    """Open a server-side session for ``user`` and return its signed token (cookie or bearer).

    The ``user_sessions`` row is added to ``session`` (the request's database session), else
    to the session ``user`` belongs to (the caller commits either); for a detached ``user``
    it is committed in a short transaction of its own.
    """
    from sqlalchemy.orm import object_session

    session = session or object_session(user)
    sid = secrets.token_urlsafe(32)
    row = UserSession(id=sid, user_id=user.id, created_at=utcnow(),
                      expires_at=utcnow() + timedelta(seconds=SESSION_MAX_AGE_S))
    if session is not None:
        session.add(row)
        session.flush()
    else:
        from intake.db import session_scope

        with session_scope((settings or get_settings()).resolved_database_url) as own:
            own.add(row)
    return str(_serializer("eklaim.session", settings).dumps({"s": sid, "u": user.id, "f": _fingerprint(user)}))


def _token_data(token: str) -> dict[str, Any] | None:
    """The verified content of a session token (signature and age), else None."""
    from itsdangerous import BadSignature

    try:
        data = _serializer("eklaim.session").loads(token, max_age=SESSION_MAX_AGE_S)
    except BadSignature:
        return None
    if not isinstance(data, dict) or not isinstance(data.get("s"), str):
        return None  # tokens without a server-side session (issued before issue 12) are over
    return data


def _user_from_token(session: Session, token: str) -> User | None:
    data = _token_data(token)
    if data is None:
        return None
    row = session.get(UserSession, data["s"])
    if row is None or row.revoked_at is not None or row.expires_at <= utcnow() or row.user_id != data.get("u"):
        return None
    user = session.get(User, data.get("u"))
    if user is None or not user.active or not hmac.compare_digest(str(data.get("f", "")), _fingerprint(user)):
        return None
    return user


def session_id_of(request: Request) -> str | None:
    """The session id named by the request's (validly signed) session token, if any."""
    token = _token_from_request(request)
    data = _token_data(token) if token else None
    return str(data["s"]) if data else None


def revoke_session(session: Session, request: Request) -> bool:
    """End the request's server-side session (sign-out); True when one was ended."""
    sid = session_id_of(request)
    row = session.get(UserSession, sid) if sid else None
    if row is None or row.revoked_at is not None:
        return False
    row.revoked_at = utcnow()
    return True


def cookie_secure(settings: Settings | None = None) -> bool:
    """Whether cookies get the ``Secure`` flag (everywhere but development and test)."""
    return (settings or get_settings()).environment not in ("development", "test")


# CSRF -------------------------------------------------------------------------------------


def _session_csrf(sid: str) -> str:
    """The CSRF token bound to the session ``sid`` (HMAC with the service secret)."""
    return hmac.new(session_secret(), b"eklaim.csrf." + sid.encode(), hashlib.sha256).hexdigest()


def csrf_token_for(request: Request) -> tuple[str, str | None]:
    """The CSRF token for a page and, when the cookie must be (re)set, its signed value.

    Signed in, the token is bound to the session (no cookie needed); otherwise it is the
    signed double-submit cookie's (the sign-in form).
    """
    from itsdangerous import BadSignature

    sid = session_id_of(request)
    if sid is not None:
        return _session_csrf(sid), None
    ser = _serializer("eklaim.csrf")
    raw = request.cookies.get(CSRF_COOKIE)
    if raw:
        try:
            return str(ser.loads(raw, max_age=SESSION_MAX_AGE_S)), None
        except BadSignature:
            pass
    token = secrets.token_urlsafe(32)
    return token, str(ser.dumps(token))


def set_csrf_cookie(response: Any, signed: str | None) -> None:
    """Set the CSRF cookie on ``response`` when :func:`csrf_token_for` asked for it."""
    if signed:
        response.set_cookie(CSRF_COOKIE, signed, max_age=SESSION_MAX_AGE_S, httponly=True,
                            samesite="strict", secure=cookie_secure(), path="/")


def check_csrf(request: Request, csrf_token: Annotated[str, Form()] = "") -> None:
    """Dependency of every form post: the form's token must be the session's (signed in) or
    match the signed cookie (sign-in form)."""
    from itsdangerous import BadSignature

    sid = session_id_of(request)
    if sid is not None:
        if not csrf_token or not hmac.compare_digest(_session_csrf(sid).encode(), csrf_token.encode()):
            raise CsrfFailed()
        return
    raw = request.cookies.get(CSRF_COOKIE)
    if not raw or not csrf_token:
        raise CsrfFailed()
    try:
        expected = str(_serializer("eklaim.csrf").loads(raw, max_age=SESSION_MAX_AGE_S))
    except BadSignature:
        raise CsrfFailed() from None
    if not hmac.compare_digest(expected.encode(), csrf_token.encode()):
        raise CsrfFailed()


CsrfChecked = Annotated[None, Depends(check_csrf)]
"""Add as a parameter of a form-post route to require a valid CSRF token."""


# Database session -------------------------------------------------------------------------


DbSession = SessionDep
"""The request's one database session (``api.deps.get_session``; kept as an alias)."""


# Users ------------------------------------------------------------------------------------


def client_ip(request: Request) -> str:
    """The client address: the peer, or what a trusted proxy forwarded.

    ``eklaim serve`` lets uvicorn apply ``X-Forwarded-For`` only when the peer is one of
    ``EKLAIM_TRUSTED_PROXIES`` (none by default), so this is never a client-chosen value.
    """
    return request.client.host if request.client else "unknown"


def _token_from_request(request: Request) -> str | None:
    auth = request.headers.get("authorization", "")
    if auth.lower().startswith("bearer "):
        token = auth[7:].strip()
        if token and not token.startswith(API_KEY_PREFIX):
            return token
    return request.cookies.get(SESSION_COOKIE)


def optional_user(request: Request, session: DbSession) -> User | None:
    """The signed-in user, or None (pages use it to redirect to the sign-in page)."""
    token = _token_from_request(request)
    if not token:
        return None
    return _user_from_token(session, token)


OptionalUser = Annotated[User | None, Depends(optional_user)]
"""The signed-in user or None."""


def current_user(user: OptionalUser) -> User:
    """The signed-in user; 401 without a valid session."""
    if user is None:
        raise NotAuthenticated()
    return user


CurrentUser = Annotated[User, Depends(current_user)]
"""Any signed-in, active user (reviewer or admin)."""


def current_reviewer(user: CurrentUser) -> User:
    """A user allowed to review claims (reviewer or admin)."""
    if user.role not in ("reviewer", "admin"):
        raise Forbidden()
    return user


CurrentReviewer = Annotated[User, Depends(current_reviewer)]
"""A reviewer or an admin (admins see every branch)."""


def current_admin(user: CurrentUser) -> User:
    """An admin; 403 for a reviewer."""
    if user.role != "admin":
        raise Forbidden("admin_only")
    return user


CurrentAdmin = Annotated[User, Depends(current_admin)]
"""An admin user."""


def visible_branches(user: User) -> list[str] | None:
    """The branches ``user`` may see; None means every branch (admins)."""
    if user.role == "admin":
        return None
    return [str(b) for b in (user.branches or [])]


def can_see_claim(user: User, claim: Claim) -> bool:
    """Whether ``user`` may see ``claim`` (its branch is one of theirs, case and spacing
    ignored, or they are admin)."""
    branches = visible_branches(user)
    return branches is None or branch_key(claim.branch) in {branch_key(b) for b in branches}


def claim_for_user(session: Session, user: User, claim_id: str) -> Claim:
    """The claim if ``user`` may see it; :class:`NotFound` otherwise (same as unknown)."""
    from intake import repo

    if not isinstance(claim_id, str) or len(claim_id) > 64:
        raise repo._not_found("claim")
    claim = repo.get_claim(session, claim_id)
    if not can_see_claim(user, claim):
        raise repo._not_found("claim")
    return claim


# API keys ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class ApiClient:
    """The integrating system behind an API key."""

    id: int
    """Row id of the key."""
    name: str
    """The key's name (audit actor ``apikey:<name>``)."""

    @property
    def actor(self) -> str:
        """Audit actor name."""
        return f"apikey:{self.name}"


def api_key_client(request: Request, session: DbSession) -> ApiClient:
    """The client of the ``X-API-Key`` (or ``Authorization: Bearer ek_...``) header; 401 otherwise."""
    key = request.headers.get("x-api-key", "").strip()
    if not key:
        auth = request.headers.get("authorization", "")
        if auth.lower().startswith("bearer "):
            key = auth[7:].strip()
    if not key.startswith(API_KEY_PREFIX) or len(key) > 200:
        raise NotAuthenticated("api_key_required")
    row = session.scalars(select(ApiKey).where(ApiKey.key_hash == hash_api_key(key))).one_or_none()
    if row is None or not row.active:
        raise NotAuthenticated("api_key_invalid")
    now = utcnow()
    client = ApiClient(id=row.id, name=row.name)
    if row.last_used_at is None or now - row.last_used_at > timedelta(minutes=1):
        row.last_used_at = now
    # End the check's transaction here, written or not: the route goes on in this same session
    # (a new transaction), and service functions that open their own short transactions must
    # not wait behind this one (SQLite has one writer; BEGIN IMMEDIATE takes it at once).
    session.commit()
    return client


ApiKeyDep = Annotated[ApiClient, Depends(api_key_client)]
"""The claim form's (or another integrator's) API key, checked against stored hashes."""


def claim_form_client(request: Request, session: DbSession) -> ApiClient | None:
    """Router-level guard of the intake API: the API key when settings require one."""
    settings: Settings = request.app.state.services.settings
    if not settings.api_key_required:
        return None
    return api_key_client(request, session)


# Sign-in ----------------------------------------------------------------------------------


def _recent_failures(session: Session, username: str, ip: str) -> int:
    since = utcnow() - LOGIN_WINDOW
    rows = session.execute(
        select(AuditEvent.action, AuditEvent.detail)
        .where(AuditEvent.actor == username[:128], AuditEvent.at >= since,
               AuditEvent.action.in_(("auth.login_failed", "auth.login", "auth.unlocked")))
        .order_by(AuditEvent.at, AuditEvent.id)
    ).all()
    failures = 0
    for action, detail in rows:
        if action == "auth.unlocked":  # ``eklaim users unlock``: every address starts again
            failures = 0
            continue
        if (detail or {}).get("ip") != ip:
            continue
        failures = failures + 1 if action == "auth.login_failed" else 0  # a success resets
    return failures


def locked_addresses(session: Session, username: str) -> list[str]:
    """The client addresses from which ``username`` is locked out now (5 failures in 15 minutes
    with no success or unlock since), for ``eklaim users list``."""
    since = utcnow() - LOGIN_WINDOW
    ips = {str((d or {}).get("ip")) for d in session.scalars(
        select(AuditEvent.detail).where(AuditEvent.actor == username[:128], AuditEvent.at >= since,
                                        AuditEvent.action == "auth.login_failed"))}
    return sorted(ip for ip in ips if _recent_failures(session, username, ip) >= LOGIN_MAX_FAILURES)


def authenticate(session: Session, username: str, password: str, ip: str) -> User:
    """Check a sign-in and record it in the audit log.

    Raises:
        TooManyAttempts: 5 failures for this user name and IP in the last 15 minutes.
        NotAuthenticated: wrong user name or password (one message for both).
    """
    from intake.repo import record_audit

    username = username.strip()[:128]
    if _recent_failures(session, username, ip) >= LOGIN_MAX_FAILURES:
        record_audit(session, username or "-", "auth.login_blocked", detail={"ip": ip})
        session.commit()
        raise TooManyAttempts()
    user = session.scalars(select(User).where(User.username == username)).one_or_none()
    ok = verify_password(user, password) and user is not None and user.active
    if not ok:
        # Committed now: the request's transaction rolls back when the error propagates.
        record_audit(session, username or "-", "auth.login_failed", detail={"ip": ip})
        session.commit()
        raise NotAuthenticated("login_failed")
    assert user is not None
    record_audit(session, user.username, "auth.login", detail={"ip": ip})
    return user
