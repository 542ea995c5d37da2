"""Readable, coloured terminal rendering of a report (rich)."""

from __future__ import annotations

from rich.console import Console
from rich.table import Table

from matching.records import Report

_VERDICT_STYLE = {"clear": "bold green", "needs_correction": "bold red", "needs_review": "bold yellow"}
_STATUS_STYLE = {"accepted": "green", "match": "green", "mismatch": "red", "rejected": "red",
                 "wrong_type": "red", "missing": "red", "unreadable": "yellow", "review": "yellow"}


def _styled(value: str | None) -> str:
    if value is None:
        return ""
    style = _STATUS_STYLE.get(value)
    return f"[{style}]{value}[/{style}]" if style else value


def print_report(report: Report, console: Console) -> None:
    """Print the verdict, the documents, the checks and what the claimant must fix."""
    style = _VERDICT_STYLE.get(report.verdict, "bold")
    console.print(f"Claim [bold]{report.claim_id}[/bold]: [{style}]{report.verdict}[/{style}]")
    docs = Table(title="Documents", show_lines=False)
    for col in ("slot", "status", "reason", "detected", "pages"):
        docs.add_column(col)
    for slot, d in report.documents.items():
        detected = d.get("detected_type") or ""
        if detected == "sim" and d.get("status") == "accepted":
            detected = "sim (driving licence as the ID)"
        docs.add_row(slot, _styled(d.get("status")), d.get("reason") or "", detected, str(d.get("pages") or ""))
    console.print(docs)
    checks = Table(title="Checks")
    for col in ("check", "status", "score", "message"):
        checks.add_column(col)
    for c in report.checks:
        msg = c.message.en if c.message else ""
        if c.code == "nik_via_kk" and c.status != "match":
            msg = f"{msg} (NIK read from the KK: the ID is a SIM)"
        checks.add_row(c.check, _styled(c.status), "" if c.score is None else f"{c.score:.0f}", msg)
    console.print(checks)
    if report.messages:
        console.print("[bold]What to fix / Yang perlu diperbaiki:[/bold]")
        for m in report.messages:
            console.print(f" - {m.id}\n   [dim]{m.en}[/dim]")
