"""Issue 12 item 3: an invisible PDF text layer must not beat the visible page.

A PDF showing one person's KTP (an image) and carrying another person's NIK and name as
invisible text (render mode ``3 Tr``) must be read as the *visible* person, with a
``pdf_edited`` warn signal in the report. An honest text PDF still uses its text layer.
"""

from __future__ import annotations

import shutil
import zlib
from pathlib import Path

import pytest
from PIL import Image

from intake.files import check_file
from intake.settings import Settings
from ocr.engine import OcrEngine
from ocr.pipeline import PipelineContext, process_document, text_layer_agrees
from ocr.records import TextLine
from tests.ocr import imaging as im

REPO = Path(__file__).resolve().parents[2]
CLEAR = REPO / "samples" / "claims" / "clear-01"
VISIBLE_NIK = "1221012007680024"
HIDDEN_NIK = "3273015507910002"
HIDDEN_LINES = (
    "PROVINSI JAWA BARAT",
    "KOTA BANDUNG",
    f"NIK : {HIDDEN_NIK}",
    "Nama : RATNA KUSUMAWATI",
    "Tempat/Tgl Lahir : BANDUNG, 15-07-1991",
    "Jenis Kelamin : PEREMPUAN",
    "Agama : ISLAM",
    "Kewarganegaraan : WNI",
)


def _esc(text: str) -> bytes:
    return text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)").encode("latin-1")


def hidden_text_pdf(jpeg: bytes, width_px: int, height_px: int, lines: tuple[str, ...], dpi: int = 200) -> bytes:
    """One page showing a JPEG, with ``lines`` drawn as invisible text (``3 Tr``) over it."""
    w, h = width_px * 72 / dpi, height_px * 72 / dpi
    text = b"BT 3 Tr /F1 9 Tf 12 " + f"{h - 20:.1f}".encode() + b" Td 11 TL "
    text += b" ".join(b"(" + _esc(line) + b") Tj T*" for line in lines) + b" ET"
    content = f"q {w:.2f} 0 0 {h:.2f} 0 0 cm /Im0 Do Q\n".encode() + text
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 {w:.2f} {h:.2f}] "
        "/Resources << /XObject << /Im0 4 0 R >> /Font << /F1 6 0 R >> >> /Contents 5 0 R >>".encode(),
        f"<< /Type /XObject /Subtype /Image /Width {width_px} /Height {height_px} /ColorSpace /DeviceRGB "
        f"/BitsPerComponent 8 /Filter /DCTDecode /Length {len(jpeg)} >>\nstream\n".encode() + jpeg + b"\nendstream",
        b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(zlib.compress(content))
        + zlib.compress(content) + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{off:010d} 00000 n \n".encode() for off in offsets)
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)


def _ktp_pdf() -> bytes:
    jpeg = (CLEAR / "ktp.jpg").read_bytes()
    with Image.open(CLEAR / "ktp.jpg") as img:
        width, height = img.size
    return hidden_text_pdf(jpeg, width, height, HIDDEN_LINES)


def _lines(*texts: str) -> list[TextLine]:
    return [TextLine(text=t, confidence=0.99, box=[[0, 0], [1, 0], [1, 1], [0, 1]]) for t in texts]


def test_the_probe_sees_the_hidden_text_layer_and_its_render_mode() -> None:
    checked = check_file(_ktp_pdf(), settings=Settings())
    assert checked.pdf is not None
    [page] = checked.pdf.pages
    assert page.invisible_text is True
    assert page.text_layer is not None and HIDDEN_NIK in page.text_layer
    assert 190 <= page.native_dpi <= 210


def test_text_layer_agreement_needs_the_same_key_digits_and_words() -> None:
    layer = "NIK : 3204110508900002\nNama : BUDI SANTOSO\nAlamat : JL MERDEKA"
    assert text_layer_agrees(layer, _lines("NIK : 3204 1105 0890 0002", "Nama : BUDl SANTOSO", "Alamat : JL MERDEKA")).agrees
    other = text_layer_agrees(layer, _lines("NIK : 1221012007680024", "Nama : SOEWARNO", "Alamat : JL MERDEKA"))
    assert not other.agrees and other.digit_strings_differ == 2 and other.words_unmatched == 2
    # The visible page shows a number the text layer does not carry: they disagree too.
    assert not text_layer_agrees(layer, _lines("NIK : 3204110508900002", "Nama : BUDI SANTOSO", "Alamat : JL MERDEKA",
                                               "KPJ 61692509957")).agrees


@pytest.mark.ocr
def test_invisible_text_layer_does_not_beat_the_visible_page(default_ocr_engine: OcrEngine, tmp_path: Path) -> None:
    from workers.claim_dir import verify_claim_dir

    folder = tmp_path / "claim"
    folder.mkdir()
    shutil.copy(CLEAR / "claim.json", folder / "claim.json")
    for name in ("kk.png", "bpjs_card.pdf", "passbook.pdf", "resignation_letter.png"):
        shutil.copy(CLEAR / name, folder / name)
    (folder / "ktp.pdf").write_bytes(_ktp_pdf())
    ctx = PipelineContext(settings=Settings(), engine=default_ocr_engine)
    report = verify_claim_dir(folder, ctx).as_contract()
    ktp = report["documents"]["ktp"]
    assert ktp["status"] == "accepted"
    assert ktp["fields"]["nik"]["value"] == VISIBLE_NIK
    assert "SOEWARNO" in ktp["fields"]["full_name"]["value"]
    [signal] = [s for s in report["signals"] if s["signal"] == "pdf_edited"]
    assert signal["severity"] == "warn" and signal["detail"]["slot"] == "ktp"
    assert signal["detail"]["invisible_text"] is True and signal["detail"]["pages"] == [1]
    assert signal["message"]["id"] and signal["message"]["en"]
    assert HIDDEN_NIK not in str(signal)  # no personal values in the signal
    # Every check matches the visible person; the warn signal alone asks for a person to look.
    assert all(c["status"] == "match" for c in report["checks"] if c["check"].startswith("ktp."))
    assert report["verdict"] == "needs_review"


@pytest.mark.ocr
def test_an_honest_text_pdf_still_reads_its_text_layer(default_ocr_engine: OcrEngine) -> None:
    ctx = PipelineContext(settings=Settings(), engine=default_ocr_engine)
    done = process_document("resignation_letter", im.text_pdf([list(im.PAGE_LINES)]), ctx)
    assert [p.source for p in done.pages] == ["text_layer"]
    assert done.result.signals == []


def test_the_pdf_edited_signal_survives_storage_and_makes_a_clear_claim_needs_review() -> None:
    from ocr.pipeline import TextLayerCheck, pdf_edited_signal
    from ocr.records import DocumentResult

    signal = pdf_edited_signal({1: TextLayerCheck(agrees=False, digit_strings_differ=2, words_unmatched=3)}, True)
    doc = DocumentResult(slot="ktp", status="accepted", pages=1, signals=[signal])
    back = DocumentResult.from_json(doc.to_json(), "ktp")
    assert back.signals == [signal]
    assert back.as_contract() == doc.as_contract()

    from matching.verdict import decide

    assert decide({"ktp": back}, []) == "needs_review"
    assert decide({"ktp": DocumentResult(slot="ktp", status="accepted")}, []) == "clear"
