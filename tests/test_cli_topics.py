"""`escucha topics`: discover on any CSV, and list / rename / merge / split / refit on the store's
model, with corrections that survive the nightly topics stage.

Data: tests/topics_corpus.py (7 Spanish complaint themes, written for these tests), real USE
embeddings, small topics (min_topic_size 12) so that a fit takes seconds.
"""

from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import yaml
from sklearn.metrics import adjusted_rand_score
from typer.testing import CliRunner

from escucha.cli import app
from escucha.config import load_config
from escucha.nlp.encoders import UniversalSentenceEncoder
from escucha.pipeline.context import open_configured_store
from escucha.pipeline.topic_edits import (TopicEditError, list_topics, merge_topics, promote_topic, refit_topics,
                                          rename_topic, split_topic)
from escucha.pipeline.topics import model_root, update_topics
from escucha.records import build_record
from topics_corpus import THEMES, make_corpus

MIN_TOPIC_SIZE = 12
START = datetime(2026, 10, 1, 12, 0, tzinfo=timezone.utc)
runner = CliRunner()


@pytest.fixture(scope="module")
def encoder():
    return UniversalSentenceEncoder()


def _mode(ids: np.ndarray) -> int:
    return int(pd.Series(ids).mode()[0])


def _share(ids: np.ndarray, value: int) -> float:
    return float(np.mean(ids == value)) if len(ids) else 0.0


# -- discover ---------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def survey(tmp_path_factory):
    """A CP1252, semicolon-separated export with a sentiment column and an e-mail in many texts."""
    docs, names = make_corpus(per_theme=20, n_noise=4, seed=3)
    docs = [d + (" Escríbanme a juana.perez@correo.com" if n == "facturacion" else "") for d, n in zip(docs, names)]
    sentiment = ["NEG" if n in ("facturacion", "conexion") else ("Neutro" if i % 2 else "negativo")
                 for i, n in enumerate(names)]
    df = pd.DataFrame({"radicado": [f"R{i:03d}" for i in range(len(docs))], "comentario": docs, "sentiment": sentiment})
    path = tmp_path_factory.mktemp("survey") / "encuesta.csv"
    df.to_csv(path, sep=";", index=False, encoding="cp1252")
    return path, np.array(names)


def _discover(src: Path, out: Path, *extra: str):
    return runner.invoke(app, ["topics", "discover", str(src), "--text-column", "comentario", "-o", str(out),
                               "--min-topic-size", str(MIN_TOPIC_SIZE), *extra])


@pytest.mark.slow  # two BERTopic fits; the first UMAP fit of a process also compiles numba (~30 s)
def test_discover_writes_topics_and_a_summary_and_is_reproducible(survey, tmp_path):
    src, names = survey
    out = tmp_path / "temas.csv"
    res = _discover(src, out, "--seed", "7")
    assert res.exit_code == 0, res.output
    df = pd.read_csv(out, dtype=str, keep_default_na=False)
    assert list(df.columns) == ["radicado", "comentario", "sentiment", "topic_id", "topic_label", "topic_category"]
    assert len(df) == len(names) and "Escríbanme" in "".join(df["comentario"])  # CP1252 read right
    ids = df["topic_id"].astype(int).to_numpy()
    themed = names != "ruido"
    assert adjusted_rand_score(names[themed], ids[themed]) >= 0.7
    assert df.loc[ids >= 0, "topic_label"].str.len().min() > 0
    assert set(df["topic_category"]) - {"otros"}  # configured business categories are used

    summary = pd.read_csv(tmp_path / "temas.topics.csv", keep_default_na=False)
    assert {"topic_id", "label", "size", "keywords", "category", "verbatim_1", "verbatim_2", "verbatim_3",
            "share_negative"} <= set(summary.columns)
    assert summary["size"].sum() == len(df)
    assert dict(zip(summary.topic_id, summary["size"])) == df["topic_id"].astype(int).value_counts().to_dict()
    bill = _mode(ids[names == "facturacion"])
    row = summary.set_index("topic_id").loc[bill]
    neg = df["sentiment"].str.lower().str.startswith("neg").to_numpy()
    assert row["share_negative"] == pytest.approx(neg[ids == bill].mean(), abs=1e-4)
    assert row["share_negative"] >= 0.8  # a NEG theme: the column is not a constant
    verbatims = " ".join(summary[["verbatim_1", "verbatim_2", "verbatim_3"]].astype(str).agg(" ".join, axis=1))
    assert "juana.perez@correo.com" not in verbatims and "[EMAIL]" in verbatims  # redacted before clustering

    again = tmp_path / "otra_vez.csv"
    assert _discover(src, again, "--seed", "7").exit_code == 0
    assert again.read_bytes() == out.read_bytes()
    assert (tmp_path / "otra_vez.topics.csv").read_bytes() == (tmp_path / "temas.topics.csv").read_bytes()


@pytest.mark.slow  # one BERTopic fit
def test_discover_reads_and_writes_workbooks(survey, tmp_path):
    from openpyxl import load_workbook

    src, names = survey
    book = tmp_path / "encuesta.xlsx"
    pd.read_csv(src, sep=";", encoding="cp1252", dtype=str).to_excel(book, sheet_name="Respuestas", index=False)
    res = _discover(book, tmp_path / "temas.xlsx", "--sheet", "Respuestas")
    assert res.exit_code == 0, res.output
    rows = list(load_workbook(tmp_path / "temas.xlsx").active.iter_rows(values_only=True))
    assert rows[0] == ("radicado", "comentario", "sentiment", "topic_id", "topic_label", "topic_category")
    assert len(rows) == len(names) + 1 and "Escríbanme" in " ".join(r[1] for r in rows[1:])
    ids = np.array([r[3] for r in rows[1:]])
    assert ids.dtype.kind == "i"  # topic ids are numbers in the workbook
    themed = names != "ruido"
    assert adjusted_rand_score(names[themed], ids[themed]) >= 0.7
    summary = load_workbook(tmp_path / "temas.topics.xlsx")
    assert summary.sheetnames == ["temas"]
    header, *topics = list(summary["temas"].iter_rows(values_only=True))
    assert sum(r[header.index("size")] for r in topics) == len(names)


def test_discover_names_a_missing_column(survey, tmp_path):
    res = runner.invoke(app, ["topics", "discover", str(survey[0]), "--text-column", "texto", "-o", str(tmp_path / "x.csv")])
    assert res.exit_code == 2 and "texto" in res.output and "comentario" in res.output


# -- the store's model ---------------------------------------------------------------------------
def _config(tmp_path: Path) -> Path:
    path = tmp_path / "escucha.yaml"
    path.write_text(yaml.safe_dump({"data_dir": str(tmp_path / "data"), "connectors": [],
                                    # corrections on discovered topics (catalogue issues: test_topics.py)
                                    "topics": {"min_topic_size": MIN_TOPIC_SIZE, "catalog": []}},
                                   allow_unicode=True),
                    encoding="utf-8")
    return path


def _ingest(cfg, encoder, docs, names, prefix: str, day0: int) -> dict[str, str]:
    """Store records with embeddings, as ingest + enrich would; returns record id -> theme."""
    records = [build_record("pruebas", f"{prefix}{i}", channel="pqrs", text=d,
                            created_at=START + timedelta(days=day0 + i % 7, hours=i % 24))
               for i, d in enumerate(docs)]
    with open_configured_store(cfg) as store:
        store.save_batch("pruebas", records, [], None, f"run-{prefix}")
        store.upsert_embeddings([r.id for r in records], encoder.encode(docs), encoder.name, f"run-{prefix}")
    return {r.id: n for r, n in zip(records, names)}


def _nightly(cfg, encoder, run_id: str) -> dict:
    with open_configured_store(cfg) as store:
        return update_topics(cfg, store, run_id, encoder=encoder)


def _state(cfg) -> tuple[pd.DataFrame, pd.Series]:
    """(store topic table indexed by id, topic id per record id)."""
    with open_configured_store(cfg) as store:
        topics = store.fetch_topics().set_index("topic_id")
        frame = store.analysis_frame()
    return topics, frame.set_index("id")["topic_id"]


@pytest.fixture(scope="module")
def history(encoder):
    docs, names = make_corpus(per_theme=30, n_noise=8, seed=7)
    night, night_names = make_corpus(per_theme=8, n_noise=3, seed=11, exclude=set(docs))
    return (docs, names), (night, night_names)


@pytest.mark.slow  # fit, update, refit on ~300 texts
def test_corrections_survive_the_nightly_run_and_refit(tmp_path, encoder, history):
    cfg_path = _config(tmp_path)
    cfg = load_config(cfg_path, environ={})
    (docs, names), (night, night_names) = history
    theme_of = _ingest(cfg, encoder, docs, names, "h", 0)
    assert _nightly(cfg, encoder, "run-1")["assigned"] == len(docs)
    _, assigned = _state(cfg)
    ids = assigned.loc[list(theme_of)].to_numpy()
    themes = np.array(list(theme_of.values()))
    t = {th: _mode(ids[themes == th]) for th in THEMES}
    assert len(set(t.values())) == len(THEMES)

    listed, without, version = list_topics(cfg)
    assert set(listed.topic_id) == set(assigned[assigned >= 0].astype(int)) and without == int((assigned < 0).sum())
    assert listed["size"].sum() + without == len(docs) and listed["size"].is_monotonic_decreasing
    assert (pd.to_datetime(listed["last_seen"], utc=True) <= START + timedelta(days=7)).all()

    # rename and merge through the CLI, as an analyst would
    res = runner.invoke(app, ["topics", "rename", str(t["facturacion"]), "Cobro doble en la factura", "-c", str(cfg_path)])
    assert res.exit_code == 0, res.output
    assert "renombrado" in res.output
    res = runner.invoke(app, ["topics", "merge", str(t["precio"]), str(t["cancelacion"]), "-c", str(cfg_path)])
    assert res.exit_code == 0, res.output
    topics, assigned = _state(cfg)
    assert topics.loc[t["facturacion"], "label"] == "Cobro doble en la factura"
    assert t["cancelacion"] not in topics.index and t["cancelacion"] not in set(assigned)
    assert (topics["model_version"] != version).all() and (model_root(cfg) / topics["model_version"].iloc[0]).is_dir()
    res = runner.invoke(app, ["topics", "list", "-c", str(cfg_path)])
    assert res.exit_code == 0 and "Cobro doble en la factura" in res.output
    res = runner.invoke(app, ["topics", "rename", "999", "x", "-c", str(cfg_path)])
    assert res.exit_code == 2 and "no existe el tema 999" in res.output
    # an analyst says a topic holds ads: it leaves the ranking (analysis frame's topic_kind)
    res = runner.invoke(app, ["topics", "kind", str(t["telefono"]), "comentario", "-c", str(cfg_path)])
    assert res.exit_code == 0 and "comentario" in res.output, res.output
    res = runner.invoke(app, ["topics", "kind", str(t["telefono"]), "publicidad", "-c", str(cfg_path)])
    assert res.exit_code == 2 and "tipo 'publicidad' desconocido" in res.output
    topics, _ = _state(cfg)
    assert topics.loc[t["telefono"], "kind"] == "comentario" and topics.loc[t["facturacion"], "kind"] != "comentario"
    res = runner.invoke(app, ["topics", "list", "-c", str(cfg_path)])
    assert "comentario" in res.output

    # a nightly run on new records: the label and the merge hold
    night_of = _ingest(cfg, encoder, night, night_names, "n", 10)
    assert _nightly(cfg, encoder, "run-2")["assigned"] == len(night)
    topics, assigned = _state(cfg)
    assert topics.loc[t["facturacion"], "label"] == "Cobro doble en la factura"
    assert t["cancelacion"] not in topics.index and t["cancelacion"] not in set(assigned)
    nids = assigned.loc[list(night_of)].to_numpy()
    nthemes = np.array(list(night_of.values()))
    assert _share(nids[nthemes == "cancelacion"], t["precio"]) >= 0.8
    assert _share(nids[nthemes == "facturacion"], t["facturacion"]) >= 0.8

    # refit: ids and the human label of themes found again are kept; the merge too
    res = runner.invoke(app, ["topics", "refit", "-c", str(cfg_path)])
    assert res.exit_code == 0, res.output
    assert f"{t['facturacion']} «Cobro doble en la factura» -> {t['facturacion']} «Cobro doble en la factura»" in res.output
    topics, assigned = _state(cfg)
    assert assigned.notna().all()
    all_of = {**theme_of, **night_of}
    ids = assigned.loc[list(all_of)].to_numpy()
    themes = np.array(list(all_of.values()))
    for th in ("facturacion", "conexion", "instalacion", "telefono"):
        assert _share(ids[themes == th], t[th]) >= 0.8, th
    assert _share(ids[themes == "cancelacion"], t["precio"]) >= 0.8
    assert topics.loc[t["facturacion"], "label"] == "Cobro doble en la factura"
    assert t["cancelacion"] not in topics.index
    assert topics.loc[t["telefono"], "kind"] == "comentario"  # the analyst's kind holds through refit
    with open_configured_store(cfg) as store:
        frame = store.analysis_frame()
    assert set(frame.loc[frame["topic_id"] == t["telefono"], "topic_kind"]) == {"comentario"}
    assert promote_topic(cfg, t["telefono"])["kind"] == "comentario"

    # a discovered issue becomes an entry of the company's catalogue: its most typical texts
    entry = promote_topic(cfg, t["conexion"], name="Caída del internet")
    assert entry["key"] == "empresa:caida_del_internet" and entry["name"] == "Caída del internet"
    text_of = dict(zip(list(all_of), docs + night))  # record ids in ingest order
    mine = {text_of[r] for r, tid in assigned.loc[list(all_of)].items() if tid == t["conexion"]}
    assert 3 <= len(entry["examples"]) <= 8 and set(entry["examples"]) <= mine
    assert promote_topic(cfg, t["facturacion"])["name"] == "Cobro doble en la factura"  # the analyst's label
    res = runner.invoke(app, ["topics", "promote", str(t["conexion"]), "--name", "Caída del internet", "-c", str(cfg_path)])
    assert res.exit_code == 0, res.output
    pasted = yaml.safe_load(res.output)  # the YAML to paste into the configuration, as printed
    assert pasted["topics"]["own_issues"][0] == entry


@pytest.mark.slow  # fit, split, update, refit on ~300 texts
def test_split_gives_new_ids_that_the_nightly_run_keeps(tmp_path, encoder, history):
    cfg = load_config(_config(tmp_path), environ={})
    (docs, names), (night, night_names) = history
    theme_of = _ingest(cfg, encoder, docs, names, "h", 0)
    _nightly(cfg, encoder, "run-1")
    _, assigned = _state(cfg)
    ids = assigned.loc[list(theme_of)].to_numpy()
    themes = np.array(list(theme_of.values()))
    t = {th: _mode(ids[themes == th]) for th in THEMES}
    merge_topics(cfg, [t["precio"], t["cancelacion"]])  # one topic that mixes two issues
    with pytest.raises(TopicEditError, match="no existe"):
        split_topic(cfg, 999)
    result = split_topic(cfg, t["precio"], n_topics=2)
    children = sorted(result.children)
    assert len(children) == 2 and min(children) > max(t.values())
    topics, assigned = _state(cfg)
    assert t["precio"] not in topics.index and set(children) <= set(topics.index)
    ids = assigned.loc[list(theme_of)].to_numpy()
    child = {th: _mode(ids[themes == th]) for th in ("precio", "cancelacion")}
    assert set(child.values()) == set(children)
    for th in child:
        assert _share(ids[themes == th], child[th]) >= 0.9
    assert sum(result.children.values()) == int(np.isin(ids, children).sum())
    night_of = _ingest(cfg, encoder, night, night_names, "n", 10)
    _nightly(cfg, encoder, "run-2")
    _, assigned = _state(cfg)
    nids = assigned.loc[list(night_of)].to_numpy()
    nthemes = np.array(list(night_of.values()))
    for th in child:
        assert _share(nids[nthemes == th], child[th]) >= 0.8
    # rename a child, then a refit keeps it
    rename_topic(cfg, child["cancelacion"], "No me dejan cancelar")
    r = refit_topics(cfg)
    assert r.mapping[child["cancelacion"]] == child["cancelacion"]
    topics, _ = _state(cfg)
    assert topics.loc[child["cancelacion"], "label"] == "No me dejan cancelar"
    assert r.model_version != r.old_version
    assert json.loads((model_root(cfg) / r.model_version / "corrections.json").read_text(encoding="utf-8"))["renames"]


def test_edits_before_any_model_say_so(tmp_path):
    cfg_path = _config(tmp_path)
    res = runner.invoke(app, ["topics", "list", "-c", str(cfg_path)])
    assert res.exit_code == 0 and "todavía no hay temas" in res.output
    res = runner.invoke(app, ["topics", "merge", "1", "2", "-c", str(cfg_path)])
    assert res.exit_code == 2 and "escucha run" in res.output


# -- evaluation -------------------------------------------------------------------------------
def test_partition_scores_and_a_clean_skip_without_eval_dev(tmp_path, capsys):
    from escucha.evaluation.topics import main
    from escucha.nlp.topics.metrics import GroupPurity, score_partition

    f = score_partition(["a", "a", "b", "b", "c", "c"], np.array([5, 5, 7, 7, -1, -1]))
    assert f.ari_all == 1.0 and f.outlier_share == pytest.approx(1 / 3, abs=1e-3) and f.topics == 2
    assert f.purity_of("c") == GroupPurity("c", 2, -1, 0.0) and f.purity_of("a").share == 1.0
    assert f.median_purity == 1.0
    split = score_partition(["a", "a", "b", "b"], np.array([1, 2, 1, 2]))
    assert split.ari_all < 0.1 and split.median_purity == 0.5
    assert main(["--demo-records", "0", "--no-written", "--eval-dir", str(tmp_path / "no-such-folder")]) == 0
    out = capsys.readouterr().out
    assert "eval-dev folder absent: skipped" in out and "Demo corpus: skipped" in out
    assert "Bank tweets we wrote: skipped" in out


@pytest.mark.slow  # two fits on ~250 texts
def test_a_model_fitted_on_other_embeddings_is_refitted_keeping_ids(tmp_path, encoder, history):
    """A store whose topic model predates the topic text (no `embedding_text`): enrichment has
    re-embedded every record, so the next night refits on all of them instead of matching new
    vectors against old prototypes; themes found again keep their ids."""
    from escucha.nlp.text.topic_text import TOPIC_TEXT_VERSION
    from escucha.nlp.topics import BERTopicModeler

    cfg = load_config(_config(tmp_path), environ={})
    (docs, names), _ = history
    theme_of = _ingest(cfg, encoder, docs, names, "h", 0)
    rids = list(theme_of)
    old = BERTopicModeler(min_topic_size=MIN_TOPIC_SIZE, seed=cfg.topics.seed)  # as saved before the change
    assignment = old.fit(docs, encoder.encode(docs))
    old.save(model_root(cfg) / old.model_version)
    with open_configured_store(cfg) as store:
        store.save_topics(assignment.to_frame(rids), old.topics(), "run-old")
    themes = np.array(list(theme_of.values()))
    before = {th: _mode(assignment.topic_ids[themes == th]) for th in THEMES}

    out = _nightly(cfg, encoder, "run-1")
    assert out.get("refit") is True and out["assigned"] == len(docs)
    topics, assigned = _state(cfg)
    new = BERTopicModeler.load(model_root(cfg) / topics["model_version"].iloc[0])
    assert new.embedding_text == TOPIC_TEXT_VERSION and new.model_version != old.model_version
    ids = assigned.loc[rids].to_numpy()
    kept = [th for th in THEMES if _share(ids[themes == th], before[th]) >= 0.8]
    assert len(kept) >= len(THEMES) - 1, kept
    assert _nightly(cfg, encoder, "run-2")["assigned"] == 0  # refitted once, then plain nights
