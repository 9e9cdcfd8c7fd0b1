"""Labels analysts give ("Revisar y etiquetar"): the store's `labels` table on both backends, the
choice of verbatims to review, the fixed train/evaluation split."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import numpy as np
import pandas as pd
import pytest

from escucha.labels import (
    LABEL_TASKS,
    LabelError,
    check_label,
    clean_author,
    is_heldout,
    latest_labels,
    redact_note,
    review_queue,
)
from escucha.records import build_record

T0 = datetime(2026, 3, 2, 12, tzinfo=timezone.utc)


def _stored(store, n: int = 3):
    recs = [build_record("prueba", f"R{i}", channel="social", created_at=T0, text=f"texto {i}") for i in range(n)]
    store.save_batch("prueba", recs, [], None, "run-1")
    store.upsert_enrichments(pd.DataFrame({
        "record_id": [r.id for r in recs], "text_hash": [r.text_hash() for r in recs], "model_version": "an-1",
        "sentiment": "NEG", "emotion": "enojo", "pqrs_type_pred": "queja", "language": "es",
        "text_norm": [r.text for r in recs], "sentiment_pos": 0.1, "sentiment_neu": 0.2, "sentiment_neg": 0.7,
    }), "run-1")
    store.upsert_topic_assignments(pd.DataFrame({"record_id": [recs[0].id], "topic_id": [4], "model_version": "t1"}),
                                   "run-1")
    return recs


def test_labels_keep_who_when_what_and_the_machine_value(store):
    recs = _stored(store)
    row = store.add_label(recs[0].id, "sentiment", "NEU", "Ana Pérez", note="revisar [NOMBRE]", at=T0)
    assert (row["previous"], row["model_version"], row["author"]) == ("NEG", "an-1", "Ana Pérez")
    store.add_label(recs[0].id, "issue", "7", "Ana Pérez", at=T0)
    store.add_label(recs[0].id, "sentiment", "POS", "Luis", at=T0 + timedelta(minutes=1))  # corrected again
    store.add_label(recs[1].id, "pqrs_type", "reclamo", "Luis", at=T0)
    df = store.fetch_labels()
    assert len(df) == 4 and set(df.columns) >= {"id", "record_id", "task", "label", "previous", "author", "created_at"}
    issue = df.loc[df["task"] == "issue"].iloc[0]
    assert (issue["label"], issue["previous"], issue["model_version"]) == ("7", "4", "t1")
    assert df.loc[df["task"] == "pqrs_type", "previous"].tolist() == ["queja"]  # the prediction, not a source's type
    assert str(df["created_at"].dtype) == "datetime64[us, UTC]"
    latest = latest_labels(store.fetch_labels("sentiment"))
    assert latest[["record_id", "label", "previous"]].values.tolist() == [[recs[0].id, "POS", "NEG"]]
    with pytest.raises(KeyError):
        store.add_label("no-existe", "sentiment", "POS", "Ana")
    with pytest.raises(ValueError):
        store.add_label(recs[0].id, "irony", "sí", "Ana")


def test_iter_enrichments_reads_whole_rows_of_the_versions_asked(store):
    recs = _stored(store, 5)
    store.upsert_enrichments(pd.DataFrame({"record_id": [recs[4].id], "text_hash": [recs[4].text_hash()],
                                           "model_version": "an-2", "sentiment": "POS"}), "run-2")
    batches = list(store.iter_enrichments(["an-1"], 2))
    assert [len(b) for b in batches] == [2, 2]
    rows = pd.concat(batches)
    assert sorted(rows["record_id"]) == sorted(r.id for r in recs[:4])
    assert set(rows["channel"]) == {"social"} and set(rows["emotion"]) == {"enojo"}
    assert rows["sentiment_neg"].tolist() == pytest.approx([0.7] * 4)
    assert list(store.iter_enrichments([], 10)) == []


def test_label_choices_are_checked_and_notes_redacted():
    from escucha.nlp.text.pii import Redactor

    assert check_label("sentiment", "NEG") == "NEG" and check_label("issue", "3", [3, 4]) == "3"
    for task, label in (("sentiment", "muy malo"), ("emotion", "rabia"), ("issue", "9"), ("issue", "x"), ("nada", "1")):
        with pytest.raises(LabelError):
            check_label(task, label, [3, 4])
    note = redact_note("llamar a Juan Pérez al 3001234567 o juan@correo.com", Redactor())
    assert "3001234567" not in note and "juan@correo.com" not in note and "[" in note
    assert redact_note("   ", Redactor()) is None
    assert clean_author("  Ana \n Pérez ") == "Ana Pérez" and clean_author("") == "tablero"


def test_heldout_split_is_fixed_by_record_and_task():
    ids = [f"id{i}" for i in range(2000)]
    held = [is_heldout(i, "sentiment") for i in ids]
    assert held == [is_heldout(i, "sentiment") for i in ids]  # the same on every call
    assert 0.15 < sum(held) / len(held) < 0.25
    assert held != [is_heldout(i, "emotion") for i in ids]  # each task its own split


def _frame(rows):
    return pd.DataFrame(rows, columns=["id", "channel", "text", "sentiment_pos", "sentiment_neu", "sentiment_neg",
                                       "sentiment", "emotion", "pqrs_type", "topic_id", "language"])


def test_review_queue_is_uncertain_diverse_and_from_every_channel():
    rows = []
    for i in range(12):  # social: uncertain ones, half near-duplicates of the first
        p = 0.34 + 0.01 * i
        rows.append((f"s{i:02d}", "social", f"social {i}", p, 1 - p - 0.3, 0.3, "POS", "enojo", "queja", i % 2, "es"))
    rows.append(("p0", "pqrs", "caso pqrs", 0.1, 0.1, 0.8, "NEG", "enojo", "reclamo", 5, "es"))  # sure, but its channel
    rows.append(("e0", "email", "correo", 0.5, 0.45, 0.05, "POS", "alegría", "otro", 6, "es"))
    rows.append(("x0", "social", "english", 0.4, 0.3, 0.3, "POS", "otros", "otro", 1, "en"))  # not Spanish
    frame = _frame(rows)
    rng = np.random.default_rng(0)
    base = rng.normal(size=16)
    vectors = {}
    for i, rid in enumerate(frame["id"]):
        v = base + (0.01 if i % 2 == 0 and i < 12 else 5.0) * rng.normal(size=16)  # even social rows: one cluster
        vectors[rid] = v / np.linalg.norm(v)
    queue = review_queue(frame, pd.DataFrame(columns=["id", "record_id", "task", "label", "created_at"]), vectors,
                         size=6)
    ids = [q.record_id for q in queue]
    assert len(ids) == 6 and "x0" not in ids
    assert {"p0", "e0"} <= set(ids)  # every channel
    assert sum(1 for i in ids if i.startswith("s") and int(i[1:]) % 2 == 0) == 1  # one of the near-duplicates
    assert ids == [q.record_id for q in review_queue(frame, pd.DataFrame(columns=["id", "record_id", "task", "label",
                                                                                  "created_at"]), vectors, size=6)]
    q = next(q for q in queue if q.record_id == "p0")
    assert q.machine == {"sentiment": "NEG", "emotion": "enojo", "pqrs_type": "reclamo", "issue": "5"}
    # a record labelled for every task leaves the queue; a partly labelled one stays, with what it has
    labels = pd.DataFrame([{"id": f"l{t}", "record_id": "p0", "task": t, "label": "x", "created_at": T0}
                           for t in LABEL_TASKS] + [{"id": "m", "record_id": "e0", "task": "sentiment", "label": "NEU",
                                                     "created_at": T0}])
    after = review_queue(frame, labels, vectors, size=6)
    assert "p0" not in [q.record_id for q in after]
    assert next(q for q in after if q.record_id == "e0").given == {"sentiment": "NEU"}


# -- the page, in process --------------------------------------------------------------------------

TOKEN = "etiquetas-secreto"


@pytest.fixture
def app_client(tmp_path):
    import json
    import re

    from fastapi.testclient import TestClient

    from escucha.config import load_config
    from escucha.outputs.dashboard import create_app

    db = tmp_path / "datos" / "escucha.duckdb"
    texts = ["me cobraron dos veces <b>la factura</b>", "el internet está lento", "gracias por la atención",
             "no me llega el extracto"]
    recs = [build_record("prueba", f"R{i}", channel=("social", "pqrs")[i % 2], created_at=datetime.now(timezone.utc),
                         text=t) for i, t in enumerate(texts)]
    with open_store_(db, tmp_path) as store:
        store.save_batch("prueba", recs, [], None, "run-1")
        store.upsert_enrichments(pd.DataFrame({
            "record_id": [r.id for r in recs], "text_hash": [r.text_hash() for r in recs], "model_version": "an-1",
            "language": "es", "sentiment": "NEG", "emotion": "enojo", "pqrs_type_pred": "queja",
            "sentiment_pos": [0.3, 0.1, 0.45, 0.2], "sentiment_neu": 0.2, "sentiment_neg": [0.5, 0.7, 0.35, 0.6],
        }), "run-1")
        store.save_topics(pd.DataFrame({"record_id": [r.id for r in recs], "topic_id": [1, 2, 2, 1], "model_version": "t1"}),
                          pd.DataFrame({"topic_id": [1, 2], "label": ["Cobros", "Internet"], "size": [2, 2],
                                        "model_version": "t1"}), "run-1")
    cfg_path = tmp_path / "escucha.yaml"
    cfg_path.write_text(f"data_dir: {json.dumps(str(tmp_path / 'datos'))}\nstore: {{url: {json.dumps(str(db))}}}\n"
                        "dashboard: {cache_s: 0}\n", encoding="utf-8")
    app = create_app(load_config(cfg_path), token=TOKEN)
    with TestClient(app, base_url="http://127.0.0.1") as client:
        client.get("/", params={"token": TOKEN}, follow_redirects=False)  # the gate's cookie
        yield client, db, recs, re


def open_store_(db, root):
    from escucha.store import open_store

    return open_store(str(db), root)


def test_labelling_page_posts_need_token_and_form_token(app_client, tmp_path):
    from fastapi.testclient import TestClient

    client, db, recs, re = app_client
    page = client.get("/etiquetar")
    assert page.status_code == 200 and "Revisar y etiquetar" in page.text
    assert "&lt;b&gt;la factura&lt;/b&gt;" in page.text  # escaped
    token = re.search(r'name="form_token" value="([0-9a-f]+)"', page.text).group(1)
    first = re.search(r'data-record="([0-9a-f]+)"', page.text).group(1)
    assert first == recs[2].id  # the most uncertain one (0.45 vs 0.35) comes first
    # without the token: 401, even with a valid form
    bare = TestClient(client.app, base_url="http://127.0.0.1")
    assert bare.post("/etiquetar", data={"form_token": token, "registro": first, "etiqueta": "sentiment=POS"}).status_code == 401
    # with the token but without the session's form token: 403, nothing stored
    assert client.post("/etiquetar", data={"registro": first, "etiqueta": "sentiment=POS"}).status_code == 403
    assert client.post("/etiquetar", data={"form_token": "0" * 64, "registro": first,
                                           "etiqueta": "sentiment=POS"}).status_code == 403
    # a choice that is not one: 400
    assert client.post("/etiquetar", data={"form_token": token, "registro": first, "etiqueta": "sentiment=MUY"}).status_code == 400
    r = client.post("/etiquetar/analista", data={"form_token": token, "analista": "Ana Pérez"}, follow_redirects=False)
    assert r.status_code == 303
    r = client.post("/etiquetar", data={"form_token": token, "registro": first, "etiqueta": "sentiment=POS",
                                        "nota": "llamar al 3001234567"}, follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == f"/etiquetar#r-{first}"
    assert client.post("/etiquetar", data={"form_token": token, "registro": first, "etiqueta": "issue",
                                           "tema": "1"}).status_code == 200
    assert client.post("/etiquetar", data={"form_token": token, "registro": first, "etiqueta": "confirmar"}).status_code == 200
    with open_store_(db, tmp_path) as store:
        labels = latest_labels(store.fetch_labels())
    got = {t: (lab, prev) for t, lab, prev in zip(labels["task"], labels["label"], labels["previous"])}
    assert got == {"sentiment": ("POS", "NEG"), "issue": ("1", "2"), "emotion": ("enojo", "enojo"),
                   "pqrs_type": ("queja", "queja")}
    assert set(labels["author"]) == {"Ana Pérez"}
    notes = store_notes = [n for n in labels["note"] if isinstance(n, str) and n != "None"]
    assert notes and all("3001234567" not in n for n in store_notes)
    # every task labelled: the record left the queue
    assert first not in client.get("/etiquetar").text


def test_promotion_is_versioned_reversible_and_never_overrides_a_configured_model(tmp_path):
    from escucha.config import EscuchaConfig
    from escucha.pipeline.heads import HeadError, active_heads, current_version, promote, read_pointer

    cfg = EscuchaConfig(data_dir=str(tmp_path))
    with pytest.raises(HeadError, match="No hay versión 'v1'"):
        promote(tmp_path, "pqrs_type", "v1")
    with pytest.raises(HeadError, match="no se entrena"):
        promote(tmp_path, "irony", "shipped")
    head = tmp_path / "models" / "heads" / "pqrs_type" / "v1.npz"
    head.parent.mkdir(parents=True)
    head.write_bytes(b"")  # promotion only checks that the version exists
    promote(tmp_path, "pqrs_type", "v1")
    assert active_heads(cfg).nlp.pqrs_type.model_dir == str(head) and active_heads(cfg).nlp.sentiment.model_dir is None
    promote(tmp_path, "pqrs_type", "shipped")
    assert current_version(tmp_path, "pqrs_type") == "shipped" and active_heads(cfg).nlp.pqrs_type.model_dir is None
    assert [(h["version"], h["previous"]) for h in read_pointer(tmp_path, "pqrs_type")["history"]] == [
        ("v1", "shipped"), ("shipped", "v1")]
    promote(tmp_path, "pqrs_type", "v1")
    own = EscuchaConfig(data_dir=str(tmp_path), nlp={"pqrs_type": {"model_dir": "/modelos/propio"}})
    assert active_heads(own).nlp.pqrs_type.model_dir == "/modelos/propio"  # the configuration's own model wins
