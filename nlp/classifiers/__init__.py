"""Text classifiers (sentiment, emotion, irony, toxicity, PQRS type) behind one contract.

`EmbeddedClassifier` (USE vectors + small linear heads shipped as .npz) is the offline default;
the transformers backend lives in `transformers.py` and is imported only when asked for.
"""

from escucha.nlp.classifiers._base import TASK_LABELS, TASKS, TextClassifier, check_task

__all__ = ["TASK_LABELS", "TASKS", "TextClassifier", "check_task", "EmbeddedClassifier"]


def __getattr__(name: str):
    # Lazy so that importing the contract (e.g. from transformers.py) never loads numpy heads/USE.
    if name == "EmbeddedClassifier":
        from escucha.nlp.classifiers.embedded import EmbeddedClassifier

        return EmbeddedClassifier
    raise AttributeError(name)
