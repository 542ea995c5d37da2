"""Label/value pairing by position, for layouts whose wording nobody here chose.

A value belongs to a label when it is on the same row to its right (``value_right_of``), on
the line just under it, in the column under it when the label is a table header cell, or on
the line just above it when the label is a caption printed under its value.
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
    h = rows[ri].height
    bottom = rows[ri].y1
    for k, r in enumerate(rows[ri + 1: ri + 1 + max_rows], start=ri + 1):
        if r.y0 - bottom > 2.0 * h:
            return None
        stop, got = _in_column(r, k, span, h, hit, labels)
        if stop:
            return got
        bottom = r.y1
    return None


def _in_column(r: Row, k: int, span: tuple[float, float], h: float, hit: Hit, labels: LabelSet) -> tuple[bool, Hit | None]:
    """The value of ``hit`` in row ``r`` (index ``k``): its first line overlapping the label's
    column. Returns ``(stop, value)``: stop when a value or another label was met there."""
    x0, x1 = span
    for i, line in enumerate(r.lines):
        if min(line.x1, x1 + 4 * h) - max(line.x0, x0 - h) <= 0:
            continue
        if labels.match_start(line.text, fuzzy=False) or labels.search(line.text):
            return True, None
        start = r.spans[i][0]
        end = _cut_at_gap(r, start, r.spans[i][1])
        value = r.text[start:end].strip(" :;")
        if value:
            return True, Hit(hit.key, value, r.lines_in(start, end), k, hit.exact_label, line.x0)
    return False, None


def caption_under_value(rows: Sequence[Row], ri: int, labels: LabelSet) -> bool:
    """Whether the label row ``ri`` is a caption printed *under* its value (a filled-in form line,
    a card whose small captions sit beneath the values) rather than a label over its value.

    Decided by position, never by wording: the row above must carry no label, sit within one and
    a half of its line heights over the label, and be clearly nearer than the row below (when
    there is no value row below, nearer than the row above is to the one before it).
    """
    if not 0 < ri < len(rows):
        return False
    row, above = rows[ri], rows[ri - 1]
    h = row.height
    gap_over = row.y0 - above.y1
    if gap_over > 1.5 * h or labels.match_start(above.text, fuzzy=False):
        return False
    if ri + 1 < len(rows) and not labels.match_start(rows[ri + 1].text, fuzzy=False):
        return gap_over < 0.6 * (rows[ri + 1].y0 - row.y1)
    # no value row below: the caption must hug its value more tightly than that value follows
    # the row before it (evenly spaced rows are labels over values, read top to bottom)
    return ri >= 2 and gap_over < 0.6 * (above.y0 - rows[ri - 2].y1)


def value_over(rows: Sequence[Row], hit: Hit, labels: LabelSet) -> Hit | None:
    """The value printed right above the caption of ``hit``: the line of the row above that
    overlaps the caption's column and is not itself a label (see ``caption_under_value``)."""
    ri = hit.row_index
    if not 0 < ri < len(rows):
        return None
    span = label_cell(rows[ri], hit.key, labels)
    if span is None:
        return None
    return _in_column(rows[ri - 1], ri - 1, span, rows[ri].height, hit, labels)[1]


def value_offset_right(rows: Sequence[Row], hit: Hit, labels: LabelSet) -> Hit | None:
    """The value printed right of its label but shifted up or down by less than a line (a
    pre-printed form fed askew through a passbook printer), so that it was grouped as a row of
    its own: the row just below (else just above) that touches the label's row vertically, lies
    wholly right of the label, and is not a label itself."""
    ri = hit.row_index
    if not 0 <= ri < len(rows):
        return None
    span = label_cell(rows[ri], hit.key, labels)
    if span is None:
        return None
    row = rows[ri]
    h = row.height
    for k in (ri + 1, ri - 1):
        if not 0 <= k < len(rows):
            continue
        r = rows[k]
        gap = r.y0 - row.y1 if k > ri else row.y0 - r.y1
        if gap > 0.25 * h or r.lines[0].x0 <= span[1] or r.height > 2 * h:
            continue
        if labels.match_start(r.text, fuzzy=False) or labels.search(r.text):
            continue
        end = _cut_at_gap(r, 0, len(r.text))
        value = r.text[:end].strip(" :;")
        if value:
            return Hit(hit.key, value, r.lines_in(0, end), k, hit.exact_label, r.lines[0].x0)
    return None


def value_stacked(rows: Sequence[Row], hit: Hit, labels: LabelSet) -> Hit | None:
    """The value of a label with nothing right of it: right of it on a row shifted by less than
    a line (``value_offset_right``), above it when it is a caption under its value
    (``caption_under_value``), else under it (``value_under``)."""
    offset = value_offset_right(rows, hit, labels)
    if offset is not None:
        return offset
    if caption_under_value(rows, hit.row_index, labels):
        return value_over(rows, hit, labels)
    return value_under(rows, hit, labels)


def caption_tail_value(rows: Sequence[Row], hit: Hit, labels: LabelSet) -> Hit | None:
    """The value over a caption whose own line goes on past the label without a colon.

    A caption under its value is often a phrase ("Nama Sesuai Identitas", "Nama Nasabah" read
    as "Nama Nasa"): the words after the label are the caption's, not a value. Returns the
    value above when the label row is such a caption, else None (the tail is the value).
    """
    ri = hit.row_index
    if not hit.value or not 0 <= ri < len(rows) or ":" in rows[ri].text:
        return None
    if not caption_under_value(rows, ri, labels):
        return None
    return value_over(rows, hit, labels)
