"""One encoding detector for every file Escucha reads: BOMs, UTF-8, legacy code pages, mixed files."""

from __future__ import annotations

import codecs

import pytest

from escucha import textfiles
from escucha.textfiles import detect_encoding, open_text, read_text, sniff_delimiter

TEXT = ("radicado;descripción\n"
        "PQR-1;“Cobro doble” en la factura: 20 € de más, señores\n"
        "PQR-2;ÁREA DE ATENCIÓN: el pingüino del logo está mal\n")


@pytest.mark.parametrize("raw, codec", [
    (codecs.BOM_UTF8 + TEXT.encode("utf-8"), "utf-8-sig"),
    (TEXT.encode("utf-16"), "utf-16"),  # Excel's "Unicode text": UTF-16 LE with a BOM
    (codecs.BOM_UTF16_BE + TEXT.encode("utf-16-be"), "utf-16"),
    (TEXT.encode("utf-32"), "utf-32"),
    (TEXT.encode("utf-8"), "utf-8"),
    (TEXT.encode("cp1252"), "cp1252"),
])
def test_unicode_and_windows_1252_are_read_exactly(tmp_path, raw, codec):
    f = tmp_path / "export.csv"
    f.write_bytes(raw)
    assert detect_encoding(f) == codec
    assert read_text(f) == (TEXT, codec)  # no BOM left in the text


def test_latin_1_and_dos_code_pages_keep_their_accents(tmp_path):
    plain = TEXT.replace("“", '"').replace("”", '"').replace("€", "EUR")
    latin = tmp_path / "latin.csv"
    latin.write_bytes(plain.encode("latin-1"))
    assert read_text(latin)[0] == plain  # Windows-1252 reads every Latin-1 letter the same
    dos = tmp_path / "dos.csv"  # ü and É are bytes Windows-1252 leaves undefined
    dos.write_bytes(plain.encode("cp850"))
    assert read_text(dos)[0] == plain


def test_utf16_without_a_bom_is_recognised(tmp_path):
    f = tmp_path / "sin_bom.csv"
    f.write_bytes(TEXT.encode("utf-16-le"))
    assert read_text(f)[0] == TEXT


def test_a_file_appended_to_in_two_encodings_keeps_every_line(tmp_path, monkeypatch):
    # small blocks, so the UTF-8 check, the sample of legacy lines and the line reader all
    # cross block boundaries, and the first Windows-1252 line comes after the first block
    monkeypatch.setattr(textfiles, "SAMPLE_BYTES", 64)
    utf8_lines = [f"{i};Teléfono dañado número {i}\n" for i in range(20)]
    legacy_lines = [f"{i};Atención pésima, señores ({i})\n" for i in range(20, 40)]
    f = tmp_path / "mixed.csv"
    f.write_bytes(b"".join(line.encode("utf-8") for line in utf8_lines)
                  + b"".join(line.encode("cp1252") for line in legacy_lines))
    assert detect_encoding(f) == "cp1252"
    with open_text(f) as fh:
        assert fh.read() == "".join(utf8_lines + legacy_lines)
    with open_text(f) as fh:  # read line by line, as csv and pandas do
        assert list(fh) == utf8_lines + legacy_lines


def test_a_byte_no_code_page_explains_is_kept(tmp_path):
    f = tmp_path / "raro.csv"
    f.write_bytes("id;texto\n1;señal\n".encode("cp1252") + b"2;caf\x81\n")
    text, _ = read_text(f)
    assert text.startswith("id;texto\n1;señal\n2;caf") and len(text) == len("id;texto\n1;señal\n2;caf?\n")


def test_empty_file(tmp_path):
    f = tmp_path / "vacio.csv"
    f.write_bytes(b"")
    assert read_text(f) == ("", "utf-8")


@pytest.mark.parametrize("delimiter", [",", ";", "\t", "|"])
def test_sniff_delimiter(delimiter):
    text = delimiter.join(["id", "texto", "canal"]) + "\n" + delimiter.join(["1", "hola, buenas", "web"]) + "\n"
    if delimiter == ",":
        text = 'id,texto,canal\n1,"hola, buenas",web\n'
    assert sniff_delimiter(text) == delimiter
    assert sniff_delimiter("una sola columna\nsin separador\n") == ","
