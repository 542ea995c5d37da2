"""OCR accuracy and latency benchmark over generated documents with ground truth.

Generates N documents per type (deterministic seeds) in mixed capture conditions and
containers, runs the real document pipeline (normalise, OCR, classify, extract) with each
backend in its own process (so peak RSS is per backend), and prints:

- field exact-match per document type and field, and per capture condition;
- warm latency per document (median, p95) for cards and A4 pages;
- peak RSS per backend process.

Usage::

    .venv/bin/python -m bench.ocr_accuracy --per-type 100 --backends paddleocr,rapidocr \
        [--out docs/ocr_benchmark.md]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

DOC_TYPES = ("ktp", "kk", "bpjs_card", "resignation_letter", "passbook")
CONDITIONS = ("clean", "scan", "photo", "lowres")
CARD_CONTAINERS = ("jpeg", "png", "bmp", "pdf")
LETTER_CONTAINERS = ("jpeg", "png", "bmp", "pdf", "text_pdf", "pdf_2page")
PHOTO_CONTAINERS = ("jpeg", "pdf")
"""Phones save photos as JPEG (a scanner app may wrap one in a PDF); a 2400 px photo as PNG or
BMP would exceed the 10 MB upload limit and be refused by intake, not read."""
PAGE_TYPES = {"kk", "resignation_letter"}
"""A4-sized documents; the rest are cards (the passbook's first page is card-like)."""


def plan(per_type: int) -> list[tuple[str, int, str, str]]:
    """The (doc_type, seed, condition, container) list, deterministic."""
    items = []
    for t_i, doc_type in enumerate(DOC_TYPES):
        containers = LETTER_CONTAINERS if doc_type == "resignation_letter" else CARD_CONTAINERS
        for i in range(per_type):
            cond = CONDITIONS[i % len(CONDITIONS)]
            conts = PHOTO_CONTAINERS if cond == "photo" else containers
            cont = conts[(i // len(CONDITIONS)) % len(conts)]
            items.append((doc_type, 10_000 * (t_i + 1) + i, cond, cont))
    return items


def _norm(v: Any) -> Any:
    return v.strip().upper() if isinstance(v, str) else v


def compare_fields(doc_type: str, truth: dict[str, Any], fields: dict[str, Any]) -> dict[str, bool]:
    """Field name -> exact match. KK members are compared member by member per key."""
    out: dict[str, bool] = {}
    for name, want in truth.items():
        got = fields.get(name, {}).get("value") if isinstance(fields.get(name), dict) else None
        if name == "members":
            got_members = got or []
            for i, member in enumerate(want):
                have = got_members[i] if i < len(got_members) else {}
                for key in ("nik", "full_name", "relationship", "birth_date", "gender"):
                    if key in member:
                        out[f"members.{key}"] = out.get(f"members.{key}", True) and _norm(have.get(key)) == _norm(member[key])
            continue
        out[name] = _norm(got) == _norm(want)
    return out


def run_backend(backend: str, per_type: int, types: tuple[str, ...] = DOC_TYPES) -> dict[str, Any]:
    """Run every planned document through the pipeline with one backend (in this process)."""
    os.environ["EKLAIM_OCR_BACKEND"] = backend
    from intake.settings import get_settings
    from ocr.engine import get_engine
    from ocr.pipeline import PipelineContext, process_document
    from samples.generator import generate_document

    settings = get_settings()
    from ocr.provision import ensure_models

    ensure_models(settings)
    engine = get_engine(settings)
    engine.warm_up()
    ctx = PipelineContext(settings=settings, engine=engine)
    rows = []
    for doc_type, seed, cond, cont in plan(per_type):
        if doc_type not in types:
            continue
        data, truth, _ext = generate_document(doc_type, seed, cond, cont)
        t0 = time.perf_counter()
        processed = process_document(doc_type, data, ctx)
        dt = time.perf_counter() - t0
        res = processed.result.as_contract()
        rows.append({
            "doc_type": doc_type, "seed": seed, "condition": cond, "container": cont,
            "status": res["status"], "reason": res["reason"], "seconds": dt,
            "match": compare_fields(doc_type, truth, res["fields"]),
        })
    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {"backend": backend, "engine": engine.version, "rows": rows, "peak_rss_mb": rss_mb,
            "threads": settings.ocr_threads}


def pct(xs: list[float], q: float) -> float:
    """The q-quantile (0..1) of xs, nearest rank."""
    s = sorted(xs)
    return s[min(len(s) - 1, max(0, round(q * (len(s) - 1))))]


def summarise(result: dict[str, Any]) -> str:
    """Markdown tables for one backend's run."""
    rows = result["rows"]
    lines = [f"### Backend `{result['backend']}` ({result['engine']}, {result['threads']} threads)", ""]
    by_field: dict[tuple[str, str], list[bool]] = defaultdict(list)
    by_cond: dict[str, list[bool]] = defaultdict(list)
    by_type_cond: dict[tuple[str, str], list[bool]] = defaultdict(list)
    status: dict[str, int] = defaultdict(int)
    for r in rows:
        status[r["status"]] += 1
        for f, ok in r["match"].items():
            by_field[(r["doc_type"], f)].append(ok)
            by_cond[r["condition"]].append(ok)
            by_type_cond[(r["doc_type"], r["condition"])].append(ok)
    lines += ["| condition | " + " | ".join(DOC_TYPES) + " | all |", "|---" * (len(DOC_TYPES) + 2) + "|"]
    for c in CONDITIONS:
        cells = []
        for t in DOC_TYPES:
            v = by_type_cond.get((t, c), [])
            cells.append(f"{100 * sum(v) / len(v):.1f}%" if v else "-")
        allv = by_cond.get(c, [])
        lines.append(f"| {c} | " + " | ".join(cells) + f" | {100 * sum(allv) / max(1, len(allv)):.1f}% |")
    lines += ["", "Field exact-match per field (all conditions):", "", "| type | field | exact |", "|---|---|---|"]
    for (t, f), v in sorted(by_field.items()):
        lines.append(f"| {t} | {f} | {100 * sum(v) / len(v):.1f}% ({sum(v)}/{len(v)}) |")
    cards = [r["seconds"] for r in rows if r["doc_type"] not in PAGE_TYPES]
    pages = [r["seconds"] for r in rows if r["doc_type"] in PAGE_TYPES]
    lines += ["", "| latency (warm) | median | p95 |", "|---|---|---|"]
    for label, xs in (("card", cards), ("A4 page", pages)):
        if xs:
            lines.append(f"| {label} ({len(xs)}) | {statistics.median(xs):.2f} s | {pct(xs, 0.95):.2f} s |")
    lines.append("")
    lines.append(f"Peak RSS: {result['peak_rss_mb']:.0f} MB. Document statuses: "
                 + ", ".join(f"{k} {v}" for k, v in sorted(status.items())))
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    """Run each backend in a child process, print the tables, optionally write them."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--per-type", type=int, default=100)
    ap.add_argument("--backends", default="paddleocr,rapidocr")
    ap.add_argument("--out", type=Path)
    ap.add_argument("--types", default=",".join(DOC_TYPES), help="document types to run (comma-separated)")
    ap.add_argument("--child", help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    types = tuple(t for t in args.types.split(",") if t)
    if args.child:
        json.dump(run_backend(args.child, args.per_type, types), sys.stdout)
        return 0
    sections = [f"OCR benchmark: {args.per_type} documents per type, conditions {', '.join(CONDITIONS)} "
                f"in rotation, containers mixed; {os.cpu_count()} CPU cores.", ""]
    for backend in args.backends.split(","):
        t0 = time.perf_counter()
        proc = subprocess.run([sys.executable, "-m", "bench.ocr_accuracy", "--per-type", str(args.per_type),
                               "--types", ",".join(types), "--child", backend], capture_output=True, text=True)
        if proc.returncode != 0:
            sys.stderr.write(proc.stderr[-4000:])
            return proc.returncode
        result = json.loads(proc.stdout)
        sections.append(summarise(result))
        sections.append(f"(wall time {time.perf_counter() - t0:.0f} s)\n")
        if args.out:
            raw = args.out.with_suffix(f".{backend}.json")
            raw.write_text(json.dumps(result, indent=1))
    text = "\n".join(sections)
    print(text)
    if args.out:
        args.out.write_text(text + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
