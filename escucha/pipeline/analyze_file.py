"""`escucha analyze`: the whole enrichment on any CSV, streamed in chunks.

An analyst's export may be 10 rows or a million: the file is read and written chunk by chunk,
so memory stays flat. The encoding and the delimiter are found before reading (`csv_input.py`).
"""

from __future__ import annotations

from pathlib import Path
from typing import Callable

import pandas as pd

from escucha.outputs.safe_cells import safe_frame
from escucha.pipeline.csv_input import CsvInput

OUTPUT_COLUMNS = ("language", "text_redacted", "sentiment", "sentiment_pos", "sentiment_neu",
                  "sentiment_neg", "emotion", "irony", "pqrs_type")


def taken_columns(columns, prefix: str = "") -> list[str]:
    """The output columns (with `prefix`) that the input already has: a user's own labels
    (a `sentiment` column, say) must never be overwritten."""
    present = {str(c) for c in columns}
    return [prefix + c for c in OUTPUT_COLUMNS if prefix + c in present]


def analyze_csv(
    src: Path,
    dst: Path,
    text_column: str,
    analyzer,
    policy=None,
    channel: str = "review",
    chunk_size: int = 5000,
    on_chunk: Callable[[int], None] | None = None,
    prefix: str = "",
) -> int:
    """Write `src`'s columns plus OUTPUT_COLUMNS (named `prefix` + column) to `dst` (UTF-8);
    returns the number of rows. Refuses, before writing anything, when a column it would write
    is already in the input."""
    source = CsvInput.open(src, text_column)
    taken = taken_columns(source.columns, prefix)
    if taken:
        raise ValueError(f"el archivo ya tiene {'la columna' if len(taken) == 1 else 'las columnas'} "
                         f"{', '.join(taken)}, que el análisis escribiría; no se sobrescriben. Use --prefix "
                         f"(por ejemplo --prefix escucha_) para escribir las columnas del análisis con otro nombre.")
    total = 0
    tmp = dst.with_name(f".{dst.name}.tmp")
    first = True
    try:
        for chunk in source.chunks(chunk_size):
            texts = chunk[text_column].fillna("").astype(str).tolist()
            redacted = [policy.redactor_for(channel).redact(t).text if policy else t for t in texts]
            out = chunk.copy()
            nonempty = [i for i, t in enumerate(redacted) if t.strip()]
            rows, _ = analyzer.analyze([redacted[i] for i in nonempty], [channel] * len(nonempty),
                                       topic_vectors=False)
            enriched = pd.DataFrame(index=range(len(chunk)), columns=list(OUTPUT_COLUMNS), dtype=object)
            enriched.loc[nonempty, "language"] = rows["language"].to_numpy()
            enriched["language"] = enriched["language"].fillna("und")
            for col in ("sentiment", "sentiment_pos", "sentiment_neu", "sentiment_neg", "emotion", "irony"):
                enriched.loc[nonempty, col] = rows[col].to_numpy()
            enriched.loc[nonempty, "pqrs_type"] = rows["pqrs_type_pred"].to_numpy()
            enriched["text_redacted"] = redacted
            for col in OUTPUT_COLUMNS:
                out[prefix + col] = enriched[col].to_numpy()
            # the input's own text goes back out: no cell may start like a spreadsheet formula
            safe_frame(out).to_csv(tmp, mode="w" if first else "a", header=first, index=False, encoding="utf-8")
            first = False
            total += len(chunk)
            if on_chunk:
                on_chunk(len(chunk))
        if first:  # empty input: header only
            safe_frame(pd.DataFrame(columns=[*source.columns, *(prefix + c for c in OUTPUT_COLUMNS)])).to_csv(
                tmp, index=False, encoding="utf-8")
        tmp.replace(dst)
    finally:
        tmp.unlink(missing_ok=True)
    return total
