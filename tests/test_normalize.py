"""Normalisation of social/chat text and mojibake repair."""

from __future__ import annotations

import pytest

from escucha.nlp.text.normalize import NormalizeOptions, fix_encoding, normalize, options_for


def test_urls_become_a_token_and_keep_trailing_punctuation():
    out = normalize("Miren esto https://t.co/abc123. y www.claro.com.co/ayuda, o bit.ly/x1")
    assert out == "Miren esto [URL]. y [URL], o [URL]"


def test_missing_space_after_full_stop_is_not_a_url():
    assert normalize("el servicio.Es malo, bien.me dijeron") == "el servicio.Es malo, bien.me dijeron"


def test_mentions_become_usuario_but_emails_stay():
    out = normalize("@Movistar_Co escríbanme a juan.perez@gmail.com @otro_user")
    assert out == "@usuario escríbanme a juan.perez@gmail.com @usuario"


@pytest.mark.parametrize(
    "tag, words",
    [
        ("#PésimoServicio", "pésimo servicio"),
        ("#SOSClaro", "sos claro"),
        ("#Movistar4G", "movistar 4g"),
        ("#Plan300Megas", "plan 300 megas"),
        ("#pesimoservicio", "pesimoservicio"),
    ],
)
def test_hashtags_are_split_into_words(tag, words):
    assert normalize(f"otra vez sin señal {tag}") == f"otra vez sin señal {words}"


def test_emojis_become_spanish_words_without_skin_tones():
    assert normalize("no sirve 😡") == "no sirve cara enojada"
    assert normalize("gracias 🙏🏽") == "gracias manos en oración"
    # A ZWJ sequence is one emoji, not three.
    assert normalize("🤦‍♂️") == "hombre con la mano en la frente"


@pytest.mark.parametrize(
    "raw, expected",
    [
        ("buenísimooo", "buenísimo"),
        ("siiiii", "sí"),
        ("Siiii", "Sí"),
        ("NOOOO", "NO"),
        ("graciaaas", "gracias"),
        ("leeeer", "leer"),
        ("creeeeer", "creer"),
        ("creeeeo", "creo"),
        ("zooológico", "zoológico"),
        ("reeeembolso", "reembolso"),
        ("carrrro", "carro"),
        ("amorrrr", "amor"),
        ("acccción", "acción"),
        ("llllamar", "llamar"),
        ("holaa", "hola"),
        ("porfii", "porfi"),
        ("buenoo", "bueno"),
    ],
)
def test_elongations_are_shortened(raw, expected):
    assert normalize(raw) == expected


def test_legal_spanish_doubles_are_untouched():
    text = "leer creer zoológico llamar carro acción reembolso coordinar zoo app WhatsApp Facebook"
    assert normalize(text) == text


def test_laughter_is_shortened():
    assert normalize("jajajajaja JAJAJA jejeje jsjsjs") == "jaja jaja jeje jsjs"


def test_whitespace_collapses_and_formal_channels_keep_paragraphs():
    text = "  hola \t  mundo\n\n\n\n segunda   línea  "
    assert normalize(text, "chat") == "hola mundo segunda línea"
    assert normalize(text, "email") == "hola mundo\n\nsegunda línea"


def test_lower_keeps_redaction_placeholders():
    out = normalize("[NOMBRE] dijo que LLAMARÍA al [TELEFONO]", lower=True)
    assert out == "[NOMBRE] dijo que llamaría al [TELEFONO]"
    assert normalize("Hola ÉL", lower=False) == "Hola ÉL"


def test_formal_channels_keep_hash_and_at_signs():
    text = "Dirección: Calle 45 #Bis 12-34, copia a @juridica"
    assert normalize(text, "pqrs") == text
    assert "#" not in normalize(text, "social")


def test_options_override_channel_defaults():
    opts = NormalizeOptions(urls=False, emojis=False)
    assert normalize("ver https://x.co/a 😡", options=opts) == "ver https://x.co/a 😡"
    assert options_for("transcript").emojis is False
    assert options_for("no-such-channel") == options_for("social")


def test_normalize_returns_new_string_and_leaves_input_alone():
    original = "Siiii @Claro #MalServicio 😡"
    copy = str(original)
    out = normalize(original)
    assert original == copy
    assert out != original


@pytest.mark.parametrize(
    "broken, fixed",
    [
        ("CampaÃ±a", "Campaña"),
        ("atenciÃ³n al cliente", "atención al cliente"),
        ("Â¿QuÃ© pasÃ³?", "¿Qué pasó?"),
        ("â€œholaâ€\x9d", "“hola”"),
        ("Ã‰XITO", "ÉXITO"),
        ("ÃƒÂ±", "ñ"),  # encoded twice
        ("mixto: año y aÃ±o", "mixto: año y año"),
    ],
)
def test_fix_encoding_repairs_mojibake(broken, fixed):
    assert fix_encoding(broken) == fixed


@pytest.mark.parametrize("text", ["está año ñandú Ágata", "“comillas” – ¿qué? ¡sí!", "precio: 5 €", "Â"])
def test_fix_encoding_leaves_correct_text_alone(text):
    assert fix_encoding(text) == text


@pytest.mark.parametrize(
    "codec, text",
    [
        # Strict cp1252 cannot decode 0x81/0x8D/0x9D at all, so no "Á", "Í" or "”" in this one.
        ("cp1252", "Señora Muñoz: la atención fue pésima, «nunca» volvemos – ¿qué pasó? ¡Qué vergüenza! ÉXITO Ñandú"),
        ("latin-1", "Ángel ÍÑIGO: “pésimo” servicio, ¿qué pasó? Ñandú €"),
    ],
)
def test_fix_encoding_round_trip(codec, text):
    broken = text.encode("utf-8").decode(codec)
    assert broken != text
    assert fix_encoding(broken) == text


def test_normalize_fixes_encoding_first():
    assert normalize("pÃ©simo servicioooo") == "pésimo servicio"
