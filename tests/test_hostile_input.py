"""Hostile input (issue #8.2): whatever a source sends, ingest never crashes, every bad row is
quarantined with a reason that names the file, the row and the field, every good row is stored,
and stored + quarantined == input rows. Property-based (hypothesis) on the connectors and the
text functions; the full analyzer (slower: it embeds) on a handful of fixed hostile texts.
"""

from __future__ import annotations

import csv
import io
import json
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from escucha.connectors import ConnectorContext, registry
from escucha.pipeline.ingest import ingest_connector
from escucha.records import Record, RecordError, build_record
from escucha.store import open_store

SETTINGS = settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
CTX = ConnectorContext(pseudonym_salt="test-salt-123", data_dir=".", batch_size=7)
MAPPING = {"source_id": "radicado", "created_at": "fecha", "text": "descripcion", "author": "nombre"}

# dates: (value, parses?)
GOOD_DATES = ["2026-03-01", "2026-03-01T10:15:00Z", "2026-03-01T10:15:00-05:00", "2026-03-01 10:15:00+01:00",
              "03/11/2026 08:15", "03/11/2026", "3 de noviembre de 2026", "3 de Noviembre de 2026 08:15",
              "03-11-2026", "03.11.2026", "45231", "2026-03-08T02:30:00", "2026-10-25T02:30:00+02:00"]
BAD_DATES = ["", "   ", "mañana", "ayer por la tarde", "31/02/2026", "12/31/2026", "2026-13-01", "99999999",
             "9999-12-31T23:59:59-05:00", "0001-01-01T00:00:00+05:00", "2026-03-01 COT", "NaN", "<b>hoy</b>"]

HOSTILE_TEXTS = st.one_of(
    st.text(min_size=1, max_size=80),
    st.sampled_from([
        "", "   ", "\t\n ", "\u00a0\u2003", "😡😡😡", "👍🏽🙏", "<script>alert('x')</script>", "<p>Hola <b>equipo</b></p>",
        "谢谢你们的服务", "شكرا لكم", "Спасибо большое", "The service is terrible", "Olá, obrigado pela ajuda",
        "a\x00b", "\x00", "línea1\r\nlínea2", 'comillas "dobles" y ;punto y coma; y |barras|',
        "[NOMBRE] [TELEFONO]", "=cmd|' /C calc'!A0", "Ã©Ã±", "\ufeffBOM", "\u200b",
    ]),
)


def _store():
    return open_store("duckdb:///:memory:", Path("."))


def _connector(type_: str, path: Path, **options):
    opts = {"path": str(path), **options}
    if type_ == "export_files":
        opts.setdefault("mapping", MAPPING)
    return registry.create(type_, name="src", channel="pqrs", options=opts, context=CTX)


def _ingest(type_: str, path: Path, **options):
    with _store() as store:
        result = ingest_connector(store, _connector(type_, path, **options), None, "run-1")
        records = store.fetch_records(columns=["source_id", "text"])
        quarantine = store.list_quarantine()
    return result, records, quarantine


def _expected_good(sid: str, date: str, text: str) -> bool:
    return bool(sid.strip()) and date in GOOD_DATES and bool(text.strip()) and "\x00" not in text


def _encode(lines: list[str], mode: str) -> bytes:
    """Each line in UTF-8, CP1252, or a mix (line by line) when the characters allow it."""
    out = []
    for i, line in enumerate(lines):
        enc = {"utf-8": "utf-8", "cp1252": "cp1252", "mixed": ("cp1252", "utf-8")[i % 2]}[mode]
        try:
            data = line.encode(enc)
            if enc != "utf-8":  # CP1252 bytes that happen to be valid UTF-8 ("Â\xa0") are read as UTF-8
                try:
                    data.decode("utf-8")
                    data = line.encode("utf-8")
                except UnicodeDecodeError:
                    pass
            out.append(data)
        except UnicodeEncodeError:
            out.append(line.encode("utf-8"))
    return b"".join(out)


rows_strategy = st.lists(
    st.tuples(st.booleans(), st.sampled_from(GOOD_DATES + BAD_DATES), HOSTILE_TEXTS,
              st.sampled_from(["Ana Pérez", "", "José Núñez", "\x00x"])),
    min_size=1, max_size=15,
)


@SETTINGS
@given(rows=rows_strategy, mode=st.sampled_from(["utf-8", "cp1252", "mixed"]),
       delimiter=st.sampled_from([",", ";"]))
def test_csv_every_row_is_stored_or_quarantined(rows, mode, delimiter):
    buf = io.StringIO()
    w = csv.writer(buf, delimiter=delimiter, lineterminator="\r\n")  # quotes fields with \r or \n
    w.writerow(["radicado", "fecha", "descripcion", "nombre"])
    expected = {}
    for i, (has_id, date, text, author) in enumerate(rows, 1):
        sid = f"R-{i}" if has_id else ""
        w.writerow([sid, date, text, author])
        expected[i] = (sid, _expected_good(sid, date, text), text.strip())
    # physical lines only: str.splitlines would also cut at \x1e, \x85, \u2028..., which a
    # byte-level reader does not, and encode one physical line in two encodings
    lines = buf.getvalue().split("\n")
    lines = [ln + "\n" for ln in lines[:-1]] + ([lines[-1]] if lines[-1] else [])
    with tempfile.TemporaryDirectory() as tmp:
        f = Path(tmp) / "export.csv"
        f.write_bytes(_encode(lines, mode))
        result, records, quarantine = _ingest("export_files", f, delimiter=delimiter)
    good = {sid: text for sid, ok, text in expected.values() if ok}
    assert dict(zip(records["source_id"], records["text"])) == good
    assert len(records) + len(quarantine) == len(rows)
    assert result.new + result.quarantined == len(rows)
    bad_rows = sorted(i for i, (_, ok, _) in expected.items() if not ok)
    for reason, row_no in zip(sorted(quarantine["reason"], key=lambda r: int(r.split("row ")[1].split(":")[0])), bad_rows):
        assert reason.startswith(f"export.csv row {row_no}: ") and "field '" in reason, reason


def test_csv_sniffed_delimiter_survives_texts_full_of_other_separators(tmp_path):
    f = tmp_path / "export.csv"
    body = "".join(f'R-{i},2026-03-01,"uno; dos; tres; cuatro; cinco | seis",Ana\n' for i in range(30))
    f.write_text("radicado,fecha,descripcion,nombre\n" + body, encoding="utf-8")
    _, records, quarantine = _ingest("export_files", f)
    assert len(records) == 30 and quarantine.empty


def test_csv_broken_quoting_never_swallows_rows_silently(tmp_path):
    f = tmp_path / "roto.csv"
    f.write_text("radicado,fecha,descripcion,nombre\n"
                 "R-1,2026-03-01,bien,Ana\n"
                 "R-2,2026-03-01,uno,dos,tres,cuatro\n"          # more cells than columns
                 'R-3,2026-03-01,"comilla sin cerrar,Ana\n'       # swallows the rest of the file
                 "R-4,2026-03-01,otra,Ana\n"
                 "R-5,2026-03-01,última,Ana\n", encoding="utf-8")
    _, records, quarantine = _ingest("export_files", f)
    assert list(records["source_id"]) == ["R-1"]
    reasons = sorted(quarantine["reason"])
    assert any("row 2" in r and "more cells than columns" in r for r in reasons), reasons
    assert any("lines 4-6" in r and "never closed" in r for r in reasons), reasons
    swallowed = quarantine[quarantine["reason"].str.contains("never closed")]["payload"].iloc[0]
    assert "R-4" in swallowed and "R-5" in swallowed  # nothing lost: the raw lines are kept


def test_csv_one_megabyte_text_and_binary_bytes(tmp_path):
    big = ("El servicio de internet no funciona desde hace tres días y nadie responde. " * 14000)[:1_000_000]
    f = tmp_path / "grande.csv"
    f.write_bytes(b"radicado,fecha,descripcion,nombre\n"
                  + b'R-1,2026-03-01,"' + big.encode() + b'",Ana\n'
                  + b"R-2,2026-03-01,\x00\x01\x02\xff\xfe binario,Ana\n"
                  + b"R-3,2026-03-01,normal,Ana\n")
    result, records, quarantine = _ingest("export_files", f)
    assert set(records["source_id"]) == {"R-1", "R-3"}
    assert len(records.set_index("source_id").loc["R-1", "text"]) == len(big.strip())
    assert len(quarantine) == 1 and "row 2" in quarantine["reason"].iloc[0] and "NUL" in quarantine["reason"].iloc[0]


def test_one_bad_file_does_not_block_the_others(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.json").write_text("{esto no es json", encoding="utf-8")
    (folder / "b.json").write_text("42", encoding="utf-8")
    (folder / "c.json").write_text(json.dumps([{"radicado": "R-1", "fecha": "2026-03-01", "descripcion": "hola",
                                                "nombre": "Ana"}]), encoding="utf-8")
    (folder / "d.xlsx").write_bytes(b"PK\x03\x04 not really a workbook")
    result, records, quarantine = _ingest("export_files", folder)
    assert list(records["source_id"]) == ["R-1"]
    reasons = " | ".join(sorted(quarantine["reason"]))
    for name in ("a.json", "b.json", "d.xlsx"):
        assert f"{name}: the file could not be read" in reasons, reasons
    assert "a number where a list of rows was expected" in reasons


JSON_VALUES = st.one_of(st.none(), st.booleans(), st.integers(min_value=-10**30, max_value=10**30),
                        st.floats(allow_nan=False), st.text(max_size=10), st.just({}), st.just([]))


@st.composite
def jsonl_line(draw):
    kind = draw(st.sampled_from(["good", "good", "wrong_types", "not_object", "not_json"]))
    if kind == "not_json":
        return draw(st.sampled_from(["{roto", "[1, 2", "'comillas simples'", "{\"a\": }"])), False
    if kind == "not_object":
        return json.dumps(draw(st.one_of(st.integers(), st.text(max_size=5), st.lists(st.integers(), max_size=3)))), False
    row = {"radicado": draw(st.text(alphabet="ABC123-", min_size=1, max_size=6)),
           "fecha": draw(st.sampled_from(GOOD_DATES)), "descripcion": draw(st.text(min_size=1, max_size=40)),
           "nombre": "Ana", "seguidores": draw(JSON_VALUES)}
    good = bool(row["descripcion"].strip()) and "\x00" not in row["descripcion"]
    if kind == "wrong_types":
        field = draw(st.sampled_from(["radicado", "fecha", "descripcion"]))
        bad = [None, {}, [1], True] + ([1e300] if field != "radicado" else [])
        row[field] = draw(st.sampled_from(bad))
        good = False
    return json.dumps(row, ensure_ascii=draw(st.booleans())), good


@SETTINGS
@given(lines=st.lists(jsonl_line(), min_size=1, max_size=12))
def test_jsonl_with_wrong_types_is_stored_or_quarantined(lines):
    # unique ids so that the count property is exact
    text_lines, goods = [], 0
    for i, (line, good) in enumerate(lines):
        if good:
            row = json.loads(line)
            row["radicado"] = f"{row['radicado']}-{i}"
            line = json.dumps(row)
            goods += 1
        text_lines.append(line)
    with tempfile.TemporaryDirectory() as tmp:
        f = Path(tmp) / "filas.jsonl"
        f.write_text("\n".join(text_lines) + "\n", encoding="utf-8")
        result, records, quarantine = _ingest("export_files", f)
    assert len(records) == goods
    assert len(records) + len(quarantine) == len(lines)
    for reason in quarantine["reason"]:
        assert reason.startswith("filas.jsonl") and ("line " in reason or "row " in reason), reason


@SETTINGS
@given(posts=st.lists(st.one_of(
    st.fixed_dictionaries({"id": st.text(alphabet="0123456789", min_size=1, max_size=19), "text": HOSTILE_TEXTS,
                           "created_at": st.sampled_from(GOOD_DATES + BAD_DATES),
                           "public_metrics": st.one_of(st.none(), st.just({"like_count": 3, "retweet_count": "x"}),
                                                       st.just({"like_count": 10**40}), st.just([]))}),
    JSON_VALUES), max_size=8))
def test_x_api_hostile_posts(posts):
    with tempfile.TemporaryDirectory() as tmp:
        f = Path(tmp) / "x.json"
        f.write_text(json.dumps({"data": [dict(p, id=f"{p['id']}{i}") if isinstance(p, dict) and "id" in p else p
                                          for i, p in enumerate(posts)],
                                 "includes": {"users": "no es una lista"}}), encoding="utf-8")
        result, records, quarantine = _ingest("x_api_json", f)
    assert len(records) + len(quarantine) == len(posts)


def test_transcripts_hostile_calls(tmp_path):
    f = tmp_path / "llamadas.jsonl"
    calls = [
        {"call_id": "C-1", "started_at": "2026-03-01T10:00:00-05:00",
         "segments": [{"speaker": "cliente", "text": "😡 no me sirve el internet"}, {"speaker": "agente", "text": "lo siento"}]},
        {"call_id": "C-2", "started_at": "2026-03-01T10:00:00", "segments": "no es una lista"},
        {"call_id": {"x": 1}, "started_at": "2026-03-01", "segments": []},
        {"call_id": "C-4", "started_at": 1e300, "segments": [{"speaker": "cliente", "text": "hola"}]},
        {"call_id": "C-5", "started_at": "2026-03-01", "segments": [{"speaker": "cliente", "text": 5}]},
        {"call_id": "C-6", "started_at": "2026-03-01", "segments": [{"speaker": "agente", "text": "solo el agente"}]},
    ]
    f.write_text("\n".join(json.dumps(c) for c in calls) + "\n[1,2]\n", encoding="utf-8")
    _, records, quarantine = _ingest("transcripts_jsonl", f)
    assert list(records["source_id"]) == ["C-1"]
    assert len(quarantine) == len(calls)  # 5 bad calls + the line that is not an object
    for reason in quarantine["reason"]:
        assert reason.startswith("llamadas.jsonl") and ("field '" in reason or "not a JSON object" in reason), reason


# -- text functions and the record, property-based ------------------------------------------------

@SETTINGS
@given(text=st.one_of(st.text(max_size=300), HOSTILE_TEXTS), channel=st.sampled_from(["social", "pqrs", "transcript", None]))
def test_text_functions_never_raise(text, channel):
    from escucha.nlp.text import detect_language, normalize
    from escucha.nlp.text.pii import Redactor

    res = Redactor().redact(text)
    ends = [0]
    for m in res.found:  # spans point into the input, in order, without overlaps
        assert 0 <= m.start < m.end <= len(text) and m.start >= ends[-1]
        ends.append(m.end)
    norm = normalize(res.text, channel)
    assert isinstance(norm, str) and "\x00" not in norm
    [(lang, conf)] = detect_language([norm])
    assert isinstance(lang, str) and 0.0 <= conf <= 1.0


@SETTINGS
@given(fields=st.fixed_dictionaries({}, optional={
    "channel": st.one_of(st.sampled_from(["pqrs", "PQRS", "Social", "fax"]), JSON_VALUES),
    "created_at": st.one_of(st.datetimes(timezones=st.timezones()), st.datetimes(), JSON_VALUES),
    "text": st.one_of(HOSTILE_TEXTS, JSON_VALUES),
    "country": st.one_of(st.sampled_from(["co", "COL", " mx "]), JSON_VALUES),
    "followers": st.one_of(st.integers(min_value=-5, max_value=2**70), JSON_VALUES),
    "score": JSON_VALUES, "customer_segment": st.one_of(st.sampled_from(["Estrategico", "ALTO", "vip"]), JSON_VALUES),
    "nonsense": st.integers()}),
    sid=st.one_of(st.none(), st.text(max_size=5), st.integers()))
def test_build_record_gives_a_record_or_a_readable_error(fields, sid):
    try:
        rec = build_record("src", sid, **fields)
    except RecordError as exc:
        assert exc.reason and ("field '" in exc.reason or "unexpected keyword" in exc.reason), exc.reason
        assert str(exc).startswith("src record ")
    else:
        assert isinstance(rec, Record) and rec.text.strip() and rec.created_at.utcoffset() is not None


def test_analyzer_on_hostile_texts():
    from escucha.config import load_config
    from escucha.nlp.analyzer import Analyzer

    texts = ["😡😡😡", "<script>alert('x')</script> pésimo servicio", "谢谢你们的服务", "The service is terrible",
             "\u200b", "[NOMBRE] me atendió muy mal", "ja" * 2000, ("No funciona el internet. " * 42000)[:1_000_000],
             "a\x01b\x7f", "Ã©Ã± mojibake"]
    analyzer = Analyzer.from_config(load_config(None, environ={}).nlp)
    rows, emb = analyzer.analyze(texts, ["social", "pqrs", "social", "review", "chat", "transcript", "social",
                                         "email", "survey", "pqrs"])
    assert len(rows) == len(texts) and emb.shape[0] == len(texts)
    assert rows["language"].notna().all()
    assert rows.loc[0, "language"] == "und" and rows.loc[7, "sentiment"] in ("POS", "NEU", "NEG")
