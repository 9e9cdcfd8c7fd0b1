"""Repair mojibake: UTF-8 bytes that were decoded as CP1252 or Latin-1 ("Ã±" for "ñ").

Help-desk exports and CSVs opened in Excel often arrive this way. We fix only the common case
(one or two rounds of UTF-8 read as CP1252/Latin-1), run by run, so a text that mixes correct and
broken characters keeps the correct ones. No `ftfy` dependency: the rule is small and tested.
"""

from __future__ import annotations

import re

# CP1252 maps these bytes (0x80-0x9F) to characters outside Latin-1; the five bytes it leaves
# undefined (0x81, 0x8D, 0x8F, 0x90, 0x9D) come through as the C1 control of the same value.
_CP1252_HIGH = {
    0x80: "€", 0x82: "‚", 0x83: "ƒ", 0x84: "„", 0x85: "…", 0x86: "†", 0x87: "‡", 0x88: "ˆ",
    0x89: "‰", 0x8A: "Š", 0x8B: "‹", 0x8C: "Œ", 0x8E: "Ž", 0x91: "‘", 0x92: "’", 0x93: "“",
    0x94: "”", 0x95: "•", 0x96: "–", 0x97: "—", 0x98: "˜", 0x99: "™", 0x9A: "š", 0x9B: "›",
    0x9C: "œ", 0x9E: "ž", 0x9F: "Ÿ",
}
_CHAR_TO_BYTE: dict[str, int] = {chr(b): b for b in range(0x100)}
_CHAR_TO_BYTE.update({ch: b for b, ch in _CP1252_HIGH.items()})

# Characters that stand for a UTF-8 continuation byte (0x80-0xBF) once misread.
_CONT = "".join(ch for ch, b in _CHAR_TO_BYTE.items() if 0x80 <= b <= 0xBF)
_CONT_CLASS = "[" + re.escape(_CONT) + "]"
# A lead byte followed by exactly the number of continuation bytes it announces.
_MOJIBAKE_RUN = re.compile(
    "(?:[\u00c2-\u00df]" + _CONT_CLASS
    + "|[\u00e0-\u00ef]" + _CONT_CLASS + "{2}"
    + "|[\u00f0-\u00f4]" + _CONT_CLASS + "{3})+"
)
# Cheap gate: every mojibake run starts with one of these characters.
_SUSPECT = re.compile("[\u00c2-\u00f4]")


def _repair_run(match: re.Match[str]) -> str:
    run = match.group(0)
    try:
        return bytes(_CHAR_TO_BYTE[ch] for ch in run).decode("utf-8")
    except (KeyError, UnicodeDecodeError):
        return run


def fix_encoding(text: str, max_rounds: int = 2) -> str:
    """Return `text` with UTF-8-read-as-CP1252/Latin-1 runs decoded back ("CampaÃ±a" -> "Campaña").

    Runs are only replaced when their bytes decode as valid UTF-8, so correct Spanish text
    ("está", "año") is returned unchanged. Two rounds cover text that was mis-decoded twice.
    """
    for _ in range(max_rounds):
        if not _SUSPECT.search(text):
            break
        fixed = _MOJIBAKE_RUN.sub(_repair_run, text)
        if fixed == text:
            break
        text = fixed
    return text
