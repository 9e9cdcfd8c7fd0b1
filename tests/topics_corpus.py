"""Synthetic Spanish complaints for the topic-model tests: themes x templates x slot fillers, seeded.

Written for these tests (no external data). Each theme has several phrasings that share its
vocabulary but vary in wording, so a model must group by meaning, not by one repeated sentence.
Texts look like redacted PQRS: openers, closers and PII placeholders ([TELEFONO], [EMAIL]).
"""

from __future__ import annotations

import random

SLOTS: dict[str, list[str]] = {
    "mes": ["enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto", "septiembre", "octubre"],
    "n": ["dos", "tres", "cuatro", "cinco", "seis", "ocho", "diez", "quince"],
    "valor": ["$45.000", "$89.900", "$120.000", "$32.500", "$76.000", "$150.000", "$18.700"],
    "dia": ["lunes", "martes", "miércoles", "jueves", "viernes", "sábado"],
    "franja": ["en la mañana", "en la tarde", "entre las 8 y las 12", "entre las 2 y las 6", "a primera hora"],
    "minutos": ["40", "50", "sesenta", "noventa", "45", "35"],
    "pct": ["15", "20", "25", "30", "12", "18"],
    "plan": ["plan hogar", "plan de 300 megas", "plan dúo", "plan triple", "plan básico", "plan familiar"],
    "dispositivo": ["celular", "iPhone", "Android", "computador", "tablet"],
}

OPENERS = ["", "", "", "Buenas tardes, ", "Hola, ", "Señores, ", "Buenos días. ", "Por favor atiendan mi caso: ",
           "Estoy muy molesto. ", "Quiero dejar constancia: "]
CLOSERS = ["", "", "", " Gracias.", " Espero una respuesta pronto.", " Es la tercera vez que reclamo.",
           " Pueden contactarme al [TELEFONO].", " Mi correo es [EMAIL].", " Exijo una solución.",
           " Muchas gracias por su atención."]

THEMES: dict[str, list[str]] = {
    "facturacion": [
        "En la factura de {mes} me aparece un cobro doble por el mismo servicio.",
        "Me cobraron dos veces la factura de {mes}, el cobro doble es de {valor}.",
        "La factura llegó con un cargo que no reconozco por {valor}, exijo la devolución del cobro.",
        "Revisen la facturación de mi cuenta: hay un cobro doble desde {mes}.",
        "Pagué la factura a tiempo y en la siguiente factura me vuelven a cobrar {valor}.",
        "El valor de la factura de {mes} no corresponde, me facturaron un cargo adicional de {valor}.",
        "Tengo un cobro duplicado en la factura, pagué {valor} dos veces en {mes}.",
        "Error en la facturación: la factura trae cargos no reconocidos y un cobro doble.",
        "Solicito la corrección de la factura de {mes} porque el cobro está duplicado.",
        "No entiendo por qué la factura de este mes viene con un cobro extra de {valor}.",
    ],
    "conexion": [
        "El internet está muy lento y la conexión se cae todo el día.",
        "Llevo {n} días sin conexión a internet en mi casa.",
        "La conexión a internet es intermitente, se cae cada rato desde el {dia}.",
        "El servicio de internet no funciona, el módem no tiene señal.",
        "Tengo el {plan} pero la velocidad del internet es lentísima, no llega ni a la mitad.",
        "Desde hace {n} días el wifi se desconecta y la conexión a internet no sirve.",
        "Internet sin señal otra vez, la caída del servicio dura horas.",
        "La velocidad de conexión es pésima, el internet se cae cuando hay lluvia.",
        "Constantes cortes de internet, no puedo teletrabajar con esta conexión.",
        "Reporto falla en la conexión: el internet no carga ninguna página desde el {dia}.",
    ],
    "instalacion": [
        "El técnico no llegó a la visita de instalación programada para el {dia} {franja}.",
        "Agendaron la instalación para el {dia} y nunca llegó el técnico.",
        "Llevo {n} días esperando la instalación del servicio y no envían al técnico.",
        "Me reprogramaron la visita técnica {n} veces y la instalación sigue pendiente.",
        "Esperé todo el {dia} {franja} al técnico de la instalación y no vino nadie.",
        "La instalación quedó mal hecha, el técnico dejó los cables sueltos.",
        "Compré el {plan} hace {n} semanas y todavía no hacen la instalación.",
        "Nadie confirma la fecha de la visita del técnico para la instalación.",
        "Cancelaron la cita de instalación sin avisar, el técnico no se presentó el {dia}.",
        "Solicito que envíen un técnico para terminar la instalación que quedó incompleta.",
    ],
    "app": [
        "La aplicación no me deja iniciar sesión, dice que la contraseña es incorrecta.",
        "No puedo entrar a la app desde mi {dispositivo}, se cierra sola al abrirla.",
        "El portal web no carga y no puedo descargar mi factura en línea.",
        "Olvidé la contraseña y la aplicación no envía el correo de recuperación.",
        "Después de la última actualización la app no abre en el {dispositivo}.",
        "La página web muestra un error cada vez que intento iniciar sesión.",
        "No puedo registrarme en el portal, el botón de registro no funciona.",
        "La aplicación móvil se queda cargando y nunca muestra mi cuenta.",
        "El usuario queda bloqueado en la app después de intentar iniciar sesión.",
        "Intento pagar desde la aplicación y sale un error en la página de pago.",
    ],
    "telefono": [
        "Llamé a la línea de atención y esperé {minutos} minutos sin que nadie contestara.",
        "El asesor me colgó la llamada cuando le pedí hablar con un supervisor.",
        "Cada vez que llamo al call center me transfieren de un asesor a otro.",
        "Estuve {minutos} minutos en espera en la línea telefónica y se cortó la llamada.",
        "La atención telefónica es pésima, los asesores no saben resolver nada.",
        "Nadie contesta en la línea de servicio al cliente, la llamada se cae.",
        "Me tuvieron en espera {minutos} minutos y luego me colgaron.",
        "El asesor de la línea me dio información falsa por teléfono.",
        "Llamé {n} veces a la línea de atención y en cada llamada me dicen algo distinto.",
        "Imposible comunicarse por teléfono, la grabación dice que todos los asesores están ocupados.",
    ],
    "cancelacion": [
        "Quiero cancelar el servicio y no me dejan hacer la cancelación por teléfono.",
        "Solicité la cancelación del contrato hace {n} semanas y siguen cobrando.",
        "Me niegan la cancelación del {plan} por una cláusula de permanencia.",
        "Deseo dar de baja el servicio, ya pedí la cancelación {n} veces.",
        "Para cancelar el contrato me exigen pagar una penalidad por permanencia mínima.",
        "Quiero retirarme de la compañía y no procesan mi solicitud de cancelación.",
        "Pedí la portabilidad a otro operador y no liberan mi número.",
        "Cancelé el servicio en {mes} y todavía aparece activo el contrato.",
        "Me ofrecen descuentos para que no cancele pero yo quiero dar de baja el plan.",
        "Necesito la cancelación definitiva del servicio, no quiero seguir con ustedes.",
    ],
    "precio": [
        "Subieron el precio del {plan} sin avisar, ahora pago un {pct}% más.",
        "La tarifa mensual aumentó sin ninguna notificación previa.",
        "El aumento de la tarifa de este año es excesivo, el plan está más caro.",
        "Me cambiaron el precio de la mensualidad y la promoción ya no aplica.",
        "Contraté el {plan} con un precio y ahora cobran una tarifa más alta.",
        "El incremento del {pct}% en la tarifa no fue informado.",
        "La promoción decía precio fijo por un año y a los {n} meses subieron la tarifa.",
        "Es abusivo el aumento de precio del plan, la competencia es más barata.",
        "¿Por qué la mensualidad subió de precio si no cambié de plan?",
        "Exijo que respeten el precio pactado, la nueva tarifa es un {pct}% más cara.",
    ],
}

# Planted for the nightly-update test: a theme absent from training.
NEW_THEME: list[str] = [
    "En la oficina de atención presencial hay filas de {n} horas para radicar un papel.",
    "Fui a la sucursal el {dia} y la oficina estaba cerrada en horario de atención.",
    "La oficina física solo tiene una ventanilla abierta y la fila es eterna.",
    "En la sede presencial me dieron un turno y esperé {n} horas en la fila.",
    "Los funcionarios de la oficina no atienden y la fila de la sucursal no avanza.",
    "Cerraron la oficina de mi barrio y la sucursal más cercana queda lejísimos.",
    "Tuve que ir {n} veces a la oficina presencial porque la ventanilla estaba cerrada.",
    "En la sucursal no hay sillas y la fila para el turno dura toda la mañana.",
]

NOISE: list[str] = [
    "Buenas tardes, quisiera información.",
    "Gracias por todo, excelente servicio.",
    "Felicito a la asesora por su amabilidad.",
    "¿Cuál es el horario de atención en diciembre?",
    "Hola, buenas noches.",
    "Necesito un certificado para la declaración de renta.",
    "Quiero actualizar mis datos personales.",
    "Me gustaría recibir el catálogo de productos.",
    "¿Tienen convenio con algún banco?",
    "Sugiero que abran más canales de comunicación.",
    "Ok, muchas gracias.",
    "Prueba de mensaje.",
    "¿Dónde puedo comprar un decodificador adicional?",
    "El partido de ayer estuvo buenísimo.",
    "Quisiera saber si hay vacantes de empleo.",
    "Me encanta la nueva imagen de la marca.",
    "Necesito el número de mi contrato.",
    "Por favor envíen publicidad a mi correo.",
]


def _fill(template: str, rng: random.Random) -> str:
    out = template
    for key, values in SLOTS.items():
        token = "{" + key + "}"
        while token in out:
            out = out.replace(token, rng.choice(values), 1)
    return out


def _variant(template: str, rng: random.Random) -> str:
    text = rng.choice(OPENERS) + _fill(template, rng) + rng.choice(CLOSERS)
    return text[0].upper() + text[1:]


def make_docs(templates: list[str], n: int, seed: int, exclude: set[str] = frozenset()) -> list[str]:
    """`n` distinct texts from `templates`, none in `exclude`."""
    rng = random.Random(seed)
    out: list[str] = []
    seen = set(exclude)
    tries = 0
    while len(out) < n:
        tries += 1
        if tries > 100 * n:
            raise RuntimeError("not enough distinct variants")
        text = _variant(rng.choice(templates), rng)
        if text not in seen:
            seen.add(text)
            out.append(text)
    return out


def make_corpus(per_theme: int = 40, n_noise: int = 18, seed: int = 7,
                exclude: set[str] = frozenset()) -> tuple[list[str], list[str]]:
    """(docs, theme names) shuffled; noise is labelled "ruido"."""
    rng = random.Random(seed)
    docs: list[str] = []
    names: list[str] = []
    for i, (name, templates) in enumerate(THEMES.items()):
        texts = make_docs(templates, per_theme, seed * 100 + i, exclude)
        docs += texts
        names += [name] * len(texts)
    noise = rng.sample(NOISE, min(n_noise, len(NOISE)))
    docs += noise
    names += ["ruido"] * len(noise)
    order = list(range(len(docs)))
    rng.shuffle(order)
    return [docs[i] for i in order], [names[i] for i in order]
