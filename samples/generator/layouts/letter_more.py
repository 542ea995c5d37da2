"""More held-out resignation-letter families: institutions' unit letters, letters to the BPJS
office, and bipartite agreements. Nobody tunes extraction on these (see the package docstring).

Like every letter family, each prints the worker's name, the last day of work
(``resignation_date``) and the letter's own date (``letter_date``, which may be later).
"""

from __future__ import annotations

import math
import random
from datetime import date, timedelta

from samples.generator.layouts.common import Page, format_date, letter_rendered, new_page, number_words
from samples.generator.layouts.letter import DOC, _truth
from samples.generator.layouts.registry import register
from samples.generator.people import MONTHS_ID, Person
from samples.generator.render import ROMAN, LineOp, Rendered, TextOp, _name_on, _wrap, fit_font, scribble_points

_WEEKDAYS = ("Senin", "Selasa", "Rabu", "Kamis", "Jum'at", "Sabtu", "Minggu")


def _spell(d: date, style: str) -> str:
    """A date as these letters write it: the common spellings plus weekday-led, dotted and
    abbreviated-month forms (``Senin, 31 Maret 2025``, ``31.03.2025``, ``31 Mar. 2025``)."""
    if style == "weekday_long":
        return f"{_WEEKDAYS[d.weekday()]}, {format_date(d, 'long')}"
    if style == "dotted":
        return d.strftime("%d.%m.%Y")
    if style == "abbr_dot":
        month = MONTHS_ID[d.month - 1]
        short = "Agt" if d.month == 8 else month[:3]
        return f"{d.day:02d} {short}{'.' if len(month) > 3 else ''} {d.year}"
    if style == "weekday_dotted":
        return f"{_WEEKDAYS[d.weekday()]}, {d:%d.%m.%Y}"
    return format_date(d, style)


def _title(name: str) -> str:
    """``BUDI SANTOSO, S.E.`` -> ``Budi Santoso, S.E.`` (initials and degrees keep their capitals)."""
    return " ".join(w if "." in w or len(w) <= 1 else w[:1] + w[1:].lower() for w in name.split(" "))


def _role(title: str) -> str:
    """``KEPALA BAGIAN SDM`` -> ``Kepala Bagian SDM`` (short acronyms stay in capitals)."""
    return " ".join(w if len(w) <= 3 and w.isalpha() and w not in ("DAN",) else w.title() for w in title.split(" "))


def _service(hired: date, last: date) -> tuple[int, int]:
    """Completed years and months between the first and the last day of work."""
    months = (last.year - hired.year) * 12 + last.month - hired.month - (1 if last.day < hired.day else 0)
    return divmod(max(0, months), 12)


def _service_text(hired: date, last: date, rng: random.Random) -> str:
    years, months = _service(hired, last)
    parts = []
    if years:
        parts.append(f"{years} ({number_words(years)}) tahun" if rng.random() < 0.5 else f"{years} tahun")
    if months or not years:
        parts.append(f"{months} bulan")
    return " ".join(parts)


def _circle(cx: float, cy: float, r: float, n: int = 72) -> tuple[tuple[float, float], ...]:
    return tuple((cx + r * math.cos(2 * math.pi * i / n), cy + r * math.sin(2 * math.pi * i / n)) for i in range(n + 1))


def _stamp(page: Page, cx: float, cy: float, lines: tuple[str, ...], r: float = 95) -> None:
    """A round company stamp: two rings, a few short centred lines inside."""
    page.ops.append(LineOp(_circle(cx, cy, r), 3))
    page.ops.append(LineOp(_circle(cx, cy, r - 12), 1.5))
    size = 13
    y = cy - len(lines) * size * 0.65
    for line in lines:
        f = fit_font(page.fonts, line, size, 2 * (r - 34), True)
        page.ops.append(TextOp(cx - f.getlength(line) / 2, y, line, f.size, True))
        y += size * 1.3


def _para_at(page: Page, x: float, width: float, text: str, *, size: int | None = None, indent: int = 0,
             after: float = 0.5) -> None:
    """A wrapped paragraph in a column starting at ``x``."""
    s = size or page.size
    f = page.fonts.get(s)
    for i, line in enumerate(_wrap(text, f, width - indent)):
        page.ops.append(TextOp(x + (indent if i == 0 else 0), page.y, line, s))
        page.y += int(s * 1.7)
    page.y += int(s * 1.7 * after)


# ---------------------------------------------------------------------------------------------
# 1. a unit of a larger company (hospital, hotel, plant, branch) under a group letterhead

_PRODUCTION = ("OPERATOR PRODUKSI", "SUPERVISOR PRODUKSI", "TEKNISI", "QUALITY CONTROL", "STAF GUDANG")


def _unit_name(person: Person, rng: random.Random) -> tuple[str, str, str, str]:
    """The unit's name, how the text names its head (before the unit's name), the head's title under
    the signature, and a department the worker belonged to."""
    city = person.employer_city.title()
    word = rng.choice(("Sehat Sentosa", "Permata", "Bunda Kasih", "Mutiara", "Harapan", "Griya"))
    if person.job_title in _PRODUCTION:
        lead, head = rng.choice((("Kepala", "Kepala Pabrik"), ("Plant Manager", "Plant Manager")))
        return (rng.choice((f"PABRIK {city.upper()}", f"PLANT {city.upper()}", f"UNIT PRODUKSI {city.upper()}")), lead, head,
                rng.choice(("Divisi Produksi", "Departemen Teknik", "Seksi Pengemasan", "Gudang Bahan Baku")))
    kind = rng.choice(("rs", "hotel", "cabang", "klinik"))
    if kind == "rs":
        return (f"RUMAH SAKIT {word.upper()}", "Direktur", rng.choice(("Direktur", "Direktur Rumah Sakit")),
                rng.choice(("Instalasi Rawat Inap", "Instalasi Farmasi", "Bagian Umum", "Instalasi Gawat Darurat")))
    if kind == "hotel":
        return (f"HOTEL {word.upper()} {city.upper()}", "General Manager", "General Manager",
                rng.choice(("Front Office", "Housekeeping", "Food & Beverage", "Accounting")))
    if kind == "klinik":
        return (f"KLINIK UTAMA {word.upper()}", "Kepala", "Kepala Klinik", rng.choice(("Bagian Pendaftaran", "Bagian Umum")))
    return (f"KANTOR CABANG {city.upper()}", "Kepala", "Kepala Cabang",
            rng.choice(("Bagian Operasional", "Bagian Penjualan", "Bagian Administrasi")))


def _honour(person: Person, rng: random.Random, unit: str) -> str:
    if unit.startswith(("RUMAH SAKIT", "KLINIK")) and rng.random() < 0.6:
        return "Ny." if person.me.female else "Tn."
    return rng.choice(("Ibu", "Sdri.", "Saudari") if person.me.female else ("Bapak", "Sdr.", "Saudara"))


@register(DOC, "unit_letterhead", "heldout",
          "a letter from one unit of a company (hospital, hotel, plant, branch office) under a letterhead with a "
          "drawn emblem and 'dikelola oleh PT ...'; the worker introduced in one sentence with an honorific, "
          "birth data and department, service length in years and months, a round stamp and a Tembusan footer")
def unit_letterhead(person: Person, rng: random.Random, *, two_pages: bool = False) -> Rendered:
    """Unit name big, employer small; the worker's data inside running text in an unusual order."""
    page = new_page(rng)
    page.size = min(page.size, 22)
    ds = rng.choice(("long", "long", "weekday_long", "dotted", "abbr_dot", "dmy_slash"))
    unit, lead, head, dept = _unit_name(person, rng)
    # letterhead: emblem at the left, unit and owner to its right
    ex, ey, er = page.margin - 10 + 55, page.y + 62, 55
    page.ops.append(LineOp(_circle(ex, ey, er), 3))
    if unit.startswith(("RUMAH SAKIT", "KLINIK")):
        for (x0, y0), (x1, y1) in (((ex - 30, ey), (ex + 30, ey)), ((ex, ey - 30), (ex, ey + 30))):
            page.ops.append(LineOp(((x0, y0), (x1, y1)), 12))
    else:
        initials = "".join(w[0] for w in person.employer.split()[1:3])
        f = page.fonts.get(34, True)
        page.ops.append(TextOp(ex - f.getlength(initials) / 2, ey - 22, initials, 34, True))
    tx = ex + er + 30
    street = rng.choice(("Jl. Jenderal Sudirman", "Jl. Pahlawan", "Jl. Veteran", "Jl. Merdeka", "Jl. Pemuda"))
    page.text(tx, unit, 32, True)
    owner = (rng.choice(("dikelola oleh ", "unit usaha ", "a member of ")) if unit.startswith(("RUMAH", "HOTEL", "KLINIK"))
             else rng.choice(("", "", "unit usaha ")))
    page.text(tx, f"{owner}{person.employer}", 19, bold=not owner, y=page.y + 46)
    page.text(tx, f"{street} No. {rng.randint(2, 180)}, {person.employer_city.title()} {rng.randint(10, 99)}{rng.randint(100, 999)}",
              17, y=page.y + 74)
    page.text(tx, f"Telp. (0{rng.randint(21, 99)}) {rng.randint(300, 899)}{rng.randint(1000, 9999)} - "
                  f"Fax. (0{rng.randint(21, 99)}) {rng.randint(300, 899)}{rng.randint(1000, 9999)}", 17, y=page.y + 98)
    page.y += 140
    page.ops.append(LineOp(((page.margin - 30, page.y), (page.w - page.margin + 30, page.y)), 2))
    page.ops.append(LineOp(((page.margin - 30, page.y + 6), (page.w - page.margin + 30, page.y + 6)), 5))
    page.y += 40
    title = rng.choice(("SURAT KETERANGAN", "SURAT KETERANGAN BERHENTI BERTUGAS", "SURAT KETERANGAN TELAH BEKERJA"))
    f = fit_font(page.fonts, title, 28, page.w - 2 * page.margin, True)
    tw = f.getlength(title)
    page.centred(title, 28, True, 36)
    page.ops.append(LineOp(((page.w / 2 - tw / 2, page.y), (page.w / 2 + tw / 2, page.y)), 2))
    page.y += 10
    ld = person.letter_date
    code = "".join(w[0] for w in unit.split()[:2])
    page.centred(f"Nomor : {rng.randint(1, 900):03d}/{code}/{rng.choice(('SDM', 'KEP', 'PEG'))}/{ROMAN[ld.month - 1]}/{ld.year}",
                 20, False, 58)
    worker = _name_on(rng, person.name, 0.5)
    if rng.random() < 0.5:
        worker = _title(worker)
    hon = _honour(person, rng, unit)
    if person.job_title in ("DRIVER", "SECURITY"):
        dept = rng.choice(("Bagian Umum", "Bagian Rumah Tangga", "Bagian Keamanan" if person.job_title == "SECURITY" else "Pool Kendaraan"))
    last = person.resignation_date
    opener = rng.choice((f"Yang bertanda tangan di bawah ini, {lead} {_title(unit)}, menerangkan dengan sebenarnya bahwa",
                         f"Manajemen {_title(unit)} dengan ini menerangkan bahwa",
                         f"Bersama ini {lead} {_title(unit)} menerangkan bahwa"))
    birth = f"lahir di {person.me.birth_place.title()} pada tanggal {_spell(person.me.birth_date, 'long')}"
    staff_no = f"Nomor Induk Pegawai {person.employee_id}"
    if rng.random() < 0.5:
        middle = f"{birth}, {staff_no}, terakhir menjabat sebagai {person.job_title.lower()} pada {dept},"
    else:
        middle = f"{person.job_title.lower()} pada {dept} ({staff_no}), {birth},"
    page.para(f"{opener} {hon} {worker}, {middle} adalah benar pegawai kami yang bertugas sejak tanggal "
              f"{_spell(person.hired_on, ds)} sampai dengan tanggal {_spell(last, ds)}, dengan masa kerja "
              f"{_service_text(person.hired_on, last, rng)}.", indent=60)
    request = last - timedelta(days=rng.choice((14, 30, 30, 31)))
    reason = rng.choice((
        f"atas permohonan sendiri sesuai surat pengunduran diri yang bersangkutan tertanggal {_spell(request, ds)}",
        "atas permohonan sendiri",
        "karena mengundurkan diri dengan baik-baik",
    ))
    page.para(f"Hari kerja terakhir yang bersangkutan adalah hari {_WEEKDAYS[last.weekday()]} tanggal {_spell(last, ds if ds != 'weekday_long' else 'long')}. "
              "Yang bersangkutan "
              f"berhenti {reason} dan selama bertugas telah menunjukkan loyalitas serta kinerja yang baik.", indent=60)
    page.para("Atas pengabdian yang bersangkutan kami mengucapkan terima kasih. Demikian surat keterangan ini "
              "dibuat agar dapat dipergunakan sebagaimana mestinya.", indent=60)
    # signature block with a stamp over its left edge
    sx = page.w - page.margin - 430
    y = max(page.y + page.lh * 0.5, rng.randint(880, 1080))
    page.ops.append(TextOp(sx, y, f"{person.employer_city.title()}, {_spell(ld, ds)}",
                           fit_font(page.fonts, f"{person.employer_city.title()}, {_spell(ld, ds)}", page.size, 470).size))
    page.ops.append(TextOp(sx, y + page.lh, f"{head},", page.size))
    page.ops.append(LineOp(tuple(scribble_points(rng, (sx + 40, y + page.lh * 2 + 10, sx + 310, y + page.lh * 2 + 110))), 3))
    city_lines = tuple(person.employer_city.split()) if len(person.employer_city) > 11 else (f"* {person.employer_city} *",)
    _stamp(page, sx - 10 + rng.randint(-15, 15), y + page.lh * 2 + 60, (unit.split()[0], *city_lines))
    ny = y + page.lh * 2 + 150
    page.ops.append(TextOp(sx, ny, person.signer.full, fit_font(page.fonts, person.signer.full, page.size, 460, True).size, True))
    staff = rng.choice(("NIK.", "NIP.", "NIK Pegawai", ""))
    if staff:
        page.ops.append(TextOp(sx, ny + page.lh, f"{staff} {rng.randint(19600101, 19901231)}{rng.randint(100, 999)}", page.size - 2))
    # Tembusan and footer
    ty = ny + page.lh * 2.6
    small = max(16, page.size - 4)
    page.ops.append(TextOp(page.margin, ty, "Tembusan :", small, True))
    for i, to in enumerate(rng.sample(("Direksi " + person.employer, "Bagian Keuangan", "Bagian SDM",
                                       "Yang bersangkutan", "Arsip"), 3)):
        page.ops.append(TextOp(page.margin + 10, ty + (i + 1) * small * 1.5, f"{i + 1}. {to}", small))
    fy = page.h - 90
    page.ops.append(LineOp(((page.margin - 30, fy), (page.w - page.margin + 30, fy)), 1.5))
    foot = f"{_title(unit)} - {person.employer} | www.{person.employer.split()[1].lower()}.co.id"
    ff = fit_font(page.fonts, foot, 15, page.w - 2 * page.margin)
    page.ops.append(TextOp(page.w / 2 - ff.getlength(foot) / 2, fy + 12, foot, ff.size))
    return letter_rendered(person, rng, page.fonts, page, _truth(person, worker), person.letter_date, two_pages=two_pages)


# ---------------------------------------------------------------------------------------------
# 2. a letter to the BPJS Ketenagakerjaan branch office, with a sidebar column


@register(DOC, "bpjs_sidebar", "heldout",
          "an official letter to the head of the BPJS Ketenagakerjaan branch office (Nomor / Lampiran / Perihal "
          "block beside the place and date), a narrow left sidebar of company details, the participant's data "
          "with the KPJ number, a company-regulation article cited, the last working day in its own sentence")
def bpjs_sidebar(person: Person, rng: random.Random, *, two_pages: bool = False) -> Rendered:
    """Two columns: company details down the left edge, the letter in the wider right column."""
    page = new_page(rng)
    page.size = min(page.size, 21)
    ds = rng.choice(("long", "abbr_dot", "dotted", "dmy_dash", "weekday_long"))
    city = person.employer_city.title()
    # the company name across the top, then the sidebar rule
    left = 60
    page.y = 50
    page.text(left, person.employer, 36, True)
    page.y += 50
    tagline = rng.choice(("Manufacturing & Distribution", "General Trading - Supplier - Contractor",
                          "Melayani dengan Sepenuh Hati", "Quality - Integrity - Service"))
    page.text(left, tagline, 18)
    page.y += 44
    page.ops.append(LineOp(((left, page.y), (page.w - 60, page.y)), 3))
    top = page.y + 20
    side_w = rng.randint(230, 260)
    rule_x = left + side_w + 15
    page.ops.append(LineOp(((rule_x, top), (rule_x, page.h - 80)), 1.5))
    sy = top + 10
    side = [("KANTOR PUSAT", True), (f"{rng.choice(('Jl. Industri Raya', 'Jl. Soekarno-Hatta', 'Jl. Panjaitan'))}", False),
            (f"No. {rng.randint(1, 200)}, {city}", False), (f"Telp. (0{rng.randint(21, 99)}) {rng.randint(3000000, 8999999)}", False),
            ("", False), ("KANTOR CABANG", True)]
    side += [(c, False) for c in rng.sample(("Jakarta", "Surabaya", "Medan", "Makassar", "Semarang", "Denpasar",
                                            "Palembang", "Balikpapan"), 4)]
    side += [("", False), ("NPP BPJS TK", True), (f"{rng.randint(10000000, 99999999)}", False), ("", False),
             ("NPWP", True), (f"{rng.randint(10, 99)}.{rng.randint(100, 999)}.{rng.randint(100, 999)}.{rng.randint(1, 9)}-"
                              f"{rng.randint(100, 999)}.000", False),
             ("", False), (f"hrd@{person.employer.split()[1].lower()}.co.id", False)]
    for text, bold in side:
        if text:
            f = fit_font(page.fonts, text, 16, side_w - 10, bold)
            page.ops.append(TextOp(left, sy, text, f.size, bold))
        sy += 26
    # the letter column
    x = rule_x + 40
    width = page.w - 70 - x
    page.y = top + 10
    ld = person.letter_date
    number = f"{rng.randint(1, 400):03d}/{rng.choice(('HRD', 'PERS', 'DIR'))}-{person.employer.split()[1][:3]}/{ROMAN[ld.month - 1]}/{ld.year}"
    place_date = f"{city}, {_spell(ld, ds)}"
    fp = fit_font(page.fonts, place_date, page.size, 360)
    page.ops.append(TextOp(page.w - 70 - fp.getlength(place_date), page.y, place_date, fp.size))
    lab_w = 120
    for label, value in (("Nomor", number), ("Lampiran", rng.choice(("1 (satu) berkas", "-", "1 lembar"))),
                         ("Perihal", rng.choice(("Keterangan Berhenti Bekerja", "Pemberitahuan Tenaga Kerja Keluar",
                                                 "Penonaktifan Kepesertaan")))):
        page.ops.append(TextOp(x, page.y, label, page.size))
        page.ops.append(TextOp(x + lab_w, page.y, ":", page.size))
        fv = fit_font(page.fonts, value, page.size, 400, label == "Perihal")
        page.ops.append(TextOp(x + lab_w + 16, page.y, value, fv.size, label == "Perihal"))
        page.y += page.lh
    page.y += page.lh * 0.6
    for line in ("Kepada Yth.", f"Kepala Kantor Cabang BPJS Ketenagakerjaan {city}", "di -", "      Tempat"):
        page.ops.append(TextOp(x, page.y, line, page.size, line.startswith("Kepala")))
        page.y += page.lh
    page.y += page.lh * 0.5
    _para_at(page, x, width, "Dengan hormat,")
    _para_at(page, x, width, f"Bersama ini kami {person.employer} memberitahukan bahwa tenaga kerja kami yang "
                             "terdaftar sebagai peserta BPJS Ketenagakerjaan dengan data:", indent=40)
    worker = _name_on(rng, person.name, 0.4)
    if rng.random() < 0.4:
        worker = _title(worker)
    rows = [("No. KPJ", person.kpj), ("Nama Peserta", worker), ("NIK (KTP)", person.me.nik),
            ("Tgl. Lahir", _spell(person.me.birth_date, "dotted" if ds == "dotted" else "long")),
            ("Jabatan", _role(person.job_title)), ("Mulai Bekerja", _spell(person.hired_on, ds))]
    if rng.random() < 0.5:
        rows[0], rows[1] = rows[1], rows[0]
    rw = 200
    for label, value in rows:
        bold = label == "Nama Peserta"
        page.ops.append(TextOp(x + 30, page.y, label, page.size))
        page.ops.append(TextOp(x + 30 + rw, page.y, ":", page.size))
        fv = fit_font(page.fonts, value, page.size, width - rw - 60, bold)
        page.ops.append(TextOp(x + 30 + rw + 16, page.y, value, fv.size, bold))
        page.y += page.lh
    page.y += page.lh * 0.4
    article = rng.randint(20, 60)
    regulation = rng.choice((
        f"Pasal {article} ayat ({rng.randint(1, 4)}) Peraturan Perusahaan {person.employer} tentang pengunduran diri",
        f"Pasal {article} Perjanjian Kerja Bersama (PKB) {person.employer} periode {ld.year - 1}-{ld.year + 1}",
        f"ketentuan Pasal {article} Peraturan Perusahaan yang telah disahkan oleh Dinas Tenaga Kerja {city}",
    ))
    page_last = _spell(person.resignation_date, ds)
    _para_at(page, x, width, f"telah berhenti bekerja karena mengundurkan diri, dan sesuai dengan {regulation}, hubungan "
                             "kerja yang bersangkutan telah berakhir dengan baik.", indent=0)
    on = "hari" if ds.startswith("weekday") else "tanggal"
    _para_at(page, x, width, rng.choice((f"Hari kerja terakhir yang bersangkutan adalah {on} {page_last}.",
                                         f"Adapun hari terakhir yang bersangkutan bekerja pada perusahaan kami adalah "
                                         f"{page_last}.")), indent=40)
    nxt = date(person.resignation_date.year + (person.resignation_date.month == 12), person.resignation_date.month % 12 + 1, 1)
    _para_at(page, x, width, "Sehubungan dengan hal tersebut, kami mohon kepesertaan yang bersangkutan dapat "
                             f"dinonaktifkan mulai iuran bulan {MONTHS_ID[nxt.month - 1]} {nxt.year}, dan saldo Jaminan "
                             "Hari Tua dapat dicairkan sesuai ketentuan yang berlaku.", indent=40)
    _para_at(page, x, width, "Demikian surat ini kami sampaikan. Atas perhatian dan kerja samanya kami ucapkan terima kasih.",
             indent=40)
    sx = page.w - 70 - 400
    y = max(page.y + page.lh * 0.3, 1200)
    page.ops.append(TextOp(sx, y, "Hormat kami,", page.size))
    page.ops.append(TextOp(sx, y + page.lh, person.employer, fit_font(page.fonts, person.employer, page.size, 400, True).size, True))
    page.ops.append(LineOp(tuple(scribble_points(rng, (sx + 30, y + page.lh * 2 + 15, sx + 290, y + page.lh * 2 + 105))), 3))
    if rng.random() < 0.6:
        _stamp(page, sx + 60, y + page.lh * 2 + 60, (person.employer.split()[0], person.employer.split()[1], city.upper()), r=80)
    ny = y + page.lh * 2 + 140
    page.ops.append(TextOp(sx, ny, person.signer.full, fit_font(page.fonts, person.signer.full, page.size, 400, True).size, True))
    fw = fit_font(page.fonts, person.signer.full, page.size, 400, True).getlength(person.signer.full)
    page.ops.append(LineOp(((sx, ny + page.size + 8), (sx + fw, ny + page.size + 8)), 1.5))
    page.ops.append(TextOp(sx, ny + page.lh + 4, _role(person.signer_title), page.size))
    return letter_rendered(person, rng, page.fonts, page, _truth(person, worker), person.letter_date, two_pages=two_pages)


# ---------------------------------------------------------------------------------------------
# 3. a bipartite agreement ending the employment


def _day_words(d: date, rng: random.Random) -> str:
    """``hari Senin tanggal tiga puluh satu bulan Maret tahun dua ribu dua puluh lima (31-03-2025)``."""
    core = (f"hari {_WEEKDAYS[d.weekday()]} tanggal {number_words(d.day)} bulan {MONTHS_ID[d.month - 1]} tahun "
            f"{number_words(d.year)}")
    return core + (f" ({d:%d-%m-%Y})" if rng.random() < 0.7 else "")


@register(DOC, "perjanjian_bersama", "heldout",
          "a bipartite 'Perjanjian Bersama' ending the employment: 'Pada hari ini <weekday> tanggal <words>' "
          "opening, employer as PIHAK PERTAMA and worker as PIHAK KEDUA in labelled blocks, numbered Pasal "
          "articles (the last working day in Pasal 1), two signatures side by side with a meterai and witnesses")
def perjanjian_bersama(person: Person, rng: random.Random, *, two_pages: bool = False) -> Rendered:
    """The worker signs as a party; the agreement's date is spelled out in words at the top."""
    page = new_page(rng)
    page.size = rng.randint(18, 20)
    ds = rng.choice(("long", "long", "dmy_dash", "abbr_dot", "dotted"))
    page.y = 70
    page.centred("PERJANJIAN BERSAMA", 30, True, 40)
    page.centred(rng.choice(("TENTANG PENGAKHIRAN HUBUNGAN KERJA", "PENYELESAIAN PEMUTUSAN HUBUNGAN KERJA",
                             "PENGAKHIRAN HUBUNGAN KERJA SECARA BIPARTIT")), 22, True, 34)
    ld = person.letter_date
    page.centred(f"Nomor : {rng.randint(1, 120):03d}/PB/{rng.choice(('HRD', 'HR-IR', 'LEGAL'))}/{ROMAN[ld.month - 1]}/{ld.year}",
                 19, False, 50)
    page.para(f"Pada {_day_words(ld, rng)}, bertempat di kantor {person.employer}, {person.employer_city.title()}, "
              "kami yang bertanda tangan di bawah ini:")
    worker = _name_on(rng, person.name, 0.5)
    if rng.random() < 0.4:
        worker = _title(worker)
    first = [("Nama", person.signer.full, False), ("Jabatan", _role(person.signer_title), False)]
    second = [("Nama", worker, True), (rng.choice(("NIK", "No. KTP")), person.me.nik, False)]
    if rng.random() < 0.6:
        second.append(("No. Induk Karyawan", person.employee_id, False))
    second.append(("Alamat", f"{person.address} RT/RW {person.rt_rw}", False))
    f = page.fonts.get(page.size)
    x = page.margin + 50
    col = x + max(f.getlength(label) for label, _, _ in first + second) + rng.choice((16, 30, 60))
    for no, rows, role in (("1.", first, f"Dalam hal ini bertindak untuk dan atas nama {person.employer}, "
                                         "selanjutnya disebut PIHAK PERTAMA."),
                           ("2.", second, "Dalam hal ini bertindak untuk dan atas nama diri sendiri, selanjutnya "
                                          "disebut PIHAK KEDUA.")):
        page.ops.append(TextOp(page.margin, page.y, no, page.size))
        for label, value, bold in rows:
            page.ops.append(TextOp(x, page.y, label, page.size))
            page.ops.append(TextOp(col, page.y, ":", page.size))
            fv = fit_font(page.fonts, value, page.size, page.w - page.margin - col - 20, bold)
            page.ops.append(TextOp(col + 16, page.y, value, fv.size, bold))
            page.y += page.lh
        _para_at(page, x, page.w - page.margin - x, role, after=0.3)
    page.para(f"PIHAK KEDUA adalah pekerja PIHAK PERTAMA sejak tanggal {_spell(person.hired_on, ds)} dengan jabatan "
              f"terakhir {_role(person.job_title)}. Setelah melalui perundingan bipartit secara musyawarah untuk mufakat, "
              "PARA PIHAK sepakat membuat Perjanjian Bersama dengan ketentuan sebagai berikut:")
    last = _spell(person.resignation_date, ds)
    severance = rng.randint(4, 90) * 1_000_000 + rng.choice((0, 250_000, 500_000, 750_000))
    articles = [
        rng.choice((f"PARA PIHAK sepakat mengakhiri hubungan kerja. Hari kerja terakhir PIHAK KEDUA adalah tanggal {last}.",
                    f"PARA PIHAK sepakat bahwa hubungan kerja berakhir pada tanggal {last}, yang merupakan hari kerja "
                    "terakhir PIHAK KEDUA.")),
        f"PIHAK PERTAMA memberikan kepada PIHAK KEDUA uang kompensasi sebesar Rp {severance:,}".replace(",", ".")
        + ",- yang dibayarkan paling lambat 7 (tujuh) hari kerja setelah Perjanjian Bersama ini ditandatangani.",
        "PIHAK PERTAMA menerbitkan surat keterangan kerja (paklaring) dan dokumen yang diperlukan PIHAK KEDUA "
        "untuk pencairan Jaminan Hari Tua BPJS Ketenagakerjaan.",
        "Dengan ditandatanganinya Perjanjian Bersama ini, PARA PIHAK tidak akan saling menuntut di kemudian hari.",
    ]
    if rng.random() < 0.5:
        articles.append("Perjanjian Bersama ini akan didaftarkan pada Pengadilan Hubungan Industrial pada Pengadilan "
                        f"Negeri {person.employer_city.title()}.")
    for i, text in enumerate(articles, start=1):
        page.centred(f"Pasal {i}", page.size, True, page.lh * 0.95)
        _para_at(page, page.margin, page.w - 2 * page.margin, text, after=0.15)
    page.para("Demikian Perjanjian Bersama ini dibuat dalam rangkap dua, masing-masing bermeterai cukup dan mempunyai "
              "kekuatan hukum yang sama.")
    # signatures: the two parties side by side (the worker signs across a meterai), witnesses if there is room
    y = max(page.y + page.lh * 0.2, 1200)
    cols = (page.margin, page.w - page.margin - 400)
    parties = (("PIHAK KEDUA,", "", worker), ("PIHAK PERTAMA,", person.employer, person.signer.full))
    if rng.random() < 0.5:
        parties = parties[::-1]
    for cx, (head, sub, name) in zip(cols, parties, strict=True):
        page.ops.append(TextOp(cx, y, head, page.size, True))
        if sub:
            page.ops.append(TextOp(cx, y + page.lh, sub, fit_font(page.fonts, sub, page.size, 400).size))
        else:
            mx, my = cx + 10, y + page.lh * 1.2
            page.ops.append(LineOp(((mx, my), (mx + 120, my), (mx + 120, my + 70), (mx, my + 70), (mx, my)), 1.5))
            page.ops.append(TextOp(mx + 8, my + 8, "METERAI", 13, True))
            page.ops.append(TextOp(mx + 8, my + 28, "TEMPEL", 13))
            page.ops.append(TextOp(mx + 8, my + 48, "10000", 13, True))
        page.ops.append(LineOp(tuple(scribble_points(rng, (cx + 60, y + page.lh * 1.5, cx + 320, y + page.lh * 1.5 + 80))), 3))
        page.ops.append(TextOp(cx, y + page.lh * 1.5 + 100, name, fit_font(page.fonts, name, page.size, 420, True).size, True))
    page.y = y + page.lh * 1.5 + 100 + page.lh * 1.4
    if page.y + page.lh * 3.2 < page.h - 40:
        page.centred("Saksi-saksi:", page.size, True, page.lh)
        roles = rng.sample(("Perwakilan SDM", "Perwakilan Serikat Pekerja", "Kepala Bagian", "Rekan kerja"), 2)
        for i, (cx, role_name) in enumerate(zip(cols, roles, strict=True)):
            label = f"{i + 1}. {role_name}"
            page.ops.append(TextOp(cx, page.y, label, page.size - 1))
            lx = cx + page.fonts.get(page.size - 1).getlength(label) + 30
            page.ops.append(LineOp(tuple(scribble_points(rng, (lx + 10, page.y - 6, lx + 150, page.y + page.lh * 1.2))), 2))
            page.ops.append(LineOp(((lx, page.y + page.lh * 1.5), (lx + 170, page.y + page.lh * 1.5)), 1))
    return letter_rendered(person, rng, page.fonts, page, _truth(person, worker), person.letter_date, two_pages=two_pages)


__all__ = ["bpjs_sidebar", "perjanjian_bersama", "unit_letterhead"]
