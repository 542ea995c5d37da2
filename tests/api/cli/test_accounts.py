"""``eklaim users``, ``eklaim apikeys``, ``--version``, short batch ids, case-blind branch
filters and the ``verify`` text output (issue 17)."""

from __future__ import annotations

import io
import json
from collections.abc import Iterator
from typing import Any

import pytest
from rich.console import Console
from sqlalchemy import select

from api.cli import main
from intake.db import ensure_schema, session_scope
from intake.models import ApiKey, AuditEvent, UserSession
from intake.settings import Settings

PASSWORD = "correct horse battery"


@pytest.fixture(autouse=True)
def _logging_not_bound_to_captured_streams() -> Iterator[None]:
    """``configure_logging`` binds structlog to the ``sys.stderr`` of the moment, which is
    pytest's capture here: restore the previous configuration after each test."""
    import structlog

    import intake.logging as ilog

    old_configured, old_config = ilog._configured, structlog.get_config()
    yield
    structlog.configure(**old_config)
    ilog._configured = old_configured


def _stdin(monkeypatch: pytest.MonkeyPatch, text: str) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO(text + "\n"))


def _users(capsys: pytest.CaptureFixture[str], *args: str) -> list[dict[str, Any]]:
    capsys.readouterr()
    assert main(["users", "list", "--json", *args]) == 0
    return json.loads(capsys.readouterr().out)


def test_users_list_disable_passwd_unlock(settings: Settings, monkeypatch: pytest.MonkeyPatch,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    from api.auth import NotAuthenticated, TooManyAttempts, authenticate, issue_session_token

    _stdin(monkeypatch, PASSWORD)
    assert main(["users", "add", "rina", "--branch", "KCP Tegal Timur", "--password-stdin"]) == 0
    _stdin(monkeypatch, PASSWORD)
    assert main(["users", "add", "boss", "--role", "admin", "--password-stdin"]) == 0
    rows = _users(capsys)
    assert [(r["username"], r["role"], r["active"], r["locked_from"]) for r in rows] == [
        ("boss", "admin", True, []), ("rina", "reviewer", True, [])]
    assert [r["username"] for r in _users(capsys, "--branch", "kcp  TEGAL timur")] == ["rina"]  # case/spacing
    url = ensure_schema(settings)
    # Five wrong passwords lock rina out from that address; unlock lifts it.
    with session_scope(url) as s:
        for _ in range(5):
            with pytest.raises(NotAuthenticated) as wrong:
                authenticate(s, "rina", "wrong password!", "10.0.0.7")
        assert wrong.value.message.en == "Wrong user name or password."  # not "Please sign in first"
        with pytest.raises(TooManyAttempts):
            authenticate(s, "rina", PASSWORD, "10.0.0.7")
    assert [r["locked_from"] for r in _users(capsys) if r["username"] == "rina"] == [["10.0.0.7"]]
    assert main(["users", "unlock", "rina"]) == 0
    assert [r["locked_from"] for r in _users(capsys) if r["username"] == "rina"] == [[]]
    with session_scope(url) as s:
        user = authenticate(s, "rina", PASSWORD, "10.0.0.7")
        issue_session_token(user, settings, session=s)
    assert [r["last_login"] is not None for r in _users(capsys) if r["username"] == "rina"] == [True]
    # A new password ends the sessions; the old password no longer works.
    _stdin(monkeypatch, "a new long password")
    assert main(["users", "passwd", "rina", "--password-stdin"]) == 0
    with session_scope(url) as s:
        assert all(r.revoked_at is not None for r in s.scalars(select(UserSession)))
        with pytest.raises(NotAuthenticated):
            authenticate(s, "rina", PASSWORD, "10.0.0.8")
        user = authenticate(s, "rina", "a new long password", "10.0.0.8")
        issue_session_token(user, settings, session=s)
    _stdin(monkeypatch, "short")
    assert main(["users", "passwd", "rina", "--password-stdin"]) == 2
    # Disabled: the session ends and signing in fails; --enable brings the account back.
    assert main(["users", "disable", "rina"]) == 0
    assert [r["active"] for r in _users(capsys) if r["username"] == "rina"] == [False]
    with session_scope(url) as s:
        assert all(r.revoked_at is not None for r in s.scalars(select(UserSession)))
        with pytest.raises(NotAuthenticated):
            authenticate(s, "rina", "a new long password", "10.0.0.9")
    assert main(["users", "disable", "rina", "--enable"]) == 0
    assert main(["users", "disable", "nobody"]) == 2
    with session_scope(url) as s:
        actions = [e.action for e in s.scalars(select(AuditEvent).where(AuditEvent.actor.in_(("cli", "rina"))))]
    assert {"auth.unlocked", "user.password_changed", "user.disabled", "user.enabled"} <= set(actions)
    capsys.readouterr()
    assert main(["users", "list"]) == 0
    assert "rina" in capsys.readouterr().out


def test_apikeys_list_and_revoke(settings: Settings, capsys: pytest.CaptureFixture[str]) -> None:
    from fastapi.testclient import TestClient

    from api.app import create_app

    assert main(["apikeys", "create", "claim-form"]) == 0
    key = capsys.readouterr().out.strip()
    assert main(["apikeys", "create", "batch-tool"]) == 0
    capsys.readouterr()
    assert main(["apikeys", "list", "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert [(r["name"], r["active"]) for r in rows] == [("claim-form", True), ("batch-tool", True)]
    assert key not in json.dumps(rows)  # never the key itself
    app = create_app(settings.model_copy(update={"require_api_key": True}))
    with TestClient(app) as client:
        assert client.get("/v1/claims/" + "0" * 32, headers={"X-API-Key": key}).status_code == 404
        assert main(["apikeys", "revoke", "claim-form"]) == 0
        r = client.get("/v1/claims/" + "0" * 32, headers={"X-API-Key": key})
        assert r.status_code == 401 and r.json()["code"] == "api_key_invalid"
    assert main(["apikeys", "revoke", str(rows[1]["id"])]) == 0
    assert main(["apikeys", "revoke", "no-such-key"]) == 2
    with session_scope(ensure_schema(settings)) as s:
        assert [k.active for k in s.scalars(select(ApiKey).order_by(ApiKey.id))] == [False, False]


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--version"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("eklaim-verify ") and "rules" in out


def test_short_batch_ids_and_branch_filters_ignore_case(settings: Settings, tmp_path: Any,
                                                        capsys: pytest.CaptureFixture[str]) -> None:
    from bench.reverify import seed_claims
    from intake.models import Batch

    seed_claims(6, settings=settings, blobs=False)
    capsys.readouterr()
    assert main(["reverify", "--branch", "br0", "--dry-run"]) == 0  # seeded branches are BR0, BR1, ...
    lower = capsys.readouterr().out
    assert main(["reverify", "--branch", "BR0", "--dry-run"]) == 0
    upper = capsys.readouterr().out
    assert lower == upper and not lower.startswith("0 claim")
    assert main(["reverify", "--branch", "BR0"]) == 0
    with session_scope(ensure_schema(settings)) as s:
        [batch] = s.scalars(select(Batch)).all()
    out = tmp_path / "r.json"
    assert main(["reverify", "--report", batch.id[:8], "--format", "json", "-o", str(out)]) == 0  # progress-bar form
    assert json.loads(out.read_text())["batch"]["id"] == batch.id
    assert main(["reverify", "--report", batch.id[:8].upper(), "--format", "json", "-o", str(out)]) == 0
    assert main(["reverify", "--report", batch.id[:3]]) == 2  # too short
    assert main(["reverify", "--report", "ffffffff"]) == 2 or batch.id.startswith("ffffffff")


def test_verify_text_shows_typed_and_found_without_cutting_names() -> None:
    from api.render import print_report
    from intake.errors import Message
    from matching.records import Check, Report

    long_name = "MUHAMMAD ABDURRAHMAN WAHYUDI KUSUMANINGRAT SETIAWAN PRAWIRANEGARA"
    report = Report(claim_id="c1", verdict="needs_correction", documents={}, checks=[
        Check(check="ktp.full_name", status="mismatch", typed=long_name, found=long_name.replace("WAHYUDI", "WAHYUDl"),
              score=97.0, message=Message(id="Nama berbeda.", en="The name differs.")),
        Check(check="bpjs_card.kpj", status="match", typed="19317246889", found="19317246889", score=100.0),
        Check(check="passbook.account_number", status="missing", typed="8748234046548887", found=None),
    ])
    console = Console(width=80, record=True, force_terminal=False, color_system=None)
    print_report(report, console)
    text = console.export_text()
    assert f"typed: {long_name}" in text  # one line, whole, although it passes 80 columns
    assert "found: " + long_name.replace("WAHYUDI", "WAHYUDl") in text
    assert "typed: 19317246889" in text and "found: –" in text
    assert "The name differs." in text
