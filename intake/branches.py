"""Branch names compared the way people mean them (issue 17): case and spacing ignored.

A reviewer whose branch was typed ``"kcp tegal  timur"`` sees the claims filed at
``"KCP TEGAL TIMUR"``; ``eklaim reverify --branch`` and the review pages use the same rule.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import func


def branch_key(branch: str) -> str:
    """Upper case, every whitespace character removed."""
    return "".join(str(branch).split()).upper()


def branch_key_sql(column: Any) -> Any:
    """:func:`branch_key` in SQL (spaces, tabs and new lines removed, upper case), portable
    between SQLite and PostgreSQL."""
    return func.upper(func.replace(func.replace(func.replace(column, " ", ""), "\t", ""), "\n", ""))


def branch_in(column: Any, branches: Any) -> Any:
    """``WHERE`` clause: ``column`` is one of ``branches`` (case and spacing ignored)."""
    return branch_key_sql(column).in_(sorted({branch_key(b) for b in branches}))
