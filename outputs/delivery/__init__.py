"""Delivery of alerts and reports: e-mail (SMTP), Slack, Microsoft Teams, a generic webhook, and
every service Apprise reaches; more channel types come from installed plugins (entry points in
the `escucha.channels` group).

    chans = build_channels(cfg)                  # {name: Channel} from `delivery.channels`
    receipt = chans["alertas-slack"].send(alert_message(alert))

What is sent, and the ledger that makes each send happen once, live in
`escucha.pipeline.deliver`; this package only turns a Message into each channel's wire format.
"""

from __future__ import annotations

import inspect
from typing import Any, Mapping

from escucha.outputs.delivery import apprise_channel, msteams, slack, smtp, webhook  # noqa: F401  (registrations)
from escucha.outputs.delivery._base import (
    SEVERITIES,
    Attachment,
    Channel,
    DeliveryError,
    Message,
    Receipt,
    Verbatim,
    channels,
)
from escucha.registry import PluginError
from escucha.secrets import Secret, SecretError, resolve_optional, scrub


class DeliveryConfigError(ValueError):
    """A channel's configuration cannot be used; the message names the key, never a secret."""


def build_channel(name: str, options: Mapping[str, Any]) -> Channel:
    """One channel from its config entry ({type: ..., options...}); secrets resolved from their
    references (env:VAR, prefect-secret:NAME, file:/path; see escucha.secrets)."""
    opts = dict(options)
    kind = opts.pop("type", None)
    where = f"delivery.channels.{name}"
    try:
        cls = channels.get(str(kind))
    except (KeyError, PluginError) as exc:
        raise DeliveryConfigError(f"{where}.type: {exc.args[0]}") from None
    params = inspect.signature(cls.__init__).parameters
    accepted = [p for p in params if p not in ("self", "name")]
    unknown = sorted(set(opts) - set(accepted))
    if unknown:
        raise DeliveryConfigError(f"{where}: unknown option(s) {unknown} for type {kind}; known: {accepted}")
    missing = [p for p, v in params.items() if p not in ("self", "name") and v.default is inspect.Parameter.empty
               and p not in opts]
    if missing:
        raise DeliveryConfigError(f"{where}: missing option(s) {missing} for type {kind}")
    for key in getattr(cls, "secret_options", ()):
        if key in opts:
            try:
                value = opts[key]
                opts[key] = ([resolve_optional(v, f"{where}.{key}[{i}]") for i, v in enumerate(value)]
                             if isinstance(value, list) else resolve_optional(value, f"{where}.{key}"))
            except SecretError as exc:
                raise DeliveryConfigError(str(exc)) from None
    try:
        return cls(name=name, **opts)
    except (TypeError, ValueError) as exc:
        values = [x for v in opts.values() for x in (v if isinstance(v, list) else [v])]
        secrets = [v for v in values if isinstance(v, Secret)]
        raise DeliveryConfigError(scrub(f"{where}: {exc}", secrets)) from None


def build_channels(cfg: Any) -> dict[str, Channel]:
    """Every channel of `delivery.channels` (the EscuchaConfig or its `delivery` section)."""
    section = getattr(cfg, "delivery", cfg)
    out: dict[str, Channel] = {}
    for name, entry in section.channels.items():
        data = entry.model_dump() if hasattr(entry, "model_dump") else dict(entry)
        out[name] = build_channel(name, data)
    return out


__all__ = [
    "SEVERITIES", "Attachment", "Channel", "DeliveryConfigError", "DeliveryError", "Message", "Receipt",
    "Verbatim", "build_channel", "build_channels", "channels",
]
