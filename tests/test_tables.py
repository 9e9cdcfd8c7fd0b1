"""Tables an analyst hands in and gets back: CSV in any encoding or an Excel workbook in
(pipeline/table_input.py), CSV with a BOM or a workbook out (outputs/tables.py). No model here."""

from __future__ import annotations

import codecs
from datetime import datetime

import pandas as pd
import pytest
from openpyxl import Workbook, load_workbook

from escucha.outputs.tables import TableWriter, write_table
from escucha.pipeline.table_input import TableInput

TEXTS = ["Pésimo servicio en Bogotá", "¿Por qué me cobraron dos veces?", "Atención rápida, gracias ñandú"]


def _workbook(path, rows, sheet="Hoja1", extra_sheet=True):
    wb = Workbook()
    ws = wb.active
    ws.title = sheet
    for row in rows:
        ws.append(row)
    if extra_sheet:
        wb.create_sheet("Otra").append(["x", "y"])
    wb.save(path)
    return path


def test_excel_unicode_text_is_read_with_its_accents(tmp_path):
    """Excel's "Texto Unicode": UTF-16 LE with a BOM, tab-separated."""
    src = tmp_path / "export.txt"
    body = "id\tcomentario\r\n" + "".join(f"{i}\t{t}\r\n" for i, t in enumerate(TEXTS))
    src.write_bytes(codecs.BOM_UTF16_LE + body.encode("utf-16-le"))
    table = TableInput.open(src, "comentario")
    assert table.delimiter == "\t" and table.columns == ("id", "comentario")
    assert table.read()["comentario"].tolist() == TEXTS


def test_workbook_input_first_sheet_or_named_one(tmp_path):
    when = datetime(2026, 11, 3, 20, 15)
    src = _workbook(tmp_path / "in.xlsx", [["id", "comentario", "fecha", None], [1, TEXTS[0], when],
                                           [None, None, None], [2, TEXTS[1], None], [3, None, when]])
    table = TableInput.open(src, "comentario")
    assert table.sheet == "Hoja1" and table.columns == ("id", "comentario", "fecha")
    df = table.read()
    assert df["comentario"].tolist() == [TEXTS[0], TEXTS[1], ""]  # the blank row is skipped, a blank cell is ""
    assert df.loc[0, "fecha"] == when and df.loc[0, "id"] == 1  # cells keep their type
    chunks = list(table.chunks(2))
    assert [len(c) for c in chunks] == [2, 1] and chunks[1].index.tolist() == [0]
    assert TableInput.open(src, "x", sheet="Otra").columns == ("x", "y")
    with pytest.raises(ValueError, match="sheet 'Nada' not found.*Hoja1, Otra"):
        TableInput.open(src, "comentario", sheet="Nada")
    with pytest.raises(ValueError, match="column 'texto' not found.*comentario"):
        TableInput.open(src, "texto")


def test_workbook_headers_blank_and_repeated(tmp_path):
    src = _workbook(tmp_path / "in.xlsx", [["texto", None, "texto", None], ["a", "b", "c"]], extra_sheet=False)
    assert TableInput.open(src, "texto").columns == ("texto", "Unnamed: 1", "texto.1")
    bad = _workbook(tmp_path / "bad.xlsx", [["texto"], ["a", "sin encabezado"]], extra_sheet=False)
    with pytest.raises(ValueError, match="row 2: a cell beyond the last column"):
        TableInput.open(bad, "texto").read()


def test_an_old_xls_workbook_is_named_not_read_as_text(tmp_path):
    old = tmp_path / "viejo.xls"
    old.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 64)
    with pytest.raises(ValueError, match="only .xlsx workbooks.*save it as .xlsx"):
        TableInput.open(old, "texto")


def test_sheet_option_on_a_csv_is_refused(tmp_path):
    src = tmp_path / "in.csv"
    src.write_text("texto\nhola\n", encoding="utf-8")
    with pytest.raises(ValueError, match="not an Excel workbook"):
        TableInput.open(src, "texto", sheet="Hoja1")


def test_csv_output_has_a_bom_by_default_and_not_when_asked(tmp_path):
    df = pd.DataFrame({"comentario": TEXTS, "prob": [0.25, 0.5, 0.125]})
    with TableWriter(tmp_path / "con.csv") as out:  # two chunks: one BOM, one header
        out.write(df.iloc[:2])
        out.write(df.iloc[2:])
    raw = (tmp_path / "con.csv").read_bytes()
    assert raw.startswith(codecs.BOM_UTF8) and raw.count(codecs.BOM_UTF8) == 1 and raw.count(b"comentario") == 1
    assert raw[3:].decode("utf-8").splitlines()[1] == "Pésimo servicio en Bogotá,0.25"
    write_table(df, tmp_path / "sin.csv", bom=False)
    assert (tmp_path / "sin.csv").read_bytes() == raw[3:]


def test_semicolon_dialect_writes_decimal_commas(tmp_path):
    df = pd.DataFrame({"comentario": TEXTS, "prob": [0.25, 0.5, 0.125]})
    write_table(df, tmp_path / "es.csv", delimiter=";")
    lines = (tmp_path / "es.csv").read_text(encoding="utf-8-sig").splitlines()
    assert lines[0] == "comentario;prob" and lines[1] == "Pésimo servicio en Bogotá;0,25"
    back = pd.read_csv(tmp_path / "es.csv", sep=";", decimal=",")
    assert back["prob"].tolist() == [0.25, 0.5, 0.125]
    with pytest.raises(ValueError, match="delimiter must be one of"):
        write_table(df, tmp_path / "x.csv", delimiter=":")
    with pytest.raises(ValueError, match="written as .xlsx or .csv, not .xls"):
        write_table(df, tmp_path / "x.xls")


def test_workbook_output_keeps_types_and_never_writes_a_formula(tmp_path):
    when = pd.Timestamp("2026-11-03 20:15", tz="America/Bogota")
    df = pd.DataFrame({"comentario": [TEXTS[0], "=HYPERLINK(\"http://malo.example\",\"clic\")", "con\x01control"],
                       "prob": [0.25, float("nan"), 1.0], "n": [1, 2, 3], "fecha": [when, pd.NaT, when]})
    write_table(df, tmp_path / "out.xlsx")
    ws = load_workbook(tmp_path / "out.xlsx").active
    assert ws.title == "datos"
    rows = list(ws.iter_rows(values_only=True))
    assert rows[0] == ("comentario", "prob", "n", "fecha")
    assert rows[1] == (TEXTS[0], 0.25, 1, datetime(2026, 11, 3, 20, 15))  # local wall-clock time
    # a text cell, not a formula, with OWASP's apostrophe (safe_cells) like every table Escucha writes
    assert ws["A3"].data_type == "s" and ws["A3"].value.startswith("'=HYPERLINK")
    assert rows[2][1] is None and rows[3][0] == "concontrol"


def test_an_interrupted_write_leaves_nothing_under_the_name(tmp_path):
    target = tmp_path / "out.csv"
    with pytest.raises(RuntimeError):
        with TableWriter(target) as out:
            out.write(pd.DataFrame({"a": [1]}))
            raise RuntimeError("crash")
    assert list(tmp_path.iterdir()) == []


def test_an_empty_table_still_has_its_header(tmp_path):
    with TableWriter(tmp_path / "vacio.xlsx", columns=["id", "comentario"]):
        pass
    assert list(load_workbook(tmp_path / "vacio.xlsx").active.iter_rows(values_only=True)) == [("id", "comentario")]


def test_formula_like_cells_and_headers_get_the_apostrophe_in_csv_too(tmp_path):
    df = pd.DataFrame({"=cmd": ["@SUM(A1)", "-2+3", "normal"], "n": [-1, 2, 3]})
    write_table(df, tmp_path / "out.csv")
    lines = (tmp_path / "out.csv").read_text(encoding="utf-8-sig").splitlines()
    assert lines == ["'=cmd,n", "'@SUM(A1),-1", "'-2+3,2", "normal,3"]  # numbers stay numbers
