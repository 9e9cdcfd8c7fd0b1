"""Plugins: a package installed with entry points in the `escucha.connectors`, `escucha.channels`
and `escucha.catalogs` groups adds a connector, a delivery channel and a topic catalogue, and
the `apprise` channel reaches a loopback HTTP server through Apprise's json:// URL.

The plugin (tests/plugins/escucha_conector_prueba) is really built and installed by pip, into a
folder of the test (`--target`) put on sys.path, so the venv stays as it was.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from loopback_http import Receiver

from escucha.config import EscuchaConfig
from escucha.registry import CATALOGS_GROUP, PluginError, plugin_objects

PLUGIN = Path(__file__).parent / "plugins" / "escucha_conector_prueba"


@pytest.fixture(scope="module")
def plugin_site(tmp_path_factory) -> Path:
    import shutil

    site = tmp_path_factory.mktemp("site")
    source = tmp_path_factory.mktemp("src") / PLUGIN.name  # built out of the repository
    shutil.copytree(PLUGIN, source)
    done = subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--no-build-isolation",
                           "--no-index", "--target", str(site), str(source)], capture_output=True, text=True,
                          timeout=300)
    assert done.returncode == 0, done.stdout + done.stderr
    assert list(site.glob("escucha_conector_prueba-*.dist-info/entry_points.txt"))
    return site


@pytest.fixture
def installed(plugin_site, monkeypatch):
    from escucha.connectors import registry
    from escucha.outputs.delivery import channels

    try:  # as in a full run, where a library has imported the importlib_metadata backport: its
        # finder then answers for the plugin, with EntryPoint objects of the backport's own class
        import importlib_metadata  # noqa: F401
    except ImportError:
        pass
    monkeypatch.syspath_prepend(str(plugin_site))
    for r in (registry, channels):
        r.refresh()
    yield
    monkeypatch.undo()
    for r in (registry, channels):
        r.refresh()


def test_an_installed_connector_is_picked_up_and_ingests(installed, tmp_path):
    from escucha.connectors import registry
    from escucha.pipeline.ingest import build_connectors, build_redaction, ingest_connector
    from escucha.store import open_store

    assert registry.plugins() == {"prueba_lista": "escucha-conector-prueba"}
    assert "prueba_lista" in registry.names() and "export_files" in registry.names()
    cfg = EscuchaConfig.model_validate({"data_dir": str(tmp_path), "connectors": [
        {"name": "crm", "type": "prueba_lista", "channel": "pqrs",
         "options": {"texts": ["Me cobraron dos veces", "Mi correo es ana@correo.co y nadie responde"]}}]})
    [connector] = build_connectors(cfg)
    with open_store(None, tmp_path) as store:
        result = ingest_connector(store, connector, build_redaction(cfg), "r1")
        assert result.new == 2
        texts = sorted(store.fetch_records(ids=None)["text"])
    assert "ana@correo.co" not in " ".join(texts)  # a plugin's records are redacted like any other


def test_an_installed_channel_is_built_from_the_configuration(installed, tmp_path):
    from escucha.outputs.delivery import Message, build_channels, channels

    assert "prueba_archivo" in channels.plugins()
    out = tmp_path / "enviados.jsonl"
    cfg = EscuchaConfig.model_validate({"data_dir": str(tmp_path), "delivery": {"channels": {
        "archivo": {"type": "prueba_archivo", "path": str(out)}}}})
    built = build_channels(cfg)
    built["archivo"].send(Message(key="k", subject="Alerta de prueba", text="Cuerpo"))
    assert json.loads(out.read_text(encoding="utf-8")) == {"asunto": "Alerta de prueba", "texto": "Cuerpo"}


def test_an_installed_catalogue_is_found_by_name(installed):
    catalogs = plugin_objects(CATALOGS_GROUP)
    data = yaml.safe_load(catalogs["prueba_catalogo"].read_text(encoding="utf-8"))
    assert data["issues"][0]["key"] == "cobro_doble"


def test_without_the_plugin_the_type_is_unknown_and_a_broken_plugin_names_its_package(tmp_path, monkeypatch):
    from importlib.metadata import EntryPoint

    from escucha.connectors import registry
    from escucha.outputs.delivery import DeliveryConfigError, build_channel, channels

    registry.refresh()
    with pytest.raises(KeyError, match="unknown connector 'prueba_lista'"):
        registry.get("prueba_lista")
    broken = EntryPoint(name="roto", value="no_existe.modulo:Canal", group="escucha.channels")
    monkeypatch.setattr("escucha.registry.entry_points", lambda group: [broken] if group == "escucha.channels" else [])
    channels.refresh()
    try:
        with pytest.raises(DeliveryConfigError, match="'roto' from the installed package 'no_existe'.*could not be loaded"):
            build_channel("x", {"type": "roto"})
        with pytest.raises(PluginError):
            channels.get("roto")
        assert channels.get("webhook")  # built-ins unaffected
    finally:
        monkeypatch.undo()
        channels.refresh()


def test_apprise_channel_posts_to_a_loopback_json_endpoint(monkeypatch):
    from escucha.analytics.alerts import Alert
    from escucha.outputs.delivery import DeliveryConfigError, DeliveryError, build_channel
    from escucha.outputs.delivery.messages import alert_message

    receiver = Receiver()
    try:
        port = receiver.url.rsplit(":", 1)[1]
        monkeypatch.setenv("APPRISE_URL", f"json://127.0.0.1:{port}/alertas")
        channel = build_channel("guardia", {"type": "apprise", "urls": ["env:APPRISE_URL"]})
        alert = Alert.model_validate({"key": "k1", "kind": "alcance_alto", "severity": "alta",
                                      "title": "Publicación negativa de gran alcance",
                                      "evidence": {"followers": 120000, "url": "https://x.com/a/status/1",
                                                   "verbatims": [{"text": "Pésimo servicio, llevo 3 días sin señal"}]}})
        receipt = channel.send(alert_message(alert, key="k1|guardia"))
        assert receipt.channel == "guardia"
        [body] = receiver.json("/alertas")
        assert body["title"] == "[Escucha] Alerta alta: Publicación negativa de gran alcance"
        assert body["type"] == "failure"  # alta
        assert "**Seguidores del autor**: 120.000" in body["message"]
        assert "> Pésimo servicio, llevo 3 días sin señal" in body["message"]
        assert "print" not in repr(channel) and f"127.0.0.1:{port}" not in repr(channel)
        receiver.status["/alertas"] = 500
        with pytest.raises(DeliveryError) as failed:
            channel.send(alert_message(alert, key="k1|guardia"))
        assert failed.value.retryable and "/alertas" not in str(failed.value).replace("***", "")
        with pytest.raises(DeliveryConfigError, match="urls"):
            build_channel("mal", {"type": "apprise", "urls": ["no-es-una-url"]})
    finally:
        receiver.close()

