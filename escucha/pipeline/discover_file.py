"""`escucha topics discover`: the topic modeling of the nightly run on any CSV or workbook, kept nowhere.

An analyst has a survey export or a complaints dump and wants its recurring themes without
loading it into the store. The file is read as `escucha analyze` reads it (`table_input.py`: a
CSV in any encoding with comma, semicolon, tab or pipe, or an Excel workbook), texts are redacted with the configured policy before
anything else sees them (verbatims come from the redacted text), embedded with the same
encoder, and clustered with the same `BERTopicModeler` and the configured business categories. Unlike `analyze` the whole file is held in memory: clustering
needs every text at once.

Writes `OUT.csv` (input columns + topic_id, topic_label, topic_category) and, beside it,
`OUT.topics.csv` (one row per topic: id, label, size, keywords, category, three verbatims, and
share_negative when the input has a `sentiment` column); both as workbooks when OUT ends in .xlsx.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Mapping

import numpy as np
import pandas as pd

from escucha.outputs.tables import write_table
from escucha.pipeline.table_input import TableInput

TOPIC_OUTPUT_COLUMNS = ("topic_id", "topic_label", "topic_category")
SUMMARY_COLUMNS = ("topic_id", "label", "size", "share", "keywords", "category", "verbatim_1", "verbatim_2",
                   "verbatim_3")
SENTIMENT_COLUMN = "sentiment"


@dataclass
class DiscoverResult:
    rows: int
    topics: int  # real topics (outliers -1 not counted)
    outlier_share: float
    output: Path
    summary: Path
    model_version: str | None


def summary_path(output: Path) -> Path:
    """OUT.csv -> OUT.topics.csv, OUT.xlsx -> OUT.topics.xlsx (beside it)."""
    output = Path(output)
    stem = output.name[: -len(output.suffix)] if output.suffix else output.name
    return output.with_name(f"{stem}.topics{output.suffix or '.csv'}")


def is_negative_label(values: pd.Series) -> pd.Series:
    """NEG / negativo / negative / neg (any case) are negative; everything else is not."""
    v = values.astype(str).str.strip().str.lower()
    return v.str.startswith("neg")


def discover_csv(
    src: Path,
    dst: Path,
    text_column: str,
    encoder,
    policy=None,
    *,
    channel: str = "review",
    categories: Mapping[str, str] | None = None,
    seed: int = 42,
    min_topic_size: int | None = None,
    max_outlier_share: float = 0.15,
    sheet: str | None = None,
    bom: bool = True,
    delimiter: str = ",",
) -> DiscoverResult:
    """Cluster the texts of `src` into topics; write `dst` and `summary_path(dst)` (CSV in UTF-8
    with a BOM unless `bom` is False, or workbooks). `sheet`: the workbook's sheet to read."""
    from escucha.nlp.topics import OUTLIER, OUTLIER_LABEL, discover

    df = TableInput.open(src, text_column, sheet=sheet).read()
    texts = df[text_column].fillna("").astype(str).tolist()
    redacted = [policy.redactor_for(channel).redact(t).text if policy else t for t in texts]
    keep = np.array([bool(t.strip()) for t in redacted], dtype=bool)
    docs = [t for t, k in zip(redacted, keep) if k]
    topic_ids = np.full(len(df), OUTLIER, dtype=np.int64)
    table = pd.DataFrame(columns=["topic_id", "label", "category", "keywords", "verbatims", "size"])
    version = None
    if docs:
        from escucha.nlp.text.topic_text import topic_text

        # what the nightly run stores: the topic text's embedding (no greetings, fillers, sign-offs)
        emb = np.asarray(encoder.encode([topic_text(d, channel) for d in docs]), dtype=np.float32)
        assignment, table = discover(docs, emb, encoder=encoder, categories=categories, seed=seed,
                                     min_topic_size=min_topic_size, max_outlier_share=max_outlier_share)
        topic_ids[keep] = assignment.topic_ids
        version = assignment.model_version
    labels = dict(zip(table["topic_id"].astype(int), table["label"]))
    cats = dict(zip(table["topic_id"].astype(int), table["category"]))
    labels.setdefault(OUTLIER, OUTLIER_LABEL)
    cats.setdefault(OUTLIER, "otros")

    out = df.copy()
    out["topic_id"] = topic_ids
    out["topic_label"] = [labels.get(int(t), "") for t in topic_ids]
    out["topic_category"] = [cats.get(int(t), "") for t in topic_ids]
    options = {"bom": bom, "delimiter": delimiter}
    write_table(out, Path(dst), **options)

    summary = _summary(table, topic_ids, df[SENTIMENT_COLUMN] if SENTIMENT_COLUMN in df.columns else None)
    spath = summary_path(Path(dst))
    write_table(summary, spath, sheet="temas", **options)
    n_topics = int((summary["topic_id"] >= 0).sum()) if len(summary) else 0
    return DiscoverResult(rows=len(df), topics=n_topics, outlier_share=float(np.mean(topic_ids == OUTLIER)) if len(df) else 0.0,
                          output=Path(dst), summary=spath, model_version=version)


def _summary(table: pd.DataFrame, topic_ids: np.ndarray, sentiment: pd.Series | None) -> pd.DataFrame:
    """One row per topic (largest first, outliers last) with the counts of this file."""
    counts = pd.Series(topic_ids).value_counts()
    neg = None
    if sentiment is not None:
        neg = pd.Series(is_negative_label(sentiment).to_numpy()).groupby(topic_ids).mean()
    rows = []
    for r in table.itertuples(index=False):
        tid = int(r.topic_id)
        size = int(counts.get(tid, 0))
        if tid < 0 and size == 0:
            continue
        verbatims = json.loads(r.verbatims) if isinstance(r.verbatims, str) else list(r.verbatims or [])
        keywords = json.loads(r.keywords) if isinstance(r.keywords, str) else list(r.keywords or [])
        row = {"topic_id": tid, "label": r.label, "size": size,
               "share": round(size / max(1, len(topic_ids)), 4), "keywords": ", ".join(keywords),
               "category": r.category}
        for i in range(3):
            row[f"verbatim_{i + 1}"] = verbatims[i] if i < len(verbatims) else ""
        if neg is not None:
            row["share_negative"] = round(float(neg.get(tid, np.nan)), 4) if size else np.nan
        rows.append(row)
    cols = list(SUMMARY_COLUMNS) + (["share_negative"] if neg is not None else [])
    out = pd.DataFrame(rows, columns=cols)
    if out.empty:
        return out
    out["_outlier"] = out["topic_id"] < 0
    out = out.sort_values(["_outlier", "size", "topic_id"], ascending=[True, False, True], kind="mergesort")
    return out.drop(columns="_outlier").reset_index(drop=True)
