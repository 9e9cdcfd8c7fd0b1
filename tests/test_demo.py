"""The demo corpus generator: determinism, file formats, and the planted facts.

Planted facts are checked from the written files (dates and texts from pqrs.csv,
transcripts.jsonl and social.json; labels from truth.json), never from generator internals,
so these tests hold whatever the implementation does inside.
"""

from __future__ import annotations

import csv
import json
import random
import re
import statistics
import unicodedata
from collections import Counter, defaultdict
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest

from escucha.demo import generate_demo
from escucha.demo.compose import make_slots
from escucha.demo.phrases import CALLS, ISSUES, SOCIAL, TOPICS, WRITTEN
from escucha.textgen import fill

END = date(2026, 11, 20)  # the documented default `end`
DAYS = 120
COLUMNS = ["radicado", "fecha_radicacion", "tipo", "canal_ingreso", "cliente_id", "nombre_cliente", "segmento",
           "proceso", "producto", "pais", "ciudad", "descripcion", "fecha_primera_respuesta", "fecha_cierre", "estado"]
DATE_FMT = "%d/%m/%Y %H:%M"
EMERGING_MARKER = re.compile(r"(?<![\d.,])5\.2(?![\d.,])")


def fold(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", text.lower()) if not unicodedata.combining(c))


# Words of one country only (accents folded, so typos that drop tildes still count).
MARKERS = {
    "ES": re.compile(r"\b(vosotros|habeis|teneis|podeis|sois|solucioneis|vuestr[oa]s?|movil|ordenador|vaya tela|"
                     r"flipando|me cago en|tio)\b"),
    "CO": re.compile(r"\b(parce|mamado|que boleta|le agradezco|berraco|sumerce|que pena con usted)\b"),
    "MX": re.compile(r"\b(neta|no manches|que onda|guey|ya me canse|computadora|chale|oiga|orale)\b"),
}


@pytest.fixture(scope="module")
def out(tmp_path_factory) -> Path:
    d = tmp_path_factory.mktemp("demo_a")
    paths = generate_demo(d)
    assert paths == {"pqrs": d / "pqrs.csv", "transcripts": d / "transcripts.jsonl", "social": d / "social.json",
                     "truth": d / "truth.json"}
    return d


@pytest.fixture(scope="module")
def corpus(out: Path) -> dict:
    with open(out / "pqrs.csv", encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        header = reader.fieldnames
        rows = list(reader)
    calls = [json.loads(line) for line in (out / "transcripts.jsonl").read_text(encoding="utf-8").splitlines()]
    social = json.loads((out / "social.json").read_text(encoding="utf-8"))
    truth = json.loads((out / "truth.json").read_text(encoding="utf-8"))
    # id -> what the files say: channel, date (local for pqrs/calls, UTC for posts), text, country
    items: dict[str, dict] = {}
    for r in rows:
        items[f"pqrs:{r['radicado']}"] = {"channel": "pqrs", "country": r["pais"], "text": r["descripcion"],
                                          "date": datetime.strptime(r["fecha_radicacion"], DATE_FMT).date()}
    for c in calls:
        items[f"transcript:{c['call_id']}"] = {
            "channel": "transcript", "country": c["country"], "date": datetime.fromisoformat(c["started_at"]).date(),
            "text": " ".join(s["text"] for s in c["segments"]),
            "customer_text": " ".join(s["text"] for s in c["segments"] if s["speaker"] == "cliente")}
    users = {u["id"]: u for u in social["includes"]["users"]}
    for t in social["data"]:
        items[f"social:{t['id']}"] = {"channel": "social", "text": t["text"], "followers":
                                      users[t["author_id"]]["public_metrics"]["followers_count"],
                                      "date": datetime.strptime(t["created_at"], "%Y-%m-%dT%H:%M:%S.000Z").date()}
    return {"header": header, "rows": rows, "calls": calls, "social": social, "truth": truth, "items": items}


# --------------------------------------------------------------------------- determinism
def test_same_arguments_give_byte_identical_files(out: Path, tmp_path: Path) -> None:
    generate_demo(tmp_path)
    for name in ("pqrs.csv", "transcripts.jsonl", "social.json", "truth.json"):
        assert (tmp_path / name).read_bytes() == (out / name).read_bytes(), name


def test_another_seed_gives_other_files(tmp_path: Path) -> None:
    a, b = tmp_path / "a", tmp_path / "b"
    generate_demo(a, seed=7, n_records=800)
    generate_demo(b, seed=8, n_records=800)
    for name in ("pqrs.csv", "transcripts.jsonl", "social.json"):
        assert (a / name).read_bytes() != (b / name).read_bytes(), name


def test_too_small_a_corpus_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="n_records"):
        generate_demo(tmp_path, n_records=100)
    with pytest.raises(ValueError, match="days"):
        generate_demo(tmp_path, days=10)


# --------------------------------------------------------------------------- volume and formats
def test_counts_split_and_date_span(corpus: dict) -> None:
    ordinary = {k: i for k, i in corpus["items"].items() if "at_risk" not in corpus["truth"]["records"][k]["tags"]}
    by_channel = Counter(i["channel"] for i in ordinary.values())
    assert sum(by_channel.values()) == 6000
    assert by_channel == {"pqrs": 3000, "transcript": 1200, "social": 1800}
    planted = Counter(i["channel"] for i in corpus["items"].values()) - by_channel
    assert planted == {"pqrs": 20, "transcript": 16}  # the customers at risk's contacts, on top
    dates = [i["date"] for i in corpus["items"].values()]
    start = END - timedelta(days=DAYS - 1)
    assert min(dates) >= start and max(dates) <= END
    assert (max(dates) - min(dates)).days >= 90
    per_day = Counter(dates)
    assert all(per_day[start + timedelta(days=k)] > 0 for k in range(DAYS))


def test_countries_are_mixed_about_half_colombia(corpus: dict) -> None:
    countries = Counter(r["country"] for r in corpus["truth"]["records"].values())
    total = sum(countries.values())
    assert 0.44 < countries["CO"] / total < 0.56
    assert 0.24 < countries["MX"] / total < 0.36
    assert 0.14 < countries["ES"] / total < 0.26


def test_pqrs_csv_columns_and_values(corpus: dict) -> None:
    rows = corpus["rows"]
    assert corpus["header"] == COLUMNS
    assert len({r["radicado"] for r in rows}) == len(rows)
    assert all(re.fullmatch(r"PQR-\d{4}-\d{6}", r["radicado"]) for r in rows)
    assert {r["tipo"] for r in rows} <= {"", "Petición", "Queja", "Reclamo", "Sugerencia", "Felicitación"}
    empty_type = sum(r["tipo"] == "" for r in rows) / len(rows)
    assert 0.05 < empty_type < 0.15
    assert {r["canal_ingreso"] for r in rows} == {"web", "correo", "app", "oficina", "teléfono"}
    assert {r["segmento"] for r in rows} == {"Estratégico", "Alto", "Medio", "Bajo"}
    assert {r["proceso"] for r in rows} == {"Preventa", "Venta", "Servicio", "Cobranzas", "Telemercadeo",
                                            "Fidelización", "Retención"}
    assert {r["pais"] for r in rows} == {"CO", "MX", "ES"}
    assert {r["estado"] for r in rows} == {"Abierto", "En trámite", "Cerrado"}
    assert all(r["descripcion"].strip() and r["nombre_cliente"].count(" ") >= 2 for r in rows)


def test_pqrs_response_times_are_realistic(corpus: dict) -> None:
    late = closed = 0
    open_age = []
    for r in corpus["rows"]:
        opened = datetime.strptime(r["fecha_radicacion"], DATE_FMT)
        first = datetime.strptime(r["fecha_primera_respuesta"], DATE_FMT) if r["fecha_primera_respuesta"] else None
        close = datetime.strptime(r["fecha_cierre"], DATE_FMT) if r["fecha_cierre"] else None
        assert first is None or first >= opened
        assert close is None or (first is not None and close >= first)
        assert r["estado"] == ("Cerrado" if close else "En trámite" if first else "Abierto")
        if close:
            closed += 1
            business_days = sum(1 for k in range(1, (close.date() - opened.date()).days + 1)
                                if (opened.date() + timedelta(days=k)).weekday() < 5)
            late += business_days > 15
        else:
            open_age.append((END - opened.date()).days)
    assert closed > 0.8 * len(corpus["rows"])
    assert 0.02 < late / closed < 0.2  # some cases beyond the 15 business days the law allows
    assert open_age and statistics.median(open_age) <= 14  # still open: mostly recent


def test_pqrs_volume_drops_on_weekends(corpus: dict) -> None:
    by_weekday = Counter(datetime.strptime(r["fecha_radicacion"], DATE_FMT).weekday() for r in corpus["rows"])
    weekday_mean = sum(by_weekday[d] for d in range(5)) / 5
    assert by_weekday[6] < 0.5 * weekday_mean
    assert by_weekday[5] < by_weekday[0]


def test_transcripts_shape(corpus: dict) -> None:
    offsets = {"CO": {"-05:00"}, "MX": {"-06:00"}, "ES": {"+01:00", "+02:00"}}
    ids = set()
    for c in corpus["calls"]:
        assert set(c) == {"call_id", "started_at", "country", "customer_id", "segment", "product", "process",
                          "agent", "segments"}
        ids.add(c["call_id"])
        assert c["started_at"][-6:] in offsets[c["country"]]
        assert datetime.fromisoformat(c["started_at"]).tzinfo is not None
        assert 4 <= len(c["segments"]) <= 14
        speakers = [s["speaker"] for s in c["segments"]]
        assert set(speakers) == {"agente", "cliente"} and speakers[0] == "agente"
        last_end = 0.0
        for s in c["segments"]:
            assert last_end <= s["start"] < s["end"] and s["text"].strip()
            last_end = s["end"]
    assert len(ids) == len(corpus["calls"])
    summer = [c for c in corpus["calls"] if c["country"] == "ES" and c["started_at"][:10] == "2026-08-15"]
    winter = [c for c in corpus["calls"] if c["country"] == "ES" and c["started_at"][:10] >= "2026-11-02"]
    assert all(c["started_at"].endswith("+02:00") for c in summer)
    assert winter and all(c["started_at"].endswith("+01:00") for c in winter)


def test_social_has_the_x_api_shape(corpus: dict) -> None:
    social = corpus["social"]
    assert set(social) == {"data", "includes", "meta"}
    assert social["meta"]["result_count"] == len(social["data"])
    users = {u["id"]: u for u in social["includes"]["users"]}
    assert len(users) == len(social["includes"]["users"])
    created = []
    for t in social["data"]:
        assert {"id", "text", "author_id", "created_at", "lang", "public_metrics", "conversation_id"} <= set(t)
        assert t["author_id"] in users
        assert set(t["public_metrics"]) == {"retweet_count", "reply_count", "like_count", "quote_count"}
        assert "@Conecta" in t["text"] and len(t["text"]) <= 280
        created.append(t["created_at"])
    assert created == sorted(created, reverse=True)  # newest first, as the search API returns
    assert len({t["id"] for t in social["data"]}) == len(social["data"])
    langs = Counter(t["lang"] for t in social["data"])
    assert set(langs) == {"es", "en", "pt"} and 0.005 < (langs["en"] + langs["pt"]) / len(social["data"]) < 0.05
    assert sum(u["public_metrics"]["followers_count"] >= 100_000 for u in users.values()) >= 3
    assert any(t["conversation_id"] != t["id"] for t in social["data"])  # some replies


# --------------------------------------------------------------------------- ground truth
def test_truth_labels_every_record_and_sentiment_mix(corpus: dict) -> None:
    truth = corpus["truth"]
    records = truth["records"]
    assert set(records) == set(corpus["items"])
    assert {r["sentiment"] for r in records.values()} == {"neg", "neu", "pos"}
    share = Counter(r["sentiment"] for r in records.values())
    assert 0.06 < share["pos"] / len(records) < 0.15
    assert 0.15 < share["neu"] / len(records) < 0.32
    assert set(truth["issues"]) >= {i for r in records.values() for i in r["issues"]}
    assert len(truth["issues"]) >= 15
    assert sum(len(r["issues"]) == 2 for r in records.values()) > 100  # texts with two issues
    assert sum(r["sarcasm"] for r in records.values()) > 100
    for key, r in records.items():
        assert r["date"] == corpus["items"][key]["date"].isoformat()


def test_emerging_issue_only_in_last_seven_days(corpus: dict) -> None:
    emerging = corpus["truth"]["emerging"]
    records, items = corpus["truth"]["records"], corpus["items"]
    last_week = END - timedelta(days=6)
    labelled = [k for k, r in records.items() if emerging["issue"] in r["issues"]]
    assert len(labelled) >= 60
    assert all(items[k]["date"] >= last_week for k in labelled)
    channels = Counter(items[k]["channel"] for k in labelled)
    assert (channels["social"] + channels["pqrs"]) / len(labelled) >= 0.7
    # the texts themselves: the version number shows up nowhere before the last week
    mentions = [i for i in items.values() if EMERGING_MARKER.search(i["text"])]
    assert len(mentions) >= 60
    assert all(i["date"] >= last_week for i in mentions)
    assert date.fromisoformat(emerging["start"]) >= last_week


def test_social_negative_spike(corpus: dict) -> None:
    spike = corpus["truth"]["social_spike"]
    records = corpus["truth"]["records"]
    spike_day = date.fromisoformat(spike["date"])
    assert (END - spike_day).days < 3
    negative = Counter()
    for key, item in corpus["items"].items():
        if item["channel"] == "social" and records[key]["sentiment"] == "neg":
            negative[item["date"]] += 1
    days = [END - timedelta(days=k) for k in range(DAYS)]
    median = statistics.median(negative[d] for d in days)
    assert negative[spike_day] >= 4 * median
    assert negative.most_common(1)[0][0] == spike_day
    big = [k for k, i in corpus["items"].items() if i["channel"] == "social" and i["date"] == spike_day
           and i["followers"] >= 100_000 and records[k]["sentiment"] == "neg"
           and spike["issue"] in records[k]["issues"]]
    assert big
    outage = [i for k, i in corpus["items"].items() if i["channel"] == "social" and i["date"] == spike_day
              and "bogot" in fold(i["text"]) and spike["issue"] in records[k]["issues"]]
    assert len(outage) >= 5


def test_recurring_issues_appear_every_week(corpus: dict) -> None:
    truth, items = corpus["truth"], corpus["items"]
    recurring = truth["recurring"]
    assert len(recurring) >= 5
    volume = Counter(r["issues"][0] for r in truth["records"].values() if r["issues"])
    assert set(recurring) == {k for k, _ in volume.most_common(len(recurring))}
    for issue in recurring:
        weeks = Counter((END - items[k]["date"]).days // 7 for k, r in truth["records"].items()
                        if issue in r["issues"])
        assert all(weeks[w] > 0 for w in range(DAYS // 7)), issue


def test_wording_matches_the_country(corpus: dict) -> None:
    texts = defaultdict(list)
    for r in corpus["rows"]:
        texts[r["pais"]].append(fold(r["descripcion"]))
    for c in corpus["calls"]:
        texts[c["country"]].append(fold(" ".join(s["text"] for s in c["segments"])))
    for country, pattern in MARKERS.items():
        own = sum(bool(pattern.search(t)) for t in texts[country]) / len(texts[country])
        assert own > 0.1, (country, own)
        for other in ("CO", "MX", "ES"):
            if other != country:
                leaked = [t for t in texts[other] if pattern.search(t)]
                assert not leaked, (country, other, leaked[:3])


def _luhn_ok(number: str) -> bool:
    digits = [int(c) for c in number if c.isdigit()][::-1]
    total = sum(d if i % 2 == 0 else (d * 2 - 9 if d * 2 > 9 else d * 2) for i, d in enumerate(digits))
    return total % 10 == 0


def test_some_pqrs_carry_personal_data(corpus: dict) -> None:
    rows, records = corpus["rows"], corpus["truth"]["records"]
    email = re.compile(r"[\w.]+@[\w.]+\.\w+")
    card = re.compile(r"\b\d{4} \d{4} \d{4} \d{4}\b")
    cedula = re.compile(r"\b(CC|C\.C\.|cédula) \d{1,3}(\.\d{3}){2,3}\b")
    with_pii = [r for r in rows if email.search(r["descripcion"]) or card.search(r["descripcion"])
                or cedula.search(r["descripcion"]) or re.search(r"\b(DNI|CURP) [0-9A-Z]{9,18}\b", r["descripcion"])
                or re.search(r"\d{3}[ -]?\d{3}[ -]?\d{4}", r["descripcion"])]
    assert 0.02 * len(rows) < len(with_pii) < 0.1 * len(rows)
    assert any(cedula.search(r["descripcion"]) for r in rows)
    cards = [m.group(0) for r in rows for m in [card.search(r["descripcion"])] if m]
    assert cards and all(_luhn_ok(c) for c in cards)
    for r in rows:  # what truth lists as personal data is really in the text
        for p in records[f"pqrs:{r['radicado']}"]["pii"]:
            assert p["value"] in r["descripcion"]


# --------------------------------------------------------------------------- phrase banks
def _strings(bank: object) -> list[str]:
    """Every string in nested dicts and tuples (the call scripts), leaving other objects out."""
    if isinstance(bank, str):
        return [bank]
    if isinstance(bank, dict):
        return [s for v in bank.values() for s in _strings(v)]
    if isinstance(bank, tuple):
        return [s for v in bank for s in _strings(v)]
    return []


def test_every_template_fills_in_every_country() -> None:
    """Rare templates are drawn rarely: fill them all once so a misspelt slot cannot hide."""
    templates: list[str] = []
    for issue in ISSUES.values():
        written = [t for ts in issue.written.values() for t in ts]
        assert len(set(written)) >= 12 and len(set(issue.social + issue.sarcastic_social)) >= 10, issue.key
        templates += written + list(issue.social + issue.sarcastic_social + issue.clause + issue.call + issue.agent)
    for topic in TOPICS.values():
        templates += list(topic.written + topic.social + topic.call + topic.agent)
    templates += list(WRITTEN.details_neg + WRITTEN.details_calm)
    templates += [t for ts in WRITTEN.pii_lines.values() for t in ts]
    templates += [p.text for p in SOCIAL.outage_posts + SOCIAL.foreign_posts + SOCIAL.big_account_posts]
    templates += [SOCIAL.spike_influencer.post, SOCIAL.spike_news.post]
    templates += _strings(vars(CALLS))
    for country in ("CO", "MX", "ES"):
        country_templates = templates + [t for bank in (WRITTEN.openers, WRITTEN.closers)
                                         for ts in bank[country].values() for t in ts]
        for template in country_templates:
            slots = make_slots(random.Random(0), country, END, city="Bogotá", product="Plan Pospago 20GB",
                               family="movil", brand="@ConectaAyuda")
            slots.update(saludo="Buenos días", saludo_min="buenos días", doc="123", oferta="una oferta")
            text = fill(template, slots)
            assert "{" not in text and "}" not in text, template


# --------------------------------------------------------------------------- customers at risk
def test_customers_at_risk_are_planted(corpus: dict) -> None:
    """Twelve customers: repeat complainers by PQRS and phone, strategic customers with cases past
    their term, customers who say they leave; every contact in the last 30 days and negative."""
    planted = corpus["truth"]["at_risk_customers"]
    assert len(planted) == 12
    by_profile = Counter(c["profile"] for c in planted)
    assert by_profile == {"repite_queja": 4, "estrategico_vencido": 4, "anuncia_fuga": 4}
    rows = {f"pqrs:{r['radicado']}": r for r in corpus["rows"]}
    calls = {f"transcript:{c['call_id']}": c for c in corpus["calls"]}
    ordinary_ids = {r["cliente_id"] for k, r in rows.items() if "at_risk" not in corpus["truth"]["records"][k]["tags"]}
    for c in planted:
        assert c["customer_id"] not in ordinary_ids  # customers of their own
        for key in c["records"]:
            truth = corpus["truth"]["records"][key]
            assert truth["tags"] == ["at_risk"] and truth["sentiment"] == "neg"
            assert (END - corpus["items"][key]["date"]).days < 30
            source = rows.get(key) or calls[key]
            assert (source.get("cliente_id") or source.get("customer_id")) == c["customer_id"]
        channels = {k.split(":")[0] for k in c["records"]}
        if c["profile"] == "repite_queja":
            assert channels == {"pqrs", "transcript"} and len(c["records"]) >= 4
        if c["profile"] == "estrategico_vencido":
            assert c["segment"] == "estratégico"
            old_open = [rows[k] for k in c["records"] if k in rows and not rows[k]["fecha_primera_respuesta"]
                        and (END - corpus["items"][k]["date"]).days >= 25]
            assert len(old_open) == 2  # past the 15 business days of a queja or reclamo
        if c["profile"] == "anuncia_fuga":
            said = " ".join(corpus["items"][k].get("customer_text") or corpus["items"][k]["text"] for k in c["records"])
            assert re.search(r"cambiar de operador|cancelen mi cuenta|competencia|portabilidad", said, re.I)


def test_planting_changes_no_ordinary_record(tmp_path: Path) -> None:
    with_them, without = tmp_path / "con", tmp_path / "sin"
    generate_demo(with_them, n_records=800, days=40)
    generate_demo(without, n_records=800, days=40, at_risk=False)
    for name in ("pqrs.csv", "transcripts.jsonl"):
        before = (without / name).read_text(encoding="utf-8").splitlines()
        after = (with_them / name).read_text(encoding="utf-8").splitlines()
        assert len(after) > len(before) and not set(before) - set(after), name
    assert (with_them / "social.json").read_bytes() == (without / "social.json").read_bytes()
    assert "at_risk_customers" not in json.loads((without / "truth.json").read_text(encoding="utf-8"))
