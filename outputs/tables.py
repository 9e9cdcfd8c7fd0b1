"""Tables for people who open them in Excel: CSV (UTF-8 with a BOM) or an Excel workbook (.xlsx).

`escucha analyze` and `escucha topics discover` write their results here, streamed a chunk at a
time, to a temporary name renamed when complete: a crash never leaves half a file under the
final name.

- CSV gets a UTF-8 byte-order mark by default: without it Excel reads UTF-8 as the Windows code
  page and shows "PÃ©simo" for "Pésimo". Tools that do not expect a BOM get `bom=False`.
- Excel splits a CSV it opens by double-click at the *list separator* of the computer's regional
  settings, which is ";" wherever the decimal mark is a comma (Colombia, Spain, Argentina...).
  `delimiter=";"` writes that dialect: semicolons between cells and decimal commas (0,25), so
  numbers are numbers there too. The workbook needs none of this: cells keep their type.
- Customer text must never run as a formula in a spreadsheet: every frame goes through
  `safe_cells.safe_frame` (OWASP's leading apostrophe) in `TableWriter.write`, the one place
  where values become cells, and in a workbook a text is always a text cell besides.
- Characters a workbook cannot hold (control characters) are left out, and a text longer than a
  cell holds (32,767 characters) is cut there; the CSV keeps both as they are.
"""

from __future__ import annotations

import math
from datetime import date, datetime
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from escucha.outputs.safe_cells import safe_cell, safe_frame

XLSX_SUFFIXES = (".xlsx",)
NOT_WRITTEN = (".xls", ".xlsm", ".xlsb", ".ods")  # workbooks of other kinds: refused, not mislabelled
XLSX_MAX_ROWS = 1_048_576  # header included
XLSX_MAX_CHARS = 32_767
DELIMITERS = (",", ";", "\t", "|")
DELIMITER_NAMES = {"tab": "\t", "\\t": "\t"}  # how a tab is typed on a command line


def is_workbook_path(path: str | Path) -> bool:
    return Path(path).suffix.lower() in XLSX_SUFFIXES


class TableWriter:
    """Write frames (same columns, in order) to one CSV or XLSX file, chosen by its suffix.

        with TableWriter(path) as out:
            for chunk in chunks:
                out.write(chunk)

    The file appears under its name when the block ends without an error; an empty table still
    gets its header when `columns` is given.
    """

    def __init__(self, path: str | Path, *, bom: bool = True, delimiter: str = ",", sheet: str = "datos",
                 columns: list[str] | tuple[str, ...] | None = None):
        delimiter = DELIMITER_NAMES.get(delimiter, delimiter)
        if delimiter not in DELIMITERS:
            raise ValueError(f"delimiter must be one of {', '.join(map(repr, DELIMITERS))}, not {delimiter!r}")
        self.path = Path(path)
        if self.path.suffix.lower() in NOT_WRITTEN:
            raise ValueError(f"{self.path.name}: tables are written as .xlsx or .csv, not {self.path.suffix}")
        self.bom = bom
        self.delimiter = delimiter
        self.sheet = sheet
        self.columns = [safe_cell(str(c)) for c in columns] if columns is not None else None
        self.rows = 0
        self._tmp = self.path.with_name(f".{self.path.name}.tmp")
        self._workbook = None
        self._sheet = None
        self._started = False

    @property
    def is_workbook(self) -> bool:
        return is_workbook_path(self.path)

    def __enter__(self) -> "TableWriter":
        self.path.parent.mkdir(parents=True, exist_ok=True)
        return self

    def __exit__(self, exc_type, exc, tb) -> None:
        try:
            if exc_type is None:
                self.close()
        finally:
            self._tmp.unlink(missing_ok=True)

    def write(self, df: pd.DataFrame) -> None:
        """Append `df`'s rows (its header first, the first time)."""
        df = safe_frame(df)
        if self.columns is None:
            self.columns = [str(c) for c in df.columns]
        if self.is_workbook:
            self._write_xlsx(df)
        else:
            self._write_csv(df)
        self._started = True
        self.rows += len(df)

    def close(self) -> None:
        """Finish the file and move it to its name."""
        if not self._started:
            self.write(pd.DataFrame(columns=self.columns or []))
        if self._workbook is not None:
            self._workbook.save(self._tmp)
            self._workbook = None
        self._tmp.replace(self.path)

    # -- CSV ---------------------------------------------------------------------------------

    def _write_csv(self, df: pd.DataFrame) -> None:
        first = not self._started
        df.to_csv(self._tmp, mode="w" if first else "a", header=first, index=False,
                  encoding="utf-8-sig" if self.bom and first else "utf-8", sep=self.delimiter,
                  decimal="," if self.delimiter == ";" else ".")

    # -- XLSX --------------------------------------------------------------------------------

    def _write_xlsx(self, df: pd.DataFrame) -> None:
        if self._workbook is None:
            from openpyxl import Workbook

            self._workbook = Workbook(write_only=True)
            self._sheet = self._workbook.create_sheet(self.sheet)
            self._sheet.append([self._xlsx_value(c) for c in (self.columns or [])])
        if self.rows + len(df) + 1 > XLSX_MAX_ROWS:
            raise ValueError(f"an Excel sheet holds at most {XLSX_MAX_ROWS - 1:,} rows and this table has more; "
                             "write a .csv instead")
        for row in df.itertuples(index=False, name=None):
            self._sheet.append([self._xlsx_value(v) for v in row])

    def _xlsx_value(self, value: Any) -> Any:
        from openpyxl.cell import WriteOnlyCell
        from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

        if value is None or value is pd.NaT or value is pd.NA:
            return None
        if isinstance(value, np.generic):
            value = value.item()
        if isinstance(value, float) and (math.isnan(value) or math.isinf(value)):
            return None
        if isinstance(value, pd.Timestamp):
            value = value.to_pydatetime()
        if isinstance(value, datetime) and value.tzinfo is not None:
            value = value.replace(tzinfo=None)  # a workbook has no time zones: the wall-clock time stays
        if isinstance(value, (bool, int, float, datetime, date)):
            return value
        text = ILLEGAL_CHARACTERS_RE.sub("", value if isinstance(value, str) else str(value))[:XLSX_MAX_CHARS]
        if text.startswith("="):  # openpyxl would store it as a formula
            cell = WriteOnlyCell(self._sheet, value=text)
            cell.data_type = "s"
            return cell
        return text


def write_table(df: pd.DataFrame, path: str | Path, **options: Any) -> Path:
    """Write one whole frame (see `TableWriter` for the options)."""
    with TableWriter(path, **options) as out:
        out.write(df)
    return Path(path)
