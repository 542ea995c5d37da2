"""Every cached real-OCR fixture: the right type and every truth field extracted exactly.

The ``gen_*`` fixtures are the project's synthetic generator's documents
(``samples.generator``), recognised by the RapidOCR backend; the others are rendered by
``tests/ocr/fixtures/make_fixtures.py``.
"""

from __future__ import annotations

from typing import Any

import pytest

from ocr.classify import classify
from ocr.extract import EXTRACTORS
from tests.ocr.extract import fixture_names, load_fixture

MEMBER_KEYS = ("nik", "full_name", "relationship", "birth_date", "gender")


def _comparable(key: str, value: Any) -> Any:
    if key == "members":
        return [{k: m.get(k) for k in MEMBER_KEYS if k in m} for m in value]
    return value.upper() if isinstance(value, str) else value


@pytest.mark.parametrize("name", fixture_names())
def test_fixture(name: str) -> None:
    doc_type, truth, pages = load_fixture(name)
    assert classify(pages)[0] == doc_type
    got = EXTRACTORS[doc_type](pages)
    for key, want in truth.items():
        assert key in got, key
        assert _comparable(key, got[key].value) == _comparable(key, want), key
        assert 0.5 <= got[key].confidence <= 1.0 and got[key].box is not None
