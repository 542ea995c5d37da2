"""A SIM in the ID slot: ktp.nik through the KK member who holds it (``nik_via_kk``), no OCR."""

from __future__ import annotations

from datetime import date

from intake.records import ClaimForm
from matching.records import CHECK_NAMES
from matching.sim import check_nik_via_kk, holder_members, is_sim
from matching.verdict import build_report
from ocr.records import DocumentResult, FieldValue

NIK = "3204110508900002"
WIFE_NIK = "3204114703920001"
SUBMITTED = date(2026, 10, 25)


def _fv(value: object, conf: float = 0.97) -> FieldValue:
    return FieldValue(value=value, confidence=conf, page=1, box=[[0, 0], [10, 0], [10, 5], [0, 5]])


def _form(nik: str = NIK, name: str = "BUDI SANTOSO", typed_birth: str = "050890") -> ClaimForm:
    d = date(1990, 8, 5) if typed_birth == "050890" else date(1991, 8, 5)
    return ClaimForm(nik=nik, full_name=name, birth_date=d, birth_date_typed=typed_birth, kpj="12345678901",
                     claim_reason="resign", phone="6281234567890", email="budi@example.com", bank="BRI",
                     account_number="012301000123567", account_holder=name, branch="BANDUNG", submitted_on=SUBMITTED)


def _sim(name: str = "BUDI SANTOSO", born: str = "1990-08-05") -> DocumentResult:
    return DocumentResult(slot="ktp", status="accepted", detected_type="sim", pages=1, fields={
        "sim_number": _fv("900812345678"), "full_name": _fv(name), "birth_place": _fv("BANDUNG"),
        "birth_date": _fv(born), "gender": _fv("LAKI-LAKI"), "address": _fv("JL. MAWAR NO. 5"),
        "valid_until": _fv("2029-08-05"), "sim_class": _fv("C"),
    })


MEMBERS = [
    {"nik": NIK, "full_name": "BUDI SANTOSO", "relationship": "KEPALA KELUARGA", "birth_date": "1990-08-05"},
    {"nik": WIFE_NIK, "full_name": "SITI AMINAH", "relationship": "ISTRI", "birth_date": "1992-03-07"},
]


def _kk(members: list[dict[str, str]] = MEMBERS, status: str = "accepted") -> DocumentResult:
    if status != "accepted":
        return DocumentResult(slot="kk", status=status, reason="too_blurry" if status == "unreadable" else "missing")  # type: ignore[arg-type]
    return DocumentResult(slot="kk", status="accepted", detected_type="kk", pages=1,
                          fields={"kk_number": _fv("3204110101100001"), "members": _fv(members)})


def test_is_sim() -> None:
    assert is_sim(_sim())
    assert not is_sim(DocumentResult(slot="ktp", status="accepted", detected_type="ktp"))
    assert not is_sim(DocumentResult(slot="ktp", status="unreadable", detected_type="sim"))


def test_typed_nik_matches_the_holders_nik_on_the_kk() -> None:
    c = check_nik_via_kk(_form(), _sim(), _kk())
    assert (c.status, c.code, c.found) == ("match", "nik_via_kk", NIK)
    assert c.message is not None and "Kartu Keluarga" in c.message.id and "family card" in c.message.en


def test_titles_and_case_on_the_sim_still_find_the_member() -> None:
    assert check_nik_via_kk(_form(), _sim("H. Budi Santoso, S.E."), _kk()).status == "match"


def test_typed_nik_of_someone_else_is_a_mismatch() -> None:
    c = check_nik_via_kk(_form(nik=WIFE_NIK), _sim(), _kk())
    assert (c.status, c.code, c.found) == ("mismatch", "nik_via_kk", NIK)


def test_holder_not_on_the_kk_is_review_never_mismatch() -> None:
    c = check_nik_via_kk(_form(), _sim("AGUS SETIAWAN", "1985-01-02"), _kk())
    assert (c.status, c.code) == ("review", "sim_holder_not_on_kk")
    # same name, other birth date: not the same person either
    c = check_nik_via_kk(_form(), _sim("BUDI SANTOSO", "1971-01-02"), _kk())
    assert (c.status, c.code) == ("review", "sim_holder_not_on_kk")


def test_member_without_a_printed_birth_date_matches_by_name() -> None:
    members = [{k: v for k, v in m.items() if k != "birth_date"} for m in MEMBERS]
    assert holder_members(_sim(), members)[0]["nik"] == NIK
    assert check_nik_via_kk(_form(), _sim(), _kk(members)).status == "match"


def test_low_confidence_member_nik_is_review() -> None:
    members = [dict(MEMBERS[0], nik="3204110508900008", confidence=0.3), MEMBERS[1]]
    c = check_nik_via_kk(_form(), _sim(), _kk(members))
    assert (c.status, c.code) == ("review", "nik_via_kk")


def test_kk_not_accepted_is_unreadable_or_missing() -> None:
    assert check_nik_via_kk(_form(), _sim(), _kk(status="unreadable")).status == "unreadable"
    assert check_nik_via_kk(_form(), _sim(), _kk(status="missing")).status == "missing"
    assert check_nik_via_kk(_form(), _sim(), _kk([])).status == "unreadable"


def _report(sim: DocumentResult, kk: DocumentResult, form: ClaimForm | None = None):  # type: ignore[no-untyped-def]
    docs = {
        "ktp": sim,
        "kk": kk,
        "bpjs_card": DocumentResult(slot="bpjs_card", status="accepted", detected_type="bpjs_card",
                                    fields={"kpj": _fv("12345678901"), "full_name": _fv("BUDI SANTOSO")}),
        "resignation_letter": DocumentResult(slot="resignation_letter", status="accepted",
                                             detected_type="resignation_letter",
                                             fields={"full_name": _fv("BUDI SANTOSO"),
                                                     "resignation_date": _fv("2026-08-31")}),
        "passbook": DocumentResult(slot="passbook", status="accepted", detected_type="passbook",
                                   fields={"bank": _fv("BRI"), "account_number": _fv("012301000123567"),
                                           "account_holder": _fv("BUDI SANTOSO")}),
    }
    return build_report("c1", form or _form(), docs)


def test_report_with_a_sim_is_clear_and_says_sim() -> None:
    r = _report(_sim(), _kk())
    checks = {c.check: c for c in r.checks}
    assert tuple(checks) == CHECK_NAMES
    assert r.verdict == "clear", [(c.check, c.status, c.code) for c in r.checks]
    assert checks["ktp.nik"].code == "nik_via_kk"
    assert checks["ktp.full_name"].status == "match" and checks["ktp.birth_date"].status == "match"
    assert r.documents["ktp"]["detected_type"] == "sim"


def test_report_with_another_persons_sim() -> None:
    r = _report(_sim("AGUS SETIAWAN", "1985-01-02"), _kk())
    checks = {c.check: c.status for c in r.checks}
    assert checks["ktp.nik"] == "review"
    assert checks["ktp.full_name"] == "mismatch" and checks["ktp.birth_date"] == "mismatch"
    assert r.verdict == "needs_correction"


def test_report_with_a_sim_and_no_kk() -> None:
    r = _report(_sim(), _kk(status="missing"))
    checks = {c.check: c.status for c in r.checks}
    assert checks["ktp.nik"] == "missing" and checks["kk.nik"] == "missing"
    assert r.verdict == "needs_correction"


def test_a_birth_date_misread_on_the_kk_row_still_finds_the_holder_whose_nik_was_typed() -> None:
    # the KK row's birth date read 1990-08-06 (one digit): the member named as the SIM whose
    # NIK is the typed one is the holder; a birth date many digits away is another person's
    misread = [dict(MEMBERS[0], birth_date="1990-08-06"), MEMBERS[1]]
    assert check_nik_via_kk(_form(), _sim(), _kk(misread)).status == "match"
    assert check_nik_via_kk(_form(), _sim("BUDI SANTOSO", "1971-01-02"), _kk(misread)).code == "sim_holder_not_on_kk"
    # the same misread row, but the typed NIK is the wife's: nobody is the holder
    assert check_nik_via_kk(_form(nik=WIFE_NIK), _sim(), _kk(misread)).code == "sim_holder_not_on_kk"


def test_holders_nik_misread_in_a_region_digit_the_kk_number_confirms_is_review() -> None:
    misread = [dict(MEMBERS[0], nik="3204510508900002"), MEMBERS[1]]
    c = check_nik_via_kk(_form(), _sim(), _kk(misread))
    assert (c.status, c.code) == ("review", "nik_via_kk")
