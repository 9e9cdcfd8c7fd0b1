"""File connectors: exports in any encoding, transcripts, X API responses; cursors and quarantine."""

import json
from datetime import datetime, timezone
from pathlib import Path

import pytest

from escucha.connectors import ConnectorConfigError, ConnectorContext, registry
from helpers import read_all

CTX = ConnectorContext(pseudonym_salt="test-salt-123", data_dir=".", batch_size=2)
MAPPING = {"source_id": "radicado", "created_at": "fecha", "text": "descripcion", "author": "nombre",
           "country": "pais", "pqrs_type": "tipo", "customer_segment": "segmento"}
HEADER = "radicado;fecha;descripcion;nombre;pais;tipo;segmento\n"
ROWS = [
    "PQR-1;03/11/2026 08:15;Me cobraron dos veces la cuota de noviembre;Andrés Muñoz;CO;Reclamo;Estratégico\n",
    "PQR-2;04/11/2026 17:40;¿Podrían enviarme el certificado de paz y salvo?;María Peña;MX;Petición;bajo\n",
    "PQR-3;05/11/2026 09:00;La atención en la oficina fue excelente;José Núñez;ES;felicitacion;Medio\n",
]


def make(type_: str, options: dict, channel: str = "pqrs", ctx=CTX):
    return registry.create(type_, name="src", channel=channel, options=options, context=ctx)




@pytest.mark.parametrize("encoding", ["utf-8", "cp1252", "latin-1"])
def test_csv_in_any_encoding_keeps_accents_and_enums(tmp_path: Path, encoding: str):
    f = tmp_path / "export.csv"
    f.write_bytes((HEADER + "".join(ROWS)).encode(encoding))
    conn = make("export_files", {"path": str(f), "mapping": MAPPING,
                                 "timezone_by_country": {"CO": "America/Bogota", "MX": "America/Mexico_City", "ES": "Europe/Madrid"}})
    records, quarantined, _ = read_all(conn)
    assert quarantined == []
    assert [r.text for r in records][2] == "La atención en la oficina fue excelente"
    assert [r.pqrs_type for r in records] == ["reclamo", "petición", "felicitación"]
    assert records[0].customer_segment == "estratégico"
    # naive local times get the country's zone: 08:15 in Bogotá is 13:15 UTC
    assert records[0].created_at.astimezone(timezone.utc) == datetime(2026, 11, 3, 13, 15, tzinfo=timezone.utc)
    assert records[2].created_at.utcoffset().total_seconds() == 3600  # Madrid, winter time
    # authors are pseudonymised, stable, and never the name itself
    assert records[0].author.startswith("u_") and "Muñoz" not in records[0].author
    assert records[0].id != records[1].id


def test_bad_rows_are_quarantined_with_readable_reasons(tmp_path: Path):
    f = tmp_path / "export.csv"
    f.write_text(HEADER + ROWS[0]
                 + "PQR-9;ayer por la tarde;Texto;Ana;CO;Queja;Alto\n"
                 + "PQR-10;03/11/2026 08:15;   ;Ana;CO;Queja;Alto\n"
                 + ";03/11/2026 08:15;Sin radicado;Ana;CO;Queja;Alto\n"
                 + "PQR-11;03/11/2026 08:15;Texto;Ana;Colombia;Queja;Alto\n", encoding="utf-8")
    records, quarantined, _ = read_all(make("export_files", {"path": str(f), "mapping": MAPPING}))
    assert len(records) == 1
    reasons = [q.reason for q in quarantined]
    assert "row 2" in reasons[0] and "created_at" in reasons[0] and "ayer por la tarde" in reasons[0]
    assert "field 'text'" in reasons[1] and "empty" in reasons[1]
    assert "source_id" in reasons[2]
    assert "country" in reasons[3] and "ISO" in reasons[3]
    # nothing lost: the raw row is kept as payload
    assert json.loads(quarantined[0].payload)["radicado"] == "PQR-9"


def test_cursor_resumes_mid_file_and_remembers_finished_files(tmp_path: Path):
    f = tmp_path / "export.csv"
    f.write_text(HEADER + "".join(ROWS), encoding="utf-8")
    conn = make("export_files", {"path": str(tmp_path), "mapping": MAPPING})
    batches = list(conn.read(None))
    assert [len(b.records) for b in batches] == [2, 1]
    # crash after the first batch was stored: resume from its cursor reads only the rest
    rest, _, cursor = read_all(conn, batches[0].cursor)
    assert [r.source_id for r in rest] == ["PQR-3"]
    # the file is now remembered: nothing new
    again, _, _ = read_all(conn, cursor)
    assert again == []
    # a new export dropped in the watched folder is read, the old one is not
    (tmp_path / "export2.csv").write_text(HEADER + ROWS[0].replace("PQR-1", "PQR-4"), encoding="utf-8")
    new, _, _ = read_all(conn, cursor)
    assert [r.source_id for r in new] == ["PQR-4"]


def test_xlsx_jsonl_and_excel_dates(tmp_path: Path):
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.append(["radicado", "fecha", "descripcion", "nombre", "pais", "tipo", "segmento"])
    ws.append(["X-1", 46329.5, "No me llega la factura", "Luis", "CO", "Queja", "Alto"])  # Excel serial date
    ws.append(["X-2", datetime(2026, 11, 4, 10, 0), "Gracias por todo", "Eva", "ES", "Felicitación", None])
    wb.save(tmp_path / "e.xlsx")
    records, q, _ = read_all(make("export_files", {"path": str(tmp_path / "e.xlsx"), "mapping": MAPPING}))
    assert q == [] and [r.source_id for r in records] == ["X-1", "X-2"]
    assert records[0].created_at.date().isoformat() == "2026-11-03"
    lines = [json.dumps({"radicado": "J-1", "fecha": "3 de noviembre de 2026", "descripcion": "Hola", "nombre": "A",
                         "pais": "CO", "tipo": "", "segmento": ""}, ensure_ascii=False), "{not json"]
    (tmp_path / "e.jsonl").write_text("\n".join(lines), encoding="utf-8")
    records, q, _ = read_all(make("export_files", {"path": str(tmp_path / "e.jsonl"), "mapping": MAPPING}))
    assert [r.source_id for r in records] == ["J-1"] and records[0].pqrs_type is None
    assert len(q) == 1 and "not valid JSON" in q[0].reason


def test_unknown_option_is_a_config_error():
    with pytest.raises(ConnectorConfigError, match="options.pth"):
        make("export_files", {"pth": "x.csv", "mapping": {}})


def test_transcripts_keep_agent_turns_apart(tmp_path: Path):
    call = {"call_id": "C-1", "started_at": "2026-10-02T09:14:00-05:00", "country": "CO", "customer_id": "K1",
            "segment": "Alto", "product": "Plan Hogar", "process": "Servicio", "agent": "Carolina",
            "segments": [
                {"speaker": "agente", "start": 0, "end": 3.5, "text": "Buenos días, con gusto le atiendo."},
                {"speaker": "cliente", "start": 3.5, "end": 9.0, "text": "Llevo tres días sin internet."},
                {"speaker": "agente", "start": 9.0, "end": 12.0, "text": "Lamento mucho la situación."},
                {"speaker": "cliente", "start": 12.0, "end": 15.0, "text": "Ya no aguanto más."}]}
    bad = dict(call, call_id="C-2", segments=[{"speaker": "robot", "text": "hola"}])
    (tmp_path / "t.jsonl").write_text("\n".join(json.dumps(c, ensure_ascii=False) for c in (call, bad)), encoding="utf-8")
    records, q, _ = read_all(make("transcripts_jsonl", {"path": str(tmp_path / "t.jsonl")}, channel="transcript"))
    assert len(records) == 1
    r = records[0]
    assert r.text == "Llevo tres días sin internet. Ya no aguanto más."
    assert "con gusto" not in r.text
    assert [t["text"] for t in r.extra["agent_turns"]] == ["Buenos días, con gusto le atiendo.", "Lamento mucho la situación."]
    assert r.extra["duration_s"] == 15.0 and r.customer_segment == "alto" and r.process == "servicio"
    assert "unknown speaker 'robot'" in q[0].reason


def test_x_api_response_with_reach(tmp_path: Path):
    page = {"data": [
        {"id": "101", "text": "@ConectaAyuda sin internet otra vez 😡", "author_id": "u1",
         "created_at": "2026-11-18T14:03:11.000Z", "lang": "es",
         "public_metrics": {"retweet_count": 40, "reply_count": 3, "like_count": 120, "quote_count": 2}},
        {"id": "102", "text": None, "author_id": "u2", "created_at": "2026-11-18T14:05:00.000Z"}],
        "includes": {"users": [{"id": "u1", "username": "laura_b", "public_metrics": {"followers_count": 150000}}]}}
    (tmp_path / "s.json").write_text(json.dumps(page, ensure_ascii=False), encoding="utf-8")
    records, q, _ = read_all(make("x_api_json", {"path": str(tmp_path / "s.json")}, channel="social"))
    assert len(records) == 1 and len(q) == 1 and "field 'text'" in q[0].reason
    r = records[0]
    assert (r.followers, r.likes, r.shares) == (150000, 120, 42)
    assert r.url == "https://x.com/laura_b/status/101"
    assert r.created_at == datetime(2026, 11, 18, 14, 3, 11, tzinfo=timezone.utc)
    assert "laura_b" not in (r.author or "")
