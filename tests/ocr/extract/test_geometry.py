"""Tests for label/value pairing by position (ocr.extract.geometry)."""

from __future__ import annotations

from collections.abc import Sequence

from ocr.extract import passbook
from ocr.extract.common import page_rows
from ocr.extract.geometry import caption_under_value, value_stacked
from ocr.text import value_right_of
from tests.ocr.extract import placed_page

CAPTIONS_UNDER = [
    (40, 100, 36, "DEWI LESTARI"), (40, 142, 16, "Nama Pemilik Rekening"),
    (40, 220, 36, "0123 4567 89"), (40, 262, 16, "Nomor Rekening"),
]
"""A filled-in slip: each value on its line, its small caption just under it, wide gaps between pairs."""

LABELS_OVER = [
    (40, 100, 16, "Nama Pemilik Rekening"), (40, 124, 36, "DEWI LESTARI"),
    (40, 220, 16, "Nomor Rekening"), (40, 244, 36, "0123 4567 89"),
]
"""An app screen: small grey labels just over their bold values."""


def _pairs(items: Sequence[tuple[float, float, float, str]]) -> dict[str, str]:
    rows = page_rows(placed_page(items))
    out = {}
    for key, hit in value_right_of(rows, passbook.LABELS).items():
        got = value_stacked(rows, hit, passbook.LABELS)
        if got is not None:
            out[key] = got.value
    return out


def test_caption_under_its_value_takes_the_line_above() -> None:
    assert _pairs(CAPTIONS_UNDER) == {"account_holder": "DEWI LESTARI", "account_number": "0123 4567 89"}


def test_label_over_its_value_takes_the_line_below() -> None:
    assert _pairs(LABELS_OVER) == {"account_holder": "DEWI LESTARI", "account_number": "0123 4567 89"}


def test_evenly_spaced_rows_read_as_labels_over_values() -> None:
    """Without a nearer neighbour above, a label's value is under it (the usual reading order)."""
    items = [(40, 100 + 40 * i, 24, t) for i, t in enumerate(("BANK BRI", "Nama", "DEWI LESTARI", "Cabang"))]
    rows = page_rows(placed_page(items))
    assert not caption_under_value(rows, 1, passbook.LABELS)
    assert _pairs(items) == {"account_holder": "DEWI LESTARI"}


def test_a_label_above_is_never_a_value() -> None:
    items = [(40, 100, 16, "Nama"), (40, 122, 16, "No. Rekening"), (40, 200, 30, "0123456789")]
    rows = page_rows(placed_page(items))
    assert not caption_under_value(rows, 1, passbook.LABELS)


def test_bracketed_captions_and_caption_words_after_the_label() -> None:
    """'(Nama Sesuai Identitas)' under the name: the caption's own words are not the holder."""
    items = [(40, 40, 30, "BANK MANDIRI"),
             (40, 150, 36, "RINA MARLINA"), (40, 192, 16, "(Nama Sesuai Identitas)"),
             (40, 270, 36, "1320012345678"), (40, 312, 16, "(Nomor Rekening)")]
    got = passbook.extract([placed_page(items)])
    assert got["account_holder"].value == "RINA MARLINA"
    assert got["account_number"].value == "1320012345678"


def test_value_shifted_by_less_than_a_line_right_of_its_label() -> None:
    """A form fed askew through the printer: each value sits right of its label but 16 px lower
    (or higher), too far to share its row; the next label's column is never taken."""
    down = [(58, 42, 30, "BANK BRI"), (58, 209, 20, "Nama Nasabah"), (338, 225, 20, "MOHAMMAD IKHSAN"),
            (56, 263, 20, "No Rek."), (340, 279, 20, "1557-03-504688-48-8"), (56, 319, 20, "Kantor Cabang"),
            (339, 335, 20, "UNIT PANGANDARAN")]
    got = passbook.extract([placed_page(down)])
    assert got["account_holder"].value == "MOHAMMAD IKHSAN"
    assert got["account_number"].value == "155703504688488"
    up = [(x, y if x < 100 else y - 32, h, t) for x, y, h, t in down]
    got = passbook.extract([placed_page(up)])
    assert got["account_holder"].value == "MOHAMMAD IKHSAN"
    assert got["account_number"].value == "155703504688488"


def test_a_value_under_the_label_column_is_not_an_offset_value() -> None:
    """Labels over values in two columns: the row under "Nama" starts under it, not right of it."""
    items = [(40, 100, 16, "Nama"), (400, 100, 16, "Cabang"),
             (40, 118, 30, "DEWI LESTARI"), (400, 118, 30, "KCP TEGAL")]
    assert _pairs(items)["account_holder"] == "DEWI LESTARI"
