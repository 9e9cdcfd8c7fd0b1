"""`escucha config check` (and run/serve) refuse a configured transformers model that is not here."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from escucha.cli import app

runner = CliRunner()


def test_missing_model_folder_stops_before_the_run(tmp_path, monkeypatch):
    monkeypatch.setenv("ESCUCHA__NLP__EMOTION__BACKEND", "transformers")
    monkeypatch.setenv("ESCUCHA__NLP__EMOTION__MODEL_DIR", str(tmp_path / "no-such-model"))
    result = runner.invoke(app, ["config", "check"])
    assert result.exit_code == 2
    assert "nlp.emotion" in result.output and "no config.json" in result.output
    # `run` checks the same before Prefect starts: nothing is ingested
    data_dir = tmp_path / "data"
    monkeypatch.setenv("ESCUCHA__DATA_DIR", str(data_dir))
    assert runner.invoke(app, ["run"]).exit_code == 2
    assert not data_dir.exists()


def test_default_pysentimiento_model_absent_from_cache_names_the_licence(tmp_path, monkeypatch):
    monkeypatch.setenv("HF_HOME", str(tmp_path / "empty-hf-home"))
    monkeypatch.setenv("ESCUCHA__NLP__SENTIMENT__BACKEND", "transformers")
    result = runner.invoke(app, ["config", "check"])
    assert result.exit_code == 2
    assert "nlp.sentiment" in result.output
    assert "never downloads" in result.output and "non-commercial" in result.output


def _check_with_model_folder(tmp_path, monkeypatch):
    """`config check` with the transformers backend pointed at a model folder that exists."""
    model = tmp_path / "my-model"
    model.mkdir()
    (model / "config.json").write_text("{}", encoding="utf-8")
    monkeypatch.setenv("ESCUCHA__NLP__SENTIMENT__BACKEND", "transformers")
    monkeypatch.setenv("ESCUCHA__NLP__SENTIMENT__MODEL_DIR", str(model))
    return runner.invoke(app, ["config", "check"])


def test_model_folder_present_passes(tmp_path, monkeypatch):
    pytest.importorskip("torch")  # the transformers extra
    result = _check_with_model_folder(tmp_path, monkeypatch)
    assert result.exit_code == 0, result.output
    assert "configuration OK" in result.output


def test_transformers_backend_without_the_extra_names_it(tmp_path, monkeypatch):
    from importlib import util

    real = util.find_spec
    monkeypatch.setattr(util, "find_spec", lambda name, *a: None if name == "torch" else real(name, *a))
    result = _check_with_model_folder(tmp_path, monkeypatch)
    assert result.exit_code == 2
    assert "pip install 'escucha[transformers]'" in result.output
