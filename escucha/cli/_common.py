"""What the `escucha` commands share: the --config option, loading the configuration, and the
checks that stop a command before any work starts, naming what is wrong (exit code 2).

Everything heavy is imported inside the functions, so that `escucha --help` stays fast.
"""

from __future__ import annotations

from pathlib import Path
from typing import NoReturn, Optional

import typer

ConfigOpt = typer.Option(None, "--config", "-c", help="YAML file merged over the defaults (or $ESCUCHA_CONFIG).")
# Tables an analyst hands in and gets back (`analyze`, `topics discover`).
SheetOpt = typer.Option(None, "--sheet", help="Excel input: the sheet to read (default: the first).")
BomOpt = typer.Option(True, "--bom/--no-bom",
                      help="CSV output: start with a UTF-8 byte-order mark, so that Excel shows accents right.")
DelimiterOpt = typer.Option(",", "--delimiter",
                            help="CSV output: ',' or ';' (Excel where the decimal mark is a comma: "
                                 "semicolons and decimal commas), tab or '|'.")


def fail(message: str, code: int = 2) -> NoReturn:
    """End the command: `error: message` on stderr and exit `code` (2: bad input, 3: store busy)."""
    typer.echo(f"error: {message}", err=True)
    raise typer.Exit(code)


def load(config: Optional[Path]):
    """The validated configuration (defaults, the file, the environment), or exit 2 naming the problem."""
    from escucha.config import ConfigError, load_config

    try:
        return load_config(config)
    except ConfigError as exc:
        fail(str(exc))


def config_arg(config: Optional[Path]) -> str | None:
    """The --config path as the flows take it (they load the configuration themselves)."""
    return str(config) if config else None


def check_connectors(cfg) -> None:
    """Build every connector and delivery channel (options, env:VAR secrets) before a run starts;
    refuse the public demo pseudonym salt on anything but the demo corpus."""
    from escucha.connectors import ConnectorConfigError
    from escucha.pipeline.ingest import build_connectors
    from escucha.pipeline.pseudonyms import public_salt_problem
    from escucha.registry import PluginError

    problem = public_salt_problem(cfg)
    if problem:
        fail(problem)
    try:
        build_connectors(cfg)
    except (ConnectorConfigError, KeyError, PluginError) as exc:
        fail(f"invalid configuration: {exc.args[0] if exc.args else exc}")
    check_delivery(cfg)


def check_delivery(cfg) -> None:
    """Build every delivery channel; exit 2 naming the key that is wrong."""
    from escucha.outputs.delivery import DeliveryConfigError, build_channels

    try:
        build_channels(cfg)
    except DeliveryConfigError as exc:
        fail(f"invalid configuration: {exc}")


def check_models(cfg) -> None:
    """Fail before the flow starts when a configured transformers model is not on this machine."""
    from escucha.nlp.preflight import missing_models

    problems = missing_models(cfg.nlp)
    if problems:
        for task, reason in problems.items():
            typer.echo(f"error: nlp.{task}: {reason}", err=True)
        raise typer.Exit(2)


def check_store(cfg) -> None:
    """Open the configured store once before a flow starts: exit 2 when its schema version is not
    this code's (the message says to run `escucha store upgrade`, or to upgrade Escucha)."""
    from escucha.pipeline.context import open_configured_store
    from escucha.store import SchemaMismatch, StoreLocked

    try:
        with open_configured_store(cfg):
            pass
    except SchemaMismatch as exc:
        fail(str(exc))
    except StoreLocked:
        pass  # a run holds the store: the flow waits or refuses with its own message


def check_redaction(cfg) -> None:
    """Refuse to start on a store redacted by an older redactor (unless nlp.redaction.rescan lets
    the run rescan it first), naming the command that brings it up to date."""
    from escucha.nlp.text.pii import REDACTOR_VERSION
    from escucha.pipeline.context import open_configured_store
    from escucha.pipeline.redaction import store_redaction_version
    from escucha.store import StoreLocked

    if not cfg.nlp.redaction.enabled or cfg.nlp.redaction.rescan:
        return
    try:
        with open_configured_store(cfg) as store:
            version = store_redaction_version(store)
    except StoreLocked:
        return  # the run itself reports the lock
    if version is not None and version < REDACTOR_VERSION:
        fail(f"the store's texts were redacted by redactor version {version}; this Escucha redacts with version "
             f"{REDACTOR_VERSION}. Run `escucha redact --rescan` once (resumable), or set nlp.redaction.rescan: true "
             f"to let the nightly run do it.")


def load_for_nightly(config: Optional[Path]):
    """The configuration, once every check the nightly flow needs before it starts has passed
    (connectors, models, store schema, redactor version): `run` and `serve` refuse alike."""
    cfg = load(config)
    check_connectors(cfg)
    check_models(cfg)
    check_store(cfg)
    check_redaction(cfg)
    return cfg
