"""Throughput of the embedded default: the USE encoder alone, and the whole Analyzer (language,
normalisation, USE, the five heads; long texts chunked), on demo texts.

    python -m bench.embedded [--texts 4000] [--repeats 3] [--variant use|analyzer]

Each variant runs in its own process. The chunk-vector cache of the embedded classifiers is
cleared before every timed run, so repeats do not get cached vectors.
"""

from __future__ import annotations

import os
import sys

from bench._common import (
    append_row,
    demo_texts,
    load,
    median,
    peak_mb,
    run_variants,
    timed,
    variant_args,
)

VARIANTS = ["use", "analyzer"]


def measure(variant: str, n: int, repeats: int) -> None:
    from escucha.nlp.classifiers import embedded
    from escucha.nlp.encoders import UniversalSentenceEncoder

    rows = demo_texts(n, seed=11)
    texts = [t for t, _ in rows]
    channels = [c for _, c in rows]
    enc = UniversalSentenceEncoder()
    before = load()
    if variant == "use":
        def run():
            enc.encode(texts)
        what = "USE multilingual v3 encode"
    else:
        from escucha.config import load_config
        from escucha.nlp.analyzer import Analyzer

        analyzer = Analyzer.from_config(load_config(None).nlp, encoder=enc)

        def run():
            embedded.clear_chunk_cache()
            analyzer.analyze(texts, channels)
        what = "Analyzer, embedded default (language + normalise + USE + 5 heads)"
    secs = timed(run, repeats, warmup=1)
    append_row(f"embedded: {what}", f"**{n / median(secs):.0f} docs/s** ({n} demo texts, {os.cpu_count()} threads)",
               f"{repeats} runs", peak_mb(), before)


def main(argv=None) -> None:
    args, forward = variant_args(argv, __doc__, VARIANTS, "texts", 4000)
    if args.variant:
        measure(args.variant, args.size, args.repeats)
    else:
        run_variants("bench.embedded", VARIANTS, forward)


if __name__ == "__main__":
    sys.exit(main())
