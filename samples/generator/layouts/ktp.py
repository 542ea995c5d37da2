"""e-KTP families: today's card, a wide-colon card, and an older printing (held out)."""

from __future__ import annotations

import random

from samples.generator.layouts.registry import STANDARD, register
from samples.generator.people import Person
from samples.generator.render import Rendered, render_ktp

DOC = "ktp"


@register(DOC, STANDARD, "train", "today's e-KTP: labels in title case, colon column at 258 px")
def standard(person: Person, rng: random.Random) -> Rendered:
    """The original card (``render.render_ktp``)."""
    return render_ktp(person, rng)


@register(DOC, "wide_colon", "train", "colon column pushed right and values far from the labels, tighter rows")
def wide_colon(person: Person, rng: random.Random) -> Rendered:
    """Same card, label/colon/value spacing much wider."""
    cx = rng.randint(290, 320)
    return render_ktp(person, rng, columns=(24, cx, cx + rng.randint(16, 40)), step=rng.randint(35, 37))


@register(DOC, "old_print", "heldout",
          "older printing: upper-case labels with the colon attached ('NAMA:'), yellower card, looser rows")
def old_print(person: Person, rng: random.Random) -> Rendered:
    """Held out: upper-case labels, attached colons, a warm tint."""
    top = (rng.randint(215, 235), rng.randint(215, 230), rng.randint(170, 195))
    bottom = (rng.randint(235, 248), rng.randint(232, 244), rng.randint(205, 225))
    return render_ktp(person, rng, columns=(30, 282, 300), upper_labels=True, colon_attached=True,
                      step=rng.randint(37, 38), colours=(top, bottom))
