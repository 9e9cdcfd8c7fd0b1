"""Write nlp/text/pii/names.csv (Spanish given names and surnames) and places.csv (places named
like people: "Roberto Payán", "Carmen de Carupa", never taken for a person) for the name detector.

Sources (each row keeps its origin):
- `escucha`: the project's own list of frequent names (CO, MX, ES, PE, CL), written for it;
- `faker:<locale>`: the person providers of Faker (MIT licence, (c) Daniele Faraglia and
  contributors) for es_CO, es_MX, es_ES, es_AR and es_CL.

Entries are folded (lower case, no accents), one word per row; multi-word given names
("Juan Sebastian") give one row per word. `common` is 1 for a name that is also an ordinary
Spanish word ("luna", "calle", "rosa"): in Faker's Spanish word lists (lorem es_*), or written in
lower case (mid-sentence) at least 3 times and more often than capitalised in the redistributable training texts (`../shared/train-data/*/data.csv`
or $ESCUCHA_TRAIN_DATA, CC BY; only the counts are used). The detector never takes a common word
as a name on its own. Needs Faker (the `test` extra):

    .venv/bin/python scripts/build_name_lexicon.py
"""

from __future__ import annotations

import csv
import unicodedata
from pathlib import Path

OUT = Path(__file__).resolve().parent.parent / "nlp" / "text" / "pii" / "names.csv"
PLACES_OUT = OUT.with_name("places.csv")
# (locale, attribute of Faker's address provider) holding place names
PLACE_SOURCES = (("es_CO", "municipalities"), ("es_CO", "departments"), ("es_CL", "communes"), ("es_CL", "provinces"),
                 ("es_AR", "municipalities"), ("es_AR", "provinces"), ("es_MX", "states"), ("es_ES", "states"),
                 ("es_ES", "regions"))
LOCALES = ("es_CO", "es_MX", "es_ES", "es_AR", "es_CL")
PARTICLES = {"de", "del", "la", "las", "los", "y", "san", "santa"}


def fold(word: str) -> str:
    d = unicodedata.normalize("NFKD", word.lower())
    return "".join(c for c in d if not unicodedata.combining(c))


def words(values) -> set[str]:
    out = set()
    for v in values:
        for w in str(v).replace("-", " ").split():
            w = fold(w.strip(".,"))
            if len(w) >= 2 and w.isalpha() and w not in PARTICLES:
                out.add(w)
    return out


def common_words(exempt: set[str]) -> set[str]:
    import importlib
    import os
    import re
    from collections import Counter

    out: set[str] = set()
    for loc in ("es_ES", "es_MX", "es_AR"):
        out |= {fold(w) for w in importlib.import_module(f"faker.providers.lorem.{loc}").Provider.word_list}
    root = Path(os.environ.get("ESCUCHA_TRAIN_DATA", Path(__file__).resolve().parent.parent.parent / "shared" / "train-data"))
    lower: Counter[str] = Counter()
    upper: Counter[str] = Counter()
    for f in sorted(root.glob("*/data.csv")):
        with f.open(encoding="utf-8") as fh:
            for row in csv.DictReader(fh):
                for m in re.finditer(r"(?<=[\w,;] )[^\W\d_]+", row.get("text") or ""):
                    (upper if m.group(0)[0].isupper() else lower)[fold(m.group(0))] += 1
    return (out | {w for w, c in lower.items() if c >= 3 and c >= upper[w]}) - exempt


def main() -> None:
    from faker import Faker

    rows: dict[tuple[str, str], set[str]] = {}

    def add(kind: str, names: set[str], origin: str) -> None:
        for n in names:
            rows.setdefault((n, kind), set()).add(origin)

    own = OUT.with_name("names_escucha.csv")
    with own.open(encoding="utf-8") as fh:
        for r in csv.DictReader(fh):
            add(r["kind"], {r["name"]}, "escucha")
    for loc in LOCALES:
        fake = Faker(loc)
        prov = next(p for p in fake.get_providers() if type(p).__module__.startswith("faker.providers.person"))
        given = set()
        for attr in ("first_names", "first_names_male", "first_names_female"):
            value = getattr(prov, attr, ())
            given |= set(value.keys() if isinstance(value, dict) else value)
        last = getattr(prov, "last_names", ())
        add("given", words(given), f"faker:{loc}")
        add("surname", words(last.keys() if isinstance(last, dict) else last), f"faker:{loc}")
    # The project's own names are frequent names that word lists and tweets also hold in lower
    # case ("juan", "garcia"): neither judges them (name_words.yaml lists their ambiguous ones by hand).
    own_names = {name for (name, _), origins in rows.items() if "escucha" in origins}
    common = common_words(own_names)
    with OUT.open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(["name", "kind", "common", "origin"])
        for (name, kind), origins in sorted(rows.items()):
            w.writerow([name, kind, int(name in common), " ".join(sorted(origins))])
    print(f"{OUT}: {len(rows)} rows")
    write_places()


def write_places() -> None:
    import importlib

    places: dict[str, set[str]] = {}
    for loc, attr in PLACE_SOURCES:
        value = getattr(importlib.import_module(f"faker.providers.address.{loc}").Provider, attr)
        items = value.values() if isinstance(value, dict) else value
        for item in items:
            name = item if isinstance(item, str) else item[1]
            places.setdefault(" ".join(fold(name).replace(",", " ").split()), set()).add(f"faker:{loc}")
    with PLACES_OUT.open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(["place", "origin"])
        for name, origins in sorted(places.items()):
            w.writerow([name, " ".join(sorted(origins))])
    print(f"{PLACES_OUT}: {len(places)} rows")


if __name__ == "__main__":
    main()
