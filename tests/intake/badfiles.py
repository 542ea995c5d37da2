"""Builds, in memory, a corpus of good and bad upload files for the intake checks.

Everything is synthetic and generated here; nothing is read from disk or the network.
"""

from __future__ import annotations

import io
import random
import struct
import zipfile
import zlib
from dataclasses import dataclass

from PIL import Image, ImageDraw
from pypdf import PdfWriter


@dataclass(frozen=True)
class Sample:
    """One corpus file and the intake code it must be refused with."""

    name: str
    """Test id; also what a client might call the file (metadata only)."""
    data: bytes
    code: str
    """Expected ``IntakeRejected.code``."""


# --------------------------------------------------------------------------------------------
# Good files


def _photo(width: int, height: int, mode: str = "RGB") -> Image.Image:
    """A deterministic synthetic 'document photo': a light card with dark text-like bars."""
    image = Image.new(mode, (width, height), "white")
    draw = ImageDraw.Draw(image)
    draw.rectangle((width // 10, height // 10, width * 9 // 10, height * 9 // 10), outline="black", width=3)
    for row in range(5):
        y = height // 5 + row * height // 8
        draw.rectangle((width // 6, y, width * (3 + row % 3) // 6, y + max(2, height // 40)), fill="black")
    return image


def image_bytes(fmt: str, width: int = 400, height: int = 300, **save: object) -> bytes:
    """Encode a synthetic photo as ``JPEG``, ``PNG``, ``BMP``, ``GIF``, ``TIFF``, ``WEBP``..."""
    buffer = io.BytesIO()
    mode = "P" if fmt == "GIF" else "RGB"
    _photo(width, height).convert(mode).save(buffer, format=fmt, **save)
    return buffer.getvalue()


def raw_pdf(objects: list[bytes], *, root: int = 1, trailer_extra: bytes = b"") -> bytes:
    """Assemble a PDF from object bodies (object ``i + 1`` is ``objects[i]``) with a correct xref."""
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root %d 0 R %s>>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        root,
        trailer_extra,
        xref,
    )
    return bytes(out)


def _stream(content: bytes) -> bytes:
    return b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream"


def text_pdf(text: str = "SURAT KETERANGAN BERHENTI BEKERJA", pages: int = 1) -> bytes:
    """A PDF whose pages carry a real text layer (Helvetica, Tj)."""
    content = b"BT /F1 18 Tf 72 720 Td (" + text.encode("latin-1") + b") Tj ET"
    page_numbers = [4 + 2 * i for i in range(pages)]
    kids = b" ".join(b"%d 0 R" % number for number in page_numbers)
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [" + kids + b"] /Count %d >>" % pages,
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    for number in page_numbers:
        objects.append(
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
            b"/Resources << /Font << /F1 3 0 R >> >> /Contents %d 0 R >>" % (number + 1)
        )
        objects.append(_stream(content))
    return raw_pdf(objects)


def image_pdf(pages: int = 1) -> bytes:
    """A scanned-looking PDF: one photo per page, no text layer (Pillow's PDF writer)."""
    images = [_photo(1240, 1754) for _ in range(pages)]
    buffer = io.BytesIO()
    images[0].save(buffer, format="PDF", resolution=150, save_all=True, append_images=images[1:])
    return buffer.getvalue()


def blank_pdf(pages: int, **encrypt: str) -> bytes:
    """A pypdf-written PDF of A4 blank pages, optionally encrypted (``user_password=...``)."""
    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(width=595, height=842)
    if encrypt:
        writer.encrypt(**encrypt)  # type: ignore[arg-type]
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def good_files() -> list[tuple[str, bytes, str, int]]:
    """Valid files of every allowed format: (id, bytes, kind, pages)."""
    return [
        ("photo.jpg", image_bytes("JPEG", quality=85), "jpeg", 1),
        ("progressive.jpg", image_bytes("JPEG", progressive=True), "jpeg", 1),
        ("scan.png", image_bytes("PNG"), "png", 1),
        ("scan.bmp", image_bytes("BMP"), "bmp", 1),
        ("image-only.pdf", image_pdf(1), "pdf", 1),
        ("text.pdf", text_pdf(), "pdf", 1),
        ("five-pages.pdf", text_pdf(pages=5), "pdf", 5),
    ]


# --------------------------------------------------------------------------------------------
# Byte surgery


def _png_chunks(data: bytes) -> list[tuple[int, bytes, bytes]]:
    """(offset, type, body) of every chunk of a well-formed PNG."""
    chunks = []
    pos = 8
    while pos < len(data):
        (length,) = struct.unpack(">I", data[pos : pos + 4])
        ctype = data[pos + 4 : pos + 8]
        chunks.append((pos, ctype, data[pos + 8 : pos + 8 + length]))
        pos += 12 + length
    return chunks


def png_chunk(ctype: bytes, body: bytes) -> bytes:
    """One PNG chunk with a correct CRC."""
    return struct.pack(">I", len(body)) + ctype + body + struct.pack(">I", zlib.crc32(ctype + body))


def png_with_ihdr(width: int, height: int) -> bytes:
    """A small real PNG whose IHDR is rewritten (CRC fixed) to claim width x height."""
    data = image_bytes("PNG", 64, 64)
    pos, _, body = _png_chunks(data)[0]
    ihdr = struct.pack(">II", width, height) + body[8:]
    return data[:pos] + png_chunk(b"IHDR", ihdr) + data[pos + 25 :]


def png_bomb(side: int = 20_000) -> bytes:
    """A *valid* 1-bit PNG of side x side pixels, all zero: a few dozen KB, hundreds of Mpx."""
    compressor = zlib.compressobj(9)
    row = b"\x00" * (1 + (side + 7) // 8)
    idat = bytearray()
    for _ in range(side):
        idat += compressor.compress(row)
    idat += compressor.flush()
    ihdr = struct.pack(">IIBBBBB", side, side, 1, 0, 0, 0, 0)
    chunks = png_chunk(b"IHDR", ihdr) + png_chunk(b"IDAT", bytes(idat)) + png_chunk(b"IEND", b"")
    return b"\x89PNG\r\n\x1a\n" + chunks


def png_rgb(width: int, height: int) -> bytes:
    """A *valid* 8-bit RGB PNG of width x height white pixels, compressed row by row (small file)."""
    compressor = zlib.compressobj(9)
    row = b"\x00" + b"\xff" * (3 * width)
    idat = bytearray()
    for _ in range(height):
        idat += compressor.compress(row)
    idat += compressor.flush()
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    chunks = png_chunk(b"IHDR", ihdr) + png_chunk(b"IDAT", bytes(idat)) + png_chunk(b"IEND", b"")
    return b"\x89PNG\r\n\x1a\n" + chunks


def pdf_with_pages(page: bytes, count: int) -> bytes:
    """A PDF of ``count`` copies of one page dictionary (``/Parent 2 0 R`` inside it)."""
    kids = b" ".join(b"%d 0 R" % (3 + i) for i in range(count))
    return raw_pdf(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [" + kids + b"] /Count %d >>" % count,
            *([page] * count),
        ]
    )


HUGE_PAGE: bytes = b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 2270 2270] >>"
"""A page of 31.5 x 31.5 inches: 6306 x 6306 px (39.8 Mpx, under the pixel cap) at 200 dpi."""


def png_idat_offset(data: bytes) -> tuple[int, int]:
    """(offset of the IDAT body, its length) in a PNG with one IDAT chunk."""
    for pos, ctype, body in _png_chunks(data):
        if ctype == b"IDAT":
            return pos + 8, len(body)
    raise ValueError("no IDAT")


def jpeg_with_sof(width: int, height: int) -> bytes:
    """A small real JPEG whose SOF0 segment claims width x height."""
    data = bytearray(image_bytes("JPEG", 64, 64))
    sof = data.find(b"\xff\xc0")
    data[sof + 5 : sof + 9] = struct.pack(">HH", height, width)
    return bytes(data)


def bmp_patched(data: bytes, offset: int, value: bytes) -> bytes:
    """Overwrite bytes of a BMP (or anything) at ``offset``."""
    return data[:offset] + value + data[offset + len(value) :]


def cyclic_kids_pdf() -> bytes:
    """A page tree whose /Kids loop: Pages 2 -> Pages 3 -> Pages 2."""
    return raw_pdf(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Pages /Parent 2 0 R /Kids [2 0 R] /Count 1 >>",
        ]
    )


def self_kid_pdf() -> bytes:
    """A /Pages node that lists itself as its own kid."""
    return raw_pdf([b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [2 0 R] /Count 1 >>"])


def cyclic_parent_pdf() -> bytes:
    """A page whose /Parent chain loops: page -> Pages 2 -> Pages 4 -> Pages 2."""
    return raw_pdf(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 /Parent 4 0 R >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>",
            b"<< /Type /Pages /Kids [2 0 R] /Count 1 /Parent 2 0 R >>",
        ]
    )


def self_parent_pdf() -> bytes:
    """The root /Pages node names itself as its /Parent (inherited lookups would loop)."""
    return raw_pdf(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 /Parent 2 0 R /MediaBox [0 0 595 842] >>",
            b"<< /Type /Page /Parent 2 0 R >>",
        ]
    )


def slow_text_pdf(operators: int = 400_000) -> bytes:
    """A small, valid PDF whose one page has ``operators`` text-showing operators.

    pypdf needs roughly 40 us per operator to extract its text (about 16 s for the default on
    this machine) while the file is only a few KB: a cheap way to make a parser run long.
    """
    content = zlib.compress(b"BT /F1 12 Tf 10 10 Td ( ) Tj ET\n" * operators, 9)
    return raw_pdf(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
            b"/Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>",
            b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(content) + content + b"\nendstream",
            b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        ]
    )


def pdf_with_page(page: bytes) -> bytes:
    """A one-page PDF with the given page dictionary (object 3)."""
    return raw_pdf(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            page,
        ]
    )


def zip_bytes(names: dict[str, bytes]) -> bytes:
    """A ZIP archive of the given members."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, body in names.items():
            archive.writestr(name, body)
    return buffer.getvalue()


# --------------------------------------------------------------------------------------------
# The corpus


def _bad() -> list[Sample]:
    rng = random.Random(20240601)
    jpeg = image_bytes("JPEG", 400, 300)
    png = image_bytes("PNG", 400, 300)
    bmp = image_bytes("BMP", 400, 300)
    pdf = text_pdf()
    idat_at, idat_len = png_idat_offset(png)
    html = b"<!DOCTYPE html><html><body><h1>KTP</h1></body></html>\n"

    png_bad_crc = bytearray(png)
    png_bad_crc[idat_at + idat_len // 2] ^= 0xFF

    png_bad_zlib = bytearray(png)
    png_bad_zlib[idat_at : idat_at + 40] = bytes(40)  # not a zlib stream; CRC fixed below
    body = bytes(png_bad_zlib[idat_at : idat_at + idat_len])
    png_bad_zlib[idat_at + idat_len : idat_at + idat_len + 4] = struct.pack(">I", zlib.crc32(b"IDAT" + body))

    png_no_iend = png[: png.rfind(b"\x00\x00\x00\x00IEND")]
    jfif_app0 = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00"
    no_pages = raw_pdf([b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [] /Count 0 >>"])

    samples: list[Sample] = [
        Sample("empty.jpg", b"", "empty_file"),
        Sample("too-large.jpg", jpeg + bytes(11 * 1024 * 1024), "file_too_large"),
        Sample("too-large.pdf", b"%PDF-1.7\n" + bytes(10 * 1024 * 1024), "file_too_large"),
        # Not an allowed format, whatever the name says.
        Sample("page.html.jpg", html, "not_an_allowed_format"),
        Sample("archive.zip.pdf", zip_bytes({"ktp.jpg": jpeg}), "not_an_allowed_format"),
        Sample(
            "letter.docx",
            zip_bytes({"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<w:document/>"}),
            "not_an_allowed_format",
        ),
        Sample("setup.exe.png", b"MZ\x90\x00\x03\x00\x00\x00" + bytes(200), "not_an_allowed_format"),
        Sample("elf.bmp", b"\x7fELF\x02\x01\x01\x00" + bytes(200), "not_an_allowed_format"),
        Sample("anim.gif", image_bytes("GIF"), "not_an_allowed_format"),
        Sample("scan-le.tiff", image_bytes("TIFF"), "not_an_allowed_format"),
        Sample("scan-be.tif", b"MM\x00*" + image_bytes("TIFF")[4:], "not_an_allowed_format"),
        Sample(
            "vector.svg",
            b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" width="400" height="300">'
            b'<script>alert(1)</script></svg>',
            "not_an_allowed_format",
        ),
        Sample("photo.webp", b"RIFF\x24\x00\x00\x00WEBPVP8 " + bytes(40), "not_an_allowed_format"),
        Sample("notes.txt", "NIK 3204 KTP — catatan\n".encode() * 20, "not_an_allowed_format"),
        Sample("bom.txt", b"\xef\xbb\xbf%PDF-1.7\n" + pdf, "not_an_allowed_format"),
        Sample("random.bin", bytes(rng.getrandbits(8) for _ in range(4096)), "not_an_allowed_format"),
        Sample("html-then-pdf.pdf", html + pdf, "not_an_allowed_format"),
        Sample("space-then-pdf.pdf", b" " + pdf, "not_an_allowed_format"),
        Sample("jpeg-tail-only.jpg", jpeg[3:], "not_an_allowed_format"),
        # Images cut short.
        Sample("half.jpg", jpeg[: len(jpeg) // 2], "truncated_image"),
        Sample("header-only.jpg", jpeg[:100], "truncated_image"),
        Sample("soi-only.jpg", b"\xff\xd8\xff", "truncated_image"),
        Sample("half-idat.png", png[: idat_at + idat_len // 2], "truncated_image"),
        Sample("no-iend.png", png_no_iend, "truncated_image"),
        Sample("signature-only.png", png[:8], "truncated_image"),
        Sample("half.bmp", bmp[: len(bmp) // 2], "truncated_image"),
        # Images with broken structure or data.
        Sample("bad-crc.png", bytes(png_bad_crc), "corrupt_image"),
        Sample("bad-zlib.png", bytes(png_bad_zlib), "corrupt_image"),
        Sample("no-ihdr.png", png[:8] + png_chunk(b"tEXt", b"a\x00b") + png[8:], "corrupt_image"),
        Sample("bad-marker.jpg", jfif_app0 + b"\x12\x34" * 100, "corrupt_image"),
        Sample("eoi-first.jpg", b"\xff\xd8\xff\xd9" + bytes(100), "corrupt_image"),
        Sample("bad-dib-size.bmp", bmp_patched(bmp, 14, struct.pack("<I", 99)), "corrupt_image"),
        Sample("zero-width.bmp", bmp_patched(bmp, 18, struct.pack("<i", 0)), "corrupt_image"),
        Sample("bad-bpp.bmp", bmp_patched(bmp, 28, struct.pack("<H", 7)), "corrupt_image"),
        # Decompression bombs: refused from the header.
        Sample("bomb-header.png", png_with_ihdr(50_000, 50_000), "image_too_many_pixels"),
        Sample("bomb-valid.png", png_bomb(), "image_too_many_pixels"),
        Sample("bomb-sof.jpg", jpeg_with_sof(60_000, 60_000), "image_too_many_pixels"),
        Sample(
            "bomb.bmp",
            bmp_patched(bmp_patched(bmp, 18, struct.pack("<i", 30_000)), 22, struct.pack("<i", -30_000)),
            "image_too_many_pixels",
        ),
        # Under the pixel cap, over the memory budget (issue 12 item 8): refused before decode.
        Sample("6300px.png", png_rgb(6300, 6300), "too_much_memory"),
        Sample("five-huge-pages.pdf", pdf_with_pages(HUGE_PAGE, 5), "too_much_memory"),
        # Too small to read.
        Sample("tiny.png", image_bytes("PNG", 20, 20), "image_too_small"),
        Sample("tiny.jpg", image_bytes("JPEG", 20, 20), "image_too_small"),
        Sample("strip.bmp", image_bytes("BMP", 1000, 150), "image_too_small"),
        # PDFs.
        Sample("encrypted.pdf", blank_pdf(1, user_password="rahasia"), "pdf_encrypted"),
        Sample("owner-only.pdf", blank_pdf(1, user_password="", owner_password="pemilik"), "pdf_encrypted"),
        Sample("six-pages.pdf", text_pdf(pages=6), "pdf_too_many_pages"),
        Sample("six-blank.pdf", blank_pdf(6), "pdf_too_many_pages"),
        Sample(
            "count-lies.pdf",
            text_pdf(pages=7).replace(b"/Count 7", b"/Count 1"),
            "pdf_too_many_pages",
        ),
        Sample("garbage.pdf", b"%PDF-1.7\n" + bytes(rng.getrandbits(8) for _ in range(4096)), "pdf_corrupt"),
        Sample("header-only.pdf", b"%PDF-1.4", "pdf_corrupt"),
        Sample("no-pages.pdf", no_pages, "pdf_no_pages"),
        Sample("cyclic-kids.pdf", cyclic_kids_pdf(), "pdf_corrupt"),
        Sample("self-kid.pdf", self_kid_pdf(), "pdf_corrupt"),
        Sample("cyclic-parent.pdf", cyclic_parent_pdf(), "pdf_corrupt"),
        Sample("self-parent.pdf", self_parent_pdf(), "pdf_corrupt"),
        Sample("no-mediabox.pdf", pdf_with_page(b"<< /Type /Page /Parent 2 0 R >>"), "pdf_corrupt"),
        Sample(
            "huge-mediabox.pdf",
            pdf_with_page(b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 14400 14400] >>"),
            "pdf_too_many_pixels",
        ),
        Sample(
            "huge-userunit.pdf",
            pdf_with_page(b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /UserUnit 75000 >>"),
            "pdf_too_many_pixels",
        ),
        Sample(
            "empty-mediabox.pdf",
            pdf_with_page(b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 0 0] >>"),
            "pdf_corrupt",
        ),
    ]
    return samples


BAD_FILES: list[Sample] = _bad()
"""The bad-file corpus, each with its expected reason code."""


def corpus_codes() -> set[str]:
    """Every code the corpus exercises."""
    return {sample.code for sample in BAD_FILES}


