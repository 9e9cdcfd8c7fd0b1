"""The long-text study's helpers (nlp/training/long_texts.py): units, aggregation rules, pseudo-documents.

No encoder and no evaluation data: the rules are checked on hand-made logits.
"""

import numpy as np
import pytest

from escucha.nlp.training.long_texts import AGGREGATIONS, aggregate, pseudo_documents, units

POS, NEU, NEG = 0, 1, 2


def test_units_keep_short_texts_whole_and_chunk_long_ones_covering_the_text():
    long = " ".join(f"Frase número {i} de una reseña bastante larga." for i in range(40))
    ut, owner = units(["corto", long, "otro corto"], threshold=600, chunk_chars=200)
    assert ut[0] == "corto" and ut[-1] == "otro corto"
    middle = [u for u, o in zip(ut, owner) if o == 1]
    assert len(middle) > 1 and all(len(u) <= 200 for u in middle)
    assert " ".join(middle).split() == long.split()
    assert list(owner) == [0] + [1] * len(middle) + [2]


@pytest.mark.parametrize("how", AGGREGATIONS)
def test_every_rule_gives_probabilities_and_leaves_single_units_alone(how):
    z = np.array([[2.0, 0.0, -1.0], [-1.0, 3.0, 0.0], [0.0, 0.0, 2.0], [1.0, 0.5, 0.0]])
    ut = ["uno", "dos dos", "tres tres tres", "solo"]
    p = aggregate(z, ut, np.array([0, 0, 0, 1]), 2, how)
    assert p.shape == (2, 3)
    assert np.allclose(p.sum(1), 1.0)
    e = np.exp(z[3] - z[3].max())
    assert np.allclose(p[1], e / e.sum())  # one unit: its own probabilities, whatever the rule


def test_rules_differ_where_they_should():
    # A long neutral opening that leans NEG, then a short clearly positive verdict at the end.
    z = np.array([[0.0, 2.0, 0.5], [4.0, 0.0, -2.0]])
    ut = ["x" * 300, "y" * 60]
    owner = np.array([0, 0])
    mean = aggregate(z, ut, owner, 1, "prob_mean")[0]
    polar = aggregate(z, ut, owner, 1, "polar_weighted")[0]
    last = aggregate(z, ut, owner, 1, "last_x3")[0]
    strongest = aggregate(z, ut, owner, 1, "max_polarity")[0]
    assert polar[POS] > mean[POS] and last[POS] > mean[POS]
    assert strongest.argmax() == POS
    with pytest.raises(ValueError):
        aggregate(z, ut, owner, 1, "median")


def test_pseudo_documents_are_seeded_long_enough_and_hold_their_class():
    texts = [f"positivo {i}" for i in range(10)] + [f"neutro {i}" for i in range(10)] + [f"negativo {i}" for i in range(10)]
    labels = ["POS"] * 10 + ["NEU"] * 10 + ["NEG"] * 10
    pool = list(range(30))
    docs, labs = pseudo_documents(texts, labels, pool, n_per_class=5, min_chars=60, seed=3)
    assert (docs, labs) == pseudo_documents(texts, labels, pool, n_per_class=5, min_chars=60, seed=3)
    assert labs == ["POS"] * 5 + ["NEG"] * 5 + ["NEU"] * 5
    for d, lab in zip(docs, labs):
        assert len(d) >= 60
        words = {"POS": "positivo", "NEG": "negativo", "NEU": "neutro"}
        assert words[lab] in d
        others = {"POS": "negativo", "NEG": "positivo", "NEU": "ivo"}  # never the opposite class
        assert others[lab] not in d
    # Rows outside the pool (e.g. held-out rows) never enter a document.
    docs2, _ = pseudo_documents(texts, labels, [0, 1, 10, 11, 20, 21], n_per_class=3, min_chars=40)
    assert not any(f"positivo {i}." in d for d in docs2 for i in range(2, 10))
