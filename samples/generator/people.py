"""Seeded synthetic identities: names, NIKs, families, employers and bank accounts.

Everything here is invented from a seed; no real person's data is used. Region codes and
names come from the small gazetteer subset in ``data/wilayah_subset.csv`` (cahyadsn/wilayah,
MIT), so a NIK's first six digits are a real province/regency/district code.
"""

from __future__ import annotations

import csv
import random
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent / "data"
"""Folder of the bundled gazetteer subset."""

PROVINCE_CODES: frozenset[str] = frozenset(
    "11 12 13 14 15 16 17 18 19 21 31 32 33 34 35 36 51 52 53 61 62 63 64 65 "
    "71 72 73 74 75 76 81 82 91 92 93 94 95 96".split()
)
"""Valid two-digit province codes of a NIK."""

MONTHS_ID: tuple[str, ...] = (
    "Januari", "Februari", "Maret", "April", "Mei", "Juni",
    "Juli", "Agustus", "September", "Oktober", "November", "Desember",
)
"""Indonesian month names, January first."""

BANK_ACCOUNT_LENGTHS: dict[str, int] = {"BRI": 15, "BNI": 10, "MANDIRI": 13, "BCA": 10, "BTN": 16}
"""Printed account-number length per bank."""

# ---------------------------------------------------------------------------------------
# Gazetteer subset


@dataclass(frozen=True)
class Region:
    """A village with its district, regency and province (codes and gazetteer names)."""

    province_code: str
    """Two digits, e.g. ``32``."""
    regency_code: str
    """Two digits within the province, e.g. ``04``."""
    district_code: str
    """Two digits within the regency."""
    province: str
    """Gazetteer name, upper case (``JAWA BARAT``)."""
    regency: str
    """Gazetteer name, upper case, with its KABUPATEN/KOTA prefix."""
    district: str
    """Kecamatan name, upper case."""
    village: str
    """Kelurahan/desa name, upper case."""

    @property
    def nik_prefix(self) -> str:
        """The six region digits that start a NIK registered here."""
        return f"{self.province_code}{self.regency_code}{self.district_code}"

    @property
    def city(self) -> str:
        """Regency/city name without its administrative prefix (as printed as a birth place)."""
        return city_name(self.regency)


def city_name(regency: str) -> str:
    """Strip ``KABUPATEN``/``KOTA`` (and ``ADMINISTRASI``) from an upper-case regency name."""
    for prefix in ("KABUPATEN ADMINISTRASI ", "KOTA ADMINISTRASI ", "KABUPATEN ", "KOTA "):
        if regency.startswith(prefix):
            return regency[len(prefix):]
    return regency


@lru_cache(maxsize=1)
def regions() -> tuple[Region, ...]:
    """All villages of the bundled subset as :class:`Region` records (sorted by code)."""
    names: dict[str, str] = {}
    with open(DATA_DIR / "wilayah_subset.csv", newline="", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            names[row["code"]] = row["name"].upper()
    out: list[Region] = []
    for code in sorted(names):
        parts = code.split(".")
        if len(parts) != 4:
            continue
        p, k, c, _ = parts
        out.append(
            Region(
                province_code=p,
                regency_code=k,
                district_code=c,
                province=names[p],
                regency=names[f"{p}.{k}"],
                district=names[f"{p}.{k}.{c}"],
                village=names[code],
            )
        )
    if not out:
        raise RuntimeError(f"no villages in {DATA_DIR / 'wilayah_subset.csv'}")
    return tuple(out)


# ---------------------------------------------------------------------------------------
# NIK


def make_nik(region_prefix: str, birth_date: date, female: bool, serial: int) -> str:
    """Build a structurally valid NIK.

    Args:
        region_prefix: six digits PP KK CC.
        birth_date: date of birth (encoded DDMMYY, day + 40 for women).
        female: whether the person is a woman.
        serial: 1..9999.
    """
    if len(region_prefix) != 6 or not region_prefix.isdigit() or region_prefix[:2] not in PROVINCE_CODES:
        raise ValueError("bad region prefix")
    if not 1 <= serial <= 9999:
        raise ValueError("serial must be 1..9999")
    day = birth_date.day + (40 if female else 0)
    return f"{region_prefix}{day:02d}{birth_date:%m%y}{serial:04d}"


def nik_is_valid(nik: str) -> bool:
    """Structural NIK check used by the tests (province, date with the +40 rule, serial)."""
    if len(nik) != 16 or not nik.isdigit() or nik[:2] not in PROVINCE_CODES:
        return False
    if nik[2:4] == "00" or nik[4:6] == "00" or nik[12:] == "0000":
        return False
    day, month, year = int(nik[6:8]), int(nik[8:10]), int(nik[10:12])
    if day > 40:
        day -= 40
    try:
        date(2000 + year, month, day)
    except ValueError:
        return False
    return True


# ---------------------------------------------------------------------------------------
# Names

MALE_GIVEN = (
    "BUDI", "AGUS", "ANDI", "RIZKI", "DIMAS", "FAJAR", "HENDRA", "IWAN", "YUDI", "DEDI",
    "RUDI", "EKO", "ARIF", "BAYU", "DANI", "GILANG", "IRFAN", "JOKO", "HARYANTO", "TEGUH",
    "WAHYU", "ADITYA", "REZA", "FIRMAN", "HADI", "SLAMET", "BAMBANG", "HERU", "SIGIT",
)
FEMALE_GIVEN = (
    "SITI", "DEWI", "RINA", "SRI", "AYU", "FITRI", "NUR", "INDAH", "LESTARI", "WULAN",
    "PUTRI", "YULIA", "RATNA", "ANI", "EKA", "MEGA", "NOVI", "DIAN", "WIDYA", "RAHMA",
    "KARTIKA", "PURWANTI", "SUSANTI", "HANDAYANI", "MAYA", "TUTI", "NINGSIH",
)
MALE_SECOND = (
    "SANTOSO", "PRASETYO", "SAPUTRA", "NUGROHO", "HIDAYAT", "KURNIAWAN", "WIBOWO",
    "SETIAWAN", "PRATAMA", "GUNAWAN", "RAMADHAN", "FIRMANSYAH", "SUSANTO", "HAKIM",
    "MAULANA", "WIJAYA", "SUGIHARTO", "PURNOMO", "HERMAWAN", "SYAHPUTRA",
)
FEMALE_SECOND = (
    "LESTARI", "SARI", "WATI", "RAHAYU", "PERMATASARI", "PUSPITA", "KURNIASIH",
    "HANDAYANI", "WULANDARI", "ANGGRAINI", "FITRIANI", "NURHAYATI", "SAFITRI", "MARLINA",
    "AGUSTINA", "RAHMAWATI", "KUSUMAWATI", "SUSILOWATI",
)
JAVANESE_MONONYMS_M = ("SUPARMAN", "SUKARDI", "PARIYEM", "SUGENG", "PAIMIN", "TUKIMAN", "SUPRIYADI", "KASMAN")
JAVANESE_MONONYMS_F = ("SUPARMI", "SUMIYATI", "PARTINAH", "SUKINAH", "WAGIYEM", "SUTARMI", "TUMINAH")
SUNDANESE_M = ("ASEP", "UJANG", "CECEP", "DEDE", "YAYAT", "ENDANG", "OMAN", "JAJANG", "DADANG")
SUNDANESE_F = ("NENENG", "EUIS", "IMAS", "ENOK", "TETI", "CUCU", "LILIS", "YENI")
SUNDANESE_LAST = ("SUPRIATNA", "SUNARYA", "KUSNADI", "HIDAYAT", "RUHIAT", "SOLIHIN", "SUHENDAR", "MULYANA")
BATAK_SURNAMES = (
    "SIMANJUNTAK", "SIREGAR", "NAINGGOLAN", "HUTAPEA", "SITUMORANG", "PANJAITAN", "NASUTION",
    "LUBIS", "HARAHAP", "SIAHAAN", "SINAGA", "SIMATUPANG", "PARDEDE", "TAMBUNAN",
)
BATAK_GIVEN_M = ("JOSUA", "ROBERT", "HOTMAN", "PARLINDUNGAN", "MARULI", "BONAR", "TUMPAL", "RICARDO")
BATAK_GIVEN_F = ("MARIA", "ROSMAWATI", "NURMAIDA", "LAMRIA", "DAMERIA", "SRIWATI", "MONALISA")
MINANG_M = ("RAHMAT", "YUSRIZAL", "AFRIZAL", "ZULKIFLI", "DEFRIZAL", "HENDRI", "ERWIN", "FEBRIANDI")
MINANG_F = ("YUSNIDAR", "ROSNIATI", "ELVIRA", "YENNY", "DESMAWATI", "NOFRIYENTI", "ZURAIDA")
MINANG_LAST = ("PUTRA", "CANIAGO", "CHANIAGO", "PILIANG", "KOTO", "TANJUNG", "SIKUMBANG")
ARABIC_M = ("RIZKI", "FAUZI", "HAKIM", "SYAIFUL", "HASAN", "ALI", "YUSUF", "IKHSAN", "ARIF", "FIKRI")
ARABIC_F = ("FATIMAH", "AISYAH", "KHADIJAH", "ZAHRA", "NURUL HIDAYAH", "SALSABILA", "MAIMUNAH")
ARABIC_LEAD_M = ("MUHAMMAD", "AHMAD", "ABDUL", "MOHAMMAD")
OLD_SPELLING_M = ("DJOKO", "SOEPARDI", "SOEBAGIO", "DJUANDA", "SOEKARNO", "TJAHJONO", "SOEWARNO", "DJUMADI")
OLD_SPELLING_F = ("SOEHARTINI", "SOEMIATI", "DJUARIAH", "TJITJIH", "SOEKESIH", "SOETARMI")
OLD_SPELLING_LAST = ("SOESILO", "HADISOEBROTO", "DJOJOHADIKOESOEMO", "SOEDARSONO", "SOEMARNO", "PRAWIROSOEDIRDJO")

PREFIX_TITLES_M = ("H.", "DRS.", "IR.", "DR.")
PREFIX_TITLES_F = ("HJ.", "DRA.", "IR.")
SUFFIX_TITLES = ("S.E.", "S.KOM", "S.H.", "A.MD", "S.T.", "S.PD", "S.SOS", "M.M.")

NAME_STYLES: tuple[str, ...] = (
    "common", "mononym", "long", "sundanese", "batak", "minang", "arabic", "muhammad", "old_spelling",
)
"""Name styles :func:`make_name` knows (``muhammad`` forces a leading MUHAMMAD)."""


@dataclass(frozen=True)
class PersonName:
    """A printed name with its parts."""

    core: str
    """The name without titles (upper case)."""
    prefix: str = ""
    """Prefix title such as ``H.`` or ``DRS.`` (empty when none)."""
    suffix: str = ""
    """Suffix title such as ``S.E.`` (empty when none)."""

    @property
    def full(self) -> str:
        """The name as printed on an ID document: ``H. AHMAD FAUZI, S.E.``."""
        out = f"{self.prefix} {self.core}" if self.prefix else self.core
        return f"{out}, {self.suffix}" if self.suffix else out


def make_name(rng: random.Random, female: bool, style: str | None = None) -> str:
    """Return a synthetic upper-case core name (no titles) of the given or a random style."""
    style = style or rng.choices(NAME_STYLES, weights=(30, 8, 8, 10, 8, 6, 10, 10, 6))[0]
    c = rng.choice
    if style == "mononym":
        return c(JAVANESE_MONONYMS_F if female else JAVANESE_MONONYMS_M)
    if style == "long":
        if female:
            return f"{c(('RADEN AYU', 'SRI', 'NUR'))} {c(FEMALE_GIVEN)} {c(FEMALE_SECOND)} {c(FEMALE_SECOND)}"
        return f"{c(('RADEN', 'MOCHAMAD', 'I GEDE'))} {c(MALE_GIVEN)} {c(MALE_SECOND)} {c(MALE_SECOND)}"
    if style == "sundanese":
        return f"{c(SUNDANESE_F if female else SUNDANESE_M)} {c(SUNDANESE_LAST)}"
    if style == "batak":
        return f"{c(BATAK_GIVEN_F if female else BATAK_GIVEN_M)} {c(BATAK_SURNAMES)}"
    if style == "minang":
        return f"{c(MINANG_F if female else MINANG_M)} {c(MINANG_LAST)}"
    if style == "arabic":
        if female:
            return f"{c(ARABIC_F)} {c(FEMALE_SECOND)}"
        return f"{c(ARABIC_LEAD_M[1:])} {c(ARABIC_M)}"
    if style == "muhammad":
        if female:  # no female MUHAMMAD; fall back to an Arabic-derived name
            return f"{c(ARABIC_F)} {c(FEMALE_SECOND)}"
        return f"MUHAMMAD {c(ARABIC_M)}" + (f" {c(MALE_SECOND)}" if rng.random() < 0.5 else "")
    if style == "old_spelling":
        return f"{c(OLD_SPELLING_F if female else OLD_SPELLING_M)} {c(OLD_SPELLING_LAST)}"
    if female:
        return f"{c(FEMALE_GIVEN)} {c(FEMALE_SECOND)}"
    return f"{c(MALE_GIVEN)} {c(MALE_SECOND)}"


def make_titles(rng: random.Random, female: bool, p: float = 0.25) -> tuple[str, str]:
    """Return ``(prefix, suffix)`` titles; each empty with probability ``1 - p``."""
    prefix = rng.choice(PREFIX_TITLES_F if female else PREFIX_TITLES_M) if rng.random() < p else ""
    suffix = rng.choice(SUFFIX_TITLES) if rng.random() < p else ""
    return prefix, suffix


# ---------------------------------------------------------------------------------------
# People, families, employment


RELIGIONS = ("ISLAM", "ISLAM", "ISLAM", "ISLAM", "KRISTEN", "KATHOLIK", "HINDU", "BUDDHA", "KONGHUCU")
BLOOD_TYPES = ("A", "B", "AB", "O", "-")
OCCUPATIONS = ("KARYAWAN SWASTA", "KARYAWAN SWASTA", "BURUH HARIAN LEPAS", "KARYAWAN BUMN", "BURUH PABRIK")
EDUCATIONS = (
    "SLTA/SEDERAJAT", "SLTA/SEDERAJAT", "SLTP/SEDERAJAT", "DIPLOMA IV/STRATA I",
    "AKADEMI/DIPLOMA III/S. MUDA", "TAMAT SD/SEDERAJAT",
)
STREETS = (
    "JL. MERDEKA", "JL. SUDIRMAN", "JL. DIPONEGORO", "JL. MELATI", "JL. KENANGA", "JL. MAWAR",
    "JL. PAHLAWAN", "JL. CEMPAKA", "JL. RAYA BARAT", "JL. PERINTIS", "GG. MANGGA", "GG. DAMAI",
    "JL. KAPTEN MUSLIM", "JL. ANGGREK", "KP. SUKAMAJU", "DUSUN KRAJAN", "PERUM GRIYA ASRI BLOK C",
)
COMPANY_WORDS_A = ("SUMBER", "MITRA", "KARYA", "CAHAYA", "GLOBAL", "SINAR", "BINTANG", "MEGA", "PRIMA", "INTI")
COMPANY_WORDS_B = ("MAKMUR", "ABADI", "SENTOSA", "JAYA", "MANDIRI", "LESTARI", "PERKASA", "GEMILANG", "SEJAHTERA")
COMPANY_WORDS_C = ("TEKSTIL", "LOGISTIK", "PLASTINDO", "GARMINDO", "ELEKTRONIK", "PANGAN", "NUSANTARA", "INDUSTRI")
JOB_TITLES = (
    "OPERATOR PRODUKSI", "STAF ADMINISTRASI", "STAF GUDANG", "TEKNISI", "SUPERVISOR PRODUKSI",
    "SALES", "KASIR", "STAF KEUANGAN", "DRIVER", "QUALITY CONTROL", "SECURITY",
)
SIGNER_TITLES = ("HRD MANAGER", "MANAJER PERSONALIA", "KEPALA BAGIAN SDM", "DIREKTUR", "HR & GA MANAGER")
BANK_BRANCH_WORDS = ("UTAMA", "PASAR BARU", "ALUN-ALUN", "SUDIRMAN", "KAWASAN INDUSTRI", "STASIUN", "TIMUR", "BARAT")


@dataclass(frozen=True)
class Member:
    """One person on a Kartu Keluarga (the claimant included)."""

    name: PersonName
    """Printed name."""
    nik: str
    """Valid 16-digit NIK."""
    female: bool
    """Gender (True: PEREMPUAN)."""
    birth_date: date
    """Date of birth."""
    birth_place: str
    """City printed as birth place (upper case, no KABUPATEN/KOTA)."""
    relationship: str
    """Status Hubungan Dalam Keluarga (KEPALA KELUARGA, ISTRI, SUAMI, ANAK)."""
    religion: str
    """Agama."""
    education: str
    """Pendidikan."""
    occupation: str
    """Jenis Pekerjaan."""
    marital_status: str
    """Status Perkawinan."""

    @property
    def gender(self) -> str:
        """As printed: LAKI-LAKI or PEREMPUAN."""
        return "PEREMPUAN" if self.female else "LAKI-LAKI"


@dataclass(frozen=True)
class Person:
    """A synthetic claimant with everything the five documents print."""

    me: Member
    """The claimant as a KK member."""
    region: Region
    """Where the claimant lives and registered the NIK."""
    address: str
    """Street address line (Alamat)."""
    rt_rw: str
    """``003/007``."""
    blood_type: str
    """Gol. Darah."""
    ktp_issued: date
    """Date printed under the photo."""
    family: tuple[Member, ...]
    """All KK members in KK order, the claimant included."""
    kk_number: str
    """16-digit Kartu Keluarga number."""
    kk_issued: date
    """Date the KK was issued."""
    kpj: str
    """11-digit BPJS Ketenagakerjaan membership number."""
    member_since: date
    """Peserta sejak."""
    employer: str
    """Employer as printed on the letterhead (upper case)."""
    employer_city: str
    """City of the employer (letter place)."""
    job_title: str
    """The claimant's position."""
    signer: PersonName
    """Who signs the resignation letter."""
    signer_title: str
    """The signer's position."""
    employee_id: str
    """NIK karyawan (company staff number)."""
    hired_on: date
    """First working day."""
    resignation_date: date
    """Last working day (as written in the letter)."""
    letter_date: date
    """Date of the resignation letter."""
    bank: str
    """BRI, BNI, MANDIRI, BCA or BTN."""
    account_number: str
    """Digits of the right length for the bank."""
    branch: str
    """Branch name as printed on the passbook."""
    account_opened: date
    """Tgl. Pembukaan."""
    phone: str
    """Mobile number, local format (08...)."""
    email: str
    """Synthetic address at example.com."""

    @property
    def name(self) -> PersonName:
        """The claimant's printed name."""
        return self.me.name

    @property
    def spouse(self) -> Member | None:
        """The claimant's husband or wife on the KK, if any."""
        if self.me.relationship in ("ISTRI", "SUAMI"):
            return next((m for m in self.family if m.relationship == "KEPALA KELUARGA"), None)
        if self.me.relationship == "KEPALA KELUARGA":
            return next((m for m in self.family if m.relationship in ("ISTRI", "SUAMI")), None)
        return None


def _rand_date(rng: random.Random, start: date, end: date) -> date:
    """A uniform random date in ``[start, end]``."""
    return start + timedelta(days=rng.randint(0, max(0, (end - start).days)))


def add_months(d: date, months: int) -> date:
    """Same day ``months`` later (clamped to the month's last day)."""
    y, m = divmod(d.month - 1 + months, 12)
    year, month = d.year + y, m + 1
    for day in (d.day, 30, 29, 28):
        try:
            return date(year, month, day)
        except ValueError:
            continue
    raise AssertionError("unreachable")


def _digits(rng: random.Random, n: int, first_nonzero: bool = True) -> str:
    s = "".join(str(rng.randint(0, 9)) for _ in range(n))
    if first_nonzero and s[0] == "0":
        s = str(rng.randint(1, 9)) + s[1:]
    return s


def _nik(rng: random.Random, region: Region, born: date, female: bool) -> str:
    return make_nik(region.nik_prefix, born, female, rng.randint(1, 9999) if rng.random() < 0.3 else rng.randint(1, 30))


def _member(
    rng: random.Random,
    region: Region,
    *,
    female: bool,
    born: date,
    relationship: str,
    religion: str,
    marital: str,
    name: PersonName | None = None,
    occupation: str | None = None,
    birth_place: str | None = None,
) -> Member:
    if name is None:
        name = PersonName(make_name(rng, female))
    age_years = (date(2026, 1, 1) - born).days // 365
    if occupation is None:
        if age_years < 18:
            occupation = "PELAJAR/MAHASISWA" if age_years >= 6 else "BELUM/TIDAK BEKERJA"
        elif female and relationship == "ISTRI":
            occupation = rng.choice(("MENGURUS RUMAH TANGGA", "KARYAWAN SWASTA", "WIRASWASTA"))
        else:
            occupation = rng.choice(("KARYAWAN SWASTA", "WIRASWASTA", "PEDAGANG", "PETANI/PEKEBUN"))
    if age_years < 6:
        education = "TIDAK/BELUM SEKOLAH"
    elif age_years < 18:
        education = "BELUM TAMAT SD/SEDERAJAT" if age_years < 12 else "TAMAT SD/SEDERAJAT"
    else:
        education = rng.choice(EDUCATIONS)
    return Member(
        name=name,
        nik=_nik(rng, region, born, female),
        female=female,
        birth_date=born,
        birth_place=birth_place or region.city,
        relationship=relationship,
        religion=religion,
        education=education,
        occupation=occupation,
        marital_status=marital,
    )


def make_person(
    seed: int | str,
    *,
    submitted_on: date | None = None,
    name_style: str | None = None,
    titled: bool | None = None,
    married: bool | None = None,
    female: bool | None = None,
    born: date | None = None,
) -> Person:
    """Build one synthetic claimant and their family, fully determined by ``seed``.

    Args:
        seed: any int or str; the same seed always gives the same person.
        submitted_on: claim date the employment history is placed before (default: a seeded
            date in 2026).
        name_style: force a style from :data:`NAME_STYLES`.
        titled: force (True) or forbid (False) titles on the claimant's name.
        married: force a spouse on the KK (True) or none (False).
        female: force the claimant's gender.
        born: force the claimant's birth date (the seeded draw is still made and dropped, so
            everything else drawn stays as without it).
    """
    rng = random.Random(f"person:{seed}")
    if submitted_on is None:
        submitted_on = _rand_date(rng, date(2026, 1, 5), date(2026, 12, 20))
    if female is None:
        female = rng.random() < 0.4
    if name_style == "muhammad":
        female = False
    all_regions = regions()
    region = rng.choice(all_regions)
    birth_region = region if rng.random() < 0.6 else rng.choice(all_regions)
    drawn_born = _rand_date(rng, date(1968, 1, 1), date(2003, 12, 31))
    born = drawn_born if born is None else born
    religion = rng.choice(RELIGIONS)
    if titled is None:
        titled = rng.random() < 0.25
    prefix, suffix = make_titles(rng, female, p=0.6) if titled else ("", "")
    if titled and not prefix and not suffix:
        suffix = rng.choice(SUFFIX_TITLES)
    name = PersonName(make_name(rng, female, name_style), prefix, suffix)
    age = (submitted_on - born).days // 365
    if married is None:
        married = age >= 24 and rng.random() < 0.65

    marital = "KAWIN" if married else ("BELUM KAWIN" if rng.random() < 0.9 else "CERAI HIDUP")
    occupation = rng.choice(OCCUPATIONS)
    family: list[Member] = []
    if married:
        spouse_born = _rand_date(rng, born - timedelta(days=6 * 365), born + timedelta(days=4 * 365))
        spouse_born = min(spouse_born, date(2004, 12, 31))
        me_rel = "ISTRI" if female else "KEPALA KELUARGA"
        me = _member(rng, region, female=female, born=born, relationship=me_rel, religion=religion,
                     marital="KAWIN", name=name, occupation=occupation, birth_place=birth_region.city)
        spouse = _member(rng, region, female=not female, born=spouse_born,
                         relationship="KEPALA KELUARGA" if female else "ISTRI", religion=religion,
                         marital="KAWIN", birth_place=rng.choice(all_regions).city)
        family = [spouse, me] if female else [me, spouse]
        younger = max(born, spouse_born)
        first_child = younger + timedelta(days=20 * 365)
        for _ in range(rng.randint(0, 3)):
            if first_child > submitted_on - timedelta(days=60):
                break
            child_born = _rand_date(rng, first_child, min(first_child + timedelta(days=3 * 365), submitted_on - timedelta(days=60)))
            family.append(_member(rng, region, female=rng.random() < 0.5, born=child_born, relationship="ANAK",
                                  religion=religion, marital="BELUM KAWIN"))
            first_child = child_born + timedelta(days=400)
    elif marital == "BELUM KAWIN" and age < 30 and rng.random() < 0.5:
        # Still on the parents' KK.
        father_born = _rand_date(rng, born - timedelta(days=40 * 365), born - timedelta(days=22 * 365))
        mother_born = father_born + timedelta(days=rng.randint(0, 6 * 365))
        father = _member(rng, region, female=False, born=father_born, relationship="KEPALA KELUARGA",
                         religion=religion, marital="KAWIN")
        mother = _member(rng, region, female=True, born=mother_born, relationship="ISTRI",
                         religion=religion, marital="KAWIN")
        me = _member(rng, region, female=female, born=born, relationship="ANAK", religion=religion,
                     marital=marital, name=name, occupation=occupation, birth_place=birth_region.city)
        family = [father, mother, me]
    else:
        me = _member(rng, region, female=female, born=born, relationship="KEPALA KELUARGA", religion=religion,
                     marital=marital, name=name, occupation=occupation, birth_place=birth_region.city)
        family = [me]

    kk_issued = _rand_date(rng, date(2012, 1, 1), submitted_on - timedelta(days=90))
    kk_number = f"{region.nik_prefix}{kk_issued:%d%m%y}{rng.randint(1, 9999):04d}"

    resignation = _rand_date(rng, submitted_on - timedelta(days=420), submitted_on - timedelta(days=45))
    hired = _rand_date(rng, max(born + timedelta(days=19 * 365), resignation - timedelta(days=15 * 365)),
                       resignation - timedelta(days=200))
    member_since = add_months(hired, rng.randint(0, 3))
    letter_date = resignation + timedelta(days=rng.randint(0, 14))
    employer_region = region if rng.random() < 0.7 else rng.choice(all_regions)
    employer = f"{rng.choice(('PT', 'PT', 'PT', 'CV'))} {rng.choice(COMPANY_WORDS_A)} {rng.choice(COMPANY_WORDS_B)}"
    if rng.random() < 0.5:
        employer += f" {rng.choice(COMPANY_WORDS_C)}"
    signer_female = rng.random() < 0.4
    sp, ss = make_titles(rng, signer_female, p=0.4)
    signer = PersonName(make_name(rng, signer_female), sp, ss)

    bank = rng.choice(tuple(BANK_ACCOUNT_LENGTHS))
    account = _digits(rng, BANK_ACCOUNT_LENGTHS[bank])
    branch = f"{rng.choice(('KCP', 'KC', 'UNIT'))} {employer_region.city} {rng.choice(BANK_BRANCH_WORDS)}"
    opened = _rand_date(rng, hired - timedelta(days=200), hired + timedelta(days=60))

    first = name.core.split()[0].lower()
    email = f"{first}.{name.core.split()[-1].lower()}{born:%y}@example.com"
    phone = "08" + rng.choice(("11", "12", "13", "21", "52", "56", "57", "77", "78", "95", "96")) + _digits(rng, rng.choice((7, 8)), False)
    return Person(
        me=me,
        region=region,
        address=f"{rng.choice(STREETS)} NO. {rng.randint(1, 150)}",
        rt_rw=f"{rng.randint(1, 15):03d}/{rng.randint(1, 12):03d}",
        blood_type=rng.choice(BLOOD_TYPES),
        ktp_issued=_rand_date(rng, max(date(2012, 1, 1), born + timedelta(days=17 * 365)), submitted_on - timedelta(days=30)),
        family=tuple(family),
        kk_number=kk_number,
        kk_issued=kk_issued,
        kpj=_digits(rng, 11),
        member_since=member_since,
        employer=employer,
        employer_city=employer_region.city,
        job_title=rng.choice(JOB_TITLES),
        signer=signer,
        signer_title=rng.choice(SIGNER_TITLES),
        employee_id=f"{hired:%y}{rng.randint(100, 99999):05d}",
        hired_on=hired,
        resignation_date=resignation,
        letter_date=letter_date,
        bank=bank,
        account_number=account,
        branch=branch,
        account_opened=opened,
        phone=phone,
        email=email,
    )


def long_date_id(d: date) -> str:
    """Indonesian long form: ``15 Oktober 2026``."""
    return f"{d.day} {MONTHS_ID[d.month - 1]} {d.year}"
