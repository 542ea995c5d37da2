"""Whole claim folders (``claim.json`` + five documents + ``truth.json``) with injected faults.

``generate_claim`` writes the contract's claim folder and returns a :class:`ClaimTruth`:
the ground truth of every document, how each was captured and stored, the injected faults
and benign variants, and what a correct verifier should answer (document statuses, check
statuses, verdict). ``generate_document`` makes one file for tests and benchmarks.
"""

from __future__ import annotations

import dataclasses
import json
import random
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from PIL import Image

from samples.generator.capture import CONTAINERS, EXTENSIONS, LETTER_ONLY_CONTAINERS, apply_condition, encode
from samples.generator.layouts import STANDARD, Family, families, get_family, pick_family, render_family
from samples.generator.layouts.registry import SPLITS
from samples.generator.people import BANK_ACCOUNT_LENGTHS, Person, _digits, add_months, make_person
from samples.generator.render import (
    EXTRA_BANK_ACCOUNT_LENGTHS,
    RENDERERS,
    Rendered,
    pick_fonts,
    render_kk,
    render_ktp,
    render_passbook,
    render_resignation_letter,
)
from samples.generator.stamp import press_stamp

GENERATOR_VERSION = "11"
"""Bumped whenever the same seed starts producing different files."""

DOC_TYPES: tuple[str, ...] = ("ktp", "kk", "bpjs_card", "resignation_letter", "passbook")
"""The five document slots (same order as ``intake.records.DOC_TYPES``)."""

CHECKS: tuple[str, ...] = (
    "ktp.nik", "ktp.full_name", "ktp.birth_date", "nik.birth_date", "kk.nik", "bpjs_card.kpj",
    "bpjs_card.full_name", "resignation_letter.full_name", "resignation_letter.waiting_period",
    "passbook.account_number", "passbook.account_holder", "form.account_holder", "claim.age",
)
"""The contract's checks (version 2), all always present."""

FAULTS: tuple[str, ...] = (
    "nik_typo", "wrong_birth_date", "spouse_passbook", "resigned_recently", "kpj_typo",
    "kk_without_claimant", "other_persons_ktp", "kk_as_ktp", "unreadable_photo", "bad_file",
    "missing_document", "notice_letter", "other_persons_sim", "holder_typed_spouse", "too_young_for_pension",
)
"""Faults :func:`generate_claim` can inject (each makes the claim not ``clear``).

``notice_letter``: a letter written in advance (its own date more than a month before the
filing) whose last day of work is recent: only the last day shows the waiting period is not over.

``other_persons_sim``: a SIM (driving licence) of another person in the ``ktp`` slot: its name
and birth date differ, and no KK member is its holder (``ktp.nik`` is ``review``).

``holder_typed_spouse``: the passbook is the claimant's own, but the typed account holder is the
spouse's name (``form.account_holder`` mismatch). ``too_young_for_pension``: a ``pensiun`` claim
of a person aged 51-55 on the filing date (``claim.age`` mismatch). On a ``meninggal`` claim the
spouse's account is the heir's: ``spouse_passbook`` / ``holder_typed_spouse`` expect ``review``
(code ``heir_account``) there, not ``mismatch``."""

CLAIM_REASONS: tuple[str, ...] = ("resign", "phk", "pensiun", "meninggal", "cacat", "wna")
"""The contract's claim reasons (``intake.reasons.CLAIM_REASONS``)."""

REASON_WEIGHTS: tuple[int, ...] = (40, 25, 20, 5, 5, 5)
"""Relative frequency of :data:`CLAIM_REASONS` in the ``"mixed"`` draw."""

REASON_SPELLINGS: dict[str, tuple[str, ...]] = {
    "resign": ("resign", "Resign", "RESIGN", "Mengundurkan diri", "mengundurkan diri",
               "Mengundurkan Diri (Resign)", "Pengunduran diri"),
    "phk": ("PHK", "phk", "Pemutusan hubungan kerja", "Pemutusan Hubungan Kerja (PHK)", "Terkena PHK", "di-PHK"),
    "pensiun": ("pensiun", "Pensiun", "Usia pensiun", "USIA PENSIUN", "Mencapai usia 56", "Mencapai usia 56 tahun"),
    "meninggal": ("Meninggal dunia", "meninggal", "MENINGGAL DUNIA", "Peserta meninggal dunia"),
    "cacat": ("Cacat total tetap", "cacat", "CACAT TOTAL TETAP", "Cacat total"),
    "wna": ("WNA", "wna", "Meninggalkan Indonesia", "Meninggalkan Indonesia untuk selamanya"),
}
"""How people type each reason in ``claim.json`` (a seeded choice per claim)."""

PENSION_AGE = 56
"""Retirement age on the filing date (``intake.reasons.PENSION_AGE``)."""

WAITING_REASONS: frozenset[str] = frozenset({"resign", "phk"})
"""Reasons the letter and its waiting period apply to."""

BRANCH_REASONS: frozenset[str] = frozenset({"meninggal", "cacat", "wna"})
"""Reasons that end ``needs_review`` (report code ``reason_needs_branch``)."""

PHK_LETTER_FAMILIES: tuple[str, ...] = ("phk", "sk_phk")
"""Training letter families that are termination (PHK) letters: a ``phk`` claim draws one."""

HEIR_ACCOUNT_REASONS: frozenset[str] = frozenset({"meninggal"})
"""Reasons paid to an heir (``intake.reasons.ReasonRule.heir_account``): a holder who is not the
worker is ``review``, never ``mismatch``."""

HEIR_ACCOUNT_SHARE = 0.6
"""Share of ``meninggal`` claims paid into the heir's (the widow's / widower's) own account; the
others use the worker's account."""

_LETTER_FAULTS = frozenset({"resigned_recently", "notice_letter"})

VARIANTS: tuple[str, ...] = (
    "name_lower", "name_spaces", "title_one_side", "muhammad_abbrev", "old_spelling",
    "kpj_spaced", "account_dashed", "letter_dated_late", "sim_as_id",
)
"""Benign differences between typed and printed values (the claim stays ``clear``).

``letter_dated_late``: the letter's own date falls inside the waiting period while the last day
of work is more than a month before the filing: only the last day shows the period is over.

``sim_as_id``: the claimant's own SIM (driving licence) in the ``ktp`` slot instead of the e-KTP
(accepted there, ``detected_type`` ``sim``; ``ktp.nik`` is checked through the KK)."""

SIM_EXCLUSIVE_FAULTS: frozenset[str] = frozenset({"kk_as_ktp", "other_persons_ktp", "bad_file"})
"""Faults that put something else than a SIM in the ``ktp`` slot (not combinable with a SIM)."""

READABLE_CONDITIONS: tuple[str, ...] = ("clean", "scan", "photo", "lowres")
"""Conditions a verifier is expected to read (the ``mixed`` draw without a split)."""

SPLIT_CONDITIONS: tuple[str, ...] = ("clean", "scan", "photo", "lowres", "photocopy", "chat")
"""Readable conditions the ``mixed`` draw uses for claims of a split (adds photocopies and
chat-app-compressed photos)."""

SPLIT_CONDITION_WEIGHTS: tuple[int, ...] = (3, 3, 4, 1, 2, 3)
"""Relative frequency of :data:`SPLIT_CONDITIONS`."""

ALL_BANK_ACCOUNT_LENGTHS: dict[str, int] = {**BANK_ACCOUNT_LENGTHS, **EXTRA_BANK_ACCOUNT_LENGTHS}
"""Banks (and account lengths) claims of a split draw from."""

_BAD_FILE = (
    b"<!DOCTYPE html>\n<html><head><title>Download</title></head>\n"
    b"<body><p>Maaf, file tidak ditemukan. Silakan coba lagi.</p></body></html>\n"
)


@dataclass
class DocumentTruth:
    """What was put into one document slot and what a verifier should say about it."""

    slot: str
    """Contract slot (``ktp``, ``kk``, ...)."""
    file: str | None
    """File name inside the claim folder; None when the document is missing."""
    content: str | None
    """What the file really holds: a doc type (``kk`` in the ``ktp`` slot for ``kk_as_ktp``), ``html``, or None."""
    condition: str | None
    """Capture condition (see ``capture.CONDITIONS``)."""
    container: str | None
    """File container (see ``capture.CONTAINERS``)."""
    pages: int
    """Page count of the file (0 when missing or not a document)."""
    fields: dict[str, Any]
    """Ground truth of the printed document in contract field names (empty when none)."""
    expected_status: str
    """accepted | rejected | unreadable | wrong_type | missing."""
    expected_reason: str | None = None
    """A hint at the machine reason (e.g. ``looks_like_kk``, ``too_blurry``, ``not_an_allowed_format``)."""
    family: str | None = None
    """Layout family the document was drawn with (see ``samples.generator.layouts``)."""
    split: str | None = None
    """``train`` or ``heldout``: the split of ``family``."""
    detected_type: str | None = None
    """The ``detected_type`` a verifier should report when it differs from the slot (``sim`` for
    a SIM in the ``ktp`` slot); None otherwise."""

    def as_dict(self) -> dict[str, Any]:
        """JSON-safe form."""
        return dataclasses.asdict(self)


@dataclass
class ClaimTruth:
    """Ground truth of one generated claim folder (written as ``truth.json``)."""

    claim_id: str
    """Folder name."""
    seed: int | str
    """Seed it was generated from."""
    form: dict[str, str]
    """Exactly what ``claim.json`` holds."""
    claimant: dict[str, Any]
    """The real identity behind the claim (as printed on the claimant's own KTP)."""
    documents: dict[str, DocumentTruth]
    """Per slot, in contract order."""
    faults: list[str] = field(default_factory=list)
    """Injected faults."""
    variants: list[str] = field(default_factory=list)
    """Benign variants applied to the typed form."""
    split: str | None = None
    """``train``/``heldout`` when the layouts were drawn from a split; None for the standard layouts."""
    expected_checks: dict[str, str] = field(default_factory=dict)
    """Expected status of every contract check."""
    expected_verdict: str = "clear"
    """clear | needs_correction | needs_review."""
    claim_reason: str = "resign"
    """The claim reason (normalised; ``claim.json`` holds it as typed)."""
    expected_code: str | None = None
    """The report's expected ``code`` (``reason_needs_branch`` or None)."""

    def as_dict(self) -> dict[str, Any]:
        """JSON-safe form (the ``truth.json`` layout)."""
        return {
            "generator_version": GENERATOR_VERSION,
            "claim_id": self.claim_id,
            "seed": self.seed,
            "split": self.split,
            "claim_reason": self.claim_reason,
            "faults": list(self.faults),
            "variants": list(self.variants),
            "form": dict(self.form),
            "claimant": dict(self.claimant),
            "documents": {k: v.as_dict() for k, v in self.documents.items()},
            "expected": {
                "verdict": self.expected_verdict,
                "code": self.expected_code,
                "documents": {k: v.expected_status for k, v in self.documents.items()},
                "checks": dict(self.expected_checks),
            },
        }


# ---------------------------------------------------------------------------------------
# One document


def _render(doc_type: str, person: Person, rng: random.Random, *, two_pages: bool = False) -> Rendered:
    if doc_type == "resignation_letter":
        return render_resignation_letter(person, rng, two_pages=two_pages)
    return RENDERERS[doc_type](person, rng)


def _capture(rendered: Rendered, condition: str, container: str, rng: random.Random) -> tuple[bytes, str, int]:
    """Apply the condition, write the container; returns ``(bytes, ext, pages)``."""
    if container in LETTER_ONLY_CONTAINERS and rendered.doc_type != "resignation_letter":
        raise ValueError(f"container {container!r} is only for resignation_letter")
    if container == "text_pdf":
        data, ext = encode(rendered, rendered.image, container, rng)
        return data, ext, 1 + len(rendered.extra_ops)
    captured = apply_condition(rendered.image, condition, rng)
    extra: list[Image.Image] = []
    if container == "pdf_2page":
        extra = [apply_condition(p, condition, rng) for p in rendered.extra_pages]
    data, ext = encode(rendered, captured, container, rng, captured_extra=extra)
    return data, ext, 1 + len(extra)


STAMP_SHARE = 0.6
"""Share of training letters drawn with a company stamp over the signature."""


def _stamped(rendered: Rendered, person: Person, seed: int | str, container: str) -> Rendered:
    """A training letter with, most of the time, the company's stamp over its signature (not a
    text-layer PDF: its text is drawn from the layout's operations, without the stamp)."""
    if rendered.doc_type != "resignation_letter" or rendered.meta.get("split", "train") != "train" \
            or container == "text_pdf":
        return rendered
    rng = random.Random(f"stamp:{seed}")
    if rng.random() >= STAMP_SHARE:
        return rendered
    return press_stamp(rendered, person.signer.full, person.employer, person.employer_city.title(), pick_fonts(rng), rng)


def generate_document(
    doc_type: str, seed: int | str, condition: str = "clean", container: str = "png", *, family: str | None = None,
) -> tuple[bytes, dict[str, Any], str]:
    """Render one document of a seeded synthetic person.

    The same ``seed`` gives the same person across document types, and the same arguments
    give identical bytes.

    Args:
        doc_type: one of :data:`DOC_TYPES`.
        seed: any int or str.
        condition: one of ``capture.CONDITIONS``.
        container: one of ``capture.CONTAINERS`` (``text_pdf`` / ``pdf_2page``: letter only).
        family: a layout family name of ``doc_type`` (``layouts.families``); None: the
            standard (original) layout.

    Returns:
        ``(file bytes, ground-truth fields, file extension without dot)``.
    """
    if doc_type not in RENDERERS and doc_type != "sim":
        raise ValueError(f"unknown doc_type {doc_type!r}; expected one of {(*DOC_TYPES, 'sim')}")
    if container not in CONTAINERS:
        raise ValueError(f"unknown container {container!r}; expected one of {CONTAINERS}")
    person = make_person(seed)
    rrng = random.Random(f"render:{doc_type}:{seed}")
    if doc_type == "sim":  # no standard layout: the first training family by default
        rendered = render_family("sim", family or families("sim", "train")[0].name, person, rrng)
    elif family is None or family == STANDARD:
        get_family(doc_type, STANDARD)
        rendered = _render(doc_type, person, rrng, two_pages=container == "pdf_2page")
    else:
        kw: dict[str, Any] = {"two_pages": container == "pdf_2page"} if doc_type == "resignation_letter" else {}
        rendered = render_family(doc_type, family, person, rrng, **kw)
    if family is not None:  # (the standard letter of the unit tests keeps its bytes)
        rendered = _stamped(rendered, person, seed, container)
    data, ext, _ = _capture(rendered, condition, container, random.Random(f"capture:{doc_type}:{seed}:{condition}:{container}"))
    truth = dict(rendered.truth)
    if "letter_date" in rendered.meta:  # a letter's own date (truth of its ``letter_date`` field)
        truth["letter_date"] = rendered.meta["letter_date"]
    return data, truth, ext


# ---------------------------------------------------------------------------------------
# Typed form


def _old_to_new(name: str) -> str:
    return name.replace("DJ", "J").replace("OE", "U").replace("TJ", "C")


def _typed_name(person: Person, variants: Iterable[str], rng: random.Random) -> str:
    name = person.name.full
    vs = set(variants)
    if "title_one_side" in vs:
        name = person.name.core
    if "muhammad_abbrev" in vs:
        name = name.replace("MUHAMMAD", rng.choice(("M.", "MUH.", "MOH.", "M")), 1)
    if "old_spelling" in vs:
        name = _old_to_new(name)
    if "name_spaces" in vs:
        name = "  " + "   ".join(name.split(" ")) + " "
    if "name_lower" in vs:
        name = name.lower() if rng.random() < 0.5 else name.title()
    return name


def _group(digits: str, sizes: Iterable[int], sep: str) -> str:
    parts, i = [], 0
    for s in sizes:
        if i >= len(digits):
            break
        parts.append(digits[i:i + s])
        i += s
    if i < len(digits):
        parts.append(digits[i:])
    return sep.join(parts)


def _change_digit(digits: str, positions: Iterable[int], rng: random.Random) -> str:
    pos = rng.choice(list(positions))
    new = rng.choice([d for d in "0123456789" if d != digits[pos]])
    out = digits[:pos] + new + digits[pos + 1:]
    if len(out) == 16 and out[12:] == "0000":  # keep the NIK structurally plausible
        return _change_digit(digits, positions, rng)
    return out


def _other_person(seed: int | str, person: Person, tag: str) -> Person:
    """A different synthetic person (other name, NIK and birth date)."""
    for i in range(50):
        other = make_person(f"{seed}:{tag}:{i}", female=person.me.female)
        if (other.name.core != person.name.core and other.me.birth_date != person.me.birth_date
                and other.me.nik != person.me.nik):
            return other
    raise RuntimeError("could not draw a different person")


# ---------------------------------------------------------------------------------------
# Claim folder


def _pick(value: str | Mapping[str, str] | None, slot: str, default: str) -> str:
    if value is None:
        return default
    if isinstance(value, str):
        return value
    return value.get(slot, default)


def _default_container(slot: str, condition: str, rng: random.Random) -> str:
    if condition in ("photo", "unreadable_blur", "unreadable_dark"):
        return "jpeg"
    if slot == "resignation_letter" and condition == "clean":
        return rng.choice(("text_pdf", "pdf", "pdf_2page", "png"))
    if condition == "lowres":
        return rng.choice(("jpeg", "png", "bmp") if slot in ("ktp", "bpjs_card") else ("jpeg", "png"))
    if condition == "scan":
        return rng.choice(("jpeg", "pdf"))
    return rng.choice(("png", "jpeg", "pdf"))


def generate_claim(
    seed: int | str,
    out_dir: str | Path,
    *,
    conditions: str | Mapping[str, str] = "clean",
    containers: str | Mapping[str, str] | None = None,
    faults: Iterable[str] = (),
    variants: Iterable[str] = (),
    split: str | None = None,
    claim_reason: str | None = None,
    letter: bool | None = None,
) -> ClaimTruth:
    """Write one claim folder (``claim.json``, the documents, ``truth.json``) into ``out_dir``.

    Args:
        seed: any int or str; the same arguments always give the same files.
        out_dir: the claim folder to create (its name becomes the ``claim_id``).
        conditions: one capture condition for every document, a per-slot mapping, or
            ``"mixed"`` for a seeded choice among the readable conditions.
        containers: one container, a per-slot mapping, or None for a seeded sensible choice.
        faults: names from :data:`FAULTS`.
        variants: benign typing differences from :data:`VARIANTS`.
        split: ``"train"`` or ``"heldout"``: every document's layout family is a seeded draw
            among that split's families only (see ``samples.generator.layouts``), the bank
            among all :data:`ALL_BANK_ACCOUNT_LENGTHS`, the letter's own date 0-45 days after
            the last day of work, and ``"mixed"`` conditions also include photocopies and
            chat-app photos. None (the default here, so that the committed samples and the
            tests pinned on them keep their bytes): the standard layouts only, as in
            generator version 2.
        claim_reason: one of :data:`CLAIM_REASONS`, ``"mixed"`` for a seeded draw
            (:data:`REASON_WEIGHTS`; ``resign``/``phk`` only with a letter fault), or None (the
            default: ``resign`` typed as ``"resign"``, the files as before). A given reason is
            typed the way people type it (:data:`REASON_SPELLINGS`). ``phk`` claims carry a
            termination letter (one of :data:`PHK_LETTER_FAMILIES`; on the held-out side one of its
            letter families); ``pensiun`` claims are of a person aged 56-63 (51-55 with fault
            ``too_young_for_pension``, which implies ``pensiun``); ``meninggal`` claims are paid
            into the heir's (the spouse's) account for :data:`HEIR_ACCOUNT_SHARE` of the seeds
            (typed holder and passbook both the heir's: ``review``, code ``heir_account``).
        letter: for ``pensiun`` / ``meninggal`` / ``cacat`` / ``wna`` claims, whether a letter is
            uploaded anyway (None: a seeded draw); ``resign`` / ``phk`` always carry one.

    Raises:
        ValueError: an unknown fault, variant, split or a fault/variant combination that
            contradicts itself.

    Returns:
        The claim's ground truth (also written to ``truth.json``).
    """
    faults = list(dict.fromkeys(faults))
    variants = list(dict.fromkeys(variants))
    for f in faults:
        if f not in FAULTS:
            raise ValueError(f"unknown fault {f!r}; expected some of {FAULTS}")
    for v in variants:
        if v not in VARIANTS:
            raise ValueError(f"unknown variant {v!r}; expected some of {VARIANTS}")
    if split is not None and split not in SPLITS:
        raise ValueError(f"unknown split {split!r}; expected one of {SPLITS} or None")
    if "letter_dated_late" in variants and {"resigned_recently", "notice_letter"} & set(faults):
        raise ValueError("variant letter_dated_late contradicts faults resigned_recently/notice_letter")
    use_sim = "sim_as_id" in variants or "other_persons_sim" in faults
    if use_sim and SIM_EXCLUSIVE_FAULTS & set(faults):
        raise ValueError(f"a SIM in the ktp slot contradicts faults {sorted(SIM_EXCLUSIVE_FAULTS & set(faults))}")
    norm_reason, reason_typed, with_letter = _claim_reason(seed, claim_reason, letter, faults, variants)
    # a death claim: the heir (the spouse) files it, often with the heir's own account (own stream)
    heir_account = norm_reason in HEIR_ACCOUNT_REASONS and random.Random(f"heir:{seed}").random() < HEIR_ACCOUNT_SHARE
    spouse_account = heir_account or "spouse_passbook" in faults
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    rng = random.Random(f"claim:{seed}")

    name_style = "muhammad" if "muhammad_abbrev" in variants else ("old_spelling" if "old_spelling" in variants else None)
    submitted_on = date(2026, 1, 5) + timedelta(days=rng.randint(0, 349))
    person = make_person(
        seed,
        submitted_on=submitted_on,
        name_style=name_style,
        titled=True if "title_one_side" in variants else None,
        married=True if spouse_account or "holder_typed_spouse" in faults else None,
        born=_pension_birth(seed, submitted_on, "too_young_for_pension" in faults) if norm_reason == "pensiun" else None,
    )
    if "resigned_recently" in faults:
        resigned = submitted_on - timedelta(days=rng.randint(3, 25))
        person = dataclasses.replace(
            person,
            resignation_date=resigned,
            letter_date=min(submitted_on, resigned + timedelta(days=rng.randint(0, 2))),
        )
    fam_rng = random.Random(f"families:{seed}:{split}")
    if split is not None:
        # Extra draws come from their own streams so that everything else stays as in version 2.
        bank = fam_rng.choice(tuple(ALL_BANK_ACCOUNT_LENGTHS))
        person = dataclasses.replace(
            person, bank=bank, account_number=_digits(fam_rng, ALL_BANK_ACCOUNT_LENGTHS[bank]),
        )
        if "resigned_recently" not in faults:
            person = dataclasses.replace(
                person,
                letter_date=min(submitted_on, person.resignation_date + timedelta(days=fam_rng.randint(0, 45))),
            )
    if "letter_dated_late" in variants:
        # last day of work 32-120 days before filing (period over); the letter dated inside the
        # last month (a verifier counting from the letter's date would wrongly refuse)
        resigned = add_months(submitted_on, -1) - timedelta(days=fam_rng.randint(1, 90))
        person = dataclasses.replace(
            person, resignation_date=resigned,
            letter_date=submitted_on - timedelta(days=fam_rng.randint(0, 20)),
        )
        if person.hired_on >= resigned - timedelta(days=200):
            person = dataclasses.replace(person, hired_on=resigned - timedelta(days=400))
    if "notice_letter" in faults:
        # last day of work 1-25 days before filing (period not over); the letter written
        # 35-70 days before filing (a verifier counting from the letter's date would accept)
        resigned = submitted_on - timedelta(days=fam_rng.randint(1, 25))
        person = dataclasses.replace(
            person, resignation_date=resigned,
            letter_date=submitted_on - timedelta(days=fam_rng.randint(35, 70)),
        )

    # ---- typed form
    typed_nik = person.me.nik
    if "nik_typo" in faults:
        typed_nik = _change_digit(typed_nik, range(12, 16), rng)
    birth = person.me.birth_date
    if "wrong_birth_date" in faults:
        if rng.random() < 0.5:
            birth = birth + timedelta(days=rng.randint(1, 27) * rng.choice((-1, 1)))
        else:
            birth = add_months(birth, 12 * rng.choice((-1, 1)))
    kpj = person.kpj
    if "kpj_typo" in faults:
        kpj = _change_digit(kpj, range(len(kpj)), rng)
    if "kpj_spaced" in variants:
        kpj = _group(kpj, rng.choice(((2, 3, 3, 3), (4, 4, 3), (3, 3, 3, 2))), rng.choice((" ", "-", " - ")))
    account = person.account_number
    if "account_dashed" in variants:
        account = _group(account, rng.choice(((3, 3, 4), (4, 4, 4, 4), (4, 2, 6, 2, 1))), rng.choice(("-", " ")))
    typed_name = _typed_name(person, variants, rng)
    spouse = person.spouse
    holder_typed = typed_name
    if spouse_account or "holder_typed_spouse" in faults:
        assert spouse is not None
        holder_typed = spouse.name.core
    form = {
        "nik": typed_nik,
        "full_name": typed_name,
        "birth_date": birth.strftime("%d%m%y"),
        "kpj": kpj,
        "claim_reason": reason_typed,
        "phone": person.phone,
        "email": person.email,
        "bank": person.bank,
        "account_number": account,
        "account_holder": holder_typed,
        "branch": person.branch,
        "submitted_on": submitted_on.isoformat(),
    }

    # ---- documents
    cond_rng = random.Random(f"conditions:{seed}")
    docs: dict[str, DocumentTruth] = {}
    fams: dict[str, Family] = {
        slot: (pick_family(slot, split, fam_rng) if split is not None else get_family(slot, STANDARD)) for slot in DOC_TYPES
    }
    for slot in DOC_TYPES:
        if conditions == "mixed" and split is not None:
            condition = fam_rng.choices(SPLIT_CONDITIONS, weights=SPLIT_CONDITION_WEIGHTS)[0]
        elif conditions == "mixed":
            condition = cond_rng.choices(READABLE_CONDITIONS, weights=(3, 3, 4, 1))[0]
        else:
            condition = _pick(conditions, slot, "clean")
        if slot == "ktp" and "unreadable_photo" in faults:
            condition = "unreadable_blur"
        container = _pick(containers, slot, "") or _default_container(slot, condition, cond_rng)
        if container in LETTER_ONLY_CONTAINERS and slot != "resignation_letter":
            container = "pdf"
        if container in ("text_pdf",) and condition != "clean":
            condition = "clean"  # a born-digital PDF has no capture condition

        if slot == "passbook" and "missing_document" in faults:
            docs[slot] = DocumentTruth(slot, None, None, None, None, 0, {}, "missing")
            continue
        if slot == "resignation_letter" and not with_letter:
            docs[slot] = DocumentTruth(slot, None, None, None, None, 0, {}, "missing")
            continue
        if slot == "ktp" and "bad_file" in faults:
            (out / "ktp.jpg").write_bytes(_BAD_FILE)
            docs[slot] = DocumentTruth(slot, "ktp.jpg", "html", None, None, 0, {}, "rejected", "not_an_allowed_format")
            continue

        rrng = random.Random(f"render:{slot}:{seed}")
        content = slot
        fam = fams[slot]
        if slot == "resignation_letter" and norm_reason == "phk" and fam.split == "train":
            # a termination letter (held-out: that side's letter families), from its own stream
            fam = get_family(slot, random.Random(f"phk_letter:{seed}").choice(PHK_LETTER_FAMILIES))
        if slot == "ktp" and use_sim:
            # its own random stream: the other documents keep their bytes
            fam = pick_family("sim", split or "train", random.Random(f"sim_family:{seed}:{split}"))
            holder = _other_person(seed, person, "sim") if "other_persons_sim" in faults else person
            rendered = render_family("sim", fam.name, holder, rrng)
            content = "sim"
        elif slot == "resignation_letter" and fam.name != STANDARD:
            rendered = render_family(slot, fam.name, person, rrng, two_pages=container == "pdf_2page")
        elif split is None:
            if slot == "ktp" and "kk_as_ktp" in faults:
                rendered = render_kk(person, rrng)
                content = "kk"
            elif slot == "ktp" and "other_persons_ktp" in faults:
                rendered = render_ktp(_other_person(seed, person, "ktp"), rrng)
            elif slot == "kk" and "kk_without_claimant" in faults:
                rendered = render_kk(_other_person(seed, person, "kk"), rrng)
            elif slot == "passbook" and spouse_account:
                rendered = render_passbook(person, rrng, holder=spouse)
            else:
                rendered = _render(slot, person, rrng, two_pages=container == "pdf_2page")
        elif slot == "ktp" and "kk_as_ktp" in faults:
            fam = fams["kk"]
            rendered = render_family("kk", fam.name, person, rrng)
            content = "kk"
        elif slot == "ktp" and "other_persons_ktp" in faults:
            rendered = render_family("ktp", fam.name, _other_person(seed, person, "ktp"), rrng)
        elif slot == "kk" and "kk_without_claimant" in faults:
            rendered = render_family("kk", fam.name, _other_person(seed, person, "kk"), rrng)
        elif slot == "passbook" and spouse_account:
            rendered = render_family("passbook", fam.name, person, rrng, holder=spouse)
        elif slot == "resignation_letter":
            rendered = render_family(slot, fam.name, person, rrng, two_pages=container == "pdf_2page")
        else:
            rendered = render_family(slot, fam.name, person, rrng)
        if split == "train":
            rendered = _stamped(rendered, person, seed, container)
        data, ext, pages = _capture(rendered, condition, container, random.Random(f"capture:{slot}:{seed}"))
        if ext == "jpg" and cond_rng.random() < 0.25:
            ext = "jpeg"
        name = f"{slot}.{ext}"
        (out / name).write_bytes(data)
        status, reason = "accepted", None
        if content == "sim" and slot == "ktp":
            pass  # a SIM is an accepted ID
        elif content != slot:
            status, reason = "wrong_type", f"looks_like_{content}"
        elif condition.startswith("unreadable"):
            status, reason = "unreadable", "too_blurry" if condition == "unreadable_blur" else "too_dark"
        fields = dict(rendered.truth)
        if content == "resignation_letter":
            fields["letter_date"] = person.letter_date.isoformat()
        docs[slot] = DocumentTruth(slot, name, content, condition, container, pages, fields, status, reason,
                                   family=fam.name, split=fam.split,
                                   detected_type="sim" if content == "sim" and status != "unreadable" else None)

    # ---- expectations
    checks = {c: "match" for c in CHECKS}
    if norm_reason not in WAITING_REASONS:
        checks["resignation_letter.waiting_period"] = "not_applicable"
    if norm_reason != "pensiun":
        checks["claim.age"] = "not_applicable"
    else:
        ktp = docs["ktp"]
        id_birth = ktp.fields.get("birth_date") if ktp.expected_status == "accepted" and ktp.content == "ktp" else None
        used = date.fromisoformat(id_birth) if id_birth else birth
        if add_months(used, 12 * PENSION_AGE) > submitted_on:
            checks["claim.age"] = "mismatch"
    if "nik_typo" in faults:
        checks["ktp.nik"] = checks["kk.nik"] = "mismatch"
    if "wrong_birth_date" in faults:
        checks["ktp.birth_date"] = checks["nik.birth_date"] = "mismatch"
    # the spouse's account: a fault, but on a death claim the heir's account (a person checks it)
    other_holder = "review" if norm_reason in HEIR_ACCOUNT_REASONS else "mismatch"
    if spouse_account:
        checks["passbook.account_holder"] = other_holder
    if spouse_account or "holder_typed_spouse" in faults:
        checks["form.account_holder"] = other_holder
    if "resigned_recently" in faults or "notice_letter" in faults:
        checks["resignation_letter.waiting_period"] = "mismatch"
    if "kpj_typo" in faults:
        checks["bpjs_card.kpj"] = "mismatch"
    if "kk_without_claimant" in faults:
        checks["kk.nik"] = "mismatch"
    if "other_persons_ktp" in faults:
        checks["ktp.nik"] = checks["ktp.full_name"] = checks["ktp.birth_date"] = "mismatch"
    if "other_persons_sim" in faults:
        checks["ktp.full_name"] = checks["ktp.birth_date"] = "mismatch"
        checks["ktp.nik"] = "review"  # no KK member is the SIM's holder
    elif use_sim and "kk_without_claimant" in faults:
        checks["ktp.nik"] = "review"
    letter_required = norm_reason in WAITING_REASONS
    for c in CHECKS:
        slot = c.split(".")[0]
        if slot not in docs or checks[c] == "not_applicable":
            continue
        st = docs[slot].expected_status
        if slot == "resignation_letter" and not letter_required and st != "accepted":
            checks[c] = "not_applicable"  # an optional letter that cannot be used is no problem
        elif st == "unreadable":
            checks[c] = "unreadable"
        elif st != "accepted":
            checks[c] = "missing"
    if use_sim and docs["ktp"].expected_status == "accepted" and docs["kk"].expected_status != "accepted":
        # with a SIM, the NIK is read from the KK: no usable KK, no NIK to compare
        checks["ktp.nik"] = "unreadable" if docs["kk"].expected_status == "unreadable" else "missing"
    counted = [d for d in docs.values()
               if d.expected_status == "accepted" or letter_required or d.slot != "resignation_letter"]
    code: str | None = None
    if "wrong_birth_date" in faults:
        verdict = "needs_correction"  # the typed birth date contradicts the typed NIK: a form error
    elif norm_reason in BRANCH_REASONS:
        verdict, code = "needs_review", "reason_needs_branch"
    elif any(d.expected_status != "accepted" for d in counted) or any(v == "mismatch" for v in checks.values()):
        # A blurred/dark phone photo is something the claimant can easily retake: a correction.
        verdict = "needs_correction"
    elif any(v not in ("match", "not_applicable") for v in checks.values()):
        verdict = "needs_review"
    else:
        verdict = "clear"

    me = person.me
    claimant = {
        "nik": me.nik,
        "full_name": me.name.full,
        "birth_date": me.birth_date.isoformat(),
        "gender": me.gender,
        "kpj": person.kpj,
        "employer": person.employer,
        "resignation_date": person.resignation_date.isoformat(),
        "letter_date": person.letter_date.isoformat(),
        "bank": person.bank,
        "account_number": person.account_number,
        "relationship_on_kk": me.relationship,
        "spouse": ({"nik": spouse.nik, "full_name": spouse.name.full} if spouse else None),
    }
    truth = ClaimTruth(
        claim_id=out.name,
        seed=seed,
        form=form,
        claimant=claimant,
        documents=docs,
        faults=faults,
        variants=variants,
        split=split,
        expected_checks=checks,
        expected_verdict=verdict,
        claim_reason=norm_reason,
        expected_code=code,
    )
    (out / "claim.json").write_text(json.dumps(form, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    (out / "truth.json").write_text(json.dumps(truth.as_dict(), indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return truth


def _claim_reason(
    seed: int | str, claim_reason: str | None, letter: bool | None, faults: list[str], variants: list[str],
) -> tuple[str, str, bool]:
    """``(reason, as typed, with a letter)`` of a claim, from its own seeded stream.

    Raises:
        ValueError: an unknown reason, or one that contradicts the faults / variants.
    """
    letter_faults = bool(_LETTER_FAULTS & set(faults)) or "letter_dated_late" in variants
    if claim_reason is None:
        if "too_young_for_pension" in faults:
            claim_reason = "pensiun"
        else:
            if letter is False:
                raise ValueError("letter=False needs a claim_reason that does not require a letter")
            return "resign", "resign", True  # version 3 and before: the same files
    rrng = random.Random(f"reason:{seed}")
    if claim_reason == "mixed":
        if "too_young_for_pension" in faults:
            reason = "pensiun"
        elif letter_faults:
            reason = rrng.choice(sorted(WAITING_REASONS))
        else:
            reason = rrng.choices(CLAIM_REASONS, weights=REASON_WEIGHTS)[0]
    elif claim_reason in CLAIM_REASONS:
        reason = claim_reason
    else:
        raise ValueError(f"unknown claim_reason {claim_reason!r}; expected one of {CLAIM_REASONS}, 'mixed' or None")
    if "too_young_for_pension" in faults and reason != "pensiun":
        raise ValueError("fault too_young_for_pension needs claim_reason 'pensiun'")
    if letter_faults and reason not in WAITING_REASONS:
        raise ValueError("letter faults / variants need claim_reason 'resign' or 'phk'")
    typed = rrng.choice(REASON_SPELLINGS[reason])
    draw = rrng.random()
    if reason in WAITING_REASONS:
        if letter is False:
            raise ValueError(f"claim_reason {reason!r} needs its letter")
        with_letter = True
    else:
        with_letter = letter if letter is not None else draw < (0.35 if reason == "pensiun" else 0.5)
    return reason, typed, with_letter


def _pension_birth(seed: int | str, submitted_on: date, too_young: bool) -> date:
    """A birth date making the claimant 56-63 on ``submitted_on`` (51-55 when ``too_young``)."""
    rng = random.Random(f"pension-birth:{seed}")
    reached = add_months(submitted_on, -12 * PENSION_AGE)  # born on or before: 56 on the filing date
    if too_young:
        return reached + timedelta(days=rng.randint(1, 5 * 365))
    return add_months(reached, -12 * rng.randint(0, 7)) - timedelta(days=rng.randint(0, 360))


__all__ = [
    "ALL_BANK_ACCOUNT_LENGTHS",
    "BRANCH_REASONS",
    "CHECKS",
    "CLAIM_REASONS",
    "DOC_TYPES",
    "EXTENSIONS",
    "FAULTS",
    "HEIR_ACCOUNT_REASONS",
    "HEIR_ACCOUNT_SHARE",
    "PHK_LETTER_FAMILIES",
    "REASON_SPELLINGS",
    "REASON_WEIGHTS",
    "SPLIT_CONDITIONS",
    "VARIANTS",
    "ClaimTruth",
    "DocumentTruth",
    "generate_claim",
    "generate_document",
]
