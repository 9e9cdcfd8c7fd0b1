"""Who speaks in a text (nlp/topics/voice.py): ads and news that name the company are told apart
from customers, so that they never become a "recurring problem"."""

import numpy as np

from escucha.nlp.topics.voice import (
    BROADCAST,
    PRAISE,
    PROBLEM,
    broadcast_cues,
    customer_cues,
    doc_voices,
    issue_kind,
    speaks,
    topic_kind,
)


def test_ads_and_news_are_broadcasts():
    docs = [
        "Laptop HP 15 pulgadas 8GB RAM 256GB SSD a 12 MSI con tarjetas participantes",
        "Aprovecha hasta 18 meses sin intereses en pantallas este Buen Fin",
        "El Banco de México mantiene la tasa objetivo, informan analistas",
        "La aerolínea anuncia nuevas rutas a Cancún https://t.co/abc",
        "Gracias por preferirnos: 12 MSI en toda la tienda",  # an ad that thanks is still an ad
    ]
    assert broadcast_cues(docs).tolist() == [True] * 5
    assert doc_voices(docs).tolist() == [BROADCAST] * 5


def test_a_customer_is_never_a_broadcast_however_promotional_the_words():
    docs = [
        "no me aplicaron los meses sin intereses de la promoción",  # a problem cue
        "compré la laptop a 12 MSI y me cobraron de contado",  # first person
        "pagué con la tarjeta participante y el descuento nunca apareció",  # "pagué": first person of the past
        "ustedes anuncian descuentos que luego no respetan",  # addresses the company
        "¿me pueden decir si la promoción de 6 MSI aplica en línea?",  # a question about one's own case
    ]
    assert not broadcast_cues(docs).any()
    assert customer_cues(docs).all()


def test_the_small_print_of_an_ad_is_not_a_problem_cue():
    """"sin intereses", "sin comisiones" hold "sin", a problem cue: set aside, the ad stays an ad."""
    docs = ["Abre tu cuenta sin comisiones y obtén 6 meses sin intereses"]
    assert broadcast_cues(docs).tolist() == [True]
    assert customer_cues(docs).tolist() == [False]


def test_praise_and_plain_complaints_keep_their_voice():
    docs = ["la app está muy buena, me encanta", "la app no abre desde ayer", "buenas tardes"]
    assert doc_voices(docs).tolist() == [PRAISE, PROBLEM, PROBLEM]
    # the caller's own praise reading wins over the cues (it also reads the vectors)
    assert doc_voices(docs, praise=np.array([False, False, True])).tolist() == [PROBLEM, PROBLEM, PRAISE]


def test_courtesy_is_not_praise_and_sarcasm_with_a_charge_is_a_complaint():
    docs = ["Por favor actualizar mis datos de contacto. Le agradezco su colaboración.",
            "Solicito el certificado de la cuenta. Gracias de antemano.",
            "Excelente sistema de facturación: pago una vez y me habéis cobrado dos.",
            "Le agradezco a la asesora, excelente atención"]
    assert doc_voices(docs).tolist() == [PROBLEM, PROBLEM, PROBLEM, PRAISE]


def test_an_issue_takes_the_kind_of_most_of_its_texts():
    assert topic_kind(np.array([BROADCAST] * 6 + [PROBLEM] * 4)) == "comentario"
    assert topic_kind(np.array([BROADCAST] * 5 + [PROBLEM] * 5)) == "problema"  # half is not most
    assert topic_kind(np.array([PRAISE] * 3 + [PROBLEM])) == "felicitación"
    assert topic_kind(np.array([BROADCAST] * 2 + [PRAISE] * 2 + [PROBLEM])) == "problema"
    assert topic_kind(np.array([], dtype=np.int64)) == "problema"


def test_an_issue_where_nobody_speaks_of_their_own_case_is_a_comment():
    """Ads with no cue of their own ("Beneficios que solo tú tienes") still speak of nobody's
    problem: when most texts of an issue neither praise nor show a case or a question, it is a
    comment; complaints without a first person still carry a problem word or a question."""
    ads = ["Beneficios que solo tú tienes: tarjeta oro", "Tu tarjeta oro te lleva a la final del torneo",
           "Tarjeta oro: entradas preferentes para el concierto del año"]
    complaints = ["la app se cierra sola y no deja pagar", "reporto lentitud en el plan hogar por las noches",
                  "¿a qué hora abren la sucursal del centro?"]
    assert not speaks(ads).any() and speaks(complaints).all()
    voices = doc_voices(ads + complaints[:1])
    assert (voices == PROBLEM).all()  # no ad cue: as texts, nothing tells them apart
    assert topic_kind(voices, speaks(ads + complaints[:1])) == "comentario"
    assert topic_kind(doc_voices(complaints), speaks(complaints)) == "problema"
    assert topic_kind(voices) == "problema"  # without `speaking`, only the voices count
    assert issue_kind(ads + complaints[:1]) == "comentario" and issue_kind(complaints) == "problema"


def test_reviews_complain_without_a_first_person_and_still_speak():
    """A cluster of review complaints ("Habitación sucia", "La batería dura muy poco") has no
    first person and no question, yet it is someone's own experience: never set apart as ads."""
    reviews = ["Habitación sucia y personal grosero", "La batería dura muy poco y se calienta",
               "Comida fría y servicio lentísimo", "Pantalla rayada de fábrica", "Vuelo retrasado cuatro horas"]
    assert speaks(reviews).all()
    assert issue_kind(reviews) == "problema"
    assert not speaks(["Smart TV de 55 pulgadas a 12 MSI", "La empresa nombra nueva directora"]).any()
