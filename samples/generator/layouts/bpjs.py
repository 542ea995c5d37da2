"""BPJS Ketenagakerjaan card families: today's plastic card, the mobile-app digital card (light;
dark mode held out) and the old JAMSOSTEK 'Kartu Peserta' (name-first printing; the labelled
printing held out); training also draws the website's A4 printout (``ekpj_print``) and a card
of tight label rows beside a photo box (``side_rows``); a card of values with captions under
them is held out (``caption_under``)."""

from __future__ import annotations

import random

from PIL import Image, ImageDraw

from samples.generator.layouts.registry import STANDARD, register
from samples.generator.people import Person, add_months
from samples.generator.render import (
    Rendered,
    _dmy,
    _gradient,
    _guilloche,
    _name_on,
    _to_image,
    fit_font,
    pick_fonts,
    render_bpjs_card,
)

DOC = "bpjs_card"


def _kpj_printed(kpj: str, rng: random.Random) -> str:
    style = rng.randrange(3)
    if style == 0:
        return kpj
    if style == 1:
        return f"{kpj[:2]} {kpj[2:5]} {kpj[5:8]} {kpj[8:]}"
    return f"{kpj[:4]} {kpj[4:8]} {kpj[8:]}"


@register(DOC, STANDARD, "train", "today's plastic card: name above 'No. KPJ', or Nama/No. KPJ rows")
def standard(person: Person, rng: random.Random) -> Rendered:
    """The original card (``render.render_bpjs_card``)."""
    return render_bpjs_card(person, rng)


@register(DOC, "digital_app", "train",
          "screenshot of the mobile app's digital card: status bar, dark-green card, 'Nomor Peserta' above the name")
def digital_app(person: Person, rng: random.Random) -> Rendered:
    """A phone screenshot (portrait 720x1480) of the app's membership card."""
    w, h = 720, 1480
    fonts = pick_fonts(rng)
    img = Image.new("RGB", (w, h), (244, 246, 248))
    d = ImageDraw.Draw(img)
    d.rectangle((0, 0, w, 48), fill=(0, 110, 70))
    d.text((24, 10), f"{rng.randint(7, 21):02d}:{rng.randint(0, 59):02d}", font=fonts.get(24, True), fill=(255, 255, 255))
    d.text((w - 120, 10), f"{rng.randint(15, 99)}%", font=fonts.get(22), fill=(255, 255, 255))
    d.rectangle((0, 48, w, 140), fill=(0, 130, 80))
    d.text((30, 76), rng.choice(("Kartu Digital", "Kartu Peserta Digital", "Kartu Saya")), font=fonts.get(32, True), fill=(255, 255, 255))
    card = _gradient(w - 60, 420, (0, 120, 75), (0, 80, 120), horizontal=True)
    card = _guilloche(card, rng, (40, 160, 120), 0.25, waves=8)
    img.paste(_to_image(card), (30, 190))
    white = (255, 255, 255)
    d.text((60, 214), "BPJS Ketenagakerjaan", font=fonts.get(30, True), fill=white)
    name = _name_on(rng, person.name, 0.4)
    kpj = _kpj_printed(person.kpj, rng)
    lab = rng.choice(("Nomor Peserta", "No. KPJ", "Nomor KPJ"))
    if rng.random() < 0.5:  # number above the name
        d.text((60, 320), lab, font=fonts.get(22), fill=(210, 235, 225))
        d.text((60, 352), kpj, font=fonts.get(40, True), fill=white)
        d.text((60, 430), "Nama", font=fonts.get(22), fill=(210, 235, 225))
        d.text((60, 462), name, font=fit_font(fonts, name, 32, w - 140, True), fill=white)
    else:
        d.text((60, 320), name, font=fit_font(fonts, name, 34, w - 140, True), fill=white)
        d.text((60, 400), lab, font=fonts.get(22), fill=(210, 235, 225))
        d.text((60, 432), kpj, font=fonts.get(40, True), fill=white)
    d.text((60, 540), f"Kepesertaan sejak {_dmy(person.member_since)}", font=fonts.get(20), fill=(220, 240, 230))
    y = 660
    for label, value in (("Status", "Aktif" if rng.random() < 0.5 else "Tidak Aktif"), ("Program", "JHT, JKK, JKM, JP"),
                         ("Perusahaan", person.employer)):
        d.text((40, y), label, font=fonts.get(22), fill=(110, 110, 120))
        d.text((40, y + 30), value, font=fit_font(fonts, value, 26, w - 80, True), fill=(30, 30, 40))
        y += 100
    d.rounded_rectangle((40, h - 200, w - 40, h - 120), radius=30, fill=(0, 130, 80))
    d.text((w / 2 - 110, h - 178), "Unduh Kartu", font=fonts.get(30, True), fill=white)
    return Rendered(DOC, img, {"kpj": person.kpj, "full_name": name}, dpi=200)


@register(DOC, "jamsostek_old", "heldout",
          "old JAMSOSTEK 'Kartu Peserta': orange-green card, 'No. Peserta' row above 'Nama', company and birth date rows")
def jamsostek_old(person: Person, rng: random.Random) -> Rendered:
    """Held out: the pre-2014 JAMSOSTEK card (1012x638)."""
    w, h = 1012, 638
    fonts = pick_fonts(rng)
    arr = _gradient(w, h, (255, 246, 226), (236, 246, 228))
    arr = _guilloche(arr, rng, (240, 190, 120), 0.22, waves=12)
    img = _to_image(arr)
    d = ImageDraw.Draw(img)
    orange, green, ink = (230, 120, 20), (20, 120, 60), (25, 25, 30)
    d.rectangle((0, 0, w, 110), fill=green)
    d.ellipse((24, 14, 104, 94), fill=orange)
    d.text((124, 16), "JAMSOSTEK", font=fonts.get(46, True), fill=(255, 255, 255))
    d.text((126, 70), "PT Jaminan Sosial Tenaga Kerja (Persero)", font=fonts.get(20), fill=(255, 255, 255))
    d.text((60, 132), "KARTU PESERTA", font=fonts.get(30, True), fill=orange)
    name = _name_on(rng, person.name, 0.3)
    kpj = _kpj_printed(person.kpj, rng)
    size = rng.randint(24, 27)
    colon = rng.choice((230, 260, 330))
    rows = [(rng.choice(("No. Peserta", "Nomor Peserta", "No. KPJ")), kpj), ("Nama", name),
            ("Tgl. Lahir", _dmy(person.me.birth_date)), ("Perusahaan", person.employer)]
    y = 210
    for label, value in rows:
        d.text((60, y), label, font=fonts.get(size), fill=ink)
        d.text((colon, y), ":", font=fonts.get(size), fill=ink)
        bold = label != "Perusahaan"
        d.text((colon + 20, y), value, font=fit_font(fonts, value, size + 2, w - colon - 80, bold), fill=ink)
        y += int(size * 2.1)
    d.rectangle((0, h - 56, w, h), fill=orange)
    d.text((60, h - 44), "Kartu ini harap dibawa setiap berurusan dengan JAMSOSTEK", font=fonts.get(19), fill=(255, 255, 255))
    return Rendered(DOC, img, {"kpj": person.kpj, "full_name": name}, dpi=300)


@register(DOC, "jamsostek_name_first", "train",
          "old JAMSOSTEK 'Kartu Peserta' printing: big name on top, 'No. KPJ' label over the number, no colons")
def jamsostek_name_first(person: Person, rng: random.Random) -> Rendered:
    """A pre-2014 JAMSOSTEK card (1012x638) with the name first and the KPJ stacked under its label."""
    w, h = 1012, 638
    fonts = pick_fonts(rng)
    arr = _gradient(w, h, (236, 246, 232), (255, 244, 224), horizontal=True)
    arr = _guilloche(arr, rng, (150, 200, 150), 0.2, waves=10)
    img = _to_image(arr)
    d = ImageDraw.Draw(img)
    green, orange, ink = (10, 110, 50), (235, 130, 30), (20, 20, 25)
    d.rectangle((0, 0, w, 96), fill=orange)
    d.text((40, 14), "JAMSOSTEK", font=fonts.get(48, True), fill=(255, 255, 255))
    d.text((w - 330, 34), "KARTU PESERTA", font=fonts.get(32, True), fill=(255, 255, 255))
    name = _name_on(rng, person.name, 0.3)
    d.text((60, 170), name, font=fit_font(fonts, name, 40, w - 120, True), fill=ink)
    d.text((60, 250), rng.choice(("No. KPJ", "Nomor KPJ", "No. Peserta")), font=fonts.get(24), fill=green)
    d.text((60, 284), _kpj_printed(person.kpj, rng), font=fonts.get(44, True), fill=ink)
    d.text((60, 380), person.employer, font=fit_font(fonts, person.employer, 24, w - 120), fill=ink)
    d.text((60, 420), f"Tgl. Kepesertaan {_dmy(person.member_since)}", font=fonts.get(22), fill=ink)
    d.rectangle((0, h - 60, w, h), fill=green)
    d.text((60, h - 46), "Jaminan Sosial Tenaga Kerja", font=fonts.get(22), fill=(255, 255, 255))
    return Rendered(DOC, img, {"kpj": person.kpj, "full_name": name}, dpi=300)


@register(DOC, "digital_dark", "heldout",
          "mobile-app screenshot in dark mode: tall phone, status bar, the KPJ beside a small label, name under it")
def digital_dark(person: Person, rng: random.Random) -> Rendered:
    """Held out: a dark-mode phone screenshot (portrait 750x1624) of the digital card."""
    w, h = 750, 1624
    fonts = pick_fonts(rng)
    img = Image.new("RGB", (w, h), (18, 20, 24))
    d = ImageDraw.Draw(img)
    white, grey = (240, 240, 240), (150, 155, 165)
    d.text((30, 14), f"{rng.randint(7, 21):02d}.{rng.randint(0, 59):02d}", font=fonts.get(24, True), fill=white)
    d.text((w - 110, 14), f"{rng.randint(15, 99)}%", font=fonts.get(22), fill=white)
    d.text((30, 90), rng.choice(("Kartu Kepesertaan", "Kartu Digital BPJSTK")), font=fonts.get(34, True), fill=white)
    card = _gradient(w - 60, 460, (0, 90, 60), (0, 60, 100), horizontal=True)
    img.paste(_to_image(card), (30, 170))
    d.text((60, 196), "BPJS Ketenagakerjaan", font=fonts.get(28, True), fill=white)
    name = _name_on(rng, person.name, 0.4)
    kpj = _kpj_printed(person.kpj, rng)
    d.text((60, 300), rng.choice(("KPJ", "No. KPJ")), font=fonts.get(22), fill=(200, 230, 215))
    d.text((190, 290), kpj, font=fonts.get(38, True), fill=white)
    d.text((60, 380), "Nama Peserta", font=fonts.get(22), fill=(200, 230, 215))
    d.text((60, 414), name, font=fit_font(fonts, name, 32, w - 140, True), fill=white)
    d.text((60, 560), f"Aktif sejak {_dmy(person.member_since)}", font=fonts.get(20), fill=(200, 230, 215))
    y = 700
    for label, value in (("Perusahaan", person.employer), ("Program", "JHT, JKK, JKM")):
        d.text((40, y), label, font=fonts.get(22), fill=grey)
        d.text((40, y + 32), value, font=fit_font(fonts, value, 26, w - 80, True), fill=white)
        y += 110
    return Rendered(DOC, img, {"kpj": person.kpj, "full_name": name}, dpi=200)


@register(DOC, "ekpj_print", "train",
          "the membership card printed from the website on A4: a header, a bordered table of labelled rows "
          "(KPJ, name, NIK, birth date, employer, programmes) and a footnote")
def ekpj_print(person: Person, rng: random.Random) -> Rendered:
    """An A4 portrait printout (1240x1754, 150 dpi) of the e-KPJ 'Kartu Peserta' page.

    The table holds two other long numbers (the NIK, the employer's registration number) beside
    the KPJ, and the rows come in a drawn order, so a reader must go by the label, not the place.
    """
    w, h = 1240, 1754
    fonts = pick_fonts(rng)
    img = Image.new("RGB", (w, h), (255, 255, 255))
    d = ImageDraw.Draw(img)
    ink, grey, green = (25, 25, 30), (90, 90, 100), (0, 120, 70)
    d.rectangle((80, 80, 150, 150), fill=green)
    d.text((170, 86), "BPJS Ketenagakerjaan", font=fonts.get(40, True), fill=green)
    d.text((170, 136), rng.choice(("Bukti Kepesertaan", "Kartu Peserta Elektronik", "e-KPJ")), font=fonts.get(24), fill=grey)
    title = rng.choice(("KARTU PESERTA", "INFORMASI KEPESERTAAN", "DATA PESERTA"))
    d.text((w / 2 - fonts.get(36, True).getlength(title) / 2, 260), title, font=fonts.get(36, True), fill=ink)
    name = _name_on(rng, person.name, 0.3)
    kpj = _kpj_printed(person.kpj, rng)
    npp = f"{rng.randint(10, 99)}{rng.randint(100000, 999999)}"
    rows = [
        (rng.choice(("Nomor Peserta (KPJ)", "No. KPJ", "Nomor Kartu")), kpj),
        (rng.choice(("Nama Peserta", "Nama Lengkap", "Nama")), name),
        (rng.choice(("NIK", "Nomor Identitas (NIK)", "No. KTP")), person.me.nik),
        ("Tanggal Lahir", _dmy(person.me.birth_date)),
        (rng.choice(("Nama Perusahaan", "Pemberi Kerja")), person.employer),
        (rng.choice(("NPP", "Nomor Pendaftaran Perusahaan")), npp),
        ("Tanggal Kepesertaan", _dmy(person.member_since)),
        ("Program", rng.choice(("JHT, JKK, JKM", "JHT, JKK, JKM, JP"))),
    ]
    if rng.random() < 0.5:  # the name row first on some printings
        rows[0], rows[1] = rows[1], rows[0]
    x0, x1, x2, y = 100, 520, w - 100, 360
    colon = rng.random() < 0.5
    for label, value in rows:
        d.rectangle((x0, y, x2, y + 70), outline=(150, 150, 160), width=2)
        d.line((x1, y, x1, y + 70), fill=(150, 150, 160), width=2)
        d.text((x0 + 20, y + 20), label, font=fonts.get(26), fill=grey)
        text = f": {value}" if colon else value
        d.text((x1 + 20, y + 18), text, font=fit_font(fonts, text, 28, x2 - x1 - 40, True), fill=ink)
        y += 70
    d.text((x0, y + 60), "Dokumen ini dicetak dari layanan daring dan sah tanpa tanda tangan.", font=fonts.get(22), fill=grey)
    d.text((x0, y + 100), f"Dicetak pada {_dmy(add_months(person.member_since, 12 * (min(person.member_since.year + 3, 2026) - person.member_since.year)))}",
           font=fonts.get(22), fill=grey)
    return Rendered(DOC, img, {"kpj": person.kpj, "full_name": name}, dpi=150)


@register(DOC, "side_rows", "train",
          "a landscape card with a photo box on the right and tight label-colon-value rows on the left "
          "(Nama, Tgl. Lahir, No. Peserta, Berlaku), the number row in large print")
def side_rows(person: Person, rng: random.Random) -> Rendered:
    """A 1012x638 plastic card: blue header band, rows of ``Label : value`` beside a photo box."""
    w, h = 1012, 638
    fonts = pick_fonts(rng)
    arr = _gradient(w, h, (232, 240, 250), (250, 252, 255))
    arr = _guilloche(arr, rng, (170, 190, 220), 0.18, waves=9)
    img = _to_image(arr)
    d = ImageDraw.Draw(img)
    blue, ink = (20, 70, 150), (20, 20, 30)
    d.rectangle((0, 0, w, 110), fill=blue)
    d.text((36, 20), "BPJS", font=fonts.get(44, True), fill=(255, 255, 255))
    d.text((36, 70), "Ketenagakerjaan", font=fonts.get(24), fill=(255, 255, 255))
    d.text((w - 360, 40), rng.choice(("KARTU PESERTA", "KARTU ANGGOTA")), font=fonts.get(30, True), fill=(255, 255, 255))
    d.rectangle((w - 250, 150, w - 50, 400), fill=(205, 215, 230), outline=(120, 130, 150), width=2)
    name = _name_on(rng, person.name, 0.3)
    kpj = _kpj_printed(person.kpj, rng)
    size = rng.choice((24, 26, 28))
    rows = [("Nama", name, size), ("Tgl. Lahir", _dmy(person.me.birth_date), size),
            (rng.choice(("No. Peserta", "No. KPJ", "KPJ")), kpj, size + 10),
            ("Berlaku", rng.choice(("Selama menjadi peserta", "Seumur hidup")), size)]
    label_w = max(fonts.get(size).getlength(r[0]) for r in rows) + rng.randint(8, 60)
    y = 150
    for label, value, s in rows:
        d.text((40, y + (s - size)), label, font=fonts.get(size), fill=ink)
        d.text((40 + label_w, y + (s - size)), ":", font=fonts.get(size), fill=ink)
        d.text((40 + label_w + 20, y), value, font=fit_font(fonts, value, s, w - 330 - label_w, True), fill=ink)
        y += s + rng.randint(22, 40)
    d.text((40, h - 70), person.employer, font=fit_font(fonts, person.employer, 22, w - 100), fill=(70, 70, 90))
    return Rendered(DOC, img, {"kpj": person.kpj, "full_name": name}, dpi=300)


@register(DOC, "caption_under", "heldout",
          "a card whose values are printed large with small captions under them (value first, caption "
          "second), the number top right, bilingual captions")
def caption_under(person: Person, rng: random.Random) -> Rendered:
    """A 1012x638 card: each value in bold, its small bilingual caption on the line under it."""
    w, h = 1012, 638
    fonts = pick_fonts(rng)
    arr = _gradient(w, h, (245, 250, 245), (225, 240, 232), horizontal=True)
    img = _to_image(_guilloche(arr, rng, (180, 215, 195), 0.15, waves=7))
    d = ImageDraw.Draw(img)
    green, ink, grey = (0, 125, 75), (15, 20, 25), (95, 105, 100)
    d.rectangle((0, h - 90, w, h), fill=green)
    d.text((40, h - 70), "BPJS Ketenagakerjaan", font=fonts.get(34, True), fill=(255, 255, 255))
    kpj = _kpj_printed(person.kpj, rng)
    f_num = fonts.get(36, True)
    d.text((w - 50 - f_num.getlength(kpj), 60), kpj, font=f_num, fill=ink)
    cap = rng.choice(("Nomor Peserta / Membership No.", "No. Peserta / Member No."))
    d.text((w - 50 - fonts.get(18).getlength(cap), 106), cap, font=fonts.get(18), fill=grey)
    name = _name_on(rng, person.name, 0.3)
    d.text((50, 250), name, font=fit_font(fonts, name, 38, w - 100, True), fill=ink)
    d.text((50, 300), rng.choice(("Nama Peserta / Participant Name", "Nama / Name")), font=fonts.get(18), fill=grey)
    d.text((50, 370), _dmy(person.member_since), font=fonts.get(26, True), fill=ink)
    d.text((50, 404), "Terdaftar Sejak / Member Since", font=fonts.get(18), fill=grey)
    d.text((420, 370), person.employer, font=fit_font(fonts, person.employer, 26, w - 470, True), fill=ink)
    d.text((420, 404), "Pemberi Kerja / Employer", font=fonts.get(18), fill=grey)
    return Rendered(DOC, img, {"kpj": person.kpj, "full_name": name}, dpi=300)
