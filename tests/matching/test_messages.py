"""The matching message catalogue: a closed set of codes, each with both languages."""

from __future__ import annotations

import ast
import typing
from datetime import date

from matching.messages import (
    DOC_NAMES,
    FIELD_NAMES,
    MATCHING_MESSAGES,
    MatchingCode,
    message,
)
from ocr.records import DocStatus
from tests.catalogue_checks import (
    ROOT,
    both_languages_problems,
    codes_used,
    unknown_codes,
)


def test_every_matching_code_has_both_languages() -> None:
    assert len(MATCHING_MESSAGES) == len(MatchingCode) > 30
    assert both_languages_problems(MATCHING_MESSAGES) == []
    for code in MatchingCode:
        for doc in (*DOC_NAMES, None):
            for field in (*FIELD_NAMES, None):
                m = message(code, doc=doc, field=field, on=date(2026, 11, 15))
                assert m.id.strip() and m.en.strip() and "{" not in m.id + m.en, code


def test_every_matching_code_used_in_the_code_is_in_the_closed_set() -> None:
    used = codes_used("matching", "MatchingCode", {"message": 0})
    assert len(used) > 15
    # Check codes also travel as plain strings next to message(variable): every string literal
    # of verdict.py shaped like a result code is one, but the verdict ``needs_review`` and the
    # comparison detail ``day_month_swapped``.
    not_codes = {"needs_review", "day_month_swapped"}
    tree = ast.parse((ROOT / "matching" / "verdict.py").read_text(encoding="utf-8"))
    suffixes = ("_differs", "_review", "_invalid", "_swapped", "_offset", "_not_over", "_ok", "_not_claimant",
                "_is_spouse", "_is_family_member", "_not_on_kk", "_not_read", "_not_available", "_not_readable")
    used += [(f"matching/verdict.py:{n.lineno}", n.value) for n in ast.walk(tree)
             if isinstance(n, ast.Constant) and isinstance(n.value, str) and n.value.endswith(suffixes)
             and n.value.replace("_", "").isalpha() and n.value not in not_codes]
    # Document messages are looked up as doc_<status> for every status but accepted.
    used += [("matching/verdict.py", f"doc_{s}") for s in typing.get_args(DocStatus) if s != "accepted"]
    assert unknown_codes(used, MatchingCode) == []
