"""How each country says it: vocabulary slots, openers, closers and slang.

Templates elsewhere are written in neutral Spanish with slots such as {celular} or {tienen};
the slots are filled here per country so a Spanish customer writes "móvil" and "tenéis" and
a Colombian "celular" and "tienen". Markers of one country never appear in another's texts,
which is what the demo tests check.
"""

from __future__ import annotations

# slot -> (CO, MX, ES)
_VOCAB: dict[str, tuple[str, str, str]] = {
    "celular": ("celular", "celular", "móvil"),
    "computador": ("computador", "computadora", "ordenador"),
    "plata": ("plata", "dinero", "dinero"),
    "la_plata": ("la plata", "el dinero", "el dinero"),
    "esa_plata": ("esa plata", "ese dinero", "ese dinero"),
    "ustedes": ("ustedes", "ustedes", "vosotros"),
    "Ustedes": ("Ustedes", "Ustedes", "Vosotros"),
    "les": ("les", "les", "os"),
    "tienen": ("tienen", "tienen", "tenéis"),
    "son": ("son", "son", "sois"),
    "pueden": ("pueden", "pueden", "podéis"),
    "solucionen": ("solucionen", "solucionen", "solucionéis"),
    "me_cobraron": ("me cobraron", "me cobraron", "me habéis cobrado"),
    "me_dijeron": ("me dijeron", "me dijeron", "me dijisteis"),
    "me_dejaron": ("me dejaron", "me dejaron", "me habéis dejado"),
    "me_subieron": ("me subieron", "me subieron", "me habéis subido"),
    "me_reportaron": ("me reportaron", "me reportaron", "me habéis metido"),
    "me_llaman": ("me llaman", "me llaman", "me llamáis"),
    "su_m": ("su", "su", "vuestro"),
    "su_f": ("su", "su", "vuestra"),
    "sus": ("sus", "sus", "vuestros"),
    "manana": ("en la mañana", "en la mañana", "por la mañana"),
    "tarde": ("en la tarde", "en la tarde", "por la tarde"),
    "centrales": ("Datacrédito", "Buró de Crédito", "el fichero de morosos ASNEF"),
    "documento": ("cédula", "INE", "DNI"),
    "del_documento": ("de la cédula", "del INE", "del DNI"),
    "factura": ("factura", "factura", "factura"),  # Mexican "recibo" is masculine: templates say "la {factura}"
    "colaborar": ("colaborar", "apoyar", "ayudar"),
    "plazo_legal": ("los 15 días hábiles que da la ley", "los plazos que marca la Profeco",
                    "el plazo que marca la normativa"),
    "autoridad": ("la Superintendencia", "la Profeco", "la OMIC y consumo"),
    "ahora": ("ahora", "ahorita", "ahora mismo"),
    "devuelvan": ("devuelvan", "devuelvan", "devolved"),
    "Devuelvan": ("Devuelvan", "Devuelvan", "Devolved"),
    "dejen": ("dejen", "dejen", "dejad"),
    "arreglen": ("arreglen", "arreglen", "arreglad"),
    "Arreglen": ("Arreglen", "Arreglen", "Arreglad"),
    "no_actualicen": ("no actualicen", "no actualicen", "no actualicéis"),
    "no_me_llamen": ("no me llamen más", "no me llamen más", "no me llaméis más"),
    "alquiler": ("arriendo", "renta", "alquiler"),
    "cupo": ("cupo", "línea de crédito", "límite de crédito"),
}
_IDX = {"CO": 0, "MX": 1, "ES": 2}


def _build(country: str) -> dict[str, str]:
    i = _IDX[country]
    out = {k: v[i] for k, v in _VOCAB.items()}
    for k, v in list(out.items()):  # "{Me_cobraron}" at the start of a sentence
        cap = k[0].upper() + k[1:]
        out.setdefault(cap, v[0].upper() + v[1:])
    return out


_BY_COUNTRY = {c: _build(c) for c in _IDX}


def vocab(country: str) -> dict[str, str]:
    """The slot values for one country (a fresh copy the caller may extend)."""
    return dict(_BY_COUNTRY[country])


# Written (PQRS, e-mail-like) openers by country and tone. Empty string = no opener.
OPENERS: dict[str, dict[str, tuple[str, ...]]] = {
    "CO": {
        "calm": ("Buenas tardes.", "Buenos días, señores Conecta.", "Cordial saludo.", "Respetados señores:", ""),
        "upset": ("Buenas tardes.", "Señores Conecta:", "Buen día.", "Cordial saludo, escribo muy molesto.", ""),
        "angry": ("Ya me tienen mamado.", "Qué boleta de empresa.", "Señores, esto es el colmo.",
                  "No hay derecho con ustedes.", "Estoy mamado de esta situación.", ""),
        "sarcastic": ("", "Qué maravilla de servicio, de verdad.", "Felicitaciones, Conecta."),
        "neu": ("Buenos días.", "Cordial saludo.", "Buenas tardes, señores.", "Respetados señores:", ""),
        "pos": ("Buenas tardes.", "Cordial saludo.", "", "Buen día."),
    },
    "MX": {
        "calm": ("Buenas tardes.", "Hola, buen día.", "Buenos días.", "A quien corresponda:", ""),
        "upset": ("Buenas tardes.", "Hola.", "A quien corresponda:", "Buen día, les escribo bastante molesta.", ""),
        "angry": ("Neta ya me cansé.", "No manches, otra vez lo mismo.", "Ya me cansé de ustedes.",
                  "Qué onda con ustedes, neta.", ""),
        "sarcastic": ("", "Qué bonito servicio, eh.", "Bravo, Conecta."),
        "neu": ("Buenos días.", "Hola, buen día.", "Buenas tardes.", "A quien corresponda:", ""),
        "pos": ("Hola, buenas tardes.", "Buen día.", "", "Hola."),
    },
    "ES": {
        "calm": ("Buenas tardes.", "Hola, buenos días.", "Buenas.", "Estimados señores:", ""),
        "upset": ("Buenas tardes.", "Hola.", "Estimados señores:", "Os escribo bastante molesto.", ""),
        "angry": ("Vaya tela con vosotros.", "Estoy flipando.", "Me cago en la mar, otra vez lo mismo.",
                  "Es que estoy flipando con vosotros.", ""),
        "sarcastic": ("", "Qué maravilla de servicio, de verdad.", "Enhorabuena, Conecta."),
        "neu": ("Buenos días.", "Hola, buenas tardes.", "Buenas.", "Estimados señores:", ""),
        "pos": ("Hola, buenas tardes.", "Buenas.", "", "Hola."),
    },
}

CLOSERS: dict[str, dict[str, tuple[str, ...]]] = {
    "CO": {
        "calm": ("Le agradezco su atención.", "Quedo atento a su respuesta.", "Muchas gracias.",
                 "Le agradezco la pronta respuesta.", ""),
        "upset": ("Espero una solución pronto.", "Le agradezco una respuesta de fondo.",
                  "Quedo atenta, no es justo.", "Espero respuesta dentro de {plazo_legal}.", ""),
        "angry": ("Si no me solucionan voy a poner la queja en {autoridad}.", "Qué boleta, de verdad.",
                  "Me tienen mamado.", "Parce, así no se puede.", "Exijo una solución ya.", ""),
        "sarcastic": ("Sigan así.", "Gracias por nada.", ""),
        "neu": ("Le agradezco su colaboración.", "Quedo atento.", "Muchas gracias.", "Gracias, feliz día.", ""),
        "pos": ("Mil gracias.", "Le agradezco mucho.", "Feliz día.", ""),
    },
    "MX": {
        "calm": ("Quedo en espera de su respuesta.", "Gracias de antemano.", "Saludos.", ""),
        "upset": ("Espero su respuesta pronto.", "Ojalá me resuelvan pronto, ya me cansé.",
                  "Quedo pendiente, gracias.", ""),
        "angry": ("Si no me resuelven voy a ir a {autoridad}.", "Ya me cansé, neta.", "No manches, qué servicio.",
                  "Exijo una solución ya.", ""),
        "sarcastic": ("Sigan así, eh.", "Gracias por nada.", ""),
        "neu": ("Gracias de antemano.", "Saludos.", "Quedo atenta.", "Muchas gracias.", ""),
        "pos": ("Muchas gracias.", "Saludos y gracias.", "¡Gracias!", ""),
    },
    "ES": {
        "calm": ("Un saludo.", "Quedo a la espera de vuestra respuesta.", "Gracias.", ""),
        "upset": ("Espero que lo solucionéis cuanto antes.", "Un saludo.", "Espero vuestra respuesta.",
                  "Quedo a la espera.", ""),
        "angry": ("Si no me lo arregláis, me doy de baja.", "Vaya tela.", "Voy a reclamar en {autoridad}.",
                  "Estoy flipando, de verdad.", ""),
        "sarcastic": ("Seguid así.", "Gracias por nada.", ""),
        "neu": ("Un saludo.", "Gracias de antemano.", "Muchas gracias.", ""),
        "pos": ("Un saludo y gracias.", "¡Muchas gracias!", "Gracias.", ""),
    },
}

# Social slang, prefixed or appended to posts by tone.
SOCIAL_SLANG: dict[str, dict[str, tuple[str, ...]]] = {
    "CO": {
        "angry": ("me tienen mamado", "qué boleta", "parce, esto es el colmo", "uy no, qué rabia",
                  "no joda", "qué falta de respeto"),
        "upset": ("parce", "qué pereza", "uy no", "otra vez"),
        "pos": ("parce", "qué chévere", "bacano", "muy berraco"),
        "neu": ("una pregunta", "qué pena molestar", ""),
    },
    "MX": {
        "angry": ("neta ya me cansé", "no manches", "qué onda con ustedes", "ya me cansé güey",
                  "está cañón", "chale"),
        "upset": ("neta", "chale", "qué onda", "otra vez"),
        "pos": ("qué chido", "neta gracias", "bien chido", "de lujo"),
        "neu": ("qué onda", "una pregunta", ""),
    },
    "ES": {
        "angry": ("vaya tela", "estoy flipando", "me cago en todo", "manda narices", "hay que joderse",
                  "vaya tela con vosotros"),
        "upset": ("vaya tela", "en serio, tío", "qué cansinos", "otra vez"),
        "pos": ("qué majos", "de diez", "genial, tío", "chapó"),
        "neu": ("una duda", "una pregunta", ""),
    },
}

# Spoken fillers for call transcripts.
SPOKEN_OPENERS: dict[str, tuple[str, ...]] = {
    "CO": ("Sí señorita, mire, ", "Ay, qué pena con usted, mire que ", "Sí, sumercé, lo que pasa es que ",
           "Bueno, mire, ", "Sí, es que ", "Pues mire, "),
    "MX": ("Sí, oiga, fíjese que ", "Este, mire, ", "Sí, lo que pasa es que ", "Oiga, ", "Fíjese que ",
           "Sí, este, "),
    "ES": ("Sí, mira, ", "Pues mira, ", "Hola, vale, pues ", "Oye, es que ", "Vale, mira, ", "Sí, a ver, "),
}

SPOKEN_ANGRY: dict[str, tuple[str, ...]] = {
    "CO": ("Ya me tienen mamado con esto.", "Qué pena, pero esto es una boleta.", "No es justo, señorita.",
           "Siempre me dicen lo mismo y nada."),
    "MX": ("Neta ya me cansé.", "No manches, siempre es lo mismo.", "Ya me cansé de llamar, oiga.",
           "Siempre me dicen lo mismo y nada."),
    "ES": ("Vaya tela, de verdad.", "Estoy flipando con vosotros.", "Es que siempre me decís lo mismo.",
           "Me cago en la mar, otra vez."),
}

SPOKEN_THANKS: dict[str, tuple[str, ...]] = {
    "CO": ("Bueno, le agradezco mucho.", "Listo, muchas gracias, muy amable.", "Bueno, gracias, sumercé.",
           "Dale, muchas gracias."),
    "MX": ("Órale, muchas gracias.", "Va, muchas gracias, muy amable.", "Bueno, gracias, oiga.",
           "Perfecto, gracias."),
    "ES": ("Vale, muchas gracias.", "Genial, gracias.", "Vale, perfecto, gracias.", "Muy bien, gracias."),
}
