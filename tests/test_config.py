"""Configuration: defaults load, overrides apply, wrong keys and values are named."""

from pathlib import Path

import pytest

from escucha.config import ConfigError, load_config


def test_defaults_load_with_demo_connectors_and_teams():
    cfg = load_config(environ={})
    assert [c.type for c in cfg.connectors] == ["export_files", "transcripts_jsonl", "x_api_json"]
    assert set(cfg.reports.teams) == {"producto", "mercadeo", "ventas"}
    assert cfg.schedule.cron == "0 2 * * *" and cfg.schedule.timezone == "America/Bogota"


def test_env_overrides_nested_keys_with_yaml_types():
    cfg = load_config(environ={
        "ESCUCHA__STORE__URL": "postgresql://u@127.0.0.1/test",
        "ESCUCHA__TOPICS__MIN_TOPIC_SIZE": "12",
        "ESCUCHA__NLP__REDACTION__ENABLED": "false",
    })
    assert cfg.store.url == "postgresql://u@127.0.0.1/test"
    assert cfg.topics.min_topic_size == 12
    assert cfg.nlp.redaction.enabled is False


def test_user_file_merges_over_defaults(tmp_path: Path):
    f = tmp_path / "escucha.yaml"
    f.write_text("data_dir: /tmp/x\nnlp:\n  sentiment:\n    backend: transformers\n    model_dir: /m\n", encoding="utf-8")
    cfg = load_config(f, environ={})
    assert cfg.data_dir == "/tmp/x"
    assert cfg.nlp.sentiment.backend == "transformers"
    assert cfg.nlp.emotion.backend == "embedded"  # untouched sibling keeps its default
    assert len(cfg.connectors) == 3


@pytest.mark.parametrize(
    "environ, expected",
    [
        ({"ESCUCHA__NLP__SENTIMENT__BACKEND": "bert"}, "nlp.sentiment.backend (from ESCUCHA__NLP__SENTIMENT__BACKEND)"),
        ({"ESCUCHA__STOREE__URL": "x"}, "storee (from ESCUCHA__STOREE__URL): unknown key"),
        ({"ESCUCHA__SCHEDULE__TIMEZONE": "Bogota"}, "schedule.timezone"),
        ({"ESCUCHA__SCHEDULE__CRON": "every night"}, "5-field cron"),
        ({"ESCUCHA__NLP__REDACTION__TYPES": "{default: [EMAIL, SSN]}"}, "unknown PII type"),
    ],
)
def test_wrong_key_or_value_is_named(environ, expected):
    with pytest.raises(ConfigError) as err:
        load_config(environ=environ)
    assert expected in str(err.value)


def test_duplicate_connector_names_refused(tmp_path: Path):
    f = tmp_path / "c.yaml"
    f.write_text(
        "connectors:\n"
        "  - {name: a, type: export_files, channel: pqrs, options: {path: x.csv, mapping: {}}}\n"
        "  - {name: a, type: export_files, channel: pqrs, options: {path: y.csv, mapping: {}}}\n",
        encoding="utf-8",
    )
    with pytest.raises(ConfigError, match="repeated: \\['a'\\]"):
        load_config(f, environ={})


def test_missing_or_invalid_file(tmp_path: Path):
    with pytest.raises(ConfigError, match="not found"):
        load_config(tmp_path / "nope.yaml", environ={})
    bad = tmp_path / "bad.yaml"
    bad.write_text("- just\n- a list\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="mapping"):
        load_config(bad, environ={})
