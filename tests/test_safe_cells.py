"""Spreadsheet cells written from customer text never start like a formula (CSV injection)."""

from __future__ import annotations

import csv

import pandas as pd
import pytest

from escucha.outputs.safe_cells import FORMULA_STARTS, is_formula_like, safe_cell, safe_frame

FORMULAS = [
    '=HYPERLINK("http://malo.example/x","clic aquí") el cobro está mal',
    "+57 300 000 0000 me cobran doble",
    "-2+3 y nadie responde",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "\t=1+1",
    "\r=1+1",
]


@pytest.mark.parametrize("text", FORMULAS)
def test_safe_cell_keeps_the_text_after_an_apostrophe(text):
    out = safe_cell(text)
    assert out == "'" + text.replace("\r", "\n")
    assert not out.startswith(FORMULA_STARTS)


def test_a_carriage_return_inside_a_text_cannot_start_a_row():
    assert safe_cell("bien\r=HYPERLINK(1)") == "bien\n=HYPERLINK(1)"


def test_plain_values_and_numbers_are_untouched():
    assert safe_cell("el cobro está mal = 2 veces") == "el cobro está mal = 2 veces"
    assert safe_cell(-5) == -5 and safe_cell(None) is None
    assert not is_formula_like(3.5)


def test_frames_written_as_csv_and_xlsx_have_no_formula_cell(tmp_path):
    from openpyxl import Workbook, load_workbook

    df = pd.DataFrame({"text": FORMULAS + ["normal"], "n": list(range(len(FORMULAS) + 1)),
                       "=col": ["x"] * (len(FORMULAS) + 1)})
    safe = safe_frame(df)
    assert df["text"].tolist()[0].startswith("=")  # the input frame is left as it was
    assert safe["n"].tolist() == df["n"].tolist()
    path = tmp_path / "t.csv"
    safe.to_csv(path, index=False, encoding="utf-8-sig")
    with path.open(encoding="utf-8-sig", newline="") as fh:
        cells = [c for row in csv.reader(fh) for c in row]
    assert not [c for c in cells if c.startswith(FORMULA_STARTS)]
    assert len(cells) == 3 * (len(FORMULAS) + 2)  # no row was split by a carriage return
    assert any(c == "'" + FORMULAS[0] for c in cells)
    wb = Workbook()
    ws = wb.active
    for row in [list(safe.columns)] + safe.values.tolist():
        ws.append(row)
    wb.save(tmp_path / "t.xlsx")
    sheet = load_workbook(tmp_path / "t.xlsx").active
    for row in sheet.iter_rows():
        for cell in row:
            assert cell.data_type != "f", cell.value
            assert not (isinstance(cell.value, str) and cell.value.startswith(FORMULA_STARTS)), cell.value


def _cells(path) -> list[str]:
    with open(path, encoding="utf-8-sig", newline="") as fh:
        return [c for row in csv.reader(fh) for c in row]


def _formulas(cells: list[str]) -> list[str]:
    """Cells a spreadsheet would run: starting like a formula and not a plain number ("-0.13")."""
    def number(c: str) -> bool:
        try:
            float(c)
            return True
        except ValueError:
            return False

    return [c for c in cells if c.startswith(FORMULA_STARTS) and not number(c)]


class _FakeAnalyzer:
    """Just the columns `analyze_csv` reads: the writer is under test, not the models."""

    def analyze(self, texts, channels, topic_vectors=True):
        import numpy as np

        n = len(texts)
        rows = pd.DataFrame({"language": ["es"] * n, "sentiment": ["NEG"] * n, "sentiment_pos": [0.1] * n,
                             "sentiment_neu": [0.1] * n, "sentiment_neg": [0.8] * n, "emotion": ["enojo"] * n,
                             "irony": [0.0] * n, "pqrs_type_pred": ["queja"] * n})
        return rows, np.zeros((n, 4))


def test_analyze_output_has_no_formula_cell(tmp_path):
    from escucha.nlp.text.pii import RedactionPolicy
    from escucha.pipeline.analyze_file import analyze_csv

    src = tmp_path / "in.csv"
    pd.DataFrame({"id": range(len(FORMULAS)), "texto": FORMULAS, "=origen": ["=1+1"] * len(FORMULAS)}).to_csv(
        src, index=False, encoding="utf-8", quoting=csv.QUOTE_ALL)
    dst = tmp_path / "out.csv"
    assert analyze_csv(src, dst, "texto", _FakeAnalyzer(), policy=RedactionPolicy(), chunk_size=2) == len(FORMULAS)
    cells = _cells(dst)
    assert not _formulas(cells), cells
    out = pd.read_csv(dst, dtype=str, keep_default_na=False)
    assert out["texto"].tolist()[0] == "'" + FORMULAS[0]  # the visible text is kept
    assert out["text_redacted"].str.startswith("'").sum() >= 4


def test_report_tables_have_no_formula_cell(tmp_path):
    from datetime import datetime, timezone

    from escucha.outputs.reports import TeamSpec, build_report, write_tables
    from frames import make_frame

    frame = make_frame()
    frame["text"] = [FORMULAS[i % len(FORMULAS)] for i in range(len(frame))]
    frame["product"] = ["=HYPERLINK(\"http://malo.example\")"] * len(frame)
    data = build_report(frame, TeamSpec("producto", "Informe de Producto"), datetime(2026, 11, 20, 23, tzinfo=timezone.utc))
    paths = write_tables(data, tmp_path, formats=("csv",))
    assert paths
    for path in paths.values():
        assert not _formulas(_cells(path)), path.name
