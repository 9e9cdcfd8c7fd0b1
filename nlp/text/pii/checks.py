"""Check digits of the identifiers we redact, mostly through python-stdnum.

A number that passes its checksum is redacted without a label ("4111 1111 1111 1111" is a card
because Luhn says so); one that fails needs a label ("cédula", "cuenta") or falls to the generic
[NUMERO] rule. python-stdnum covers every scheme here except the Mexican CLABE.
"""

from __future__ import annotations

import re
from functools import lru_cache

from stdnum import iban as _iban
from stdnum import luhn as _luhn
from stdnum.ar import cbu as _ar_cbu
from stdnum.ar import cuit as _ar_cuit
from stdnum.cl import rut as _cl_rut
from stdnum.co import nit as _co_nit
from stdnum.es import dni as _es_dni
from stdnum.es import nie as _es_nie
from stdnum.exceptions import ValidationError
from stdnum.mx import curp as _mx_curp
from stdnum.mx import rfc as _mx_rfc
from stdnum.pe import ruc as _pe_ruc

__all__ = [
    "luhn_ok", "iban_ok", "clabe_ok", "dni_ok", "nie_ok", "nit_ok", "curp_ok", "rfc_ok", "cuit_ok", "rut_ok",
    "ruc_ok", "cbu_ok", "valid_yymmdd", "IBAN_LENGTHS", "CURP_PATTERN",
]


@lru_cache(maxsize=65536)
def _validated(module, value: str, options: tuple[tuple[str, bool], ...]) -> bool:
    try:
        module.validate(value, **dict(options))
        return True
    except ValidationError:
        return False


def _ok(module, value: str, **options: bool) -> bool:
    """python-stdnum's verdict, cached: the same number recurs across a night's texts."""
    return _validated(module, value, tuple(sorted(options.items())))


def luhn_ok(digits: str) -> bool:
    """Payment card check (ISO/IEC 7812), 12-19 digits."""
    return digits.isdigit() and 12 <= len(digits) <= 19 and _ok(_luhn, digits)


# IBAN lengths of the countries our customers bank in; other countries are checked by stdnum.
IBAN_LENGTHS: dict[str, int] = {
    "ES": 24, "PT": 25, "FR": 27, "IT": 27, "DE": 22, "GB": 22, "NL": 18, "BE": 16, "AD": 24,
    "IE": 22, "CH": 21, "AT": 20, "LU": 20, "BR": 29, "DO": 28, "CR": 22, "GT": 28, "SV": 28,
}


def iban_ok(value: str) -> bool:
    """ISO 13616: mod 97 and the country's length and BBAN format (not the national check digits
    inside the BBAN: a customer's typo there is still their account)."""
    return _ok(_iban, re.sub(r"[\s\-]", "", value).upper(), check_country=False)


def clabe_ok(digits: str) -> bool:
    """Mexican CLABE: 18 digits, weights 3,7,1 on the first 17, check = (10 - sum mod 10) mod 10."""
    if len(digits) != 18 or not digits.isdigit():
        return False
    weights = (3, 7, 1)
    total = sum((int(d) * weights[i % 3]) % 10 for i, d in enumerate(digits[:17]))
    return (10 - total % 10) % 10 == int(digits[17])


def dni_ok(value: str) -> bool:
    """Spanish DNI: 8 digits and the control letter."""
    return _ok(_es_dni, re.sub(r"[\s.]", "", value))


def nie_ok(value: str) -> bool:
    """Spanish NIE: X/Y/Z + 7 digits + the control letter."""
    return _ok(_es_nie, re.sub(r"[\s.]", "", value))


def nit_ok(number: str, check: str) -> bool:
    """Colombian NIT (DIAN check digit)."""
    return _ok(_co_nit, re.sub(r"\D", "", number) + check)


def curp_ok(value: str) -> bool:
    """Mexican CURP: the pattern, a real birth date, sex and state (the check digit is not
    required: people mistype it, and a CURP-shaped key is personal data either way)."""
    return _ok(_mx_curp, value.upper(), validate_check_digits=False)


def rfc_ok(value: str) -> bool:
    """Mexican RFC: letters, a real date and the homoclave (check digit not required)."""
    return _ok(_mx_rfc, re.sub(r"[\s\-]", "", value).upper(), validate_check_digits=False)


def cuit_ok(value: str) -> bool:
    """Argentine CUIT/CUIL: 11 digits with the mod-11 check digit."""
    return _ok(_ar_cuit, value)


def rut_ok(value: str) -> bool:
    """Chilean RUT/RUN: number + check digit (0-9 or K)."""
    return _ok(_cl_rut, value)


def ruc_ok(value: str) -> bool:
    """Peruvian RUC: 11 digits starting 10/15/17/20 with the check digit."""
    return _ok(_pe_ruc, value)


def cbu_ok(value: str) -> bool:
    """Argentine CBU: 22 digits, two check digits."""
    return _ok(_ar_cbu, value)


def valid_yymmdd(s: str) -> bool:
    """Six digits that are a real date in 19xx or 20xx."""
    from datetime import date

    if len(s) != 6 or not s.isdigit():
        return False
    for century in (1900, 2000):
        try:
            date(century + int(s[:2]), int(s[2:4]), int(s[4:6]))
            return True
        except ValueError:
            continue
    return False


_CURP_STATES = (
    "AS|BC|BS|CC|CL|CM|CS|CH|DF|DG|GT|GR|HG|JC|MC|MN|MS|NT|NL|OC|PL|QT|QR|SP|SL|SR|TC|TS|TL|VZ|YN|ZS|NE"
)
CURP_PATTERN = r"[A-Z]{4}\d{6}[HMX](?:" + _CURP_STATES + r")[A-Z]{3}[A-Z\d]\d"
