"""Labels analysts give in the dashboard ("Revisar y etiquetar"), and which verbatims to show them.

A label is a choice, never free text: a sentiment, an emotion or a PQRS type from the task's
fixed label set (`TASK_LABELS`), or an issue (a topic id of the store). The optional note is the
only free text; it is redacted before it is stored (`redact_note`). Labels live in the store's
`labels` table, one row per click, never overwritten: the latest row of a record and task is its
label (`latest_labels`), the earlier ones are the history (who, when, what the machine said).

Which verbatims teach the model most (`review_queue`): the most *uncertain* (smallest margin
between the two most probable sentiments stored in the enrichment), spread over *every channel*
(taken in turns, one channel after another), over *issues* (within a channel, a topic not shown
yet goes first) and never *near-duplicates* (cosine of the stored vectors above
`near_duplicate`, or the same text, is skipped). Deterministic: the same store gives the same
queue, so a page reload does not shuffle what the analyst is reading.

The split between training and evaluation labels (`is_heldout`) is a hash of the record id and
task, fixed once: a corrected label stays on its side, and a candidate head is always compared
with the current one on labels neither was trained on.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Callable, Mapping, Sequence, Union

import numpy as np
import pandas as pd

from escucha.nlp.classifiers import TASK_LABELS

# task -> the Spanish name an analyst reads; the order of the page's rows
LABEL_TASKS: dict[str, str] = {"sentiment": "Sentimiento", "emotion": "Emoción", "pqrs_type": "Tipo de PQRS",
                               "issue": "Tema"}
# tasks a head is trained for from labels (`escucha train TASK --from-store`); issues are topics
TRAINABLE_TASKS: tuple[str, ...] = ("sentiment", "emotion", "pqrs_type")
CHOICE_NAMES: dict[str, dict[str, str]] = {
    "sentiment": {"POS": "Positivo", "NEU": "Neutral", "NEG": "Negativo"},
    "emotion": {"alegría": "Alegría", "enojo": "Enojo", "tristeza": "Tristeza", "miedo": "Miedo",
                "sorpresa": "Sorpresa", "asco": "Asco", "otros": "Otra"},
    "pqrs_type": {"petición": "Petición", "queja": "Queja", "reclamo": "Reclamo", "sugerencia": "Sugerencia",
                  "felicitación": "Felicitación", "otro": "Otro"},
}
HELDOUT_SHARE = 0.2
NOTE_MAX_CHARS = 500
AUTHOR_MAX_CHARS = 80


class LabelError(ValueError):
    """A label that is not one of the task's choices (the message is in Spanish, for the page)."""


def check_label(task: str, label: str, issues: Sequence[int] = ()) -> str:
    """The label if it is one of the task's choices; LabelError otherwise."""
    if task not in LABEL_TASKS:
        raise LabelError(f"Tarea desconocida: {task!r}.")
    if task == "issue":
        try:
            topic = int(label)
        except (TypeError, ValueError):
            raise LabelError(f"El tema {label!r} no es un número de tema.") from None
        if issues and topic not in set(issues):
            raise LabelError(f"El tema {topic} no existe en la base de datos.")
        return str(topic)
    if label not in TASK_LABELS[task]:
        raise LabelError(f"«{label}» no es una opción de {LABEL_TASKS[task].lower()}.")
    return label


def clean_author(name: str | None) -> str:
    """Who labelled: the name given, trimmed to one short line (never shown in reports)."""
    text = " ".join(str(name or "").split())[:AUTHOR_MAX_CHARS]
    return text or "tablero"


def redact_note(note: str | None, redactor) -> str | None:
    """The optional note, cut to NOTE_MAX_CHARS and redacted (`redactor.redact(text).text`)."""
    text = " ".join(str(note or "").split())[:NOTE_MAX_CHARS]
    return redactor.redact(text).text if text else None


def is_heldout(record_id: str, task: str, share: float = HELDOUT_SHARE) -> bool:
    """Whether a label is kept for evaluation: a fixed hash of its record and task."""
    digest = hashlib.sha256(f"label:{task}:{record_id}".encode("utf-8")).hexdigest()
    return int(digest[:8], 16) % 1000 < share * 1000


def latest_labels(labels: pd.DataFrame) -> pd.DataFrame:
    """One row per record and task: the latest label (rows of `Store.fetch_labels`)."""
    if labels.empty:
        return labels
    ordered = labels.sort_values(["created_at", "id"], kind="stable")
    return ordered.drop_duplicates(["record_id", "task"], keep="last").reset_index(drop=True)


def sentiment_margin(frame: pd.DataFrame) -> pd.Series:
    """Top-1 minus top-2 of the stored sentiment probabilities (NaN where there are none)."""
    p = np.sort(frame[["sentiment_pos", "sentiment_neu", "sentiment_neg"]].to_numpy(dtype=float), axis=1)
    return pd.Series(p[:, -1] - p[:, -2], index=frame.index)


@dataclass(frozen=True)
class ReviewItem:
    record_id: str
    channel: str
    text: str  # redacted at ingest
    margin: float
    topic_id: int | None
    machine: Mapping[str, str | None]  # task -> the machine's value now
    given: Mapping[str, str]  # task -> the label given already


Vectors = Union[Mapping[str, np.ndarray], Callable[[list[str]], Mapping[str, np.ndarray]]]


def review_queue(frame: pd.DataFrame, labels: pd.DataFrame, vectors: Vectors | None = None,
                 size: int = 10, pool: int = 400, near_duplicate: float = 0.92) -> list[ReviewItem]:
    """The `size` verbatims to show next (see the module's docstring). `frame`: the analysis
    frame with texts; `labels`: the store's label rows; `vectors`: stored embeddings by record id
    or a function reading them for the ids of the uncertain pool it is given (without them only
    identical texts count as duplicates). A record leaves the queue once each task the machine
    has a value for (each of LABEL_TASKS, if it has none) has a label."""
    latest = latest_labels(labels)
    given: dict[str, dict[str, str]] = {}
    for rid, task, label in zip(latest.get("record_id", []), latest.get("task", []), latest.get("label", [])):
        given.setdefault(str(rid), {})[str(task)] = str(label)
    cand = frame.loc[frame["text"].notna() & frame["sentiment_pos"].notna()].copy()
    if given:  # done: every task labelled, or at least every task the machine has a value for
        has = {"sentiment": cand["sentiment"].notna(), "emotion": cand["emotion"].notna(),
               "pqrs_type": cand["pqrs_type"].notna(), "issue": cand["topic_id"].notna() & (cand["topic_id"] >= 0)}
        done = [set(given.get(str(rid), {})) >= ({t for t in LABEL_TASKS if bool(has[t].iloc[k])} or set(LABEL_TASKS))
                if str(rid) in given else False for k, rid in enumerate(cand["id"])]
        cand = cand.loc[~np.array(done, dtype=bool)]
    if "language" in cand.columns:
        cand = cand.loc[cand["language"].fillna("es") == "es"]
    if cand.empty:
        return []
    cand["margin"] = sentiment_margin(cand).round(6)
    cand = cand.sort_values(["margin", "id"], kind="stable").head(max(pool, size))
    if callable(vectors):
        vectors = vectors([str(i) for i in cand["id"]])
    by_channel = {ch: list(g.itertuples(index=False)) for ch, g in cand.groupby("channel", sort=True)}
    turns = sorted(by_channel, key=lambda ch: (by_channel[ch][0].margin, ch))  # the most uncertain channel first
    picked: list = []
    seen_texts: set[str] = set()
    seen_topics: set[int] = set()
    kept: list[np.ndarray] = []

    def duplicate(row) -> bool:
        key = " ".join(str(row.text).lower().split())
        if key in seen_texts:
            return True
        v = None if vectors is None else vectors.get(str(row.id))
        return v is not None and bool(kept) and float(np.max(np.stack(kept) @ v)) > near_duplicate

    while len(picked) < size and any(by_channel.values()):
        for ch in turns:
            rows = by_channel[ch]
            while rows and duplicate(rows[0]):
                rows.pop(0)
            if not rows or len(picked) >= size:
                continue
            fresh = next((i for i, r in enumerate(rows) if _topic(r) is None or _topic(r) not in seen_topics), 0)
            row = rows.pop(fresh)
            if duplicate(row):
                continue
            picked.append(row)
            seen_texts.add(" ".join(str(row.text).lower().split()))
            if _topic(row) is not None:
                seen_topics.add(_topic(row))
            v = None if vectors is None else vectors.get(str(row.id))
            if v is not None:
                kept.append(np.asarray(v, dtype=np.float32))
    return [ReviewItem(
        record_id=str(r.id), channel=str(r.channel), text=str(r.text), margin=float(r.margin), topic_id=_topic(r),
        machine={"sentiment": _text(r.sentiment), "emotion": _text(r.emotion), "pqrs_type": _text(r.pqrs_type),
                 "issue": None if _topic(r) is None else str(_topic(r))},
        given=given.get(str(r.id), {})) for r in picked]


def _topic(row) -> int | None:
    t = getattr(row, "topic_id", None)
    return None if t is None or pd.isna(t) or int(t) < 0 else int(t)


def _text(v) -> str | None:
    return None if v is None or (isinstance(v, float) and np.isnan(v)) or v is pd.NA else str(v)
