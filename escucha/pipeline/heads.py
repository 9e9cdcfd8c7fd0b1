"""Heads trained on the store's labels: versions in the data dir, evaluation, promotion.

    escucha train pqrs_type --from-store      -> <data_dir>/models/heads/pqrs_type/v1.npz (+ .md, .json)
    escucha evaluate pqrs_type --from-store   -> macro-F1 of the candidate and of the current head
    escucha models promote pqrs_type v1       -> the nightly run classifies PQRS types with v1
    escucha models promote pqrs_type shipped  -> back to the head shipped with Escucha (or configured)

A trained head is a new file, never the shipped one: `v1`, `v2`, ... per task, each with its
model card (`.md`) and what it was trained on and scored (`.json`). The promotion is a small
versioned file beside them (`promoted.json`: the current version and every promotion, who and
when), read by every command that classifies text: `active_heads` gives the `nlp`
configuration with that head's path, for tasks whose configuration names no model of its own
(`model_dir: null`, embedded), and the versions in use, which the commands print.

A head is trained on the task's shipped recipe (recipes.yaml) plus the store's labels of the
training split (`escucha.labels.is_heldout`: a fixed hash of the record and task), each store
label weighing `STORE_WEIGHT` rows: they are the domain's own texts, read by the analysts. They
are real text, so they also calibrate the head's class biases. Texts are the records' redacted
texts normalised for their channel, as the enrichment reads them.

After a promotion the next run does not enrich every record again: `reclassify_promoted` finds
the enrichments written with another head of a promoted task (their analyzer version is the
current one with that head swapped) and recomputes only that task's columns from the stored
normalised text (`Analyzer.reclassify`); languages, vectors, other tasks and topics stay.
Recomputing every record's column, and not only those whose label would change, is needed to
know which would change: the new head must read each text anyway.
"""

from __future__ import annotations

import itertools
import json
import logging
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Callable, Mapping

import pandas as pd

from escucha.labels import LABEL_TASKS, TRAINABLE_TASKS, is_heldout, latest_labels
from escucha.store import Store

log = logging.getLogger(__name__)

SHIPPED = "shipped"
STORE_WEIGHT = 2.0
POINTER = "promoted.json"


class HeadError(ValueError):
    """A request about heads that cannot be done (message in Spanish, for analysts)."""


def heads_dir(data_dir: str | Path, task: str) -> Path:
    return Path(data_dir) / "models" / "heads" / task


def versions(data_dir: str | Path, task: str) -> list[str]:
    """The trained versions of a task, oldest first (v1, v2, ...)."""
    found = [p.stem for p in heads_dir(data_dir, task).glob("v*.npz") if p.stem[1:].isdigit()]
    return sorted(found, key=lambda v: int(v[1:]))


def head_path(data_dir: str | Path, task: str, version: str) -> Path:
    return heads_dir(data_dir, task) / f"{version}.npz"


def read_pointer(data_dir: str | Path, task: str) -> dict[str, Any]:
    path = heads_dir(data_dir, task) / POINTER
    if not path.is_file():
        return {"task": task, "current": SHIPPED, "history": []}
    return json.loads(path.read_text(encoding="utf-8"))


def current_version(data_dir: str | Path, task: str) -> str:
    return str(read_pointer(data_dir, task).get("current", SHIPPED))


def promote(data_dir: str | Path, task: str, version: str, by: str = "cli") -> dict[str, Any]:
    """Make `version` (or `shipped`) the task's head for the next runs; returns the pointer."""
    if task not in TRAINABLE_TASKS:
        raise HeadError(f"La tarea {task!r} no se entrena con etiquetas; tareas: {', '.join(TRAINABLE_TASKS)}.")
    if version != SHIPPED and not head_path(data_dir, task, version).is_file():
        known = ", ".join([SHIPPED, *versions(data_dir, task)])
        raise HeadError(f"No hay versión {version!r} de {task}; versiones: {known}.")
    pointer = read_pointer(data_dir, task)
    pointer["history"].append({"version": version, "previous": pointer.get("current", SHIPPED), "by": by,
                               "at": datetime.now(timezone.utc).isoformat(timespec="seconds")})
    pointer["current"] = version
    path = heads_dir(data_dir, task) / POINTER
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(pointer, ensure_ascii=False, indent=1), encoding="utf-8")
    tmp.replace(path)
    return pointer


@dataclass(frozen=True)
class ActiveHeads:
    """The heads every command that classifies text uses: the `nlp` configuration with the
    promoted heads in place (`nlp`), the promoted version in use per task (`in_use`), and the
    promoted versions the configuration overrides with a model of its own (`overridden`)."""

    nlp: Any
    in_use: Mapping[str, str] = field(default_factory=dict)
    overridden: Mapping[str, str] = field(default_factory=dict)

    def version(self, task: str) -> str:
        """The version of the task's head in use: a promoted one, or `shipped` (the head shipped
        with Escucha, or the configuration's own model)."""
        return self.in_use.get(task, SHIPPED)

    def notice(self, task: str | None = None) -> list[str]:
        """What a command says about the heads it used (of `task` only, when given; Spanish:
        analysts read it); nothing when no head is promoted."""
        if task is None:
            return heads_notice(self.in_use, self.overridden)
        return heads_notice({t: v for t, v in self.in_use.items() if t == task},
                            {t: v for t, v in self.overridden.items() if t == task})


def heads_notice(in_use: Mapping[str, str], overridden: Mapping[str, str] | None = None) -> list[str]:
    """One Spanish line per promoted task: the version used, or that the configuration's own
    model is used instead (the run summary stores `in_use` and says it with this too)."""
    lines = [f"{LABEL_TASKS.get(t, t)}: se usa la versión {v} (activada con «escucha models promote»)"
             for t, v in sorted(in_use.items())]
    lines += [f"{LABEL_TASKS.get(t, t)}: la versión {v} está activada, pero la configuración fija su propio "
              f"modelo (nlp.{t}) y se usa ese" for t, v in sorted((overridden or {}).items())]
    return lines


def active_heads(cfg: Any) -> ActiveHeads:
    """The one place that decides which head classifies each task, for every command that
    classifies text (`run`, `alerts`, the Dask workers, `analyze`, `evaluate`): a promoted
    version replaces the shipped head; a task whose configuration names its own model
    (`model_dir`) or another backend keeps it (logged, and said by `notice`)."""
    updates, in_use, overridden = {}, {}, {}
    for task in TRAINABLE_TASKS:
        version = current_version(cfg.data_dir, task)
        if version == SHIPPED:
            continue
        mc = getattr(cfg.nlp, task)
        if mc.backend != "embedded" or mc.model_dir:
            log.warning("nlp.%s names its own model: the promoted head %s is not used", task, version)
            overridden[task] = version
            continue
        updates[task] = mc.model_copy(update={"model_dir": str(head_path(cfg.data_dir, task, version))})
        in_use[task] = version
    nlp = cfg.nlp.model_copy(update=updates) if updates else cfg.nlp
    return ActiveHeads(nlp, in_use, overridden)


# -- the store's labels as examples -----------------------------------------------------------------

@dataclass
class LabelledTexts:
    record_id: list[str]
    text: list[str]  # normalised for the record's channel, as the enrichment reads it
    label: list[str]


def store_examples(store: Store, task: str, heldout: bool) -> LabelledTexts:
    """The latest label of each record for `task`, on one side of the fixed split."""
    from escucha.nlp.text.normalize import normalize

    labels = latest_labels(store.fetch_labels(task))
    if not labels.empty:
        labels = labels.loc[[is_heldout(r, task) == heldout for r in labels["record_id"]]]
    if labels.empty:
        return LabelledTexts([], [], [])
    recs = store.fetch_records(ids=labels["record_id"].tolist(), columns=["id", "channel", "text"])
    by_id = {i: (ch, t) for i, ch, t in zip(recs["id"], recs["channel"], recs["text"])}
    out = LabelledTexts([], [], [])
    for rid, label in zip(labels["record_id"], labels["label"]):
        if rid in by_id:
            ch, text = by_id[rid]
            out.record_id.append(rid)
            out.text.append(normalize(text, ch))
            out.label.append(label)
    return out


def _encoder(data_dir: str | Path):
    from escucha.nlp.encoders import UniversalSentenceEncoder
    from escucha.nlp.training.vectors import CachedEncoder

    # the recipe's texts are encoded once per machine, not at every training
    return CachedEncoder(UniversalSentenceEncoder(), Path(data_dir) / "models" / "vector-cache")


def train_from_store(store: Store, data_dir: str | Path, task: str, encoder=None) -> dict[str, Any]:
    """Fit a head on the recipe plus the store's training labels; save it as the next version."""
    from escucha.nlp.classifiers.embedded import EmbeddedClassifier
    from escucha.nlp.training.model_card import write_card
    from escucha.nlp.training.recipes import training_rows
    from escucha.nlp.training.train import prepare_texts, train_head

    if task not in TRAINABLE_TASKS:
        raise HeadError(f"La tarea {task!r} no se entrena con etiquetas; tareas: {', '.join(TRAINABLE_TASKS)}.")
    own = store_examples(store, task, heldout=False)
    if not own.text:
        raise HeadError(f"No hay etiquetas de {task} para entrenar: etiquete comentarios en «Revisar y etiquetar».")
    rows = training_rows(task)
    rows.text = prepare_texts(rows.text)
    for rid, text, label in zip(own.record_id, own.text, own.label):
        rows.add(text, label, "store/labels", f"store:{rid}", "train", STORE_WEIGHT, True)
    encoder = encoder or _encoder(data_dir)
    X = encoder.encode(rows.text)
    head = train_head(task, rows.text, rows.label, encoder=encoder, embeddings=X, weights=rows.weight,
                      calibration_rows=rows.real)
    existing = versions(data_dir, task)
    version = f"v{int(existing[-1][1:]) + 1 if existing else 1}"
    path = head_path(data_dir, task, version)
    path.parent.mkdir(parents=True, exist_ok=True)
    meta = {"training_data": "recipes.yaml + store labels", "store_labels": len(own.text), "head_version": version}
    head.save(path, metadata=meta)
    clf = EmbeddedClassifier.from_head(task, head, encoder)
    report = {"task": task, "version": version, "classifier_version": clf.version, "n": len(rows),
              "store_labels": len(own.text), "model_path": str(path)}
    write_card(task, path, head.metadata_, report, from_recipe=False)
    path.with_suffix(".json").write_text(json.dumps(report, ensure_ascii=False, indent=1), encoding="utf-8")
    return report


@dataclass
class Comparison:
    task: str
    n: int
    candidate: str
    current: str
    candidate_f1: float
    current_f1: float


def evaluate_on_store(store: Store, cfg: Any, task: str, candidate: str | None = None, encoder=None) -> Comparison:
    """Macro-F1 of a candidate head (default: the newest version) and of the current one (the
    head `active_heads` gives the runs: a promoted version, the shipped head or the
    configuration's own model) on the store's held-out labels, both read exactly as the nightly
    run reads them."""
    from escucha.nlp.analyzer import build_classifier, runtime_options
    from escucha.nlp.training.train import evaluate

    held = store_examples(store, task, heldout=True)
    if not held.text:
        raise HeadError(f"No hay etiquetas de evaluación de {task} (una de cada cinco, fija): etiquete más comentarios.")
    trained = versions(cfg.data_dir, task)
    candidate = candidate or (trained[-1] if trained else None)
    if candidate is None:
        raise HeadError(f"No hay versiones entrenadas de {task}: ejecute «escucha train {task} --from-store».")
    heads = active_heads(cfg)
    current = heads.version(task)
    encoder = encoder or _encoder(cfg.data_dir)
    X = encoder.encode(held.text)

    def f1(version: str) -> float:
        if version == current:  # what the runs use now
            mc = getattr(heads.nlp, task)
            clf = build_classifier(task, mc.backend, mc.model_dir, encoder, runtime_options(mc))
        elif version == SHIPPED:
            mc = getattr(cfg.nlp, task)
            clf = build_classifier(task, mc.backend, mc.model_dir, encoder, runtime_options(mc))
        else:
            if not head_path(cfg.data_dir, task, version).is_file():
                raise HeadError(f"No hay versión {version!r} de {task}.")
            clf = build_classifier(task, "embedded", str(head_path(cfg.data_dir, task, version)), encoder)
        return float(evaluate(clf, held.text, held.label, embeddings=X)["macro_f1"])

    return Comparison(task, len(held.text), candidate, current, f1(candidate), f1(current))


# -- the next run after a promotion -----------------------------------------------------------------

def _classifier_versions(cfg: Any, task: str, encoder) -> dict[str, str]:
    """Every head the task may have been enriched with (shipped or configured, each trained
    version) -> its classifier version."""
    from escucha.nlp.analyzer import build_classifier

    out: dict[str, str] = {}
    mc = getattr(cfg.nlp, task)
    try:
        clf = build_classifier(task, mc.backend, mc.model_dir, encoder)
        if clf is not None:
            out[SHIPPED] = clf.version
    except (OSError, ValueError):
        pass
    for v in versions(cfg.data_dir, task):
        sidecar = head_path(cfg.data_dir, task, v).with_suffix(".json")
        try:
            out[v] = json.loads(sidecar.read_text(encoding="utf-8"))["classifier_version"]
        except (OSError, KeyError, ValueError):
            continue
    return out


def reclassify_promoted(cfg: Any, store: Store, analyzer: Any, run_id: str, batch_size: int,
                        on_batch: Callable[[int], None] | None = None) -> int:
    """Recompute only the promoted tasks' columns of records enriched with another head of those
    tasks (see the module's docstring); returns how many records. A record enriched with any
    other analyzer (another encoder, a changed config) is left to the normal enrichment."""
    tasks = [t for t in TRAINABLE_TASKS if versions(cfg.data_dir, t) and t in analyzer.classifiers]
    if not tasks:
        return 0
    options = {t: sorted(set(_classifier_versions(cfg, t, analyzer.encoder).values())) for t in tasks}
    now = {t: analyzer.classifiers[t].version for t in tasks}
    old: dict[str, list[str]] = {}  # old analyzer version -> tasks whose head differs
    combos = itertools.product(*[options[t] for t in tasks])
    for combo in itertools.islice(combos, 5000):
        swapped = dict(zip(tasks, combo))
        differ = [t for t in tasks if swapped[t] != now[t]]
        if differ:
            old[analyzer.version_with(swapped)] = differ
    done = 0
    for batch in store.iter_enrichments(list(old), batch_size):
        parts = []
        for version, group in batch.groupby("model_version", sort=True):
            parts.append(analyzer.reclassify(group, old[str(version)]))
        rows = pd.concat(parts, ignore_index=True).drop(columns=["channel"])
        store.upsert_enrichments(rows, run_id)
        done += len(rows)
        if on_batch:
            on_batch(len(rows))
    if done:
        log.info("%d records reclassified for %s with the promoted heads", done, ", ".join(tasks))
    return done


def describe(data_dir: str | Path, task: str) -> list[dict[str, Any]]:
    """Every version of a task with what it was trained on (for `escucha models list`)."""
    current = current_version(data_dir, task)
    out = [{"version": SHIPPED, "current": current == SHIPPED}]
    for v in versions(data_dir, task):
        sidecar = head_path(data_dir, task, v).with_suffix(".json")
        info = json.loads(sidecar.read_text(encoding="utf-8")) if sidecar.is_file() else {}
        out.append({"version": v, "current": current == v, "store_labels": info.get("store_labels"),
                    "classifier_version": info.get("classifier_version")})
    return out


__all__ = ["ActiveHeads", "Comparison", "HeadError", "SHIPPED", "active_heads", "describe", "evaluate_on_store",
           "promote", "reclassify_promoted", "train_from_store", "versions"]
