"""The whole nightly flow (`escucha run`) on NEW demo records over a big HISTORY in the store.

    python -m bench.nightly --history 1000000 --new 100000 [--repeats 1] [--topic-refit]

1. History (built once per size, then copied for every run): `--history` records written
   directly through the store's API (`save_batch` of Records, `save_enrichment` of enrichment
   rows + embeddings, topic assignments, the topic table) in 50k batches, as if earlier nights
   had processed them. Texts are demo texts (escucha.demo); their embeddings are REAL USE
   vectors of a pool of distinct texts (`--pool`, default 20k), reused for the copies; the
   topic model is fitted on that pool with the default settings and saved where the flow looks for it. Enrichment
   labels are random (analytics only count them); `model_version` is the default Analyzer's
   version, so nothing of the history is pending. Dates: the two years before the new records.
2. New records: the demo corpus (`generate_demo(n_records=--new)`: PQRS CSV, call
   transcripts, X posts) read by the default connectors, as `escucha demo-data` writes it.
3. `escucha run -c <config>` in a child process, default configuration (embedded models,
   DuckDB): wall time, the child's peak RSS, and the run's seconds per stage (from the store).
   `ESCUCHA_ANALYTICS_NOW` is pinned to the demo's last day, so reports are the same each time.
   Before each run (untimed) the history's enrichments are stamped with the current Analyzer
   version, its churn signals with the current detector's (every history text counted as read)
   and its topic model with the current embedding text, so a cached history is never
   re-enriched, re-read or refitted after a model change: the run measures a steady-state night.
   With `--topic-refit` the topic model is instead stamped with an older embedding text, so
   the run takes the one-off upgrade path (refit on every stored record; pipeline/topics.py).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import numpy as np
import pandas as pd

from bench._common import CACHE, append_row, demo_texts, load, median, peak_mb

NOW = "2026-11-20T23:00:00+00:00"
POOL = 20_000
CHUNK = 50_000


def _config(data_dir: Path) -> Path:
    data_dir.parent.mkdir(parents=True, exist_ok=True)
    path = data_dir.parent / f"{data_dir.name}.yaml"
    path.write_text(json.dumps({"data_dir": str(data_dir)}) + "\n", encoding="utf-8")
    return path


def pool_embeddings(texts: list[str]) -> np.ndarray:
    f = CACHE / f"pool-use-{len(texts)}.npy"
    if not f.exists():
        from escucha.nlp.encoders import UniversalSentenceEncoder

        t0 = time.perf_counter()
        emb = UniversalSentenceEncoder().encode(texts)
        print(f"USE: {len(texts)} texts in {time.perf_counter() - t0:.0f} s", flush=True)
        np.save(f, emb)
    return np.load(f)


def build_history(n: int, pool_size: int = POOL) -> Path:
    """A data dir whose store holds `n` processed records (see module docstring); cached."""
    folder = CACHE / f"history-{n}"
    if (folder / "READY").exists():
        return folder
    shutil.rmtree(folder, ignore_errors=True)
    data_dir = folder / "data"
    from escucha.config import load_config
    from escucha.nlp.analyzer import Analyzer

    from escucha.pipeline import topics as topics_stage
    from escucha.pipeline.context import open_configured_store
    from escucha.records import build_record
    from escucha.store import ENRICHMENT_COLUMNS

    from escucha.pipeline.heads import active_heads

    cfg = load_config(_config(data_dir), environ={})
    analyzer = Analyzer.from_config(active_heads(cfg).nlp)
    pool_n = min(pool_size, n)
    pool = demo_texts(pool_n, seed=51)
    texts = [t for t, _ in pool]
    emb = pool_embeddings(texts)
    t0 = time.perf_counter()
    modeler = topics_stage.new_modeler(cfg, analyzer.encoder)
    topic_of = modeler.fit(texts, emb).topic_ids
    topics_stage.save_model(modeler, topics_stage.model_root(cfg))
    print(f"topic model on {pool_n} docs: {time.perf_counter() - t0:.0f} s, {len(modeler.topics())} topics", flush=True)

    rng = np.random.default_rng(0)
    end = datetime(2026, 7, 20, tzinfo=UTC)  # the demo's new records start about here
    span = timedelta(days=730).total_seconds()
    labels = np.array(["POS", "NEU", "NEG"])
    emotions = ["alegría", "enojo", "tristeza", "miedo", "sorpresa", "asco", "otros"]
    ptypes = np.array(["petición", "queja", "reclamo", "sugerencia", "felicitación", "otro"])
    store = open_configured_store(cfg)
    t0 = time.perf_counter()
    try:
        for start in range(0, n, CHUNK):
            k = np.arange(start, min(n, start + CHUNK))
            j = k % pool_n
            when = end - pd.to_timedelta(rng.random(len(k)) * span, unit="s")
            records = []
            for i, p, ts in zip(k, j, when):
                text, channel = pool[p]
                extra = {}
                if channel == "pqrs":
                    extra = dict(pqrs_type=str(ptypes[i % 6]), opened_at=ts, first_response_at=ts + timedelta(days=1),
                                 closed_at=ts + timedelta(days=4), status="cerrado")
                records.append(build_record("historia", f"h{i:08d}", channel=channel, created_at=ts.to_pydatetime(),
                                            text=text, country="CO", **extra))
            store.save_batch("historia", records, [], None, "bench-history")
            ids = [r.id for r in records]
            hashes = store.fetch_records(ids=ids, columns=["id", "text_hash"])["text_hash"].to_numpy()
            probs = rng.dirichlet(np.ones(3), size=len(k))
            channels = [pool[p][1] for p in j]
            rows = pd.DataFrame({
                "record_id": ids, "text_hash": hashes, "language": "es", "text_norm": [pool[p][0] for p in j],
                "sentiment": labels[probs.argmax(1)],
                "sentiment_pos": probs[:, 0], "sentiment_neu": probs[:, 1], "sentiment_neg": probs[:, 2],
                "emotion": [emotions[x] for x in rng.integers(0, 7, len(k))],
                "emotion_scores": json.dumps({e: round(1 / 7, 4) for e in emotions}, ensure_ascii=False),
                "irony": [0.1 if c == "social" else np.nan for c in channels],
                "toxicity": [0.05 if c == "social" else np.nan for c in channels],
                "pqrs_type_pred": ptypes[rng.integers(0, 6, len(k))], "model_version": analyzer.version,
            })
            store.save_enrichment(rows[list(ENRICHMENT_COLUMNS)], emb[j], analyzer.encoder.name, "bench-history")
            store.upsert_topic_assignments(pd.DataFrame({"record_id": ids, "topic_id": topic_of[j].astype(int),
                                                         "model_version": modeler.model_version}), "bench-history")
            print(f"history {min(n, start + CHUNK):,}/{n:,} ({time.perf_counter() - t0:.0f} s)", flush=True)
        store.replace_topics(modeler.topics(), "bench-history")
    finally:
        store.close()
    (folder / "READY").write_text(f"{n}\n")
    return folder


def new_records(n: int) -> Path:
    folder = CACHE / f"new-{n}"
    if not (folder / "READY").exists():
        from escucha.demo import generate_demo

        generate_demo(folder, seed=41, n_records=n, end=date(2026, 11, 20), days=120)
        (folder / "READY").write_text("ok\n")
    return folder


def _current_version(data_dir: Path, cfg_file: Path) -> None:
    """Stamp the history's enrichments with today's Analyzer version (untimed): the history
    stands for records earlier nights processed with the models in use, and a cached history
    built before a model or analyzer change must not be re-enriched by the measured run."""
    import duckdb
    from escucha.config import load_config
    from escucha.nlp.analyzer import Analyzer

    from escucha.nlp.signals import make_detector

    from escucha.pipeline.heads import active_heads

    cfg = load_config(cfg_file, environ={})
    version = Analyzer.from_config(active_heads(cfg).nlp).version  # what the measured run will use
    detector = make_detector(cfg.customers.signals.detector, **dict(cfg.customers.signals.params)).version
    con = duckdb.connect(str(data_dir / "escucha.duckdb"))
    try:
        con.execute("UPDATE enrichments SET model_version = ? WHERE model_version <> ?", [version, version])
        # Earlier nights also read every history text for churn signals (none found: the
        # history's labels are random anyway), so the measured night examines only its own.
        con.execute("UPDATE signals SET detector_version = ? WHERE detector_version <> ?", [detector, detector])
        con.execute("INSERT INTO signals (record_id, text_hash, kind, cue, excerpt, detector_version, run_id) "
                    "SELECT r.id, r.text_hash, NULL, NULL, NULL, ?, 'bench-history' FROM records r "
                    "WHERE NOT EXISTS (SELECT 1 FROM signals s WHERE s.record_id = r.id)", [detector])
    finally:
        con.close()
    # Likewise the redaction: the history stands for texts this redactor already wrote (else the
    # night refuses to start and asks for `escucha redact --rescan`).
    from escucha.pipeline.redaction import mark_redaction_version
    from escucha.store import open_store

    with open_store(None, data_dir) as store:
        store.upgrade_schema()  # a history cached by an older Escucha: as `escucha store upgrade` would
        mark_redaction_version(store, "bench-history")
    # Likewise the topic model: it stands for a model fitted on the current kind of embeddings
    # (else the night takes the one-off upgrade path, a refit over the whole history).
    try:
        from escucha.nlp.text.topic_text import TOPIC_TEXT_VERSION
    except ImportError:
        return
    _stamp_topic_model(data_dir, TOPIC_TEXT_VERSION)


def _stamp_topic_model(data_dir: Path, embedding_text: str) -> None:
    """Make the stored topic model say its embeddings come from `embedding_text`."""
    from escucha.nlp.topics import BERTopicModeler

    for folder in (data_dir / "models" / "topics").iterdir():
        model = BERTopicModeler.load(folder)
        if getattr(model, "embedding_text", None) != embedding_text:
            model.embedding_text = embedding_text
            tmp = folder.with_name(folder.name + ".new")
            model.save(tmp)
            shutil.rmtree(folder)
            tmp.rename(folder)


def run_once(history: int, new: int, topic_refit: bool = False) -> tuple[float, float, dict]:
    src = build_history(history) if history else None
    work = CACHE / f"run-h{history}-n{new}"
    shutil.rmtree(work, ignore_errors=True)
    data_dir = work / "data"
    if src is not None:
        shutil.copytree(src / "data", data_dir)
    else:
        data_dir.mkdir(parents=True)
    shutil.copytree(new_records(new), data_dir / "demo")
    cfg = _config(data_dir)
    if src is not None:
        _current_version(data_dir, cfg)
        if topic_refit:  # the model claims older embeddings: the night refits on every record
            _stamp_topic_model(data_dir, "bench-older-topic-text")
    env = dict(os.environ, ESCUCHA_ANALYTICS_NOW=NOW, ESCUCHA_CONFIG=str(cfg))
    exe = Path(sys.executable).with_name("escucha")
    t0 = time.perf_counter()
    proc = subprocess.run([str(exe), "run", "-c", str(cfg)], env=env, capture_output=True, text=True)
    wall = time.perf_counter() - t0
    if proc.returncode != 0:
        print(proc.stdout[-3000:], proc.stderr[-5000:], sep="\n")
        raise SystemExit(f"escucha run failed with {proc.returncode}")
    from escucha.store import open_store

    with open_store(None, data_dir) as store:
        runs = store.list_runs(5)
        summary = runs["summary"].iloc[0]
        summary = json.loads(summary) if isinstance(summary, str) else summary
        total = store.count_records()
    shutil.rmtree(work, ignore_errors=True)
    return wall, peak_mb(children=True), {"stages": summary.get("stage_seconds"), "records": total,
                                           "new": summary.get("new"), "enriched": summary.get("enriched")}


def main(argv=None) -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--history", type=int, default=1_000_000)
    ap.add_argument("--new", type=int, default=100_000)
    ap.add_argument("--repeats", type=int, default=1)
    ap.add_argument("--pool", type=int, default=POOL, help="distinct history texts (USE-encoded, topic model fitted on them)")
    ap.add_argument("--topic-refit", action="store_true",
                    help="measure the one-off upgrade night: the topic model is refitted on every stored record")
    ap.add_argument("--prepare-only", action="store_true", help="build the history and the new records, measure nothing")
    args = ap.parse_args(argv)
    if args.history:
        build_history(args.history, args.pool)
    new_records(args.new)
    if args.prepare_only:
        return
    before = load()
    walls, info = [], {}
    for _ in range(args.repeats):
        wall, peak, info = run_once(args.history, args.new, args.topic_refit)
        walls.append(wall)
        print(f"run: {wall:.0f} s, peak {peak:,.0f} MB, {info}", flush=True)
    stages = ", ".join(f"{k} {v:.0f} s" for k, v in (info.get("stages") or {}).items())
    what = " (upgrade night: topic refit over every record)" if args.topic_refit else ""
    append_row(f"nightly `escucha run`: {args.new:,} new demo records over {args.history:,} in the store{what}",
               f"**{median(walls) / 60:.1f} min** wall ({stages}); {info.get('new')} new, "
               f"{info.get('enriched')} enriched; {info.get('records'):,} records after",
               f"{args.repeats} runs", peak_mb(children=True), before)


if __name__ == "__main__":
    sys.exit(main())
