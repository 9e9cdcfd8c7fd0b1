"""Deterministic PII test set: realistic Spanish customer texts with seeded PII, plus traps.

`pii_cases()` returns cases (complaints, call transcripts, tweets, e-mails) whose PII items are
known exactly (type and span); `trap_sentences()` returns PII-free sentences full of things that
look like PII (amounts, dates, case numbers, plans, places, brands). Every identifier is
generated with a valid format and check digit where the real one has it; names are drawn from
lists that deliberately include names the redactor's own lists do not have.

Run `python tests/pii_cases.py` to print the per-type table kept in docs/PII.md
(`--misses` lists what was missed and what was spurious; `--eval-dev` also counts redactions on
the real texts of ../shared/eval-dev when that folder exists).
"""

from __future__ import annotations

import random
import re
import string
import sys
from pathlib import Path

from escucha.nlp.text.pii.scoring import PiiCase, PiiItem

SEED = 2026

# ---------------------------------------------------------------------------------------------
# identifiers with valid formats / check digits
# ---------------------------------------------------------------------------------------------


def _digits(rng: random.Random, n: int) -> str:
    return "".join(rng.choice(string.digits) for _ in range(n))


def _luhn_complete(prefix_and_body: str) -> str:
    total = 0
    for i, ch in enumerate(reversed(prefix_and_body)):
        d = int(ch)
        if i % 2 == 0:  # these positions get doubled once the check digit is appended
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return prefix_and_body + str((10 - total % 10) % 10)


def card(rng: random.Random) -> str:
    kind = rng.choice(["visa", "visa", "mc", "mc", "amex", "mc2"])
    if kind == "amex":
        num = _luhn_complete(rng.choice(["34", "37"]) + _digits(rng, 12))
        sep = rng.choice([" ", "-", ""])
        return f"{num[:4]}{sep}{num[4:10]}{sep}{num[10:]}" if sep else num
    prefix = {"visa": "4", "mc": rng.choice(["51", "52", "53", "54", "55"]), "mc2": "2221"}[kind]
    num = _luhn_complete(prefix + _digits(rng, 15 - len(prefix)))
    sep = rng.choice([" ", " ", "-", ""])
    return sep.join(num[i:i + 4] for i in range(0, 16, 4))


def iban(rng: random.Random) -> str:
    country, bban_len = rng.choice([("ES", 20), ("ES", 20), ("ES", 20), ("PT", 21), ("FR", 23), ("DE", 18)])
    bban = _digits(rng, bban_len)
    numeric = "".join(str(int(c, 36)) for c in bban + country + "00")
    check = 98 - int(numeric) % 97
    compact = f"{country}{check:02d}{bban}"
    if rng.random() < 0.7:
        return " ".join(compact[i:i + 4] for i in range(0, len(compact), 4))
    return compact


def clabe(rng: random.Random) -> str:
    body = rng.choice(["002", "012", "014", "021", "072", "127", "137"]) + _digits(rng, 14)
    weights = (3, 7, 1)
    total = sum((int(d) * weights[i % 3]) % 10 for i, d in enumerate(body))
    num = body + str((10 - total % 10) % 10)
    return num if rng.random() < 0.7 else f"{num[:3]} {num[3:6]} {num[6:17]} {num[17]}"


def bank_account(rng: random.Random) -> str:
    fmt = rng.choice(["dash", "plain", "plain", "spaces"])
    if fmt == "dash":
        return f"{_digits(rng, 3)}-{_digits(rng, 6)}-{_digits(rng, 2)}"
    if fmt == "spaces":
        return f"{_digits(rng, 4)} {_digits(rng, 4)} {_digits(rng, 4)}"
    return rng.choice(["0", "1", "2", "4", "5"]) + _digits(rng, rng.choice([9, 10, 11]))


_DNI_LETTERS = "TRWAGMYFPDXBNJZSQVHLCKE"


def dni(rng: random.Random) -> str:
    n = rng.randint(10_000_000, 79_999_999)
    letter = _DNI_LETTERS[n % 23]
    s = str(n)
    return rng.choice([f"{s}{letter}", f"{s}-{letter}", f"{s[:2]}.{s[2:5]}.{s[5:]}-{letter}"])


def nie(rng: random.Random) -> str:
    first = rng.choice("XYZ")
    n = rng.randint(0, 9_999_999)
    letter = _DNI_LETTERS[("XYZ".index(first) * 10_000_000 + n) % 23]
    return rng.choice([f"{first}{n:07d}{letter}", f"{first}-{n:07d}-{letter}"])


_NIT_W = (3, 7, 13, 17, 19, 23, 29, 37, 41, 43, 47, 53, 59, 67, 71)


def nit(rng: random.Random) -> str:
    base = rng.choice(["8", "9"]) + _digits(rng, 8)
    r = sum(int(d) * w for d, w in zip(reversed(base), _NIT_W)) % 11
    dv = r if r < 2 else 11 - r
    return rng.choice([f"{base[:3]}.{base[3:6]}.{base[6:]}-{dv}", f"{base}-{dv}"])


_CURP_STATES = ["DF", "JC", "NL", "MC", "PL", "VZ", "GT", "YN", "QT", "CH"]
_CURP_CHARS = "0123456789ABCDEFGHIJKLMNÑOPQRSTUVWXYZ"


def _birth(rng: random.Random) -> str:
    return f"{rng.randint(50, 99):02d}{rng.randint(1, 12):02d}{rng.randint(1, 28):02d}"


def curp(rng: random.Random) -> str:
    cons = "BCDFGHJKLMNPQRSTVWXYZ"
    body = (rng.choice("ABCDEFGHIJLMNOPRSTVZ") + rng.choice("AEIOU") + rng.choice(string.ascii_uppercase)
            + rng.choice(string.ascii_uppercase) + _birth(rng) + rng.choice("HM") + rng.choice(_CURP_STATES)
            + rng.choice(cons) + rng.choice(cons) + rng.choice(cons) + "0")
    total = sum(_CURP_CHARS.index(c) * (18 - i) for i, c in enumerate(body))
    return body + str((10 - total % 10) % 10)


def rfc(rng: random.Random) -> str:
    letters = "".join(rng.choice("ABCDEFGHIJLMNOPRSTVZ") for _ in range(rng.choice([4, 4, 4, 3])))
    homo = "".join(rng.choice(string.ascii_uppercase + string.digits) for _ in range(3))
    return f"{letters}{_birth(rng)}{homo}"


def cedula(rng: random.Random, dotted: bool | None = None) -> str:
    if rng.random() < 0.6:
        n = str(rng.randint(1_000_000_000, 1_199_999_999))
    else:
        n = str(rng.randint(10_000_000, 99_999_999))
    if dotted is None:
        dotted = rng.random() < 0.5
    if not dotted:
        return n
    rev = n[::-1]
    return ".".join(rev[i:i + 3] for i in range(0, len(rev), 3))[::-1]


def passport(rng: random.Random) -> str:
    return rng.choice([
        rng.choice(string.ascii_uppercase) + rng.choice(string.ascii_uppercase) + _digits(rng, 6),
        rng.choice("GNP") + _digits(rng, 8),
        "PE" + _digits(rng, 6),
    ])


def phone(rng: random.Random) -> str:
    kind = rng.choice(["co_mobile"] * 4 + ["co_land"] * 2 + ["mx"] * 3 + ["es_mobile"] * 2 + ["es_land"])
    if kind == "co_mobile":
        a, b, c = "3" + rng.choice("0123502") + _digits(rng, 1), _digits(rng, 3), _digits(rng, 4)
        return rng.choice([f"{a} {b} {c}", f"{a}{b}{c}", f"{a}-{b}-{c}", f"+57 {a} {b} {c}",
                           f"+57{a}{b}{c}", f"(+57) {a} {b}{c}", f"{a} {b} {c[:2]} {c[2:]}", f"57 {a}{b}{c}"])
    if kind == "co_land":
        area = "60" + rng.choice("1245678")
        b, c = rng.choice("2345678") + _digits(rng, 2), _digits(rng, 4)
        return rng.choice([f"({area}) {b} {c}", f"{area} {b}{c}", f"+57 {area} {b} {c}", f"{area}-{b}-{c}"])
    if kind == "mx":
        area = rng.choice(["55", "33", "81", "222", "442", "999"])
        rest = _digits(rng, 10 - len(area))
        rest = rng.choice("2345678") + rest[1:]
        mid = rest[:-4]
        return rng.choice([f"{area} {mid} {rest[-4:]}", f"({area}) {mid}-{rest[-4:]}", f"+52 {area} {mid} {rest[-4:]}",
                           f"+52 1 {area} {mid} {rest[-4:]}", f"{area}{rest}", f"{area}-{mid}-{rest[-4:]}"])
    if kind == "es_mobile":
        n = rng.choice("67") + _digits(rng, 8)
        return rng.choice([f"{n[:3]} {n[3:6]} {n[6:]}", n, f"+34 {n[:3]} {n[3:6]} {n[6:]}",
                           f"{n[:3]} {n[3:5]} {n[5:7]} {n[7:]}", f"0034 {n}", f"+34{n}"])
    n = "9" + rng.choice("1345") + _digits(rng, 7)
    return rng.choice([f"{n[:2]} {n[2:5]} {n[5:7]} {n[7:]}", f"{n[:3]} {n[3:6]} {n[6:]}", f"+34 {n}"])


# ---------------------------------------------------------------------------------------------
# names and addresses
# ---------------------------------------------------------------------------------------------

# Deliberately not the redactor's lists: about a fifth of these are missing from them.
GIVEN_F = ("Carolina Luisa María Ana Andrea Paola Diana Laura Natalia Valentina Camila Daniela Sofía "
           "Marcela Adriana Lucía Carmen Isabel Patricia Gabriela Juliana Mónica Alejandra Verónica "
           "Xiomara Yurany Maryury Leidy Dayana Yenifer Nayeli Itzel Ximena Guadalupe Montserrat Nuria "
           "Ainhoa Begoña Rocío Inmaculada Edith Maritza Yolima Fanny").split()
GIVEN_M = ("Juan Carlos Andrés Felipe Santiago Sebastián José Luis Miguel Jorge Pedro Alejandro Diego "
           "Javier Manuel Fernando Ricardo Óscar Camilo Mauricio Sergio Jesús Francisco Alberto "
           "Yeferson Dairo Wilmar Jhon Brayan Yeison Arley Ulises Iker Unai Jordi Íñigo Pau "
           "Heriberto Eusebio Fulgencio Abelardo").split()
SURNAMES = ("Rodríguez Gómez González Martínez García López Hernández Pérez Sánchez Ramírez Torres "
            "Díaz Vargas Moreno Rojas Jiménez Muñoz Castro Ortiz Gutiérrez Restrepo Ospina Cárdenas "
            "Mejía Zuluaga Londoño Arango Quintero Salazar Herrera Fernández Ruiz Navarro Romero Gil "
            "Iglesias Ortega Delgado Morales Mendoza Aguilar Chávez Villanueva Bustamante Arboleda "
            "Betancourt Echavarría Urquijo Goicoechea Montoya Cifuentes Santamaría").split()


def person(rng: random.Random, female: bool | None = None, parts: int | None = None) -> str:
    if female is None:
        female = rng.random() < 0.5
    given = GIVEN_F if female else GIVEN_M
    parts = parts or rng.choice([1, 2, 2, 2, 3, 3])
    if parts == 1:
        return rng.choice(given)
    if parts == 2:
        return f"{rng.choice(given)} {rng.choice(SURNAMES)}"
    if rng.random() < 0.5:
        g1, g2 = rng.sample(given, 2)
        return f"{g1} {g2} {rng.choice(SURNAMES)}"
    s1, s2 = rng.sample(SURNAMES, 2)
    return f"{rng.choice(given)} {s1} {s2}"


_MX_STREETS = ["Insurgentes Sur", "Reforma", "Revolución", "Juárez", "Hidalgo", "Morelos", "Vallarta",
               "Constitución", "Universidad", "Río Churubusco", "Patriotismo", "Chapultepec", "López Mateos"]
_MX_COLONIAS = ["Del Valle", "Roma Norte", "Narvarte", "Centro", "Polanco", "Providencia", "Americana",
                "Country Club", "Las Águilas", "Jardines del Bosque", "San Rafael"]
_ES_STREETS = ["Mayor", "Alcalá", "Gran Vía", "Serrano", "de la Paz", "del Carmen", "Princesa", "Colón",
               "San Vicente", "de Sants", "Real", "Toledo", "Goya", "de Atocha", "Sagasta"]
_ES_CITIES = ["Madrid", "Barcelona", "Valencia", "Sevilla", "Zaragoza", "Málaga", "Bilbao"]


def address(rng: random.Random) -> str:
    country = rng.choice(["co", "co", "co", "mx", "mx", "es", "es"])
    if country == "co":
        kind = rng.choice(["Calle", "Cll", "Cl.", "Carrera", "Cra", "Cra.", "Kr", "Av. Calle", "Transversal",
                           "Diagonal", "Dg", "Av."])
        n1 = f"{rng.randint(1, 170)}{rng.choice(['', '', '', 'A', 'B', ' Bis', 'C'])}"
        n2 = f"{rng.randint(1, 120)}{rng.choice(['', '', 'A', 'B'])}"
        n3 = rng.randint(1, 99)
        sep = rng.choice(["#", "# ", "No.", "No. ", "N°", "nro."])
        sp = " " if not sep.endswith(" ") else ""
        addr = f"{kind} {n1} {sep}{sp}{n2}-{n3:02d}"
        if rng.random() < 0.15:
            addr += rng.choice([" Sur", " Este"])
        if rng.random() < 0.4:
            addr += rng.choice([f" apto {rng.randint(101, 1204)}", f" Apto. {rng.randint(101, 904)}",
                                f", torre {rng.randint(1, 8)} apto {rng.randint(101, 1504)}", f" int {rng.randint(1, 9)}",
                                f" casa {rng.randint(1, 40)}"])
        return addr
    if country == "mx":
        kind = rng.choice(["Av.", "Avenida", "Calle", "Calz.", "Blvd."])
        addr = f"{kind} {rng.choice(_MX_STREETS)} {rng.randint(10, 4999)}"
        if rng.random() < 0.3:
            addr += f" Int. {rng.randint(1, 12)}"
        addr += f", Col. {rng.choice(_MX_COLONIAS)}"
        if rng.random() < 0.5:
            addr += f", C.P. {rng.randint(1000, 99999):05d}"
        return addr
    kind = rng.choice(["C/", "C/", "Calle", "Avda.", "Paseo", "Plaza"])
    number = rng.choice([f"{rng.randint(1, 180)}", f"nº {rng.randint(1, 180)}", f"n.º {rng.randint(1, 99)}"])
    sep = " " if not number.startswith("n") else ", "
    addr = f"{kind} {rng.choice(_ES_STREETS)}{sep}{number}"
    if rng.random() < 0.6:
        addr += rng.choice([f", {rng.randint(1, 9)}º {rng.choice('ABCD')}", f", {rng.randint(1, 9)}º izq.",
                            f", {rng.randint(1, 9)}ª", ", bajo"])
    if rng.random() < 0.4:
        addr += f", {rng.randint(1000, 52999):05d} {rng.choice(_ES_CITIES)}"
    return addr


def email(rng: random.Random) -> str:
    first = rng.choice(GIVEN_F + GIVEN_M).lower()
    last = rng.choice(SURNAMES).lower()
    for a, b in zip("áéíóúñÁÉÍÓÚ", "aeiounaeiou"):
        first, last = first.replace(a, b), last.replace(a, b)
    local = rng.choice([f"{first}.{last}", f"{first}{last}{rng.randint(1, 99)}", f"{first[0]}{last}",
                        f"{first}_{last}", f"{last}.{first}{rng.randint(70, 99)}"])
    domain = rng.choice(["gmail.com", "hotmail.com", "outlook.es", "yahoo.com.mx", "une.net.co",
                         "empresa.com.co", "correo.unam.mx", "telefonica.net", "live.com"])
    out = f"{local}@{domain}"
    return out.upper() if rng.random() < 0.05 else out


# ---------------------------------------------------------------------------------------------
# slot fillers: (text shown, offset of the item in it, item length, type)
# ---------------------------------------------------------------------------------------------


def _labelled(label: str, value: str) -> tuple[str, int, int]:
    shown = f"{label}{value}"
    return shown, len(label), len(value)


def fill(slot: str, rng: random.Random) -> tuple[str, str, int, int]:
    """Returns (type, shown text, item offset in shown text, item length)."""
    if slot == "EMAIL":
        v = email(rng)
        return "EMAIL", v, 0, len(v)
    if slot == "TELEFONO":
        v = phone(rng)
        return "TELEFONO", v, 0, len(v)
    if slot == "TARJETA":
        v = card(rng)
        return "TARJETA", v, 0, len(v)
    if slot == "CUENTA":
        kind = rng.choice(["iban", "iban", "clabe", "clabe", "label", "label", "label"])
        if kind == "iban":
            v = iban(rng)
            return "CUENTA", *_labelled(rng.choice(["IBAN ", "IBAN: ", "", "cuenta "]), v)
        if kind == "clabe":
            v = clabe(rng)
            return "CUENTA", *_labelled(rng.choice(["CLABE ", "clabe interbancaria ", "", "CLABE: "]), v)
        v = bank_account(rng)
        label = rng.choice(["cuenta de ahorros No. ", "cuenta corriente ", "No. de cuenta: ", "cta ",
                            "número de cuenta ", "cuenta de ahorros Bancolombia ", "cta. de ahorros ",
                            "cuenta ", "cuenta nómina "])
        return "CUENTA", *_labelled(label, v)
    if slot == "DOCUMENTO":
        kind = rng.choice(["cc", "cc", "cc", "cc_dots", "ce", "nit", "nit_bare", "curp", "rfc", "dni",
                           "dni_bare", "nie", "pasaporte", "ti"])
        if kind == "cc":
            label = rng.choice(["CC ", "C.C. ", "cc ", "cédula ", "cédula de ciudadanía No. ", "mi cédula es ",
                                "c.c. ", "documento ", "número de documento ", "identificación: ", "CC. "])
            return "DOCUMENTO", *_labelled(label, cedula(rng))
        if kind == "cc_dots":
            v = f"1.{rng.randint(0, 199):03d}.{rng.randint(0, 999):03d}.{rng.randint(0, 999):03d}"
            return "DOCUMENTO", *_labelled(rng.choice(["", "", "con ", "número "]), v)
        if kind == "ce":
            return "DOCUMENTO", *_labelled(rng.choice(["CE ", "C.E. ", "cédula de extranjería "]), _digits(rng, rng.choice([6, 7])))
        if kind == "ti":
            return "DOCUMENTO", *_labelled(rng.choice(["TI ", "tarjeta de identidad "]), cedula(rng))
        if kind == "nit":
            return "DOCUMENTO", *_labelled(rng.choice(["NIT ", "NIT: ", "nit "]), nit(rng))
        if kind == "nit_bare":
            return "DOCUMENTO", *_labelled("", nit(rng))
        if kind == "curp":
            return "DOCUMENTO", *_labelled(rng.choice(["CURP ", "mi CURP es ", "", "CURP: "]), curp(rng))
        if kind == "rfc":
            return "DOCUMENTO", *_labelled(rng.choice(["RFC ", "RFC: ", "con RFC ", ""]), rfc(rng))
        if kind == "dni":
            return "DOCUMENTO", *_labelled(rng.choice(["DNI ", "mi DNI es ", "DNI: ", "NIF "]), dni(rng))
        if kind == "dni_bare":
            return "DOCUMENTO", *_labelled("", dni(rng))
        if kind == "nie":
            return "DOCUMENTO", *_labelled(rng.choice(["NIE ", "", "NIE: "]), nie(rng))
        return "DOCUMENTO", *_labelled(rng.choice(["pasaporte ", "pasaporte No. ", "pasaporte número "]), passport(rng))
    if slot == "DIRECCION":
        v = address(rng)
        return "DIRECCION", v, 0, len(v)
    if slot in ("NOMBRE", "NOMBRE_F", "NOMBRE_M", "NOMBRE_FULL", "NOMBRE_F_FULL", "NOMBRE_M_FULL"):
        female = True if slot.startswith("NOMBRE_F") else False if slot.startswith("NOMBRE_M") else None
        parts = rng.choice([2, 2, 3]) if slot.endswith("FULL") else None
        v = person(rng, female, parts)
        return "NOMBRE", v, 0, len(v)
    raise KeyError(slot)


# ---------------------------------------------------------------------------------------------
# templates (written for this set; realistic PQRS, transcripts, tweets, e-mails)
# ---------------------------------------------------------------------------------------------

TEMPLATES: dict[str, list[str]] = {
    "EMAIL": [
        "Buenas tardes, les escribo porque no me llega la factura al correo {EMAIL}, ya van dos meses.",
        "Por favor respondan a {EMAIL} que por teléfono nunca contestan.",
        "@ClaroColombia mi correo es {EMAIL}, escríbanme que llevo 3 días sin internet",
        "agente: me confirma un correo electrónico? cliente: sí, es {EMAIL}",
        "Solicito copia del contrato enviada a {EMAIL} antes del viernes.",
        "Cambiaron mi correo de contacto sin autorización, el correcto es {EMAIL} y no el que tienen.",
    ],
    "TELEFONO": [
        "Llevo una semana sin señal, mi número es {TELEFONO}, llámenme por favor.",
        "Me pueden devolver la llamada al {TELEFONO}? estoy de 8 a 5",
        "agente: ¿a qué número lo contactamos? cliente: al {TELEFONO}",
        "@movistar_es no tengo línea desde ayer, escribidme al {TELEFONO} por whatsapp",
        "El técnico quedó de llamar al {TELEFONO} y nunca llamó. Pésimo servicio.",
        "Mi celular {TELEFONO} fue bloqueado sin razón, necesito que lo reactiven.",
        "Contacto: {TELEFONO} / horario de la tarde.",
        "Hice la portabilidad del {TELEFONO} y ahora no tengo ni una línea ni la otra.",
        "Me siguen llamando de cobranzas al {TELEFONO} por una deuda que ya pagué el mes pasado.",
    ],
    "DOCUMENTO": [
        "Soy titular de la línea con {DOCUMENTO} y no reconozco el cobro de este mes.",
        "agente: me regala su número de documento? cliente: sí, {DOCUMENTO}",
        "Quiero cancelar el servicio a mi nombre, {DOCUMENTO}, desde el próximo corte.",
        "La factura sale con {DOCUMENTO} pero ese no es mi documento, corrijan los datos.",
        "Se registró la compra con {DOCUMENTO} y aún no llega el reembolso.",
        "Buen día, adjunto copia del documento, {DOCUMENTO}, para el trámite de la portabilidad.",
        "El contrato figura con {DOCUMENTO} y la dirección equivocada.",
    ],
    "TARJETA": [
        "Me cobraron dos veces a la tarjeta {TARJETA}, exijo la devolución inmediata.",
        "agente: ¿con qué tarjeta desea pagar? cliente: con la {TARJETA}",
        "No reconozco el cargo en mi tarjeta de crédito {TARJETA} del 12 de marzo.",
        "Hice el pago con la tarjeta {TARJETA} y la app dice que está pendiente.",
        "Bloqueen por favor {TARJETA}, me la clonaron en el cajero.",
    ],
    "CUENTA": [
        "Solicito el reembolso a mi {CUENTA}, ya envié el certificado bancario.",
        "Hagan la devolución a la {CUENTA} porque la tarjeta ya la cancelé.",
        "El débito automático sale de la {CUENTA} y este mes lo cobraron dos veces.",
        "Les dejo los datos para la transferencia: {CUENTA}, a mi nombre.",
        "Domiciliad el recibo en {CUENTA} que la otra cuenta ya no la uso.",
    ],
    "DIRECCION": [
        "El técnico nunca llegó a la {DIRECCION}, me dejaron esperando toda la mañana.",
        "Solicito el traslado del servicio a {DIRECCION}.",
        "agente: ¿me confirma la dirección de instalación? cliente: {DIRECCION}",
        "El paquete lo entregaron en {DIRECCION} y esa no es mi casa.",
        "Vivo en {DIRECCION} y en todo el barrio no hay señal desde el lunes.",
        "Dirección de envío: {DIRECCION}. Favor no dejar con el portero.",
        "Llevo tres semanas esperando la reconexión en {DIRECCION} y nada.",
    ],
    "NOMBRE": [
        "Me llamo {NOMBRE_FULL} y quiero poner una queja formal.",
        "Mi nombre es {NOMBRE_FULL}, soy cliente hace 10 años y nunca me habían tratado así.",
        "La asesora {NOMBRE_F} fue muy amable y resolvió todo en minutos, felicitaciones.",
        "El asesor {NOMBRE_M} me colgó la llamada dos veces.",
        "Fui atendido por {NOMBRE_FULL} en la tienda del centro y me dio información falsa.",
        "agente: buenas tardes, le habla {NOMBRE_F}, ¿en qué le puedo ayudar?",
        "{NOMBRE_FULL} me atendió y me prometió una visita que nunca se dio.",
        "Sr. {NOMBRE_M_FULL}, su solicitud fue recibida.",
        "La señora {NOMBRE_F_FULL} es la titular de la cuenta, yo soy el hijo.",
        "Quiero felicitar a {NOMBRE_FULL} por su paciencia.",
        "Atentamente,\n{NOMBRE_FULL}",
        "Cordialmente,\n{NOMBRE_FULL}\nCliente residencial",
        "Hola {NOMBRE_F}, gracias por comunicarte con nosotros.",
        "El técnico {NOMBRE_M} llegó tarde y sin los materiales.",
        "Ayer me visitó {NOMBRE_M_FULL} para la instalación y dejó todo funcionando.",
        "Según {NOMBRE_FULL}, el cobro era un error, pero sigue apareciendo.",
        "Ponga la queja a nombre de {NOMBRE_FULL} por favor.",
        "Mi esposa {NOMBRE_F} llamó ayer y le dijeron otra cosa.",
        "Muy mala atención de {NOMBRE_F} en el chat, me cerró la conversación.",
    ],
}

MIXED_TEMPLATES: list[str] = [
    "Me llamo {NOMBRE_FULL}, {DOCUMENTO}, y llevo 15 días sin internet en la {DIRECCION}. Cel {TELEFONO}.",
    "Buenas noches, soy {NOMBRE_M_FULL}. Me cobraron a la tarjeta {TARJETA} un plan que no pedí. Escríbanme a {EMAIL}.",
    "agente: ¿nombre completo? cliente: {NOMBRE_FULL}. agente: ¿número de contacto? cliente: {TELEFONO}",
    "Solicito reembolso a la {CUENTA}. Titular: {NOMBRE_FULL}, {DOCUMENTO}.",
    "Nadie responde. Mis datos: {EMAIL}, tel {TELEFONO}, dirección {DIRECCION}.",
    "Estimados señores:\nEl pasado 3 de marzo la asesora {NOMBRE_F} me ofreció un descuento que nunca se aplicó. "
    "Mi número de contacto es {TELEFONO}.\nAtentamente,\n{NOMBRE_FULL}",
    "el técnico {NOMBRE_M} no llegó a la {DIRECCION}, me pueden llamar al {TELEFONO}",
]

# ---------------------------------------------------------------------------------------------
# traps: PII-free, full of look-alikes
# ---------------------------------------------------------------------------------------------

TRAP_FIXED: list[str] = [
    "Me cobraron $120.000 de más en la factura de marzo.",
    "El plan de 1.500 pesos diarios no funciona desde el 15/03/2026.",
    "Radicado PQR-2026-000123 sin respuesta desde hace 20 días.",
    "Ya tengo el radicado 123456 y nadie me da solución.",
    "Contraté el Plan 300 megas y me llegan 50.",
    "La visita quedó para el 2026-04-15 entre 8:00 y 12:00.",
    "Son las 10:30 y el técnico no ha llegado.",
    "Pagué $ 1.250.000 por un celular que llegó dañado.",
    "Me facturaron 2 veces el mismo mes, en total $89.900.",
    "El trancón en la Calle 80 con Boyacá no deja llegar a nadie.",
    "En la Av. Insurgentes no hay cobertura desde ayer.",
    "Vivo en Bogotá y el servicio de Claro es pésimo.",
    "En Medellín la fibra de Tigo funciona bien, acá en Cali no.",
    "Gracias a Dios ya volvió la luz en el barrio.",
    "El Banco de Bogotá me debitó la cuota dos veces.",
    "En enero subieron la tarifa sin avisar y en febrero otra vez.",
    "La tarjeta terminada en 4321 fue rechazada.",
    "Me aparece un cargo de USD 45,90 que no reconozco.",
    "Llevo 3 meses pagando 89.900 por 100 megas y me llegan 20.",
    "El ticket #458213 lo cerraron sin solución.",
    "Caso 7845123: sin respuesta después de 15 días hábiles.",
    "Pedí el cambio de plan el 1 de julio y todavía cobran el anterior.",
    "Mi factura de $ 245.300 vence el 20 de mayo.",
    "Tengo 2 líneas y 1 fijo, y los 3 servicios fallan.",
    "Renové el contrato por 12 meses a 59.990 COP.",
    "Subió de 65.000 a 89.000 pesos sin explicación.",
    "La orden de servicio 2026-0045871 sigue abierta.",
    "El pedido 4567891234 no ha llegado.",
    "El router modelo HG8245Q2 se reinicia solo.",
    "Desde el 02-03-2026 no tengo servicio.",
    "Me ofrecieron 500 Mbps por $ 99.900 al mes.",
    "Santa Marta, San José y Santiago de Cali sin señal.",
    "Mercedes y Dolores son los nombres de las sedes nuevas.",
    "El Señor de los Milagros nos ayude con este servicio.",
    "Hoy es Domingo y nadie atiende en la tienda del centro comercial Santafé.",
    "La referencia de pago 8012345678 no aparece en el sistema.",
    "La factura FE-99812 tiene un valor de $ 312.450.",
    "Me descontaron el 19% de IVA dos veces.",
    "En Madrid y Barcelona la fibra de Movistar va fatal.",
    "Llamé a la línea 018000 930 000 y nadie contesta.",
    "Por favor marquen #123# para consultar el saldo, eso dice la app.",
    "Tengo el paquete de 20 GB y se acaba en 5 días.",
    "Me vendieron un Samsung Galaxy A54 y vino con la pantalla rota.",
    "El iPhone 15 Pro Max cuesta $ 6.499.000 en la tienda.",
    "La CUN 4523-26-000123456 no tiene respuesta.",
    "Entre el 10 y el 25 de abril no tuve internet.",
    "El contrato 100245678 vence en diciembre.",
    "Me trasladaron a la sede de la Calle 26 y allá tampoco sabían.",
    "La oficina de la Carrera Séptima cerró a las 4:00 p.m.",
    "Son 1.200 clientes afectados en el sector, según la noticia.",
    "¿Por qué me cobran 3.500 por reconexión si fue falla de ustedes?",
    "El saldo es 1.250.000 y no sé de dónde sale.",
    "La tasa de interés es 2,5% mensual, eso es un robo.",
    "Me llamaron 5 veces ayer para ofrecerme el mismo plan.",
    "Quiero pasarme a Movistar porque Claro no sirve.",
    "Banco Davivienda y Bancolombia me dicen que el problema es de ustedes.",
    "Feliz Navidad a todo el equipo, excelente servicio este año.",
    "El día del padre no hubo señal en todo Medellín.",
    "Llevo 45 minutos en espera en la línea de atención.",
    "Mi plan es el Max 4G de 35.990 y me cobran 45.990.",
    "La garantía dice 12 meses pero solo me la respetaron 6.",
    "El número de serie del módem es ZTE-F670L-2219.",
    "La temperatura del equipo llega a 70 grados.",
    "Hace 2 años que soy cliente y nunca había pasado esto.",
    "En la avenida principal del barrio no hay postes de luz.",
    "Perdí 3 días de trabajo esperando al técnico.",
    "El código de verificación 482913 nunca llegó por SMS.",
    "La velocidad contratada es de 200 Mbps y el test marca 12.",
    "El recibo 2026031500123 ya está pagado.",
    "Pagué en Efecty con el convenio, ya tengo el comprobante.",
    "La señal en la Plaza Mayor es muy mala.",
    "El centro comercial Gran Estación no tiene cobertura.",
    "Compré en la tienda de la Avenida Chile el 5 de junio.",
    "Claro, Tigo y WOM tienen el mismo problema en la zona.",
    "No entiendo por qué la cuota pasó de 120 a 180 mil.",
    "A las 3:45 p.m. se cayó el servicio otra vez.",
    "Me prometieron respuesta en 15 días hábiles y ya van 30.",
    "Mi abuela de 85 años no puede usar la app.",
    "Jesús, qué servicio tan malo, ya no sé qué hacer.",
    "La Virgen de Guadalupe nos ampare con esta compañía.",
    "El evento de San Juan en Madrid dejó sin red a todo el barrio.",
    "Puse la queja en la Superintendencia de Industria y Comercio.",
    "En Guadalajara y Monterrey la red de Telcel está caída.",
    "El correo de la empresa rebota, no hay forma de escribirles.",
    "Me mandaron un mensaje al celular diciendo que debo 0 pesos.",
    "Tengo la versión 2.4.1 de la app y sigue fallando.",
    "El 31 de diciembre no hubo internet en toda la ciudad.",
    "Del 1 al 15 de marzo pagué 2 recargas de 10.000.",
    "El plan Prepago Plus de 25.000 no trae minutos.",
    "Después de 8 llamadas nadie soluciona nada.",
    "El modem lleva 4 luces rojas desde el lunes.",
    "La Navidad pasada pasó lo mismo con la fibra.",
    "Los Reyes Magos llegan antes que el técnico.",
    "Cerca del Parque Simón Bolívar no hay señal.",
    "La Luz del barrio se va cada vez que llueve.",
    "Rosa, la del punto de venta, ya no trabaja allí y nadie sabe nada.",
    "Gracias Claro por nada.",
    "Movistar España, arreglen la fibra en Valencia.",
]

TRAP_TEMPLATES: list[str] = [
    "Me cobraron {AMOUNT} de más en la factura de {MONTH}.",
    "El radicado {CASE} sigue sin respuesta desde el {DATE}.",
    "Contraté el {PLAN} por {AMOUNT} y no funciona.",
    "En {PLACE} no hay señal desde el {DATE} a las {TIME}.",
    "La visita técnica quedó para el {DATE} entre las {TIME} y las {TIME}.",
    "Pagué {AMOUNT} el {DATE} y todavía aparece la deuda.",
    "Llevo {N} días sin servicio en {PLACE}, caso {CASE}.",
    "El {PLAN} cuesta {AMOUNT} y en {PLACE} no llega ni la mitad.",
]
_AMOUNTS = ["$120.000", "$ 89.900", "1.500 pesos", "$1.250.000", "35.000 COP", "€45,90", "USD 120", "$ 2.350.000",
            "59.990 pesos", "$99.900", "120 mil pesos", "$45.000 mensuales", "€ 29,95", "MXN 499", "$ 612.345.678",
            "300.000 pesos", "$3.000.000"]
_MONTHS = ["enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto", "septiembre", "octubre"]
_DATES = ["15/03/2026", "2026-03-15", "3 de enero", "15 de marzo de 2026", "02-04-2026", "1/12/2025", "20.05.2026",
          "lunes 4 de mayo", "31/01/2026"]
_TIMES = ["10:30", "8:00 a.m.", "3:45 p.m.", "14:00", "7 de la noche", "12:15"]
_CASES = ["PQR-2026-000123", "2026-004512", "123456", "#458213", "CAS-778812", "2026031500123", "RAD-2026-88123",
          "No. 20260012345", "3001234567", "PQR2026000123", "SR-104557"]
_PLANS = ["Plan 300 megas", "plan Max 50 GB", "plan fibra 500 Mbps", "Plan Prepago 25.000", "plan Hogar 200 Mb",
          "Plan Ilimitado 4G", "paquete de 20 GB", "plan de 1.000 minutos"]
_PLACES = ["Bogotá", "Medellín", "Cali", "Barranquilla", "la Calle 80", "la Av. Boyacá", "Guadalajara", "Monterrey",
           "Madrid", "Sevilla", "el barrio Kennedy", "la Carrera 15", "Santa Marta", "San José del Guaviare",
           "la colonia Roma", "Chapinero", "el centro de Valencia"]


def trap_sentences(n_generated: int = 60, seed: int = SEED) -> list[str]:
    """Hand-written traps plus `n_generated` from templates; none contains PII."""
    rng = random.Random(seed + 1)
    out = list(TRAP_FIXED)
    for _ in range(n_generated):
        tpl = rng.choice(TRAP_TEMPLATES)
        text = re.sub(r"\{AMOUNT\}", lambda _: rng.choice(_AMOUNTS), tpl)
        text = re.sub(r"\{MONTH\}", lambda _: rng.choice(_MONTHS), text)
        text = re.sub(r"\{DATE\}", lambda _: rng.choice(_DATES), text)
        text = re.sub(r"\{TIME\}", lambda _: rng.choice(_TIMES), text)
        text = re.sub(r"\{CASE\}", lambda _: rng.choice(_CASES), text)
        text = re.sub(r"\{PLAN\}", lambda _: rng.choice(_PLANS), text)
        text = re.sub(r"\{PLACE\}", lambda _: rng.choice(_PLACES), text)
        text = re.sub(r"\{N\}", lambda _: str(rng.randint(2, 40)), text)
        out.append(text)
    return out


# ---------------------------------------------------------------------------------------------
# cases
# ---------------------------------------------------------------------------------------------

_SLOT = re.compile(r"\{([A-Z_]+)\}")


def build_case(template: str, rng: random.Random, lower: bool = False) -> PiiCase:
    parts: list[str] = []
    items: list[PiiItem] = []
    pos = 0
    last = 0
    for m in _SLOT.finditer(template):
        chunk = template[last:m.start()]
        parts.append(chunk)
        pos += len(chunk)
        typ, shown, off, length = fill(m.group(1), rng)
        parts.append(shown)
        items.append(PiiItem(typ, pos + off, pos + off + length))
        pos += len(shown)
        last = m.end()
    parts.append(template[last:])
    text = "".join(parts)
    if lower:  # call transcripts from speech-to-text come without capitals
        text = text.lower()
    return PiiCase(text, tuple(items))


def pii_cases(per_type: int = 45, mixed: int = 30, seed: int = SEED) -> list[PiiCase]:
    """`per_type` cases per PII type (one or two items each) plus `mixed` multi-item cases."""
    rng = random.Random(seed)
    cases: list[PiiCase] = []
    for typ, templates in TEMPLATES.items():
        for k in range(per_type):
            tpl = templates[k % len(templates)]
            lower = typ == "NOMBRE" and tpl.startswith(("Me llamo", "Mi nombre es")) and rng.random() < 0.3
            cases.append(build_case(tpl, rng, lower=lower))
    for k in range(mixed):
        cases.append(build_case(MIXED_TEMPLATES[k % len(MIXED_TEMPLATES)], rng))
    return cases


# ---------------------------------------------------------------------------------------------
# hold-out set: hand-written after the redactor was tuned on the generated set above, and
# scored once before any further change. Items are marked inline as <<TYPE:text>>.
# ---------------------------------------------------------------------------------------------

HOLDOUT_MARKED: list[str] = [
    "Buenas, mi whatsapp es <<TELEFONO:57 3158889900>> para que me envíen la factura.",
    "cel: <<TELEFONO:311.456.7890>> / fijo: <<TELEFONO:604 444 55 66>>",
    "Por favor comunicarse con <<NOMBRE:Martha Lucía Pinzón>> al <<TELEFONO:320 555 1212>>.",
    "Quiero hablar con un supervisor, el señor <<NOMBRE:Giraldo>> no me resolvió nada.",
    "Mi dirección es <<DIRECCION:Carrera 15 #93-47 Of. 502>>, Bogotá.",
    "La instalación es en la <<DIRECCION:Calle 10 Sur # 43A-25>> barrio Guayabal.",
    "Dirección: <<DIRECCION:Cl. 72 No. 10-07 Apto 1102>>",
    "Envíenlo a <<DIRECCION:Pº de la Castellana 100, 4º>> por favor, 28046 Madrid.",
    "Vivo en <<DIRECCION:Av. Universidad 1200, Col. Xoco>>, Benito Juárez.",
    "mi correo <<EMAIL:maria.fda.restrepo@une.net.co>> ahí me llegan las facturas",
    "Escribí a <<EMAIL:servicioalcliente.personal@outlook.com>> y no contestan.",
    "Titular <<NOMBRE:Andrés Felipe Cárdenas>>, CC <<DOCUMENTO:80.123.987>> de Bogotá.",
    "Documento de identidad <<DOCUMENTO:1.032.456.112>>, solicito paz y salvo.",
    "NIT <<DOCUMENTO:830.045.123-1>> (empresa) solicita factura electrónica.",
    "Mi RFC es <<DOCUMENTO:MAGL820715KJ3>> y la factura salió con otro.",
    "CURP: <<DOCUMENTO:LOMP900101MDFPRR08>>",
    "DNI <<DOCUMENTO:45678912H>> a nombre de <<NOMBRE:Elena Sanz Ortega>>.",
    "Tengo NIE <<DOCUMENTO:Y7654321G>> y no me dejan contratar la fibra.",
    "Pasaporte: <<DOCUMENTO:PAB123987>>. Soy extranjero y no me aceptan el documento.",
    "Pagué con la tarjeta <<TARJETA:4532 0151 1283 0366>> y no se reflejó.",
    "Me debitaron de la visa <<TARJETA:4916-3384-1719-9932>> sin autorización.",
    "la tarjeta es <<TARJETA:5425233430109903>> vence 04/28",
    "Reembolso a cuenta de ahorros Davivienda <<CUENTA:0570 0123 4567>>, titular <<NOMBRE:Pedro Pablo Quintero>>.",
    "Mi CLABE: <<CUENTA:002180700123456787>> para la devolución.",
    "IBAN <<CUENTA:ES76 2077 0024 0031 0257 5766>>, titular <<NOMBRE:Jordi Puig>>.",
    "Cuenta corriente No. <<CUENTA:4560-0023-11>> de Bancolombia.",
    "agente: ¿me dice su nombre? cliente: <<NOMBRE:Rubiela Caicedo>>. agente: gracias señora <<NOMBRE:Rubiela>>.",
    "cliente: sí, habla con <<NOMBRE:Jhon Fredy Ortiz>>, el titular",
    "agente: mucho gusto, mi nombre es <<NOMBRE:Tatiana>>, ¿con quién tengo el gusto?",
    "@TigoColombia el técnico <<NOMBRE:Wilson>> dejó el cable tirado en la calle 😡",
    "Gracias <<NOMBRE:Santiago Henao>> por la paciencia, excelente servicio!",
    "De: <<NOMBRE:Luz Dary Murillo>>\nAsunto: cobro indebido\nMe cobraron dos veces.",
    "Atte.\n<<NOMBRE:Gloria Inés Valencia>>\nCel. <<TELEFONO:315 222 3344>>",
    "Llamar a mi hija <<NOMBRE:Camila>> al <<TELEFONO:(55) 5432-1098>> si no contesto.",
    "Tel. oficina <<TELEFONO:+52 81 8340 1234>> ext. 203",
    "Mi móvil es el <<TELEFONO:699 88 77 66>>, llamadme por la tarde.",
    "teléfono fijo <<TELEFONO:93 412 56 78>>, Barcelona",
    "La señora <<NOMBRE:Doris Amparo Galeano>> fue muy grosera en la oficina de Envigado.",
    "El Dr. <<NOMBRE:Ramírez>> firmó la orden pero la EPS no la autoriza.",
    "el asesor que me atendió se llamaba <<NOMBRE:Kevin>>, muy amable",
    "Soy <<NOMBRE:Yuliana Ramírez>>, cc <<DOCUMENTO:1053876543>>, y necesito el certificado.",
    "ME LLAMO <<NOMBRE:CARLOS ARTURO MEJIA>> Y EXIJO UNA RESPUESTA",
    "hola buenas tardes con quien hablo? con <<NOMBRE:sandra milena>>",
    "Hagan la consignación a la cta de ahorros <<CUENTA:24511223344>> del Banco de Bogotá.",
    "Dirección de facturación: <<DIRECCION:Transversal 93 # 51-98 Int 4>>.",
    "Mi casa queda en <<DIRECCION:Diagonal 40A Bis # 15-22 Sur>>.",
    "Entregar en <<DIRECCION:C/ Gran Vía 28, 5º izq.>>",
    "Vivo en <<DIRECCION:Calle Sierpes 45, 2º B>>, Sevilla.",
    "Mi domicilio: <<DIRECCION:Calz. de Tlalpan 3000, Col. Espartaco>>, Coyoacán.",
    "La cuenta <<CUENTA:ES21 1465 0100 72 2030876293>> es la de domiciliación.",
]

HOLDOUT_TRAPS: list[str] = [
    "El cargo fijo subió a $ 85.900 desde el 1 de febrero.",
    "Ya van 3 PQR (2026-000456, 2026-000789 y 2026-001122) sin respuesta.",
    "El paquete de 8 GB por $ 25.000 dura 30 días.",
    "Me hicieron el corte el 28/02/2026 aunque pagué el 25/02/2026.",
    "Código de seguimiento 9400 1234 5678 9999 sin movimientos.",
    "El número de guía es 700012345678 y no aparece en la web.",
    "Cobraron 2 cuotas de 1.250.000 cada una.",
    "El internet de 100 Mb funciona a 3 Mb en las noches.",
    "Llevo desde el 12 de noviembre esperando, ya es 3 de diciembre.",
    "Reclamo número 4501237 registrado el 15-01-2026.",
    "La tienda de la Calle 53 con Carrera 13 cerró.",
    "Ayer en el centro comercial Santafé no había sistema.",
    "Estoy en Cartagena y la señal 4G no llega.",
    "Tigo subió el plan de 55.900 a 69.900.",
    "La app muestra error 500 cuando intento pagar.",
    "Pagué por PSE la referencia 1234567 y no se aplicó.",
    "La Virgen del Carmen es la patrona del barrio, por eso hubo fiesta y no hubo luz.",
    "Son 2.450.000 pesos de deuda que no reconozco.",
    "En Monterrey el servicio de Izzi es malísimo.",
    "Ese plan de 25 euros al mes no incluye el router.",
    "El recibo de octubre llegó por 1.234,56 €.",
    "Mi abuelo tiene 90 años y le cortaron la línea.",
    "El 24 de diciembre no hubo señal en todo Barranquilla.",
    "El modelo del decodificador es HD-2200 y no enciende.",
    "Dios mío, qué servicio tan malo.",
    "Felicitaciones al equipo de soporte, resolvieron en 10 minutos.",
    "La oferta era 2x1 en recargas de 20.000.",
    "El contrato tiene cláusula de permanencia de 12 meses.",
    "La sede de la Av. Américas no atiende los sábados.",
    "En San Andrés no hay cobertura de fibra.",
    "Voy a poner la queja ante la SIC y la Profeco.",
    "Hace 15 días pedí la portabilidad y sigo igual.",
    "El reloj del decodificador marca las 00:00 todo el tiempo.",
    "Me ofrecieron 600 megas por 119.900 pesos.",
    "La factura 2026-03 trae cargos de roaming.",
    "Movistar Plus no carga desde las 21:30.",
    "Puntos Colombia no me acreditó los 1.500 puntos.",
    "El banco dice que la transacción 000123987 fue exitosa.",
    "Marqué al *611 y me colgaron.",
    "El sábado 14 de marzo se cayó la red de 7:00 a 11:00.",
]

_MARK = re.compile(r"<<([A-Z]+):(.+?)>>", re.DOTALL)


def _parse_marked(marked: str) -> PiiCase:
    out: list[str] = []
    items: list[PiiItem] = []
    pos = 0
    last = 0
    for m in _MARK.finditer(marked):
        chunk = marked[last:m.start()]
        out.append(chunk)
        pos += len(chunk)
        value = m.group(2)
        items.append(PiiItem(m.group(1), pos, pos + len(value)))
        out.append(value)
        pos += len(value)
        last = m.end()
    out.append(marked[last:])
    return PiiCase("".join(out), tuple(items))


def holdout_cases() -> list[PiiCase]:
    return [_parse_marked(t) for t in HOLDOUT_MARKED]


def main(argv: list[str]) -> int:
    import time

    from escucha.nlp.text.pii import Redactor
    from escucha.nlp.text.pii.scoring import evaluate, format_table

    cases = pii_cases()
    traps = trap_sentences()
    red = Redactor()
    t0 = time.perf_counter()
    report = evaluate(red, cases, traps)
    elapsed = time.perf_counter() - t0
    print(f"{len(cases)} cases, {sum(len(c.items) for c in cases)} PII items, {len(traps)} trap sentences "
          f"(seed {SEED}); scored in {elapsed:.2f} s")
    print(format_table(report))
    hold = evaluate(red, holdout_cases(), HOLDOUT_TRAPS)
    print(f"\nHold-out: {len(HOLDOUT_MARKED)} texts, {sum(len(c.items) for c in holdout_cases())} PII items, "
          f"{len(HOLDOUT_TRAPS)} trap sentences")
    print(format_table(hold))
    if "--misses" in argv:
        report.missed += [("holdout " + t, i, x) for t, i, x in hold.missed]
        report.spurious += [("holdout " + t, i, x) for t, i, x in hold.spurious]
        print("\nMissed:")
        for typ, item, text in report.missed:
            print(f"  {typ}: {item!r}  <- {text!r}")
        print("\nSpurious:")
        for typ, span, text in report.spurious:
            print(f"  {typ}: {span!r}  <- {text!r}")
    if "--eval-dev" in argv:
        _eval_dev(red)
    return 0


def _eval_dev(red) -> None:
    """Counts of redactions on real texts (no PII labels there): a sanity check for false positives."""
    import csv
    from collections import Counter

    import os

    root = Path(os.environ.get("ESCUCHA_EVAL_DEV", Path(__file__).resolve().parents[1] / ".." / "shared" / "eval-dev"))
    if not root.is_dir():
        print("\neval-dev: ../shared/eval-dev not found, skipped")
        return
    for sub in ("buzon_escuela_mx", "citibanamex_issues", "sfu_spanish_reviews"):
        path = root / sub / "eval.csv"
        if not path.exists():
            continue
        with path.open(encoding="utf-8") as fh:
            texts = [row["text"] for row in csv.DictReader(fh)]
        counts: Counter[str] = Counter()
        examples: list[str] = []
        for t in texts:
            for m in red.find(t):
                counts[m.type] += 1
                if len(examples) < 400:
                    examples.append(f"{m.type}: {t[max(0, m.start - 30):m.start]!r} [[{t[m.start:m.end]}]] "
                                    f"{t[m.end:m.end + 30]!r}")
        chars = sum(len(t) for t in texts)
        print(f"\neval-dev {sub}: {len(texts)} texts, {chars:,} chars, redactions {dict(counts)}")
        if "--examples" in sys.argv:
            for e in examples:
                print("   ", e)


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
