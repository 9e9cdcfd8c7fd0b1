"""The labelling loop end to end: 200 demo records ingested and enriched with the real models, 30
verbatims labelled through "Revisar y etiquetar" in headless Chromium (Debian's chromium through
Playwright), `escucha train pqrs_type --from-store`, `escucha evaluate --from-store`,
`escucha models promote`, and the next enrichment uses the new head: every record's PQRS column
is recomputed with it (its version is in the enrichments) and nothing else is enriched again;
promoting `shipped` goes back.

Slow: encoding the shipped PQRS training texts for the new head takes most of a minute on 2 cores.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from helpers import cut_demo, dashboard_server

from look import launch_chromium

TOKEN = "bucle-etiquetas-123"
TOKEN_ENV = "ESCUCHA_TEST_ETIQUETAS_TOKEN"
N_LABELS = 30

pytestmark = pytest.mark.slow


def _cli(args, cfg_path):
    env = {**os.environ, "ESCUCHA_PROGRESS": "off"}
    env.pop("ESCUCHA_CONFIG", None)
    r = subprocess.run([sys.executable, "-m", "escucha.cli", *args, "-c", str(cfg_path)], env=env,
                       capture_output=True, text=True, timeout=600)
    assert r.returncode == 0, r.stdout + r.stderr
    return r.stdout


@pytest.fixture(scope="module")
def loop_env(tmp_path_factory):
    import pandas as pd

    from escucha.config import load_config
    from escucha.demo import generate_demo
    from escucha.pipeline.enrich import run_enrichment
    from escucha.pipeline.ingest import build_connectors, ingest_connector
    from escucha.pipeline.redaction import build_redaction
    from escucha.store import open_store

    root = tmp_path_factory.mktemp("bucle")
    data = root / "datos"
    generate_demo(data / "demo", n_records=600)
    cut_demo(data / "demo")  # 200 records of every channel
    db = data / "escucha.duckdb"
    cfg_path = root / "escucha.yaml"
    cfg_path.write_text(f"data_dir: {json.dumps(str(data))}\nstore: {{url: {json.dumps(str(db))}}}\n"
                        f"dashboard: {{token: 'env:{TOKEN_ENV}', cache_s: 0}}\n", encoding="utf-8")
    cfg = load_config(cfg_path)
    with open_store(str(db), data) as store:
        policy = build_redaction(cfg)
        for connector in build_connectors(cfg):
            ingest_connector(store, connector, policy, "run-1")
        run_enrichment(cfg, store, "run-1")
        ids = store.fetch_records(columns=["id", "channel"])
        topic = {"pqrs": 1, "social": 2}
        store.save_topics(
            pd.DataFrame({"record_id": ids["id"], "topic_id": [topic.get(c, 3) for c in ids["channel"]],
                          "model_version": "t1"}),
            pd.DataFrame({"topic_id": [1, 2, 3], "label": ["Casos PQRS", "Redes", "Llamadas"], "size": [1, 1, 1],
                          "model_version": "t1"}), "run-1")
        n = store.count_records()
    return {"root": root, "db": db, "cfg_path": cfg_path, "cfg": cfg, "n": n}


@pytest.fixture(scope="module")
def server(loop_env):
    with dashboard_server(loop_env["cfg_path"], TOKEN_ENV, TOKEN) as url:
        yield url


def test_label_train_evaluate_promote_and_the_next_run_uses_the_new_head(loop_env, server):
    from escucha.labels import latest_labels
    from escucha.nlp.analyzer import Analyzer
    from escucha.pipeline.enrich import run_enrichment
    from escucha.pipeline.heads import active_heads
    from escucha.store import open_store

    db, cfg, cfg_path = loop_env["db"], loop_env["cfg"], loop_env["cfg_path"]
    browser_gen = launch_chromium()
    browser = next(browser_gen)
    try:
        page = browser.new_page(viewport={"width": 1200, "height": 900})
        errors: list[str] = []
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.goto(f"{server}/etiquetar?token={TOKEN}")
        assert page.locator("h1").inner_text() == "Revisar y etiquetar"
        page.fill("#analista", "Analista de prueba")
        with page.expect_navigation():
            page.get_by_role("button", name="Guardar nombre").click()
        seen = []
        for i in range(N_LABELS):
            card = page.locator("section.card").first
            seen.append(card.get_attribute("data-record"))
            if i % 3 == 0:  # a correction: one click on another PQRS type than the machine's
                other = card.locator("[data-task=pqrs_type] button:not(.machine)").first
                with page.expect_navigation():
                    other.click()
                card = page.locator(f"#r-{seen[-1]}")
            with page.expect_navigation():
                card.get_by_role("button", name="Confirmar lo que falta").click()
        assert len(set(seen)) == N_LABELS  # a labelled verbatim leaves the queue
        channels = page.locator("section.card .meta").all_inner_texts()
        assert channels  # more to review
        assert not errors, errors
        page.close()
    finally:
        browser_gen.close()

    with open_store(str(db), cfg.data_dir) as store:
        labels = latest_labels(store.fetch_labels("pqrs_type"))
        enriched_before = store.fetch_labels()
    assert set(seen) <= set(labels["record_id"]) and len(labels) == N_LABELS
    assert set(enriched_before["author"]) == {"Analista de prueba"}
    with open_store(str(db), cfg.data_dir) as store:
        shown = dict(zip(*(store.analysis_frame()[c] for c in ("id", "pqrs_type"))))
    given = dict(zip(labels["record_id"], labels["label"]))
    assert all(given[seen[i]] != shown[seen[i]] for i in range(0, N_LABELS, 3))  # the corrections
    assert all(given[seen[i]] == shown[seen[i]] for i in range(N_LABELS) if i % 3)  # the confirmations

    out = _cli(["train", "pqrs_type", "--from-store"], cfg_path)
    assert "Versión v1 de pqrs_type" in out
    out = _cli(["evaluate", "pqrs_type", "--from-store"], cfg_path)
    assert "candidata v1" in out and "actual    shipped" in out and "macro-F1" in out
    out = _cli(["models", "promote", "pqrs_type", "v1"], cfg_path)
    assert "versión v1" in out

    v1 = json.loads((Path(cfg.data_dir) / "models" / "heads" / "pqrs_type" / "v1.json").read_text(encoding="utf-8"))
    analyzer = Analyzer.from_config(active_heads(cfg).nlp)
    assert analyzer.classifiers["pqrs_type"].version == v1["classifier_version"]
    with open_store(str(db), cfg.data_dir) as store:
        old = store.fetch_records(columns=["id"])
        before = store.analysis_frame()
        assert run_enrichment(cfg, store, "run-2") == 0  # nothing enriched again from scratch
        after = store.analysis_frame()
        versions = {r[0] for r in store._fetchall("SELECT DISTINCT model_version FROM enrichments")}  # noqa: SLF001
        ids_with_vectors = len(store.ids_with_embedding())
    assert versions == {analyzer.version}  # the new head's version is in every enrichment
    assert ids_with_vectors == len(old) == loop_env["n"]
    assert before["sentiment"].tolist() == after["sentiment"].tolist()  # other tasks untouched
    assert before["topic_id"].tolist() == after["topic_id"].tolist()

    _cli(["models", "promote", "pqrs_type", "shipped"], cfg_path)  # and back
    shipped = Analyzer.from_config(active_heads(cfg).nlp)
    with open_store(str(db), cfg.data_dir) as store:
        assert run_enrichment(cfg, store, "run-3") == 0
        versions = {r[0] for r in store._fetchall("SELECT DISTINCT model_version FROM enrichments")}  # noqa: SLF001
    assert versions == {shipped.version} != {analyzer.version}
