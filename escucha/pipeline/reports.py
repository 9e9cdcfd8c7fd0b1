"""Reports: analytics on the analysis frame -> one report per team, written and recorded.

Report files have deterministic names (date + team), so a re-run overwrites instead of
duplicating; each report is recorded in the store by its natural key (date:team), which is what
delivery sends once.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import datetime
from pathlib import Path

import pandas as pd

from escucha.analytics import to_utc_ts
from escucha.analytics.sla import SlaTerms
from escucha.config import EscuchaConfig
from escucha.outputs.reports import build_report, render_markdown, teams_from_config, write_report
from escucha.pipeline.context import reports_dir
from escucha.pipeline.customers import AtRiskList, at_risk_list, report_section
from escucha.pipeline.faults import crash_point
from escucha.pipeline.history import REPORT_TREND_WEEKS
from escucha.pipeline.redaction import guard_report, output_guard
from escucha.pipeline.topics import issue_subthemes
from escucha.store import Store


@dataclass
class ReportsResult:
    paths: list[Path] = field(default_factory=list)
    markdown_by_team: dict[str, str] = field(default_factory=dict)  # for the Prefect artifacts


def publish_reports(cfg: EscuchaConfig, store: Store, run_id: str, now: datetime, frame: pd.DataFrame,
                    at_risk: AtRiskList | None = None) -> ReportsResult:
    """Every team's report of `now` from the analysis frame (`history.read_analysis_frame`).
    `at_risk`: the run's at-risk list (`pipeline/publish.py` computes it once for the reports and
    the alerts); computed here when not given and a team shows it."""
    result = ReportsResult()
    out_dir = reports_dir(cfg)
    guard = output_guard(cfg)
    terms = SlaTerms.from_config(cfg.sla)
    tz = cfg.schedule.timezone
    teams = teams_from_config(cfg.reports)
    customers = None  # the list's section, the same for every team whose report shows it
    if cfg.customers.enabled and any(t.shows_customers_at_risk for t in teams):
        customers = report_section(cfg, at_risk if at_risk is not None else at_risk_list(cfg, store, now, frame))
    # how each issue shows up, under it in every report, counted over the period's records
    since = to_utc_ts(now) - pd.Timedelta(days=cfg.analytics.period_days)
    in_period = (pd.to_datetime(frame["created_at"], utc=True) > since).fillna(False).astype(bool)
    subthemes = issue_subthemes(cfg, store, frame.loc[in_period, ["id", "topic_id"]])
    for team in teams:
        team = replace(team, locale=team.locale or cfg.locale)
        data = build_report(frame, team, now, terms, period_days=cfg.analytics.period_days, tz=tz,
                            history_weeks=REPORT_TREND_WEEKS,
                            emerging_kwargs={"window_days": cfg.analytics.emerging_window_days,
                                             "baseline_weeks": cfg.analytics.baseline_weeks},
                            customers=customers if team.shows_customers_at_risk else None,
                            subthemes=subthemes.table, record_subthemes=subthemes.of_record)
        guard_report(data, guard, store, run_id)  # no verbatim with an identifier is written or sent
        paths = write_report(data, out_dir, formats=cfg.reports.formats)
        main = {fmt: str(p) for fmt, p in paths.items() if ":" not in fmt}
        store.record_output("report", f"{pd.Timestamp(now).tz_convert(tz):%Y-%m-%d}:{team.name}", run_id,
                            {"team": team.name, "paths": main})
        result.paths.extend(Path(p) for p in main.values())
        result.markdown_by_team[team.name] = render_markdown(data)
        crash_point("publish:team")
    return result
