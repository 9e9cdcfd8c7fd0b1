"""Sentiment throughput of a RoBERTuito-size model: pysentimiento's own `predict` vs our paths.

    python -m bench.sentiment [--texts 256] [--repeats 3] [--variant NAME]

The model has RoBERTuito's exact architecture (pysentimiento/robertuito-sentiment-analysis:
RoBERTa-base, vocab 30002, hidden 768, 12 layers, 12 heads, max_position_embeddings 130,
3 labels NEG/NEU/POS) with random weights, and a byte-level BPE tokenizer trained here on demo
texts: nothing comes from a hub. Speed does not depend on the weights' values, so the figures
hold for the real model; the tokenizer differs from RoBERTuito's, so token counts per text are
close but not equal. Texts: escucha.demo records (PQRS, call customer turns, posts).

Variants, each in its own process (its peak memory is its own):
- pysentimiento: `create_analyzer(task="sentiment", lang="es", model_name=<dir>).predict(texts)`
  (cuts every text at 128 tokens);
- torch: our TransformersClassifier (pysentimiento's preprocessing, whole texts in 128-token
  windows, length-sorted batches with dynamic padding, inference_mode, threads = cores);
- onnx, onnx-int8: the same through ONNX Runtime, fp32 and int8 dynamic quantization.
Probabilities of each variant are kept, and the row says how many labels agree with torch.
"""

from __future__ import annotations

import json
import os
import sys

import numpy as np

from bench._common import (
    CACHE,
    append_row,
    demo_texts,
    load,
    median,
    offline_env,
    peak_mb,
    run_variants,
    timed,
    variant_args,
)

VARIANTS = ["pysentimiento", "torch", "onnx", "onnx-int8"]
MODEL_DIR = CACHE / "robertuito-size-random"


def build_model(folder=MODEL_DIR):
    """RoBERTuito's architecture, random weights (seeded), tokenizer trained on demo texts."""
    if (folder / "config.json").exists():
        return folder
    import torch
    from tokenizers import (
        Tokenizer,
        decoders,
        models,
        pre_tokenizers,
        processors,
        trainers,
    )
    from transformers import (
        PreTrainedTokenizerFast,
        RobertaConfig,
        RobertaForSequenceClassification,
    )

    torch.manual_seed(0)
    tok = Tokenizer(models.BPE(unk_token="<unk>"))
    tok.pre_tokenizer = pre_tokenizers.ByteLevel(add_prefix_space=False)
    tok.decoder = decoders.ByteLevel()
    trainer = trainers.BpeTrainer(vocab_size=30000, min_frequency=2, show_progress=False,
                                  special_tokens=["<s>", "<pad>", "</s>", "<unk>", "<mask>"],
                                  initial_alphabet=pre_tokenizers.ByteLevel.alphabet())
    tok.train_from_iterator([t for t, _ in demo_texts(20000, seed=3)], trainer=trainer)
    tok.post_processor = processors.RobertaProcessing(("</s>", 2), ("<s>", 0), trim_offsets=True)
    fast = PreTrainedTokenizerFast(tokenizer_object=tok, bos_token="<s>", eos_token="</s>", unk_token="<unk>",
                                   pad_token="<pad>", cls_token="<s>", sep_token="</s>", mask_token="<mask>",
                                   model_max_length=128)
    labels = ["NEG", "NEU", "POS"]
    config = RobertaConfig(
        vocab_size=30002, hidden_size=768, num_hidden_layers=12, num_attention_heads=12, intermediate_size=3072,
        max_position_embeddings=130, type_vocab_size=1, layer_norm_eps=1e-5, pad_token_id=1, bos_token_id=0,
        eos_token_id=2, id2label=dict(enumerate(labels)), label2id={n: i for i, n in enumerate(labels)},
    )
    tmp = folder.with_name(folder.name + ".tmp")
    RobertaForSequenceClassification(config).eval().save_pretrained(tmp)
    fast.save_pretrained(tmp)
    tcfg = json.loads((tmp / "tokenizer_config.json").read_text())
    tcfg["tokenizer_class"] = "PreTrainedTokenizerFast"
    (tmp / "tokenizer_config.json").write_text(json.dumps(tcfg))
    tmp.rename(folder)
    return folder


def measure(variant: str, n: int, repeats: int) -> None:
    offline_env()
    folder = build_model()
    texts = [t for t, _ in demo_texts(n, seed=11)]
    before = load()
    threads = os.cpu_count() or 1
    extra = ""
    if variant == "pysentimiento":
        import torch
        from pysentimiento import create_analyzer

        torch.set_num_threads(threads)
        analyzer = create_analyzer(task="sentiment", lang="es", model_name=str(folder))
        labels = ["POS", "NEU", "NEG"]
        result: dict = {}

        def run():
            result["p"] = np.array([[o.probas[k] for k in labels] for o in analyzer.predict(texts)])
    else:
        from escucha.nlp.classifiers.transformers import TransformersClassifier

        clf = TransformersClassifier("sentiment", model_dir=folder, num_threads=threads,
                                     runtime="onnx" if variant.startswith("onnx") else "torch",
                                     quantize=variant.endswith("int8"), onnx_dir=CACHE / "onnx-robertuito-size")
        windows = clf.windower_.split(clf.preprocess_texts(texts))
        extra = f"; {len(windows.input_ids)} windows for {n} texts (whole texts, 128-token windows)"
        result = {}

        def run():
            result["p"] = clf.predict_proba(texts)
    secs = timed(run, repeats, warmup=1)
    np.save(CACHE / f"sentiment-{variant}-{n}.npy", result["p"])
    ref = CACHE / f"sentiment-torch-{n}.npy"
    if variant != "torch" and ref.exists():
        agree = (np.load(ref).argmax(1) == result["p"].argmax(1)).mean()
        extra += f"; labels agree with torch: {agree:.1%}"
    append_row(f"sentiment {variant} (RoBERTuito-size, random weights)",
               f"**{n / median(secs):.1f} docs/s** ({n} demo texts, {threads} threads{extra})",
               f"{repeats} runs", peak_mb(), before)


def main(argv=None) -> None:
    args, forward = variant_args(argv, __doc__, VARIANTS, "texts", 256)
    if args.variant:
        measure(args.variant, args.size, args.repeats)
        return
    offline_env()
    build_model()
    order = ["torch"] + [v for v in VARIANTS if v != "torch"]  # torch first: the others compare to it
    run_variants("bench.sentiment", order, forward)


if __name__ == "__main__":
    sys.exit(main())
