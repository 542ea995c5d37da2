"""Tests for document-type classification."""

from __future__ import annotations

import pytest

from ocr.classify import classify, classify_for_slot, scores
from tests.ocr.extract import fixture_names, load_fixture, make_page

KTP = ["PROVINSI JAWA BARAT", "KABUPATEN BANDUNG", "NIK : 3204110508900002", "Nama : BUDI", "Tempat/Tgl Lahir : BANDUNG, 05-08-1990",
       "Jenis Kelamin : LAKI-LAKI Gol. Darah : O", "Berlaku Hingga : SEUMUR HIDUP"]
KK = ["KARTU KELUARGA", "No. 3204112003150007", "Nama Kepala Keluarga : BUDI", "No Nama Lengkap NIK Jenis Kelamin",
      "1 BUDI 3204110508900002 LAKI-LAKI", "2 SITI 3204115203920003 PEREMPUAN", "3 ANDI 3204111707150001 LAKI-LAKI",
      "No Status Perkawinan Status Hubungan Dalam Keluarga"]
BPJS = ["BPJS Ketenagakerjaan", "KARTU PESERTA", "SITI AMINAH", "KPJ : 19012345678"]
LETTER = ["PT MAJU JAYA", "SURAT KETERANGAN", "Yang bertanda tangan di bawah ini:", "Nama : A", "dengan ini menerangkan bahwa:",
          "Nama : B", "telah berhenti bekerja terhitung 15 Oktober 2026", "Demikian surat ini dibuat.", "Bandung, 20 Oktober 2026",
          "x", "x", "x", "x"]
PASSBOOK = ["BANK BRI", "BUKU TABUNGAN BritAma", "Nama : DEWI", "No. Rekening : 0123-01-012345-50-9"]


@pytest.mark.parametrize(
    ("rows", "want", "size"),
    [(KTP, "ktp", (1000, 630)), (KK, "kk", (1600, 1000)), (BPJS, "bpjs_card", (1000, 630)),
     (LETTER, "resignation_letter", (1240, 1754)), (PASSBOOK, "passbook", (1200, 800))],
)
def test_each_type(rows: list, want: str, size: tuple[int, int]) -> None:
    doc, conf = classify([make_page(rows, width=size[0], height=size[1])])
    assert doc == want and conf > 0.7


def test_dropped_spaces() -> None:
    doc, _ = classify([make_page(["KARTUKELUARGA", "No.3204112003150007", "StatusHubunganDalamKeluarga"])])
    assert doc == "kk"


def test_kk_is_not_a_ktp() -> None:
    # a KK shares NIK, Jenis Kelamin, Status Perkawinan... with the KTP but must not pass as one
    doc, _ = classify([make_page([*KK, "Kewarganegaraan", "Jenis Kelamin", "Agama", "PROVINSI JAWA BARAT"], width=1600, height=1000)])
    assert doc == "kk"


def test_letter_mentioning_bpjs_is_a_letter() -> None:
    doc, _ = classify([make_page([*LETTER, "untuk keperluan pencairan JHT BPJS Ketenagakerjaan"], width=1240, height=1754)])
    assert doc == "resignation_letter"


@pytest.mark.parametrize("rows", [[], ["hello world"], ["INVOICE", "Total 120.000"], ["NIK"]])
def test_unknown(rows: list) -> None:
    doc, conf = classify([make_page(rows)])
    assert doc is None and 0.0 <= conf <= 1.0


def test_ambiguous_lower_confidence() -> None:
    _d, sure = classify([make_page(BPJS)])
    _d2, mixed = classify([make_page(["BPJS Ketenagakerjaan", "BUKU TABUNGAN", "No. Rekening : 0123456789", "KPJ 19012345678"])])
    assert mixed < sure


@pytest.mark.parametrize("name", fixture_names())
def test_real_ocr_fixtures(name: str) -> None:
    doc_type, _truth, pages = load_fixture(name)
    assert classify(pages)[0] == doc_type


def test_bpjs_card_whose_header_band_was_cropped_off_is_read_in_its_slot() -> None:
    """Only the card's rows survived the crop (its header band went with the background): the
    KPJ-shaped number and 'Peserta' still make it a BPJS card in its own slot, never elsewhere."""
    from ocr.classify import classify_for_slot

    rows = ["Nama", ": DEDI SUSANTO", "Tgl. Lahir", ":08-08-1977", "No. Peserta :64877331 109", "Berlaku",
            ":Selamamenjadipeserta", "PT MEGA MANDIRI TEKSTIL"]
    page = make_page(rows, width=1000, height=489)
    assert classify_for_slot([page], ("bpjs_card",))[0] == "bpjs_card"
    assert classify_for_slot([page], ("passbook",))[0] != "passbook"


def test_an_account_number_label_before_a_number_is_a_passbook_cue() -> None:
    # a slip or sticker that prints only the holder and the number, in the passbook slot
    page = make_page([[(20, "Nama"), (200, ": SITI AMINAH")], [(20, "No. Rek"), (200, ": 0123456789")]])
    assert scores([page])["passbook"] >= 1.5
    assert classify_for_slot([page], ("passbook",))[0] == "passbook"
    bare = make_page([[(20, "Nama"), (200, ": SITI AMINAH")], [(20, "Kode"), (200, ": 0123456789")]])
    assert scores([bare])["passbook"] < scores([page])["passbook"]


STATEMENT = ["PT SINAR ABADI LOGISTIK", "PERNYATAAN", "Kepada BPJS Ketenagakerjaan Kantor Cabang Bekasi",
             "Nomor : 014/HR/2026", "Nama peserta : SITI AMINAH", "Nomor KPJ : 19012345678",
             "Kartu peserta BPJS Ketenagakerjaan atas nama tersebut terdaftar pada perusahaan kami",
             "yang bersangkutan sudah tidak lagi bekerja pada perusahaan kami sejak tanggal",
             "30 September 2026 dan seluruh hak kepesertaan program JHT dapat dicairkan sesuai",
             "dengan ketentuan yang berlaku bagi peserta yang telah berhenti bekerja",
             "Demikian untuk dipergunakan sebagaimana mestinya.", "Bekasi, 20 Oktober 2026", "HRD Manager"]


def test_a_page_of_running_text_in_the_letter_slot_is_the_letter_not_a_card() -> None:
    """A statement that names BPJS Ketenagakerjaan, the card and the KPJ scores as a card by its
    words; its running text says it is a letter, in the letter's slot only."""
    page = make_page(STATEMENT, width=1240, height=1754)
    assert classify([page])[0] == "bpjs_card"
    assert classify_for_slot([page], ("resignation_letter",))[0] == "resignation_letter"


def test_a_card_in_the_letter_slot_stays_a_card() -> None:
    # a card (even with its back's terms printed under it) carries no letter cues: still wrong_type
    card = make_page([*BPJS, "Kartu ini adalah bukti kepesertaan pada program BPJS Ketenagakerjaan",
                      "apabila menemukan kartu ini harap dikembalikan ke kantor cabang terdekat",
                      "kartu ini berlaku selama pemegang kartu masih terdaftar sebagai peserta"], width=1240, height=1754)
    assert classify_for_slot([card], ("resignation_letter",))[0] == "bpjs_card"
    assert classify_for_slot([make_page(BPJS, width=1000, height=630)], ("resignation_letter",))[0] == "bpjs_card"
