"""Issues on the demo corpus follow the planted problems and carry names a manager would write.

A small demo corpus (the generator's truth.json names each record's issue), read through the
default connectors and redaction, embedded as the enrichment stores it (the topic text) and
clustered with the default model (telecom and bank catalogues). Measured on this corpus
(1,200 records, seeds 42 and 1): ARI 0.47-0.49 over all records, 0.55-0.56 over complaints,
0.46-0.52 per channel; the planted recurring issues hold 65-91 % of their records in an issue
named with their key term. The bars sit below with room for another machine's float bits;
docs/QUALITY.md (Topics) has the full-size figures.
"""

from __future__ import annotations

from collections import Counter

import numpy as np
import pytest
from sklearn.metrics import adjusted_rand_score

from escucha.evaluation.topics import demo_checks, demo_records
from escucha.nlp.encoders import UniversalSentenceEncoder
from escucha.nlp.text.topic_text import topic_text
from escucha.nlp.topics.brands import Brands
from escucha.nlp.topics.catalog import Catalog
from escucha.nlp.topics.labels import NameFilter
from escucha.nlp.topics.vectorizer import spanish_stop_words

N_RECORDS = 1200


@pytest.fixture(scope="module")
def fitted():
    from escucha.config import load_config
    from escucha.pipeline.topics import new_modeler

    texts, entries, planted = demo_records(N_RECORDS, seed=7)
    keep = [i for i, e in enumerate(entries) if e.get("lang", "es") == "es"]
    texts, entries = [texts[i] for i in keep], [entries[i] for i in keep]
    encoder = UniversalSentenceEncoder()
    emb = encoder.encode([topic_text(t, e["channel"]) for t, e in zip(texts, entries)])
    model = new_modeler(load_config(None, environ={}), encoder)
    model.min_topic_size = 15
    ids = model.fit(texts, emb).topic_ids
    return model, ids, entries, planted


@pytest.mark.slow
def test_issues_recover_the_planted_problems(fitted):
    _, ids, entries, _ = fitted
    truth = np.array([e["topic"] for e in entries])
    channel = np.array([e["channel"] for e in entries])
    complaints = np.array([e.get("kind") == "issue" for e in entries])
    assert adjusted_rand_score(truth, ids) > 0.38
    assert adjusted_rand_score(truth[complaints], ids[complaints]) > 0.45
    for c in ("pqrs", "social", "transcript"):
        assert adjusted_rand_score(truth[channel == c], ids[channel == c]) > 0.35, c


@pytest.mark.slow
def test_recurring_issues_sit_in_one_issue_named_for_them(fitted):
    model, ids, entries, planted = fitted
    names = dict(zip(model.topics()["topic_id"], model.topics()["label"]))
    checks = demo_checks(ids, entries, names, planted)
    for key, got in checks["recurring"].items():
        assert got["named"] and got["share"] >= 0.55, (key, got)
    assert "servicio" in checks["outage"]["name"].lower()
    # the app release of the last weeks is an issue of its own, named after its version
    assert "5.2" in checks["emerging"]["name"] and checks["emerging"]["share"] >= 0.8, checks["emerging"]


@pytest.mark.slow
def test_praise_is_not_counted_as_the_problem_it_mentions(fitted):
    model, ids, entries, _ = fitted
    table = model.table_.topics
    truth = np.array([e["topic"] for e in entries])
    kind = {i["key"]: i["kind"] for i in model.catalog}
    problems = {t for t, topic in table.items() if kind.get(topic.catalog_key) == "problema"}
    for theme in ("felicitacion_app", "felicitacion_tecnico", "felicitacion_asesor"):
        mine = ids[truth == theme]
        assert np.mean(np.isin(mine, list(problems))) < 0.4, theme


@pytest.mark.slow
def test_no_issue_swallows_a_channel(fitted):
    _, ids, entries, _ = fitted
    calls = ids[np.array([e["channel"] == "transcript" for e in entries])]
    _, biggest = Counter(calls[calls >= 0].tolist()).most_common(1)[0]
    assert biggest < 0.25 * len(calls)


@pytest.mark.slow
def test_every_issue_has_a_kind_and_complaints_are_not_set_apart(fitted):
    """Catalogue issues keep their catalogue's kind; the others get one from their texts; the
    demo's complaints are problems, not advertising (on this corpus none is set apart)."""
    from escucha.nlp.topics.catalog import KINDS, load_catalog

    model, ids, entries, _ = fitted
    table = model.topics()
    table = table[table["topic_id"] >= 0]
    assert set(table["kind"]) <= set(KINDS)
    catalogue = {i.name: i.kind for i in load_catalog(["telecomunicaciones", "banca"]).issues}
    for label, kind in zip(table["label"], table["kind"]):
        if label in catalogue:
            assert kind == catalogue[label], label
    apart = set(table.loc[table["kind"] == "comentario", "topic_id"])
    complaints = np.array([e.get("kind") == "issue" for e in entries])
    assert np.isin(ids[complaints], list(apart)).mean() <= 0.02


@pytest.mark.slow
def test_names_are_neither_fillers_nor_feelings_nor_brands(fitted):
    model, _, _, _ = fitted
    stops = spanish_stop_words()
    names = NameFilter(model.brand_terms)
    for label in model.topics()["label"]:
        words = [w for w in label.lower().split() if w.isalpha()]
        assert any(w not in stops for w in words), label
        assert names.allows(label[:1].lower() + label[1:]) or label == "Sin tema asignado", label


@pytest.mark.slow
def test_no_two_issues_of_the_report_mean_the_same(fitted):
    """The demo company is a telco and a bank: an issue both catalogues hold (the app failing)
    is one issue of the report, and no issue's name holds another's whole name."""
    from escucha.nlp.topics.zeroshot import StemAnalyzer

    model, _, _, _ = fitted
    cat = Catalog.from_list(model.catalog)
    issues = [cat.get(t.catalog_key) for t in model.table_.topics.values() if t.catalog_key]
    stems = StemAnalyzer()
    for i, a in enumerate(issues):
        for b in issues[i + 1 :]:
            assert not a.means(b), (a.name, b.name)
            sa, sb = set(stems(a.name)), set(stems(b.name))
            assert not (sa <= sb or sb <= sa), (a.name, b.name)
    assert not any(Brands.of(model.brand_terms).named_in_text(label) for label in model.subthemes()["label"])
