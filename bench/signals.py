"""Benchmark of the reviewer signals: recall and false-positive rate, and the reuse lookup time.

    EKLAIM_OCR_THREADS=1 nice python bench/signals.py [--n 8] [--ktp 10] [--lookup 10000,1000000] [--json]

Everything is generated (``samples/generator``), on seeds apart from the ones the thresholds
were calibrated on (1000-1001):

* ``photocopy`` / ``screen_capture``: ``--n`` documents of each type under each capture
  condition, drawn from the type's training layout families in turn; recall on the
  ``photocopy`` / ``screen`` captures, false-positive rate on every other condition
  (``ocr.signals.measure_cues`` on the decoded upload, as the pipeline does);
* ``document_reused``: ``--n`` x 5 honest claims (each its own person, scan or photo) indexed
  in a fresh SQLite database, then as many planted claims of other NIKs that upload one of
  them again (rescaled 0.8, JPEG quality 45) and as many honest new claims; page hashes of
  the normalised pages (``ocr.normalise``, no OCR);
* ``account_shared`` / ``nik_open_claims``: planted claims reusing an indexed claim's account
  (other NIK) or NIK, and as many honest ones (``workers.signals.cross_claim_signals``);
* ``ktp_nik_inconsistent``: ``--ktp`` KTPs whose printed NIK was changed (birth day, gender
  or region) and as many honest ones, through the whole pipeline with the real OCR engine;
* ``pdf_edited``: generated PDFs as they are, and the same with an appended incremental update
  or an editor's producer (``intake.pdfprobe`` + ``ocr.signals.pdf_structure_signal``);
* lookup time: ``near_pages`` (four indexed bucket lookups + confirmation) against 10,000 and
  1,000,000 random stored hashes in SQLite, 200 queries each (median and 95th percentile).
"""

from __future__ import annotations

import argparse
import dataclasses
import io
import json
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from PIL import Image  # noqa: E402

SLOTS = ("ktp", "kk", "bpjs_card", "resignation_letter", "passbook")
HONEST = ("clean", "scan", "photo", "lowres", "chat")
SEED0 = 5000


def _rate(hits: int, n: int) -> str:
    return f"{hits}/{n} ({100 * hits / n:.1f} %)" if n else "-"


def capture_rates(n: int) -> dict[str, dict[str, Any]]:
    """Recall / FPR of ``photocopy`` and ``screen_capture`` on generated captures."""
    from ocr.pages import decode_image
    from ocr.signals import is_photocopy, is_screen_capture, measure_cues
    from samples.generator.claims import generate_document
    from samples.generator.layouts import families

    flags: dict[str, list[tuple[bool, bool]]] = {}
    for cond in (*HONEST, "photocopy", "screen"):
        for slot in SLOTS:
            # every training layout family in turn (security print, ruled tables, app screens)
            fams = [f.name for f in families(slot, "train")]
            for i in range(n):
                data, _, _ = generate_document(slot, SEED0 + i, cond, "jpeg", family=fams[i % len(fams)])
                c = measure_cues(decode_image(data))
                flags.setdefault(cond, []).append((is_photocopy(c), is_screen_capture(c)))
    out: dict[str, dict[str, Any]] = {}
    for k, name, planted in ((0, "photocopy", "photocopy"), (1, "screen_capture", "screen")):
        rec = [f[k] for f in flags[planted]]
        neg = [f[k] for cond, fl in flags.items() if cond != planted for f in fl]
        per = {cond: sum(f[k] for f in fl) for cond, fl in flags.items() if cond != planted}
        out[name] = {"recall": (sum(rec), len(rec)), "fp": (sum(neg), len(neg)), "fp_by_condition": per}
    return out


def _normalised_hash(data: bytes) -> dict[str, str]:
    from ocr.normalise import NormaliseContext, normalise_page
    from ocr.pages import decode_image
    from ocr.records import PageImage
    from ocr.signals import page_hash

    norm = normalise_page(PageImage(page=1, image=decode_image(data)), NormaliseContext(recognise=None))
    return page_hash(norm.image)


def _reencode(data: bytes) -> bytes:
    img = Image.open(io.BytesIO(data)).convert("RGB")
    img = img.resize((int(img.width * 0.8), int(img.height * 0.8)))
    buf = io.BytesIO()
    img.save(buf, "JPEG", quality=45)
    return buf.getvalue()


def _form(nik: str, account: str) -> Any:
    from intake.fields import validate_claim

    raw = json.loads((ROOT / "samples" / "claims" / "clear-01" / "claim.json").read_text())
    raw.update(nik=nik, account_number=account)
    return validate_claim(raw, today=date.fromisoformat(raw["submitted_on"])).form


def _nik(i: int) -> str:
    return f"3204{11:02d}{(i % 28) + 1:02d}0890{i % 9999 + 1:04d}"


def claim_rates(n: int) -> dict[str, dict[str, Any]]:
    """Recall / FPR of ``document_reused``, ``account_shared`` and ``nik_open_claims`` in a DB."""
    from intake import repo
    from intake.db import ensure_schema, session_scope
    from intake.settings import Settings
    from ocr.records import DocumentResult
    from samples.generator.claims import generate_document
    from workers.signals import cross_claim_signals

    tmp = tempfile.mkdtemp(prefix="eklaim-signals-")
    settings = Settings(environment="test", data_dir=Path(tmp))
    url = ensure_schema(settings)
    rng = random.Random(15)
    print("claims: indexing", file=sys.stderr, flush=True)

    def run(form: Any, slot: str, data: bytes | None) -> set[str]:
        docs = {slot: DocumentResult(slot=slot, status="accepted", page_hashes=[_normalised_hash(data)] if data else [])}
        with session_scope(url) as s:
            cid = repo.create_claim(s, form, "BR1", form.submitted_on).id
            return {sig.signal for sig in cross_claim_signals(s, cid, form, docs, settings)}

    stored: list[tuple[str, bytes, str, str]] = []  # slot, file, nik, account
    k = 0
    for slot in SLOTS:
        for i in range(n):
            data, _, _ = generate_document(slot, SEED0 + 100 + i, rng.choice(("scan", "photo")), "jpeg")
            nik, acct = _nik(k), f"{7000000000 + k}"
            run(_form(nik, acct), slot, data)
            stored.append((slot, data, nik, acct))
            k += 1
    res: dict[str, dict[str, list[bool]]] = {c: {"planted": [], "honest": []} for c in
                                             ("document_reused", "account_shared", "nik_open_claims")}
    for j, (slot, data, nik, acct) in enumerate(stored):
        k += 1
        # planted: another person uploads the same image again (re-encoded)
        got = run(_form(_nik(k), f"{8000000000 + k}"), slot, _reencode(data))
        res["document_reused"]["planted"].append("document_reused" in got)
        # honest: a new person's own document of the same type and capture
        fresh, _, _ = generate_document(slot, SEED0 + 900 + j, rng.choice(("scan", "photo")), "jpeg")
        k += 1
        got = run(_form(_nik(k), f"{8000000000 + k}"), slot, fresh)
        res["document_reused"]["honest"].append("document_reused" in got)
        res["account_shared"]["honest"].append("account_shared" in got)
        res["nik_open_claims"]["honest"].append("nik_open_claims" in got)
        # planted: the same account under another NIK; the same NIK again
        k += 1
        got = run(_form(_nik(k), acct), slot, None)
        res["account_shared"]["planted"].append("account_shared" in got)
        got = run(_form(nik, f"{9000000000 + k}"), slot, None)
        res["nik_open_claims"]["planted"].append("nik_open_claims" in got)
    return {c: {"recall": (sum(v["planted"]), len(v["planted"])), "fp": (sum(v["honest"]), len(v["honest"]))}
            for c, v in res.items()}


def ktp_rates(n: int) -> dict[str, dict[str, Any]]:
    """Recall / FPR of ``ktp_nik_inconsistent`` through the whole pipeline (real OCR engine)."""
    from ocr.pipeline import PipelineContext, process_document
    from samples.generator.capture import apply_condition, encode
    from samples.generator.people import make_person
    from samples.generator.render import RENDERERS

    ctx = PipelineContext.default()

    def alter(nik: str, i: int) -> str:
        kind = i % 3
        if kind == 0:  # birth day one off
            day = int(nik[6:8])
            base, d = (40, day - 40) if day > 40 else (0, day)
            return nik[:6] + f"{base + (d % 28) + 1:02d}" + nik[8:]
        if kind == 1:  # gender flipped
            day = int(nik[6:8])
            return nik[:6] + f"{day - 40 if day > 40 else day + 40:02d}" + nik[8:]
        return ("31" if nik[:2] != "31" else "32") + "71" + nik[4:]  # another province / city

    flags: dict[str, list[bool]] = {"planted": [], "honest": []}
    read = {"planted": 0, "honest": 0}
    for i in range(n):
        person = make_person(SEED0 + 300 + i)
        for kind in ("honest", "planted"):
            p = person if kind == "honest" else dataclasses.replace(
                person, me=dataclasses.replace(person.me, nik=alter(person.me.nik, i)))
            rendered = RENDERERS["ktp"](p, random.Random(f"render:ktp:{i}"))
            rng = random.Random(f"capture:{i}:{kind}")
            img = apply_condition(rendered.image, "scan", rng)
            data, _ext = encode(rendered, img, "jpeg", rng)
            res = process_document("ktp", data, ctx).result
            read[kind] += res.status == "accepted"
            flags[kind].append(any(s.signal == "ktp_nik_inconsistent" for s in res.signals))
    return {"ktp_nik_inconsistent": {"recall": (sum(flags["planted"]), n), "fp": (sum(flags["honest"]), n),
                                     "accepted": read}}


def pdf_rates(n: int) -> dict[str, dict[str, Any]]:
    """Recall / FPR of the structural ``pdf_edited`` cues on generated PDFs."""
    from pypdf import PdfReader, PdfWriter

    from intake.pdfprobe import probe_pdf
    from ocr.signals import pdf_structure_signal
    from samples.generator.claims import generate_document

    def edited_meta(data: bytes) -> bytes:
        w = PdfWriter(clone_from=PdfReader(io.BytesIO(data)))
        w.add_metadata({"/Creator": "Microsoft Word 2019", "/Producer": "iLovePDF"})
        buf = io.BytesIO()
        w.write(buf)
        return buf.getvalue()

    def appended(data: bytes) -> bytes:
        start = len(data)
        body = b"\n999 0 obj\n<< /Edited true >>\nendobj\n"
        prev = data.rsplit(b"startxref", 1)[1].split()[0]
        xref = b"xref\n999 1\n%010d 00000 n \n" % (start + 1)
        return data + body + xref + b"trailer\n<< /Size 1000 /Prev " + prev + b" >>\nstartxref\n%d\n%%%%EOF\n" % (
            start + len(body))

    flags: dict[str, list[bool]] = {"planted": [], "honest": []}

    def flagged(data: bytes) -> bool:
        return pdf_structure_signal(probe_pdf(data, max_pages=5, timeout_s=20)) is not None

    for i in range(n):
        for slot, container in (("resignation_letter", "text_pdf"), ("resignation_letter", "pdf"), ("kk", "pdf")):
            data, _, _ = generate_document(slot, SEED0 + 500 + i, "scan", container)
            flags["honest"].append(flagged(data))
            edit: Callable[[bytes], bytes] = edited_meta if i % 2 else appended
            flags["planted"].append(flagged(edit(data)))
    return {"pdf_edited (structure)": {"recall": (sum(flags["planted"]), len(flags["planted"])),
                                       "fp": (sum(flags["honest"]), len(flags["honest"]))}}


def lookup_times(sizes: list[int], queries: int = 200) -> dict[int, dict[str, float]]:
    """Median / p95 ms of ``near_pages`` against ``size`` random stored hashes (SQLite)."""
    from sqlalchemy import insert

    from intake import repo
    from intake.db import ensure_schema, session_scope
    from intake.models import PageHash
    from intake.settings import Settings
    from workers.signals import buckets, near_pages

    out: dict[int, dict[str, float]] = {}
    rng = random.Random(7)
    for size in sizes:
        tmp = tempfile.mkdtemp(prefix="eklaim-lookup-")
        url = ensure_schema(Settings(environment="test", data_dir=Path(tmp)))
        with session_scope(url) as s:
            cid = repo.create_claim(s, _form(_nik(1), "7000000001"), "BR1", date(2026, 2, 1)).id
        t0 = time.perf_counter()
        stored: list[tuple[str, str]] = []
        chunk = 20_000
        for start in range(0, size, chunk):
            rows = []
            for _ in range(min(chunk, size - start)):
                h, h256 = f"{rng.getrandbits(64):016x}", f"{rng.getrandbits(256):064x}"
                b = buckets(h)
                rows.append({"claim_id": cid, "slot": "ktp", "page": 1, "p64": h, "p256": h256,
                             "b0": b[0], "b1": b[1], "b2": b[2], "b3": b[3]})
                if len(stored) < queries and rng.random() < queries / size:
                    stored.append((h, h256))
            with session_scope(url) as s:
                s.execute(insert(PageHash), rows)
        fill_s = time.perf_counter() - t0
        times = []
        found = 0
        with session_scope(url) as s:
            for q, q256 in stored:
                bits = rng.sample(range(64), 3)  # a near-duplicate 3 bits away
                v = int(q, 16) ^ (1 << bits[0]) ^ (1 << bits[1]) ^ (1 << bits[2])
                t = time.perf_counter()
                m = near_pages(s, [f"{v:016x}"], q256, max_distance=3)
                times.append((time.perf_counter() - t) * 1000)
                found += any(x.distance == 3 for x in m)
        times.sort()
        out[size] = {"median_ms": round(statistics.median(times), 3),
                     "p95_ms": round(times[int(0.95 * len(times)) - 1], 3), "queries": len(times), "found": found,
                     "fill_s": round(fill_s, 1)}
    return out


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark and print a table (``--json``: the raw figures)."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=8, help="documents per type and condition / claims per type")
    ap.add_argument("--ktp", type=int, default=10, help="KTPs per side for ktp_nik_inconsistent (OCR)")
    ap.add_argument("--lookup", default="10000,1000000", help="stored hash counts for the lookup time")
    ap.add_argument("--skip", default="", help="comma-separated parts to skip: capture,claims,ktp,pdf,lookup")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args(argv)
    # Everything (keys, databases) in a temp folder; the provisioned models where they are.
    import os

    from intake.settings import get_settings

    models = get_settings().resolved_models_dir.resolve()
    os.environ.update(EKLAIM_ENVIRONMENT="test", EKLAIM_DATA_DIR=tempfile.mkdtemp(prefix="eklaim-bench-"),
                      EKLAIM_MODELS_DIR=str(models))
    get_settings.cache_clear()
    skip = set(filter(None, args.skip.split(",")))
    rates: dict[str, dict[str, Any]] = {}
    timings: dict[str, float] = {}
    for part, fn in (("capture", lambda: capture_rates(args.n)), ("claims", lambda: claim_rates(args.n)),
                     ("ktp", lambda: ktp_rates(args.ktp)), ("pdf", lambda: pdf_rates(args.n))):
        if part in skip:
            continue
        t = time.perf_counter()
        rates.update(fn())
        timings[part] = round(time.perf_counter() - t, 1)
    lookups = {} if "lookup" in skip else lookup_times([int(x) for x in args.lookup.split(",") if x])
    if args.json:
        print(json.dumps({"rates": rates, "lookup": lookups, "seconds": timings}, indent=2))
        return 0
    print("| Signal | Recall (planted) | False positives (honest) |")
    print("|---|---|---|")
    for name, r in rates.items():
        print(f"| `{name}` | {_rate(*r['recall'])} | {_rate(*r['fp'])} |")
        if "fp_by_condition" in r:
            print(f"|  by condition | | {r['fp_by_condition']} |")
    if lookups:
        print("\n| Stored hashes | Lookup median | Lookup p95 | Queries (found) | Fill |")
        print("|---|---|---|---|---|")
        for size, lk in lookups.items():
            print(f"| {size:,} | {lk['median_ms']} ms | {lk['p95_ms']} ms | {lk['queries']} ({lk['found']}) "
                  f"| {lk['fill_s']} s |")
    print(f"\nseconds per part: {timings}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
