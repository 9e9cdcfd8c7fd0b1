"""BERTopic scale: fit at 10k and 100k documents, and the nightly update of 10k on a 100k model.

    python -m bench.topics [--variant fit-10k|fit-100k|update-10k-on-100k] [--repeats N]

Embeddings are SYNTHETIC, random but clustered (40 themes: unit vectors around random centres
in 512-d with the spread of USE vectors of one theme, cosine to the centre about 0.6-0.8, plus
8 % scattered docs), not USE vectors: encoding 100k texts with USE on 2 cores takes minutes
(see `bench.embedded` for USE's own docs/s) and would dominate the figure. Docs are demo texts
(escucha.demo), so the vectorizer and labels do realistic work. The update adds two new themes
(about 5 % of the 10k), so the new-topic path runs too. Each variant runs in its own process;
fit-100k saves its model for the update variant.
"""

from __future__ import annotations

import argparse
import sys

import numpy as np

from bench._common import (
    CACHE,
    append_row,
    demo_texts,
    load,
    median,
    peak_mb,
    run_variants,
    timed,
)

VARIANTS = ["fit-10k", "fit-100k", "update-10k-on-100k"]
DIM = 512


def clustered(n: int, n_themes: int = 40, seed: int = 0, centres: np.ndarray | None = None,
              outliers: float = 0.08) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    if centres is None:
        centres = rng.standard_normal((n_themes, DIM)).astype(np.float32)
        centres /= np.linalg.norm(centres, axis=1, keepdims=True)
    sizes = rng.dirichlet(np.full(len(centres), 2.0))
    theme = rng.choice(len(centres), size=n, p=sizes)
    noise = rng.standard_normal((n, DIM)).astype(np.float32) * 0.032  # cosine to centre ~0.7
    emb = centres[theme] + noise
    scatter = rng.random(n) < outliers
    emb[scatter] = rng.standard_normal((int(scatter.sum()), DIM)).astype(np.float32)
    emb /= np.linalg.norm(emb, axis=1, keepdims=True)
    return emb.astype(np.float32), np.where(scatter, -1, theme)


def modeler():
    """The topic model of the default configuration, as the nightly run builds it (catalogues
    included)."""
    from escucha.config import load_config
    from escucha.nlp.encoders import UniversalSentenceEncoder
    from escucha.pipeline.topics import new_modeler

    return new_modeler(load_config(None), UniversalSentenceEncoder())


def measure(variant: str, repeats: int) -> None:
    before = load()
    rng_centres = np.random.default_rng(123).standard_normal((40, DIM)).astype(np.float32)
    rng_centres /= np.linalg.norm(rng_centres, axis=1, keepdims=True)
    if variant.startswith("fit"):
        n = 10_000 if variant == "fit-10k" else 100_000
        docs = [t for t, _ in demo_texts(n, seed=21)]
        emb, _ = clustered(n, centres=rng_centres, seed=1)
        holder = {}

        def run():
            m = modeler()
            a = m.fit(docs, emb)
            holder["m"], holder["a"] = m, a
        secs = timed(run, repeats, warmup=0)
        a = holder["a"]
        if n == 100_000:
            import shutil

            shutil.rmtree(CACHE / "topics-100k", ignore_errors=True)
            holder["m"].save(CACHE / "topics-100k")
        result = (f"**{median(secs):.1f} s** for {n:,} docs ({n / median(secs):,.0f} docs/s); "
                  f"{len(holder['m'].topics())} topics, {a.outlier_share:.1%} outliers; synthetic clustered embeddings")
    else:
        from escucha.nlp.topics import BERTopicModeler

        if not (CACHE / "topics-100k").exists():
            raise SystemExit("run `python -m bench.topics --variant fit-100k` first (it saves the model)")
        docs = [t for t, _ in demo_texts(10_000, seed=31)]
        emb, _ = clustered(10_000, centres=rng_centres, seed=2)
        new_centres = np.random.default_rng(7).standard_normal((2, DIM)).astype(np.float32)
        new_centres /= np.linalg.norm(new_centres, axis=1, keepdims=True)
        fresh, _ = clustered(500, centres=new_centres, seed=3, outliers=0.0)
        emb[:500] = fresh
        holder = {}

        def run():
            m = BERTopicModeler.load(CACHE / "topics-100k")
            holder["a"] = m.update(docs, emb)
        secs = timed(run, repeats, warmup=0)
        a = holder["a"]
        result = (f"**{median(secs):.1f} s** for 10,000 new docs on the 100k model (load included); "
                  f"{len(a.new_topic_ids)} new topics, {a.outlier_share:.1%} outliers; synthetic clustered embeddings")
    append_row(f"topics {variant}", result, f"{repeats} runs", peak_mb(), before)


def main(argv=None) -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--variant", choices=VARIANTS)
    ap.add_argument("--repeats", type=int, default=None, help="default: 3 for 10k sizes, 1 for fit-100k")
    args = ap.parse_args(argv)
    if args.variant:
        measure(args.variant, args.repeats or (1 if args.variant == "fit-100k" else 3))
    else:
        extra = ["--repeats", str(args.repeats)] if args.repeats else []
        run_variants("bench.topics", VARIANTS, extra)


if __name__ == "__main__":
    sys.exit(main())
