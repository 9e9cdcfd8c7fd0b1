"""PII redaction for Spanish customer text (CO, MX, ES formats). See docs/PII.md."""

from escucha.nlp.text.pii._base import PII_TYPES, PLACEHOLDERS, PiiMatch, RedactionResult
from escucha.nlp.text.pii.policy import DEFAULT_POLICY, RedactionPolicy
from escucha.nlp.text.pii.redactor import Redactor

__all__ = ["PII_TYPES", "PLACEHOLDERS", "PiiMatch", "RedactionResult", "Redactor", "RedactionPolicy", "DEFAULT_POLICY"]
