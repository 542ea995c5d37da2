"""Passbook families: several page designs over many banks; names with or without titles."""

from __future__ import annotations

import random

from PIL import Image, ImageDraw

from samples.generator.layouts.registry import STANDARD, register
from samples.generator.people import Member, Person
from samples.generator.render import (
    BANK_STYLES,
    Rendered,
    _dmy,
    _gradient,
    _guilloche,
    _name_on,
    _to_image,
    fit_font,
    format_account,
    pick_fonts,
    render_passbook,
    scribble,
    text_centered,
)

DOC = "passbook"

NAME_LABELS: tuple[str, ...] = ("Nama", "Nama Nasabah", "Pemilik Rekening", "Nama Pemilik")
NUMBER_LABELS: tuple[str, ...] = ("No. Rekening", "Nomor Rekening", "No. Rek", "No Rek.")


PRODUCT_TITLES: dict[str, tuple[str, ...]] = {
    "BRI": ("BUKU TABUNGAN SIMPEDES", "BRITAMA"), "BNI": ("TAPLUS",), "BCA": ("TAHAPAN",), "BTN": ("BATARA",),
}
"""Savings products printed on some banks' passbooks (a product belongs to one bank)."""


def _holder(person: Person, rng: random.Random, holder: Member | None, p_title: float) -> str:
    return holder.name.core if holder else _name_on(rng, person.name, p_title)


def _rendered(person: Person, img: Image.Image, name: str) -> Rendered:
    """The page with its truth (bank, number, the holder's name as printed)."""
    truth = {"bank": person.bank, "account_number": person.account_number, "account_holder": name}
    return Rendered(DOC, img, truth, dpi=200)


def _page(person: Person, rng: random.Random, w: int = 1200, h: int = 850):
    style = BANK_STYLES[person.bank]
    arr = _gradient(w, h, (250, 250, 246), (238, 240, 234))
    arr = _guilloche(arr, rng, tuple(min(255, c + 150) for c in style["color"]), 0.15, waves=6)
    img = _to_image(arr)
    return img, ImageDraw.Draw(img), style


@register(DOC, STANDARD, "train", "today's first page: colour band, labelled rows, colon column at 330 px")
def standard(person: Person, rng: random.Random, *, holder: Member | None = None) -> Rendered:
    """The original page (``render.render_passbook``)."""
    return render_passbook(person, rng, holder=holder)


@register(DOC, "boxed_table", "train", "identity box: a bordered two-column table of labels and values")
def boxed_table(person: Person, rng: random.Random, *, holder: Member | None = None) -> Rendered:
    """Labels and values in the cells of a ruled table."""
    w, h = 1200, 850
    fonts = pick_fonts(rng)
    mono = pick_fonts(rng, mono=rng.random() < 0.5)
    img, d, style = _page(person, rng, w, h)
    d.rectangle((0, 0, w, 110), fill=style["color"])
    d.text((40, 22), style["label"], font=fonts.get(56, True), fill=(255, 255, 255))
    d.text((40, 130), style["long"], font=fit_font(fonts, style["long"], 22, w - 80), fill=style["color"])
    name = _holder(person, rng, holder, 0.4)
    grouped = rng.random() < 0.5
    rows = [
        (rng.choice(NUMBER_LABELS), format_account(person.bank, person.account_number, grouped)),
        (rng.choice(NAME_LABELS), name),
        ("Cabang", person.branch),
        ("Tanggal Buka", _dmy(person.account_opened)),
    ]
    if rng.random() < 0.5:
        rows[0], rows[1] = rows[1], rows[0]
    x0, x1, x2 = 60, 60 + rng.randint(260, 330), w - 60
    y, rh = 200, rng.randint(66, 80)
    ink = (25, 25, 30)
    size = rng.randint(25, 29)
    for lab, val in rows:
        d.rectangle((x0, y, x2, y + rh), outline=style["color"], width=2)
        d.line((x1, y, x1, y + rh), fill=style["color"], width=2)
        d.text((x0 + 16, y + (rh - size) / 2), lab, font=fonts.get(size), fill=ink)
        d.text((x1 + 18, y + (rh - size) / 2), val, font=fit_font(mono, val, size, x2 - x1 - 40), fill=ink)
        y += rh
    scribble(d, rng, (w - 360, h - 170, w - 120, h - 80))
    return _rendered(person, img, name)


@register(DOC, "wide_rows", "train",
          "labels far left, colon column far right ('Pemilik Rekening ........ :'), the holder's name with titles")
def wide_rows(person: Person, rng: random.Random, *, holder: Member | None = None) -> Rendered:
    """Very wide label/colon spacing; the holder printed with academic/religious titles."""
    w, h = 1200, 850
    fonts = pick_fonts(rng)
    img, d, style = _page(person, rng, w, h)
    d.rectangle((0, h - 120, w, h), fill=style["color"])
    d.text((w - 60 - fonts.get(52, True).getlength(style["label"]), h - 100), style["label"], font=fonts.get(52, True), fill=(255, 255, 255))
    d.text((60, 60), rng.choice(("BUKU TABUNGAN", "TABUNGANKU", *PRODUCT_TITLES.get(person.bank, ()))), font=fonts.get(36, True), fill=style["color"])
    name = _holder(person, rng, holder, 0.8)
    rows = [
        (rng.choice(NAME_LABELS), name),
        (rng.choice(NUMBER_LABELS), format_account(person.bank, person.account_number, rng.random() < 0.5)),
        ("Alamat", f"{person.address} {person.region.city}"),
        ("Kantor", person.branch),
    ]
    ink = (25, 25, 30)
    size = rng.randint(24, 28)
    colon = rng.randint(420, 520)
    y = 170
    for lab, val in rows:
        d.text((60, y), lab, font=fonts.get(size), fill=ink)
        d.text((colon, y), ":", font=fonts.get(size), fill=ink)
        d.text((colon + 22, y), val, font=fit_font(fonts, val, size, w - colon - 80, lab in NUMBER_LABELS), fill=ink)
        y += int(size * 2.2)
    return _rendered(person, img, name)


@register(DOC, "line_printer", "heldout",
          "passbook-printer output on a ruled page: fixed-pitch upper-case 'NO.REK' then 'NAMA' under it, no colon column")
def line_printer(person: Person, rng: random.Random, *, holder: Member | None = None) -> Rendered:
    """Held out: dot-matrix style print on a pre-ruled page."""
    w, h = 1200, 850
    fonts = pick_fonts(rng)
    mono = pick_fonts(rng, mono=True)
    img, d, style = _page(person, rng, w, h)
    for yy in range(120, h - 40, 44):
        d.line((40, yy, w - 40, yy), fill=(205, 215, 225), width=1)
    d.text((40, 30), style["label"], font=fonts.get(40, True), fill=style["color"])
    name = _holder(person, rng, holder, 0.3).upper()
    acct = format_account(person.bank, person.account_number, rng.random() < 0.3)
    size = rng.randint(24, 27)
    ink = (45, 45, 60)
    x = 70 + rng.randint(-10, 30)
    lines = [f"NO.REK  {acct}", f"NAMA    {name}", f"CABANG  {person.branch.upper()}", f"TGL     {_dmy(person.account_opened)}"]
    if rng.random() < 0.5:
        lines = [f"{acct}   {person.bank}", name, person.branch.upper()]
    y = 130
    for line in lines:
        d.text((x, y + rng.uniform(-2, 2)), line, font=fit_font(mono, line, size, w - 2 * x), fill=ink)
        y += 44
    return _rendered(person, img, name)


@register(DOC, "cover_band", "heldout",
          "inside cover with a vertical colour band on the left, the number large on top and the holder's name below without a label")
def cover_band(person: Person, rng: random.Random, *, holder: Member | None = None) -> Rendered:
    """Held out: an unlabelled name under a large account number."""
    w, h = 1200, 850
    fonts = pick_fonts(rng)
    img, d, style = _page(person, rng, w, h)
    d.rectangle((0, 0, 200, h), fill=style["color"])
    d.rectangle((200, 0, 212, h), fill=style["accent"])
    d.text((30, 40), style["label"][:10], font=fit_font(fonts, style["label"][:10], 44, 150, True), fill=(255, 255, 255))
    name = _holder(person, rng, holder, 0.5)
    acct = format_account(person.bank, person.account_number, rng.random() < 0.6)
    ink = (25, 25, 30)
    d.text((260, 120), rng.choice(("Nomor Rekening", "No. Rekening", "Rekening")), font=fonts.get(24), fill=(90, 90, 100))
    d.text((260, 156), acct, font=fit_font(fonts, acct, 52, w - 320, True), fill=ink)
    d.text((260, 250), name, font=fit_font(fonts, name, 40, w - 320, True), fill=ink)
    d.text((260, 320), f"{person.branch}", font=fit_font(fonts, person.branch, 24, w - 320), fill=(90, 90, 100))
    d.text((260, 360), style["long"], font=fit_font(fonts, style["long"], 20, w - 320), fill=(90, 90, 100))
    d.rectangle((w - 330, h - 200, w - 60, h - 60), outline=style["color"], width=3)
    text_centered(d, w - 195, h - 190, "Spesimen tanda tangan", fonts.get(18), style["color"])
    scribble(d, rng, (w - 300, h - 160, w - 90, h - 80))
    return _rendered(person, img, name)


def _amount(rng: random.Random) -> str:
    """A rupiah amount as passbooks print it ("1.250.000,00")."""
    return f"{rng.randint(10, 9_000) * 1000:,}".replace(",", ".") + ",00"


@register(DOC, "statement_header", "train",
          "e-statement (rekening koran) header: two key/value blocks side by side (holder and address left, "
          "account number, period and currency right), then a transaction table with amounts")
def statement_header(person: Person, rng: random.Random, *, holder: Member | None = None) -> Rendered:
    """A printed account statement's first page: the pairs share rows with other pairs."""
    w, h = 1240, 1000
    fonts = pick_fonts(rng)
    img, d, style = _page(person, rng, w, h)
    ink, grey = (25, 25, 30), (95, 95, 105)
    d.text((50, 36), style["label"], font=fonts.get(44, True), fill=style["color"])
    title = rng.choice(("REKENING KORAN", "LAPORAN REKENING", "E-STATEMENT", "MUTASI REKENING"))
    d.text((w - 50 - fonts.get(30, True).getlength(title), 46), title, font=fonts.get(30, True), fill=ink)
    d.line((50, 110, w - 50, 110), fill=style["color"], width=3)
    name = _holder(person, rng, holder, 0.4).upper()
    acct = format_account(person.bank, person.account_number, rng.random() < 0.4)
    size = rng.randint(21, 25)
    opened = person.account_opened
    left = [(rng.choice(("Nama", "Nama Nasabah", "Kepada Yth.")), name),
            ("Alamat", person.address), ("", person.region.city.upper())]
    right = [(rng.choice(("No. Rekening", "Nomor Rekening", "Rekening")), acct),
             ("Periode", f"01/{opened.month:02d}/2026 - 28/{opened.month:02d}/2026"),
             ("Mata Uang", "IDR"), ("Cabang", person.branch)]
    lx, rx = 50, rng.randint(640, 700)
    lcol, rcol = lx + rng.randint(140, 190), rx + rng.randint(170, 210)
    y0 = 140
    for i, (lab, val) in enumerate(left):
        y = y0 + i * int(size * 1.9)
        if lab:
            d.text((lx, y), lab, font=fonts.get(size), fill=grey)
            d.text((lcol - 16, y), ":", font=fonts.get(size), fill=grey)
        d.text((lcol, y), val, font=fit_font(fonts, val, size, rx - lcol - 30, lab != "Alamat"), fill=ink)
    for i, (lab, val) in enumerate(right):
        y = y0 + i * int(size * 1.9)
        d.text((rx, y), lab, font=fonts.get(size), fill=grey)
        d.text((rcol - 16, y), ":", font=fonts.get(size), fill=grey)
        d.text((rcol, y), val, font=fit_font(fonts, val, size, w - rcol - 50), fill=ink)
    ty = y0 + 5 * int(size * 1.9)
    d.rectangle((50, ty, w - 50, ty + 44), fill=style["color"])
    cols = (60, 230, 640, 860, 1050)
    for x, lab in zip(cols, ("TANGGAL", "KETERANGAN", "DEBET", "KREDIT", "SALDO"), strict=True):
        d.text((x, ty + 10), lab, font=fonts.get(20, True), fill=(255, 255, 255))
    y = ty + 60
    for k in range(rng.randint(3, 6)):
        row = (f"{k + 1:02d}/{opened.month:02d}", rng.choice(("SETORAN TUNAI", "TRANSFER MASUK", "BIAYA ADM", "BUNGA")),
               "" if k % 2 else _amount(rng), _amount(rng) if k % 2 else "", _amount(rng))
        for x, val in zip(cols, row, strict=True):
            d.text((x, y), val, font=fonts.get(19), fill=ink)
        y += 36
    return _rendered(person, img, name)


@register(DOC, "app_account", "train",
          "mobile-banking screenshot of the account details: small grey labels above bold values, a copy button "
          "beside the number, a masked balance")
def app_account(person: Person, rng: random.Random, *, holder: Member | None = None) -> Rendered:
    """A phone screenshot (portrait 720x1480) of the bank app's account-detail screen."""
    w, h = 720, 1480
    fonts = pick_fonts(rng)
    img, d, style = _page(person, rng, w, h)
    white, grey, ink = (255, 255, 255), (120, 120, 130), (25, 25, 35)
    d.rectangle((0, 0, w, 48), fill=style["color"])
    d.text((24, 10), f"{rng.randint(7, 21):02d}:{rng.randint(0, 59):02d}", font=fonts.get(24, True), fill=white)
    d.rectangle((0, 48, w, 150), fill=style["color"])
    d.text((w - 40 - fonts.get(30, True).getlength(style["label"]), 82), style["label"], font=fonts.get(30, True), fill=white)
    d.text((30, 78), rng.choice(("Detail Rekening", "Rekening Saya", "Info Rekening")), font=fonts.get(34, True), fill=white)
    name = _holder(person, rng, holder, 0.2)
    name = name.upper() if rng.random() < 0.6 else name.title()
    acct = format_account(person.bank, person.account_number, rng.random() < 0.5)
    rows = [(rng.choice(("Nomor Rekening", "No. Rekening", "Rekening")), acct, True),
            (rng.choice(("Nama Pemilik", "Nama Pemilik Rekening", "Nama")), name, False),
            ("Jenis Rekening", rng.choice(("Tabungan", "Tabungan Reguler", "Tabungan Payroll")), False),
            ("Saldo", "Rp ••••••", False), ("Cabang", person.branch, False)]
    if rng.random() < 0.5:
        rows[0], rows[1] = rows[1], rows[0]
    y = 200
    for lab, val, copy in rows:
        d.text((40, y), lab, font=fonts.get(22), fill=grey)
        d.text((40, y + 32), val, font=fit_font(fonts, val, 32, w - (200 if copy else 80), True), fill=ink)
        if copy:
            d.rounded_rectangle((w - 150, y + 26, w - 40, y + 74), radius=20, outline=style["color"], width=2)
            text_centered(d, w - 95, y + 36, "Salin", fonts.get(22, True), style["color"])
        d.line((40, y + 96, w - 40, y + 96), fill=(220, 220, 226), width=2)
        y += 120
    d.rounded_rectangle((40, h - 200, w - 40, h - 120), radius=30, fill=style["color"])
    text_centered(d, w / 2, h - 178, "Bagikan", fonts.get(30, True), white)
    return _rendered(person, img, name)


@register(DOC, "bilingual_header", "heldout",
          "bilingual column headers ('NO. REKENING / ACCOUNT NO.', 'NAMA / NAME') across the page with the values under them")
def bilingual_header(person: Person, rng: random.Random, *, holder: Member | None = None) -> Rendered:
    """Held out: a header row of bilingual labels, values in the row below."""
    w, h = 1200, 850
    fonts = pick_fonts(rng)
    img, d, style = _page(person, rng, w, h)
    ink = (25, 25, 30)
    d.rectangle((0, 0, w, 96), fill=style["color"])
    d.text((40, 20), style["label"], font=fonts.get(48, True), fill=(255, 255, 255))
    name = _holder(person, rng, holder, 0.4).upper()
    acct = format_account(person.bank, person.account_number, rng.random() < 0.5)
    cols = [("NO. REKENING / ACCOUNT NO.", acct), ("NAMA / NAME", name), ("CABANG / BRANCH", person.branch.upper())]
    if rng.random() < 0.5:
        cols[0], cols[1] = cols[1], cols[0]
    xs = (50, 430, 860)
    y = rng.randint(170, 230)
    for (lab, val), x in zip(cols, xs, strict=True):
        d.text((x, y), lab, font=fonts.get(18, True), fill=style["color"])
        d.text((x, y + 40), val, font=fit_font(fonts, val, 26, 360 if x < 860 else w - x - 40), fill=ink)
    d.line((40, y + 90, w - 40, y + 90), fill=style["color"], width=2)
    scribble(d, rng, (w - 360, h - 170, w - 120, h - 80))
    return _rendered(person, img, name)


@register(DOC, "brand_panel", "train",
          "the holder's name and number printed in white on a large brand-colour panel (small caps labels above "
          "them), branch and opening date in dark ink under the panel")
def brand_panel(person: Person, rng: random.Random, *, holder: Member | None = None) -> Rendered:
    """Light print on a dark panel: the first page of a branded savings book (or its cover sticker)."""
    w, h = 1200, 850
    fonts = pick_fonts(rng)
    img, d, style = _page(person, rng, w, h)
    white, ink = (255, 255, 255), (25, 25, 30)
    panel_h = rng.randint(430, 520)
    top = tuple(min(255, int(c * 1.15) + 10) for c in style["color"])
    for yy in range(panel_h):  # a vertical brand gradient
        t = yy / panel_h
        d.line((0, yy, w, yy), fill=tuple(int(a * (1 - t) + b * t) for a, b in zip(top, style["color"], strict=True)))
    d.rectangle((0, panel_h, w, panel_h + 10), fill=style["accent"])
    d.text((50, 36), style["label"], font=fonts.get(58, True), fill=white)
    product = rng.choice(("TABUNGAN", "BUKU TABUNGAN", *PRODUCT_TITLES.get(person.bank, ())))
    d.text((w - 50 - fonts.get(30, True).getlength(product), 56), product, font=fonts.get(30, True), fill=white)
    name = _holder(person, rng, holder, 0.3).upper()
    acct = format_account(person.bank, person.account_number, rng.random() < 0.5)
    pairs = [(rng.choice(("NAMA NASABAH", "NAMA", "PEMILIK REKENING")), name),
             (rng.choice(("NOMOR REKENING", "NO. REKENING", "REKENING")), acct)]
    if rng.random() < 0.4:
        pairs.reverse()
    y = 170 + rng.randint(0, 30)
    for lab, val in pairs:
        d.text((60, y), lab, font=fonts.get(22), fill=(215, 225, 235))
        d.text((60, y + 34), val, font=fit_font(fonts, val, rng.randint(38, 46), w - 140, True), fill=white)
        y += 120
    rows = [("Cabang", person.branch), ("Tanggal Pembukaan", _dmy(person.account_opened))]
    y = panel_h + 50
    size = rng.randint(24, 28)
    for lab, val in rows:
        d.text((60, y), lab, font=fonts.get(size), fill=ink)
        d.text((340, y), f": {val}", font=fit_font(fonts, f": {val}", size, w - 420), fill=ink)
        y += int(size * 2)
    scribble(d, rng, (w - 360, h - 170, w - 120, h - 80))
    return _rendered(person, img, name)


@register(DOC, "spread_cif", "train",
          "the open passbook photographed as a two-page spread: terms and a branch stamp on the left page, the "
          "identity rows on the right among other numbers (No. CIF, the holder's NIK, a branch code, a phone)")
def spread_cif(person: Person, rng: random.Random, *, holder: Member | None = None) -> Rendered:
    """Account number among other digit rows; half the image is another page's small print."""
    w, h = 1600, 900
    fonts = pick_fonts(rng)
    img, d, style = _page(person, rng, w, h)
    ink = (25, 25, 30)
    mid = w // 2 + rng.randint(-30, 30)
    d.line((mid, 0, mid, h), fill=(160, 160, 150), width=3)  # the fold
    # left page: the bank's name and its terms in small print, a round branch stamp
    d.text((50, 40), style["long"], font=fit_font(fonts, style["long"], 22, mid - 100, True), fill=style["color"])
    terms = ("Ketentuan umum: buku tabungan ini adalah bukti kepemilikan rekening dan harus disimpan dengan baik. "
             "Setiap perubahan data wajib diberitahukan kepada bank. Kehilangan buku tabungan harus segera "
             "dilaporkan ke kantor cabang terdekat dengan membawa identitas diri yang masih berlaku.").split()
    y, line = 100, ""
    small = fonts.get(rng.randint(15, 17))
    for word in terms:
        if small.getlength(f"{line} {word}") > mid - 110:
            d.text((50, y), line.strip(), font=small, fill=(70, 70, 75))
            y, line = y + 26, ""
        line = f"{line} {word}"
    d.text((50, y), line.strip(), font=small, fill=(70, 70, 75))
    cx, cy = rng.randint(150, mid - 200), rng.randint(y + 120, h - 160)
    d.ellipse((cx - 90, cy - 90, cx + 90, cy + 90), outline=(90, 60, 160), width=4)
    text_centered(d, cx, cy - 12, f"KC {person.branch}"[:18], fonts.get(18, True), (90, 60, 160))
    # right page: the identity rows
    x0 = mid + 50
    d.rectangle((mid + 3, 0, w, 90), fill=style["color"])
    d.text((x0, 20), style["label"], font=fonts.get(46, True), fill=(255, 255, 255))
    name = _holder(person, rng, holder, 0.4)
    grouped = rng.random() < 0.5
    rows = [
        ("No. CIF", f"{rng.randint(10**8, 10**10 - 1)}"),
        (rng.choice(NUMBER_LABELS), format_account(person.bank, person.account_number, grouped)),
        (rng.choice(NAME_LABELS), name),
        (rng.choice(("NIK", "No. KTP", "No. Identitas")), person.me.nik),
        ("Kode Cabang", f"{rng.randint(100, 9999):04d}"),
        ("No. Telepon", f"08{rng.randint(10**8, 10**10 - 1)}"),
    ]
    rng.shuffle(rows[2:])
    if rng.random() < 0.5:
        rows[0], rows[1] = rows[1], rows[0]
    size = rng.randint(22, 26)
    col = x0 + rng.choice((190, 230, 260))
    y = 130
    for lab, val in rows:
        d.text((x0, y), lab, font=fonts.get(size), fill=ink)
        d.text((col, y), ":", font=fonts.get(size), fill=ink)
        d.text((col + 18, y), val, font=fit_font(fonts, val, size, w - col - 50), fill=ink)
        y += int(size * 2.1)
    scribble(d, rng, (w - 330, h - 150, w - 90, h - 70))
    return _rendered(person, img, name)


@register(DOC, "atas_nama", "heldout",
          "the holder first, large and bold after 'a.n.' (atas nama), then 'Rek. No.' with the number in "
          "space-separated blocks, the product and opening date in a tinted footer strip")
def atas_nama(person: Person, rng: random.Random, *, holder: Member | None = None) -> Rendered:
    """Held out: name before number, an 'a.n.' prefix, spaced digit blocks."""
    w, h = 1200, 850
    fonts = pick_fonts(rng)
    img, d, style = _page(person, rng, w, h)
    ink = (20, 20, 28)
    d.text((60, 40), style["label"], font=fonts.get(44, True), fill=style["color"])
    d.text((60, 100), style["long"], font=fit_font(fonts, style["long"], 18, w - 120), fill=(90, 90, 95))
    name = _holder(person, rng, holder, 0.3)
    y = rng.randint(230, 300)
    d.text((60, y), "a.n.", font=fonts.get(26), fill=ink)
    d.text((130, y - 6), name, font=fit_font(fonts, name, 36, w - 200, True), fill=ink)
    digits = person.account_number
    blocks = " ".join(digits[i:i + 4] for i in range(0, len(digits), 4)) if rng.random() < 0.6 else digits
    d.text((60, y + 80), "Rek. No.", font=fonts.get(26), fill=ink)
    d.text((200, y + 74), blocks, font=fit_font(fonts, blocks, 34, w - 260), fill=ink)
    fy = h - 150
    d.rectangle((0, fy, w, fy + 80), fill=tuple(min(255, c + 170) for c in style["color"]))
    product = rng.choice(PRODUCT_TITLES.get(person.bank, ("TABUNGAN",)))
    d.text((60, fy + 24), f"{product}   |   Dibuka {_dmy(person.account_opened)}   |   {person.branch}",
           font=fit_font(fonts, f"{product}   |   Dibuka {_dmy(person.account_opened)}   |   {person.branch}", 22, w - 120),
           fill=ink)
    return _rendered(person, img, name)


@register(DOC, "slip_captions", "train",
          "a printed account-confirmation slip (Bukti Pembukaan Rekening): each value typed on a ruled line with "
          "its small caption under the line, sometimes in brackets; two fields share a row on some slips")
def slip_captions(person: Person, rng: random.Random, *, holder: Member | None = None) -> Rendered:
    """Values above their captions, as on a filled-in form: the label is under what it names."""
    w, h = 1240, 880
    fonts = pick_fonts(rng)
    img, d, style = _page(person, rng, w, h)
    ink, grey = (22, 22, 30), (95, 95, 105)
    d.text((50, 36), style["label"], font=fonts.get(40, True), fill=style["color"])
    title = rng.choice(("BUKTI PEMBUKAAN REKENING", "KONFIRMASI DATA REKENING", "DATA REKENING NASABAH"))
    d.text((50, 104), title, font=fonts.get(26, True), fill=ink)
    name = _holder(person, rng, holder, 0.3)
    name = name.upper() if rng.random() < 0.7 else name.title()
    acct = format_account(person.bank, person.account_number, rng.random() < 0.5)
    bracket = rng.random() < 0.5

    def cap(text: str) -> str:
        return f"({text})" if bracket else text

    fields = [(cap(rng.choice(("Nama Pemilik Rekening", "Nama Nasabah", "Nama Sesuai Identitas"))), name),
              (cap(rng.choice(("Nomor Rekening", "No. Rekening"))), acct),
              (cap(rng.choice(("Kantor Cabang", "Cabang"))), person.branch),
              (cap("Tanggal Pembukaan"), _dmy(person.account_opened))]
    if rng.random() < 0.5:
        fields[0], fields[1] = fields[1], fields[0]
    paired = rng.random() < 0.4  # branch and date side by side on the last row
    size = rng.randint(26, 32)
    cap_size = rng.randint(16, 19)
    gap = rng.randint(6, 12)
    y = rng.randint(190, 230)
    rows: list[list[tuple[str, str]]] = [[fields[0]], [fields[1]]]
    rows += [[fields[2], fields[3]]] if paired else [[fields[2]], [fields[3]]]
    for row in rows:
        col_w = (w - 100) // len(row)
        for k, (lab, val) in enumerate(row):
            x = 50 + k * col_w
            d.text((x + 6, y), val, font=fit_font(fonts, val, size, col_w - 40, True), fill=ink)
            ly = y + size + gap
            d.line((x, ly, x + col_w - 40, ly), fill=grey, width=2)
            d.text((x + 6, ly + 6), lab, font=fonts.get(cap_size), fill=grey)
        y += size + gap + cap_size + rng.randint(48, 70)
    scribble(d, rng, (w - 360, h - 160, w - 120, h - 70))
    return _rendered(person, img, name)


@register(DOC, "printer_offset", "train",
          "a pre-printed first page (labels and colons in the bank's colour) filled in by a passbook printer whose "
          "paper sat a little off: each value a fraction of a line lower and to the side of its colon, some "
          "slanting across the ruling")
def printer_offset(person: Person, rng: random.Random, *, holder: Member | None = None) -> Rendered:
    """Values printed out of register with their pre-printed labels."""
    w, h = 1200, 850
    fonts = pick_fonts(rng)
    mono = pick_fonts(rng, mono=True)
    img, d, style = _page(person, rng, w, h)
    d.text((60, 40), style["label"], font=fonts.get(44, True), fill=style["color"])
    d.text((60, 100), rng.choice(("BUKU TABUNGAN", "TABUNGAN", *PRODUCT_TITLES.get(person.bank, ()))),
           font=fonts.get(26, True), fill=style["color"])
    name = _holder(person, rng, holder, 0.3).upper()
    acct = format_account(person.bank, person.account_number, rng.random() < 0.5)
    rows = [(rng.choice(NAME_LABELS), name), (rng.choice(NUMBER_LABELS), acct),
            (rng.choice(("Cabang", "Kantor Cabang")), person.branch.upper()),
            (rng.choice(("Tanggal Buka", "Tgl. Buka")), _dmy(person.account_opened))]
    if rng.random() < 0.5:
        rows[0], rows[1] = rows[1], rows[0]
    size = rng.randint(22, 26)
    pitch = int(size * rng.uniform(2.3, 2.8))
    colon = rng.randint(260, 330)
    dy = size * rng.uniform(0.25, 0.6)  # the printer's vertical offset (same for the whole page)
    dx = rng.randint(-10, 60)
    ink = (30, 30, 40)
    y = rng.randint(180, 220)
    for lab, val in rows:
        d.line((60, y + size + 8, w - 80, y + size + 8), fill=tuple(min(255, c + 120) for c in style["color"]), width=1)
        d.text((60, y), lab, font=fonts.get(size), fill=style["color"])
        d.text((colon, y), ":", font=fonts.get(size), fill=style["color"])
        d.text((colon + 30 + dx, y + dy), val, font=fit_font(mono, val, size + 2, w - colon - 140), fill=ink)
        y += pitch
    return _rendered(person, img, name)


@register(DOC, "cover_sticker", "heldout",
          "the passbook's coloured cover with the bank's name embossed, and a white printed sticker stuck on it "
          "at a slant (REK / NAMA rows in upper-case fixed-pitch print)")
def cover_sticker(person: Person, rng: random.Random, *, holder: Member | None = None) -> Rendered:
    """Held out: a slanted sticker on a cover; the page itself is square to the camera."""
    w, h = 1200, 850
    fonts = pick_fonts(rng)
    mono = pick_fonts(rng, mono=True)
    style = BANK_STYLES[person.bank]
    img = Image.new("RGB", (w, h), style["color"])
    d = ImageDraw.Draw(img)
    emboss = tuple(min(255, int(c * 1.25) + 12) for c in style["color"])
    d.text((80, 70), style["label"], font=fonts.get(90, True), fill=emboss)
    d.text((80, h - 130), rng.choice(("BUKU TABUNGAN", "TABUNGAN")), font=fonts.get(40, True), fill=emboss)
    name = _holder(person, rng, holder, 0.2).upper()
    acct = format_account(person.bank, person.account_number, rng.random() < 0.5)
    sw, sh = rng.randint(640, 760), rng.randint(230, 280)
    sticker = Image.new("RGB", (sw, sh), (250, 250, 247))
    sd = ImageDraw.Draw(sticker)
    size = rng.randint(24, 28)
    lines = [f"REK  : {acct}", f"NAMA : {name}", f"KC   : {person.branch.upper()}"]
    y = 30
    for text in lines:
        sd.text((28, y), text, font=fit_font(mono, text, size, sw - 56), fill=(20, 20, 30))
        y += int(size * 2.2)
    angle = rng.choice((-1, 1)) * rng.uniform(3.0, 8.0)
    rotated = sticker.rotate(angle, expand=True, fillcolor=(0, 0, 0))
    mask = Image.new("L", sticker.size, 255).rotate(angle, expand=True, fillcolor=0)
    img.paste(rotated, (rng.randint(150, w - rotated.width - 60), rng.randint(260, h - rotated.height - 160)), mask)
    return _rendered(person, img, name)
