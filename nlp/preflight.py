"""Check, before a run starts, that every configured transformers model is on this machine.

A nightly run that fails after ingesting because a model folder is missing wastes the night;
resolving the folders is cheap (no torch import), so `escucha run`, `serve` and `config check`
do it first and name the task and what to do.
"""

from __future__ import annotations

from escucha.nlp.classifiers import TASK_LABELS


def missing_models(nlp_cfg) -> dict[str, str]:
    """{task: reason} for each task whose transformers model cannot be found locally, or whose
    backend is not installed (the transformers stack is the `escucha[transformers]` extra)."""
    from importlib.util import find_spec

    from escucha.nlp.classifiers.transformers import ModelNotAvailable, resolve_model_dir

    problems: dict[str, str] = {}
    for task in TASK_LABELS:
        mc = getattr(nlp_cfg, task)
        if mc.backend != "transformers":
            continue
        try:
            resolve_model_dir(task, mc.model_dir)
        except ModelNotAvailable as exc:
            problems[task] = str(exc)
            continue
        absent = [m for m in ("torch", "transformers") if find_spec(m) is None]
        if absent:
            problems[task] = (f"backend 'transformers' needs {' and '.join(absent)}, which the default install "
                              "leaves out: pip install 'escucha[transformers]' (or choose backend: embedded)")
    return problems
