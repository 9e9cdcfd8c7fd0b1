"""`escucha analyze` on any CSV: encodings, empty texts, chunked streaming, CLI errors."""

from __future__ import annotations

import subprocess
import sys
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
