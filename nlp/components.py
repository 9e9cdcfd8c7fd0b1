"""Registries of the NLP components chosen by name from the configuration (spaCy-like).

`Registry` is the project's generic one (escucha/registry.py): entries are factories or
"package.module:Attribute" import strings resolved only at `create`/`get`, so heavy back-ends
(torch, transformers) are imported only when a configuration uses them.
"""

from __future__ import annotations

from escucha.registry import Registry

__all__ = ["Registry", "classifiers", "encoders"]

classifiers: Registry = Registry("classifier")
encoders: Registry = Registry("encoder")

# params: task, model_path=None (-> the head shipped for `task`), encoder=None (-> USE).
classifiers.register("embedded", "escucha.nlp.classifiers.embedded:EmbeddedClassifier")
# Lazy hook for the transformers/pysentimiento back-end: torch is imported only if it is chosen.
classifiers.register("transformers", "escucha.nlp.classifiers.transformers:TransformersClassifier")
encoders.register("use-multilingual-v3", "escucha.nlp.encoders.use:UniversalSentenceEncoder")
