"""An independent PII test set, generated at test time from a seed with Faker and python-stdnum.

Nothing here comes from the redactor's own lists or rules: names, e-mails, addresses and most
identifiers are Faker's (es_CO, es_MX, es_ES, es_AR locales); phone numbers follow each
country's numbering plan and are kept only when `phonenumbers` says they are valid; check digits
come from python-stdnum. Half of the items of every type are written without any cue word
(no "cédula", "tel.", "me llamo" before them), the way customers answer an agent.

The negatives are sentences without personal data that must come out unchanged: amounts,
dates, times, quantities with a unit, version numbers, order and ticket numbers after their
word, and product and place names.

    python tests/pii_faker.py [--seed N] [--per-type N] [--misses]

prints the per-type table kept in docs/PII.md.
"""

from __future__ import annotations

import random
import sys
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from escucha.nlp.text.pii.scoring import PiiCase, PiiItem

__all__ = ["FakerCase", "faker_set", "negatives", "LOCALES", "KEEP_TERMS"]

LOCALES = ("es_CO", "es_MX", "es_ES", "es_AR")
# Products and places a configuration lists (`nlp.redaction.keep_terms`): never redacted.
KEEP_TERMS = ("Conecta Hogar", "Fibra Max", "Santa Marta", "San Andrés", "Villa María", "Mesa de Ayuda")


@dataclass(frozen=True)
class FakerCase:
    case: PiiCase
    cued: bool
    form: str  # what kind of value: "co_mobile", "curp", "iban", ...


def _ph_valid(number: str, region: str) -> bool:
    import phonenumbers

    try:
        return phonenumbers.is_valid_number(phonenumbers.parse(number, region))
    except phonenumbers.NumberParseException:
        return False


def _digits(rng: random.Random, n: int) -> str:
    return "".join(rng.choice("0123456789") for _ in range(n))


def _phone(rng: random.Random, country: str) -> tuple[str, str]:
    """(written number, form) valid in `country` per phonenumbers."""
    for _ in range(200):
        if country == "CO":
            if rng.random() < 0.8:
                n = rng.choice(("300", "301", "304", "310", "311", "313", "315", "316", "318", "320", "321", "350")) + _digits(rng, 7)
                fmt = rng.choice((n, f"{n[:3]} {n[3:6]} {n[6:]}", f"{n[:3]}-{n[3:6]}-{n[6:]}", f"+57 {n[:3]} {n[3:]}",
                                  f"+57{n}", f"(+57) {n[:3]} {n[3:6]} {n[6:]}", f"{n[:3]} {n[3:]}"))
                form = "co_mobile"
            else:
                n = rng.choice(("601", "602", "604", "605", "606", "607", "608")) + rng.choice("2345678") + _digits(rng, 6)
                fmt = rng.choice((n, f"({n[:3]}) {n[3:6]} {n[6:]}", f"{n[:3]} {n[3:]}", f"+57 {n[:3]} {n[3:6]} {n[6:]}"))
                form = "co_landline"
        elif country == "MX":
            area = rng.choice(("55", "33", "81", "222", "442", "664", "998", "477"))
            n = area + rng.choice("23456789") + _digits(rng, 9 - len(area))
            fmt = rng.choice((n, f"{n[:len(area)]} {n[len(area):-4]} {n[-4:]}", f"+52 {n[:len(area)]} {n[len(area):-4]} {n[-4:]}",
                              f"({n[:len(area)]}) {n[len(area):-4]}-{n[-4:]}", f"{n[:len(area)]}-{n[len(area):-4]}-{n[-4:]}",
                              f"+52{n}"))
            form = "mx"
        elif country == "ES":
            n = rng.choice("6796") + _digits(rng, 8)
            if n[0] == "9":
                n = "9" + rng.choice("1345") + n[2:]
            fmt = rng.choice((n, f"{n[:3]} {n[3:6]} {n[6:]}", f"{n[:3]} {n[3:5]} {n[5:7]} {n[7:]}", f"+34 {n[:3]} {n[3:6]} {n[6:]}",
                              f"+34{n}", f"0034 {n}"))
            form = "es"
        elif country == "AR":
            if rng.random() < 0.6:
                n = "11" + rng.choice("2345") + _digits(rng, 7)
                fmt = rng.choice((f"+54 9 11 {n[2:6]}-{n[6:]}", f"11 {n[2:6]}-{n[6:]}", f"11-{n[2:6]}-{n[6:]}", f"+54 9 {n}"))
                region_num = "+549" + n if fmt.startswith("+54") else "0" + n
            else:
                n = rng.choice(("351", "341", "261", "381")) + rng.choice("45") + _digits(rng, 6)
                fmt = rng.choice((f"+54 {n[:3]} {n[3:6]}-{n[6:]}", f"({n[:3]}) {n[3:6]}-{n[6:]}", f"0{n[:3]} {n[3:]}"))
                region_num = "+54" + n
            if _ph_valid(region_num, "AR"):
                return fmt, "ar"
            continue
        elif country == "PE":
            n = "9" + _digits(rng, 8)
            fmt = rng.choice((n, f"{n[:3]} {n[3:6]} {n[6:]}", f"+51 {n[:3]} {n[3:6]} {n[6:]}", f"+51{n}"))
            form = "pe"
        else:  # CL
            n = "9" + rng.choice("3456789") + _digits(rng, 7)
            fmt = rng.choice((f"+56 9 {n[1:5]} {n[5:]}", f"9 {n[1:5]} {n[5:]}", f"+56{n}", f"+56 {n}"))
            form = "cl"
        region = country
        if _ph_valid("".join(ch for ch in fmt if ch.isdigit() or ch == "+") if fmt.startswith("+") else n, region):
            return fmt, form
    raise RuntimeError(f"no valid {country} phone number generated")


def _group(s: str, sizes: tuple[int, ...], sep: str) -> str:
    out, i = [], 0
    for k in sizes:
        out.append(s[i:i + k])
        i += k
    if i < len(s):
        out.append(s[i:])
    return sep.join(p for p in out if p)


def _document(rng: random.Random, fakes: dict) -> tuple[str, str]:
    from stdnum.co import nit as co_nit
    from stdnum.pe import ruc as pe_ruc

    kind = rng.choice(("co_cc10", "co_cc8", "co_nit", "mx_curp", "mx_rfc", "es_dni", "es_nie", "ar_dni", "ar_cuit",
                       "pe_dni", "pe_ruc", "cl_rut"))
    if kind == "co_cc10":
        n = "10" + _digits(rng, 8) if rng.random() < 0.7 else "1" + rng.choice("01") + _digits(rng, 8)
        return rng.choice((n, f"{n[0]}.{n[1:4]}.{n[4:7]}.{n[7:]}", f"{n[:4]} {n[4:7]} {n[7:]}")), kind
    if kind == "co_cc8":
        n = rng.choice("1234579") + _digits(rng, 7)
        return rng.choice((n, f"{n[:2]}.{n[2:5]}.{n[5:]}")), kind
    if kind == "co_nit":
        base = rng.choice(("800", "830", "860", "890", "900", "901")) + _digits(rng, 6)
        dv = co_nit.calc_check_digit(base)
        return rng.choice((f"{base[:3]}.{base[3:6]}.{base[6:]}-{dv}", f"{base}-{dv}")), kind
    if kind == "mx_curp":
        return fakes["es_MX"].curp(), kind
    if kind == "mx_rfc":
        return fakes["es_MX"].rfc(), kind
    if kind == "es_dni":
        return fakes["es_ES"].nif(), kind
    if kind == "es_nie":
        return fakes["es_ES"].nie(), kind
    if kind == "ar_dni":
        n = str(rng.randrange(20_000_000, 46_000_000))
        return rng.choice((n, f"{n[:2]}.{n[2:5]}.{n[5:]}")), kind
    if kind == "ar_cuit":
        return fakes["es_AR"].cuit(), kind
    if kind == "pe_dni":
        return str(rng.randrange(10_000_000, 80_000_000)), kind
    if kind == "pe_ruc":
        base = rng.choice(("10", "20")) + _digits(rng, 8)
        return base + pe_ruc.calc_check_digit(base), kind
    return fakes["es_CL"].rut(), kind


def _card(rng: random.Random, fakes: dict) -> tuple[str, str]:
    fake = fakes[rng.choice(LOCALES)]
    ctype = rng.choice(("visa16", "mastercard", "amex", "visa16", "mastercard", "discover", "diners"))
    num = fake.credit_card_number(card_type=ctype)
    if len(num) == 15 and ctype == "amex":
        shapes = (num, _group(num, (4, 6, 5), " "), _group(num, (4, 6, 5), "-"))
    else:
        shapes = (num, _group(num, (4, 4, 4, 4, 4), " "), _group(num, (4, 4, 4, 4, 4), "-"))
    return rng.choice(shapes), ctype


def _account(rng: random.Random, fakes: dict) -> tuple[str, str]:
    from stdnum.ar import cbu

    kind = rng.choice(("es_iban", "mx_clabe", "ar_cbu", "co_account"))
    if kind == "es_iban":
        iban = fakes["es_ES"].iban()
        return rng.choice((iban, _group(iban, (4, 4, 4, 4, 4, 4), " "))), kind
    if kind == "mx_clabe":
        clabe = fakes["es_MX"].clabe()
        return rng.choice((clabe, f"{clabe[:3]} {clabe[3:6]} {clabe[6:17]} {clabe[17]}")), kind
    if kind == "ar_cbu":
        b1 = _digits(rng, 7)
        b1 += cbu.calc_check_digit(b1)
        b2 = _digits(rng, 13)
        b2 += cbu.calc_check_digit(b2)
        return b1 + b2, kind
    n = _digits(rng, 11)
    return rng.choice((f"{n[:3]}-{n[3:9]}-{n[9:]}", n[:10] if n[0] != "0" else "4" + n[1:10], f"{n[:4]}-{n[4:8]}-{n[8:]}")), kind


def _name(rng: random.Random, fake) -> str:
    given = fake.first_name()
    if rng.random() < 0.3:
        given = f"{given} {fake.first_name()}"
    surnames = fake.last_name() if rng.random() < 0.35 else f"{fake.last_name()} {fake.last_name()}"
    return f"{given} {surnames}"


# (cued templates, cue-less templates) per type; "{v}" is the item.
TEMPLATES: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "EMAIL": (
        ("Mi correo es {v}, escríbanme por ahí.", "Por favor respondan al correo {v}", "E-mail: {v}",
         "Envíenme la factura a mi correo electrónico {v} gracias"),
        ("{v}", "Sí, {v}.", "Es {v}, todo en minúscula.", "Ya les mandé los soportes desde {v} y nada",
         "La respuesta a {v} por favor"),
    ),
    "TELEFONO": (
        ("Mi celular es {v}.", "Pueden llamarme al {v} en la tarde.", "Tel. {v}", "Teléfono de contacto: {v}",
         "me escriben al whatsapp {v} por favor"),
        ("{v}", "Sí, {v}.", "Es el {v}.", "Claro, {v}, en la tarde.", "{v} a cualquier hora",
         "Ese es, {v}, el de siempre."),
    ),
    "DOCUMENTO": (
        ("Mi documento es {v}.", "Identificado con cédula {v}", "Número de identificación: {v}.",
         "el DNI del titular es {v}", "adjunto copia del documento {v}"),
        ("{v}", "Sí, claro, es {v}.", "Es el {v}.", "{v}, para que validen.", "Claro, {v}."),
    ),
    "TARJETA": (
        ("El cobro salió en la tarjeta {v}.", "Tarjeta de crédito número {v}", "mi visa {v} fue bloqueada",
         "pagué con la tarjeta débito {v}"),
        ("{v}", "Sí, {v}.", "Es la {v}.", "Claro, es {v}, la que termina igual.", "{v} vence el otro año"),
    ),
    "CUENTA": (
        ("Cuenta de ahorros {v}", "Consignen a la cuenta {v}", "mi número de cuenta es {v}.", "CLABE: {v}",
         "el reembolso a la cuenta corriente {v} por favor"),
        ("{v}", "Sí, {v}.", "Es la {v}.", "Claro, {v}, a mi nombre.", "{v} en el banco de siempre"),
    ),
    "DIRECCION": (
        ("Mi dirección es {v}.", "Vivo en {v}, {city}.", "Dirección de entrega: {v}", "envíen el técnico a la dirección {v}"),
        ("{v}", "{v}, {city}.", "Sí, {v}.", "Es en {v}, {city}.", "Claro, {v}."),
    ),
    "NOMBRE": (
        ("Me llamo {v} y quiero poner una queja.", "Mi nombre es {v}.", "a nombre de {v}", "Titular: {v}",
         "la asesora {v} me colgó", "Atentamente,\n{v}"),
        ("{v}", "{v}.", "Sí, {v}.", "{v}, cliente desde hace años, no tengo internet.", "Claro, {v}, con gusto.",
         "Queja de {v} por cobro doble en la factura."),
    ),
}


def _item_text(rng: random.Random, t: str, fakes: dict) -> tuple[str, str, str]:
    """(value, form, city) for one item of type t."""
    country = rng.choice(("CO", "MX", "ES", "AR", "PE", "CL"))
    loc = {"CO": "es_CO", "MX": "es_MX", "ES": "es_ES", "AR": "es_AR"}.get(country, rng.choice(LOCALES))
    fake = fakes[loc]
    city = fake.city()
    if t == "EMAIL":
        return fake.free_email() if rng.random() < 0.6 else fake.email(), "email", city
    if t == "TELEFONO":
        v, form = _phone(rng, country)
        return v, form, city
    if t == "DOCUMENTO":
        v, form = _document(rng, fakes)
        return v, form, city
    if t == "TARJETA":
        v, form = _card(rng, fakes)
        return v, form, city
    if t == "CUENTA":
        v, form = _account(rng, fakes)
        return v, form, city
    if t == "DIRECCION":
        loc = rng.choice(LOCALES)
        return " ".join(fakes[loc].street_address().split()), f"address_{loc}", fakes[loc].city()
    return _name(rng, fake), f"name_{loc}", city


@lru_cache(maxsize=4)
def _fakes(seed: int) -> dict:
    from faker import Faker

    out = {}
    for i, loc in enumerate((*LOCALES, "es_CL")):
        f = Faker(loc)
        f.seed_instance(seed * 31 + i)
        out[loc] = f
    return out


@lru_cache(maxsize=4)
def faker_set(seed: int = 2026, per_type: int = 300) -> tuple[FakerCase, ...]:
    """`per_type` items of each PII type (half of them cue-less), one item per text."""
    from escucha.nlp.text.pii import PII_TYPES

    rng = random.Random(seed)
    fakes = _fakes(seed)
    out: list[FakerCase] = []
    for t in PII_TYPES:
        if t not in TEMPLATES:
            continue
        cued_t, bare_t = TEMPLATES[t]
        for k in range(per_type):
            cued = k % 2 == 0
            value, form, city = _item_text(rng, t, fakes)
            template = rng.choice(cued_t if cued else bare_t)
            pre, post = template.split("{v}")
            post = post.replace("{city}", city)
            text = pre + value + post
            out.append(FakerCase(PiiCase(text, (PiiItem(t, len(pre), len(pre) + len(value)),)), cued, form))
    return tuple(out)


def _money(rng: random.Random) -> str:
    v = rng.randrange(5, 3_000) * 100
    dotted = f"{v:,}".replace(",", ".")
    return rng.choice((f"${dotted}", f"$ {dotted}", f"{dotted} pesos", f"COP {dotted}", f"${dotted} COP",
                       f"{v // 100:,}.{rng.randrange(100):02d} MXN".replace(",", "_").replace("_", ","),
                       f"{rng.randrange(5, 900)},{rng.randrange(100):02d} €", f"US$ {rng.randrange(5, 900)}.99",
                       f"{dotted} mil pesos" if v < 1000 else f"${dotted}"))


NEGATIVE_TEMPLATES: tuple[str, ...] = (
    "Me cobraron {money} de más en la factura de este mes.",
    "El valor a pagar era {money} y llegó por {money2}.",
    "Pagué {money} el {date} y todavía aparece la deuda.",
    "La cita quedó para el {date} a las {time}.",
    "Desde el {date} estoy sin servicio, ya van {n} días.",
    "El técnico llegó a las {time} y se fue a las {time2}.",
    "Tengo el plan {megas} megas y no llega ni a {mb} MB.",
    "Me consumí {gb} GB en {n} días, imposible.",
    "La app versión {version} se cierra sola.",
    "Después de actualizar a la {version2} el celular no carga.",
    "Mi radicado es {ticket} y nadie me responde.",
    "Con el pedido {order} me mandaron otro producto.",
    "El ticket #{ticket2} lleva {n} semanas abierto.",
    "La orden de compra OC-{year}-{order4} sigue sin despacho.",
    "Factura {invoice} del {date}, revisen por favor.",
    "Caso número {ticket} del {date}.",
    "Van {n} veces que llamo y me cuelgan, {pct}% de las veces.",
    "Compré el {product} en {place} y vino dañado.",
    "En {place} el {product} no tiene cobertura.",
    "Llevo {n} meses pagando {money} por el {product}.",
    "La tarjeta terminada en {last4} tiene un cargo raro.",
    "El {date} a las {time} se cayó la señal en {place}.",
    "Hice {n} llamadas entre el {date} y el {date2}.",
    "Me quitaron {minutes} minutos del plan sin explicación.",
    "El descuento del {pct}% no se aplicó, desde {year} soy cliente.",
    "Velocidad contratada {megas} Mbps, medida {mb} Mbps a las {time}.",
    "Guía de envío {tracking} sin movimiento desde el {date}.",
    "El modelo {model} con Android {android} se reinicia.",
    "Pagué la cuota {n} de {n2} por {money}.",
    "Mesa de Ayuda me dio el radicado {ticket} el {date}.",
)


def negatives(seed: int = 2026, count: int = 600) -> tuple[str, ...]:
    """Sentences without personal data (amounts, dates, times, units, versions, case numbers)."""
    rng = random.Random(seed + 1)
    products = ("Conecta Hogar", "Fibra Max", "plan Pospago 30", "router", "decodificador", "Samsung Galaxy A54", "iPhone 13")
    places = ("Santa Marta", "San Andrés", "Villa María", "Bogotá", "Monterrey", "Madrid", "Córdoba", "Cusco")
    months = ("enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto", "septiembre", "octubre")

    def date() -> str:
        d, m, y = rng.randrange(1, 29), rng.randrange(1, 13), rng.choice((2024, 2025, 2026))
        return rng.choice((f"{d:02d}/{m:02d}/{y}", f"{d}/{m}/{y}", f"{y}-{m:02d}-{d:02d}", f"{d} de {months[m % 10]} de {y}",
                           f"{d:02d}-{m:02d}-{y}", f"{d}.{m}.{y}", f"{y}{m:02d}{d:02d}"))

    def time() -> str:
        h, mi = rng.randrange(0, 24), rng.randrange(0, 60)
        return rng.choice((f"{h:02d}:{mi:02d}", f"{h % 12 or 12}:{mi:02d} p.m.", f"{h:02d}:{mi:02d}:{rng.randrange(60):02d}",
                           f"{h % 12 or 12}:{mi:02d} am"))

    out = []
    for k in range(count):
        tpl = NEGATIVE_TEMPLATES[k % len(NEGATIVE_TEMPLATES)]
        vals = {
            "money": _money(rng), "money2": _money(rng), "date": date(), "date2": date(), "time": time(), "time2": time(),
            "n": rng.randrange(2, 40), "n2": rng.randrange(2, 40), "megas": rng.choice((100, 200, 300, 500, 600, 900)),
            "mb": rng.randrange(1, 500), "gb": rng.randrange(1, 80),
            "version": f"{rng.randrange(1, 20)}.{rng.randrange(0, 20)}", "version2": f"{rng.randrange(1, 20)}.{rng.randrange(0, 20)}.{rng.randrange(0, 20)}",
            "ticket": str(rng.randrange(10 ** 6, 10 ** 11)), "ticket2": str(rng.randrange(10 ** 5, 10 ** 8)),
            "order": str(rng.randrange(10 ** 6, 10 ** 10)), "order4": f"{rng.randrange(1, 9999):04d}", "year": rng.randrange(2015, 2027),
            "invoice": f"FE-{rng.randrange(10 ** 5, 10 ** 7)}", "pct": rng.randrange(1, 100), "product": rng.choice(products),
            "place": rng.choice(places), "last4": f"{rng.randrange(10000):04d}", "minutes": rng.randrange(10, 900),
            "tracking": f"{rng.choice(('70', '90', '24'))}{rng.randrange(10 ** 8, 10 ** 9)}", "model": rng.choice(("SM-A546E", "Redmi Note 12", "Moto G84")),
            "android": rng.randrange(9, 15),
        }
        out.append(tpl.format(**vals))
    return tuple(out)


def main(argv: list[str] | None = None) -> None:
    import argparse

    from escucha.nlp.text.pii import Redactor
    from escucha.nlp.text.pii.scoring import evaluate, format_table

    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--seed", type=int, default=2026)
    ap.add_argument("--per-type", type=int, default=300)
    ap.add_argument("--misses", action="store_true")
    args = ap.parse_args(argv)
    red = Redactor(keep_terms=KEEP_TERMS)
    cases = faker_set(args.seed, args.per_type)
    negs = list(negatives(args.seed))
    for label, sub in (("all", cases), ("with a cue", [c for c in cases if c.cued]), ("cue-less", [c for c in cases if not c.cued])):
        rep = evaluate(red, [c.case for c in sub], negs if label == "all" else None)
        print(f"\n### {label}: {len(sub)} items\n")
        print(format_table(rep) if label == "all" else "\n".join(format_table(rep).splitlines()[:-2]))
        if args.misses and label == "all":
            for m in rep.missed[:60]:
                print("  MISS", m[0], repr(m[1]), "|", repr(m[2][:120]))
            for m in rep.spurious[:60]:
                print("  FP  ", m[0], repr(m[1]), "|", repr(m[2][:120]))


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    main()
