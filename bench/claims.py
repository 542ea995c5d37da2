"""Claim verification benchmark: generated claims with injected faults and benign variants.

For each generated claim (ground truth in its ``truth.json``) the whole ``eklaim verify``
pipeline runs in-process with a warm engine; a sample is also run through the real CLI in a
fresh process (process start and model load included). Prints:

- mismatch recall: checks that truly differ and are reported ``mismatch`` (strict) or flagged
  ``mismatch``/``review`` (a person looks);
- false-alarm rate: checks that truly match but are reported ``mismatch``;
- verdict accuracy; seconds per claim (in-process and through the CLI).

Usage::

    .venv/bin/python -m bench.claims --claims 100 [--cli-sample 10] [--out docs/claims_benchmark.md]
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

FAULTS = ("nik_typo", "wrong_birth_date", "spouse_passbook", "resigned_recently", "kpj_typo",
          "kk_without_claimant", "other_persons_ktp", "kk_as_ktp", "unreadable_photo", "bad_file",
          "missing_document")
VARIANTS = ("name_lower", "name_spaces", "title_one_side", "muhammad_abbrev", "old_spelling",
            "kpj_spaced", "account_dashed")


def plan(n: int) -> list[dict[str, Any]]:
    """Deterministic claim specs: 40% clean (each with a benign variant), 60% one fault each."""
    specs = []
    for i in range(n):
        if i % 5 < 2:
            specs.append({"seed": 50_000 + i, "faults": (), "variants": (VARIANTS[i % len(VARIANTS)],)})
        else:
            specs.append({"seed": 50_000 + i, "faults": (FAULTS[i % len(FAULTS)],), "variants": ()})
    return specs


def score(truth: dict[str, Any], report: dict[str, Any]) -> dict[str, Any]:
    """Compare one report with its truth."""
    exp_checks = truth["expected"]["checks"]
    got = {c["check"]: c["status"] for c in report["checks"]}
    out = {"verdict_ok": report["verdict"] == truth["expected"]["verdict"], "tp": 0, "flagged": 0, "pos": 0,
           "fa": 0, "neg": 0, "review_on_match": 0, "wrong": []}
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
        if have != want:
            out["wrong"].append(f"{name}:{want}->{have}")
    return out


def main(argv: list[str] | None = None) -> int:
    """Generate, verify, score and print."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--claims", type=int, default=100)
    ap.add_argument("--cli-sample", type=int, default=10, help="claims also timed through the real CLI")
    ap.add_argument("--out", type=Path)
    ap.add_argument("--keep", type=Path, help="generate into this folder and keep it")
    args = ap.parse_args(argv)

    from ocr.pipeline import PipelineContext
    from samples.generator import generate_claim
    from workers.claim_dir import verify_claim_dir

    root = args.keep or Path(tempfile.mkdtemp(prefix="eklaim-bench-"))
    root.mkdir(parents=True, exist_ok=True)
    specs = plan(args.claims)
    folders = []
    for spec in specs:
        folder = root / f"claim-{spec['seed']}"
        if not (folder / "truth.json").exists():
            generate_claim(spec["seed"], folder, conditions="mixed", faults=spec["faults"], variants=spec["variants"])
        folders.append(folder)

    ctx = PipelineContext.default()
    ctx.engine.warm_up()
    totals: Counter[str] = Counter()
    times: list[float] = []
    by_kind: dict[str, list[bool]] = defaultdict(list)
    wrong_rows = []
    for spec, folder in zip(specs, folders, strict=False):
        truth = json.loads((folder / "truth.json").read_text())
        t0 = time.perf_counter()
        report = verify_claim_dir(folder, ctx).as_contract()
        times.append(time.perf_counter() - t0)
        s = score(truth, report)
        for k in ("tp", "flagged", "pos", "fa", "neg", "review_on_match"):
            totals[k] += s[k]
        totals["verdict_ok"] += s["verdict_ok"]
        kind = spec["faults"][0] if spec["faults"] else f"benign:{spec['variants'][0]}"
        by_kind[kind].append(s["verdict_ok"])
        if s["wrong"] or not s["verdict_ok"]:
            wrong_rows.append(f"| {folder.name} | {kind} | {truth['expected']['verdict']} -> {report['verdict']} | "
                              f"{', '.join(s['wrong']) or '-'} |")

    cli_times = []
    for folder in folders[: args.cli_sample]:
        t0 = time.perf_counter()
        proc = subprocess.run([sys.executable, "-m", "api.cli", "verify", str(folder), "--json"],
                              capture_output=True, text=True)
        cli_times.append(time.perf_counter() - t0)
        json.loads(proc.stdout)  # exactly one JSON object on stdout

    n = len(specs)
    lines = [
        f"Claims benchmark: {n} generated claims (mixed capture conditions; 40% benign variants, "
        f"60% one injected fault each).", "",
        "| figure | value | target |", "|---|---|---|",
        f"| mismatch recall (reported mismatch) | {100 * totals['tp'] / max(1, totals['pos']):.1f}% "
        f"({totals['tp']}/{totals['pos']}) | >= 99% |",
        f"| real differences flagged (mismatch or review) | {100 * totals['flagged'] / max(1, totals['pos']):.1f}% | |",
        f"| false alarms (true match reported mismatch) | {100 * totals['fa'] / max(1, totals['neg']):.2f}% "
        f"({totals['fa']}/{totals['neg']}) | <= 1% |",
        f"| true match sent to review | {100 * totals['review_on_match'] / max(1, totals['neg']):.2f}% | |",
        f"| verdict accuracy | {100 * totals['verdict_ok'] / n:.1f}% ({totals['verdict_ok']}/{n}) | >= 97% |",
        f"| seconds per claim, in-process warm (median / p95) | {statistics.median(times):.2f} / "
        f"{sorted(times)[int(0.95 * (n - 1))]:.2f} | |",
    ]
    if cli_times:
        lines.append(f"| seconds per claim, `eklaim verify --json` incl. process start (median of "
                     f"{len(cli_times)}) | {statistics.median(cli_times):.2f} | <= 5 s |")
    lines += ["", "| kind | verdicts right |", "|---|---|"]
    lines += [f"| {k} | {sum(v)}/{len(v)} |" for k, v in sorted(by_kind.items())]
    if wrong_rows:
        lines += ["", "Claims with a differing check or verdict:", "", "| claim | kind | verdict | checks |",
                  "|---|---|---|---|", *wrong_rows]
    text = "\n".join(lines)
    print(text)
    if args.out:
        args.out.write_text(text + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
