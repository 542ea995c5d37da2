"""PDF render resolution: do digital (text-layer) PDF pages keep their fields at a lower dpi?

Generates resignation letters as text-layer PDFs (``text_pdf``, one page; ``pdf_2page`` is an
image PDF and renders at its image's own resolution whatever the setting) with deterministic
seeds, and runs each through the real document pipeline (``ocr.pipeline.process_document``)
at each ``--dpis`` value of ``settings.pdf_render_dpi``, in one process with one warm engine,
the resolutions interleaved per document so a change in machine load hits both alike. Prints
field exact-match per resolution, the fields read right at the first resolution and wrong at
another (and the reverse), and the median seconds per document.

Usage::

    nice .venv/bin/python -m bench.pdf_dpi [--docs 8] [--dpis 200,150] [--containers text_pdf]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from typing import Any

from bench.ocr_accuracy import compare_fields


def run(docs: int, dpis: list[int], containers: list[str], doc_type: str = "resignation_letter") -> dict[str, Any]:
    """Process ``docs`` generated documents per container at each resolution; the raw rows."""
    from intake.settings import get_settings
    from ocr.engine import get_engine
    from ocr.pipeline import PipelineContext, process_document
    from ocr.provision import ensure_models
    from samples.generator import generate_document

    base = get_settings()
    ensure_models(base)
    engine = get_engine(base)
    engine.warm_up()
    ctxs = {d: PipelineContext(settings=base.model_copy(update={"pdf_render_dpi": d}), engine=engine) for d in dpis}
    rows: list[dict[str, Any]] = []
    for container in containers:
        for i in range(docs):
            seed = 50_000 + i
            data, truth, _ext = generate_document(doc_type, seed, "clean", container)
            for dpi in dpis if i % 2 == 0 else list(reversed(dpis)):
                t0 = time.perf_counter()
                res = process_document(doc_type, data, ctxs[dpi]).result.as_contract()
                rows.append({"container": container, "seed": seed, "dpi": dpi, "seconds": time.perf_counter() - t0,
                             "status": res["status"], "match": compare_fields(doc_type, truth, res["fields"])})
    return {"rows": rows}


def summarise(rows: list[dict[str, Any]], dpis: list[int]) -> str:
    """The markdown table (aggregates only: no field value is printed)."""
    out = ["| container | dpi | documents | fields exact | read | median s/doc |", "|---|---:|---:|---:|---|---:|"]
    containers = sorted({r["container"] for r in rows})
    for c in containers:
        for d in dpis:
            rs = [r for r in rows if r["container"] == c and r["dpi"] == d]
            ok = sum(v for r in rs for v in r["match"].values())
            n = sum(len(r["match"]) for r in rs)
            statuses = ", ".join(f"{s} {sum(r['status'] == s for r in rs)}" for s in sorted({r["status"] for r in rs}))
            out.append(f"| {c} | {d} | {len(rs)} | {ok}/{n} ({100 * ok / max(n, 1):.1f}%) | {statuses} "
                       f"| {statistics.median(r['seconds'] for r in rs):.2f} |")
    first = dpis[0]
    by_key = {(r["container"], r["seed"], r["dpi"]): r for r in rows}
    for d in dpis[1:]:
        lost = gained = 0
        for (c, seed, dpi), r in by_key.items():
            if dpi != first:
                continue
            other = by_key[(c, seed, d)]["match"]
            lost += sum(1 for k, v in r["match"].items() if v and not other.get(k, False))
            gained += sum(1 for k, v in r["match"].items() if not v and other.get(k, False))
        out.append(f"\nFields right at {first} dpi and wrong at {d} dpi: {lost}; wrong at {first} and right at {d}: {gained}.")
    return "\n".join(out)


def main(argv: list[str] | None = None) -> int:
    """Run the comparison and print the table."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--docs", type=int, default=8, help="documents per container")
    ap.add_argument("--dpis", default="200,150", help="render resolutions, the reference first")
    ap.add_argument("--containers", default="text_pdf")
    args = ap.parse_args(argv)
    dpis = [int(x) for x in args.dpis.split(",")]
    result = run(args.docs, dpis, args.containers.split(","))
    print(summarise(result["rows"], dpis))
    return 0


if __name__ == "__main__":
    sys.exit(main())
