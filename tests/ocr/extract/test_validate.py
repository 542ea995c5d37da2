"""Value shape checks: labels and headings are never values."""

from __future__ import annotations

import pytest

from ocr.extract.validate import is_label, plausible_name


@pytest.mark.parametrize("text", ["Nama", "TGL. LAHIR", "Tempat/Tgl Lahir", "Narna", "NARNA",
                                  "No. Rcening", "NO REKENNG", "Nama Nasaba"])  # long words with an OCR slip
def test_labels_and_a_label_read_with_rn_for_m_are_labels(text: str) -> None:
    assert is_label(text)
    assert not plausible_name(text)


@pytest.mark.parametrize("text", ["ARNI", "HERNAWAN", "MUHAMMAD SYAIFUL FIRMANSYAH", "BERNADETTE",
                                  # words near label words (CABANG, TABUNGAN) make no label of a name
                                  "BAMBANG TAMBUNAN", "A/N BAMBANG TAMBUNAN"])
def test_names_are_not_labels(text: str) -> None:
    assert not is_label(text)
    assert plausible_name(text)
