"""The intake message catalogue: a closed set of codes, each with both languages, and the
mechanism (``Catalogue``) the other packages build on."""

from __future__ import annotations

from enum import StrEnum

import pytest

from intake.errors import Message
from intake.fields import problem_messages
from intake.files import REASONS
from intake.messages import (
    FIELD_CODES,
    FILE_CODES,
    INTAKE_MESSAGES,
    Catalogue,
    CatalogueError,
    IntakeCode,
    intake_message,
)
from tests.catalogue_checks import both_languages_problems, codes_used, unknown_codes

PARAMS = {"max_mb": "10", "max_mp": "40", "min_side": "300", "max_pages": "10", "max_length": 200,
          "problem": "is not valid base64", "reason": "Permission denied", "name": "ktp.jpg"}


# Operator-facing configuration errors: one generic Indonesian line, the English names the fix
# (with a detail), as before the catalogue existed.
CONFIG_DETAIL = {f"{c}: placeholders [] vs [{p!r}]" for c, p in (
    (IntakeCode.ENCRYPTION_KEY_INVALID, "problem"), (IntakeCode.ENCRYPTION_KEY_FILE_UNREADABLE, "reason"))}


def test_every_intake_code_has_both_languages() -> None:
    assert len(INTAKE_MESSAGES) == len(IntakeCode) > 70
    assert set(both_languages_problems(INTAKE_MESSAGES)) == CONFIG_DETAIL
    for code in IntakeCode:
        m = intake_message(code, **PARAMS)
        assert m.id.strip() and m.en.strip() and "{" not in m.id + m.en, code


def test_every_intake_code_used_in_the_code_is_in_the_closed_set() -> None:
    used = codes_used("intake", "IntakeCode", {
        "_reject": 0, "reason_message": 0, "intake_message": 0, "message_for": 0,
        "DecryptionError": 0, "_config_error": 0, "IntakeRejected": 0, "_invalid": 1,
        "FieldInvalid": 1, "Problem": 1,
    })
    assert len(used) > 40  # the scan sees the raise sites
    assert unknown_codes(used, IntakeCode) == []


def test_the_public_views_are_the_catalogue() -> None:
    assert set(REASONS) == {c.value for c in FILE_CODES}
    assert set(problem_messages()) == {c.value for c in FIELD_CODES}
    assert REASONS["file_too_large"].en.startswith("The file is larger than the ")
    assert problem_messages()["nik_required"] == Message(id="NIK wajib diisi.",
                                                         en="NIK (national identity number) is required.")
    assert "200" in problem_messages()["email_too_long"].id


def test_lookup_refuses_unknown_codes_and_missing_parameters() -> None:
    with pytest.raises(ValueError):
        intake_message("no_such_code")
    with pytest.raises(KeyError):
        intake_message(IntakeCode.FILE_TOO_LARGE)  # {max_mb} not given
    assert "no_such_code" not in INTAKE_MESSAGES
    assert "empty_file" in INTAKE_MESSAGES


class _Two(StrEnum):
    A = "a"
    B = "b"


def test_catalogue_refuses_a_gap_a_stray_key_or_an_empty_text() -> None:
    ok = Catalogue(_Two, {_Two.A: Message("x {n}", "y {n}"), _Two.B: Message("p", "q")})
    assert ok.message("a", n=3) == Message("x 3", "y 3")
    assert list(ok) == [_Two.A, _Two.B]
    with pytest.raises(CatalogueError, match="missing"):
        Catalogue(_Two, {_Two.A: Message("x", "y")})
    with pytest.raises(CatalogueError, match="not codes"):
        Catalogue(_Two, {_Two.A: Message("x", "y"), _Two.B: Message("p", "q"), "c": Message("r", "s")})  # type: ignore[dict-item]
    with pytest.raises(CatalogueError, match="empty"):
        Catalogue(_Two, {_Two.A: Message("x", " "), _Two.B: Message("p", "q")})
