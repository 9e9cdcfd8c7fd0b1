"""Template generator for the embedded classifiers' training texts (seeded, reproducible).

Hand-written fragments (companies by country and sector, services, failures, charges, staff,
praise, regional phrasing) are combined by *families* of templates; every family has several
structurally different variants, and the variant is the `group` used for held-out splits, so
no sentence frame is on both sides of a split. Noise (no accents, typos, abbreviations, ALL
CAPS, emojis) is injected the way customers write. These texts complement the hand-written
whole sentences in data/hand/, which keep the model from learning template artefacts.

Each generated row carries every label it can: sentiment, emotion, irony, toxicity, pqrs_type
(None where the family does not fix it).
"""

from __future__ import annotations

import random
import re
import unicodedata
from dataclasses import dataclass
from typing import Callable

# --------------------------------------------------------------------------------------------
# Fragments
# --------------------------------------------------------------------------------------------

SECTORS: dict[str, dict] = {
    "telco": {
        "co": ["Claro", "Movistar", "Tigo", "WOM", "ETB"],
        "mx": ["Telcel", "Izzi", "Telmex", "AT&T", "Totalplay"],
        "es": ["Movistar", "Vodafone", "Orange", "Digi", "MásMóvil"],
        "service": ["el internet", "la fibra", "la señal", "el servicio de televisión", "la línea", "los datos móviles", "el wifi"],
        "failure": ["no funciona", "se cae a cada rato", "está lentísimo", "no tiene señal", "anda intermitente", "está caído"],
        "charge": ["un paquete de canales que no pedí", "la reconexión aunque pagué a tiempo", "una mensualidad después de cancelar",
                   "un servicio premium que nunca activé", "minutos internacionales que no usé", "una penalidad por permanencia que ya cumplí"],
        "product": ["el módem", "el celular que compré", "el decodificador", "el router nuevo", "la SIM"],
        "defect": ["no prende", "se reinicia solo", "vino con la pantalla rota", "no reconoce la SIM", "se recalienta"],
        "staff": ["el técnico", "la asesora", "el asesor del call center", "el vendedor de la tienda", "la persona del chat"],
        "praise": ["la fibra va rapidísimo", "el técnico dejó todo funcionando", "me subieron la velocidad sin costo",
                   "me resolvieron el problema de la señal en una llamada", "el nuevo plan me rinde muchísimo"],
        "doc": ["una copia de la factura", "el certificado de portabilidad", "el contrato firmado", "el paz y salvo", "el historial de pagos"],
        "action": ["cambiar de plan", "trasladar el servicio a otra dirección", "cancelar la línea", "pasar a pospago", "cambiar la clave del wifi", "agregar una línea adicional"],
        "info": ["el precio del plan de 500 megas", "la cobertura en mi barrio", "la fecha de corte", "los planes con roaming", "el costo de la reconexión"],
        "idea": ["avisar por mensaje antes de los mantenimientos", "permitir agendar la visita técnica desde la app", "dar un descuento cuando se cae el servicio",
                 "tener atención por WhatsApp las 24 horas", "mostrar el consumo de datos en tiempo real"],
    },
    "banca": {
        "co": ["Bancolombia", "Davivienda", "Nequi", "Banco de Bogotá", "BBVA", "Daviplata", "Nu"],
        "mx": ["BBVA", "Banorte", "Santander", "Citibanamex", "Banco Azteca", "Nu"],
        "es": ["CaixaBank", "Santander", "BBVA", "Sabadell", "ING", "Bankinter"],
        "service": ["la app", "la banca en línea", "el cajero", "las transferencias", "la tarjeta", "la sucursal virtual"],
        "failure": ["no funciona", "está caída", "no me deja entrar", "rechaza todas las transacciones", "no carga", "se bloquea"],
        "charge": ["la cuota de manejo dos veces", "una comisión que nunca me explicaron", "intereses de mora aunque pagué a tiempo",
                   "un seguro que no autoricé", "una compra que no hice", "un retiro que el cajero no me entregó"],
        "product": ["la tarjeta nueva", "el token", "la tarjeta débito"],
        "defect": ["no funciona en ningún datáfono", "llegó desactivada", "se desmagnetizó en una semana"],
        "staff": ["la cajera", "el asesor de la oficina", "el gerente de la sucursal", "la persona de la línea", "el ejecutivo de cuenta"],
        "praise": ["me aprobaron el crédito en un día", "la app es facilísima de usar", "me devolvieron el cobro sin problema",
                   "el asesor me explicó todo con paciencia", "abrí la cuenta en cinco minutos desde el celular"],
        "doc": ["un certificado bancario", "los extractos de los últimos seis meses", "el paz y salvo del crédito", "una constancia de saldo", "el certificado de retención"],
        "action": ["cambiar la clave de la tarjeta", "aumentar el cupo", "actualizar mis datos", "inscribir una cuenta para transferencias", "cancelar la cuenta de ahorros", "diferir una compra"],
        "info": ["la tasa del crédito de vivienda", "el horario de la sucursal", "el límite de transferencias diarias", "los requisitos para la tarjeta de crédito", "el costo de la cuota de manejo"],
        "idea": ["dejar descargar los extractos en Excel", "poner más cajeros en el barrio", "mandar una notificación por cada compra",
                 "abrir las oficinas los sábados", "tener una fila preferencial para adultos mayores"],
    },
    "aerolinea": {
        "co": ["Avianca", "LATAM", "Viva", "Satena", "Wingo"],
        "mx": ["Aeroméxico", "Volaris", "Viva Aerobus"],
        "es": ["Iberia", "Vueling", "Ryanair", "Air Europa"],
        "service": ["el vuelo", "mi vuelo", "el vuelo de regreso", "la conexión a Madrid", "el vuelo de las 6"],
        "failure": ["se retrasó cinco horas", "lo cancelaron sin avisar", "lo cambiaron de fecha sin consultarme", "salió con cuatro horas de retraso", "sigue sin salir"],
        "charge": ["la maleta de mano aunque cumplía las medidas", "la silla dos veces", "un cambio de fecha que ustedes mismos hicieron",
                   "el equipaje que nunca llegó"],
        "product": ["mi maleta", "el equipaje de mi hijo"],
        "defect": ["llegó rota", "llegó mojada y abierta", "no ha aparecido"],
        "staff": ["la persona del counter", "la azafata", "el agente de la puerta de embarque", "el supervisor del aeropuerto"],
        "praise": ["la tripulación fue amabilísima", "llegamos antes de la hora", "me cambiaron el vuelo sin costo",
                   "atendieron súper bien a mi mamá en silla de ruedas", "el check-in fue rapidísimo"],
        "doc": ["la factura del tiquete", "un certificado de retraso del vuelo", "el comprobante de la reserva"],
        "action": ["cambiar la fecha del vuelo", "agregar una maleta", "pedir asistencia para un adulto mayor", "viajar con mi mascota", "solicitar el reembolso de un tiquete"],
        "info": ["el peso permitido del equipaje", "la hora de apertura del counter", "los requisitos para viajar con un menor", "la política de cambios"],
        "idea": ["dejar escoger silla gratis a las familias", "avisar los cambios de puerta por notificación", "dar agua durante los retrasos largos",
                 "tener más personal en el counter en temporada alta"],
    },
    "ecommerce": {
        "co": ["Mercado Libre", "Falabella", "Éxito", "Alkosto", "Rappi", "Linio"],
        "mx": ["Mercado Libre", "Amazon", "Liverpool", "Coppel", "DiDi Food", "Uber Eats"],
        "es": ["Amazon", "El Corte Inglés", "Glovo", "Just Eat", "PcComponentes", "Zalando"],
        "service": ["el pedido", "el envío", "la entrega", "el domicilio", "la devolución"],
        "failure": ["no ha llegado", "lleva dos semanas 'en camino'", "llegó incompleto", "llegó a otra dirección", "aparece entregado pero nunca llegó"],
        "charge": ["un pedido que cancelé", "el envío aunque era gratis", "dos veces el mismo pedido", "productos que no llegaron", "una suscripción que no pedí"],
        "product": ["la licuadora", "el televisor", "los audífonos", "la nevera", "el celular", "la silla de escritorio", "la chaqueta"],
        "defect": ["llegó rota", "no enciende", "no es la que pedí", "vino usada", "llegó sin accesorios", "es de otra talla"],
        "staff": ["el repartidor", "el domiciliario", "la persona de servicio al cliente", "el transportador", "el agente del chat"],
        "praise": ["el pedido llegó al día siguiente", "todo venía muy bien empacado", "me hicieron el cambio sin problema",
                   "el domiciliario fue muy amable", "el reembolso llegó en dos días"],
        "doc": ["la factura electrónica", "el número de guía", "el comprobante de la devolución"],
        "action": ["cambiar la dirección de entrega", "devolver un producto", "cancelar un pedido", "cambiar la talla", "pagar contra entrega"],
        "info": ["el tiempo de entrega a Cali", "la política de devoluciones", "el costo del envío", "si el producto tiene garantía", "los métodos de pago"],
        "idea": ["dejar elegir la franja horaria de entrega", "mostrar al repartidor en el mapa", "aceptar más métodos de pago",
                 "usar empaques sin tanto plástico", "avisar antes de llegar"],
    },
    "servicios": {
        "co": ["EPM", "Enel", "Vanti", "el Acueducto", "Air-e", "Emcali"],
        "mx": ["CFE", "Naturgy", "el SACMEX"],
        "es": ["Iberdrola", "Endesa", "Naturgy", "Canal de Isabel II", "Repsol"],
        "service": ["la luz", "el agua", "el gas", "la energía", "el servicio de agua"],
        "failure": ["se fue otra vez", "lleva dos días sin llegar", "se corta todas las noches", "llega con muy poca presión", "está suspendido sin razón"],
        "charge": ["un consumo que no es real", "la reconexión de un corte que fue error de ustedes", "una lectura estimada absurda",
                   "el alumbrado dos veces", "una multa por un medidor que ustedes instalaron"],
        "product": ["el medidor", "el contador"],
        "defect": ["marca consumo aunque todo está apagado", "está dañado desde que lo cambiaron"],
        "staff": ["el lector del medidor", "el técnico de la cuadrilla", "la persona de la oficina de atención", "el operario"],
        "praise": ["restablecieron el servicio en una hora", "avisaron con tiempo el corte programado", "arreglaron la fuga el mismo día",
                   "la factura ahora es mucho más clara", "el técnico revisó todo con mucho cuidado"],
        "doc": ["un duplicado de la factura", "el certificado de paz y salvo", "el historial de consumo del año"],
        "action": ["cambiar el titular del contrato", "pedir la revisión del medidor", "reportar un poste caído", "solicitar una conexión nueva", "pagar por cuotas"],
        "info": ["la hora del corte programado", "cuándo vuelve el servicio", "el valor de la reconexión", "los puntos de pago"],
        "idea": ["mandar la factura por WhatsApp", "avisar los cortes con más anticipación", "mostrar la lectura en la app", "poner más puntos de pago"],
    },
    "salud_seguros": {
        "co": ["la EPS", "Sura", "Sanitas", "Compensar", "la Nueva EPS", "Colsanitas"],
        "mx": ["el IMSS", "el ISSSTE", "GNP", "AXA"],
        "es": ["Sanitas", "Mapfre", "Adeslas", "la Seguridad Social", "Mutua Madrileña"],
        "service": ["la autorización", "la cita con el especialista", "la entrega de medicamentos", "el pago del siniestro", "la línea de citas"],
        "failure": ["lleva un mes sin salir", "me la dieron para dentro de cuatro meses", "no contesta nunca", "me la negaron sin explicación"],
        "charge": ["una cuota moderadora que no me corresponde", "la póliza con un aumento que no acepté", "un copago que el plan cubre",
                   "una consulta que ya había pagado"],
        "product": ["el medicamento", "la silla de ruedas", "las gafas"],
        "defect": ["llegó vencido", "vino incompleto", "no es el de la fórmula"],
        "staff": ["la médica", "la recepcionista", "el perito", "la enfermera", "el auxiliar de farmacia"],
        "praise": ["la enfermera fue un ángel con mi mamá", "me autorizaron el examen el mismo día", "el médico me explicó todo con calma",
                   "pagaron el siniestro en una semana", "la grúa llegó en veinte minutos"],
        "doc": ["la historia clínica", "el certificado de afiliación", "la copia de la póliza", "la incapacidad"],
        "action": ["cambiar de médico", "afiliar a mi hijo", "pedir una cita prioritaria", "reportar un siniestro", "cancelar la póliza"],
        "info": ["qué cubre la póliza", "los requisitos para la cirugía", "el horario de la farmacia", "la red de clínicas"],
        "idea": ["dejar cancelar las citas desde la app", "mandar recordatorios de la cita", "tener más especialistas", "abrir la farmacia los domingos"],
    },
    "gobierno_educacion": {
        "co": ["la DIAN", "la Registraduría", "la alcaldía", "Migración Colombia", "el SENA", "la universidad", "el colegio"],
        "mx": ["el SAT", "la SEP", "la escuela", "el ayuntamiento", "la universidad"],
        "es": ["Hacienda", "el SEPE", "la DGT", "el ayuntamiento", "la universidad", "el instituto"],
        "service": ["la página", "la plataforma de inscripciones", "el sistema de citas", "el portal de pagos"],
        "failure": ["no funciona desde ayer", "está caído", "no carga", "se cae cada vez que intento pagar", "da error todo el tiempo"],
        "charge": ["una multa de un carro que ya vendí", "la matrícula completa aunque tengo beca", "el impuesto dos veces", "una sanción que ya pagué"],
        "product": ["el documento", "la constancia"],
        "defect": ["salió con mi nombre mal escrito", "tiene la fecha equivocada"],
        "staff": ["el funcionario de la ventanilla", "la coordinadora", "el maestro", "la secretaria", "el vigilante", "la directora"],
        "praise": ["el trámite fue rapidísimo", "la profesora es excelente", "me atendieron con mucha amabilidad", "resolvieron mi caso en una semana",
                   "la organización del evento quedó muy bonita"],
        "doc": ["un certificado de estudios", "la constancia de situación fiscal", "una copia del expediente", "el certificado de notas"],
        "action": ["renovar el documento", "inscribir a mi hijo", "pedir una cita", "corregir un dato en el registro", "solicitar una beca"],
        "info": ["el calendario de inscripciones", "los requisitos del trámite", "el horario de atención", "la fecha de entrega de notas"],
        "idea": ["abrir citas en la tarde", "poner más bancas y sombra en el patio", "enviar las notificaciones por correo", "hacer talleres de deporte",
                 "mejorar la comida de la cafetería"],
    },
}

REGION_OPENERS = {
    "co": ["", "", "", "Uy no, ", "Qué boleta, ", "Parce, ", "Hágame el favor: ", "Otra vez: ", "Buenas, "],
    "mx": ["", "", "", "Neta, ", "No manches, ", "Oigan, ", "Qué onda con esto: ", "Buenas, "],
    "es": ["", "", "", "Vaya tela, ", "Increíble, ", "A ver, ", "Hola, ", "Es una vergüenza, "],
}
REGION_POS_SLANG = {"co": ["qué chimba", "una nota", "bacano"], "mx": ["qué chido", "padrísimo", "de poca"], "es": ["genial", "de lujo", "majísimos"]}
NEG_CLOSERS = ["", "", "", ". Qué falta de respeto", ". Es el colmo", ". Pésimo servicio", ", esto no puede seguir así", ". Nadie da la cara",
               ". Estoy cansado", ". Estoy cansada", ". Ya no sé qué hacer", "!!", "..."]
DURATIONS = ["desde ayer", "hace tres días", "hace una semana", "desde el lunes", "hace 15 días", "hace un mes", "todo el fin de semana", "desde esta mañana"]
AMOUNTS = {"co": ["80.000 pesos", "$150.000", "45 mil pesos", "más de 300 mil", "$1.200.000"], "mx": ["1,500 pesos", "$899", "3 mil pesos", "12 mil pesos"],
           "es": ["30 euros", "12,99 €", "150 euros", "un dineral"]}
DEMANDS = ["quiero que me devuelvan el dinero", "exijo el reembolso", "solicito que corrijan la factura", "necesito que lo reversen ya",
           "pido la devolución de lo cobrado", "quiero una solución hoy mismo", "exijo que me hagan el cambio", "quiero que me lo reintegren"]
NEG_EMOJI = ["😡", "🤬", "😤", "👎", "😠"]
POS_EMOJI = ["🙌", "😊", "👏", "❤️", "🥰", "🙏", "💯", "😁"]
SAD_EMOJI = ["😔", "😢", "😞", "💔", "😭"]


# --------------------------------------------------------------------------------------------
# Noise: how customers actually type
# --------------------------------------------------------------------------------------------

def strip_accents(s: str) -> str:
    """Drop accents but keep ñ (people who skip accents still type ñ most of the time)."""
    kept = "".join(c for c in unicodedata.normalize("NFD", s) if unicodedata.category(c) != "Mn" or c == "\u0303")
    return unicodedata.normalize("NFC", kept)


_ABBREV = [(r"\bque\b", "q"), (r"\bporque\b", "xq"), (r"\bpor favor\b", "porfa"), (r"\btambién\b", "tmb"), (r"\bpara\b", "pa"),
           (r"\bpor\b", "x"), (r"\bestá\b", "ta"), (r"\bdías\b", "dias"), (r"\bnada\b", "nada")]


def add_noise(text: str, rng: random.Random, sentiment: str | None = None) -> str:
    t = text
    if rng.random() < 0.25:
        t = strip_accents(t).replace("ñ", "n") if rng.random() < 0.2 else strip_accents(t)
    if rng.random() < 0.35:
        t = t.replace("¿", "").replace("¡", "")
    if rng.random() < 0.2:
        for pat, rep in _ABBREV:
            if rng.random() < 0.5:
                t = re.sub(pat, rep, t)
    if rng.random() < 0.08 and len(t) > 12:  # one adjacent-letter swap
        i = rng.randrange(1, len(t) - 2)
        if t[i].isalpha() and t[i + 1].isalpha():
            t = t[:i] + t[i + 1] + t[i] + t[i + 2 :]
    if rng.random() < 0.2:
        t = t.lower()
    elif rng.random() < 0.05:
        t = t.upper()
    if rng.random() < 0.2 and sentiment:
        pool = {"NEG": NEG_EMOJI, "POS": POS_EMOJI}.get(sentiment)
        if pool:
            t = t.rstrip(". ") + " " + rng.choice(pool) * rng.choice([1, 1, 2, 3])
    return t


# --------------------------------------------------------------------------------------------
# Families
# --------------------------------------------------------------------------------------------

@dataclass
class Row:
    text: str
    group: str
    sentiment: str | None = None
    emotion: str | None = None
    irony: str | None = None
    toxicity: str | None = None
    pqrs_type: str | None = None


Ctx = dict  # sector fragments + region + company


def _cap(s: str) -> str:
    return s[:1].upper() + s[1:] if s else s


def _ctx(rng: random.Random) -> Ctx:
    sector = rng.choice(sorted(SECTORS))
    frag = SECTORS[sector]
    region = rng.choice(["co", "co", "mx", "es"])
    c = dict(frag)
    c["sector"], c["region"], c["company"] = sector, region, rng.choice(frag[region])
    return c


def _p(rng, c, key):
    return rng.choice(c[key])


# Each family: name -> list of variants; a variant is f(rng, ctx) -> text. Labels per family.
def fam_outage() -> list[Callable]:
    return [
        lambda r, c: f"{r.choice(REGION_OPENERS[c['region']])}{_p(r, c, 'service')} de {c['company']} {_p(r, c, 'failure')} {r.choice(DURATIONS)}{r.choice(NEG_CLOSERS)}",
        lambda r, c: f"@{c['company'].replace(' ', '')} llevo {r.choice(['3 días', 'una semana', '48 horas', 'todo el día', '5 días'])} con {_p(r, c, 'service')} que {_p(r, c, 'failure')} y nadie me da razón",
        lambda r, c: f"Otra vez {_p(r, c, 'service')} {_p(r, c, 'failure')}. {r.choice(['Ya es la tercera vez este mes', 'Esto pasa todas las semanas', 'Y la factura sí llega puntual', 'Así no se puede trabajar'])}",
        lambda r, c: f"{_cap(_p(r, c, 'service'))} {_p(r, c, 'failure')} y cuando llamo me dicen que {r.choice(['es un problema general', 'espere 72 horas', 'reinicie el equipo', 'ya está reportado'])}, {r.choice(['pero nada se soluciona', 'siempre la misma excusa', 'y así llevamos días', 'qué mal'])}",
    ]


def fam_billing() -> list[Callable]:
    return [
        lambda r, c: f"{c['company']} me cobró {_p(r, c, 'charge')}, {r.choice(DEMANDS)}",
        lambda r, c: f"En la factura de {r.choice(['este mes', 'octubre', 'marzo', 'julio'])} aparece {_p(r, c, 'charge')} por {r.choice(AMOUNTS[c['region']])}. {_cap(r.choice(DEMANDS))}.",
        lambda r, c: f"Reclamo formal: me están cobrando {_p(r, c, 'charge')}. {_cap(r.choice(DEMANDS))} y que me envíen la factura corregida",
        lambda r, c: f"¿Por qué me cobran {_p(r, c, 'charge')}? {r.choice(['Ya lo reporté dos veces', 'Tengo el comprobante', 'Nunca lo autoricé'])}, {r.choice(DEMANDS)}",
    ]


def fam_defect() -> list[Callable]:
    return [
        lambda r, c: f"{_cap(_p(r, c, 'product'))} que me entregaron {_p(r, c, 'defect')}, {r.choice(DEMANDS)}",
        lambda r, c: f"Compré {_p(r, c, 'product')} hace {r.choice(['una semana', 'diez días', 'un mes'])} y {_p(r, c, 'defect')}. Quiero que hagan efectiva la garantía",
        lambda r, c: f"{c['company']}: {_p(r, c, 'product')} {_p(r, c, 'defect')} y no me lo quieren cambiar, {r.choice(DEMANDS)}",
    ]


def fam_conduct() -> list[Callable]:
    bad = ["fue muy grosero", "me gritó", "me colgó la llamada", "me trató con desprecio", "se burló de mí", "ni me miró",
           "me dejó esperando y se fue a almorzar", "fue prepotente", "no quiso recibirme los documentos", "me habló de muy mala manera"]
    return [
        lambda r, c: f"{_cap(_p(r, c, 'staff'))} de {c['company']} {r.choice(bad)}{r.choice(NEG_CLOSERS)}",
        lambda r, c: f"Quiero poner una queja por la atención: {_p(r, c, 'staff')} {r.choice(bad)} {r.choice(['delante de todos', 'sin motivo', 'cuando le pedí ayuda', 'y no me resolvió nada'])}",
        lambda r, c: f"Pésima actitud {r.choice(['de', 'del personal de'])} {c['company']}, {_p(r, c, 'staff')} {r.choice(bad)}",
    ]


def fam_wait() -> list[Callable]:
    return [
        lambda r, c: f"{r.choice(['45 minutos', 'Dos horas', 'Una hora y media', 'Tres horas', '50 minutos'])} esperando en {r.choice(['la línea', 'la fila', 'la oficina', 'el chat', 'el teléfono'])} de {c['company']}{r.choice(NEG_CLOSERS)}",
        lambda r, c: f"Llevo {r.choice(['un mes', 'tres semanas', '20 días', 'dos meses'])} esperando {_p(r, c, 'service')} y {c['company']} no responde",
        lambda r, c: f"Es imposible comunicarse con {c['company']}, {r.choice(['nadie contesta', 'la llamada se corta', 'el chat no responde', 'te pasan de un área a otra'])} {r.choice(DURATIONS)}",
    ]


def fam_praise() -> list[Callable]:
    return [
        lambda r, c: f"{r.choice(['Gracias', 'Muchas gracias', 'Mil gracias', 'Felicitaciones'])} {c['company']}, {_p(r, c, 'praise')}",
        lambda r, c: f"Quiero felicitar a {_p(r, c, 'staff')} de {c['company']}, {r.choice(['muy amable', 'súper atento', 'muy profesional', 'un amor'])} y {r.choice(['me resolvió todo', 'muy clara en todo', 'con mucha paciencia', 'rapidísimo'])}",
        lambda r, c: f"{_cap(r.choice(['excelente', 'muy buen', 'súper buen', 'impecable el']))} servicio de {c['company']}: {_p(r, c, 'praise')}{r.choice(['', ' 🙌', '. Recomendados', '. 10/10', ', ' + r.choice(REGION_POS_SLANG[c['region']])])}",
        lambda r, c: f"{r.choice(['Súper contento', 'Muy contenta', 'Feliz', 'Encantado'])} con {c['company']}, {_p(r, c, 'praise')}",
        lambda r, c: f"Por fin {_p(r, c, 'praise')}. {r.choice(['Así sí da gusto', 'Gracias por escuchar', 'Sigan así', 'Excelente trabajo'])}",
        lambda r, c: f"{r.choice(['Les cuento que', 'Solo quería decir que', 'Hoy', 'La verdad'])} {_p(r, c, 'praise')}, {r.choice(['muy agradecido', 'muy agradecida', 'me encantó', 'así da gusto ser cliente', 'los recomiendo'])}{r.choice(['', '!', ' 😊', ' 🙏'])}",
        lambda r, c: f"{r.choice(['Recomiendo', 'Recomendadísimo', '100% recomendado', 'Cinco estrellas para'])} {c['company']}. {_cap(_p(r, c, 'praise'))} y {r.choice(['la atención fue excelente', 'todo salió perfecto', 'el precio es justo', 'cumplieron lo prometido'])}",
        lambda r, c: f"{_cap(r.choice(REGION_POS_SLANG[c['region']]))}, {_p(r, c, 'praise')} {r.choice(POS_EMOJI)}",
    ]


def fam_info() -> list[Callable]:
    return [
        lambda r, c: f"{r.choice(['Hola', 'Buenas tardes', 'Buenos días', 'Buen día', ''])}{',' if r.random() < .5 else ''} ¿me pueden informar {_p(r, c, 'info')}?".strip(", "),
        lambda r, c: f"Quisiera saber {_p(r, c, 'info')}, gracias",
        lambda r, c: f"{c['company']}, ¿cuál es {_p(r, c, 'info')}?",
        lambda r, c: f"Una pregunta: {_p(r, c, 'info')}, ¿dónde lo puedo consultar?",
    ]


def fam_doc() -> list[Callable]:
    return [
        lambda r, c: f"Solicito {_p(r, c, 'doc')} {r.choice(['para un trámite', 'para presentar en el trabajo', 'para la declaración de renta', ''])}".strip(),
        lambda r, c: f"{r.choice(['Buenas tardes', 'Hola', 'Buenos días'])}, necesito {_p(r, c, 'doc')}, ¿me lo pueden enviar al correo?",
        lambda r, c: f"¿Cómo descargo {_p(r, c, 'doc')} de {c['company']}?",
    ]


def fam_action() -> list[Callable]:
    return [
        lambda r, c: f"Quiero {_p(r, c, 'action')}, ¿qué debo hacer?",
        lambda r, c: f"¿Cómo hago para {_p(r, c, 'action')}?",
        lambda r, c: f"{r.choice(['Buenas', 'Hola', 'Buen día'])}, me gustaría {_p(r, c, 'action')} con {c['company']}, ¿me ayudan con los pasos?",
        lambda r, c: f"Por favor {r.choice(['me indican', 'me explican'])} cómo {_p(r, c, 'action')}",
    ]


def fam_suggest() -> list[Callable]:
    return [
        lambda r, c: f"Sería bueno {_p(r, c, 'idea')}",
        lambda r, c: f"{c['company']} debería {_p(r, c, 'idea')}",
        lambda r, c: f"Sugerencia: {_p(r, c, 'idea')}. {r.choice(['Sería de gran ayuda', 'Muchos clientes lo agradeceríamos', 'Ojalá lo tengan en cuenta', ''])}".strip(),
        lambda r, c: f"Propongo {_p(r, c, 'idea')}, así {r.choice(['todos ganamos', 'mejoraría mucho el servicio', 'nos ahorraríamos tiempo'])}",
        lambda r, c: f"Les recomiendo {_p(r, c, 'idea')}",
        lambda r, c: _cap(r.choice(NP_IDEAS)) + r.choice(["", " por favor", ", gracias", "."]),
        lambda r, c: f"{r.choice(['Que pongan', 'Que haya', 'Necesitamos', 'Hace falta', 'Me gustaría que hubiera', 'Ojalá hubiera'])} {r.choice(NP_IDEAS)}",
        lambda r, c: f"{r.choice(['Mejorar', 'Ampliar', 'Revisar', 'Agilizar'])} {r.choice(['la atención en ventanilla', 'el horario', 'el sistema de turnos', 'la página web', 'los tiempos de respuesta', 'la comunicación con los usuarios'])}{r.choice(['', '.', ' por favor'])}",
    ]


def fam_suggest_neg() -> list[Callable]:
    return [
        lambda r, c: f"Ya que {_p(r, c, 'service')} {_p(r, c, 'failure')} tan seguido, deberían {_p(r, c, 'idea')}",
        lambda r, c: f"Estoy cansado de {r.choice(['las filas', 'esperar', 'llamar y llamar'])}; {c['company']} debería {_p(r, c, 'idea')}",
    ]


IRONIC_OPENERS = ["Gracias", "Qué maravilla", "Genial", "Excelente servicio", "Bravo", "Qué eficiencia", "Felicitaciones", "Qué bonito",
                  "Me encanta", "Increíble servicio", "Muy amables", "Qué puntualidad"]
IRONIC_TAILS = [" 👏", " 👏👏", " 🙄", " 🙃", " 🤡", ", sigan así", ", de verdad", ", así se hace", ". Un lujo", ", qué haríamos sin ustedes", ". 10/10", " 😒", ""]


def fam_irony() -> list[Callable]:
    return [
        lambda r, c: f"{r.choice(IRONIC_OPENERS)} {c['company']}, {_p(r, c, 'service')} {_p(r, c, 'failure')} {r.choice(DURATIONS)}{r.choice(IRONIC_TAILS)}",
        lambda r, c: f"{r.choice(IRONIC_OPENERS)} por {r.choice(['cobrarme', 'regalarme'])} {_p(r, c, 'charge')}{r.choice(IRONIC_TAILS)}",
        lambda r, c: f"Qué {r.choice(['buen', 'excelente', 'maravilloso'])} servicio el de {c['company']}: {r.choice(['solo', 'apenas'])} {r.choice(['4 horas', 'tres semanas', 'dos meses', '6 horas'])} para {r.choice(['contestar', 'resolver nada', 'decirme que vuelva mañana', 'mandar al técnico'])}{r.choice(IRONIC_TAILS)}",
        lambda r, c: f"Me fascina que {_p(r, c, 'service')} {_p(r, c, 'failure')} justo {r.choice(['el día de pago', 'un lunes', 'en plena reunión', 'el día que más lo necesito'])}{r.choice(IRONIC_TAILS)}",
    ]


def fam_sincere_thanks() -> list[Callable]:  # same openers, sincere: contrast for irony
    return [
        lambda r, c: f"{r.choice(IRONIC_OPENERS)} {c['company']}, {_p(r, c, 'praise')}{r.choice(['', ' 🙌', ' ❤️', ', de verdad', '. Un lujo', ', sigan así'])}",
        lambda r, c: f"Qué {r.choice(['buen', 'excelente', 'gran'])} servicio el de {c['company']}: {_p(r, c, 'praise')}",
    ]


INSULTS = {"co": ["hijueputas", "malparidos", "gonorreas", "ratas", "pirobos", "hps", "manada de imbéciles"],
           "mx": ["pendejos", "culeros", "pinches rateros", "bola de inútiles de mierda", "cabrones", "hijos de la chingada"],
           "es": ["gilipollas", "cabrones", "hijos de puta", "subnormales", "panda de imbéciles", "capullos"]}
PERSONAL = ["estúpida", "imbécil", "idiota", "inútil de mierda", "bruta", "animal", "basura"]
THREATS = ["los voy a buscar y se van a arrepentir", "ojalá se mueran", "les voy a partir la cara", "ojalá les quemen la oficina", "ya saben dónde vivo yo y dónde viven ustedes"]


def fam_toxic() -> list[Callable]:
    return [
        lambda r, c: f"{c['company']} son unos {r.choice(INSULTS[c['region']])}, {_p(r, c, 'service')} {_p(r, c, 'failure')}",
        lambda r, c: f"{_cap(_p(r, c, 'staff'))} es un{'a' if r.random() < .5 else ''} {r.choice(PERSONAL)}{r.choice(['', ', no sabe hacer nada', ', que lo echen', ' y me colgó'])}",
        lambda r, c: f"{r.choice(INSULTS[c['region']]).capitalize()}, me cobraron {_p(r, c, 'charge')}, {r.choice(THREATS)}",
        lambda r, c: f"{c['company']}: {r.choice(THREATS)}, {r.choice(INSULTS[c['region']])}",
    ]


def fam_angry_clean() -> list[Callable]:
    strong = ["ESTOY HARTO", "Estoy furiosa", "Qué rabia", "Indignante", "Es una vergüenza", "Qué incompetencia", "Inaceptable", "Estoy cansado de esto"]
    return [
        lambda r, c: f"{r.choice(strong)}: {_p(r, c, 'service')} de {c['company']} {_p(r, c, 'failure')} y nadie responde. {r.choice(['Voy a poner la queja ante la Superintendencia', 'Voy a cancelar todo', 'Los voy a denunciar ante Profeco', 'Exijo hablar con un supervisor', 'No vuelvo más'])}",
        lambda r, c: f"{r.choice(strong)}, {c['company']} {r.choice(['no tiene respeto por sus clientes', 'solo sabe cobrar', 'es la peor empresa del país', 'me hizo perder todo el día'])}",
    ]


def fam_fear() -> list[Callable]:
    return [
        lambda r, c: f"{r.choice(['Me da mucho miedo', 'Estoy muy preocupada', 'Estoy asustado', 'Qué angustia'])}: {r.choice(['me llegó un mensaje pidiendo mis claves', 'aparecen movimientos que no hice', 'alguien entró a mi cuenta', 'me llaman diciendo que son de la empresa y piden datos'])}. ¿{r.choice(['Qué hago', 'Es fraude', 'Me pueden ayudar'])}?",
        lambda r, c: f"{r.choice(['Qué susto', 'Pasé un susto horrible', 'Estoy temblando'])}: {r.choice(['el carro se quedó sin frenos al salir del taller', 'olía a gas en todo el edificio', 'un cable de luz empezó a echar chispas', 'el avión se movió muchísimo y nadie explicó nada'])}{r.choice(['', '. Necesito que revisen', ', por favor vengan', ' 😨'])}",
        lambda r, c: f"{r.choice(['Tengo miedo de que', 'Me preocupa que', 'Temo que'])} {r.choice(['me reporten en centrales de riesgo por su error', 'me roben otra vez', 'me corten el servicio con un enfermo en casa', 'pierda el dinero de mis ahorros'])}, {r.choice(['necesito una respuesta urgente', 'por favor ayúdenme', 'nadie me explica nada'])}",
    ]


def fam_disgust() -> list[Callable]:
    things = ["una cucaracha en la comida", "un pelo en el plato", "moho en el pan", "la carne con olor a podrido", "el baño lleno de suciedad",
              "gusanos en la fruta", "la leche cortada", "un insecto en la bebida", "ratones en la bodega"]
    return [
        lambda r, c: f"{r.choice(['Qué asco', 'Asqueroso', 'Repugnante', 'Qué cochinada'])}, encontré {r.choice(things)}{r.choice(['', ' 🤢', '. Nunca más', '. Qué falta de higiene'])}",
        lambda r, c: f"Me dio asco {r.choice(['ver', 'encontrar'])} {r.choice(things)} en {r.choice(['el restaurante', 'el pedido de ' + c['company'], 'la tienda', 'el local'])}",
        lambda r, c: f"{r.choice(['El baño', 'La cocina', 'La habitación', 'El local', 'La sala de espera'])} {r.choice(['olía horrible', 'estaba asquerosa de sucia', 'tenía cucarachas', 'daba asco', 'olía a orines'])}, {r.choice(['nadie limpia', 'qué falta de higiene', 'me dieron ganas de vomitar', 'asqueroso'])}",
    ]


def fam_sad() -> list[Callable]:
    return [
        lambda r, c: f"{r.choice(['Qué tristeza', 'Qué decepción', 'Me siento decepcionada', 'Es una pena'])}, {r.choice(['llevo años con', 'siempre confié en', 'recomendaba a'])} {c['company']} y {r.choice(['me tratan como a un número', 'ya no es lo que era', 'me fallaron cuando más los necesitaba'])}{r.choice(['', ' ' + r.choice(SAD_EMOJI)])}",
        lambda r, c: f"{r.choice(['Ya no sé a quién acudir', 'Me rindo', 'Estoy desanimado'])}, {_p(r, c, 'service')} {_p(r, c, 'failure')} y {r.choice(['nadie me ayuda', 'no tengo con qué pagar otra cosa', 'me siento impotente'])}",
        lambda r, c: f"{r.choice(['Me duele', 'Me da mucha tristeza', 'Me parte el alma'])} que {r.choice(['traten así a mi mamá', 'una empresa en la que confiaba me falle así', 'mi abuelo tenga que esperar tanto', 'nadie escuche a los clientes'])}{r.choice(['', ' ' + r.choice(SAD_EMOJI), '. Qué pena'])}",
    ]


def fam_surprise_bill() -> list[Callable]:
    return [
        lambda r, c: f"{r.choice(['¿¿Qué??', '¿En serio?', 'No lo puedo creer', '¿Cómo así?', 'Wow'])} {c['company']} me cobra {r.choice(AMOUNTS[c['region']])} por {_p(r, c, 'charge')} 😳",
        lambda r, c: f"{r.choice(['Sorprendido', 'Sorprendida', 'Impactado'])} con {c['company']}: {r.choice(['cerraron la oficina sin avisar', 'cambiaron todas las condiciones de un día para otro', 'me llegó una carta de cobro de una cuenta que no tengo', 'subieron la tarifa al doble'])}. {r.choice(['¿Cómo es posible?', '¿Alguien me explica?', 'No lo puedo creer'])}",
        lambda r, c: f"{r.choice(['Me quedé de piedra', 'Casi me da algo', 'No salgo de mi asombro'])} al ver {r.choice(['la factura', 'el extracto', 'el recibo'])}: {_p(r, c, 'charge')}. ¿De dónde sale eso?",
    ]


def fam_pos_surprise() -> list[Callable]:
    return [
        lambda r, c: f"{r.choice(['¡Wow!', '¡No me lo esperaba!', '¡Qué sorpresa!', '¡Increíble!'])} {_cap(_p(r, c, 'praise'))} {r.choice(['😮', '🎉', '😱', ''])}".strip(),
    ]


def fam_facts() -> list[Callable]:
    return [
        lambda r, c: f"{r.choice(['Ayer', 'Hoy', 'El lunes', 'La semana pasada'])} {r.choice(['llamé a', 'escribí a', 'fui a la oficina de', 'pagué en'])} {c['company']} {r.choice(['por lo de la factura', 'para actualizar mis datos', 'y me dieron un número de radicado', 'y quedaron de llamarme'])}",
        lambda r, c: f"{_cap(_p(r, c, 'service'))} {r.choice(['funciona normal', 'está igual que siempre', 'funciona, aunque a veces tarda un poco', 'quedó instalado el martes'])}",
        lambda r, c: f"Tengo {r.choice(['el plan básico', 'una cuenta', 'el servicio', 'la póliza'])} con {c['company']} desde {r.choice(['2019', 'hace dos años', 'el año pasado', 'marzo'])}",
    ]


def fam_mixed() -> list[Callable]:
    return [
        lambda r, c: f"{_cap(_p(r, c, 'praise'))}, aunque {_p(r, c, 'service')} {r.choice(['a veces falla', 'tardó un poco', 'podría ser mejor'])}",
        lambda r, c: f"{c['company']} {r.choice(['no es el mejor ni el peor', 'cumple, sin más', 'está bien por el precio', 'es normal, como cualquier otro'])}",
    ]


GREETINGS = ["Hola", "Buenas", "Buenas noches", "Saludos cordiales", "Buen día a todos", "Holi", "Feliz día", "Ok", "Listo", "Entendido", "Buenas tardes", "Hola, buen día", "Prueba", "Mensaje de prueba"]
SPAM = ["Gana dinero desde casa, escríbeme", "Sígueme y te sigo", "Vendo celular barato, info al privado", "Inversiones con 40% de rentabilidad, pregúntame cómo",
        "Préstamos sin papeleo, mándame mensaje", "Promo de seguidores, 1000 por 5 dólares", "Participa en el sorteo, comparte y etiqueta a 3 amigos"]


def fam_other() -> list[Callable]:
    return [
        lambda r, c: r.choice(GREETINGS) + r.choice(["", ".", "!", " 🙂", "..."]),
        lambda r, c: r.choice(SPAM) + r.choice(["", " 💰", " 🔥🔥", "!!!"]),
    ]


def fam_short_pos() -> list[Callable]:
    return [
        lambda r, c: r.choice(["Excelente atención", "Muy buena atención", "Todo excelente", "Buen servicio", "Muy amables", "Todo muy bien", "Rápido y eficiente",
                               "Excelente", "Muy satisfecho", "Muy satisfecha", "Buena atención, gracias", "Todo perfecto, gracias", "Me atendieron muy bien",
                               "Gracias", "Muchas gracias por todo", "Buen trabajo", "Sigan así", "Todo bien", "Muy bien", "Excelente servicio",
                               "Muy buen servicio, gracias", "Felicidades", "Muy contento", "Genial", "Perfecto", "Increíble atención", "Me encantó"])
        + r.choice(["", "", "!", " 👍", " 😊", "."]),
    ]


def fam_short_neg() -> list[Callable]:
    return [
        lambda r, c: r.choice(["Pésima atención", "Muy mal servicio", "Malísimo", "Nunca resuelven nada", "Un desastre", "Qué mal", "Terrible", "Lentísimos",
                               "Mala atención", "Muy groseros", "Nadie contesta", "Sigo esperando"]) + r.choice(["", "", "!!", " 😡", ".", " 👎"]),
    ]


# Product reviews (review channel): aspect sentences by domain, alone or as 2-4 sentence reviews.
REVIEW_DOMAINS: dict[str, dict[str, list[str]]] = {
    "coche": {
        "pos": ["el motor tiene mucha fuerza y gasta poco", "es muy cómodo en viajes largos", "el maletero es enorme", "no me ha dado ninguna avería",
                "la suspensión es muy agradable", "se conduce con mucha suavidad", "los asientos son comodísimos"],
        "neg": ["el embrague falló a los pocos meses", "gasta muchísimo más de lo anunciado", "hace un ruido raro en la suspensión",
                "los plásticos del interior crujen", "ha pasado tres veces por el taller", "la garantía no cubrió nada"],
        "neu": ["lo compré en 2003 con 30.000 kilómetros", "tiene motor diésel de 110 caballos", "lo uso sobre todo en ciudad",
                "es un cinco puertas de color gris", "lo llevo a la revisión cada 15.000 kilómetros"],
    },
    "hotel": {
        "pos": ["la habitación estaba impecable", "el desayuno era variado y riquísimo", "el personal fue encantador", "las vistas eran preciosas",
                "la ubicación es perfecta para ir andando a todo", "la cama era comodísima"],
        "neg": ["la habitación olía a humedad", "el aire acondicionado no funcionaba", "había muchísimo ruido por la noche", "el baño estaba sucio",
                "el personal de recepción fue muy borde", "el desayuno era escaso y frío"],
        "neu": ["estuvimos cuatro noches en julio", "el hotel tiene piscina y gimnasio", "está a quince minutos del aeropuerto",
                "reservamos una habitación doble por internet", "el parking se paga aparte"],
    },
    "electrodoméstico": {
        "pos": ["lava perfectamente y es muy silenciosa", "gasta muy poca energía", "enfría rapidísimo", "es facilísima de usar", "funciona de maravilla desde el primer día"],
        "neg": ["se estropeó a los seis meses", "hace un ruido insoportable al centrifugar", "pierde agua por abajo", "el servicio técnico tardó un mes en venir",
                "deja la ropa con manchas de detergente"],
        "neu": ["tiene quince programas y carga de ocho kilos", "la compré en rebajas", "la instalaron al día siguiente", "es de color blanco y clase energética A"],
    },
    "libro": {
        "pos": ["la historia engancha desde la primera página", "los personajes son inolvidables", "está escrito con muchísima sensibilidad", "el final es magnífico"],
        "neg": ["se hace pesado y repetitivo", "el final es absurdo", "los personajes no tienen ninguna profundidad", "me aburrí a mitad del libro"],
        "neu": ["tiene unas cuatrocientas páginas", "la acción transcurre en Sevilla en los años cuarenta", "es la segunda novela del autor", "lo leí en la edición de bolsillo"],
    },
    "móvil": {
        "pos": ["la batería dura dos días", "la cámara hace fotos espectaculares", "va rapidísimo", "la pantalla se ve genial", "es ligero y cabe en cualquier bolsillo"],
        "neg": ["la batería no dura nada", "se calienta muchísimo", "se reinicia solo", "la cámara es malísima de noche", "la pantalla se rayó enseguida"],
        "neu": ["tiene 128 GB de memoria", "lo compré libre", "trae cargador y funda", "lo uso para el trabajo y las redes sociales"],
    },
    "música": {
        "pos": ["las canciones son preciosas", "la voz de la cantante es maravillosa", "la producción es impecable", "no me canso de escucharlo"],
        "neg": ["todas las canciones suenan igual", "las letras son muy flojas", "es el peor disco del grupo", "me aburrió a la tercera canción"],
        "neu": ["tiene doce canciones", "se grabó en Londres", "salió el año pasado", "incluye dos colaboraciones"],
    },
    "ordenador": {
        "pos": ["arranca en segundos", "la pantalla tiene unos colores estupendos", "es potentísimo para su precio", "el teclado es muy cómodo"],
        "neg": ["se cuelga constantemente", "el ventilador hace muchísimo ruido", "la batería dura una hora", "el disco duro falló al año"],
        "neu": ["tiene 16 GB de RAM", "viene con el sistema operativo instalado", "pesa unos dos kilos", "lo uso para programar y para la oficina"],
    },
    "película": {
        "pos": ["los actores están soberbios", "la fotografía es preciosa", "tiene un guion brillante", "me emocionó muchísimo"],
        "neg": ["es lenta y previsible", "el guion no tiene sentido", "los efectos especiales son malísimos", "me dormí a la mitad"],
        "neu": ["dura dos horas", "está basada en una novela", "se estrenó en primavera", "la vi en versión original"],
    },
}
REVIEW_POS_END = ["Lo recomiendo.", "Totalmente recomendable.", "Muy contento con la compra.", "Repetiría sin dudarlo.", "Un acierto.", "De diez."]
REVIEW_NEG_END = ["No lo recomiendo.", "No lo volvería a comprar.", "Una decepción.", "Dinero tirado.", "Muy descontento.", "Una pena."]


def _review(r: random.Random, polarity: str, n_sent: int) -> str:
    dom = REVIEW_DOMAINS[r.choice(sorted(REVIEW_DOMAINS))]
    main, other = ("pos", "neg") if polarity == "POS" else ("neg", "pos")
    sents = [_cap(r.choice(dom["neu"]))] if r.random() < 0.6 else []
    picks = r.sample(dom[main], min(n_sent, len(dom[main])))
    sents += [_cap(x) for x in picks]
    if r.random() < 0.3:
        sents.append(_cap(r.choice(["lo único malo es que", "como pega,", "eso sí,"]) + " " + r.choice(dom[other])))
    sents.append(r.choice(REVIEW_POS_END if polarity == "POS" else REVIEW_NEG_END))
    return ". ".join(x.rstrip(".") for x in sents) + "."


def fam_review_pos() -> list[Callable]:
    return [
        lambda r, c: _review(r, "POS", 1),
        lambda r, c: _review(r, "POS", 3),
        lambda r, c: _cap(r.choice(REVIEW_DOMAINS[r.choice(sorted(REVIEW_DOMAINS))]["pos"])) + r.choice([".", "", "!"]),
    ]


def fam_review_neg() -> list[Callable]:
    return [
        lambda r, c: _review(r, "NEG", 1),
        lambda r, c: _review(r, "NEG", 3),
        lambda r, c: _cap(r.choice(REVIEW_DOMAINS[r.choice(sorted(REVIEW_DOMAINS))]["neg"])) + r.choice([".", "", "!"]),
    ]


def fam_review_neu() -> list[Callable]:
    def desc(r: random.Random) -> str:
        dom = REVIEW_DOMAINS[r.choice(sorted(REVIEW_DOMAINS))]
        return ". ".join(_cap(x) for x in r.sample(dom["neu"], r.choice([1, 2, 3]))) + "."
    return [lambda r, c: desc(r)]


# General opinions (any product or service), also told as short stories and with a contrast, so
# that narrative ("compré...", "llevo un año con...") is not a cue for NEG by itself.
THINGS = ["este coche", "la lavadora", "el hotel", "este libro", "el disco", "el portátil", "el móvil", "la película", "el restaurante",
          "el seguro", "el plan de internet", "la app del banco", "el curso", "la aspiradora", "la cafetera", "el colchón", "la tele",
          "las zapatillas", "la bici", "el gimnasio", "la tarjeta de crédito", "el servicio de streaming", "la nevera", "el apartamento"]
POS_EVAL = ["superó mis expectativas", "vale cada peso", "merece totalmente la pena", "no me arrepiento para nada", "cumple de sobra",
            "me tiene encantado", "funciona de maravilla", "es una maravilla", "lo recomiendo sin dudarlo", "me tiene muy contenta",
            "la calidad es excelente", "es lo mejor que he comprado", "no le encuentro ningún defecto", "es muy fiable",
            "me sorprendió para bien", "quedé muy satisfecho", "es una gozada", "es estupendo", "va como un tiro", "está muy bien hecho",
            "es comodísimo", "fue una gran compra", "es justo lo que necesitaba", "tiene una relación calidad precio buenísima"]
NEG_EVAL = ["no cumple lo que promete", "deja mucho que desear", "me arrepiento de haberlo comprado", "es una estafa", "no vale lo que cuesta",
            "me decepcionó muchísimo", "es de muy mala calidad", "falla constantemente", "no se lo recomiendo a nadie", "es un desastre",
            "tiene muchísimos defectos", "es muy poco fiable", "me salió rana", "fue dinero tirado", "es malísimo", "no sirve para nada",
            "se rompió enseguida", "me ha dado muchos problemas", "es incomodísimo", "es lentísimo", "fue la peor compra que he hecho"]
STORY = ["Compré {t} hace {d}", "Llevo {d} con {t}", "Probé {t} por recomendación de un amigo", "Contraté {t} el año pasado",
         "Mi familia y yo usamos {t} desde hace {d}", "Me regalaron {t} y lo uso a diario", "Elegí {t} después de comparar mucho"]
STORY_D = ["un año", "seis meses", "tres semanas", "dos años", "un par de meses", "poco tiempo"]


def _story(r: random.Random) -> str:
    return r.choice(STORY).format(t=r.choice(THINGS), d=r.choice(STORY_D))


def fam_opinion_pos() -> list[Callable]:
    return [
        lambda r, c: f"{_story(r)} y {r.choice(POS_EVAL)}. {r.choice(['', 'Lo recomiendo.', 'Muy contento.', 'Repetiría.', ''])}".strip(),
        lambda r, c: f"{_cap(r.choice(THINGS))} {r.choice(POS_EVAL)}{r.choice(['', '.', '!', ' 👌'])}",
        lambda r, c: f"{r.choice(['Al principio tenía mis dudas', 'No esperaba mucho', 'Me costó decidirme', 'El precio me echaba para atrás'])}, pero {r.choice(THINGS)} {r.choice(POS_EVAL)}",
        lambda r, c: f"Aunque {r.choice(['tardó un poco en llegar', 'es algo caro', 'las instrucciones son confusas', 'el color no es exactamente el de la foto'])}, {r.choice(THINGS)} {r.choice(POS_EVAL)}",
    ]


def fam_opinion_neg() -> list[Callable]:
    return [
        lambda r, c: f"{_story(r)} y {r.choice(NEG_EVAL)}. {r.choice(['', 'No lo recomiendo.', 'Muy descontento.', 'No repetiré.', ''])}".strip(),
        lambda r, c: f"{_cap(r.choice(THINGS))} {r.choice(NEG_EVAL)}{r.choice(['', '.', '!', ' 👎'])}",
        lambda r, c: f"{r.choice(['Prometía mucho', 'Tenía buenas críticas', 'Pintaba bien', 'Las fotos engañan'])}, pero {r.choice(THINGS)} {r.choice(NEG_EVAL)}",
        lambda r, c: f"Aunque {r.choice(['el diseño es bonito', 'llegó rápido', 'el precio era bueno', 'el vendedor fue amable'])}, {r.choice(THINGS)} {r.choice(NEG_EVAL)}",
    ]


NP_IDEAS = ["más limpieza en los baños", "más personal en ventanilla", "mejor iluminación en la entrada", "más sillas en la sala de espera",
            "un horario extendido los sábados", "más cajeros automáticos", "un chat en la página web", "más opciones de pago",
            "capacitación al personal", "más información en la página", "señalización más clara", "más actividades para los niños",
            "bebederos de agua", "más puntos de atención", "una fila preferencial", "turnos por mensaje de texto"]


# family name -> (variants, labels). Labels: sentiment, emotion, irony, toxicity, pqrs_type.
FAMILIES: dict[str, tuple[Callable[[], list[Callable]], dict, int]] = {
    "outage": (fam_outage, dict(sentiment="NEG", emotion="enojo", irony="no", toxicity="no", pqrs_type="queja"), 260),
    "billing": (fam_billing, dict(sentiment="NEG", emotion="enojo", irony="no", toxicity="no", pqrs_type="reclamo"), 260),
    "defect": (fam_defect, dict(sentiment="NEG", emotion="enojo", irony="no", toxicity="no", pqrs_type="reclamo"), 170),
    "conduct": (fam_conduct, dict(sentiment="NEG", emotion="enojo", irony="no", toxicity="no", pqrs_type="queja"), 170),
    "wait": (fam_wait, dict(sentiment="NEG", emotion="enojo", irony="no", toxicity="no", pqrs_type="queja"), 150),
    "praise": (fam_praise, dict(sentiment="POS", emotion="alegría", irony="no", toxicity="no", pqrs_type="felicitación"), 800),
    "info": (fam_info, dict(sentiment="NEU", emotion="otros", irony="no", toxicity="no", pqrs_type="petición"), 240),
    "doc": (fam_doc, dict(sentiment="NEU", emotion="otros", irony="no", toxicity="no", pqrs_type="petición"), 180),
    "action": (fam_action, dict(sentiment="NEU", emotion="otros", irony="no", toxicity="no", pqrs_type="petición"), 200),
    "suggest": (fam_suggest, dict(sentiment="NEU", emotion="otros", irony="no", toxicity="no", pqrs_type="sugerencia"), 420),
    "suggest_neg": (fam_suggest_neg, dict(sentiment="NEG", emotion="enojo", irony="no", toxicity="no", pqrs_type="sugerencia"), 60),
    "irony": (fam_irony, dict(sentiment="NEG", emotion="enojo", irony="sí", toxicity="no", pqrs_type="queja"), 300),
    "sincere": (fam_sincere_thanks, dict(sentiment="POS", emotion="alegría", irony="no", toxicity="no", pqrs_type="felicitación"), 160),
    "toxic": (fam_toxic, dict(sentiment="NEG", emotion="enojo", irony="no", toxicity="sí", pqrs_type="queja"), 260),
    "angry_clean": (fam_angry_clean, dict(sentiment="NEG", emotion="enojo", irony="no", toxicity="no", pqrs_type="queja"), 160),
    "fear": (fam_fear, dict(sentiment="NEG", emotion="miedo", irony="no", toxicity="no", pqrs_type=None), 260),
    "disgust": (fam_disgust, dict(sentiment="NEG", emotion="asco", irony="no", toxicity="no", pqrs_type="queja"), 240),
    "sad": (fam_sad, dict(sentiment="NEG", emotion="tristeza", irony="no", toxicity="no", pqrs_type="queja"), 260),
    "surprise_bill": (fam_surprise_bill, dict(sentiment="NEG", emotion="sorpresa", irony="no", toxicity="no", pqrs_type="reclamo"), 180),
    "pos_surprise": (fam_pos_surprise, dict(sentiment="POS", emotion="sorpresa", irony="no", toxicity="no", pqrs_type="felicitación"), 130),
    "facts": (fam_facts, dict(sentiment="NEU", emotion="otros", irony="no", toxicity="no", pqrs_type="otro"), 200),
    "mixed": (fam_mixed, dict(sentiment="NEU", emotion="otros", irony="no", toxicity="no", pqrs_type=None), 120),
    "other": (fam_other, dict(sentiment="NEU", emotion="otros", irony="no", toxicity="no", pqrs_type="otro"), 260),
    "short_pos": (fam_short_pos, dict(sentiment="POS", emotion="alegría", irony="no", toxicity="no", pqrs_type="felicitación"), 150),
    "review_pos": (fam_review_pos, dict(sentiment="POS", emotion="alegría", irony="no", toxicity="no", pqrs_type="felicitación"), 300),
    "review_neg": (fam_review_neg, dict(sentiment="NEG", emotion="enojo", irony="no", toxicity="no", pqrs_type="queja"), 300),
    "review_neu": (fam_review_neu, dict(sentiment="NEU", emotion="otros", irony="no", toxicity="no", pqrs_type="otro"), 150),
    "opinion_pos": (fam_opinion_pos, dict(sentiment="POS", emotion="alegría", irony="no", toxicity="no", pqrs_type="felicitación"), 360),
    "opinion_neg": (fam_opinion_neg, dict(sentiment="NEG", emotion="enojo", irony="no", toxicity="no", pqrs_type="queja"), 360),
    "short_neg": (fam_short_neg, dict(sentiment="NEG", emotion="enojo", irony="no", toxicity="no", pqrs_type="queja"), 70),
}


def generate(seed: int = 13) -> list[Row]:
    """All generated rows, deduplicated, in a stable order."""
    rng = random.Random(seed)
    rows: list[Row] = []
    seen: set[str] = set()
    for fname in sorted(FAMILIES):
        make, labels, n = FAMILIES[fname]
        variants = make()
        tries = 0
        made = 0
        while made < n and tries < n * 20:
            tries += 1
            vi = tries % len(variants)
            c = _ctx(rng)
            text = re.sub(r"\s+", " ", variants[vi](rng, c)).strip()
            text = re.sub(r"\s+([,.!?])", r"\1", text)
            text = re.sub(r"\b([Aa]) el\b", r"\1l", re.sub(r"\b([Dd]e) el\b", r"\1l", text))
            text = add_noise(text, rng, labels["sentiment"])
            key = text.lower()
            if key in seen:
                continue
            seen.add(key)
            rows.append(Row(text=text, group=f"gen:{fname}:{vi}", **labels))
            made += 1
    return rows
