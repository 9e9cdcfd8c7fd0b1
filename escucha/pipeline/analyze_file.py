"""`escucha analyze`: the whole enrichment on any CSV, streamed in chunks.

An analyst's export may be 10 rows or a million: the file is read and written chunk by chunk,
so memory stays flat. The encoding (UTF-8, Windows-1252 or Latin-1) is found by one pass over
the bytes before reading.
"""

from __future__ import annotations

import codecs
from pathlib import Path
from typing import Callable

import pandas as pd

OUTPUT_COLUMNS = ("language", "text_redacted", "sentiment", "sentiment_pos", "sentiment_neu",
                  "sentiment_neg", "emotion", "irony", "pqrs_type")


def detect_encoding(path: Path, block: int = 1 << 20) -> str:
    """The first of utf-8, cp1252, latin-1 that decodes the whole file (checked incrementally)."""
    for enc in ("utf-8-sig", "cp1252"):
        decoder = codecs.getincrementaldecoder(enc)()
        try:
            with path.open("rb") as fh:
                for chunk in iter(lambda: fh.read(block), b""):
                    decoder.decode(chunk)
                decoder.decode(b"", final=True)
            return enc
        except UnicodeDecodeError:
            continue
    return "latin-1"


def analyze_csv(
    src: Path,
    dst: Path,
    text_column: str,
    analyzer,
    policy=None,
    channel: str = "review",
    chunk_size: int = 5000,
    on_chunk: Callable[[int], None] | None = None,
) -> int:
    """Write `src`'s columns plus OUTPUT_COLUMNS to `dst` (UTF-8); returns the number of rows."""
    encoding = detect_encoding(src)
    sep = _sniff_sep(src, encoding)
    header = pd.read_csv(src, encoding=encoding, nrows=0, sep=sep)
    if text_column not in header.columns:
        raise ValueError(f"column {text_column!r} not found in {src}; columns: {', '.join(map(str, header.columns))}")
    total = 0
    tmp = dst.with_name(f".{dst.name}.tmp")
    first = True
    reader = pd.read_csv(src, encoding=encoding, sep=sep, dtype=str, keep_default_na=False,
                         chunksize=chunk_size, on_bad_lines="warn")
    try:
        for chunk in reader:
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
                out[col] = enriched[col].to_numpy()
            out.to_csv(tmp, mode="w" if first else "a", header=first, index=False, encoding="utf-8")
            first = False
            total += len(chunk)
            if on_chunk:
                on_chunk(len(chunk))
        if first:  # empty input: header only
            pd.DataFrame(columns=[*header.columns, *OUTPUT_COLUMNS]).to_csv(tmp, index=False, encoding="utf-8")
        tmp.replace(dst)
    finally:
        tmp.unlink(missing_ok=True)
    return total


def _sniff_sep(path: Path, encoding: str) -> str:
    import csv

    with path.open("r", encoding=encoding, newline="") as fh:
        sample = fh.read(65536)
    try:
        return csv.Sniffer().sniff(sample, delimiters=",;\t|").delimiter
    except csv.Error:
        return ","
