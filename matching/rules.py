"""Eligibility rules of a JHT withdrawal: the waiting period after resignation."""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date

RULES_VERSION = "1"
"""Version of the matching rules and thresholds; bump when a verdict could change."""


def add_months(d: date, months: int) -> date:
    """``d`` plus ``months`` calendar months, clamped to the last day of the target month."""
    index = d.year * 12 + (d.month - 1) + months
    year, month = divmod(index, 12)
    month += 1
    day = min(d.day, calendar.monthrange(year, month)[1])
    return date(year, month, day)


def add_one_month(d: date) -> date:
    """One calendar month later: 31 Jan -> 28/29 Feb, 31 Mar -> 30 Apr, 30 Apr -> 30 May."""
    return add_months(d, 1)


@dataclass(frozen=True)
class WaitingPeriod:
    """Outcome of the one-month waiting period rule."""

    ok: bool
    """True when the claim may be filed on ``submitted_on``."""
    first_allowed: date
    """The first date the claim may be filed: resignation date + 1 calendar month."""


def waiting_period(resignation_date: date, submitted_on: date) -> WaitingPeriod:
    """The JHT waiting period: resignation + 1 calendar month <= the filing date.

    Args:
        resignation_date: Last working day / date of the resignation letter's effect.
        submitted_on: Date the claim is filed.

    Returns:
        ``ok`` and the first allowed filing date.
    """
    first = add_one_month(resignation_date)
    return WaitingPeriod(first <= submitted_on, first)
