"""Help-desk and CRM exports on disk: CSV, XLSX, JSON and JSONL, one file or a watched folder.

Incremental by file: each file's content fingerprint is remembered once all of it is stored,
and the cursor also records the row reached inside the file being read, so a crash in the
middle of a large export resumes at the last stored batch.
"""

from __future__ import annotations

import csv
import io
import json
import sys
import zipfile
from pathlib import Path
from typing import Any, Iterator
from zoneinfo import ZoneInfo

from pydantic import Field

from escucha.connectors._base import Batch, Connector, ConnectorOptions, registry
from escucha.connectors.files import fingerprint, jsonl_lines
from escucha.connectors.mapping import map_row
from escucha.records import QuarantineItem, Record, RecordError
from escucha.textfiles import read_text, sniff_delimiter

# what reading one file may raise; anything else is a bug and stops the run
FILE_ERRORS = (OSError, ValueError, TypeError, csv.Error, RecursionError, KeyError, zipfile.BadZipFile)

SUPPORTED = (".csv", ".tsv", ".txt", ".xlsx", ".json", ".jsonl", ".ndjson")


class ExportOptions(ConnectorOptions):
    path: str = Field(description="a file, a folder (watched: every supported file in it) or a glob")
    mapping: dict[str, str] = Field(description="record field -> column name in the export")
    timezone: str = "America/Bogota"
    timezone_by_country: dict[str, str] = Field(default_factory=dict)
    date_format: str | None = None
    delimiter: str | None = None  # CSV: sniffed when not given
    sheet: str | None = None  # XLSX: first sheet when not given
    records_key: str | None = None  # JSON: key holding the list of rows (e.g. "tickets")


_FIELD_LIMIT_SET = False


def _allow_big_fields() -> None:
    """Python's csv refuses fields over 128 KiB; a pasted e-mail thread or log is longer."""
    global _FIELD_LIMIT_SET
    if not _FIELD_LIMIT_SET:
        csv.field_size_limit(min(sys.maxsize, 2**31 - 1))
        _FIELD_LIMIT_SET = True


def _rows_csv(text: str, delimiter: str | None) -> Iterator[dict[str, Any]]:
    _allow_big_fields()
    if delimiter is None:
        delimiter = sniff_delimiter(text)
    lines = io.StringIO(text, newline="").readlines()
    reader = csv.DictReader(iter(lines), delimiter=delimiter, strict=False)
    try:
        reader.fieldnames  # reads the header
    except csv.Error as exc:
        raise ValueError(f"the header line cannot be read as CSV: {exc}") from None
    while True:
        first = reader.line_num
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            raw = "".join(lines[first:reader.line_num])
            yield {"__error__": f"line {first + 1}: not valid CSV ({exc})", "__raw__": raw}
            if reader.line_num <= first:  # the reader made no progress: stop rather than loop
                return
            continue
        if reader.line_num - first > 1 and reader.line_num >= len(lines) and _unterminated(lines[first:], delimiter):
            # A quote that is never closed swallows the rest of the file into one field: keep the
            # swallowed lines as one quarantined row instead of storing them as a single text.
            yield {"__error__": f"lines {first + 1}-{reader.line_num}: a quoted field is never closed "
                                "(broken quoting); these lines were not split into rows",
                   "__raw__": "".join(lines[first:])}
            return
        if None in row:  # more cells than header columns: broken quoting
            extra = row.pop(None)
            row["__extra_cells__"] = extra
        yield row


def _unterminated(lines: list[str], delimiter: str) -> bool:
    """True when these lines, read strictly, end inside a quoted field."""
    try:
        for _ in csv.reader(iter(lines), delimiter=delimiter, strict=True):
            pass
    except csv.Error as exc:
        return "unexpected end of data" in str(exc)
    return False


def _rows_xlsx(path: Path, sheet: str | None) -> Iterator[dict[str, Any]]:
    from openpyxl import load_workbook

    wb = load_workbook(path, read_only=True, data_only=True)
    ws = wb[sheet] if sheet else wb.worksheets[0]
    rows = ws.iter_rows(values_only=True)
    header = [str(h).strip() if h is not None else f"col{i}" for i, h in enumerate(next(rows, []))]
    for values in rows:
        if values is None or all(v is None for v in values):
            continue
        yield dict(zip(header, values))
    wb.close()


def _json_kind(value: Any) -> str:
    return {list: "a list", str: "a string", bool: "a boolean", type(None): "null",
            int: "a number", float: "a number"}.get(type(value), type(value).__name__)


def _rows_json(text: str, records_key: str | None, lines: bool) -> Iterator[dict[str, Any]]:
    if lines:
        for n, line in enumerate(jsonl_lines(text), 1):
            if line.strip():
                try:
                    row = json.loads(line)
                except (json.JSONDecodeError, RecursionError) as exc:
                    yield {"__error__": f"line {n} is not valid JSON: {getattr(exc, 'msg', exc)}", "__raw__": line}
                    continue
                if not isinstance(row, dict):
                    yield {"__error__": f"line {n} is {_json_kind(row)}, not a JSON object", "__raw__": line}
                    continue
                yield row
        return
    data = json.loads(text)
    if isinstance(data, dict):
        if records_key:
            if records_key not in data:
                raise ValueError(f"key {records_key!r} (options.records_key) is not in the file; "
                                 f"keys: {', '.join(map(str, list(data)[:20]))}")
            data = data[records_key]
        else:
            lists = [v for v in data.values() if isinstance(v, list)]
            if not lists:
                raise ValueError("the JSON object holds no list of rows (set options.records_key); keys: "
                                 f"{', '.join(map(str, list(data)[:20]))}")
            data = lists[0]
    if data is None:
        return
    if not isinstance(data, list):
        raise ValueError(f"the file holds {_json_kind(data)} where a list of rows was expected")
    for n, row in enumerate(data, 1):
        if isinstance(row, dict):
            yield row
        else:
            yield {"__error__": f"item {n} is {_json_kind(row)}, not a JSON object",
                   "__raw__": json.dumps(row, ensure_ascii=False, default=str)}


@registry.register("csv")
@registry.register("export_files")
class ExportFilesConnector(Connector):
    Options = ExportOptions

    def files(self) -> list[Path]:
        p = Path(self.options.path.format(data_dir=self.context.data_dir)).expanduser()
        if p.is_dir():
            return sorted(f for f in p.iterdir() if f.suffix.lower() in SUPPORTED and f.is_file())
        if any(ch in p.name for ch in "*?["):
            return sorted(f for f in p.parent.glob(p.name) if f.is_file())
        if not p.exists():
            raise FileNotFoundError(f"connector {self.name!r}: {p} does not exist")
        return [p]

    def rows(self, path: Path) -> Iterator[dict[str, Any]]:
        suffix = path.suffix.lower()
        if suffix == ".xlsx":
            yield from _rows_xlsx(path, self.options.sheet)
            return
        text, _ = read_text(path)
        if suffix in (".json", ".jsonl", ".ndjson"):
            yield from _rows_json(text, self.options.records_key, lines=suffix != ".json")
        else:
            yield from _rows_csv(text, self.options.delimiter)

    def read(self, state: dict[str, Any] | None) -> Iterator[Batch]:
        state = dict(state or {})
        done: dict[str, str] = dict(state.get("done", {}))
        current = state.get("current") or {}
        tz = ZoneInfo(self.options.timezone)
        size = self.context.batch_size
        for path in self.files():
            fp = fingerprint(path)
            if fp in done:
                continue
            skip = int(current.get("row", 0)) if current.get("fingerprint") == fp else 0
            batch = Batch()
            row_no = 0
            try:
                for row_no, row in enumerate(self.rows(path), 1):
                    if row_no <= skip:
                        continue
                    self._add(batch, row, path, row_no, tz, key=f"{fp}:{row_no}")
                    if len(batch.records) + len(batch.quarantined) >= size:
                        batch.cursor = {"done": dict(done), "current": {"fingerprint": fp, "path": str(path), "row": row_no}}
                        yield batch
                        batch = Batch()
            except FILE_ERRORS as exc:
                # A file that cannot be read (not JSON, wrong shape, unreadable) is quarantined as a
                # whole and the other files are still read. It is not marked done: once the operator
                # fixes it or the options, the next run (or `escucha quarantine retry`) reads it.
                where = f" after row {row_no}" if row_no else ""
                batch.quarantined.append(QuarantineItem(
                    self.source, "ingest",
                    f"{path.name}: the file could not be read{where}: {type(exc).__name__}: {str(exc)[:300]}",
                    json.dumps({"__file__": str(path), "fingerprint": fp}, ensure_ascii=False)))
                batch.cursor = {"done": dict(done), "current": {}}
                yield batch
                continue
            done[fp] = str(path)
            batch.cursor = {"done": dict(done), "current": {}}
            yield batch

    def payload_keys(self) -> tuple[frozenset[str], frozenset[str]]:
        keep, _ = super().payload_keys()
        m = self.options.mapping
        verbatim = {col for field, col in m.items() if field not in ("text", "author")}
        return keep | verbatim, frozenset({m["author"]} if "author" in m else ())

    def to_record(self, row: dict[str, Any], tz: ZoneInfo) -> Record:
        """One row -> one Record (subclasses for other shapes override this and `rows`)."""
        return map_row(
            row, source=self.source, channel=self.channel, mapping=self.options.mapping,
            salt=self.context.pseudonym_salt, tz=tz, tz_by_country=self.options.timezone_by_country,
            date_format=self.options.date_format)

    def _add(self, batch: Batch, row: dict[str, Any], path: Path, row_no: int, tz: ZoneInfo,
             key: str | None = None) -> None:
        payload = json.dumps(row, default=str, ensure_ascii=False)
        n_before = len(batch.quarantined)
        try:
            self._add_row(batch, row, path, row_no, tz, payload)
        finally:
            for it in batch.quarantined[n_before:]:
                it.key = key

    def _add_row(self, batch: Batch, row: dict[str, Any], path: Path, row_no: int, tz: ZoneInfo, payload: str) -> None:
        if not isinstance(row, dict):
            batch.quarantined.append(QuarantineItem(
                self.source, "ingest", f"{path.name} row {row_no}: is {type(row).__name__}, not an object with fields",
                payload))
            return
        if "__error__" in row:
            batch.quarantined.append(QuarantineItem(self.source, "ingest", f"{path.name}: {row['__error__']}", payload))
            return
        if "__extra_cells__" in row:
            batch.quarantined.append(QuarantineItem(
                self.source, "ingest", f"{path.name} row {row_no}: more cells than columns (broken quoting?)", payload))
            return
        try:
            batch.records.append(self.to_record(row, tz))
        except RecordError as exc:
            batch.quarantined.append(QuarantineItem(
                self.source, "ingest", f"{path.name} row {row_no}: {exc}", payload, exc.source_id))
        except (KeyError, TypeError, ValueError, AttributeError, OverflowError, RecursionError) as exc:  # wrong shape (e.g. a list where an object was due)
            batch.quarantined.append(QuarantineItem(
                self.source, "ingest", f"{path.name} row {row_no}: unexpected shape: {type(exc).__name__}: {exc}", payload))
