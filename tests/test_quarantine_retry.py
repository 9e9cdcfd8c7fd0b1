"""`escucha quarantine retry`: replay quarantined inputs after the operator fixed the config."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from escucha.cli import app
from escucha.config import load_config
from escucha.pipeline.context import open_configured_store
from escucha.pipeline.ingest import build_connectors, build_redaction, ingest_connector
from escucha.pipeline.quarantine import retry_quarantine

HEADER = "radicado,fecha,descripcion,nombre,pais\n"
# Rows 2 and 3 carry dates in a help desk's own format (ddmmyyyy hhmm), which nothing reads
# until the operator sets `date_format`.
ROWS = ('P-1,03/11/2026 08:15,"Cobro doble, escríbanme a laura.gomez@correo.com",Laura Gómez,CO\n'
        "P-2,04112026 1000,Sin respuesta a mi petición llamar al 310 555 1234,Ana Pérez,CO\n"
        "P-3,05112026 1100,La factura llegó con otro valor,José Núñez,Colombia\n"
        "P-4,03/11/2026 09:00,   ,Ana Pérez,CO\n")


def _config(tmp: Path, **options) -> Path:
    f = tmp / "c.yaml"
    f.write_text(json.dumps({
        "data_dir": str(tmp / "data"),
        "connectors": [{"name": "mesa", "type": "export_files", "channel": "pqrs", "options": {
            "path": str(tmp / "pqrs.csv"), **options,
            "mapping": {"source_id": "radicado", "created_at": "fecha", "text": "descripcion",
                        "author": "nombre", "country": "pais"}}}],
    }), encoding="utf-8")
    return f


def _ingest(cfg_file: Path):
    cfg = load_config(cfg_file, environ={})
    with open_configured_store(cfg) as store:
        [conn] = build_connectors(cfg)
        return ingest_connector(store, conn, build_redaction(cfg), "run-1")


def test_retry_stores_what_now_passes_and_keeps_the_rest(tmp_path):
    (tmp_path / "pqrs.csv").write_text(HEADER + ROWS, encoding="utf-8")
    first = _ingest(_config(tmp_path))
    assert (first.new, first.quarantined) == (1, 3)
    # the raw rows are kept, but redacted like the records: no e-mail, phone or name in clear
    cfg = load_config(_config(tmp_path, date_format="%d%m%Y %H%M"), environ={})
    with open_configured_store(cfg) as store:
        payloads = " ".join(store.list_quarantine()["payload"])
        assert "310 555 1234" not in payloads and "Ana Pérez" not in payloads and "[TELEFONO]" in payloads
        before = store.fetch_records(columns=["id", "author"])
        result = retry_quarantine(cfg, store, "run-2")
        assert result.tried == 3 and len(result.resolved) == 1 and result.upsert.new == 1
        records = store.fetch_records(columns=["source_id", "text", "author"]).set_index("source_id")
        assert sorted(records.index) == ["P-1", "P-2"]
        assert "[TELEFONO]" in records.loc["P-2", "text"]
        # the author pseudonym is the one a clean ingest gives (not a hash of the hash)
        [conn] = build_connectors(cfg)
        from escucha.records import pseudonymise
        assert records.loc["P-2", "author"] == pseudonymise("Ana Pérez", cfg.pseudonym_salt)
        assert len(before) == 1
        left = store.list_quarantine()
        reasons = sorted(left["reason"])
        assert len(left) == 2
        assert reasons[0].startswith("pqrs.csv row 3: ") and "field 'country'" in reasons[0]
        assert reasons[1].startswith("pqrs.csv row 4: ") and "field 'text'" in reasons[1]
        # a second retry resolves nothing more and duplicates nothing
        again = retry_quarantine(cfg, store, "run-3")
        assert again.resolved == [] and store.count_records() == 2
        assert len(store.list_quarantine(include_resolved=True)) == 3


def test_retry_cli_by_id_and_reason_and_whole_file(tmp_path):
    (tmp_path / "pqrs.csv").write_text(HEADER + ROWS, encoding="utf-8")
    cfg_file = _config(tmp_path)
    _ingest(cfg_file)
    runner = CliRunner()
    out = runner.invoke(app, ["quarantine", "retry", "-c", str(cfg_file)])
    assert out.exit_code == 2 and "--id" in out.output
    # nothing fixed yet: by reason, the date rows stay with their reason
    out = runner.invoke(app, ["quarantine", "retry", "-c", str(cfg_file), "--all", "--reason-contains", "created_at"])
    assert out.exit_code == 0, out.output
    assert "tried: 2, resolved: 0, still quarantined: 2" in out.output  # rows 2 and 3
    # a JSON file that is not a list of rows is quarantined as a whole; after the fix it is read
    (tmp_path / "pqrs.csv").unlink()
    bad = tmp_path / "casos.json"
    bad.write_text(json.dumps({"casos": "aún no"}), encoding="utf-8")
    cfg_json = tmp_path / "j.yaml"
    cfg_json.write_text(cfg_file.read_text(encoding="utf-8").replace(str(tmp_path / "pqrs.csv"), str(bad)), encoding="utf-8")
    assert _ingest(cfg_json).quarantined == 1
    cfg = load_config(cfg_json, environ={})
    with open_configured_store(cfg) as store:
        q = store.list_quarantine()
        file_item = q[q["reason"].str.contains("casos.json: the file could not be read")]["id"].iloc[0]
    bad.write_text(json.dumps({"casos": [{"radicado": "J-1", "fecha": "2026-11-03", "descripcion": "No llegó",
                                          "nombre": "Ana", "pais": "CO"}]}), encoding="utf-8")
    out = runner.invoke(app, ["quarantine", "retry", "-c", str(cfg_json), "--id", file_item])
    assert out.exit_code == 0, out.output
    assert f"{file_item}  resolved" in out.output
    with open_configured_store(cfg) as store:
        assert "J-1" in set(store.fetch_records(columns=["source_id"])["source_id"])
