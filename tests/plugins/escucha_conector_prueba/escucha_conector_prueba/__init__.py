"""A plugin written against Escucha's public contracts only (escucha.connectors,
escucha.outputs.delivery, escucha.records): what a third-party package looks like."""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path

from escucha.connectors import Batch, Connector, ConnectorOptions
from escucha.outputs.delivery import Channel, Message, Receipt
from escucha.records import build_record


class ListOptions(ConnectorOptions):
    texts: list[str] = []


class ListConnector(Connector):
    """Records from `options.texts` (a list of strings), with ids 1..n; one batch."""

    Options = ListOptions

    def read(self, state):
        texts = list(self.options.texts)
        done = int((state or {}).get("read", 0))
        records = [build_record(self.name, str(i + 1), channel=self.channel, text=t,
                                created_at="2026-11-03T08:00:00-05:00") for i, t in enumerate(texts) if i >= done]
        yield Batch(records=records, quarantined=[], cursor={"read": len(texts)})


class FileChannel(Channel):
    """Appends each message as one JSON line to `path`."""

    type = "prueba_archivo"

    def __init__(self, name: str, path: str):
        super().__init__(name)
        self.path = Path(path)

    def send(self, message: Message) -> Receipt:
        with self.path.open("a", encoding="utf-8") as f:
            f.write(json.dumps({"asunto": message.subject, "texto": message.text}, ensure_ascii=False) + "\n")
        return Receipt(channel=self.name, detail=str(self.path))


def catalog_path():
    return resources.files(__name__).joinpath("catalogo.yaml")
