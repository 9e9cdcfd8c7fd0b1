"""Legal answer terms per country: a case's country picks its rules and its holidays; the shipped
configuration documents Colombia (Ley 1755), Mexico and Spain, and the user can change them."""

from __future__ import annotations

from datetime import datetime, timezone

import pandas as pd
import pytest

from escucha.analytics.sla import CountryTerms, SlaTerms, sla_status
from escucha.config import ConfigError, load_config

NOW = datetime(2026, 11, 20, 15, 0, tzinfo=timezone.utc)  # a Friday


def _cases(opened: datetime) -> pd.DataFrame:
    """One open reclamo and one open petición de documentos per country, all filed at `opened`."""
    rows = []
    for country in ("CO", "MX", "ES", None):
        for kind in ("reclamo", "petición de documentos"):
            rows.append({"id": f"{country}-{kind}", "source": "mesa", "channel": "pqrs", "created_at": opened,
                         "opened_at": opened, "pqrs_type": kind, "country": country})
    return pd.DataFrame(rows)


def test_a_case_follows_its_countrys_rules():
    terms = SlaTerms(by_country={"MX": CountryTerms(default_days=30), "ES": CountryTerms({"reclamo": 20}, 25)})
    assert terms.term_for("reclamo", "mesa", "CO") == 15 and terms.term_for("petición de documentos", None, "CO") == 10
    assert terms.term_for("reclamo", "mesa", "MX") == 30 and terms.term_for("petición de documentos", None, "mx") == 30
    assert terms.term_for("reclamo", None, "ES") == 20 and terms.term_for("queja", None, "ES") == 25
    assert terms.term_for("reclamo", None, "AR") == 15  # no rules of its own: the general terms
    assert terms.term_for("reclamo", None, None) == 15  # no country: holidays_country's (CO)
    own = SlaTerms(by_source={"mesa": {"reclamo": 5}}, by_country={"MX": CountryTerms(default_days=30)})
    assert own.term_for("reclamo", "mesa", "MX") == 5  # a help desk's own ANS wins


def test_states_follow_the_country():
    """Filed about 22 business days before NOW: past the 15 days of Colombia and the 20 of Spain, within the 30 of Mexico."""
    status = sla_status(_cases(datetime(2026, 10, 19, 15, 0, tzinfo=timezone.utc)), NOW,
                        {"terms_days": {"reclamo": 15}, "countries": {"MX": {"default_days": 30}, "ES": {"default_days": 20}}})
    state = dict(zip(status["id"], status["state"]))
    term = dict(zip(status["id"], status["term_days"]))
    assert state["CO-reclamo"] == "vencido" and state["None-reclamo"] == "vencido"
    assert state["MX-reclamo"] in ("a tiempo", "en riesgo") and term["MX-reclamo"] == 30
    assert state["ES-reclamo"] == "vencido" and term["ES-reclamo"] == 20
    assert term["CO-petición de documentos"] == 10 and term["MX-petición de documentos"] == 30


def test_the_shipped_configuration_documents_mexico_and_spain_and_can_change_them():
    cfg = load_config(environ={})
    terms = SlaTerms.from_config(cfg.sla)
    assert (terms.term_for("reclamo", None, "CO"), terms.term_for("reclamo", None, "MX"), terms.term_for("reclamo", None, "ES")) == (15, 30, 20)
    mine = load_config(environ={}, overrides={"sla": {"countries": {"mx": {"terms_days": {"reclamo": 8}, "default_days": 12}}}})
    terms = SlaTerms.from_config(mine.sla)
    assert terms.term_for("reclamo", None, "MX") == 8 and terms.term_for("queja", None, "MX") == 12
    assert terms.term_for("reclamo", None, "ES") == 20  # the other countries keep their defaults


@pytest.mark.parametrize("override", [{"countries": {"Mexico": {"default_days": 30}}}, {"holidays_country": "COL"},
                                      {"countries": {"MX": {"default_days": 0}}}])
def test_the_config_refuses_what_is_not_a_country_or_a_term(override):
    with pytest.raises(ConfigError, match="sla"):
        load_config(environ={}, overrides={"sla": override})
