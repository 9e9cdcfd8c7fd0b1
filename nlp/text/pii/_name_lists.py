"""The name lexicon, read from the package's data files once at import.

- `names.csv`: folded given names and surnames (CO, MX, ES, AR, PE, CL) with their origin (the
  project's own list and Faker's es_* person providers, MIT) and `common` = 1 when the name is
  also an ordinary word; rebuilt by `scripts/build_name_lexicon.py`.
- `places.csv`: folded names of municipalities, provinces and states (Faker's es_* address
  providers) - "Roberto Payán" and "Carmen de Carupa" are towns, not people.
- `name_words.yaml`: hand-written ambiguous names and words that are never names.
"""

from __future__ import annotations

import csv
import io
from importlib import resources

import yaml

__all__ = ["GIVEN_NAMES", "SURNAMES", "AMBIGUOUS_GIVEN", "AMBIGUOUS_SURNAMES", "NOT_NAMES", "CURATED_NAMES", "PLACES"]


def _load() -> tuple[frozenset[str], ...]:
    pkg = resources.files(__package__)
    given: set[str] = set()
    surnames: set[str] = set()
    common: set[str] = set()
    curated: set[str] = set()
    with io.StringIO(pkg.joinpath("names.csv").read_text(encoding="utf-8")) as fh:
        for row in csv.DictReader(fh):
            (given if row["kind"] == "given" else surnames).add(row["name"])
            if row["common"] == "1":
                common.add(row["name"])
            if "escucha" in row["origin"].split():
                curated.add(row["name"])
    words = yaml.safe_load(pkg.joinpath("name_words.yaml").read_text(encoding="utf-8"))
    return (frozenset(given), frozenset(surnames),
            frozenset(words["ambiguous_given"]) | frozenset(common & given),
            frozenset(words["ambiguous_surnames"]) | frozenset(common & surnames),
            frozenset(words["not_names"]), frozenset(curated))


# CURATED_NAMES: the project's own frequent names, the only ones trusted in lower case (speech
# to text writes "con sandra milena"; Faker's long lists also hold "pastor", "aleman").
GIVEN_NAMES, SURNAMES, AMBIGUOUS_GIVEN, AMBIGUOUS_SURNAMES, NOT_NAMES, CURATED_NAMES = _load()


def _places() -> frozenset[str]:
    with io.StringIO(resources.files(__package__).joinpath("places.csv").read_text(encoding="utf-8")) as fh:
        return frozenset(row["place"] for row in csv.DictReader(fh))


PLACES = _places()
