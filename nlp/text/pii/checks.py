"""Check digits of the identifiers we redact.

A number that passes its checksum is redacted without a label ("4111 1111 1111 1111" is a card
because Luhn says so); one that fails needs a label ("cédula", "cuenta"). This is what keeps
amounts, dates and case numbers out of the redaction.
"""

from __future__ import annotations

import re
from datetime import date

__all__ = [
    "luhn_ok", "iban_ok", "clabe_ok", "dni_ok", "nie_ok", "nit_ok", "curp_ok", "rfc_ok",
    "IBAN_LENGTHS",
]


def luhn_ok(digits: str) -> bool:
    """Payment card check (ISO/IEC 7812): double every second digit from the right."""
    if not digits.isdigit() or not 12 <= len(digits) <= 19:
        return False
    total = 0
    for i, ch in enumerate(reversed(digits)):
        d = ord(ch) - 48
        if i % 2:
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return total % 10 == 0


# Lengths of IBANs by country for the countries our customers bank in (and their neighbours).
IBAN_LENGTHS: dict[str, int] = {
    "ES": 24, "PT": 25, "FR": 27, "IT": 27, "DE": 22, "GB": 22, "NL": 18, "BE": 16, "AD": 24,
    "IE": 22, "CH": 21, "AT": 20, "LU": 20, "BR": 29, "DO": 28, "CR": 22, "GT": 28, "SV": 28,
}


def iban_ok(iban: str) -> bool:
    """ISO 13616 check: move the first four characters to the end, letters to 10..35, mod 97 == 1."""
    iban = iban.replace(" ", "").replace("-", "").upper()
    if not re.fullmatch(r"[A-Z]{2}\d{2}[A-Z0-9]{11,30}", iban):
        return False
    expected = IBAN_LENGTHS.get(iban[:2])
    if expected is not None and len(iban) != expected:
        return False
    rearranged = iban[4:] + iban[:4]
    number = "".join(str(int(ch, 36)) for ch in rearranged)
    return int(number) % 97 == 1


def clabe_ok(digits: str) -> bool:
    """Mexican CLABE: 18 digits, weights 3,7,1 on the first 17, check = (10 - sum mod 10) mod 10."""
    if len(digits) != 18 or not digits.isdigit():
        return False
    weights = (3, 7, 1)
    total = sum((int(d) * weights[i % 3]) % 10 for i, d in enumerate(digits[:17]))
    return (10 - total % 10) % 10 == int(digits[17])


_DNI_LETTERS = "TRWAGMYFPDXBNJZSQVHLCKE"


def dni_ok(value: str) -> bool:
    """Spanish DNI: 8 digits and the letter at position number mod 23."""
    value = re.sub(r"[\s.\-]", "", value).upper()
    if not re.fullmatch(r"\d{8}[A-Z]", value):
        return False
    return _DNI_LETTERS[int(value[:8]) % 23] == value[8]


def nie_ok(value: str) -> bool:
    """Spanish NIE: X/Y/Z (read as 0/1/2) + 7 digits, then the DNI letter rule."""
    value = re.sub(r"[\s.\-]", "", value).upper()
    if not re.fullmatch(r"[XYZ]\d{7}[A-Z]", value):
        return False
    number = "XYZ".index(value[0]) * 10_000_000 + int(value[1:8])
    return _DNI_LETTERS[number % 23] == value[8]


_NIT_WEIGHTS = (3, 7, 13, 17, 19, 23, 29, 37, 41, 43, 47, 53, 59, 67, 71)


def nit_ok(number: str, check: str) -> bool:
    """Colombian NIT (DIAN): weights 3,7,13,... from the right, r = sum mod 11, dv = r if r < 2 else 11 - r."""
    number = re.sub(r"\D", "", number)
    if not number or len(number) > len(_NIT_WEIGHTS) or not check.isdigit():
        return False
    total = sum(int(d) * w for d, w in zip(reversed(number), _NIT_WEIGHTS))
    r = total % 11
    return (r if r < 2 else 11 - r) == int(check)


def _valid_yymmdd(s: str) -> bool:
    try:
        yy, mm, dd = int(s[0:2]), int(s[2:4]), int(s[4:6])
        date(2000 + yy, mm, dd)  # any leap year check is good enough for 19xx/20xx
        return True
    except ValueError:
        # 29 February in a year that is a leap year only in 19xx (e.g. "000229") is still fine.
        return s[2:6] == "0229"


_CURP_STATES = (
    "AS|BC|BS|CC|CL|CM|CS|CH|DF|DG|GT|GR|HG|JC|MC|MN|MS|NT|NL|OC|PL|QT|QR|SP|SL|SR|TC|TS|TL|VZ|YN|ZS|NE"
)
CURP_PATTERN = (
    r"[A-Z][AEIOUX][A-Z]{2}\d{6}[HMX](?:" + _CURP_STATES + r")[B-DF-HJ-NP-TV-Z]{3}[A-Z\d]\d"
)
_CURP_RE = re.compile(CURP_PATTERN)
RFC_PATTERN = r"[A-ZÑ&]{3,4}\d{6}[A-Z\d]{3}"
_RFC_RE = re.compile(RFC_PATTERN)


def curp_ok(value: str) -> bool:
    """Mexican CURP: the fixed pattern and a real birth date (check digit not required: typos)."""
    value = value.upper()
    return bool(_CURP_RE.fullmatch(value)) and _valid_yymmdd(value[4:10])


def rfc_ok(value: str) -> bool:
    """Mexican RFC: 4 letters (persona física, 13 chars) or 3 (moral, 12) + a real date + homoclave."""
    value = re.sub(r"[\s\-]", "", value).upper()
    if not _RFC_RE.fullmatch(value):
        return False
    letters = 4 if len(value) == 13 else 3
    if len(value) not in (12, 13) or not value[:letters].replace("Ñ", "A").replace("&", "A").isalpha():
        return False
    return _valid_yymmdd(value[letters:letters + 6])
