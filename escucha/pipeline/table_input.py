"""An analyst's table, whatever wrote it: `escucha analyze` and `escucha topics discover` read it here.

A CSV or TSV in any encoding (Excel's "Unicode text" is UTF-16 with a BOM and tabs), or an Excel
workbook (`.xlsx`, the first sheet or the one named). For CSV the encoding and the delimiter
(comma, semicolon, tab or pipe) are found before reading. A missing text column is named with
the columns found, before any work starts. Nothing is taken for a missing value: CSV values are
read as text, workbook cells keep their type (a date stays a date) and an empty cell reads as "",
so the output keeps the input as it was. Both kinds are read a chunk at a time, so memory stays
flat whatever the file's size.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterator

import pandas as pd

from escucha.textfiles import SNIFF_CHARS, detect_encoding, open_text, sniff_delimiter

XLSX_SUFFIXES = (".xlsx", ".xlsm")


def is_workbook(path: Path) -> bool:
    """Whether `path` names an Excel workbook (by its suffix) rather than a delimited text file."""
    return Path(path).suffix.lower() in XLSX_SUFFIXES


@dataclass(frozen=True)
class TableInput:
    path: Path
    columns: tuple[str, ...]
    encoding: str | None = None  # CSV only
    delimiter: str | None = None  # CSV only
    sheet: str | None = None  # XLSX only: the sheet read

    @classmethod
    def open(cls, path: Path, text_column: str, sheet: str | None = None) -> "TableInput":
        """Find the layout of `path` (encoding and delimiter, or sheet) and its columns;
        ValueError when `text_column` is not one of them or the sheet does not exist."""
        path = Path(path)
        if path.suffix.lower() in (".xls", ".ods", ".numbers"):
            raise ValueError(f"{path.name}: only .xlsx workbooks are read; save it as .xlsx "
                             "(Excel: Guardar como > Libro de Excel) or as CSV UTF-8")
        if is_workbook(path):
            name, columns = _sheet_header(path, sheet)
            found = cls(path, columns, sheet=name)
        else:
            if sheet is not None:
                raise ValueError(f"{path.name} is not an Excel workbook: --sheet applies to .xlsx files only")
            encoding = detect_encoding(path)
            with open_text(path, encoding) as fh:
                delimiter = sniff_delimiter(fh.read(SNIFF_CHARS))
            with open_text(path, encoding) as fh:
                columns = tuple(map(str, pd.read_csv(fh, sep=delimiter, nrows=0).columns))
            found = cls(path, columns, encoding=encoding, delimiter=delimiter)
        if text_column not in found.columns:
            raise ValueError(f"column {text_column!r} not found in {path}; columns: {', '.join(found.columns)}")
        return found

    def chunks(self, rows: int) -> Iterator[pd.DataFrame]:
        """The table `rows` rows at a time (each chunk indexed from 0)."""
        if self.sheet is not None:
            yield from self._sheet_chunks(rows)
            return
        with open_text(self.path, self.encoding) as fh, pd.read_csv(fh, chunksize=rows, **self._csv_options()) as reader:
            for chunk in reader:
                yield chunk.reset_index(drop=True)

    def read(self) -> pd.DataFrame:
        """The whole table at once."""
        if self.sheet is not None:
            parts = list(self._sheet_chunks(50_000))
            return pd.concat(parts, ignore_index=True) if parts else pd.DataFrame(columns=list(self.columns))
        with open_text(self.path, self.encoding) as fh:
            return pd.read_csv(fh, **self._csv_options())

    def _csv_options(self) -> dict:
        return {"sep": self.delimiter, "dtype": str, "keep_default_na": False, "on_bad_lines": "warn"}

    def _sheet_chunks(self, rows: int) -> Iterator[pd.DataFrame]:
        from openpyxl import load_workbook

        wb = load_workbook(self.path, read_only=True, data_only=True)
        try:
            values = wb[self.sheet].iter_rows(values_only=True)
            next(values, None)  # the header
            width = len(self.columns)
            buffer: list[list[Any]] = []
            for n, row in enumerate(values, start=2):
                row = tuple(row or ())
                if all(v is None for v in row):
                    continue  # a blank line between blocks, or formatting below the data
                if any(v is not None for v in row[width:]):
                    raise ValueError(f"{self.path.name}, sheet {self.sheet!r}, row {n}: a cell beyond the last "
                                     "column with a header; give that column a header")
                buffer.append(["" if v is None else v for v in (row + (None,) * width)[:width]])
                if len(buffer) >= rows:
                    yield pd.DataFrame(buffer, columns=list(self.columns), dtype=object)
                    buffer = []
            if buffer:
                yield pd.DataFrame(buffer, columns=list(self.columns), dtype=object)
        finally:
            wb.close()


def _sheet_header(path: Path, sheet: str | None) -> tuple[str, tuple[str, ...]]:
    """(the sheet's name, its column names): the first row, blank cells at its end left out,
    other blank ones named as pandas names them, repeated names numbered ("x", "x.1")."""
    from openpyxl import load_workbook

    wb = load_workbook(path, read_only=True, data_only=True)
    try:
        if sheet is not None and sheet not in wb.sheetnames:
            raise ValueError(f"sheet {sheet!r} not found in {path.name}; sheets: {', '.join(wb.sheetnames)}")
        ws = wb[sheet] if sheet is not None else wb.worksheets[0]
        first = list(next(ws.iter_rows(max_row=1, values_only=True), ()))
        name = ws.title
    finally:
        wb.close()
    while first and (first[-1] is None or str(first[-1]).strip() == ""):
        first.pop()
    names: list[str] = []
    for i, value in enumerate(first):
        base = f"Unnamed: {i}" if value is None or str(value).strip() == "" else str(value).strip()
        label, k = base, 0
        while label in names:
            k += 1
            label = f"{base}.{k}"
        names.append(label)
    return name, tuple(names)
