"""Call-centre transcripts as speech-to-text tools write them: one JSON object per call (JSONL).

Each call has `segments` [{speaker, start, end, text}]. Customer turns become the record's
text (what gets analysed); agent turns are kept in `extra` for context, never mixed in,
so the agent's scripted courtesy does not turn a complaint positive.
"""

from __future__ import annotations

from typing import Any
from zoneinfo import ZoneInfo

from pydantic import Field

from escucha.connectors._base import registry
from escucha.connectors.export_files import ExportFilesConnector, ExportOptions
from escucha.connectors.files import parse_datetime
from escucha.records import Record, RecordError, build_record

CUSTOMER = {"cliente", "customer", "client", "usuario", "caller", "spk_1", "speaker_1"}
AGENT = {"agente", "agent", "asesor", "asesora", "operator", "operador", "spk_0", "speaker_0"}


class TranscriptOptions(ExportOptions):
    mapping: dict[str, str] = Field(default_factory=lambda: {
        "source_id": "call_id", "created_at": "started_at", "customer_id": "customer_id",
        "customer_segment": "segment", "product": "product", "process": "process", "country": "country",
    })
    customer_speakers: list[str] = Field(default_factory=lambda: sorted(CUSTOMER))
    agent_speakers: list[str] = Field(default_factory=lambda: sorted(AGENT))


@registry.register("transcripts_jsonl")
class TranscriptsConnector(ExportFilesConnector):
    Options = TranscriptOptions

    def to_record(self, row: dict[str, Any], tz: ZoneInfo) -> Record:
        m = self.options.mapping
        sid = row.get(m["source_id"])
        segments = row.get("segments")
        if not isinstance(segments, list):
            raise RecordError(self.source, sid, "field 'segments': missing or not a list of turns")
        customer_ids = {s.lower() for s in self.options.customer_speakers}
        agent_ids = {s.lower() for s in self.options.agent_speakers}
        customer, agent = [], []
        for seg in segments:
            if not isinstance(seg, dict) or not isinstance(seg.get("text"), str):
                raise RecordError(self.source, sid, "field 'segments': each turn needs a 'text' string")
            speaker = str(seg.get("speaker", "")).strip().lower()
            turn = {"start": seg.get("start"), "end": seg.get("end"), "text": seg["text"].strip()}
            if speaker in customer_ids:
                customer.append(turn)
            elif speaker in agent_ids:
                agent.append(turn)
            else:
                raise RecordError(self.source, sid, f"field 'segments': unknown speaker {seg.get('speaker')!r}")
        ends = [t["end"] for t in customer + agent if isinstance(t.get("end"), (int, float))]
        fields: dict[str, Any] = {
            "channel": self.channel,
            "text": " ".join(t["text"] for t in customer if t["text"]),
            "extra": {"agent_turns": agent, "customer_turns": len(customer),
                      "duration_s": max(ends) if ends else None, "agent": row.get("agent")},
        }
        for field, column in m.items():
            if field == "source_id" or row.get(column) in (None, ""):
                continue
            value = row[column]
            if field == "created_at":
                try:
                    value = parse_datetime(value, tz, self.options.date_format)
                except ValueError as exc:
                    raise RecordError(self.source, sid, f"field 'created_at' (column {column!r}): {exc}") from None
            fields[field] = value
        return build_record(self.source, sid, **fields)
