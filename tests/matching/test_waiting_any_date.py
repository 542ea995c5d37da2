"""``resignation_letter.waiting_period`` when the last day was not read: the period is over
whichever date on the letter is the last day (issue 11: checks that use what was typed)."""

from __future__ import annotations

from tests.matching.test_locate import check, doc, form, fv, lines_of

# submitted on 2026-10-25 (tests.matching.test_locate.SUBMITTED)
OLD_LETTER = [
    "PT MAJU BERSAMA", "Jakarta, 14 Agustus 2026", "menerangkan bahwa TUTI HANDAYANI",
    "bekerja sejak 2 Maret 2019 dan terakhir bekerja pada tgl 3l Jul1 20Z6.",  # the last day garbled
]


def _waiting(rows: list, own: str | None) -> tuple[str, str | None]:
    fields = {"letter_date": fv(own)} if own else {}
    c = check("resignation_letter.waiting_period", form(), {"resignation_letter": doc("resignation_letter", lines_of(rows), **fields)})
    return c.status, c.found


def test_every_date_long_past_is_over_whichever_is_the_last_day() -> None:
    assert _waiting(OLD_LETTER, "2026-08-14") == ("match", "2026-08-14")


def test_without_the_letters_own_date_it_stays_unreadable() -> None:
    assert _waiting(OLD_LETTER, None)[0] == "unreadable"


def test_a_recent_date_anywhere_keeps_it_unreadable() -> None:
    rows = [*OLD_LETTER, "Pembayaran pesangon paling lambat 10 Oktober 2026."]
    assert _waiting(rows, "2026-08-14")[0] == "unreadable"


def test_a_month_without_a_day_inside_the_period_keeps_it_unreadable() -> None:
    rows = [*OLD_LETTER, "masa kerja sampai Oktober 2026"]
    assert _waiting(rows, "2026-08-14")[0] == "unreadable"


def test_a_two_digit_year_keeps_it_unreadable() -> None:
    rows = [*OLD_LETTER, "Tgl keluar 31/07/26"]
    assert _waiting(rows, "2026-08-14")[0] == "unreadable"
