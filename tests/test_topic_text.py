"""The topic text: greetings, fillers, sign-offs, handles and placeholders go; the issue stays."""

from __future__ import annotations

import re

import numpy as np
import pytest

from escucha.nlp.text.topic_text import topic_text


def words(text: str) -> set[str]:
    return set(re.findall(r"[^\W\d_]+", text.lower()))


def test_call_transcript_keeps_only_the_reason_for_the_call():
    call = ("Sí, buenas tardes, con [NOMBRE]. Claro, es el 81335986. Sí, sumercé, lo que pasa es que "
            "cuando voy a confirmar el pago la aplicación se cierra. Sí, claro. No, nada más.")
    out = topic_text(call, "transcript")
    assert {"confirmar", "pago", "aplicación", "cierra"} <= words(out)
    assert not words(out) & {"buenas", "tardes", "sumercé", "claro", "nombre", "pasa", "nada"}
    assert "[" not in out and not any(c.isdigit() for c in out)


def test_written_complaint_loses_greeting_and_sign_off():
    pqrs = ("Cordial saludo. Buenos días, señores Conecta. En la factura de mayo aparece dos veces el cargo "
            "mensual. Quedo atento a su respuesta. Muchas gracias.")
    out = topic_text(pqrs, "pqrs", extra_terms=["Conecta"])
    assert {"factura", "mayo", "aparece", "cargo", "mensual", "veces"} <= words(out)
    assert not words(out) & {"cordial", "saludo", "buenos", "días", "señores", "conecta", "quedo", "atento",
                             "respuesta", "gracias"}


def test_post_loses_handles_emojis_and_trailing_hashtags_but_keeps_inline_ones():
    post = "@ConectaAyuda neta ya me cansé güey, llevo 3 días #SinInternet en la casa 😡 #Fail #ConectaFalla"
    out = topic_text(post, "social")
    assert {"sin", "internet", "casa", "días"} <= words(out)
    assert not words(out) & {"conectaayuda", "neta", "güey", "fail", "conecta", "falla"}
    assert "😡" not in out and "@" not in out


@pytest.mark.parametrize("text, channel, gone", [
    ("Opinión sobre BBVA: me cobraron una comisión de mantenimiento que nadie me explicó", "review",
     {"opinión", "bbva"}),
    ("Opinión sobre Cuenta Naranja - la app se bloquea cada vez que intento transferir", "review",
     {"opinión", "naranja"}),
    ("RT @juanperez: el cajero de la esquina no da dinero y sí lo descuenta", "social", {"rt", "juanperez"}),
    ("La factura llegó con doble cargo.\n\nEnviado desde mi iPhone", "email", {"enviado", "iphone"}),
    ("Sigo sin respuesta a mi reclamo.\n\nEl lun, 3 oct 2026 a las 10:00, Banco <[EMAIL]> escribió:\n"
     "> Estimado cliente\n> su caso fue radicado", "email", {"escribió", "estimado", "radicado"}),
    ("Mi internet no funciona desde ayer\n-- \nJuana Gómez\nGerente de compras", "email", {"juana", "gerente"}),
])
def test_what_the_source_wraps_around_the_customer_goes(text, channel, gone):
    out = topic_text(text, channel)
    assert not words(out) & gone, out
    assert len(words(out)) >= 4  # the complaint itself stays


def test_accents_dropped_by_the_customer_still_match_formulas():
    out = topic_text("Buenos dias senores, el tecnico no llego a la cita. Gracias de antemano", "email")
    assert {"tecnico", "llego", "cita"} <= words(out)
    assert not words(out) & {"buenos", "dias", "senores", "gracias", "antemano"}


def test_a_text_of_only_courtesy_falls_back_to_the_normalised_text():
    assert topic_text("Hola, buenas tardes. Muchas gracias.", "chat").strip() != ""
    assert topic_text("", "chat") == ""


def test_filler_words_are_not_mistaken_inside_other_words():
    # "mira" in "miramos", "este" in "estelar", "pues" in "impuesto", "vale" in "valen"
    out = topic_text("Miramos el impuesto estelar que valen los planes.", "pqrs")
    assert {"miramos", "impuesto", "estelar", "valen", "planes"} <= words(out)


@pytest.fixture(scope="module")
def use_encoder():
    from escucha.nlp.encoders import UniversalSentenceEncoder

    return UniversalSentenceEncoder()


def test_same_issue_in_two_channels_is_closer_after_cleaning(use_encoder):
    """Why the topic text exists: a call and a PQRS about the same issue must be nearer to each
    other than two calls about different issues; on the raw texts the call style wins."""
    call_a = ("Buenas tardes, mi nombre es [NOMBRE]. Sí, claro, es [DOCUMENTO]. Sí señorita, mire, me llegó la "
              "factura con un cobro doble, me están cobrando dos veces el mismo mes. Bueno. Listo, muchas gracias, "
              "muy amable. No, nada más.")
    call_b = ("Buenas tardes, mi nombre es [NOMBRE]. Sí, claro, es [DOCUMENTO]. Sí señorita, mire, el técnico "
              "no llegó a la visita y nadie me avisó. Bueno. Listo, muchas gracias, muy amable. No, nada más.")
    pqrs_a = "Cordial saludo. En la factura de mayo me cobraron dos veces el cargo mensual. Quedo atento."
    raw = use_encoder.encode([call_a, call_b, pqrs_a])
    clean = use_encoder.encode([topic_text(t, ch) for t, ch in
                                ((call_a, "transcript"), (call_b, "transcript"), (pqrs_a, "pqrs"))])

    def margin(e: np.ndarray) -> float:  # same issue, other channel  minus  same channel, other issue
        e = e / np.linalg.norm(e, axis=1, keepdims=True)
        return float(e[0] @ e[2] - e[0] @ e[1])

    assert margin(raw) < margin(clean)
    assert margin(clean) > 0
