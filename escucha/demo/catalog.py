"""The fictional company behind the demo data: Conecta, a telco + bank in Colombia, Mexico and
Spain. Its reference data (products, cities, people's names, agents) is read from
data/company.yaml; the clocks (UTC offsets, business hours) are computed here.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from escucha.textgen import read_yaml

_COMPANY = read_yaml("escucha.demo.data", "company.yaml")

BRAND: str = _COMPANY["brand"]["name"]
BRAND_HANDLE: str = _COMPANY["brand"]["handle"]
COUNTRIES: tuple[str, ...] = tuple(_COMPANY["countries"])
COUNTRY_WEIGHTS: tuple[float, ...] = tuple(c["weight"] for c in _COMPANY["countries"].values())
COUNTRY_NAMES: dict[str, str] = {k: c["name"] for k, c in _COMPANY["countries"].items()}
COUNTRY_HANDLES: dict[str, str] = {k: c["handle"] for k, c in _COMPANY["countries"].items()}
SEGMENTS: tuple[str, ...] = tuple(_COMPANY["segments"])
SEGMENT_WEIGHTS: tuple[float, ...] = tuple(_COMPANY["segments"].values())
# family -> country -> product names
PRODUCTS: dict[str, dict[str, tuple[str, ...]]] = _COMPANY["products"]
# country -> ((city, weight), ...)
CITIES: dict[str, tuple[tuple[str, float], ...]] = {k: tuple(v.items()) for k, v in _COMPANY["cities"].items()}
DISTRICTS: dict[str, tuple[str, ...]] = _COMPANY["districts"]
DISTRICTS_ELSEWHERE: tuple[str, ...] = _COMPANY["districts_elsewhere"]
FIRST_NAMES: dict[str, tuple[str, ...]] = _COMPANY["first_names"]
SURNAMES: dict[str, tuple[str, ...]] = _COMPANY["surnames"]
AGENTS: dict[str, tuple[str, ...]] = _COMPANY["agents"]
E_MAIL_DOMAINS: dict[str, tuple[str, ...]] = _COMPANY["email_domains"]
MONTHS_ES: tuple[str, ...] = _COMPANY["months"]
VAGUE_LOCATIONS: tuple[str, ...] = _COMPANY["vague_locations"]
FAMILY_WORDS: dict[str, tuple[str, ...]] = _COMPANY["family_words"]
NOT_PRODUCT: tuple[str, ...] = _COMPANY["not_product"]


# ---------------------------------------------------------------------------------------------
# Clocks. Implemented by hand (not zoneinfo) so the output never depends on the host's tz data.

def _last_sunday(year: int, month: int) -> date:
    d = date(year, month, 31)
    return d - timedelta(days=(d.weekday() + 1) % 7)


def utc_offset_hours(country: str, local: datetime) -> int:
    """UTC offset of a local wall-clock time: Colombia -5, central Mexico -6 (no DST since 2022),
    peninsular Spain +1 / +2 in summer (last Sunday of March to last Sunday of October)."""
    if country == "CO":
        return -5
    if country == "MX":
        return -6
    start = datetime.combine(_last_sunday(local.year, 3), datetime.min.time()).replace(hour=2)
    end = datetime.combine(_last_sunday(local.year, 10), datetime.min.time()).replace(hour=3)
    return 2 if start <= local.replace(tzinfo=None) < end else 1


def iso_with_offset(country: str, local: datetime) -> str:
    off = utc_offset_hours(country, local)
    sign = "+" if off >= 0 else "-"
    return f"{local:%Y-%m-%dT%H:%M:%S}{sign}{abs(off):02d}:00"


def to_utc(country: str, local: datetime) -> datetime:
    """Naive UTC datetime for a naive local one."""
    return local - timedelta(hours=utc_offset_hours(country, local))


def add_business_hours(start: datetime, hours: float) -> datetime:
    """Advance through business time (Mon–Fri, 8:00–18:00): how back offices count ANS terms."""
    t = start
    remaining = hours * 60.0
    while remaining > 0:
        if t.weekday() >= 5:
            t = datetime.combine(t.date() + timedelta(days=7 - t.weekday()), datetime.min.time()).replace(hour=8)
            continue
        if t.hour < 8:
            t = t.replace(hour=8, minute=0)
        day_end = t.replace(hour=18, minute=0)
        if t >= day_end:
            t = datetime.combine(t.date() + timedelta(days=1), datetime.min.time()).replace(hour=8)
            continue
        available = (day_end - t).total_seconds() / 60.0
        step = min(available, remaining)
        t = t + timedelta(minutes=step)
        remaining -= step
    return t.replace(second=0, microsecond=0)
