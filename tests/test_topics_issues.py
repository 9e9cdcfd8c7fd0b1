"""Issues: shipped catalogues, zero-shot scores, names a manager would write, hierarchical merging.

No topic fit here (tests/test_topics.py fits the model with a catalogue); the matcher tests use
the real USE encoder on a handful of texts written for these tests.
"""

from __future__ import annotations

import numpy as np
import pytest

from escucha.nlp.topics.catalog import Catalog, CatalogIssue, available_catalogs, load_catalog, own_key, promote
from escucha.nlp.topics.issues import issue_groups, partition_issues, release_anchors
from escucha.nlp.topics.labels import NameFilter, corpus_terms, make_label

INDUSTRIES = {"banca", "telecomunicaciones", "servicios_publicos", "comercio", "salud", "seguros", "transporte",
              "gobierno"}


# -- catalogues ---------------------------------------------------------------------------------
def test_every_industry_ships_a_spanish_catalogue_with_examples():
    assert INDUSTRIES <= set(available_catalogs())
    for name in INDUSTRIES:
        cat = load_catalog([name])
        keys = [i.key for i in cat.issues]
        assert len(keys) == len(set(keys)) and len(cat) >= 12, name
        assert cat.get("no_contestan") is not None  # customer service is included in every industry
        for issue in cat.issues:
            assert issue.name[0].isupper() and len(issue.name.split()) <= 9, issue.name
            assert NameFilter().allows(issue.name[:1].lower() + issue.name[1:]), issue.name
            assert issue.definition and len(issue.examples) >= 3, issue.key
            assert len(set(issue.examples)) == len(issue.examples), issue.key


def test_catalogues_combine_and_the_company_adds_or_replaces_entries():
    own = [{"name": "Cobro del seguro de desempleo", "examples": ["me cobran un seguro que no pedí"]},
           {"key": "comisiones", "name": "Cuota de manejo", "examples": ["me cobran cuota de manejo"]}]
    cat = load_catalog(["banca", "telecomunicaciones"], own)
    keys = [i.key for i in cat.issues]
    assert len(keys) == len(set(keys))  # shared issues (cobranza, customer service) appear once
    assert cat.get("comisiones").name == "Cuota de manejo" and cat.get("comisiones").source == "empresa"
    assert cat.get(own_key("Cobro del seguro de desempleo")).source == "empresa"
    assert own_key("Cobro del seguro de desempleo") == "empresa:cobro_del_seguro_de_desempleo"
    assert Catalog.from_list(cat.to_list()).issues == cat.issues  # saved with a model, read back the same
    with pytest.raises(ValueError, match="banca"):
        load_catalog(["bancos"])  # the error lists the catalogues shipped
    with pytest.raises(ValueError, match="example"):
        CatalogIssue("x", "Sin ejemplos")


def test_an_issue_two_industries_share_is_one_issue_named_for_both_in_any_order():
    """A telco that is also a bank gets one app issue, matched in both industries' words and
    named by its shared name («Fallas de la app o la página web»), whichever catalogue is listed
    first; alone, each industry keeps its own name."""
    cat = load_catalog(["telecomunicaciones", "banca"])
    app = cat.get("app")
    bank_app = load_catalog(["banca"]).get("app_banca_en_linea")
    assert cat.get("app_banca_en_linea") is None and app.name == "Fallas de la app o la página web"
    assert set(bank_app.examples) <= set(app.examples) and "app_banca_en_linea" in app.same_as
    assert Catalog.from_list(cat.to_list()).issues == cat.issues  # saved with a model, read back the same
    other = load_catalog(["banca", "telecomunicaciones"])
    assert other.get("app") is None and other.get("app_banca_en_linea").name == app.name
    assert bank_app.name == "Fallas de la app o la banca en línea"
    assert load_catalog(["telecomunicaciones"]).get("app").name == "Fallas de la app"
    # the same key in two catalogues is the same issue too: one, with both's examples
    tel, bank = load_catalog(["telecomunicaciones"]), load_catalog(["banca"])
    sales = cat.get("ventas_no_solicitadas")
    assert set(tel.get("ventas_no_solicitadas").examples) | set(bank.get("ventas_no_solicitadas").examples) \
        == set(sales.examples)
    shipped = {i.key for c in available_catalogs() for i in load_catalog([c]).issues}
    for c in available_catalogs():
        for issue in load_catalog([c]).issues:
            assert set(issue.same_as) <= shipped - {issue.key}, (c, issue.key)


def test_every_merge_of_two_industries_has_one_name_that_fits_both():
    """Two issues of two catalogues that are one issue (`same_as`, or the same key) with
    different names carry the same `shared_name`, a name as the catalogue's own: so the merged
    name never depends on the order of `topics.catalog`."""
    from itertools import combinations

    issues = [i for c in available_catalogs() for i in load_catalog([c]).issues if i.source == c]
    names = NameFilter()
    merges = 0
    for a, b in combinations(issues, 2):
        if a.source == b.source or not a.means(b):
            continue
        merges += 1
        if a.name != b.name:
            assert a.shared_name and a.shared_name == b.shared_name, (a.source, a.key, b.source, b.key)
        for shared in {a.shared_name, b.shared_name} - {""}:
            assert shared[0].isupper() and len(shared.split()) <= 9, shared
            assert names.allows(shared[:1].lower() + shared[1:]), shared
        merged = load_catalog([a.source, b.source])
        assert merged.get(a.key).name == load_catalog([b.source, a.source]).get(b.key).name, (a.key, b.key)
    assert merges >= 10


def test_card_fraud_is_not_a_telcos_unknown_charge_on_the_bill(encoder):
    """A telco that is also a bank: card fraud is the bank's issue, named as a bank manager
    says it, never the telco's «Cargos no reconocidos en la factura»."""
    from escucha.nlp.topics.zeroshot import CatalogMatcher

    cat = load_catalog(["telecomunicaciones", "banca"])
    fraud, bill = cat.get("cargo_no_reconocido"), cat.get("cargos_factura")
    assert fraud is not None and bill is not None and not fraud.means(bill)
    assert "factura" not in fraud.name.lower() and "fraude" in fraud.name.lower()
    matcher = CatalogMatcher(cat, encoder, lexical_weight=0.5).fit()
    docs = ["me clonaron la tarjeta y hicieron compras que no hice",
            "aparecen compras que no hice en mi tarjeta de crédito"]
    keys = [i.key for i in cat.issues]
    scores = matcher.score(docs, encoder.encode(docs))
    assert [cat.issues[int(np.argmax(r))].name for r in scores] == [fraud.name] * 2, \
        [keys[int(np.argmax(r))] for r in scores]


def _name_stems(name: str) -> set[str]:
    from escucha.nlp.topics.zeroshot import StemAnalyzer

    return set(StemAnalyzer()(name))


def test_no_two_issues_of_two_industries_mean_the_same(encoder):
    """Whatever two industries a company names, its catalogue never holds two issues of
    different industries that say the same thing: no name holding another's whole name ("Fallas
    de la app" inside "Fallas de la app o la banca en línea"), and no two issues closer (the
    mean vector of their name, definition and examples) than the two closest issues of any one
    shipped catalogue, which its authors wrote as different problems."""
    from itertools import combinations

    texts = sorted({t for c in available_catalogs() for i in load_catalog([c]).issues for t in i.texts}
                   | {t for a, b in combinations(INDUSTRIES, 2) for i in load_catalog([a, b]).issues for t in i.texts})
    vec = dict(zip(texts, encoder.encode(texts)))

    def centroids(cat):
        c = np.stack([np.mean([vec[t] for t in i.texts], axis=0) for i in cat.issues])
        return c / np.linalg.norm(c, axis=1, keepdims=True)

    resolution = 0.0
    for name in available_catalogs():
        c = centroids(load_catalog([name]))
        sims = c @ c.T
        np.fill_diagonal(sims, -1)
        resolution = max(resolution, float(sims.max()))
    for a, b in combinations(sorted(INDUSTRIES), 2):
        cat = load_catalog([a, b])
        c = centroids(cat)
        for i, j in combinations(range(len(cat)), 2):
            x, y = cat.issues[i], cat.issues[j]
            if x.source == y.source:
                continue
            sx, sy = _name_stems(x.name), _name_stems(y.name)
            assert not (sx <= sy or sy <= sx), (a, b, x.name, y.name)
            assert float(c[i] @ c[j]) <= resolution, (a, b, x.name, y.name, float(c[i] @ c[j]), resolution)


def test_promote_makes_a_config_entry_from_an_issues_texts():
    entry = promote("  Cobro  del seguro ", ["me cobran el seguro", "me cobran el seguro", "seguro no pedido", ""],
                    definition="Seguros cobrados sin pedirlos.")
    assert entry == {"key": "empresa:cobro_del_seguro", "name": "Cobro del seguro",
                     "definition": "Seguros cobrados sin pedirlos.", "examples": ["me cobran el seguro", "seguro no pedido"],
                     "kind": "problema"}


@pytest.fixture(scope="module")
def encoder():
    from escucha.nlp.encoders import UniversalSentenceEncoder

    return UniversalSentenceEncoder()


def test_zero_shot_scores_follow_the_problem_and_keep_praise_out(encoder):
    from escucha.nlp.topics.zeroshot import CatalogMatcher

    cat = load_catalog(["banca"])
    matcher = CatalogMatcher(cat, encoder, lexical_weight=0.5, stop_words=["Bancomercio"]).fit()
    docs = {
        "cajeros": "el cajero de la plaza me descontó 2000 y no me dio los billetes",
        "cargo_no_reconocido": "aparecen en mi tarjeta compras en una tienda de ropa que jamás hice",
        "autenticacion": "no me llega el código por sms para entrar a la app de Bancomercio",
        "atencion_presencial": "tres horas de fila en la sucursal y solo dos cajas abiertas",
    }
    scores = matcher.score(list(docs.values()), encoder.encode(list(docs.values())))
    keys = [i.key for i in cat.issues]
    for row, key in zip(scores, docs):
        assert keys[int(np.argmax(row))] == key
    # same scores from the issue vectors saved with a model (no encoder needed)
    again = CatalogMatcher(cat, None, lexical_weight=0.5, stop_words=["Bancomercio"]).fit(matcher.centroids_)
    assert np.allclose(again.score(list(docs.values()), encoder.encode(list(docs.values()))), scores)
    praise = "quiero felicitar a la cajera de la sucursal, me atendió rapidísimo y con mucha amabilidad"
    row = matcher.score([praise], encoder.encode([praise]))[0]
    problems = [k for k, i in enumerate(cat.issues) if i.kind == "problema"]
    assert keys[int(np.argmax(row))] == "felicitaciones" and row[problems].max() < row.max()


def test_ads_take_the_advertising_entry_and_a_complaint_about_a_promotion_never_does(encoder):
    """An ad for a laptop payable in instalments with the bank's cards is not «Promociones no
    respetadas»: broadcasts (voice.py) only take `comentario` entries, and a customer's own case
    never does, whatever the words."""
    from escucha.nlp.topics.zeroshot import CatalogMatcher

    cat = load_catalog(["banca"])
    matcher = CatalogMatcher(cat, encoder, max_weight=0.5).fit()
    keys = np.array([i.key for i in cat.issues])
    comment = matcher.comment_entries
    ad = "Laptop Lenovo 14 pulgadas 8GB RAM 512GB SSD a 12 MSI con tarjetas participantes, envío gratis"
    complaint = "compré una laptop a 12 MSI con mi tarjeta y me la cobraron de contado, la promoción no aplicó"
    rows = matcher.score([ad, complaint], encoder.encode([ad, complaint]))
    assert keys[int(np.argmax(rows[0]))] == "publicidad"
    assert rows[0][~comment].max() < rows[0][comment].max() - 0.5  # far from every problem
    assert keys[int(np.argmax(rows[1]))] not in ("publicidad", "noticias")
    assert rows[1][comment].max() < rows[1][~comment].max() - 0.5


def test_ad_entries_leave_every_other_entry_scoring_as_without_them(encoder):
    """Adding the advertising and news entries changes no score of any other entry for a text
    that is not a broadcast: their words do not enter the IDF, their vectors only score for
    themselves."""
    from dataclasses import replace

    from escucha.nlp.topics.voice import broadcast_cues
    from escucha.nlp.topics.zeroshot import CatalogMatcher

    cat = load_catalog(["banca"])
    without = replace(cat, issues=tuple(i for i in cat.issues if i.kind != "comentario"))
    docs = ["me cobraron la comisión por no tener saldo mínimo, sin avisar",
            "la promoción de meses sin intereses no me la aplicaron",
            "el cajero no me dio el dinero", "buenas tardes, a qué hora abren?"]
    assert not broadcast_cues(docs).any()
    emb = encoder.encode(docs)
    full = CatalogMatcher(cat, encoder, max_weight=0.5).fit().score(docs, emb)
    base = CatalogMatcher(without, encoder, max_weight=0.5).fit().score(docs, emb)
    kept = [k for k, i in enumerate(cat.issues) if i.kind != "comentario"]
    assert np.allclose(full[:, kept], base, atol=1e-5)


def test_closest_example_scoring_is_saved_with_a_model(encoder):
    """With `max_weight`, a text's score also reads its closest example of each issue; a model
    saved without an encoder keeps those example vectors and scores the same."""
    from escucha.nlp.topics.zeroshot import CatalogMatcher

    cat = load_catalog(["banca"])
    matcher = CatalogMatcher(cat, encoder, lexical_weight=1.0, max_weight=0.5).fit()
    docs = ["hice un spei a mi hermano y no le ha caído", "el cajero de la esquina se quedó con mi tarjeta"]
    emb = encoder.encode(docs)
    scores = matcher.score(docs, emb)
    keys = [i.key for i in cat.issues]
    assert [keys[int(np.argmax(r))] for r in scores] == ["transferencias", "cajeros"]
    assert matcher.text_vectors_.shape[0] == sum(len(i.texts) for i in cat.issues)
    again = CatalogMatcher(cat, None, lexical_weight=1.0, max_weight=0.5).fit(matcher.centroids_, matcher.text_vectors_)
    assert np.allclose(again.score(docs, emb), scores)
    with pytest.raises(RuntimeError):  # the example vectors are needed and there is no encoder to make them
        CatalogMatcher(cat, None, max_weight=0.5).fit(matcher.centroids_)


# -- names ----------------------------------------------------------------------------------------
@pytest.mark.parametrize("form", ["Cansada de llamar", "Peor banco", "Edward Rubin", "Opinión sobre BBVA", "Rt",
                                  "Problema con el servicio", "Citibanamex", "Ladrones y devuelven", "Alan"])
def test_names_never_a_feeling_a_person_a_brand_a_source_or_only_generic_words(form):
    assert not NameFilter(["Citibanamex", "@Banamex"]).allows(form)


@pytest.mark.parametrize("form", ["Cobro de cuota de manejo", "Caída del servicio de internet",
                                  "La app 5.2 bloquea transferencias", "Reembolso del cobro duplicado", "internet"])
def test_names_a_manager_would_write_are_allowed(form):
    assert NameFilter(["Citibanamex"]).allows(form)


def test_label_skips_rejected_phrases_and_keeps_a_version_number():
    docs = ["Cansada de llamar: desde la actualización 5.2 no puedo hacer transferencias",
            "La actualización 5.2 de la app bloquea las transferencias, cansada de llamar",
            "Después de la actualización 5.2 no deja transferir. Cansada de llamar"] * 2
    ranked = [("cansada llamar", 0.9), ("actualización 5.2", 0.8), ("actualización", 0.7), ("5.2", 0.6),
              ("transferencias", 0.5)]
    assert make_label(ranked, docs) == "Actualización 5.2"


def test_terms_shown_in_most_topics_are_found():
    docs = [f"Banamex me cobró {w} otra vez" for w in ("comisión", "anualidad")] * 10
    docs += [f"en Banamex el cajero {w}" for w in ("no da dinero", "se tragó la tarjeta")] * 10
    docs += ["Banamex la app no abre", "Banamex la app se cierra"] * 10
    ids = np.repeat([0, 1, 2], 20)
    assert corpus_terms(docs, ids) == ["banamex"]


# -- issues ---------------------------------------------------------------------------------------
def test_issue_groups_merge_by_average_linkage_and_never_two_catalogue_issues():
    sim = np.array([[1.0, 0.9, 0.2, 0.8],
                    [0.9, 1.0, 0.2, 0.75],
                    [0.2, 0.2, 1.0, 0.1],
                    [0.8, 0.75, 0.1, 1.0]])
    assert issue_groups(sim, threshold=0.7, max_issues=10).tolist() == [0, 0, 1, 0]
    fixed = np.array([True, True, False, False])  # 0 and 1 are catalogue issues: never one
    got = issue_groups(sim, threshold=0.7, max_issues=10, fixed=fixed)
    assert got[0] != got[1] and got[3] == got[0]
    assert len(set(issue_groups(sim, threshold=0.95, max_issues=10).tolist())) == 4  # nothing that alike
    # above max_issues, the most alike keep joining, but never things far apart
    assert issue_groups(sim, threshold=0.95, max_issues=2).tolist() == [0, 0, 1, 2]  # 0.775: too far to force
    assert issue_groups(sim, threshold=0.9, max_issues=2).tolist() == [0, 0, 1, 0]  # forced down to 0.75
    assert issue_groups(sim, threshold=0.9, max_issues=1).tolist() == [0, 0, 1, 0]  # 0.2 is never forced
    assert len(set(issue_groups(sim, threshold=0.5, max_issues=10, min_issues=3).tolist())) == 3
    # thanks for the app and failures of the app are alike in words, never one issue
    praise = np.array([False, False, False, True])
    got = issue_groups(sim, threshold=0.7, max_issues=1, voice=praise)
    assert got[3] not in (got[0], got[1], got[2]) and got[0] == got[1]
    # nor an ad (voice 2) praise (voice 1), however alike
    got = issue_groups(sim, threshold=0.7, max_issues=1, voice=np.array([0, 0, 2, 1]))
    assert len({got[2], got[3], got[0]}) == 3 and got[0] == got[1]


def test_partition_takes_catalogue_issues_and_keeps_fragments_apart():
    rng = np.random.default_rng(0)
    emb = rng.standard_normal((40, 16))
    emb /= np.linalg.norm(emb, axis=1, keepdims=True)
    fine = np.repeat([0, 1, 2, 3], 10)
    scores = np.zeros((40, 3))
    scores[0:3, 0] = 0.9  # three texts of fine topic 0 are catalogue issue 0
    scores[10:16, 1] = 0.6  # most of fine topic 1 is catalogue issue 1: the topic joins it whole
    scores[16:20, 1] = 0.45
    scores[30, 2] = 0.8  # one stray text: too few to open catalogue issue 2
    p = partition_issues(emb, fine, scores=scores, min_score=0.5, threshold=0.99, max_issues=40, min_catalog_docs=3)
    assert sorted(p.catalog.values()) == [0, 1]
    cat_of = {k: t for t, k in p.catalog.items()}
    assert set(p.ids[0:3]) == {cat_of[0]} and set(p.ids[10:20]) == {cat_of[1]}
    assert len(set(p.ids[3:10])) == 1 and p.ids[3] not in p.catalog  # the rest of fine topic 0: a fragment
    assert p.ids[30] == p.ids[31] and p.ids[30] not in p.catalog  # the stray text follows its fine topic
    sizes = np.bincount(p.ids)
    assert list(sizes) == sorted(sizes, reverse=True)  # issues numbered largest first
    assert p.fragments == 3 and p.zero_shot.sum() == 3 + 6 + 1


def test_a_fragment_too_small_to_be_an_issue_leaves_its_texts_without_one():
    """What is left of a fine topic whose texts took a catalogue issue, two texts, is not an
    issue named after a stray word: those texts are outliers."""
    rng = np.random.default_rng(4)
    emb = rng.standard_normal((30, 16))
    emb /= np.linalg.norm(emb, axis=1, keepdims=True)
    fine = np.repeat([0, 1, 2], 10)
    scores = np.zeros((30, 1))
    scores[0:8, 0] = 0.55  # eight texts of fine topic 0 take catalogue issue 0 one by one...
    scores[8:10, 0] = 0.0  # ...two do not (nor the topic as a whole, 0.44 on average): too few for an issue
    p = partition_issues(emb, fine, scores=scores, min_score=0.5, threshold=0.99, max_issues=40, min_catalog_docs=3)
    assert (p.ids[8:10] == -1).all() and (p.ids[0:8] == p.ids[0]).all() and p.ids[0] >= 0
    assert len(set(p.ids[10:20])) == 1 and p.ids[10] >= 0  # whole fine topics stay issues


def test_praise_in_a_topic_that_joins_a_problem_stays_apart():
    """A fine topic about installing joins the catalogue's "installation delayed" whole, but its
    thanks for a fast installation do not: they are a fragment of their own, never merged with
    the problem, and a praise entry of the catalogue would take them whole."""
    rng = np.random.default_rng(2)
    emb = rng.standard_normal((20, 16))
    emb /= np.linalg.norm(emb, axis=1, keepdims=True)
    fine = np.repeat([0, 1], 10)
    scores = np.zeros((20, 2))  # catalogue: 0 a problem, 1 a praise entry
    scores[0:10, 0] = 0.45  # below min_score one by one, above on average with the boost below
    scores[0:6, 0] = 0.7
    praise = np.zeros(20, dtype=bool)
    praise[7:10] = True  # three thanks in the installation topic
    p = partition_issues(emb, fine, scores=scores, min_score=0.5, threshold=0.0, max_issues=1, min_catalog_docs=3,
                         voice=praise, entry_voice=np.array([0, 1]))
    problem = next(t for t, k in p.catalog.items() if k == 0)
    assert set(p.ids[0:7]) == {problem}
    assert len(set(p.ids[7:10])) == 1 and p.ids[7] != problem  # apart, even with max_issues=1
    scores[0:10, 1], scores[0:10, 0] = scores[0:10, 0], 0.0  # the same topic closest to a praise entry
    p = partition_issues(emb, fine, scores=scores, min_score=0.5, threshold=0.0, max_issues=1, min_catalog_docs=3,
                         voice=praise, entry_voice=np.array([0, 1]))
    assert len(set(p.ids[0:10])) == 1 and p.catalog[p.ids[0]] == 1  # a praise entry takes its praise too


def test_ads_in_a_topic_that_joins_a_problem_stay_apart_and_an_ad_entry_takes_them():
    """A fine topic about card promotions joins the catalogue's "promotion not honoured" whole,
    but its ads (voice 2) do not; an advertising entry (voice 2) takes the ads, not the praise."""
    rng = np.random.default_rng(3)
    emb = rng.standard_normal((20, 16))
    emb /= np.linalg.norm(emb, axis=1, keepdims=True)
    fine = np.repeat([0, 1], 10)
    scores = np.zeros((20, 3))  # catalogue: 0 a problem, 1 praise, 2 advertising
    scores[0:10, 0] = 0.45
    scores[0:6, 0] = 0.7
    voice = np.zeros(20, dtype=np.int64)
    voice[6:9] = 2  # three ads
    p = partition_issues(emb, fine, scores=scores, min_score=0.5, threshold=0.0, max_issues=1, min_catalog_docs=3,
                         voice=voice, entry_voice=np.array([0, 1, 2]))
    problem = next(t for t, k in p.catalog.items() if k == 0)
    assert set(p.ids[[0, 1, 2, 3, 4, 5, 9]]) == {problem}
    assert len(set(p.ids[6:9])) == 1 and p.ids[6] != problem  # the ads: apart, even with max_issues=1
    voice[9] = 1  # and one thanks
    scores[0:10, 2], scores[0:10, 0] = scores[0:10, 0], 0.0  # the same topic closest to the ad entry
    p = partition_issues(emb, fine, scores=scores, min_score=0.5, threshold=0.0, max_issues=1, min_catalog_docs=3,
                         voice=voice, entry_voice=np.array([0, 1, 2]))
    ad = next(t for t, k in p.catalog.items() if k == 2)
    assert set(p.ids[0:9]) == {ad} and p.ids[9] != ad  # its thanks stay apart


def test_a_release_many_texts_name_is_found_and_a_price_is_not():
    docs = (["Desde la actualización 5.2 no puedo transferir"] * 3 + ["la versión 5.2 de la app me borró todo"] * 2
            + ["la 5.2 es un desastre"]  # no cue, but the same release as the others
            + ["El dólar cerró en 20.45 pesos"] * 6  # a price, not a release
            + ["la app 3.1 se cierra"]  # a release too few texts name
            + ["no me llega el código"] * 3)
    got = release_anchors(docs, min_docs=4)
    assert set(got[:6]) == {0}  # one group: the six texts naming 5.2
    assert (got[6:] == -1).all()
    assert (release_anchors(docs, min_docs=7) == -1).all()


def test_a_release_keeps_its_own_issue_whatever_catalogue_issue_it_resembles():
    rng = np.random.default_rng(1)
    emb = rng.standard_normal((30, 16))
    emb /= np.linalg.norm(emb, axis=1, keepdims=True)
    fine = np.repeat([0, 1, 2], 10)
    scores = np.zeros((30, 2))
    scores[:20, 0] = 0.9  # fine topics 0 and 1 score high on catalogue issue 0 ("Fallas de la app")
    anchors = np.full(30, -1)
    anchors[5:15] = 0  # half of each names the release
    p = partition_issues(emb, fine, scores=scores, min_score=0.5, threshold=0.0, max_issues=1, min_catalog_docs=3,
                         anchors=anchors)
    release = set(p.ids[5:15].tolist())
    assert len(release) == 1 and release.pop() not in p.catalog  # its own issue, not the catalogue's
    assert set(p.ids[0:5]) | set(p.ids[15:20]) == {next(iter(p.catalog))}  # the rest still takes the catalogue issue
    assert not p.zero_shot[5:15].any()


@pytest.mark.parametrize("file", ["banca_tuits_escritos.yaml", "banca_tuits_escritos_2.yaml"])
def test_the_written_bank_tweets_are_labelled_with_catalogue_keys_and_copy_no_example(file):
    """The tuning set of the topic thresholds and the holdout (escucha/evaluation/data/): every
    label is an issue of `banca` (or not an issue), and no tweet repeats a catalogue example, or
    the set would only measure the catalogue against itself."""
    from escucha.evaluation.topics import written_bank
    from escucha.nlp.topics.vectorizer import fold

    texts, keys, brands = written_bank(file)
    cat = load_catalog(["banca"])
    assert set(keys) - {"sin_problema"} <= {i.key for i in cat.issues} and brands
    assert len(texts) == len(set(texts)) >= 100
    examples = {fold(e.lower()).strip(" .") for i in cat.issues for e in i.texts}
    assert not [t for t in texts if fold(t.lower()).strip(" .") in examples]
