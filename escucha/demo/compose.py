"""Turn a Plan into words: a written PQRS description, a social post or a call dialogue."""

from __future__ import annotations

import random
from datetime import date, datetime, timedelta

from escucha.demo import catalog
from escucha.demo.people import Customer, card_number, district, email_for, full_name, money, money_like
from escucha.demo.people import national_id, phone
from escucha.demo.phrases import CALLS, ISSUES, SOCIAL, TOPICS, WRITTEN, vocab
from escucha.demo.plan import Plan
from escucha.demo.textops import elongate, typos
from escucha.textgen import Slots, capitalise, fill, tidy

X_MAX_CHARS = 280


def make_slots(rng: random.Random, country: str, when: date, *, city: str, product: str, family: str,
               brand: str, customer: Customer | None = None, agent_first: str | None = None) -> Slots:
    """Slot values for one record; random ones are drawn only if a template uses them."""
    values: dict[str, str] = dict(vocab(country))
    base, monto = money(rng, country, 4.0 if family == "banca" else 1.0)
    feminine = product.split()[0] in ("Tarjeta", "Cuenta", "Tarifa", "App", "Fibra")
    values.update(producto=product, el_producto=("la " if feminine else "el ") + product,
                  del_producto=("de la " if feminine else "del ") + product, ciudad=city, brand=brand,
                  monto=monto, monto2=money_like(country, base * 0.8))
    month = when.month if when.day > 7 or rng.random() < 0.5 else (when.month - 2) % 12 + 1
    values["mes"] = catalog.MONTHS_ES[month - 1]

    def _fecha() -> str:
        d = when - timedelta(days=rng.randint(2, 20))
        return f"{d.day} de {catalog.MONTHS_ES[d.month - 1]}"

    def _name() -> str:
        return customer.name if customer else full_name(rng, country)

    lazy = {
        "fecha": _fecha,
        "dias": lambda: str(rng.randint(2, 15)),
        "semanas": lambda: str(rng.randint(2, 6)),
        "veces": lambda: rng.choice(("dos", "tres", "cuatro", "cinco", "seis")),
        "minutos": lambda: str(rng.randrange(25, 100, 5)),
        "anios": lambda: str(rng.randint(2, 15)),
        "contrato": lambda: str(rng.randrange(10_000_000, 99_999_999)),
        "radicado_prev": lambda: f"PQR-{when.year}-{rng.randrange(1_000, 9_000) * 10 + rng.randrange(10):06d}",
        "agente": lambda: agent_first or rng.choice(catalog.AGENTS[country]).split()[0],
        "barrio": lambda: district(rng, city),
        "hora": lambda: rng.choice(("9:45", "10", "10:30", "11")),
        "nombre": _name,
        "pila": lambda: _name().split()[0],
        "email": lambda: customer.email if customer else email_for(rng, _name(), country),
        "phone": lambda: customer.phone if customer else phone(rng, country),
        "national_id": lambda: customer.doc_written if customer else national_id(rng, country)[0],
        "card": lambda: card_number(rng),
    }
    return Slots(rng, values, lazy)


def _tone_key(plan: Plan) -> str:
    if plan.kind == "issue":
        return plan.tone
    return "pos" if plan.kind == "felicitacion" else "neu"


def _second_clause(rng: random.Random, plan: Plan) -> str:
    if len(plan.issues) < 2:
        return ""
    clause = rng.choice(ISSUES[plan.issues[1]].clause)
    return rng.choice(WRITTEN.second_issue_connectors) + clause + "."


PII_FOR_FAMILY = {"banca": ("card", "national_id", "email", "phone")}
PII_DEFAULT = ("email", "phone", "national_id")


def compose_written(rng: random.Random, plan: Plan, slots: Slots, *, canal: str, family: str,
                    with_pii: bool) -> tuple[str, list[dict[str, str]]]:
    """A PQRS description as typed in a web form, an e-mail or by an office clerk."""
    tone = _tone_key(plan)
    if plan.kind == "issue":
        core = rng.choice(ISSUES[plan.topic].written[plan.tone])
    else:
        core = rng.choice(TOPICS[plan.topic].written)
    opener = rng.choice(WRITTEN.openers[plan.country][tone]) if rng.random() < 0.55 else ""
    body = core
    second = _second_clause(rng, plan)
    if second:
        body += " " + capitalise(second)
    if plan.kind == "issue":
        if plan.tone != "calm" and rng.random() < 0.35:
            body += " " + rng.choice(WRITTEN.details_neg)
        elif plan.tone == "calm" and rng.random() < 0.25:
            body += " " + rng.choice(WRITTEN.details_calm)
    pii: list[dict[str, str]] = []
    pii_line = ""
    if with_pii:
        kind = rng.choice(PII_FOR_FAMILY.get(family, PII_DEFAULT))
        pii_line = rng.choice(WRITTEN.pii_lines[kind])
        pii.append({"kind": kind, "slot": kind})
    closer = rng.choice(WRITTEN.closers[plan.country][tone]) if rng.random() < 0.55 else ""
    sep = "\n\n" if canal == "correo" and opener and closer and rng.random() < 0.4 else " "
    noisy = canal in ("app", "web") and rng.random() < 0.12

    def render(template: str) -> str:
        t = tidy(fill(template, slots))
        return typos(t, rng, 0.4) if noisy and t else t

    opener_t, body_t, closer_t = render(opener), render(body), render(closer)
    body_t = f"{body_t} {tidy(fill(pii_line, slots))}".strip()  # personal data is never mangled by typos
    text = sep.join(p for p in (opener_t, body_t, closer_t) if p)
    if not noisy:
        text = capitalise(text)
    for item in pii:
        item["value"] = slots[item.pop("slot")]
    if with_pii and "nombre" in slots and slots["nombre"] in text:
        pii.append({"kind": "name", "value": slots["nombre"]})
    return text, [p for p in pii if p["value"]]


def compose_social(rng: random.Random, plan: Plan, slots: Slots) -> str:
    """A post of at most 280 characters, with the noise of real timelines."""
    if plan.fixed_text is not None:
        return fill(plan.fixed_text, slots)
    tone = _tone_key(plan)
    if plan.kind == "issue":
        issue = ISSUES[plan.topic]
        if plan.tone == "sarcastic":
            pool = issue.sarcastic_social + tuple("{brand} " + t for t in issue.written["sarcastic"])
        else:
            pool = issue.social
        core = rng.choice(pool)
        if len(plan.issues) > 1:
            core += " y encima " + rng.choice(ISSUES[plan.issues[1]].clause)
    else:
        core = rng.choice(TOPICS[plan.topic].social)
    if "{brand}" not in core:
        core = "{brand} " + core
    text = core
    slang_key = {"angry": "angry", "upset": "upset", "pos": "pos", "neu": "neu"}.get(tone)
    if slang_key and rng.random() < (0.4 if plan.kind == "issue" else 0.25):
        slang = rng.choice(SOCIAL.slang[plan.country][slang_key])
        if slang:
            text = f"{slang}, {text}" if rng.random() < 0.5 else f"{text}, {slang}"
    if rng.random() < 0.35:
        text += " " + rng.choice(SOCIAL.emojis[tone])
    if rng.random() < 0.22:
        tags = SOCIAL.hashtags[ISSUES[plan.topic].category if plan.kind == "issue" else tone]
        text += " " + rng.choice(tags)
    text = fill(text, slots)
    if plan.kind == "issue" and rng.random() < 0.22:
        text = elongate(text)
    if rng.random() < (0.5 if plan.kind == "issue" else 0.3):
        text = typos(text, rng, 0.5)
    if plan.kind == "issue" and plan.tone == "angry" and rng.random() < 0.08:
        text = " ".join(w if w.startswith("@") else w.upper() for w in text.split(" "))  # handles keep case
    text = tidy(text)
    if len(text) > X_MAX_CHARS:
        text = tidy(fill(core, slots))[:X_MAX_CHARS]
    return text


# --------------------------------------------------------------------------- calls
def _saludo(hour: int) -> str:
    return "Buenos días" if hour < 12 else "Buenas tardes" if hour < 19 else "Buenas noches"


class _Call:
    """The turns of one call as they are said, with the record's slots filled in."""

    def __init__(self, rng: random.Random, country: str, slots: Slots):
        self.rng, self.c, self.slots = rng, country, slots
        self.turns: list[tuple[str, str]] = []

    def agent(self, template: str) -> None:
        self.turns.append(("agente", capitalise(tidy(fill(template, self.slots)))))

    def customer(self, template: str) -> None:
        self.turns.append(("cliente", capitalise(tidy(fill(template, self.slots)))))


def compose_call(rng: random.Random, plan: Plan, slots: Slots, *, customer: Customer, agent: str,
                 local: datetime) -> tuple[list[tuple[str, str]], list[dict[str, str]]]:
    """(speaker, text) turns of one call and the personal data said in it."""
    saludo = _saludo(local.hour)
    slots.update(saludo=saludo, saludo_min=saludo.lower(), agente=agent, nombre=customer.name,
                 pila=customer.name.split()[0])
    call = _Call(rng, plan.country, slots)
    pii: list[dict[str, str]] = [{"kind": "name", "value": customer.name}]
    if plan.kind == "cobranza_out":
        _collection_call(call, plan)
    elif plan.kind == "telemercadeo_out":
        _sales_call(call, plan)
    else:
        _inbound_call(call, plan, customer, pii)
    call.agent(rng.choice(CALLS.closings[plan.country]))
    return call.turns, pii


def _collection_call(call: _Call, plan: Plan) -> None:
    rng = call.rng
    call.agent(rng.choice(CALLS.cobranza_open[call.c]))
    call.customer(rng.choice(CALLS.cobranza_answer))
    call.agent(rng.choice(CALLS.cobranza_ask))
    _outbound_reply(call, plan, CALLS.cobranza_neu, CALLS.cobranza_agent_neu)


def _sales_call(call: _Call, plan: Plan) -> None:
    rng = call.rng
    call.slots["oferta"] = _offer_for(call.slots["producto"])
    call.agent(rng.choice(CALLS.telemercadeo_open[call.c]))
    if plan.tone == "pos":
        call.customer(rng.choice(CALLS.telemercadeo_pos))
        call.agent(rng.choice(CALLS.telemercadeo_agent_pos))
    else:
        _outbound_reply(call, plan, CALLS.telemercadeo_neu, CALLS.telemercadeo_agent_neu)


def _inbound_call(call: _Call, plan: Plan, customer: Customer, pii: list[dict[str, str]]) -> None:
    """Greeting, identity check (most calls), the customer's problem, maybe a hold, the answer."""
    rng, c = call.rng, call.c
    call.agent(rng.choice(CALLS.greetings[c]))
    call.customer(rng.choice(CALLS.name_replies[c]))
    if rng.random() < 0.85:
        _verify_identity(call, customer, pii)
    if plan.kind == "issue":
        issue = ISSUES[plan.topic]
        line = rng.choice(CALLS.spoken_openers[c]) + rng.choice(issue.call) + "."
        if len(plan.issues) > 1:
            line += " Y además " + rng.choice(ISSUES[plan.issues[1]].clause) + "."
        if plan.tone == "angry":
            line += " " + rng.choice(CALLS.spoken_angry[c])
        answer = rng.choice(issue.agent)
    else:
        topic = TOPICS[plan.topic]
        line = rng.choice(CALLS.spoken_openers[c]) + rng.choice(topic.call) + "."
        answer = rng.choice(topic.agent)
    call.customer(line)
    hold = rng.random() < 0.35
    if hold:
        call.agent(rng.choice(CALLS.hold))
        call.customer(rng.choice(CALLS.hold_ok))
    call.agent((rng.choice(CALLS.hold_back) if hold else "") + answer)
    call.customer(_reaction(rng, plan, c))
    if rng.random() < 0.7:
        call.agent(rng.choice(CALLS.anything_else[c]))
        call.customer(rng.choice(CALLS.nothing_else))


def _verify_identity(call: _Call, customer: Customer, pii: list[dict[str, str]]) -> None:
    """The agent asks for the document (or, in Mexico, sometimes the line number), which the
    customer says aloud: personal data in the transcript."""
    rng = call.rng
    call.agent(rng.choice(CALLS.verify[call.c]))
    if call.c == "MX" and "línea" in call.turns[-1][1]:
        doc = customer.phone
        pii.append({"kind": "phone", "value": doc})
    else:
        doc = customer.doc_spoken
        pii.append({"kind": "national_id", "value": doc})
    call.slots["doc"] = doc
    call.customer(rng.choice(CALLS.id_replies))
    call.agent(rng.choice(CALLS.verified[call.c]))


def _reaction(rng: random.Random, plan: Plan, c: str) -> str:
    if plan.kind == "felicitacion" or plan.tone == "pos":
        return rng.choice(CALLS.spoken_thanks[c])
    if plan.tone == "angry":
        return rng.choice(CALLS.spoken_angry[c])
    if plan.tone == "upset" or plan.tone == "sarcastic":
        return rng.choice(CALLS.reactions["upset"])
    return rng.choice(CALLS.reactions["calm"] + CALLS.spoken_thanks[c][:2])


def _outbound_reply(call: _Call, plan: Plan, neutral_lines: tuple[str, ...], neutral_answers: tuple[str, ...]) -> None:
    rng, c = call.rng, call.c
    if plan.issues:  # the customer turns the call into a complaint
        issue = ISSUES[plan.issues[0]]
        line = rng.choice(CALLS.spoken_openers[c]) + rng.choice(issue.call) + "."
        if plan.tone == "angry":
            line += " " + rng.choice(CALLS.spoken_angry[c])
        call.customer(line)
        call.agent(rng.choice(issue.agent))
        call.customer(_reaction(rng, plan, c))
    else:
        call.customer(rng.choice(neutral_lines))
        call.agent(rng.choice(neutral_answers))
        call.customer(rng.choice(CALLS.outbound_thanks))


def _offer_for(product: str) -> str:
    for family, offer in CALLS.offers:
        if family == "banca" and ("Tarjeta" in product or "Crédito" in product or "Préstamo" in product):
            return offer
        if family == "hogar" and ("Hogar" in product):
            return offer
        if family == "movil" and ("Pospago" in product or "Tarifa" in product or "Prepago" in product):
            return offer
    return CALLS.offers[0][1]
