"""``eklaim reverify`` (api/cli/reverify.py): in-process without Redis, and its exports."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from sqlalchemy import select

from api.cli import main
from bench.reverify import seed_claims
from intake import repo
from intake.db import ensure_schema, session_scope
from intake.models import Batch
from intake.settings import Settings
from workers.batch import live_counts


def test_cli_runs_in_process_without_redis_and_exports_the_report(settings: Settings, tmp_path: Path) -> None:
    seeded = seed_claims(12, settings=settings, blobs=False)
    assert main(["reverify", "--branch", "BR0", "--dry-run"]) == 0
    ids_file = tmp_path / "ids.txt"
    ids_file.write_text("# old claims\n" + "\n".join(seeded.claim_ids[:6]) + "\n", encoding="utf-8")
    assert main(["reverify", "--ids-file", str(ids_file)]) == 0
    url = ensure_schema(settings)
    with session_scope(url) as s:
        [batch] = s.scalars(select(Batch)).all()
        assert live_counts(s, batch.id) == {"total": 6, "queued": 0, "done": 6, "failed": 0}
    out = tmp_path / "r.json"
    assert main(["reverify", "--report", batch.id, "--format", "json", "-o", str(out)]) == 0
    report = json.loads(out.read_text())
    assert report["batch"]["counts"]["done"] == 6
    assert {r["claim_id"] for r in report["changed"]} == {
        c for c in seeded.claim_ids[:6] if seeded.variant[c] in ("field_altered", "old_rules")}
    csv_out = tmp_path / "r.csv"
    assert main(["reverify", "--report", batch.id, "-o", str(csv_out)]) == 0
    lines = csv_out.read_text().splitlines()
    assert lines[0] == "claim_id,old_verdict,new_verdict,changed_checks" and len(lines) == 1 + len(report["changed"])
    # No personal data in the export: only ids, verdicts, check names and statuses.
    personal = ("nik", "full_name", "kpj", "phone", "email", "account_number", "account_holder")
    text = csv_out.read_text() + out.read_text()
    for cid in seeded.claim_ids:
        form = _form(url, cid)
        assert not any(form[k] and str(form[k]) in text for k in personal)


def _form(url: str, claim_id: str) -> dict[str, Any]:
    with session_scope(url) as s:
        return dict(repo.get_claim(s, claim_id).form)
