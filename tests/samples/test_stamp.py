"""The company stamp pressed over training letters' signatures (``samples.generator.stamp``)."""

from __future__ import annotations

import io

import numpy as np
from PIL import Image

from samples.generator import generate_document
from samples.generator.claims import STAMP_SHARE
from samples.generator.layouts import families


def _pixels(data: bytes) -> np.ndarray:
    return np.asarray(Image.open(io.BytesIO(data)).convert("RGB"), dtype=np.int16)


def _coloured(arr: np.ndarray) -> int:
    """Pixels in stamp ink: blue clearly above red (the letters print black on white)."""
    return int(((arr[..., 2] - arr[..., 0]) > 40).sum())


def test_most_training_letters_carry_a_stamp_and_the_truth_stays() -> None:
    fams = [f.name for f in families("resignation_letter", "train")]
    stamped = 0
    n = 0
    for i, fam in enumerate(fams[:8]):
        data, truth, _ = generate_document("resignation_letter", f"stamp-test:{i}", "clean", "png", family=fam)
        assert truth["full_name"] and truth["resignation_date"]
        stamped += _coloured(_pixels(data)) > 2000
        n += 1
    assert 0 < stamped < n or STAMP_SHARE in (0.0, 1.0)
    assert stamped >= n * STAMP_SHARE / 3


def test_held_out_letters_are_never_stamped() -> None:
    for i, fam in enumerate(families("resignation_letter", "heldout")):
        data, _truth, _ = generate_document("resignation_letter", f"stamp-test:{i}", "clean", "png", family=fam.name)
        assert _coloured(_pixels(data)) < 500, f"held-out family #{i} carries ink"


def test_stamped_letters_are_deterministic() -> None:
    fam = families("resignation_letter", "train")[1].name
    a = generate_document("resignation_letter", "stamp-test:det", "photo", "jpeg", family=fam)
    assert a == generate_document("resignation_letter", "stamp-test:det", "photo", "jpeg", family=fam)
