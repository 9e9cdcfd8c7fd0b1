"""Non-complaint texts: requests (peticiones), suggestions and praise, plus generic sentences
that lengthen written complaints (details, second-issue connectors, PII lines)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Topic:
    """A non-issue theme. Sentiment is fixed by kind: petición/sugerencia -> neu, felicitación -> pos."""

    key: str
    label: str
    kind: str  # peticion | sugerencia | felicitacion
    process: str
    families: tuple[str, ...]
    written: tuple[str, ...]
    social: tuple[str, ...]
    call: tuple[str, ...]
    agent: tuple[str, ...]


TOPICS: dict[str, Topic] = {}


def _add(t: Topic) -> None:
    TOPICS[t.key] = t


# --------------------------------------------------------------------------- peticiones
_add(Topic(
    key="certificado", label="Certificados y paz y salvo", kind="peticion", process="Servicio",
    families=("banca", "movil", "hogar"),
    written=(
        "Solicito un certificado de paz y salvo {del_producto}.",
        "Necesito una certificación bancaria de mi {producto} para un trámite. ¿Me la {pueden} enviar al correo?",
        "Por favor expedir un certificado de deuda con el saldo a la fecha.",
        "Requiero el certificado de retenciones del año para la declaración de renta.",
        "Solicito constancia de cancelación de la línea que tenía a mi nombre.",
        "Necesito un certificado de estar al día en los pagos {del_producto}, me lo piden para el {alquiler} de "
        "un local.",
    ),
    social=(
        "{brand} hola, ¿cómo descargo el paz y salvo desde la app?",
        "{brand} necesito un certificado bancario, ¿se puede pedir en línea?",
        "{brand} buenas, ¿dónde pido la constancia de cancelación de la línea?",
    ),
    call=(
        "quería pedir un paz y salvo de la tarjeta que ya terminé de pagar",
        "necesito una certificación bancaria para un trámite de la embajada",
        "me piden un certificado de que estoy al día con los pagos",
    ),
    agent=(
        "Con gusto. El certificado le llega al correo registrado en las próximas 24 horas.",
        "Puede descargarlo en la app, en la sección Documentos; igual se lo envío al correo.",
    ),
))

_add(Topic(
    key="cambio_direccion", label="Traslado del servicio o cambio de dirección", kind="peticion",
    process="Servicio", families=("hogar",),
    written=(
        "Me voy a mudar el próximo mes y necesito trasladar {el_producto} a la nueva dirección.",
        "Solicito el cambio de dirección de correspondencia.",
        "¿Cuánto cuesta el traslado del servicio de internet a otro barrio de {ciudad}?",
        "Solicito el traslado {del_producto} a partir del {fecha}. La nueva dirección tiene cobertura según la "
        "página web.",
        "Buen día, quiero saber qué documentos necesito para trasladar el servicio a la casa de mis padres.",
    ),
    social=(
        "{brand} me mudo a {barrio}, ¿cómo hago el traslado del internet?",
        "{brand} ¿el traslado del servicio tiene costo?",
        "{brand} hola! ¿cuánto tarda un traslado de fibra?",
    ),
    call=(
        "me voy a mudar y quiero saber cómo hago para trasladar el internet",
        "quiero actualizar la dirección donde me llega la correspondencia",
        "quería programar el traslado del servicio para el fin de mes",
    ),
    agent=(
        "Con gusto. Verifico la cobertura en la nueva dirección y le agendo el traslado sin costo.",
        "Listo, ya quedó actualizada la dirección de correspondencia.",
    ),
))

_add(Topic(
    key="info_planes", label="Información de planes y cobertura", kind="peticion", process="Preventa",
    families=("hogar", "movil", "banca"),
    written=(
        "Quisiera información sobre los planes de fibra disponibles en {barrio}.",
        "¿Qué planes pospago {tienen} con más datos?",
        "Me interesa {el_producto}. ¿Cuál es el precio y la permanencia?",
        "Solicito información de las tarjetas de crédito y los requisitos para solicitarlas.",
        "¿Hay cobertura de fibra en mi dirección? Vivo en {barrio}, {ciudad}.",
        "Quiero comparar {el_producto} con mi plan actual antes de cambiarme. ¿Me envían la ficha con precios?",
    ),
    social=(
        "{brand} ¿hay cobertura de fibra en {barrio}?",
        "{brand} cuánto cuesta el plan ilimitado?",
        "{brand} ¿qué requisitos piden para la tarjeta de crédito?",
        "hola {brand}, ¿el plan de 600 megas incluye TV?",
    ),
    call=(
        "quería información de los planes de internet, estoy pensando en cambiarme de operador",
        "me interesa la tarjeta de crédito, qué requisitos piden",
        "quiero saber si hay cobertura de fibra en mi barrio",
    ),
    agent=(
        "Claro. Tenemos {el_producto} con la primera mensualidad al 50 %. Le envío la información por correo.",
        "Sí hay cobertura en su dirección. ¿Desea que le agende la instalación?",
    ),
))

_add(Topic(
    key="duplicado_factura", label="Duplicado de factura", kind="peticion", process="Servicio",
    families=("hogar", "movil", "banca"),
    written=(
        "Solicito el duplicado de la {factura} de {mes}.",
        "Necesito copia de las facturas de los últimos tres meses para un trámite.",
        "Por favor enviar la {factura} de {mes} en PDF a mi correo.",
        "Requiero la {factura} detallada de llamadas del mes anterior.",
    ),
    social=(
        "{brand} ¿dónde descargo la {factura} en la app?",
        "{brand} necesito la {factura} de {mes}, ¿cómo la pido?",
    ),
    call=(
        "necesito una copia de la {factura} del mes pasado",
        "me pueden enviar las facturas de los últimos tres meses al correo",
    ),
    agent=(
        "Le envío el duplicado al correo en este momento.",
        "Listo, le acabo de enviar las tres facturas en PDF.",
    ),
))

_add(Topic(
    key="actualizar_datos", label="Actualización de datos", kind="peticion", process="Servicio",
    families=("hogar", "movil", "banca"),
    written=(
        "Solicito actualizar mi número de {celular} y mi correo electrónico.",
        "Quiero cambiar el titular de la línea a nombre de mi hija.",
        "Por favor actualizar mis datos de contacto, cambié de correo.",
        "Solicito corregir mi nombre en el contrato, tiene un error en el segundo apellido.",
    ),
    social=(
        "{brand} ¿cómo actualizo mi correo en la app?",
        "{brand} buenas, quiero cambiar el titular de una línea, ¿qué necesito?",
    ),
    call=(
        "quería actualizar mis datos, cambié de correo y de número",
        "quiero cambiar el titular del servicio a nombre de mi esposo",
    ),
    agent=(
        "Listo, ya quedaron actualizados sus datos de contacto.",
        "Para el cambio de titular le envío el formulario al correo; el nuevo titular lo firma y lo devuelve.",
    ),
))

_add(Topic(
    key="redimir_puntos", label="Puntos y beneficios", kind="peticion", process="Fidelización",
    families=("banca", "movil"),
    written=(
        "¿Cómo puedo redimir los puntos acumulados de la tarjeta?",
        "Tengo puntos Conecta que vencen en {mes} y quisiera saber en qué los puedo usar.",
        "Solicito el estado de mis puntos del programa de fidelización.",
        "¿Los puntos se pueden usar para pagar la {factura}?",
    ),
    social=(
        "{brand} ¿dónde veo mis puntos y cómo los uso?",
        "{brand} se pueden usar los puntos para pagar la {factura}?",
    ),
    call=(
        "quería saber cuántos puntos tengo y cómo los puedo usar",
        "me llegó un mensaje de que se me vencen los puntos, qué puedo hacer con ellos",
    ),
    agent=(
        "Tiene 12.400 puntos disponibles. Los puede usar en la app, en la sección Beneficios.",
        "Sí, los puntos se pueden abonar a la {factura}; se lo dejo aplicado para el próximo mes.",
    ),
))

_add(Topic(
    key="portabilidad", label="Portabilidad de número", kind="peticion", process="Venta", families=("movil",),
    written=(
        "Quiero traer mi número de otro operador a Conecta. ¿Qué debo hacer?",
        "Solicito información del proceso de portabilidad numérica.",
        "¿Cuánto tarda la portabilidad de mi línea?",
        "Inicié la portabilidad el {fecha} y quiero saber en qué estado está.",
    ),
    social=(
        "{brand} cuánto tarda la portabilidad?",
        "{brand} quiero pasarme con mi número, ¿se hace en línea?",
    ),
    call=(
        "quiero pasarme a Conecta con mi mismo número",
        "inicié la portabilidad hace dos días y quería saber cómo va",
    ),
    agent=(
        "La portabilidad tarda hasta tres días hábiles. Le tomo los datos y le enviamos la SIM a domicilio.",
        "Su portabilidad está aprobada; mañana a primera hora queda activa la línea.",
    ),
))

_add(Topic(
    key="aumento_cupo", label="Aumento de cupo", kind="peticion", process="Venta", families=("banca",),
    written=(
        "Solicito estudio de aumento de {cupo} de mi {producto}.",
        "Quisiera saber si puedo acceder a un aumento de {cupo} en la tarjeta.",
        "Soy cliente hace varios años y pago puntual. Solicito revisar un aumento de {cupo}.",
    ),
    social=(
        "{brand} ¿cómo pido aumento de {cupo}?",
    ),
    call=(
        "quería solicitar un aumento de {cupo} de la tarjeta",
        "me gustaría saber si pueden ampliar mi {cupo}, tengo un viaje el próximo mes",
    ),
    agent=(
        "Radico la solicitud de aumento y en 48 horas le llega la respuesta.",
        "Le aparece un aumento preaprobado; si lo acepta, queda activo de inmediato.",
    ),
))

# --------------------------------------------------------------------------- sugerencias
_add(Topic(
    key="sugerencia_app", label="Sugerencias para la app", kind="sugerencia", process="Servicio",
    families=("digital",),
    written=(
        "Sería útil que la app tuviera modo oscuro y la opción de guardar varias cuentas.",
        "Sugiero que la app permita pagar la {factura} con un solo clic desde la notificación.",
        "Deberían agregar en la app un chat con asesor humano, no solo el bot.",
        "Propongo que la app muestre el consumo de datos en tiempo real.",
    ),
    social=(
        "{brand} idea: modo oscuro en la app 🙏",
        "{brand} sería genial poder pagar desde la notificación de la app",
        "{brand} la app debería mostrar el consumo en tiempo real 🤔",
    ),
    call=("quería dejar una sugerencia: la app debería tener chat con un asesor de verdad",),
    agent=("Muchas gracias por su sugerencia, la registro y se la paso al equipo de la app.",),
))

_add(Topic(
    key="sugerencia_atencion", label="Sugerencias sobre la atención", kind="sugerencia", process="Servicio",
    families=("hogar", "movil", "banca"),
    written=(
        "Sugiero ampliar el horario de la línea de atención los fines de semana.",
        "Sería bueno que cuando uno llama ya tengan el historial del caso y no haya que repetirlo.",
        "Propongo que envíen un mensaje con la hora aproximada de llegada del técnico.",
        "Deberían avisar por mensaje cuando haya mantenimientos programados en el sector.",
    ),
    social=(
        "{brand} deberían avisar por SMS la hora del técnico",
        "{brand} sugerencia: atender por WhatsApp también los domingos",
    ),
    call=("tengo una sugerencia, que avisen por mensaje cuando van a hacer mantenimientos",),
    agent=("Gracias por la sugerencia, queda registrada para el área de experiencia.",),
))

_add(Topic(
    key="sugerencia_oficinas", label="Sugerencias sobre oficinas y pagos", kind="sugerencia", process="Servicio",
    families=("hogar", "movil", "banca"),
    written=(
        "Deberían abrir otra oficina en {ciudad}, la única cercana siempre está llena.",
        "Sugiero poner turnos digitales en las oficinas para no hacer fila.",
        "Sería bueno poder elegir la fecha de pago de la {factura}.",
        "Sugiero que la {factura} detalle mejor los cargos adicionales.",
    ),
    social=(
        "{brand} sería genial poder elegir la fecha de corte de la {factura}",
        "{brand} pongan turnos digitales en las oficinas, por favor 🙏",
    ),
    call=("quería sugerir que uno pueda escoger la fecha de pago de la {factura}",),
    agent=("Muchas gracias, registro su sugerencia.",),
))

# --------------------------------------------------------------------------- felicitaciones
_add(Topic(
    key="felicitacion_asesor", label="Felicitación a un asesor", kind="felicitacion", process="Servicio",
    families=("hogar", "movil", "banca", "digital"),
    written=(
        "Excelente atención de {agente}, me resolvió todo en una sola llamada.",
        "Quiero felicitar a {agente} por su paciencia y amabilidad. Me explicó todo con claridad.",
        "Muy buena la atención de {agente} en el chat, rápida y efectiva.",
        "Agradezco a {agente}, que hizo seguimiento a mi caso hasta que quedó solucionado. Así da gusto.",
        "Por fin una respuesta rápida: {agente} me devolvió el cobro en el mismo día. Mil gracias.",
        "Felicitaciones a {agente}: resolvió en diez minutos lo que llevaba semanas sin solución.",
    ),
    social=(
        "Excelente atención de {agente} en el chat de {brand}, me resolvió todo 👏",
        "por fin {brand} me resolvió el problema del internet, gracias {agente} ❤️",
        "hay que decirlo también cuando es bueno: {brand} me devolvió el cobro en un día 👏",
        "{brand} gracias por la respuesta rápida 🙏",
        "10/10 la atención de {brand} hoy, rápido y sin vueltas 💯",
    ),
    call=(
        "solo llamaba para agradecer, la asesora que me atendió ayer me solucionó todo",
        "quería felicitar al asesor que me atendió la semana pasada, fue muy amable",
    ),
    agent=("Qué bueno escuchar eso, muchas gracias. Le haré llegar la felicitación.",),
))

_add(Topic(
    key="felicitacion_tecnico", label="Felicitación al técnico o la instalación", kind="felicitacion",
    process="Venta", families=("hogar",),
    written=(
        "El técnico llegó puntual, fue muy amable y dejó todo funcionando. Excelente servicio.",
        "Felicito al técnico que vino a mi casa el {fecha}: ordenado, respetuoso y explicó todo.",
        "La instalación fue rapidísima, en dos horas ya tenía internet.",
        "Muy buena la visita técnica, cambiaron el módem y ahora el internet vuela.",
    ),
    social=(
        "{brand} el técnico llegó puntual y súper amable, gracias 🙌",
        "instalación de {brand} en 2 horas, todo funcionando 👌",
        "{brand} ahora sí el internet vuela después de la visita técnica 🚀",
    ),
    call=("quería agradecer, el técnico que vino ayer fue muy amable y dejó todo funcionando",),
    agent=("Muchas gracias por comentarlo, se lo hacemos saber al técnico.",),
))

_add(Topic(
    key="felicitacion_app", label="Felicitación por la app", kind="felicitacion", process="Servicio",
    families=("digital",),
    written=(
        "La app está muy buena, ahora pago la {factura} en segundos.",
        "Me gustó mucho que la app avise cuando se acerca la fecha de pago.",
        "Muy práctica la app, pude hacer la portabilidad sin ir a ninguna oficina.",
    ),
    social=(
        "la app de {brand} está muy buena, pagué en 1 minuto 👌",
        "{brand} me encanta que la app avise la fecha de pago 😊",
    ),
    call=("no, todo bien, de hecho la app me ha funcionado muy bien",),
    agent=("Qué bueno, gracias por contarnos.",),
))

_add(Topic(
    key="felicitacion_oficina", label="Felicitación por la atención en oficina", kind="felicitacion",
    process="Servicio", families=("hogar", "movil", "banca"),
    written=(
        "En la oficina de {ciudad} me atendieron muy rápido y con mucha amabilidad.",
        "Gracias por la atención en la oficina, el trámite tomó diez minutos.",
        "La asesora de la oficina me ayudó con todo el papeleo, muy amable.",
    ),
    social=(
        "{brand} súper rápida la atención en la oficina de {ciudad} hoy 👏",
        "{brand} 10 minutos en la oficina y listo, así sí 😊",
    ),
    call=("quería comentar que en la oficina me atendieron muy bien",),
    agent=("Muchas gracias, se lo comunicamos al equipo de la oficina.",),
))


def topics_of(kind: str) -> tuple[str, ...]:
    return tuple(k for k, t in TOPICS.items() if t.kind == kind)


# --------------------------------------------------------------------------- glue for written texts
DETAILS_NEG: tuple[str, ...] = (
    "Ya van {veces} veces que llamo.",
    "Tengo el radicado {radicado_prev} y nadie me responde.",
    "Llevo {dias} días esperando una solución.",
    "Soy cliente desde hace {anios} años y nunca me había pasado algo así.",
    "Adjunto capturas de pantalla.",
    "Necesito una respuesta por escrito.",
    "Ya lo reporté por la línea y por el chat.",
    "Me dijeron que en 48 horas y nada.",
    "Nadie me da una respuesta clara.",
)
DETAILS_CALM: tuple[str, ...] = (
    "Adjunto el soporte.",
    "Quedo atento a cualquier información adicional.",
    "Mi número de contrato es {contrato}.",
    "El caso anterior tiene el radicado {radicado_prev}.",
)
SECOND_ISSUE_CONNECTORS: tuple[str, ...] = (
    "Además, ", "Y para completar, ", "Por si fuera poco, ", "Aparte de eso, ", "Encima, ", "Y como si fuera poco, ",
)

# Lines that carry personal data on purpose (the redaction step must find them).
PII_LINES: dict[str, tuple[str, ...]] = {
    "email": ("Pueden escribirme a {email}.", "Mi correo es {email}.", "Respuesta al correo {email}, por favor."),
    "phone": ("Mi número de contacto es {phone}.", "Me pueden llamar al {phone}.", "Teléfono de contacto: {phone}."),
    "national_id": ("Mi documento es {national_id}.", "Titular: {nombre}, {national_id}.",
                    "Identificado con {national_id}."),
    "card": ("El cargo aparece en la tarjeta {card}.", "Tarjeta número {card}.", "Es la tarjeta terminada en… "
             "bueno, el número completo es {card}."),
}
