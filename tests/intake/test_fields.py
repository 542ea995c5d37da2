"""Tests of the typed-field validation of the e-Klaim form (synthetic data only)."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from intake.errors import FieldInvalid, Message
from intake.fields import (
    CLAIM_KEYS,
    CLAIM_REASONS,
    NIK_PROVINCE_CODES,
    REQUIRED_KEYS,
    SOFT_CODES,
    USUAL_ACCOUNT_LENGTHS,
    digits_only,
    make_nik,
    message_for,
    normalise_account_number,
    normalise_bank,
    normalise_claim_reason,
    normalise_email,
    normalise_kpj,
    normalise_name,
    normalise_phone,
    parse_birth_date_typed,
    parse_iso_date,
    parse_nik,
    problem_messages,
    resolve_yy,
    validate_claim,
)
from intake.records import ClaimValidation

TODAY = date(2025, 6, 1)

CONTRACT_KEYS = (
    "nik", "full_name", "birth_date", "kpj", "claim_reason", "phone", "email",
    "bank", "account_number", "account_holder", "branch", "submitted_on",
)  # fmt: skip

# A synthetic claimant: Kabupaten Bandung / Katapang (32 04 11), woman born 05-08-1990.
NIK_F = "3204114508900002"
NIK_M = "3204110508900002"


def good_claim(**overrides: Any) -> dict[str, Any]:
    """A clean, synthetic claim.json mapping with optional overrides."""
    claim: dict[str, Any] = {
        "nik": "3204 1145 0890 0002",
        "full_name": "  siti   nur aminah ",
        "birth_date": "05-08-90",
        "kpj": "123-4567-8901",
        "claim_reason": "Resign",
        "phone": "0812-3456-7890",
        "email": " Siti.Aminah@Example.CO.ID ",
        "bank": "Bank Rakyat Indonesia",
        "account_number": "1234 5678 9012 345",
        "account_holder": "Siti Nur Aminah",
        "branch": "bandung",
        "submitted_on": "2025-05-20",
    }
    claim.update(overrides)
    return claim


def codes(result: ClaimValidation) -> list[str]:
    """Problem codes of a validation, in order."""
    return [p.code for p in result.problems]


def raises_code(code: str, fn: Any, *args: Any) -> FieldInvalid:
    """Assert ``fn(*args)`` raises FieldInvalid with ``code``; return it."""
    with pytest.raises(FieldInvalid) as info:
        fn(*args)
    assert info.value.code == code
    return info.value


# ---------------------------------------------------------------------------------------------
# Normalisers
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("32-04 11.05", "32041105"), ("abc", ""), ("１２３", "123"), ("", "")],
)
def test_digits_only(raw: str, expected: str) -> None:
    assert digits_only(raw) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("  siti   nur\taminah ", "SITI NUR AMINAH"),
        ("h. ahmad dahlan, s.e.", "H. AHMAD DAHLAN, S.E."),
        ("Drs.  Ma'ruf", "DRS. MA'RUF"),
        ("", ""),
    ],
)
def test_normalise_name(raw: str, expected: str) -> None:
    assert normalise_name(raw) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("081234567890", "6281234567890"),
        ("0812-3456-7890", "6281234567890"),
        ("+62 812 3456 7890", "6281234567890"),
        ("62-812-3456-7890", "6281234567890"),
        ("(0812) 3456.7890", "6281234567890"),
        ("+62 (0)812 3456 7890", "6281234567890"),
        ("0062 812 3456 7890", "6281234567890"),
        ("812 3456 7890", "6281234567890"),
        ("0812345678", "62812345678"),  # 8 + 8 digits: shortest
        ("0812345678901", "62812345678901"),  # 8 + 11 digits: longest
    ],
)
def test_normalise_phone_valid(raw: str, expected: str) -> None:
    assert normalise_phone(raw) == expected


@pytest.mark.parametrize(
    "raw",
    [
        "",
        "08123456",  # 8 + 7 digits: too short
        "08123456789012",  # 8 + 12 digits: too long
        "021 555 1234",  # Jakarta landline
        "+1 812 345 6789",
        "0812-3456-789O",  # letter O
        "phone",
        "62",
    ],
)
def test_normalise_phone_invalid(raw: str) -> None:
    error = raises_code("phone_invalid", normalise_phone, raw)
    assert error.field == "phone"


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (" Siti.Aminah@Example.CO.ID ", "siti.aminah@example.co.id"),
        ("a+tag@mail-server.com", "a+tag@mail-server.com"),
        ("x_y@sub.domain.id", "x_y@sub.domain.id"),
    ],
)
def test_normalise_email_valid(raw: str, expected: str) -> None:
    assert normalise_email(raw) == expected


@pytest.mark.parametrize(
    "raw",
    [
        "",
        "plain",
        "a@b",
        "a@@b.com",
        "a@b@c.com",
        ".a@b.com",
        "a..b@c.com",
        "a@-b.com",
        "a@b.c",
        "a@b.123",
        "a b@c.com",
        "a@b..com",
        "x" * 65 + "@b.com",
    ],
)
def test_normalise_email_invalid(raw: str) -> None:
    raises_code("email_invalid", normalise_email, raw)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("BRI", "BRI"),
        ("bank bri", "BRI"),
        ("Bank Rakyat Indonesia", "BRI"),
        ("PT. Bank Rakyat Indonesia (Persero) Tbk.", "BRI"),
        ("bni", "BNI"),
        ("BNI 46", "BNI"),
        ("Bank Negara Indonesia", "BNI"),
        ("Mandiri", "MANDIRI"),
        ("Bank Mandiri", "MANDIRI"),
        ("bank mandri", "MANDIRI"),  # small typo
        ("bca", "BCA"),
        ("Bank Central Asia", "BCA"),
        ("BTN", "BTN"),
        ("Bank Tabungan Negara", "BTN"),
        ("Bank Syariah Indonesia", "BSI"),
        ("CIMB Niaga", "CIMB NIAGA"),
        ("Bank Danamon", "DANAMON"),
        ("Permata Bank", "PERMATA"),
        ("bank  jago", "BANK JAGO"),  # unknown: kept, upper-cased
    ],
)
def test_normalise_bank(raw: str, expected: str) -> None:
    assert normalise_bank(raw) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Resign", "resign"),
        (" PHK ", "phk"),
        ("Pemutusan Hubungan Kerja", "phk"),
        ("Mengundurkan Diri", "resign"),
        ("meninggal dunia", "meninggal"),
        ("Pensiun", "pensiun"),
        ("Something  Else", "something else"),
        ("Mengundurkan diri", "resign"),
        ("RESIGN (Mengundurkan Diri)", "resign"),
        ("mengundurkan-diri", "resign"),
        ("Pemutusan hubungan kerja", "phk"),
        ("Pemutusan Hubungan Kerja (PHK)", "phk"),
        ("di-PHK", "phk"),
        ("Usia pensiun", "pensiun"),
        ("Mencapai usia 56", "pensiun"),
        ("mencapai usia 56 tahun", "pensiun"),
        ("Meninggal dunia", "meninggal"),
        ("Peserta meninggal dunia", "meninggal"),
        ("Cacat total tetap", "cacat"),
        ("Meninggalkan Indonesia", "wna"),
        ("Meninggalkan Indonesia untuk selamanya", "wna"),
        ("WNA", "wna"),
        ("wna ", "wna"),
        ("lainnya", "lainnya"),  # not a reason of the e-Klaim drop-down any more
    ],
)
def test_normalise_claim_reason(raw: str, expected: str) -> None:
    assert normalise_claim_reason(raw) == expected


@pytest.mark.parametrize("typed", ["liburan", "lainnya", "Mengundurkan diri karena PHK"])
def test_unknown_claim_reason_is_a_blocking_error_naming_the_accepted_values(typed: str) -> None:
    result = validate_claim(good_claim(claim_reason=typed), today=TODAY)
    assert codes(result) == ["claim_reason_unknown"]
    (problem,) = result.errors
    assert problem.field == "claim_reason" and not problem.soft
    for reason in CLAIM_REASONS:
        assert reason in problem.message.id and reason in problem.message.en
    assert "pensiun" in problem.message.id and "retirement" in problem.message.en


@pytest.mark.parametrize("typed", ["Resign", "PHK", "Usia pensiun", "Meninggal dunia", "Cacat total tetap", "WNA"])
def test_every_accepted_reason_validates(typed: str) -> None:
    result = validate_claim(good_claim(claim_reason=typed), today=TODAY)
    assert result.problems == []
    assert result.form.claim_reason in CLAIM_REASONS


def test_normalise_kpj_and_account_number() -> None:
    assert normalise_kpj("123-4567-8901") == "12345678901"
    raises_code("kpj_not_11_digits", normalise_kpj, "1234567890")
    raises_code("kpj_not_11_digits", normalise_kpj, "1234567890A")
    assert normalise_account_number("1234.5678 9012-345") == "123456789012345"
    raises_code("account_number_invalid", normalise_account_number, "12345X7890")
    raises_code("account_number_invalid", normalise_account_number, "12345")
    raises_code("account_number_invalid", normalise_account_number, "1" * 21)


# ---------------------------------------------------------------------------------------------
# Century rule and dates
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("yy", "today", "expected"),
    [
        (90, date(2025, 6, 1), 1990),
        (0, date(2025, 6, 1), 2000),
        (11, date(2025, 6, 1), 2011),  # 14 this year
        (12, date(2025, 6, 1), 1912),  # would be 13: read as 1912
        (99, date(2025, 6, 1), 1999),
        (5, date(2014, 1, 1), 1905),
    ],
)
def test_resolve_yy_table(yy: int, today: date, expected: int) -> None:
    assert resolve_yy(yy, today) == expected


def test_resolve_yy_rejects_out_of_range() -> None:
    with pytest.raises(ValueError):
        resolve_yy(100, TODAY)


@given(yy=st.integers(0, 99), today=st.dates(min_value=date(2000, 1, 1), max_value=date(2098, 12, 31)))
def test_resolve_yy_properties(yy: int, today: date) -> None:
    year = resolve_yy(yy, today)
    assert year % 100 == yy
    assert year in (1900 + yy, 2000 + yy)
    # Never younger than 14 this year when read as 20yy; never a later century than needed.
    assert year <= today.year - 14 or year < 2000
    if 2000 + yy <= today.year - 14:
        assert year == 2000 + yy


@pytest.mark.parametrize(
    "raw",
    ["050890", "05-08-90", "05/08/1990", "05 08 90", "05081990", "5.8.90", "1990-08-05", "0508 90"],
)
def test_parse_birth_date_typed_formats(raw: str) -> None:
    assert parse_birth_date_typed(raw, TODAY) == date(1990, 8, 5)


@pytest.mark.parametrize(
    ("raw", "code"),
    [
        ("", "birth_date_invalid"),
        ("310290", "birth_date_invalid"),  # 31 February
        ("290290", "birth_date_invalid"),  # 1990 is not a leap year
        ("051390", "birth_date_invalid"),
        ("5890", "birth_date_invalid"),
        ("05-08-199", "birth_date_invalid"),
        ("lima agustus", "birth_date_invalid"),
        ("05081890", "birth_date_invalid"),  # before 1900
        ("05082030", "birth_date_in_future"),
    ],
)
def test_parse_birth_date_typed_invalid(raw: str, code: str) -> None:
    error = raises_code(code, parse_birth_date_typed, raw, TODAY)
    assert error.field == "birth_date"


def test_parse_birth_date_typed_leap_day_and_century() -> None:
    assert parse_birth_date_typed("290200", TODAY) == date(2000, 2, 29)
    assert parse_birth_date_typed("010112", TODAY) == date(1912, 1, 1)


def test_parse_iso_date() -> None:
    assert parse_iso_date(" 2025-05-20 ") == date(2025, 5, 20)
    raises_code("submitted_on_invalid", parse_iso_date, "20-05-2025")
    raises_code("submitted_on_invalid", parse_iso_date, "2025-02-30")


# ---------------------------------------------------------------------------------------------
# NIK
# ---------------------------------------------------------------------------------------------


def test_parse_nik_female_and_male() -> None:
    female = parse_nik("3204-1145-0890-0002", TODAY)
    assert female.nik == NIK_F
    assert (female.province_code, female.regency_code, female.district_code) == ("32", "3204", "320411")
    assert female.birth_date == date(1990, 8, 5)
    assert female.gender == "PEREMPUAN"
    assert female.serial == "0002"
    assert female.birth_ddmmyy == "050890"
    male = parse_nik(NIK_M, TODAY)
    assert male.gender == "LAKI-LAKI"
    assert male.birth_date == date(1990, 8, 5)
    assert male.birth_ddmmyy == "050890"


@pytest.mark.parametrize(
    ("raw", "code"),
    [
        ("", "nik_not_16_digits"),
        ("320411050890000", "nik_not_16_digits"),  # 15
        ("32041105089000021", "nik_not_16_digits"),  # 17
        ("32041105089O0002", "nik_not_16_digits"),  # letter O
        ("NIK 3204110508900002", "nik_not_16_digits"),
        ("1004110508900002", "nik_bad_province"),
        ("2004110508900002", "nik_bad_province"),
        ("3704110508900002", "nik_bad_province"),
        ("6604110508900002", "nik_bad_province"),
        ("9704110508900002", "nik_bad_province"),
        ("0004110508900002", "nik_bad_province"),
        ("3204110008900002", "nik_bad_birth_date"),  # day 00
        ("3204113208900002", "nik_bad_birth_date"),  # day 32
        ("3204114008900002", "nik_bad_birth_date"),  # day 40 (female day 0)
        ("3204117208900002", "nik_bad_birth_date"),  # day 72 (female day 32)
        ("3204110513900002", "nik_bad_birth_date"),  # month 13
        ("3204110500900002", "nik_bad_birth_date"),  # month 00
        ("3204112902900002", "nik_bad_birth_date"),  # 29 Feb 1990
        ("3204116902900002", "nik_bad_birth_date"),  # female 29 Feb 1990
        ("3204110508900000", "nik_zero_serial"),
    ],
)
def test_parse_nik_errors(raw: str, code: str) -> None:
    error = raises_code(code, parse_nik, raw, TODAY)
    assert error.field == "nik"
    assert error.as_dict()["field"] == "nik"
    # The exception text and message never carry the typed value.
    digits = digits_only(raw)
    if digits:
        assert digits not in str(error)
        assert digits not in error.message.id and digits not in error.message.en


def test_parse_nik_female_leap_day_and_all_provinces() -> None:
    assert parse_nik("3204116902000002", TODAY).birth_date == date(2000, 2, 29)
    for code in NIK_PROVINCE_CODES:
        assert parse_nik(code + "04110508900002", TODAY).province_code == code
    assert len(NIK_PROVINCE_CODES) == 38


@st.composite
def nik_parts(draw: st.DrawFn) -> tuple[str, int, int, date, str, int]:
    """Random valid NIK ingredients (birth year resolvable by the century rule)."""
    province = draw(st.sampled_from(sorted(NIK_PROVINCE_CODES)))
    regency = draw(st.integers(1, 99))
    district = draw(st.integers(1, 99))
    born = draw(st.dates(min_value=date(1912, 1, 1), max_value=date(2011, 12, 31)))
    gender = draw(st.sampled_from(["LAKI-LAKI", "PEREMPUAN"]))
    serial = draw(st.integers(1, 9999))
    return province, regency, district, born, gender, serial


@given(nik_parts())
def test_generated_niks_parse_and_round_trip(parts: tuple[str, int, int, date, str, int]) -> None:
    province, regency, district, born, gender, serial = parts
    nik = make_nik(province, regency, district, born, gender, serial)
    info = parse_nik(nik, TODAY)
    assert info.nik == nik and len(nik) == 16
    assert info.gender == gender
    assert info.birth_date == born
    assert info.province_code == province
    assert info.regency_code == f"{province}{regency:02d}"
    assert info.district_code == f"{province}{regency:02d}{district:02d}"
    assert int(info.serial) == serial


def test_make_nik_examples_and_errors() -> None:
    assert make_nik("32", "04", "11", date(1990, 8, 5), "PEREMPUAN", 2) == NIK_F
    assert make_nik(32, 4, 11, date(1990, 8, 5), "L", "0002") == NIK_M
    for bad in (
        dict(province="20"),
        dict(province="99"),
        dict(regency=0),
        dict(district=100),
        dict(serial=0),
        dict(serial=10000),
        dict(gender="X"),
    ):
        args: dict[str, Any] = dict(
            province="32", regency=4, district=11, birth_date=date(1990, 8, 5), gender="L", serial=2
        )
        args.update(bad)
        with pytest.raises(ValueError):
            make_nik(**args)


# ---------------------------------------------------------------------------------------------
# Formatting noise does not change the normalised value
# ---------------------------------------------------------------------------------------------

SEPARATOR_RUNS = st.text(alphabet=" -.", max_size=2)


@st.composite
def noisy(draw: st.DrawFn, value: str) -> str:
    """``value`` with random runs of spaces, dashes and dots between characters and around."""
    pieces = [draw(SEPARATOR_RUNS)]
    for ch in value:
        pieces.append(ch)
        pieces.append(draw(SEPARATOR_RUNS))
    return "".join(pieces)


@given(data=st.data(), parts=nik_parts())
def test_nik_noise_invariant(data: st.DataObject, parts: tuple[str, int, int, date, str, int]) -> None:
    nik = make_nik(*parts)
    assert parse_nik(data.draw(noisy(nik)), TODAY).nik == nik


@given(data=st.data(), kpj=st.from_regex(r"\A[0-9]{11}\Z"))
def test_kpj_noise_invariant(data: st.DataObject, kpj: str) -> None:
    assert normalise_kpj(data.draw(noisy(kpj))) == kpj


@given(data=st.data(), account=st.from_regex(r"\A[0-9]{6,20}\Z"))
def test_account_number_noise_invariant(data: st.DataObject, account: str) -> None:
    assert normalise_account_number(data.draw(noisy(account))) == account


@given(
    data=st.data(),
    rest=st.from_regex(r"\A[0-9]{8,11}\Z"),
    prefix=st.sampled_from(["0", "+62", "62", "+62 ", "62-", "0062", "+62 (0)", "(0"]),
)
def test_phone_noise_invariant(data: st.DataObject, rest: str, prefix: str) -> None:
    national = "8" + rest
    typed = prefix + data.draw(noisy(national))
    if prefix == "(0":
        typed = "(0" + national[:3] + ") " + national[3:]
    assert normalise_phone(typed) == "62" + national


@given(
    local=st.from_regex(r"\A[a-z0-9]{1,10}(\.[a-z0-9]{1,5})?\Z"),
    domain=st.from_regex(r"\A[a-z0-9]{1,10}\.(com|co\.id|id|org)\Z"),
    pad=st.text(alphabet=" \t", max_size=3),
)
def test_email_case_and_space_invariant(local: str, domain: str, pad: str) -> None:
    email = f"{local}@{domain}"
    assert normalise_email(pad + email.upper() + pad) == email


@given(name=st.text(alphabet=st.sampled_from("abcdefghijklmnopqrstuvwxyz. '\t"), max_size=30))
def test_name_normalisation_is_idempotent(name: str) -> None:
    once = normalise_name(" " + name + "  ")
    assert normalise_name(once) == once
    assert once == once.strip() and "  " not in once and once == once.upper()


# ---------------------------------------------------------------------------------------------
# Random strings raise nothing but FieldInvalid
# ---------------------------------------------------------------------------------------------

PARSERS = [
    lambda s: parse_nik(s, TODAY),
    normalise_phone,
    normalise_email,
    normalise_kpj,
    normalise_account_number,
    lambda s: parse_birth_date_typed(s, TODAY),
    parse_iso_date,
]


@settings(max_examples=200)
@given(text=st.text(max_size=40) | st.text(alphabet="0123456789 -./+()", max_size=24))
def test_random_strings_raise_only_field_invalid(text: str) -> None:
    for parser in PARSERS:
        try:
            parser(text)
        except FieldInvalid as error:
            assert error.code in problem_messages()
    # These never raise at all.
    assert isinstance(normalise_bank(text), str)
    assert isinstance(normalise_name(text), str)
    assert isinstance(digits_only(text), str)
    assert isinstance(normalise_claim_reason(text), str)


JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=30),
    lambda children: st.lists(children, max_size=3)
    | st.dictionaries(st.text(max_size=5), children, max_size=3),
    max_leaves=5,
)


@settings(max_examples=100)
@given(raw=st.dictionaries(st.sampled_from(CONTRACT_KEYS) | st.text(max_size=8), JSON_VALUES, max_size=14))
def test_validate_claim_never_raises(raw: dict[str, Any]) -> None:
    result = validate_claim(raw, today=TODAY)
    messages = problem_messages()
    for problem in result.problems:
        assert problem.code in messages
        assert problem.field in CLAIM_KEYS
        assert problem.message == messages[problem.code]
        assert problem.soft == (problem.code in SOFT_CODES)


# ---------------------------------------------------------------------------------------------
# validate_claim
# ---------------------------------------------------------------------------------------------


def test_validate_claim_clean_claim_normalises_everything() -> None:
    result = validate_claim(good_claim(), today=TODAY)
    assert result.problems == []
    form = result.form
    assert form.nik == NIK_F
    assert form.full_name == "SITI NUR AMINAH"
    assert form.birth_date == date(1990, 8, 5)
    assert form.birth_date_typed == "050890"
    assert form.kpj == "12345678901"
    assert form.claim_reason == "resign"
    assert form.phone == "6281234567890"
    assert form.email == "siti.aminah@example.co.id"
    assert form.bank == "BRI"
    assert form.account_number == "123456789012345"
    assert form.account_holder == "SITI NUR AMINAH"
    assert form.branch == "BANDUNG"
    assert form.submitted_on == date(2025, 5, 20)


def test_claim_keys_follow_the_contract() -> None:
    assert tuple(CLAIM_KEYS) == CONTRACT_KEYS
    assert REQUIRED_KEYS == set(CONTRACT_KEYS) - {"branch", "submitted_on"}
    for label in CLAIM_KEYS.values():
        assert isinstance(label, Message) and label.id and label.en


@pytest.mark.parametrize("key", sorted(REQUIRED_KEYS))
@pytest.mark.parametrize("empty", [None, "", "   ", "MISSING"])
def test_required_fields(key: str, empty: str | None) -> None:
    claim = good_claim()
    if empty == "MISSING":
        del claim[key]
    else:
        claim[key] = empty
    result = validate_claim(claim, today=TODAY)
    assert codes(result) == [f"{key}_required"]
    assert result.errors[0].field == key
    assert getattr(result.form, key) in ("", None)


@pytest.mark.parametrize("key", CONTRACT_KEYS)
def test_not_text(key: str) -> None:
    result = validate_claim(good_claim(**{key: 3204110508900002}), today=TODAY)
    assert codes(result) == [f"{key}_not_text"]
    assert not result.problems[0].soft


@pytest.mark.parametrize("key", CONTRACT_KEYS)
def test_too_long(key: str) -> None:
    result = validate_claim(good_claim(**{key: "a" * 201}), today=TODAY)
    assert codes(result) == [f"{key}_too_long"]


def test_optional_fields_may_be_missing() -> None:
    claim = good_claim()
    del claim["branch"], claim["submitted_on"]
    result = validate_claim(claim, today=TODAY)
    assert result.problems == []
    assert result.form.branch == ""
    assert result.form.submitted_on == TODAY


@pytest.mark.parametrize(
    ("overrides", "expected"),
    [
        ({"nik": "3204 1145 0890 000"}, ["nik_not_16_digits"]),
        ({"nik": "2004114508900002"}, ["nik_bad_province"]),
        ({"nik": "3204113208900002"}, ["nik_bad_birth_date"]),
        ({"nik": "3204114508900000"}, ["nik_zero_serial"]),
        ({"full_name": "SITI 2"}, ["full_name_invalid"]),
        ({"full_name": "..."}, ["full_name_invalid"]),
        ({"birth_date": "31-02-90"}, ["birth_date_invalid"]),
        ({"birth_date": "06-08-90"}, ["birth_date_nik_mismatch"]),
        ({"birth_date": "05-08-91"}, ["birth_date_nik_mismatch"]),
        ({"birth_date": "05-09-90"}, ["birth_date_nik_mismatch"]),
        ({"birth_date": "05082091"}, ["birth_date_in_future"]),
        ({"kpj": "1234567890"}, ["kpj_not_11_digits"]),
        ({"kpj": "1234567890A"}, ["kpj_not_11_digits"]),
        ({"phone": "021-5551234"}, ["phone_invalid"]),
        ({"email": "siti@example"}, ["email_invalid"]),
        ({"account_number": "1234-5678-X"}, ["account_number_invalid"]),
        ({"account_number": "1234567890"}, ["account_number_unusual_length"]),
        ({"account_holder": "123"}, ["account_holder_invalid"]),
        ({"claim_reason": "liburan"}, ["claim_reason_unknown"]),
        ({"submitted_on": "20/05/2025"}, ["submitted_on_invalid"]),
        ({"submitted_on": "2025-07-01"}, ["submitted_on_in_future"]),
        # Two problems come out in contract field order.
        ({"email": "bad", "nik": "123"}, ["nik_not_16_digits", "email_invalid"]),
    ],
)
def test_validate_claim_codes(overrides: dict[str, Any], expected: list[str]) -> None:
    result = validate_claim(good_claim(**overrides), today=TODAY)
    assert codes(result) == expected
    for problem in result.problems:
        assert problem.soft == (problem.code in SOFT_CODES)


@pytest.mark.parametrize(
    "code",
    [
        "nik_unknown_region",
        "account_number_unusual_length",
        "submitted_on_invalid",
        "submitted_on_in_future",
    ],
)
def test_soft_codes_are_soft(code: str) -> None:
    assert code in SOFT_CODES


def test_birth_date_compared_for_men_and_women_with_any_typed_format() -> None:
    for nik in (NIK_F, NIK_M):
        for typed in ("050890", "05/08/1990", "5-8-90", "1990-08-05"):
            result = validate_claim(good_claim(nik=nik, birth_date=typed), today=TODAY)
            assert result.problems == [], (nik[6:8], typed)
    mismatch = validate_claim(good_claim(nik=NIK_M, birth_date="450890"), today=TODAY)
    assert codes(mismatch) == ["birth_date_invalid"]  # day 45 typed is not a date


def test_birth_date_mismatch_skipped_when_nik_invalid() -> None:
    result = validate_claim(good_claim(nik="3204110508900000", birth_date="010101"), today=TODAY)
    assert codes(result) == ["nik_zero_serial"]


def test_unknown_region_is_only_a_warning() -> None:
    nik = make_nik("32", 99, 99, date(1990, 8, 5), "PEREMPUAN", 7)
    result = validate_claim(good_claim(nik=nik), today=TODAY)
    assert codes(result) == ["nik_unknown_region"]
    assert result.errors == [] and result.warnings[0].soft
    assert result.form.nik == nik


@pytest.mark.parametrize(("bank", "length"), sorted(USUAL_ACCOUNT_LENGTHS.items()))
def test_usual_account_lengths(bank: str, length: int) -> None:
    usual = validate_claim(good_claim(bank=bank.lower(), account_number="1" * length), today=TODAY)
    assert usual.problems == []
    other = validate_claim(good_claim(bank=bank.lower(), account_number="1" * (length + 1)), today=TODAY)
    assert codes(other) == ["account_number_unusual_length"] and other.problems[0].soft


def test_unknown_bank_has_no_length_rule() -> None:
    result = validate_claim(good_claim(bank="Bank Jago", account_number="123456789012"), today=TODAY)
    assert result.problems == []
    assert result.form.bank == "BANK JAGO"


def test_invalid_values_are_kept_cleaned_in_the_form() -> None:
    result = validate_claim(
        good_claim(nik="3204-1145-0890-0000", kpj="123-45", phone="021 555", email=" X@Y "), today=TODAY
    )
    assert result.form.nik == "3204114508900000"
    assert result.form.kpj == "12345"
    assert result.form.phone == "021555"
    assert result.form.email == "x@y"


def test_submitted_on_accepts_date_object_and_rejects_datetime() -> None:
    from datetime import datetime

    as_date = validate_claim(good_claim(submitted_on=date(2025, 1, 2)), today=TODAY)
    assert as_date.problems == [] and as_date.form.submitted_on == date(2025, 1, 2)
    result = validate_claim(good_claim(submitted_on=datetime(2025, 1, 2, 3, 4)), today=TODAY)
    assert codes(result) == ["submitted_on_not_text"]


def test_today_defaults_to_the_real_today() -> None:
    claim = good_claim()
    del claim["submitted_on"]
    assert validate_claim(claim).form.submitted_on == date.today()
    future = (date.today() + timedelta(days=3)).isoformat()
    assert codes(validate_claim(good_claim(submitted_on=future))) == ["submitted_on_in_future"]


def test_extra_keys_ignored_and_non_mapping_refused() -> None:
    assert validate_claim(good_claim(extra="x", note=1), today=TODAY).problems == []
    with pytest.raises(FieldInvalid) as info:
        validate_claim(["not", "a", "mapping"], today=TODAY)  # type: ignore[arg-type]
    assert info.value.code == "claim_not_object"


def test_messages_carry_no_personal_data() -> None:
    claim = good_claim(
        nik="3204114508900000", full_name="SITI 99", birth_date="06-08-90", kpj="987",
        phone="12", email="siti@", account_number="98765X", account_holder="77",
    )  # fmt: skip
    result = validate_claim(claim, today=TODAY)
    assert len(result.problems) == 7  # the NIK is invalid, so no birth-date comparison
    personal = ["3204114508900000", "SITI", "060890", "06-08-90", "987", "siti@", "98765", "77"]
    for problem in result.problems:
        text = " ".join(problem.message.as_dict().values())
        for value in personal:
            assert value.lower() not in text.lower()


def test_every_message_is_bilingual_and_distinct() -> None:
    messages = problem_messages()
    assert len(messages) >= 3 * len(CLAIM_KEYS) + 15
    for code, message in messages.items():
        assert message.id and message.en and message.id != message.en, code
        assert message_for(code) == message
    assert len({m.id for m in messages.values()}) == len(messages)
    # A copy: callers cannot change the module's table.
    messages.clear()
    assert problem_messages()
