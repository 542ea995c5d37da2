"""Shared pieces of the layout families: date spellings, label/colon spacing, a letter page builder."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from PIL import Image

from samples.generator.people import MONTHS_ID, Person, long_date_id
from samples.generator.render import (
    Fonts,
    LineOp,
    Rendered,
    TextOp,
    _draw_ops,
    _wrap,
    cover_ops,
    fit_font,
    pick_fonts,
    scribble_points,
)

_ONES = ("", "satu", "dua", "tiga", "empat", "lima", "enam", "tujuh", "delapan", "sembilan", "sepuluh", "sebelas")


def number_words(n: int) -> str:
    """Indonesian words for ``0 <= n < 10000`` (``31`` -> ``tiga puluh satu``)."""
    if n < 0 or n >= 10000:
        raise ValueError(f"number out of range: {n}")
    if n == 0:
        return "nol"
    if n < 12:
        return _ONES[n]
    if n < 20:
        return f"{_ONES[n - 10]} belas"
    if n < 100:
        tens, rest = divmod(n, 10)
        return f"{_ONES[tens]} puluh" + (f" {_ONES[rest]}" if rest else "")
    if n < 1000:
        hundreds, rest = divmod(n, 100)
        head = "seratus" if hundreds == 1 else f"{_ONES[hundreds]} ratus"
        return head + (f" {number_words(rest)}" if rest else "")
    thousands, rest = divmod(n, 1000)
    head = "seribu" if thousands == 1 else f"{_ONES[thousands]} ribu"
    return head + (f" {number_words(rest)}" if rest else "")


def date_words(d: date) -> str:
    """A date written in words: ``tiga puluh satu Maret dua ribu dua puluh lima``."""
    return f"{number_words(d.day)} {MONTHS_ID[d.month - 1]} {number_words(d.year)}"


DATE_STYLES: tuple[str, ...] = ("long", "dmy_dash", "short_month", "dmy_slash", "words")
"""How a letter writes a date: ``31 Maret 2025``, ``31-03-2025``, ``31 Mar 2025``, ``31/03/2025``,
``tiga puluh satu Maret dua ribu dua puluh lima``."""


def format_date(d: date, style: str) -> str:
    """``d`` in one of :data:`DATE_STYLES`."""
    if style == "long":
        return long_date_id(d)
    if style == "dmy_dash":
        return d.strftime("%d-%m-%Y")
    if style == "short_month":
        short = MONTHS_ID[d.month - 1][:3] if d.month != 8 else "Agu"
        return f"{d.day} {short} {d.year}"
    if style == "dmy_slash":
        return d.strftime("%d/%m/%Y")
    if style == "words":
        return date_words(d)
    raise ValueError(f"unknown date style {style!r}; expected one of {DATE_STYLES}")


def pick_date_style(rng: random.Random, p_words: float = 0.05) -> str:
    """A seeded date style; words are rare (``p_words``)."""
    if rng.random() < p_words:
        return "words"
    return rng.choice(("long", "long", "dmy_dash", "short_month", "dmy_slash"))


COLON_STYLES: tuple[str, ...] = ("tight", "attached", "narrow", "aligned", "wide", "very_wide")
"""Label/colon/value spacing from ``Nama: X`` to a colon column far to the right."""


@dataclass
class Page:
    """A letter page built from text and line operations (renders to an image and a text PDF)."""

    fonts: Fonts
    rng: random.Random
    w: int = 1240
    h: int = 1754
    margin: int = 140
    size: int = 22
    y: float = 60
    colon: str = "aligned"
    ops: list[TextOp | LineOp] = field(default_factory=list)

    @property
    def lh(self) -> int:
        """Line height."""
        return int(self.size * 1.7)

    def text(self, x: float, text: str, size: int | None = None, bold: bool = False, *, y: float | None = None) -> None:
        """One line at ``x`` on the current (or given) line."""
        s = size or self.size
        f = fit_font(self.fonts, text, s, self.w - x - self.margin + 40, bold)
        self.ops.append(TextOp(x, self.y if y is None else y, text, f.size, bold))

    def centred(self, text: str, size: int, bold: bool = False, step: float | None = None) -> None:
        """A centred line; moves down by ``step`` (default a line of that size)."""
        f = fit_font(self.fonts, text, size, self.w - 2 * self.margin, bold)
        self.ops.append(TextOp(self.w / 2 - f.getlength(text) / 2, self.y, text, f.size, bold))
        self.y += step if step is not None else size * 1.6

    def rule(self, double: bool = True) -> None:
        """A letterhead rule (single or double)."""
        self.ops.append(LineOp(((self.margin - 40, self.y), (self.w - self.margin + 40, self.y)), 4))
        if double:
            self.ops.append(LineOp(((self.margin - 40, self.y + 7), (self.w - self.margin + 40, self.y + 7)), 1.5))
        self.y += 30

    def letterhead(self, person: Person, *, left: bool = False) -> None:
        """Company name, address and telephone, then a rule."""
        addr = (f"{self.rng.choice(('Jl. Raya Industri', 'Jl. Gatot Subroto', 'Kawasan Industri Blok', 'Jl. Ahmad Yani', 'Jl. Diponegoro'))}"
                f" No. {self.rng.randint(1, 300)}, {person.employer_city.title()}")
        tel = f"Telp. (0{self.rng.randint(21, 99)}) 555-{self.rng.randint(1000, 9999)}"
        if left:
            self.text(self.margin, person.employer, 34, True)
            self.y += 50
            self.text(self.margin, addr, 19)
            self.y += 28
            self.text(self.margin, tel, 18)
            self.y += 40
        else:
            self.centred(person.employer, 38, True, 56)
            self.centred(addr, 20, False, 28)
            self.centred(tel + "  Email: hr@example.co.id", 18, False, 36)
        self.rule(self.rng.random() < 0.6)

    def para(self, text: str, indent: int = 0) -> None:
        """A wrapped paragraph, then half a line of space."""
        f = self.fonts.get(self.size)
        for i, line in enumerate(_wrap(text, f, self.w - 2 * self.margin - (indent if True else 0))):
            self.ops.append(TextOp(self.margin + (indent if i == 0 else 0), self.y, line, self.size))
            self.y += self.lh
        self.y += self.lh // 2

    def row(self, label: str, value: str, bold: bool = False, *, x: float | None = None) -> None:
        """A labelled row in this page's colon style."""
        x0 = self.margin + 40 if x is None else x
        style = self.colon
        if style in ("tight", "attached"):
            lead = f"{label}: " if style == "attached" else f"{label} : "
            f = self.fonts.get(self.size)
            self.ops.append(TextOp(x0, self.y, lead, self.size))
            vx = x0 + f.getlength(lead) + 4
        else:
            col = x0 + {"narrow": 150, "aligned": 230, "wide": 340, "very_wide": 470}[style]
            # a label wider than its column pushes the colon right: printed rows never overprint
            col = max(col, x0 + self.fonts.get(self.size).getlength(label) + 10)
            self.ops.append(TextOp(x0, self.y, label, self.size))
            self.ops.append(TextOp(col, self.y, ":", self.size))
            vx = col + self.rng.choice((12, 18, 26))
        fv = fit_font(self.fonts, value, self.size, self.w - self.margin - vx + 30, bold)
        self.ops.append(TextOp(vx, self.y, value, fv.size, bold))
        self.y += self.lh

    def gap(self, lines: float = 0.5) -> None:
        """Vertical space of ``lines`` lines."""
        self.y += self.lh * lines

    def signature(self, person: Person, place_date: str, *, left: bool = False, with_company: bool = True) -> None:
        """Place and date, company, a scribble, the signer's name (underlined) and title."""
        sx = self.margin if left else self.w - self.margin - 420
        y = max(self.y + self.lh, min(1250, self.h - 400))
        self.ops.append(TextOp(sx, y, place_date, fit_font(self.fonts, place_date, self.size, 460).size))
        if with_company:
            self.ops.append(TextOp(sx, y + self.lh, person.employer, fit_font(self.fonts, person.employer, self.size, 440, True).size, True))
        pts = scribble_points(self.rng, (sx + 20, y + self.lh * 2 + 20, sx + 300, y + self.lh * 2 + 110))
        self.ops.append(LineOp(tuple(pts), 3))
        ny = y + self.lh * 2 + 150
        self.ops.append(TextOp(sx, ny, person.signer.full, self.size, True))
        self.ops.append(LineOp(((sx, ny + self.size + 8), (sx + self.fonts.get(self.size, True).getlength(person.signer.full), ny + self.size + 8)), 2))
        self.ops.append(TextOp(sx, ny + self.lh + 6, person.signer_title, self.size))
        self.y = ny + 2 * self.lh


def letter_rendered(person: Person, rng: random.Random, fonts: Fonts, page: Page, truth: dict[str, Any],
                    letter_date: date, *, two_pages: bool = False) -> Rendered:
    """Turn a built letter page into a :class:`Rendered` (with the optional cover page)."""
    ink = (15, 15, 20)
    img = Image.new("RGB", (page.w, page.h), (255, 255, 255))
    _draw_ops(img, page.ops, fonts, ink)
    out = Rendered("resignation_letter", img, truth, dpi=150, ops=page.ops)
    out.meta["letter_date"] = letter_date.isoformat()
    if two_pages:
        cops = cover_ops(person, rng, fonts, page.w)
        cover = Image.new("RGB", (page.w, page.h), (255, 255, 255))
        _draw_ops(cover, cops, fonts, ink)
        out.extra_pages.append(cover)
        out.extra_ops.append(cops)
    return out


def new_page(rng: random.Random) -> Page:
    """A page with a seeded font, margin, text size and colon style."""
    fonts = pick_fonts(rng)
    return Page(fonts=fonts, rng=rng, margin=rng.randint(110, 170), size=rng.randint(20, 24),
                colon=rng.choice(COLON_STYLES))
