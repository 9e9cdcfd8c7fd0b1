"""`escucha analyze` never overwrites a column of the user's file (their own labels, say)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from escucha.pipeline.analyze_file import OUTPUT_COLUMNS, analyze_csv, taken_columns


class FixedAnalyzer:
    """Stands in for the Analyzer: the column handling is what is under test, not the models."""

    def analyze(self, texts, channels, topic_vectors=True):
        n = len(texts)
        rows = pd.DataFrame({"language": ["es"] * n, "sentiment": ["NEG"] * n, "sentiment_pos": [0.1] * n,
                             "sentiment_neu": [0.2] * n, "sentiment_neg": [0.7] * n, "emotion": ["enojo"] * n,
                             "irony": [0.1] * n, "pqrs_type_pred": ["queja"] * n})
        return rows, np.zeros((n, 4), np.float32)


def _user_file(tmp_path):
    src = tmp_path / "mis_datos.csv"
    src.write_text("id,comentario,sentiment,Emotion\n1,Me cobraron doble,negativo,enojo\n2,Gracias,positivo,alegría\n",
                   encoding="utf-8")
    return src


def test_a_taken_column_stops_the_analysis_before_writing(tmp_path):
    src, dst = _user_file(tmp_path), tmp_path / "salida.csv"
    with pytest.raises(ValueError, match="sentiment") as exc:
        analyze_csv(src, dst, "comentario", FixedAnalyzer())
    assert "--prefix" in str(exc.value) and "no se sobrescriben" in str(exc.value)
    assert not dst.exists() and not list(tmp_path.glob(".*.tmp"))


def test_prefix_keeps_the_users_columns_and_adds_the_analysis(tmp_path):
    src, dst = _user_file(tmp_path), tmp_path / "salida.csv"
    assert analyze_csv(src, dst, "comentario", FixedAnalyzer(), prefix="escucha_") == 2
    out = pd.read_csv(dst, dtype=str, keep_default_na=False)
    assert list(out.columns) == ["id", "comentario", "sentiment", "Emotion", *("escucha_" + c for c in OUTPUT_COLUMNS)]
    assert out["sentiment"].tolist() == ["negativo", "positivo"]  # the user's labels, untouched
    assert out["escucha_sentiment"].tolist() == ["NEG", "NEG"]


def test_taken_columns_is_exact_about_names():
    assert taken_columns(["sentiment", "Emotion", "pqrs_type"]) == ["sentiment", "pqrs_type"]
    assert taken_columns(["sentiment"], prefix="escucha_") == []
    assert taken_columns(["escucha_language"], prefix="escucha_") == ["escucha_language"]


def test_cli_names_the_taken_column_and_the_option(tmp_path):
    import subprocess
    import sys

    src = _user_file(tmp_path)
    proc = subprocess.run([sys.executable, "-m", "escucha.cli", "analyze", str(src), "-t", "comentario",
                           "-o", str(tmp_path / "salida.csv")], capture_output=True, text=True, cwd=tmp_path)
    assert proc.returncode == 2
    assert "sentiment" in proc.stderr and "--prefix" in proc.stderr
    assert not (tmp_path / "salida.csv").exists()
