"""Bad requests, each with its exact status and the service's error shape.

Decisions: a client file name is metadata only, so hostile names (path traversal, 1 KB,
right-to-left override) are *accepted* and stored sanitised (``safe_display_name``); a slot
is one of five names, anything else is refused before any byte is stored.
"""

from __future__ import annotations

import hashlib
import io
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from fastapi.testclient import TestClient
from PIL import Image

from intake.settings import Settings, get_settings
from tests.api.conftest import CLAIM_FORM, png_bytes

MAX_FILE = 300_000


@pytest.fixture
def small_client(service_settings: Settings, monkeypatch: pytest.MonkeyPatch,
                 make_client: Callable[..., TestClient]) -> TestClient:
    monkeypatch.setenv("EKLAIM_MAX_FILE_BYTES", str(MAX_FILE))
    get_settings.cache_clear()
    return make_client(get_settings())


@pytest.fixture
def draft(small_client: TestClient) -> str:
    r = small_client.post("/v1/claims", json=CLAIM_FORM)
    assert r.status_code == 201
    return str(r.json()["id"])


def _put(client: TestClient, claim_id: str, slot: str = "ktp", name: str = "k.png", data: bytes | None = None) -> Any:
    return client.put(f"/v1/claims/{claim_id}/documents/{slot}",
                      files={"file": (name, png_bytes() if data is None else data, "image/png")})


def _error(r: Any, status: int, code: str | None = None) -> dict[str, Any]:
    assert r.status_code == status, r.text
    body = r.json()
    assert set(body["message"]) == {"id", "en"} and body["code"]
    if code is not None:
        assert body["code"] == code, body
    return body


def _multipart(parts: list[tuple[str, str | None, bytes]], boundary: str = "XyZbOuNdArY") -> tuple[bytes, str]:
    out = io.BytesIO()
    for name, filename, data in parts:
        out.write(f"--{boundary}\r\n".encode())
        disp = f'form-data; name="{name}"' + (f'; filename="{filename}"' if filename is not None else "")
        out.write(f"Content-Disposition: {disp}\r\n\r\n".encode())
        out.write(data + b"\r\n")
    out.write(f"--{boundary}--\r\n".encode())
    return out.getvalue(), f"multipart/form-data; boundary={boundary}"


# -- Upload body limits ----------------------------------------------------------------------


def test_body_over_limit_with_content_length_is_413(small_client: TestClient, draft: str) -> None:
    _error(_put(small_client, draft, data=b"\x89PNG" + b"0" * (MAX_FILE + 100_000)), 413, "request_too_large")


def test_chunked_body_over_limit_without_content_length_is_413(small_client: TestClient, draft: str) -> None:
    body, ctype = _multipart([("file", "k.png", b"\x89PNG" + b"0" * (MAX_FILE + 100_000))])

    def chunks() -> Iterator[bytes]:
        for i in range(0, len(body), 16_384):
            yield body[i:i + 16_384]

    r = small_client.put(f"/v1/claims/{draft}/documents/ktp", content=chunks(), headers={"Content-Type": ctype})
    _error(r, 413, "request_too_large")
    assert small_client.get(f"/v1/claims/{draft}").json()["documents"] == {}


def _stored_files() -> list[Path]:
    """Every file under the blob store and the upload spool folder."""
    data_dir = get_settings().data_dir
    return [p for sub in ("blobs", "spool") for p in (data_dir / sub).rglob("*") if p.is_file()]


def _jpeg_of_size(size: int) -> bytes:
    """A valid noise JPEG padded after its end marker to exactly ``size`` bytes."""
    buf = io.BytesIO()
    Image.fromarray(np.random.default_rng(3).integers(0, 256, (240, 320, 3), dtype=np.uint8)).save(
        buf, format="JPEG", quality=90)
    data = buf.getvalue()
    assert len(data) < size
    return data + b"\0" * (size - len(data))


def test_file_over_max_but_body_within_framing_allowance_is_413(small_client: TestClient, draft: str) -> None:
    body = _error(_put(small_client, draft, data=_jpeg_of_size(MAX_FILE + 10)), 413, "file_too_large")
    assert "0.286102 MB" in body["message"]["en"] and "0.286102 MB" in body["message"]["id"]  # the limit in force
    assert _stored_files() == []  # no blob, no spool file left behind
    assert small_client.get(f"/v1/claims/{draft}").json()["documents"] == {}


def test_file_at_the_limit_is_stored_whole_under_its_sha256(small_client: TestClient, draft: str) -> None:
    """Issue 14: the upload is streamed (spooled, hashed, encrypted a chunk at a time)."""
    data = _jpeg_of_size(MAX_FILE)
    r = _put(small_client, draft, name="k.jpg", data=data)
    assert r.status_code == 201, r.text
    assert r.json()["size"] == MAX_FILE and r.json()["kind"] == "jpeg"
    from intake import repo
    from intake.db import session_scope
    from intake.storage import get_blob_store

    with session_scope() as s:
        blob_id = repo.get_document(s, r.json()["id"]).blob_id
    assert blob_id == hashlib.sha256(data).hexdigest()
    store = get_blob_store(get_settings())
    assert store.get(blob_id) == data
    raw = Path(store.path_hint(blob_id)).read_bytes()
    assert raw[:4] == b"EKG2" and data[:4096] not in raw  # encrypted, chunked format
    assert [p.name for p in _stored_files()] == [blob_id]  # the spool file is gone


@pytest.mark.parametrize("size", [1024 * 1024 + 4097, 2 * 1024 * 1024 + 1])
def test_large_upload_is_read_where_starlette_received_it(
    service_settings: Settings, monkeypatch: pytest.MonkeyPatch, make_client: Callable[..., TestClient], size: int
) -> None:
    """Issue 14: above 1 MB Starlette's own temporary file is mapped (no spool copy); at the
    limit it is stored whole, one byte over is 413 and leaves nothing behind."""
    monkeypatch.setenv("EKLAIM_MAX_FILE_BYTES", str(2 * 1024 * 1024))
    get_settings.cache_clear()
    client = make_client(get_settings())
    claim_id = client.post("/v1/claims", json=CLAIM_FORM).json()["id"]
    data = _jpeg_of_size(size)
    r = _put(client, claim_id, name="k.jpg", data=data)
    if size > 2 * 1024 * 1024:
        _error(r, 413, "file_too_large")
        assert _stored_files() == []
        return
    assert r.status_code == 201, r.text
    from intake.storage import get_blob_store

    blob_id = hashlib.sha256(data).hexdigest()
    assert get_blob_store(get_settings()).get(blob_id) == data
    assert [p.name for p in _stored_files()] == [blob_id]
    assert not (get_settings().data_dir / "spool").exists()  # never copied into our spool


def test_refused_claim_check_leaves_no_document(small_client: TestClient, draft: str) -> None:
    """The claim is checked in the upload's one write transaction: a 409 writes no row."""
    assert small_client.post(f"/v1/claims/{draft}/submit?allow_missing=true").status_code == 202
    _error(_put(small_client, draft, data=png_bytes(color=(1, 2, 3))), 409, "claim_not_draft")
    assert small_client.get(f"/v1/claims/{draft}").json()["documents"] == {}
    _error(_put(small_client, "f" * 32, data=png_bytes(color=(4, 5, 6))), 404, "claim_not_found")


def test_json_body_over_limit_is_413(small_client: TestClient) -> None:
    r = small_client.post("/v1/claims", content=b'{"nik": "' + b"1" * 70_000 + b'"}',
                          headers={"Content-Type": "application/json"})
    _error(r, 413, "request_too_large")


# -- Multipart shape ---------------------------------------------------------------------------


def test_multipart_without_boundary_is_400(small_client: TestClient, draft: str) -> None:
    r = small_client.put(f"/v1/claims/{draft}/documents/ktp", content=b"--x\r\n\r\n",
                         headers={"Content-Type": "multipart/form-data"})
    _error(r, 400, "bad_request")


def test_multipart_without_file_part_is_422(small_client: TestClient, draft: str) -> None:
    body, ctype = _multipart([("note", None, b"hello")])
    r = small_client.put(f"/v1/claims/{draft}/documents/ktp", content=body, headers={"Content-Type": ctype})
    problems = _error(r, 422, "request_invalid")["problems"]
    assert problems[0]["field"] == "file" and problems[0]["code"] == "missing"


def test_json_instead_of_multipart_is_422(small_client: TestClient, draft: str) -> None:
    _error(small_client.put(f"/v1/claims/{draft}/documents/ktp", json={"file": "x"}), 422, "request_invalid")


# -- Slots, claims, names ----------------------------------------------------------------------


def test_unknown_slot_is_422(small_client: TestClient, draft: str) -> None:
    problems = _error(_put(small_client, draft, slot="selfie"), 422, "request_invalid")["problems"]
    assert problems[0]["field"] == "slot" and problems[0]["code"] == "literal_error"


def test_path_traversal_in_slot_is_404(small_client: TestClient, draft: str) -> None:
    _error(_put(small_client, draft, slot="..%2F..%2Fetc%2Fpasswd"), 404, "not_found")


def test_dot_dot_slot_is_405(small_client: TestClient, draft: str) -> None:
    # The URL resolves to /v1/claims/<id>, which has no PUT: nothing is stored anywhere.
    _error(_put(small_client, draft, slot=".."), 405, "method_not_allowed")
    assert small_client.get(f"/v1/claims/{draft}").json()["documents"] == {}


def test_upload_to_unknown_claim_is_404(small_client: TestClient) -> None:
    _error(_put(small_client, "0" * 32), 404, "claim_not_found")


@pytest.mark.parametrize("path", ["", "/report", "/events"])
def test_get_unknown_claim_is_404(small_client: TestClient, path: str) -> None:
    _error(small_client.get(f"/v1/claims/{'f' * 32}{path}"), 404, "claim_not_found")


def test_patch_and_submit_unknown_claim_are_404(small_client: TestClient) -> None:
    _error(small_client.patch(f"/v1/claims/{'e' * 32}", json={"phone": "081234567890"}), 404, "claim_not_found")
    _error(small_client.post(f"/v1/claims/{'e' * 32}/submit"), 404, "claim_not_found")


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("../../../etc/passwd", "passwd"),
        ("..\\..\\windows\\system32\\ktp.png", "ktp.png"),
        ("ktp\u202egnp.exe", "ktpgnp.exe"),
        ("a" * 1024 + ".png", "a" * 100),
    ],
    ids=["traversal", "backslash-traversal", "rtl-override", "1kb-name"],
)
def test_hostile_file_names_are_accepted_and_sanitised(small_client: TestClient, draft: str, name: str, expected: str) -> None:
    r = _put(small_client, draft, name=name)
    assert r.status_code == 201, r.text
    # Issue 12: the name is no longer returned (it can hold a NIK and a name); it is stored
    # sanitised and encrypted, for reviewers.
    assert "display_name" not in r.json()
    from intake import repo
    from intake.db import session_scope

    with session_scope() as s:
        assert repo.get_document(s, r.json()["id"]).display_name == expected


# -- File contents -----------------------------------------------------------------------------


def test_empty_file_is_422(small_client: TestClient, draft: str) -> None:
    _error(_put(small_client, draft, data=b""), 422, "empty_file")


def test_html_named_jpg_is_415(small_client: TestClient, draft: str) -> None:
    r = small_client.put(f"/v1/claims/{draft}/documents/ktp",
                         files={"file": ("ktp.jpg", b"<!doctype html><html><body>hi</body></html>", "image/jpeg")})
    _error(r, 415, "not_an_allowed_format")


def test_truncated_png_is_422(small_client: TestClient, draft: str) -> None:
    data = png_bytes()
    body = _error(_put(small_client, draft, data=data[: len(data) // 2]), 422)
    assert body["code"] in {"truncated_image", "corrupt_image"}


def test_upload_to_submitted_claim_is_409(small_client: TestClient, draft: str) -> None:
    assert small_client.post(f"/v1/claims/{draft}/submit?allow_missing=true").status_code == 202
    _error(_put(small_client, draft), 409, "claim_not_draft")


# -- The typed form ----------------------------------------------------------------------------


def test_missing_required_fields_list_each_field(small_client: TestClient) -> None:
    """A partial draft is saved (issue 16); its missing fields block the submit, each listed."""
    r = small_client.post("/v1/claims", json={"email": "x@example.com"})
    assert r.status_code == 201, r.text
    hard = [w for w in r.json()["warnings"] if not w["soft"]]
    assert {"nik", "full_name", "birth_date", "kpj", "phone", "bank", "account_number"} <= {w["field"] for w in hard}
    body = _error(small_client.post(f"/v1/claims/{r.json()['id']}/submit"), 422, "form_invalid")
    fields = {p["field"] for p in body["problems"]}
    assert {"nik", "full_name", "birth_date", "kpj", "phone", "bank", "account_number"} <= fields
    assert all(p["code"].endswith("_required") and p["message"]["id"] and p["message"]["en"] for p in body["problems"])


def test_invalid_nik_is_422_with_its_code(small_client: TestClient) -> None:
    r = small_client.post("/v1/claims", json=dict(CLAIM_FORM, nik="12ab"))
    assert r.status_code == 201 and [w["field"] for w in r.json()["warnings"] if not w["soft"]] == ["nik"]
    body = _error(small_client.post(f"/v1/claims/{r.json()['id']}/submit"), 422, "form_invalid")
    assert [p["field"] for p in body["problems"]] == ["nik"] and body["problems"][0]["code"].startswith("nik_")


def test_over_long_text_field_is_422(small_client: TestClient) -> None:
    body = _error(small_client.post("/v1/claims", json=dict(CLAIM_FORM, full_name="A" * 201)), 422, "request_invalid")
    assert body["problems"][0] == {"field": "full_name", "code": "string_too_long", "soft": False,
                                   "message": body["problems"][0]["message"]}


def test_non_json_body_is_422(small_client: TestClient) -> None:
    r = small_client.post("/v1/claims", content=b"nik=1&full_name=x", headers={"Content-Type": "application/json"})
    assert _error(r, 422, "request_invalid")["problems"][0]["code"] == "json_invalid"


def test_json_array_body_is_422(small_client: TestClient) -> None:
    _error(small_client.post("/v1/claims", json=[CLAIM_FORM]), 422, "request_invalid")


@pytest.mark.parametrize("value", [3204110508900002, ["3204110508900002"], {"v": 1}, True])
def test_wrong_types_are_422(small_client: TestClient, value: Any) -> None:
    body = _error(small_client.post("/v1/claims", json=dict(CLAIM_FORM, nik=value)), 422, "request_invalid")
    assert body["problems"][0]["field"] == "nik" and body["problems"][0]["code"] == "string_type"


def test_unknown_field_is_422(small_client: TestClient) -> None:
    body = _error(small_client.post("/v1/claims", json=dict(CLAIM_FORM, is_admin="yes")), 422, "request_invalid")
    assert body["problems"][0]["code"] == "extra_forbidden"


def test_webhook_url_must_be_http(small_client: TestClient) -> None:
    _error(small_client.post("/v1/claims", json=dict(CLAIM_FORM, webhook_url="file:///etc/passwd")), 422, "request_invalid")


def test_wrong_method_is_405(small_client: TestClient, draft: str) -> None:
    _error(small_client.delete(f"/v1/claims/{draft}"), 405, "method_not_allowed")


def test_health_and_readiness(small_client: TestClient) -> None:
    assert small_client.get("/healthz").json() == {"status": "ok"}
    assert small_client.get("/readyz").status_code == 200
    assert small_client.get("/openapi.json").json()["paths"]["/v1/claims/{claim_id}/documents/{slot}"]["put"]


# -- Claim reasons (contract version 2) --------------------------------------------------------


def test_unknown_claim_reason_is_named_with_the_accepted_values(small_client: TestClient) -> None:
    # a draft keeps what was typed, with the problem as a warning; it blocks at submit
    r = small_client.post("/v1/claims", json={**CLAIM_FORM, "claim_reason": "liburan"})
    assert r.status_code == 201, r.text
    text = str(r.json()["warnings"])
    assert "claim_reason_unknown" in text
    for reason in ("resign", "phk", "pensiun", "meninggal", "cacat", "wna"):
        assert reason in text
    r = small_client.post("/v1/claims", json={**CLAIM_FORM, "claim_reason": "Usia pensiun"})
    assert r.status_code == 201, r.text
    assert r.json()["form"]["claim_reason"] == "pensiun"
