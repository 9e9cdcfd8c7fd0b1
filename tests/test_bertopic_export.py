"""The store's topic model as a real BERTopic object: `to_bertopic`, `escucha topics export-bertopic`
(BERTopic.load in a process that never imports Escucha, offline) and `escucha topics map` (HTML that
renders in headless Chromium with every network request refused).

Data: tests/topics_corpus.py (7 Spanish complaint themes, written for these tests), real USE
embeddings, one nightly fit on ~150 texts spread over four weeks (needs `escucha[bertopic]`).
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from datetime import datetime, timedelta, timezone
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import yaml
from typer.testing import CliRunner

pytest.importorskip("bertopic")

from escucha.cli import app  # noqa: E402
from escucha.config import load_config  # noqa: E402
from escucha.nlp.encoders import UniversalSentenceEncoder  # noqa: E402
from escucha.nlp.topics._base import OUTLIER  # noqa: E402
from escucha.nlp.topics.bertopic_export import escucha_ids, to_bertopic  # noqa: E402
from escucha.pipeline.context import open_configured_store  # noqa: E402
from escucha.pipeline.topic_export import IDS_FILE, store_topics  # noqa: E402
from escucha.pipeline.topics import update_topics  # noqa: E402
from escucha.records import build_record  # noqa: E402
from look import launch_chromium  # noqa: E402
from topics_corpus import make_corpus  # noqa: E402

START = datetime(2026, 10, 5, 12, 0, tzinfo=timezone.utc)  # a Monday
RENAMED = "Cobro doble en la factura"
runner = CliRunner()
pytestmark = pytest.mark.slow  # one topic fit (UMAP compiles with numba the first time: ~30 s)


@pytest.fixture(scope="module")
def fitted_store(tmp_path_factory):
    """A DuckDB store with ~150 records over 4 weeks, their topics fitted by the nightly stage,
    and one topic renamed by an analyst."""
    tmp = tmp_path_factory.mktemp("bertopic")
    cfg_path = tmp / "escucha.yaml"
    cfg_path.write_text(yaml.safe_dump({"data_dir": str(tmp / "data"), "connectors": [],
                                        "topics": {"min_topic_size": 10, "catalog": []}}), encoding="utf-8")
    cfg = load_config(cfg_path, environ={})
    encoder = UniversalSentenceEncoder()
    docs, names = make_corpus(per_theme=20, n_noise=6, seed=7)
    docs[0] += " Escríbanme a [EMAIL]"  # a redaction placeholder never becomes a word
    records = [build_record("pruebas", f"r{i}", channel="pqrs", text=d, created_at=START + timedelta(days=i % 28))
               for i, d in enumerate(docs)]
    with open_configured_store(cfg) as store:
        store.save_batch("pruebas", records, [], None, "run-0")
        store.upsert_embeddings([r.id for r in records], encoder.encode(docs), encoder.name, "run-0")
        update_topics(cfg, store, "run-1", encoder=encoder)
    st = store_topics(cfg)
    bill = int(pd.Series(st.topic_ids[np.isin(st.record_ids, [r.id for r, n in zip(records, names)
                                                             if n == "facturacion"])]).mode()[0])
    res = runner.invoke(app, ["topics", "rename", str(bill), RENAMED, "-c", str(cfg_path)])
    assert res.exit_code == 0, res.output
    return cfg_path, cfg, bill


@pytest.fixture(scope="module")
def exported(fitted_store):
    cfg_path, cfg, bill = fitted_store
    st = store_topics(cfg)
    return st, to_bertopic(st.model, st.docs, st.embeddings, st.topic_ids)


def test_to_bertopic_carries_our_topics_sizes_names_words_and_embeddings(fitted_store, exported):
    _, _, bill = fitted_store
    st, tm = exported
    ours = escucha_ids(tm)
    stored = pd.Series(st.topic_ids).value_counts()
    assert set(ours.values()) == set(stored.index)  # every topic that has records, the outliers too
    info = tm.get_topic_info().set_index("Topic")
    labels = dict(zip(st.model.topics()["topic_id"], st.model.topics()["label"]))
    for t, e in ours.items():
        assert info.loc[t, "Count"] == stored[e]  # BERTopic's sizes are the store's
        assert info.loc[t, "CustomName"] == labels[e]
    assert info.loc[{v: k for k, v in ours.items()}[bill], "CustomName"] == RENAMED  # the analyst's name wins
    assert tm.topics_ == [{v: k for k, v in ours.items()}[e] for e in st.topic_ids]
    # representations: c-TF-IDF words of each topic, Spanish content words, no placeholder
    for t in info.index[info.index >= 0]:
        words = tm.get_topic(t)
        assert len(words) == 10 and all(score > 0 for _, score in words[:3])
        assert not {w for w, _ in words} & {"de", "la", "que", "email", "gracias"}
    assert tm.c_tf_idf_.shape[0] == len(info)
    # topic embeddings: each topic's mean embedding, in BERTopic's row order (outliers first)
    assert tm.topic_embeddings_.shape == (len(info), st.embeddings.shape[1])
    first = 1 if OUTLIER in ours else 0
    for t, e in ours.items():
        mean = st.embeddings[st.topic_ids == e].mean(axis=0)
        np.testing.assert_allclose(tm.topic_embeddings_[t + first], mean, atol=1e-5)
    # BERTopic's own methods work on it
    assert tm.get_representative_docs(0)
    assert len(tm.visualize_barchart(custom_labels=True).data) > 0


def test_to_bertopic_defaults_to_the_models_own_assignment(exported):
    st, _ = exported
    tm = st.model.to_bertopic(st.docs, st.embeddings)
    mine = st.model.transform(st.embeddings).topic_ids
    assert [escucha_ids(tm)[t] for t in tm.topics_] == list(mine)
    with pytest.raises(ValueError, match="embeddings"):
        to_bertopic(st.model, st.docs[:-1], st.embeddings)


LOAD_PLAIN = """
import json, sys
from bertopic import BERTopic
tm = BERTopic.load(sys.argv[1])
info = tm.get_topic_info()
out = {"names": dict(zip(map(int, info.Topic), info.CustomName)), "counts": dict(zip(map(int, info.Topic), map(int, info.Count))),
       "words": [w for w, _ in tm.get_topic(0)], "hier": len(tm.visualize_hierarchy(custom_labels=True).data),
       "bars": len(tm.visualize_barchart(custom_labels=True).data),
       "escucha": sorted(m for m in sys.modules if m.split(".")[0] == "escucha")}
print(json.dumps(out))
"""


@pytest.mark.parametrize("pickled", [False, True], ids=["safetensors", "pickle"])
def test_export_bertopic_loads_in_plain_bertopic_offline(fitted_store, tmp_path, pickled):
    cfg_path, _, bill = fitted_store
    out = tmp_path / ("modelo.pkl" if pickled else "modelo")
    res = runner.invoke(app, ["topics", "export-bertopic", str(out), "-c", str(cfg_path), *(["--pickle"] if pickled else [])])
    assert res.exit_code == 0, res.output
    assert "BERTopic.load" in res.output
    ids_file = out.with_name(out.name + "." + IDS_FILE) if pickled else out / IDS_FILE
    ids = json.loads(ids_file.read_text(encoding="utf-8"))
    by_escucha = {t["escucha_id"]: t for t in ids["topics"]}
    assert by_escucha[bill]["label"] == RENAMED and ids["embedding_model"]
    if not pickled:
        assert {"topics.json", "config.json", "topic_embeddings.safetensors", "ctfidf.safetensors"} <= \
            {p.name for p in out.iterdir()}
        assert json.loads((out / "config.json").read_text()).get("embedding_model") is None  # nothing to download
    # a process that never imports Escucha, with the Hugging Face hub offline
    env = dict(os.environ, HF_HUB_OFFLINE="1", TRANSFORMERS_OFFLINE="1", PYTHONPATH="")
    proc = subprocess.run([sys.executable, "-c", LOAD_PLAIN, str(out)], capture_output=True, text=True, env=env,
                          cwd=tmp_path, timeout=300)
    assert proc.returncode == 0, proc.stderr[-3000:]
    got = json.loads(proc.stdout.strip().splitlines()[-1])
    assert got["escucha"] == []
    assert got["names"][str(by_escucha[bill]["bertopic_id"])] == RENAMED
    assert got["words"] and got["hier"] > 0 and got["bars"] > 0
    assert sum(got["counts"].values()) == len(json.loads((out / "topics.json").read_text())["topics"]) \
        if not pickled else True


def test_export_without_a_model_says_so_in_spanish(tmp_path):
    cfg_path = tmp_path / "escucha.yaml"
    cfg_path.write_text(yaml.safe_dump({"data_dir": str(tmp_path / "data"), "connectors": []}), encoding="utf-8")
    res = runner.invoke(app, ["topics", "export-bertopic", str(tmp_path / "m"), "-c", str(cfg_path)])
    assert res.exit_code == 2 and "todavía no hay un modelo de temas" in res.output


def test_topic_map_writes_offline_html_that_renders_in_chromium(fitted_store, tmp_path):
    cfg_path, _, _ = fitted_store
    out = tmp_path / "mapa"
    res = runner.invoke(app, ["topics", "map", str(out), "-c", str(cfg_path)])
    assert res.exit_code == 0, res.output
    names = {p.name for p in out.iterdir()}
    assert names == {"mapa_de_temas.html", "jerarquia_de_temas.html", "palabras_por_tema.html",
                     "temas_en_el_tiempo.html"}
    titles = {"mapa_de_temas.html": "Mapa de temas", "jerarquia_de_temas.html": "Jerarquía de temas",
              "palabras_por_tema.html": "Palabras por tema", "temas_en_el_tiempo.html": "Temas en el tiempo"}
    for name in names:
        html = (out / name).read_text(encoding="utf-8")
        # plotly.js is inline: no script is fetched (the bundle names a CDN only as the unused
        # default of its map tiles; the browser below refuses any request anyway)
        assert re.findall(r"<script[^>]*\bsrc=", html) == [] and len(html) > 1_000_000
        assert titles[name] in html and "Escríbanme" not in html  # names and words, never a record's text
    browser_gen = launch_chromium()
    browser = next(browser_gen)
    try:
        for name in sorted(names):
            page = browser.new_page(viewport={"width": 1280, "height": 900})
            asked: list[str] = []

            def refuse(route, asked=asked):
                asked.append(route.request.url)
                route.abort()

            page.route(lambda url: not url.startswith("file:"), refuse)
            page.goto((out / name).as_uri())
            page.wait_for_function("() => { const d = document.querySelector('.js-plotly-plot');"
                                   " return d && d.data && d.data.length > 0 && d.querySelector('.main-svg'); }",
                                   timeout=30_000)
            traces = page.evaluate("() => document.querySelector('.js-plotly-plot').data.length")
            title = page.evaluate("() => document.querySelector('.js-plotly-plot').layout.title.text")
            assert traces > 0 and titles[name] in title, name
            assert asked == [], f"{name} asked the network for {asked}"
            if name == "temas_en_el_tiempo.html":  # one point per ISO week of the records (4 weeks)
                xs = page.evaluate("() => document.querySelector('.js-plotly-plot').data.map(d => d.x.length)")
                assert max(xs) == 4
                assert page.evaluate("() => document.querySelector('.js-plotly-plot').layout.legend.title.text").endswith("Tema")
            page.close()
    finally:
        browser_gen.close()
