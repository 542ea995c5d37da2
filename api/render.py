"""Readable, coloured terminal rendering of a report (rich)."""

from __future__ import annotations

from rich.console import Console
from rich.table import Table

from matching.records import Report

_VERDICT_STYLE = {"clear": "bold green", "needs_correction": "bold red", "needs_review": "bold yellow"}
_STATUS_STYLE = {"accepted": "green", "match": "green", "mismatch": "red", "rejected": "red",
                 "wrong_type": "red", "missing": "red", "unreadable": "yellow", "review": "yellow",
                 "not_applicable": "dim"}


def _styled(value: str | None) -> str:
    if value is None:
        return ""
    style = _STATUS_STYLE.get(value)
    return f"[{style}]{value}[/{style}]" if style else value


def print_report(report: Report, console: Console) -> None:
    """Print the verdict, the documents, the checks and what the claimant must fix."""
    style = _VERDICT_STYLE.get(report.verdict, "bold")
    console.print(f"Claim [bold]{report.claim_id}[/bold]: [{style}]{report.verdict}[/{style}]"
                  + (f" ([bold]{report.code}[/bold])" if report.code else ""))
    console.print(f"Claim reason: {report.claim_reason or '-'} · contract {report.contract}")
    docs = Table(title="Documents", show_lines=False)
    for col in ("slot", "status", "reason", "detected", "pages"):
        docs.add_column(col)
    for slot, d in report.documents.items():
        docs.add_row(slot, _styled(d.get("status")), d.get("reason") or "", d.get("detected_type") or "", str(d.get("pages") or ""))
    console.print(docs)
    checks = Table(title="Checks")
    for col in ("check", "status", "score", "message"):
        checks.add_column(col)
    for c in report.checks:
        msg = c.message.en if c.message else ""
        checks.add_row(c.check, _styled(c.status), "" if c.score is None else f"{c.score:.0f}", msg)
    console.print(checks)
    if report.messages:
        console.print("[bold]What to fix / Yang perlu diperbaiki:[/bold]")
        for m in report.messages:
            console.print(f" - {m.id}\n   [dim]{m.en}[/dim]")
