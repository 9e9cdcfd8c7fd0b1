"""Call-centre transcripts as speech-to-text tools write them.

Formats (by file suffix; a folder is watched like `export_files`):

- `.jsonl`/`.ndjson`: one call per line, `{call_id, started_at, segments: [{speaker, start, end, text}]}`;
- `.json`: one call (`segments`, Whisper/WhisperX style, or `utterances` in milliseconds,
  AssemblyAI style), a list of such calls, or a bare list of segments;
- `.txt`: plain text with speaker labels (`Agente: ...`, `[00:01:05] Cliente: ...`), lines
  without a label continue the turn above;
- `.vtt` (WebVTT, speakers from `<v Speaker>` voice tags or labels) and `.srt` (labels).

For one-call-per-file formats the call id is the file name (or a `filename_pattern` group) and
the start time comes from the JSON, the pattern, or else the file's modification time.

Each call has `segments` [{speaker, start, end, text}]. Customer turns become the record's
text (what gets analysed); agent turns are kept in `extra` for context, never mixed in,
so the agent's scripted courtesy does not turn a complaint positive.
"""

from __future__ import annotations

import html
import json
import re
from datetime import datetime
from pathlib import Path
from typing import Any, Iterator
from zoneinfo import ZoneInfo

from pydantic import Field

from escucha.connectors._base import registry
from escucha.connectors.export_files import ExportFilesConnector, ExportOptions
from escucha.connectors.files import parse_datetime
from escucha.records import Record, RecordError, build_record
from escucha.textfiles import read_text

CUSTOMER = {"cliente", "customer", "client", "usuario", "caller", "spk_1", "speaker_1", "speaker_01"}
AGENT = {"agente", "agent", "asesor", "asesora", "operator", "operador", "spk_0", "speaker_0", "speaker_00"}
TRANSCRIPT_SUFFIXES = (".jsonl", ".ndjson", ".json", ".txt", ".vtt", ".srt")

_TIMING = re.compile(r"^\s*((?:\d+:)?\d{1,2}:\d{2}[.,]\d{1,3})\s*-->\s*((?:\d+:)?\d{1,2}:\d{2}[.,]\d{1,3})")
_VOICE = re.compile(r"<v(?:\.[^\s>]*)?\s+([^>]+)>")
_TAG = re.compile(r"</?[^>]+>")
_LABEL = re.compile(r"^\s*(?:[\[(]?((?:\d+:)?\d{1,2}:\d{2}(?:[.,]\d+)?)[\])]?\s*[-–]?\s*)?"
                    r"\[?([^:\[\]\n]{1,40}?)\]?\s*:\s*(.*)$")


def _seconds(stamp: str) -> float:
    parts = stamp.replace(",", ".").split(":")
    return round(sum(float(p) * 60 ** i for i, p in enumerate(reversed(parts))), 3)


class TranscriptOptions(ExportOptions):
    mapping: dict[str, str] = Field(default_factory=lambda: {
        "source_id": "call_id", "created_at": "started_at", "customer_id": "customer_id",
        "customer_segment": "segment", "product": "product", "process": "process", "country": "country",
    })
    customer_speakers: list[str] = Field(default_factory=lambda: sorted(CUSTOMER))
    agent_speakers: list[str] = Field(default_factory=lambda: sorted(AGENT))
    # one call per file (.json/.txt/.vtt/.srt): named groups fill mapping columns, e.g.
    # "(?P<call_id>[^_]+)_(?P<started_at>\d{8}T\d{6})"
    filename_pattern: str | None = None


@registry.register("transcripts")
@registry.register("transcripts_jsonl")
class TranscriptsConnector(ExportFilesConnector):
    Options = TranscriptOptions

    def files(self) -> list[Path]:
        p = Path(self.options.path.format(data_dir=self.context.data_dir)).expanduser()
        if p.is_dir():
            return sorted(f for f in p.iterdir() if f.suffix.lower() in TRANSCRIPT_SUFFIXES and f.is_file())
        return super().files()

    def rows(self, path: Path) -> Iterator[dict[str, Any]]:
        suffix = path.suffix.lower()
        if suffix in (".jsonl", ".ndjson"):
            yield from super().rows(path)
            return
        if suffix not in TRANSCRIPT_SUFFIXES:
            raise ValueError(f"unsupported transcript format {suffix!r}; expected one of {', '.join(TRANSCRIPT_SUFFIXES)}")
        text, _ = read_text(path)
        if suffix == ".json":
            data = json.loads(text)
            if isinstance(data, list) and data and all(isinstance(c, dict) and ("segments" in c or "utterances" in c)
                                                       for c in data):
                for n, call in enumerate(data, 1):
                    yield self._call_row(path, call, n)
                return
            yield self._call_row(path, data if isinstance(data, dict) else {"segments": data}, None)
            return
        try:
            segments = self._text_segments(text) if suffix == ".txt" else self._cue_segments(text)
        except ValueError as exc:
            yield {"__error__": str(exc), "__raw__": text[:2000]}
            return
        yield self._call_row(path, {"segments": segments}, None)

    def _call_row(self, path: Path, call: dict[str, Any], n: int | None) -> dict[str, Any]:
        """A call read from a whole file -> the row shape of a JSONL line (file name, mtime as defaults)."""
        m = self.options.mapping
        row = dict(call)
        if "segments" not in row and isinstance(row.get("utterances"), list):  # AssemblyAI: milliseconds
            row["segments"] = [
                {**u, "start": u["start"] / 1000 if isinstance(u.get("start"), (int, float)) else u.get("start"),
                 "end": u["end"] / 1000 if isinstance(u.get("end"), (int, float)) else u.get("end")}
                if isinstance(u, dict) else u for u in row["utterances"]]
            row.pop("utterances")
        if self.options.filename_pattern:
            match = re.search(self.options.filename_pattern, path.stem)
            if match:
                for key, value in match.groupdict().items():
                    if value is not None:
                        row.setdefault(key, value)
        sid, created = m.get("source_id", "call_id"), m.get("created_at", "started_at")
        row.setdefault(sid, path.stem if n is None else f"{path.stem}#{n}")
        if row.get(created) in (None, ""):
            row[created] = datetime.fromtimestamp(path.stat().st_mtime, ZoneInfo(self.options.timezone)).isoformat()
        return row

    def _label(self, line: str) -> tuple[str, str, float | None] | None:
        """(speaker, text, start) when the line starts with a known speaker label."""
        match = _LABEL.match(line)
        if not match:
            return None
        speaker = match.group(2).strip()
        known = {s.lower() for s in self.options.customer_speakers + self.options.agent_speakers}
        if speaker.lower() not in known:
            return None
        return speaker, match.group(3).strip(), _seconds(match.group(1)) if match.group(1) else None

    def _text_segments(self, text: str) -> list[dict[str, Any]]:
        segments: list[dict[str, Any]] = []
        for n, line in enumerate(text.splitlines(), 1):
            if not line.strip():
                continue
            labelled = self._label(line)
            if labelled:
                speaker, said, start = labelled
                segments.append({"speaker": speaker, "start": start, "end": None, "text": said})
            elif segments:
                segments[-1]["text"] = f"{segments[-1]['text']} {line.strip()}".strip()
            else:
                raise ValueError(f"line {n}: no speaker label such as 'Agente:' or 'Cliente:' "
                                 f"(known speakers: customer_speakers, agent_speakers)")
        return segments

    def _cue_segments(self, text: str) -> list[dict[str, Any]]:
        """WebVTT or SRT cues -> segments; speaker from a <v> voice tag or a label, else the cue above's."""
        segments: list[dict[str, Any]] = []
        blocks = re.split(r"\n\s*\n", text.replace("\r\n", "\n").replace("\r", "\n").strip())
        for block in blocks:
            lines = block.split("\n")
            if lines[0].startswith(("WEBVTT", "NOTE", "STYLE", "REGION")):
                continue
            timing = next((i for i, ln in enumerate(lines) if _TIMING.match(ln)), None)
            if timing is None:
                continue
            t = _TIMING.match(lines[timing])
            start, end = _seconds(t.group(1)), _seconds(t.group(2))
            for line in lines[timing + 1:]:
                voice = _VOICE.search(line)
                said = html.unescape(_TAG.sub("", line)).strip()
                speaker = voice.group(1).strip() if voice else None
                if speaker is None:
                    labelled = self._label(said)
                    if labelled:
                        speaker, said, _ = labelled
                if not said:
                    continue
                if speaker is None:
                    if not segments:
                        raise ValueError(f"cue at {t.group(1)}: no speaker (a <v Speaker> tag or a label "
                                         "such as 'Cliente:')")
                    speaker = segments[-1]["speaker"]
                if segments and segments[-1]["speaker"] == speaker and segments[-1]["start"] == start:
                    segments[-1]["text"] += " " + said  # a cue wrapped over two lines
                else:
                    segments.append({"speaker": speaker, "start": start, "end": end, "text": said})
        if not segments:
            raise ValueError("no cues with text found (not WebVTT/SRT?)")
        return segments

    def payload_keys(self) -> tuple[frozenset[str], frozenset[str]]:
        keep, authors = super().payload_keys()
        return keep | {"speaker", "start", "end"}, authors

    def to_record(self, row: dict[str, Any], tz: ZoneInfo) -> Record:
        m = self.options.mapping
        sid = row.get(m["source_id"])
        if isinstance(sid, (dict, list, bool)):
            raise RecordError(self.source, None, f"field 'source_id' (column {m['source_id']!r}): "
                                                 f"is a {type(sid).__name__}, not an id")
        segments = row.get("segments")
        if not isinstance(segments, list):
            raise RecordError(self.source, sid, "field 'segments': missing or not a list of turns")
        customer_ids = {s.lower() for s in self.options.customer_speakers}
        agent_ids = {s.lower() for s in self.options.agent_speakers}
        customer, agent = [], []
        # Which agent turn each customer turn answers: the redactor types a bare answer by the
        # question before it ("¿me confirma su cédula?" -> "Sí, es 1094692548").
        after: list[int | None] = []
        last_agent: int | None = None
        for seg in segments:
            if not isinstance(seg, dict) or not isinstance(seg.get("text"), str):
                raise RecordError(self.source, sid, "field 'segments': each turn needs a 'text' string")
            speaker = str(seg.get("speaker", "")).strip().lower()
            turn = {"start": seg.get("start"), "end": seg.get("end"), "text": seg["text"].strip()}
            if speaker in customer_ids:
                customer.append(turn)
                after.append(last_agent)
                last_agent = None
            elif speaker in agent_ids:
                agent.append(turn)
                if turn["text"]:
                    last_agent = len(agent) - 1
            else:
                raise RecordError(self.source, sid, f"field 'segments': unknown speaker {seg.get('speaker')!r}")
        ends = [t["end"] for t in customer + agent if isinstance(t.get("end"), (int, float))]
        parts, replies, pos = [], [], 0
        for turn, agent_index in zip(customer, after):
            if not turn["text"]:
                continue
            if parts:
                pos += 1
            if agent_index is not None:
                replies.append([pos, pos + len(turn["text"]), agent_index])
            parts.append(turn["text"])
            pos += len(turn["text"])
        extra: dict[str, Any] = {"agent_turns": agent, "customer_turns": len(customer),
                                 "duration_s": max(ends) if ends else None, "agent": row.get("agent")}
        if replies:
            extra["replies"] = replies  # [start, end, agent turn] of `text`
        fields: dict[str, Any] = {"channel": self.channel, "text": " ".join(parts), "extra": extra}
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
