"""Per layout family: document statuses and key fields exact, on generated documents.

Each document type's layout families (``samples.generator.layouts``) are drawn ``--per-family``
times in rotating capture conditions and read by the real pipeline (intake check, pages,
normalisation, OCR, classification, extraction) with a warm engine. Prints one row per family
with its split, so a training family that fails is visible next to the held-out figures.

Only training families may be looked at closely: ``--show-failures`` lists the misread fields
of training families only (held-out families report figures, never their contents).

Usage::

    .venv/bin/python -m bench.families [--types resignation_letter,passbook] [--per-family 6] [--split train] [--first 100]
        [--conditions photocopy,chat]
"""

from __future__ import annotations

import argparse
import os
from collections import Counter, defaultdict
from typing import Any

CONDITIONS = ("clean", "scan", "photo", "lowres", "photocopy", "chat")
"""Capture conditions, rotated per document (those the generator knows)."""


def main(argv: list[str] | None = None) -> int:
    """Run the per-family benchmark and print its table."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--types", default="ktp,kk,bpjs_card,resignation_letter,passbook")
    ap.add_argument("--per-family", type=int, default=6)
    ap.add_argument("--split", choices=("train", "heldout", "both"), default="both")
    ap.add_argument("--families", default="", help="only these family names (comma-separated)")
    ap.add_argument("--show-failures", action="store_true", help="list misread fields of training families")
    ap.add_argument("--first", type=int, default=0,
                    help="index of the first document per family (another value draws fresh documents, e.g. for "
                         "development on training families; reported figures use 0)")
    ap.add_argument("--conditions", default="",
                    help="only these capture conditions, rotated (comma-separated, e.g. photocopy,chat)")
    args = ap.parse_args(argv)
    os.environ.setdefault("EKLAIM_LOG_LEVEL", "WARNING")

    from bench.claims import KEY_FIELDS
    from bench.ocr_accuracy import compare_fields
    from intake.settings import get_settings
    from ocr.engine import get_engine
    from ocr.pipeline import PipelineContext, process_document
    from ocr.provision import ensure_models
    from samples.generator import generate_document
    from samples.generator.capture import CONDITIONS as KNOWN
    from samples.generator.layouts import families

    settings = get_settings()
    ensure_models(settings)
    engine = get_engine(settings)
    engine.warm_up()
    ctx = PipelineContext(settings=settings, engine=engine)
    wanted = [c for c in args.conditions.split(",") if c] or list(CONDITIONS)
    unknown = [c for c in wanted if c not in KNOWN]
    if unknown:
        ap.error(f"unknown capture condition(s): {', '.join(unknown)} (known: {', '.join(KNOWN)})")
    conds = [c for c in wanted if c in KNOWN]
    print("| type | family | split | accepted | statuses | key fields exact | per field |")
    print("|---|---|---|---|---|---|---|")
    totals: dict[str, list[bool]] = defaultdict(list)
    for doc_type in args.types.split(","):
        for fam in families(doc_type, None if args.split == "both" else args.split):
            if args.families and fam.name not in args.families.split(","):
                continue
            statuses: Counter[str] = Counter()
            exact: list[bool] = []
            per_field: Counter[str] = Counter()
            scored: Counter[str] = Counter()
            for i in range(args.first, args.first + args.per_family):
                seed = f"fam:{fam.name}:{i}"
                cond = conds[i % len(conds)]
                data, truth, _ext = generate_document(doc_type, seed, cond, "png" if cond != "photo" else "jpeg",
                                                      family=fam.name)
                res: dict[str, Any] = process_document(doc_type, data, ctx).result.as_contract()
                statuses[res["status"] if res["status"] == "accepted" else f"{res['status']}:{res['reason']}"] += 1
                got = compare_fields(doc_type, truth, res.get("fields") or {})
                keys = [k for k in KEY_FIELDS.get(doc_type, ("full_name", "birth_date", "sim_number")) if k in got]
                for k in keys:
                    exact.append(got[k])
                    per_field[k] += int(got[k])
                    scored[k] += 1
                    totals[fam.split].append(got[k])
                    if not got[k] and args.show_failures and fam.split == "train":
                        have = (res.get("fields") or {}).get(k, {})
                        print(f"  miss {doc_type}/{fam.name} {seed} {cond} {k}: want {truth.get(k)!r} "
                              f"got {have.get('value') if isinstance(have, dict) else have!r} ({res['status']})", flush=True)
                if res["status"] != "accepted" and args.show_failures and fam.split == "train":
                    print(f"  status {doc_type}/{fam.name} {seed} {cond}: {res['status']} {res['reason']}", flush=True)
            ok = sum(exact)
            st = ", ".join(f"{k} {v}" for k, v in sorted(statuses.items()))
            fields = ", ".join(f"{k} {per_field[k]}/{scored[k]}" for k in KEY_FIELDS.get(doc_type, ("full_name", "birth_date", "sim_number")) if scored[k])
            print(f"| {doc_type} | {fam.name} | {fam.split} | {statuses['accepted']}/{args.per_family} | {st} | "
                  f"{100 * ok / max(1, len(exact)):.0f}% ({ok}/{len(exact)}) | {fields} |", flush=True)
    for split, xs in totals.items():
        print(f"\n{split}: key fields exact {100 * sum(xs) / max(1, len(xs)):.1f}% ({sum(xs)}/{len(xs)})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
