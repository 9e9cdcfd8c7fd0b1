"""Dialogue context: the agent's question types the customer's bare answer (transcripts, e-mail
threads), through the connector, the ingest step and the redactor."""

from __future__ import annotations

import json
from datetime import datetime, timezone
from pathlib import Path

import pytest

from escucha.connectors import ConnectorContext, registry
from escucha.connectors.imap import quoted_questions
from escucha.nlp.text.pii import Expectation, RedactionPolicy, Redactor, asked_types
from escucha.pipeline.redaction import redact_record
from escucha.records import build_record
from helpers import read_all

CTX = ConnectorContext(pseudonym_salt="test-salt-123", data_dir=".", batch_size=100)


@pytest.fixture(scope="module")
def policy() -> RedactionPolicy:
    return RedactionPolicy()


@pytest.mark.parametrize("prompt, types", [
    ("Mucho gusto, Ana. Para validar su identidad, ¿me confirma el número de cédula?", {"DOCUMENTO"}),
    ("Claro. ¿Me confirma el número de la línea a diez dígitos, por favor?", {"TELEFONO"}),
    ("Conecta, buenas tardes, le atiende Carolina, ¿con quién tengo el gusto?", {"NOMBRE"}),
    ("¿me regala su correo y su celular?", {"EMAIL", "TELEFONO"}),
    ("Dígame la dirección de instalación, por favor.", {"DIRECCION"}),
    ("¿Me confirma el número de cuenta de ahorros?", {"CUENTA"}),
    ("Permítame un momento mientras reviso su cuenta, por favor.", set()),  # no question
    ("Le habla Juan de Conecta.", set()),
    ("¿En qué le puedo colaborar hoy?", set()),
])
def test_what_a_question_asks_for(prompt, types):
    assert asked_types(prompt) == types


@pytest.mark.parametrize("answer, asked, placeholder", [
    ("Sí, claro, es 1094692548.", "DOCUMENTO", "[DOCUMENTO]"),
    ("Claro, es el 79.123.456.", "DOCUMENTO", "[DOCUMENTO]"),
    ("Sí, EJVF710622HDFKJK07.", "DOCUMENTO", "[DOCUMENTO]"),
    ("uno cero nueve cuatro seis nueve dos cinco", "DOCUMENTO", "[DOCUMENTO]"),
    ("Sí, buenas tardes, con Abril Álvarez Reyes.", "NOMBRE", "[NOMBRE]"),
    ("sí con yurany patiño", "NOMBRE", "[NOMBRE]"),
    ("Es la 4570 7049 9962", "TARJETA", "[TARJETA]"),
    ("Carrera 15 número 80-20 apartamento 301. Gracias.", "DIRECCION", "[DIRECCION]"),
])
def test_an_answer_is_typed_by_the_question(answer, asked, placeholder):
    red = Redactor()
    out = red.redact(answer, [Expectation(0, len(answer), frozenset({asked}))]).text
    assert placeholder in out, out
    assert not any(ch.isdigit() for ch in out), out


def test_without_context_a_bare_number_is_still_gone():
    out = Redactor().redact("Sí, claro, es 1094692548.").text
    assert out == "Sí, claro, es [NUMERO]."


def test_an_answer_that_is_no_name_stays():
    red = Redactor()
    for text in ("Pagué 45 mil el martes.", "Ya les dije todo.", "No entiendo la pregunta."):
        assert red.redact(text, [Expectation(0, len(text), frozenset({"NOMBRE"}))]).text == text
    assert red.redact("Yurany.", [Expectation(0, 7, frozenset({"NOMBRE"}))]).text == "[NOMBRE]."


def test_transcript_replies_through_connector_and_ingest(tmp_path: Path, policy):
    call = {"call_id": "C1", "started_at": "2026-11-20T10:00:00-05:00", "segments": [
        {"speaker": "agente", "text": "Conecta, buenas tardes, ¿con quién tengo el gusto?"},
        {"speaker": "cliente", "text": "Hola, con Yurany Patiño."},
        {"speaker": "agente", "text": "Para validar su identidad, ¿me confirma el número de cédula?"},
        {"speaker": "cliente", "text": "Sí, claro, es 1094692548."},
        {"speaker": "agente", "text": "Gracias. ¿En qué le puedo colaborar?"},
        {"speaker": "cliente", "text": "El internet se cae cada hora desde el 15/03/2026."},
    ]}
    f = tmp_path / "calls.jsonl"
    f.write_text(json.dumps(call, ensure_ascii=False) + "\n", encoding="utf-8")
    conn = registry.create("transcripts", name="llamadas", channel="transcript", context=CTX,
                           options={"path": str(f)})
    [rec], _, _ = read_all(conn)
    replies = rec.extra["replies"]
    assert [rec.text[s:e] for s, e, _ in replies] == ["Hola, con Yurany Patiño.", "Sí, claro, es 1094692548.",
                                                       "El internet se cae cada hora desde el 15/03/2026."]
    assert [a for _, _, a in replies] == [0, 1, 2]
    out = redact_record(rec, policy)
    assert out.text == ("Hola, con [NOMBRE]. Sí, claro, es [DOCUMENTO]. "
                        "El internet se cae cada hora desde el 15/03/2026.")
    # the offsets now point into the redacted text: a second pass (a rescan) changes nothing
    assert [out.text[s:e] for s, e, _ in out.extra["replies"]][1] == "Sí, claro, es [DOCUMENTO]."
    assert redact_record(out, policy).text == out.text


def test_email_reply_takes_its_question_from_the_quoted_message(policy):
    body = ("Sí, es 1094692548\n\nEl mar, 3 nov 2026 a las 10:02, Soporte Conecta <soporte@conecta.co> escribió:\n"
            "> Buenas tardes, para continuar con su caso, ¿me confirma su número de cédula?\n> Cordialmente")
    assert "cédula" in quoted_questions(body)
    rec = build_record("correo", "m1", channel="email", created_at=datetime(2026, 11, 3, tzinfo=timezone.utc),
                       text="Sí, es 1094692548", extra={"replies": [[0, 17, quoted_questions(body)]]})
    assert redact_record(rec, policy).text == "Sí, es [DOCUMENTO]"
