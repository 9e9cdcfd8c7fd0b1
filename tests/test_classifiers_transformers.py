"""The transformers backend on a tiny, really trained RoBERTa built in the test session (offline).

The tiny model (tests/tinymodel.py) uses pysentimiento's label names and is fine-tuned to tell
obvious positive, neutral and negative sentences apart, so these tests check behaviour: that the
fast path gives pysentimiento's own probabilities, that long texts are read whole, that order,
labels and errors are right, and that nothing touches the network.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import socket

import numpy as np
import pytest

# Before transformers/huggingface_hub are imported by anything in this module: offline, and a hub
# endpoint nobody listens on, so an attempted download fails instead of reaching the internet.
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
os.environ.setdefault("HF_ENDPOINT", "http://127.0.0.1:9")

# the transformers backend is an extra: pip install 'escucha[transformers]'
pytest.importorskip("torch")
pytest.importorskip("pysentimiento")

from escucha.nlp.classifiers import TASK_LABELS  # noqa: E402
from escucha.nlp.classifiers.chunking import TokenWindower, aggregate, window_spans  # noqa: E402
from escucha.nlp.classifiers.transformers import ModelNotAvailable, TransformersClassifier  # noqa: E402
from tinymodel import build_tiny_model  # noqa: E402

POS = "Excelente atención, muchas gracias. El técnico fue muy amable."
NEG = "Pésimo servicio, nunca funciona. Estoy harto, es un desastre."
NEU = "Quisiera saber el horario de atención de la oficina."
SOCIAL = [
    "@claro_co el técnico fue muy amable 😍😍 jajajajaja #ServicioAlCliente",
    "Pésimo servicio!!!!! nadie responde https://soporte.example.com/caso/123 😡",
    "  Quisiera saber el horario de la sucursal del centro…  ",
]
# pysentimiento's own Trainer-based predict (the reference here) warns about pin_memory on CPU.
pytestmark = pytest.mark.filterwarnings("ignore:'pin_memory' argument:UserWarning")

LONG = " ".join([POS] * 8 + [NEG] * 25)  # > 128 tokens; the part after the first window is negative


@pytest.fixture(scope="session")
def tiny_model_dir(tmp_path_factory):
    return build_tiny_model(tmp_path_factory.mktemp("tiny-sentiment"), task="sentiment", seed=0)


@pytest.fixture(scope="session")
def clf(tiny_model_dir):
    # One thread: the tiny model gains nothing from two, and the test machine's cores are shared.
    return TransformersClassifier("sentiment", model_dir=tiny_model_dir, num_threads=1)


@pytest.fixture(scope="session")
def analyzer(tiny_model_dir):
    from pysentimiento import create_analyzer

    return create_analyzer(task="sentiment", lang="es", model_name=str(tiny_model_dir))


@pytest.fixture
def no_network(monkeypatch):
    """Any attempt to open a network connection is recorded and refused."""
    attempts: list = []

    def refuse(self, address, *args, **kwargs):
        attempts.append(address)
        raise OSError(f"network access attempted in an offline test: {address}")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", refuse)
    monkeypatch.setenv("HF_ENDPOINT", "http://127.0.0.1:9")
    return attempts


def pysentimiento_proba(analyzer, texts, labels):
    return np.array([[out.probas[label] for label in labels] for out in analyzer.predict(list(texts))])


# -- loading -----------------------------------------------------------------------------------

def test_loads_through_pysentimiento_offline(tiny_model_dir, monkeypatch, no_network):
    import huggingface_hub.constants
    import pysentimiento

    calls = []
    real = pysentimiento.create_analyzer

    def spy(*args, **kwargs):
        calls.append(kwargs)
        return real(*args, **kwargs)

    monkeypatch.setattr(pysentimiento, "create_analyzer", spy)
    monkeypatch.delenv("HF_HUB_OFFLINE", raising=False)
    monkeypatch.delenv("TRANSFORMERS_OFFLINE", raising=False)
    monkeypatch.setattr(huggingface_hub.constants, "HF_HUB_OFFLINE", False)  # as if imported online earlier

    c = TransformersClassifier("sentiment", model_dir=tiny_model_dir)

    assert calls == [dict(task="sentiment", lang="es", model_name=str(tiny_model_dir))]
    assert os.environ["HF_HUB_OFFLINE"] == "1" and os.environ["TRANSFORMERS_OFFLINE"] == "1"
    assert huggingface_hub.constants.HF_HUB_OFFLINE is True
    assert c.predict([POS, NEG, NEU]) == ["POS", "NEG", "NEU"]
    assert no_network == []


def test_loading_leaves_global_random_state_alone(tiny_model_dir):
    import random

    import torch

    random.seed(7), np.random.seed(7), torch.manual_seed(7)
    expected = random.random(), np.random.rand(), torch.rand(1).item()
    random.seed(7), np.random.seed(7), torch.manual_seed(7)
    TransformersClassifier("sentiment", model_dir=tiny_model_dir, num_threads=1)  # pysentimiento reseeds with 42
    assert (random.random(), np.random.rand(), torch.rand(1).item()) == expected


def test_registry_builds_it(tiny_model_dir):
    from escucha.nlp.components import classifiers

    c = classifiers.create("transformers", task="sentiment", model_dir=str(tiny_model_dir))
    assert isinstance(c, TransformersClassifier)
    assert c.predict([NEG]) == ["NEG"]


def test_default_model_found_in_local_hf_cache(tiny_model_dir, clf, tmp_path, monkeypatch, no_network):
    commit = "0123456789abcdef0123456789abcdef01234567"
    repo = tmp_path / "hub" / "models--pysentimiento--robertuito-sentiment-analysis"
    shutil.copytree(tiny_model_dir, repo / "snapshots" / commit)
    (repo / "refs").mkdir()
    (repo / "refs" / "main").write_text(commit)
    monkeypatch.setenv("HF_HOME", str(tmp_path))
    monkeypatch.delenv("HF_HUB_CACHE", raising=False)
    monkeypatch.delenv("HUGGINGFACE_HUB_CACHE", raising=False)

    c = TransformersClassifier("sentiment")

    assert c.model_dir_ == repo / "snapshots" / commit
    np.testing.assert_allclose(c.predict_proba([POS, NEG]), clf.predict_proba([POS, NEG]), atol=1e-9)
    assert no_network == []


def test_missing_default_model_says_what_to_do(tmp_path, monkeypatch, no_network):
    monkeypatch.setenv("HF_HOME", str(tmp_path / "empty"))
    monkeypatch.delenv("HF_HUB_CACHE", raising=False)
    monkeypatch.delenv("HUGGINGFACE_HUB_CACHE", raising=False)

    with pytest.raises(ModelNotAvailable) as err:
        TransformersClassifier("sentiment")
    msg = str(err.value)
    assert "pysentimiento/robertuito-sentiment-analysis" in msg
    assert str(tmp_path / "empty" / "hub") in msg  # where to put the weights
    assert "model_dir" in msg and "embedded" in msg and "non-commercial" in msg
    assert isinstance(err.value, FileNotFoundError)

    with pytest.raises(ModelNotAvailable, match="no default transformers model for task 'pqrs_type'"):
        TransformersClassifier("pqrs_type")
    with pytest.raises(ModelNotAvailable, match="no config.json"):
        TransformersClassifier("sentiment", model_dir=tmp_path)
    assert no_network == []


# -- predictions -----------------------------------------------------------------------------

def test_probabilities_are_valid_and_obvious_cases_right(clf):
    texts = [POS, NEG, NEU, "", None, "😡😡😡", LONG, *SOCIAL]
    proba = clf.predict_proba(texts)
    assert clf.labels_ == TASK_LABELS["sentiment"]
    assert proba.shape == (len(texts), 3)
    assert np.isfinite(proba).all() and (proba >= 0).all() and (proba <= 1).all()
    np.testing.assert_allclose(proba.sum(axis=1), 1.0, atol=1e-9)
    assert clf.predict([POS, NEG, NEU]) == ["POS", "NEG", "NEU"]
    assert clf.predict_proba([]).shape == (0, 3)
    # Precomputed sentence embeddings (the pipeline passes them to every classifier) are ignored.
    np.testing.assert_allclose(clf.predict_proba(texts, embeddings=np.ones((len(texts), 512))), proba)


def test_short_texts_match_pysentimiento_predict(clf, analyzer):
    near_limit = " ".join([NEU] * 9)  # just under 128 tokens: one window, nothing cut
    assert len(clf.windower_.split(clf.preprocess_texts([near_limit])).input_ids) == 1
    texts = [POS, NEG, NEU, *SOCIAL, near_limit, "ok", ""]

    ours = clf.predict_proba(texts)

    np.testing.assert_allclose(ours, pysentimiento_proba(analyzer, texts, clf.labels_), atol=1e-4)


def test_long_text_is_read_in_windows_not_cut(clf, analyzer):
    windows = clf.windower_.split(clf.preprocess_texts([LONG]))
    assert windows.counts()[0] >= 3
    assert max(len(ids) for ids in windows.input_ids) == clf.max_length_

    ours = clf.predict_proba([LONG])[0]
    truncated = pysentimiento_proba(analyzer, [LONG], clf.labels_)[0]  # pysentimiento cuts at 128 tokens

    assert clf.labels_[int(truncated.argmax())] == "POS"
    assert clf.labels_[int(ours.argmax())] == "NEG"
    assert ours[2] > truncated[2] + 0.5


def test_long_text_is_token_weighted_mean_of_its_windows(clf):
    """Batched, padded, sorted inference + aggregation == one unpadded forward pass per window."""
    import torch

    texts = [LONG, POS, " ".join([NEG] * 12 + [POS] * 3)]
    windows = clf.windower_.split(clf.preprocess_texts(texts))
    per_window = []
    with torch.inference_mode():
        for ids in windows.input_ids:
            logits = clf.model_(input_ids=torch.tensor([ids])).logits[0].double()
            per_window.append(torch.softmax(logits, dim=0).numpy())
    model_labels = [clf.id2label_[i] for i in range(len(clf.id2label_))]  # NEG, NEU, POS in the model
    per_window = np.array(per_window)[:, [model_labels.index(label) for label in clf.labels_]]
    expected = np.array([
        np.average(per_window[windows.owner == i], axis=0, weights=windows.n_content[windows.owner == i])
        for i in range(len(texts))
    ])

    np.testing.assert_allclose(clf.predict_proba(texts), expected, atol=1e-5)


def test_order_preserved_with_mixed_lengths(tiny_model_dir, clf):
    small_batches = TransformersClassifier("sentiment", model_dir=tiny_model_dir, batch_size=2, num_threads=1)
    texts = [LONG, POS, "", NEG + " " + NEU, SOCIAL[0], " ".join([POS] * 20), NEU, SOCIAL[1], NEG]

    together = small_batches.predict_proba(texts)
    one_by_one = np.vstack([clf.predict_proba([t]) for t in texts])

    np.testing.assert_allclose(together, one_by_one, atol=1e-5)
    assert small_batches.predict(texts) == clf.predict(texts)


def test_max_length_is_capped_to_the_model_positions(tiny_model_dir):
    c = TransformersClassifier("sentiment", model_dir=tiny_model_dir, max_length=512)
    assert c.max_length_ == 128  # 130 position embeddings, RoBERTa-style offset of padding_idx + 1
    assert c.predict_proba([LONG]).shape == (1, 3)


# -- other loaders, label maps, versions -------------------------------------------------------

def test_plain_transformers_path_loads_the_same_folder(tiny_model_dir, clf, monkeypatch):
    import pysentimiento

    monkeypatch.setattr(pysentimiento, "create_analyzer", lambda *a, **k: pytest.fail("pysentimiento used"))
    plain = TransformersClassifier("sentiment", model_dir=tiny_model_dir, use_pysentimiento=False)
    plain_pre = TransformersClassifier("sentiment", model_dir=tiny_model_dir, use_pysentimiento=False, preprocess=True)

    assert not plain.preprocess
    np.testing.assert_allclose(plain.predict_proba([POS, NEG, NEU, LONG]), clf.predict_proba([POS, NEG, NEU, LONG]), atol=1e-6)
    np.testing.assert_allclose(plain_pre.predict_proba(SOCIAL), clf.predict_proba(SOCIAL), atol=1e-6)
    assert plain.version != clf.version  # preprocessing changes predictions, so it changes the version


def test_label_map_for_other_label_names(tiny_model_dir, clf, tmp_path):
    other = shutil.copytree(tiny_model_dir, tmp_path / "otro-modelo")
    config = json.loads((other / "config.json").read_text())
    config["id2label"] = {"0": "malo", "1": "neutro", "2": "bueno"}
    config["label2id"] = {"malo": 0, "neutro": 1, "bueno": 2}
    (other / "config.json").write_text(json.dumps(config))

    with pytest.raises(ValueError, match=r"\['malo', 'neutro', 'bueno'\].*label_map"):
        TransformersClassifier("sentiment", model_dir=other, use_pysentimiento=False)
    with pytest.raises(ValueError, match="does not have"):
        TransformersClassifier("sentiment", model_dir=other, label_map={"malo": "NEGATIVO"})

    mapped = TransformersClassifier("sentiment", model_dir=other, use_pysentimiento=False,
                                    label_map={"malo": "NEG", "neutro": "NEU", "bueno": "POS"}, preprocess=True)
    assert mapped.predict([POS, NEG, NEU]) == ["POS", "NEG", "NEU"]
    np.testing.assert_allclose(mapped.predict_proba([POS, LONG]), clf.predict_proba([POS, LONG]), atol=1e-6)
    assert mapped.version != clf.version


def test_version_tracks_model_and_settings(tiny_model_dir, clf):
    assert re.fullmatch(r"transformers-sentiment-[0-9a-f]{8}", clf.version)
    same = TransformersClassifier("sentiment", model_dir=tiny_model_dir, batch_size=7, num_threads=2)
    assert same.version == clf.version  # batch size and threads do not change predictions
    assert TransformersClassifier("sentiment", model_dir=tiny_model_dir, stride=16).version != clf.version


def test_multilabel_hate_model_gives_toxicity(tmp_path_factory):
    """pysentimiento's hate-speech model is multi-label (sigmoid): P(sí) = max(hateful, targeted, aggressive)."""
    from pysentimiento import create_analyzer

    folder = build_tiny_model(tmp_path_factory.mktemp("tiny-hate"), task="toxicity", seed=1)
    tox = TransformersClassifier("toxicity", model_dir=folder)
    texts = [POS, NEG, *SOCIAL]

    proba = tox.predict_proba(texts)
    theirs = create_analyzer(task="hate_speech", lang="es", model_name=str(folder)).predict(texts)

    assert tox.labels_ == ["no", "sí"] and tox.multi_label_
    expected_yes = [max(out.probas.values()) for out in theirs]
    np.testing.assert_allclose(proba[:, 1], expected_yes, atol=1e-4)
    np.testing.assert_allclose(proba.sum(axis=1), 1.0, atol=1e-9)


# -- chunking --------------------------------------------------------------------------------

@pytest.mark.parametrize("n", [0, 1, 5, 10, 11, 17, 50, 123])
def test_window_spans_cover_everything_with_exact_overlap(n):
    size, stride = 10, 3
    spans = window_spans(n, size, stride)
    assert spans[0][0] == 0 and spans[-1][1] == n
    assert all(0 < end - start <= size for start, end in spans) or n == 0
    for (s1, e1), (s2, e2) in zip(spans, spans[1:]):
        assert e1 - s2 == stride  # consecutive windows share exactly `stride` tokens
        assert e2 > e1  # every window brings new tokens
    assert len(spans) == 1 if n <= size else len(spans) > 1


def test_window_spans_reject_bad_stride():
    with pytest.raises(ValueError, match="stride"):
        window_spans(100, 10, 10)
    with pytest.raises(ValueError, match="stride"):
        window_spans(100, 10, -1)


def test_windower_frames_windows_like_the_tokenizer(clf):
    tok = clf.tokenizer_
    windower = TokenWindower(tok, max_length=20, stride=5)
    short, long = NEU, " ".join([POS, NEG] * 4)

    w = windower.split([short, long])

    assert w.input_ids[0] == tok(short, truncation=True, max_length=20)["input_ids"]
    content = tok(long, add_special_tokens=False)["input_ids"]
    long_windows = [ids for ids, o in zip(w.input_ids, w.owner) if o == 1]
    assert len(long_windows) > 2 and all(len(ids) <= 20 for ids in long_windows)
    assert all(ids[0] == tok.bos_token_id and ids[-1] == tok.eos_token_id for ids in long_windows)
    inner = [ids[1:-1] for ids in long_windows]
    rebuilt = inner[0] + [t for ids in inner[1:] for t in ids[5:]]  # drop each overlap once
    assert rebuilt == content
    with pytest.raises(ValueError, match="stride"):
        TokenWindower(tok, max_length=20, stride=18)  # 18 content tokens: stride must be below


def test_aggregate_weights_windows_by_token_count():
    from escucha.nlp.classifiers.chunking import Windows

    w = Windows(input_ids=[[0], [0], [0]], owner=np.array([0, 0, 1]), n_content=np.array([30, 10, 0]), n_texts=2)
    out = aggregate(np.array([[1.0, 0.0], [0.0, 1.0], [0.2, 0.8]]), w)
    np.testing.assert_allclose(out, [[0.75, 0.25], [0.2, 0.8]])
