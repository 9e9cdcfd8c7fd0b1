"""Text preparation for Spanish customer voice: normalisation, language, PII redaction.

Order in the pipeline: `fix_encoding` -> `Redactor.redact` (needs capital letters for names) ->
`normalize` (keeps the placeholders) -> `detect_language`.
"""

from escucha.nlp.text.encoding import fix_encoding
from escucha.nlp.text.language import detect_language
from escucha.nlp.text.normalize import normalize
from escucha.nlp.text.pii import PiiMatch, RedactionPolicy, RedactionResult, Redactor

__all__ = ["fix_encoding", "normalize", "detect_language", "Redactor", "RedactionPolicy", "RedactionResult", "PiiMatch"]
