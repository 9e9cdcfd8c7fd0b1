"""Fake people and the personal data they carry: customers (help desk, calls), social accounts,
and the identifiers, phones, e-mails and card numbers that real PQRS texts contain.

All values are invented from the rng; card numbers pass the Luhn check and Spanish DNIs have
the right control letter, so a redaction step cannot tell them from real ones by format.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field

from escucha.demo import catalog
from escucha.textgen import fold

_DNI_LETTERS = "TRWAGMYFPDXBNJZSQVHLCKE"


def _weighted(rng: random.Random, pairs: tuple[tuple[str, float], ...]) -> str:
    return rng.choices([p[0] for p in pairs], weights=[p[1] for p in pairs], k=1)[0]


def national_id(rng: random.Random, country: str) -> tuple[str, str]:
    """(written form, digits as said on a call)."""
    if country == "CO":
        if rng.random() < 0.7:
            n = rng.randrange(1_000_000_000, 1_099_999_999)
        else:
            n = rng.randrange(10_000_000, 99_999_999)
        dotted = f"{n:,}".replace(",", ".")
        form = rng.choice((f"CC {dotted}", f"C.C. {dotted}", f"cédula {dotted}", f"CC {n}"))
        return form, str(n)
    if country == "MX":
        letters = "".join(rng.choice("ABCDEFGHIJKLMNOPRSTUVZ") for _ in range(4))
        yy, mm, dd = rng.randrange(60, 100), rng.randrange(1, 13), rng.randrange(1, 29)
        sex = rng.choice("HM")
        state = rng.choice(("DF", "JC", "NL", "PL", "QT", "GT", "YN", "MC"))
        cons = "".join(rng.choice("BCDFGHJKLMNPRSTVZ") for _ in range(3))
        curp = f"{letters}{yy:02d}{mm:02d}{dd:02d}{sex}{state}{cons}0{rng.randrange(10)}"
        return f"CURP {curp}", curp
    n = rng.randrange(10_000_000, 79_999_999)
    dni = f"{n}{_DNI_LETTERS[n % 23]}"
    return f"DNI {dni}", dni


def phone(rng: random.Random, country: str) -> str:
    if country == "CO":
        a = rng.choice((300, 301, 304, 310, 311, 312, 313, 314, 315, 316, 317, 318, 320, 321, 350))
        b, c = rng.randrange(100, 1000), rng.randrange(1000, 10000)
        return rng.choice((f"{a} {b} {c}", f"+57 {a} {b}{c}", f"{a}{b}{c}", f"{a}-{b}-{c}"))
    if country == "MX":
        area = rng.choice(("55", "33", "81", "222", "442"))
        rest = str(rng.randrange(10 ** (9 - len(area)), 10 ** (10 - len(area)))).zfill(10 - len(area))
        body = f"{rest[:-4]} {rest[-4:]}"
        return rng.choice((f"{area} {body}", f"+52 {area} {body}", f"{area}{rest}"))
    n = f"{rng.choice((6, 7))}{rng.randrange(10_000_000, 100_000_000)}"
    return rng.choice((f"{n[:3]} {n[3:5]} {n[5:7]} {n[7:]}", f"+34 {n[:3]} {n[3:6]} {n[6:]}", n))


def card_number(rng: random.Random) -> str:
    digits = [4] + [rng.randrange(10) for _ in range(14)]
    total = 0
    for i, d in enumerate(reversed(digits)):  # Luhn, computing the check digit
        if i % 2 == 0:
            d *= 2
            if d > 9:
                d -= 9
        total += d
    digits.append((10 - total % 10) % 10)
    s = "".join(map(str, digits))
    return " ".join(s[i:i + 4] for i in range(0, 16, 4))


def email_for(rng: random.Random, name: str, country: str) -> str:
    parts = fold(name).replace("ñ", "n").split()
    first, last = parts[0], parts[-2] if len(parts) > 2 else parts[-1]
    user = rng.choice((f"{first}.{last}", f"{first}{last}{rng.randrange(1, 99)}", f"{first[0]}{last}",
                       f"{first}_{last}{rng.randrange(70, 100)}"))
    return f"{user}@{rng.choice(catalog.E_MAIL_DOMAINS[country])}"


def full_name(rng: random.Random, country: str) -> str:
    s1, s2 = rng.sample(catalog.SURNAMES[country], 2)
    return f"{rng.choice(catalog.FIRST_NAMES[country])} {s1} {s2}"


def money(rng: random.Random, country: str, scale: float = 1.0) -> tuple[float, str]:
    """(amount, as the customer writes it) in the country's currency and number style."""
    if country == "CO":
        v = round(rng.uniform(39_900, 249_900) * scale, -2)
        return v, f"${int(v):,}".replace(",", ".")
    if country == "MX":
        v = round(rng.uniform(299, 1_499) * scale)
        return v, rng.choice((f"${int(v):,}", f"${int(v):,} pesos"))
    v = round(rng.uniform(19, 89) * scale) + 0.9
    euros = f"{v:,.2f}".replace(",", " ").replace(".", ",").replace(" ", ".")
    return v, rng.choice((f"{euros} €", f"{euros} euros"))


def money_like(country: str, value: float) -> str:
    if country == "CO":
        return f"${int(round(value, -2)):,}".replace(",", ".")
    if country == "MX":
        return f"${int(round(value)):,}"
    v = round(value) + 0.9
    return f"{v:,.2f}".replace(",", " ").replace(".", ",").replace(" ", ".") + " €"


@dataclass
class Customer:
    id: str
    name: str
    country: str
    city: str
    segment: str
    doc_written: str
    doc_spoken: str
    phone: str
    email: str
    contacts: int = 0


@dataclass
class CustomerPool:
    """Customers come back: about a quarter of contacts are from someone seen before."""

    rng: random.Random
    by_country: dict[str, list[Customer]] = field(default_factory=lambda: {c: [] for c in catalog.COUNTRIES})
    _ids: dict[str, bool] = field(default_factory=dict)

    def get(self, country: str, city: str | None = None, repeat_p: float = 0.25) -> Customer:
        pool = self.by_country[country]
        if pool and self.rng.random() < repeat_p:
            if city is not None:
                same = [c for c in pool if c.city == city]
                if same:
                    return same[self.rng.randrange(len(same))]
            else:
                return pool[self.rng.randrange(len(pool))]
        return self._new(country, city)

    def _new(self, country: str, city: str | None) -> Customer:
        rng = self.rng
        while True:
            cid = f"CLI-{rng.randrange(10_000_000, 99_999_999)}"
            if cid not in self._ids:
                self._ids[cid] = True
                break
        name = full_name(rng, country)
        city = city or _weighted(rng, catalog.CITIES[country])
        segment = rng.choices(catalog.SEGMENTS, weights=catalog.SEGMENT_WEIGHTS, k=1)[0]
        doc_w, doc_s = national_id(rng, country)
        c = Customer(cid, name, country, city, segment, doc_w, doc_s, phone(rng, country),
                     email_for(rng, name, country))
        self.by_country[country].append(c)
        return c


def pick_city(rng: random.Random, country: str) -> str:
    return _weighted(rng, catalog.CITIES[country])


def district(rng: random.Random, city: str) -> str:
    return rng.choice(catalog.DISTRICTS.get(city) or catalog.DISTRICTS_ELSEWHERE)


@dataclass
class SocialUser:
    id: str
    username: str
    name: str
    followers: int
    location: str | None
    country: str
    city: str


@dataclass
class SocialUserPool:
    rng: random.Random
    users: list[SocialUser] = field(default_factory=list)
    by_country: dict[str, list[SocialUser]] = field(default_factory=lambda: {c: [] for c in catalog.COUNTRIES})
    _usernames: dict[str, bool] = field(default_factory=dict)
    _ids: dict[str, bool] = field(default_factory=dict)

    def _new_id(self) -> str:
        while True:
            digits = self.rng.choice((9, 10, 18, 19))
            uid = str(self.rng.randrange(10 ** (digits - 1), 10 ** digits))
            if uid not in self._ids:
                self._ids[uid] = True
                return uid

    def _username(self, name: str) -> str:
        rng = self.rng
        parts = fold(name).replace("ñ", "n").split()
        first, last = parts[0], parts[-2] if len(parts) > 2 else parts[-1]
        base = rng.choice((f"{first}_{last}", f"{first}{last[:3]}", f"{first[:4]}{last}", f"la{first}",
                           f"{first}{rng.randrange(70, 100)}", f"{last}{first[:1]}", f"soy{first}"))
        base = base[:13]
        name_ = base
        while name_ in self._usernames:
            name_ = f"{base}{rng.randrange(1, 9999)}"
        self._usernames[name_] = True
        return name_

    def _location(self, country: str, city: str) -> str | None:
        r = self.rng.random()
        if r < 0.15:
            return None  # X omits the field when the user left it empty
        if r < 0.55:
            return city
        if r < 0.85:
            return f"{city}, {catalog.COUNTRY_NAMES[country]}"
        if r < 0.97:
            return catalog.COUNTRY_NAMES[country]
        return self.rng.choice(catalog.VAGUE_LOCATIONS)

    def get(self, country: str, city: str | None = None, repeat_p: float = 0.3) -> SocialUser:
        pool = self.by_country[country]
        if pool and self.rng.random() < repeat_p:
            if city is None:
                return pool[self.rng.randrange(len(pool))]
            cands = [u for u in pool if u.city == city]
            if cands:
                return cands[self.rng.randrange(len(cands))]
        city = city or pick_city(self.rng, country)
        name = full_name(self.rng, country)
        first, s1 = name.split()[0], name.split()[-2]
        shown = self.rng.choice((name, f"{first} {s1}", first, f"{first} 🌻", f"{first} {s1[0]}."))
        followers = int(min(60_000, self.rng.lognormvariate(5.2, 1.3)))
        u = SocialUser(self._new_id(), self._username(name), shown, followers, self._location(country, city),
                       country, city)
        self.users.append(u)
        pool.append(u)
        return u

    def big(self, username: str, name: str, followers: int, location: str, country: str, city: str) -> SocialUser:
        for u in self.users:
            if u.username == username:
                return u
        self._usernames[username] = True
        u = SocialUser(self._new_id(), username, name, followers, location, country, city)
        self.users.append(u)
        return u
