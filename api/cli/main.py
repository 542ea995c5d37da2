"""The ``eklaim`` typer app: thin wrappers around the package functions.

The console script is ``api.cli:main`` (:func:`main` here); the ``reverify`` command's body
and its progress screen are in :mod:`api.cli.reverify`.
"""

from __future__ import annotations

import json
import sys
from datetime import datetime
from pathlib import Path
from typing import Annotated, Any, cast

import typer
from rich.console import Console

from intake.errors import EklaimError

app = typer.Typer(add_completion=False, no_args_is_help=True, help="eklaim-verify: JHT claim document checks.")
models_app = typer.Typer(no_args_is_help=True, help="OCR model provisioning.")
db_app = typer.Typer(no_args_is_help=True, help="Database schema.")
app.add_typer(models_app, name="models")
app.add_typer(db_app, name="db")

out = Console()
err = Console(stderr=True)


def _version(value: bool) -> None:
    if value:
        from importlib.metadata import PackageNotFoundError, version

        try:
            text = version("eklaim-verify")
        except PackageNotFoundError:  # run from a checkout without installing
            text = "unknown"
        from matching.rules import RULES_VERSION

        sys.stdout.write(f"eklaim-verify {text} (rules {RULES_VERSION})\n")
        raise typer.Exit(0)


@app.callback()
def _root(
    version_: Annotated[bool, typer.Option("--version", callback=_version, is_eager=True,
                                           help="Print the version and exit.")] = False,
) -> None:
    """eklaim-verify: JHT claim document checks."""


@app.command("check")
def check_files(
    files: Annotated[list[Path], typer.Argument(help="Files to check (format by content, limits).")],
    as_json: Annotated[bool, typer.Option("--json", help="One JSON object per file on stdout.")] = False,
) -> None:
    """Check uploaded files the way the intake API does and print each verdict."""
    from intake.files import check_file
    from intake.localfiles import read_local_file
    from intake.settings import get_settings

    max_bytes = get_settings().max_file_bytes
    rejected = 0
    for path in files:
        try:
            # Regular files only, and never more than the limit in memory.
            checked = check_file(read_local_file(path, max_bytes=max_bytes))
            row: dict[str, Any] = {"file": str(path), "status": "accepted", "kind": checked.kind, "pages": checked.pages,
                   "size": checked.size, "sha256": checked.sha256}
        except OSError as exc:
            err.print(f"[red]cannot read {path}: {exc.strerror}[/red]")
            raise typer.Exit(2) from None
        except EklaimError as exc:
            rejected += 1
            row = {"file": str(path), "status": "rejected", "reason": exc.code, "message": exc.message.as_dict()}
        if as_json:
            out.print_json(json.dumps(row))
        elif row["status"] == "accepted":
            out.print(f"[green]accepted[/green] {path}  {row['kind']}, {row['pages']} page(s), {row['size']} bytes")
        else:
            out.print(f"[red]rejected[/red] {path}  {row['reason']}: {row['message']['en']}")
    raise typer.Exit(0)


@app.command("verify")
def verify(
    claim_dirs: Annotated[list[Path], typer.Argument(help="Claim folders: claim.json plus ktp.*, kk.*, ...")],
    as_json: Annotated[bool, typer.Option("--json", help="One JSON object per folder on stdout (one line each).")] = False,
) -> None:
    """Verify claim folders and print each report (exit 0 whatever the verdicts).

    A claim's documents are read at once by one process per core (EKLAIM_VERIFY_PROCESSES);
    several folders share one warm pool and are reported in the order given.
    """
    from api.render import print_report
    from intake.logging import configure_logging
    from workers.claim_dir import verify_claim_dirs

    configure_logging()
    for report in verify_claim_dirs(claim_dirs):
        if as_json:
            sys.stdout.write(json.dumps(report.as_contract(), ensure_ascii=False) + "\n")
            sys.stdout.flush()
        else:
            print_report(report, out)


@models_app.command("provision")
def models_provision() -> None:
    """Build and verify the offline OCR model folders from the pinned wheel."""
    from intake.settings import get_settings
    from ocr.provision import ensure_models

    settings = get_settings()
    ensure_models(settings)
    err.print(f"models ready in {settings.resolved_models_dir}")


@db_app.command("upgrade")
def db_upgrade() -> None:
    """Apply the database migrations (SQLite by default, PostgreSQL by EKLAIM_DATABASE_URL)."""
    from intake.db import migrate
    from intake.settings import get_settings

    migrate(get_settings().resolved_database_url)
    err.print("database schema is up to date")


@app.command("serve")
def serve(
    host: Annotated[str, typer.Option(envvar="EKLAIM_HOST", help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(envvar="EKLAIM_PORT", help="Port to listen on.")] = 8000,
) -> None:
    """Run the HTTP API (uvicorn). Without EKLAIM_REDIS_URL the jobs run in this process."""
    from api.app import serve as run_server

    run_server(host=host, port=port)


@app.command("worker")
def worker(
    processes: Annotated[int, typer.Option("--processes", "-n", min=1, envvar="EKLAIM_WORKER_PROCESSES",
                                           help="Worker processes (each loads the OCR model once).")] = 1,
    burst: Annotated[bool, typer.Option("--burst", help="Exit once the queue is empty.")] = False,
) -> None:
    """Run RQ workers on EKLAIM_REDIS_URL (retries, timeouts, periodic sweep of lost jobs)."""
    from workers.worker import run_workers

    raise typer.Exit(run_workers(processes, burst=burst))


@app.command("sweep")
def sweep_cmd(
    older_than: Annotated[float | None, typer.Option("--older-than", help="Seconds; EKLAIM_SWEEP_AFTER_S by default.")] = None,
) -> None:
    """Re-send the jobs of documents and claims stuck past the deadline; print what was done."""
    from intake.db import ensure_schema
    from intake.settings import get_settings
    from workers.sweeper import sweep

    settings = get_settings()
    ensure_schema(settings)
    from workers.runner import get_dispatcher

    dispatcher = get_dispatcher(settings)
    result = sweep(older_than, dispatcher=dispatcher, settings=settings)
    wait_idle = getattr(dispatcher, "wait_idle", None)
    if wait_idle is not None:  # no Redis: the jobs run here; let them finish
        wait_idle(timeout=float(settings.job_timeout_s) * 2)
    sys.stdout.write(json.dumps({k: len(v) for k, v in result.as_dict().items()}) + "\n")


@app.command("reverify")
def reverify(
    date_from: Annotated[datetime | None, typer.Option("--from", formats=["%Y-%m-%d"], help="Submitted on or after (YYYY-MM-DD).")] = None,
    date_to: Annotated[datetime | None, typer.Option("--to", formats=["%Y-%m-%d"], help="Submitted on or before (YYYY-MM-DD).")] = None,
    branch: Annotated[str | None, typer.Option(help="Branch office code.")] = None,
    verdict: Annotated[str | None, typer.Option(help="Current verdict: clear, needs_correction, needs_review.")] = None,
    stale: Annotated[bool, typer.Option("--stale", help="Only claims processed by older engine/model/extractor/rules versions.")] = False,
    ids_file: Annotated[Path | None, typer.Option("--ids-file", help="Claim ids, one per line.")] = None,
    depth: Annotated[str, typer.Option(help="matching (rules on stored OCR results) or full (OCR again).")] = "matching",
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Print the count and a sample of ids; start nothing.")] = False,
    new: Annotated[bool, typer.Option("--new", help="A new batch even when one with the same key exists.")] = False,
    resume: Annotated[str | None, typer.Option("--resume", metavar="BATCH_ID", help="Continue a batch (skips what is done).")] = None,
    watch: Annotated[str | None, typer.Option("--watch", metavar="BATCH_ID", help="Watch a running batch.")] = None,
    report: Annotated[str | None, typer.Option("--report", metavar="BATCH_ID", help="Export a batch's diff report.")] = None,
    fmt: Annotated[str, typer.Option("--format", help="Report format: csv or json.")] = "csv",
    output: Annotated[Path | None, typer.Option("--output", "-o", help="Write the report here (default stdout).")] = None,
    wait: Annotated[bool, typer.Option("--wait/--no-wait", help="Watch the progress bar after starting.")] = True,
    serve: Annotated[bool, typer.Option("--serve", help="Run a batch worker on the batch queue.")] = False,
    burst: Annotated[bool, typer.Option("--burst", help="With --serve: stop when the queue is empty.")] = False,
) -> None:
    """Re-verify stored claims in a batch (RQ workers), with progress, resume and a diff report."""
    from api.cli.reverify import ReverifyOptions, reverify_command
    from workers.batch import BatchFilters, read_ids_file

    ids = read_ids_file(ids_file.read_text(encoding="utf-8")) if ids_file is not None else None
    filters = BatchFilters(submitted_from=date_from.date() if date_from else None,
                           submitted_to=date_to.date() if date_to else None,
                           branch=branch, verdict=verdict, stale=stale, claim_ids=ids)
    opts = ReverifyOptions(filters=filters, depth=depth, dry_run=dry_run, new=new, resume=resume, watch=watch,
                           report=report, report_format=fmt, output=output, wait=wait, serve=serve, burst=burst)
    raise typer.Exit(reverify_command(opts, out, err))


# Review pages, encryption at rest and retention (api/review, intake/crypto, intake/retention).
users_app = typer.Typer(no_args_is_help=True, help="Reviewer and admin accounts.")
apikeys_app = typer.Typer(no_args_is_help=True, help="API keys of the claim form and integrators.")
keys_app = typer.Typer(no_args_is_help=True, help="Encryption keys (AES-256-GCM at rest).")
app.add_typer(users_app, name="users")
app.add_typer(apikeys_app, name="apikeys")
app.add_typer(keys_app, name="keys")


@app.command("purge")
def purge_cmd(
    older_than: Annotated[str, typer.Option("--older-than", help="Retention age: 365d, 52w, 1y.")] = "",
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Count only; delete nothing.")] = False,
    sweep_orphans: Annotated[bool, typer.Option("--sweep-orphans", help="Also delete unreferenced blobs.")] = False,
) -> None:
    """Delete claims, documents, blobs and derived data past retention (audited)."""
    from datetime import timedelta

    from intake.logging import configure_logging
    from intake.retention import parse_age, purge
    from intake.settings import get_settings

    configure_logging()
    settings = get_settings()
    try:
        age = parse_age(older_than) if older_than else timedelta(days=settings.retention_days)
    except ValueError as exc:
        raise typer.BadParameter(str(exc), param_hint="--older-than") from None
    res = purge(age, settings, dry_run=dry_run, sweep_orphans=sweep_orphans)
    verb = "would delete" if dry_run else "deleted"
    err.print(f"{verb} {len(res.claims)} claim(s), {res.documents} document(s), {res.blobs} blob(s) "
              f"created before {res.cutoff:%Y-%m-%d %H:%M} UTC")


@users_app.command("add")
def users_add(
    username: Annotated[str, typer.Argument(help="Sign-in name.")],
    role: Annotated[str, typer.Option("--role", help="reviewer or admin.")] = "reviewer",
    branch: Annotated[list[str] | None, typer.Option("--branch", help="Branch the reviewer sees (repeat).")] = None,
    password_stdin: Annotated[bool, typer.Option("--password-stdin", help="Read the password from stdin.")] = False,
) -> None:
    """Create a reviewer or admin (the password is hashed with argon2id; asked for when not on stdin)."""
    from api.auth import create_user
    from intake.db import ensure_schema, session_scope
    from intake.settings import get_settings

    if role not in ("reviewer", "admin"):
        raise typer.BadParameter("must be reviewer or admin", param_hint="--role")
    if role == "reviewer" and not branch:
        raise typer.BadParameter("a reviewer needs at least one branch", param_hint="--branch")
    password = sys.stdin.readline().rstrip("\n") if password_stdin else typer.prompt(
        "Password", hide_input=True, confirmation_prompt=True)
    url = ensure_schema(get_settings())
    try:
        with session_scope(url) as s:
            create_user(s, username, password, role, list(branch or []))
    except ValueError as exc:
        raise typer.BadParameter(str(exc), param_hint="password") from None
    except Exception as exc:  # an existing user name (unique constraint)
        from sqlalchemy.exc import IntegrityError

        if isinstance(exc, IntegrityError):
            raise typer.BadParameter(f"user {username!r} exists", param_hint="USERNAME") from None
        raise
    err.print(f"user {username} ({role}) created")


def _user_row(session: Any, username: str) -> Any:
    from sqlalchemy import select

    from intake.models import User

    user = session.scalars(select(User).where(User.username == username)).one_or_none()
    if user is None:
        raise typer.BadParameter(f"no user {username!r}", param_hint="USERNAME")
    return user


def _revoke_sessions(session: Any, user_id: int) -> int:
    from sqlalchemy import update

    from intake.models import UserSession, utcnow

    res = session.execute(update(UserSession).where(UserSession.user_id == user_id, UserSession.revoked_at.is_(None))
                          .values(revoked_at=utcnow()))
    return int(res.rowcount or 0)


@users_app.command("list")
def users_list(
    as_json: Annotated[bool, typer.Option("--json", help="One JSON array on stdout.")] = False,
    branch: Annotated[str | None, typer.Option("--branch", help="Only reviewers of this branch (case and spacing ignored).")] = None,
) -> None:
    """List the accounts: role, branches, active, locked out (and from where), last sign-in."""
    from rich.table import Table
    from sqlalchemy import func, select

    from api.auth import locked_addresses
    from intake.branches import branch_key
    from intake.db import ensure_schema, session_scope
    from intake.models import AuditEvent, User
    from intake.settings import get_settings

    url = ensure_schema(get_settings())
    rows: list[dict[str, Any]] = []
    with session_scope(url) as s:
        last = dict(s.execute(select(AuditEvent.actor, func.max(AuditEvent.at))
                              .where(AuditEvent.action == "auth.login").group_by(AuditEvent.actor)).all())
        for u in s.scalars(select(User).order_by(User.username)):
            if branch is not None and branch_key(branch) not in {branch_key(b) for b in (u.branches or [])}:
                continue
            rows.append({"username": u.username, "role": u.role, "branches": list(u.branches or []),
                         "active": bool(u.active), "locked_from": locked_addresses(s, u.username),
                         "last_login": last[u.username].isoformat() if last.get(u.username) else None})
    if as_json:
        sys.stdout.write(json.dumps(rows, ensure_ascii=False) + "\n")
        return
    table = Table(title=f"{len(rows)} user(s)")
    for col in ("user", "role", "branches", "active", "locked", "last sign-in (UTC)"):
        table.add_column(col, overflow="fold")
    for r in rows:
        table.add_row(r["username"], r["role"], ", ".join(r["branches"]) or "(all)" if r["role"] == "admin" else
                      ", ".join(r["branches"]), "yes" if r["active"] else "[red]disabled[/red]",
                      ("[red]" + ", ".join(r["locked_from"]) + "[/red]") if r["locked_from"] else "",
                      (r["last_login"] or "")[:16])
    out.print(table)


@users_app.command("disable")
def users_disable(
    username: Annotated[str, typer.Argument(help="Sign-in name.")],
    enable: Annotated[bool, typer.Option("--enable", help="Enable the account again instead.")] = False,
) -> None:
    """Disable an account (its sessions end at once) or, with --enable, enable it again."""
    from intake import repo
    from intake.db import ensure_schema, session_scope
    from intake.settings import get_settings

    with session_scope(ensure_schema(get_settings())) as s:
        user = _user_row(s, username)
        user.active = enable
        ended = 0 if enable else _revoke_sessions(s, user.id)
        repo.record_audit(s, "cli", "user.enabled" if enable else "user.disabled", None,
                          {"user": user.username, "sessions_ended": ended})
    err.print(f"user {username} {'enabled' if enable else f'disabled ({ended} session(s) ended)'}")


@users_app.command("passwd")
def users_passwd(
    username: Annotated[str, typer.Argument(help="Sign-in name.")],
    password_stdin: Annotated[bool, typer.Option("--password-stdin", help="Read the password from stdin.")] = False,
) -> None:
    """Set a new password (argon2id); the user's sessions end."""
    from api.auth import hash_password
    from intake import repo
    from intake.db import ensure_schema, session_scope
    from intake.settings import get_settings

    password = sys.stdin.readline().rstrip("\n") if password_stdin else typer.prompt(
        "New password", hide_input=True, confirmation_prompt=True)
    if len(password) < 10:
        raise typer.BadParameter("password must be at least 10 characters", param_hint="password")
    with session_scope(ensure_schema(get_settings())) as s:
        user = _user_row(s, username)
        user.password_hash = hash_password(password)
        ended = _revoke_sessions(s, user.id)
        repo.record_audit(s, "cli", "user.password_changed", None, {"user": user.username, "sessions_ended": ended})
    err.print(f"password of {username} changed ({ended} session(s) ended)")


@users_app.command("unlock")
def users_unlock(username: Annotated[str, typer.Argument(help="Sign-in name.")]) -> None:
    """Lift a sign-in lockout (too many wrong passwords) from every address at once."""
    from api.auth import locked_addresses
    from intake import repo
    from intake.db import ensure_schema, session_scope
    from intake.settings import get_settings

    with session_scope(ensure_schema(get_settings())) as s:
        user = _user_row(s, username)
        was = locked_addresses(s, user.username)
        repo.record_audit(s, user.username, "auth.unlocked", None, {"by": "cli", "addresses": len(was)})
    err.print(f"user {username} unlocked" + (f" (was locked from {len(was)} address(es))" if was else " (was not locked)"))


@apikeys_app.command("list")
def apikeys_list(as_json: Annotated[bool, typer.Option("--json", help="One JSON array on stdout.")] = False) -> None:
    """List the API keys (id, name, created, last used, active); never the keys themselves."""
    from rich.table import Table
    from sqlalchemy import select

    from intake.db import ensure_schema, session_scope
    from intake.models import ApiKey
    from intake.settings import get_settings

    with session_scope(ensure_schema(get_settings())) as s:
        rows: list[dict[str, Any]] = [{"id": k.id, "name": k.name, "created_at": k.created_at.isoformat(),
                 "last_used_at": k.last_used_at.isoformat() if k.last_used_at else None, "active": bool(k.active)}
                for k in s.scalars(select(ApiKey).order_by(ApiKey.id))]
    if as_json:
        sys.stdout.write(json.dumps(rows) + "\n")
        return
    table = Table(title=f"{len(rows)} API key(s)")
    for col in ("id", "name", "created (UTC)", "last used (UTC)", "active"):
        table.add_column(col, overflow="fold")
    for r in rows:
        table.add_row(str(r["id"]), r["name"], r["created_at"][:16], (r["last_used_at"] or "")[:16],
                      "yes" if r["active"] else "[red]revoked[/red]")
    out.print(table)


@apikeys_app.command("revoke")
def apikeys_revoke(key: Annotated[str, typer.Argument(help="The key's id (see `eklaim apikeys list`) or its name.")]) -> None:
    """Revoke an API key: every request with it is refused from now on (401 api_key_invalid)."""
    from sqlalchemy import select

    from intake import repo
    from intake.db import ensure_schema, session_scope
    from intake.models import ApiKey
    from intake.settings import get_settings

    with session_scope(ensure_schema(get_settings())) as s:
        q = select(ApiKey).where(ApiKey.id == int(key)) if key.isdigit() else select(ApiKey).where(ApiKey.name == key)
        rows = list(s.scalars(q))
        if not rows:
            raise typer.BadParameter(f"no API key {key!r}", param_hint="KEY")
        if len(rows) > 1:
            raise typer.BadParameter(f"{len(rows)} keys are named {key!r}: give the id", param_hint="KEY")
        rows[0].active = False
        repo.record_audit(s, "cli", "apikey.revoked", None, {"key_id": rows[0].id})
        name, kid = rows[0].name, rows[0].id
    err.print(f"API key {kid} ({name}) revoked")


@apikeys_app.command("create")
def apikeys_create(name: Annotated[str, typer.Argument(help="Who uses the key (e.g. claim-form).")]) -> None:
    """Create an API key; it is printed once on stdout (only its SHA-256 is stored)."""
    from api.auth import create_api_key
    from intake.db import ensure_schema, session_scope
    from intake.settings import get_settings

    url = ensure_schema(get_settings())
    with session_scope(url) as s:
        _, key = create_api_key(s, name)
    sys.stdout.write(key + "\n")
    err.print(f"API key {name!r} created; store it now, it cannot be shown again")


@keys_app.command("generate")
def keys_generate() -> None:
    """Print a new random AES-256 key (base64) for EKLAIM_ENCRYPTION_KEY."""
    from intake.crypto import new_key_text

    sys.stdout.write(new_key_text() + "\n")


@keys_app.command("rotate")
def keys_rotate(
    new_key: Annotated[bool, typer.Option("--new-key", help="First put a new key at the top of the key file.")] = False,
) -> None:
    """Re-encrypt every blob and encrypted column with the active key (old keys still decrypt).

    With EKLAIM_ENCRYPTION_KEY: set the new key there and the old one in
    EKLAIM_ENCRYPTION_OLD_KEYS, then run this. With a key file: ``--new-key`` adds the key.
    """
    from intake.crypto import add_key_to_file, clear_keyring_cache, default_key_file, get_keyring, rotate
    from intake.logging import configure_logging
    from intake.settings import get_settings

    configure_logging()
    settings = get_settings()
    if new_key:
        if settings.encryption_key is not None:
            raise typer.BadParameter("works with a key file; set EKLAIM_ENCRYPTION_KEY yourself", param_hint="--new-key")
        get_keyring(settings)  # creates the development key file when needed
        add_key_to_file(settings.encryption_key_file or default_key_file(settings))
        clear_keyring_cache()
    res = rotate(settings)
    err.print(f"re-encrypted {res.blobs} blob(s) and {res.rows} row(s) with key {get_keyring(settings).active_id.hex()}")


def main(argv: list[str] | None = None) -> int:
    """Console-script entry point; returns the process exit code.

    Usage errors (unknown option, a folder without ``claim.json``...) exit 2; a command's own
    ``typer.Exit(n)`` exits n; Ctrl-C exits 130.
    """
    # typer vendors click: its usage errors all derive from the public BadParameter's bases.
    click_exception = cast(type[typer.BadParameter], typer.BadParameter.__mro__[2])
    try:
        # With standalone_mode=False a command's exit code is returned instead of raised.
        rc = app(args=argv, standalone_mode=False)
    except typer.Exit as exc:
        return int(exc.exit_code or 0)
    except EklaimError as exc:
        err.print(f"[red]{exc.code}[/red]: {exc.message.en}")
        return 2
    except typer.Abort:
        err.print("aborted")
        return 130
    except click_exception as exc:
        exc.show()
        return int(getattr(exc, "exit_code", 2))
    return rc if isinstance(rc, int) else 0

