"""Spaces the recogniser dropped between words ("JOKOSUSANTO"), restored from the page's pixels.

The recogniser reads a line's characters well but sometimes glues two words of a name together
when the printed space is narrow (bold capitals, a tight font, a chat-compressed photo). The gap
is still on the page: a run of ink-free columns clearly wider than the gaps between letters.
For each line of capitals with a long glued word, the line's crop is binarised, its ink-free
column runs are found, and each run much wider than the line's letter gaps that falls inside a
glued word (by the characters' estimated widths) becomes a space. Nothing else is changed: no
character is added, dropped or replaced, only spaces between letters.
"""

from __future__ import annotations

import re
from dataclasses import replace

import cv2
import numpy as np

from ocr.records import TextLine

# Approximate advance widths of capitals in a sans face, in thousandths of an em.
_WIDTH = {
    "A": 667, "B": 667, "C": 722, "D": 722, "E": 667, "F": 611, "G": 778, "H": 722, "I": 278, "J": 500,
    "K": 667, "L": 556, "M": 833, "N": 722, "O": 778, "P": 667, "Q": 778, "R": 722, "S": 667, "T": 611,
    "U": 722, "V": 667, "W": 944, "X": 667, "Y": 667, "Z": 611, " ": 278, ".": 278, ",": 278, "'": 191,
    "-": 333, ":": 278,
}
_DEFAULT_WIDTH = 556
_LOWER = 500

GLUED_MIN = 8
"""A word of at least this many capitals may be two words glued together."""
PART_MIN = 2
"""Each part of a split word keeps at least this many letters."""
GAP_FACTOR = 2.2
"""A word gap is this many times wider than the line's median letter gap ..."""
GAP_MIN_HEIGHT = 0.18
"""... and at least this fraction of the ink height."""
SNAP = 0.6
"""How far (in average character widths) a gap may sit from the letter boundary it splits."""

_GLUED = re.compile(r"(?<![A-Za-z])[A-Z]+(?![a-z])")
"""A word of capitals (not the capital of a title-case word)."""


def _ink_columns(image: np.ndarray, line: TextLine) -> tuple[np.ndarray, int, int] | None:
    """Ink count per column of the line's crop, and the ink's first and last column (crop x)."""
    h, w = image.shape[:2]
    x0, x1 = max(0, int(line.x0)), min(w, int(np.ceil(line.x1)))
    y0, y1 = max(0, int(line.y0)), min(h, int(np.ceil(line.y1)))
    if x1 - x0 < 20 or y1 - y0 < 8:
        return None
    crop = image[y0:y1, x0:x1]
    grey = cv2.cvtColor(crop, cv2.COLOR_RGB2GRAY) if crop.ndim == 3 else crop
    t, _bin = cv2.threshold(grey, 0, 255, cv2.THRESH_BINARY + cv2.THRESH_OTSU)
    ink = (grey < t).astype(np.uint8)
    if ink.mean() > 0.5:  # light print on a dark ground: the ink is the bright side
        ink = 1 - ink
    cols = ink.sum(axis=0)
    # specks: a column needs ink in at least two pixels
    on = np.nonzero(cols >= 2)[0]
    if on.size < 10:
        return None
    return cols, int(on[0]), int(on[-1])


def _gaps(cols: np.ndarray, first: int, last: int) -> list[tuple[int, int]]:
    """Runs of ink-free columns between the first and the last inked column: (start, end)."""
    out: list[tuple[int, int]] = []
    start = None
    for x in range(first, last + 1):
        if cols[x] < 2:
            if start is None:
                start = x
        elif start is not None:
            out.append((start, x))
            start = None
    return out


def restore_line(image: np.ndarray, line: TextLine) -> TextLine:
    """``line`` with the spaces its pixels show between glued words of capitals."""
    text = line.text
    if not any(len(w) >= GLUED_MIN for w in _GLUED.findall(text)):
        return line
    got = _ink_columns(image, line)
    if got is None:
        return line
    cols, first, last = got
    gaps = _gaps(cols, first, last)
    if len(gaps) < 2:
        return line
    height = float(line.y1 - line.y0)
    widths = sorted(b - a for a, b in gaps)
    letter_gap = float(np.median(widths))
    wide = [(a, b) for a, b in gaps if (b - a) >= max(GAP_FACTOR * letter_gap, GAP_MIN_HEIGHT * height * 0.7)]
    if not wide:
        return line
    # estimated x of each character boundary, scaled to the ink's extent
    adv = [_WIDTH.get(c, _LOWER if c.islower() else _DEFAULT_WIDTH) for c in text]
    total = float(sum(adv))
    scale = (last - first) / total if total else 0.0
    edges = [first + scale * sum(adv[:i]) for i in range(len(text) + 1)]
    avg = (last - first) / max(1, len(text))
    inserts: set[int] = set()
    for a, b in wide:
        mid = (a + b) / 2
        # already a space there: nothing to do
        if any(text[i] == " " and edges[i] - avg <= mid <= edges[i + 1] + avg for i in range(len(text))):
            continue
        i = min(range(1, len(text)), key=lambda k: abs(edges[k] - mid))
        if abs(edges[i] - mid) > SNAP * avg * 1.5:
            continue
        left, right = text[:i], text[i:]
        lw, rw = re.search(r"[A-Z]+$", left), re.match(r"[A-Z]+", right)
        if lw is None or rw is None or len(lw.group(0)) < PART_MIN or len(rw.group(0)) < PART_MIN:
            continue
        if len(lw.group(0)) + len(rw.group(0)) < GLUED_MIN:
            continue
        inserts.add(i)
    if not inserts:
        return line
    out = "".join((" " if i in inserts else "") + c for i, c in enumerate(text))
    return replace(line, text=out)


def restore_spaces(image: np.ndarray, lines: list[TextLine]) -> list[TextLine]:
    """Every line of ``lines`` with the spaces between glued words restored (see the module)."""
    return [restore_line(image, ln) for ln in lines]
