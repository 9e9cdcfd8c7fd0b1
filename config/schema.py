"""The configuration schema: every key Escucha knows, with its type and default.

`extra="forbid"` everywhere: a misspelt key is an error that names it, not a silent no-op.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from escucha.locales import DEFAULT_LOCALE, check_locale


# Public (it is in this repository): fit for the demo corpus only (escucha.pipeline.pseudonyms).
DEMO_SALT = "escucha-demo-salt"


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


PII_TYPES = {"EMAIL", "TELEFONO", "DOCUMENTO", "TARJETA", "CUENTA", "DIRECCION", "NOMBRE", "NUMERO"}


class RedactionConfig(_Strict):
    enabled: bool = True
    types: dict[str, list[str]] = Field(default_factory=lambda: {"default": sorted(PII_TYPES)})
    # countries whose phone numbering plans are recognised without a "+" prefix
    countries: list[str] = Field(default_factory=lambda: ["CO", "MX", "ES", "AR", "PE", "CL"])
    # product, brand and place names never taken for a person's name or an address
    keep_terms: list[str] = Field(default_factory=list)
    # regular expressions of case/ticket numbers that are never redacted, e.g. "PQR-\\d{4}-\\d{6}"
    case_number_patterns: list[str] = Field(default_factory=list)
    # a store redacted by an older redactor: re-redact it at the start of the nightly run (true)
    # or refuse to run until `escucha redact --rescan` (false)
    rescan: bool = False

    @field_validator("types")
    @classmethod
    def _known(cls, v: dict[str, list[str]]) -> dict[str, list[str]]:
        for channel, types in v.items():
            unknown = set(types) - PII_TYPES
            if unknown:
                raise ValueError(f"unknown PII type(s) {sorted(unknown)} for {channel!r}; known: {sorted(PII_TYPES)}")
        return v

    @field_validator("case_number_patterns")
    @classmethod
    def _regex(cls, v: list[str]) -> list[str]:
        import re

        for pattern in v:
            try:
                re.compile(pattern)
            except re.error as exc:
                raise ValueError(f"case_number_patterns: {pattern!r} is not a valid regular expression: {exc}") from None
        return v

    @field_validator("countries")
    @classmethod
    def _countries(cls, v: list[str]) -> list[str]:
        import phonenumbers

        out = [c.strip().upper() for c in v]
        unknown = [c for c in out if c not in phonenumbers.SUPPORTED_REGIONS]
        if unknown:
            raise ValueError(f"countries: unknown ISO country code(s) {unknown}")
        return out


class ModelConfig(_Strict):
    backend: Literal["embedded", "transformers", "off"] = "embedded"
    model_dir: str | None = None
    # transformers backend only: torch or ONNX Runtime, int8 dynamic quantization (onnx only),
    # CPU threads (null: all cores).
    runtime: Literal["torch", "onnx"] = "torch"
    quantize: bool = False
    threads: int | None = Field(None, ge=1)

    @model_validator(mode="after")
    def _quantize_needs_onnx(self) -> "ModelConfig":
        if self.quantize and self.runtime != "onnx":
            raise ValueError("quantize: true needs runtime: onnx (int8 quantization runs on ONNX Runtime)")
        return self

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


class OwnIssueConfig(_Strict):
    """A company's own catalogue entry (same shape as the shipped catalogues' issues)."""

    name: str = Field(min_length=1)
    definition: str = ""
    examples: list[str] = Field(min_length=1)
    key: str | None = None
    kind: Literal["problema", "felicitación", "sugerencia", "petición"] = "problema"


class TopicsConfig(_Strict):
    enabled: bool = True
    min_topic_size: int = Field(30, ge=2)
    max_outlier_share: float = Field(0.15, ge=0, le=1)
    seed: int = 42
    categories: dict[str, str] = Field(default_factory=dict)
    category_overrides: dict[int, str] = Field(default_factory=dict)
    # Issue catalogues of the company's industries (nlp/topics/catalogs/) and its own entries.
    catalog: list[str] = Field(default_factory=list)
    own_issues: list[OwnIssueConfig] = Field(default_factory=list)
    # Company, brand and product names and handles: never an issue's name or keyword (other
    # companies' names never are either: nlp/topics/lexicons/brands.yaml).
    brand_terms: list[str] = Field(default_factory=list)
    # Granularity: fragments whose centroids reach this cosine are one issue (lower: fewer,
    # broader issues); the number of issues is kept between min_issues and max_issues.
    issue_similarity: float = Field(0.7, gt=0, le=1)
    min_issues: int = Field(10, ge=1)
    max_issues: int = Field(40, ge=1)
    # A text takes a catalogue issue when its score (zeroshot.py) reaches this (chosen on the
    # demo corpus and bank tweets we wrote, docs/QUALITY.md "How each default was chosen").
    catalog_min_score: float = Field(0.45, gt=0)
    # A text at least this close (cosine) to one an analyst placed under an issue ("Revisar y
    # etiquetar") takes that issue (nlp/topics/examples.py; docs/TOPICS.md "Issues analysts label").
    label_similarity: float = Field(0.85, gt=0, le=1)

    @model_validator(mode="after")
    def _issue_bounds(self) -> "TopicsConfig":
        if self.min_issues > self.max_issues:
            raise ValueError(f"topics.min_issues ({self.min_issues}) is above topics.max_issues ({self.max_issues})")
        return self


class AnalyticsConfig(_Strict):
    period_days: int = Field(7, ge=1)
    emerging_window_days: int = Field(7, ge=1)
    baseline_weeks: int = Field(8, ge=1)
    # Weeks of history the nightly reports read (never less than the windows above need); open
    # PQRS cases are read whatever their age. Bounded so a night's time does not grow with history.
    history_weeks: int = Field(26, ge=1)


class SlaCountryConfig(_Strict):
    # Business days per PQRS type in this country, and for the types it does not list.
    terms_days: dict[str, int] = Field(default_factory=dict)
    default_days: int = Field(15, ge=1)


class SlaConfig(_Strict):
    # Country (ISO code) of the cases without one: its holidays, and its rules under `countries`.
    holidays_country: str = "CO"
    # Business days per PQRS type for every country without rules of its own (Ley 1755 by default).
    terms_days: dict[str, int] = Field(default_factory=dict)
    at_risk_share: float = Field(0.8, gt=0, le=1)
    # A case's country picks its rules here (ISO code -> terms); its holidays are always its own.
    countries: dict[str, SlaCountryConfig] = Field(default_factory=dict)

    @field_validator("holidays_country")
    @classmethod
    def _country(cls, v: str) -> str:
        return _country_code(v)

    @field_validator("countries")
    @classmethod
    def _countries(cls, v: dict[str, SlaCountryConfig]) -> dict[str, SlaCountryConfig]:
        return {_country_code(k): rules for k, rules in v.items()}


def _country_code(v: str) -> str:
    code = str(v).strip().upper()
    if len(code) != 2 or not code.isalpha():
        raise ValueError(f"{v!r} is not a two-letter ISO country code such as CO, MX or ES")
    return code


class TeamConfig(_Strict):
    title: str
    categories: list[str] | None = None
    channels: list[str] | None = None
    products: list[str] | None = None
    # Where the team's report goes each night: e-mail addresses and/or names of delivery channels.
    recipients: list[str] = Field(default_factory=list)
    # How the team's report writes numbers and dates (es_MX: 1,234.5); null: the deployment's `locale`.
    locale: str | None = None
    # The "Clientes en riesgo" section (customers.*); null: only for the team named `ventas`.
    customers_at_risk: bool | None = None

    @field_validator("locale")
    @classmethod
    def _locale(cls, v: str | None) -> str | None:
        return None if v is None else check_locale(v)


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
    # SLA: one alert a day listing the PQRS cases that went past their legal term since the last one.
    sla_breaches: bool = True
    sla_high_count: int = Field(10, ge=1)  # this many new breaches (or one strategic customer): "alta"
    verbatims: int = Field(3, ge=0, le=10)
    # Names of `delivery.channels` that receive every alert.
    channels: list[str] = Field(default_factory=list)


class CustomerWeightsConfig(_Strict):
    """The at-risk score (escucha/analytics/customers.py): points times the segment and recency
    factors; every term is shown to sales as a reason."""

    negative_contact: float = Field(1.0, ge=0)  # points per negative contact in the window...
    max_negative_contacts: int = Field(5, ge=1)  # ...counted up to this many
    cross_channel: float = Field(2.0, ge=0)  # per extra channel with a negative contact
    open_case: float = Field(1.0, ge=0)  # per open PQRS case still within its term
    breached_case: float = Field(3.0, ge=0)  # per PQRS case past its legal term
    churn_intent: float = Field(5.0, ge=0)  # once, when a contact announces leaving
    segment: dict[str, float] = Field(default_factory=lambda: {"estratégico": 2.0, "alto": 1.5, "medio": 1.0,
                                                               "bajo": 0.8})
    unknown_segment: float = Field(1.0, ge=0)
    recency_full_days: int = Field(7, ge=0)  # full weight while the last negative contact is this recent
    recency_floor: float = Field(0.5, ge=0, le=1)  # the factor at the end of the window


class CustomerSignalsConfig(_Strict):
    """Churn-intent signals found in every record's redacted text by the enrichment step."""

    enabled: bool = True
    detector: str = "reglas"  # a name of escucha.nlp.signals.detectors
    params: dict[str, Any] = Field(default_factory=dict)  # e.g. patterns_path: your own YAML


class CustomersConfig(_Strict):
    """Clientes en riesgo: the weekly retention list (README "Clientes en riesgo")."""

    enabled: bool = True
    window_days: int = Field(30, ge=1)
    min_score: float = Field(3.0, ge=0)
    top_n: int = Field(50, ge=1)
    verbatims: int = Field(3, ge=0, le=10)
    report_top_n: int = Field(10, ge=1)  # customers in the "Clientes en riesgo" section of a report
    weights: CustomerWeightsConfig = CustomerWeightsConfig()
    signals: CustomerSignalsConfig = CustomerSignalsConfig()
    # One alert `cliente_estrategico_en_riesgo` per strategic customer and ISO week at this score.
    alert_strategic: bool = True
    alert_min_score: float = Field(8.0, ge=0)


class DeliveryChannelConfig(BaseModel):
    """One destination: `type` (smtp, slack, teams, webhook) plus that type's options, checked
    when the channel is built (`escucha config check`). Secrets as `env:VARIABLE`."""

    model_config = ConfigDict(extra="allow")
    type: str


class DeliveryConfig(_Strict):
    channels: dict[str, DeliveryChannelConfig] = Field(default_factory=dict)
    # smtp channel for team recipients that are e-mail addresses (null: the only smtp channel).
    email_channel: str | None = None
    retries: int = Field(3, ge=0, le=10)
    backoff_s: float = Field(2.0, ge=0)
    # An alert or report not delivered after this many hours (channel down) is not sent any more.
    max_age_hours: int = Field(48, ge=1)
    # Where people can open a team's HTML report (an intranet or shared folder that publishes
    # <data_dir>/reports): {file} the HTML file's name, {team}, {date}. Slack and Teams messages
    # get it as a button and e-mails as a line; null: chat messages carry only the summary.
    report_url: str | None = None

    @field_validator("report_url")
    @classmethod
    def _report_url(cls, v: str | None) -> str | None:
        if v is None:
            return v
        try:
            v.format(file="x.html", team="t", date="2026-01-01")
        except (KeyError, IndexError, ValueError) as exc:
            raise ValueError(f"report_url may use only {{file}}, {{team}} and {{date}}: {exc}") from exc
        if not v.startswith(("http://", "https://")):
            raise ValueError("report_url must be an http(s) URL template")
        return v


class ScheduleConfig(_Strict):
    cron: str = "0 2 * * *"
    timezone: str = "America/Bogota"
    # The alert scan (`escucha alerts`, served by `escucha serve`), in the same time zone.
    alerts_cron: str = "0 * * * *"

    @field_validator("cron", "alerts_cron")
    @classmethod
    def _cron(cls, v: str) -> str:
        from cronsim import CronSim, CronSimError

        if len(v.split()) != 5:
            raise ValueError(f"{v!r} is not a 5-field cron expression such as '0 2 * * *'")
        try:
            CronSim(v, datetime(2026, 1, 1))
        except CronSimError as exc:
            raise ValueError(f"{v!r} is not a valid cron expression: {exc}") from None
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


class DaskConfig(_Strict):
    # null: a LocalCluster of n_workers processes on this machine; "tcp://host:8786": that scheduler.
    address: str | None = None
    n_workers: int = Field(2, ge=1)
    threads_per_worker: int = Field(1, ge=1)


class ExecutionConfig(_Strict):
    # null: enrichment runs in the flow's process; set it to run enrichment batches on Dask.
    dask: DaskConfig | None = None


class DashboardConfig(_Strict):
    # `escucha dashboard`: loopback only unless set (e.g. 0.0.0.0 behind a proxy, with a token).
    host: str = "127.0.0.1"
    port: int = Field(8050, ge=1, le=65535)
    # null: no token asked. A literal or env:VARIABLE; given once as ?token=... (then a cookie)
    # or as an "Authorization: Bearer ..." header.
    token: str | None = None
    # Seconds the store's data is kept in memory before it is read again (read-only, short).
    cache_s: float = Field(60, ge=0)
    # Days of history read from the store (open PQRS cases are read whatever their age).
    history_days: int = Field(400, ge=1)


class EscuchaConfig(_Strict):
    data_dir: str = "./escucha-data"
    pseudonym_salt: str = Field(DEMO_SALT, min_length=8)
    # How reports, alerts and the dashboard write numbers and dates: es_CO and es_ES 1.234,5; es_MX 1,234.5.
    locale: str = DEFAULT_LOCALE
    store: StoreConfig = StoreConfig()
    connectors: list[ConnectorConfig] = Field(default_factory=list)
    ingest: IngestConfig = IngestConfig()
    nlp: NlpConfig = NlpConfig()
    topics: TopicsConfig = TopicsConfig()
    analytics: AnalyticsConfig = AnalyticsConfig()
    sla: SlaConfig = SlaConfig()
    reports: ReportsConfig = ReportsConfig()
    alerts: AlertsConfig = AlertsConfig()
    delivery: DeliveryConfig = DeliveryConfig()
    schedule: ScheduleConfig = ScheduleConfig()
    execution: ExecutionConfig = ExecutionConfig()
    dashboard: DashboardConfig = DashboardConfig()
    customers: CustomersConfig = CustomersConfig()

    @model_validator(mode="after")
    def _delivery_names(self) -> "EscuchaConfig":
        """Alert channels and team recipients must name configured channels (or be e-mail addresses)."""
        known = set(self.delivery.channels)
        problems = [f"alerts.channels: unknown delivery channel {n!r}" for n in self.alerts.channels if n not in known]
        for team, tc in self.reports.teams.items():
            problems += [f"reports.teams.{team}.recipients: {r!r} is neither an e-mail address nor a delivery channel"
                         for r in tc.recipients if "@" not in r and r not in known]
        smtp = [n for n, c in self.delivery.channels.items() if c.type == "smtp"]
        email = self.delivery.email_channel
        if email is not None and email not in smtp:
            problems.append(f"delivery.email_channel: {email!r} is not an smtp channel of delivery.channels")
        wants_email = any("@" in r for tc in self.reports.teams.values() for r in tc.recipients)
        if wants_email and email is None and len(smtp) != 1:
            problems.append("delivery.email_channel: team recipients include e-mail addresses; configure one smtp "
                            "channel or name it here" + (f" (one of {sorted(smtp)})" if smtp else ""))
        if problems:
            raise ValueError("; ".join(problems))
        return self

    @field_validator("locale")
    @classmethod
    def _locale(cls, v: str) -> str:
        return check_locale(v)

    @field_validator("connectors")
    @classmethod
    def _unique(cls, v: list[ConnectorConfig]) -> list[ConnectorConfig]:
        names = [c.name for c in v]
        dupes = sorted({n for n in names if names.count(n) > 1})
        if dupes:
            raise ValueError(f"connector names must be unique; repeated: {dupes}")
        return v
