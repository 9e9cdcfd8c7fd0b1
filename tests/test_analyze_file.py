"""`escucha analyze` on any CSV or workbook: encodings, empty texts, chunked streaming, CLI errors."""

from __future__ import annotations

import codecs
import subprocess
import sys
from datetime import datetime
from pathlib import Path

import pandas as pd
import pytest

from escucha.config import load_config
from escucha.nlp.analyzer import Analyzer
from escucha.pipeline.analyze_file import OUTPUT_COLUMNS, analyze_csv
from escucha.pipeline.ingest import build_redaction
from escucha.textfiles import detect_encoding

ROWS = [
    ("1", "Pésimo servicio, me cobraron doble y nadie responde. Escríbanme a juan.perez@gmail.com"),
    ("2", "Muchas gracias por la atención, la asesora fue excelente"),
    ("3", "   "),
    ("4", "¿Cuál es el horario de atención de la oficina de Medellín?"),
    ("5", "Llevo una semana sin internet, qué desastre de empresa"),
]


@pytest.fixture(scope="module")
def analyzer():
    return Analyzer.from_config(load_config(environ={}).nlp)


def _write(path: Path, encoding: str, sep: str = ";") -> Path:
    text = "id" + sep + "comentario\n" + "".join(f"{i}{sep}{t}\n" for i, t in ROWS)
    path.write_bytes(text.encode(encoding))
    return path


@pytest.mark.parametrize("encoding", ["utf-8", "cp1252", "latin-1"])
def test_detect_encoding(tmp_path, encoding):
    f = _write(tmp_path / "in.csv", encoding)
    got = detect_encoding(f)
    assert f.read_bytes().decode(got).count("é") == 2  # Pésimo, Medellín has í: é only twice


def test_enriches_every_row_and_keeps_input_columns(tmp_path, analyzer):
    src = _write(tmp_path / "in.csv", "cp1252")
    dst = tmp_path / "out.csv"
    n = analyze_csv(src, dst, "comentario", analyzer, build_redaction(load_config(environ={})), chunk_size=2)
    out = pd.read_csv(dst, dtype=str, keep_default_na=False)
    assert n == 5 and len(out) == 5
    assert list(out.columns) == ["id", "comentario", *OUTPUT_COLUMNS]
    assert out.loc[0, "comentario"].startswith("Pésimo")  # accents survive the CP1252 round trip
    assert "[EMAIL]" in out.loc[0, "text_redacted"] and "juan.perez" not in out.loc[0, "text_redacted"]
    assert out.loc[0, "sentiment"] == "NEG" and out.loc[4, "sentiment"] == "NEG"
    assert out.loc[1, "sentiment"] == "POS"
    assert out.loc[2, "language"] == "und" and out.loc[2, "sentiment"] == ""  # blank text: kept, not analysed
    probs = out.loc[[0, 1, 3, 4], ["sentiment_pos", "sentiment_neu", "sentiment_neg"]].astype(float).sum(axis=1)
    assert ((probs - 1).abs() < 1e-6).all()
    # chunking does not change results
    whole = tmp_path / "whole.csv"
    analyze_csv(src, whole, "comentario", analyzer, build_redaction(load_config(environ={})), chunk_size=100)
    other = pd.read_csv(whole, dtype=str, keep_default_na=False)
    numeric = ["sentiment_pos", "sentiment_neu", "sentiment_neg", "irony"]
    pd.testing.assert_frame_equal(out.drop(columns=numeric), other.drop(columns=numeric))
    as_float = lambda df: df[numeric].replace("", "nan").astype(float)  # noqa: E731  (batching moves the 7th decimal)
    pd.testing.assert_frame_equal(as_float(out), as_float(other), check_exact=False, atol=1e-5)


def test_cli_names_a_missing_column(tmp_path):
    src = _write(tmp_path / "in.csv", "utf-8", sep=",")
    proc = subprocess.run([sys.executable, "-m", "escucha.cli", "analyze", str(src), "--text-column", "texto",
                           "-o", str(tmp_path / "o.csv")], capture_output=True, text=True)
    assert proc.returncode == 2
    assert "column 'texto' not found" in proc.stderr and "comentario" in proc.stderr


def test_excel_unicode_text_round_trips_with_its_accents(tmp_path, analyzer):
    """Excel's "Texto Unicode" (UTF-16 LE with a BOM, tabs) in; a CSV Excel opens right out."""
    src = tmp_path / "export.txt"
    src.write_bytes(codecs.BOM_UTF16_LE + ("id\tcomentario\r\n" + "".join(f"{i}\t{t}\r\n" for i, t in ROWS)).encode("utf-16-le"))
    dst = tmp_path / "out.csv"
    assert analyze_csv(src, dst, "comentario", analyzer) == 5
    raw = dst.read_bytes()
    assert raw.startswith(codecs.BOM_UTF8)  # Excel reads it as UTF-8, not as the Windows code page
    out = pd.read_csv(dst, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    assert list(out.columns) == ["id", "comentario", *OUTPUT_COLUMNS]
    assert out["comentario"].tolist() == [t for _, t in ROWS]
    assert out.loc[3, "text_redacted"].startswith("¿Cuál") and out.loc[0, "sentiment"] == "NEG"
    analyze_csv(src, tmp_path / "plain.csv", "comentario", analyzer, bom=False)
    assert (tmp_path / "plain.csv").read_bytes() == raw[len(codecs.BOM_UTF8):]
    # Excel where the decimal mark is a comma: semicolons, and every probability with a decimal comma
    analyze_csv(src, tmp_path / "es.csv", "comentario", analyzer, delimiter=";")
    spanish = pd.read_csv(tmp_path / "es.csv", sep=";", decimal=",", encoding="utf-8-sig")
    for col in ("sentiment_pos", "sentiment_neu", "sentiment_neg", "irony"):
        assert spanish.loc[0, col] == pytest.approx(float(out.loc[0, col]), abs=1e-9), col


def test_workbook_round_trips_through_analyze(tmp_path, analyzer):
    from openpyxl import Workbook, load_workbook

    wb = Workbook()
    ws = wb.active
    ws.title = "PQRS"
    ws.append(["id", "fecha", "comentario"])
    when = datetime(2026, 11, 3, 20, 15)
    for i, text in ROWS:
        ws.append([int(i), when, text])
    ws.append([6, when, None])
    ws.cell(row=7, column=3).value = "=HYPERLINK(\"http://malo.example\",\"Pésimo, clic aquí\")"
    ws.cell(row=7, column=3).data_type = "s"  # a text typed with a leading apostrophe
    wb.save(tmp_path / "in.xlsx")
    dst = tmp_path / "out.xlsx"
    assert analyze_csv(tmp_path / "in.xlsx", dst, "comentario", analyzer, build_redaction(load_config(environ={})),
                       chunk_size=4) == 6
    sheet = load_workbook(dst).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == ("id", "fecha", "comentario", *OUTPUT_COLUMNS)
    out = pd.DataFrame(rows[1:], columns=rows[0])
    assert out["comentario"].tolist()[:5] == [t for _, t in ROWS]  # accents as they were
    assert out.loc[0, "fecha"] == when and out.loc[0, "id"] == 1  # a date stays a date, a number a number
    assert out.loc[0, "sentiment"] == "NEG" and "[EMAIL]" in out.loc[0, "text_redacted"]
    assert isinstance(out.loc[0, "sentiment_neg"], float)
    assert rows[3][rows[0].index("sentiment")] is None  # a blank text: kept, not analysed
    formula_like = sheet.cell(row=7, column=3)
    assert formula_like.value.startswith("'=HYPERLINK") and formula_like.data_type == "s"  # a text, never a formula
