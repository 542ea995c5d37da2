"""Benchmark of the reviewer worklist and claim page: server time with N stored claims.

    python bench/worklist.py [--claims 1000 2000 5000] [--repeat 5] [--json]

Seeds a fresh SQLite database (a temp folder) with N submitted, verified claims of one
branch (encrypted forms and reports as in production, a decision on every tenth claim), signs
in a reviewer and times ``GET /review/`` (to-do view, default sort), a name search, a name
sort and one claim page through the ASGI app in-process (no network). Prints the median of
``--repeat`` requests in milliseconds.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

PASSWORD = "correct horse battery"
BRANCH = "KCP TEGAL TIMUR"
VERDICTS = ("needs_review", "needs_correction", "clear")


def seed(n: int) -> str:
    """Seed ``n`` claims in the process settings' database; return one claim id."""
    from api.auth import create_user
    from intake import repo
    from intake.db import ensure_schema, session_scope
    from intake.models import Decision, utcnow
    from intake.settings import get_settings

    url = ensure_schema(get_settings())
    first = ""
    with session_scope(url) as s:
        user = create_user(s, "rina", PASSWORD, "reviewer", [BRANCH])
        now = utcnow()
        for i in range(n):
            verdict = VERDICTS[i % 3]
            form = {"nik": f"3204{i:012d}", "full_name": f"PESERTA NOMOR {i:05d}", "claim_reason": "resign",
                    "branch": BRANCH, "kpj": f"{i:011d}"}
            c = repo.create_claim(s, form, BRANCH, date(2026, 3, 1), status="verified")
            c.created_at = now - timedelta(hours=i % 200)
            c.verdict = verdict
            c.report = {"claim_id": c.id, "verdict": verdict, "documents": {}, "messages": [
                {"id": "Periksa dokumen.", "en": "Check the documents."}], "checks": [
                {"check": "ktp.nik", "status": "mismatch" if verdict != "clear" else "match",
                 "typed": form["nik"], "found": form["nik"][:-1] + "9", "score": 94}]}
            if i % 10 == 0:
                s.add(Decision(claim_id=c.id, user_id=user.id, action="reject", reason_code="other",
                               reason="x", revision=1, final=True, at=now))
            first = first or c.id
    return first


def measure(n: int, repeat: int) -> dict[str, Any]:
    """Seed ``n`` claims in a temp folder and time the pages."""
    from fastapi.testclient import TestClient

    from api.app import create_app
    from intake.db import dispose_engines
    from intake.settings import get_settings

    with tempfile.TemporaryDirectory() as tmp:
        os.environ["EKLAIM_DATA_DIR"] = tmp
        os.environ["EKLAIM_ENVIRONMENT"] = "test"
        get_settings.cache_clear()
        claim_id = seed(n)
        with TestClient(create_app(get_settings())) as client:
            import re

            page = client.get("/review/login").text
            token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)  # type: ignore[union-attr]
            client.post("/review/login", data={"username": "rina", "password": PASSWORD, "csrf_token": token,
                                               "next": "/review/"})
            out: dict[str, Any] = {"claims": n}
            for label, path in (("worklist", "/review/"), ("search_name", "/review/?q=nomor%2000042"),
                                ("sort_name", "/review/?sort=name&order=asc"),
                                ("claim_page", f"/review/claims/{claim_id}")):
                times = []
                for _ in range(repeat):
                    t0 = time.perf_counter()
                    r = client.get(path)
                    times.append((time.perf_counter() - t0) * 1000)
                    assert r.status_code == 200, (path, r.status_code)
                out[f"{label}_ms"] = round(statistics.median(times), 1)
        dispose_engines()
    return out


def main() -> int:
    """Run the benchmark and print a table (or JSON)."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--claims", type=int, nargs="+", default=[1000, 2000, 5000])
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()
    rows = [measure(n, args.repeat) for n in args.claims]
    if args.json:
        print(json.dumps(rows))
    else:
        print("| claims | worklist ms | name search ms | name sort ms | claim page ms |")
        print("|---|---|---|---|---|")
        for r in rows:
            print(f"| {r['claims']} | {r['worklist_ms']} | {r['search_name_ms']} | {r['sort_name_ms']} | "
                  f"{r['claim_page_ms']} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
