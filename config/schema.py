"""The configuration schema: every key Escucha knows, with its type and default.

`extra="forbid"` everywhere: a misspelt key is an error that names it, not a silent no-op.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class StoreConfig(_Strict):
    url: str | None = None
    lock_wait_s: float = Field(0, ge=0)


class ConnectorConfig(_Strict):
    name: str = Field(min_length=1, pattern=r"^[A-Za-z0-9_.\-]+$")
    type: str
    channel: Literal["pqrs", "email", "transcript", "chat", "social", "review", "survey"]
    enabled: bool = True
    options: dict[str, Any] = Field(default_factory=dict)


class IngestConfig(_Strict):
    batch_size: int = Field(5000, ge=1, le=1_000_000)


PII_TYPES = {"EMAIL", "TELEFONO", "DOCUMENTO", "TARJETA", "CUENTA", "DIRECCION", "NOMBRE"}


class RedactionConfig(_Strict):
    enabled: bool = True
    types: dict[str, list[str]] = Field(default_factory=lambda: {"default": sorted(PII_TYPES)})

    @field_validator("types")
    @classmethod
    def _known(cls, v: dict[str, list[str]]) -> dict[str, list[str]]:
        for channel, types in v.items():
            unknown = set(types) - PII_TYPES
            if unknown:
                raise ValueError(f"unknown PII type(s) {sorted(unknown)} for {channel!r}; known: {sorted(PII_TYPES)}")
        return v


class ModelConfig(_Strict):
    backend: Literal["embedded", "transformers", "off"] = "embedded"
    model_dir: str | None = None

    @field_validator("backend", mode="before")
    @classmethod
    def _yaml_off(cls, v: object) -> object:
        # YAML 1.1 reads a bare `off` as false; that is what the user meant.
        return "off" if v is False else v


class NlpConfig(_Strict):
    batch_size: int = Field(2000, ge=1, le=100_000)
    redaction: RedactionConfig = RedactionConfig()
    sentiment: ModelConfig = ModelConfig()
    emotion: ModelConfig = ModelConfig()
    irony: ModelConfig = ModelConfig()
    toxicity: ModelConfig = ModelConfig()
    pqrs_type: ModelConfig = ModelConfig()


class TopicsConfig(_Strict):
    enabled: bool = True
    min_topic_size: int = Field(30, ge=2)
    max_outlier_share: float = Field(0.15, ge=0, le=1)
    seed: int = 42
    categories: dict[str, str] = Field(default_factory=dict)
    category_overrides: dict[int, str] = Field(default_factory=dict)


class AnalyticsConfig(_Strict):
    period_days: int = Field(7, ge=1)
    emerging_window_days: int = Field(7, ge=1)
    baseline_weeks: int = Field(8, ge=1)


class SlaConfig(_Strict):
    holidays_country: str = "CO"
    terms_days: dict[str, int] = Field(default_factory=dict)
    at_risk_share: float = Field(0.8, gt=0, le=1)


class TeamConfig(_Strict):
    title: str
    categories: list[str] | None = None
    channels: list[str] | None = None
    products: list[str] | None = None
    recipients: list[str] = Field(default_factory=list)


class ReportsConfig(_Strict):
    out_dir: str = "{data_dir}/reports"
    formats: list[Literal["html", "md", "csv", "parquet"]] = ["html", "md", "csv", "parquet"]
    teams: dict[str, TeamConfig] = Field(default_factory=dict)


class AlertsConfig(_Strict):
    enabled: bool = True
    spike_k: float = Field(3.0, gt=0)
    spike_min_count: int = Field(10, ge=1)
    high_reach_followers: int = Field(50_000, ge=1)
    lookback_hours: int = Field(72, ge=1)
    cooldown_hours: int = Field(24, ge=0)


class ScheduleConfig(_Strict):
    cron: str = "0 2 * * *"
    timezone: str = "America/Bogota"

    @field_validator("cron")
    @classmethod
    def _cron(cls, v: str) -> str:
        if len(v.split()) != 5:
            raise ValueError(f"{v!r} is not a 5-field cron expression such as '0 2 * * *'")
        return v

    @field_validator("timezone")
    @classmethod
    def _tz(cls, v: str) -> str:
        from zoneinfo import ZoneInfo

        try:
            ZoneInfo(v)
        except Exception:
            raise ValueError(f"{v!r} is not an IANA time zone such as America/Bogota") from None
        return v


class EscuchaConfig(_Strict):
    data_dir: str = "./escucha-data"
    pseudonym_salt: str = Field("escucha-demo-salt", min_length=8)
    store: StoreConfig = StoreConfig()
    connectors: list[ConnectorConfig] = Field(default_factory=list)
    ingest: IngestConfig = IngestConfig()
    nlp: NlpConfig = NlpConfig()
    topics: TopicsConfig = TopicsConfig()
    analytics: AnalyticsConfig = AnalyticsConfig()
    sla: SlaConfig = SlaConfig()
    reports: ReportsConfig = ReportsConfig()
    alerts: AlertsConfig = AlertsConfig()
    schedule: ScheduleConfig = ScheduleConfig()

    @field_validator("connectors")
    @classmethod
    def _unique(cls, v: list[ConnectorConfig]) -> list[ConnectorConfig]:
        names = [c.name for c in v]
        dupes = sorted({n for n in names if names.count(n) > 1})
        if dupes:
            raise ValueError(f"connector names must be unique; repeated: {dupes}")
        return v
