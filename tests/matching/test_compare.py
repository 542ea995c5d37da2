"""Digit and date comparisons: OCR confusions, low confidence, NIK dates, century rule."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from matching.compare import (
    compare_dates,
    compare_digits,
    nik_birth_date,
    normalise_digits,
    parse_iso,
    resolve_ddmmyy,
)
from ocr.records import FieldValue

NIK = "3204110508900002"


@pytest.mark.parametrize(
    ("raw", "digits"),
    [
        ("3204-1105 0890 0002", NIK),
        ("32O4110508900002", NIK),
        ("  1234.5678 ", "12345678"),
        ("１２３", "123"),  # full-width
        ("", ""),
        (None, ""),
        ("l2I4", "1214"),
    ],
)
def test_normalise_digits(raw: str | None, digits: str) -> None:
    assert normalise_digits(raw) == digits


def test_equal_after_normalising_is_match() -> None:
    r = compare_digits("3204 1105-0890 0002", FieldValue(NIK, 0.99))
    assert (r.status, r.score, r.positions) == ("match", 100.0, ())


def test_confident_one_digit_difference_is_mismatch() -> None:
    r = compare_digits("3204110508900003", FieldValue(NIK, 0.97))
    assert r.status == "mismatch"
    assert r.positions == (15,)
    assert 90 < r.score < 100


def test_low_field_confidence_difference_is_review() -> None:
    r = compare_digits("3204110508900003", FieldValue(NIK, 0.55))
    assert r.status == "review"


def test_difference_only_at_low_char_confidence_is_review() -> None:
    chars = [0.99] * 16
    chars[15] = 0.41
    r = compare_digits("3204110508900003", FieldValue(NIK, 0.95, char_confidences=chars))
    assert r.status == "review"
    assert r.positions == (15,)


def test_difference_at_confident_char_is_mismatch_even_if_another_is_unsure() -> None:
    chars = [0.99] * 16
    chars[15] = 0.41
    # differs at 0 (sure) and 15 (unsure)
    r = compare_digits("4204110508900003", FieldValue(NIK, 0.95, char_confidences=chars))
    assert r.status == "mismatch"
    assert r.positions == (0, 15)


def test_char_confidences_of_wrong_length_are_ignored() -> None:
    r = compare_digits("3204110508900003", FieldValue(NIK, 0.95, char_confidences=[0.1, 0.1]))
    assert r.status == "mismatch"


def test_different_length_is_mismatch_unless_low_confidence() -> None:
    assert compare_digits("320411050890000", FieldValue(NIK, 0.95)).status == "mismatch"
    assert compare_digits("320411050890000", FieldValue(NIK, 0.5)).status == "review"


def test_a_read_cut_short_at_an_end_is_review_never_another_number() -> None:
    """'Nomor Rekenin42-582-2820': the glued label swallowed the first digit of 3425822820."""
    assert compare_digits("3425822820", FieldValue("425822820", 0.99)).status == "review"
    assert compare_digits("3425822820", FieldValue("34258228", 0.99)).status == "review"  # two lost at the end
    # three digits lost, or a digit lost inside the number, or a different number: a difference
    assert compare_digits("3425822820", FieldValue("5822820", 0.99)).status == "mismatch"
    assert compare_digits("3425822820", FieldValue("342522820", 0.99)).status == "mismatch"
    assert compare_digits("3425822820", FieldValue("425822821", 0.99)).status == "mismatch"
    # the document's number is longer than the typed one: the claimant may have dropped a digit
    assert compare_digits("425822820", FieldValue("3425822820", 0.99)).status == "mismatch"


def test_low_char_confidence_covers_a_dropped_digit() -> None:
    chars = [0.99] * 15 + [0.3]
    r = compare_digits("32041105089000021", FieldValue(NIK, 0.95, char_confidences=chars))
    assert r.status == "review"


def test_plain_string_is_taken_as_certain() -> None:
    assert compare_digits("12345", "12346").status == "mismatch"
    assert compare_digits("12-34-5", "12345").status == "match"


def test_nothing_read_is_review() -> None:
    assert compare_digits("12345", FieldValue("", 0.0)).status == "review"
    assert compare_digits("12345", None).status == "review"


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet="0123456789", min_size=1, max_size=20), st.data())
def test_separators_never_matter(digits: str, data: st.DataObject) -> None:
    sep = data.draw(st.sampled_from([" ", "-", ".", "  "]))
    cut = data.draw(st.integers(0, len(digits)))
    assert compare_digits(digits[:cut] + sep + digits[cut:], digits).status == "match"


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet="0123456789", min_size=2, max_size=20), st.data())
def test_any_confident_change_is_mismatch_and_unsure_is_review(digits: str, data: st.DataObject) -> None:
    i = data.draw(st.integers(0, len(digits) - 1))
    other = str((int(digits[i]) + data.draw(st.integers(1, 9))) % 10)
    typed = digits[:i] + other + digits[i + 1 :]
    assert compare_digits(typed, FieldValue(digits, 0.99)).status == "mismatch"
    chars = [0.99] * len(digits)
    chars[i] = 0.2
    assert compare_digits(typed, FieldValue(digits, 0.99, char_confidences=chars)).status == "review"


# ---- NIK birth date ---------------------------------------------------------------------------


def test_nik_birth_date_man() -> None:
    d = nik_birth_date(NIK)
    assert d is not None
    assert (d.day, d.month, d.year2, d.gender, d.ddmmyy) == (5, 8, 90, "LAKI-LAKI", "050890")


def test_nik_birth_date_woman_day_plus_40() -> None:
    d = nik_birth_date("3204114508900002")
    assert d is not None
    assert (d.ddmmyy, d.gender) == ("050890", "PEREMPUAN")


@pytest.mark.parametrize("nik", ["320411050890000", "3204113508900002", "3204110513900002", "", "abc"])
def test_nik_birth_date_invalid(nik: str) -> None:
    assert nik_birth_date(nik) is None


# ---- dates ------------------------------------------------------------------------------------

TODAY = date(2026, 10, 15)


@pytest.mark.parametrize(
    ("typed", "resolved"),
    [
        ("050890", date(1990, 8, 5)),
        ("01-01-05", date(2005, 1, 1)),
        ("311226", date(1926, 12, 31)),  # 2026-12-31 is after today
        ("150126", date(2026, 1, 15)),
        ("310290", None),
        ("0508", None),
    ],
)
def test_resolve_ddmmyy_century_rule(typed: str, resolved: date | None) -> None:
    assert resolve_ddmmyy(typed, today=TODAY) == resolved


def test_parse_iso() -> None:
    assert parse_iso("1990-08-05") == date(1990, 8, 5)
    assert parse_iso("05-08-1990") == date(1990, 8, 5)
    assert parse_iso("1990-02-30") is None
    assert parse_iso("soon") is None


def test_compare_dates_match_and_century_from_document() -> None:
    assert compare_dates("050890", "1990-08-05", today=TODAY).status == "match"
    # a claimant cannot type the century: 25 could be 1925
    assert compare_dates("010125", "1925-01-01", today=TODAY).status == "match"


def test_compare_dates_mismatch_parts() -> None:
    r = compare_dates("060890", "1990-08-05", today=TODAY)
    assert (r.status, r.differs) == ("mismatch", ("day",))
    r = compare_dates("080590", "1990-08-05", today=TODAY)
    assert (r.status, r.differs) == ("mismatch", ("day_month_swapped",))
    r = compare_dates("050891", "1990-08-05", today=TODAY)
    assert r.differs == ("year",)


def test_compare_dates_invalid_typed_and_unreadable_found() -> None:
    assert compare_dates("320290", "1990-08-05", today=TODAY).differs == ("invalid",)
    assert compare_dates("050890", None, today=TODAY).status == "review"
    assert compare_dates("050890", FieldValue("1990-08-06", 0.4), today=TODAY).status == "review"
    assert compare_dates("050890", FieldValue("1990-08-05", 0.4), today=TODAY).status == "match"
