"""Where the time of one claim goes: a per-stage table from a cProfile run.

One claim folder (``samples/claims/clear-01`` unless given) is verified in-process under
cProfile with a warm engine; each stage's time is the cumulative time of the functions that
make it up (ONNX Runtime runs in C, so profiling adds little to detection and recognition).
Process start and model load are measured apart, in fresh processes:

- **process start**: ``python -m api.cli verify`` on a copy of the folder holding only
  ``claim.json`` (interpreter, imports, report; no model is loaded for nothing to read);
- **model load**: ``ocr.engine.get_engine`` in a fresh process (hash check, load, warm-up).

Also printed, measured in the same run: the claim's wall time against the bare PP-OCRv6
det+rec call (``engine.recognise``) on each raw document image one after another (the
issue's "claim / bare call" ratio), and the claim through the whole ``eklaim verify`` CLI.

Usage::

    .venv/bin/python -m bench.profile_claim [CLAIM_DIR] [--repeat 2] [--cli] [--json]
    .venv/bin/python -m bench.profile_claim --pool-ab DIR [DIR...] [--repeat 2]   # sequential vs pool
    .venv/bin/python -m bench.profile_claim --per-document DIR [DIR...] [--repeat 3]

``--per-document``: each document of the folders on its own, through the whole pipeline
(``ocr.pipeline.process_document``: intake check, pages, normalise, quality, OCR, classify,
extract) against the bare det+rec call on its raw page images, interleaved in one process with
one warm engine (the issue's "one document / the bare call" ratio, per file type and slot).
"""

from __future__ import annotations

import argparse
import cProfile
import json
import pstats
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

STAGES: dict[str, tuple[tuple[str, str], ...]] = {
    "intake check": (("intake/files.py", "check_file"),),
    "decode": (("ocr/pages.py", "decode_image"),),
    "PDF": (("ocr/pages.py", "load_pdf"),),
    "normalise": (("ocr/normalise.py", "normalise_page"),),
    "quality": (("ocr/quality.py", "measure_quality"), ("ocr/quality.py", "quality_gate")),
    "OCR (engine call)": (("ocr/engine.py", "recognise"),),
    "detection": (("text_detection/predictor.py", "process"),),
    "recognition": (("text_recognition/predictor.py", "process"),),
    "classify": (("ocr/classify.py", "classify"),),
    "extract": (("ocr/extract/__init__.py", "run"),),
    "match": (("matching/verdict.py", "build_report"),),
}
"""Stage -> (file suffix or folder, function name) pairs whose cumulative times add up.

``normalise`` includes ``quality`` (measured inside it); ``OCR (engine call)`` includes
detection and recognition; the rest of it is PaddleX's pre/post-processing and line crops.
RapidOCR's det/rec calls are ``ch_ppocr_det``/``ch_ppocr_rec`` ``__call__`` (see below).
"""

RAPID_STAGES = {
    "detection": (("ch_ppocr_det/main.py", "__call__"),),
    "recognition": (("ch_ppocr_rec/main.py", "__call__"),),
}


def _stage_times(stats: pstats.Stats, stages: dict[str, tuple[tuple[str, str], ...]]) -> dict[str, float]:
    """Cumulative seconds per stage (cProfile counts a recursive function's outermost call once)."""
    raw: dict[tuple[str, int, str], tuple[Any, ...]] = stats.stats  # type: ignore[attr-defined]
    out: dict[str, float] = {}
    for stage, keys in stages.items():
        out[stage] = sum(
            ct for (filename, _line, func), (_cc, _nc, _tt, ct, _callers) in raw.items()
            if any(func == name and filename.replace("\\", "/").endswith(where) for where, name in keys)
        )
    return out


def _timed(fn: Callable[[], Any]) -> tuple[float, Any]:
    t0 = time.perf_counter()
    value = fn()
    return time.perf_counter() - t0, value


def _subprocess_seconds(args: list[str], repeat: int) -> list[float]:
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        proc = subprocess.run(args, capture_output=True, text=True, check=False)
        times.append(time.perf_counter() - t0)
        if proc.returncode != 0:
            raise SystemExit(f"{args} failed ({proc.returncode}): {proc.stderr[-2000:]}")
    return times


MODEL_LOAD_SNIPPET = (
    "import time; from intake.settings import get_settings; s = get_settings(); "
    "import ocr.engine as e; t = time.perf_counter(); e.get_engine(s); print(time.perf_counter() - t)"
)


def _model_load_seconds(repeat: int) -> list[float]:
    out = []
    for _ in range(repeat):
        proc = subprocess.run([sys.executable, "-c", MODEL_LOAD_SNIPPET], capture_output=True, text=True, check=True)
        out.append(float(proc.stdout.strip().splitlines()[-1]))
    return out


def _raw_images(folder: Path) -> list[Any]:
    """Each document's raw page images (decoded / rendered, nothing normalised)."""
    from intake.files import check_file
    from intake.settings import get_settings
    from ocr.pages import load_pages
    from workers.claim_dir import read_claim_folder

    settings = get_settings()
    images = []
    for path in read_claim_folder(folder).files.values():
        if path is None:
            continue
        data = path.read_bytes()
        try:
            checked = check_file(data, settings=settings)
            images += [p.image for p in load_pages(data, checked.kind, settings, checked.pdf)]
        except Exception:  # noqa: BLE001 - a rejected file has nothing to read
            continue
    return images


def profile(folder: Path, repeat: int, cli: bool) -> dict[str, Any]:
    """Measure everything; return the figures (seconds)."""
    from intake.settings import get_settings
    from ocr.engine import get_engine
    from ocr.pipeline import PipelineContext
    from workers.claim_dir import verify_claim_dir

    settings = get_settings()
    engine = get_engine(settings)
    ctx = PipelineContext(settings=settings, engine=engine)
    stages = dict(STAGES)
    if engine.name == "rapidocr":
        stages.update(RAPID_STAGES)
    verify_claim_dir(folder, ctx)  # warm caches (first-call costs are not the claim's)

    walls, bares, stage_runs = [], [], []
    images = _raw_images(folder)
    for _ in range(repeat):
        bare, _ = _timed(lambda: [engine.recognise(im) for im in images])
        bares.append(bare)
        prof = cProfile.Profile()
        t0 = time.perf_counter()
        prof.enable()
        verify_claim_dir(folder, ctx)
        prof.disable()
        walls.append(time.perf_counter() - t0)
        stage_runs.append(_stage_times(pstats.Stats(prof), stages))
    # Unprofiled wall time (the profiler's own overhead kept out of the ratio).
    plain = [_timed(lambda: verify_claim_dir(folder, ctx))[0] for _ in range(repeat)]

    with tempfile.TemporaryDirectory() as tmp:
        empty = Path(tmp) / "empty"
        empty.mkdir()
        shutil.copy(folder / "claim.json", empty / "claim.json")
        start = _subprocess_seconds([sys.executable, "-m", "api.cli", "verify", str(empty), "--json"], repeat)
    figures: dict[str, Any] = {
        "claim": str(folder),
        "documents_pages": len(images),
        "engine": engine.name,
        "threads": settings.ocr_threads,
        "stages": {k: statistics.median(r[k] for r in stage_runs) for k in stages},
        "claim_profiled_s": statistics.median(walls),
        "claim_in_process_s": statistics.median(plain),
        "bare_ocr_s": statistics.median(bares),
        "process_start_s": statistics.median(start),
        "model_load_s": statistics.median(_model_load_seconds(max(1, repeat // 2))),
    }
    figures["claim_over_bare"] = figures["claim_in_process_s"] / figures["bare_ocr_s"]
    if cli:
        cli_s = _subprocess_seconds([sys.executable, "-m", "api.cli", "verify", str(folder), "--json"], repeat)
        figures["cli_claim_s"] = statistics.median(cli_s)
        figures["cli_over_bare"] = figures["cli_claim_s"] / figures["bare_ocr_s"]
    return figures


def pool_ab(folders: list[Path], repeat: int) -> dict[str, Any]:
    """``eklaim verify`` on ``folders`` with one process vs the pool, interleaved (same load).

    Also checks the JSON reports of both are byte-identical.
    """
    import os

    args = [sys.executable, "-m", "api.cli", "verify", *map(str, folders), "--json"]
    runs: dict[str, list[float]] = {"1": [], "0": []}
    outputs: dict[str, set[str]] = {"1": set(), "0": set()}
    for _ in range(repeat):
        for procs in ("1", "0"):
            env = {**os.environ, "EKLAIM_VERIFY_PROCESSES": procs}
            t0 = time.perf_counter()
            proc = subprocess.run(args, capture_output=True, text=True, check=True, env=env)
            runs[procs].append(time.perf_counter() - t0)
            outputs[procs].add(proc.stdout)
    seq, pool = statistics.median(runs["1"]), statistics.median(runs["0"])
    return {"folders": len(folders), "sequential_s": seq, "pool_s": pool, "pool_over_sequential": pool / seq,
            "identical": outputs["1"] == outputs["0"] and len(outputs["1"]) == 1,
            "runs": runs}


def per_document(folders: list[Path], repeat: int) -> list[dict[str, Any]]:
    """Each document's pipeline time against the bare engine call on its raw pages (medians)."""
    from intake.files import check_file
    from intake.settings import get_settings
    from ocr.engine import get_engine
    from ocr.pages import load_pages
    from ocr.pipeline import PipelineContext, process_document
    from workers.claim_dir import read_claim_folder

    settings = get_settings()
    engine = get_engine(settings)
    ctx = PipelineContext(settings=settings, engine=engine)
    out = []
    for folder in folders:
        for slot, path in read_claim_folder(folder).files.items():
            if path is None:
                continue
            data = path.read_bytes()
            try:
                checked = check_file(data, settings=settings)
                images = [p.image for p in load_pages(data, checked.kind, settings, checked.pdf)]
            except Exception:  # noqa: BLE001 - a rejected file has nothing to read
                continue
            process_document(slot, data, ctx)  # first-call costs are not the document's
            pipe, bare = [], []
            for _ in range(repeat):
                pipe.append(_timed(lambda: process_document(slot, data, ctx))[0])  # noqa: B023
                bare.append(_timed(lambda: [engine.recognise(im) for im in images])[0])  # noqa: B023
            p, b = statistics.median(pipe), statistics.median(bare)
            out.append({"folder": folder.name, "slot": slot, "file": path.name, "kind": checked.kind,
                        "pages": len(images), "pipeline_s": p, "bare_s": b, "ratio": p / b})
    return out


def per_document_table(docs: list[dict[str, Any]]) -> list[str]:
    """The markdown table of :func:`per_document`, with the medians per file kind and slot."""
    rows = ["| folder | slot | file | pages | pipeline (s) | bare det+rec (s) | pipeline / bare |",
            "|---|---|---|---:|---:|---:|---:|"]
    rows += [f"| {d['folder']} | {d['slot']} | {d['file']} | {d['pages']} | {d['pipeline_s']:.3f} | "
             f"{d['bare_s']:.3f} | {d['ratio']:.2f}x |" for d in docs]
    groups: dict[str, list[float]] = {}
    for d in docs:
        groups.setdefault(f"kind {d['kind']}", []).append(d["ratio"])
        groups.setdefault(f"slot {d['slot']}", []).append(d["ratio"])
    rows += ["", "| group | documents | median pipeline / bare |", "|---|---:|---:|"]
    rows += [f"| {k} | {len(v)} | {statistics.median(v):.2f}x |" for k, v in sorted(groups.items())]
    total_p = sum(d["pipeline_s"] for d in docs)
    total_b = sum(d["bare_s"] for d in docs)
    rows += ["", f"all documents: pipeline {total_p:.2f} s / bare {total_b:.2f} s = **{total_p / max(total_b, 1e-9):.2f}x**"]
    return rows


def table(f: dict[str, Any]) -> list[str]:
    """The markdown table of one profile."""
    wall = f["claim_profiled_s"]
    rows = [f"Claim `{f['claim']}` ({f['documents_pages']} pages), {f['engine']}, {f['threads']} ONNX threads", "",
            "| stage | seconds | share of claim |", "|---|---:|---:|"]
    for name, sec in f["stages"].items():
        rows.append(f"| {name} | {sec:.3f} | {100 * sec / wall:.1f}% |")
    rows += [
        f"| claim, in-process, profiled | {wall:.3f} | 100% |",
        f"| claim, in-process, not profiled | {f['claim_in_process_s']:.3f} | |",
        f"| process start (`eklaim verify` on claim.json only) | {f['process_start_s']:.3f} | |",
        f"| model load (fresh process) | {f['model_load_s']:.3f} | |",
        f"| bare det+rec call on each raw page, one after another | {f['bare_ocr_s']:.3f} | |",
        "", f"claim in-process / bare call: **{f['claim_over_bare']:.2f}x**",
    ]
    if "cli_claim_s" in f:
        rows.append(f"`eklaim verify` (process start included) / bare call: **{f['cli_over_bare']:.2f}x** "
                    f"({f['cli_claim_s']:.2f} s)")
    return rows


def main(argv: list[str] | None = None) -> int:
    """Print the per-stage table of one claim."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("claim_dir", nargs="?", default="samples/claims/clear-01", type=Path)
    ap.add_argument("--repeat", type=int, default=2, help="runs per measure (median)")
    ap.add_argument("--cli", action="store_true", help="also time the claim through `eklaim verify`")
    ap.add_argument("--json", action="store_true", help="print the figures as JSON instead")
    ap.add_argument("--pool-ab", nargs="+", type=Path, metavar="DIR",
                    help="only time `eklaim verify DIR...` sequential (EKLAIM_VERIFY_PROCESSES=1) vs the pool")
    ap.add_argument("--per-document", nargs="+", type=Path, metavar="DIR",
                    help="only time each document of DIR... through the pipeline vs the bare engine call")
    args = ap.parse_args(argv)
    if args.per_document:
        docs = per_document(args.per_document, max(1, args.repeat))
        print(json.dumps(docs, indent=2) if args.json else "\n".join(per_document_table(docs)))
        return 0
    if args.pool_ab:
        ab = pool_ab(args.pool_ab, max(1, args.repeat))
        print(json.dumps(ab, indent=2) if args.json else
              f"`eklaim verify` on {ab['folders']} folder(s): sequential {ab['sequential_s']:.2f} s, pool "
              f"{ab['pool_s']:.2f} s, pool/sequential {ab['pool_over_sequential']:.2f}x, "
              f"reports byte-identical: {ab['identical']}")
        return 0
    figures = profile(args.claim_dir, max(1, args.repeat), args.cli)
    print(json.dumps(figures, indent=2) if args.json else "\n".join(table(figures)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
