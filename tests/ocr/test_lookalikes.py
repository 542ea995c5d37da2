"""The one OCR letter/digit confusion table and the tables derived from it."""

from __future__ import annotations

import re

from matching.compare import normalise_digits
from ocr.text import (
    DIGIT_CONFUSIONS,
    LETTER_FOR_DIGIT,
    LOOKALIKES,
    NOT_IN_FREE_TEXT,
    digits_from_ocr,
    digits_to_letters,
    label_pattern,
)


def test_derived_tables_come_from_the_one_table() -> None:
    assert DIGIT_CONFUSIONS == {k: v for k, v in LOOKALIKES.items() if k not in NOT_IN_FREE_TEXT}
    for digit, letter in LETTER_FOR_DIGIT.items():
        assert LOOKALIKES[letter] == digit and letter.isupper()
    assert all(v.isdigit() and len(v) == 1 for v in LOOKALIKES.values())


def test_a_number_reads_every_lookalike() -> None:
    letters = "".join(LOOKALIKES)
    assert normalise_digits(letters) == "".join(LOOKALIKES.values())
    assert normalise_digits("32O4 l1O5-O8!O") == "320411050810"


def test_free_text_keeps_gender_and_blood_group_letters() -> None:
    assert digits_from_ocr("05-08-1990 L") == "05-08-1990 L"
    assert digits_from_ocr("32O4 11O5") == "3204 1105"


def test_words_read_digits_as_letters() -> None:
    assert digits_to_letters("0KT0BER") == "OKTOBER"
    assert digits_to_letters("4PRIL") == "APRIL"
    assert digits_to_letters("OK7OBER") == "OKTOBER"


def test_labels_tolerate_lookalikes() -> None:
    pat = re.compile(label_pattern("Gol Darah"), re.IGNORECASE)
    assert pat.fullmatch("G0L DARAH") and pat.fullmatch("Go1. Darah")
    assert not re.compile(label_pattern("G"), re.IGNORECASE).fullmatch("B")
