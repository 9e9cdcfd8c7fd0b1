"""Dates as Spanish exports write them: the fast formats first, dateparser (Spanish, day first,
offline) for the rest, and a clear quarantine reason for what neither reads."""

from __future__ import annotations

import socket
from datetime import datetime, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from escucha.connectors import ConnectorContext, files, registry
from escucha.connectors.files import parse_datetime
from helpers import read_all

BOGOTA = ZoneInfo("America/Bogota")


def _local(*args: int) -> datetime:
    return datetime(*args, tzinfo=BOGOTA)


@pytest.mark.parametrize("text, expected", [
    ("3/11/2026 8:15:00 p. m.", _local(2026, 11, 3, 20, 15)),  # Windows in Spanish
    ("3/11/2026 8:15:00 p.\u00a0m.", _local(2026, 11, 3, 20, 15)),  # ... with its no-break space
    ("3/11/2026 8:15 a. m.", _local(2026, 11, 3, 8, 15)),
    ("3/11/2026 12:05 a.m.", _local(2026, 11, 3, 0, 5)),
    ("3/11/2026 12:05 PM", _local(2026, 11, 3, 12, 5)),
    ("03-nov-2026", _local(2026, 11, 3)),
    ("martes, 3 de noviembre de 2026", _local(2026, 11, 3)),
    ("03/11/26", _local(2026, 11, 3)),  # day first, two-digit year
    ("03.11.26 08:15", _local(2026, 11, 3, 8, 15)),
    ("2026/11/04 10:00", _local(2026, 11, 4, 10, 0)),  # year first: no doubt
    ("3 de noviembre de 2026 20:15", _local(2026, 11, 3, 20, 15)),
    ("lunes 2 de nov. 2026 14:05", _local(2026, 11, 2, 14, 5)),
    ("3 de noviembre de 2026 20:15 UTC", datetime(2026, 11, 3, 20, 15, tzinfo=timezone.utc)),  # a zone it names wins
    ("2026-11-03T08:15:00-05:00", _local(2026, 11, 3, 8, 15)),
])
def test_spanish_dates_parse(text, expected):
    got = parse_datetime(text, BOGOTA)
    assert got == expected and got.tzinfo is not None


@pytest.mark.parametrize("text", ["ayer", "hace 3 días", "nov 2026", "31/02/2026", "3/11/2026 20:15 p. m.", "xx",
                                  "12/31/2026", "12-31-26 10:00"])
def test_relative_partial_impossible_or_month_first_dates_are_refused(text):
    """A date that depends on the day of the run, lacks its day, does not exist, or exists only
    month first (a file read partly day first and partly month first) is not guessed."""
    with pytest.raises(ValueError, match="unrecognised date"):
        parse_datetime(text, BOGOTA)


def test_common_formats_never_reach_dateparser(monkeypatch):
    def refuse():
        raise AssertionError("the fast path should have read it")

    monkeypatch.setattr(files, "_date_data_parser", refuse)
    files._read.cache_clear()
    for text in ("03/11/2026 08:15", "3/11/2026 8:15:00 p. m.", "03/11/26", "2026-11-03", "3 de noviembre de 2026",
                 "45964", "03.11.2026"):
        assert parse_datetime(text, BOGOTA).date().month == 11


def test_dateparser_is_asked_once_per_text_and_offline(monkeypatch):
    files._read.cache_clear()
    calls = []
    real = files._date_data_parser()

    class Counting:
        def get_date_data(self, text):
            calls.append(text)
            return real.get_date_data(text)

    def no_network(*args, **kwargs):
        raise AssertionError("dateparser tried to reach the network")

    monkeypatch.setattr(files, "_date_data_parser", lambda: Counting())
    monkeypatch.setattr(socket.socket, "connect", no_network)
    for _ in range(3):
        assert parse_datetime("03-nov-2026", BOGOTA) == _local(2026, 11, 3)
    assert calls == ["03-nov-2026"]
    files._read.cache_clear()


def test_an_export_with_spanish_dates_is_read_and_unreadable_ones_are_quarantined(tmp_path: Path):
    f = tmp_path / "export.csv"
    f.write_text("radicado;fecha;descripcion\n"
                 "R-1;3/11/2026 8:15:00 p. m.;Me cobraron dos veces\n"
                 "R-2;martes, 3 de noviembre de 2026;No llegó el técnico\n"
                 "R-3;03-nov-2026;La factura vino mal\n"
                 "R-4;03/11/26;Sin señal desde ayer\n"
                 "R-5;el martes pasado;Nadie responde\n", encoding="utf-8")
    conn = registry.create("export_files", name="src", channel="pqrs", context=ConnectorContext(
        pseudonym_salt="test-salt-123", data_dir=".", batch_size=10),
        options={"path": str(f), "mapping": {"source_id": "radicado", "created_at": "fecha", "text": "descripcion"}})
    records, quarantined, _ = read_all(conn)
    assert [r.created_at.astimezone(BOGOTA).date().isoformat() for r in records] == ["2026-11-03"] * 4
    assert records[0].created_at.astimezone(BOGOTA).hour == 20
    assert len(quarantined) == 1
    assert "row 5" in quarantined[0].reason and "created_at" in quarantined[0].reason
    assert "unrecognised date 'el martes pasado'" in quarantined[0].reason
