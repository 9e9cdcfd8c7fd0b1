"""The embedded (USE + shipped linear heads) classifiers, their training and the registry."""

from __future__ import annotations

import subprocess
import sys

import numpy as np
import pytest

from escucha.nlp.classifiers import TASK_LABELS, TASKS, TextClassifier
from escucha.nlp.classifiers.embedded import EmbeddedClassifier, chunk_text, shipped_model_path
from escucha.nlp.classifiers.heads import LinearHead
from escucha.nlp.encoders.use import UniversalSentenceEncoder
from escucha.nlp.training.recipes import training_rows
from escucha.nlp.training.train import default_data_path, load_csv, metrics, train_head

# Written for this test; the test checks that none of them is in the training data.
CLEAR = {
    "POS": ["Me encantó la atención de la cajera, muy amable y rápida",
            "El pedido llegó perfecto y antes de lo esperado, mil gracias",
            "Qué buen servicio el de la farmacia, me atendieron con mucha paciencia"],
    "NEG": ["Llevo una semana sin internet y nadie me da solución, pésimo",
            "Me cobraron dos veces la misma compra y no me quieren devolver el dinero",
            "La peor atención que he recibido, me dejaron esperando dos horas"],
    "NEU": ["¿Cuál es el horario de atención de la oficina del centro?",
            "Quisiera saber qué documentos necesito para abrir una cuenta",
            "¿Me pueden indicar cómo actualizo mi dirección de correo?"],
}
NEG_SENTENCES = [
    "El técnico no vino a la cita y nadie avisó.",
    "Me cobraron un cargo que no reconozco en la factura.",
    "La línea de atención nunca contesta y me cuelgan.",
    "Llevo dos semanas sin servicio y sigo pagando completo.",
    "El reembolso prometido todavía no aparece en mi cuenta.",
    "Cada llamada es una excusa distinta y ninguna solución.",
]
POS_OPENING = ("Al principio todo fue excelente: la asesora de la tienda fue amabilísima, me explicó el plan con "
               "paciencia, la instalación quedó perfecta y el primer mes el servicio funcionó de maravilla. ")


@pytest.fixture(scope="module")
def encoder() -> UniversalSentenceEncoder:
    return UniversalSentenceEncoder()


@pytest.fixture(scope="module")
def sentiment(encoder) -> EmbeddedClassifier:
    return EmbeddedClassifier("sentiment", encoder=encoder)


def _training_texts() -> set[str]:
    texts: set[str] = set()
    for task in TASKS:
        texts.update(t.strip().lower() for t in training_rows(task).text)
    return texts


@pytest.mark.parametrize("task", TASKS)
def test_shipped_heads_load_and_give_probabilities(task, encoder):
    assert shipped_model_path(task).exists(), f"no shipped head for {task}"
    clf = EmbeddedClassifier(task, encoder=encoder)
    assert isinstance(clf, TextClassifier)
    assert clf.labels_ == TASK_LABELS[task]
    assert clf.version.startswith(f"embedded-use3-{task}-") and len(clf.version.rsplit("-", 1)[1]) == 8
    texts = ["Buenas tardes, quiero saber el saldo", "Pésimo servicio, me cobraron de más", "ok"]
    p = clf.predict_proba(texts)
    assert p.shape == (3, len(TASK_LABELS[task]))
    assert np.all(p >= 0) and np.allclose(p.sum(axis=1), 1.0)
    assert clf.predict(texts) == [clf.labels_[i] for i in p.argmax(axis=1)]
    meta = clf.head.metadata_
    assert meta["task"] == task and meta["encoder"] == encoder.name and len(meta["training_data_sha256"]) == 64


def test_clear_examples_outside_training_data(sentiment):
    seen = _training_texts()
    for label, texts in CLEAR.items():
        assert not any(t.lower() in seen for t in texts), "test sentences must not be training data"
        p = sentiment.predict_proba(texts)
        j = sentiment.labels_.index(label)
        for text, row in zip(texts, p):
            runner_up = np.max(np.delete(row, j))
            assert row[j] > 0.5 and row[j] - runner_up > 0.2, f"{text!r} -> {dict(zip(sentiment.labels_, row.round(2)))}"


def test_other_tasks_on_clear_examples(encoder):
    cases = {
        "pqrs_type": [("Solicito una copia de mi contrato", "petición"),
                      ("Sería bueno que abrieran más cajas los fines de semana", "sugerencia"),
                      ("Me cobraron un cargo que no reconozco, exijo la devolución", "reclamo"),
                      ("Felicito al equipo por su excelente trabajo", "felicitación")],
        "irony": [("Gracias por dejarme sin agua todo el fin de semana, genial 👏", "sí"),
                  ("Gracias por la atención, me resolvieron todo rápido", "no")],
        "toxicity": [("Son unos malparidos ladrones", "sí"),
                     ("Estoy muy molesto con el servicio, quiero hablar con un supervisor", "no")],
        "emotion": [("Qué asco, había un pelo en la comida", "asco"),
                    ("Tengo miedo de que me roben los datos de la tarjeta", "miedo")],
    }
    for task, pairs in cases.items():
        clf = EmbeddedClassifier(task, encoder=encoder)
        assert clf.predict([t for t, _ in pairs]) == [y for _, y in pairs], task


def test_save_load_round_trip_is_identical(tmp_path, encoder):
    cols = load_csv(default_data_path("sentiment"))
    idx = list(range(0, len(cols["text"]), 25))  # ~190 rows, all three classes
    texts, labels = [cols["text"][i] for i in idx], [cols["label"][i] for i in idx]
    X = encoder.encode(texts)
    head = train_head("sentiment", texts, labels, encoder=encoder, embeddings=X)
    path = head.save(tmp_path / "sentiment.npz", metadata={"note": "test"})
    loaded = LinearHead.load(path)
    assert np.array_equal(loaded.predict_proba(X, texts), head.predict_proba(X, texts))
    assert list(loaded.classes_) == TASK_LABELS["sentiment"]
    assert loaded.metadata_["note"] == "test" and loaded.weights_sha256() == head.weights_sha256()
    # The file holds plain arrays only: it loads with pickling disabled.
    with np.load(path, allow_pickle=False) as npz:
        assert set(npz.files) == {"classes", "coef", "intercept", "temperature", "metadata", "feature_coef", "lexicons"}
    # And it serves as a classifier from any path.
    clf = EmbeddedClassifier("sentiment", model_path=path, encoder=encoder)
    assert np.allclose(clf.predict_proba(texts[:5], embeddings=X[:5]), head.predict_proba(X[:5], texts[:5]))


def test_training_is_deterministic(tmp_path, encoder):
    cols = load_csv(default_data_path("irony"))
    idx = list(range(0, len(cols["text"]), 10))
    texts, labels = [cols["text"][i] for i in idx], [cols["label"][i] for i in idx]
    X = encoder.encode(texts)
    a = train_head("irony", texts, labels, encoder=encoder, embeddings=X)
    b = train_head("irony", texts, labels, encoder=encoder, embeddings=X)
    assert np.array_equal(a.coef_, b.coef_) and np.array_equal(a.intercept_, b.intercept_)
    assert a.temperature_ == b.temperature_
    pa, pb = a.save(tmp_path / "a.npz"), b.save(tmp_path / "b.npz")
    assert pa.read_bytes() == pb.read_bytes()


def test_chunking_covers_the_text_within_the_limit():
    text = " ".join(NEG_SENTENCES * 8) + " " + "palabra" * 3 + " x" * 700
    chunks = chunk_text(text, max_chars=400)
    assert len(chunks) > 3
    assert all(0 < len(c) <= 400 for c in chunks)
    assert "".join(chunks).replace(" ", "") == text.replace(" ", "")  # nothing lost, nothing cut


def test_long_texts_are_chunked_and_aggregated(sentiment):
    long_text = POS_OPENING + " ".join(NEG_SENTENCES * 6)
    assert len(long_text) > sentiment.chunk_threshold
    chunks = chunk_text(long_text, sentiment.chunk_chars)
    p_long = sentiment.predict_proba([long_text])[0]
    p_first = sentiment.predict_proba([chunks[0]])[0]
    neg, pos = sentiment.labels_.index("NEG"), sentiment.labels_.index("POS")
    assert p_first[pos] > p_first[neg]  # the opening alone reads positive...
    assert p_long[neg] > 0.5 and p_long[neg] > p_long[pos]  # ...the whole text is a complaint
    assert not np.allclose(p_long, p_first)


def test_precomputed_embeddings_used_for_short_texts_only(sentiment, encoder):
    short = ["Excelente servicio, muy amables"]
    other = encoder.encode(["Pésimo, me robaron la plata y nadie responde"])
    # The classifier trusts the vector it is given for a short text...
    p_given = sentiment.predict_proba(short, embeddings=other)
    assert np.allclose(p_given, sentiment.head.predict_proba(other, short))
    assert not np.allclose(p_given, sentiment.predict_proba(short))
    assert sentiment.predict(short) == ["POS"]
    # ...but re-encodes a long text by chunks whatever vector comes with it.
    long_text = " ".join(NEG_SENTENCES * 5)
    with_vec = sentiment.predict_proba([long_text], embeddings=encoder.encode(short))
    assert np.allclose(with_vec, sentiment.predict_proba([long_text]))
    with pytest.raises(ValueError):
        sentiment.predict_proba(short, embeddings=np.zeros((2, 512), np.float32))


def test_head_of_another_encoder_or_task_is_refused(tmp_path, encoder):
    class OtherEncoder:
        name, dim = "other-encoder", 512

        def encode(self, texts):
            return np.zeros((len(texts), 512), np.float32)

    with pytest.raises(ValueError, match="trained on"):
        EmbeddedClassifier("sentiment", encoder=OtherEncoder())
    with pytest.raises(ValueError):
        EmbeddedClassifier("irony", model_path=shipped_model_path("sentiment"), encoder=encoder)
    with pytest.raises(FileNotFoundError):
        EmbeddedClassifier("irony", model_path=tmp_path / "missing.npz", encoder=encoder)
    # A folder of heads (config `model_dir`) resolves to <task>.npz inside it.
    assert EmbeddedClassifier("irony", model_path=shipped_model_path("irony").parent, encoder=encoder).task == "irony"


def test_metrics_counts():
    m = metrics(["a", "a", "b", "b"], ["a", "b", "b", "b"], ["a", "b", "c"])
    assert m["confusion"]["matrix"] == [[1, 1, 0], [0, 2, 0], [0, 0, 0]]
    assert m["accuracy"] == 0.75
    assert m["per_class"]["a"] == {"precision": 1.0, "recall": 0.5, "f1": 0.6667, "support": 2}
    assert m["macro_f1"] == round((2 / 3 + 0.8) / 2, 4)  # "c" has no true rows: not averaged


def test_registry_creates_components_by_name(encoder):
    from escucha.nlp.components import classifiers, encoders

    clf = classifiers.create("embedded", task="toxicity", encoder=encoder)
    assert isinstance(clf, EmbeddedClassifier) and clf.task == "toxicity"
    enc = encoders.create("use-multilingual-v3")
    assert enc.name == "use-multilingual-v3" and enc.dim == 512
    assert {"embedded", "transformers"} <= set(classifiers.names())
    with pytest.raises(KeyError):
        classifiers.create("no-such-backend", task="sentiment")


def test_embedded_backend_does_not_import_torch():
    code = ("import sys; from escucha.nlp.components import classifiers; "
            "c = classifiers.create('embedded', task='irony'); c.predict(['hola']); "
            "print('torch' in sys.modules, 'transformers' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=True)
    assert out.stdout.split() == ["False", "False"], out.stdout + out.stderr


def test_long_text_chunks_are_encoded_once_across_classifiers(encoder):
    import uuid

    class CountingEncoder:
        name, dim = encoder.name, encoder.dim

        def __init__(self):
            self.seen: list[str] = []

        def encode(self, texts):
            self.seen.extend(texts)
            return encoder.encode(texts)

    from escucha.nlp.classifiers import embedded

    embedded._CHUNK_CACHE.clear()  # earlier tests chunked the same sentences
    counting = CountingEncoder()
    long_text = f"Caso {uuid.uuid4().hex}. " + " ".join(NEG_SENTENCES * 5)
    first = EmbeddedClassifier("sentiment", encoder=counting).predict_proba([long_text])
    n_chunks = len(set(chunk_text(long_text)))  # identical chunks are encoded once too
    assert len(counting.seen) == n_chunks
    EmbeddedClassifier("emotion", encoder=counting).predict_proba([long_text])
    again = EmbeddedClassifier("sentiment", encoder=counting).predict_proba([long_text])
    assert len(counting.seen) == n_chunks  # the second and third classifier reuse the chunk vectors
    assert np.array_equal(first, again)
