"""Gazetteer of Indonesia's administrative regions (Kepmendagri No 300.2.2-2138 Tahun 2025).

The data ships as ``intake/data/wilayah.csv`` (see ``intake/data/README.md`` for its source
and license). Provinces, regencies/cities and districts are loaded once, lazily, on the first
call (about 0.05 s); the 83,762 villages are loaded only if a village function is used.

Codes are accepted with or without dots: ``"32"``, ``"3204"`` / ``"32.04"``,
``"320411"`` / ``"32.04.11"``, ``"3204112001"`` / ``"32.04.11.2001"``.
"""

from __future__ import annotations

import csv
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Literal, NamedTuple

from rapidfuzz import fuzz, process

DATA_FILE = Path(__file__).with_name("data") / "wilayah.csv"
"""The packaged gazetteer file."""

PlaceLevel = Literal["province", "regency", "district", "village"]

_CODE_LENGTH: dict[str, int] = {"province": 2, "regency": 4, "district": 6, "village": 10}


class Region(NamedTuple):
    """Names of the region a NIK was registered in; ``None`` for a part the gazetteer lacks."""

    province: str | None
    """Province name, e.g. ``Jawa Barat``."""
    regency: str | None
    """Regency or city name, e.g. ``Kabupaten Bandung``."""
    district: str | None
    """District (kecamatan) name."""


class PlaceMatch(NamedTuple):
    """A place name snapped to the gazetteer."""

    code: str
    """Dot-less code, e.g. ``3204``."""
    name: str
    """Official name in upper case, e.g. ``KABUPATEN BANDUNG``."""
    score: float
    """Similarity 0-100 between the text and the official name (after prefix stripping)."""


@dataclass(frozen=True)
class _Entry:
    code: str
    name: str
    key: str
    """Upper-case name without its kind prefix and without spaces or punctuation."""
    kind: str | None
    """``kabupaten`` / ``kota`` for regencies, else None."""


# Prefixes removed before comparing (space-free, upper case), longest first, with the kind
# they announce. Both the stripped and the unstripped reading are scored, so a name that
# merely starts with such letters (KOTAWARINGIN BARAT) still matches.
_PREFIXES: dict[str, tuple[tuple[str, str | None], ...]] = {
    "province": (("PROVINSI", None), ("PROPINSI", None), ("PROV", None)),
    "regency": (
        ("KABUPATENADMINISTRASI", "kabupaten"),
        ("KOTAADMINISTRASI", "kota"),
        ("KOTAMADYA", "kota"),
        ("KABUPATEN", "kabupaten"),
        ("KOTAADM", "kota"),
        ("KODYA", "kota"),
        ("KAB", "kabupaten"),
        ("KOTA", "kota"),
    ),
    "district": (("KECAMATAN", None), ("KEC", None)),
    "village": (("KELURAHAN", None), ("KELDESA", None), ("DESA", None), ("KEL", None)),
}

# Extra spellings of province names as they appear on cards and forms.
_PROVINCE_ALIASES: dict[str, tuple[str, ...]] = {
    "11": ("NANGGROE ACEH DARUSSALAM", "NAD"),
    "19": ("BANGKA BELITUNG", "BABEL"),
    "31": ("DKI JAKARTA", "JAKARTA", "DAERAH KHUSUS JAKARTA"),
    "34": ("DI YOGYAKARTA", "YOGYAKARTA", "DIY"),
}

_KIND_PENALTY = 10.0
"""Score taken off a regency whose kind (Kabupaten/Kota) contradicts the text's prefix."""


def _plain(code: str) -> str:
    """Return a code without dots or spaces."""
    return "".join(ch for ch in str(code) if ch.isdigit())


def _key(text: str) -> str:
    """Upper-case, ASCII-folded, alphanumerics only (spaces dropped: OCR loses them)."""
    folded = unicodedata.normalize("NFKD", unicodedata.normalize("NFKC", text))
    return "".join(ch for ch in folded.upper() if ch.isascii() and ch.isalnum())


def _strip_prefix(level: str, key: str) -> tuple[str, str | None]:
    for prefix, kind in _PREFIXES[level]:
        if key.startswith(prefix) and len(key) > len(prefix):
            return key[len(prefix) :], kind
    return key, None


@lru_cache(maxsize=1)
def _load() -> dict[str, dict[str, str]]:
    """Province, regency and district names by dot-less code (villages skipped)."""
    tables: dict[str, dict[str, str]] = {"province": {}, "regency": {}, "district": {}}
    by_length = {2: "province", 4: "regency", 6: "district"}
    with DATA_FILE.open(encoding="utf-8") as handle:
        next(handle)  # header
        for line in handle:
            code, _, name = line.partition(",")
            if len(code) > 8:  # a village (PP.KK.CC.DDDD): loaded only on demand
                continue
            plain = code.replace(".", "")
            level = by_length.get(len(plain))
            if level is not None:
                tables[level][plain] = name.strip().strip('"').strip()
    return tables


@lru_cache(maxsize=1)
def _load_villages() -> dict[str, str]:
    """Village names by dot-less 10-digit code (loaded on first use only)."""
    villages: dict[str, str] = {}
    with DATA_FILE.open(encoding="utf-8", newline="") as handle:
        reader = csv.reader(handle)
        next(reader)
        for row in reader:
            if len(row) >= 2 and row[0].count(".") == 3:
                villages[row[0].replace(".", "")] = row[1].strip()
    return villages


def province_name(code: str) -> str | None:
    """Return the province name for a 2-digit code, or None when unknown."""
    return _load()["province"].get(_plain(code))


def regency_name(code: str) -> str | None:
    """Return the regency/city name for a 4-digit code (``3204`` or ``32.04``), or None."""
    return _load()["regency"].get(_plain(code))


def district_name(code: str) -> str | None:
    """Return the district (kecamatan) name for a 6-digit code, or None."""
    return _load()["district"].get(_plain(code))


def village_name(code: str) -> str | None:
    """Return the village (kelurahan/desa) name for a 10-digit code, or None (loads villages)."""
    return _load_villages().get(_plain(code))


def region_of_nik(nik: str) -> Region:
    """Names of the province, regency and district encoded in a NIK's first six digits.

    Separators in ``nik`` are ignored. Parts the gazetteer does not know (or a NIK too short
    to hold them) are None. Never raises for a string argument.
    """
    digits = _plain(nik)
    return Region(
        province=province_name(digits[:2]) if len(digits) >= 2 else None,
        regency=regency_name(digits[:4]) if len(digits) >= 4 else None,
        district=district_name(digits[:6]) if len(digits) >= 6 else None,
    )


@lru_cache(maxsize=8)
def _entries(level: str) -> tuple[_Entry, ...]:
    names = _load_villages() if level == "village" else _load()[level]
    entries: list[_Entry] = []
    for code, name in names.items():
        key, kind = _strip_prefix(level, _key(name))
        entries.append(_Entry(code=code, name=name, key=key, kind=kind))
        if level == "province":
            for alias in _PROVINCE_ALIASES.get(code, ()):
                entries.append(_Entry(code=code, name=name, key=_key(alias), kind=None))
    return tuple(entries)


def snap_place_code(
    text: str,
    level: PlaceLevel,
    *,
    within: str | None = None,
    min_score: float = 80.0,
) -> PlaceMatch | None:
    """Snap an OCR'd place name to the closest official one, with its code.

    Args:
        text: the text as read, e.g. ``KABUPATEN BANDUNG``, ``KAB. BANDUNG``,
            ``PROVINSIJAWABARAT``, ``KOTA ADM. JAKARTA BARAT``. Case, spaces and punctuation
            do not matter; kind prefixes (PROVINSI, KABUPATEN/KAB./KOTA, KECAMATAN/KEC.,
            KELURAHAN/KEL./DESA) are stripped before comparing.
        level: ``province``, ``regency``, ``district`` or ``village``.
        within: optional parent code (e.g. a regency code when snapping a district) that
            limits the candidates; strongly advised for districts and villages, whose names
            repeat across the country.
        min_score: the lowest acceptable rapidfuzz ratio (0-100).

    Returns:
        The best match, or None when nothing scores at least ``min_score``. For a regency the
        text's prefix decides between a Kabupaten and a Kota of the same name (e.g. BANDUNG);
        without a prefix the Kabupaten (lower code) wins a tie.
    """
    if level not in _CODE_LENGTH:
        raise ValueError(f"unknown place level: {level!r}")
    if not isinstance(text, str):
        return None
    full = _key(text)
    if not full:
        return None
    readings: list[tuple[str, str | None]] = [(full, None)]
    stripped = _strip_prefix(level, full)
    if stripped[0] != full:
        readings.insert(0, stripped)

    parent = _plain(within) if within else ""
    entries = [e for e in _entries(level) if e.code.startswith(parent)]
    if not entries:
        return None
    keys = [e.key for e in entries]

    best: tuple[float, int, int] | None = None  # (score, kind agreement, -index)
    for query, kind in readings:
        for _key_text, score, index in process.extract(
            query, keys, scorer=fuzz.ratio, limit=12, score_cutoff=max(min_score - _KIND_PENALTY, 0)
        ):
            entry = entries[index]
            agree = 1
            if kind is not None and entry.kind is not None and kind != entry.kind:
                score -= _KIND_PENALTY
                agree = 0
            candidate = (float(score), agree, -index)
            if best is None or candidate > best:
                best = candidate
    if best is None or best[0] < min_score:
        return None
    entry = entries[-best[2]]
    return PlaceMatch(code=entry.code, name=entry.name.upper(), score=round(best[0], 1))


def snap_place(
    text: str,
    level: PlaceLevel,
    *,
    within: str | None = None,
    min_score: float = 80.0,
) -> tuple[str, float] | None:
    """Snap an OCR'd place name to an official one: ``(NAME IN UPPER CASE, score)`` or None.

    See :func:`snap_place_code` for the arguments; this is the same without the code.
    """
    match = snap_place_code(text, level, within=within, min_score=min_score)
    return None if match is None else (match.name, match.score)
