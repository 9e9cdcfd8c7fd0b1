"""Sources. A connector is `read(state) -> batches of records + new cursor`, registered by name;
installed packages add more through the `escucha.connectors` entry-point group."""

from escucha.connectors._base import (
    Batch,
    Connector,
    ConnectorConfigError,
    ConnectorContext,
    ConnectorOptions,
    registry,
)
from escucha.connectors import export_files, transcripts, imap, meta_graph, rss, x_api, zendesk  # noqa: F401  (registration)

__all__ = ["Batch", "Connector", "ConnectorConfigError", "ConnectorContext", "ConnectorOptions", "registry",
           "build_connector"]


def build_connector(cfg, context: ConnectorContext) -> Connector:
    """Instantiate a configured connector (validates its options: errors name the connector)."""
    cls = registry.get(cfg.type)
    return cls(name=cfg.name, channel=cfg.channel, options=cfg.options, context=context)
