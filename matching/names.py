"""Indonesian personal names: normalisation and a banded similarity score.

The typed name (e-Klaim form) is compared with the name printed on a document. Benign
differences must not count: case, spacing, punctuation, titles on one side (H., DRS., S.E.),
the many spellings of MUHAMMAD, old (pre-1972) spelling (OE/U, DJ/J, TJ/C, SJ/SY, CH/KH, NJ/NY)
and one OCR character error in a long name. Real differences (another person, a missing or
extra word, a spouse's name) must not be a match.

The score combines :func:`rapidfuzz.fuzz.ratio` on optimally aligned tokens, weighted by token
length, with token coverage in both directions: a word on one side with no counterpart on the
other costs its full length. Thresholds are calibrated in ``docs/matching.md``.
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

from rapidfuzz import fuzz

from ocr.text import LETTER_FOR_DIGIT

NameBand = Literal["match", "review", "mismatch"]

MATCH_MIN = 90.0
"""Overall score at or above which a name can be a match (all words aligned, in order)."""
REVIEW_MIN = 75.0
"""Overall score at or above which a non-match is ``review`` rather than ``mismatch``."""
MISSING_REVIEW_MIN = 85.0
"""A whole word missing on one side is ``review`` only at or above this score, else mismatch."""
GLUED_REVIEW_MIN = 90.0
"""Letters of the two names joined (spaces dropped) this similar make a glued reading
``review`` rather than ``mismatch``."""
TOKEN_OK = 88.0
"""Aligned word pairs scoring below this make the name at best ``review``."""
PAIR_MIN = 60.0
"""Word pairs scoring below this are not aligned at all (each counts as a missing word)."""
INITIAL_SIM = 90.0
"""Similarity of an initial (``S``) aligned with a word starting with that letter."""
COLLAPSED_SIM = 98.0
"""Similarity of words equal once doubled letters are collapsed (ABDULLAH/ABDULAH)."""
CONFUSABLE_SIM = 96.0
"""Similarity of words that differ only in letters OCR confuses (I/L, O/D/Q, U/V, E/F)."""
CONFUSABLE_PENALTY = 4.0
"""Subtracted from the ratio computed with OCR-confusable letters merged."""
ORDER_FACTOR = 0.85
"""Score factor when aligned words are in a different order (a swapped name)."""
MULTI_WEAK_REVIEW_MIN = 85.0
"""With two or more clearly different aligned words, ``review`` needs at least this score."""
MERGE_MIN = 90.0
"""Adjacent words are joined when their concatenation matches a word on the other side."""

PREFIX_TITLES: frozenset[str] = frozenset(
    {
        "H", "HJ", "HJH", "HAJI", "HAJJAH", "HAJAH", "KH", "DR", "DRS", "DRA", "DRG", "DRH",
        "IR", "PROF", "USTADZ", "UST", "TGH",
        # salutations banks and employers print before a holder's or worker's name
        "SDR", "SDRI", "SAUDARA", "SAUDARI", "BPK", "BAPAK", "IBU", "TN", "TUAN", "NY", "NYONYA", "NN", "NONA",
        "MR", "MRS", "MS", "MISS",
    }
)
"""Titles and salutations written before a name (compared without dots)."""

SUFFIX_TITLES: frozenset[str] = frozenset(
    {
        "SE", "SH", "SKOM", "ST", "SPD", "SPDI", "SPDSD", "SAG", "SSOS", "SIKOM", "SFARM", "SKED",
        "SKEP", "SKEB", "SGZ", "SSI", "SS", "SP", "SIP", "SHI", "SHUT", "STP", "SPT", "SSTP",
        "SKG", "SIAN", "SAK", "SEAK", "SPSI", "SKM", "SMB", "SSN", "SSTR", "SPOG", "SPA", "SPB",
        "AMD", "AMA", "AMK", "AMKEB", "AMDKEB", "AMPD", "AMDKEP", "MM", "MSI", "MKOM", "MT",
        "MPD", "MH", "MHUM", "MAG", "MKES", "MKEB", "MAP", "MPH", "MARS", "MSC", "MBA", "BSC",
        "BBA", "PHD", "LLM", "NERS", "APT", "DIPL", "MA", "AK", "MD", "BA",
    }
)
"""Academic post-nominals (compared without dots)."""

_DOT_REQUIRED: frozenset[str] = frozenset({"MA", "AK", "MD", "BA"})
"""Post-nominals that could be a real name word: stripped only when written with a dot."""

_MUHAMMAD: frozenset[str] = frozenset(
    {
        "MUHAMMAD", "MUHAMAD", "MUHAMMED", "MUHAMED", "MOHAMMAD", "MOHAMAD", "MOHAMMED", "MOHAMED",
        "MOCHAMMAD", "MOCHAMAD", "MOKHAMMAD", "MOKHAMAD", "MUCHAMMAD", "MUCHAMAD", "MUKHAMMAD",
        "MUKHAMAD", "MOEHAMMAD", "MOEHAMAD", "MOHD", "MUHD", "MHD", "MOCH", "MOKH", "MOH", "MUH",
        "MUHAMMMAD", "MUHHAMAD", "MUHAMAAD",
    }
)
_AHMAD: frozenset[str] = frozenset({"AHMAD", "ACHMAD", "AKHMAD", "AHMAT", "ACHMAT", "AKHMAT"})
_ABDUL: frozenset[str] = frozenset({"ABDUL", "ABD", "ABDOEL", "ABDOL"})

_OLD_SPELLING: tuple[tuple[str, str], ...] = (
    ("OE", "U"),
    ("DJ", "J"),
    ("TJ", "C"),
    ("SJ", "SY"),
    ("NJ", "NY"),
    ("CH", "KH"),
)
"""Pre-1972 (Van Ophuijsen / Soewandi) spellings and their modern (EYD) forms, in order."""

_DIGIT_AS_LETTER = str.maketrans(LETTER_FOR_DIGIT)
"""OCR reads letters as look-alike digits; names never contain digits."""

_APOSTROPHES = re.compile(r"['`\u2018\u2019\u02bc\u00b4]")
_NOT_NAME_CHAR = re.compile(r"[^A-Z0-9., ]+")


def _ascii_upper(s: str) -> str:
    """NFKC, fold accents to ASCII, upper case, drop apostrophes, other marks to spaces."""
    s = unicodedata.normalize("NFKC", s)
    s = _APOSTROPHES.sub("", s)
    s = "".join(c for c in unicodedata.normalize("NFKD", s) if not unicodedata.combining(c))
    s = s.upper()
    return _NOT_NAME_CHAR.sub(" ", s)


def _key(word: str) -> str:
    """A word without dots, for title look-up."""
    return word.replace(".", "")


def _is_suffix_title(word: str) -> bool:
    """True for one written post-nominal (``S.E.``, ``SKM``, ``M.A.``)."""
    k = _key(word)
    if k not in SUFFIX_TITLES:
        return False
    return k not in _DOT_REQUIRED or "." in word


def _all_titles(words: list[str]) -> bool:
    """True when a comma-separated tail (``S.E.``, ``M.M.``) holds only titles."""
    if not words:
        return True
    if all(_is_suffix_title(w) or _key(w) in PREFIX_TITLES for w in words):
        return True
    return _key("".join(words)) in SUFFIX_TITLES


def _strip_prefix(words: list[str]) -> list[str]:
    """Remove leading titles, also glued ones (``DR.IR.BUDI``, ``H.M.YUSUF``)."""
    words = list(words)
    while len(words) > 1 or (words and "." in words[0]):
        pieces = [p for p in words[0].split(".") if p]
        if not pieces:
            words.pop(0)
            continue
        n = 0
        while n < len(pieces) and pieces[n] in PREFIX_TITLES:
            n += 1
        if n == 0:
            break
        rest = pieces[n:]
        if rest:
            words[0] = ".".join(rest)
            # the rest of a glued word is a name; keep stripping only if it is a title
            if rest[0] not in PREFIX_TITLES:
                break
        else:
            if len(words) == 1:
                break
            words.pop(0)
    return words


def _strip_suffix(words: list[str]) -> list[str]:
    """Remove trailing post-nominals, also split ones (``S. E.``, ``S. KOM``)."""
    words = list(words)
    while words:
        # a post-nominal glued to the last name word, its comma read as a dot ("SARI.M.M.")
        pieces = [p for p in words[-1].split(".") if p]
        if len(pieces) >= 2 and len(pieces[0]) >= 3 and _key("".join(pieces[1:])) in SUFFIX_TITLES:
            words[-1] = pieces[0]
            continue
        if len(words) <= 1:
            break
        if _is_suffix_title(words[-1]):
            words.pop()
            continue
        for k in (2, 3):
            if len(words) > k and "." in words[-k] and _key("".join(words[-k:])) in SUFFIX_TITLES:
                del words[-k:]
                break
        else:
            break
    return words


def modern_spelling(tok: str) -> str:
    """Apply the old-to-modern spelling table."""
    for old, new in _OLD_SPELLING:
        tok = tok.replace(old, new)
    return tok


def _canonical_token(tok: str) -> tuple[str, bool]:
    """Map spelling variants of a word to one form; also say if old spelling was seen."""
    for group, canon in ((_MUHAMMAD, "MUHAMMAD"), (_AHMAD, "AHMAD"), (_ABDUL, "ABDUL")):
        if tok in group:
            return canon, False
    modern = modern_spelling(tok)
    for group, canon in ((_MUHAMMAD, "MUHAMMAD"), (_AHMAD, "AHMAD"), (_ABDUL, "ABDUL")):
        if modern in group:
            return canon, False
    return modern, modern != tok


def normalise_name(s: str) -> list[str]:
    """Split a name into canonical upper-case word tokens.

    NFKC, ASCII, upper case; punctuation removed; titles stripped before (H., DRS., PROF.)
    and after (S.E., M.M., with or without dots or a comma); MUHAMMAD/ABDUL/AHMAD variants and
    old spelling mapped to one form; look-alike digits read as letters. A single-letter
    ``M`` before another word is MUHAMMAD; other single letters stay as initials.

    Args:
        s: The name as typed or as printed.

    Returns:
        The tokens, e.g. ``["MUHAMMAD", "JUSUF"]`` for ``"H. Moch. Joesoef, S.E."``.
    """
    return [t for t, _ in _tokens(s)]


def _tokens(s: str) -> list[tuple[str, bool]]:
    """Canonical tokens with a flag: True when the word was in old spelling."""
    if not s:
        return []
    text = _ascii_upper(s)
    parts = text.split(",")
    words = parts[0].split()
    for tail in parts[1:]:
        tw = tail.split()
        if not _all_titles(tw):
            words.extend(tw)
    if not words:
        return []
    stripped = _strip_suffix(_strip_prefix(words))
    tokens: list[tuple[str, bool]] = []
    for w in stripped:
        for piece in w.split("."):
            piece = piece.translate(_DIGIT_AS_LETTER)
            if piece:
                tokens.append(_canonical_token(piece))
    for i, (t, _) in enumerate(tokens[:-1]):
        if t == "M":
            tokens[i] = ("MUHAMMAD", False)
    # a Balinese name's gender marker, often left out ("I GEDE ARIF" / "GEDE ARIF", "NI LUH SARI")
    if len(tokens) > 2 and tokens[0][0] in ("I", "NI") and tokens[1][0] in BALINESE_NAMES:
        tokens = tokens[1:]
    return tokens


BALINESE_NAMES: frozenset[str] = frozenset(
    {"GEDE", "WAYAN", "PUTU", "MADE", "KADEK", "NENGAH", "NYOMAN", "KOMANG", "KETUT", "LUH", "GUSTI", "GEDHE"}
)
"""Birth-order and caste names a Balinese "I" (male) or "NI" (female) stands before."""


_SHAPE = str.maketrans({"L": "I", "J": "I", "D": "O", "Q": "O", "V": "U", "F": "E"})
"""Letters printed OCR confuses, mapped to one shape class (digits are already letters)."""


def _shape(tok: str) -> str:
    """The token with OCR-confusable letters merged."""
    return tok.translate(_SHAPE)


def _collapse(tok: str) -> str:
    """Collapse doubled letters (ABDULLAH -> ABDULAH)."""
    return re.sub(r"(.)\1+", r"\1", tok)


def _variants(tok: str, old: bool) -> tuple[str, ...]:
    """Spellings of a canonical token worth trying: in old spelling, J is modern Y."""
    if old and "J" in tok:
        return (tok, tok.replace("J", "Y"))
    return (tok,)


@lru_cache(maxsize=4096)
def token_similarity(a: str, b: str, a_old: bool = False, b_old: bool = False) -> float:
    """Similarity 0..100 of two canonical tokens (initials, doubled letters, OCR-confusable
    letters aware).

    ``a_old``/``b_old`` say the word was written in old spelling, where J may be modern Y
    (TJAHJADI -> CAHYADI, SOEHARJO -> SUHARYO or SUHARJO).
    """
    if a == b:
        return 100.0
    if len(a) == 1 or len(b) == 1:
        if len(a) == 1 and len(b) == 1:
            return 0.0
        return INITIAL_SIM if a[0] == b[0] else 0.0
    best = 0.0
    for va in _variants(a, a_old):
        for vb in _variants(b, b_old):
            if va == vb:
                best = 100.0
            elif _collapse(va) == _collapse(vb):
                best = max(best, COLLAPSED_SIM)
            elif _shape(va) == _shape(vb):
                best = max(best, CONFUSABLE_SIM)
            else:
                raw = float(fuzz.ratio(va, vb))
                shaped = float(fuzz.ratio(_shape(va), _shape(vb))) - CONFUSABLE_PENALTY
                best = max(best, raw, shaped)
    return best


Tok = tuple[str, bool]
"""A canonical word and whether it was written in old spelling."""


def _sim(x: Tok, y: Tok) -> float:
    """:func:`token_similarity` of two flagged tokens."""
    return token_similarity(x[0], y[0], x[1], y[1])


def _merge_split_words(xs: list[Tok], ys: list[Tok]) -> list[Tok]:
    """Join adjacent words of ``xs`` whose concatenation matches a word of ``ys`` (NUR AINI)."""
    xs = list(xs)
    changed = True
    while changed:
        changed = False
        for i in range(len(xs)):
            for k in (3, 2):
                if i + k > len(xs):
                    continue
                group = xs[i : i + k]
                joined: Tok = ("".join(t for t, _ in group), any(o for _, o in group))
                for y in ys:
                    if any(t == y[0] for t, _ in group):
                        continue
                    single = max(_sim(x, y) for x in group)
                    merged = _sim(joined, y)
                    if merged >= MERGE_MIN and merged > single:
                        xs[i : i + k] = [joined]
                        changed = True
                        break
                if changed:
                    break
            if changed:
                break
    return xs


_BITMASK_MAX = 10
"""Above this many words on both sides, alignment is greedy (no exhaustive search)."""


def _align(a: list[Tok], b: list[Tok]) -> list[tuple[int, int, float]]:
    """Best one-to-one alignment of words maximising length-weighted similarity."""
    sims = [[_sim(x, y) for y in b] for x in a]
    la = [len(t) for t, _ in a]
    lb = [len(t) for t, _ in b]
    if len(b) > _BITMASK_MAX and len(a) <= _BITMASK_MAX:
        flipped = _align(b, a)
        return sorted((i, j, s) for j, i, s in flipped)
    if len(b) > _BITMASK_MAX:  # absurdly long "names": greedy, no bitmask
        pairs: list[tuple[int, int, float]] = []
        taken: set[int] = set()
        for i, row in enumerate(sims):
            cands = [(s, -j) for j, s in enumerate(row) if j not in taken and s >= PAIR_MIN]
            if cands:
                s, nj = max(cands)
                taken.add(-nj)
                pairs.append((i, -nj, s))
        return pairs

    memo: dict[tuple[int, int], tuple[float, tuple[tuple[int, int, float], ...]]] = {}

    def best(i: int, used: int) -> tuple[float, tuple[tuple[int, int, float], ...]]:
        if i == len(a):
            return 0.0, ()
        key = (i, used)
        if key in memo:
            return memo[key]
        result = best(i + 1, used)  # leave a[i] unaligned
        for j in range(len(b)):
            s = sims[i][j]
            if used & (1 << j) or s < PAIR_MIN:
                continue
            gain, pairs = best(i + 1, used | (1 << j))
            gain += s * (la[i] + lb[j])
            if gain > result[0] + 1e-9:
                result = (gain, ((i, j, s), *pairs))
        memo[key] = result
        return result

    free_gain, free_pairs = best(0, 0)
    mono_gain, mono_pairs = _align_in_order(sims, la, lb)
    if mono_gain >= free_gain - 1e-6:  # same weight: prefer the order-preserving alignment
        return mono_pairs
    return list(free_pairs)


def _align_in_order(
    sims: list[list[float]], la: list[int], lb: list[int]
) -> tuple[float, list[tuple[int, int, float]]]:
    """Best order-preserving alignment (weighted LCS over words)."""
    n, m = len(la), len(lb)
    gain = [[0.0] * (m + 1) for _ in range(n + 1)]
    for i in range(n - 1, -1, -1):
        for j in range(m - 1, -1, -1):
            g = max(gain[i + 1][j], gain[i][j + 1])
            s = sims[i][j]
            if s >= PAIR_MIN:
                g = max(g, gain[i + 1][j + 1] + s * (la[i] + lb[j]))
            gain[i][j] = g
    pairs: list[tuple[int, int, float]] = []
    i = j = 0
    while i < n and j < m:
        s = sims[i][j]
        if s >= PAIR_MIN and abs(gain[i][j] - (gain[i + 1][j + 1] + s * (la[i] + lb[j]))) <= 1e-9:
            pairs.append((i, j, s))
            i, j = i + 1, j + 1
        elif abs(gain[i][j] - gain[i + 1][j]) <= 1e-9:
            i += 1
        else:
            j += 1
    return gain[0][0], pairs


@dataclass(frozen=True)
class NameScore:
    """Outcome of comparing two names."""

    score: float
    """0..100, length-weighted similarity of aligned words; unaligned words count as 0."""
    band: NameBand
    """``match`` (benign difference), ``review`` (a person must look), ``mismatch``."""
    detail: str
    """Machine-readable reason: ``exact``, ``benign``, ``ocr_noise`` (match); ``missing_word``
    (a word on one side only), ``different_word`` (a word has no counterpart on either side),
    ``word_differs`` (an aligned word differs a lot), ``order``, ``initials_only``,
    ``low_score``, ``empty``."""


def name_score(typed: str, found: str) -> NameScore:
    """Compare a typed name with a name read from a document.

    Args:
        typed: What the claimant typed.
        found: What the document says (may carry titles and OCR noise).

    Returns:
        The score, its band and a reason code. The band never says ``match`` when a whole
        word is missing on either side or the words are in another order.
    """
    a, b = _tokens(typed), _tokens(found)
    if not a or not b:
        return NameScore(0.0, "mismatch", "empty")
    if [t for t, _ in a] == [t for t, _ in b]:
        return NameScore(100.0, "match", "exact")
    a = _merge_split_words(a, b)
    b = _merge_split_words(b, a)
    if [t for t, _ in a] == [t for t, _ in b]:
        return NameScore(100.0, "match", "benign")
    if "".join(t for t, _ in a) == "".join(t for t, _ in b):
        # the same letters in the same order, a space read in another place ("ANIK URNIASIH")
        return NameScore(100.0, "match", "benign")
    pairs = _align(a, b)
    la = [len(t) for t, _ in a]
    lb = [len(t) for t, _ in b]
    total = sum(la) + sum(lb)
    gained = sum(s * (la[i] + lb[j]) for i, j, s in pairs)
    score = gained / total if total else 0.0
    missing = len(a) + len(b) - 2 * len(pairs)
    replaced = len(pairs) < min(len(a), len(b))
    js = [j for _, j, _ in sorted(pairs)]
    in_order = all(x < y for x, y in itertools.pairwise(js))
    if not in_order:
        score *= ORDER_FACTOR
    weak = [s for _, _, s in pairs if s < TOKEN_OK]
    initials = [1 for i, j, _ in pairs if (la[i] == 1) != (lb[j] == 1)]
    full = [1 for i, j, s in pairs if la[i] > 1 and lb[j] > 1 and s >= TOKEN_OK]
    score = round(score, 1)

    if missing:
        band: NameBand = "review" if score >= MISSING_REVIEW_MIN else "mismatch"
        if band == "mismatch" and len(a) != len(b):
            # words the OCR glued together, with a slip inside ("SRIAYUSAFTTRIPERMATASARI"): the
            # same letters but one or two, never another person's name on that evidence alone
            glued = fuzz.ratio("".join(t for t, _ in a), "".join(t for t, _ in b))
            if glued >= GLUED_REVIEW_MIN:
                return NameScore(round(glued, 1), "review", "glued_words")
        return NameScore(score, band, "different_word" if replaced else "missing_word")
    if not in_order:
        return NameScore(score, "review" if score >= REVIEW_MIN else "mismatch", "order")
    if weak:
        floor = MULTI_WEAK_REVIEW_MIN if len(weak) > 1 else REVIEW_MIN
        return NameScore(score, "review" if score >= floor else "mismatch", "word_differs")
    if initials and not full:
        return NameScore(score, "review" if score >= REVIEW_MIN else "mismatch", "initials_only")
    if score >= MATCH_MIN:
        all_exact = all(s == 100.0 for _, _, s in pairs)
        return NameScore(score, "match", "benign" if all_exact or initials else "ocr_noise")
    return NameScore(score, "review" if score >= REVIEW_MIN else "mismatch", "low_score")
