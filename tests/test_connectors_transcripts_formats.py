"""Transcripts in plain text with labels, STT JSON (Whisper/AssemblyAI-like), WebVTT and SRT."""

from __future__ import annotations

import json
import os
from datetime import datetime, timezone
from pathlib import Path

import pytest

from escucha.connectors import ConnectorContext, registry
from helpers import read_all

pytestmark = pytest.mark.timeout(30)

CTX = ConnectorContext(pseudonym_salt="test-salt-123", data_dir=".", batch_size=100)




def make(path: Path, **options):
    return registry.create("transcripts", name="llamadas", channel="transcript", context=CTX,
                           options={"path": str(path), **options})


TXT = """Agente: Buenos días, habla Carolina, ¿en qué le puedo ayudar?
Cliente: Llevo tres días sin internet
y nadie me da solución.
[00:00:12] Agente: Lamento mucho la situación.
[00:00:15] Cliente: Ya no aguanto más, quiero cancelar.
"""

VTT = """WEBVTT

NOTE generado por el sistema de grabación

1
00:00:00.000 --> 00:00:03.500
<v Agente>Buenos días, con gusto le atiendo.</v>

2
00:00:03.500 --> 00:00:09.000
<v.loud Cliente>Me cobraron dos veces &amp; nadie responde.</v>

00:00:09.000 --> 00:00:12.000
<v Agente>Ya reviso su caso.
<v Cliente>Gracias.
"""

SRT = """1
00:00:00,000 --> 00:00:02,000
Asesor: Bienvenido a Conecta.

2
00:00:02,000 --> 00:00:06,500
Cliente: Quiero reclamar por la factura
de este mes.

3
00:00:06,500 --> 00:00:08,000
que llegó duplicada.
"""


def test_plain_text_vtt_and_srt_keep_agent_turns_apart(tmp_path: Path):
    (tmp_path / "C-100_20261102T091400.txt").write_text(TXT, encoding="utf-8")
    (tmp_path / "C-101_20261102T101500.vtt").write_text(VTT, encoding="utf-8")
    (tmp_path / "C-102_20261102T111500.srt").write_text(SRT, encoding="cp1252")
    (tmp_path / "notas.csv").write_text("no,es,una,llamada\n", encoding="utf-8")  # not a transcript: not read
    records, quarantined, _ = read_all(make(
        tmp_path, filename_pattern=r"(?P<call_id>C-\d+)_(?P<started_at>\d{8}T\d{6})", timezone="America/Bogota"))
    assert quarantined == []
    by_id = {r.source_id: r for r in records}
    assert sorted(by_id) == ["C-100", "C-101", "C-102"]
    txt = by_id["C-100"]
    assert txt.channel == "transcript"
    assert txt.text == "Llevo tres días sin internet y nadie me da solución. Ya no aguanto más, quiero cancelar."
    assert [t["text"] for t in txt.extra["agent_turns"]] == [
        "Buenos días, habla Carolina, ¿en qué le puedo ayudar?", "Lamento mucho la situación."]
    assert txt.extra["agent_turns"][1]["start"] == 12.0
    # the start time comes from the file name, in the configured zone
    assert txt.created_at == datetime(2026, 11, 2, 14, 14, tzinfo=timezone.utc)
    vtt = by_id["C-101"]
    assert vtt.text == "Me cobraron dos veces & nadie responde. Gracias."
    assert [t["text"] for t in vtt.extra["agent_turns"]] == ["Buenos días, con gusto le atiendo.", "Ya reviso su caso."]
    assert vtt.extra["duration_s"] == 12.0
    srt = by_id["C-102"]
    assert srt.text == "Quiero reclamar por la factura de este mes. que llegó duplicada."
    assert [t["text"] for t in srt.extra["agent_turns"]] == ["Bienvenido a Conecta."]


def test_stt_json_whisper_and_assemblyai_shapes(tmp_path: Path):
    whisper = {"language": "es", "segments": [
        {"id": 0, "start": 0.0, "end": 2.4, "speaker": "SPEAKER_00", "text": " Conecta, buenas tardes."},
        {"id": 1, "start": 2.4, "end": 6.0, "speaker": "SPEAKER_01", "text": " El módem no prende desde ayer."}]}
    assembly = {"id": "aai-77", "started_at": "2026-11-03T08:00:00-05:00", "utterances": [
        {"speaker": "A", "start": 0, "end": 2500, "text": "Gracias por llamar."},
        {"speaker": "B", "start": 2500, "end": 7250, "text": "Quiero poner una queja."}]}
    (tmp_path / "w.json").write_text(json.dumps(whisper), encoding="utf-8")
    os.utime(tmp_path / "w.json", (1_794_000_000, 1_794_000_000))
    (tmp_path / "a.json").write_text(json.dumps(assembly), encoding="utf-8")
    records, q, _ = read_all(make(tmp_path / "w.json"))
    assert q == [] and records[0].source_id == "w"
    assert records[0].text == "El módem no prende desde ayer."
    assert records[0].created_at == datetime.fromtimestamp(1_794_000_000, timezone.utc)  # the file's mtime
    records, q, _ = read_all(make(tmp_path / "a.json", agent_speakers=["A"], customer_speakers=["B"],
                                  mapping={"source_id": "id", "created_at": "started_at"}))
    assert q == [] and records[0].source_id == "aai-77"
    assert records[0].text == "Quiero poner una queja." and records[0].extra["duration_s"] == 7.25
    assert records[0].extra["agent_turns"] == [{"start": 0.0, "end": 2.5, "text": "Gracias por llamar."}]


def test_unlabelled_or_unknown_speakers_are_quarantined_not_fatal(tmp_path: Path):
    (tmp_path / "sin_etiqueta.txt").write_text("Hola, buenas.\nCliente: algo\n", encoding="utf-8")
    (tmp_path / "robot.vtt").write_text("WEBVTT\n\n00:00.000 --> 00:02.000\n<v Robot>Hola</v>\n", encoding="utf-8")
    (tmp_path / "bien.txt").write_text("Agente: Hola.\nCliente: No funciona nada.\n", encoding="utf-8")
    records, q, _ = read_all(make(tmp_path))
    assert [r.source_id for r in records] == ["bien"]
    reasons = sorted(x.reason for x in q)
    assert "robot.vtt" in reasons[0] and "unknown speaker 'Robot'" in reasons[0]
    assert "sin_etiqueta.txt" in reasons[1] and "line 1: no speaker label" in reasons[1]
