"""Customers at risk planted in the demo corpus, so the "Clientes en riesgo" list has someone to
find: repeat complainers across PQRS and calls, strategic customers whose cases went past their
legal term, and customers who say they are leaving. Who they are and what each contact says is
data (data/at_risk.yaml); truth.json lists them under `at_risk_customers`.

They are made after the ordinary corpus, with a random generator of their own, and get the filing
numbers and call ids after the corpus's last ones: every ordinary record stays exactly what it
was, and the planted contacts are slotted into the files in time order.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any

from escucha.demo import catalog
from escucha.demo.people import full_name, pick_city
from escucha.demo.phrases import ISSUES
from escucha.textgen import read_yaml

AT_RISK = read_yaml("escucha.demo.data", "at_risk.yaml")
COUNTRY = "CO"
TAG = "at_risk"
PQRS_TYPE_LABEL = {"petición": "Petición", "queja": "Queja", "reclamo": "Reclamo"}
DATE_FMT = "%d/%m/%Y %H:%M"

Truth = dict[str, Any]


@dataclass
class Planted:
    pqrs: list[tuple[datetime, dict[str, Any], Truth]] = field(default_factory=list)  # local filing time
    calls: list[tuple[datetime, dict[str, Any], Truth]] = field(default_factory=list)  # aware start
    customers: list[dict[str, Any]] = field(default_factory=list)  # truth.json's at_risk_customers
    owner: dict[int, int] = field(default_factory=dict)  # id(truth) -> index in customers


def _customer_id(rng: random.Random, taken: set[str]) -> str:
    while True:
        cid = f"CLI-{rng.randrange(10_000_000, 99_999_999)}"
        if cid not in taken:
            taken.add(cid)
            return cid


def _truth(channel: str, day: date, issue_key: str) -> Truth:
    issue = ISSUES[issue_key]
    return {"channel": channel, "date": day.isoformat(), "country": COUNTRY, "issues": [issue_key],
            "topic": issue_key, "kind": "issue", "sentiment": "neg", "pqrs_type": issue.pqrs_type, "sarcasm": False,
            "lang": "es", "pii": [], "tags": [TAG]}


def _pqrs_row(contact: dict[str, Any], local: datetime, cid: str, name: str, city: str, segment: str,
              product: str) -> dict[str, Any]:
    issue = ISSUES[contact["issue"]]
    state = contact.get("state", "abierto")
    first = closed = None
    if state in ("en_tramite", "cerrado"):
        first = catalog.add_business_hours(local, 8)
    if state == "cerrado":
        closed = catalog.add_business_hours(local, 36)
    return {
        "radicado": "", "fecha_radicacion": local.strftime(DATE_FMT), "tipo": PQRS_TYPE_LABEL[issue.pqrs_type],
        "canal_ingreso": "web", "cliente_id": cid, "nombre_cliente": name, "segmento": segment,
        "proceso": issue.process, "producto": product, "pais": COUNTRY, "ciudad": city, "descripcion": contact["text"],
        "fecha_primera_respuesta": first.strftime(DATE_FMT) if first else "",
        "fecha_cierre": closed.strftime(DATE_FMT) if closed else "",
        "estado": {"abierto": "Abierto", "en_tramite": "En trámite", "cerrado": "Cerrado"}[state],
    }


def _call(rng: random.Random, contact: dict[str, Any], local: datetime, cid: str, segment: str,
          product: str) -> dict[str, Any]:
    lines = AT_RISK["agent"]
    said = list(contact["said"])
    turns = [("agente", lines["opening"]), ("cliente", said[0]), ("agente", lines["middle"])]
    turns += [("cliente", s) for s in said[1:]] + [("agente", lines["closing"])]
    segments, t = [], 0.0
    for speaker, text in turns:
        start = round(t + rng.uniform(0.2, 1.2), 1)
        end = round(start + len(text.split()) / rng.uniform(2.2, 3.0) + rng.uniform(0.3, 1.0), 1)
        segments.append({"speaker": speaker, "start": start, "end": end, "text": text})
        t = end
    agents = catalog.AGENTS[COUNTRY]
    return {"call_id": "", "started_at": catalog.iso_with_offset(COUNTRY, local), "country": COUNTRY,
            "customer_id": cid, "segment": segment, "product": product, "process": ISSUES[contact["issue"]].process,
            "agent": agents[rng.randrange(len(agents))], "segments": segments}


def plant_at_risk(seed: int, end: date, taken_ids: set[str]) -> Planted:
    """The planted customers and their contacts, dated back from `end` (the corpus's last day);
    `taken_ids`: customer ids of the ordinary corpus, never reused."""
    rng = random.Random(f"{seed}:clientes-en-riesgo")
    taken = set(taken_ids)
    out = Planted()
    for i, spec in enumerate(AT_RISK["customers"]):
        cid, name, city, segment = _customer_id(rng, taken), full_name(rng, COUNTRY), pick_city(rng, COUNTRY), spec["segment"]
        out.customers.append({"customer_id": cid, "segment": segment.lower(), "profile": spec["profile"], "records": []})
        for k, contact in enumerate(spec["contacts"]):
            day = end - timedelta(days=int(contact["days_ago"]))
            while contact["channel"] == "pqrs" and day.weekday() >= 5:  # filed on the Friday before
                day -= timedelta(days=1)
            local = datetime.combine(day, time(8 + (i + 3 * k) % 9, rng.randrange(60)))
            families = ISSUES[contact["issue"]].families
            product = catalog.PRODUCTS[families[0]][COUNTRY][0]
            truth = _truth(contact["channel"], day, contact["issue"])
            out.owner[id(truth)] = i
            if contact["channel"] == "pqrs":
                row = _pqrs_row(contact, local, cid, name, city, segment, product)
                truth["pqrs_type_shown"] = row["tipo"].lower()
                out.pqrs.append((local, row, truth))
            else:
                call = _call(rng, contact, local, cid, segment, product)
                out.calls.append((datetime.fromisoformat(call["started_at"]), call, truth))
    return out


def add_planted_pqrs(rows: list[dict[str, Any]], planted: Planted, records: dict[str, Truth]) -> list[dict[str, Any]]:
    """The PQRS rows with the planted ones slotted in by filing time; their filing numbers follow
    the year's last one, so no ordinary case changes its number."""
    last: dict[int, int] = {}
    for r in rows:
        year, n = r["radicado"].split("-")[1:]
        last[int(year)] = max(last.get(int(year), 0), int(n))
    for local, row, truth in sorted(planted.pqrs, key=lambda x: x[0]):
        last[local.year] = last.get(local.year, 0) + 1
        row["radicado"] = f"PQR-{local.year}-{last[local.year]:06d}"
        records[f"pqrs:{row['radicado']}"] = truth
        planted.customers[planted.owner[id(truth)]]["records"].append(f"pqrs:{row['radicado']}")
    both = [(datetime.strptime(r["fecha_radicacion"], DATE_FMT), 0, r) for r in rows]
    both += [(local, 1, row) for local, row, _ in planted.pqrs]
    return [r for _, _, r in sorted(both, key=lambda x: (x[0], x[1]))]


def add_planted_calls(calls: list[dict[str, Any]], planted: Planted, records: dict[str, Truth]) -> list[dict[str, Any]]:
    """The calls with the planted ones slotted in by start time; their ids number on after the last."""
    n = len(calls)
    for start, call, truth in sorted(planted.calls, key=lambda x: x[0]):
        n += 1
        call["call_id"] = f"CALL-{call['started_at'][:10].replace('-', '')}-{n:05d}"
        records[f"transcript:{call['call_id']}"] = truth
        planted.customers[planted.owner[id(truth)]]["records"].append(f"transcript:{call['call_id']}")
    both = [(datetime.fromisoformat(c["started_at"]), 0, c) for c in calls]
    both += [(start, 1, call) for start, call, _ in planted.calls]
    return [c for _, _, c in sorted(both, key=lambda x: (x[0], x[1]))]
