"""Text features of the embedded heads, heads that read them, bias calibration and the recipes."""

from __future__ import annotations

import numpy as np
import pytest

from escucha.nlp.classifiers.features import DENSE_NAMES, Lexicons, TextFeatures, fold
from escucha.nlp.classifiers.heads import LinearHead
from escucha.nlp.text.normalize import normalize

SMALL = {"char_bits": 10, "word_bits": 10}


def dense(feats: TextFeatures, text: str) -> dict[str, float]:
    return dict(zip(DENSE_NAMES, feats._read(text)[2]))


@pytest.fixture(scope="module")
def feats() -> TextFeatures:
    return TextFeatures(**SMALL)


def test_negation_scope_marks_the_next_words_until_punctuation(feats):
    _, marked, _ = feats._read("No me gustó la atención, pero el cajero amable")
    assert marked.split() == ["no", "NO_me", "NO_gusto", "NO_la", "atencion", "pero", "el", "cajero", "amable"]
    assert feats._read("me gustó")[1] == "me gusto"


def test_lexicon_polarity_is_flipped_by_negation_and_strengthened_by_intensifiers(feats):
    plain, negated, strong = dense(feats, "es bueno"), dense(feats, "no es bueno"), dense(feats, "es muy bueno")
    assert plain["lex_pos"] > 0 and plain["lex_neg"] == 0
    assert negated["lex_pos"] == 0 and negated["lex_neg"] > 0 and negated["lex_negated"] > 0
    assert strong["lex_pos"] > plain["lex_pos"] and strong["intensifiers"] > 0


def test_emojis_count_the_same_raw_and_normalised(feats):
    for text in ("Pésimo servicio 😡👎", "Gracias!! 😍🙏", "ok 👍"):
        raw, norm = dense(feats, text), dense(feats, normalize(text, "social"))
        assert (raw["emoji_pos"], raw["emoji_neg"]) == (norm["emoji_pos"], norm["emoji_neg"]), text
    assert dense(feats, "Pésimo servicio 😡👎")["emoji_neg"] > 0
    assert dense(feats, "Gracias 😍")["emoji_pos"] > 0


def test_emoticons_stretching_laughter_and_capitals(feats):
    d = dense(feats, "JAJAJA qué BUENOOO :) :(")
    assert d["emoticon_pos"] > 0 and d["emoticon_neg"] > 0
    assert d["laughter"] > 0 and d["stretched"] > 0 and d["capitals"] > 0
    assert feats._read("buenooo")[0] == "bueno"  # stretched letters are cut before n-grams and lookups


def test_transform_is_stateless_and_shaped(feats):
    texts = ["Excelente atención", "no funciona la app", "", None]
    a = feats.transform(texts)
    b = TextFeatures(**SMALL).transform(list(texts))
    assert a.shape == (4, feats.n_features) and a.dtype == np.float32
    assert (a != b).nnz == 0  # hashing: no fitted state, same matrix from a new featuriser
    assert a[2].nnz == 0 and a[3].nnz == 0  # nothing to read in an empty text
    assert fold("Pésimo ÑANDÚ") == "pesimo nandu"


def test_lexicons_round_trip_json():
    lex = Lexicons.from_files()
    assert lex.polarity["pesimo"] < 0 < lex.polarity["excelente"]
    assert "no" in lex.negators and "muy" in lex.intensifiers and lex.emoticons[":)"] > 0
    again = Lexicons.from_json(lex.to_json())
    assert again == lex and again.sha256() == lex.sha256()


def _toy_data(n_per: int = 40, seed: int = 0):
    rng = np.random.default_rng(seed)
    pos = [f"excelente servicio {i} muy amables" for i in range(n_per)]
    neg = [f"pésimo servicio {i} no funciona" for i in range(n_per)]
    neu = [f"quiero saber el horario {i}" for i in range(n_per)]
    texts = pos + neg + neu
    labels = ["POS"] * n_per + ["NEG"] * n_per + ["NEU"] * n_per
    X = rng.normal(size=(len(texts), 16)).astype(np.float32)  # vectors that carry no signal
    X /= np.linalg.norm(X, axis=1, keepdims=True)
    return texts, labels, X


def test_feature_head_learns_from_text_and_round_trips(tmp_path):
    texts, labels, X = _toy_data()
    head = LinearHead(C=4.0, labels=["POS", "NEU", "NEG"], features={**SMALL}, calibrate_bias=True).fit(X, labels, texts=texts)
    assert list(head.predict(X, texts)) == labels  # the signal is in the text only
    with pytest.raises(ValueError, match="text features"):
        head.predict_proba(X)
    path = head.save(tmp_path / "h.npz")
    with np.load(path, allow_pickle=False) as npz:
        assert {"feature_coef", "lexicons"} <= set(npz.files)
    loaded = LinearHead.load(path)
    assert np.array_equal(loaded.predict_proba(X, texts), head.predict_proba(X, texts))
    assert loaded.weights_sha256() == head.weights_sha256()
    # Bytes are reproducible: the same data and parameters give the same file.
    again = LinearHead(C=4.0, labels=["POS", "NEU", "NEG"], features={**SMALL}, calibrate_bias=True).fit(X, labels, texts=texts)
    assert again.save(tmp_path / "h2.npz").read_bytes() == path.read_bytes()


def test_head_keeps_the_lexicons_it_was_trained_with(tmp_path, monkeypatch):
    texts, labels, X = _toy_data()
    path = LinearHead(labels=["POS", "NEU", "NEG"], features={**SMALL}).fit(X, labels, texts=texts).save(tmp_path / "h.npz")
    before = LinearHead.load(path).predict_proba(X, texts)
    import escucha.nlp.classifiers.features as features

    monkeypatch.setattr(features.Lexicons, "from_files", classmethod(lambda cls, folder=None: cls()))
    assert np.array_equal(LinearHead.load(path).predict_proba(X, texts), before)


def test_bias_calibration_evens_out_a_skewed_class_prior():
    texts, labels, X = _toy_data()
    rng = np.random.default_rng(1)
    Xn = rng.normal(size=(300, 8)).astype(np.float32)
    # Two classes that the vectors separate weakly; training is 5:1 NEG, calibration rows are balanced.
    y = np.array(["NEG"] * 250 + ["POS"] * 50, dtype=object)
    Xn[y == "POS", 0] += 0.8
    calib = np.zeros(300, bool)
    calib[200:300] = True  # 50 NEG + 50 POS
    raw = LinearHead(labels=["POS", "NEG"], class_weight=None, calibrate=False).fit(Xn, y)
    cal = LinearHead(labels=["POS", "NEG"], class_weight=None, calibrate_bias=True).fit(Xn, y, calibration_rows=calib)
    pos_raw = (raw.predict(Xn[calib]) == "POS").mean()
    pos_cal = (cal.predict(Xn[calib]) == "POS").mean()
    assert pos_cal > pos_raw  # the prior learned from the skewed rows is corrected towards the balanced ones
    assert abs(float(np.sum(cal.bias_))) < 1e-9 and 0.2 <= cal.temperature_ <= 5.0


def test_recipes_map_labels_and_hold_out_real_rows():
    from escucha.nlp.classifiers import TASK_LABELS
    from escucha.nlp.training.recipes import is_real_heldout, training_rows

    for task in ("sentiment", "emotion", "toxicity"):
        rows = training_rows(task)
        assert set(rows.label) <= set(TASK_LABELS[task])
        assert any(rows.real) and not all(rows.real)  # real sets and our own rows
        real_split = [s for s, r in zip(rows.split, rows.real) if r]
        share = real_split.count("heldout") / len(real_split)
        assert 0.1 < share < 0.5, (task, share)
        assert len({t.lower() for t in rows.text}) == len(rows.text)  # no text twice
    emotion = training_rows("emotion")
    assert set(emotion.label) == set(TASK_LABELS["emotion"])
    assert is_real_heldout("hola") == is_real_heldout("hola")
