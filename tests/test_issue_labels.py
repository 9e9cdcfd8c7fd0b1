"""Issues analysts choose on "Revisar y etiquetar": the label wins over the clustering, survives
merges, splits and refits, and teaches the model (a new text identical or nearly identical to a
labelled one takes the same issue).

Every assertion holds whatever the clustering finds: the issue a labelled record is moved to is
one the clustering did *not* give it, and the properties are about labels, not about clusters.
Data: tests/topics_corpus.py (Spanish complaint themes written for these tests), real USE
embeddings, PCA instead of UMAP so a fit takes a second.
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from pathlib import Path

import numpy as np
import pytest
import yaml

from escucha.nlp.encoders import UniversalSentenceEncoder
from escucha.nlp.text.topic_text import TOPIC_TEXT_VERSION
from escucha.nlp.topics import BERTopicModeler
from escucha.nlp.topics.examples import ExampleIndex, IssueExample
from escucha.records import build_record
from topics_corpus import make_corpus

MIN_TOPIC_SIZE = 12
START = datetime(2026, 10, 1, 12, 0, tzinfo=timezone.utc)


@pytest.fixture(scope="module")
def encoder():
    return UniversalSentenceEncoder()


@pytest.fixture(scope="module")
def corpus(encoder):
    docs, names = make_corpus(per_theme=25, n_noise=6, seed=7)
    return docs, np.array(names), np.asarray(encoder.encode(docs), dtype=np.float32)


def _model() -> BERTopicModeler:
    return BERTopicModeler(min_topic_size=MIN_TOPIC_SIZE, reducer="pca", seed=42, embedding_text=TOPIC_TEXT_VERSION)


def _relabel(ids: np.ndarray) -> tuple[int, int, int]:
    """(a labelled doc, its topic, another topic): the label goes against the clustering."""
    doc = int(np.flatnonzero(ids >= 0)[0])
    other = int(next(t for t in sorted(set(ids.tolist())) if t >= 0 and t != ids[doc]))
    return doc, int(ids[doc]), other


# -- the model --------------------------------------------------------------------------------
def test_example_index_takes_the_nearest_example_above_the_bar():
    v = np.eye(4, dtype=np.float32)
    index = ExampleIndex([IssueExample(7, v[0]), IssueExample(9, v[1])], min_similarity=0.9)
    near = np.array([[1.0, 0.05, 0, 0], [0.1, 1.0, 0, 0], [0.7, 0.7, 0, 0], [0, 0, 1, 0]], dtype=np.float32)
    topic, sim = index.nearest(near)
    assert topic.tolist() == [7, 9, -1, -1]
    assert sim[0] > 0.99 and sim[2] < 0.9
    with pytest.raises(ValueError):
        ExampleIndex([], min_similarity=0)


def test_a_labelled_text_and_its_twins_take_the_label_in_every_assignment(corpus, encoder):
    docs, _, emb = corpus
    model = _model()
    ids = model.fit(docs, emb).topic_ids
    doc, was, label = _relabel(ids)
    kept = model.set_examples([IssueExample(label, emb[doc], docs[doc], "r1")])
    assert [(e.topic_id, e.ref) for e in kept] == [(label, "r1")]
    twins = [docs[doc], docs[doc] + "!!", docs[doc].rstrip(".")]  # the same text, with exclamations, unended
    twin_emb = np.asarray(encoder.encode(twins), dtype=np.float32)
    assert (twin_emb @ emb[doc] >= model.examples_.min_similarity).all()  # what "nearly identical" means here
    assert model.transform(emb[[doc]]).topic_ids.tolist() == [label]
    assert model.update(twins, twin_emb).topic_ids.tolist() == [label] * 3
    # a text far from every example is left to the prototypes (same seed, same process: the same fit)
    far = int(np.argmin(emb @ emb[doc]))
    assert float(emb[far] @ emb[doc]) < model.examples_.min_similarity
    without = _model()
    without.fit(docs, emb)
    assert model.transform(emb[[far]]).topic_ids.tolist() == without.transform(emb[[far]]).topic_ids.tolist()


def test_a_refit_keeps_a_labelled_issue_even_when_the_clustering_loses_it(corpus):
    docs, names, emb = corpus
    model = _model()
    ids = model.fit(docs, emb).topic_ids
    doc, _, label = _relabel(ids)
    model.set_examples([IssueExample(label, emb[doc], docs[doc], "r1")])
    # refit without any text of the issue's theme but the labelled one: nothing else holds it
    gone = np.isin(names, list({n for n, t in zip(names, ids) if t == label}))
    keep = np.flatnonzero(~gone | (np.arange(len(docs)) == doc))
    mapping = model.refit([docs[i] for i in keep], emb[keep])
    assert mapping[label] == label and label in set(model.topics()["topic_id"])
    assert model.assignment_.topic_ids[list(keep).index(doc)] == label
    assert model.transform(emb[[doc]]).topic_ids.tolist() == [label]


def test_labels_follow_their_issue_through_a_merge_and_a_split(corpus):
    docs, _, emb = corpus
    model = _model()
    ids = model.fit(docs, emb).topic_ids
    doc, was, label = _relabel(ids)
    model.set_examples([IssueExample(label, emb[doc], docs[doc], "r1")])
    model.merge([label, was], into=was)  # the analyst's issue is merged into another
    assert [e.topic_id for e in model.examples] == [was]
    assert model.transform(emb[[doc]]).topic_ids.tolist() == [was]
    members = np.flatnonzero(np.isin(ids, [label, was]))
    split = model.split(was, [docs[i] for i in members], emb[members], n_topics=2)
    child = model.examples[0].topic_id
    assert child in split.new_topic_ids  # the part whose prototype is nearest to the labelled text
    assert split.topic_ids[list(members).index(doc)] == child
    assert model.resolve_topic(label, emb[doc]) == child and model.resolve_topic(label) is None


# -- labels teach the catalogue score (zeroshot.CatalogMatcher.with_examples) --------------------
# Hand-made unit vectors: issue "a" is said along e0, issue "b" along e1. A labelled text L (e2)
# and its paraphrase P: cosine 0.8 to each other (below the near-copy bar, 0.85), 0.3 to "a".
_E = np.eye(6, dtype=np.float32)
_LABEL = _E[2]
_PARAPHRASE = 0.3 * _E[0] + 0.8 * _E[2] + float(np.sqrt(1 - 0.3**2 - 0.8**2)) * _E[3]
_ISSUES = [{"key": "a", "name": "Cobro doble", "examples": ["me cobraron dos veces"]},
           {"key": "b", "name": "Cajero sin dinero", "examples": ["el cajero no dio billetes"]}]


class _TableEncoder:
    """Each catalogue text to its issue's axis (e0 for "a", e1 for "b")."""

    name = "hand-made"

    def encode(self, texts):
        axis = {t: k for k, issue in enumerate(_ISSUES) for t in (issue["name"], *issue["examples"])}
        return np.stack([_E[axis[t]] for t in texts])


def _matcher(**kw):
    from escucha.nlp.topics.catalog import Catalog
    from escucha.nlp.topics.zeroshot import CatalogMatcher

    return CatalogMatcher(Catalog.from_list(_ISSUES), _TableEncoder(), max_weight=0.5, **kw).fit()


def test_a_labelled_paraphrase_pulls_a_text_into_the_labelled_catalogue_issue():
    matcher = _matcher(lexical_weight=0.0)
    doc = ["texto de prueba"]
    before = matcher.score(doc, _PARAPHRASE[None])[0]
    assert before.max() < 0.45  # alone, the catalogue leaves it to the clustering
    taught = matcher.with_examples([0], _LABEL[None], ["texto etiquetado"])
    after = taught.score(doc, _PARAPHRASE[None])[0]
    # the label is one more text of "a" in the closest-text term: 0.5 * 0.3 + 0.5 * 0.8
    assert after.argmax() == 0 and after[0] == pytest.approx(0.55, abs=1e-5) and after[0] >= 0.45
    assert after[1] == before[1]  # the other issue does not move
    assert np.array_equal(matcher.score(doc, _PARAPHRASE[None]), before[None])  # the matcher itself is unchanged
    with pytest.raises(ValueError):
        matcher.with_examples([2], _LABEL[None])  # not an issue of the catalogue


def test_scores_are_the_same_with_no_labels_and_the_labels_words_only_touch_their_issue():
    matcher = _matcher(lexical_weight=1.0)
    docs = ["me cobraron dos veces la compra", "el cajero no me dio billetes", "texto de prueba"]
    emb = np.stack([_E[0], _E[1], _PARAPHRASE])
    base = matcher.score(docs, emb)
    assert np.array_equal(matcher.with_examples([], np.zeros((0, 6)), []).score(docs, emb), base)
    worded = matcher.with_examples([1], _E[4][None], ["billetes falsos en el cajero"], lexical=True)
    got = worded.score(docs, emb)
    assert np.array_equal(got[:, 0], base[:, 0])  # IDF and vocabulary stay the catalogue's: "a" is untouched
    assert not np.array_equal(got[:, 1], base[:, 1])


def _catalogue_model():
    """A model whose issues come from the catalogue alone (too few texts to cluster): topic 0 is
    catalogue issue "a", topic 1 "b"; topic 2, added by hand, one the model discovered. The
    paraphrase is a member of none of them (cosine 0.3 to "a")."""
    import dataclasses

    model = BERTopicModeler(encoder=_TableEncoder(), catalog=_ISSUES, catalog_lexical_weight=0.0, min_topic_size=10,
                            outlier_threshold=0.95, max_outlier_share=1.0, reducer="pca")
    docs = ["me cobraron dos veces"] * 4 + ["el cajero no dio billetes"] * 4
    emb = np.vstack([np.tile(_E[0], (4, 1)), np.tile(_E[1], (4, 1))]) + 0.01 * np.eye(8, 6, 2)
    assert model.fit(docs, emb).topic_ids.tolist() == [0] * 4 + [1] * 4
    table = model.table_
    assert table.topics[0].catalog_key == "a" and not table.match(_PARAPHRASE[None])[2][0]
    found = dataclasses.replace(table.topics[1], topic_id=2, label="Clientes molestos", catalog_key=None, subthemes=[])
    table.add(found, _E[5][None], [0.99], [10], [0.9])
    return model


def test_a_label_of_a_catalogue_issue_teaches_the_models_score_and_one_of_a_discovered_issue_does_not():
    doc, emb = ["texto de prueba"], _PARAPHRASE[None]
    assert _catalogue_model().update(doc, emb).topic_ids.tolist() == [-1]
    model = _catalogue_model()
    model.set_examples([IssueExample(0, _LABEL, "texto etiquetado", "r1")])
    assert model.update(doc, emb).topic_ids.tolist() == [0]
    # a label of a discovered issue only reaches near copies (the paraphrase is at 0.8 < 0.85)
    model = _catalogue_model()
    model.set_examples([IssueExample(2, _LABEL, "texto etiquetado", "r1")])
    assert model.update(doc, emb).topic_ids.tolist() == [-1]


def test_the_learning_curve_counts_what_labels_add_to_the_catalogue():
    """escucha.evaluation.label_examples on four hand-made texts: the two of "a" are paraphrases
    (cosine 0.68), the two of "b" copies; whichever text of each issue is labelled, the other "a"
    text takes "a" only through the label, and the "b" copy is a near copy."""
    from escucha.evaluation.label_examples import label_curve

    twin = 0.3 * _E[0] + float(np.sqrt(0.75)) * _E[2]
    emb = np.stack([twin + 0.4 * _E[3], twin - 0.4 * _E[3], _E[1], _E[1]])
    points = {p.rule: p for p in label_curve(["texto de prueba"] * 4, emb, ["a", "a", "b", "b"],
                                             _matcher(lexical_weight=0.0), ks=(1,), draws=2)}
    assert (points["near copy"].reach, points["near copy"].precision) == (0.5, 1.0)
    assert (points["catalogue"].reach, points["catalogue"].precision) == (0.5, 1.0)
    taught = points["catalogue + labels"]
    assert (taught.reach, taught.precision, taught.gained, taught.lost, taught.labels) == (1.0, 1.0, 1.0, 0.0, 2)


# -- the store: the nightly stage, corrections and refits -------------------------------------------
def _config(tmp_path: Path, store_url: str):
    from escucha.config import load_config

    path = tmp_path / "escucha.yaml"
    path.write_text(yaml.safe_dump({"data_dir": str(tmp_path / "data"), "connectors": [], "store": {"url": store_url},
                                    "topics": {"min_topic_size": MIN_TOPIC_SIZE, "catalog": []}},
                                   allow_unicode=True), encoding="utf-8")
    return load_config(path, environ={})


def _save(store, encoder, texts: list[str], prefix: str, day: int = 0) -> list[str]:
    recs = [build_record("pruebas", f"{prefix}{i}", channel="pqrs", text=t,
                         created_at=START + timedelta(days=day, hours=i % 24)) for i, t in enumerate(texts)]
    store.save_batch("pruebas", recs, [], None, f"run-{prefix}")
    store.upsert_embeddings([r.id for r in recs], encoder.encode(texts), encoder.name, f"run-{prefix}")
    return [r.id for r in recs]


def _topics(store, ids: list[str]) -> list[int]:
    got = store.fetch_topic_assignments(ids)
    return [int(t) for t in got.set_index("record_id").loc[ids, "topic_id"]]


@pytest.mark.slow  # three fits on ~180 texts, on each backend
def test_a_labelled_record_shows_its_label_after_every_run_edit_and_refit(tmp_path, store_url, encoder, corpus):
    from escucha.pipeline.context import open_configured_store
    from escucha.pipeline.topic_edits import merge_topics, refit_topics, rename_topic
    from escucha.pipeline.topics import model_root, update_topics

    cfg = _config(tmp_path, store_url)
    docs, _, emb = corpus
    model = _model()
    first = model.fit(docs, emb)
    model.save(model_root(cfg) / model.model_version)
    with open_configured_store(cfg) as store:
        rids = _save(store, encoder, docs, "h")
        store.save_topics(first.to_frame(rids), model.topics(), "run-fit")
        ids = np.array(_topics(store, rids))
        doc, was, label = _relabel(ids)
        store.add_label(rids[doc], "issue", str(label), "Ana")
        assert _topics(store, [rids[doc]]) == [was]  # the clustering's issue until the next run

        out = update_topics(cfg, store, "run-1", encoder=encoder)  # nothing new: labels only
        assert out["assigned"] == 0 and out["labelled"] == 1
        assert _topics(store, [rids[doc]]) == [label]
        # new records: the same text, and the same text with exclamations, go to the label's issue
        twins = _save(store, encoder, [docs[doc], docs[doc] + "!!"], "n", day=3)
        out = update_topics(cfg, store, "run-2", encoder=encoder)
        assert out["assigned"] == 2
        assert _topics(store, [rids[doc], *twins]) == [label] * 3

    rename_topic(cfg, label, "Elegido por la analista")
    refit_topics(cfg, encoder=encoder)
    with open_configured_store(cfg) as store:
        assert _topics(store, [rids[doc], *twins]) == [label] * 3
        assert store.fetch_topics().set_index("topic_id").loc[label, "label"] == "Elegido por la analista"
        other = next(int(t) for t in store.fetch_topics()["topic_id"] if t >= 0 and t != label)
    merge_topics(cfg, [other, label])  # the analyst's issue is merged into another: the record follows
    with open_configured_store(cfg) as store:
        assert _topics(store, [rids[doc], *twins]) == [other] * 3
        third = next(int(t) for t in store.fetch_topics()["topic_id"] if t >= 0 and t != other)
        store.add_label(rids[doc], "issue", str(third), "Luis")  # a later label wins over an earlier one
        assert update_topics(cfg, store, "run-3", encoder=encoder)["labelled"] == 1
        assert _topics(store, [rids[doc]]) == [third]
