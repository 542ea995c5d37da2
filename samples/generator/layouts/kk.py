"""Kartu Keluarga families: today's form and an older printing (held out)."""

from __future__ import annotations

import random

from samples.generator.layouts.registry import STANDARD, register
from samples.generator.people import Person
from samples.generator.render import Rendered, render_kk

DOC = "kk"


@register(DOC, STANDARD, "train", "today's KK form")
def standard(person: Person, rng: random.Random) -> Rendered:
    """The original form (``render.render_kk``)."""
    return render_kk(person, rng)


@register(DOC, "old_print", "heldout", "older printing: green security tint, 'NOMOR :' before the KK number")
def old_print(person: Person, rng: random.Random) -> Rendered:
    """Held out: a greener paper and another number label."""
    tint = (rng.randint(222, 236), rng.randint(240, 250), rng.randint(215, 230))
    return render_kk(person, rng, tint_override=tint, number_label=rng.choice(("NOMOR :", "No. KK :")))
