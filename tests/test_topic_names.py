"""Issue and sub-theme names: never another company, always a noun phrase a manager would write.

No fit and no encoder: names are chosen from ranked keyphrases and the issue's own texts
(labels.py), so every case here is a handful of texts written for these tests.
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from escucha.nlp.topics.brands import Brands, brand_tokens, shipped_brands, shipped_entries
from escucha.nlp.topics.catalog import available_catalogs, load_catalog
from escucha.nlp.topics.labels import NameFilter, corpus_use, make_label, tokenized
from escucha.nlp.topics.phrases import WordUse, noun_phrase
from escucha.nlp.topics.representation import class_keywords

COMPETITORS = sorted(shipped_entries())


# -- other companies ---------------------------------------------------------------------------
def test_the_lexicon_covers_every_market_and_blocks_no_ordinary_word():
    brands = shipped_brands()
    for name in ("Movistar", "Bancolombia", "Banorte", "BBVA", "Telcel", "Iberdrola", "Nueva EPS", "Avianca",
                 "Mercado Libre", "El Corte Inglés", "Aeroméxico", "Santander", "Claro", "AT&T", "Banco de Bogotá"):
        assert brands.named_in_text(name), name
    # words of multi-word names, and ordinary words that are also a company's name, stay usable
    for form in ("Corte del servicio", "Cobro del banco", "Bogotá sin señal", "Mala atención del personal",
                 "Éxito de la promoción", "Salud de los equipos", "Caja de la sucursal", "Línea de atención",
                 "Mercado de divisas", "Nueva tarjeta de crédito", "Pago por PSE", "Transferencias por SPEI"):
        assert not brands.named_in_text(form), form
    assert all(len(brand_tokens(e)) >= 1 for e in COMPETITORS) and len(COMPETITORS) > 300


def test_catalogue_names_name_no_company():
    names = NameFilter()
    for catalogue in available_catalogs():
        for issue in load_catalog([catalogue]).issues:
            assert names.allows(issue.name[:1].lower() + issue.name[1:]), issue.name


@settings(deadline=None, max_examples=40)
@given(brand=st.sampled_from(COMPETITORS), own=st.sampled_from(["Conecta", "Banco Aurora", "@ConectaAyuda"]))
def test_an_issue_about_a_competitor_is_never_named_after_it(brand, own):
    """Texts that name a competitor at every turn: neither the issue's name nor its keywords
    hold it (nor the company's own name, configured)."""
    company = own.lstrip("@")
    docs = [f"me voy a pasar a {brand} porque {company} no me resuelve la portabilidad",
            f"en {brand} me ofrecen la portabilidad gratis",
            f"la portabilidad del número a {brand} lleva una semana",
            f"{company} no libera la portabilidad hacia {brand}",
            f"quiero la portabilidad a {brand} ya"] * 3
    other = ["el cajero no me dio el dinero", "el cajero se tragó la tarjeta", "cajero sin efectivo otra vez"] * 5
    keywords = class_keywords(docs + other, [0] * len(docs) + [1] * len(other), top_n=50, min_df=1)[0]
    names = NameFilter([own])
    label = make_label(keywords, docs, names=names)
    assert not Brands.of([own]).named_in_text(label), label
    assert not any(Brands.of([own]).named_in(k.split()) for k, _ in names.keep_keywords(keywords))


# -- noun phrases -----------------------------------------------------------------------------
NOUNS = ["app", "factura", "señal", "tarjeta", "línea", "cuenta", "conexión"]
VERB_FORMS = ["avise", "contesten", "falle", "vuela", "cobran", "llega", "funcione", "cierra", "sirve", "carga"]


@settings(deadline=None, max_examples=60)
@given(noun=st.sampled_from(NOUNS), verb=st.sampled_from(VERB_FORMS), clitic=st.sampled_from(["me", "se", "no", "que"]))
def test_a_name_never_ends_in_a_verb_the_texts_use_as_one(noun, verb, clitic):
    """Whatever noun and verb form, when the texts use the word as a verb (after a clitic, a
    negation or the "que" of the subjunctive), the name never ends in it: «App avise» is no name."""
    docs = [f"me gusta que la {noun} {verb} a tiempo", f"ojalá la {noun} {verb} hoy",
            f"y la {noun} {clitic} {verb} siempre", f"la {noun} {verb} cuando quiere",
            f"otra vez el problema con la {noun}", f"la {noun} de siempre"] * 2
    ranked = [(f"{noun} {verb}", 0.9), (verb, 0.85), (noun, 0.8)]
    label = make_label(ranked, docs)
    assert label.split()[-1].lower() != verb and label.split()[0].lower() != verb, label


WEAK = ["Internet vuela", "App avise", "Llamó para avisar", "Siguen sin devolverme", "Reinicié el módem",
        "Espera contesten", "Decide tomarse", "Mentira y alcanzaba", "Pedí permiso", "Cobraron intereses por pagar",
        "Elegir la fecha", "Caminando desde la oficina", "Conexión se cae", "Tarde es una tortuga", "Cobran mora",
        "Tomó diez", "Requisitos piden", "Práctica la app", "Extrañe", "Serie el internet"]
GOOD = ["Internet lento", "Débito automático", "Cargo no reconocido", "Visita técnica", "Fecha de pago",
        "Buró de crédito", "Actualización 5.2", "Constancia de cancelación", "Velocidad contratada",
        "Reportes negativos", "Cobro doble en la factura", "Menú automático", "Minutos en la oficina",
        "Celular", "Códigos por SMS"]
TEXTS = """Muy buena la visita técnica, cambiaron el módem y ahora el internet vuela.
ahora sí el internet vuela después de la visita técnica | me gustó que la app avise la fecha de pago
el internet está lento desde ayer | internet muy lento en la noche | la conexión es lenta y se cae
el débito automático me cobró dos veces | quiero cancelar el débito automático
tengo un cargo no reconocido en la tarjeta | el técnico llamó para avisar que no venía
siguen sin devolverme la plata | reinicié el módem y nada | llevo 40 minutos en espera, que contesten
el internet decide tomarse un descanso | me dijo mentira y ya no alcanzaba | pedí permiso en el trabajo
me cobraron intereses por pagar tarde | quiero elegir la fecha de corte | iba caminando desde la oficina
por la tarde es una tortuga | me cobran mora | el técnico tomó diez minutos | los requisitos que piden
qué práctica la app | el celular no tiene señal | el buró de crédito me reportó
pido la constancia de cancelación | la velocidad contratada no llega | tengo reportes negativos
un cobro doble en la factura | el menú automático no sirve | 30 minutos en la oficina
la actualización 5.2 falla | los códigos por SMS no llegan | seguro es para que no los extrañe
cada vez que quiero ver una serie el internet se cae""".replace("\n", " | ").split(" | ")


@pytest.mark.parametrize("form", WEAK)
def test_verb_fragments_are_not_noun_phrases(form):
    use = WordUse.of(tokenized(TEXTS))
    assert not noun_phrase([(w.lower(), w) for w in form.split()], use, {"a", "de", "la", "el", "en", "por", "no", "y"})


@pytest.mark.parametrize("form", GOOD)
def test_names_a_manager_would_write_are_noun_phrases(form):
    use = WordUse.of(tokenized(TEXTS))
    assert noun_phrase([(w.lower(), w) for w in form.split()], use, {"a", "de", "la", "el", "en", "por", "no"})


def test_a_sub_theme_is_not_named_with_its_issues_words():
    """MMR: a sub-theme of «Internet lento o intermitente» does not repeat "internet"."""
    docs = (["otra vez el internet lento y la velocidad contratada no llega"] * 3
            + ["con el internet lento, la velocidad contratada es de 300 megas"] * 3)
    ranked = [("internet lento", 0.9), ("velocidad contratada", 0.85), ("internet", 0.8), ("velocidad", 0.75)]
    assert make_label(ranked, docs) == "Internet lento"
    assert make_label(ranked, docs, taken={"Internet lento o intermitente"},
                      related={"Internet lento o intermitente"}) == "Velocidad contratada"


def test_how_the_corpus_uses_a_word_decides_when_an_issue_has_few_texts():
    """A sub-theme's texts may hold a verb only where a removed word left it after a
    preposition ("el código de [app] llega tarde"); the corpus says it is a verb."""
    docs = ["el código de verificación de llega tarde"] * 4 + ["la verificación del código"] * 2
    ranked = [("verificación llega", 0.9), ("verificación", 0.8), ("código", 0.7)]
    corpus = docs + ["la factura no llega", "el técnico nunca llega", "el código no llega", "ya no llega nada"] * 3
    label = make_label(ranked, docs, use=corpus_use(corpus))
    assert not label.lower().endswith("llega"), label


# -- when no keyphrase qualifies -----------------------------------------------------------------
WIFI = ["el wifi es una tortuga desde ayer", "la señal del wifi no llega al cuarto", "wifi tortuga otra vez",
        "la señal del wifi se va cada rato", "internet tortuga", "por la noche el wifi desaparece"]


def test_without_a_keyphrase_the_name_is_a_noun_phrase_of_the_texts_not_two_words_joined():
    """Two unrelated best words never make «Tortuga y wifi»: the name is the noun phrase the
    texts write around one of the best nouns."""
    label = make_label([("tortuga", 0.9), ("wifi", 0.8)], WIFI)
    assert label == "Señal del wifi"
    assert make_label([("tortuga", 0.9), ("wifi", 0.8)], WIFI, taken={"Señal del wifi"}) != "Señal del wifi"


def test_without_a_phrase_the_best_noun_alone_and_words_only_as_a_last_resort():
    docs = ["ya no tengo token", "otra vez el token", "el token, nada", "token token"]
    assert make_label([("token", 0.9), ("nada", 0.5)], docs) == "Token"
    verbs = ["no funciona nunca", "ya no sirve", "que funcione ya", "no sirve para nada", "no funciona"]
    label = make_label([("funciona", 0.9), ("sirve", 0.8)], verbs)
    assert label == "Tema: funciona, sirve"  # says these are the issue's words, not its name
    label = make_label([("funciona", 0.9), ("sirve", 0.8), ("nada", 0.7), ("pantalla", 0.6)],
                       verbs + ["la pantalla"])
    assert label == "Tema: pantalla"  # nouns first, verbs only when nothing else is left


@pytest.mark.parametrize("form", ["Millones de pesos", "Diez minutos", "Cobro de 300 pesos", "2.000 dólares",
                                  "Mil quinientos", "Pesos", "Plata de más", "Buenas tardes", "Saludos cordiales", "Hola equipo"])
def test_an_amount_a_number_or_a_greeting_is_no_name(form):
    assert not NameFilter().allows(form)


@pytest.mark.parametrize("form", ["Rato", "Fecha", "Cambio", "Un rato", "Cambios"])
def test_a_generic_word_alone_is_no_name(form):
    assert not NameFilter().allows(form)
    assert NameFilter().allows("Fecha de pago") and NameFilter().allows("Cambio de plan")


@pytest.mark.parametrize("form", ["Compras en dólares", "Devolución de la plata", "Actualización 5.2", "Cobro en pesos"])
def test_money_without_an_amount_may_name_an_issue(form):
    assert NameFilter().allows(form)


def test_the_name_skips_amounts_greetings_brands_and_feelings_for_what_the_problem_is():
    docs = ["buenas tardes, me cobraron millones de pesos y el token digital no funciona",
            "buenas tardes, el token digital falla otra vez, harta", "millones de pesos y Movistar igual",
            "el token digital no me deja entrar, buenas tardes", "harta de Movistar y del token digital"]
    ranked = [("buenas tardes", 0.95), ("millones pesos", 0.9), ("harta", 0.88), ("movistar", 0.87), ("diez", 0.86),
              ("millones", 0.85), ("pesos", 0.8), ("token", 0.5), ("digital", 0.4)]
    assert make_label(ranked, docs) == "Token digital"
    # with nothing but amounts, greetings and feelings, no name at all rather than one of those
    assert make_label([("millones", 0.9), ("pesos", 0.8), ("buenas", 0.7), ("harta", 0.6)], docs[:3]) \
        == "Sin palabras clave"


def test_a_version_number_still_names_a_release():
    assert NameFilter().allows("Actualización 5.2")
    assert make_label([("actualización 5.2", 0.9), ("actualización", 0.8)],
                      ["desde la actualización 5.2 no abre", "la actualización 5.2 falla"]) == "Actualización 5.2"


def test_a_phrase_of_the_texts_never_ends_in_a_conjunction():
    docs = ["la app en android y el logo se queda", "en android y el logo nada", "android y logo igual",
            "con android y sin logo", "van 300 y pico"]  # "y" after a number: it passes for a modifier
    label = make_label([("android", 0.9), ("logo", 0.8)], docs)
    assert label.split()[-1].lower() not in ("y", "o", "e", "ni"), label


def test_a_noun_alone_only_when_the_texts_use_it_as_one_and_many_say_it():
    """«Abres» (you open) is shaped like a plural noun but no text puts an article before it;
    «Norte» is a noun but one text of six says it: neither names an issue alone."""
    docs = ["abres la app y nada", "abres y se cierra", "cada vez que abres", "abres otra vez"]
    assert make_label([("abres", 0.9), ("nada", 0.5)], docs).startswith("Tema: ")
    docs = ["me fui al norte", "ya no sirve", "otra vez igual", "siempre lo mismo", "nada cambia", "igual"]
    assert make_label([("norte", 0.9), ("igual", 0.5)], docs).startswith("Tema: ")


def test_keywords_of_a_corpus_with_a_single_word_do_not_crash():
    """Every text under one issue with one word between them (a tiny night, a terse channel):
    c-TF-IDF over a one-term vocabulary still ranks that term."""
    assert [w for w, _ in class_keywords(["cobro", "cobro", "cobro"], [0, 0, 0])[0]] == ["cobro"]
