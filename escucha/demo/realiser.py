"""Turn each record's plan into a record: a help-desk PQRS row, a call transcript or a post,
with the customer or account behind it, its dates and its ground truth."""

from __future__ import annotations

import random
import re
from datetime import datetime, time, timedelta
from typing import Any

from escucha.demo import catalog
from escucha.demo.compose import compose_call, compose_social, compose_written, make_slots
from escucha.demo.people import CustomerPool, SocialUser, SocialUserPool
from escucha.demo.phrases import CALLS, ISSUES, SOCIAL, TOPICS
from escucha.demo.plan import Plan
from escucha.demo.planner import MIX, SPIKE_CITY, Settings
from escucha.demo.textops import typos
from escucha.textgen import Slots, fill, fold, tidy

PQRS_TYPE_LABEL = {"petición": "Petición", "queja": "Queja", "reclamo": "Reclamo", "sugerencia": "Sugerencia",
                   "felicitación": "Felicitación"}
_INTAKE = tuple(MIX["intake_channels"])
_INTAKE_WEIGHTS = tuple(MIX["intake_channels"].values())


def _family_for(rng: random.Random, plan: Plan) -> str:
    """The product family a record is about, drawn among those its theme concerns."""
    if plan.kind == "issue" or plan.kind in CALLS.outbound and plan.issues:
        fams = ISSUES[plan.issues[0] if plan.issues else plan.topic].families
    elif plan.kind in CALLS.outbound:
        fams = CALLS.outbound[plan.kind].families
    else:
        fams = TOPICS[plan.topic].families
    return fams[rng.randrange(len(fams))]


_FAMILY_RE = {f: re.compile(r"\b(?:" + "|".join(words) + ")") for f, words in catalog.FAMILY_WORDS.items()}


def _family_in_text(text: str, allowed: tuple[str, ...]) -> str | None:
    """The product family a text talks about ("la tarjeta" -> banca), so the export's producto
    column agrees with the description. None when the text does not say."""
    t = fold(text)
    for phrase in catalog.NOT_PRODUCT:
        t = t.replace(phrase, " ")
    best: tuple[int, str] | None = None
    for family in allowed:
        m = _FAMILY_RE[family].search(t)
        if m and (best is None or m.start() < best[0]):
            best = (m.start(), family)
    return best[1] if best else None


def _allowed_families(plan: Plan) -> tuple[str, ...]:
    if plan.issues:
        return ISSUES[plan.issues[0]].families
    if plan.kind in CALLS.outbound:
        return CALLS.outbound[plan.kind].families
    return TOPICS[plan.topic].families


def _product(rng: random.Random, family: str, country: str) -> str:
    options = catalog.PRODUCTS[family][country]
    return options[rng.randrange(len(options))]


def _process(plan: Plan) -> str:
    if plan.kind in CALLS.outbound:
        return CALLS.outbound[plan.kind].process
    if plan.kind == "issue":
        return ISSUES[plan.topic].process
    return TOPICS[plan.topic].process


def _pqrs_type(plan: Plan) -> str:
    if plan.kind == "issue" or (plan.kind in CALLS.outbound and plan.issues):
        return ISSUES[plan.issues[0]].pqrs_type
    return {"peticion": "petición", "sugerencia": "sugerencia", "felicitacion": "felicitación"}.get(plan.kind, "otro")


def _hour(rng: random.Random, weights: tuple[float, ...]) -> int:
    return rng.choices(range(24), weights=weights, k=1)[0]


def _truth(plan: Plan, pii: list[dict[str, str]]) -> dict[str, Any]:
    tags = [plan.tag] if plan.tag else []
    return {
        "channel": plan.channel, "date": plan.day.isoformat(), "country": plan.country,
        "issues": list(plan.issues), "topic": plan.topic if plan.kind not in CALLS.outbound or not plan.issues
        else plan.issues[0], "kind": plan.kind,
        "sentiment": plan.sentiment, "pqrs_type": _pqrs_type(plan), "sarcasm": plan.tone == "sarcastic",
        "lang": plan.lang, "pii": pii, "tags": tags,
    }


class Realiser:
    def __init__(self, rng: random.Random, s: Settings):
        self.rng = rng
        self.s = s
        self.customers = CustomerPool(rng)
        self.users = SocialUserPool(rng)
        self.now = datetime.combine(s.end, time(23, 59))

    # ------------------------------------------------------------------ pqrs
    def pqrs(self, plan: Plan) -> tuple[datetime, dict[str, Any], dict[str, Any]]:
        rng = self.rng
        customer = self.customers.get(plan.country, plan.city)
        family = _family_for(rng, plan)
        product = _product(rng, family, plan.country)
        canal = _INTAKE[rng.choices(range(len(_INTAKE)), weights=_INTAKE_WEIGHTS, k=1)[0]]
        if canal == "oficina" and plan.day.weekday() == 6:
            canal = "web"
        hours = {"oficina": MIX["hours"]["office"], "teléfono": MIX["hours"]["phone"]}.get(canal, MIX["hours"]["digital"])
        if plan.tag == "spike":
            hours = tuple(0 if h < 10 or h > 20 else 1 for h in range(24))
        local = datetime.combine(plan.day, time(_hour(rng, hours), rng.randrange(60)))
        slots = make_slots(rng, plan.country, plan.day, city=customer.city, product=product, family=family,
                           brand="Conecta", customer=customer)
        with_pii = rng.random() < 0.055
        text, pii = compose_written(rng, plan, slots, canal=canal, family=family, with_pii=with_pii)
        said = _family_in_text(text, _allowed_families(plan))
        if said and said != family and product not in text:
            product = _product(rng, said, plan.country)
        ptype = _pqrs_type(plan)
        shown_type = ptype
        if ptype in ("queja", "reclamo") and rng.random() < 0.05:  # help desks mislabel some cases
            shown_type = "reclamo" if ptype == "queja" else "queja"
        tipo = "" if rng.random() < 0.10 else PQRS_TYPE_LABEL.get(shown_type, "")
        first, closed = self._sla(plan, ptype, customer.segment, local)
        estado = "Cerrado" if closed else ("En trámite" if first else "Abierto")
        row = {
            "radicado": "", "fecha_radicacion": local.strftime("%d/%m/%Y %H:%M"), "tipo": tipo,
            "canal_ingreso": canal, "cliente_id": customer.id, "nombre_cliente": customer.name,
            "segmento": customer.segment, "proceso": _process(plan), "producto": product, "pais": plan.country,
            "ciudad": customer.city, "descripcion": text,
            "fecha_primera_respuesta": first.strftime("%d/%m/%Y %H:%M") if first else "",
            "fecha_cierre": closed.strftime("%d/%m/%Y %H:%M") if closed else "", "estado": estado,
        }
        truth = _truth(plan, pii)
        truth["pqrs_type_shown"] = tipo.lower() if tipo else None
        return local, row, truth

    def _sla(self, plan: Plan, ptype: str, segment: str, opened: datetime) -> tuple[datetime | None, datetime | None]:
        """First answer and closure in business time; late and stuck cases included, open if after `now`."""
        rng = self.rng
        speed = {"Estratégico": 0.45, "Alto": 0.75, "Medio": 1.0, "Bajo": 1.15}[segment]
        first = catalog.add_business_hours(opened, rng.lognormvariate(2.6, 0.8) * speed)  # median ~13.5 h
        median_days = {"felicitación": 1.0, "sugerencia": 3.0, "petición": 3.5, "queja": 5.5,
                       "reclamo": 7.5}.get(ptype, 5.0)
        total_h = rng.lognormvariate(0, 0.75) * median_days * 10 * speed
        closed = catalog.add_business_hours(opened, max(total_h, 1.0))
        if closed < first:
            closed = first
        if ptype == "felicitación":
            closed = first
        r = rng.random()
        if r < 0.012:
            first, closed = None, None  # lost in the back office
        elif r < 0.035:
            closed = None  # answered, never closed
        if first is not None and first > self.now:
            return None, None
        if closed is not None and closed > self.now:
            closed = None
        return first, closed

    # ------------------------------------------------------------------ transcripts
    def transcript(self, plan: Plan) -> tuple[datetime, dict[str, Any], dict[str, Any]]:
        rng = self.rng
        customer = self.customers.get(plan.country, plan.city)
        family = _family_for(rng, plan)
        product = _product(rng, family, plan.country)
        wd = plan.day.weekday()
        lo, hi = (7, 20) if wd < 5 else (8, 17) if wd == 5 else (9, 15)
        if plan.tag == "spike":
            lo, hi = 10, 19
        hours = tuple(0 if h < lo or h > hi else (8 if 9 <= h <= 17 else 4) for h in range(24))
        local = datetime.combine(plan.day, time(_hour(rng, hours), rng.randrange(60), rng.randrange(60)))
        agent = catalog.AGENTS[plan.country][rng.randrange(len(catalog.AGENTS[plan.country]))]
        slots = make_slots(rng, plan.country, plan.day, city=customer.city, product=product, family=family,
                           brand="Conecta", customer=customer, agent_first=agent.split()[0])
        turns, pii = compose_call(rng, plan, slots, customer=customer, agent=agent.split()[0], local=local)
        said = _family_in_text(" ".join(t for who, t in turns if who == "cliente"), _allowed_families(plan))
        if plan.kind != "telemercadeo_out" and said and said != family and product not in str(turns):
            product = _product(rng, said, plan.country)
        segments, t = [], 0.0
        for speaker, text in turns:
            start = round(t + rng.uniform(0.2, 1.2), 1)
            dur = len(text.split()) / rng.uniform(2.2, 3.0) + rng.uniform(0.3, 1.0)
            end = round(start + dur, 1)
            segments.append({"speaker": speaker, "start": start, "end": end, "text": text})
            t = end
            if "un momento" in text and speaker == "agente":
                t += rng.uniform(20, 90)  # on hold
        call = {
            "call_id": "", "started_at": catalog.iso_with_offset(plan.country, local), "country": plan.country,
            "customer_id": customer.id, "segment": customer.segment, "product": product, "process": _process(plan),
            "agent": agent, "segments": segments,
        }
        return local, call, _truth(plan, pii)

    # ------------------------------------------------------------------ social
    def social(self, plan: Plan) -> tuple[datetime, str, SocialUser, dict[str, Any]]:
        rng = self.rng
        user = self._author(plan)
        family = _family_for(rng, plan)
        product = _product(rng, family, plan.country)
        brand = catalog.BRAND_HANDLE if rng.random() < 0.85 else catalog.COUNTRY_HANDLES[plan.country]
        if plan.tag.startswith("spike"):
            hours = tuple(0 if h < 9 or h > 18 else (3 if h <= 13 else 2) for h in range(24))
        else:
            hours = MIX["hours"]["social"]
        h = _hour(rng, hours)
        noon = datetime.combine(plan.day, time(12))
        off = catalog.utc_offset_hours(plan.country, noon)
        if plan.tag == "spike_news":
            h = 11
        if plan.tag == "spike_big":
            h = 13
        utc = datetime.combine(plan.day, time(0)) + timedelta(hours=(h - off) % 24, minutes=rng.randrange(60),
                                                             seconds=rng.randrange(60))
        slots = make_slots(rng, plan.country, plan.day, city=user.city, product=product, family=family, brand=brand)
        if plan.tag == "spike":
            tone, text = _spike_text(rng, slots)
            plan.tone = tone
        else:
            text = compose_social(rng, plan, slots)
        return utc, text, user, _truth(plan, [])

    def _author(self, plan: Plan) -> SocialUser:
        if plan.tag in ("spike_big", "spike_news"):
            acc = SOCIAL.spike_influencer if plan.tag == "spike_big" else SOCIAL.spike_news
            return self.users.big(acc.username, acc.name, acc.followers, acc.location, "CO", SPIKE_CITY)
        if plan.tag == "big":
            i = next(i for i, p in enumerate(SOCIAL.big_account_posts) if p.text == plan.fixed_text)
            a = SOCIAL.big_accounts[i % len(SOCIAL.big_accounts)]
            return self.users.big(a.username, a.name, a.followers, a.location, plan.country, a.location.split(",")[0])
        return self.users.get(plan.country, plan.city)


def _spike_text(rng: random.Random, slots: Slots) -> tuple[str, str]:
    post = SOCIAL.outage_posts[rng.randrange(len(SOCIAL.outage_posts))]
    text = fill(post.text, slots)
    if rng.random() < 0.4:
        text = typos(text, rng, 0.5)
    return post.tone, tidy(text)
