"""Eligibility rules of a JHT withdrawal: the waiting period after resignation, the retirement age."""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date

RULES_VERSION = "6"
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


@dataclass(frozen=True)
class AgeRule:
    """Outcome of the retirement-age rule (``claim.age``)."""

    ok: bool
    """True when the claimant is at least the pension age on the filing date."""
    age: int
    """Completed years on the filing date."""
    first_allowed: date
    """The date the claimant reaches the pension age (birth date + that many years; a
    29 February birthday counts from 28 February)."""


def age_on(birth_date: date, day: date) -> int:
    """Completed years of a person born on ``birth_date`` on ``day`` (29 February birthdays
    count from 28 February in other years)."""
    years = day.year - birth_date.year
    if add_months(birth_date, 12 * years) > day:
        years -= 1
    return years


def pension_age(birth_date: date, submitted_on: date, years: int) -> AgeRule:
    """The retirement rule: ``years`` old (completed) or older on ``submitted_on``.

    Args:
        birth_date: The claimant's birth date (KTP/SIM when read, else the typed one).
        submitted_on: Date the claim is filed.
        years: The pension age (``intake.reasons.PENSION_AGE``).

    Returns:
        ``ok``, the age on the filing date and the date the pension age is reached.
    """
    first = add_months(birth_date, 12 * years)
    return AgeRule(first <= submitted_on, age_on(birth_date, submitted_on), first)
