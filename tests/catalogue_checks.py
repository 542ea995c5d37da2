"""Shared checks of the message catalogues (``intake/messages.py`` and the ones built on it)."""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from pathlib import Path

from intake.messages import Catalogue, placeholders

ROOT = Path(__file__).resolve().parents[1]


def _bare(names: frozenset[str]) -> set[str]:
    return {re.sub(r"_(id|en)$", "", n) for n in names}


def both_languages_problems(catalogue: Catalogue) -> list[str]:  # type: ignore[type-arg]
    """Codes whose template lacks a language, or whose languages use different placeholders.

    Placeholders are compared with their ``_id``/``_en`` suffix dropped (``{doc_id}`` in the
    Indonesian text pairs with ``{doc_en}`` in the English one).
    """
    bad: list[str] = []
    for code in catalogue:
        t = catalogue.template(code)
        if not t.id.strip() or not t.en.strip():
            bad.append(f"{code}: empty text")
            continue
        if _bare(placeholders(t.id)) != _bare(placeholders(t.en)):
            bad.append(f"{code}: placeholders {sorted(placeholders(t.id))} vs {sorted(placeholders(t.en))}")
    return bad


def package_modules(package: str) -> Iterator[tuple[Path, ast.Module]]:
    """Every module of ``package`` with its syntax tree."""
    for path in sorted((ROOT / package).rglob("*.py")):
        yield path, ast.parse(path.read_text(encoding="utf-8"), filename=str(path))


def _callee(node: ast.Call) -> str:
    f = node.func
    return f.id if isinstance(f, ast.Name) else f.attr if isinstance(f, ast.Attribute) else ""


def codes_used(package: str, enum_name: str, calls: dict[str, int]) -> list[tuple[str, str]]:
    """``(where, code)`` for every code the source of ``package`` names explicitly.

    - ``<enum_name>.MEMBER``: the member name (checked against the enum's members);
    - a string literal passed to a code-taking callable: ``calls`` maps the callable's name to
      the position of its code argument (a ``code=`` keyword counts too).
    """
    out: list[tuple[str, str]] = []
    for path, tree in package_modules(package):
        where = str(path.relative_to(ROOT))
        for node in ast.walk(tree):
            if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id == enum_name:
                if node.attr.isupper():
                    out.append((f"{where}:{node.lineno}", f"{enum_name}.{node.attr}"))
            elif isinstance(node, ast.Call) and _callee(node) in calls:
                pos = calls[_callee(node)]
                arg = node.args[pos] if len(node.args) > pos else None
                arg = next((k.value for k in node.keywords if k.arg == "code"), arg)
                if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
                    out.append((f"{where}:{node.lineno}", arg.value))
    return out


def unknown_codes(used: list[tuple[str, str]], enum: type) -> list[str]:
    """The entries of ``used`` that are not in ``enum`` (by value, or ``Enum.MEMBER`` by name)."""
    members = set(enum.__members__)
    values = {m.value for m in enum}
    bad = []
    for where, code in used:
        if code.startswith(f"{enum.__name__}."):
            ok = code.split(".", 1)[1] in members
        else:
            ok = code in values
        if not ok:
            bad.append(f"{where}: {code}")
    return bad
