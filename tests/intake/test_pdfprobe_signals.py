"""The PDF probe's structure facts for ``pdf_edited``: creator / producer and incremental updates."""

from __future__ import annotations

import io

from pypdf import PdfWriter

from intake.pdfprobe import count_incremental_updates, probe_pdf


def _pdf(creator: str | None = None, producer: str | None = None) -> bytes:
    w = PdfWriter()
    w.add_blank_page(width=595, height=842)
    meta = {}
    if creator:
        meta["/Creator"] = creator
    if producer:
        meta["/Producer"] = producer
    if meta:
        w.add_metadata(meta)
    buf = io.BytesIO()
    w.write(buf)
    return buf.getvalue()


def _append_update(data: bytes) -> bytes:
    """An incremental update as an editor appends it: a new object, xref section and trailer."""
    start = len(data)
    body = b"\n99 0 obj\n<< /Edited true >>\nendobj\n"
    xref_at = start + len(body)
    xref = b"xref\n99 1\n%010d 00000 n \n" % (start + 1)
    prev = data.rsplit(b"startxref", 1)[1].split()[0]
    trailer = b"trailer\n<< /Size 100 /Prev " + prev + b" >>\nstartxref\n%d\n%%%%EOF\n" % xref_at
    return data + body + xref + trailer


def test_a_fresh_pdf_has_no_incremental_update() -> None:
    data = _pdf()
    assert count_incremental_updates(data) == 0
    assert probe_pdf(data, max_pages=5, timeout_s=20).incremental_updates == 0


def test_an_appended_update_is_counted() -> None:
    data = _append_update(_pdf())
    assert count_incremental_updates(data) == 1
    assert count_incremental_updates(_append_update(data)) == 2
    assert probe_pdf(data, max_pages=5, timeout_s=20).incremental_updates == 1


def test_linearized_first_page_section_is_not_an_update() -> None:
    data = _pdf()
    lin = data[:9] + b"1 0 obj << /Linearized 1 >> endobj\nstartxref\n0\n%%EOF\n" + data[9:]
    assert count_incremental_updates(lin) == 0


def test_creator_and_producer_are_read() -> None:
    probe = probe_pdf(_pdf("Microsoft Word 2019", "iLovePDF"), max_pages=5, timeout_s=20)
    assert (probe.creator, probe.producer) == ("Microsoft Word 2019", "iLovePDF")
    assert probe_pdf(_pdf(), max_pages=5, timeout_s=20).creator is None
