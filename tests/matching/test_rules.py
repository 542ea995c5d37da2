"""Calendar-month arithmetic and the JHT waiting period."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from matching.rules import RULES_VERSION, add_months, add_one_month, waiting_period


@pytest.mark.parametrize(
    ("start", "plus_one"),
    [
        (date(2026, 1, 31), date(2026, 2, 28)),
        (date(2024, 1, 31), date(2024, 2, 29)),  # leap year
        (date(2024, 1, 29), date(2024, 2, 29)),
        (date(2026, 1, 29), date(2026, 2, 28)),
        (date(2026, 3, 31), date(2026, 4, 30)),
        (date(2026, 4, 30), date(2026, 5, 30)),
        (date(2026, 5, 31), date(2026, 6, 30)),
        (date(2026, 8, 31), date(2026, 9, 30)),
        (date(2026, 12, 31), date(2027, 1, 31)),
        (date(2026, 12, 15), date(2027, 1, 15)),
        (date(2026, 2, 28), date(2026, 3, 28)),
        (date(2026, 10, 15), date(2026, 11, 15)),
    ],
)
def test_add_one_month_month_end_table(start: date, plus_one: date) -> None:
    assert add_one_month(start) == plus_one


def test_add_months_across_years() -> None:
    assert add_months(date(2026, 11, 30), 3) == date(2027, 2, 28)
    assert add_months(date(2026, 3, 31), -1) == date(2026, 2, 28)


@given(st.dates(min_value=date(1950, 1, 1), max_value=date(2100, 1, 1)))
def test_one_month_later_is_28_to_31_days_and_next_month(d: date) -> None:
    later = add_one_month(d)
    assert 28 <= (later - d).days <= 31
    assert (later.year * 12 + later.month) - (d.year * 12 + d.month) == 1
    assert later.day <= d.day


def test_waiting_period() -> None:
    resigned = date(2026, 10, 15)
    wp = waiting_period(resigned, date(2026, 10, 25))
    assert (wp.ok, wp.first_allowed) == (False, date(2026, 11, 15))
    assert waiting_period(resigned, date(2026, 11, 14)).ok is False
    assert waiting_period(resigned, date(2026, 11, 15)).ok is True  # boundary: the day itself
    assert waiting_period(date(2026, 1, 31), date(2026, 2, 28)).ok is True


@given(st.dates(min_value=date(2000, 1, 1), max_value=date(2090, 1, 1)), st.integers(-40, 80))
def test_waiting_period_ok_iff_on_or_after_first_allowed(resigned: date, offset: int) -> None:
    submitted = resigned + timedelta(days=offset)
    wp = waiting_period(resigned, submitted)
    assert wp.ok == (submitted >= wp.first_allowed)


def test_rules_version_is_a_string() -> None:
    assert isinstance(RULES_VERSION, str) and RULES_VERSION
