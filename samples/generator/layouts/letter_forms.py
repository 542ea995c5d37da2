"""More training letter families (seventeenth pass of issue 11): an HR system's printout in two
columns, a formal statement signed "Ditetapkan di / Pada tanggal", and an e-mail printed from a
mail client. Each is drawn from how such documents look in general, not from any held-out family.
"""

from __future__ import annotations

import random
from datetime import date, timedelta

from samples.generator.layouts.common import Page, format_date, letter_rendered, new_page
from samples.generator.layouts.letter import (
    DOC,
    ENGLISH_MONTHS,
    _date_more,
    _number,
    _pick_more,
    _title_case,
    _truth,
)
from samples.generator.layouts.registry import register
from samples.generator.people import Person, make_name
from samples.generator.render import LineOp, Rendered, TextOp, _name_on, _wrap, fit_font, scribble_points

ENGLISH_DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
HARI = ("Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu")
DEPARTMENTS = ("Produksi", "Gudang", "Keuangan", "Quality Control", "Maintenance", "Penjualan", "Logistik", "HRD")


def _other_name(rng: random.Random) -> str:
    """Another person's name (a supervisor, an HR officer) in capitals."""
    return make_name(rng, rng.random() < 0.4)


def _cell(page: Page, x: float, label: str, value: str, stacked: bool, width: float, bold: bool = False) -> None:
    """One label/value cell of a two-column grid at ``x`` on the current line: the label small
    above its value, or ``Label : value`` on one line."""
    if stacked:
        page.ops.append(TextOp(x, page.y, label, page.size - 5))
        f = fit_font(page.fonts, value, page.size, width, bold)
        page.ops.append(TextOp(x, page.y + page.size + 4, value, f.size, bold))
        return
    lead = f"{label} : "
    lw = page.fonts.get(page.size - 2).getlength(lead)
    page.ops.append(TextOp(x, page.y, lead, page.size - 2))
    f = fit_font(page.fonts, value, page.size - 2, width - lw - 6, bold)
    page.ops.append(TextOp(x + lw + 6, page.y, value, f.size, bold))


@register(DOC, "hris_printout", "train",
          "a certificate printed from an HR system: a print timestamp at the top, the worker's data in two "
          "columns of label/value cells (stacked or 'Label : value'), the supervisor's name in a cell of its "
          "own, join and effective-exit dates as cells, a short system note and an electronic approval line")
def hris_printout(person: Person, rng: random.Random, *, two_pages: bool = False) -> Rendered:
    """Two columns of cells: the worker's name beside a supervisor's, dates as cell values."""
    page = new_page(rng)
    ds = _pick_more(rng)
    stamp = f"{person.letter_date:%d/%m/%Y} {rng.randint(7, 17):02d}:{rng.randint(0, 59):02d}"
    page.text(page.margin - 40, person.employer, page.size + 6, True)
    tag = rng.choice(("Dicetak", "Tanggal Cetak", "Printed"))
    tw = page.fonts.get(page.size - 6).getlength(f"{tag}: {stamp}")
    page.text(page.w - page.margin + 40 - tw, f"{tag}: {stamp}", page.size - 6)
    page.y += page.lh
    page.text(page.margin - 40, rng.choice(("Human Capital Information System", "Sistem Informasi SDM",
                                            "Employee Self Service")), page.size - 6)
    page.y += page.lh
    page.rule(False)
    page.centred(rng.choice(("SURAT KETERANGAN KERJA", "EMPLOYMENT CERTIFICATE / SURAT KETERANGAN KERJA",
                             "SURAT KETERANGAN KARYAWAN")), 26, True, 40)
    page.centred(f"No. Dokumen : {_number(page, person, 'SKK')}", 18, False, 50)
    page.para(f"Berdasarkan data kepegawaian pada sistem {person.employer}, dengan ini diterangkan data karyawan "
              "sebagai berikut:")
    worker = _name_on(rng, person.name, 0.3)
    shown = _title_case(worker) if rng.random() < 0.4 else worker
    supervisor = _other_name(rng)
    leaving = rng.choice(("Mengundurkan Diri", "Resign", "Habis Kontrak", "Pensiun Dini"))
    left = [(rng.choice(("Nama Karyawan", "Nama", "Nama Lengkap")), shown, True),
            (rng.choice(("NIK KTP", "No. KTP")), person.me.nik, False),
            ("Jabatan", person.job_title, False),
            (rng.choice(("Tanggal Bergabung", "Tanggal Masuk", "Join Date")), _date_more(person.hired_on, ds), False)]
    right = [(rng.choice(("ID Karyawan", "No. Induk Karyawan", "Employee ID")), person.employee_id, False),
             (rng.choice(("Departemen", "Divisi", "Unit Kerja")), rng.choice(DEPARTMENTS), False),
             (rng.choice(("Atasan Langsung", "Nama Atasan", "Supervisor")), supervisor, False),
             (rng.choice(("Tanggal Efektif Keluar", "Tanggal Keluar", "Efektif Berhenti", "Last Working Day")),
              _date_more(person.resignation_date, ds), False)]
    if rng.random() < 0.5:  # some systems put the dates in the first column
        left[3], right[2] = right[2], left[3]
    stacked = rng.random() < 0.5
    col = (page.w - 2 * page.margin) / 2
    x0, x1 = page.margin, page.margin + col + 20
    page.ops.append(LineOp(((x0 - 10, page.y - 10), (page.w - page.margin + 10, page.y - 10)), 1))
    for (la, va, ba), (lb, vb, bb) in zip(left, right, strict=True):
        _cell(page, x0, la, va, stacked, col - 30, ba)
        _cell(page, x1, lb, vb, stacked, col - 30, bb)
        page.y += page.lh * (2.0 if stacked else 1.3)
        page.ops.append(LineOp(((x0 - 10, page.y - 12), (page.w - page.margin + 10, page.y - 12)), 1))
    _cell(page, x0, rng.choice(("Alasan Keluar", "Status")), leaving, stacked, 2 * col - 40)
    page.y += page.lh * (2.2 if stacked else 1.6)
    page.para(rng.choice(("Yang bersangkutan telah menyelesaikan seluruh kewajibannya kepada perusahaan dan tidak "
                          "lagi terikat hubungan kerja sejak tanggal efektif keluar tersebut.",
                          "Surat ini diterbitkan oleh sistem dan berlaku tanpa tanda tangan basah.")))
    page.para("Demikian surat keterangan ini dibuat untuk dipergunakan sebagaimana mestinya.")
    when = format_date(person.letter_date, rng.choice(("long", "dmy_slash", "short_month")))
    page.y += page.lh
    page.text(page.margin, f"Disetujui secara elektronik oleh {person.signer.full}, {person.signer_title}")
    page.y += page.lh
    page.text(page.margin, f"pada {when}" if rng.random() < 0.5 else f"{person.employer_city.title()}, {when}")
    return letter_rendered(person, rng, page.fonts, page, _truth(person, worker), person.letter_date, two_pages=two_pages)


@register(DOC, "formal_statement", "train",
          "a formal 'Surat Keterangan' in the government style: the worker's rows with 'Tempat/Tgl. Lahir : City, "
          "DATE' (a place and a date that are not the letter's), 'Pendidikan' and 'Alamat' rows, the period in a "
          "sentence, the sign-off as 'Ditetapkan di : City' over 'Pada tanggal : DATE', the signer's "
          "registration number under the name, and a 'Tembusan' list")
def formal_statement(person: Person, rng: random.Random, *, two_pages: bool = False) -> Rendered:
    """The letter's own date only after "Pada tanggal", a birth place-and-date row above it."""
    page = new_page(rng)
    ds = rng.choice(("long", "long", "dmy_dash", "short_month", "dmy_slash", "dmy_dot"))
    page.letterhead(person, left=rng.random() < 0.3)
    page.gap(0.5)
    page.centred(rng.choice(("SURAT KETERANGAN", "SURAT KETERANGAN PENGALAMAN KERJA", "SURAT KETERANGAN BERHENTI BEKERJA")),
                 26, True, 36)
    page.ops.append(LineOp(((page.w / 2 - 180, page.y - 6), (page.w / 2 + 180, page.y - 6)), 2))
    page.centred(f"Nomor : {_number(page, person, 'SKET')}", 20, False, 56)
    page.para("Yang bertanda tangan di bawah ini :")
    page.row("Nama", person.signer.full)
    page.row("Jabatan", person.signer_title)
    page.gap(0.3)
    page.para("dengan ini menerangkan bahwa :")
    worker = _name_on(rng, person.name, 0.4)
    born = f"{person.me.birth_place.title()}, {_date_more(person.me.birth_date, ds)}"
    rows: list[tuple[str, str, bool]] = [
        (rng.choice(("Nama", "Nama Lengkap")), worker, True),
        (rng.choice(("Tempat/Tgl. Lahir", "Tempat, Tanggal Lahir", "TTL")), born, False),
        (rng.choice(("NIK", "Nomor KTP")), person.me.nik, False),
        ("Pendidikan", rng.choice(("SMA", "SMK", "D3", "S1")), False),
        ("Alamat", f"{person.address} RT/RW {person.rt_rw}", False)]
    for label, value, bold in rows:
        page.row(label, value, bold)
    page.gap(0.3)
    end = _date_more(person.resignation_date, ds)
    page.para(rng.choice((
        f"adalah benar pernah bekerja pada {person.employer} sebagai {person.job_title} sejak tanggal "
        f"{_date_more(person.hired_on, ds)} sampai dengan tanggal {end}, dan telah berhenti bekerja karena "
        "mengundurkan diri atas kemauan sendiri.",
        f"adalah karyawan {person.employer} dengan jabatan terakhir {person.job_title}, yang telah bekerja sejak "
        f"{_date_more(person.hired_on, ds)} dan berhenti bekerja terhitung mulai tanggal {end}.",
    )))
    page.para("Surat keterangan ini diberikan kepada yang bersangkutan untuk keperluan pengurusan klaim Jaminan Hari "
              "Tua (JHT) pada BPJS Ketenagakerjaan.")
    # the sign-off: "Ditetapkan di : City" over "Pada tanggal : DATE", then the signer
    sx = page.w - page.margin - 470
    y = max(page.y + page.lh, min(1180, page.h - 470))
    lab = page.fonts.get(page.size).getlength("Pada tanggal") + 16
    for i, (label, value) in enumerate((("Ditetapkan di", person.employer_city.title()),
                                        ("Pada tanggal", _date_more(person.letter_date, ds)))):
        page.ops.append(TextOp(sx, y + i * page.lh, label, page.size))
        page.ops.append(TextOp(sx + lab, y + i * page.lh, f": {value}", page.size))
    page.ops.append(LineOp(((sx, y + 2 * page.lh - 4), (sx + 440, y + 2 * page.lh - 4)), 1.5))
    page.ops.append(TextOp(sx, y + 2 * page.lh + 6, f"{person.signer_title},", page.size))
    pts = scribble_points(rng, (sx + 20, y + 3 * page.lh + 10, sx + 300, y + 3 * page.lh + 100))
    page.ops.append(LineOp(tuple(pts), 3))
    ny = y + 3 * page.lh + 130
    page.ops.append(TextOp(sx, ny, person.signer.full, page.size, True))
    page.ops.append(TextOp(sx, ny + page.lh, f"{rng.choice(('NIP', 'NIK', 'NPP'))}. {rng.randint(10**9, 10**10 - 1)}",
                           page.size - 2))
    ty = ny + 3 * page.lh
    page.ops.append(TextOp(page.margin, ty, "Tembusan :", page.size - 2))
    for i, who in enumerate(("Yang bersangkutan", "Bagian Keuangan", "Arsip")):
        page.ops.append(TextOp(page.margin, ty + (i + 1) * (page.lh - 4), f"{i + 1}. {who}", page.size - 2))
    return letter_rendered(person, rng, page.fonts, page, _truth(person, worker), person.letter_date, two_pages=two_pages)


def _sent(d: date, rng: random.Random, english: bool) -> str:
    """A mail client's sent date: ``Monday, January 12, 2026 10:32 AM`` or ``Sen, 12 Jan 2026 pukul 10.32``."""
    hh, mm = rng.randint(7, 18), rng.randint(0, 59)
    if english:
        ampm = "AM" if hh < 12 else "PM"
        return f"{ENGLISH_DAYS[d.weekday()]}, {ENGLISH_MONTHS[d.month - 1]} {d.day}, {d.year} {(hh - 1) % 12 + 1}:{mm:02d} {ampm}"
    month = format_date(d, "short_month").split()[1]
    return f"{HARI[d.weekday()][:3]}, {d.day} {month} {d.year} pukul {hh:02d}.{mm:02d}"


@register(DOC, "email_printout", "train",
          "an HR e-mail accepting the resignation, printed from a mail client: a header block (From / To / Sent "
          "or Dari / Kepada / Tanggal, with addresses and a subject naming the worker), sometimes the browser's "
          "print date at the top, then the message in Indonesian or English with the last working day and the "
          "request's date in it, and an e-mail signature instead of a signed block")
def email_printout(person: Person, rng: random.Random, *, two_pages: bool = False) -> Rendered:
    """The sent date as the letter's date, the worker as the addressee and in the subject."""
    page = new_page(rng)
    english = rng.random() < 0.4
    worker = _name_on(rng, person.name, 0.15)
    shown = _title_case(worker)
    core = person.name.core.lower().split()
    addr = f"{core[0]}.{core[-1]}{rng.randint(1, 99) if rng.random() < 0.5 else ''}@{rng.choice(('gmail.com', 'yahoo.co.id', 'outlook.com'))}"
    hr = _other_name(rng).title()
    domain = "".join(w for w in person.employer.lower().replace("pt ", "").split()[:2]) + ".co.id"
    sent = person.letter_date
    page.y = 40
    if rng.random() < 0.5:  # the browser's header: the day it was printed, and the page title
        printed = sent + timedelta(days=rng.randint(0, 20))
        page.text(50, f"{printed:%d/%m/%y} {rng.randint(8, 20):02d}.{rng.randint(0, 59):02d}", 14)
        page.text(page.w / 2 - 120, f"Mail - {shown} - Outlook" if english else "Gmail - Pengunduran Diri", 14)
        page.y += 50
    subject = rng.choice((f"RE: Surat Pengunduran Diri - {shown}", f"Resignation Acceptance - {shown}",
                          f"Balasan: Pengunduran diri a.n. {shown}"))
    page.text(page.margin - 40, subject, page.size + 6, True)
    page.y += page.lh * 1.6
    labels = (("From", "To", "Sent", "Subject") if english else ("Dari", "Kepada", "Tanggal", "Subjek"))
    hdr = [(labels[0], f"{hr} <hr@{domain}>"), (labels[1], f"{shown} <{addr}>"),
           (labels[2], _sent(sent, rng, english)), (labels[3], subject)]
    if rng.random() < 0.5:
        hdr.insert(2, ("Cc", f"{_other_name(rng).title()} <payroll@{domain}>"))
    lw = max(page.fonts.get(page.size - 2, True).getlength(f"{lab}:") for lab, _ in hdr) + 14
    for lab, val in hdr:
        page.ops.append(TextOp(page.margin - 40, page.y, f"{lab}:", page.size - 2, True))
        f = fit_font(page.fonts, val, page.size - 2, page.w - page.margin - lw - page.margin + 60)
        page.ops.append(TextOp(page.margin - 40 + lw, page.y, val, f.size))
        page.y += page.lh - 4
    page.ops.append(LineOp(((page.margin - 40, page.y + 6), (page.w - page.margin + 40, page.y + 6)), 1))
    page.y += page.lh
    asked = person.resignation_date - timedelta(days=rng.randint(14, 40))
    title = ("Ms." if person.me.female else "Mr.") if english else ("Sdri." if person.me.female else "Sdr.")
    if english:
        last = f"{ENGLISH_MONTHS[person.resignation_date.month - 1]} {person.resignation_date.day}, {person.resignation_date.year}"
        page.para(f"Dear {title} {shown},")
        page.para(f"Thank you for your resignation letter dated {asked.day} {ENGLISH_MONTHS[asked.month - 1]} {asked.year}. "
                  f"On behalf of {person.employer}, we accept your resignation. Your last working day will be {last}, "
                  "and your final salary and benefits will be settled in the next payroll.")
        page.para("Please return your ID card and company assets to the HR department on your last day. We wish you "
                  "every success in the future.")
        page.para("Best regards,")
    else:
        ds = rng.choice(("long", "dmy_slash", "short_month"))
        page.para(f"Yth. {title} {shown},")
        page.para(f"Menindaklanjuti surat pengunduran diri Saudara tertanggal {format_date(asked, ds)}, dengan ini kami "
                  f"sampaikan bahwa pengunduran diri Saudara telah disetujui oleh manajemen {person.employer}. Hari "
                  f"kerja terakhir Saudara adalah tanggal {format_date(person.resignation_date, ds)}.")
        page.para("Mohon mengembalikan ID card dan aset perusahaan kepada bagian HRD pada hari kerja terakhir. "
                  "Terima kasih atas kerja sama Saudara selama ini.")
        page.para("Salam,")
    for line, size, bold in ((hr, page.size, True), ("Human Resources Department", page.size - 2, False),
                             (person.employer, page.size - 2, False), (f"hr@{domain}", page.size - 4, False)):
        page.ops.append(TextOp(page.margin, page.y, line, size, bold))
        page.y += page.lh - 6
    truth = _truth(person, worker)
    return letter_rendered(person, rng, page.fonts, page, truth, person.letter_date, two_pages=two_pages)


def _columns(page: Page, left: str, right: str, gutter: int = 60, size: int | None = None) -> None:
    """Two paragraphs side by side (the Indonesian text left, its English translation right),
    wrapped to their column; the page moves below the longer one."""
    s = size or page.size - 2
    f = page.fonts.get(s)
    col = (page.w - 2 * page.margin - gutter) / 2
    a, b = _wrap(left, f, col), _wrap(right, f, col)
    for i in range(max(len(a), len(b))):
        if i < len(a):
            page.ops.append(TextOp(page.margin, page.y, a[i], s))
        if i < len(b):
            page.ops.append(TextOp(page.margin + col + gutter, page.y, b[i], s))
        page.y += int(s * 1.6)
    page.y += int(s * 0.8)


def _column_rows(page: Page, rows: list[tuple[str, str, str, bool]], gutter: int = 60) -> None:
    """Label rows in both columns at once: ``(label, label in English, value, bold)``."""
    s = page.size - 2
    col = (page.w - 2 * page.margin - gutter) / 2
    lw = max(page.fonts.get(s).getlength(r[0]) for r in rows) + 12
    ew = max(page.fonts.get(s).getlength(r[1]) for r in rows) + 12
    for label, english, value, bold in rows:
        for x, lab, w in ((page.margin + 20, label, lw), (page.margin + col + gutter + 20, english, ew)):
            page.ops.append(TextOp(x, page.y, lab, s))
            page.ops.append(TextOp(x + w, page.y, ":", s))
            fv = fit_font(page.fonts, value, s, col - w - 50, bold)
            page.ops.append(TextOp(x + w + 16, page.y, value, fv.size, bold))
        page.y += int(s * 1.7)
    page.y += int(s * 0.6)


@register(DOC, "side_by_side", "train",
          "a bilingual certificate set in two columns, Indonesian left and its English translation right on the "
          "same lines: every row of the page carries both languages (the worker's rows twice, 'sejak D1 sampai "
          "dengan D2' beside 'from E1 through/till E2'), one signature, the place and date in both languages")
def side_by_side(person: Person, rng: random.Random, *, two_pages: bool = False) -> Rendered:
    """Each printed line holds two sentences, one per column: a date's words come from both."""
    page = new_page(rng)
    page.margin = rng.randint(90, 120)
    page.letterhead(person, left=rng.random() < 0.5)
    page.gap(0.4)
    col = (page.w - 2 * page.margin - 60) / 2
    for x, title in ((page.margin, "SURAT KETERANGAN KERJA"), (page.margin + col + 60, "CERTIFICATE OF EMPLOYMENT")):
        f = fit_font(page.fonts, title, 24, col, True)
        page.ops.append(TextOp(x + (col - f.getlength(title)) / 2, page.y, title, f.size, True))
    page.y += 40
    number = _number(page, person, "SKK")
    for x, lab in ((page.margin, "Nomor"), (page.margin + col + 60, "Number")):
        text = f"{lab} : {number}"
        f = page.fonts.get(page.size - 4)
        page.ops.append(TextOp(x + (col - f.getlength(text)) / 2, page.y, text, page.size - 4))
    page.y += 60
    ds = rng.choice(("long", "dmy_slash", "dmy_dash"))
    english_style = rng.choice(("ordinal", "us_ordinal", "numeric", "plain"))

    def en(d: date) -> str:
        m = ENGLISH_MONTHS[d.month - 1]
        if english_style == "plain":
            return f"{d.day} {m} {d.year}"
        if english_style == "numeric":
            return d.strftime("%d/%m/%Y")
        suffix = "th" if 11 <= d.day <= 13 else {1: "st", 2: "nd", 3: "rd"}.get(d.day % 10, "th")
        return f"{d.day}{suffix} {m} {d.year}" if english_style == "ordinal" else f"{m} {d.day}{suffix}, {d.year}"

    _columns(page, f"Yang bertanda tangan di bawah ini, {person.signer.full}, {person.signer_title} {person.employer}, "
                   "dengan ini menerangkan bahwa:",
             f"The undersigned, {person.signer.full}, {person.signer_title} of {person.employer}, hereby certifies "
             "that:")
    worker = _name_on(rng, person.name, 0.3)
    _column_rows(page, [(rng.choice(("Nama", "Nama Lengkap")), "Name", worker, True),
                        ("Jabatan", "Position", person.job_title, False),
                        (rng.choice(("NIK", "No. KTP")), "ID Number", person.me.nik, False)])
    through = rng.choice(("through", "till", "until", "to"))
    _columns(page, f"telah bekerja pada perusahaan kami sejak {format_date(person.hired_on, ds)} sampai dengan "
                   f"{format_date(person.resignation_date, ds)} dan telah mengundurkan diri atas permintaan sendiri.",
             f"has been employed by our company from {en(person.hired_on)} {through} {en(person.resignation_date)} "
             "and has resigned at his or her own request.")
    _columns(page, "Selama bekerja yang bersangkutan telah menunjukkan kinerja dan perilaku yang baik. Surat keterangan "
                   "ini dibuat untuk dipergunakan sebagaimana mestinya.",
             "During the employment, the above-named has shown good performance and conduct. This certificate is "
             "issued for whatever purpose it may serve.")
    place = person.employer_city.title()
    both = f"{place}, {format_date(person.letter_date, ds)} / {en(person.letter_date)}"
    page.signature(person, both if rng.random() < 0.5 else f"{place}, {format_date(person.letter_date, ds)}")
    return letter_rendered(person, rng, page.fonts, page, _truth(person, worker), person.letter_date, two_pages=two_pages)
