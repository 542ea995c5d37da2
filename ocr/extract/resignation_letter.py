"""Field extractor for the resignation letter (surat keterangan berhenti bekerja / paklaring).

The letter names two people: the signer ("Yang bertanda tangan di bawah ini: Nama ...", and
again under the signature) and the worker ("... menerangkan bahwa: Nama ..."). Only the
worker's name is wanted. It carries two or more dates too: the letter's own date next to the
city at the bottom, the start of employment and the end of it; only the end is wanted.

Where the layout allows, position decides before wording: a value right of its label or under
it (a stacked form, a table cell), a table column's header announcing every date of its column,
the two halves of a bilingual label read as one label, the signer's block (the introduction and
the closing signature) kept apart from the worker's. Wording decides in running text: the words
just before a date announce the end of work ("terhitung", "berhenti", "sampai dengan") or
something else (the start, a birth, a cited document's own date "Nomor ... tanggal").
"""

from __future__ import annotations

import bisect
import calendar
import re

from rapidfuzz import fuzz, process

from ocr.extract.common import make_field, page_rows, unknown_label_tail
from ocr.extract.geometry import value_under
from ocr.extract.validate import plausible_name, register_vocabulary
from ocr.records import FieldValue, OcrPage
from ocr.text import (
    MONTHS,
    Hit,
    LabelSet,
    Row,
    clean_name,
    clean_value,
    column_starts,
    compact,
    continuation,
    find_dates,
    fold,
    value_below,
    value_right_of,
    without_salutation,
)

LABELS = LabelSet(
    {
        "full_name": ["Nama Karyawan", "Nama Pegawai", "Nama Lengkap", "Nama Tenaga Kerja", "Nama", "Employee Name",
                      "Employee's Name", "Full Name", "Name"],
        "other": ["NIK", "No. KTP", "Jabatan", "Bagian", "Departemen", "Alamat", "NIP", "No. Induk",
                  "No. Karyawan", "Tempat/Tgl Lahir", "Tempat Tanggal Lahir", "Tanggal Masuk",
                  "Tanggal Keluar", "Masa Kerja", "No. KPJ", "Unit Kerja", "Status", "Position", "Department",
                  "Employee No", "Employee ID", "Join Date", "Last Working Day", "Address",
                  "Tanggal Bergabung", "Tanggal Berakhir", "Tanggal Terakhir Bekerja", "Mulai Bekerja",
                  "Nomor Induk Karyawan", "Jabatan Terakhir", "Periode Kerja", "Lama Bekerja", "Date Joined",
                  "Start Date", "End Date", "Last Day", "Date of Birth", "Place of Birth", "Period", "Job Title"],
    }
)
"""Labelled rows of the letter (``other`` only stops values)."""

WORKER_CUES = ("MENERANGKAN", "MENYATAKANBAHWA", "DENGANINIMENYATAKAN")
SIGNER_CUES = ("BERTANDATANGAN", "BERTANDATANGAN")
STRONG = re.compile(
    r"TERHITUNG|BERHENTI|TIDAK\s+(?:BEKERJA\s+)?LAGI|BERAKH?IR|TERAKH?IR|MENGUNDURKAN|PENGUNDURAN|SAMPAI|S\s?/\s?D|S\.\s?D|HINGGA|EFEKTIF"
    r"|RESIGN|PHK|KELUAR|PUTUS|TANGGAL\s+KELUAR|PER\s+TANGGAL|TERHITUNG\s+MULAI|AKHIR\s+KERJA|SELESAI"
    r"|\bUNTIL\b|\bLAST\s+(?:WORKING\s+)?(?:DAY|DATE)|EFFECTIVE|TERMINAT(?:ED|ION)|\bLEFT\b|\bENDED\b"
    r"|DATE\s+OF\s+(?:LEAVING|RELIEVING|EXIT)|\bUNDUR\s+DIRI"
    r"|PEMUTUSAN|NON\s?-?AKTIF|\bNON\s?-?AK[A-Z]{2,3}\b|\bHABIS\b|SEPARATION|\bCEASED\b|\bRELIEVED\b|RELIEVING"
    r"|BEBAS(?:KAN)?\s*(?:DARI\s+)?TUGAS|DIBEBASTUGASKAN|MENYELESAIKAN"
    r"|NO\s+LONGER|\bAS\s+OF\b|WITH\s+EFFECT|\bW\s?\.\s?E\s?\.\s?F\b|LEAVING|\bEXIT\b"
    r"|MENGAKH?IRI|DIAKH?IRI|PENGAKH?IRAN|DIRUMAHKAN|TIDAK\s+(?:\w+\s+){0,2}BEKERJA|TIDAK\s+AKTIF|\bOUT\b"
    r"|\bTMT\b(?!\W*(?:MASUK|PENGANGKATAN|DIANGKAT|CPNS|PNS|JABATAN|GOLONGAN|PANGKAT|KONTRAK\s+AWAL))"
)
"""Words that announce the end of employment just before a date."""
OPENS_PERIOD = re.compile(r"\s*(?:-|–|S\s?/\s?D\.?|S\.\s?D\.?|SAMPAI(?:\s+DENGAN)?|HINGGA|TO|UNTIL|TILL|THROUGH)\s*(?:TANGGAL|TGL\.?)?"
                          r"\s*:?\s*(?:(?:SENIN|SELASA|RABU|KAMIS|JUM'?AT|SABTU|MINGGU)\s*,?\s*)?[0-9]")
"""A period's connector right after a date, then digits: the date starts the period."""
UNTIL_TAIL = re.compile(r"\bDENGAN\s*(?:TANGGAL|TGL\.?)?\s*:?\s*$")
"""The tail of "sampai dengan" right before a date."""
START = re.compile(r"BEKERJA\b[^.]{0,60}?\bSEJAK|(?<!TERHITUNG )MULAI|BERGABUNG|DIANGKAT|MASUK|DARI\s+TANGGAL|DITERIMA"
                   r"|LAHIR|\bFROM\b|\bSINCE\b|\bJOIN(?:ED|ING)?\b|\bBORN\b|\bHIRED?\b|PENGANGKATAN|\bSTART(?:ED)?\b"
                   r"|COMMENC|\bAWAL\s+(?:KONTRAK|BEKERJA|KERJA|MASUK|BERGABUNG)|\bKERJA\b[^.]{0,40}?\bSEJAK"
                   r"|KARYAWAN\s+TETAP|TANGGAL\s+KEPESERTAAN|\bTERDAFTAR\b|\bREGISTERED\b")
"""Words that announce the start of employment (or another unwanted date)."""
SENTENCE_END = re.compile(r"[A-Za-z]{4,}\.\s+(?=[A-Z])")
"""The end of a sentence: a word of four or more letters, a full stop and a capital (not
``TGL.``/``S.D.``, nor a stray dot OCR read inside a sentence: "terhitung. sejak tanggal")."""
REFERENCE_CODE = re.compile(r"\b[A-Z0-9.\-]*[0-9][A-Z0-9.\-]*(?:/[A-Z0-9.\-]+){2,}")
"""A letter or document number: three or more slash-separated parts, one of them with a digit."""


def _blank_code(m: re.Match[str]) -> str:
    """A reference number blanked out (its letters and numbers announce no date), unless what
    the pattern took is dates and what joins them ("09/05/2016-05/08/2024", a period in a cell)."""
    text = m.group(0)
    covered = sum(d.end - d.start for d in find_dates(text))
    return text if covered >= len(text) - 3 else " " * len(text)
PERIOD_TO = re.compile(r"\bFROM\b.{1,60}\b(?:TO|TILL|UNTIL|THROUGH)\s*$")
"""The end of an English period, "from <anything> to" right before the date."""
BIRTH = re.compile(r"^(?:LAHIR|BORN)")
"""A start word that announces a birth date, never the start of a period of work."""
BIRTH_BEFORE = re.compile(r"(?:LAHIR|BIRTH|BORN)\W*(?:\w+\W*){0,4}$")
"""A birth word a few words before a date ("Tempat/Tgl. Lahir : Bandung, DATE")."""
PERIOD_GAP = 25
"""Most characters between an employment start's date and the date that ends the period."""
END_THEN_FROM = 45
"""How close (characters) an end cue must stand before "mulai" to make it the end's start."""
CITED_DOCUMENT = re.compile(
    r"(?:TERTANGGAL|\bDATED)\s*:?\s*$"
    r"|\b(?:SURAT|NOMOR\.?|NO\.|PERJANJIAN|KEPUTUSAN|BERITA\s+ACARA|MEMO|PERATURAN|SP\s*I{1,3})(?:\b|(?<=\.))"
    r"(?:(?!EFEKTIF|TERHITUNG|BERHENTI|BERAKHIR|SAMPAI|HINGGA|KELUAR|SEJAK|S\s?/\s?D|[.,;]).){0,70}"
    r"\b(?:TANGGAL|TGL\.?)\s*:?\s*$"
)
"""A date cited as another document's own ("Surat Peringatan Ketiga Nomor 12/SP tanggal DATE",
"surat pengunduran diri Saudara tertanggal DATE"): a document word, then "tanggal" right before
the date, with no word of the employment's end between them."""
WEAK = re.compile(r"SEJAK|TANGGAL|TGL|PADA")
MEMO_DATE_LABEL = re.compile(r"\s*(?:TANGGAL|TGL\.?|DATE|SENT|DIKIRIM|TERKIRIM|WAKTU)\s*[:;.]?\s*")
"""A header row's label of the letter's own date, alone before it ("Tanggal : DATE"; an e-mail's
"Sent: DATE")."""
MEMO_HEADER = re.compile(r"\s*(?:NOMOR|NO\.|PERIHAL|HAL|LAMPIRAN|KEPADA|DARI|SIFAT|FROM|TO|SUBJECT|SUBJEK|CC|REF)\b")
"""The other rows of a memo's, letter's or printed e-mail's header block."""
CITY_BEFORE_DATE = re.compile(r"[A-Za-z .'\-]{2,30}[,;:.]{0,2}\s*(tanggal|tgl\.?)?\s*:?\s*[.,]?", re.IGNORECASE)
"""What precedes the letter's own date on its row: the city ("Bandung,", "Kota Bekasi, tanggal",
"Madiun,." or "Mentawai, .7 Desember" where a speck between the comma and the date was read as a dot)."""
LABEL_BEFORE_DATE = re.compile(r"(?<!tanggal)(?<!tgl)(?<!tgl\.)(?<![ ,])\s*:\s*$", re.IGNORECASE)
"""A label's colon right before a date ("Tgl. Kepesertaan:"): a row's value, not a place
("Jakarta, tanggal :" keeps its place)."""
OWN_DATE_CUE = re.compile(r"DIKELUARKAN|DITETAPKAN|DIBUAT\s+(?:DI|PADA)|DITERBITKAN|DITANDATANGANI|\bISSUED\b"
                          r"|\bSIGNED\s+(?:AT|ON|IN)\b|DATED\s+THIS")
"""Words that announce the letter's own date ("Ditetapkan di ... pada tanggal", "Signed at")."""
OWN_DATE_LABEL = re.compile(r"\s*(?:(?:TANGGAL|TGL\.?)\s*(?:SURAT|DIKELUARKAN|DIBUAT|TERBIT|PENERBITAN|CETAK)?"
                            r"|DATE|ISSUED\s+ON|LETTER\s+DATE|DATE\s+OF\s+ISSUE|DICETAK(?:\s+PADA)?"
                            r"|PRINTED(?:\s+ON)?)\s*[:;.]?\s*")
"""The label of the letter's own date ("Tanggal Surat :", "Date:"; a system's print stamp,
"Dicetak: DATE TIME", dates the document it prints)."""
SIGNOFF_HEADER = re.compile(r"\b(?:DISETUJUI|MENGETAHUI|DIPERIKSA|APPROVED|VERIFIED|ACKNOWLEDGED)\b.*\b(?:TANGGAL|TGL\.?|DATE)"
                            r"\s*:?\s*$")
"""The header row of a sign-off grid whose last column is the date ("Disetujui oleh | Jabatan |
Tanggal")."""
APPROVED_ON = re.compile(r"(?:DISETUJUI|DISAHKAN|APPROVED|SIGNED|DITANDATANGANI)\b[^:]{0,100}?\b(?:PADA|ON)"
                         r"\s*(?:TANGGAL|TGL\.?)?\s*[:,]?\s*$")
"""An approval line ending in the date it was given ("Disetujui secara elektronik oleh NAME,
TITLE pada DATE", "Approved by NAME on DATE"): the document's own date."""
TRAILING_WEEKDAY = re.compile(
    r"(?<![A-Za-z])(?:Senin|Selasa|Rabu|Kamis|Jum'?at|Sabtu|Minggu|Monday|Tuesday|Wednesday|Thursday|Friday|Saturday"
    r"|Sunday)\s*[,.]?\s*$", re.IGNORECASE)
"""A weekday right before a date (the date's, not the place's or the label's)."""
LAST_WORD = re.compile(r"(?<![A-Za-z'])([A-Za-z]{5,9})\s*[,.]?\s*$")
WEEKDAYS = ("SENIN", "SELASA", "KAMIS", "JUMAT", "SABTU", "MINGGU", "MONDAY", "TUESDAY", "WEDNESDAY", "THURSDAY",
            "FRIDAY", "SATURDAY", "SUNDAY")
"""Weekday names of five letters or more (one slip in a shorter one leaves too little to tell)."""


SHORT_WEEKDAY = re.compile(r"(?<![A-Za-z])(?:Sen|Sel|Rab|Kam|Jum|Sab|Min|Mon|Tue|Wed|Thu|Fri|Sat|Sun)\.?\s*[,.]\s*$",
                           re.IGNORECASE)
"""A weekday's three-letter form with its comma right before a date, as mail clients and
systems print it ("Jum, 25 Apr 2025", "Mon, 12 Jan 2026")."""
TIME_AFTER = re.compile(r"\s*(?:,\s*)?(?:(?:AT|@)?\s*[0-2]?[0-9][:.][0-5][0-9]|(?:PUKUL|PKL\.?|JAM)\s*[0-2]?[0-9][:.]?[0-5][0-9])"
                        r"(?:[:.][0-5][0-9])?\s*(?:AM|PM|WIB|WITA|WIT)?\.?\s*", re.IGNORECASE)
"""A time printed after a date ("25 Apr 2025 pukul 16.18", "January 12, 2026 10:32 AM",
"22/08/2025 15:31"): part of the date's stamp, not words after it."""


def without_weekday(text: str) -> str:
    """``text`` without the weekday that ends it, as printed or with one slip ("tanggal Sahtu, "
    for "Sabtu"), or in its three-letter form before a comma ("Tanggal: Jum, "): what is left
    announces the date that follows."""
    out = SHORT_WEEKDAY.sub("", TRAILING_WEEKDAY.sub("", text))
    if out != text:
        return out
    m = LAST_WORD.search(text)
    if m is not None and process.extractOne(m.group(1).upper(), WEEKDAYS, scorer=fuzz.ratio, score_cutoff=80):
        return text[: m.start()]
    return text
STRAY = " '\"`\u2018\u2019"
"""Specks OCR reads as quotes around a date ("Jakarta Pusat, '3 Desember 2025")."""
CONNECTOR = re.compile(r"(DENGAN|SAMPAI|HINGGA|PADA|SEJAK|PER|MULAI|TERHITUNG|S\s?/\s?D)\b")
"""Words that continue a sentence from the row above: never a city."""
LETTERHEAD = re.compile(r"^\s*(P\s?\.?\s?T\.?|C\s?\.?\s?V\.?|PERSEROAN|KOPERASI|YAYASAN)\s+\S", re.IGNORECASE)
EMPLOYER_IN_TEXT = re.compile(
    r"(?:BEKERJA|KARYAWAN|PEGAWAI)\s+(?:DI|PADA)?\s*((?:PT|P\.T\.?|CV)\.?\s+[A-Z0-9&.' -]{3,60}?)"
    r"(?=\s+(?:SEJAK|SEBAGAI|DARI|YANG|TERHITUNG|MULAI|DENGAN|SELAMA)\b|[,.;:]|$)"
)


def _find_row(rows: list[Row], cues: tuple[str, ...], start: int = 0) -> int | None:
    for i in range(start, len(rows)):
        c = compact(rows[i].text)
        if any(k in c for k in cues):
            return i
    return None


WORKER_INTRO = re.compile(
    r"MENERAN?G?KAN[^.]{0,30}?BAHWA|MENYATAKAN[^.]{0,30}?BAHWA|MENERANGKAN\s*:|MENERANGKAN$|DENGAN\s*INI\s*(?:MENERANGKAN|MENYATAKAN)"
    r"|CERTIF(?:Y|IES)\s*THAT"
    r"|^\s*KEPADA\b|\bSDR\.?I?\b|\bSAUDAR[AI]\b|DIBERIKAN\s*KEPADA|NAMA\s*KARYAWAN|DATA\s*KARYAWAN"
)
"""Cues that open the worker's block (compact-tolerant, on folded text)."""
SIGNER_INTRO = re.compile(r"BERTANDA\s*TANGAN|HORMAT\s*KAMI|MENGETAHUI|^\s*A\.?\s*N\.?\s|ATAS\s*NAMA\s*DIREKSI"
                          r"|^\s*FOR\s+(?:AND\s+ON\s+BEHALF\s+OF\s+)?(?:PT|CV|P\.T)\b|ON\s+BEHALF\s+OF"
                          r"|UNTUK\s+DAN\s+ATAS\s+NAMA|\bSINCERELY\b|BEST\s+REGARDS")
"""Cues that open the signer's block (the introduction, or the closing signature)."""
FIRST_PERSON = re.compile(r"\bSAYA?\b[^.]{0,12}BERTANDA\s*TANGAN|HORMAT\s*SAYA")
"""The worker writes the letter themself (a resignation letter in the first person)."""
FIRST_PERSON_RESIGNS = re.compile(
    r"\bSAYA\b[^.]{0,40}(?:MENGUNDURKAN\s*DIRI|MENGAJUKAN\s*(?:SURAT\s*|PERMOHONAN\s*)?PENGUNDURAN|BERHENTI\s*BEKERJA)"
    r"|DENGAN\s*INI\s*MENGAJUKAN\s*(?:SURAT\s*|PERMOHONAN\s*)?PENGUNDURAN"
    r"|PENGUNDURAN\s*DIRI\s*SAYA|\bI\b,?\s*THE\s*UNDERSIGNED|\bI\s*(?:HEREBY\s*)?(?:RESIGN|SUBMIT\s*MY\s*RESIGNATION)"
)
"""A sentence in which the writer resigns ("dengan ini saya mengundurkan diri", "I hereby
resign"): the letter's "yang bertanda tangan" introduces the worker, whatever its own row says."""
SIGNER_TITLES = re.compile(r"\bHRD?\b|DIREKTUR|DIRECTOR|MANAGER|MANAJER|PERSONALIA|HUMAN\s*RESOURCE|KEPALA\s*BAGIAN|PIMPINAN"
                           r"|\bHR\b|SDM\b|GENERAL\s*MANAGER|OWNER|PEMILIK")
"""Jabatan values of the person who signs the letter."""
POST_NOMINALS = r"(?:\s*,\s*(?:[A-Z]{1,2}\.\s?){1,3}[A-Z]{0,4}\.?)*"
"""Degrees after a name, each after a comma (", S.H.", ", M.M.", ", S.Kom", ", A.Md.")."""
_NAME_RUN = (r"([A-Z][A-Z.'\- ]{2,60}?" + POST_NOMINALS + r")(?=\s*[,(]|\s+(?:DENGAN|NIK|NIP|TELAH|ADALAH|YANG|BEKERJA"
             r"|NO|TERHITUNG|SEBAGAI|BIN|BINTI|JABATAN|KARYAWAN|PEGAWAI|LAHIR|ALAMAT|EMPLOYEE|HAS|HAD|WHO|WAS|IS"
             r"|MERUPAKAN|SUDAH|PERNAH|TERCATAT|MENJADI|BERHENTI|MENGUNDURKAN|TIDAK)\b|\s*$)")
INLINE_NAME = re.compile(
    r"(?:(?:\bSAUDARA|\bSAUDARI|\bSDRI?|\bBAPAK|\bIBU|\bNAMA|\bBERNAMA)\s*:?\s+"
    r"|(?:\bSDRI?|\bMRS?|\bMS|\bBPK|\bSDR\s?/\s?I|\bSAUDARA\s?/\s?I|\bSAUDARA\s?\(I\)|\bSDR\s?\(I\))\.?\s*:?\s+"
    r"|(?:\bSDRI?|\bMRS?|\bMS|\bBPK)[.,]\s*:?\s*)" + _NAME_RUN
)
"""A worker's name inside running text ("... kepada Sdr. BUDI SANTOSO, yang ...")."""
INLINE_NAME_BARE = re.compile(r"(?:\bBAHWA|\bTHAT|\bKAMI\s*,)\s*:?\s+" + _NAME_RUN)
"""A name right after "bahwa" / "that" / "karyawan kami," with no honorific ("menerangkan bahwa
Budi Santoso adalah ..."): its place in the sentence only, so it confirms, never accuses."""
SPECK_BEFORE_NAME = re.compile(r"(\b(?:nama|bernama|saudara|saudari|bapak|ibu|sdri?|mrs?|ms)\.?\s*:?\s+)([.'`,·]+)(?=[A-Z])",
                               re.IGNORECASE)
"""A speck read as a dot or a tick between "atas nama" (or an honorific) and the name
("atas nama .Endang Sunarya"), blanked: the name is what follows."""
NAME_THEN_SENTENCE = re.compile(r"\b([A-Z][A-Za-z]+)\.(?=\s+[a-z])")
"""A full stop between a word in capitals (or a capitalised word: "Yenny Caniago. bagian") and a
word in lower case: the end of a name in running text, read as a comma (a sentence never goes
on in lower case after a full stop; same length: positions in the row stay)."""
GLUED_HONORIFIC = re.compile(
    r"(?<=[a-z])(?=(?:Mrs?|Ms|Sdri?|Saudar[ai]|Bapak|Ibu)\b)|(?<=\b[Nn]ama)(?=[A-Z]{2})|(?<=\bbernama)(?=[A-Z]{2})")
"""Where OCR dropped the space before an honorific ("certify thatMs. NUR ...") or between "nama"
and the name in capitals after it ("atas namaBAYU SUSANTO"): a word runs straight into the next."""


def row_blocks(rows: list[Row]) -> list[str]:
    """Each row's section: ``signer``, ``worker`` or ``""`` (letterhead, body, unknown).

    The signer's block is opened by "yang bertanda tangan" (or the closing "Hormat kami"); the
    worker's by "menerangkan bahwa", "kepada", "Sdr."/"Saudara"; the later cue on a row wins.
    A ``Nama`` row followed within two rows by a ``Jabatan`` that is a signer's title (HRD,
    Direktur, Manager, ...) is in the signer's block whatever came before.
    """
    out: list[str] = []
    state = ""
    own_letter = any(FIRST_PERSON_RESIGNS.search(heal_cues(fold(r.text))) for r in rows)
    prev = ""
    for r in rows:
        up = heal_cues(fold(r.text))
        w = [m.start() for m in WORKER_INTRO.finditer(up)]
        # a cue the line break cut ("... menerangkan dengan" / "sesungguhnya bahwa :")
        tail = prev[-40:]
        joined = tail + " " + up
        w += [0 for m in WORKER_INTRO.finditer(joined) if m.start() < len(tail) < m.end() - 1 and not w]
        prev = up
        sg = [m.start() for m in SIGNER_INTRO.finditer(up)]
        # first person ("Saya yang bertanda tangan", "Hormat saya"): the signer is the worker; in
        # a letter in which the writer resigns, its "yang bertanda tangan" introduces the worker
        # (an acknowledging superior's "Mengetahui" block stays another person's)
        if FIRST_PERSON.search(up):
            w, sg = sorted(w + sg), []
        elif own_letter:
            undersigned = [m.start() for m in re.finditer(r"BERTANDA\s*TANGAN", up)]
            w, sg = sorted(w + undersigned), [p for p in sg if p not in undersigned]
        if w or sg:
            state = "worker" if (w and (not sg or w[-1] > sg[-1])) else "signer"
        out.append(state)
    # the closing signature: what follows the place and date in the letter's lower half
    # ("Grobogan, February 15, 2026" / company / signature / name / title), unless the worker
    # writes the letter (then the signature is the worker's own)
    if not own_letter and not any(FIRST_PERSON.search(fold(r.text)) for r in rows):
        closing = [i for i, r in enumerate(rows) if i >= len(rows) // 2 and _city_date_row(r.text)]
        for i in range(closing[-1] + 1 if closing else len(rows), len(rows)):
            out[i] = "signer"
    # a name in the page's lower half right above a row that is only a signer's title
    # ("NUR LESTARI" / "DIREKTUR"): the signature, whatever closing (or none) came before it
    for i in range(len(rows) // 2, len(rows) - 1):
        title = fold(rows[i + 1].text).strip(" .,")
        if len(title.split()) <= 4 and SIGNER_TITLES.search(title) and not re.search(r"[\d:]", title) \
                and LABELS.match_start(rows[i].text) is None and not re.search(r"[a-z]{3,}\s+[a-z]{3,}", rows[i].text):
            out[i] = out[i + 1] = "signer"
    for i, r in enumerate(rows):
        lh = LABELS.match_start(r.text)
        if not (lh and lh.key == "full_name"):
            continue
        for j in range(i + 1, min(i + 3, len(rows))):
            up = heal_cues(fold(rows[j].text))
            if re.match(r"^\s*JABATAN", up) and SIGNER_TITLES.search(up[7:]):
                out[i] = out[j] = "signer"
                break
    return out


HIJRI_BEFORE = re.compile(r"\s*,?\s*\d{1,2}\s+[A-Za-z' ]{3,20}?\s+1[34]\d{2}\s*H\.?\s*[/|]\s*$")
"""A Hijri date and its slash, printed before the Gregorian date ("12 Rajab 1447 H / ")."""
HIJRI_AFTER = re.compile(r"M\.?|(?:M\.?\s*)?[/|]\s*\d{1,2}\s+[A-Za-z' ]{3,20}?\s+1[34]\d{2}\s*H\.?", re.IGNORECASE)
"""What may follow a Gregorian date of the letter's own: "M" (Masehi), or a slash and the Hijri date."""


def without_hijri(before: str, after: str) -> tuple[str, str]:
    """``before`` and ``after`` a date without the Hijri date printed beside it, on either side,
    and without the "M" (Masehi) that marks the Gregorian one: the place stays before it."""
    if HIJRI_AFTER.fullmatch(after.strip()):
        after = ""
    m = HIJRI_BEFORE.search(before)
    if m is not None:
        before = before[: m.start()].rstrip() + ("," if before[: m.start()].strip() else "")
    return before, after


def _city_date_row(text: str) -> bool:
    """The row is a place and a date only ("Bandung, 31 Maret 2025", "Grobogan, February 15, 2026")."""
    dates = find_dates(text)
    if len(dates) != 1:
        return False
    before, after = without_hijri(text[:dates[0].start].strip(STRAY), text[dates[0].end:].strip(" .,"))
    if after:
        return False
    # (a memo's header row "Tanggal : DATE" is no place: the memo's body follows it)
    return before[:1].isupper() and CITY_BEFORE_DATE.fullmatch(before) is not None and CONNECTOR.match(fold(before)) is None \
        and MEMO_DATE_LABEL.fullmatch(heal_cues(fold(before))) is None


def _name_hit(rows: list[Row]) -> tuple[Hit, float] | None:
    """The worker's ``Nama`` row and a confidence factor."""
    blocks = row_blocks(rows)
    by_block: list[tuple[Hit, str]] = []
    for i, row in enumerate(rows):
        # the Nama label at the row's start or starting a column of it ("No | Nama | Jabatan")
        h = value_right_of([row], LABELS).get("full_name")
        if h is not None:
            # a label this list does not know, "Nama" and a word or two before the colon ("Nama
            # Pekerja : BUDI", "Nama Yang Bersangkutan : BUDI"): that is the label's; another
            # person's row ("Nama Atasan", "Nama Ibu Kandung") is not the worker's
            tail = unknown_label_tail(row.text, h.value)
            if tail is not None:
                if tail[1]:
                    continue
                h = Hit(h.key, tail[0], h.lines, h.row_index, False, h.value_x0)
            glued = _misread_label_tail(h)
            if glued or not plausible_name(clean_name(h.value)):  # nothing, or the next cell's label
                # the value under its label: in the label's column (a table header cell, a
                # stacked form) or, failing that, the next row
                empty = Hit(h.key, "", [], i, h.exact_label)
                below = value_under(rows, empty, LABELS) or value_below(rows, empty, LABELS)
                if below is not None and below.value and (not glued or plausible_name(clean_name(below.value))):
                    h = below
            if h.value:
                if h.row_index == 0 and i > 0:
                    h = Hit(h.key, h.value, h.lines, i, h.exact_label, h.value_x0)
                by_block.append((h, blocks[i]))
    workers = [h for h, b in by_block if b == "worker"]
    if workers:
        return workers[0], 1.0
    # a Nama row followed by a signer's Jabatan (HRD, Direktur, ...) is never the worker's
    titled = {i for i, r in enumerate(rows) if blocks[i] == "signer" and _signer_titled(rows, i)}
    got = _name_hit_by_cues(rows)
    if got is not None and got[0].row_index in titled:
        return None
    if got is None:
        # a form with no block cue at all: its one named person outside the signature is the worker
        neutral = {compact(h.value): h for h, b in by_block if b == "" and not _signer_titled(rows, h.row_index)}
        if len(neutral) == 1:
            return next(iter(neutral.values())), 0.8
    return got


MISREAD_LABEL_CONFIDENCE = 0.8
"""Below this, one word read in the label's own OCR box may be the label's misread tail."""


def _misread_label_tail(h: Hit) -> bool:
    """The value is one word read in the label's own OCR box, without a colon, and read poorly:
    most likely the rest of a longer label ("Nama Lengkap" read "Nama Kseme") over a value
    stacked under it, not a name."""
    if len(h.value.split()) != 1 or len(h.lines) != 1:
        return False
    line = h.lines[0]
    lh = LABELS.match_start(line.text)
    return (lh is not None and lh.key == "full_name" and ":" not in line.text
            and line.confidence < MISREAD_LABEL_CONFIDENCE)


def _signer_titled(rows: list[Row], i: int) -> bool:
    """Row ``i`` is a Nama row followed within two rows by a signer's Jabatan."""
    lh = LABELS.match_start(rows[i].text)
    if not (lh and lh.key == "full_name"):
        return False
    for j in range(i + 1, min(i + 3, len(rows))):
        up = fold(rows[j].text)
        if re.match(r"^\s*JABATAN", up) and SIGNER_TITLES.search(up[7:]):
            return True
    return False


def _name_hit_by_cues(rows: list[Row]) -> tuple[Hit, float] | None:
    """The worker's ``Nama`` row and a confidence factor (older cue-order reading)."""
    signer = _find_row(rows, SIGNER_CUES)
    worker = _find_row(rows, WORKER_CUES, (signer + 1) if signer is not None else 0)
    if worker is None:
        worker = _find_row(rows, WORKER_CUES)
    all_hits: list[Hit] = []
    for i, row in enumerate(rows):
        lh = LABELS.match_start(row.text)
        if lh and lh.key == "full_name":
            sub = value_right_of([row], LABELS)
            if "full_name" in sub and sub["full_name"].value:
                h = sub["full_name"]
                all_hits.append(Hit(h.key, h.value, h.lines, i, h.exact_label, h.value_x0))
    if not all_hits:
        return None
    if worker is not None:
        after = [h for h in all_hits if h.row_index > worker]
        if after and after[0].row_index - worker <= 6:
            return after[0], 1.0
        return None
    if signer is not None:
        # no "menerangkan" cue: skip the Nama row(s) of the signer block
        after = [h for h in all_hits if h.row_index > signer]
        if len(after) >= 2:
            return after[1], 0.8
        return None
    return (all_hits[0], 0.8) if len(all_hits) == 1 else None


def _inline_name(flat: str) -> str | None:
    m = re.search(r"MENERANGKAN\s+BAHWA\s*:?\s*(?:SAUDARA|SAUDARI|SDR\.?|SDRI\.?|BAPAK|IBU)\s+"
                  r"([A-Z][A-Z.' ]{2,60}?" + POST_NOMINALS + r")(?=\s*,|\s+(?:DENGAN|NIK|TELAH|ADALAH|YANG|BEKERJA|NO)\b)",
                  fold(flat))
    return clean_name(m.group(1)) if m else None


def _row_of(rows: list[Row], name: str) -> Row | None:
    """The row printing ``name``, or two consecutive rows joined when the name wraps at a line end."""
    target = compact(name)
    for i, r in enumerate(rows):
        if target in compact(r.text):
            return r
        if i + 1 < len(rows) and target in compact(r.text + " " + rows[i + 1].text):
            return Row.wrapped(r, rows[i + 1])
    return None


def inline_worker_name(rows: list[Row], pattern: re.Pattern[str] = INLINE_NAME) -> tuple[str, Row] | None:
    """A name after Sdr./Saudara/Bapak/Ibu/nama (``pattern``) in running text, outside the signer's
    block."""
    blocks = row_blocks(rows)
    # each row alone, then each row joined with the next (a name wrapped at the line end)
    joined = {i: Row.wrapped(rows[i], rows[i + 1]) for i in range(len(rows) - 1)
              if blocks[i + 1] == blocks[i] and rows[i + 1].y0 - rows[i].y1 < 1.5 * rows[i].height}
    pairs = [(r, b, joined.get(i)) for i, (r, b) in enumerate(zip(rows, blocks, strict=False))]
    pairs += [(j, blocks[i], None) for i, j in joined.items()]
    for want in ("worker", ""):
        for r, b, with_next in pairs:
            if b != want:
                continue
            got = _inline_name_in(r, pattern)
            if got is not None and with_next is not None and got[1]:
                # the name ends the row: its other words may start the next one ("... Sdr. NURUL" /
                # "HIDAYAH NURHAYATI, NIK ..."); the longer reading of the two rows joined wins
                longer = _inline_name_in(with_next, pattern)
                if longer is not None and longer[0].startswith(got[0] + " "):
                    return longer[0], with_next
            if got is not None:
                return got[0], r
    return None


def _inline_name_in(r: Row, pattern: re.Pattern[str] = INLINE_NAME) -> tuple[str, bool] | None:
    """The first name after an honorific (``pattern``) in row ``r`` and whether it ends the row."""
    # a full stop after a word in capitals and before one in lower case ends the name
    # ("Mr. TUKIMAN. employee number ..."); titles and initials ("DRS. TUMPAL") stay
    text = NAME_THEN_SENTENCE.sub(r"\1,", GLUED_HONORIFIC.sub(" ", r.text))
    text = SPECK_BEFORE_NAME.sub(lambda m: m.group(1) + " " * len(m.group(2)), text)
    up = fold(text)
    pos = 0
    while (m := pattern.search(up, pos)) is not None:
        # (a refused reading may hide the next lead: "bahwa karyawan kami, Budi Santoso,")
        pos = m.start(1)
        # a name is written in capitals or with capital initials, never in lower case
        # ("Saudara dibebastugaskan dan hubungan kerja" is a sentence)
        if len(up) == len(text) and any(w[:1].islower() for w in text[m.start(1):m.end(1)].split()):
            continue
        if pattern is INLINE_NAME_BARE and not _name_shaped(text[m.start(1):m.end(1)]):
            continue
        name = clean_name(m.group(1))
        words = [w for w in name.split() if len(w.strip(".")) >= 1]
        if len(name.replace(" ", "")) >= 3 and words and not LABELS.match_start(name, fuzzy=False) \
                and plausible_name(name):
            return name, not up[m.end(1):].strip(" .,;:")
    return None


def _name_shaped(text: str) -> bool:
    """Two or more words, each a word in title case or in capitals or an initial (degrees after
    a comma aside): a name where nothing but its place in the sentence says so."""
    words = text.split(",")[0].split()
    return len(words) >= 2 and all(re.fullmatch(r"[A-Z](?:[a-z'\-]+|[A-Z'\-]+|\.)", w) for w in words)


LONE_NAME_FACTOR = 0.8
"""Confidence factor of a name standing alone on the line after the worker's cue."""


def lone_name(rows: list[Row]) -> tuple[str, Row] | None:
    """The worker's name standing alone on one of the two rows after the row that opens the
    worker's block ("... menerangkan bahwa:" / centred "BUDI SANTOSO", as on a certificate):
    one OCR line, no label, no digits, a plausible name of two to six words (or one in capitals)."""
    blocks = row_blocks(rows)
    for i in range(len(rows) - 1):
        if blocks[i] != "worker" or (i > 0 and blocks[i - 1] == "worker"):
            continue
        for j in (i + 1, i + 2):
            if j >= len(rows) or blocks[j] != "worker":
                break
            r = rows[j]
            text = r.text.strip()
            # (a name starts with a capital: not "di Tempat" under an addressee)
            if len(r.lines) != 1 or not text[:1].isupper() or re.search(r"\d", text) or LABELS.match_start(text) \
                    or LETTERHEAD.match(text):
                continue
            name = clean_name(text)
            # one word only in capitals: a one-word name ("SUKINAH"), or two the OCR glued
            # ("MARULILUBIS", respaced against the typed name by the checks)
            words = len(name.split())
            if (2 <= words <= 6 or (words == 1 and len(name) >= 5 and name.isupper())) \
                    and plausible_name(name) and not SIGNER_TITLES.search(fold(name)) \
                    and not re.search(r"[a-z]{3,}.*\s[a-z]{3,}", text.split(",")[0]):
                return name, r
    return None


GUESS_FACTOR = 0.5
"""Confidence factor of a name found only as capitals inside running text: low enough that the
checks take it as confirmation only, never as a difference (``matching.verdict.GUESS_CONFIDENCE``)."""
TRAILING_ID_LABEL = re.compile(r"(?:,?\s+(?:NIK|NIP|NRP|NO|NOMOR|KTP|NPWP|ID))+\.?$")
"""An identifier's label after a name in running text ("..., NIK 3574...")."""
CAPITALS_RUN = re.compile(r"(?<![A-Za-z])((?:[A-Z][A-Z'\-]*\.?,?\s+){1,5}[A-Z][A-Z'\-]+)(?![a-z])")
ROLE_BEFORE = re.compile(r"(?:SEBAGAI|JABATAN|\bAS|\bDI|\bPADA|\bBY|\bAT|\bOF|\bPT\.?|\bCV\.?|BAGIAN|DEPARTEMEN)\s*[:,]?\s*$")
"""Words after which capitals are a job, a place or a company, not a person."""


COMPANY_NAME = re.compile(r"\b(?:PT|CV|UD|PD|TBK|FIRMA|KOPERASI|YAYASAN)\.?\s+([A-Z][A-Z0-9&.\- ]{2,60})")
"""A company's name after its legal form (``PT``, ``CV``, ...)."""


def completed_name(name: str, row: Row, rows: list[Row]) -> tuple[str, Row]:
    """A one-word name read in running text ("Dear Mr. Hadi,", "Sdr. Hadi telah ...") completed by
    the longer name in capitals that starts with it elsewhere outside the signer's block (the
    addressee row "Mr. HADI PRATAMA"): the short one is how the letter addresses the worker."""
    if len(name.split()) != 1:
        return name, row
    key = compact(name)
    blocks = row_blocks(rows)
    for r, b in zip(rows, blocks, strict=False):
        if b == "signer":
            continue
        for m in CAPITALS_RUN.finditer(r.text):
            words = without_salutation(TRAILING_ID_LABEL.sub("", clean_name(m.group(1)))).split()
            if len(words) >= 2 and compact(words[0]) == key and plausible_name(" ".join(words)) \
                    and not LABELS.match_start(" ".join(words), fuzzy=False):
                return " ".join(words).upper(), r
    return name, row


def capitalised_name(rows: list[Row]) -> tuple[str, Row] | None:
    """The first person's name written in capitals inside running (mixed-case) text outside the
    signer's block and the letterhead ("... certify that the bearer, TUTI HANDAYANI of ...")."""
    blocks = row_blocks(rows)
    # the company's name, printed after its legal form somewhere ("PT KARYA MAKMUR PANGAN"), is
    # never a person's, also where the form was wrapped onto the row before
    flat = " ".join(r.text for r in rows)
    companies = {compact(m.group(1)) for text in [*(r.text for r in rows), flat] for m in COMPANY_NAME.finditer(text)}
    # (and a letterhead whose legal form the OCR glued to the name: "PTINTI SEJAHTERAPLASTINDO")
    companies |= {c[2:] for r in rows[:3] if (c := compact(r.text)).startswith(("PT", "CV")) and r.text.isupper()}
    for ri, (r, b) in enumerate(zip(rows, blocks, strict=False)):
        if b == "signer" or ri < 2 or not re.search(r"[a-z]{3,}", r.text):
            continue
        if LABELS.match_start(r.text) is not None:
            continue  # "Jabatan / Position: QUALITY CONTROL": capitals after a label are its value
        for m in CAPITALS_RUN.finditer(r.text):
            # the number's label the run took after the name ("BONAR TAMBUNAN, NIK 3574...")
            name = TRAILING_ID_LABEL.sub("", clean_name(m.group(1)))
            if len(name.split()) < 2 or ROLE_BEFORE.search(fold(r.text[:m.start()])):
                continue
            if any(compact(name) and compact(name) in c for c in companies):
                continue
            if plausible_name(name) and not LABELS.match_start(name, fuzzy=False):
                return name.upper(), r
    return None


DateHit = tuple[str, int, float]
"""(ISO date, row index, confidence factor)."""


CUE_WORDS = ("TERHITUNG", "BERHENTI", "TERAKHIR", "MENGUNDURKAN", "PENGUNDURAN", "EFEKTIF", "TANGGAL", "SAMPAI",
             "HINGGA", "DITETAPKAN", "DIKELUARKAN", "BERAKHIR", "KELUAR", "BEKERJA", "DITERIMA", "BERGABUNG",
             "MENERANGKAN", "MENYATAKAN", "BERTANDA", "JABATAN", "SELESAI", "BERLAKU",
             # English letters' cues
             "EFFECT", "EFFECTIVE", "RELIEVED", "RELIEVING", "RESIGNED", "TERMINATED", "SEPARATION", "JOINING")
"""Words that announce a letter's dates and blocks, healed when OCR misread one letter of them."""


def heal_cues(up: str) -> str:
    """``up`` (folded) with OCR-misread cue words restored: a word of six or more letters one
    substituted letter away from a cue word ("SERHITUNG", "CANGGAL", "OITETAPKAN") becomes it,
    and a full stop between two words is a space. Lengths are kept, so offsets stay valid."""
    def heal(m: re.Match[str]) -> str:
        w = m.group(0)
        if w in CUE_WORDS:
            return w  # already a cue word (TERAKHIR is not a misread BERAKHIR)
        for cue in CUE_WORDS:
            if len(cue) == len(w) and w != cue and sum(a != b for a, b in zip(w, cue, strict=True)) == 1:
                return cue
        return w

    # a speck read as a full stop between two words ("TERHITUNG.MULAI", "BUAT.DENGAN")
    up = re.sub(r"(?<=[A-Z]{3})\.(?=[A-Z]{3})", " ", up)
    # "s/d" between two dates with its d read as another round letter ("s/á" folds to "S/A", "s/o")
    up = re.sub(r"(?<=[0-9] S/)[AO0](?=\.? ?[0-9])", "D", up)
    # "Tgl." with its l read as an i or a one ("Tgi. Lahir", "Tg1. Non Aktif")
    up = re.sub(r"\bTG[I1](?=\b|[0-9])", "TGL", up)
    # "last working day" with its L read as an I or a one ("Your iast working day")
    up = re.sub(r"\b[I1]AST(?= (?:WORKING|DAY|DATE)\b)", "LAST", up)
    return re.sub(r"[A-Z0-9]{6,}", heal, up)


WRAPPED_CUE = re.compile(r"(?:DENGAN|SAMPAI|HINGGA|S\s?/\s?D|TANGGAL|TGL\.?|SEJAK|PER|TERHITUNG|MULAI|PADA|BERLAKU"
                         r"|EFEKTIF|TO|UNTIL|FROM|SINCE|ON)\s*[:,]?\s*$")
"""A row ending in words that announce a date on the next row: running text, not a label cell."""


HEADER_END = re.compile(r"\b(?:AKHIR|SAMPAI|HINGGA|SELESAI|KELUAR|BERHENTI|RESIGN|TO|UNTIL|END|LAST|S\s?/\s?D)\b")
"""A cell label or column header over the end of employment ("Tgl Akhir", "Sampai", "To")."""
HEADER_START = re.compile(r"\b(?:AWAL|DARI|MULAI|SEJAK|MASUK|BERGABUNG|DITERIMA|FROM|START|JOIN(?:ED)?|SINCE|LAHIR"
                          r"|BIRTH)\b")
"""A cell label or column header over the start of employment (or another unwanted date)."""
DATE_LABELS = ("TANGGAL MASUK", "TANGGAL KELUAR", "TANGGAL BERGABUNG", "TANGGAL BERAKHIR", "TANGGAL BERHENTI",
               "TANGGAL MULAI BEKERJA", "TANGGAL TERAKHIR BEKERJA", "HARI KERJA TERAKHIR", "TANGGAL EFEKTIF BERHENTI",
               "EFEKTIF BERHENTI", "MULAI BEKERJA", "AKHIR BEKERJA", "JOIN DATE", "DATE JOINED", "START DATE",
               "END DATE", "LAST WORKING DAY", "LAST DAY", "TANGGAL LAHIR", "DATE OF BIRTH")
"""Labels of a form's date cells, to read a label cell the OCR misread ("LASI WORKING DAY")."""
DATE_LABEL_SCORE = 85


def date_label(left: str) -> str:
    """A label cell (folded) as the date label it is nearly spelled as (``DATE_LABELS``, at least
    ``DATE_LABEL_SCORE`` similar on the whole cell), else unchanged."""
    words = left.strip(" :.")
    if not words or len(words) > 40:
        return left
    got = process.extractOne(words, DATE_LABELS, scorer=fuzz.ratio, score_cutoff=DATE_LABEL_SCORE)
    return got[0] if got is not None else left


COLUMN_DEPTH = 8
"""How many data rows a column header may stand above a value (a table of several rows)."""


def _label_above(rows: list[Row], ri: int, x0: float, x1: float) -> str | None:
    """The short label printed above a value's x-span (a form cell or a table's column header),
    or None.

    The row right above, or, in a table, the first row up the same column that is not itself a
    data cell (a cell of that column printing a date or a number): each step up must be within
    two line heights, and the header a few words without a date of its own.
    """
    if ri == 0:
        return None
    last = rows[ri - 1].lines[-1].text if rows[ri - 1].lines else ""
    if len(last.split()) >= 4 and WRAPPED_CUE.search(heal_cues(fold(last))):
        return None  # a sentence wrapped before its date ("... berlaku terhitung / sejak tanggal DATE")
    below = rows[ri]
    for k in range(ri - 1, max(-1, ri - 1 - COLUMN_DEPTH), -1):
        above = rows[k]
        if below.y0 - above.y1 > 2.0 * below.height:
            return None
        over = [ln for ln in above.lines if min(ln.x1, x1) - max(ln.x0, x0) > 0]
        if not over:
            continue  # a row with nothing over this cell (a stamp's stray letters elsewhere)
        if any(find_dates(ln.text) or re.search(r"\d{3,}", ln.text) for ln in over):
            if k == ri - 1 and len(above.lines) == 1 and len(rows[ri].lines) == 1:
                return None  # running text, not a table
            below = above
            continue  # a data cell of the same column: its header is further up
        return _label_part(above, over, x0, x1, rows[ri].height)
    return None


def _known_place(place: str) -> bool:
    """``place`` (before a date, its capital lost to a stamp or a speck: "imalungun") is a
    regency or city of the gazetteer, so it is the letter's place, not words of a sentence."""
    from intake.wilayah import snap_place

    words = re.sub(r"[^A-Za-z ]", " ", place).split()
    if not words or len(words) > 3:
        return False
    return any(snap_place(" ".join(words), level, min_score=88.0) is not None for level in ("regency", "province"))


def _same_date_again(after: str, iso: str) -> bool:
    """``after`` (what follows a date on its row) is that same date once more, after a slash, a
    dash or in brackets: a bilingual letter's "DATE / DATE"."""
    m = re.fullmatch(r"[/|(\-–]\s*(.+?)\s*\)?", after)
    if m is None:
        return False
    dates = find_dates(m.group(1))
    return len(dates) == 1 and dates[0].iso == iso and not m.group(1)[dates[0].end:].strip(" .,)")


def _sentence_tanggal(place: str) -> bool:
    """``place`` ends in "tanggal" with no comma or colon before it, and the words before it are
    no known place: a sentence running into its date ("Saudara adalah tanggal DATE"), not a
    letter's "City, tanggal DATE"."""
    m = re.fullmatch(r"([A-Za-z .'\-]+?)\s+(?:tanggal|tgl\.?)\s*:?\s*[.,]?", place.strip(), re.IGNORECASE)
    return m is not None and not _known_place(m.group(1))


def _own_cell(row: Row, a0: int) -> bool:
    """The date at offset ``a0`` of ``row`` starts an OCR line of its own that does not follow a
    colon: a table cell ("1 | Operator | Gudang | 04-01-2024"), not a "Label : DATE" value."""
    if len(row.lines) < 3 or row.text[:a0].rstrip().endswith(":"):
        return False
    return any(st <= a0 and not row.text[st:a0].strip(STRAY + "|[(") for st, _en in row.spans)


def _label_part(row: Row, over: list, x0: float, x1: float, h: float) -> str | None:
    """The words of the lines in ``over`` that stand over ``x0..x1`` (labels of two cells may
    come as one OCR line: "Tanggal Masuk      Efektif Berhenti" over "14-11-2010      01-03-2026")."""
    for line in over:
        text = line.text.strip()
        if not text or len(text.split()) > 6 or (text.startswith(":") and line is not row.lines[0]):
            continue  # nothing, running text, or the value of a "Label : value" row (": Staf")
        per_char = (line.x1 - line.x0) / max(1, len(text))
        lo = max(0, int((x0 - h - line.x0) / per_char))
        hi = min(len(text), int((x1 + h - line.x0) / per_char) + 1)
        words = [m for m in re.finditer(r"\S+", text) if m.end() > lo and m.start() < hi]
        part = " ".join(m.group(0) for m in words)
        if 0 < len(words) <= 5:
            return part
    return None


def _dates(rows: list[Row]) -> tuple[str, int, float] | None:
    """The resignation date: (ISO, row index, factor), picked by the words just before it."""
    return letter_dates(rows)[0]


def letter_dates(rows: list[Row], width: float | None = None) -> tuple[DateHit | None, DateHit | None]:
    """(the last day of work, the letter's own date), each ``(ISO, row index, factor)`` or None
    (see :func:`scan_dates`)."""
    best, own, _candidates = scan_dates(rows, width)
    return best, own


def last_day_candidates(rows: list[Row], width: float | None = None) -> list[tuple[str, bool]]:
    """Every date of the letter that may be its last day of work, ``(ISO, printed with a
    two-digit year)``, the letter's own date included: all but the starts of employment, birth
    dates and the dates of cited documents."""
    return scan_dates(rows, width)[2]


_MONTH_YEAR = re.compile(r"(?<![0-9])(?<![0-9]\s)(?<![0-9][-./])([A-Z]{3,9})\.?,?\s*[-/]?\s*((?:19|20)[0-9]{2})(?![0-9])")
_NUM_MONTH_YEAR = re.compile(r"(?<![0-9])(?<![0-9][-./])(0?[1-9]|1[0-2])\s?[-./]\s?((?:19|20)[0-9]{2})(?![0-9])")
_END_YEAR = re.compile(r"(?:SAMPAI(?:\s+DENGAN)?|HINGGA|S\s?/\s?D\.?|S\.\s?D\.?|\bTO|UNTIL|\bTILL|THROUGH|\s-|–)\s*(?:TAHUN\s+)?"
                       r"((?:19|20)[0-9]{2})(?![0-9])")
_START_BEFORE = re.compile(r"(?:SEJAK|DARI|MULAI|FROM|SINCE|MASUK|BERGABUNG|JOINED)\W*(?:TAHUN|BULAN|TANGGAL|TGL\.?)?\W*$")


def months_without_day(rows: list[Row]) -> list[tuple[int, int]]:
    """``(year, month)`` of each month the letter names without a day ("Juni 2026", "06/2026"),
    and ``(year, 1)`` of each year that ends a period ("2019 sampai 2026"), except after a start
    word with no end word before it ("sejak Maret 2019"): a last day of work the letter gives
    only to the month or year."""
    out: list[tuple[int, int]] = []
    for r in rows:
        up = fold(r.text)
        hits: list[tuple[int, int, int]] = []
        for m in _MONTH_YEAR.finditer(up):
            month = MONTHS.get(m.group(1))
            if month:
                hits.append((m.start(), int(m.group(2)), month))
        hits += [(m.start(), int(m.group(2)), int(m.group(1))) for m in _NUM_MONTH_YEAR.finditer(up)]
        hits += [(m.start(1), int(m.group(1)), 1) for m in _END_YEAR.finditer(up)]
        for start, year, month in hits:
            # the start of employment ("sejak Maret 2019"), unless an end word announces it
            # ("berakhir terhitung sejak tanggal Des 2025")
            before = up[max(0, start - 40):start]
            if not _START_BEFORE.search(before[-25:]) or STRONG.search(before):
                out.append((year, month))
    return out


MONTH_END_FACTOR = 0.7
"""Confidence factor of a last day known only to its month (the month's last day is taken):
below ``LOW_CONFIDENCE``, so it confirms a waiting period over even from the month's end, and
never refuses one."""


def _announced_month(rows: list[Row]) -> DateHit | None:
    """The last day of the latest month an end word announces with no day ("berakhir terhitung
    sejak tanggal Des 2025", "bekerja sampai Juni 2026"): ``(ISO of the month's last day, row,
    factor)``."""
    best: tuple[int, int, int] | None = None
    for ri, r in enumerate(rows):
        up = heal_cues(fold(r.text))
        for m in _MONTH_YEAR.finditer(up):
            month = MONTHS.get(m.group(1))
            before = up[max(0, m.start() - 40):m.start()]
            if month and STRONG.search(before) and not re.search(r"[0-9]\s*$", before):
                if best is None or (int(m.group(2)), month) > best[:2]:
                    best = (int(m.group(2)), month, ri)
    if best is None:
        return None
    year, month, ri = best
    last = calendar.monthrange(year, month)[1]
    return f"{year:04d}-{month:02d}-{last:02d}", ri, MONTH_END_FACTOR


def scan_dates(rows: list[Row], width: float | None = None) -> tuple[DateHit | None, DateHit | None,
                                                                     list[tuple[str, bool]]]:
    """(the last day of work, the letter's own date, every date that may be the last day).

    The first two are each ``(ISO, row index, factor)`` or None.

    The last day of work is the date announced by "terhitung sejak/mulai", "sampai dengan",
    "terakhir bekerja", "efektif", "per tanggal", "berhenti", or the latest date of an employment
    period "dari ... sampai ..."; among equally announced dates the latest wins. The letter's
    own date is beside the city near the signature ("Bandung, 31 Maret 2025"), after
    "Dikeluarkan/Ditetapkan", or alone at the top right; it is the resignation date only when
    no other date exists (then with a low factor).
    """
    starts: list[int] = []
    parts: list[str] = []
    pos = 0
    for r in rows:
        starts.append(pos)
        parts.append(r.text)
        pos += len(r.text) + 1
    flat = " ".join(parts)
    # a reference number ("033/PHK/HRGA/I/2026") is a code, not words: its letters announce nothing
    up = REFERENCE_CODE.sub(_blank_code, heal_cues(fold(flat)))
    best: tuple[int, str, int] | None = None
    own: tuple[str, int] | None = None
    lone: tuple[str, int] | None = None
    headed: list[tuple[str, int]] = []
    prev_end = 0
    started_on: str | None = None
    started_labelled = False
    short: dict[str, bool] = {}
    candidates: list[tuple[str, bool]] = []
    prev_candidate: tuple[str, bool] | None = None
    for d in find_dates(flat, short_years=True):
        short[d.iso] = short.get(d.iso, True) and d.short_year
        ri = bisect.bisect_right(starts, d.start) - 1
        row = rows[ri]
        lo = max(prev_end, d.start - 120)
        ctx = up[lo: d.start]
        # only the date's own sentence announces it ("... mengundurkan diri. Demikian ... Kota, DATE")
        ends = [m.end() for m in SENTENCE_END.finditer(flat[lo: d.start] if len(flat) == len(up) else ctx)]
        if ends:
            ctx = ctx[ends[-1]:]
        # a weekday before the date is the date's ("tanggal Sabtu, 4 Mei 2024", "- Kamis, 19
        # Maret 2026"): the words before the weekday announce the date
        ctx = without_weekday(ctx)
        # the end of a period "01/06/2018 - 31/12/2024", "dari ... s/d ...": the later date
        # (an English "from ... to DATE" whose first date was not read still ends a period)
        between = without_weekday(up[prev_end:d.start])
        period_end = PERIOD_TO.search(ctx) is not None or (prev_end > 0 and re.fullmatch(
            r"\s*(?:-|–|S\s?/\s?D\.?|S\.\s?D\.?|SAMPAI(?:\s+DENGAN)?|HINGGA|TO|UNTIL|TILL|THROUGH|[-–~:.]{1,3})\s*(?:TANGGAL|TGL\.?)?\s*",
            between) is not None)
        # the next date a few words after the start of employment, in the same sentence, is the
        # period's end whatever the connector became in the OCR ("sejak 1/02/2021 camp der) DATE")
        # (a labelled start, "Masa Kerja : D1 hmgga D2", with no other label between)
        if started_on is not None and d.iso > started_on and len(between) <= PERIOD_GAP \
                and not re.search(r"[0-9,]|[A-Z]{4,}\.", between) and not (started_labelled and ":" in between):
            period_end = True
        started_on = None
        prev_end = d.end
        a0 = d.start - starts[ri]
        # only a date with no words of its own before it in its cell (a value cell): the row's
        # start, or a later column of a form ("15 Oktober 2013        13 Agustus 2026")
        cell = max(c for c in column_starts(row) if c <= a0)
        # (never a "Label : DATE" value: its label is on its own row, left of the colon)
        labelled = row.text[:a0].rstrip(STRAY).endswith(":")
        # a row of two cells, a label that announces a start or an end, then the date ("Tanggal
        # Berakhir / End Date     DATE"): that label is the date's, not whatever the value column
        # holds further up (a form of values under labels has a value on the left instead)
        left = date_label(heal_cues(fold(row.text[:cell])))
        beside = cell > 0 and len(column_starts(row)) == 2 and not find_dates(left) \
            and (HEADER_END.search(left) is not None or HEADER_START.search(left) is not None
                 or STRONG.search(left) is not None)
        label = None if labelled or (re.search(r"[A-Za-z]{3,}", without_weekday(row.text[cell:a0]))
                                     and not _own_cell(row, a0)) else \
            left if beside else _label_above(rows, ri, row.x_at(a0), row.x_at(d.end - starts[ri]))
        if label is not None and OWN_DATE_LABEL.fullmatch(heal_cues(fold(label))) is not None:
            headed.append((d.iso, ri))  # a cell under a bare "Tanggal" / "Date" column (a sign-off grid)
        elif ri > 0 and not row.text[d.end - starts[ri]:].strip(STRAY + ".") \
                and SIGNOFF_HEADER.search(heal_cues(fold(rows[ri - 1].text))) is not None:
            # the same grid from a text layer, each row one line ("Disetujui oleh Jabatan Tanggal"
            # over "NAME TITLE DATE"): the date that ends the row under it
            headed.append((d.iso, ri))
        if label is not None:
            # a date in a form cell: its own label above it announces it ("Tanggal Keluar" / DATE),
            # and a table's column header all the dates of its column ("Sampai" over each row's end)
            ctx, period_end = heal_cues(fold(label)), False
        s = [m.start() for m in STRONG.finditer(ctx)]
        # "dengan" right before the date is what is left of "sampai dengan" when the OCR garbled
        # its first word ("sejak 22 05/2020 siotpai dengan DATE")
        s += [m.start() for m in UNTIL_TAIL.finditer(ctx)]
        s.sort()
        st = [m.start() for m in START.finditer(ctx)]
        if label is not None:
            s += [m.start() for m in HEADER_END.finditer(ctx)]
            st += [m.start() for m in HEADER_START.finditer(ctx)]
            s.sort()
            st.sort()
        wk = [m.start() for m in WEAK.finditer(ctx)]
        # an end cue shortly before a start word, in one phrase ("efektif berhenti bekerja mulai
        # tanggal", "berhenti bekerja sejak tanggal", "tidak lagi bekerja ... mulai"): the start of
        # the time without work, not of the employment (not across a "Label :" row)
        end_then_from = bool(s and st and s[-1] < st[-1] and st[-1] - s[-1] <= END_THEN_FROM
                             and ":" not in ctx[s[-1]:st[-1]])
        if label is None and CITED_DOCUMENT.search(ctx):
            score = -1  # the date of a cited document ("Surat Peringatan ... Nomor ... tanggal DATE")
        elif period_end or end_then_from or (s and (not st or s[-1] > st[-1])):
            score = 3
        elif st:
            score = -1
        elif wk:
            score = 1
        else:
            score = 0
        if score >= 0 and OPENS_PERIOD.match(up, d.end) is not None:
            # the first date of a period whose second date did not survive the OCR ("masa kontrak
            # D1 sampai dengan 2025-20-29"): a start, never the last day
            score = -1
        employment_start = score == -1 and bool(st) and not CITED_DOCUMENT.search(ctx) \
            and not BIRTH.search(ctx[st[-1]:])
        # the start of employment, or a date nothing announces: a range may follow (a labelled
        # one too, unless its label is a birth's: "Masa Kerja : D1 - D2", "Tanggal Masuk : D1 s/d D2")
        if label is None and (score == 0 or employment_start) \
                and not (labelled and re.search(r"LAHIR|BIRTH|BORN", fold(row.text[:a0]))):
            started_on, started_labelled = d.iso, labelled
        if period_end and prev_candidate is not None and prev_candidate[0] < d.iso:
            # the period's first date is its start, never its last day ("masa kontrak D1 s.d. D2")
            candidates.remove(prev_candidate)
        prev_candidate = None
        if score >= 0 and not BIRTH_BEFORE.search(ctx):
            prev_candidate = (d.iso, d.short_year)
            candidates.append(prev_candidate)
        # the letter's own date: "Bandung, 20 Oktober 2026" alone on its row, or after "Dikeluarkan"
        a, b = d.start - starts[ri], d.end - starts[ri]
        before, after = row.text[:a].strip(STRAY), row.text[b:].strip(" .:;,'\"`")
        # a time printed after the date is the date's ("Sent: ... 2026 10:32 AM", "pukul 16.18"),
        # and so is the same date again in another language or calendar ("Jakarta, 17-10-2025 /
        # October 17th, 2025")
        if TIME_AFTER.fullmatch(after) or _same_date_again(after, d.iso):
            after = ""
        # a weekday printed before the date belongs to the date ("Tuban, Rabu, 27 Agustus 2025")
        before = without_weekday(before)
        # ... and so does the Hijri date printed beside it ("Jakarta, 12 Rajab 1447 H / 2 Januari 2026 M")
        before, after = without_hijri(before, after)
        rest = (before + " " + after).strip()
        # a date announced as the end of work is never the letter's own ("... sampai / dengan
        # tanggal 11 April 2026." wrapped so that the date starts its row)
        announced = period_end or (score == 3 and (label is not None or STRONG.search(heal_cues(fold(before))) is not None))
        # (never a start of employment, a birth or a cited document's date: "Join Date 15-Nov-2023")
        # (and never a value cell beside its label cell, "Join Date      15-Nov-2023", unless a comma
        # ends the place: "Bandung,      DATE")
        value_cell = cell > 0 and not row.text[cell:a].strip(STRAY) and not before.endswith((",", ";"))
        # (the place and date may share their row with another cell: "Nomor : 109/HRD/2026    Kudus, DATE")
        place = without_weekday(row.text[cell:a].strip(STRAY)) \
            if cell > 0 and CITY_BEFORE_DATE.fullmatch(before) is None else before
        if CITY_BEFORE_DATE.fullmatch(place) is None and MEMO_HEADER.match(fold(place)):
            # ... or with one space between, as a text layer joins them ("Nomor : 032/HRD/VII/2025
            # Temanggung, Selasa, DATE"): the place is what follows the letter's number
            codes = list(REFERENCE_CODE.finditer(fold(place)))
            if codes:
                place = place[codes[-1].end():].strip(STRAY)
        city_date = not announced and score >= 0 and not value_cell and not after and (place[:1].isupper() or _known_place(place)) \
            and CITY_BEFORE_DATE.fullmatch(place) is not None and CONNECTOR.match(fold(place)) is None \
            and not _sentence_tanggal(heal_cues(fold(place))) \
            and (not LABEL_BEFORE_DATE.search(place) or OWN_DATE_LABEL.fullmatch(fold(place)) is not None)
        alone_right = not rest and width is not None and row.lines[0].x0 > 0.5 * width and not announced
        # a date right of the middle among the page's last rows (the signature block) after one
        # word the OCR garbled beyond a place's shape ("pBinjat.07-08-2026" for "Binjai, ...")
        signing = not announced and not after and width is not None and row.lines[0].x0 > 0.45 * width \
            and ri >= len(rows) - SIGNATURE_ROWS and re.fullmatch(r"[A-Za-z.,;:'`]{2,24}", before) is not None
        # (a long city name between: "Ditetapkan di : Padang Panjang" / "Pada tanggal : DATE")
        # a memo's or a letter's header row "Tanggal : DATE" among "Nomor", "Perihal", "Kepada", "Dari"
        memo_date = not after and MEMO_DATE_LABEL.fullmatch(heal_cues(fold(before))) is not None and any(
            MEMO_HEADER.match(fold(rows[k].text)) for k in range(max(0, ri - 3), min(len(rows), ri + 4)) if k != ri)
        approved = not announced and not after and APPROVED_ON.search(ctx) is not None
        if city_date or memo_date or alone_right or signing or approved or OWN_DATE_CUE.search(ctx[-70:]):
            # the latest such date (a place and date in a row of the worker's data whose label the
            # OCR garbled, "Temnat Tgi. Lanit | Sumenep,13.01.1983", is a birth, always earlier);
            # of equal dates the last, by the signature
            if own is None or d.iso >= own[0]:
                own = (d.iso, ri)
            continue
        if not rest and score <= 0:
            lone = (d.iso, ri)  # a date alone on its row that nothing announces: the letter's own, failing all else
            continue
        if score < 0:
            continue
        # among equally announced dates the latest: the end of what the letter recounts (of dates
        # nothing announces too: a career table whose header the OCR lost ends with the last day,
        # while unannounced dates before it are starts, births and cited documents)
        if best is None or score > best[0] or (score == best[0] and d.iso > best[1]):
            best = (score, d.iso, ri)
    # a two-digit year reads the same as a year half lost to the OCR: never sure enough to accuse
    def cap(iso: str) -> float:
        return SHORT_YEAR_FACTOR if short.get(iso) else 1.0

    own_hit: DateHit | None = (own[0], own[1], cap(own[0])) if own else None
    if own_hit is None and len(headed) == 1:
        # the one date under a bare date header ("Disetujui oleh | Jabatan | Tanggal" over the
        # signer's row): the date the letter was signed. Several dates under such headers are a
        # table of events, none of them the letter's own.
        own_hit = (headed[0][0], headed[0][1], LONE_DATE_FACTOR * cap(headed[0][0]))
    if own_hit is None and lone is not None:
        # a letter that dates itself with no place and no label, its date alone on a row (at the
        # top, or over the signature): the last such date, never taken as the last day of work
        own_hit = (lone[0], lone[1], LONE_DATE_FACTOR * cap(lone[0]))
    if best is None:
        month = _announced_month(rows)
        if month is not None:  # "berakhir sejak tanggal Des 2025" (the day lost or never printed)
            return month, own_hit, candidates
        return ((own[0], own[1], 0.5) if own else None), own_hit, candidates
    return (best[1], best[2], {3: 1.0, 1: 0.7, 0: 0.5}[best[0]] * cap(best[1])), own_hit, candidates


SIGNATURE_ROWS = 6
"""The page's last rows, where a letter signs: its place and date, company, name and title."""
LONE_DATE_FACTOR = 0.8
"""Confidence factor of a letter's own date known only as a date alone on its row."""
SHORT_YEAR_FACTOR = 0.75
"""Confidence factor of a date printed with a two-digit year (``31/10/26``): below
``matching.compare.LOW_CONFIDENCE``, so it confirms a waiting period but never refuses one."""


def _respace(name: str, rows: list[Row]) -> str:
    """Restore spaces OCR dropped in a letterhead name from the same name in the body text."""
    target = compact(name)
    for r in rows:
        words = r.text.split()
        for i in range(len(words)):
            cand = ""
            for w in words[i:i + 8]:
                cand = f"{cand} {w}".strip()
                c = compact(cand)
                if c == target and cand.count(" ") > name.count(" "):
                    return clean_value(cand).upper() if name.isupper() else clean_value(cand)
                if not target.startswith(c):
                    break
    return name


def _employer(rows: list[Row], page: OcrPage) -> tuple[str, list, float] | None:
    top = [r for r in rows if r.y1 <= page.height * 0.2] or rows[:4]
    for r in top[:6]:
        for l in r.lines:
            if LETTERHEAD.match(clean_value(l.text)):
                return _respace(clean_value(l.text), rows), [l], 1.0
    flat = fold(" ".join(r.text for r in rows))
    m = EMPLOYER_IN_TEXT.search(flat)
    if m:
        v = clean_value(m.group(1))
        for r in rows:
            if compact(v) in compact(r.text):
                return v, r.lines, 0.8
    return None


def extract_page(page: OcrPage) -> dict[str, FieldValue]:
    """Fields of one letter page."""
    rows = page_rows(page)
    out: dict[str, FieldValue] = {}
    p = page.page
    got = _name_hit(rows)
    if got:
        h, f = got
        h = continuation(rows, h, LABELS)
        # (a labelled row may still address the worker: "Nama : Sdri ZAHRA KUSUMAWATI")
        name = without_salutation(clean_name(h.value))
        if len(name.replace(" ", "")) >= 2:
            out["full_name"] = make_field(name, h.lines, p, f * (1.0 if h.exact_label else 0.9))
    else:
        iname = _inline_name(" ".join(r.text for r in rows))
        row = _row_of(rows, iname) if iname else None
        if iname is None or row is None:
            got2 = inline_worker_name(rows)
            iname, row = got2 if got2 else (None, None)
        lone = lone_name(rows) if iname is None or row is None else None
        if iname and row is not None:
            iname, row = completed_name(iname, row, rows)
            out["full_name"] = make_field(iname, row.lines, p, 0.7)
        elif lone is not None:
            out["full_name"] = make_field(lone[0], lone[1].lines, p, LONE_NAME_FACTOR)
        else:
            guess = inline_worker_name(rows, INLINE_NAME_BARE) or capitalised_name(rows)
            if guess is not None:
                out["full_name"] = make_field(guess[0], guess[1].lines, p, GUESS_FACTOR)
    d, own = letter_dates(rows, float(page.width) if page.width else None)
    if d:
        out["resignation_date"] = make_field(d[0], rows[d[1]].lines, p, d[2])
    if own:
        out["letter_date"] = make_field(own[0], rows[own[1]].lines, p, own[2])
    e = _employer(rows, page)
    if e:
        out["employer"] = make_field(e[0], e[1], p, e[2])
    return out


def extract(pages: list[OcrPage]) -> dict[str, FieldValue]:
    """Extract ``full_name`` (the worker's), ``resignation_date`` (last day of work), ``letter_date`` and ``employer``.

    Page by page; the first page that yields a field wins for it (the letterhead and the
    worker block come first).
    """
    out: dict[str, FieldValue] = {}
    for pg in pages:
        for k, v in extract_page(pg).items():
            out.setdefault(k, v)
    return out


register_vocabulary(label_sets=(LABELS,))
