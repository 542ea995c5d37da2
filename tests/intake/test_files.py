"""Tests of the file intake checks (``intake.files``) against a synthetic good/bad corpus."""

from __future__ import annotations

import hashlib
import importlib.util
import sys
import time
import unicodedata
from collections.abc import Callable
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from hypothesis import HealthCheck, given
from hypothesis import settings as hyp_settings
from hypothesis import strategies as st
from PIL import Image, ImageFile

from intake.errors import IntakeRejected, Message
from intake.files import REASONS, check_file, detect_kind, reason_message, safe_display_name
from intake.settings import Settings


def _load_corpus() -> ModuleType:
    """Load ``badfiles.py`` beside this file, whatever package name pytest gives this module."""
    name = "eklaim_tests_intake_badfiles"
    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.spec_from_file_location(name, Path(__file__).with_name("badfiles.py"))
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


corpus = _load_corpus()
DEFAULT = Settings.model_construct()  # the defaults, whatever the environment says


def _code(data: bytes | Path, settings: Settings = DEFAULT) -> str:
    with pytest.raises(IntakeRejected) as caught:
        check_file(data, settings=settings)
    return caught.value.code


# --------------------------------------------------------------------------------------------
# The corpus


@pytest.mark.parametrize("sample", corpus.BAD_FILES, ids=[s.name for s in corpus.BAD_FILES])
def test_bad_file_is_refused_with_its_precise_code(sample: Any) -> None:
    with pytest.raises(IntakeRejected) as caught:
        check_file(sample.data, settings=DEFAULT)
    error = caught.value
    assert error.code == sample.code
    assert error.message == REASONS[error.code]
    assert error.http_status == 422
    assert error.as_dict() == {"code": error.code, "message": REASONS[error.code].as_dict()}


def test_corpus_is_large_and_covers_every_reason() -> None:
    assert len(corpus.BAD_FILES) >= 30
    # pdf_timeout needs a short deadline, tested below; every other code has corpus files.
    assert corpus.corpus_codes() | {"pdf_timeout"} == set(REASONS)
    assert len({s.name for s in corpus.BAD_FILES}) == len(corpus.BAD_FILES)


@pytest.mark.parametrize(
    ("name", "data", "kind", "pages"), corpus.good_files(), ids=[g[0] for g in corpus.good_files()]
)
def test_good_file_is_accepted(name: str, data: bytes, kind: str, pages: int) -> None:
    checked = check_file(data, settings=DEFAULT)
    assert checked.kind == kind
    assert checked.pages == pages
    assert checked.size == len(data)
    assert checked.sha256 == hashlib.sha256(data).hexdigest()
    if kind == "pdf":
        assert (checked.width, checked.height) == (None, None)
        assert checked.has_text_layer is name.startswith(("text", "five"))
    else:
        assert (checked.width, checked.height) == (400, 300)
        assert checked.has_text_layer is False


def test_a_mapped_path_gets_the_verdict_of_its_bytes(tmp_path: Path) -> None:
    """Issue 14: a path (an upload's spool file) is memory-mapped, never read whole; every file of
    the corpus gets the same answer as its bytes, with and without the pixel decode."""
    path = tmp_path / "upload"
    for sample in corpus.BAD_FILES:
        path.write_bytes(sample.data)
        for decode in (True, False):
            try:
                by_bytes: object = check_file(sample.data, settings=DEFAULT, decode=decode)
            except IntakeRejected as exc:
                by_bytes = exc.code
            try:
                by_path: object = check_file(path, settings=DEFAULT, decode=decode)
            except IntakeRejected as exc:
                by_path = exc.code
            assert by_path == by_bytes, sample.name
    for _name, data, _kind, _pages in corpus.good_files():
        path.write_bytes(data)
        assert check_file(path, settings=DEFAULT) == check_file(data, settings=DEFAULT)
        known = hashlib.sha256(data).hexdigest()
        assert check_file(path, settings=DEFAULT, decode=False, sha256=known).sha256 == known


def test_path_input_is_decided_by_bytes_not_extension(tmp_path: Path) -> None:
    path = tmp_path / "ktp.txt"
    path.write_bytes(corpus.image_bytes("PNG"))
    assert check_file(path, settings=DEFAULT).kind == "png"
    html = tmp_path / "ktp.jpg"
    html.write_bytes(b"<html><body>not a photo</body></html>")
    assert _code(html) == "not_an_allowed_format"
    empty = tmp_path / "kosong.pdf"
    empty.write_bytes(b"")
    assert _code(empty) == "empty_file"


def test_too_large_path_is_refused_before_it_is_read(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "big.jpg"
    with path.open("wb") as handle:  # sparse: 11 MB without writing them
        handle.write(corpus.image_bytes("JPEG"))
        handle.truncate(11 * 1024 * 1024)

    def no_reading(*args: object, **kwargs: object) -> None:
        raise AssertionError("the file was opened")

    monkeypatch.setattr(Path, "open", no_reading)
    monkeypatch.setattr(Path, "read_bytes", no_reading)
    assert _code(path) == "file_too_large"


def test_size_is_checked_before_anything_else() -> None:
    small = Settings(max_file_bytes=1000)
    assert _code(b"\x00" * 1001, small) == "file_too_large"  # not "not_an_allowed_format"
    assert _code(corpus.image_bytes("JPEG"), small) == "file_too_large"
    exactly = Settings(max_file_bytes=len(corpus.image_bytes("PNG")))
    assert check_file(corpus.image_bytes("PNG"), settings=exactly).kind == "png"


# --------------------------------------------------------------------------------------------
# Images


@pytest.mark.parametrize(
    "build",
    [
        lambda: corpus.png_bomb(),
        lambda: corpus.png_with_ihdr(50_000, 50_000),
        lambda: corpus.jpeg_with_sof(60_000, 60_000),
    ],
    ids=["valid-png-bomb", "png-ihdr", "jpeg-sof"],
)
def test_bomb_is_refused_from_the_header_fast_without_decoding(
    build: Callable[[], bytes], monkeypatch: pytest.MonkeyPatch
) -> None:
    data = build()

    def no_decoding(self: Image.Image) -> None:
        raise AssertionError("pixels were decoded")

    monkeypatch.setattr(ImageFile.ImageFile, "load", no_decoding)
    monkeypatch.setattr(Image.Image, "load", no_decoding)
    started = time.perf_counter()
    assert _code(data) == "image_too_many_pixels"
    assert time.perf_counter() - started < 1.0


def test_pillow_bomb_error_is_mapped_when_our_limit_is_higher() -> None:
    lenient = Settings(max_image_pixels=10**12, max_document_memory_mb=10**9)
    assert _code(corpus.png_with_ihdr(50_000, 50_000), lenient) == "image_too_many_pixels"


def test_pixel_and_size_limits_come_from_settings() -> None:
    jpeg = corpus.image_bytes("JPEG", 400, 300)
    assert _code(jpeg, Settings(max_image_pixels=119_999)) == "image_too_many_pixels"
    assert check_file(jpeg, settings=Settings(max_image_pixels=120_000)).width == 400
    assert _code(jpeg, Settings(min_image_side_px=301)) == "image_too_small"
    assert check_file(jpeg, settings=Settings(min_image_side_px=300)).height == 300


def test_truncation_is_found_even_when_pillow_is_told_to_tolerate_it(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(ImageFile, "LOAD_TRUNCATED_IMAGES", True)
    jpeg = corpus.image_bytes("JPEG")
    png = corpus.image_bytes("PNG")
    bmp = corpus.image_bytes("BMP")
    assert _code(jpeg[: len(jpeg) * 3 // 4]) == "truncated_image"
    assert _code(png[: len(png) - 20]) == "truncated_image"
    assert _code(bmp[:-1]) == "truncated_image"


@pytest.mark.parametrize(
    ("head", "tail", "kind"),
    [
        ("JPEG", "zip", "jpeg"),
        ("JPEG", "pdf", "jpeg"),
        ("PNG", "html", "png"),
        ("BMP", "pdf", "bmp"),
    ],
)
def test_polyglot_is_handled_only_as_its_leading_type(head: str, tail: str, kind: str) -> None:
    trailers = {
        "zip": corpus.zip_bytes({"ktp.pdf": corpus.text_pdf()}),
        "pdf": corpus.text_pdf(),
        "html": b"<html><script>alert(1)</script></html>",
    }
    checked = check_file(corpus.image_bytes(head) + trailers[tail], settings=DEFAULT)
    assert checked.kind == kind
    assert checked.pages == 1


def test_pdf_behind_a_prefix_is_not_a_pdf() -> None:
    pdf = corpus.text_pdf()
    assert check_file(pdf, settings=DEFAULT).kind == "pdf"
    for prefix in (b"<html>", b"\n", b"\xef\xbb\xbf", b"GIF89a"):
        assert _code(prefix + pdf) == "not_an_allowed_format"


@pytest.mark.parametrize(
    ("head", "kind"),
    [
        (b"\xff\xd8\xff\xe0\x00\x10JFIF", "jpeg"),
        (b"\xff\xd8\xff\xdb", "jpeg"),
        (b"\x89PNG\r\n\x1a\n\x00", "png"),
        (b"BM6\x00\x00\x00", "bmp"),
        (b"%PDF-1.4\n", "pdf"),
        (b"%PDF1.4", None),
        (b" %PDF-1.4", None),
        (b"\xff\xd8", None),
        (b"\x89PNG", None),
        (b"GIF89a", None),
        (b"II*\x00", None),
        (b"MM\x00*", None),
        (b"PK\x03\x04", None),
        (b"MZ\x90\x00", None),
        (b"\x7fELF", None),
        (b"RIFF\x00\x00\x00\x00WEBP", None),
        (b"<svg", None),
        (b"", None),
    ],
)
def test_detect_kind_reads_magic_bytes(head: bytes, kind: str | None) -> None:
    assert detect_kind(head) == kind


# --------------------------------------------------------------------------------------------
# PDFs


def test_pdf_parse_is_killed_at_its_deadline() -> None:
    slow = corpus.slow_text_pdf()  # would take several seconds to parse
    started = time.perf_counter()
    assert _code(slow, Settings(pdf_parse_timeout_s=1.0)) == "pdf_timeout"
    assert time.perf_counter() - started < 4.0


def test_any_pdf_times_out_under_a_tiny_deadline() -> None:
    assert _code(corpus.text_pdf(), Settings(pdf_parse_timeout_s=0.001)) == "pdf_timeout"


def test_looping_page_trees_finish_well_inside_the_deadline() -> None:
    loops = (corpus.cyclic_kids_pdf, corpus.self_kid_pdf, corpus.cyclic_parent_pdf, corpus.self_parent_pdf)
    for build in loops:
        started = time.perf_counter()
        assert _code(build()) == "pdf_corrupt"
        assert time.perf_counter() - started < DEFAULT.pdf_parse_timeout_s


def test_page_limit_comes_from_settings_and_shows_in_the_message() -> None:
    five = corpus.text_pdf(pages=5)
    with pytest.raises(IntakeRejected) as caught:
        check_file(five, settings=Settings(max_pdf_pages=4))
    assert caught.value.code == "pdf_too_many_pages"
    assert "4" in caught.value.message.id and "4" in caught.value.message.en
    assert caught.value.message == reason_message("pdf_too_many_pages", Settings(max_pdf_pages=4))
    assert caught.value.message != REASONS["pdf_too_many_pages"]
    assert check_file(five, settings=DEFAULT).pages == 5


def test_text_layer_needs_twenty_characters() -> None:
    assert check_file(corpus.text_pdf("NIK 3204"), settings=DEFAULT).has_text_layer is False
    assert check_file(corpus.text_pdf("A" * 19), settings=DEFAULT).has_text_layer is False
    assert check_file(corpus.text_pdf("A" * 20), settings=DEFAULT).has_text_layer is True
    only_spaces = check_file(corpus.slow_text_pdf(200), settings=DEFAULT)
    assert (only_spaces.pages, only_spaces.has_text_layer) == (1, False)


def test_page_pixels_follow_the_render_dpi() -> None:
    a1 = corpus.pdf_with_page(b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 1684 2384] >>")
    roomy = Settings(max_document_memory_mb=1024)  # this test is about pixels, not the memory budget
    assert check_file(a1, settings=roomy).pages == 1  # A1 at 200 dpi: about 31 Mpx
    assert _code(a1, Settings(pdf_render_dpi=300)) == "pdf_too_many_pixels"  # about 70 Mpx


# --------------------------------------------------------------------------------------------
# Messages and display names


def test_every_reason_is_bilingual_and_distinct() -> None:
    assert set(REASONS) == {
        "empty_file",
        "file_too_large",
        "not_an_allowed_format",
        "truncated_image",
        "corrupt_image",
        "image_too_many_pixels",
        "image_too_small",
        "pdf_encrypted",
        "pdf_too_many_pages",
        "pdf_corrupt",
        "pdf_no_pages",
        "pdf_timeout",
        "pdf_too_many_pixels",
        "too_much_memory",
    }
    for message in REASONS.values():
        assert isinstance(message, Message)
        assert message.id and message.en and message.id != message.en
        assert "{" not in message.id + message.en
    assert len({m.id for m in REASONS.values()}) == len(REASONS)
    assert len({m.en for m in REASONS.values()}) == len(REASONS)
    assert "10 MB" in REASONS["file_too_large"].id and "10 MB" in REASONS["file_too_large"].en
    assert "5 halaman" in REASONS["pdf_too_many_pages"].id


@pytest.mark.parametrize(
    ("raw", "shown"),
    [
        ("ktp.jpg", "ktp.jpg"),
        ("../../etc/passwd", "passwd"),
        ("C:\\Users\\budi\\Documents\\KTP Budi.jpg", "KTP Budi.jpg"),
        ("ktp\u202egpj.exe", "ktpgpj.exe"),
        ("a\x00b\r\nc\x1b[31m.pdf", "abc[31m.pdf"),
        ("zero\u200bwidth\u2066.png", "zerowidth.png"),
        ("  spasi\u00a0\u00a0ganda  .jpg ", "spasi ganda .jpg"),
        ("..", ""),
        ("dir/", ""),
        ("x" * 300 + ".jpg", "x" * 100),
    ],
)
def test_safe_display_name(raw: str, shown: str) -> None:
    assert safe_display_name(raw) == shown


@given(st.text(max_size=400))
def test_safe_display_name_is_always_safe(raw: str) -> None:
    shown = safe_display_name(raw)
    assert len(shown) <= 100
    assert "/" not in shown and "\\" not in shown
    assert shown == shown.strip()
    assert not any(unicodedata.category(c) in {"Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"} for c in shown)


# --------------------------------------------------------------------------------------------
# Property tests: nothing but IntakeRejected ever escapes


def _accepts_or_rejects(data: bytes) -> None:
    try:
        checked = check_file(data, settings=DEFAULT)
    except IntakeRejected as error:
        assert error.code in REASONS
    else:
        assert checked.kind in {"jpeg", "png", "bmp", "pdf"}


_IMAGE_MAGICS = [b"\xff\xd8\xff", b"\xff\xd8\xff\xe0\x00\x10JFIF\x00", b"\x89PNG\r\n\x1a\n", b"BM", b""]


@hyp_settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(_IMAGE_MAGICS), st.binary(max_size=4096))
def test_random_bytes_only_ever_raise_intake_rejected(magic: bytes, tail: bytes) -> None:
    _accepts_or_rejects(magic + tail)


@hyp_settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=2048))
def test_random_pdf_bytes_only_ever_raise_intake_rejected(tail: bytes) -> None:
    _accepts_or_rejects(b"%PDF-1.7\n" + tail)


_SEEDS = {fmt: corpus.image_bytes(fmt, 240, 220) for fmt in ("JPEG", "PNG", "BMP")}


@hyp_settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.sampled_from(sorted(_SEEDS)),
    st.lists(st.tuples(st.floats(0, 1, exclude_max=True), st.integers(0, 255)), max_size=8),
    st.floats(0.0, 1.0),
)
def test_mutated_images_only_ever_raise_intake_rejected(
    fmt: str, flips: list[tuple[float, int]], keep: float
) -> None:
    data = bytearray(_SEEDS[fmt])
    for where, value in flips:
        data[int(where * len(data))] = value
    _accepts_or_rejects(bytes(data[: max(1, int(len(data) * keep))]))


# --------------------------------------------------------------------------------------------
# Issue 12 item 8: memory per document is bounded before decode


def test_memory_budget_6300px_png_under_the_pixel_cap_is_refused_before_decode() -> None:
    png = corpus.png_rgb(6300, 6300)
    assert len(png) < 200_000 and DEFAULT.max_image_pixels > 6300 * 6300
    assert _code(png, DEFAULT) == "too_much_memory"
    # Within a larger budget it is an ordinary (valid) image.
    assert check_file(png, settings=Settings(max_document_memory_mb=1024)).width == 6300


def test_memory_budget_counts_channels_and_bit_depth_from_the_header() -> None:
    from intake.files import image_memory_bytes

    photo = corpus.image_bytes("PNG", 2000, 2000)  # RGB, 3 bytes a pixel
    budget_mb = image_memory_bytes(2000, 2000, 3) // (1024 * 1024) + 1
    assert check_file(photo, settings=Settings(max_document_memory_mb=budget_mb)).width == 2000
    assert _code(photo, Settings(max_document_memory_mb=budget_mb - 2)) == "too_much_memory"
    assert image_memory_bytes(10, 10, 8) > image_memory_bytes(10, 10, 3)  # 16-bit RGBA costs more


def test_memory_budget_tiny_5_page_pdf_with_huge_pages_is_refused() -> None:
    pdf = corpus.pdf_with_pages(corpus.HUGE_PAGE, 5)
    assert len(pdf) < 1000
    assert _code(pdf, DEFAULT) == "too_much_memory"
    one = corpus.pdf_with_pages(corpus.HUGE_PAGE, 1)  # one such page alone is within the pixel cap
    assert check_file(one, settings=Settings(max_document_memory_mb=1024)).pages == 1


def test_memory_budget_setting_reads_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("EKLAIM_MAX_DOCUMENT_MEMORY_MB", "64")
    assert Settings().max_document_memory_bytes == 64 * 1024 * 1024
    assert Settings.model_construct().max_document_memory_mb == 256


_RSS_PROBE = """
import resource, sys
sys.path.insert(0, sys.argv[1])
from intake.files import check_file
from intake.settings import Settings
from tests.intake.badfiles import png_rgb
data = png_rgb(6300, 6300)
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
try:
    check_file(data, settings=Settings.model_construct())
    code = "accepted"
except Exception as exc:
    code = getattr(exc, "code", type(exc).__name__)
after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(code, (after - before) // 1024)
"""


def test_memory_budget_peak_rss_growth_of_the_6300px_png_stays_small() -> None:
    import subprocess

    root = str(Path(__file__).resolve().parents[2])
    done = subprocess.run([sys.executable, "-c", _RSS_PROBE, root], capture_output=True, text=True, timeout=120,
                          check=True)
    code, growth_mb = done.stdout.split()
    assert code == "too_much_memory"
    assert int(growth_mb) < 32  # a full decode would take >= 119 MB (6300 x 6300 x 3)
