"""SIM field accuracy on generated SIMs, training and held-out layout families measured apart.

Each SIM is rendered by ``samples.generator`` (family drawn per seed among the split's SIM
families, conditions cycling clean/scan/photo), put through the real document pipeline in the
``ktp`` slot, and every truth field compared exactly (strings upper-cased and stripped).
Prints per split: documents accepted as ``sim``, fields exact, and per field.

Usage::

    .venv/bin/python -m bench.sim_fields --per-split 20 [--splits train,heldout]
"""

from __future__ import annotations

import argparse
import random
import time
from collections import defaultdict
from typing import Any

CONDITIONS = ("clean", "scan", "photo")


def _norm(v: Any) -> Any:
    return v.strip().upper() if isinstance(v, str) else v


def run(split: str, n: int) -> dict[str, Any]:
    """Measure ``n`` SIMs of ``split``; returns the counts."""
    from ocr.pipeline import PipelineContext, process_document
    from samples.generator import generate_document
    from samples.generator.layouts import families

    ctx = PipelineContext.default()
    fams = [f.name for f in families("sim", split)]
    per_field: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    accepted = exact_docs = 0
    secs: list[float] = []
    for i in range(n):
        seed = 70_000 + i if split == "train" else 80_000 + i
        fam = random.Random(f"simbench:{seed}").choice(fams)
        cond = CONDITIONS[i % len(CONDITIONS)]
        data, truth, _ext = generate_document("sim", seed, cond, "jpeg" if cond == "photo" else "png", family=fam)
        t0 = time.perf_counter()
        res = process_document("ktp", data, ctx).result
        secs.append(time.perf_counter() - t0)
        ok_doc = res.status == "accepted" and res.detected_type == "sim"
        accepted += ok_doc
        got = {k: v.value for k, v in res.fields.items()} if ok_doc else {}
        all_ok = True
        for k, v in truth.items():
            ok = _norm(got.get(k)) == _norm(v)
            per_field[k][0] += ok
            per_field[k][1] += 1
            all_ok &= ok
        exact_docs += all_ok
    ok_f = sum(a for a, _ in per_field.values())
    tot_f = sum(b for _, b in per_field.values())
    return {"split": split, "docs": n, "accepted_as_sim": accepted, "docs_all_exact": exact_docs,
            "fields_exact": ok_f, "fields": tot_f, "per_field": dict(per_field),
            "median_s": sorted(secs)[len(secs) // 2] if secs else 0.0}


def main() -> None:
    """Command line entry."""
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--per-split", type=int, default=20)
    ap.add_argument("--splits", default="train,heldout")
    a = ap.parse_args()
    for split in a.splits.split(","):
        r = run(split, a.per_split)
        pct = 100.0 * r["fields_exact"] / max(1, r["fields"])
        print(f"{split}: {r['accepted_as_sim']}/{r['docs']} accepted as sim, {r['docs_all_exact']}/{r['docs']} all fields exact, "
              f"fields exact {r['fields_exact']}/{r['fields']} = {pct:.1f}%, median {r['median_s']:.1f} s/doc")
        print("  " + ", ".join(f"{k} {ok}/{t}" for k, (ok, t) in r["per_field"].items()), flush=True)


if __name__ == "__main__":
    main()
