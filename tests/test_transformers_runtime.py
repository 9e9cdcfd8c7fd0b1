"""The transformers backend's fast runtimes on the tiny, really trained RoBERTa (tests/tinymodel.py):
ONNX Runtime on the same weights (fp32 and int8 dynamic quantization) against the torch path,
the exported file reused, versions, and the configuration that selects them."""

from __future__ import annotations

import os

import numpy as np
import pytest

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
os.environ.setdefault("HF_ENDPOINT", "http://127.0.0.1:9")

pytest.importorskip("torch")  # the transformers extra
pytest.importorskip("onnxruntime")

from escucha.nlp.classifiers.transformers import TransformersClassifier
from tinymodel import (
    NEGATIVE,
    NEUTRAL,
    NEUTRAL_OBJECTS,
    POSITIVE,
    SUBJECTS,
    build_tiny_model,
)

pytestmark = pytest.mark.filterwarnings("ignore::UserWarning", "ignore::DeprecationWarning")


def _texts() -> list[str]:
    """Texts the tiny model did not see verbatim (subject x phrase pairs of the other half of the
    grid, questions with other objects), mixed with long ones that need several windows."""
    out = []
    for i, subj in enumerate(SUBJECTS):
        for j, (pos, neg) in enumerate(zip(POSITIVE, NEGATIVE)):
            if (i + j) % 2 == 1:
                out += [f"{subj} {pos}", f"¡{subj} {neg}!"]
    out += [f"{q} {o}" for q in NEUTRAL for o in reversed(NEUTRAL_OBJECTS)][:60]
    out += [" ".join(out[k : k + 25]) for k in range(0, 100, 10)]  # 100-400 tokens: 1-4 windows
    out += ["", "ok", "😡😡 @claro_co nadie responde https://x.co/1"]
    return out


@pytest.fixture(scope="module")
def tiny_model_dir(tmp_path_factory):
    return build_tiny_model(tmp_path_factory.mktemp("tiny-sentiment-rt"), task="sentiment", seed=0)


@pytest.fixture(scope="module")
def onnx_dir(tmp_path_factory):
    return tmp_path_factory.mktemp("onnx-cache")


@pytest.fixture(scope="module")
def torch_clf(tiny_model_dir):
    return TransformersClassifier("sentiment", model_dir=tiny_model_dir, num_threads=1)


@pytest.fixture(scope="module")
def onnx_clf(tiny_model_dir, onnx_dir):
    return TransformersClassifier("sentiment", model_dir=tiny_model_dir, num_threads=1, runtime="onnx", onnx_dir=onnx_dir)


@pytest.fixture(scope="module")
def texts():
    return _texts()


def test_onnx_fp32_gives_the_torch_probabilities(torch_clf, onnx_clf, texts):
    expected = torch_clf.predict_proba(texts)
    got = onnx_clf.predict_proba(texts)

    assert onnx_clf.onnx_path_.name == "model.onnx" and onnx_clf.onnx_path_.is_file()
    assert got.shape == expected.shape == (len(texts), 3)
    np.testing.assert_allclose(got, expected, atol=1e-4)
    assert (got.argmax(1) == expected.argmax(1)).mean() >= 0.99
    # The model is not constant: the comparison is between real, varied predictions.
    assert len(set(expected.argmax(1))) == 3


def test_onnx_int8_keeps_the_labels(tiny_model_dir, onnx_dir, torch_clf, texts):
    q = TransformersClassifier("sentiment", model_dir=tiny_model_dir, num_threads=1, runtime="onnx",
                               quantize=True, onnx_dir=onnx_dir)
    expected = torch_clf.predict_proba(texts)
    got = q.predict_proba(texts)

    assert q.onnx_path_.name == "model.int8.onnx"
    assert q.onnx_path_.stat().st_size < (onnx_dir / "model.onnx").stat().st_size
    assert (got.argmax(1) == expected.argmax(1)).mean() >= 0.99
    np.testing.assert_allclose(got.sum(axis=1), 1.0, atol=1e-9)
    assert np.abs(got - expected).max() < 0.1


def test_onnx_batching_keeps_input_order(tiny_model_dir, onnx_dir, onnx_clf, texts):
    """Length-sorted, dynamically padded batches of 3 == one text at a time, in input order."""
    small = TransformersClassifier("sentiment", model_dir=tiny_model_dir, num_threads=1, runtime="onnx",
                                   onnx_dir=onnx_dir, batch_size=3)
    sample = texts[::7]
    np.testing.assert_allclose(small.predict_proba(sample), np.vstack([onnx_clf.predict_proba([t]) for t in sample]),
                               atol=1e-5)


def test_export_is_done_once_and_versions_follow_the_runtime(tiny_model_dir, onnx_dir, torch_clf, onnx_clf):
    before = onnx_clf.onnx_path_.stat().st_mtime_ns
    again = TransformersClassifier("sentiment", model_dir=tiny_model_dir, runtime="onnx", onnx_dir=onnx_dir)
    assert again.onnx_path_ == onnx_clf.onnx_path_ and again.onnx_path_.stat().st_mtime_ns == before

    q = TransformersClassifier("sentiment", model_dir=tiny_model_dir, runtime="onnx", quantize=True, onnx_dir=onnx_dir)
    assert len({torch_clf.version, onnx_clf.version, q.version}) == 3
    assert onnx_clf.version == again.version
    # torch keeps the version it had before runtimes existed: stored enrichments stay valid.
    assert TransformersClassifier("sentiment", model_dir=tiny_model_dir, runtime="torch").version == torch_clf.version


def test_default_onnx_cache_is_keyed_by_the_model(tiny_model_dir, tmp_path, monkeypatch):
    monkeypatch.setenv("ESCUCHA_ONNX_CACHE", str(tmp_path / "cache"))
    c = TransformersClassifier("sentiment", model_dir=tiny_model_dir, runtime="onnx", num_threads=1)
    assert c.onnx_path_.parent.parent == tmp_path / "cache"
    assert c.onnx_path_.parent.name.startswith("sentiment-")
    # New weights of the same size in the same folder (a re-trained copy) get their own export.
    import os
    import shutil

    other = shutil.copytree(tiny_model_dir, tmp_path / "copy")
    weights = next(other.glob("*.safetensors"))
    os.utime(weights, ns=(weights.stat().st_atime_ns, weights.stat().st_mtime_ns + 10**9))
    assert TransformersClassifier("sentiment", model_dir=other, runtime="onnx").onnx_path_.parent != c.onnx_path_.parent


def test_multilabel_model_on_onnx(tmp_path_factory):
    folder = build_tiny_model(tmp_path_factory.mktemp("tiny-hate-rt"), task="toxicity", seed=1)
    texts = _texts()[:40]
    torch_tox = TransformersClassifier("toxicity", model_dir=folder, num_threads=1)
    onnx_tox = TransformersClassifier("toxicity", model_dir=folder, num_threads=1, runtime="onnx",
                                      onnx_dir=tmp_path_factory.mktemp("onnx-hate"))
    np.testing.assert_allclose(onnx_tox.predict_proba(texts), torch_tox.predict_proba(texts), atol=1e-4)


def test_bad_runtime_settings_are_refused(tiny_model_dir):
    with pytest.raises(ValueError, match="runtime must be one of"):
        TransformersClassifier("sentiment", model_dir=tiny_model_dir, runtime="tensorrt")
    with pytest.raises(ValueError, match="quantize=True needs runtime='onnx'"):
        TransformersClassifier("sentiment", model_dir=tiny_model_dir, quantize=True)


def test_config_selects_the_runtime(tiny_model_dir, tmp_path, monkeypatch):
    from escucha.config.schema import NlpConfig
    from escucha.nlp.analyzer import Analyzer
    from pydantic import ValidationError

    monkeypatch.setenv("ESCUCHA_ONNX_CACHE", str(tmp_path / "cache"))
    off = {"backend": "off"}
    cfg = NlpConfig(sentiment={"backend": "transformers", "model_dir": str(tiny_model_dir), "runtime": "onnx",
                               "quantize": True, "threads": 1},
                    emotion=off, irony=off, toxicity=off, pqrs_type=off)

    class _NoEncoder:  # the analyzer only needs an encoder for embedded classifiers and analyze()
        name, dim = "none", 4

    analyzer = Analyzer.from_config(cfg, encoder=_NoEncoder())
    clf = analyzer.classifiers["sentiment"]
    assert (clf.runtime, clf.quantize, clf.num_threads) == ("onnx", True, 1)
    assert clf.onnx_path_.name == "model.int8.onnx"

    with pytest.raises(ValidationError, match="quantize: true needs runtime: onnx"):
        NlpConfig(sentiment={"backend": "transformers", "quantize": True})
    with pytest.raises(ValidationError):
        NlpConfig(sentiment={"runtime": "tensorrt"})
