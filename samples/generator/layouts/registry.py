"""The one registry of layout families and their train / held-out split.

Every document type has several *families*: independent ways the document is drawn (as
different companies, card designs, banks and printings do). Each family is a function
registered here by name with its ``split``: ``train`` families are the only ones anyone may
tune extraction on; ``heldout`` families are kept for measuring how the service generalises.
Whole families are held out, never just seeds.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from samples.generator.people import Person
from samples.generator.render import Rendered

SPLITS: tuple[str, ...] = ("train", "heldout")
"""The two sides of the split."""

STANDARD = "standard"
"""Name of each type's original family (today's layout; a training family)."""

RenderFn = Callable[..., Rendered]
"""``fn(person, rng, **kwargs) -> Rendered`` (letters also take ``two_pages``)."""


@dataclass(frozen=True)
class Family:
    """One named layout family of one document type."""

    doc_type: str
    """Contract document type."""
    name: str
    """Family name, unique within the type (recorded in the truth)."""
    split: str
    """``train`` or ``heldout``."""
    render: RenderFn
    """Draws one document of this family."""
    description: str
    """What real documents it imitates."""


_REGISTRY: dict[str, dict[str, Family]] = {}


def register(doc_type: str, name: str, split: str, description: str) -> Callable[[RenderFn], RenderFn]:
    """Decorator: register ``fn`` as family ``name`` of ``doc_type`` on side ``split``.

    Raises:
        ValueError: unknown split or a name registered twice.
    """
    if split not in SPLITS:
        raise ValueError(f"unknown split {split!r}; expected one of {SPLITS}")

    def deco(fn: RenderFn) -> RenderFn:
        fams = _REGISTRY.setdefault(doc_type, {})
        if name in fams:
            raise ValueError(f"family {doc_type}/{name} registered twice")
        fams[name] = Family(doc_type, name, split, fn, description)
        return fn

    return deco


def families(doc_type: str, split: str | None = None) -> tuple[Family, ...]:
    """The families of ``doc_type`` (registration order), only those of ``split`` if given.

    Raises:
        ValueError: unknown document type or split.
    """
    if doc_type not in _REGISTRY:
        raise ValueError(f"unknown doc_type {doc_type!r}; expected one of {tuple(_REGISTRY)}")
    if split is not None and split not in SPLITS:
        raise ValueError(f"unknown split {split!r}; expected one of {SPLITS}")
    return tuple(f for f in _REGISTRY[doc_type].values() if split is None or f.split == split)


def get_family(doc_type: str, name: str) -> Family:
    """The family ``name`` of ``doc_type``.

    Raises:
        ValueError: no such family.
    """
    fams = _REGISTRY.get(doc_type, {})
    if name not in fams:
        raise ValueError(f"unknown family {name!r} for {doc_type!r}; expected one of {tuple(fams)}")
    return fams[name]


def pick_family(doc_type: str, split: str, rng: random.Random) -> Family:
    """A seeded choice among the families of ``doc_type`` on side ``split`` (uniform)."""
    return rng.choice(families(doc_type, split))


def doc_types() -> tuple[str, ...]:
    """Document types with registered families."""
    return tuple(_REGISTRY)


def render_family(doc_type: str, name: str, person: Person, rng: random.Random, **kwargs: Any) -> Rendered:
    """Render one document of family ``name``; its ``meta`` records the family."""
    fam = get_family(doc_type, name)
    out = fam.render(person, rng, **kwargs)
    out.meta.setdefault("family", fam.name)
    out.meta.setdefault("split", fam.split)
    return out
