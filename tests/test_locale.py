"""Numbers and dates per locale (Babel): the deployment's `locale` and a team's own; es_CO (the
default) keeps the look of tests/golden, es_MX writes 1,234.5, es_ES writes as es_CO does."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date

import pandas as pd
import pytest
from fastapi.testclient import TestClient

from escucha.config import ConfigError, load_config
from escucha.config.schema import EscuchaConfig
from escucha.outputs.reports import build_report, render_html, render_markdown, teams_from_config
from escucha.outputs.reports.fmt import (
    fmt_date,
    fmt_date_short,
    fmt_datetime,
    fmt_growth,
    fmt_int,
    fmt_month,
    fmt_month_short,
    fmt_num,
    fmt_pct,
    fmt_range,
    formatting_locale,
)
from look import NOW, TEAMS_CONFIG, golden_frame


@pytest.mark.parametrize("locale, expected", [
    ("es_CO", ["1.234.567", "1.234,6", "12,5 %", "-25,0 %", "20 de noviembre de 2026", "7 sept", "septiembre de 2026",
               "sept 2026", "del 30 de agosto al 5 de septiembre de 2026", "20/11/2026 14:05", "2,67"]),
    ("es_MX", ["1,234,567", "1,234.6", "12.5 %", "-25.0 %", "20 de noviembre de 2026", "7 sep", "septiembre de 2026",
               "sep 2026", "del 30 de agosto al 5 de septiembre de 2026", "20/11/2026 14:05", "2.67"]),
    ("es_ES", ["1.234.567", "1.234,6", "12,5 %", "-25,0 %", "20 de noviembre de 2026", "7 sept", "septiembre de 2026",
               "sept 2026", "del 30 de agosto al 5 de septiembre de 2026", "20/11/2026 14:05", "2,67"]),
])
def test_numbers_and_dates_per_locale(locale, expected):
    sept = date(2026, 9, 7)
    when = pd.Timestamp("2026-11-20 19:05", tz="UTC")
    with formatting_locale(locale):
        got = [fmt_int(1234567), fmt_num(1234.56), fmt_pct(0.1254), fmt_growth(-0.25, 4, 3), fmt_date(date(2026, 11, 20)),
               fmt_date_short(sept), fmt_month(sept), fmt_month_short(sept), fmt_range(date(2026, 8, 30), date(2026, 9, 5)),
               fmt_datetime(when, "America/Bogota"), fmt_num(2.675, 2)]
    assert got == expected
    # the explicit argument wins over the block's locale, and the block ends with its locale
    assert fmt_num(1234.56, locale=locale) == expected[1]
    assert fmt_num(1234.56) == "1.234,6"


@pytest.mark.parametrize("value, max_decimals, es_co, es_mx", [
    (2.0, 1, "2", "2"),  # a whole float reads as an integer, never "2,0"
    (2, 1, "2", "2"),
    (1234, 1, "1.234", "1,234"),
    (1234.0, 1, "1.234", "1,234"),
    (1234567.0, 1, "1.234.567", "1,234,567"),
    (1.5, 1, "1,5", "1.5"),
    (0.75, 1, "0,8", "0.8"),  # at most one decimal, rounded
    (0.96, 1, "1", "1"),  # rounds to a whole number: no decimals left
    (1234.56, 1, "1.234,6", "1,234.6"),
    (1.5, 2, "1,5", "1.5"),  # no trailing zero
    (1.25, 2, "1,25", "1.25"),
    (2.0, 0, "2", "2"),
    (-0.04, 1, "0", "0"),  # never "-0"
    (-2.5, 1, "-2,5", "-2.5"),
    (float("nan"), 1, "—", "—"),
])
def test_quantities_in_running_text_per_locale(value, max_decimals, es_co, es_mx):
    from escucha.locales import format_quantity
    from escucha.outputs.reports.fmt import fmt_quantity

    assert format_quantity(value, max_decimals, "es_CO") == es_co == fmt_quantity(value, max_decimals, locale="es_CO")
    assert format_quantity(value, max_decimals, "es_ES") == es_co
    with formatting_locale("es_MX"):
        assert format_quantity(value, max_decimals) == es_mx == fmt_quantity(value, max_decimals)
    assert fmt_quantity(None) == "—"


def test_reasons_of_the_at_risk_list_write_their_numbers_in_the_readers_locale():
    from escucha.analytics.customers import Reason, reason_line

    contacts = Reason("negative_contacts", "{n} contactos negativos en {days} días", points=5.0,
                      values=(("n", 1234), ("days", 30)))
    segment = Reason("segment", "Cliente de valor {segment} (×{factor})", factor=2.0,
                     values=(("segment", "estratégico"), ("factor", 2.0)))
    half = Reason("segment", "Cliente de valor {segment} (×{factor})", factor=1.5,
                  values=(("segment", "alto"), ("factor", 1.5)))
    churn = Reason("churn_intent", "Intención de fuga: «{excerpt}» ({channel}, {date})", points=2.5,
                   values=(("excerpt", "me voy. Adiós a {ustedes}"), ("channel", "correo"), ("date", "19/11/2026")))
    plain = Reason("x", "=1+1 {sin valores}", points=1.0)
    lines = [reason_line(r) for r in (contacts, segment, half, churn, plain)]
    assert lines == ["1.234 contactos negativos en 30 días (+5)", "Cliente de valor estratégico (×2)",
                     "Cliente de valor alto (×1,5)",
                     # the customer's words keep their dots and braces; only numbers are ours to write
                     "Intención de fuga: «me voy. Adiós a {ustedes}» (correo, 19/11/2026) (+2,5)",
                     "=1+1 {sin valores} (+1)"]
    with formatting_locale("es_MX"):
        assert [reason_line(r) for r in (contacts, half, churn)] == [
            "1,234 contactos negativos en 30 días (+5)", "Cliente de valor alto (×1.5)",
            "Intención de fuga: «me voy. Adiós a {ustedes}» (correo, 19/11/2026) (+2.5)"]


def test_the_default_is_colombian():
    assert fmt_int(1234) == "1.234" and fmt_pct(0.5) == "50,0 %" and load_config(environ={}).locale == "es_CO"


@pytest.mark.parametrize("value, error", [("pt_BR", "written in Spanish"), ("xx_YY", "not a locale")])
def test_the_config_refuses_a_locale_that_is_not_spanish(value, error):
    with pytest.raises(ConfigError, match=error):
        load_config(environ={"ESCUCHA__LOCALE": value})
    with pytest.raises(ConfigError, match=f"reports.teams.ventas.locale.*{error}"):
        load_config(environ={}, overrides={"reports": {"teams": {"ventas": {"title": "V", "locale": value}}}})
    assert load_config(environ={"ESCUCHA__LOCALE": "es-mx"}).locale == "es_MX"


def _report(locale: str | None):
    team = replace({t.name: t for t in teams_from_config({"teams": TEAMS_CONFIG})}["ventas"], locale=locale)
    return build_report(golden_frame(), team, NOW, {"reclamo": 15})


def test_a_team_report_in_its_own_locale():
    colombia, mexico, spain = render_markdown(_report("es_CO")), render_markdown(_report("es_MX")), render_markdown(_report("es_ES"))
    assert "- **Negativos:** 84,2 % (periodo anterior: 81,0 %)" in colombia
    assert "- **Negativos:** 84.2 % (periodo anterior: 81.0 %)" in mexico
    assert spain == colombia  # Spain writes numbers and these dates as Colombia does
    # only numbers and Mexico's "sep" changed: the same text once they are put back
    back = re.sub(r"\bsep\b", "sept", re.sub(r"(\d)\.(\d)", r"\1,\2", mexico))
    assert mexico != colombia and back == re.sub(r"(\d)\.(\d)", r"\1,\2", colombia)
    # a team without a locale of its own follows whoever renders it
    assert render_markdown(_report(None)) == colombia
    with formatting_locale("es_MX"):
        assert render_markdown(_report(None)) == mexico
    assert "84.2 %" in render_html(_report("es_MX")) and "84,2 %" in render_html(_report("es_CO"))


def test_publish_writes_each_team_in_its_locale(tmp_path):
    from escucha.pipeline.reports import publish_reports
    from escucha.store import open_store

    cfg = EscuchaConfig.model_validate({
        "data_dir": str(tmp_path / "data"), "connectors": [], "locale": "es_MX",
        "reports": {"formats": ["md"], "teams": {"ventas": {"title": "Ventas", "categories": TEAMS_CONFIG["ventas"]["categories"]},
                                                   "bogota": {"title": "Bogotá", "locale": "es_CO",
                                                              "categories": TEAMS_CONFIG["ventas"]["categories"]}}}})
    with open_store(None, tmp_path / "data") as store:
        result = publish_reports(cfg, store, "run-1", NOW, golden_frame())
    assert "84.2 %" in result.markdown_by_team["ventas"]  # the deployment's es_MX
    assert "84,2 %" in result.markdown_by_team["bogota"]  # the team's own es_CO


def test_alerts_and_the_dashboard_in_the_deployment_locale():
    from escucha.outputs.dashboard.app import create_app
    from escucha.outputs.delivery.messages import alert_message
    from escucha.pipeline.raise_alerts import collect_alerts

    cfg = EscuchaConfig.model_validate({"connectors": [], "alerts": {"spike_min_count": 5}, "locale": "es_MX",
                                        "reports": {"teams": TEAMS_CONFIG}})
    titles = [a.title for a in collect_alerts(golden_frame(), cfg, NOW)]
    assert "Publicación negativa con gran alcance (120,000 seguidores)" in titles
    assert "Pico de menciones negativas en redes: 17 en 24 h (línea base 1.4)" in titles
    spike = next(a for a in collect_alerts(golden_frame(), cfg, NOW) if a.kind == "pico_negativo")
    with formatting_locale("es_MX"):
        facts = dict(alert_message(spike, "k").facts)
    assert re.fullmatch(r"\d+\.\d", facts["Umbral"])

    app = create_app(cfg, now=lambda: NOW, loader=golden_frame)
    page = TestClient(app).get("/").text
    kpi = re.search(r'% negativo.*?(\d+[.,]\d) %', page, re.S)
    assert kpi and "." in kpi.group(1)
