"""Claim verification benchmark: generated claims with injected faults and benign variants.

For each generated claim (ground truth in its ``truth.json``) the whole ``eklaim verify``
pipeline runs in-process with a warm engine; a sample is also run through the real CLI in a
fresh process (process start and model load included). Prints:

- mismatch recall: checks that truly differ and are reported ``mismatch`` (strict) or flagged
  ``mismatch``/``review`` (a person looks);
- false-alarm rate: checks that truly match but are reported ``mismatch``;
- verdict accuracy; seconds per claim (in-process and through the CLI).

``--split train|heldout|both`` draws the documents' layout families from the generator's
training families, its held-out families, or both (figures side by side); without it the
standard layouts are used as before. ``--claims N`` is the number of claims per split.
``--reasons mixed`` draws each claim's reason (``resign``, ``phk``, ``pensiun``, ``meninggal``,
``cacat``, ``wna``; typed the ways people type them), ``--reasons each`` takes them in turn, and
both add a verdict row per reason and per ID document type; without it every claim is a typed
``resign`` as before.
``--show-fields`` prints each misread key field of a *training* claim as it is scored (what was
wanted and what the report says); held-out claims only ever give figures.

Usage::

    .venv/bin/python -m bench.claims --claims 100 [--split both] [--reasons mixed] [--cli-sample 10] [--out docs/claims_benchmark.md]
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

from samples.generator.claims import CLAIM_REASONS, FAULTS, VARIANTS

KEY_FIELDS: dict[str, tuple[str, ...]] = {
    "ktp": ("nik", "full_name", "birth_date"),
    "kk": ("members.nik",),
    "bpjs_card": ("kpj", "full_name"),
    "resignation_letter": ("full_name", "resignation_date", "letter_date"),
    "passbook": ("bank", "account_number", "account_holder"),
}
"""Fields scored per document type (the ones the checks use, plus the letter's own date)."""


def plan(n: int, seed_base: int = 50_000) -> list[dict[str, Any]]:
    """Deterministic claim specs: 40% clean (each with a benign variant), 60% one fault each.

    ``seed_base``: the first claim's seed (the reported figures use the default; another base
    draws fresh claims of the same families, e.g. for development on the training split)."""
    specs = []
    for i in range(n):
        if i % 5 < 2:
            specs.append({"seed": seed_base + i, "faults": (), "variants": (VARIANTS[i % len(VARIANTS)],)})
        else:
            specs.append({"seed": seed_base + i, "faults": (FAULTS[i % len(FAULTS)],), "variants": ()})
    return specs


def score(truth: dict[str, Any], report: dict[str, Any]) -> dict[str, Any]:
    """Compare one report with its truth."""
    exp_checks = truth["expected"]["checks"]
    got = {c["check"]: c["status"] for c in report["checks"]}
    out = {"verdict_ok": report["verdict"] == truth["expected"]["verdict"], "tp": 0, "flagged": 0, "pos": 0,
           "fa": 0, "neg": 0, "review_on_match": 0, "unverifiable": 0, "unverifiable_mismatch": 0,
           "na": 0, "na_wrong": 0, "wrong": []}
    for name, want in exp_checks.items():
        have = got.get(name)
        if want == "mismatch":
            out["pos"] += 1
            out["tp"] += have == "mismatch"
            out["flagged"] += have in ("mismatch", "review")
        elif want == "match":
            out["neg"] += 1
            out["fa"] += have == "mismatch"
            out["review_on_match"] += have == "review"
        elif want == "not_applicable":  # the claim's reason does not use the check
            out["na"] += 1
            out["na_wrong"] += have != "not_applicable"
        else:  # unreadable / missing: nothing can be compared
            out["unverifiable"] += 1
            out["unverifiable_mismatch"] += have == "mismatch"
        if have != want:
            out["wrong"].append(f"{name}:{want}->{have}")
    return out


def field_scores(truth: dict[str, Any], report: dict[str, Any]) -> list[tuple[str, str, str, bool]]:
    """``(doc_type, field, capture condition, exact)`` for each key field of each accepted document."""
    from bench.ocr_accuracy import compare_fields

    out: list[tuple[str, str, str, bool]] = []
    for slot, doc in truth["documents"].items():
        if doc["expected_status"] != "accepted" or not doc["fields"]:
            continue
        got = report["documents"].get(slot, {}).get("fields", {}) or {}
        exact = compare_fields(slot, doc["fields"], got)
        for name in KEY_FIELDS.get(slot, ()):
            if name in exact:
                out.append((slot, name, doc["condition"] or "-", exact[name]))
    return out


def _where(truth: dict[str, Any], check: str, split: str | None) -> str:
    """`` [family, capture]`` of the document a check reads (figures only: no document content);
    on the held-out split only the capture, so that no held-out family is singled out."""
    doc = truth["documents"].get(check.split(".")[0]) or {}
    if not doc.get("family"):
        return ""
    if split == "heldout":
        return f" [{doc.get('condition')}]"
    return f" [{doc['family']}, {doc.get('condition')}]"


def run_split(specs: list[dict[str, Any]], root: Path, split: str | None, ctx: Any,
              reasons: str | None = None, show_fields: bool = False) -> dict[str, Any]:
    """Generate (if needed), verify and score the claims of one split (``reasons``: the
    generator's ``claim_reason`` argument, e.g. ``"mixed"``; ``show_fields``: print each
    misread key field of a training claim as it is scored)."""
    from samples.generator import generate_claim
    from workers.claim_dir import verify_claim_dir

    totals: Counter[str] = Counter()
    times: list[float] = []
    by_kind: dict[str, list[bool]] = defaultdict(list)
    by_reason: dict[str, list[bool]] = defaultdict(list)
    by_id: dict[str, list[bool]] = defaultdict(list)
    fields: dict[str, list[bool]] = defaultdict(list)
    wrong_rows: list[str] = []
    not_clear: Counter[str] = Counter()
    missed: Counter[str] = Counter()
    folders: list[Path] = []
    for spec in specs:
        folder = root / f"{split or 'standard'}-{reasons or 'resign'}-{spec['seed']}"
        if not (folder / "truth.json").exists():
            reason = CLAIM_REASONS[spec["seed"] % len(CLAIM_REASONS)] if reasons == "each" else reasons
            try:
                generate_claim(spec["seed"], folder, conditions="mixed", faults=spec["faults"],
                               variants=spec["variants"], split=split, claim_reason=reason)
            except ValueError:  # the fault needs another reason (a letter fault, too_young_for_pension)
                generate_claim(spec["seed"], folder, conditions="mixed", faults=spec["faults"],
                               variants=spec["variants"], split=split, claim_reason="mixed")
        folders.append(folder)
        truth = json.loads((folder / "truth.json").read_text())
        t0 = time.perf_counter()
        report = verify_claim_dir(folder, ctx).as_contract()
        times.append(time.perf_counter() - t0)
        s = score(truth, report)
        for k in ("tp", "flagged", "pos", "fa", "neg", "review_on_match", "unverifiable", "unverifiable_mismatch",
                  "na", "na_wrong"):
            totals[k] += s[k]
        totals["verdict_ok"] += s["verdict_ok"]
        if truth["expected"]["verdict"] == "clear":
            totals["clean"] += 1
            totals["clean_clear"] += report["verdict"] == "clear"
            for c in report["checks"]:  # why a clean claim was not clear: counts only
                if c["status"] not in ("match", "not_applicable"):
                    not_clear[f"check {c['check']}: {c['status']}{_where(truth, c['check'], split)}"] += 1
            for slot, d in report["documents"].items():
                if d["status"] != "accepted" and truth["documents"].get(slot, {}).get("expected_status") == "accepted":
                    not_clear[f"document {slot}: {d['status']} ({d.get('reason')})"] += 1
            if any(sg.get("severity") == "warn" for sg in report.get("signals") or []):
                not_clear["a warn signal"] += 1
        for w in s["wrong"]:  # a real difference not reported as one: counts per check only
            check, _, change = w.partition(":")
            if change.startswith("mismatch->"):
                missed[f"{check}: {change.split('->')[1]}"] += 1
        kind = spec["faults"][0] if spec["faults"] else f"benign:{spec['variants'][0]}"
        by_kind[kind].append(s["verdict_ok"])
        by_reason[str(truth.get("claim_reason") or "resign")].append(s["verdict_ok"])
        by_id[str(truth["documents"]["ktp"].get("content") or "none")].append(s["verdict_ok"])
        for slot, name, cond, ok in field_scores(truth, report):
            if not ok and show_fields and split == "train":  # held-out claims: figures only
                have = (report["documents"].get(slot, {}).get("fields", {}) or {}).get(name) or {}
                print(f"  field {folder.name} {slot}.{name} [{truth['documents'][slot].get('family')}, {cond}]: "
                      f"want {truth['documents'][slot]['fields'].get(name)!r} got {have.get('value')!r}", flush=True)
            fields[f"type:{slot}"].append(ok)
            fields[f"field:{slot}.{name}"].append(ok)
            fields[f"capture:{cond}"].append(ok)
            fields["all"].append(ok)
        if (s["wrong"] or not s["verdict_ok"]) and split != "heldout":  # held-out claims: figures only
            fams = ",".join(f"{k}={d.get('family')}" for k, d in truth["documents"].items() if d.get("family"))
            wrong_rows.append(f"| {split or 'standard'} | {folder.name} | {kind} | {truth['expected']['verdict']} -> "
                              f"{report['verdict']} | {', '.join(s['wrong']) or '-'} | {fams} |")
    return {"n": len(specs), "totals": totals, "times": times, "by_kind": by_kind, "fields": fields,
            "by_reason": by_reason, "by_id": by_id, "wrong": wrong_rows, "folders": folders, "not_clear": not_clear,
            "missed": missed}


def _pct(a: int, b: int) -> str:
    return f"{100 * a / b:.1f}% ({a}/{b})" if b else "-"


def table(results: dict[str, dict[str, Any]]) -> list[str]:
    """The figures of each split side by side (markdown)."""
    names = list(results)
    lines = ["| figure | " + " | ".join(names) + " | target |", "|---|" + "---|" * len(names) + "---|"]

    def row(label: str, cells: list[str], target: str = "") -> None:
        lines.append(f"| {label} | " + " | ".join(cells) + f" | {target} |")

    rs = [results[n] for n in names]
    row("verdict right", [_pct(r["totals"]["verdict_ok"], r["n"]) for r in rs], ">= 97%")
    row("clean claims answered clear", [_pct(r["totals"]["clean_clear"], r["totals"]["clean"]) for r in rs], ">= 95%")
    row("mismatch recall (reported mismatch)", [_pct(r["totals"]["tp"], r["totals"]["pos"]) for r in rs], ">= 99%")
    row("real differences flagged (mismatch or review)", [_pct(r["totals"]["flagged"], r["totals"]["pos"]) for r in rs])
    row("false alarms (true match reported mismatch)", [_pct(r["totals"]["fa"], r["totals"]["neg"]) for r in rs], "<= 0.5%")
    row("true match sent to review", [_pct(r["totals"]["review_on_match"], r["totals"]["neg"]) for r in rs])
    row("unverifiable checks reported mismatch", [f"{r['totals']['unverifiable_mismatch']}/{r['totals']['unverifiable']}" for r in rs], "0")
    row("not-applicable checks reported otherwise", [f"{r['totals']['na_wrong']}/{r['totals']['na']}" for r in rs], "0")
    keys = sorted({k for r in rs for k in r["fields"]})
    for k in keys:
        row(f"fields exact, {k}", [_pct(sum(r["fields"].get(k, [])), len(r["fields"].get(k, []))) for r in rs],
            ">= 98%" if k == "all" else "")
    for group, label in (("by_reason", "reason"), ("by_id", "ID document")):
        for k in sorted({k for r in rs for k in r[group]}):
            row(f"verdict right, {label} {k}", [_pct(sum(r[group].get(k, [])), len(r[group].get(k, []))) for r in rs],
                ">= 97%")
    row("seconds per claim, in-process warm (median)", [f"{statistics.median(r['times']):.2f}" if r["times"] else "-" for r in rs])
    return lines


def main(argv: list[str] | None = None) -> int:
    """Generate, verify, score and print."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--claims", type=int, default=100, help="claims per split (a small N for development)")
    ap.add_argument("--split", choices=("train", "heldout", "both"), default=None,
                    help="draw layout families from this split (both: side by side); default: standard layouts")
    ap.add_argument("--reasons", choices=("mixed", "each"), default=None,
                    help="mixed: a seeded draw of each claim's reason; each: the six reasons in turn (a fault that "
                         "needs another reason gets a drawn one); default: every claim a typed resign")
    ap.add_argument("--seed-base", type=int, default=50_000,
                    help="first claim's seed (figures in docs use the default; another base draws fresh claims)")
    ap.add_argument("--cli-sample", type=int, default=10, help="claims also timed through the real CLI")
    ap.add_argument("--out", type=Path)
    ap.add_argument("--keep", type=Path, help="generate into this folder and keep it")
    ap.add_argument("--show-fields", action="store_true",
                    help="print each misread key field of a training claim (held-out claims give figures only)")
    args = ap.parse_args(argv)

    from ocr.pipeline import PipelineContext

    root = args.keep or Path(tempfile.mkdtemp(prefix="eklaim-bench-"))
    root.mkdir(parents=True, exist_ok=True)
    specs = plan(args.claims, args.seed_base)
    splits: list[str | None] = [None] if args.split is None else (["train", "heldout"] if args.split == "both" else [args.split])
    ctx = PipelineContext.default()
    ctx.engine.warm_up()
    results = {(sp or "standard"): run_split(specs, root, sp, ctx, args.reasons, args.show_fields) for sp in splits}

    cli_times = []
    first = next(iter(results.values()))
    for folder in first["folders"][: args.cli_sample]:
        t0 = time.perf_counter()
        proc = subprocess.run([sys.executable, "-m", "api.cli", "verify", str(folder), "--json"],
                              capture_output=True, text=True)
        cli_times.append(time.perf_counter() - t0)
        json.loads(proc.stdout)  # exactly one JSON object on stdout

    lines = [
        f"Claims benchmark: {args.claims} generated claims per split ({', '.join(results)}; mixed capture "
        "conditions; 40% benign variants, 60% one injected fault each; claim reasons: "
        f"{ {'mixed': 'a seeded mix', 'each': 'the six in turn'}.get(args.reasons or '', 'resign') }).", "",
        *table(results),
    ]
    if cli_times:
        lines += ["", f"Seconds per claim, `eklaim verify --json` incl. process start (median of {len(cli_times)}): "
                  f"{statistics.median(cli_times):.2f} (target <= 5 s)"]
    kinds = sorted({k for r in results.values() for k in r["by_kind"]})
    lines += ["", "| kind | " + " | ".join(f"verdicts right ({n})" for n in results) + " |",
              "|---|" + "---|" * len(results)]
    lines += [f"| {k} | " + " | ".join(f"{sum(r['by_kind'].get(k, []))}/{len(r['by_kind'].get(k, []))}" for r in results.values()) + " |"
              for k in kinds]
    causes = sorted({k for r in results.values() for k in r["not_clear"]})
    if causes:
        lines += ["", "Clean claims not answered clear, by cause (counts of checks / documents over clean claims):", "",
                  "| cause | " + " | ".join(results) + " |", "|---|" + "---|" * len(results)]
        lines += [f"| {k} | " + " | ".join(str(r["not_clear"].get(k, 0)) for r in results.values()) + " |" for k in causes]
    missed = sorted({k for r in results.values() for k in r["missed"]})
    if missed:
        lines += ["", "Real differences not reported as mismatch, by check and reported status (counts):", "",
                  "| check: reported | " + " | ".join(results) + " |", "|---|" + "---|" * len(results)]
        lines += [f"| {k} | " + " | ".join(str(r["missed"].get(k, 0)) for r in results.values()) + " |" for k in missed]
    wrong = [w for r in results.values() for w in r["wrong"]]
    if wrong:
        lines += ["", "Claims with a differing check or verdict (training split only; held-out claims give figures):", "", "| split | claim | kind | verdict | checks | families |",
                  "|---|---|---|---|---|---|", *wrong]
    text = "\n".join(lines)
    print(text)
    if args.out:
        args.out.write_text(text + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
