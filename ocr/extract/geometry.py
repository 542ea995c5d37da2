"""Label/value pairing by position, for layouts whose wording nobody here chose.

A value belongs to a label when it is on the same row to its right (``value_right_of``), on
the line just under it, or in the column under it when the label is a table header cell.
"""

from __future__ import annotations

from collections.abc import Sequence

from ocr.text import Hit, LabelSet, Row, _cut_at_gap


def label_cell(row: Row, key: str, labels: LabelSet) -> tuple[float, float] | None:
    """The x-span of the line of ``row`` that carries the label of ``key`` (None when none does)."""
    for line in row.lines:
        lh = labels.match_start(line.text, fuzzy=False)
        if lh is not None and lh.key == key:
            return line.x0, line.x1
    return None


def value_under(rows: Sequence[Row], hit: Hit, labels: LabelSet, *, max_rows: int = 2) -> Hit | None:
    """The value printed under the label of ``hit`` (its row had no value right of it).

    Looks in the next ``max_rows`` rows, each within two line heights of the previous one,
    for a line that overlaps the label's column (a stacked label/value card, or a table header
    cell with its value below) and is not itself a label.
    """
    ri = hit.row_index
    if ri >= len(rows):
        return None
    span = label_cell(rows[ri], hit.key, labels)
    if span is None:
        return None
    x0, x1 = span
    h = rows[ri].height
    bottom = rows[ri].y1
    for k, r in enumerate(rows[ri + 1: ri + 1 + max_rows], start=ri + 1):
        if r.y0 - bottom > 2.0 * h:
            return None
        for i, line in enumerate(r.lines):
            overlap = min(line.x1, x1 + 4 * h) - max(line.x0, x0 - h)
            if overlap <= 0:
                continue
            if labels.match_start(line.text, fuzzy=False) or labels.search(line.text):
                return None
            start = r.spans[i][0]
            end = _cut_at_gap(r, start, r.spans[i][1])
            value = r.text[start:end].strip(" :;")
            if value:
                return Hit(hit.key, value, r.lines_in(start, end), k, hit.exact_label, line.x0)
        bottom = r.y1
    return None
