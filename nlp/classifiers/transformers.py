"""Production transformers backend: pysentimiento's RoBERTuito models (or any compatible local
sequence-classification model), strictly offline, with our own fast batched inference.

Why not pysentimiento's `analyzer.predict`: it cuts every text at 128 tokens (a 20,000-character
review or a call transcript is judged by its first paragraph) and runs through a `Trainer` and a
`datasets.Dataset`, which is slow. We load the model the way pysentimiento does
(`create_analyzer(task, lang="es", model_name=<local folder>)`, so its preprocessing and label
names apply unchanged) and then run the model ourselves:

- texts are preprocessed with pysentimiento's `preprocess_tweet` (handles -> @usuario, URLs ->
  url, emoji -> words, laughter and repeated characters normalised), as pysentimiento does;
- long texts are split into overlapping token windows (`chunking.py`) and the window
  probabilities are averaged per text, weighted by each window's content token count; a text
  that fits one window is encoded exactly as pysentimiento encodes it, so short texts get the
  same probabilities as `analyzer.predict` (tested to 1e-4);
- windows are sorted by length and batched with padding to the longest window of the batch,
  under `torch.inference_mode()`; results come back in input order.

Runtimes (`runtime`): `torch` (default) or `onnx`: the same weights exported once with
`torch.onnx.export` into a cache folder (`onnx_dir`, default `$ESCUCHA_ONNX_CACHE` or
`~/.cache/escucha/onnx/<task>-<model fingerprint>/`) and run with ONNX Runtime, optionally with
int8 dynamic quantization (`quantize=True`, `onnxruntime.quantization.quantize_dynamic`). Same
windows, batching and label mapping; fp32 ONNX gives the torch probabilities to about 1e-5,
int8 changes them a little (a few labels near a tie may flip), so `quantize` and `runtime`
are part of `version` and switching re-enriches.

Loading never touches the network: `HF_HUB_OFFLINE=1` and `TRANSFORMERS_OFFLINE=1` are set
before transformers is imported, and the default pysentimiento model is looked up in the local
Hugging Face cache only (`ModelNotAvailable` otherwise). pysentimiento's models are licensed for
non-commercial use only: `use_pysentimiento=False` (with `label_map` if needed) runs any other
local `AutoModelForSequenceClassification` folder.

Label mapping (model label -> `TASK_LABELS[task]`):
- sentiment: POS/NEU/NEG as they are; emotion: joy->alegría, anger->enojo, sadness->tristeza,
  fear->miedo, surprise->sorpresa, disgust->asco, others->otros; irony: "not ironic"->no,
  "ironic"->sí; toxicity (pysentimiento "hate_speech"): hateful/targeted/aggressive->sí, ok->no.
- single-label (softmax) models: a task label's probability is the sum of the probabilities of
  the model labels mapped to it (a task label no model label maps to gets 0).
- multi-label (sigmoid) models, e.g. robertuito-hate-speech (hateful, targeted, aggressive): for a
  no/sí task, P(sí) = the largest sigmoid among the labels mapped to "sí" (any of hateful,
  targeted or aggressive makes a text toxic: an insult to an agent is "aggressive" even when it
  is not hate speech against a group) and P(no) = 1 - P(sí); labels mapped to "no" are not
  used. For other tasks each task label takes the largest sigmoid mapped to it and rows are
  normalised to sum 1.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import warnings
from pathlib import Path
from typing import Mapping, Sequence

import numpy as np

from escucha.nlp.classifiers._base import TASK_LABELS, TextClassifier, check_task
from escucha.nlp.cpus import available_cpus
from escucha.nlp.classifiers.chunking import TokenWindower, aggregate

logger = logging.getLogger(__name__)

# Our task -> pysentimiento's task name (create_analyzer(task=...)).
PYSENTIMIENTO_TASKS: dict[str, str] = {
    "sentiment": "sentiment",
    "emotion": "emotion",
    "irony": "irony",
    "toxicity": "hate_speech",
}

# pysentimiento's default Spanish models (pysentimiento.analyzer.models["es"]), resolved from the
# local Hugging Face cache only.
DEFAULT_MODELS: dict[str, str] = {
    "sentiment": "pysentimiento/robertuito-sentiment-analysis",
    "emotion": "pysentimiento/robertuito-emotion-analysis",
    "irony": "pysentimiento/robertuito-irony",
    "toxicity": "pysentimiento/robertuito-hate-speech",
}

# Known model label names (matched case-insensitively) -> our labels; our own labels always map
# to themselves. Anything else needs an explicit `label_map`.
KNOWN_LABELS: dict[str, dict[str, str]] = {
    "sentiment": {"pos": "POS", "neu": "NEU", "neg": "NEG",
                  "positive": "POS", "neutral": "NEU", "negative": "NEG"},
    "emotion": {"joy": "alegría", "anger": "enojo", "sadness": "tristeza", "fear": "miedo",
                "surprise": "sorpresa", "disgust": "asco", "others": "otros"},
    "irony": {"not ironic": "no", "ironic": "sí"},
    "toxicity": {"hateful": "sí", "targeted": "sí", "aggressive": "sí", "ok": "no", "not hateful": "no"},
}

WEIGHT_SUFFIXES = (".safetensors", ".bin", ".pt", ".pth", ".ckpt", ".h5", ".msgpack", ".onnx")
TOKENIZER_FILES = ("tokenizer.json", "tokenizer_config.json", "special_tokens_map.json", "vocab.json",
                   "vocab.txt", "merges.txt", "sentencepiece.bpe.model", "spiece.model", "added_tokens.json")
AGGREGATION = "window-mean-by-tokens-v1"  # part of `version`: change it if aggregation changes
RUNTIMES = ("torch", "onnx")


class ModelNotAvailable(FileNotFoundError):
    """The transformers model is not on this machine (Escucha never downloads one at run time)."""


def ensure_offline() -> None:
    """Set HF_HUB_OFFLINE/TRANSFORMERS_OFFLINE (unless set) before transformers is imported.

    huggingface_hub reads the variable once, at its import; if something imported it earlier,
    its flag is switched too, so that no load can try the network (it hangs ~70 s, then fails).
    """
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    if os.environ["HF_HUB_OFFLINE"].strip().lower() in {"1", "true", "yes", "on"}:
        import huggingface_hub.constants as hub_constants

        hub_constants.HF_HUB_OFFLINE = True


def hub_cache_dir() -> Path:
    """The Hugging Face hub cache, read from the environment now (not at huggingface_hub import)."""
    for var in ("HF_HUB_CACHE", "HUGGINGFACE_HUB_CACHE"):
        if os.environ.get(var):
            return Path(os.path.expandvars(os.environ[var])).expanduser()
    home = os.environ.get("HF_HOME") or os.path.join(os.environ.get("XDG_CACHE_HOME", "~/.cache"), "huggingface")
    return Path(os.path.expandvars(home)).expanduser() / "hub"


def resolve_model_dir(task: str, model_dir: str | Path | None = None, hub_name: str | None = None) -> Path:
    """The local folder of the model: `model_dir`, else `hub_name` or the task's pysentimiento
    default found in the local Hugging Face cache. Raises `ModelNotAvailable` with what to do."""
    if model_dir is not None:
        path = Path(model_dir).expanduser()
        if not (path / "config.json").is_file():
            raise ModelNotAvailable(
                f"{path} is not a transformers model folder (no config.json); pass a folder saved with "
                "save_pretrained (config.json, weights, tokenizer files)"
            )
        return path
    repo_id = hub_name or DEFAULT_MODELS.get(task)
    if repo_id is None:
        raise ModelNotAvailable(
            f"there is no default transformers model for task {task!r}; pass model_dir=<a local "
            "sequence-classification model folder> (with label_map if its labels differ), or use the "
            "embedded default classifier ('embedded'), which needs no extra weights"
        )
    cache = hub_cache_dir()
    found: Path | None = None
    error: Exception | None = None
    try:
        from huggingface_hub import snapshot_download

        found = Path(snapshot_download(repo_id, cache_dir=str(cache), local_files_only=True))
    except Exception as exc:  # LocalEntryNotFoundError and friends: all mean "not here"
        error = exc
    if found is None or not (found / "config.json").is_file():
        licence = ""
        if repo_id.startswith("pysentimiento/"):
            licence = " (pysentimiento's models are licensed for non-commercial use only)"
        raise ModelNotAvailable(
            f"the transformers model {repo_id!r} for task {task!r} is not in the local Hugging Face cache "
            f"({cache}); Escucha never downloads models at run time. To use it{licence}: on a machine "
            f"with internet run `hf download {repo_id}` and copy its cache folder "
            f"models--{repo_id.replace('/', '--')} into {cache} (or point HF_HOME / HF_HUB_CACHE at the "
            "cache that holds it), or pass model_dir=<folder with config.json, weights and tokenizer>. "
            "Without these weights, the embedded default classifier ('embedded') works offline as shipped."
        ) from error
    return found


def resolve_label_map(
    task: str, model_labels: Sequence[str], label_map: Mapping[str, str] | None = None
) -> dict[str, str]:
    """Model label -> task label, from `label_map`, then our own names, then KNOWN_LABELS.

    Raises ValueError naming the labels it cannot place, so a wrong model is refused at load time.
    """
    ours = TASK_LABELS[task]
    label_map = dict(label_map or {})
    bad_targets = {k: v for k, v in label_map.items() if v not in ours}
    if bad_targets:
        raise ValueError(f"label_map maps to labels that task {task!r} does not have: {bad_targets}; "
                         f"the labels are {ours}")
    stray = sorted(set(label_map) - set(model_labels))
    if stray:
        raise ValueError(f"label_map names labels the model does not have: {stray}; the model's labels are "
                         f"{list(model_labels)}")
    known = KNOWN_LABELS.get(task, {})
    mapping: dict[str, str] = {}
    unknown: list[str] = []
    for name in model_labels:
        if name in label_map:
            mapping[name] = label_map[name]
        elif name in ours:
            mapping[name] = name
        elif name.strip().casefold() in known:
            mapping[name] = known[name.strip().casefold()]
        else:
            unknown.append(name)
    if unknown:
        raise ValueError(
            f"the model's labels {unknown} have no meaning for task {task!r} (labels {ours}); pass "
            f"label_map={{model label: task label}}, e.g. {{{unknown[0]!r}: {ours[0]!r}}}"
        )
    return mapping


def model_fingerprint(model_dir: Path) -> hashlib._Hash:
    """sha256 of config.json's bytes and the names and sizes of the weight and tokenizer files.

    Cheap (no multi-hundred-MB weight read) and changes whenever a different model is dropped in.
    """
    h = hashlib.sha256()
    h.update((model_dir / "config.json").read_bytes())
    files = sorted(p for p in model_dir.iterdir()
                   if p.is_file() and (p.name.endswith(WEIGHT_SUFFIXES) or p.name in TOKENIZER_FILES))
    for p in files:
        h.update(f"\n{p.name}:{p.stat().st_size}".encode())
    return h


class TransformersClassifier(TextClassifier):
    """A local transformers sequence classifier mapped onto `TASK_LABELS[task]`.

    Parameters: `task` (one of TASK_LABELS); `model_dir` (a local model folder) or `hub_name`
    (a hub id already in the local cache; default: pysentimiento's model for the task);
    `batch_size` windows per forward pass; `max_length` tokens per window (special tokens
    included; lowered to what the model's position embeddings allow); `stride` overlapping tokens
    between windows; `num_threads` for torch (default: all cores); `use_pysentimiento` loads
    through `pysentimiento.create_analyzer` (else AutoModelForSequenceClassification);
    `label_map` model label -> task label for models with other names; `preprocess` applies
    pysentimiento's `preprocess_tweet` (default: when `use_pysentimiento`); `device` for torch;
    `runtime` "torch" or "onnx" (ONNX Runtime on the exported weights), `quantize` int8 dynamic
    quantization (onnx only), `onnx_dir` where the exported files are kept.

    Fitted state: `model_dir_`, `model_`, `tokenizer_`, `id2label_`, `label_map_`,
    `multi_label_`, `max_length_`, `windower_`, `onnx_path_` (None on torch); `labels_` and
    `version` as in `TextClassifier`.
    `version` = "transformers-{task}-{8 hex}" from config.json, the weight/tokenizer file names and
    sizes, and the settings that change predictions (max_length, stride, label map, preprocessing).
    """

    def __init__(
        self,
        task: str,
        model_dir: str | Path | None = None,
        hub_name: str | None = None,
        batch_size: int = 32,
        max_length: int = 128,
        stride: int = 32,
        num_threads: int | None = None,
        use_pysentimiento: bool = True,
        label_map: Mapping[str, str] | None = None,
        preprocess: bool | None = None,
        device: str = "cpu",
        runtime: str = "torch",
        quantize: bool = False,
        onnx_dir: str | Path | None = None,
    ):
        self.task = check_task(task)
        self.model_dir = model_dir
        self.hub_name = hub_name
        self.batch_size = int(batch_size)
        self.max_length = int(max_length)
        self.stride = int(stride)
        self.num_threads = num_threads
        self.use_pysentimiento = use_pysentimiento
        self.label_map = dict(label_map) if label_map else None
        self.preprocess = use_pysentimiento if preprocess is None else bool(preprocess)
        self.device = device
        self.runtime = runtime
        self.quantize = bool(quantize)
        self.onnx_dir = onnx_dir
        if self.batch_size < 1:
            raise ValueError(f"batch_size must be at least 1, got {batch_size}")
        if runtime not in RUNTIMES:
            raise ValueError(f"runtime must be one of {', '.join(RUNTIMES)}, got {runtime!r}")
        if self.quantize and runtime != "onnx":
            raise ValueError("quantize=True needs runtime='onnx' (int8 dynamic quantization with ONNX Runtime)")

        ensure_offline()
        self.model_dir_ = resolve_model_dir(self.task, model_dir, hub_name)
        self._preprocess_args: dict = {"lang": "es"}
        if use_pysentimiento:
            self._load_pysentimiento()
        else:
            self._load_auto()
        self.model_.to(device)
        self.model_.eval()

        n = int(self.model_.config.num_labels)
        raw = {int(k): str(v) for k, v in (self.model_.config.id2label or {}).items()}
        if sorted(raw) != list(range(n)):
            raise ValueError(f"{self.model_dir_}: id2label {raw} does not cover the model's {n} outputs")
        self.id2label_ = raw
        model_labels = [raw[i] for i in range(n)]
        self.labels_ = list(TASK_LABELS[self.task])
        self.label_map_ = resolve_label_map(self.task, model_labels, self.label_map)
        self.multi_label_ = self.model_.config.problem_type == "multi_label_classification"
        self._build_projection(model_labels)

        self.max_length_ = self._usable_length(self.max_length)
        self.windower_ = TokenWindower(self.tokenizer_, self.max_length_, self.stride)
        pad = self.model_.config.pad_token_id
        self._pad_id = pad if pad is not None else (self.tokenizer_.pad_token_id or 0)

        h = model_fingerprint(self.model_dir_)
        self._fingerprint = h.copy().hexdigest()
        settings = dict(max_length=self.max_length_, stride=self.stride, label_map=self.label_map_,
                        preprocess=self.preprocess, aggregation=AGGREGATION)
        if runtime != "torch":  # torch keeps the versions written before runtimes existed
            settings["runtime"] = f"{runtime}-int8" if self.quantize else runtime
        h.update(json.dumps(settings, sort_keys=True, ensure_ascii=False).encode())
        self.version = f"transformers-{self.task}-{h.hexdigest()[:8]}"
        self.onnx_path_: Path | None = None
        self._session = None
        self._session_threads: int | None = None
        if runtime == "onnx":
            self.onnx_path_ = self._prepare_onnx()

    # -- loading -----------------------------------------------------------------------------
    def _load_pysentimiento(self) -> None:
        """The way pysentimiento loads its models; we keep its model, tokenizer, preprocessing args."""
        import random

        import torch
        from pysentimiento import create_analyzer

        # create_analyzer builds a transformers Trainer, which reseeds the global random, numpy and
        # torch generators with 42: put them back so loading a classifier has no side effects.
        states = random.getstate(), np.random.get_state(), torch.get_rng_state()
        try:
            analyzer = create_analyzer(task=PYSENTIMIENTO_TASKS.get(self.task), lang="es", model_name=str(self.model_dir_))
        finally:
            random.setstate(states[0])
            np.random.set_state(states[1])
            torch.set_rng_state(states[2])
        self.model_ = analyzer.model
        self.tokenizer_ = analyzer.tokenizer
        self._preprocess_args = dict(analyzer.preprocessing_args)

    def _load_auto(self) -> None:
        from transformers import AutoModelForSequenceClassification, AutoTokenizer

        self.tokenizer_ = AutoTokenizer.from_pretrained(self.model_dir_, local_files_only=True)
        self.model_ = AutoModelForSequenceClassification.from_pretrained(self.model_dir_, local_files_only=True)

    def _build_projection(self, model_labels: list[str]) -> None:
        """(n_model_labels, n_task_labels) 0/1 matrix: which model output feeds which task label."""
        proj = np.zeros((len(model_labels), len(self.labels_)))
        for j, name in enumerate(model_labels):
            proj[j, self.labels_.index(self.label_map_[name])] = 1.0
        self._proj = proj
        self._binary_yes = self.labels_ == ["no", "sí"]
        reached = set(self.label_map_.values())
        if self.multi_label_ and self._binary_yes and "sí" not in reached:
            raise ValueError(f"multi-label model {self.model_dir_}: no label maps to 'sí' (labels {model_labels})")
        if not self.multi_label_ and len(reached) < 2:
            raise ValueError(f"every label of {self.model_dir_} maps to {sorted(reached)}: it could only ever "
                             "predict one class")

    def _usable_length(self, wanted: int) -> int:
        """`wanted`, lowered to the positions the model has (RoBERTa: max_position_embeddings - pad - 1)."""
        config = self.model_.config
        limit = getattr(config, "max_position_embeddings", None)
        if not isinstance(limit, int) or limit <= 0:
            return wanted
        embeddings = getattr(getattr(self.model_, "base_model", None), "embeddings", None)
        padding_idx = getattr(embeddings, "padding_idx", None)
        if isinstance(padding_idx, int) and hasattr(embeddings, "position_embeddings"):
            limit -= padding_idx + 1  # RoBERTa-style position ids start after the padding index
        if wanted > limit:
            logger.warning("max_length %d is more than %s accepts; using %d-token windows", wanted, self.model_dir_, limit)
            return limit
        return wanted

    # -- ONNX Runtime --------------------------------------------------------------------------
    def _onnx_cache(self) -> Path:
        if self.onnx_dir is not None:
            return Path(self.onnx_dir).expanduser()
        base = os.environ.get("ESCUCHA_ONNX_CACHE") or os.path.join(
            os.environ.get("XDG_CACHE_HOME", "~/.cache"), "escucha", "onnx")
        # The model fingerprint (config + file names and sizes) plus the weight files' mtimes: a
        # fine-tuned copy dropped into the same folder has the same sizes, and must not reuse
        # the export of the old weights.
        h = hashlib.sha256(self._fingerprint.encode())
        for f in sorted(self.model_dir_.iterdir()):
            if f.is_file() and f.name.endswith(WEIGHT_SUFFIXES):
                h.update(f"{f.name}:{f.stat().st_mtime_ns}".encode())
        return Path(os.path.expandvars(base)).expanduser() / f"{self.task}-{h.hexdigest()[:16]}"

    def _prepare_onnx(self) -> Path:
        """The ONNX file for these weights (exported, and quantized, once; reused afterwards)."""
        folder = self._onnx_cache()
        fp32 = folder / "model.onnx"
        if not fp32.is_file():
            export_onnx(self.model_, fp32)
        if not self.quantize:
            return fp32
        int8 = folder / "model.int8.onnx"
        if not int8.is_file():
            quantize_onnx(fp32, int8)
        return int8

    def _onnx_session(self):
        import onnxruntime as ort

        threads = int(self.num_threads or available_cpus())
        if self._session is None or self._session_threads != threads:
            opts = ort.SessionOptions()
            opts.intra_op_num_threads = threads
            opts.inter_op_num_threads = 1
            opts.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
            self._session = ort.InferenceSession(str(self.onnx_path_), opts, providers=["CPUExecutionProvider"])
            self._session_threads = threads
        return self._session

    # -- inference ---------------------------------------------------------------------------
    def preprocess_texts(self, texts: Sequence[str]) -> list[str]:
        """Texts as the model sees them (pysentimiento's `preprocess_tweet` when `preprocess`)."""
        texts = ["" if t is None else str(t) for t in texts]
        if not self.preprocess:
            return texts
        from pysentimiento.preprocessing import preprocess_tweet

        return [preprocess_tweet(t, **self._preprocess_args) for t in texts]

    def predict_proba(self, texts: Sequence[str], embeddings: np.ndarray | None = None) -> np.ndarray:
        """(len(texts), len(labels_)) probabilities; `embeddings` are not used (this model reads text)."""
        if len(texts) == 0:
            return np.zeros((0, len(self.labels_)))
        windows = self.windower_.split(self.preprocess_texts(texts))
        return aggregate(self.window_proba(windows.input_ids), windows)

    def window_proba(self, input_ids: Sequence[Sequence[int]]) -> np.ndarray:
        """Task probabilities of token-id sequences (each at most `max_length_`), in the given order.

        Sorted by length so each batch pads only to its own longest sequence.
        """
        out = np.zeros((len(input_ids), len(self.labels_)))
        order = np.argsort([len(ids) for ids in input_ids], kind="stable")
        batches = []
        for start in range(0, len(order), self.batch_size):
            idx = order[start : start + self.batch_size]
            longest = max(len(input_ids[i]) for i in idx)
            ids = np.full((len(idx), longest), self._pad_id, dtype=np.int64)
            mask = np.zeros((len(idx), longest), dtype=np.int64)
            for row, i in enumerate(idx):
                seq = input_ids[i]
                ids[row, : len(seq)] = seq
                mask[row, : len(seq)] = 1
            batches.append((idx, ids, mask))
        if self.runtime == "onnx":
            session = self._onnx_session()
            for idx, ids, mask in batches:
                logits = session.run(["logits"], {"input_ids": ids, "attention_mask": mask})[0]
                out[idx] = self._task_proba(np.asarray(logits, dtype=np.float64))
            return out

        import torch

        torch.set_num_threads(self.num_threads or available_cpus())
        with torch.inference_mode():
            for idx, ids, mask in batches:
                logits = self.model_(input_ids=torch.from_numpy(ids).to(self.device),
                                     attention_mask=torch.from_numpy(mask).to(self.device)).logits
                out[idx] = self._task_proba(logits.float().cpu().numpy().astype(np.float64))
        return out

    def _task_proba(self, logits: np.ndarray) -> np.ndarray:
        """Model logits -> task probabilities (see the module docstring for the rules)."""
        if not self.multi_label_:
            z = logits - logits.max(axis=1, keepdims=True)
            p = np.exp(z)
            p /= p.sum(axis=1, keepdims=True)
            return p @ self._proj
        sig = 1.0 / (1.0 + np.exp(-logits))
        # Largest sigmoid among the model outputs mapped to each task label (0 where none is).
        per_label = np.max(sig[:, :, None] * self._proj[None, :, :], axis=1)
        if self._binary_yes:
            yes = per_label[:, 1]
            return np.stack([1.0 - yes, yes], axis=1)
        total = per_label.sum(axis=1, keepdims=True)
        uniform = np.full_like(per_label, 1.0 / per_label.shape[1])
        return np.where(total > 0, per_label / np.maximum(total, 1e-12), uniform)


# -- ONNX export and quantization -------------------------------------------------------------

def export_onnx(model, path: str | Path, opset: int = 17) -> Path:
    """Export a sequence classifier to ONNX (inputs input_ids, attention_mask; output logits),
    with dynamic batch and sequence axes. Written to a temporary name, then renamed, so a crash
    never leaves a half-written model that a later run would trust."""
    import torch

    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)

    class _Logits(torch.nn.Module):
        def __init__(self, inner):
            super().__init__()
            self.inner = inner

        def forward(self, input_ids, attention_mask):
            return self.inner(input_ids=input_ids, attention_mask=attention_mask).logits

    previous = getattr(model.config, "_attn_implementation", None)
    try:  # eager attention traces into plain ONNX ops (sdpa's masking does not trace cleanly)
        model.set_attn_implementation("eager")
    except Exception:
        previous = None
    ids = torch.tensor([[0, 5, 6, 7, 2], [0, 8, 2, 1, 1]], dtype=torch.long)
    mask = (ids != 1).long()
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        with torch.inference_mode(), warnings.catch_warnings():
            # The tracer warns about shape checks it freezes; they are about padding we never add.
            warnings.simplefilter("ignore", torch.jit.TracerWarning)
            torch.onnx.export(
                _Logits(model).eval(), (ids, mask), str(tmp),
                input_names=["input_ids", "attention_mask"], output_names=["logits"],
                dynamic_axes={"input_ids": {0: "batch", 1: "sequence"},
                              "attention_mask": {0: "batch", 1: "sequence"}, "logits": {0: "batch"}},
                opset_version=opset, dynamo=False,
            )
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)
        if previous is not None:
            model.set_attn_implementation(previous)
    return path


def quantize_onnx(src: str | Path, dst: str | Path) -> Path:
    """int8 dynamic quantization of the weights (activations quantized on the fly), ONNX Runtime."""
    from onnxruntime.quantization import QuantType, quantize_dynamic

    dst = Path(dst)
    tmp = dst.with_name(f".{dst.name}.{os.getpid()}.tmp")
    try:
        quantize_dynamic(str(src), str(tmp), weight_type=QuantType.QInt8)
        os.replace(tmp, dst)
    finally:
        tmp.unlink(missing_ok=True)
    return dst
