"""The connector contract (Singer/Airbyte style): `read(state) -> batches of records + new state`.

A connector never writes to the store. It yields `Batch`es; the ingest stage stores each
batch's records, quarantined rows and cursor in one transaction, so the cursor only moves
once the records it covers are safe. Re-reading after a crash repeats at most one batch, and
upserts by id make that harmless.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import dataclass, field
from typing import Any, ClassVar, Iterator

from pydantic import BaseModel, ConfigDict, ValidationError

from escucha.records import QuarantineItem, Record
from escucha.registry import CONNECTORS_GROUP, Registry


@dataclass
class ConnectorContext:
    """What every connector may need from the run, but not the store."""

    pseudonym_salt: str
    data_dir: str = "."
    batch_size: int = 5000


@dataclass
class Batch:
    records: list[Record] = field(default_factory=list)
    quarantined: list[QuarantineItem] = field(default_factory=list)
    cursor: dict[str, Any] = field(default_factory=dict)


class ConnectorOptions(BaseModel):
    """Base for each connector's `options` block; unknown keys are errors."""

    model_config = ConfigDict(extra="forbid")


class ConnectorConfigError(ValueError):
    pass


class Connector(ABC):
    Options: ClassVar[type[ConnectorOptions]] = ConnectorOptions

    def __init__(self, name: str, channel: str, options: dict[str, Any], context: ConnectorContext):
        self.name = name
        self.channel = channel
        self.context = context
        try:
            self.options = self.Options.model_validate(options)
        except ValidationError as exc:
            problems = "; ".join(
                f"options.{'.'.join(str(p) for p in e['loc'])}: {e['msg']}" for e in exc.errors()
            )
            raise ConnectorConfigError(f"connector {name!r} ({type(self).__name__}): {problems}") from None

    @property
    def source(self) -> str:
        """The `source` of every record: the connector instance's name."""
        return self.name

    def payload_keys(self) -> tuple[frozenset[str], frozenset[str]]:
        """(keys kept verbatim, keys holding an author) in a quarantined row's payload.

        Ingest redacts every other string of a quarantined payload like the record's text, so
        the quarantine holds no more personal data than the records table. Verbatim keys are
        ids, dates and codes, which the records table keeps as they are too (and which a replay
        needs intact); author keys are pseudonymised like `Record.author`."""
        return frozenset({"__error__", "__file__", "fingerprint"}), frozenset()

    @abstractmethod
    def read(self, state: dict[str, Any] | None) -> Iterator[Batch]:
        """Yield batches of what is new since `state`; each batch carries the cursor after it."""


registry: Registry[Connector] = Registry("connector", CONNECTORS_GROUP)
