"""Offline language detection with the Spanish prior."""

from __future__ import annotations

import pytest

from escucha.nlp.text.language import LANGUAGES, LanguageDetector, detect_language


@pytest.mark.parametrize(
    "text",
    [
        "neta no manches ya me cansé de esta app",
        "q onda parce, el internet no sirve",
        "vaya tela con el móvil",
        "me cobraron dos veces",
        "la app no abre",
        "wey ya arreglen su pinche red",
        "hostia tío, otra vez sin fibra",
        "que chimba de atención, gracias parce",
        "ya no aguanto mas esta compañia de porqueria",
        "no me llega la factura desde hace dos meses",
    ],
)
def test_spanish_slang_and_typos_stay_spanish(text):
    (lang, conf), = detect_language([text])
    assert lang == "es"
    assert 0.0 < conf <= 1.0


@pytest.mark.parametrize(
    "lang, text",
    [
        ("en", "the service is terrible and nobody answers"),
        ("pt", "não consigo falar com vocês, o serviço está péssimo"),
        ("fr", "le service est nul, je suis très déçu"),
        ("it", "non funziona niente, sono molto arrabbiato"),
        ("de", "ich habe seit gestern kein Internet"),
        ("ca", "el servei és molt dolent i no tinc internet"),
        ("gl", "non teño internet dende onte e o servizo é moi malo"),
        ("eu", "zerbitzua oso txarra da eta ez dut internetik"),
    ],
)
def test_other_languages_are_recognised(lang, text):
    assert detect_language([text])[0][0] == lang


@pytest.mark.parametrize("text", ["hola", "ok", "pésimo", "no sirve", "gracias", "jajaja", "Bogotá 😡"])
def test_short_texts_default_to_spanish(text):
    assert detect_language([text])[0][0] == "es"


def test_short_text_confidently_other_is_kept():
    assert detect_language(["thank you so much"])[0][0] == "en"


@pytest.mark.parametrize("text", ["😡😡😡", "...", "12345", "", "[NOMBRE] [TELEFONO]", "https://t.co/x @claro"])
def test_no_letters_is_undetermined(text):
    assert detect_language([text]) == [("und", 0.0)]


def test_urls_mentions_and_hashtags_do_not_vote():
    text = "@MovistarES #fail https://www.movistar.es/particulares otra vez sin línea en casa"
    assert detect_language([text])[0][0] == "es"


def test_batch_keeps_order_and_length():
    texts = ["the app crashes every time", "la app se cierra a cada rato", "🙏"]
    out = detect_language(texts)
    assert [lang for lang, _ in out] == ["en", "es", "und"]
    assert all(isinstance(c, float) for _, c in out)


def test_detector_knobs():
    # "thanks" alone: the short-text rule answers "es", with the low posterior it really has.
    lang, conf = LanguageDetector().detect_one("thanks")
    assert lang == "es" and conf < 0.5
    assert LanguageDetector(min_words=1).detect_one("thanks")[0] == "en"  # rule switched off
    assert LanguageDetector(languages=("es", "en")).detect_one("o serviço está péssimo")[0] in {"es", "en"}
    with pytest.raises(ValueError):
        LanguageDetector(languages=("en", "fr"), default="es")
    assert set(LANGUAGES) >= {"es", "en", "pt", "fr", "it", "de", "ca", "gl", "eu"}
