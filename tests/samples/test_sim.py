"""SIM layout families and SIM claims of the generator (no OCR)."""

from __future__ import annotations

import json
import random
import re
from pathlib import Path

import pytest

from samples.generator import generate_claim, generate_document
from samples.generator.layouts import families, render_family
from samples.generator.layouts.sim import SIM_FIELDS
from samples.generator.people import make_person
from samples.generator.render import CONTRACT_FIELDS

SIM_FAMILIES = [f.name for f in families("sim")]


def test_sim_families_on_both_sides_and_both_designs() -> None:
    assert CONTRACT_FIELDS["sim"] == SIM_FIELDS
    train, held = families("sim", "train"), families("sim", "heldout")
    assert len(train) >= 2 and len(held) >= 2 and len(held) * 3 >= len(train) + len(held) - 1
    person = make_person(1)
    designs = {split: {render_family("sim", f.name, person, random.Random(1)).meta["design"] for f in fams}
               for split, fams in (("train", train), ("heldout", held))}
    assert designs == {"train": {"old", "new"}, "heldout": {"old", "new"}}


@pytest.mark.parametrize("name", SIM_FAMILIES)
def test_every_sim_family_renders_its_truth(name: str) -> None:
    classes = set()
    for seed in range(1, 7):
        person = make_person(seed)
        r = render_family("sim", name, person, random.Random(f"t:{seed}"))
        t = r.truth
        assert r.doc_type == "sim" and r.meta["family"] == name
        assert [k for k in SIM_FIELDS if k in t] == list(t) and set(SIM_FIELDS) - set(t) <= {"gender"}
        assert re.fullmatch(r"\d{12}|\d{14}", t["sim_number"])
        assert len(t["sim_number"]) == (12 if r.meta["design"] == "old" else 14)
        assert t["sim_number"][:4] == person.me.birth_date.strftime("%y%m")
        assert t["birth_date"] == person.me.birth_date.isoformat() and t["birth_place"] == person.me.birth_place
        assert t["full_name"] in (person.name.full, person.name.core)
        assert t["address"].startswith(person.address)
        assert t["valid_until"][5:] == person.me.birth_date.isoformat()[5:] or person.me.birth_date.isoformat()[5:] == "02-29"
        assert t.get("gender", person.me.gender) == person.me.gender
        classes.add(t["sim_class"])
        lo, hi = r.image.convert("L").getextrema()
        assert hi - lo > 100
    assert classes  # at least one class drawn per family
    a = generate_document("sim", 3, "clean", "png", family=name)
    assert a == generate_document("sim", 3, "clean", "png", family=name)


def test_gender_left_out_where_not_printed() -> None:
    assert "gender" not in render_family("sim", "smart_stacked", make_person(2), random.Random(2)).truth
    assert "gender" in render_family("sim", "old_card", make_person(2), random.Random(2)).truth


def test_sim_as_id_claim(tmp_path: Path) -> None:
    t = generate_claim(21, tmp_path / "c", variants=["sim_as_id"], split="train")
    ktp = t.documents["ktp"]
    assert (ktp.content, ktp.detected_type, ktp.expected_status) == ("sim", "sim", "accepted")
    assert ktp.family in [f.name for f in families("sim", "train")]
    assert set(ktp.fields) >= {"sim_number", "full_name", "birth_date"}
    assert t.expected_verdict == "clear" and set(t.expected_checks.values()) <= {"match", "not_applicable"}
    stored = json.loads((tmp_path / "c" / "truth.json").read_text())
    assert stored["documents"]["ktp"]["detected_type"] == "sim"
    assert stored["documents"]["kk"]["detected_type"] is None
    # the other documents keep the bytes they have without a SIM
    other = generate_claim(21, tmp_path / "d", split="train")
    for slot in ("kk", "bpjs_card", "passbook"):
        assert (tmp_path / "c" / t.documents[slot].file).read_bytes() == (tmp_path / "d" / other.documents[slot].file).read_bytes()


def test_other_persons_sim_claim(tmp_path: Path) -> None:
    t = generate_claim(22, tmp_path / "c", faults=["other_persons_sim"], split="heldout")
    assert t.documents["ktp"].content == "sim" and t.documents["ktp"].split == "heldout"
    assert t.documents["ktp"].fields["full_name"] not in (t.claimant["full_name"],)
    assert t.expected_checks["ktp.nik"] == "review"  # never mismatch: nobody on the KK holds it
    assert t.expected_checks["ktp.full_name"] == t.expected_checks["ktp.birth_date"] == "mismatch"
    assert t.expected_verdict == "needs_correction"


def test_sim_with_unusable_kk_and_kk_without_holder(tmp_path: Path) -> None:
    t = generate_claim(23, tmp_path / "c", variants=["sim_as_id"], faults=["kk_without_claimant"])
    assert t.expected_checks["ktp.nik"] == "review" and t.expected_checks["kk.nik"] == "mismatch"
    t = generate_claim(24, tmp_path / "d", variants=["sim_as_id"], conditions={"kk": "unreadable_dark"})
    assert t.expected_checks["ktp.nik"] == "unreadable"


@pytest.mark.parametrize("fault", ["kk_as_ktp", "other_persons_ktp", "bad_file"])
def test_sim_contradicts_other_ktp_slot_faults(tmp_path: Path, fault: str) -> None:
    with pytest.raises(ValueError, match="SIM"):
        generate_claim(25, tmp_path / "c", variants=["sim_as_id"], faults=[fault])
