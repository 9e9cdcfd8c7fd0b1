"""The public demo pseudonym salt is for the demo corpus only: `run`, `serve`, `alerts` and
`config check` refuse it on real sources; the pipeline warns where it builds connectors."""

from __future__ import annotations

import logging
from datetime import date
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from escucha.cli import app
from escucha.config import load_config
from escucha.demo import DEMO_MARKER, generate_demo
from escucha.pipeline.ingest import build_connectors
from escucha.pipeline.pseudonyms import public_salt_problem

runner = CliRunner()
MAPPING = {"source_id": "radicado", "created_at": "fecha", "text": "descripcion"}


def _config(tmp_path: Path, export: Path, **extra) -> Path:
    path = tmp_path / "escucha.yaml"
    path.write_text(yaml.safe_dump({
        "data_dir": str(tmp_path / "data"),
        "connectors": [{"name": "mesa", "type": "export_files", "channel": "pqrs",
                        "options": {"path": str(export), "mapping": MAPPING}}], **extra}), encoding="utf-8")
    return path


@pytest.fixture
def export(tmp_path):
    folder = tmp_path / "exportaciones"
    folder.mkdir()
    (folder / "pqrs.csv").write_text("radicado,fecha,descripcion\nR-1,03/11/2026,Cobro doble\n", encoding="utf-8")
    return folder / "pqrs.csv"


def test_the_bundled_demo_configuration_runs_with_the_demo_salt():
    assert public_salt_problem(load_config(environ={})) is None
    assert public_salt_problem(load_config(environ={}, overrides={"connectors": []})) is None


def test_real_sources_with_the_public_salt_are_refused(tmp_path, export, monkeypatch):
    cfg_file = _config(tmp_path, export)
    monkeypatch.delenv("ESCUCHA__PSEUDONYM_SALT", raising=False)
    assert "pseudonym_salt is the public demo value" in public_salt_problem(load_config(cfg_file, environ={}))
    for command in (["config", "check"], ["run"], ["alerts"], ["serve"], ["export", str(tmp_path / "bi")]):
        result = runner.invoke(app, [*command, "-c", str(cfg_file)])
        assert result.exit_code == 2, command
        assert "pseudonym_salt" in result.output and "ESCUCHA__PSEUDONYM_SALT" in result.output
    assert not (tmp_path / "data").exists()  # refused before anything was written


def test_a_salt_of_ones_own_is_accepted(tmp_path, export, monkeypatch):
    monkeypatch.setenv("ESCUCHA__PSEUDONYM_SALT", "una-sal-larga-y-secreta-de-la-empresa")
    cfg_file = _config(tmp_path, export)
    assert public_salt_problem(load_config(cfg_file)) is None
    result = runner.invoke(app, ["config", "check", "-c", str(cfg_file)])
    assert result.exit_code == 0, result.output


def test_a_corpus_written_by_demo_data_is_the_demo(tmp_path):
    demo = tmp_path / "otra-carpeta"
    generate_demo(demo, n_records=600, days=21, end=date(2026, 11, 20))
    assert (demo / DEMO_MARKER).is_file()
    connectors = yaml.safe_load((Path(__file__).parents[1] / "config" / "default.yaml").read_text(encoding="utf-8"))["connectors"]
    for c in connectors:
        c["options"]["path"] = str(demo / Path(c["options"]["path"]).name)
    cfg = load_config(environ={}, overrides={"connectors": connectors})
    assert public_salt_problem(cfg) is None
    # one connector that reads something else is enough to need a salt of one's own
    connectors.append({"name": "otra", "type": "export_files", "channel": "pqrs",
                       "options": {"path": str(tmp_path / "real.csv"), "mapping": MAPPING}})
    assert public_salt_problem(load_config(environ={}, overrides={"connectors": connectors})) is not None


def test_the_pipeline_warns_where_it_builds_connectors(tmp_path, export, caplog):
    cfg = load_config(_config(tmp_path, export), environ={})
    with caplog.at_level(logging.WARNING, logger="escucha.pipeline.pseudonyms"):
        build_connectors(cfg)
    assert any("public demo value" in r.getMessage() for r in caplog.records)
