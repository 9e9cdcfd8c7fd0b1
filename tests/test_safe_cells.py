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
