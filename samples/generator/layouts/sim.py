"""SIM (Surat Izin Mengemudi, the Indonesian driving licence) families, accepted in the ``ktp`` slot.

Two designs as people carry them: the older card (a 12-digit number, issued until 2022) and
the 2022+ "SIM smart" card (a 14-digit number, bilingual labels). Each is drawn as a training
family and, with other wording, geometry and colours, as a held-out family. Classes A, B1, B2,
C, C1 and D. The truth uses the contract's SIM field names (:data:`SIM_FIELDS`); the gender is
the normalised ``LAKI-LAKI``/``PEREMPUAN`` (the card prints ``PRIA``/``WANITA``) and is absent
when the family does not print it.
"""

from __future__ import annotations

import random
from datetime import date
from typing import Any

from PIL import Image, ImageDraw

from samples.generator.layouts.registry import register
from samples.generator.people import Person
from samples.generator.render import (
    RGB,
    Fonts,
    Rendered,
    _dmy,
    _gradient,
    _guilloche,
    _name_on,
    _to_image,
    face_placeholder,
    fit_font,
    pick_fonts,
    scribble,
    text_centered,
)

DOC = "sim"

SIM_FIELDS: tuple[str, ...] = (
    "sim_number", "full_name", "birth_place", "birth_date", "gender", "address", "valid_until", "sim_class",
)
"""The contract's SIM fields (``gender`` only where printed)."""

SIM_CLASSES: tuple[str, ...] = ("A", "A", "C", "C", "B1", "B2", "C1", "D")
"""Licence classes drawn (A and C most often)."""

GENDER_PRINTED = {"LAKI-LAKI": "PRIA", "PEREMPUAN": "WANITA"}
"""How a SIM prints the gender."""


def sim_number(person: Person, rng: random.Random, digits: int) -> str:
    """A synthetic SIM number: the holder's birth ``YYMM``, then seeded digits (12 or 14 in all)."""
    head = person.me.birth_date.strftime("%y%m")
    return head + "".join(str(rng.randint(0, 9)) for _ in range(digits - 4))


def sim_printed_number(number: str, rng: random.Random) -> str:
    """The number as printed: plain or dash-grouped (``1234-5678-9012``, ``1234-5678-901234``)."""
    if rng.random() < 0.3:
        return number
    return f"{number[:4]}-{number[4:8]}-{number[8:]}"


def valid_until(person: Person, rng: random.Random, years: tuple[int, int] = (2027, 2031)) -> date:
    """Five years from the issue, on the holder's birthday (a SIM expires on the birthday)."""
    year = rng.randint(*years)
    b = person.me.birth_date
    return date(year, b.month, 28 if (b.month, b.day) == (2, 29) else b.day)


def sim_truth(person: Person, rng: random.Random, *, digits: int, name: str, address_lines: list[str],
              gender: bool, cls: str, until: date) -> dict[str, Any]:
    """Ground truth of one SIM in :data:`SIM_FIELDS` order (``gender`` left out when not printed)."""
    me = person.me
    t: dict[str, Any] = {
        "sim_number": sim_number(person, rng, digits),
        "full_name": name,
        "birth_place": me.birth_place,
        "birth_date": me.birth_date.isoformat(),
        "gender": me.gender,
        "address": " ".join(address_lines),
        "valid_until": until.isoformat(),
        "sim_class": cls,
    }
    if not gender:
        del t["gender"]
    return t


def _address_lines(person: Person, rng: random.Random, p_two: float) -> list[str]:
    lines = [person.address]
    if rng.random() < p_two:
        lines.append(person.region.city)
    return lines


def _card(w: int, h: int, rng: random.Random, top: RGB, bottom: RGB, guilloche: RGB) -> tuple[Image.Image, ImageDraw.ImageDraw]:
    arr = _gradient(w, h, top, bottom)
    arr = _guilloche(arr, rng, guilloche, 0.22, waves=10)
    img = _to_image(arr)
    return img, ImageDraw.Draw(img)


def _rows(d: ImageDraw.ImageDraw, fonts: Fonts, rows: list[tuple[str, str | list[str]]], *, x: int, colon: int | None,
          vx: int, y: int, size: int, step: int, vmax: int, ink: RGB, numbered: bool, label_size: int | None = None,
          stacked: bool = False) -> int:
    """Numbered ``label : value`` rows; returns the y under the last row.

    ``colon`` None: no colon column (bilingual labels); a label of ``""``: the value alone after
    its number; ``stacked``: the label on its own line, the value under it at ``vx``.
    Multi-line values continue under the value's first line.
    """
    fl = fonts.get(label_size or size)
    for i, (label, value) in enumerate(rows, start=1):
        lead = f"{i}. " if numbered else ""
        values = value if isinstance(value, list) else [value]
        if label:
            d.text((x, y), f"{lead}{label}", font=fl, fill=ink)
            if colon is not None:
                d.text((colon, y), ":", font=fl, fill=ink)
        elif lead:
            d.text((x, y), lead.strip(), font=fonts.get(size), fill=ink)
        if stacked:
            y += int((label_size or size) * 1.35)
        for j, v in enumerate(values):
            bold = i == 1 and j == 0
            d.text((vx, y), v, font=fit_font(fonts, v, size, vmax - vx, bold), fill=ink)
            if j < len(values) - 1:
                y += int(size * 1.35)
        y += step
    return y


def _photo_and_sign(img: Image.Image, d: ImageDraw.ImageDraw, rng: random.Random, x: int, y: int, w: int, h: int) -> None:
    img.paste(face_placeholder(w, h, rng), (x, y))
    scribble(d, rng, (x + 10, y + h + 14, x + w - 10, y + h + 70), fill=(30, 30, 70))


@register(DOC, "old_card", "train",
          "the older SIM (to 2022): 12-digit number top left, class letter top right, numbered labelled rows")
def old_card(person: Person, rng: random.Random) -> Rendered:
    """The pre-2022 card (1012x638): pale blue-pink, labels 1..6 with a colon column."""
    w, h = 1012, 638
    fonts = pick_fonts(rng)
    img, d = _card(w, h, rng, (rng.randint(225, 240), rng.randint(230, 242), 250), (250, rng.randint(225, 238), 236),
                   (200, 170, 200))
    ink = (rng.randint(0, 30), rng.randint(0, 30), rng.randint(20, 50))
    cls = rng.choice(SIM_CLASSES)
    until = valid_until(person, rng, (2026, 2027))
    name = _name_on(rng, person.name, 0.3)
    addr = _address_lines(person, rng, 0.4)
    t = sim_truth(person, rng, digits=12, name=name, address_lines=addr, gender=True, cls=cls, until=until)
    d.text((30, 18), "KEPOLISIAN NEGARA REPUBLIK INDONESIA", font=fonts.get(22, True), fill=ink)
    d.text((30, 50), "SURAT IZIN MENGEMUDI", font=fonts.get(34, True), fill=(150, 20, 30))
    d.text((w - 150, 14), cls, font=fonts.get(92, True), fill=(150, 20, 30))
    d.text((30, 100), sim_printed_number(t["sim_number"], rng), font=fonts.get(rng.randint(34, 38), True), fill=ink)
    size = rng.randint(22, 24)
    colon = rng.choice((270, 290))
    rows: list[tuple[str, str | list[str]]] = [
        ("Nama", name),
        ("Tempat & Tgl. Lahir", f"{person.me.birth_place}, {_dmy(person.me.birth_date)}"),
        ("Gol. Darah - Kelamin", f"{person.blood_type} - {GENDER_PRINTED[person.me.gender]}"),
        ("Alamat", addr),
        ("Pekerjaan", person.me.occupation),
        ("Berlaku s/d", _dmy(until)),
    ]
    _rows(d, fonts, rows, x=30, colon=colon, vx=colon + 18, y=170, size=size, step=rng.randint(50, 56),
          vmax=770, ink=ink, numbered=True)
    _photo_and_sign(img, d, rng, 800, 150, 180, 230)
    text_centered(d, 890, 460, f"POLDA {person.region.province}"[:24], fit_font(fonts, f"POLDA {person.region.province}"[:24], 18, 200), ink)
    out = Rendered(DOC, img, t, dpi=300)
    out.meta["design"] = "old"
    return out


@register(DOC, "smart_card", "train",
          "the 2022+ SIM smart: 14-digit number, bilingual labels (Nama/Name ...) in a column, class in a box")
def smart_card(person: Person, rng: random.Random) -> Rendered:
    """The 2022+ card (1012x638): dark-blue band, class box, bilingual numbered labels."""
    w, h = 1012, 638
    fonts = pick_fonts(rng)
    img, d = _card(w, h, rng, (rng.randint(215, 232), rng.randint(226, 238), 246), (238, 242, 248), (150, 180, 220))
    ink = (rng.randint(0, 25), rng.randint(0, 25), rng.randint(20, 45))
    blue = (20, 50, 110)
    cls = rng.choice(SIM_CLASSES)
    until = valid_until(person, rng)
    name = _name_on(rng, person.name, 0.3)
    addr = _address_lines(person, rng, 0.5)
    t = sim_truth(person, rng, digits=14, name=name, address_lines=addr, gender=True, cls=cls, until=until)
    d.rectangle((0, 0, w, 92), fill=blue)
    d.text((24, 12), "SURAT IZIN MENGEMUDI", font=fonts.get(32, True), fill=(255, 255, 255))
    d.text((24, 54), "DRIVING LICENSE  -  KORLANTAS POLRI", font=fonts.get(20), fill=(220, 230, 250))
    d.rectangle((24, 108, 130, 200), outline=blue, width=4)
    text_centered(d, 77, 116, cls, fonts.get(60 if len(cls) == 1 else 46, True), blue)
    d.text((160, 110), "No. SIM", font=fonts.get(20), fill=ink)
    d.text((160, 138), sim_printed_number(t["sim_number"], rng), font=fonts.get(rng.randint(34, 37), True), fill=ink)
    size = rng.randint(22, 24)
    rows: list[tuple[str, str | list[str]]] = [
        ("Nama/Name", name),
        ("Tempat, Tgl. Lahir/Place, Date of Birth", f"{person.me.birth_place}, {_dmy(person.me.birth_date)}"),
        ("Jenis Kelamin/Sex", GENDER_PRINTED[person.me.gender]),
        ("Alamat/Address", addr),
        ("Pekerjaan/Occupation", person.me.occupation),
        ("Berlaku s.d/Expiry", _dmy(until)),
    ]
    _rows(d, fonts, rows, x=24, colon=None, vx=rng.choice((400, 420)), y=228, size=size, step=rng.randint(50, 54),
          vmax=780, ink=ink, numbered=True, label_size=17)
    _photo_and_sign(img, d, rng, 808, 120, 176, 224)
    out = Rendered(DOC, img, t, dpi=300)
    out.meta["design"] = "new"
    return out


@register(DOC, "old_unlabelled", "heldout",
          "older SIM printing with only the field numbers on the front (labels on the back), class letter left")
def old_unlabelled(person: Person, rng: random.Random) -> Rendered:
    """Held out: values after ``1.`` .. ``6.`` only, number next to the class, warm tint."""
    w, h = 1012, 638
    fonts = pick_fonts(rng)
    img, d = _card(w, h, rng, (250, rng.randint(236, 246), rng.randint(215, 230)), (rng.randint(230, 242), 240, 250),
                   (220, 170, 150))
    ink = (rng.randint(10, 40), rng.randint(10, 30), rng.randint(10, 30))
    cls = rng.choice(SIM_CLASSES)
    until = valid_until(person, rng, (2026, 2027))
    name = _name_on(rng, person.name, 0.2)
    addr = _address_lines(person, rng, 0.6)
    t = sim_truth(person, rng, digits=12, name=name, address_lines=addr, gender=True, cls=cls, until=until)
    text_centered(d, w / 2, 14, "SURAT IZIN MENGEMUDI", fonts.get(36, True), (120, 20, 40))
    text_centered(d, w / 2, 58, "KEPOLISIAN NEGARA REPUBLIK INDONESIA", fonts.get(19), ink)
    d.text((36, 100), cls, font=fonts.get(84, True), fill=(120, 20, 40))
    d.text((170, 128), sim_printed_number(t["sim_number"], rng), font=fonts.get(rng.randint(33, 36), True), fill=ink)
    size = rng.randint(23, 25)
    rows: list[tuple[str, str | list[str]]] = [
        ("", name),
        ("", f"{person.me.birth_place}, {_dmy(person.me.birth_date)}"),
        ("", f"{person.blood_type} - {GENDER_PRINTED[person.me.gender]}"),
        ("", addr),
        ("", person.me.occupation),
        ("", _dmy(until)),
    ]
    _rows(d, fonts, rows, x=36, colon=None, vx=84, y=216, size=size, step=rng.randint(48, 54), vmax=700, ink=ink,
          numbered=True)
    _photo_and_sign(img, d, rng, 770, 190, 200, 250)
    out = Rendered(DOC, img, t, dpi=300)
    out.meta["design"] = "old"
    return out


@register(DOC, "smart_stacked", "heldout",
          "a 2022+ SIM printing with upper-case bilingual labels stacked above their values, no gender row")
def smart_stacked(person: Person, rng: random.Random) -> Rendered:
    """Held out: ``NAMA / NAME`` over the value, two columns of fields, class top right."""
    w, h = 1012, 638
    fonts = pick_fonts(rng)
    img, d = _card(w, h, rng, (232, 240, 250), (rng.randint(200, 215), rng.randint(220, 232), 245), (120, 160, 210))
    ink = (rng.randint(0, 20), rng.randint(10, 30), rng.randint(30, 60))
    cls = rng.choice(SIM_CLASSES)
    until = valid_until(person, rng)
    name = _name_on(rng, person.name, 0.3)
    addr = _address_lines(person, rng, 0.3)
    t = sim_truth(person, rng, digits=14, name=name, address_lines=addr, gender=False, cls=cls, until=until)
    d.rectangle((0, 0, w, 80), fill=(10, 40, 90))
    d.text((24, 18), "SIM  -  SURAT IZIN MENGEMUDI / DRIVING LICENSE", font=fit_font(fonts, "SIM  -  SURAT IZIN MENGEMUDI / DRIVING LICENSE", 28, 760, True), fill=(255, 255, 255))
    d.text((w - 170, 92), cls, font=fonts.get(80, True), fill=(10, 40, 90))
    d.text((24, 100), sim_printed_number(t["sim_number"], rng), font=fonts.get(rng.randint(36, 40), True), fill=ink)
    size = rng.randint(22, 24)
    left: list[tuple[str, str | list[str]]] = [
        ("NAMA / NAME", name),
        ("TEMPAT, TGL. LAHIR / PLACE, DATE OF BIRTH", f"{person.me.birth_place}, {_dmy(person.me.birth_date)}"),
        ("ALAMAT / ADDRESS", addr),
    ]
    y = _rows(d, fonts, left, x=24, colon=None, vx=24, y=166, size=size, step=rng.randint(36, 42), vmax=760, ink=ink,
              numbered=False, label_size=15, stacked=True)
    d.text((24, y), "BERLAKU S.D / EXPIRY", font=fonts.get(15), fill=ink)
    d.text((24, y + 21), _dmy(until), font=fonts.get(size), fill=ink)
    d.text((320, y), "PEKERJAAN / OCCUPATION", font=fonts.get(15), fill=ink)
    d.text((320, y + 21), person.me.occupation, font=fit_font(fonts, person.me.occupation, size, 440), fill=ink)
    _photo_and_sign(img, d, rng, 790, 190, 190, 240)
    out = Rendered(DOC, img, t, dpi=300)
    out.meta["design"] = "new"
    return out


@register(DOC, "old_photo_left", "train",
          "older SIM printing: photo on the left, only field numbers before the values, number and class top right")
def old_photo_left(person: Person, rng: random.Random) -> Rendered:
    """The pre-2022 card with the photo left and unlabelled numbered values right of it."""
    w, h = 1012, 638
    fonts = pick_fonts(rng)
    img, d = _card(w, h, rng, (rng.randint(232, 245), 238, 250), (250, 240, rng.randint(225, 240)), (190, 170, 210))
    ink = (rng.randint(0, 30), rng.randint(0, 30), rng.randint(20, 50))
    cls = rng.choice(SIM_CLASSES)
    until = valid_until(person, rng, (2026, 2027))
    name = _name_on(rng, person.name, 0.3)
    addr = _address_lines(person, rng, 0.5)
    t = sim_truth(person, rng, digits=12, name=name, address_lines=addr, gender=True, cls=cls, until=until)
    d.text((30, 16), "SURAT IZIN MENGEMUDI", font=fonts.get(rng.randint(30, 36), True), fill=(140, 20, 40))
    d.text((30, 62), "KEPOLISIAN NEGARA REPUBLIK INDONESIA", font=fonts.get(18), fill=ink)
    d.text((w - 140, 20), cls, font=fonts.get(rng.randint(70, 90), True), fill=(140, 20, 40))
    _photo_and_sign(img, d, rng, 30, 130, 190, 240)
    x = rng.randint(250, 270)
    d.text((x, 120), sim_printed_number(t["sim_number"], rng), font=fonts.get(rng.randint(32, 36), True), fill=ink)
    size = rng.randint(22, 25)
    rows: list[tuple[str, str | list[str]]] = [
        ("", name),
        ("", f"{person.me.birth_place}, {_dmy(person.me.birth_date)}"),
        ("", f"{person.blood_type} - {GENDER_PRINTED[person.me.gender]}"),
        ("", addr),
        ("", person.me.occupation),
        ("", _dmy(until)),
    ]
    _rows(d, fonts, rows, x=x, colon=None, vx=x + rng.randint(40, 56), y=200, size=size, step=rng.randint(46, 54),
          vmax=990, ink=ink, numbered=True)
    out = Rendered(DOC, img, t, dpi=300)
    out.meta["design"] = "old"
    return out


@register(DOC, "smart_print", "train",
          "2022+ SIM as printed from the app: bilingual labels above their values, one column, gender row")
def smart_print(person: Person, rng: random.Random) -> Rendered:
    """A 2022+ SIM with small labels stacked over the values (portrait-ish print, 900x1100)."""
    w, h = 900, 1100
    fonts = pick_fonts(rng)
    img = Image.new("RGB", (w, h), (252, 252, 252))
    d = ImageDraw.Draw(img)
    ink, blue = (25, 25, 35), (25, 60, 130)
    cls = rng.choice(SIM_CLASSES)
    until = valid_until(person, rng)
    name = _name_on(rng, person.name, 0.3)
    addr = _address_lines(person, rng, 0.5)
    t = sim_truth(person, rng, digits=14, name=name, address_lines=addr, gender=True, cls=cls, until=until)
    d.rectangle((0, 0, w, 110), fill=blue)
    d.text((40, 20), "SIM Digital", font=fonts.get(28, True), fill=(255, 255, 255))
    d.text((40, 62), "Surat Izin Mengemudi / Driving License", font=fonts.get(22), fill=(220, 230, 250))
    d.text((40, 140), "Golongan / Class", font=fonts.get(18), fill=blue)
    d.text((40, 166), cls, font=fonts.get(rng.randint(56, 70), True), fill=blue)
    d.text((300, 140), "Nomor SIM / Number", font=fonts.get(18), fill=blue)
    d.text((300, 170), sim_printed_number(t["sim_number"], rng), font=fonts.get(rng.randint(32, 36), True), fill=ink)
    lab = rng.randint(17, 19)
    rows: list[tuple[str, str | list[str]]] = [
        ("Nama / Name", name),
        ("Tempat, Tgl. Lahir / Place, Date of Birth", f"{person.me.birth_place}, {_dmy(person.me.birth_date)}"),
        ("Jenis Kelamin / Sex", GENDER_PRINTED[person.me.gender]),
        ("Alamat / Address", addr),
        ("Pekerjaan / Occupation", person.me.occupation),
        ("Berlaku s.d / Expiry", _dmy(until)),
    ]
    _rows(d, fonts, rows, x=40, colon=None, vx=40, y=270, size=rng.randint(24, 27), step=rng.randint(40, 48),
          vmax=w - 40, ink=ink, numbered=rng.random() < 0.5, label_size=lab, stacked=True)
    out = Rendered(DOC, img, t, dpi=200)
    out.meta["design"] = "new"
    return out
