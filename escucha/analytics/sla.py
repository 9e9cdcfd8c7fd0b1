"""PQRS terms (ANS) in business days, with each country's public holidays and rules.

Colombian law (Ley 1755 de 2015, art. 14) gives 15 business days ("días hábiles") to answer a
petition, 10 for requests of documents or information and 30 for consultations; quejas and
reclamos follow the 15-day rule. Other countries have rules of their own: a case's country picks
its terms (`by_country`; the configuration ships documented defaults for Mexico and Spain) and
its holiday calendar; cases of a country without rules of its own follow the general terms.
Companies often promise shorter terms (their ANS): every term is overridable per PQRS type, per
country and per source (a company's own help desk, which wins over everything else).

Counting rule: the term runs from the business day after filing. A case filed on a Saturday or a
holiday counts as filed at the end of the previous business day, so its day 1 is the next
business day. `business_days_between(a, add_business_days(a, n)) == n` always holds.
Dates are taken in the country's local time zone: a case filed at 23:00 in Bogotá on a Friday
is a Friday case, even though it is Saturday in UTC.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import lru_cache
from typing import Any, Mapping

import numpy as np
import pandas as pd

from escucha.analytics._common import (
    fold,
    local_naive,
    period_start,
    prepare,
    safe_div,
    to_utc_ts,
    utc_series,
)

log = logging.getLogger(__name__)

# Ley 1755 de 2015 (Colombia), business days.
DEFAULT_TERMS_CO: dict[str, int] = {
    "petición": 15,
    "petición de documentos": 10,
    "petición de información": 10,
    "consulta": 30,
    "queja": 15,
    "reclamo": 15,
    "sugerencia": 15,
    "felicitación": 15,
    "otro": 15,
}
COUNTRY_TZ: dict[str, str] = {"CO": "America/Bogota", "MX": "America/Mexico_City", "ES": "Europe/Madrid"}

STATE_ON_TIME = "a tiempo"
STATE_AT_RISK = "en riesgo"
STATE_BREACHED = "vencido"
STATE_CLOSED_ON_TIME = "cerrado a tiempo"
STATE_CLOSED_LATE = "cerrado fuera de término"
STATES: tuple[str, ...] = (STATE_ON_TIME, STATE_AT_RISK, STATE_BREACHED, STATE_CLOSED_ON_TIME, STATE_CLOSED_LATE)


@dataclass(frozen=True)
class CountryTerms:
    """One country's terms in business days per PQRS type, and for the types it does not list."""

    days: dict[str, int] = field(default_factory=dict)
    default_days: int = 15


@dataclass
class SlaTerms:
    """Terms in business days per PQRS type, with per-country and per-source (per-company) rules."""

    days: dict[str, int] = field(default_factory=lambda: dict(DEFAULT_TERMS_CO))
    default_days: int = 15
    by_source: dict[str, dict[str, int]] = field(default_factory=dict)
    country: str = "CO"  # calendar (and rules) for cases without a country
    at_risk_share: float = 0.8
    by_country: dict[str, CountryTerms] = field(default_factory=dict)

    def term_for(self, pqrs_type: Any, source: Any = None, country: Any = None) -> int:
        """Term of one case: the source's own term for the type; else its country's rules (the
        type's term, else the country's default); else the general term, else the default."""
        key = fold(pqrs_type) if isinstance(pqrs_type, str) and pqrs_type else None
        if source is not None and isinstance(source, str) and source in self.by_source:
            own = {fold(k): int(v) for k, v in self.by_source[source].items()}
            if key in own:
                return own[key]
        code = str(country).strip().upper() if isinstance(country, str) and country.strip() else self.country
        rules = self.by_country.get(code)
        if rules is not None:
            days = {fold(k): int(v) for k, v in rules.days.items()}
            return days.get(key, int(rules.default_days)) if key else int(rules.default_days)
        general = {fold(k): int(v) for k, v in self.days.items()}
        return general.get(key, int(self.default_days)) if key else int(self.default_days)

    @classmethod
    def from_config(cls, sla: Any) -> "SlaTerms":
        """From the `sla:` section of the config (a dict or the config's SlaConfig model: terms_days,
        holidays_country, at_risk_share, optional by_source and countries); keys left out keep
        Ley 1755 defaults."""
        if hasattr(sla, "model_dump"):
            sla = sla.model_dump()
        sla = dict(sla or {})
        days = dict(DEFAULT_TERMS_CO)
        days.update({str(k): int(v) for k, v in (sla.get("terms_days") or {}).items()})
        return cls(
            days=days,
            default_days=int(sla.get("default_days", 15)),
            by_source={str(s): {str(k): int(v) for k, v in t.items()} for s, t in (sla.get("by_source") or {}).items()},
            country=str(sla.get("holidays_country") or "CO").upper(),
            at_risk_share=float(sla.get("at_risk_share", 0.8)),
            by_country={str(c).upper(): CountryTerms(
                days={str(k): int(v) for k, v in (r.get("terms_days") or {}).items()},
                default_days=int(r.get("default_days", 15)))
                for c, r in (sla.get("countries") or {}).items()},
        )


def resolve_terms(terms: Any) -> SlaTerms:
    """Accept a SlaTerms, a plain {type: days} dict (merged over Ley 1755), the config's `sla`
    section (dict or SlaConfig), or None (Ley 1755, Colombia)."""
    if terms is None:
        return SlaTerms()
    if isinstance(terms, SlaTerms):
        return terms
    if hasattr(terms, "model_dump"):
        return SlaTerms.from_config(terms)
    if any(k in terms for k in ("terms_days", "holidays_country", "at_risk_share", "by_source", "countries")):
        return SlaTerms.from_config(terms)
    days = dict(DEFAULT_TERMS_CO)
    days.update({str(k): int(v) for k, v in terms.items()})
    return SlaTerms(days=days)


# -- calendars -------------------------------------------------------------------------------

@lru_cache(maxsize=64)
def _holidays(country: str, first_year: int, last_year: int) -> tuple[np.datetime64, ...]:
    import holidays  # imported here: only SLA code needs it

    try:
        cal = holidays.country_holidays(country, years=range(first_year, last_year + 1))
    except NotImplementedError:
        log.warning("no holiday calendar for country %r: counting weekends only", country)
        return ()
    return tuple(sorted(np.datetime64(d, "D") for d in cal))


def holiday_dates(country: str, years: range | list[int]) -> list[date]:
    """Public holidays of `country` (ISO code) in those years, from the `holidays` package."""
    ys = list(years)
    return [d.astype(date) for d in _holidays(country.upper(), min(ys), max(ys))]


def _calendar(country: str, days: np.ndarray) -> np.ndarray:
    valid = days[~np.isnat(days)]
    if valid.size == 0:
        return np.array([], dtype="datetime64[D]")
    y0 = int(valid.min().astype("datetime64[Y]").astype(int)) + 1970 - 1
    y1 = int(valid.max().astype("datetime64[Y]").astype(int)) + 1970 + 1
    return np.array(_holidays(country.upper(), y0, y1), dtype="datetime64[D]")


def _local_day(value: date | datetime | pd.Timestamp | str, country: str) -> np.datetime64:
    if isinstance(value, date) and not isinstance(value, datetime):
        return np.datetime64(value, "D")
    ts = pd.Timestamp(value)
    if ts.tzinfo is not None:
        ts = ts.tz_convert(COUNTRY_TZ.get(country.upper(), "UTC"))
    return np.datetime64(ts.date(), "D")


def add_business_days(start: date | datetime, n: int, country: str = "CO") -> date:
    """The date n business days after `start` (start itself not counted; see module docstring)."""
    day = _local_day(start, country)
    hol = _calendar(country, np.array([day, day + np.timedelta64(int(n) * 2 + 30, "D")]))
    return np.busday_offset(day, int(n), roll="backward", holidays=hol).astype(date)


def business_days_between(start: date | datetime, end: date | datetime, country: str = "CO") -> int:
    """Business days in (start, end]: 0 on the same day, negative when end is before start."""
    a, b = _local_day(start, country), _local_day(end, country)
    hol = _calendar(country, np.array([a, b]))
    one = np.timedelta64(1, "D")
    return int(np.busday_count(a + one, b + one, holidays=hol))


def _count(a: np.ndarray, b: np.ndarray, hol: np.ndarray) -> np.ndarray:
    """Vectorised business_days_between; NaN where a date is missing."""
    out = np.full(a.shape, np.nan)
    ok = ~(np.isnat(a) | np.isnat(b))
    if ok.any():
        one = np.timedelta64(1, "D")
        out[ok] = np.busday_count(a[ok] + one, b[ok] + one, holidays=hol)
    return out


# -- case status -----------------------------------------------------------------------------

SLA_COLUMNS: tuple[str, ...] = (
    "id", "source", "channel", "pqrs_type", "country", "customer_segment", "product", "process",
    "topic_id", "topic_label", "topic_category", "opened_at", "first_response_at", "closed_at",
    "opened_date", "due_date", "term_days", "days_to_first_response", "days_to_resolution",
    "days_elapsed", "used_share", "is_open", "state",
)


def _days(s: pd.Series, tz: str) -> np.ndarray:
    return local_naive(s, tz).dt.normalize().to_numpy(dtype="datetime64[D]")


def sla_status(
    df: pd.DataFrame,
    now: datetime,
    terms: SlaTerms | Mapping[str, Any] | None = None,
) -> pd.DataFrame:
    """One row per PQRS case (rows with `opened_at`, or channel "pqrs" using `created_at`) as of `now`.

    Business-day columns: days_to_first_response, days_to_resolution (NaN while open),
    days_elapsed (to closing, or to now while open), used_share = days_elapsed / term_days.
    `state`: "a tiempo", "en riesgo" (open, used_share ≥ at_risk_share), "vencido" (open, past
    the term), "cerrado a tiempo", "cerrado fuera de término". A case closed after `now` is open
    as of `now`, so a report for an earlier date is reproducible.
    """
    t = resolve_terms(terms)
    now_ts = to_utc_ts(now)
    d = prepare(df)
    opened = utc_series(d["opened_at"]) if "opened_at" in d else pd.Series(pd.NaT, index=d.index, dtype="datetime64[us, UTC]")
    is_pqrs = (
        (d["channel"].astype("string") == "pqrs").fillna(False).astype(bool)
        if "channel" in d else pd.Series(False, index=d.index)
    )
    opened = opened.where(opened.notna() | ~is_pqrs, d["created_at"])
    keep = (opened.notna() & (opened <= now_ts)).fillna(False).astype(bool)
    d = d.loc[keep].copy()
    if d.empty:
        return pd.DataFrame(columns=list(SLA_COLUMNS))
    d["opened_at"] = opened.loc[keep]
    for c in ("first_response_at", "closed_at"):
        d[c] = utc_series(d[c]) if c in d else pd.Series(pd.NaT, index=d.index, dtype="datetime64[us, UTC]")
    for c in SLA_COLUMNS:
        if c not in d and c not in ("opened_date", "due_date", "term_days", "days_to_first_response",
                                    "days_to_resolution", "days_elapsed", "used_share", "is_open", "state"):
            d[c] = pd.NA

    closed = (d["closed_at"].notna() & (d["closed_at"] <= now_ts)).fillna(False).to_numpy(dtype=bool)
    responded = (d["first_response_at"].notna() & (d["first_response_at"] <= now_ts)).fillna(False).to_numpy(dtype=bool)
    country = d["country"].astype("string").str.upper().fillna(t.country)
    pairs = pd.MultiIndex.from_arrays([d["pqrs_type"].astype(object), d["source"].astype(object),
                                       country.astype(object)])
    uniq = pairs.unique()
    lookup = pd.Series([t.term_for(pt, src, ctry) for pt, src, ctry in uniq], index=uniq)
    d["term_days"] = lookup.reindex(pairs).to_numpy(dtype="int64")

    n = len(d)
    opened_day = np.empty(n, dtype="datetime64[D]")
    due = np.empty(n, dtype="datetime64[D]")
    first = np.full(n, np.nan)
    resol = np.full(n, np.nan)
    elapsed = np.full(n, np.nan)
    for ctry in country.unique():
        m = (country == ctry).to_numpy(dtype=bool)
        tz = COUNTRY_TZ.get(ctry, COUNTRY_TZ.get(t.country, "UTC"))
        o = _days(d.loc[m, "opened_at"], tz)
        fr = _days(d.loc[m, "first_response_at"], tz)
        cl = _days(d.loc[m, "closed_at"], tz)
        nw = np.full(o.shape, _days(pd.Series([now_ts]), tz)[0])
        term = d.loc[m, "term_days"].to_numpy(dtype="int64")
        hol = _calendar(ctry, np.concatenate([o, nw, o + (term * 2 + 30).astype("timedelta64[D]")]))
        opened_day[m] = o
        due[m] = np.busday_offset(o, term, roll="backward", holidays=hol)
        fr = np.where(responded[m], fr, np.datetime64("NaT"))
        cl = np.where(closed[m], cl, np.datetime64("NaT"))
        first[m] = _count(o, fr, hol)
        resol[m] = _count(o, cl, hol)
        elapsed[m] = _count(o, np.where(closed[m], cl, nw), hol)

    d["opened_date"] = opened_day
    d["due_date"] = due
    d["days_to_first_response"] = first
    d["days_to_resolution"] = resol
    d["days_elapsed"] = elapsed
    d["used_share"] = d["days_elapsed"] / d["term_days"]
    d["is_open"] = ~closed
    term = d["term_days"].to_numpy()
    state = np.where(
        closed,
        np.where(resol <= term, STATE_CLOSED_ON_TIME, STATE_CLOSED_LATE),
        np.where(elapsed > term, STATE_BREACHED,
                 np.where(d["used_share"].to_numpy() >= t.at_risk_share, STATE_AT_RISK, STATE_ON_TIME)),
    )
    d["state"] = state
    d["country"] = country
    return d[list(SLA_COLUMNS)].sort_values(["opened_at", "id"]).reset_index(drop=True)


INDICATOR_COLUMNS: tuple[str, ...] = (
    "cases", "open", "closed", "closed_on_time", "closed_late", "at_risk", "breached",
    "compliance", "avg_response_days", "avg_resolution_days",
)


def sla_indicators(
    status: pd.DataFrame,
    freq: str | None = "W",
    by: str | list[str] | None = None,
) -> pd.DataFrame:
    """Indicators per period of filing (local date; "D", "W" ISO weeks, "M", or None for one
    total) and optionally per column(s) `by` (e.g. "topic_id"): the daily / weekly / monthly
    dashboard of the back office.

    compliance = closed_on_time / (closed + breached): the share of cases whose outcome is already
    decided that met the term (open cases still within term are not counted either way).
    open/at_risk/breached are the state as of the `now` of sla_status. avg_*_days in business days.
    """
    keys: list[str] = []
    s = status.copy()
    if freq is not None:
        s["period"] = period_start(pd.to_datetime(s["opened_date"]), freq)
        keys.append("period")
    if by is not None:
        keys.extend([by] if isinstance(by, str) else list(by))
    cols = keys + list(INDICATOR_COLUMNS)
    if s.empty:
        return pd.DataFrame(columns=cols)
    st = s["state"]
    s = s.assign(
        _open=s["is_open"].astype(bool),
        _closed=~s["is_open"].astype(bool),
        _ok=st == STATE_CLOSED_ON_TIME,
        _late=st == STATE_CLOSED_LATE,
        _risk=st == STATE_AT_RISK,
        _breach=st == STATE_BREACHED,
    )
    agg = dict(
        cases=("state", "size"),
        open=("_open", "sum"),
        closed=("_closed", "sum"),
        closed_on_time=("_ok", "sum"),
        closed_late=("_late", "sum"),
        at_risk=("_risk", "sum"),
        breached=("_breach", "sum"),
        avg_response_days=("days_to_first_response", "mean"),
        avg_resolution_days=("days_to_resolution", "mean"),
    )
    if keys:
        out = s.groupby(keys, dropna=False).agg(**agg).reset_index()
    else:
        out = pd.DataFrame({k: [s[c].agg(f) if f != "size" else len(s)] for k, (c, f) in agg.items()})
    for c in ("cases", "open", "closed", "closed_on_time", "closed_late", "at_risk", "breached"):
        out[c] = out[c].astype("int64")
    out["compliance"] = safe_div(out["closed_on_time"], out["closed"] + out["breached"])
    return out[cols].reset_index(drop=True)


def new_breaches(
    df: pd.DataFrame,
    now: datetime,
    terms: SlaTerms | Mapping[str, Any] | None = None,
    announced: set[str] | frozenset[str] = frozenset(),
) -> tuple[pd.DataFrame, int]:
    """(cases past their term as of `now` and not in `announced`, most overdue first with
    `days_overdue`; how many open cases are past their term in all). A case breaches once, so
    an alert announces it once."""
    status = sla_status(df, now, terms)
    if status.empty:
        return status.assign(days_overdue=pd.Series(dtype="int64")), 0
    breached = status.loc[status["state"] == STATE_BREACHED]
    new = breached.loc[~breached["id"].astype(str).isin(announced)]
    new = new.assign(days_overdue=(new["days_elapsed"] - new["term_days"]).astype("int64"))
    return new.sort_values(["days_overdue", "id"], ascending=[False, True]), len(breached)
