"""Resignation-letter families: how companies really write the employer's statement.

Every family prints the worker's last day of work (``resignation_date``, from which the
waiting period counts) and its own date (``letter_date``, recorded in ``meta``), which may be
days or weeks later. Held-out families use wording and structure no training family has.
"""

from __future__ import annotations

import random
from datetime import date, timedelta

from samples.generator.layouts.common import Page, format_date, letter_rendered, new_page, pick_date_style
from samples.generator.layouts.registry import STANDARD, register
from samples.generator.people import Person
from samples.generator.render import (
    ROMAN,
    LineOp,
    Rendered,
    TextOp,
    _name_on,
    _wrap,
    fit_font,
    render_resignation_letter,
    scribble_points,
)

DOC = "resignation_letter"


def _truth(person: Person, worker: str) -> dict[str, str]:
    return {"full_name": worker, "resignation_date": person.resignation_date.isoformat(), "employer": person.employer}


def _number(page: Page, person: Person, code: str) -> str:
    ld = person.letter_date
    return f"{page.rng.randint(1, 250):03d}/{code}/{page.rng.choice(('HRD', 'HRGA', 'PERS', 'SDM'))}/{ROMAN[ld.month - 1]}/{ld.year}"


def _honorific(person: Person) -> str:
    return "Sdri." if person.me.female else "Sdr."


@register(DOC, STANDARD, "train", "today's layout: signer rows, then the worker's Nama/Jabatan/NIK Karyawan rows and a paragraph")
def standard(person: Person, rng: random.Random, *, two_pages: bool = False) -> Rendered:
    """The original letter (``render.render_resignation_letter``)."""
    out = render_resignation_letter(person, rng, two_pages=two_pages)
    out.meta["letter_date"] = person.letter_date.isoformat()
    return out


@register(DOC, "rows_signer_first", "train",
          "signer's own Nama/Jabatan block first, then the worker's rows with a KTP NIK row; colon spacing tight to very wide")
def rows_signer_first(person: Person, rng: random.Random, *, two_pages: bool = False) -> Rendered:
    """Labelled rows, the signer's block before the worker's, NIK (KTP) row, numeric dates."""
    page = new_page(rng)
    ds = pick_date_style(rng)
    page.letterhead(person, left=rng.random() < 0.5)
    page.gap(0.6)
    page.centred(rng.choice(("SURAT KETERANGAN BERHENTI BEKERJA", "SURAT KETERANGAN KERJA")), 30, True, 44)
    page.centred(f"No. {_number(page, person, 'SKBK')}", 20, False, 60)
    page.para("Yang bertanda tangan di bawah ini :")
    page.row("Nama", person.signer.full)
    page.row("Jabatan", person.signer_title)
    page.row("Alamat", f"{person.employer}, {person.employer_city.title()}")
    page.gap()
    page.para("Dengan ini menerangkan bahwa :")
    worker = _name_on(rng, person.name, 0.6)
    page.row("Nama", worker, True)
    page.row("NIK", person.me.nik)
    page.row("Tempat/Tgl. Lahir", f"{person.me.birth_place.title()}, {format_date(person.me.birth_date, 'dmy_dash')}")
    page.row("Jabatan", person.job_title)
    page.row("Alamat", f"{person.address} RT/RW {person.rt_rw}")
    page.gap()
    page.para(f"Telah bekerja di perusahaan kami sejak tanggal {format_date(person.hired_on, ds)} sampai dengan "
              f"tanggal {format_date(person.resignation_date, ds)} dengan jabatan terakhir sebagai {person.job_title}.")
    page.para("Yang bersangkutan berhenti bekerja karena mengundurkan diri atas kemauan sendiri.")
    page.para("Demikian surat keterangan ini dibuat dengan sebenarnya untuk dipergunakan sebagaimana mestinya.")
    page.signature(person, f"{person.employer_city.title()}, {format_date(person.letter_date, ds)}")
    return letter_rendered(person, rng, page.fonts, page, _truth(person, worker), person.letter_date, two_pages=two_pages)


@register(DOC, "free_text", "train",
          "one free-text paragraph: 'Yang bertanda tangan di bawah ini ... menerangkan bahwa Sdr. NAME ... sampai dengan DATE'")
def free_text(person: Person, rng: random.Random, *, two_pages: bool = False) -> Rendered:
    """No labelled rows at all: every value sits inside running text."""
    page = new_page(rng)
    ds = pick_date_style(rng)
    page.letterhead(person)
    page.gap(1)
    page.centred("SURAT KETERANGAN", 30, True, 44)
    page.centred(f"Nomor: {_number(page, person, 'SK')}", 20, False, 70)
    worker = _name_on(rng, person.name, 0.5)
    page.para(f"Yang bertanda tangan di bawah ini, {person.signer.full}, selaku {person.signer_title} "
              f"{person.employer}, dengan ini menerangkan bahwa {_honorific(person)} {worker}, "
              f"NIK {person.me.nik}, telah bekerja di {person.employer} sebagai {person.job_title} sejak "
              f"{format_date(person.hired_on, ds)} sampai dengan {format_date(person.resignation_date, ds)}.", indent=50)
    page.para("Selama bekerja yang bersangkutan telah menunjukkan dedikasi yang baik dan tidak pernah "
              "melakukan tindakan yang merugikan perusahaan. Hubungan kerja berakhir karena yang "
              "bersangkutan mengundurkan diri.", indent=50)
    page.para("Demikian surat keterangan ini dibuat untuk dipergunakan sebagaimana mestinya.", indent=50)
    page.signature(person, f"{person.employer_city.title()}, {format_date(person.letter_date, ds)}")
    return letter_rendered(person, rng, page.fonts, page, _truth(person, worker), person.letter_date, two_pages=two_pages)


@register(DOC, "phk", "train",
          "termination letter 'Surat Pemutusan Hubungan Kerja' addressed to the worker, employee-number rows")
def phk(person: Person, rng: random.Random, *, two_pages: bool = False) -> Rendered:
    """A PHK letter: addressee block, rows, 'berakhir terhitung sejak' the last day."""
    page = new_page(rng)
    ds = pick_date_style(rng)
    page.letterhead(person, left=rng.random() < 0.5)
    page.gap(0.5)
    page.centred("SURAT PEMUTUSAN HUBUNGAN KERJA", 30, True, 44)
    page.centred(f"Nomor : {_number(page, person, 'PHK')}", 20, False, 60)
    worker = _name_on(rng, person.name, 0.5)
    page.para("Kepada Yth.")
    page.y -= page.lh // 2
    page.text(page.margin, f"{_honorific(person)} {worker}", bold=True)
    page.gap(1.5)
    page.para(f"Berdasarkan hasil evaluasi dan kesepakatan bersama, manajemen {person.employer} "
              "memutuskan hubungan kerja dengan karyawan berikut:")
    page.row("Nama Karyawan", worker, True)
    page.row("No. Induk Karyawan", person.employee_id)
    page.row("Jabatan", person.job_title)
    page.row("Bagian", rng.choice(("Produksi", "Gudang", "Administrasi", "Quality Control", "Penjualan")))
    page.gap()
    page.para(f"Hubungan kerja berakhir terhitung sejak tanggal {format_date(person.resignation_date, ds)}. "
              "Hak-hak karyawan akan diselesaikan sesuai dengan peraturan perundang-undangan yang berlaku.")
    page.para("Atas pengabdian Saudara selama ini kami mengucapkan terima kasih.")
    page.signature(person, f"{person.employer_city.title()}, {format_date(person.letter_date, ds)}")
    return letter_rendered(person, rng, page.fonts, page, _truth(person, worker), person.letter_date, two_pages=two_pages)


def _clause(page: Page, label: str, text: str, *, label_w: int = 190, bold_label: bool = False) -> None:
    """A decree clause: ``label`` at the margin, a colon, ``text`` wrapped with a hanging indent."""
    x_colon = page.margin + label_w
    x_text = x_colon + 24
    f = page.fonts.get(page.size)
    page.ops.append(TextOp(page.margin, page.y, label, page.size, bold_label))
    page.ops.append(TextOp(x_colon, page.y, ":", page.size))
    for line in _wrap(text, f, page.w - page.margin - x_text):
        page.ops.append(TextOp(x_text, page.y, line, page.size))
        page.y += page.lh
    page.y += page.lh // 4


@register(DOC, "sk_phk", "train",
          "a decree 'Surat Keputusan ... tentang Pemutusan Hubungan Kerja': Menimbang / Mengingat clauses, "
          "MEMUTUSKAN, Menetapkan PERTAMA/KEDUA/KETIGA, the worker in a labelled block, the last day as "
          "'terhitung sejak tanggal ...', 'Ditetapkan di / Pada tanggal' rows above the signature")
def sk_phk(person: Person, rng: random.Random, *, two_pages: bool = False) -> Rendered:
    """A PHK decree: consideration clauses, then the decision with the worker's rows and the end date."""
    page = new_page(rng)
    page.size = min(page.size, 21)
    ds = pick_date_style(rng)
    page.letterhead(person, left=rng.random() < 0.5)
    page.gap(0.3)
    page.centred(rng.choice(("SURAT KEPUTUSAN DIREKSI", "SURAT KEPUTUSAN")), 28, True, 40)
    page.centred(f"Nomor : {_number(page, person, 'SK-PHK')}", 20, False, 36)
    page.centred("TENTANG", 22, True, 34)
    page.centred("PEMUTUSAN HUBUNGAN KERJA", 24, True, 48)
    reference = ""
    if rng.random() < 0.4:  # an earlier dated document named in the considerations
        earlier = person.resignation_date - timedelta(days=rng.randint(10, 60))
        reference = f" tanggal {format_date(earlier, ds)}"
    _clause(page, "Menimbang", f"a. bahwa berdasarkan hasil evaluasi dan Berita Acara Perundingan Bipartit{reference}, "
            "telah tercapai kesepakatan pengakhiran hubungan kerja; b. bahwa untuk itu perlu ditetapkan dengan "
            "Surat Keputusan.")
    _clause(page, "Mengingat", "1. Undang-Undang Nomor 13 Tahun 2003 tentang Ketenagakerjaan; 2. Peraturan "
            "Pemerintah Nomor 35 Tahun 2021; 3. Peraturan Perusahaan yang berlaku.")
    page.gap(0.2)
    page.centred("MEMUTUSKAN", 24, True, 40)
    _clause(page, "Menetapkan", "KEPUTUSAN TENTANG PEMUTUSAN HUBUNGAN KERJA.")
    worker = _name_on(rng, person.name, 0.5)
    page.colon = rng.choice(("tight", "attached", "narrow", "aligned"))
    _clause(page, "PERTAMA", "Mengakhiri hubungan kerja antara perusahaan dengan karyawan:")
    for label, value, bold in (("Nama", worker, True), ("No. Induk Karyawan", person.employee_id, False),
                               ("Jabatan", person.job_title, False),
                               ("Unit Kerja", rng.choice(("Produksi", "Gudang", "Logistik", "Keuangan")), False)):
        page.row(label, value, bold, x=page.margin + 214)
    page.gap(0.2)
    _clause(page, "KEDUA", "Pemutusan hubungan kerja sebagaimana dimaksud pada diktum PERTAMA berlaku terhitung "
            f"sejak tanggal {format_date(person.resignation_date, ds)}.")
    _clause(page, "KETIGA", "Hak-hak karyawan dibayarkan sesuai dengan ketentuan peraturan perundang-undangan.")
    _clause(page, "KEEMPAT", "Keputusan ini berlaku sejak tanggal ditetapkan.")
    page.gap(0.3)
    x = page.w - page.margin - 470
    page.colon = "tight"
    page.row("Ditetapkan di", person.employer_city.title(), x=x)
    page.row("Pada tanggal", format_date(person.letter_date, ds), x=x)
    page.signature(person, rng.choice(("Direksi,", "Untuk dan atas nama Direksi,")))
    return letter_rendered(person, rng, page.fonts, page, _truth(person, worker), person.letter_date, two_pages=two_pages)


ENGLISH_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
                  "October", "November", "December")


def _english_date(d: date, rng: random.Random) -> str:
    """``31 December 2024`` or ``December 31, 2024``."""
    m = ENGLISH_MONTHS[d.month - 1]
    return f"{d.day} {m} {d.year}" if rng.random() < 0.5 else f"{m} {d.day}, {d.year}"


@register(DOC, "own_resignation", "train",
          "the worker's own 'Surat Pengunduran Diri' in the first person: 'Saya yang bertanda tangan', "
          "the worker's rows, 'terhitung mulai tanggal', signed by the worker, acknowledged by HRD")
def own_resignation(person: Person, rng: random.Random, *, two_pages: bool = False) -> Rendered:
    """First person: the person who signs IS the worker; the employer only acknowledges."""
    page = new_page(rng)
    ds = pick_date_style(rng)
    page.y += rng.randint(0, 80)
    city_date = f"{person.employer_city.title()}, {format_date(person.letter_date, ds)}"
    page.text(page.w - page.margin - 420, city_date)
    page.y += page.lh * 1.5
    page.para("Kepada Yth.")
    page.y -= page.lh // 2
    page.para(f"Bapak/Ibu Pimpinan {person.employer}")
    page.para("di Tempat")
    page.centred(rng.choice(("SURAT PENGUNDURAN DIRI", "Perihal: Pengunduran Diri")), 26, True, 50)
    worker = _name_on(rng, person.name, 0.4)
    page.para("Dengan hormat,")
    page.para("Saya yang bertanda tangan di bawah ini:")
    page.row("Nama", worker)
    if rng.random() < 0.6:
        page.row("No. Karyawan", person.employee_id)
    page.row("Jabatan", person.job_title)
    page.row("Alamat", f"{person.address} RT/RW {person.rt_rw}")
    page.gap()
    page.para(f"Dengan ini mengajukan pengunduran diri dari {person.employer} terhitung mulai tanggal "
              f"{format_date(person.resignation_date, ds)}. Saya mengucapkan terima kasih atas kesempatan "
              f"bekerja sejak {format_date(person.hired_on, ds)}.")
    page.para("Demikian surat ini saya buat dengan sebenarnya.")
    y0 = max(page.y + page.lh, 1180)
    sx = page.w - page.margin - 420
    page.ops.append(TextOp(sx, y0, "Hormat saya,", page.size))
    page.ops.append(LineOp(tuple(scribble_points(rng, (sx + 20, y0 + 40, sx + 300, y0 + 140))), 3))
    page.ops.append(TextOp(sx, y0 + 170, worker, fit_font(page.fonts, worker, page.size, 460, True).size, True))
    lx = page.margin
    page.ops.append(TextOp(lx, y0, "Mengetahui,", page.size))
    page.ops.append(TextOp(lx, y0 + page.lh, person.signer_title, page.size))
    page.ops.append(TextOp(lx, y0 + 170, person.signer.full,
                           fit_font(page.fonts, person.signer.full, page.size, sx - lx - 40, True).size, True))
    return letter_rendered(person, rng, page.fonts, page, _truth(person, worker), person.letter_date, two_pages=two_pages)


@register(DOC, "english_certificate", "train",
          "an English 'Certificate of Employment' / 'To whom it may concern': Mr./Ms. NAME in running text, "
          "'from DATE to DATE', English month names")
def english_certificate(person: Person, rng: random.Random, *, two_pages: bool = False) -> Rendered:
    """Multinational employers write in English."""
    page = new_page(rng)
    page.letterhead(person, left=rng.random() < 0.5)
    page.gap(0.8)
    page.centred(rng.choice(("CERTIFICATE OF EMPLOYMENT", "EMPLOYMENT REFERENCE LETTER", "TO WHOM IT MAY CONCERN")), 30, True, 44)
    page.centred(f"Ref: {_number(page, person, 'HR')}", 20, False, 70)
    worker = _name_on(rng, person.name, 0.4)
    title = "Ms." if person.me.female else "Mr."
    page.para(f"This is to certify that {title} {worker}, employee number {person.employee_id}, has been employed by "
              f"{person.employer} as {person.job_title} from {_english_date(person.hired_on, rng)} to "
              f"{_english_date(person.resignation_date, rng)}.", indent=40)
    page.para("During the employment the employee showed good performance and left the company on their own "
              "request. We wish them every success in the future.", indent=40)
    page.para("This letter is issued upon request for whatever legal purpose it may serve.", indent=40)
    page.signature(person, f"{person.employer_city.title()}, {_english_date(person.letter_date, rng)}")
    return letter_rendered(person, rng, page.fonts, page, _truth(person, worker), person.letter_date, two_pages=two_pages)


@register(DOC, "stacked_form", "train",
          "an HR form: the worker's data as small labels with each value on the line below, two pairs per row, "
          "then a short closing paragraph")
def stacked_form(person: Person, rng: random.Random, *, two_pages: bool = False) -> Rendered:
    """Label above value, in two columns (a modern HR template); the last day in its own cell."""
    page = new_page(rng)
    ds = pick_date_style(rng)
    page.letterhead(person, left=rng.random() < 0.5)
    page.gap(0.8)
    page.centred(rng.choice(("SURAT KETERANGAN PENGALAMAN KERJA", "SURAT KETERANGAN KERJA", "EXIT CLEARANCE")), 28, True, 44)
    page.centred(f"No. {_number(page, person, 'SKPK')}", 20, False, 60)
    page.para(rng.choice(("Perusahaan menerangkan data karyawan berikut:", "Dengan ini menerangkan bahwa:",
                          "Data karyawan yang telah berakhir hubungan kerjanya:")))
    worker = _name_on(rng, person.name, 0.4)
    last_label = rng.choice(("Tanggal Terakhir Bekerja", "Tanggal Keluar", "Tanggal Berhenti", "Efektif Berhenti"))
    cells = [
        (rng.choice(("Nama Lengkap", "Nama Karyawan", "Nama")), worker),
        (rng.choice(("Nomor Induk Karyawan", "NIK Karyawan", "No. Karyawan")), str(rng.randint(10_000, 9_999_999))),
        ("Jabatan", person.job_title),
        (rng.choice(("Departemen", "Bagian", "Unit Kerja")), rng.choice(("PRODUKSI", "LOGISTIK", "KEUANGAN", "GUDANG"))),
        (rng.choice(("Tanggal Masuk", "Tanggal Mulai Bekerja")), format_date(person.hired_on, ds)),
        (last_label, format_date(person.resignation_date, ds)),
    ]
    x_left, x_right = page.margin + 20, page.margin + rng.randint(480, 560)
    small = max(16, page.size - 5)
    for i in range(0, len(cells), 2):
        for (label, value), x in zip(cells[i:i + 2], (x_left, x_right), strict=True):
            page.text(x, label, small)
            page.text(x, value, page.size + 1, bold=True, y=page.y + small * 1.6)
        page.y += small * 1.6 + page.lh * 1.4
    page.gap(0.5)
    page.para(rng.choice(("Yang bersangkutan berhenti bekerja atas permintaan sendiri.",
                          "Hubungan kerja berakhir karena yang bersangkutan mengundurkan diri.")))
    page.para("Demikian surat keterangan ini dibuat untuk dipergunakan sebagaimana mestinya.")
    page.signature(person, f"{person.employer_city.title()}, {format_date(person.letter_date, ds)}")
    return letter_rendered(person, rng, page.fonts, page, _truth(person, worker), person.letter_date, two_pages=two_pages)


@register(DOC, "table_row", "heldout",
          "the worker's data in a bordered table: a header row (No | Nama | Jabatan | Tgl Masuk | Tgl Keluar) "
          "and one data row under it")
def table_row(person: Person, rng: random.Random, *, two_pages: bool = False) -> Rendered:
    """Values under column headers, not right of labels."""
    page = new_page(rng)
    ds = rng.choice(("dmy_dash", "dmy_slash", "short_month"))
    page.letterhead(person, left=rng.random() < 0.5)
    page.gap(0.6)
    page.centred("SURAT KETERANGAN", 30, True, 44)
    page.centred(f"Nomor : {_number(page, person, 'SKK')}", 20, False, 60)
    page.para(f"Yang bertanda tangan di bawah ini, {person.signer_title} {person.employer}, menerangkan "
              "bahwa karyawan dengan data berikut telah berhenti bekerja:")
    worker = _name_on(rng, person.name, 0.4)
    heads = ("No", "Nama", "Jabatan", "Tgl Masuk", "Tgl Keluar")
    size = page.size - 3
    cells = ("1", worker, person.job_title, format_date(person.hired_on, ds), format_date(person.resignation_date, ds))
    widths = [60, 0, 0, 0, 0]
    usable = page.w - 2 * page.margin + 40
    f = page.fonts.get(size)
    for i in range(2, 5):
        widths[i] = int(max(f.getlength(heads[i]), f.getlength(cells[i])) + 24)
    widths[1] = max(200, usable - sum(widths))
    x0 = page.margin - 20
    top = page.y
    row_h = int(size * 2.0)
    xs: list[float] = [float(x0)]
    for wd in widths:
        xs.append(xs[-1] + wd)
    for r in range(3):
        page.ops.append(LineOp(((xs[0], top + r * row_h), (xs[-1], top + r * row_h)), 2))
    for x in xs:
        page.ops.append(LineOp(((x, top), (x, top + 2 * row_h)), 2))
    for i, (h, c) in enumerate(zip(heads, cells, strict=True)):
        page.ops.append(TextOp(xs[i] + 8, top + 8, h, size, True))
        fc = fit_font(page.fonts, c, size, widths[i] - 14)
        page.ops.append(TextOp(xs[i] + 8, top + row_h + 8, c, fc.size))
    page.y = top + 2 * row_h + page.lh
    page.para("Demikian surat keterangan ini dibuat untuk dapat dipergunakan sebagaimana mestinya.")
    page.signature(person, f"{person.employer_city.title()}, {format_date(person.letter_date, ds)}")
    return letter_rendered(person, rng, page.fonts, page, _truth(person, worker), person.letter_date, two_pages=two_pages)


@register(DOC, "paklaring", "heldout",
          "'Surat Pengalaman Kerja' paklaring: worker's rows first with tight 'Label: value', a period "
          "'dd/mm/yyyy s/d dd/mm/yyyy', the signer's Nama/Jabatan block at the bottom left")
def paklaring(person: Person, rng: random.Random, *, two_pages: bool = False) -> Rendered:
    """Held out: rows before any signer text, a period row, signer block on the left."""
    page = new_page(rng)
    page.colon = rng.choice(("attached", "tight", "narrow"))
    ds = rng.choice(("dmy_slash", "dmy_dash", "short_month"))
    page.letterhead(person, left=True)
    page.gap(0.8)
    page.centred(rng.choice(("SURAT PENGALAMAN KERJA", "SURAT KETERANGAN KERJA")), 30, True, 40)
    page.centred(f"Ref: {_number(page, person, 'SPK')}", 19, False, 64)
    page.para("Kami yang bertanda tangan di bawah ini menyatakan dengan sesungguhnya bahwa karyawan kami:")
    worker = _name_on(rng, person.name, 0.5)
    page.row("Nama Lengkap", worker, True)
    page.row("No. Karyawan", person.employee_id)
    page.row("Posisi", person.job_title)
    page.row("Periode Kerja", f"{format_date(person.hired_on, ds)} s/d {format_date(person.resignation_date, ds)}")
    page.gap()
    page.para("Adalah benar pernah bekerja pada perusahaan kami dan hari kerja terakhirnya adalah tanggal "
              f"{format_date(person.resignation_date, ds)}. Surat ini diberikan atas permintaan yang bersangkutan "
              "untuk keperluan pencairan Jaminan Hari Tua.")
    page.gap()
    page.text(page.margin, f"Diterbitkan di {person.employer_city.title()}, pada tanggal {format_date(person.letter_date, ds)}")
    page.gap(2)
    page.text(page.margin, "Hormat kami,")
    page.gap(3.5)
    page.row("Nama", person.signer.full, x=page.margin)
    page.row("Jabatan", person.signer_title, x=page.margin)
    return letter_rendered(person, rng, page.fonts, page, _truth(person, worker), person.letter_date, two_pages=two_pages)


@register(DOC, "statement_words", "heldout",
          "first-person employer statement, worker's name in a heading-like line, last day in words "
          "with digits in brackets, letter dated weeks later")
def statement_words(person: Person, rng: random.Random, *, two_pages: bool = False) -> Rendered:
    """Held out: a wording style no training family has, dates partly in words."""
    page = new_page(rng)
    page.letterhead(person)
    page.gap(0.8)
    page.centred("SURAT PERNYATAAN BERHENTI BEKERJA", 28, True, 56)
    worker = _name_on(rng, person.name, 0.5)
    words = rng.random() < 0.5
    last = (f"{format_date(person.resignation_date, 'words')} ({format_date(person.resignation_date, 'dmy_dash')})"
            if words else format_date(person.resignation_date, "long"))
    page.para(f"Perusahaan {person.employer}, dalam hal ini diwakili oleh {person.signer.full} "
              f"({person.signer_title}), menyatakan bahwa pekerja atas nama:")
    page.centred(worker, page.size + 4, True, page.lh * 1.4)
    page.centred(f"Nomor Induk Kependudukan {person.me.nik}", page.size, False, page.lh * 1.6)
    page.para(f"terakhir bekerja pada hari kerja tanggal {last} dan sejak itu tidak lagi memiliki hubungan "
              f"kerja dengan perusahaan. Masa kerja dimulai {format_date(person.hired_on, 'long')}.")
    page.para("Pernyataan ini dibuat dengan sebenar-benarnya tanpa paksaan dari pihak mana pun.")
    page.signature(person, f"{person.employer_city.title()}, {format_date(person.letter_date, 'long')}", left=rng.random() < 0.5)
    return letter_rendered(person, rng, page.fonts, page, _truth(person, worker), person.letter_date, two_pages=two_pages)


@register(DOC, "phk_notice_grid", "heldout",
          "a bilingual 'Pemberitahuan PHK / Termination Notice' form: the worker's data in a grid of boxed "
          "cells, each a small bilingual label above its value (join date and last working day side by "
          "side), a reason line, and two signature boxes (HR and the worker's acknowledgement)")
def phk_notice_grid(person: Person, rng: random.Random, *, two_pages: bool = False) -> Rendered:
    """Held out: labels above values in boxed cells, dates as dd.mm.yyyy, the worker signs too."""
    page = new_page(rng)
    page.letterhead(person, left=rng.random() < 0.5)
    page.gap(0.6)
    page.centred("PEMBERITAHUAN PEMUTUSAN HUBUNGAN KERJA", 26, True, 36)
    page.centred("TERMINATION NOTICE", 22, False, 40)
    page.centred(f"Ref. {_number(page, person, 'TN')}", 18, False, 52)
    worker = _name_on(rng, person.name, 0.5)
    small = max(14, page.size - 7)
    cells = (
        (("Nama Pekerja / Employee Name", worker, True), ("No. Pegawai / Employee No.", person.employee_id, False)),
        (("Jabatan / Position", person.job_title, False),
         ("Departemen / Department", rng.choice(("Produksi", "Gudang", "Logistik", "Penjualan")), False)),
        (("Tgl. Mulai Kerja / Join Date", person.hired_on.strftime("%d.%m.%Y"), False),
         ("Hari Kerja Terakhir / Last Working Day", person.resignation_date.strftime("%d.%m.%Y"), False)),
    )
    x0, x2 = page.margin - 20, page.w - page.margin + 20
    x1 = (x0 + x2) // 2
    cell_h = int(small * 1.4 + page.size * 1.9)
    top = page.y
    for r in range(len(cells) + 1):
        page.ops.append(LineOp(((x0, top + r * cell_h), (x2, top + r * cell_h)), 2))
    for x in (x0, x1, x2):
        page.ops.append(LineOp(((x, top), (x, top + len(cells) * cell_h)), 2))
    for r, pair in enumerate(cells):
        for c, (label, value, bold) in enumerate(pair):
            cx = (x0, x1)[c] + 12
            cy = top + r * cell_h + 8
            page.ops.append(TextOp(cx, cy, label, small))
            fv = fit_font(page.fonts, value, page.size, x1 - x0 - 30, bold)
            page.ops.append(TextOp(cx, cy + small * 1.4, value, fv.size, bold))
    page.y = top + len(cells) * cell_h + page.lh
    page.para("Alasan / Reason: " + rng.choice(("efisiensi perusahaan / company efficiency",
                                                "berakhirnya proyek / end of project",
                                                "restrukturisasi organisasi / restructuring")))
    page.para("Hak-hak pekerja diselesaikan sesuai ketentuan yang berlaku. / The employee's entitlements are "
              "settled according to the applicable regulations.")
    y = max(page.y + page.lh, 1200)
    bw = (x2 - x0 - 40) // 2
    for i, (head, name, sub) in enumerate((
        ("Dikeluarkan oleh / Issued by", person.signer.full, person.signer_title),
        ("Diterima oleh / Received by", worker, f"{person.employer_city.title()}, {person.letter_date:%d.%m.%Y}"),
    )):
        bx = x0 + i * (bw + 40)
        page.ops.append(LineOp(((bx, y), (bx + bw, y), (bx + bw, y + 300), (bx, y + 300), (bx, y)), 1.5))
        page.ops.append(TextOp(bx + 12, y + 10, head, small))
        page.ops.append(LineOp(tuple(scribble_points(rng, (bx + 40, y + 60, bx + 260, y + 170))), 3))
        page.ops.append(TextOp(bx + 12, y + 200, name, fit_font(page.fonts, name, page.size, bw - 24, True).size, True))
        page.ops.append(TextOp(bx + 12, y + 200 + page.lh, sub, fit_font(page.fonts, sub, small + 2, bw - 24).size))
    return letter_rendered(person, rng, page.fonts, page, _truth(person, worker), person.letter_date, two_pages=two_pages)


__all__ = [
    "free_text", "paklaring", "phk", "phk_notice_grid", "rows_signer_first", "sk_phk", "standard",
    "statement_words",
]


@register(DOC, "numbered_list", "train",
          "the worker's data as a numbered or lettered list (1. Nama / a. Nama), birth date and NIK rows, "
          "the employment period as one 'Masa Kerja' value, numeric or word dates")
def numbered_list(person: Person, rng: random.Random, *, two_pages: bool = False) -> Rendered:
    """Numbered labels ("1. Nama : X") and the last day only as the end of a period value."""
    page = new_page(rng)
    ds = pick_date_style(rng)
    page.letterhead(person, left=rng.random() < 0.5)
    page.gap(0.6)
    page.centred(rng.choice(("SURAT KETERANGAN KERJA", "SURAT PENGALAMAN KERJA", "SURAT KETERANGAN")), 30, True, 44)
    page.centred(f"Nomor : {_number(page, person, 'SK')}", 20, False, 60)
    marks = rng.choice((("1.", "2.", "3.", "4.", "5.", "6."), ("a.", "b.", "c.", "d.", "e.", "f."),
                        ("1)", "2)", "3)", "4)", "5)", "6)"), ("-",) * 6))
    page.para(f"Yang bertanda tangan di bawah ini {person.signer_title} {person.employer} menerangkan dengan "
              "sesungguhnya bahwa :")
    worker = _name_on(rng, person.name, 0.4)
    sep = rng.choice((" s/d ", " sampai dengan ", " - ", " hingga "))
    rows = [
        (rng.choice(("Nama", "Nama Lengkap", "Nama Karyawan")), worker, True),
        ("Tempat, Tanggal Lahir", f"{person.me.birth_place.title()}, {format_date(person.me.birth_date, ds)}", False),
        (rng.choice(("NIK", "No. KTP")), person.me.nik, False),
        ("Jabatan", person.job_title, False),
        (rng.choice(("Masa Kerja", "Periode Kerja", "Lama Bekerja")),
         f"{format_date(person.hired_on, ds)}{sep}{format_date(person.resignation_date, ds)}", False),
        ("Alamat", f"{person.address} RT/RW {person.rt_rw}", False),
    ]
    if rng.random() < 0.5:
        rows[1], rows[2] = rows[2], rows[1]
    for mark, (label, value, bold) in zip(marks, rows, strict=False):
        page.row(f"{mark} {label}", value, bold)
    page.gap()
    page.para(rng.choice(("Yang bersangkutan telah mengundurkan diri dari perusahaan atas permintaan sendiri. Selama "
                          "bekerja yang bersangkutan menunjukkan dedikasi dan loyalitas yang baik.",
                          "Yang bersangkutan berhenti bekerja karena kontrak kerja telah berakhir dan tidak diperpanjang.")))
    page.para("Demikian surat keterangan ini dibuat untuk dapat dipergunakan sebagaimana mestinya.")
    page.signature(person, f"{person.employer_city.title()}, {format_date(person.letter_date, ds)}")
    return letter_rendered(person, rng, page.fonts, page, _truth(person, worker), person.letter_date, two_pages=two_pages)


def _grid(page: Page, xs: list[float], y0: float, heights: list[float], width: float = 1.5) -> None:
    """A bordered table: vertical rules at ``xs``, one horizontal rule per row boundary."""
    ys = [y0]
    for h in heights:
        ys.append(ys[-1] + h)
    for y in ys:
        page.ops.append(LineOp(((xs[0], y), (xs[-1], y)), width))
    for x in xs:
        page.ops.append(LineOp(((x, ys[0]), (x, ys[-1])), width))


@register(DOC, "career_history", "train",
          "'Surat Keterangan Pengalaman Kerja' with the worker's rows, then a bordered table of positions held "
          "(Jabatan | Dari | Sampai, or one Periode cell per row): the last day only as the end of the last row")
def career_history(person: Person, rng: random.Random, *, two_pages: bool = False) -> Rendered:
    """Dates only in table cells, several rows deep under their column headers; no cue in the text."""
    page = new_page(rng)
    ds = rng.choice(("dmy_dash", "dmy_slash", "short_month", "long"))
    page.letterhead(person, left=rng.random() < 0.5)
    page.gap(0.6)
    page.centred(rng.choice(("SURAT KETERANGAN PENGALAMAN KERJA", "SURAT REFERENSI KERJA", "SURAT KETERANGAN")), 28, True, 44)
    page.centred(f"Nomor : {_number(page, person, 'SKPK')}", 20, False, 60)
    page.para(f"Yang bertanda tangan di bawah ini, {person.signer_title} {person.employer}, dengan ini menerangkan "
              "bahwa :")
    worker = _name_on(rng, person.name, 0.4)
    page.row(rng.choice(("Nama", "Nama Lengkap", "Nama Karyawan")), worker, True)
    if rng.random() < 0.6:
        page.row(rng.choice(("NIK", "No. KTP", "Nomor KTP")), person.me.nik)
    page.row("Alamat", f"{person.address} RT/RW {person.rt_rw}")
    page.gap(0.3)
    page.para(rng.choice(("telah bekerja di perusahaan kami dengan riwayat jabatan sebagai berikut :",
                          "adalah benar mantan karyawan kami, dengan riwayat pekerjaan :",
                          "pernah bekerja pada perusahaan kami dengan rincian :")))
    # two or three positions, each ending the day before the next begins
    n = rng.choice((2, 3, 3))
    span = (person.resignation_date - person.hired_on).days
    cuts = sorted(rng.sample(range(60, max(61 + n, span - 60)), n - 1))
    starts = [person.hired_on] + [person.hired_on + timedelta(days=c) for c in cuts]
    ends = [st - timedelta(days=1) for st in starts[1:]] + [person.resignation_date]
    jobs = [*rng.sample(("Operator Produksi", "Staf Gudang", "Admin", "Leader", "Supervisor", "Teknisi", "Quality Control", "Sales"), n - 1), person.job_title]
    one_cell = rng.random() < 0.35
    from_h, to_h = rng.choice((("Dari", "Sampai"), ("Mulai", "Selesai"), ("Tgl Mulai", "Tgl Akhir"),
                               ("Periode Awal", "Periode Akhir"), ("Sejak", "Hingga")))
    heads = ["No", "Jabatan", rng.choice(("Bagian", "Departemen", "Unit"))]
    heads += ["Periode"] if one_cell else [from_h, to_h]
    depts = [rng.choice(("Produksi", "Gudang", "Umum", "Logistik", "Keuangan")) for _ in range(n)]
    sep = rng.choice((" s/d ", " - ", " sampai "))
    body = [[str(i + 1), jobs[i], depts[i]] + ([f"{format_date(starts[i], ds)}{sep}{format_date(ends[i], ds)}"]
                                               if one_cell else [format_date(starts[i], ds), format_date(ends[i], ds)])
            for i in range(n)]
    small = max(17, page.size - 3)
    f = page.fonts.get(small)
    pad = rng.choice((8, 14, 22))
    widths = [max(f.getlength(r[c]) for r in [heads, *body]) + 2 * pad for c in range(len(heads))]
    x0 = page.margin + rng.randint(0, 30)
    scale = min(1.0, (page.w - 2 * page.margin + 20) / sum(widths))
    xs: list[float] = [float(x0)]
    for w in widths:
        xs.append(xs[-1] + w * scale)
    row_h = small * rng.choice((1.9, 2.3))
    top = page.y
    for r, cells in enumerate([heads, *body]):
        y = top + r * row_h + (row_h - small) / 2 - 2
        for c, text in enumerate(cells):
            size = fit_font(page.fonts, text, small, xs[c + 1] - xs[c] - 4, r == 0).size
            page.ops.append(TextOp(xs[c] + pad * scale, y, text, size, r == 0))
    _grid(page, xs, top, [row_h] * (n + 1), rng.choice((1.0, 1.5, 2.0)))
    page.y = top + (n + 1) * row_h + page.lh
    page.para(rng.choice(("Yang bersangkutan mengundurkan diri atas permintaan sendiri.",
                          "Hubungan kerja berakhir karena kontrak kerja tidak diperpanjang.",
                          "Selama bekerja yang bersangkutan menunjukkan loyalitas dan dedikasi yang baik.")))
    page.para("Demikian surat keterangan ini dibuat untuk dipergunakan sebagaimana mestinya.")
    page.signature(person, f"{person.employer_city.title()}, {format_date(person.letter_date, ds)}")
    return letter_rendered(person, rng, page.fonts, page, _truth(person, worker), person.letter_date, two_pages=two_pages)


@register(DOC, "bilingual_rows", "train",
          "a multinational's bilingual 'Surat Keterangan Kerja / Certificate of Employment': labels in both "
          "languages ('Nama / Name', 'Tanggal Berakhir / End Date'), or the worker's name alone on a centred "
          "bold line with the other data in bilingual rows under it; Indonesian or English dates")
def bilingual_rows(person: Person, rng: random.Random, *, two_pages: bool = False) -> Rendered:
    """Bilingual labels (the English half read as part of the label), a name with no label at all."""
    page = new_page(rng)
    english = rng.random() < 0.4
    ds = pick_date_style(rng)

    def fmt(d: date) -> str:
        return _english_date(d, rng) if english else format_date(d, ds)

    page.letterhead(person, left=rng.random() < 0.5)
    page.gap(0.5)
    page.centred(rng.choice(("SURAT KETERANGAN KERJA", "SURAT KETERANGAN PENGALAMAN KERJA")), 26, True, 36)
    page.centred(rng.choice(("CERTIFICATE OF EMPLOYMENT", "EMPLOYMENT REFERENCE", "Certificate of Employment")), 22,
                 False, 40)
    page.centred(f"No. {_number(page, person, 'COE')}", 19, False, 56)
    sep = rng.choice((" / ", " / ", " - ", "/"))
    page.para(rng.choice((f"Dengan ini kami menerangkan bahwa{sep}We hereby certify that:",
                          f"Yang bertanda tangan di bawah ini menerangkan bahwa{sep}This is to certify that:")))
    worker = _name_on(rng, person.name, 0.4)
    rows: list[tuple[str, str, bool]] = []
    if rng.random() < 0.4:
        # the name alone, centred and bold, as on a certificate
        page.gap(0.2)
        page.centred(worker, page.size + 6, True, (page.size + 6) * 1.9)
    else:
        rows.append((rng.choice(("Nama", "Nama Lengkap", "Nama Karyawan")) + sep
                     + rng.choice(("Name", "Full Name", "Employee Name")), worker, True))
    rows += [
        ("Jabatan" + sep + "Position", person.job_title, False),
        (rng.choice(("No. Karyawan", "NIK Karyawan")) + sep + "Employee ID", person.employee_id, False),
        (rng.choice(("Tanggal Bergabung", "Tanggal Masuk", "Mulai Bekerja")) + sep
         + rng.choice(("Join Date", "Date Joined", "Start Date")), fmt(person.hired_on), False),
        (rng.choice(("Tanggal Berakhir", "Tanggal Terakhir Bekerja", "Tanggal Keluar")) + sep
         + rng.choice(("End Date", "Last Working Day", "Last Day")), fmt(person.resignation_date), False),
    ]
    if rng.random() < 0.5:
        rows[-1], rows[-2] = rows[-2], rows[-1]
    # one colon column right of the longest (bilingual) label, or "Label: value" tight
    x0 = page.margin + 10
    f = page.fonts.get(page.size)
    tight = rng.random() < 0.25
    col = x0 + max(f.getlength(label) for label, _v, _b in rows) + rng.choice((16, 40, 90))
    for label, value, bold in rows:
        if tight:
            lead = f"{label}: "
            page.ops.append(TextOp(x0, page.y, lead, page.size))
            vx = x0 + f.getlength(lead) + 8
        else:
            page.ops.append(TextOp(x0, page.y, label, page.size))
            page.ops.append(TextOp(col, page.y, ":", page.size))
            vx = col + rng.choice((12, 18, 26))
        page.ops.append(TextOp(vx, page.y, value, fit_font(page.fonts, value, page.size, page.w - page.margin - vx + 30,
                                                           bold).size, bold))
        page.y += page.lh
    page.gap()
    page.para(rng.choice(("Yang bersangkutan telah mengundurkan diri atas permintaan sendiri. The above named employee "
                          "resigned voluntarily.",
                          "Selama bekerja yang bersangkutan menunjukkan kinerja yang baik. During the employment, "
                          "the employee showed good performance.")))
    page.para("Demikian surat keterangan ini dibuat untuk dipergunakan sebagaimana mestinya.")
    page.signature(person, f"{person.employer_city.title()}, {fmt(person.letter_date)}")
    return letter_rendered(person, rng, page.fonts, page, _truth(person, worker), person.letter_date, two_pages=two_pages)


@register(DOC, "warning_reference", "train",
          "a disciplinary PHK letter: it cites earlier documents with their own dates (the third warning letter, "
          "the hearing's minutes), ends work with 'tidak lagi bekerja / efektif berhenti / dibebastugaskan mulai "
          "tanggal', and promises the severance by a later date")
def warning_reference(person: Person, rng: random.Random, *, two_pages: bool = False) -> Rendered:
    """Several dates in running text: cited documents before the last day, a payment date after it."""
    page = new_page(rng)
    ds = pick_date_style(rng)
    fmt = lambda d: format_date(d, ds)  # noqa: E731
    page.letterhead(person, left=rng.random() < 0.5)
    page.gap(0.5)
    page.centred(rng.choice(("SURAT PEMUTUSAN HUBUNGAN KERJA", "PEMBERITAHUAN PEMUTUSAN HUBUNGAN KERJA",
                             "SURAT KEPUTUSAN DIREKSI")), 28, True, 44)
    page.centred(f"Nomor : {_number(page, person, 'PHK')}", 20, False, 60)
    worker = _name_on(rng, person.name, 0.5)
    last = person.resignation_date
    sp3 = last - timedelta(days=rng.randint(10, 60))
    hearing = sp3 + timedelta(days=rng.randint(2, 8))
    pay = last + timedelta(days=rng.randint(7, 30))
    page.para("Kepada Yth.")
    page.y -= page.lh // 2
    page.text(page.margin, f"{_honorific(person)} {worker}", bold=True)
    page.gap(1.0)
    page.para("di Tempat")
    cite = rng.choice((
        f"Menunjuk Surat Peringatan Ketiga (SP III) Nomor {rng.randint(10, 99)}/SP/HRD tanggal {fmt(sp3)} dan "
        f"Berita Acara Pemeriksaan tertanggal {fmt(hearing)}, ",
        f"Sehubungan dengan Surat Peringatan Terakhir tanggal {fmt(sp3)} serta hasil pemeriksaan pada tanggal "
        f"{fmt(hearing)}, ",
    ))
    end = rng.choice((
        f"Saudara tidak lagi bekerja di perusahaan mulai tanggal {fmt(last)}.",
        f"Saudara efektif berhenti bekerja mulai tanggal {fmt(last)}.",
        f"Saudara dibebastugaskan dan hubungan kerja berakhir per tanggal {fmt(last)}.",
        f"hari kerja terakhir Saudara adalah tanggal {fmt(last)}.",
        f"Saudara berhenti bekerja sejak tanggal {fmt(last)}.",
    ))
    page.para(cite + f"dengan ini manajemen {person.employer} memutuskan hubungan kerja dengan Saudara. " + end)
    if rng.random() < 0.6:
        page.row("Nama", worker, True)
        page.row(rng.choice(("No. Induk Karyawan", "NIK Karyawan")), person.employee_id)
        page.row("Jabatan", person.job_title)
        page.gap(0.5)
    page.para(f"Hak-hak Saudara berupa uang pesangon dan uang penghargaan masa kerja akan dibayarkan paling "
              f"lambat tanggal {fmt(pay)} melalui rekening payroll.")
    page.para("Demikian surat ini disampaikan untuk dapat dimaklumi.")
    page.signature(person, f"{person.employer_city.title()}, {fmt(person.letter_date)}")
    return letter_rendered(person, rng, page.fonts, page, _truth(person, worker), person.letter_date, two_pages=two_pages)


@register(DOC, "approval_addressed", "heldout",
          "the employer's answer addressed to the worker (Kepada Yth. block at the top, Perihal line), the "
          "resignation approved in running text, the last working day written after the date the request was sent")
def approval_addressed(person: Person, rng: random.Random, *, two_pages: bool = False) -> Rendered:
    """Held out: a letter to the worker, not about them; two dates in one sentence."""
    page = new_page(rng)
    ds = pick_date_style(rng)
    page.letterhead(person, left=rng.random() < 0.5)
    page.gap(0.4)
    page.text(page.margin, f"{person.employer_city.title()}, {format_date(person.letter_date, ds)}")
    page.y += page.lh * 1.5
    page.text(page.margin, f"Nomor    : {_number(page, person, 'PPD')}")
    page.y += page.lh
    page.text(page.margin, "Perihal  : Persetujuan Pengunduran Diri")
    page.y += page.lh * 1.6
    worker = _name_on(rng, person.name, 0.3)
    page.text(page.margin, "Kepada Yth.")
    page.y += page.lh
    page.text(page.margin, f"{_honorific(person)} {worker}", bold=True)
    page.y += page.lh
    page.text(page.margin, "di Tempat")
    page.y += page.lh * 1.6
    page.para("Dengan hormat,")
    sent = person.resignation_date - timedelta(days=rng.choice((14, 21, 30)))
    page.para(f"Menindaklanjuti surat permohonan yang Saudara ajukan pada {format_date(sent, ds)}, dengan ini "
              f"manajemen {person.employer} menyetujui pengunduran diri Saudara dari jabatan {person.job_title}. "
              f"Hari kerja Saudara yang terakhir adalah {format_date(person.resignation_date, ds)}, dan seluruh hak "
              "Saudara akan diselesaikan sesuai peraturan perusahaan.")
    page.para("Atas dedikasi dan kerja sama Saudara selama ini kami ucapkan terima kasih.")
    page.signature(person, "Hormat kami,")
    return letter_rendered(person, rng, page.fonts, page, _truth(person, worker), person.letter_date, two_pages=two_pages)


_WEEKDAYS = ("Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu")


@register(DOC, "owner_note", "heldout",
          "a small business's short note signed by its head in the first person ('Saya ... selaku pimpinan'): "
          "place and date at the top right, the worker's rows, the last day as 'terakhir masuk kerja pada hari "
          "<weekday>, <date>', no letterhead rule")
def owner_note(person: Person, rng: random.Random, *, two_pages: bool = False) -> Rendered:
    """First person, but the writer is not the worker; weekday before the last day."""
    page = new_page(rng)
    ds = rng.choice(("long", "long", "dmy_slash", "short_month"))
    page.text(page.margin, person.employer, 28, True)
    page.y += 40
    page.text(page.margin, f"{person.employer_city.title()} - Telp. 08{rng.randint(11, 99)}-{rng.randint(1000, 9999)}-"
                           f"{rng.randint(1000, 9999)}", 18)
    page.y += 70
    page.text(page.w - page.margin - 380, f"{person.employer_city.title()}, {format_date(person.letter_date, ds)}")
    page.y += page.lh * 2
    page.centred("SURAT KETERANGAN", 26, True, 30)
    page.ops.append(LineOp(((page.w / 2 - 130, page.y), (page.w / 2 + 130, page.y)), 2))
    page.y += page.lh
    worker = _name_on(rng, person.name, 0.3)
    page.para(f"Saya yang bertanda tangan di bawah ini, {person.signer.full}, selaku pimpinan {person.employer}, "
              "dengan ini menerangkan bahwa:")
    page.row("Nama", worker, rng.random() < 0.5)
    page.row(rng.choice(("No. KTP", "NIK")), person.me.nik)
    page.row("Alamat", f"{person.address} RT/RW {person.rt_rw}")
    page.gap(0.5)
    last = person.resignation_date
    page.para(f"benar pernah bekerja di tempat kami sebagai {person.job_title.lower()} sejak "
              f"{format_date(person.hired_on, ds)} dan terakhir masuk kerja pada hari {_WEEKDAYS[last.weekday()]}, "
              f"{format_date(last, ds)}. Yang bersangkutan keluar atas kemauan sendiri dan selama bekerja "
              "berkelakuan baik.")
    page.para("Demikian surat keterangan ini saya buat dengan sebenarnya untuk dipergunakan seperlunya.")
    y0 = max(page.y + page.lh, 1150)
    sx = page.w - page.margin - 400
    page.ops.append(TextOp(sx, y0, "Pimpinan,", page.size))
    page.ops.append(LineOp(tuple(scribble_points(rng, (sx + 10, y0 + 40, sx + 280, y0 + 140))), 3))
    page.ops.append(TextOp(sx, y0 + 170, person.signer.full, fit_font(page.fonts, person.signer.full, page.size, 440,
                                                                      True).size, True))
    return letter_rendered(person, rng, page.fonts, page, _truth(person, worker), person.letter_date, two_pages=two_pages)


_DAY_NAMES = ("Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu")


def _date_more(d: date, style: str) -> str:
    """:func:`format_date` plus spellings the older families never print: dotted numbers
    (``31.03.2026``), ISO (``2026-03-31``), a weekday before the long form (``Selasa, 31 Maret
    2026``) and a month abbreviation with a full stop and a dash (``31-Mar-2026``)."""
    if style == "dmy_dot":
        return d.strftime("%d.%m.%Y")
    if style == "iso":
        return d.isoformat()
    if style == "weekday_long":
        return f"{_DAY_NAMES[d.weekday()]}, {format_date(d, 'long')}"
    if style == "dash_month":
        return f"{d.day:02d}-{format_date(d, 'short_month').split()[1]}-{d.year}"
    return format_date(d, style)


def _pick_more(rng: random.Random) -> str:
    """A date style of :func:`_date_more`, the older ones included."""
    return rng.choice(("long", "dmy_dash", "short_month", "dmy_slash", "dmy_dot", "iso", "weekday_long", "dash_month"))


def _title_case(name: str) -> str:
    """A name in capitals as people type it in a word processor: ``Nurul Hidayah, S.E.``
    (initials and degrees keep their capitals)."""
    words = []
    for w in name.split(" "):
        words.append(w if "." in w or len(w) <= 1 else w[:1] + w[1:].lower())
    return " ".join(words)


@register(DOC, "contract_end", "train",
          "an outsourcing firm's letter that a fixed-term contract (PKWT) ended: the worker's name in title case "
          "or capitals, the client company placed at, the PKWT cited with its own number and date, the contract "
          "period 'D1 s.d. D2', dotted/ISO/weekday date spellings")
def contract_end(person: Person, rng: random.Random, *, two_pages: bool = False) -> Rendered:
    """A contract that ran out rather than a resignation: the last day is the contract's end."""
    page = new_page(rng)
    ds = _pick_more(rng)
    page.letterhead(person, left=rng.random() < 0.5)
    page.gap(0.6)
    page.centred(rng.choice(("SURAT KETERANGAN", "SURAT KETERANGAN BERAKHIRNYA KONTRAK KERJA",
                             "SURAT KETERANGAN SELESAI KONTRAK")), 28, True, 44)
    page.centred(f"Nomor : {_number(page, person, 'SKET')}", 20, False, 60)
    worker = _name_on(rng, person.name, 0.4)
    shown = _title_case(worker) if rng.random() < 0.6 else worker
    page.para(f"Yang bertanda tangan di bawah ini, {person.signer_title} {person.employer}, menerangkan "
              "dengan sebenarnya bahwa:")
    page.row(rng.choice(("Nama Tenaga Kerja", "Nama", "Nama Lengkap")), shown, True)
    page.row(rng.choice(("NIK KTP", "No. KTP", "NIK")), person.me.nik)
    client = rng.choice(("PT SINAR MAS ABADI", "PT CAHAYA LOGISTIK NUSANTARA", "PT MULTI BOGA UTAMA",
                         "PT GRAHA RITEL INDONESIA", "PT PRIMA KEMASAN JAYA"))
    page.row(rng.choice(("Lokasi Penempatan", "Penempatan", "User")), client)
    page.row("Jabatan", person.job_title.title())
    page.gap(0.5)
    signed = person.hired_on - timedelta(days=rng.randint(1, 6))
    pkwt = f"{rng.randint(1, 400):03d}/PKWT/{ROMAN[signed.month - 1]}/{signed.year}"
    page.para(f"adalah benar tenaga kerja kontrak kami yang ditempatkan di {client} berdasarkan Perjanjian Kerja "
              f"Waktu Tertentu (PKWT) Nomor {pkwt} tanggal {_date_more(signed, ds)}, dengan masa kontrak "
              f"{_date_more(person.hired_on, ds)} {rng.choice(('s.d.', 's/d', 'sampai dengan', '-'))} "
              f"{_date_more(person.resignation_date, ds)}.")
    page.para(rng.choice(("Kontrak kerja yang bersangkutan telah berakhir dan tidak diperpanjang.",
                          "Dengan berakhirnya masa kontrak tersebut, hubungan kerja yang bersangkutan dengan "
                          "perusahaan telah selesai.")))
    page.para("Surat keterangan ini dibuat untuk keperluan pencairan Jaminan Hari Tua BPJS Ketenagakerjaan.")
    page.signature(person, f"{person.employer_city.title()}, {_date_more(person.letter_date, ds)}")
    return letter_rendered(person, rng, page.fonts, page, _truth(person, worker), person.letter_date, two_pages=two_pages)


@register(DOC, "date_first_memo", "train",
          "an internal HR memo (Kepada / Dari / Tanggal / Perihal header rows): the last day opens the "
          "sentence ('Terhitung tanggal D2, karyawan atas nama NAME ...'), the start of employment after the name")
def date_first_memo(person: Person, rng: random.Random, *, two_pages: bool = False) -> Rendered:
    """The date before the name, the memo's own date in a labelled header row."""
    page = new_page(rng)
    ds = _pick_more(rng)
    page.letterhead(person, left=rng.random() < 0.5)
    page.gap(0.5)
    page.centred(rng.choice(("MEMO INTERNAL", "NOTA DINAS", "SURAT KETERANGAN")), 28, True, 50)
    page.colon = rng.choice(("tight", "aligned", "narrow"))
    page.row("Kepada", rng.choice(("Bagian Keuangan", "Seluruh Kepala Bagian", "Yth. Pihak yang berkepentingan")))
    page.row("Dari", rng.choice(("HRD", "Manajer Personalia", "Bagian SDM")))
    page.row("Tanggal", _date_more(person.letter_date, ds))
    page.row("Perihal", rng.choice(("Karyawan berhenti bekerja", "Pemberitahuan karyawan keluar", "Resign karyawan")))
    page.ops.append(LineOp(((page.margin, page.y), (page.w - page.margin, page.y)), 2))
    page.gap(0.8)
    worker = _name_on(rng, person.name, 0.4)
    shown = _title_case(worker) if rng.random() < 0.5 else worker
    ref = f" (No. Karyawan {person.employee_id})" if rng.random() < 0.6 else ""
    opener = rng.choice(("Terhitung tanggal", "Terhitung sejak tanggal", "Per tanggal", "Efektif tanggal"))
    page.para(f"{opener} {_date_more(person.resignation_date, ds)}, karyawan atas nama {shown}{ref}, "
              f"bagian {rng.choice(('Produksi', 'Gudang', 'Administrasi', 'Penjualan'))}, yang bekerja di "
              f"{person.employer} sejak {_date_more(person.hired_on, ds)}, telah mengundurkan diri dan tidak lagi "
              "menjadi karyawan perusahaan.")
    page.para("Seluruh hak dan kewajiban yang bersangkutan telah diselesaikan. Mohon dapat dipergunakan "
              "sebagaimana mestinya.")
    page.signature(person, rng.choice(("Hormat kami,", f"{person.employer_city.title()}, {_date_more(person.letter_date, ds)}")),
                   with_company=rng.random() < 0.5)
    return letter_rendered(person, rng, page.fonts, page, _truth(person, worker), person.letter_date, two_pages=two_pages)


@register(DOC, "clearance_grid", "train",
          "an exit clearance form: the worker's data in a ruled two-column grid (label cell, value cell, no "
          "colons), the reason as tick boxes, a sign-off grid with its own date column")
def clearance_grid(person: Person, rng: random.Random, *, two_pages: bool = False) -> Rendered:
    """Labels and values in ruled cells; the last day in the grid, the form's date in the sign-off grid."""
    page = new_page(rng)
    ds = _pick_more(rng)
    page.letterhead(person, left=rng.random() < 0.5)
    page.gap(0.4)
    page.centred(rng.choice(("FORMULIR EXIT CLEARANCE", "SURAT KETERANGAN BERHENTI BEKERJA", "EXIT INTERVIEW & CLEARANCE")),
                 28, True, 56)
    worker = _name_on(rng, person.name, 0.4)
    shown = _title_case(worker) if rng.random() < 0.4 else worker
    rows = [
        (rng.choice(("Nama Karyawan", "Nama", "Employee Name")), shown),
        (rng.choice(("NIK Karyawan", "No. Induk", "Employee ID")), person.employee_id),
        ("Jabatan", person.job_title.title()),
        (rng.choice(("Departemen", "Bagian")), rng.choice(("Produksi", "Gudang", "Finance", "Marketing"))),
        (rng.choice(("Tanggal Bergabung", "Tanggal Masuk", "Join Date")), _date_more(person.hired_on, ds)),
        (rng.choice(("Tanggal Efektif Berhenti", "Hari Kerja Terakhir", "Last Working Day", "Tanggal Keluar")),
         _date_more(person.resignation_date, ds)),
    ]
    x0, x1, x2 = page.margin - 10, page.margin + rng.randint(300, 380), page.w - page.margin + 10
    h = page.lh + 14
    top = page.y - 10
    for label, value in rows:
        page.text(x0 + 14, label, page.size - 1, y=page.y)
        page.text(x1 + 14, value, page.size, bold=label.startswith(("Nama", "Employee Name")), y=page.y)
        page.y += h
    _grid(page, [x0, x1, x2], top, [h] * len(rows), 2)
    page.gap(0.6)
    page.text(page.margin, "Alasan berhenti:")
    page.y += page.lh
    ticked = rng.choice(("Mengundurkan diri", "Habis kontrak"))
    x: float = page.margin + 20
    for opt in ("Mengundurkan diri", "Habis kontrak", "PHK", "Pensiun"):
        page.ops.append(LineOp(((x, page.y + 2), (x + 22, page.y + 2), (x + 22, page.y + 24), (x, page.y + 24), (x, page.y + 2)), 2))
        if opt == ticked:
            page.ops.append(LineOp(((x + 3, page.y + 12), (x + 10, page.y + 21), (x + 20, page.y + 4)), 3))
        page.text(x + 32, opt, page.size - 2)
        x += 60 + page.fonts.get(page.size - 2).getlength(opt)
    page.y += page.lh * 1.6
    page.para("Karyawan tersebut di atas telah menyelesaikan seluruh kewajibannya kepada perusahaan.")
    # the sign-off grid: who signed, and on which date (the form's own date)
    page.gap(0.5)
    cols = (page.margin - 10, page.margin + 330, page.margin + 700, page.w - page.margin + 10)
    head = ("Disetujui oleh", "Jabatan", "Tanggal")
    values = (person.signer.full, person.signer_title, _date_more(person.letter_date, ds))
    top = page.y - 10
    for c, t in zip(cols, head, strict=False):
        page.text(c + 12, t, page.size - 2, bold=True, y=page.y)
    page.y += h
    for c, v in zip(cols, values, strict=False):
        page.text(c + 12, v, page.size - 3, y=page.y)
    page.y += h * 1.6
    _grid(page, list(cols), top, [h, h * 1.6], 2)
    page.ops.append(LineOp(tuple(scribble_points(rng, (cols[0] + 30, top + h + 40, cols[0] + 260, top + h * 2.5))), 3))
    return letter_rendered(person, rng, page.fonts, page, _truth(person, worker), person.letter_date, two_pages=two_pages)


@register(DOC, "bpjs_addressed", "train",
          "the statement a claimant takes to BPJS: Nomor and the letter's 'City, DATE' on one line at the top, "
          "addressed to the BPJS Ketenagakerjaan branch, the member's rows (name, KPJ, NIK, birth, membership "
          "start, start of work, last day, reason) and the request that the JHT be paid")
def bpjs_addressed(person: Person, rng: random.Random, *, two_pages: bool = False) -> Rendered:
    """Many dates in labelled rows (birth, membership, start, last day); the letter's own date at the top right."""
    page = new_page(rng)
    ds = _pick_more(rng)
    page.letterhead(person, left=rng.random() < 0.5)
    page.gap(0.3)
    city_date = f"{person.employer_city.title()}, {_date_more(person.letter_date, ds)}"
    number = f"{rng.randint(1, 250):03d}/HRD/{ROMAN[person.letter_date.month - 1]}/{person.letter_date.year}"
    page.text(page.margin, f"Nomor    : {number}")
    page.text(page.w - page.margin - page.fonts.get(page.size).getlength(city_date), city_date)
    page.y += page.lh
    page.text(page.margin, "Lampiran : -")
    page.y += page.lh
    page.text(page.margin, "Perihal  : " + rng.choice(("Keterangan Berhenti Bekerja", "Pengajuan Klaim JHT",
                                                       "Surat Keterangan Non Aktif Peserta")))
    page.y += page.lh * 1.5
    for line in ("Kepada Yth.", rng.choice(("Kepala Kantor Cabang BPJS Ketenagakerjaan",
                                            "Bapak/Ibu Pimpinan BPJS Ketenagakerjaan")),
                 f"Cabang {person.employer_city.title()}", "di Tempat"):
        page.text(page.margin, line)
        page.y += page.lh
    page.gap(0.6)
    page.para("Dengan hormat,")
    page.para(f"Yang bertanda tangan di bawah ini, {person.signer_title} {person.employer}, menerangkan "
              f"bahwa peserta BPJS Ketenagakerjaan tersebut di bawah ini:")
    page.colon = rng.choice(("aligned", "wide", "tight"))
    worker = _name_on(rng, person.name, 0.3)
    shown = _title_case(worker) if rng.random() < 0.3 else worker
    me = person.me
    rows = [
        (rng.choice(("Nama Peserta", "Nama Tenaga Kerja", "Nama")), shown),
        (rng.choice(("Nomor KPJ", "No. Peserta", "No. KPJ")), person.kpj),
        (rng.choice(("NIK", "No. KTP", "NIK (KTP)")), me.nik),
        ("Tempat, Tgl. Lahir", f"{me.birth_place.title()}, {_date_more(me.birth_date, ds)}"),
        (rng.choice(("Tanggal Kepesertaan", "Terdaftar Sejak", "Tgl. Kepesertaan")), _date_more(person.member_since, ds)),
    ]
    if rng.random() < 0.6:
        rows.append((rng.choice(("Tanggal Mulai Bekerja", "Mulai Bekerja", "Tanggal Masuk")), _date_more(person.hired_on, ds)))
    rows.append((rng.choice(("Tanggal Berhenti Bekerja", "Tgl. Non Aktif", "Tanggal Keluar", "Berhenti Bekerja Per")),
                 _date_more(person.resignation_date, ds)))
    rows.append(("Alasan Berhenti", rng.choice(("Mengundurkan diri", "Habis kontrak", "Resign"))))
    for label, value in rows:
        page.row(label, value, bold=value == shown)
    page.gap(0.4)
    page.para("telah berhenti bekerja dari perusahaan kami dan kepesertaannya telah dinonaktifkan, sehingga yang "
              "bersangkutan dapat mengajukan pembayaran Jaminan Hari Tua (JHT) sesuai ketentuan yang berlaku.")
    page.para("Demikian surat keterangan ini kami buat dengan sebenarnya untuk dapat dipergunakan sebagaimana mestinya.")
    page.signature(person, "Hormat kami,", with_company=rng.random() < 0.6)
    return letter_rendered(person, rng, page.fonts, page, _truth(person, worker), person.letter_date, two_pages=two_pages)


def _ordinal(day: int) -> str:
    """``1st``, ``2nd``, ``23rd``, ``30th``."""
    suffix = "th" if 10 <= day % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(day % 10, "th")
    return f"{day}{suffix}"


def _relieving_date(d: date, style: str) -> str:
    """The date spellings of English HR letters: ordinals, abbreviated months, numbers."""
    m = ENGLISH_MONTHS[d.month - 1]
    if style == "ordinal":
        return f"{_ordinal(d.day)} {m} {d.year}"
    if style == "us_ordinal":
        return f"{m} {_ordinal(d.day)}, {d.year}"
    if style == "dash_month":
        return f"{d.day:02d}-{m[:3]}-{d.year}"
    return d.strftime("%d/%m/%Y")


@register(DOC, "relieving_letter", "train",
          "a foreign-owned company's English 'Relieving Letter' / 'Experience Letter': dated at the top, addressed "
          "to the worker ('To,' / Mr. NAME / Employee Code / Designation), citing the worker's own resignation "
          "letter by its date, 'relieved ... with effect from the close of working hours on DATE' or 'w.e.f. DATE', "
          "the joining date, and the full and final settlement promised by a later date; ordinal dates")
def relieving_letter(person: Person, rng: random.Random, *, two_pages: bool = False) -> Rendered:
    """Four dates besides the last day (the letter's, the resignation request's, the joining, a
    later settlement), the worker as the addressee and in a 'Dear Mr. FIRST' line."""
    page = new_page(rng)
    style = rng.choice(("ordinal", "us_ordinal", "dash_month", "numeric"))
    page.letterhead(person, left=rng.random() < 0.5)
    page.gap(0.3)
    top = _relieving_date(person.letter_date, style)
    if rng.random() < 0.5:
        page.text(page.margin, f"Date: {top}")
    else:
        page.text(page.w - page.margin - page.fonts.get(page.size).getlength(top), top)
    page.y += page.lh
    page.text(page.margin, f"Ref. No.: {_number(page, person, rng.choice(('HR', 'HRD', 'PER')))}")
    page.y += page.lh * 1.5
    page.centred(rng.choice(("RELIEVING LETTER", "RELIEVING CUM EXPERIENCE LETTER", "EXPERIENCE LETTER",
                             "SERVICE CERTIFICATE")), 28, True, 52)
    worker = _name_on(rng, person.name, 0.3)
    title = "Ms." if person.me.female else "Mr."
    page.text(page.margin, "To,")
    page.y += page.lh
    page.text(page.margin, f"{title} {worker}", bold=rng.random() < 0.5)
    page.y += page.lh
    page.text(page.margin, f"Employee Code: {person.employee_id}")
    page.y += page.lh
    page.text(page.margin, f"Designation: {person.job_title}")
    page.y += page.lh * 1.5
    page.para(f"Dear {title} {person.name.core.split()[0].title()},")
    asked = person.resignation_date - timedelta(days=rng.randint(14, 35))
    last = _relieving_date(person.resignation_date, style)
    if rng.random() < 0.5:
        page.para(f"This has reference to your resignation letter dated {_relieving_date(asked, style)}. We wish to "
                  f"inform you that your resignation has been accepted and you are relieved from the services of "
                  f"{person.employer} with effect from the close of working hours on {last}.")
    else:
        page.para(f"With reference to your letter dated {_relieving_date(asked, style)} tendering your resignation, "
                  f"you have been relieved from your duties w.e.f. {last}.")
    if rng.random() < 0.7:
        page.para(f"Your date of joining was {_relieving_date(person.hired_on, style)} and your last designation "
                  f"with the company was {person.job_title}.")
    settle = person.resignation_date + timedelta(days=rng.randint(30, 45))
    page.para(f"Your full and final settlement will be processed on or before {_relieving_date(settle, style)}. "
              "We thank you for your contribution and wish you success in your future endeavours.")
    page.signature(person, f"For {person.employer}", with_company=False)
    return letter_rendered(person, rng, page.fonts, page, _truth(person, worker), person.letter_date, two_pages=two_pages)
