"""Command line: ``python -m samples.generator --out DIR (--claims N | --docs N) [--seed S]``."""

from __future__ import annotations

import argparse
import json
import random
import sys
from collections.abc import Sequence
from pathlib import Path

from samples.generator.capture import LETTER_ONLY_CONTAINERS
from samples.generator.claims import CLAIM_REASONS, DOC_TYPES, FAULTS, VARIANTS, generate_claim, generate_document
from samples.generator.render import FontsMissing

_DOC_MIX: tuple[tuple[str, str], ...] = (
    ("clean", "png"), ("clean", "jpeg"), ("scan", "jpeg"), ("scan", "pdf"), ("photo", "jpeg"),
    ("photo", "jpeg"), ("lowres", "jpeg"), ("lowres", "bmp"), ("clean", "bmp"),
)

SAMPLE_SET: tuple[tuple[str, int, tuple[str, ...], tuple[str, ...], str], ...] = (
    ("clear-01", 101, (), (), "clean"),
    ("clear-02-photo", 102, (), ("name_lower", "kpj_spaced", "account_dashed"), "photo"),
    ("clear-03-mixed", 103, (), ("old_spelling", "name_spaces", "title_one_side"), "mixed"),
    ("clear-04-muhammad", 104, (), ("muhammad_abbrev",), "mixed"),
    ("spouse-passbook", 105, ("spouse_passbook",), (), "mixed"),
    ("resigned-recently", 106, ("resigned_recently",), (), "mixed"),
    ("nik-typo", 107, ("nik_typo",), (), "mixed"),
    ("bad-file", 108, ("bad_file",), (), "mixed"),
    ("kk-as-ktp", 109, ("kk_as_ktp",), (), "mixed"),
    ("unreadable-photo", 110, ("unreadable_photo",), (), "mixed"),
    ("missing-document", 111, ("missing_document",), (), "mixed"),
)
"""The committed set in ``samples/claims``: (folder, seed, faults, variants, conditions)."""


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python -m samples.generator", description=__doc__)
    p.add_argument("--out", required=True, type=Path, help="output folder")
    mode = p.add_mutually_exclusive_group(required=True)
    mode.add_argument("--claims", type=int, help="number of claim folders to write")
    mode.add_argument("--docs", type=int, help="documents per type to write, with truth.jsonl")
    mode.add_argument("--sample-set", action="store_true", help="write the committed sample claims (samples/claims)")
    p.add_argument("--seed", default="0", help="base seed (int or str)")
    p.add_argument("--faults", nargs="*", default=[], choices=FAULTS, metavar="FAULT",
                   help=f"faults to inject in every claim: {', '.join(FAULTS)}")
    p.add_argument("--variants", nargs="*", default=[], choices=VARIANTS, metavar="VARIANT",
                   help=f"benign variants: {', '.join(VARIANTS)}")
    p.add_argument("--conditions", default="mixed", help="capture condition for every document, or 'mixed'")
    p.add_argument("--claim-reason", default=None, choices=(*CLAIM_REASONS, "mixed"),
                   help="--claims: the claim reason of every claim, or 'mixed' (default: resign, typed 'resign')")
    p.add_argument("--unreadable", action="store_true", help="--docs: also write unreadable_* captures")
    return p


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point; returns the exit code."""
    args = _parser().parse_args(argv)
    out: Path = args.out
    out.mkdir(parents=True, exist_ok=True)
    try:
        if args.sample_set:
            for name, seed, faults, variants, conditions in SAMPLE_SET:
                t = generate_claim(seed, out / name, conditions=conditions, faults=faults, variants=variants)
                print(f"{name}\t{t.expected_verdict}", file=sys.stderr)
            return 0
        if args.claims is not None:
            for i in range(args.claims):
                cid = f"claim-{i + 1:04d}"
                t = generate_claim(f"{args.seed}:{i}", out / cid, conditions=args.conditions,
                                   faults=args.faults, variants=args.variants, claim_reason=args.claim_reason)
                print(f"{cid}\t{t.expected_verdict}", file=sys.stderr)
            return 0
        rng = random.Random(f"docs:{args.seed}")
        with open(out / "truth.jsonl", "w", encoding="utf-8") as fh:
            for doc_type in DOC_TYPES:
                for i in range(args.docs):
                    condition, container = rng.choice(_DOC_MIX)
                    if doc_type == "resignation_letter" and rng.random() < 0.3:
                        condition, container = "clean", rng.choice(sorted(LETTER_ONLY_CONTAINERS))
                    if args.unreadable and rng.random() < 0.15:
                        condition, container = rng.choice(("unreadable_blur", "unreadable_dark")), "jpeg"
                    doc_seed = f"{args.seed}:{doc_type}:{i}"
                    data, truth, ext = generate_document(doc_type, doc_seed, condition, container)
                    name = f"{doc_type}-{i + 1:04d}.{ext}"
                    (out / name).write_bytes(data)
                    rec = {"file": name, "doc_type": doc_type, "seed": doc_seed, "condition": condition,
                           "container": container, "fields": truth}
                    fh.write(json.dumps(rec, ensure_ascii=False) + "\n")
        return 0
    except FontsMissing as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    raise SystemExit(main())
