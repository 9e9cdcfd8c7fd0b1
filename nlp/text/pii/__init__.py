"""PII redaction for Spanish customer text (CO, MX, ES, AR, PE, CL formats). See docs/PII.md."""

from escucha.nlp.text.pii._base import PII_TYPES, PLACEHOLDERS, Expectation, PiiMatch, RedactionResult
from escucha.nlp.text.pii.dialogue import asked_types, expectations
from escucha.nlp.text.pii.guard import GUARD_TYPES, PiiGuard, PiiLeak, Refusal
from escucha.nlp.text.pii.policy import DEFAULT_POLICY, RedactionPolicy
from escucha.nlp.text.pii.redactor import REDACTOR_VERSION, Redactor

__all__ = ["PII_TYPES", "PLACEHOLDERS", "PiiMatch", "RedactionResult", "Redactor", "RedactionPolicy", "DEFAULT_POLICY",
           "Expectation", "asked_types", "expectations", "REDACTOR_VERSION", "GUARD_TYPES", "PiiGuard",
           "PiiLeak", "Refusal"]
