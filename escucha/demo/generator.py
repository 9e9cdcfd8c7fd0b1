"""Deterministic demo corpus for Conecta: PQRS export, call transcripts, social posts, ground truth.

Why planted facts: the demo has to show Escucha finding something. So the corpus contains a
set of recurring issues present every week, one issue that only starts in the last days
(emerging), and a one-day outage spike on social media, and truth.json says where they are.

Determinism: one random.Random(seed) drives everything, iteration is over tuples/lists/dicts
(insertion-ordered), and no clock is read, so the same arguments give byte-identical files.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any

from escucha.demo import catalog
from escucha.demo.compose import compose_call, compose_social, compose_written, make_slots
from escucha.demo.people import CustomerPool, SocialUser, SocialUserPool
from escucha.demo.phrases import EMERGING_KEY, ISSUES, SOCIAL, TOPICS, Account, topics_of
from escucha.demo.plan import Plan
from escucha.demo.textops import typos
from escucha.textgen import Slots, fill, fold, tidy
from escucha.demo.writers import PQRS_COLUMNS, write_json, write_jsonl, write_pqrs_csv

CHANNELS = ("pqrs", "transcript", "social")
RECURRING: tuple[str, ...] = ("internet_lento", "cobro_doble", "espera_larga", "app_se_cierra", "tecnico_no_llega")
SPIKE_ISSUE = "sin_servicio"
SPIKE_CITY = "Bogotá"

# issue -> base weight per channel (pqrs, transcript, social): the mix differs by channel
ISSUE_WEIGHTS: dict[str, tuple[float, float, float]] = {
    "internet_lento": (11, 12, 13), "cobro_doble": (13, 9, 9), "espera_larga": (8, 10, 13),
    "app_se_cierra": (9, 7, 11), "tecnico_no_llega": (10, 9, 8), "cargo_no_reconocido": (6, 5, 4),
    "factura_no_llega": (5, 4, 3), "retraso_instalacion": (5, 4, 4), "no_inicia_sesion": (4, 4, 5),
    "pago_app_falla": (5, 4, 5), "llamada_cortada": (3, 3, 5), "transferencias_llamada": (4, 3, 4),
    "cobranza_acosadora": (4, 3, 3), "reporte_centrales": (5, 3, 2), "sin_servicio": (3, 4, 4),
    "no_dejan_cancelar": (6, 6, 5), "subida_tarifa": (5, 5, 5), "telemercadeo_insistente": (2, 2, 3),
}
KIND_WEIGHTS: dict[str, dict[str, float]] = {
    "pqrs": {"issue": 0.71, "peticion": 0.12, "sugerencia": 0.05, "felicitacion": 0.12},
    "transcript": {"issue": 0.63, "peticion": 0.17, "sugerencia": 0.02, "felicitacion": 0.04,
                   "cobranza_out": 0.07, "telemercadeo_out": 0.07},
    "social": {"issue": 0.71, "peticion": 0.12, "sugerencia": 0.03, "felicitacion": 0.14},
}
TONE_WEIGHTS: dict[str, dict[str, float]] = {
    "pqrs": {"calm": 0.11, "upset": 0.46, "angry": 0.29, "sarcastic": 0.14},
    "transcript": {"calm": 0.16, "upset": 0.54, "angry": 0.30},
    "social": {"upset": 0.40, "angry": 0.38, "sarcastic": 0.22},
}
WEEKDAY_FACTORS: dict[str, tuple[float, ...]] = {
    "pqrs": (1.25, 1.1, 1.05, 1.05, 1.0, 0.55, 0.3),
    "transcript": (1.2, 1.05, 1.0, 1.0, 0.95, 0.6, 0.25),
    "social": (1.0, 0.95, 0.95, 1.0, 1.05, 1.15, 1.2),
}
CANALES = ("web", "correo", "app", "oficina", "teléfono")
CANAL_WEIGHTS = (0.34, 0.22, 0.2, 0.12, 0.12)
_H = range(24)
HOURS_DIGITAL = (1, 1, 0.5, 0.5, 0.5, 1, 2, 4, 7, 9, 10, 10, 9, 8, 9, 9, 8, 8, 8, 8, 7, 6, 4, 2)
HOURS_OFFICE = tuple(0 if h < 8 or h > 16 else (6 if h in (9, 10, 11, 14, 15) else 4) for h in _H)
HOURS_PHONE = tuple(0 if h < 7 or h > 20 else (8 if 9 <= h <= 17 else 4) for h in _H)
HOURS_SOCIAL = (3, 2, 1, 0.5, 0.5, 1, 2, 4, 6, 7, 7, 8, 10, 10, 8, 7, 7, 8, 9, 11, 12, 12, 9, 6)
PQRS_TYPE_LABEL = {"petición": "Petición", "queja": "Queja", "reclamo": "Reclamo", "sugerencia": "Sugerencia",
                   "felicitación": "Felicitación"}
OUTBOUND_TOPICS = {"cobranza_out": ("gestion_cobranza", "Gestión de cobranza (llamada saliente)", "Cobranzas"),
                   "telemercadeo_out": ("oferta_comercial", "Oferta comercial (llamada saliente)", "Telemercadeo")}


def _pick(rng: random.Random, weights: dict[str, float]) -> str:
    keys = list(weights)
    return rng.choices(keys, weights=[weights[k] for k in keys], k=1)[0]


def _country(rng: random.Random) -> str:
    return rng.choices(catalog.COUNTRIES, weights=catalog.COUNTRY_WEIGHTS, k=1)[0]


@dataclass
class Settings:
    seed: int
    n_records: int
    start: date
    end: date

    def __post_init__(self) -> None:
        self.days: list[date] = [self.start + timedelta(days=i) for i in range((self.end - self.start).days + 1)]

    @property
    def emerging_start(self) -> date:
        return self.end - timedelta(days=5)

    @property
    def spike_day(self) -> date:
        return self.end - timedelta(days=1)


# =========================================================================== planning
class Planner:
    def __init__(self, rng: random.Random, s: Settings):
        self.rng = rng
        self.s = s
        self.day_weights = {ch: [WEEKDAY_FACTORS[ch][d.weekday()] * (1 + 0.15 * i / max(1, len(s.days) - 1))
                                 for i, d in enumerate(s.days)] for ch in CHANNELS}

    def day(self, channel: str) -> date:
        return self.rng.choices(self.s.days, weights=self.day_weights[channel], k=1)[0]

    def issue(self, channel: str, exclude: str | None = None) -> str:
        i = CHANNELS.index(channel)
        w = {k: v[i] for k, v in ISSUE_WEIGHTS.items() if k != exclude}
        return _pick(self.rng, w)

    def issue_plan(self, channel: str, day: date, country: str, topic: str, tag: str = "",
                   city: str | None = None) -> Plan:
        rng = self.rng
        tone = _pick(rng, TONE_WEIGHTS[channel])
        issues = [topic]
        if rng.random() < (0.1 if channel != "social" else 0.05):
            issues.append(self.issue(channel, exclude=topic))
        return Plan(channel, day, country, "issue", topic, issues, tone, tag, city)

    def base_plan(self, channel: str) -> Plan:
        rng = self.rng
        day, country = self.day(channel), _country(rng)
        kind = _pick(rng, KIND_WEIGHTS[channel])
        if kind == "issue":
            return self.issue_plan(channel, day, country, self.issue(channel))
        if kind in OUTBOUND_TOPICS:
            topic = OUTBOUND_TOPICS[kind][0]
            complaint = "cobranza_acosadora" if kind == "cobranza_out" else "telemercadeo_insistente"
            r = rng.random()
            if r < 0.35:  # the customer answers the outbound call with a complaint
                if kind == "cobranza_out" and rng.random() < 0.35:
                    complaint = "reporte_centrales"
                return Plan(channel, day, country, kind, complaint, [complaint],
                            rng.choice(("upset", "angry")))
            if kind == "telemercadeo_out" and r < 0.5:
                return Plan(channel, day, country, kind, topic, [], "pos")
            return Plan(channel, day, country, kind, topic, [], "neu")
        topics = topics_of(kind)
        topic = topics[rng.randrange(len(topics))]
        tone = "pos" if kind == "felicitacion" else "neu"
        return Plan(channel, day, country, kind, topic, [], tone)

    def plan_all(self) -> list[Plan]:
        rng, s = self.rng, self.s
        n = s.n_records
        n_pq, n_tr = round(n * 0.5), round(n * 0.2)
        n_so = n - n_pq - n_tr
        plans: list[Plan] = []

        # planted: emerging issue, only from emerging_start, ramping up, mostly social + pqrs
        e_total = max(min(60, n // 10), round(0.02 * n))
        e_counts = {"social": round(e_total * 0.45), "pqrs": round(e_total * 0.40)}
        e_counts["transcript"] = e_total - e_counts["social"] - e_counts["pqrs"]
        e_days = [s.emerging_start + timedelta(days=i) for i in range((s.end - s.emerging_start).days + 1)]
        e_weights = [1 + i for i in range(len(e_days))]
        for ch in CHANNELS:
            for _ in range(e_counts[ch]):
                d = rng.choices(e_days, weights=e_weights, k=1)[0]
                p = self.issue_plan(ch, d, _country(rng), EMERGING_KEY, tag="emerging")
                plans.append(p)

        # planted: outage in Bogotá on spike_day (social spike + some PQRS and calls)
        s_so = max(30, round(0.01 * n))
        s_pq, s_tr = round(0.004 * n), round(0.002 * n)
        for ch, k in (("social", s_so), ("pqrs", s_pq), ("transcript", s_tr)):
            for _ in range(k):
                p = self.issue_plan(ch, s.spike_day, "CO", SPIKE_ISSUE, tag="spike", city=SPIKE_CITY)
                p.issues = [SPIKE_ISSUE]
                if ch == "social" and p.tone == "calm":
                    p.tone = "upset"
                plans.append(p)
        plans.append(Plan("social", s.spike_day, "CO", "issue", SPIKE_ISSUE, [SPIKE_ISSUE], "angry", "spike_big",
                          SPIKE_CITY, fixed_text=SOCIAL.spike_influencer.post))
        plans.append(Plan("social", s.spike_day, "CO", "issue", SPIKE_ISSUE, [SPIKE_ISSUE], "calm", "spike_news",
                          SPIKE_CITY, fixed_text=SOCIAL.spike_news.post))

        # planted: recurring issues get a floor of one PQRS in every full week (counted back from end)
        floor = 0
        for w in range(len(s.days) // 7):
            week = [s.end - timedelta(days=7 * w + k) for k in range(7)]
            for key in RECURRING:
                plans.append(self.issue_plan("pqrs", week[rng.randrange(7)], _country(rng), key,
                                             tag="recurring_floor"))
                floor += 1

        # high-reach accounts posting on ordinary days
        early_days = s.days[: max(1, len(s.days) - 7)]
        for i, post in enumerate(SOCIAL.big_account_posts):
            acc = SOCIAL.big_accounts[i % len(SOCIAL.big_accounts)]
            kind = "issue" if post.topic in ISSUES else TOPICS[post.topic].kind
            tone = {"neg": "upset", "pos": "pos", "neu": "neu"}[post.sentiment]
            plans.append(Plan("social", early_days[rng.randrange(len(early_days))], _big_country(acc), kind,
                              post.topic, [post.topic] if kind == "issue" else [], tone, "big", fixed_text=post.text))
        n_big = len(SOCIAL.big_account_posts)

        # a few posts in English or Portuguese
        n_foreign = max(2, round(0.02 * n_so))
        for _ in range(n_foreign):
            post = SOCIAL.foreign_posts[rng.randrange(len(SOCIAL.foreign_posts))]
            kind = "issue" if post.topic in ISSUES else TOPICS[post.topic].kind
            tone = {"neg": "upset", "pos": "pos", "neu": "neu"}[post.sentiment]
            plans.append(Plan("social", self.day("social"), rng.choice(catalog.COUNTRIES), kind, post.topic,
                              [post.topic] if kind == "issue" else [], tone, "foreign", lang=post.lang,
                              fixed_text=post.text))

        budget = {
            "pqrs": n_pq - e_counts["pqrs"] - s_pq - floor,
            "transcript": n_tr - e_counts["transcript"] - s_tr,
            "social": n_so - e_counts["social"] - s_so - 2 - n_big - n_foreign,
        }
        for ch in CHANNELS:
            if budget[ch] < 0:
                raise ValueError(f"n_records={n} is too small for the planted facts of channel {ch!r}")
            for _ in range(budget[ch]):
                plans.append(self.base_plan(ch))
        return plans


def _big_country(acc: Account) -> str:
    loc = acc.location
    if "Madrid" in loc or "España" in loc:
        return "ES"
    if "México" in loc:
        return "MX"
    return "CO"


# =========================================================================== realisation
def _family_for(rng: random.Random, plan: Plan) -> str:
    if plan.kind == "issue" or plan.kind in OUTBOUND_TOPICS and plan.issues:
        fams = ISSUES[plan.issues[0] if plan.issues else plan.topic].families
    elif plan.kind == "cobranza_out":
        fams = ("banca", "movil")
    elif plan.kind == "telemercadeo_out":
        fams = ("banca", "hogar", "movil")
    else:
        fams = TOPICS[plan.topic].families
    return fams[rng.randrange(len(fams))]


_FAMILY_WORDS: dict[str, tuple[str, ...]] = {
    "banca": ("tarjeta", "extracto", "cupo", "credito", "seguro", "bancaria", "puntos", "cuota de manejo", "compra"),
    "movil": ("recarga", "senal", "portabilidad", "mi numero", "la linea", "una linea", "mi linea", "sim"),
    "hogar": ("internet", "fibra", "modem", "wifi", "tecnico", "instalacion", "traslado", "television", "megas"),
    "digital": ("app", "aplicacion", "portal", "contrasena", "sesion"),
}
_NOT_PRODUCT = ("linea de atencion", "linea de fraude", "en la linea", "la linea de")
_FAMILY_RE = {f: re.compile(r"\b(?:" + "|".join(words) + ")") for f, words in _FAMILY_WORDS.items()}


def _family_in_text(text: str, allowed: tuple[str, ...]) -> str | None:
    """The product family a text talks about ("la tarjeta" -> banca), so the export's producto
    column agrees with the description. None when the text does not say."""
    t = fold(text)
    for phrase in _NOT_PRODUCT:
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
    if plan.kind in OUTBOUND_TOPICS:
        return ("banca", "movil") if plan.kind == "cobranza_out" else ("banca", "hogar", "movil")
    return TOPICS[plan.topic].families


def _product(rng: random.Random, family: str, country: str) -> str:
    options = catalog.PRODUCTS[family][country]
    return options[rng.randrange(len(options))]


def _process(plan: Plan) -> str:
    if plan.kind in OUTBOUND_TOPICS:
        return OUTBOUND_TOPICS[plan.kind][2]
    if plan.kind == "issue":
        return ISSUES[plan.topic].process
    return TOPICS[plan.topic].process


def _pqrs_type(plan: Plan) -> str:
    if plan.kind == "issue" or (plan.kind in OUTBOUND_TOPICS and plan.issues):
        return ISSUES[plan.issues[0]].pqrs_type
    return {"peticion": "petición", "sugerencia": "sugerencia", "felicitacion": "felicitación"}.get(plan.kind, "otro")


def _hour(rng: random.Random, weights: tuple[float, ...]) -> int:
    return rng.choices(range(24), weights=weights, k=1)[0]


def _truth(plan: Plan, record_date: date, pii: list[dict[str, str]]) -> dict[str, Any]:
    tags = [plan.tag] if plan.tag else []
    return {
        "channel": plan.channel, "date": record_date.isoformat(), "country": plan.country,
        "issues": list(plan.issues), "topic": plan.topic if plan.kind not in OUTBOUND_TOPICS or not plan.issues
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
        canal = CANALES[rng.choices(range(len(CANALES)), weights=CANAL_WEIGHTS, k=1)[0]]
        if canal == "oficina" and plan.day.weekday() == 6:
            canal = "web"
        hours = {"oficina": HOURS_OFFICE, "teléfono": HOURS_PHONE}.get(canal, HOURS_DIGITAL)
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
        truth = _truth(plan, plan.day, pii)
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
        return local, call, _truth(plan, plan.day, pii)

    # ------------------------------------------------------------------ social
    def social(self, plan: Plan) -> tuple[datetime, dict[str, Any], SocialUser, dict[str, Any]]:
        rng = self.rng
        user = self._author(plan)
        family = _family_for(rng, plan)
        product = _product(rng, family, plan.country)
        brand = catalog.BRAND_HANDLE if rng.random() < 0.85 else catalog.COUNTRY_HANDLES[plan.country]
        if plan.tag.startswith("spike"):
            hours = tuple(0 if h < 9 or h > 18 else (3 if h <= 13 else 2) for h in range(24))
        else:
            hours = HOURS_SOCIAL
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
        return utc, {"text": text}, user, _truth(plan, plan.day, [])

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


def _metrics(rng: random.Random, followers: int, sentiment: str, big: bool) -> dict[str, int]:
    reach = max(followers, 20) ** 0.75
    boost = 1.6 if sentiment == "neg" else 1.0
    likes = int(rng.expovariate(1.0) * reach * 0.05 * boost)
    if big:
        likes = int(followers * rng.uniform(0.004, 0.015))
    return {"retweet_count": int(likes * rng.uniform(0.05, 0.35)), "reply_count": int(likes * rng.uniform(0.02, 0.2)),
            "like_count": likes, "quote_count": int(likes * rng.uniform(0.0, 0.05))}


_X_EPOCH_MS = 1288834974657


def _snowflake(utc: datetime, seq: int) -> str:
    ms = int((utc - datetime(1970, 1, 1)).total_seconds()) * 1000
    return str(((ms - _X_EPOCH_MS) << 22) | ((seq >> 12) & 0x3FF) << 12 | (seq & 0xFFF))


# =========================================================================== entry point
def generate_demo(out_dir: Path, seed: int = 7, n_records: int = 6000, end: date = date(2026, 11, 20),
                  days: int = 120) -> dict[str, Path]:
    """Write pqrs.csv, transcripts.jsonl, social.json and truth.json into out_dir; same args, same bytes."""
    if days < 21:
        raise ValueError("days must be at least 21 (three weeks) for the recurring/emerging facts to mean anything")
    if n_records < 600:
        raise ValueError("n_records must be at least 600 so the planted facts have their minimum volume")
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)
    s = Settings(seed, n_records, end - timedelta(days=days - 1), end)
    plans = Planner(rng, s).plan_all()
    real = Realiser(rng, s)

    pqrs: list[tuple[datetime, int, dict, dict]] = []
    calls: list[tuple[datetime, int, dict, dict]] = []
    posts: list[tuple[datetime, int, dict, SocialUser, dict, Plan]] = []
    for i, plan in enumerate(plans):
        if plan.channel == "pqrs":
            local, row, truth = real.pqrs(plan)
            pqrs.append((local, i, row, truth))
        elif plan.channel == "transcript":
            local, call, truth = real.transcript(plan)
            calls.append((catalog.to_utc(plan.country, local), i, call, truth))
        else:
            utc, tweet, user, truth = real.social(plan)
            posts.append((utc, i, tweet, user, truth, plan))

    records: dict[str, dict[str, Any]] = {}

    pqrs.sort(key=lambda r: (datetime.strptime(r[2]["fecha_radicacion"], "%d/%m/%Y %H:%M"), r[1]))
    counters: dict[int, int] = {}
    for local, _, row, truth in pqrs:
        year = local.year
        if year not in counters:
            counters[year] = 1 + local.timetuple().tm_yday * 140 + rng.randrange(100)
        row["radicado"] = f"PQR-{year}-{counters[year]:06d}"
        counters[year] += 1
        records[f"pqrs:{row['radicado']}"] = truth
    pqrs_rows = [r[2] for r in pqrs]

    calls.sort(key=lambda r: (r[0], r[1]))
    call_objs = []
    for n, (_, _, call, truth) in enumerate(calls, 1):
        call["call_id"] = f"CALL-{call['started_at'][:10].replace('-', '')}-{n:05d}"
        records[f"transcript:{call['call_id']}"] = truth
        call_objs.append(call)

    posts.sort(key=lambda r: (r[0], r[1]))
    tweets: list[dict[str, Any]] = []
    user_ids = {u.username: u.id for u in real.users.users}
    seen_users: dict[str, SocialUser] = {}
    by_issue_recent: dict[str, list[tuple[datetime, str, str]]] = {}
    for seq, (utc, _, tweet, user, truth, plan) in enumerate(posts):
        tid = _snowflake(utc, seq)
        text = tweet["text"]
        conversation = tid
        # some posts reply to an earlier post on the same issue ("a mí también")
        key = truth["topic"]
        earlier = by_issue_recent.get(key, [])
        if plan.kind == "issue" and not plan.tag.startswith("spike_") and earlier and rng.random() < 0.08:
            e_utc, e_conv, e_user = earlier[-1 - rng.randrange(min(5, len(earlier)))]
            if e_user != user.username and (utc - e_utc) < timedelta(days=2):
                text = f"@{e_user} {text}"
                conversation = e_conv
        by_issue_recent.setdefault(key, []).append((utc, conversation, user.username))
        big = user.followers >= 100_000
        tweets.append({
            "id": tid, "text": text, "author_id": user.id,
            "created_at": utc.strftime("%Y-%m-%dT%H:%M:%S.000Z"), "lang": plan.lang,
            "public_metrics": _metrics(rng, user.followers, truth["sentiment"], big),
            "conversation_id": conversation,
        })
        if text != tweet["text"]:
            tweets[-1]["in_reply_to_user_id"] = user_ids[text.split()[0][1:]]
        truth["author_followers"] = user.followers
        records[f"social:{tid}"] = truth
        seen_users.setdefault(user.id, user)
    tweets.reverse()  # the search API returns newest first
    users_out = []
    for u in sorted(seen_users.values(), key=lambda u: u.username):
        obj: dict[str, Any] = {"id": u.id, "username": u.username, "name": u.name,
                               "public_metrics": {"followers_count": u.followers}}
        if u.location:
            obj["location"] = u.location
        users_out.append(obj)
    social = {"data": tweets, "includes": {"users": users_out},
              "meta": {"result_count": len(tweets), "newest_id": tweets[0]["id"] if tweets else None,
                       "oldest_id": tweets[-1]["id"] if tweets else None}}

    truth_doc = {
        "generator": {"seed": seed, "n_records": n_records, "start": s.start.isoformat(), "end": s.end.isoformat(),
                      "days": days, "brand": catalog.BRAND},
        "notes": {
            "date": "pqrs/transcript: local date of the country; social: UTC date of created_at",
            "pqrs_type": "intended type; pqrs_type_shown is what the help desk recorded (may be empty or wrong)",
            "sentiment": "intended sentiment of the customer's words: neg | neu | pos",
        },
        "issues": {k: {"label": v.label, "category": v.category, "process": v.process} for k, v in ISSUES.items()},
        "topics": {**{k: {"label": v.label, "kind": v.kind, "process": v.process} for k, v in TOPICS.items()},
                   **{t[0]: {"label": t[1], "kind": "saliente", "process": t[2]} for t in OUTBOUND_TOPICS.values()}},
        "recurring": list(RECURRING),
        "emerging": {"issue": EMERGING_KEY, "label": ISSUES[EMERGING_KEY].label, "start": s.emerging_start.isoformat(),
                     "marker": "5.2"},
        "social_spike": {"date": s.spike_day.isoformat(), "issue": SPIKE_ISSUE, "country": "CO", "city": SPIKE_CITY,
                         "high_reach_author": SOCIAL.spike_influencer.username},
        "records": records,
    }

    paths = {"pqrs": out_dir / "pqrs.csv", "transcripts": out_dir / "transcripts.jsonl",
             "social": out_dir / "social.json", "truth": out_dir / "truth.json"}
    write_pqrs_csv(paths["pqrs"], pqrs_rows)
    write_jsonl(paths["transcripts"], call_objs)
    write_json(paths["social"], social, expand=("data", "includes.users"))
    write_json(paths["truth"], truth_doc, expand=("issues", "topics", "records"))
    return paths


__all__ = ["generate_demo", "PQRS_COLUMNS", "RECURRING"]
