"""Typed-field validation of the e-Klaim form (``claim.json``).

Normalisers accept the way people type (spaces, dashes, dots, lower case); parsers raise
:class:`~intake.errors.FieldInvalid` with a stable code; :func:`validate_claim` collects every
:class:`~intake.records.Problem` of a raw form and returns the best-effort normalised
:class:`~intake.records.ClaimForm`.

No message or exception text produced here contains a NIK, name, account number or any other
typed value: only field labels and fixed wording.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any, Literal

from rapidfuzz import fuzz, process

from intake import wilayah
from intake.errors import FieldInvalid, Message
from intake.messages import FIELD_CODES, FIELD_LABELS, IntakeCode, intake_message
from intake.reasons import CLAIM_REASONS, normalise_claim_reason
from intake.records import ClaimForm, ClaimValidation, Problem

Gender = Literal["LAKI-LAKI", "PEREMPUAN"]

# --------------------------------------------------------------------------------------------
# Constants
# --------------------------------------------------------------------------------------------

CLAIM_KEYS: dict[str, Message] = FIELD_LABELS
"""Every key of ``claim.json`` (contract order) with its bilingual label (the labels live in
:mod:`intake.messages`, whose per-field texts use them)."""

REQUIRED_KEYS: frozenset[str] = frozenset(CLAIM_KEYS) - {"branch", "submitted_on"}
"""Keys that must be present and non-empty (``branch`` is optional, ``submitted_on``
defaults to today)."""

MAX_TEXT_LENGTH = 200
"""Longest accepted raw text value of any field (characters)."""

NIK_PROVINCE_CODES: frozenset[str] = frozenset(
    f"{n:02d}"
    for n in (
        *range(11, 20),
        21,
        *range(31, 37),
        *range(51, 54),
        *range(61, 66),
        *range(71, 77),
        81,
        82,
        *range(91, 97),
    )
)
"""Province codes a NIK may start with (the 38 provinces of 2025)."""

MIN_CLAIMANT_AGE_YEARS = 14
"""Century rule cut-off: a two-digit year is read as 20yy only if that makes the person at
least this old this year (JHT claimants are workers)."""

BANK_ALIASES: dict[str, str] = {
    "BRI": "BRI",
    "BANK RAKYAT INDONESIA": "BRI",
    "RAKYAT INDONESIA": "BRI",
    "BNI": "BNI",
    "BNI 46": "BNI",
    "BANK NEGARA INDONESIA": "BNI",
    "NEGARA INDONESIA": "BNI",
    "MANDIRI": "MANDIRI",
    "BANK MANDIRI": "MANDIRI",
    "BCA": "BCA",
    "BANK CENTRAL ASIA": "BCA",
    "CENTRAL ASIA": "BCA",
    "BTN": "BTN",
    "BANK TABUNGAN NEGARA": "BTN",
    "TABUNGAN NEGARA": "BTN",
    "BSI": "BSI",
    "BANK SYARIAH INDONESIA": "BSI",
    "SYARIAH INDONESIA": "BSI",
    "CIMB": "CIMB NIAGA",
    "CIMB NIAGA": "CIMB NIAGA",
    "NIAGA": "CIMB NIAGA",
    "DANAMON": "DANAMON",
    "DANAMON INDONESIA": "DANAMON",
    "PERMATA": "PERMATA",
    "PERMATABANK": "PERMATA",
    "BJB": "BJB",
    "BPD JABAR BANTEN": "BJB",
    "JABAR BANTEN": "BJB",
    "PEMBANGUNAN DAERAH JAWA BARAT DAN BANTEN": "BJB",
    "DKI": "BANK DKI",
    "BANK DKI": "BANK DKI",
    "OCBC": "OCBC",
    "OCBC NISP": "OCBC",
    "PANIN": "PANIN",
    "PAN INDONESIA": "PANIN",
    "MAYBANK": "MAYBANK",
    "MAYBANK INDONESIA": "MAYBANK",
    "MEGA": "MEGA",
    "BUKOPIN": "KB BUKOPIN",
    "KB BUKOPIN": "KB BUKOPIN",
    "MUAMALAT": "MUAMALAT",
    "MUAMALAT INDONESIA": "MUAMALAT",
}
"""Upper-case spellings (without ``PT``, ``TBK``, ``PERSERO``, punctuation) -> short name."""

BANK_SHORT_NAMES: frozenset[str] = frozenset(BANK_ALIASES.values())
"""Short names :func:`normalise_bank` can return for a known bank."""

USUAL_ACCOUNT_LENGTHS: dict[str, int] = {"BRI": 15, "BNI": 10, "MANDIRI": 13, "BCA": 10, "BTN": 16}
"""Usual account number length per bank; another length is only a soft warning."""

ACCOUNT_NUMBER_LENGTH = (6, 20)
"""Accepted range of account number lengths (digits)."""

_SEPARATORS = frozenset(" \t\r\n\u00a0-._/")
_PHONE_SEPARATORS = _SEPARATORS | frozenset("()+")

# --------------------------------------------------------------------------------------------
# Messages
# --------------------------------------------------------------------------------------------

_ALL_MESSAGES: dict[str, Message] = {
    code.value: intake_message(code, max_length=MAX_TEXT_LENGTH) for code in IntakeCode if code in FIELD_CODES
}
"""Every form problem code with its text (from :mod:`intake.messages`, the one intake catalogue)."""

SOFT_CODES: frozenset[str] = frozenset(
    {
        "nik_unknown_region",
        "account_number_unusual_length",
        "submitted_on_invalid",
        "submitted_on_in_future",
    }
)
"""Codes that are warnings (``Problem.soft``), never blocking."""


def problem_messages() -> dict[str, Message]:
    """Return every problem code this module can produce with its bilingual message (a copy)."""
    return dict(_ALL_MESSAGES)


def message_for(code: str) -> Message:
    """Return the bilingual message of a problem code (KeyError for an unknown code)."""
    return _ALL_MESSAGES[code]


def _invalid(field: str, code: str) -> FieldInvalid:
    return FieldInvalid(field=field, code=code, message=_ALL_MESSAGES[code])


# --------------------------------------------------------------------------------------------
# Normalisers
# --------------------------------------------------------------------------------------------


def digits_only(s: str) -> str:
    """Return the ASCII digits of ``s`` in order (full-width digits folded first)."""
    return "".join(ch for ch in unicodedata.normalize("NFKC", s) if "0" <= ch <= "9")


def _strip_separators(s: str, separators: frozenset[str] = _SEPARATORS) -> str:
    """NFKC-fold ``s`` and drop the separators people type inside numbers."""
    return "".join(ch for ch in unicodedata.normalize("NFKC", s) if ch not in separators)


def _is_ascii_digits(s: str) -> bool:
    return bool(s) and all("0" <= ch <= "9" for ch in s)


def normalise_name(s: str) -> str:
    """Upper-case a typed name, collapse whitespace to single spaces, strip the ends.

    Titles and punctuation (``H.``, ``DRS.``, ``S.E.``, apostrophes) are kept as typed.
    """
    return " ".join(unicodedata.normalize("NFKC", s).upper().split())


def normalise_phone(s: str) -> str:
    """Normalise an Indonesian mobile number to ``62`` + ``8`` + 8..11 digits.

    Accepts ``0812...``, ``+62 812...``, ``62-812...``, ``0062 812...``, ``+62 (0)812...``,
    ``812...`` with spaces, dashes, dots and parentheses.

    Raises:
        FieldInvalid: ``phone_invalid`` for anything else (letters, landlines, wrong length).
    """
    compact = _strip_separators(s, _PHONE_SEPARATORS)
    if not _is_ascii_digits(compact):
        raise _invalid("phone", "phone_invalid")
    if compact.startswith("00"):
        compact = compact[2:]
    if compact.startswith("62"):
        national = compact[2:]
        if national.startswith("0"):  # +62 (0)812...
            national = national[1:]
    elif compact.startswith("0"):
        national = compact[1:]
    else:
        national = compact
    if not re.fullmatch(r"8[0-9]{8,11}", national):
        raise _invalid("phone", "phone_invalid")
    return "62" + national


_EMAIL_LOCAL = re.compile(r"[a-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[a-z0-9!#$%&'*+/=?^_`{|}~-]+)*")
_EMAIL_LABEL = re.compile(r"[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?")


def normalise_email(s: str) -> str:
    """Trim and lower-case an e-mail address and check its syntax.

    The check is practical, not full RFC 5322: one ``@``, a dot-atom local part of at most 64
    characters, a domain of letter/digit/hyphen labels with at least one dot and a letter TLD
    of two or more characters, at most 254 characters in all.

    Raises:
        FieldInvalid: ``email_invalid``.
    """
    email = unicodedata.normalize("NFKC", s).strip().lower()
    if len(email) > 254 or email.count("@") != 1:
        raise _invalid("email", "email_invalid")
    local, domain = email.split("@")
    if not local or len(local) > 64 or not _EMAIL_LOCAL.fullmatch(local):
        raise _invalid("email", "email_invalid")
    labels = domain.split(".")
    if len(labels) < 2 or not all(_EMAIL_LABEL.fullmatch(label) for label in labels):
        raise _invalid("email", "email_invalid")
    if not re.fullmatch(r"[a-z]{2,63}", labels[-1]):
        raise _invalid("email", "email_invalid")
    return email


_BANK_NOISE = re.compile(r"\b(?:PT|TBK|PERSERO)\b")


def _bank_key(s: str) -> str:
    text = unicodedata.normalize("NFKC", s).upper()
    text = re.sub(r"[^A-Z0-9 ]+", " ", text)
    text = _BANK_NOISE.sub(" ", text)
    return " ".join(text.split())


def normalise_bank(s: str) -> str:
    """Return a bank's short name (BRI, BNI, MANDIRI, BCA, BTN, BSI, CIMB NIAGA, ...).

    Case, punctuation, ``PT``/``Tbk``/``(Persero)`` and a leading ``BANK`` do not matter;
    a small typo in a longer name (``Bank Mandri``) is forgiven. An unknown bank is returned
    upper-cased with single spaces, as typed.
    """
    key = _bank_key(s)
    candidates = [key]
    if key.startswith("BANK "):
        candidates.append(key[5:])
    for candidate in candidates:
        if candidate in BANK_ALIASES:
            return BANK_ALIASES[candidate]
    for candidate in candidates:
        if len(candidate) >= 6:
            found = process.extractOne(candidate, list(BANK_ALIASES), scorer=fuzz.ratio, score_cutoff=90)
            if found is not None:
                return BANK_ALIASES[found[0]]
    return normalise_name(s)


# --------------------------------------------------------------------------------------------
# Dates and the NIK
# --------------------------------------------------------------------------------------------


def resolve_yy(yy: int, today: date) -> int:
    """Resolve a two-digit birth year to four digits.

    Rule: ``2000 + yy`` if that year is at most ``today.year - 14`` (the person would be at
    least about 14 this year: JHT claimants are workers), else ``1900 + yy``. So with
    ``today`` in 2025, ``11`` -> 2011 and ``12`` -> 1912.

    Raises:
        ValueError: ``yy`` outside 0..99 (a programming error, not a user one).
    """
    if not 0 <= yy <= 99:
        raise ValueError("two-digit year out of range")
    return 2000 + yy if 2000 + yy <= today.year - MIN_CLAIMANT_AGE_YEARS else 1900 + yy


@dataclass(frozen=True)
class NikInfo:
    """What a structurally valid NIK encodes."""

    nik: str
    """The 16 digits."""
    province_code: str
    """Digits 1-2."""
    regency_code: str
    """Digits 1-4 (province + regency/city)."""
    district_code: str
    """Digits 1-6 (province + regency + district at registration)."""
    birth_date: date
    """Digits 7-12 (DDMMYY, day + 40 for women) with the century from :func:`resolve_yy`."""
    gender: Gender
    """``LAKI-LAKI`` (day 01-31) or ``PEREMPUAN`` (day 41-71)."""
    serial: str
    """Digits 13-16, never ``0000``."""

    @property
    def birth_ddmmyy(self) -> str:
        """The birth date as DDMMYY without the +40 (comparable with the typed form)."""
        return f"{self.birth_date:%d%m}{self.nik[10:12]}"


def parse_nik(s: str, today: date | None = None) -> NikInfo:
    """Parse a typed NIK (spaces, dashes, dots allowed) and check its structure.

    Args:
        s: the NIK as typed.
        today: reference date for the century rule (defaults to today).

    Raises:
        FieldInvalid: ``nik_not_16_digits``, ``nik_bad_province``, ``nik_bad_birth_date`` or
            ``nik_zero_serial`` (checked in that order). An unknown regency/district code is
            not checked here (see :func:`nik_region_known`): it is only a warning.
    """
    today = today or date.today()
    nik = _strip_separators(s)
    if len(nik) != 16 or not _is_ascii_digits(nik):
        raise _invalid("nik", "nik_not_16_digits")
    if nik[:2] not in NIK_PROVINCE_CODES:
        raise _invalid("nik", "nik_bad_province")
    day, month, yy = int(nik[6:8]), int(nik[8:10]), int(nik[10:12])
    gender: Gender = "LAKI-LAKI"
    if day > 40:
        day -= 40
        gender = "PEREMPUAN"
    try:
        birth = date(resolve_yy(yy, today), month, day)
    except ValueError:
        raise _invalid("nik", "nik_bad_birth_date") from None
    if nik[12:] == "0000":
        raise _invalid("nik", "nik_zero_serial")
    return NikInfo(
        nik=nik,
        province_code=nik[:2],
        regency_code=nik[:4],
        district_code=nik[:6],
        birth_date=birth,
        gender=gender,
        serial=nik[12:],
    )


def nik_region_known(nik: str) -> bool:
    """True when the gazetteer knows the NIK's regency and district codes (loads it once)."""
    region = wilayah.region_of_nik(nik)
    return region.regency is not None and region.district is not None


def make_nik(
    province: str | int,
    regency: str | int,
    district: str | int,
    birth_date: date,
    gender: str,
    serial: str | int,
) -> str:
    """Build a structurally valid NIK (for synthetic samples and tests).

    Args:
        province: two-digit province code (must be one of :data:`NIK_PROVINCE_CODES`).
        regency: two-digit regency/city part (01-99), e.g. ``4`` or ``"04"``.
        district: two-digit district part (01-99).
        birth_date: the date of birth; its year is encoded as two digits.
        gender: ``LAKI-LAKI``/``L``/``M`` or ``PEREMPUAN``/``P``/``F`` (women: day + 40).
        serial: 1..9999.

    Returns:
        The 16 digits. The region need not exist in the gazetteer (see
        :func:`nik_region_known`). Raises ValueError on bad arguments.
    """

    def part(value: str | int, name: str, low: int, high: int, width: int) -> str:
        number = int(value) if isinstance(value, int) else int(digits_only(str(value)) or "-1")
        if not low <= number <= high:
            raise ValueError(f"{name} out of range")
        return f"{number:0{width}d}"

    prov = part(province, "province", 11, 96, 2)
    if prov not in NIK_PROVINCE_CODES:
        raise ValueError("province is not a NIK province code")
    sex = gender.strip().upper()
    if sex in ("LAKI-LAKI", "L", "M", "MALE", "PRIA"):
        day = birth_date.day
    elif sex in ("PEREMPUAN", "P", "F", "FEMALE", "WANITA"):
        day = birth_date.day + 40
    else:
        raise ValueError("gender must be LAKI-LAKI or PEREMPUAN")
    return (
        prov
        + part(regency, "regency", 1, 99, 2)
        + part(district, "district", 1, 99, 2)
        + f"{day:02d}{birth_date.month:02d}{birth_date.year % 100:02d}"
        + part(serial, "serial", 1, 9999, 4)
    )


_DATE_PARTS = re.compile(r"[\s\-./]+")


def parse_birth_date_typed(s: str, today: date | None = None) -> date:
    """Parse a typed date of birth.

    Accepts DDMMYY (``050890``), DDMMYYYY (``05081990``) and the same with separators
    (``05-08-90``, ``05/08/1990``, ``05 08 90``, ``5.8.90``, ``0508 90``), and ISO
    ``1990-08-05``. A
    two-digit year is resolved with :func:`resolve_yy`.

    Raises:
        FieldInvalid: ``birth_date_invalid`` (not a real date / unknown format) or
            ``birth_date_in_future``.
    """
    today = today or date.today()
    text = unicodedata.normalize("NFKC", s).strip()
    parts = [p for p in _DATE_PARTS.split(text) if p]
    if not parts or not all(_is_ascii_digits(p) for p in parts):
        raise _invalid("birth_date", "birth_date_invalid")
    compact = "".join(parts)
    if len(parts) == 3 and len(parts[0]) == 4 and len(parts[1]) <= 2 and len(parts[2]) <= 2:
        year_text, month_text, day_text = parts  # ISO YYYY-MM-DD
    elif len(parts) == 3 and len(parts[0]) <= 2 and len(parts[1]) <= 2 and len(parts[2]) in (2, 4):
        day_text, month_text, year_text = parts
    elif len(compact) in (6, 8):  # DDMMYY / DDMMYYYY, maybe with stray separators (0508 90)
        day_text, month_text, year_text = compact[:2], compact[2:4], compact[4:]
    else:
        raise _invalid("birth_date", "birth_date_invalid")
    year = int(year_text) if len(year_text) == 4 else resolve_yy(int(year_text), today)
    try:
        born = date(year, int(month_text), int(day_text))
    except ValueError:
        raise _invalid("birth_date", "birth_date_invalid") from None
    if year < 1900:
        raise _invalid("birth_date", "birth_date_invalid")
    if born > today:
        raise _invalid("birth_date", "birth_date_in_future")
    return born


def parse_iso_date(s: str) -> date:
    """Parse an ISO ``YYYY-MM-DD`` date (the ``submitted_on`` field).

    Raises:
        FieldInvalid: ``submitted_on_invalid``.
    """
    text = s.strip()
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        raise _invalid("submitted_on", "submitted_on_invalid")
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise _invalid("submitted_on", "submitted_on_invalid") from None


def normalise_kpj(s: str) -> str:
    """Return the 11 digits of a typed KPJ number.

    Raises:
        FieldInvalid: ``kpj_not_11_digits``.
    """
    kpj = _strip_separators(s)
    if len(kpj) != 11 or not _is_ascii_digits(kpj):
        raise _invalid("kpj", "kpj_not_11_digits")
    return kpj


def normalise_account_number(s: str) -> str:
    """Return the digits of a typed account number (separators removed).

    Raises:
        FieldInvalid: ``account_number_invalid`` (other characters, or not 6-20 digits).
    """
    number = _strip_separators(s)
    low, high = ACCOUNT_NUMBER_LENGTH
    if not _is_ascii_digits(number) or not low <= len(number) <= high:
        raise _invalid("account_number", "account_number_invalid")
    return number


# --------------------------------------------------------------------------------------------
# The whole form
# --------------------------------------------------------------------------------------------


class _Collector:
    """Gathers problems per field so they come out in contract field order."""

    def __init__(self) -> None:
        self.by_field: dict[str, list[Problem]] = {key: [] for key in CLAIM_KEYS}

    def add(self, field: str, code: str) -> None:
        self.by_field.setdefault(field, []).append(
            Problem(field=field, code=code, message=_ALL_MESSAGES[code], soft=code in SOFT_CODES)
        )

    def add_error(self, error: FieldInvalid) -> None:
        self.add(error.field, error.code)

    def ordered(self) -> list[Problem]:
        return [problem for problems in self.by_field.values() for problem in problems]


def _text(raw: Mapping[str, Any], key: str, problems: _Collector) -> str | None:
    """The raw text of ``key``: None (problem already recorded, or absent and optional)."""
    value = raw.get(key)
    if value is None:
        if key in REQUIRED_KEYS:
            problems.add(key, f"{key}_required")
        return None
    if not isinstance(value, str):
        problems.add(key, f"{key}_not_text")
        return None
    if not value.strip():
        if key in REQUIRED_KEYS:
            problems.add(key, f"{key}_required")
        return None
    if len(value) > MAX_TEXT_LENGTH:
        problems.add(key, f"{key}_too_long")
        return None
    return value


def _normalised(
    raw: Mapping[str, Any],
    key: str,
    problems: _Collector,
    parse: Callable[[str], str],
    fallback: Callable[[str], str],
) -> str:
    text = _text(raw, key, problems)
    if text is None:
        return ""
    try:
        return parse(text)
    except FieldInvalid as error:
        problems.add_error(error)
        return fallback(text)


def _name_field(raw: Mapping[str, Any], key: str, problems: _Collector) -> str:
    text = _text(raw, key, problems)
    if text is None:
        return ""
    name = normalise_name(text)
    if not any(ch.isalpha() for ch in name) or any(ch.isdigit() for ch in name):
        problems.add(key, f"{key}_invalid")
    return name


def validate_claim(raw: Mapping[str, Any], *, today: date | None = None) -> ClaimValidation:
    """Validate and normalise a raw ``claim.json`` mapping.

    Every key of :data:`CLAIM_KEYS` is checked; unknown extra keys are ignored. Never raises
    for a mapping (every problem is reported as a :class:`Problem`, hard or soft); a non-mapping
    ``raw`` raises :class:`FieldInvalid` ``claim_not_object``.

    Args:
        raw: the decoded ``claim.json`` object.
        today: reference date for the century rule and the ``submitted_on`` default.

    Returns:
        The best-effort normalised form (invalid values are kept in their cleaned form, fields
        that are missing, too long or not text become ``""``) and every problem, in
        contract field order.
    """
    if not isinstance(raw, Mapping):
        raise _invalid("claim", "claim_not_object")
    today = today or date.today()
    problems = _Collector()

    # NIK: structure (hard), region (soft).
    nik_info: NikInfo | None = None
    nik_text = _text(raw, "nik", problems)
    nik = ""
    if nik_text is not None:
        nik = _strip_separators(nik_text)
        try:
            nik_info = parse_nik(nik_text, today)
        except FieldInvalid as error:
            problems.add_error(error)
        else:
            nik = nik_info.nik
            if not nik_region_known(nik):
                problems.add("nik", "nik_unknown_region")

    full_name = _name_field(raw, "full_name", problems)

    # Birth date: typed DDMMYY, then against the NIK.
    birth_date: date | None = None
    birth_typed = ""
    birth_text = _text(raw, "birth_date", problems)
    if birth_text is not None:
        birth_typed = digits_only(birth_text)
        try:
            birth_date = parse_birth_date_typed(birth_text, today)
        except FieldInvalid as error:
            problems.add_error(error)
        else:
            birth_typed = f"{birth_date:%d%m%y}"
            if nik_info is not None and birth_typed != nik_info.birth_ddmmyy:
                problems.add("birth_date", "birth_date_nik_mismatch")

    kpj = _normalised(raw, "kpj", problems, normalise_kpj, _strip_separators)

    claim_reason = ""
    reason_text = _text(raw, "claim_reason", problems)
    if reason_text is not None:
        claim_reason = normalise_claim_reason(reason_text)
        if claim_reason not in CLAIM_REASONS:
            problems.add("claim_reason", "claim_reason_unknown")

    phone = _normalised(
        raw, "phone", problems, normalise_phone, lambda t: _strip_separators(t, _PHONE_SEPARATORS)
    )
    email = _normalised(raw, "email", problems, normalise_email, lambda t: t.strip().lower())

    bank_text = _text(raw, "bank", problems)
    bank = normalise_bank(bank_text) if bank_text is not None else ""

    account_number = _normalised(raw, "account_number", problems, normalise_account_number, _strip_separators)
    if account_number and bank in USUAL_ACCOUNT_LENGTHS and not any(
        p.code == "account_number_invalid" for p in problems.by_field["account_number"]
    ):
        if len(account_number) != USUAL_ACCOUNT_LENGTHS[bank]:
            problems.add("account_number", "account_number_unusual_length")

    account_holder = _name_field(raw, "account_holder", problems)

    branch_text = _text(raw, "branch", problems)
    branch = normalise_name(branch_text) if branch_text is not None else ""

    submitted_on = today
    submitted_raw = raw.get("submitted_on")
    if isinstance(submitted_raw, date) and not hasattr(submitted_raw, "hour"):
        submitted_on = submitted_raw  # a Python caller may pass a date object
    else:
        submitted_text = _text(raw, "submitted_on", problems)
        if submitted_text is not None:
            try:
                submitted_on = parse_iso_date(submitted_text)
            except FieldInvalid as error:
                problems.add_error(error)
    if submitted_on > today:
        problems.add("submitted_on", "submitted_on_in_future")

    form = ClaimForm(
        nik=nik,
        full_name=full_name,
        birth_date=birth_date,
        birth_date_typed=birth_typed,
        kpj=kpj,
        claim_reason=claim_reason,
        phone=phone,
        email=email,
        bank=bank,
        account_number=account_number,
        account_holder=account_holder,
        branch=branch,
        submitted_on=submitted_on,
    )
    return ClaimValidation(form=form, problems=problems.ordered())


__all__ = [
    "ACCOUNT_NUMBER_LENGTH",
    "BANK_ALIASES",
    "BANK_SHORT_NAMES",
    "CLAIM_KEYS",
    "CLAIM_REASONS",
    "MAX_TEXT_LENGTH",
    "MIN_CLAIMANT_AGE_YEARS",
    "NIK_PROVINCE_CODES",
    "REQUIRED_KEYS",
    "SOFT_CODES",
    "USUAL_ACCOUNT_LENGTHS",
    "NikInfo",
    "digits_only",
    "make_nik",
    "message_for",
    "nik_region_known",
    "normalise_account_number",
    "normalise_bank",
    "normalise_claim_reason",
    "normalise_email",
    "normalise_kpj",
    "normalise_name",
    "normalise_phone",
    "parse_birth_date_typed",
    "parse_iso_date",
    "parse_nik",
    "problem_messages",
    "resolve_yy",
    "validate_claim",
]
