"""Cells that are safe to open in a spreadsheet (CSV/formula injection).

Customer text is written into CSV and XLSX files that staff open in Excel or LibreOffice. A cell
that starts with `=`, `+`, `-`, `@`, a tab or a carriage return is read as a formula there
(`=HYPERLINK("http://malo.example/x","clic aquí")`). Following OWASP's rule, such a text gets a
leading apostrophe: the spreadsheet shows it as text, the words stay the same. Every CSV/XLSX
writer passes its frame through `safe_frame` (or each value through `safe_cell`).
"""

from __future__ import annotations

from typing import Any

import pandas as pd

__all__ = ["FORMULA_STARTS", "safe_cell", "safe_frame", "is_formula_like"]

FORMULA_STARTS: tuple[str, ...] = ("=", "+", "-", "@", "\t", "\r")


def is_formula_like(value: Any) -> bool:
    """A string a spreadsheet would read as a formula."""
    return isinstance(value, str) and value.startswith(FORMULA_STARTS)


def safe_cell(value: Any) -> Any:
    """The value, with a leading apostrophe when it is a string that starts like a formula. A
    carriage return inside the text becomes a line feed: a CSV writer does not quote a field for
    a bare CR, and a spreadsheet would start a new row there (whose first cell could be "=...")."""
    if not isinstance(value, str):
        return value
    formula = value.startswith(FORMULA_STARTS)
    if "\r" in value:
        value = value.replace("\r\n", "\n").replace("\r", "\n")
    return "'" + value if formula else value


def _needs_care(value: Any) -> bool:
    return isinstance(value, str) and (value.startswith(FORMULA_STARTS) or "\r" in value)


def safe_frame(df: pd.DataFrame) -> pd.DataFrame:
    """A copy of `df` whose text cells (and column names) are `safe_cell`; numbers stay numbers."""
    out = df.copy(deep=False)
    for col in out.columns:
        series = out[col]
        if series.dtype == object or pd.api.types.is_string_dtype(series.dtype):
            mask = series.map(_needs_care)
            if mask.any():
                out[col] = series.where(~mask, series.map(safe_cell))
    if any(_needs_care(c) for c in out.columns):
        out.columns = [safe_cell(c) for c in out.columns]
    return out
