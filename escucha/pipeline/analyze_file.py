"""`escucha analyze`: the whole enrichment on any CSV or Excel workbook, streamed in chunks.

An analyst's export may be 10 rows or a million: the file is read and written chunk by chunk,
so memory stays flat. The input's layout is found before reading (`table_input.py`: encoding and
delimiter, or sheet); the output is a CSV or a workbook by its suffix (`outputs/tables.py`).
"""

from __future__ import annotations

from pathlib import Path
from typing import Callable

import pandas as pd

from escucha.outputs.tables import TableWriter
from escucha.pipeline.table_input import TableInput

OUTPUT_COLUMNS = ("language", "text_redacted", "sentiment", "sentiment_pos", "sentiment_neu",
                  "sentiment_neg", "emotion", "irony", "pqrs_type")
PROBABILITY_COLUMNS = ("sentiment_pos", "sentiment_neu", "sentiment_neg", "irony")


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
    *,
    sheet: str | None = None,
    bom: bool = True,
    delimiter: str = ",",
) -> int:
    """Write `src`'s columns plus OUTPUT_COLUMNS (named `prefix` + column) to `dst` (.csv, UTF-8
    with a BOM unless `bom` is False, or .xlsx); returns the number of rows. `sheet`: the
    workbook's sheet to read. Refuses, before writing anything, when a column it would write is
    already in the input."""
    source = TableInput.open(src, text_column, sheet=sheet)
    taken = taken_columns(source.columns, prefix)
    if taken:
        raise ValueError(f"el archivo ya tiene {'la columna' if len(taken) == 1 else 'las columnas'} "
                         f"{', '.join(taken)}, que el análisis escribiría; no se sobrescriben. Use --prefix "
                         f"(por ejemplo --prefix escucha_) para escribir las columnas del análisis con otro nombre.")
    total = 0
    columns = [*source.columns, *(prefix + c for c in OUTPUT_COLUMNS)]
    with TableWriter(dst, bom=bom, delimiter=delimiter, columns=columns) as writer:
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
            for col in PROBABILITY_COLUMNS:  # numbers, so that each format writes them as numbers
                out[prefix + col] = pd.to_numeric(out[prefix + col], errors="coerce")
            writer.write(out)  # the input's own text goes back out: the writer neutralises formulas
            total += len(chunk)
            if on_chunk:
                on_chunk(len(chunk))
    return total
