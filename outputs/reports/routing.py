"""Which records each team sees: routing rules from the `reports.teams` config section.

A team lists the business categories, channels, products, segments or countries it cares for;
a record goes to the team when it matches every rule given (a rule left out matches all). The
product team reads service quality, app and deliveries; marketing reads social channels and
reviews (brand perception); sales reads prices, billing, retention and cancellations.
Values compare without accents or case, so "facturacion" in a YAML file finds "facturación".
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Any, Mapping

import pandas as pd

from escucha.analytics import fold


@dataclass
class TeamSpec:
    name: str
    title: str | None = None
    categories: list[str] | None = None
    channels: list[str] | None = None
    products: list[str] | None = None
    segments: list[str] | None = None
    countries: list[str] | None = None
    locale: str | None = None  # how its report writes numbers and dates; None: the deployment's
    customers_at_risk: bool | None = None  # the "Clientes en riesgo" section; None: only for "ventas"

    def __post_init__(self) -> None:
        if not self.title:
            self.title = f"Informe de temas recurrentes: {self.name.capitalize()}"

    @property
    def shows_customers_at_risk(self) -> bool:
        """Whether its report has the "Clientes en riesgo" section (the ventas team by default)."""
        if self.customers_at_risk is not None:
            return bool(self.customers_at_risk)
        return fold(self.name) == "ventas"

    @property
    def slug(self) -> str:
        """File-name-safe team name: "Atención al cliente" -> "atencion-al-cliente"."""
        ascii_ = unicodedata.normalize("NFKD", self.name).encode("ascii", "ignore").decode()
        return re.sub(r"[^a-z0-9]+", "-", ascii_.lower()).strip("-") or "equipo"

    def rules(self) -> dict[str, list[str]]:
        """Column -> allowed values, for the rules this team sets."""
        pairs = {"topic_category": self.categories, "channel": self.channels, "product": self.products,
                 "customer_segment": self.segments, "country": self.countries}
        return {col: list(vals) for col, vals in pairs.items() if vals}

    @classmethod
    def from_config(cls, name: str, cfg: Any) -> "TeamSpec":
        """From one entry of `reports.teams` (a dict or the config's TeamConfig model). Keys other
        than the routing rules and the title (e.g. recipients) belong to delivery and are ignored."""
        if hasattr(cfg, "model_dump"):
            cfg = cfg.model_dump()
        cfg = dict(cfg or {})

        def lst(key: str) -> list[str] | None:
            v = cfg.get(key)
            if v is None:
                return None
            return [str(x) for x in ([v] if isinstance(v, str) else v)]

        return cls(name=name, title=cfg.get("title"), categories=lst("categories"), channels=lst("channels"),
                   products=lst("products"), segments=lst("segments"), countries=lst("countries"),
                   locale=cfg.get("locale"), customers_at_risk=cfg.get("customers_at_risk"))


def teams_from_config(section: Any) -> list[TeamSpec]:
    """TeamSpecs in config order from the `reports` section (dict or ReportsConfig) or directly
    from its `teams` mapping."""
    if hasattr(section, "teams"):
        teams = section.teams
    elif isinstance(section, Mapping) and isinstance(section.get("teams"), Mapping):
        teams = section["teams"]
    else:
        teams = section
    return [TeamSpec.from_config(str(name), cfg) for name, cfg in (teams or {}).items()]


def filter_for_team(df: pd.DataFrame, spec: TeamSpec) -> pd.DataFrame:
    """The rows the team sees (all rules must match; a column missing from df matches nothing)."""
    keep = pd.Series(True, index=df.index)
    for col, allowed in spec.rules().items():
        if col not in df:
            return df.iloc[0:0]
        wanted = {fold(v) for v in allowed}
        keep &= df[col].map(lambda x: bool(pd.notna(x)) and fold(x) in wanted).astype(bool)
    return df.loc[keep]

