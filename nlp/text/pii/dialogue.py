"""What an agent's question asks for, so the customer's answer can be typed without a cue.

In a call the customer answers "Sí, claro, es 1094692548." after the agent asked "¿me confirma
el número de cédula?": the answer carries no label, the question does. `asked_types` reads the
question; `expectations` turns a dialogue into the `Expectation`s the redactor takes.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from escucha.nlp.text.pii._base import Expectation

__all__ = ["asked_types", "expectations", "Reply"]

_ASK = re.compile(
    r"\?|¿|(?<![\w])(?:me\s+(?:regala|regalas|confirma|confirmas|indica|indicas|da|das|dicta|dictas|proporciona|facilita"
    r"|dice|dices|comparte|brinda|podr[íi]a\s+(?:dar|confirmar|indicar|regalar|proporcionar|dictar|decir))"
    r"|d[íi]game|ind[íi]queme|conf[íi]rmeme|reg[áa]leme|proporci[óo]neme|facil[íi]teme|d[íi]cteme|necesito\s+(?:su|el|la)"
    r"|(?:por\s+favor\s+)?(?:su|el|la)\s+(?:n[uú]mero|nombre)\s+(?:completo\s+)?por\s+favor)",
    re.IGNORECASE,
)
_WHAT: tuple[tuple[str, re.Pattern[str]], ...] = tuple((t, re.compile(rx, re.IGNORECASE)) for t, rx in (
    ("DOCUMENTO", r"(?<![\w])(?:c[ée]dula|documento|identificaci[óo]n|identidad|dni|nie|nif|curp|rfc|rut|run|ruc|cuit"
                  r"|cuil|ine|pasaporte|nit|nuip|carn[ée]|c\.\s?c\.?|cc)(?![\w])"),
    ("TELEFONO", r"(?<![\w])(?:tel[ée]fono|celular|m[óo]vil|whats?app|l[íi]nea|n[uú]mero\s+de\s+contacto|fijo"
                 r"|(?:le|lo|la)\s+(?:podemos|puedo)\s+(?:llamar|contactar))(?![\w])"),
    ("EMAIL", r"(?<![\w])(?:correo|e-?mail|mail)(?![\w])"),
    ("DIRECCION", r"(?<![\w])(?:direcci[óo]n|domicilio|d[óo]nde\s+(?:vive|reside|queda|le\s+enviamos)|barrio)(?![\w])"),
    ("TARJETA", r"(?<![\w])(?:tarjeta|d[íi]gitos\s+de\s+la\s+tarjeta|n[uú]mero\s+de\s+la\s+tarjeta)(?![\w])"),
    ("CUENTA", r"(?<![\w])(?:(?:n[uú]mero\s+de\s+)?cuenta\s+(?:bancaria|de\s+ahorros|corriente|clabe)|clabe|iban|cbu"
               r"|n[uú]mero\s+de\s+(?:la\s+)?cuenta)(?![\w])"),
    ("NOMBRE", r"(?<![\w])(?:nombre|con\s+qui[ée]n\s+(?:tengo|hablo|me\s+comunico)|qui[ée]n\s+(?:habla|llama|me\s+habla)"
               r"|a\s+nombre\s+de\s+qui[ée]n|nombre\s+del\s+titular)(?![\w])"),
))
_SENTENCE = re.compile(r"[^.!?¿]*(?:¿[^?]*\?|[.!?]|$)")


def asked_types(prompt: str) -> frozenset[str]:
    """PII types a turn asks for: only sentences that ask ("¿...?", "me confirma", "dígame")
    count, so "reviso su cuenta" or "le habla Carolina" ask for nothing."""
    out: set[str] = set()
    for m in _SENTENCE.finditer(prompt or ""):
        sentence = m.group(0)
        if not sentence.strip() or not _ASK.search(sentence):
            continue
        out.update(t for t, rx in _WHAT if rx.search(sentence))
    # "¿me confirma su número de cuenta?" asks for the account, not a document or a phone
    if "CUENTA" in out:
        out.discard("TELEFONO")
    return frozenset(out)


Reply = tuple[int, int, str]  # (start, end, the prompt it answers) in the text


def expectations(replies: Iterable[Reply] | Sequence[Reply]) -> list[Expectation]:
    """One `Expectation` per reply whose prompt asks for something."""
    out = []
    for start, end, prompt in replies:
        types = asked_types(prompt)
        if types and end > start:
            out.append(Expectation(start, end, types))
    return out
