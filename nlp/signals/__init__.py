"""Signals: short, explainable cues in a customer's words that matter beyond sentiment.

The first kind is churn intent (`intencion_de_fuga`): a text that announces leaving, cancelling,
porting a number or moving to a competitor. It is not anger: "pésimo servicio" is negative but
announces nothing; "me paso a la competencia" does. Detectors follow the contract in `_base.py`
and are chosen by name from `detectors` (the default, `reglas`, reads its patterns from
`churn_es.yaml`).
"""

from __future__ import annotations

from escucha.nlp.signals._base import SIGNAL_KINDS, SignalDetector, SignalMatch
from escucha.registry import Registry

__all__ = ["SIGNAL_KINDS", "SignalDetector", "SignalMatch", "detectors", "make_detector"]

detectors: Registry = Registry("signal detector")
detectors.register("reglas", "escucha.nlp.signals.rules:RuleSignalDetector")


def make_detector(name: str = "reglas", **params) -> SignalDetector:
    """The detector registered as `name`, built with `params`."""
    return detectors.create(name, **params)
