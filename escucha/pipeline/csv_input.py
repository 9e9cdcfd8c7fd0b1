"""An analyst's CSV, whatever wrote it: `escucha analyze` and `escucha topics discover` read it here.

The encoding and the delimiter (comma, semicolon, tab or pipe) are found before reading, and
a missing text column is named with the columns found, before any work starts. Every value
is read as text and nothing is taken for a missing value: the output keeps the input as it was.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

import pandas as pd

from escucha.textfiles import SNIFF_CHARS, detect_encoding, open_text, sniff_delimiter


@dataclass(frozen=True)
class CsvInput:
    path: Path
    encoding: str
    delimiter: str
    columns: tuple[str, ...]

    @classmethod
    def open(cls, path: Path, text_column: str) -> "CsvInput":
        """Find the encoding, delimiter and columns of `path`; ValueError when `text_column` is not one."""
        path = Path(path)
        encoding = detect_encoding(path)
        with open_text(path, encoding) as fh:
            delimiter = sniff_delimiter(fh.read(SNIFF_CHARS))
        with open_text(path, encoding) as fh:
            columns = tuple(map(str, pd.read_csv(fh, sep=delimiter, nrows=0).columns))
        if text_column not in columns:
            raise ValueError(f"column {text_column!r} not found in {path}; columns: {', '.join(columns)}")
        return cls(path, encoding, delimiter, columns)

    def chunks(self, rows: int) -> Iterator[pd.DataFrame]:
        """The file `rows` rows at a time: memory stays flat for any file size."""
        with open_text(self.path, self.encoding) as fh, pd.read_csv(fh, chunksize=rows, **self._options()) as reader:
            yield from reader

    def read(self) -> pd.DataFrame:
        """The whole file at once."""
        with open_text(self.path, self.encoding) as fh:
            return pd.read_csv(fh, **self._options())

    def _options(self) -> dict:
        return {"sep": self.delimiter, "dtype": str, "keep_default_na": False, "on_bad_lines": "warn"}
