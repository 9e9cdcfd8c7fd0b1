"""Write the demo files exactly as the connectors expect them. Byte-stable: fixed column
order, fixed line endings, UTF-8 without BOM, keys in insertion order."""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any, Iterable

# The help-desk export's columns, in order (Spanish, as such exports come).
PQRS_COLUMNS: tuple[str, ...] = (
    "radicado", "fecha_radicacion", "tipo", "canal_ingreso", "cliente_id", "nombre_cliente", "segmento", "proceso",
    "producto", "pais", "ciudad", "descripcion", "fecha_primera_respuesta", "fecha_cierre", "estado",
)


# A folder holding this file holds the demo corpus: its texts are invented, so the public demo
# pseudonym salt may be used on it (escucha.pipeline.pseudonyms). No connector reads a file
# without a suffix, so a watched folder does not take it for an export.
DEMO_MARKER = ".escucha-demo"


def write_demo_marker(out_dir: Path) -> Path:
    path = Path(out_dir) / DEMO_MARKER
    path.write_text("Corpus de demostración de Escucha: textos, nombres y casos inventados.\n", encoding="utf-8")
    return path


def write_pqrs_csv(path: Path, rows: Iterable[dict[str, Any]]) -> None:
    """Comma-separated, minimal quoting, CRLF line ends (what Excel-era help desks export)."""
    with open(path, "w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(PQRS_COLUMNS), lineterminator="\r\n", extrasaction="raise")
        writer.writeheader()
        for row in rows:
            writer.writerow(row)


def write_jsonl(path: Path, objects: Iterable[dict[str, Any]]) -> None:
    with open(path, "w", encoding="utf-8", newline="\n") as fh:
        for obj in objects:
            fh.write(json.dumps(obj, ensure_ascii=False))
            fh.write("\n")


def _dumps(obj: Any) -> str:
    return json.dumps(obj, ensure_ascii=False)


def write_json(path: Path, obj: dict[str, Any], expand: tuple[str, ...] = ()) -> None:
    """A JSON object with one top-level key per line; the containers named in `expand`
    (dotted paths such as "includes.users") get one item per line. Valid JSON, diff-friendly,
    and fast (the C encoder only runs without indent)."""

    def render(value: Any, path_: str) -> str:
        if path_ in expand and isinstance(value, list):
            if not value:
                return "[]"
            return "[\n" + ",\n".join(_dumps(v) for v in value) + "\n]"
        if path_ in expand and isinstance(value, dict):
            if not value:
                return "{}"
            return "{\n" + ",\n".join(f"{_dumps(k)}: {_dumps(v)}" for k, v in value.items()) + "\n}"
        if isinstance(value, dict) and any(e.startswith(path_ + ".") for e in expand):
            inner = ",\n".join(f"{_dumps(k)}: {render(v, path_ + '.' + k)}" for k, v in value.items())
            return "{\n" + inner + "\n}"
        return _dumps(value)

    body = ",\n".join(f"{_dumps(k)}: {render(v, k)}" for k, v in obj.items())
    with open(path, "w", encoding="utf-8", newline="\n") as fh:
        fh.write("{\n" + body + "\n}\n")
