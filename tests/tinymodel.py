"""Builds a tiny, real transformers sequence classifier folder for tests and benches (offline).

No hub, no downloaded weights: a byte-level BPE tokenizer is trained with `tokenizers` on the
Spanish lines below (written for this purpose), a 2-layer RoBERTa is built from a config whose
`id2label` uses pysentimiento's label names, and — so tests can check real behaviour, not only
shapes — the sentiment model is fine-tuned for a few hundred steps (seconds on CPU) on a small,
clearly separable set, including long concatenations so that every position up to 128 tokens
has been trained. Everything is seeded: the same call gives the same weights.

The tokenizer is wrapped with `PreTrainedTokenizerFast` (transformers 5's
`RobertaTokenizerFast(vocab_file=..., merges_file=...)` silently ignores the files) and the
saved `tokenizer_class` is set to `PreTrainedTokenizerFast`, which transformers 4.x and 5.x
both load.
"""

from __future__ import annotations

import json
import random
from pathlib import Path
from typing import Sequence

# -- Spanish lines (written for these tests) ---------------------------------------------------

SUBJECTS = [
    "el servicio", "la atención", "la aplicación", "el técnico", "la entrega", "el asesor",
    "el internet", "la señal", "el pedido", "la tienda", "el soporte", "la línea de ayuda",
    "el producto", "la instalación", "el call center", "la página web",
]
POSITIVE = [
    "fue excelente, muchas gracias", "es maravilloso, me encanta", "funcionó perfecto, felicitaciones",
    "fue muy amable y rápido, gracias", "superó mis expectativas, excelente", "es genial, los recomiendo",
    "me encantó, todo perfecto", "fue una maravilla, mil gracias", "quedó perfecto, muy contento",
    "es lo mejor, excelente atención",
]
NEGATIVE = [
    "fue pésimo, nadie responde", "es horrible, no funciona", "es una porquería, estoy furioso",
    "fue terrible, nunca llegó", "falla todo el tiempo, pésimo", "es un desastre, quiero cancelar",
    "no sirve para nada, horrible", "fue malísimo, me robaron la plata", "es una vergüenza, estoy harto",
    "me dejó sin solución, terrible",
]
NEUTRAL = [
    "quisiera saber el horario de atención de", "necesito la dirección de", "cuál es el teléfono de",
    "envío el documento que pidieron sobre", "quiero consultar el estado de", "me pueden informar el precio de",
    "adjunto la factura relacionada con", "solicito información sobre", "en qué fecha cambia",
    "dónde puedo consultar el número de",
]
NEUTRAL_OBJECTS = [
    "la oficina", "mi cuenta", "la factura de marzo", "el plan hogar", "la sucursal del centro",
    "el contrato", "mi pedido", "la línea fija",
]

# Social-media style lines, as pysentimiento's preprocessing leaves them (@usuario, url, emoji...).
EXTRA_LINES = [
    "@usuario hola, buenos días, tengo una pregunta sobre mi cuenta",
    "@usuario ya envié los datos por mensaje privado url",
    "jaja no puedo creer lo que pasó hoy con el pedido",
    "hashtag servicio al cliente hoy estuvo lleno",
    "emoji cara sonriente emoji gracias por todo",
    "emoji cara enojada emoji otra vez sin luz en el barrio",
    "Buenas tardes, señores, por favor atiendan mi caso número 4521.",
    "Mi correo es [EMAIL] y mi teléfono es [TELEFONO].",
    "La reunión quedó para el martes a las nueve de la mañana.",
    "El asesor me transfirió a otra área y luego se cortó la llamada.",
    "¿Tienen sucursales en Medellín, Bogotá o Cali?",
    "Hice el pago el 15 de junio por $89.900 y aún aparece pendiente.",
    "Quiero cambiar mi plan a uno de 300 megas.",
    "Llevo cuarenta minutos en espera y nadie contesta.",
    "Gracias a Andrea por la paciencia, resolvió todo en una llamada.",
    "La entrega llegó incompleta: faltan dos cajas del pedido.",
    "¿Cuál es el procedimiento para una devolución?",
    "Sugiero que amplíen el horario los sábados.",
    "El cobro de reconexión no corresponde, nunca hubo corte.",
    "Excelente la nueva aplicación, mucho más fácil de usar.",
    "Señores, exijo una respuesta formal a mi reclamo.",
    "La señal se cae todas las noches entre las 8 y las 11.",
    "Me atendieron rápido y con mucha cortesía, felicitaciones.",
    "El técnico no vino y nadie avisó; perdí el día de trabajo.",
    "Necesito un certificado de paz y salvo para el banco.",
    "¿Por qué me llegó la factura dos veces este mes?",
    "La app no abre desde la última actualización en mi celular Android.",
    "Todo bien, gracias.",
    "Pésima experiencia, no vuelvo a comprar aquí.",
    "Muy contento con el servicio, lo recomiendo a mi familia.",
]

SENTIMENT_LABELS = ("NEG", "NEU", "POS")  # pysentimiento's id2label order for sentiment
DEFAULT_LABELS: dict[str, tuple[str, ...]] = {
    "sentiment": SENTIMENT_LABELS,
    "emotion": ("others", "joy", "sadness", "anger", "surprise", "disgust", "fear"),
    "irony": ("not ironic", "ironic"),
    "toxicity": ("hateful", "targeted", "aggressive"),  # multi-label, like robertuito-hate-speech
}


def sentiment_examples() -> list[tuple[str, int]]:
    """Short labelled sentences: (text, class) with 0 = negative, 1 = neutral, 2 = positive."""
    out: list[tuple[str, int]] = []
    for i, subj in enumerate(SUBJECTS):
        for j, (pos, neg) in enumerate(zip(POSITIVE, NEGATIVE)):
            if (i + j) % 2 == 0:  # half the grid is plenty and keeps training fast
                cap = subj[0].upper() + subj[1:]
                out.append((f"{cap} {pos}.", 2))
                out.append((f"{cap} {neg}.", 0))
    for k, q in enumerate(NEUTRAL):
        for m, obj in enumerate(NEUTRAL_OBJECTS):
            out.append((f"{q[0].upper() + q[1:]} {obj}" + ("?" if q.startswith(("cuál", "en qué", "dónde")) else "."), 1))
    return out


def corpus_lines() -> list[str]:
    """All the lines the tokenizer is trained on (a few hundred)."""
    return [t for t, _ in sentiment_examples()] + EXTRA_LINES


# -- building --------------------------------------------------------------------------------

def _train_tokenizer(lines: Sequence[str], vocab_size: int):
    from tokenizers import Tokenizer, decoders, models, pre_tokenizers, processors, trainers

    tok = Tokenizer(models.BPE(unk_token="<unk>"))
    tok.pre_tokenizer = pre_tokenizers.ByteLevel(add_prefix_space=False)
    tok.decoder = decoders.ByteLevel()
    trainer = trainers.BpeTrainer(
        vocab_size=vocab_size,
        min_frequency=2,
        special_tokens=["<s>", "<pad>", "</s>", "<unk>", "<mask>"],  # RoBERTa's ids 0..4
        initial_alphabet=pre_tokenizers.ByteLevel.alphabet(),
        show_progress=False,
    )
    tok.train_from_iterator(list(lines), trainer=trainer)
    tok.post_processor = processors.RobertaProcessing(("</s>", 2), ("<s>", 0), trim_offsets=True)
    from transformers import PreTrainedTokenizerFast

    return PreTrainedTokenizerFast(
        tokenizer_object=tok,
        bos_token="<s>", eos_token="</s>", unk_token="<unk>", pad_token="<pad>",
        cls_token="<s>", sep_token="</s>", mask_token="<mask>",
        model_max_length=128,
    )


def _training_batches(tokenizer, examples, rng: random.Random, steps: int, batch_size: int, max_len: int):
    """Yield (input_ids, attention_mask, labels): mostly short sentences; every 4th batch holds
    long runs of same-class sentences (up to max_len tokens) so that all positions get trained.
    Long runs get their own, smaller batches: mixed in, they would pad every batch to max_len."""
    import torch

    by_class: dict[int, list[str]] = {}
    for t, y in examples:
        by_class.setdefault(y, []).append(t)
    for step in range(steps):
        long = step % 4 == 3
        texts, ys = [], []
        for _ in range(batch_size // 2 if long else batch_size):
            y = rng.randrange(len(by_class))
            n = rng.randint(4, 14) if long else 1
            texts.append(" ".join(rng.choice(by_class[y]) for _ in range(n)))
            ys.append(y)
        enc = tokenizer(texts, truncation=True, max_length=max_len, padding=True, return_tensors="pt")
        yield enc["input_ids"], enc["attention_mask"], torch.tensor(ys)


def build_tiny_model(
    dir: str | Path,
    task: str = "sentiment",
    labels: Sequence[str] | None = None,
    seed: int = 0,
    train_steps: int | None = None,
    hidden_size: int = 48,
) -> Path:
    """Write a tiny RobertaForSequenceClassification + tokenizer into `dir` and return it.

    `labels` are the model's `id2label` names (default: pysentimiento's for `task`). Only the
    sentiment model is fine-tuned (classes in the order negative, neutral, positive, whatever
    `labels` calls them); other tasks keep random weights (`train_steps` 0), enough for shape,
    mapping and faithfulness tests. `task="toxicity"` builds a multi-label model like
    pysentimiento's hate-speech one (sigmoid outputs hateful/targeted/aggressive).
    """
    import torch
    from transformers import RobertaConfig, RobertaForSequenceClassification

    if task not in DEFAULT_LABELS:
        raise ValueError(f"unknown task {task!r}; known: {', '.join(DEFAULT_LABELS)}")
    labels = tuple(labels) if labels is not None else DEFAULT_LABELS[task]
    if train_steps is None:
        train_steps = 200 if task == "sentiment" else 0
    if train_steps and (task != "sentiment" or len(labels) != 3):
        raise ValueError("only a 3-label sentiment model can be fine-tuned (negative, neutral, positive)")
    out = Path(dir)
    out.mkdir(parents=True, exist_ok=True)

    random.seed(seed)
    torch.manual_seed(seed)
    tokenizer = _train_tokenizer(corpus_lines(), vocab_size=1200)
    max_len = 128
    config = RobertaConfig(
        vocab_size=len(tokenizer),
        hidden_size=hidden_size,
        num_hidden_layers=2,
        num_attention_heads=2,
        intermediate_size=2 * hidden_size,
        max_position_embeddings=max_len + 2,  # RoBERTa offsets positions by padding_idx + 1, as RoBERTuito
        type_vocab_size=1,
        pad_token_id=tokenizer.pad_token_id,
        bos_token_id=tokenizer.bos_token_id,
        eos_token_id=tokenizer.eos_token_id,
        id2label={i: name for i, name in enumerate(labels)},
        label2id={name: i for i, name in enumerate(labels)},
        problem_type="multi_label_classification" if task == "toxicity" else "single_label_classification",
        hidden_dropout_prob=0.0,
        attention_probs_dropout_prob=0.0,
    )
    model = RobertaForSequenceClassification(config)

    if train_steps:
        rng = random.Random(seed)
        opt = torch.optim.AdamW(model.parameters(), lr=3e-3, weight_decay=0.0)
        model.train()
        threads = torch.get_num_threads()
        # One thread: as fast for a model this small, and 5x faster than 2 when other jobs share the cores.
        torch.set_num_threads(1)
        try:
            for ids, mask, ys in _training_batches(tokenizer, sentiment_examples(), rng, train_steps, 16, max_len):
                loss = model(input_ids=ids, attention_mask=mask, labels=ys).loss
                opt.zero_grad()
                loss.backward()
                opt.step()
        finally:
            torch.set_num_threads(threads)
    model.eval()
    model.save_pretrained(out)
    tokenizer.save_pretrained(out)
    # Name a class both transformers 4.x and 5.x load (5.x writes "TokenizersBackend").
    cfg_path = out / "tokenizer_config.json"
    tcfg = json.loads(cfg_path.read_text(encoding="utf-8"))
    tcfg["tokenizer_class"] = "PreTrainedTokenizerFast"
    cfg_path.write_text(json.dumps(tcfg, ensure_ascii=False, indent=2), encoding="utf-8")
    return out


if __name__ == "__main__":  # python tests/tinymodel.py OUT_DIR  (e.g. for bench/)
    import sys

    print(build_tiny_model(sys.argv[1] if len(sys.argv) > 1 else "tiny-model"))
