"""Render the five claim documents as clean RGB images with their ground truth.

Each ``render_*`` function takes a :class:`~samples.generator.people.Person` and a seeded
``random.Random`` and returns a :class:`Rendered`: the PIL image, the ground-truth dict in
the contract's field names, and (for the letter) the drawing operations so that the same
layout can be written as a real text PDF. Fonts are found by path at run time
(:data:`FONT_FAMILIES`); nothing is downloaded.
"""

from __future__ import annotations

import math
import random
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np
from PIL import Image, ImageDraw, ImageFilter, ImageFont

from samples.generator.people import Member, Person, PersonName, long_date_id, make_name

CONTRACT_FIELDS: dict[str, tuple[str, ...]] = {
    "ktp": (
        "nik", "full_name", "birth_place", "birth_date", "gender", "address", "rt_rw", "village",
        "district", "religion", "marital_status", "occupation", "nationality", "valid_until",
        "province", "regency",
    ),
    "kk": ("kk_number", "members"),
    "bpjs_card": ("kpj", "full_name"),
    "sim": ("sim_number", "full_name", "birth_place", "birth_date", "gender", "address", "valid_until", "sim_class"),
    "resignation_letter": ("full_name", "resignation_date", "employer"),
    "passbook": ("bank", "account_number", "account_holder"),
}
"""Ground-truth keys per document type (the contract's field names; ``sim``: a SIM in the ``ktp``
slot, whose ``gender`` is absent where the card does not print it)."""

KK_MEMBER_FIELDS: tuple[str, ...] = ("nik", "full_name", "relationship", "birth_date", "gender")
"""Keys of each ``members`` entry of a KK's truth."""

# ---------------------------------------------------------------------------------------
# Fonts

_FONT_ROOTS: tuple[str, ...] = (
    "/usr/share/fonts/truetype",
    "/usr/share/fonts/TTF",
    "/usr/share/fonts",
    "/usr/local/share/fonts",
)


@dataclass(frozen=True)
class FontFamily:
    """A regular/bold pair of TrueType files."""

    name: str
    """Human name, e.g. ``DejaVu Sans``."""
    regular: str
    """File path relative to a font root (or absolute)."""
    bold: str
    """Bold face, relative or absolute."""
    mono: bool = False
    """A fixed-pitch family (used for passbook print)."""


FONT_FAMILIES: tuple[FontFamily, ...] = (
    FontFamily("DejaVu Sans", "dejavu/DejaVuSans.ttf", "dejavu/DejaVuSans-Bold.ttf"),
    FontFamily("DejaVu Sans Condensed", "dejavu/DejaVuSansCondensed.ttf", "dejavu/DejaVuSansCondensed-Bold.ttf"),
    FontFamily("DejaVu Serif", "dejavu/DejaVuSerif.ttf", "dejavu/DejaVuSerif-Bold.ttf"),
    FontFamily("Liberation Sans", "liberation2/LiberationSans-Regular.ttf", "liberation2/LiberationSans-Bold.ttf"),
    FontFamily("Liberation Serif", "liberation2/LiberationSerif-Regular.ttf", "liberation2/LiberationSerif-Bold.ttf"),
    FontFamily("FreeSans", "freefont/FreeSans.ttf", "freefont/FreeSansBold.ttf"),
    FontFamily("FreeSerif", "freefont/FreeSerif.ttf", "freefont/FreeSerifBold.ttf"),
    FontFamily("Noto Sans", "noto/NotoSans-Regular.ttf", "noto/NotoSans-Bold.ttf"),
    FontFamily("Carlito", "crosextra/Carlito-Regular.ttf", "crosextra/Carlito-Bold.ttf"),
    FontFamily("DejaVu Sans Mono", "dejavu/DejaVuSansMono.ttf", "dejavu/DejaVuSansMono-Bold.ttf", mono=True),
    FontFamily("Liberation Mono", "liberation2/LiberationMono-Regular.ttf", "liberation2/LiberationMono-Bold.ttf", mono=True),
    FontFamily("FreeMono", "freefont/FreeMono.ttf", "freefont/FreeMonoBold.ttf", mono=True),
)
"""Candidate families, looked up under the usual Debian font folders (fonts-dejavu-core,
fonts-liberation2, fonts-freefont-ttf, fonts-noto-core, fonts-crosextra-carlito)."""


class FontsMissing(RuntimeError):
    """No candidate font file is installed."""


def _resolve(rel: str) -> str | None:
    p = Path(rel)
    if p.is_absolute():
        return str(p) if p.is_file() else None
    for root in _FONT_ROOTS:
        cand = Path(root) / rel
        if cand.is_file():
            return str(cand)
    return None


@dataclass(frozen=True)
class Fonts:
    """A resolved family: absolute paths of its faces."""

    name: str
    regular: str
    bold: str
    mono: bool

    def get(self, size: float, bold: bool = False) -> ImageFont.FreeTypeFont:
        """The face at ``size`` pixels."""
        return _load_font(self.bold if bold else self.regular, int(size))


@lru_cache(maxsize=256)
def _load_font(path: str, size: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(path, size)


@lru_cache(maxsize=1)
def available_fonts() -> tuple[Fonts, ...]:
    """The installed candidate families (in :data:`FONT_FAMILIES` order).

    Raises:
        FontsMissing: when none of the candidates is installed.
    """
    out: list[Fonts] = []
    for fam in FONT_FAMILIES:
        reg, bold = _resolve(fam.regular), _resolve(fam.bold)
        if reg and bold:
            out.append(Fonts(fam.name, reg, bold, fam.mono))
    if not [f for f in out if not f.mono]:
        tried = ", ".join(f.regular for f in FONT_FAMILIES)
        raise FontsMissing(
            "no usable TrueType font found; install e.g. Debian fonts-dejavu-core "
            f"(looked for {tried} under {', '.join(_FONT_ROOTS)})"
        )
    return tuple(out)


def pick_fonts(rng: random.Random, mono: bool = False) -> Fonts:
    """A seeded choice among the installed proportional (or, if asked and present, mono) families."""
    # Draw a fixed amount from ``rng`` so that the rest of the document (and its truth)
    # does not depend on how many fonts this machine has.
    sub = random.Random(rng.getrandbits(32))
    fonts = available_fonts()
    pool = [f for f in fonts if f.mono] if mono else []
    if not pool:
        pool = [f for f in fonts if not f.mono]
    return sub.choice(pool)


# ---------------------------------------------------------------------------------------
# Drawing helpers and records

RGB = tuple[int, int, int]


@dataclass(frozen=True)
class TextOp:
    """One line of text at a page position (pixels, top-left origin)."""

    x: float
    y: float
    text: str
    size: float
    bold: bool = False


@dataclass(frozen=True)
class LineOp:
    """A straight stroke (pixels, top-left origin)."""

    points: tuple[tuple[float, float], ...]
    width: float = 2.0


@dataclass
class Rendered:
    """A rendered document page set with its ground truth."""

    doc_type: str
    """The contract document type."""
    image: Image.Image
    """The (last or only) page as a clean RGB image."""
    truth: dict[str, Any]
    """Ground truth in the contract's field names."""
    dpi: int = 300
    """Nominal resolution (for PDF page size)."""
    ops: list[TextOp | LineOp] = field(default_factory=list)
    """Drawing operations of the page (letters only; for the text PDF)."""
    extra_pages: list[Image.Image] = field(default_factory=list)
    """Pages that come before ``image`` in a multi-page file."""
    extra_ops: list[list[TextOp | LineOp]] = field(default_factory=list)
    """Operations of ``extra_pages`` (same order)."""
    meta: dict[str, Any] = field(default_factory=dict)
    """Truth beyond the contract fields: ``family``, ``split`` and, for letters, ``letter_date``."""


def fit_font(fonts: Fonts, text: str, size: int, max_width: float, bold: bool = False, min_size: int = 10) -> ImageFont.FreeTypeFont:
    """The largest face ``<= size`` that fits ``text`` into ``max_width`` pixels."""
    s = size
    while s > min_size:
        f = fonts.get(s, bold)
        if f.getlength(text) <= max_width:
            return f
        s -= 1
    return fonts.get(min_size, bold)


def text_centered(draw: ImageDraw.ImageDraw, cx: float, y: float, text: str, font: ImageFont.FreeTypeFont, fill: RGB) -> None:
    """Draw ``text`` horizontally centred on ``cx``."""
    draw.text((cx - font.getlength(text) / 2, y), text, font=font, fill=fill)


def scribble_points(rng: random.Random, box: tuple[float, float, float, float]) -> list[tuple[float, float]]:
    """Points of a synthetic signature-like scribble inside ``box``."""
    x0, y0, x1, y1 = box
    n = rng.randint(3, 6)
    pts: list[tuple[float, float]] = []
    phase = rng.random() * 6
    for i in range(n * 12):
        t = i / (n * 12 - 1)
        x = x0 + t * (x1 - x0)
        y = (y0 + y1) / 2 + math.sin(t * n * math.pi * 2 + phase) * (y1 - y0) * 0.35 * (0.5 + rng.random() * 0.5)
        x += math.cos(t * n * math.pi * 2) * (x1 - x0) * 0.04
        pts.append((x, y))
    return pts


def scribble(draw: ImageDraw.ImageDraw, rng: random.Random, box: tuple[float, float, float, float], fill: RGB = (20, 20, 60), width: int = 3) -> list[tuple[float, float]]:
    """Draw a synthetic signature-like scribble inside ``box``; return its points."""
    pts = scribble_points(rng, box)
    draw.line(pts, fill=fill, width=width, joint="curve")
    return pts


def _dmy(d: date) -> str:
    return d.strftime("%d-%m-%Y")


def _gradient(w: int, h: int, c0: RGB, c1: RGB, horizontal: bool = False) -> np.ndarray:
    t = np.linspace(0.0, 1.0, w if horizontal else h, dtype=np.float32)
    a, b = np.array(c0, np.float32), np.array(c1, np.float32)
    line = a[None, :] * (1 - t[:, None]) + b[None, :] * t[:, None]
    if horizontal:
        return np.broadcast_to(line[None, :, :], (h, w, 3)).copy()
    return np.broadcast_to(line[:, None, :], (h, w, 3)).copy()


def _guilloche(arr: np.ndarray, rng: random.Random, color: RGB, strength: float = 0.25, waves: int = 14) -> np.ndarray:
    """Overlay faint sine-wave security lines on ``arr`` (float HxWx3)."""
    h, w, _ = arr.shape
    yy, xx = np.mgrid[0:h, 0:w].astype(np.float32)
    mask = np.zeros((h, w), np.float32)
    for k in range(waves):
        amp = rng.uniform(8, 30)
        period = rng.uniform(120, 400)
        off = k * h / waves + rng.uniform(-10, 10)
        curve = off + amp * np.sin(xx / period * 2 * np.pi + rng.uniform(0, 6))
        mask = np.maximum(mask, np.clip(1.2 - np.abs(yy - curve), 0, 1))
    c = np.array(color, np.float32)
    return arr * (1 - strength * mask[..., None]) + c * (strength * mask[..., None])


def _to_image(arr: np.ndarray) -> Image.Image:
    return Image.fromarray(np.clip(arr, 0, 255).astype(np.uint8), "RGB")


def face_placeholder(w: int, h: int, rng: random.Random) -> Image.Image:
    """A synthetic head-and-shoulders silhouette on a red or blue ID-photo background."""
    bg = rng.choice(((200, 40, 45), (35, 80, 170), (190, 30, 40)))
    img = Image.new("RGB", (w, h), bg)
    d = ImageDraw.Draw(img)
    skin = rng.choice(((205, 160, 125), (180, 130, 95), (150, 105, 75), (220, 180, 150)))
    cloth = rng.choice(((30, 30, 35), (240, 240, 240), (60, 70, 90), (90, 40, 40)))
    cx = w / 2 + rng.uniform(-5, 5)
    d.polygon([(cx - w * 0.48, h), (cx - w * 0.4, h * 0.74), (cx, h * 0.66), (cx + w * 0.4, h * 0.74), (cx + w * 0.48, h)], fill=cloth)
    d.rectangle((cx - w * 0.09, h * 0.52, cx + w * 0.09, h * 0.7), fill=skin)
    d.ellipse((cx - w * 0.22, h * 0.15, cx + w * 0.22, h * 0.62), fill=skin)
    hair = (25, 20, 20)
    if rng.random() < 0.4:  # headscarf
        scarf = rng.choice(((240, 240, 240), (40, 40, 60), (120, 60, 90)))
        d.ellipse((cx - w * 0.27, h * 0.1, cx + w * 0.27, h * 0.66), outline=scarf, width=int(w * 0.08))
        d.polygon([(cx - w * 0.3, h * 0.45), (cx + w * 0.3, h * 0.45), (cx + w * 0.4, h * 0.78), (cx - w * 0.4, h * 0.78)], fill=scarf)
        d.ellipse((cx - w * 0.2, h * 0.2, cx + w * 0.2, h * 0.6), fill=skin)
    else:
        d.chord((cx - w * 0.23, h * 0.12, cx + w * 0.23, h * 0.5), 180, 360, fill=hair)
    return img.filter(ImageFilter.GaussianBlur(1.2))


def _name_on(rng: random.Random, name: PersonName, p_keep_titles: float) -> str:
    """The name as another document prints it (titles kept with probability ``p``)."""
    return name.full if rng.random() < p_keep_titles else name.core


# ---------------------------------------------------------------------------------------
# e-KTP


def ktp_truth(person: Person) -> dict[str, Any]:
    """Ground truth of the claimant's e-KTP."""
    me, r = person.me, person.region
    return {
        "nik": me.nik,
        "full_name": me.name.full,
        "birth_place": me.birth_place,
        "birth_date": me.birth_date.isoformat(),
        "gender": me.gender,
        "address": person.address,
        "rt_rw": person.rt_rw,
        "village": r.village,
        "district": r.district,
        "religion": me.religion,
        "marital_status": me.marital_status,
        "occupation": me.occupation,
        "nationality": "WNI",
        "valid_until": "SEUMUR HIDUP",
        "province": r.province,
        "regency": r.regency,
    }


def render_ktp(
    person: Person,
    rng: random.Random,
    *,
    columns: tuple[int, int, int] = (28, 258, 276),
    upper_labels: bool = False,
    colon_attached: bool = False,
    step: int = 37,
    colours: tuple[RGB, RGB] | None = None,
) -> Rendered:
    """Render an e-KTP (1012x638, the 85.6x54 mm card at ~300 dpi).

    The keyword arguments draw the other layout families (see ``layouts.ktp``); their
    defaults give today's standard card, byte for byte.
    """
    w, h = 1012, 638
    fonts = pick_fonts(rng)
    top = (rng.randint(175, 200), rng.randint(215, 232), rng.randint(235, 248))
    bottom = (rng.randint(215, 235), rng.randint(232, 245), rng.randint(245, 255))
    if colours is not None:
        top, bottom = colours
    arr = _gradient(w, h, top, bottom)
    arr = _guilloche(arr, rng, (120, 170, 210), 0.3)
    img = _to_image(arr)
    d = ImageDraw.Draw(img)
    ink = (rng.randint(0, 30), rng.randint(0, 30), rng.randint(0, 40))
    t = ktp_truth(person)

    f_head = fit_font(fonts, f"PROVINSI {t['province']}", 30, w - 60, bold=True)
    text_centered(d, w / 2, 16, f"PROVINSI {t['province']}", f_head, ink)
    f_head2 = fit_font(fonts, t["regency"], 30, w - 60, bold=True)
    text_centered(d, w / 2, 54, t["regency"], f_head2, ink)

    lx, cx_, vx = columns
    vmax = 760 - vx
    f_nik_l = fonts.get(30, True)
    f_nik = fonts.get(rng.randint(34, 38), True)
    y = 100
    d.text((lx, y + 2), "NIK", font=f_nik_l, fill=ink)
    d.text((cx_ - 8, y + 2), ":", font=f_nik_l, fill=ink)
    d.text((vx, y), t["nik"], font=f_nik, fill=ink)

    size = rng.randint(21, 23)
    f_lab = fonts.get(size)
    gol = person.blood_type
    rows: list[tuple[str, str]] = [
        ("Nama", t["full_name"]),
        ("Tempat/Tgl Lahir", f"{t['birth_place']}, {_dmy(person.me.birth_date)}"),
        ("Jenis Kelamin", t["gender"]),
        ("Alamat", t["address"]),
        ("    RT/RW", t["rt_rw"]),
        ("    Kel/Desa", t["village"]),
        ("    Kecamatan", t["district"]),
        ("Agama", t["religion"]),
        ("Status Perkawinan", t["marital_status"]),
        ("Pekerjaan", t["occupation"]),
        ("Kewarganegaraan", t["nationality"]),
        ("Berlaku Hingga", t["valid_until"]),
    ]
    y = 154
    for label, value in rows:
        shown = label.upper() if upper_labels else label
        if colon_attached:
            shown = shown + ":"
            d.text((lx, y), shown, font=f_lab, fill=ink)
        else:
            d.text((lx, y), shown, font=f_lab, fill=ink)
            d.text((cx_, y), ":", font=f_lab, fill=ink)
        limit = 500 - vx if label == "Jenis Kelamin" else vmax
        d.text((vx, y), value, font=fit_font(fonts, value, size, limit), fill=ink)
        if label == "Jenis Kelamin":
            d.text((520, y), f"Gol. Darah : {gol}", font=f_lab, fill=ink)
        y += step

    px0, py0, pw, ph = 776, 130, 206, 262
    img.paste(face_placeholder(pw, ph, rng), (px0, py0))
    f_small = fonts.get(20)
    text_centered(d, px0 + pw / 2, py0 + ph + 14, person.region.city, fit_font(fonts, person.region.city, 20, pw + 20), ink)
    text_centered(d, px0 + pw / 2, py0 + ph + 42, _dmy(person.ktp_issued), f_small, ink)
    scribble(d, rng, (px0 + 20, py0 + ph + 78, px0 + pw - 20, py0 + ph + 140), fill=(30, 30, 70))
    return Rendered("ktp", img, t, dpi=300)


# ---------------------------------------------------------------------------------------
# Kartu Keluarga


def kk_truth(person: Person) -> dict[str, Any]:
    """Ground truth of the claimant's Kartu Keluarga."""
    return {
        "kk_number": person.kk_number,
        "members": [
            {
                "nik": m.nik,
                "full_name": m.name.full,
                "relationship": m.relationship,
                "birth_date": m.birth_date.isoformat(),
                "gender": m.gender,
            }
            for m in person.family
        ],
    }


def render_kk(person: Person, rng: random.Random, *, tint_override: RGB | None = None, number_label: str = "No.") -> Rendered:
    """Render a Kartu Keluarga (landscape A4 at 150 dpi: 1754x1240).

    ``tint_override`` and ``number_label`` draw the older printing (``layouts.kk``); the
    defaults give today's standard form.
    """
    w, h = 1754, 1240
    fonts = pick_fonts(rng)
    tint = (rng.randint(244, 252), rng.randint(246, 253), rng.randint(238, 250))
    if tint_override is not None:
        tint = tint_override
    arr = _gradient(w, h, tint, (252, 252, 250))
    arr = _guilloche(arr, rng, (200, 215, 200), 0.15, waves=8)
    img = _to_image(arr)
    d = ImageDraw.Draw(img)
    ink = (20, 20, 25)
    t = kk_truth(person)
    r = person.region
    head = next((m for m in person.family if m.relationship == "KEPALA KELUARGA"), person.me)

    d.ellipse((60, 30, 150, 120), outline=(120, 100, 40), width=4)  # emblem placeholder
    d.ellipse((85, 55, 125, 95), fill=(160, 130, 50))
    text_centered(d, w / 2, 28, "KARTU KELUARGA", fonts.get(46, True), ink)
    text_centered(d, w / 2, 88, f"{number_label} {t['kk_number']}", fonts.get(32, True), ink)

    f = fonts.get(21)
    left = [
        ("Nama Kepala Keluarga", head.name.full),
        ("Alamat", person.address),
        ("RT/RW", person.rt_rw),
        ("Desa/Kelurahan", r.village),
    ]
    right = [
        ("Kecamatan", r.district),
        ("Kabupaten/Kota", r.regency),
        ("Kode Pos", f"{rng.randint(40111, 69999)}"),
        ("Provinsi", r.province),
    ]
    for i, (lab, val) in enumerate(left):
        yy = 150 + i * 32
        d.text((40, yy), lab, font=f, fill=ink)
        d.text((300, yy), ":", font=f, fill=ink)
        d.text((318, yy), val, font=fit_font(fonts, val, 21, 560), fill=ink)
    for i, (lab, val) in enumerate(right):
        yy = 150 + i * 32
        d.text((1000, yy), lab, font=f, fill=ink)
        d.text((1190, yy), ":", font=f, fill=ink)
        d.text((1208, yy), val, font=fit_font(fonts, val, 21, w - 1230), fill=ink)

    def table(y0: int, cols: list[tuple[str, int]], rows: list[list[str]], n_rows: int) -> int:
        x0 = 12
        head_h, row_h = 44, 32
        total = sum(cw for _, cw in cols)
        d.rectangle((x0, y0, x0 + total, y0 + head_h), fill=(225, 228, 222))
        x = x0
        for title, cw in cols:
            text_centered(d, x + cw / 2, y0 + 12, title, fit_font(fonts, title, 16, cw - 6, bold=True), ink)
            x += cw
        for i in range(n_rows + 1):
            yy = y0 + head_h + i * row_h
            d.line((x0, yy, x0 + total, yy), fill=(60, 60, 60), width=1)
        d.line((x0, y0, x0 + total, y0), fill=(60, 60, 60), width=1)
        x = x0
        for _, cw in cols:
            d.line((x, y0, x, y0 + head_h + n_rows * row_h), fill=(60, 60, 60), width=1)
            x += cw
        d.line((x, y0, x, y0 + head_h + n_rows * row_h), fill=(60, 60, 60), width=1)
        for ri, row in enumerate(rows):
            x = x0
            yy = y0 + head_h + ri * row_h + 6
            for (title, cw), val in zip(cols, row, strict=False):
                fv = fit_font(fonts, val, 18, cw - 10)
                if title == "No":
                    text_centered(d, x + cw / 2, yy, val, fv, ink)
                else:
                    d.text((x + 5, yy), val, font=fv, fill=ink)
                x += cw
        return y0 + head_h + n_rows * row_h

    n_rows = max(len(person.family) + 1, 5)
    cols1 = [("No", 46), ("Nama Lengkap", 340), ("NIK", 240), ("Jenis Kelamin", 140), ("Tempat Lahir", 190),
             ("Tanggal Lahir", 150), ("Agama", 120), ("Pendidikan", 270), ("Jenis Pekerjaan", 234)]
    rows1 = [[str(i + 1), m.name.full, m.nik, m.gender, m.birth_place, _dmy(m.birth_date), m.religion,
              m.education, m.occupation] for i, m in enumerate(person.family)]
    y_end = table(300, cols1, rows1, n_rows)

    father = next((m for m in person.family if m.relationship == "KEPALA KELUARGA" and not m.female), None)
    mother = next((m for m in person.family if m.relationship in ("ISTRI", "KEPALA KELUARGA") and m.female), None)
    rows2: list[list[str]] = []
    for i, m in enumerate(person.family):
        if m.relationship == "ANAK":
            fa = father.name.core if father else "-"
            mo = mother.name.core if mother else "-"
        else:
            fa = make_name(rng, False)
            mo = make_name(rng, True)
        rows2.append([str(i + 1), m.marital_status, m.relationship, "WNI", "-", "-", fa, mo])
    cols2 = [("No", 46), ("Status Perkawinan", 200), ("Status Hubungan Dalam Keluarga", 330), ("Kewarganegaraan", 180),
             ("No. Paspor", 150), ("No. KITAP", 150), ("Nama Ayah", 339), ("Nama Ibu", 335)]
    y_end = table(y_end + 40, cols2, rows2, n_rows)

    fs = fonts.get(18)
    yy = y_end + 30
    d.text((40, yy), f"Dikeluarkan Tanggal : {_dmy(person.kk_issued)}", font=fs, fill=ink)
    d.text((1150, yy), "KEPALA DINAS KEPENDUDUKAN DAN", font=fs, fill=ink)
    d.text((1150, yy + 24), f"PENCATATAN SIPIL {r.regency}", font=fit_font(fonts, f"PENCATATAN SIPIL {r.regency}", 18, w - 1170), fill=ink)
    scribble(d, rng, (1200, yy + 56, 1450, yy + 110))
    d.text((1150, yy + 120), make_name(rng, rng.random() < 0.3), font=fonts.get(18, True), fill=ink)
    return Rendered("kk", img, t, dpi=150)


# ---------------------------------------------------------------------------------------
# BPJS Ketenagakerjaan card


def render_bpjs_card(person: Person, rng: random.Random) -> Rendered:
    """Render a BPJS Ketenagakerjaan membership card (1012x638)."""
    w, h = 1012, 638
    fonts = pick_fonts(rng)
    green = (rng.randint(0, 20), rng.randint(120, 150), rng.randint(70, 100))
    blue = (rng.randint(0, 20), rng.randint(70, 100), rng.randint(140, 170))
    arr = _gradient(w, h, (250, 252, 250), (222, 240, 230), horizontal=True)
    arr = _guilloche(arr, rng, (160, 210, 180), 0.2, waves=10)
    img = _to_image(arr)
    d = ImageDraw.Draw(img)
    d.rectangle((0, 0, w, 120), fill=(255, 255, 255))
    d.rectangle((0, 120, w, 132), fill=green)
    d.rectangle((0, h - 70, w, h), fill=green)
    # logo placeholder: two arcs
    d.pieslice((30, 22, 110, 102), 90, 270, fill=green)
    d.pieslice((40, 22, 120, 102), 270, 90, fill=blue)
    d.text((140, 22), "BPJS", font=fonts.get(44, True), fill=blue)
    d.text((140 + fonts.get(44, True).getlength("BPJS "), 22), "Ketenagakerjaan", font=fonts.get(44, True), fill=green)
    d.text((142, 76), "Badan Penyelenggara Jaminan Sosial", font=fonts.get(20), fill=(60, 60, 60))
    d.text((w - 260, 150), "KARTU PESERTA", font=fonts.get(26, True), fill=blue)

    name = _name_on(rng, person.name, 0.6)
    kpj = person.kpj
    style = rng.randrange(3)
    kpj_printed = kpj if style == 0 else (f"{kpj[:2]} {kpj[2:5]} {kpj[5:8]} {kpj[8:]}" if style == 1 else f"{kpj[:4]} {kpj[4:8]} {kpj[8:]}")
    ink = (20, 20, 30)
    layout = rng.randrange(2)
    if layout == 0:
        d.text((60, 250), name, font=fit_font(fonts, name, 40, w - 120, bold=True), fill=ink)
        d.text((60, 320), "No. KPJ", font=fonts.get(24), fill=ink)
        d.text((60, 356), kpj_printed, font=fonts.get(46, True), fill=ink)
    else:
        f = fonts.get(26)
        d.text((60, 240), "Nama", font=f, fill=ink)
        d.text((240, 240), ":", font=f, fill=ink)
        d.text((262, 240), name, font=fit_font(fonts, name, 28, w - 300, bold=True), fill=ink)
        d.text((60, 300), "No. KPJ", font=f, fill=ink)
        d.text((240, 300), ":", font=f, fill=ink)
        d.text((262, 294), kpj_printed, font=fonts.get(38, True), fill=ink)
    if rng.random() < 0.7:
        d.text((60, 440), f"Peserta Sejak : {_dmy(person.member_since)}", font=fonts.get(22), fill=ink)
    if rng.random() < 0.5:
        d.text((60, 478), person.employer, font=fit_font(fonts, person.employer, 22, w - 120), fill=ink)
    d.text((60, h - 52), "Kartu ini berlaku selama yang bersangkutan terdaftar sebagai peserta", font=fonts.get(20), fill=(255, 255, 255))
    return Rendered("bpjs_card", img, {"kpj": kpj, "full_name": name}, dpi=300)


# ---------------------------------------------------------------------------------------
# Resignation letter

LETTER_TITLES: tuple[str, ...] = (
    "SURAT KETERANGAN BERHENTI BEKERJA",
    "SURAT KETERANGAN KERJA",
    "PAKLARING",
    "SURAT KETERANGAN PENGUNDURAN DIRI",
)
"""Title variants of the employer's statement."""

ROMAN = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII")


def _wrap(text: str, font: ImageFont.FreeTypeFont, width: float) -> list[str]:
    words, lines, cur = text.split(), [], ""
    for wd in words:
        cand = f"{cur} {wd}".strip()
        if font.getlength(cand) <= width or not cur:
            cur = cand
        else:
            lines.append(cur)
            cur = wd
    if cur:
        lines.append(cur)
    return lines


def _draw_ops(img: Image.Image, ops: list[TextOp | LineOp], fonts: Fonts, ink: RGB) -> None:
    d = ImageDraw.Draw(img)
    for op in ops:
        if isinstance(op, TextOp):
            d.text((op.x, op.y), op.text, font=fonts.get(op.size, op.bold), fill=ink)
        else:
            d.line(list(op.points), fill=ink, width=max(1, round(op.width)), joint="curve")


def letter_ops(person: Person, rng: random.Random, fonts: Fonts, w: int = 1240) -> tuple[list[TextOp | LineOp], dict[str, Any]]:
    """Lay out the resignation letter; returns drawing ops and its ground truth."""
    ops: list[TextOp | LineOp] = []
    margin = rng.randint(120, 160)
    width = w - 2 * margin

    def centred(y: float, text: str, size: int, bold: bool = False) -> None:
        f = fit_font(fonts, text, size, w - 2 * margin, bold)
        ops.append(TextOp(w / 2 - f.getlength(text) / 2, y, text, f.size, bold))

    employer = person.employer
    centred(60, employer, 40, True)
    addr = f"{rng.choice(('Jl. Raya Industri', 'Jl. Gatot Subroto', 'Kawasan Industri Blok', 'Jl. Soekarno Hatta'))} No. {rng.randint(1, 300)}, {person.employer_city.title()}"
    centred(118, addr, 20)
    centred(146, f"Telp. (0{rng.randint(21, 99)}) 555-{rng.randint(1000, 9999)}  Email: hrd@example.co.id", 18)
    ops.append(LineOp(((margin - 40, 182), (w - margin + 40, 182)), 4))
    ops.append(LineOp(((margin - 40, 189), (w - margin + 40, 189)), 1.5))

    title = rng.choice(LETTER_TITLES)
    centred(230, title, 30, True)
    ld = person.letter_date
    centred(274, f"Nomor : {rng.randint(1, 250):03d}/HRD/{rng.choice(('SKK', 'SK', 'PK'))}/{ROMAN[ld.month - 1]}/{ld.year}", 21)

    size = rng.randint(21, 23)
    f = fonts.get(size)
    lh = int(size * 1.7)
    y = 350
    col = margin + 230

    def row(label: str, value: str, bold: bool = False) -> None:
        nonlocal y
        ops.append(TextOp(margin + 40, y, label, size))
        ops.append(TextOp(col, y, ":", size))
        fv = fit_font(fonts, value, size, w - margin - col - 20, bold)
        ops.append(TextOp(col + 18, y, value, fv.size, bold))
        y += lh

    def para(text: str) -> None:
        nonlocal y
        for line in _wrap(text, f, width):
            ops.append(TextOp(margin, y, line, size))
            y += lh
        y += lh // 2

    para("Yang bertanda tangan di bawah ini:")
    row("Nama", person.signer.full)
    row("Jabatan", person.signer_title)
    y += lh // 2
    para("dengan ini menerangkan bahwa:" if rng.random() < 0.5 else "menerangkan bahwa:")
    worker = _name_on(rng, person.name, 0.7)
    row("Nama", worker, True)
    row("Jabatan", person.job_title)
    row("NIK Karyawan", person.employee_id)
    if rng.random() < 0.5:
        row("Alamat", f"{person.address} RT/RW {person.rt_rw}")
    y += lh // 2
    hired, last = long_date_id(person.hired_on), long_date_id(person.resignation_date)
    variant = rng.randrange(3)
    if variant == 0:
        para(f"Adalah benar karyawan {employer} sejak tanggal {hired} dan telah berhenti bekerja "
             f"terhitung sejak tanggal {last} karena mengundurkan diri atas permintaan sendiri.")
    elif variant == 1:
        para(f"Yang bersangkutan telah bekerja pada {employer} sejak tanggal {hired} sampai dengan "
             f"tanggal {last}.")
    else:
        para(f"Telah mengajukan pengunduran diri dan dinyatakan tidak lagi bekerja di {employer} "
             f"terhitung sejak tanggal {last}. Masa kerja yang bersangkutan dimulai pada {hired}.")
    para("Selama bekerja, yang bersangkutan telah menunjukkan dedikasi dan loyalitas yang baik "
         "terhadap perusahaan. Kami mengucapkan terima kasih dan semoga sukses di tempat yang baru.")
    para("Demikian surat keterangan ini dibuat untuk dapat dipergunakan sebagaimana mestinya.")

    sx = w - margin - 420
    y = max(y + lh, 1250)
    ops.append(TextOp(sx, y, f"{person.employer_city.title()}, {long_date_id(ld)}", size))
    ops.append(TextOp(sx, y + lh, employer, fit_font(fonts, employer, size, 440, True).size, True))
    pts = scribble_points(rng, (sx + 20, y + lh * 2 + 20, sx + 300, y + lh * 2 + 110))
    ops.append(LineOp(tuple(pts), 3))
    ny = y + lh * 2 + 150
    ops.append(TextOp(sx, ny, person.signer.full, size, True))
    ops.append(LineOp(((sx, ny + size + 8), (sx + fonts.get(size, True).getlength(person.signer.full), ny + size + 8)), 2))
    ops.append(TextOp(sx, ny + lh + 6, person.signer_title, size))
    truth = {"full_name": worker, "resignation_date": person.resignation_date.isoformat(), "employer": employer}
    return ops, truth


def cover_ops(person: Person, rng: random.Random, fonts: Fonts, w: int = 1240) -> list[TextOp | LineOp]:
    """A first page (cover note) for the two-page letter file."""
    ops: list[TextOp | LineOp] = []
    f = fonts.get(30, True)
    ops.append(TextOp(w / 2 - f.getlength(person.employer) / 2, 80, person.employer, 30, True))
    ops.append(LineOp(((100, 140), (w - 100, 140)), 3))
    y = 220
    for line in (
        "SURAT PENGANTAR",
        "",
        "Kepada Yth.",
        "BPJS Ketenagakerjaan",
        f"Kantor Cabang {person.employer_city.title()}",
        "",
        "Bersama ini kami lampirkan surat keterangan karyawan",
        "untuk keperluan pengajuan klaim Jaminan Hari Tua (JHT).",
        "",
        "Lampiran : 1 (satu) berkas",
    ):
        if line:
            ops.append(TextOp(140, y, line, 24, line == "SURAT PENGANTAR"))
        y += 44
    return ops


def render_resignation_letter(person: Person, rng: random.Random, *, two_pages: bool = False) -> Rendered:
    """Render the employer's statement (A4 portrait at 150 dpi: 1240x1754)."""
    w, h = 1240, 1754
    fonts = pick_fonts(rng)
    ink = (15, 15, 20)
    ops, truth = letter_ops(person, rng, fonts, w)
    img = Image.new("RGB", (w, h), (255, 255, 255))
    _draw_ops(img, ops, fonts, ink)
    out = Rendered("resignation_letter", img, truth, dpi=150, ops=ops)
    if two_pages:
        cops = cover_ops(person, rng, fonts, w)
        cover = Image.new("RGB", (w, h), (255, 255, 255))
        _draw_ops(cover, cops, fonts, ink)
        out.extra_pages.append(cover)
        out.extra_ops.append(cops)
    return out


# ---------------------------------------------------------------------------------------
# Passbook

BANK_STYLES: dict[str, dict[str, Any]] = {
    "BRI": {"color": (0, 83, 156), "accent": (243, 112, 33), "long": "PT BANK RAKYAT INDONESIA (PERSERO) TBK", "label": "BANK BRI"},
    "BNI": {"color": (0, 95, 106), "accent": (241, 90, 34), "long": "PT BANK NEGARA INDONESIA (PERSERO) TBK", "label": "BNI"},
    "MANDIRI": {"color": (0, 56, 117), "accent": (255, 184, 28), "long": "PT BANK MANDIRI (PERSERO) TBK", "label": "mandiri"},
    "BCA": {"color": (0, 90, 170), "accent": (255, 255, 255), "long": "PT BANK CENTRAL ASIA TBK", "label": "BCA"},
    "BTN": {"color": (0, 82, 147), "accent": (237, 28, 36), "long": "PT BANK TABUNGAN NEGARA (PERSERO) TBK", "label": "BTN"},
    "BSI": {"color": (0, 148, 144), "accent": (247, 148, 29), "long": "PT BANK SYARIAH INDONESIA TBK", "label": "BSI"},
    "CIMB NIAGA": {"color": (122, 16, 23), "accent": (200, 200, 200), "long": "PT BANK CIMB NIAGA TBK", "label": "CIMB NIAGA"},
    "DANAMON": {"color": (0, 61, 121), "accent": (246, 139, 31), "long": "PT BANK DANAMON INDONESIA TBK", "label": "Danamon"},
    "PERMATA": {"color": (0, 105, 70), "accent": (226, 35, 26), "long": "PT BANK PERMATA TBK", "label": "PermataBank"},
    "BJB": {"color": (0, 84, 150), "accent": (253, 200, 0), "long": "PT BANK PEMBANGUNAN DAERAH JAWA BARAT DAN BANTEN TBK", "label": "bank bjb"},
    "BANK JATIM": {"color": (200, 30, 40), "accent": (20, 60, 140), "long": "PT BANK PEMBANGUNAN DAERAH JAWA TIMUR TBK", "label": "Bank Jatim"},
}
"""Colour band and printed names per bank."""

_ACCOUNT_GROUPS: dict[str, tuple[int, ...]] = {
    "BRI": (4, 2, 6, 2, 1), "BNI": (10,), "MANDIRI": (3, 2, 7, 1), "BCA": (3, 3, 4), "BTN": (4, 4, 4, 4),
    "BSI": (3, 3, 4), "CIMB NIAGA": (3, 2, 5, 3), "DANAMON": (3, 3, 4, 2), "PERMATA": (3, 3, 4),
    "BJB": (4, 4, 5), "BANK JATIM": (3, 3, 4),
}

EXTRA_BANK_ACCOUNT_LENGTHS: dict[str, int] = {
    "BSI": 10, "CIMB NIAGA": 13, "DANAMON": 12, "PERMATA": 10, "BJB": 13, "BANK JATIM": 10,
}
"""Account-number length of the banks only the layout families draw (beyond ``people.BANK_ACCOUNT_LENGTHS``)."""


def format_account(bank: str, digits: str, grouped: bool) -> str:
    """The account number as a passbook prints it (dash-grouped for some banks)."""
    if not grouped:
        return digits
    parts, i = [], 0
    for g in _ACCOUNT_GROUPS.get(bank, (len(digits),)):
        parts.append(digits[i:i + g])
        i += g
    return "-".join(p for p in parts if p)


def render_passbook(person: Person, rng: random.Random, *, holder: Member | None = None) -> Rendered:
    """Render a passbook's first page (1200x850); ``holder`` overrides the account holder."""
    w, h = 1200, 850
    fonts = pick_fonts(rng)
    mono = pick_fonts(rng, mono=rng.random() < 0.6)
    style = BANK_STYLES[person.bank]
    arr = _gradient(w, h, (250, 250, 246), (240, 242, 236))
    arr = _guilloche(arr, rng, tuple(min(255, c + 150) for c in style["color"]), 0.15, waves=6)
    img = _to_image(arr)
    d = ImageDraw.Draw(img)
    d.rectangle((0, 0, w, 140), fill=style["color"])
    d.rectangle((0, 140, w, 152), fill=style["accent"])
    d.text((50, 30), style["label"], font=fonts.get(64, True), fill=(255, 255, 255))
    d.text((w - 50 - fonts.get(20).getlength(style["long"]), 100), style["long"], font=fonts.get(20), fill=(255, 255, 255))
    d.text((50, 190), rng.choice(("BUKU TABUNGAN", "TABUNGAN", "BUKU TABUNGAN PASSBOOK")), font=fonts.get(34, True), fill=style["color"])

    name = (holder.name.core if holder else _name_on(rng, person.name, 0.3))
    grouped = rng.random() < 0.5
    labels = rng.choice((
        ("Nama", "No. Rekening", "Cabang", "Tgl. Pembukaan"),
        ("Nama Nasabah", "Nomor Rekening", "Kantor Cabang", "Tanggal Pembukaan"),
        ("Nama", "No. Rek", "Kantor Cabang", "Tgl. Buka"),
    ))
    rows = [
        (labels[0], name),
        (labels[1], format_account(person.bank, person.account_number, grouped)),
        (labels[2], person.branch),
        (labels[3], _dmy(person.account_opened)),
    ]
    if rng.random() < 0.5:
        rows.insert(2, ("No. CIF", f"{rng.randint(10**8, 10**9 - 1)}"))
    if rng.random() < 0.6:
        rows.append(("Alamat", f"{person.address} {person.region.city}"))
    ink = (25, 25, 30)
    size = rng.randint(26, 30)
    y = 280
    for lab, val in rows:
        d.text((60, y), lab, font=fonts.get(size), fill=ink)
        d.text((330, y), ":", font=fonts.get(size), fill=ink)
        d.text((352, y), val, font=fit_font(mono, val, size, w - 400, bold=lab.startswith(("No. R", "Nomor"))), fill=ink)
        y += int(size * 1.9)
    d.rectangle((w - 330, h - 200, w - 60, h - 60), outline=style["color"], width=3)
    text_centered(d, w - 195, h - 190, "Tanda tangan nasabah", fonts.get(18), style["color"])
    scribble(d, rng, (w - 300, h - 160, w - 90, h - 80))
    truth = {"bank": person.bank, "account_number": person.account_number, "account_holder": name}
    return Rendered("passbook", img, truth, dpi=200)


RENDERERS: dict[str, Callable[[Person, random.Random], Rendered]] = {
    "ktp": render_ktp,
    "kk": render_kk,
    "bpjs_card": render_bpjs_card,
    "resignation_letter": render_resignation_letter,
    "passbook": render_passbook,
}
"""Renderer per document type (all take ``(person, rng)``)."""
