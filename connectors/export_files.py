"""Help-desk and CRM exports on disk: CSV, XLSX, JSON and JSONL, one file or a watched folder.

Incremental by file: each file's content fingerprint is remembered once all of it is stored,
and the cursor also records the row reached inside the file being read, so a crash in the
middle of a large export resumes at the last stored batch.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any, Iterator
from zoneinfo import ZoneInfo

from pydantic import Field

from escucha.connectors._base import Batch, Connector, ConnectorOptions, registry
from escucha.connectors.files import fingerprint, read_text
from escucha.connectors.mapping import map_row
from escucha.records import Record, RecordError
from escucha.store._base import QuarantineItem

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


def _rows_csv(text: str, delimiter: str | None) -> Iterator[dict[str, Any]]:
    if delimiter is None:
        sample = text[:20000]
        try:
            delimiter = csv.Sniffer().sniff(sample, delimiters=",;\t|").delimiter
        except csv.Error:
            delimiter = ","
    reader = csv.DictReader(io.StringIO(text, newline=""), delimiter=delimiter, strict=False)
    for row in reader:
        if None in row:  # more cells than header columns: broken quoting
            extra = row.pop(None)
            row["__extra_cells__"] = extra
        yield row


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


def _rows_json(text: str, records_key: str | None, lines: bool) -> Iterator[dict[str, Any]]:
    if lines:
        for n, line in enumerate(text.splitlines(), 1):
            if line.strip():
                try:
                    yield json.loads(line)
                except json.JSONDecodeError as exc:
                    yield {"__error__": f"line {n} is not valid JSON: {exc.msg}", "__raw__": line}
        return
    data = json.loads(text)
    if isinstance(data, dict):
        data = data.get(records_key) if records_key else next((v for v in data.values() if isinstance(v, list)), [])
    yield from (data or [])


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
            for row_no, row in enumerate(self.rows(path), 1):
                if row_no <= skip:
                    continue
                self._add(batch, row, path, row_no, tz)
                if len(batch.records) + len(batch.quarantined) >= size:
                    batch.cursor = {"done": dict(done), "current": {"fingerprint": fp, "path": str(path), "row": row_no}}
                    yield batch
                    batch = Batch()
            done[fp] = str(path)
            batch.cursor = {"done": dict(done), "current": {}}
            yield batch

    def to_record(self, row: dict[str, Any], tz: ZoneInfo) -> Record:
        """One row -> one Record (subclasses for other shapes override this and `rows`)."""
        return map_row(
            row, source=self.source, channel=self.channel, mapping=self.options.mapping,
            salt=self.context.pseudonym_salt, tz=tz, tz_by_country=self.options.timezone_by_country,
            date_format=self.options.date_format)

    def _add(self, batch: Batch, row: dict[str, Any], path: Path, row_no: int, tz: ZoneInfo) -> None:
        payload = json.dumps(row, default=str, ensure_ascii=False)
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
        except (KeyError, TypeError, ValueError, AttributeError) as exc:  # wrong shape (e.g. a list where an object was due)
            batch.quarantined.append(QuarantineItem(
                self.source, "ingest", f"{path.name} row {row_no}: unexpected shape: {type(exc).__name__}: {exc}", payload))
