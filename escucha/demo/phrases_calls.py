"""Call-centre scripts: the agent's greeting, verification and close, by country, and the
outbound (cobranzas, telemercadeo) scripts. Customer problem lines come from the issue banks."""

from __future__ import annotations

GREETINGS: dict[str, tuple[str, ...]] = {
    "CO": (
        "{saludo}, bienvenido a Conecta, le habla {agente}, ¿con quién tengo el gusto?",
        "Conecta, {saludo_min}, mi nombre es {agente}, ¿con quién tengo el gusto de hablar?",
        "{saludo}, gracias por comunicarse con Conecta, le atiende {agente}. ¿Me regala su nombre, por favor?",
    ),
    "MX": (
        "Conecta, {saludo_min}, le atiende {agente}, ¿con quién tengo el gusto?",
        "{saludo}, gracias por llamar a Conecta, mi nombre es {agente}. ¿Me proporciona su nombre, por favor?",
    ),
    "ES": (
        "Conecta, {saludo_min}, le atiende {agente}, ¿me dice su nombre, por favor?",
        "Hola, {saludo_min}, gracias por llamar a Conecta, soy {agente}. ¿Con quién hablo?",
    ),
}

NAME_REPLIES: dict[str, tuple[str, ...]] = {
    "CO": ("Sí, {saludo_min}, con {nombre}.", "Hola, habla {nombre}.", "{saludo}, mi nombre es {nombre}."),
    "MX": ("Sí, {saludo_min}, habla {nombre}.", "Hola, soy {nombre}.", "{saludo}, mi nombre es {nombre}."),
    "ES": ("Hola, soy {nombre}.", "Sí, {saludo_min}, {nombre}.", "Hola, buenas, me llamo {nombre}."),
}

VERIFY: dict[str, tuple[str, ...]] = {
    "CO": ("Mucho gusto, {pila}. Para validar su identidad, ¿me confirma el número de cédula?",
           "Con mucho gusto. ¿Me regala su número de documento para validar la información?"),
    "MX": ("Mucho gusto, {pila}. Para validar su identidad, ¿me proporciona su CURP, por favor?",
           "Claro. ¿Me confirma el número de la línea a diez dígitos, por favor?"),
    "ES": ("Muy bien, {pila}. Para verificar su identidad, ¿me indica su DNI, por favor?",
           "Perfecto. ¿Me confirma el número de DNI del titular?"),
}

ID_REPLIES: tuple[str, ...] = ("Sí, claro, es {doc}.", "{doc}.", "Claro, es el {doc}.", "Sí, {doc}.")

VERIFIED: dict[str, tuple[str, ...]] = {
    "CO": ("Gracias, ya validé su identidad. Cuénteme, ¿en qué le puedo colaborar?",
           "Perfecto, muchas gracias. ¿En qué le puedo colaborar hoy?"),
    "MX": ("Gracias, ya quedó validado. ¿En qué le puedo apoyar?", "Perfecto, gracias. Dígame, ¿en qué le apoyo?"),
    "ES": ("Perfecto, gracias. ¿En qué puedo ayudarle?", "Vale, ya está verificado. Cuénteme."),
}

HOLD: tuple[str, ...] = ("Permítame un momento mientras reviso su cuenta, por favor.",
                         "Deme un momento, por favor, voy a revisar el sistema.")
HOLD_OK: tuple[str, ...] = ("Sí, claro.", "Bueno.", "Está bien, espero.", "Sí, claro, espero.")
HOLD_BACK: tuple[str, ...] = ("Gracias por la espera. ", "Muchas gracias por esperar. ", "")

REACTIONS: dict[str, tuple[str, ...]] = {
    "calm": ("Bueno, perfecto.", "Listo, entiendo.", "Ah, bueno, está bien.", "De acuerdo."),
    "upset": ("Bueno, ojalá esta vez sí se solucione, porque ya me han dicho lo mismo antes.",
              "Está bien, pero no es la primera vez que pasa.", "Bueno… voy a esperar, pero no me parece justo."),
}

ANYTHING_ELSE: dict[str, tuple[str, ...]] = {
    "CO": ("¿Hay algo más en lo que le pueda colaborar?", "¿Le puedo colaborar en algo más?"),
    "MX": ("¿Hay algo más en lo que le pueda apoyar?", "¿Algo más en lo que le pueda ayudar?"),
    "ES": ("¿Puedo ayudarle en algo más?", "¿Alguna cosa más?"),
}
NOTHING_ELSE: tuple[str, ...] = ("No, eso es todo.", "No, gracias.", "No, nada más.", "Eso era todo.")

CLOSINGS: dict[str, tuple[str, ...]] = {
    "CO": ("Gracias por comunicarse con Conecta, le habló {agente}. Al finalizar la llamada lo invitamos a calificar "
           "nuestra atención. Que tenga un feliz día.",
           "Con mucho gusto. Recuerde que habló con {agente}. Feliz día."),
    "MX": ("Gracias por llamar a Conecta, le atendió {agente}. Lo invitamos a contestar una breve encuesta. Que "
           "tenga excelente día.",
           "Con gusto. Le atendió {agente}, que tenga buen día."),
    "ES": ("Gracias por llamar a Conecta, le ha atendido {agente}. Al colgar podrá valorar la atención. Que tenga "
           "un buen día.",
           "De nada. Le ha atendido {agente}, hasta luego."),
}

# --------------------------------------------------------------------------- outbound calls
COBRANZA_OPEN: dict[str, tuple[str, ...]] = {
    "CO": ("{saludo}, ¿hablo con {nombre}? Le habla {agente} de Conecta, área de cobranzas. Le informo que esta "
           "llamada está siendo grabada.",),
    "MX": ("{saludo}, ¿me comunico con {nombre}? Le habla {agente} de Conecta, del área de cobranza. Esta llamada "
           "puede ser grabada.",),
    "ES": ("{saludo}, ¿hablo con {nombre}? Le llamo de Conecta, soy {agente}, del departamento de recobros. La "
           "llamada está siendo grabada.",),
}
COBRANZA_ASK: tuple[str, ...] = (
    "Le llamo porque su {producto} presenta un saldo vencido de {monto} desde {mes}. ¿Cuándo podría realizar el "
    "pago?",
    "Le contacto porque tenemos pendiente el pago de {monto} de su {producto}. ¿Ya pudo realizarlo?",
)
COBRANZA_NEU: tuple[str, ...] = (
    "Sí, ya sé, tuve un problema con el trabajo. Puedo pagar el viernes.",
    "Ah, sí, se me pasó la fecha. Hoy mismo pago por la app.",
    "Sí, estoy pendiente. ¿Me lo pueden dividir en dos cuotas?",
)
COBRANZA_AGENT_NEU: tuple[str, ...] = (
    "Perfecto, le registro el compromiso de pago para el viernes. Le llega un mensaje con la referencia.",
    "Claro, le puedo ofrecer un acuerdo a dos cuotas sin intereses de mora. Se lo dejo registrado.",
)

TELEMERCADEO_OPEN: dict[str, tuple[str, ...]] = {
    "CO": ("{saludo}, ¿hablo con {nombre}? Le habla {agente} de Conecta. Le llamo porque tiene una oferta "
           "preaprobada: {oferta}.",),
    "MX": ("{saludo}, ¿me comunico con {nombre}? Le llama {agente} de Conecta. Tenemos una promoción exclusiva "
           "para usted: {oferta}.",),
    "ES": ("{saludo}, ¿hablo con {nombre}? Soy {agente}, de Conecta. Le llamo porque tiene disponible una oferta: "
           "{oferta}.",),
}
OFFERS: tuple[tuple[str, str], ...] = (
    ("banca", "la Tarjeta de crédito Oro sin cuota de manejo el primer año"),
    ("hogar", "subir su internet a 600 megas por el mismo precio durante seis meses"),
    ("movil", "el Plan Pospago Ilimitado con un 40 % de descuento por tres meses"),
    ("banca", "un crédito preaprobado con tasa preferencial"),
)
TELEMERCADEO_NEU: tuple[str, ...] = (
    "Ah, bueno, ¿y cuánto me costaría después de la promoción?",
    "Déjeme pensarlo y yo les aviso.",
    "Mándeme la información por correo y la reviso.",
)
TELEMERCADEO_AGENT_NEU: tuple[str, ...] = (
    "Claro, le envío la información al correo registrado. Cualquier duda nos puede llamar.",
    "Después de la promoción queda con el precio normal del plan. Le dejo la oferta vigente por 15 días.",
)
TELEMERCADEO_POS: tuple[str, ...] = (
    "¡Ah, qué bien! Sí, me interesa, actívemelo de una vez.",
    "Pues justo estaba pensando en eso. Sí, acepto, muchas gracias.",
)
TELEMERCADEO_AGENT_POS: tuple[str, ...] = (
    "Excelente, queda activada la oferta. Le llega la confirmación por mensaje de texto.",
)
