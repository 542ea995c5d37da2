"""Readable, coloured terminal rendering of a report (rich)."""

from __future__ import annotations

from rich.console import Console
from rich.markup import escape
from rich.table import Table

from matching.messages import doc_key
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


def _text(value: object) -> str:
    if value is None or value == "":
        return "–"
    if isinstance(value, list):
        return "; ".join(_text(v) for v in value)
    if isinstance(value, dict):
        return " ".join(str(v) for v in value.values() if v not in (None, ""))
    return str(value)


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
        detected = d.get("detected_type") or ""
        if doc_key(slot, detected) == "sim":  # the ID the claimant uploaded, read or not
            detected = "sim (driving licence as the ID)"
        docs.add_row(slot, _styled(d.get("status")), d.get("reason") or "", detected, str(d.get("pages") or ""))
    console.print(docs)
    # Each check as a block (not a table): typed and found on their own lines, so a long name
    # is never cut or folded at 80 columns (issue 17).
    console.print("[bold]Checks[/bold] (typed vs found)")
    width = max((len(c.check) for c in report.checks), default=10)
    for c in report.checks:
        score = "" if c.score is None else f"  score {c.score:.0f}"
        console.print(f" {_styled(c.status)}{' ' * max(1, 12 - len(c.status or ''))}{escape(c.check.ljust(width))}{score}",
                      soft_wrap=True)
        console.print(f"     typed: {escape(_text(c.typed))}", soft_wrap=True, highlight=False)
        console.print(f"     found: {escape(_text(c.found))}", soft_wrap=True, highlight=False)
        if c.message and c.status not in ("match", "not_applicable"):
            console.print(f"     [dim]{escape(c.message.en)}[/dim]", soft_wrap=True)
        if c.code == "nik_via_kk":
            console.print("     [dim](NIK read from the KK: the ID is a SIM)[/dim]", soft_wrap=True)
    if report.messages:
        console.print("[bold]What to fix / Yang perlu diperbaiki:[/bold]")
        for m in report.messages:
            console.print(f" - {m.id}\n   [dim]{m.en}[/dim]")
