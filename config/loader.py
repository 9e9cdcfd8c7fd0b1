"""Load the configuration: bundled defaults <- user YAML <- ESCUCHA__* environment variables.

Everything is checked before a run starts; errors name the key (`nlp.sentiment.backend`) and,
for environment variables, the variable.
"""

from __future__ import annotations

import copy
import os
from importlib import resources
from pathlib import Path
from typing import Any, Mapping

import yaml
from pydantic import ValidationError

from escucha.config.schema import EscuchaConfig

ENV_PREFIX = "ESCUCHA__"


class ConfigError(ValueError):
    """The configuration cannot be used; the message names the key and what is wrong."""


def default_yaml_text() -> str:
    return resources.files("escucha.config").joinpath("default.yaml").read_text(encoding="utf-8")


def _merge(base: dict[str, Any], override: Mapping[str, Any]) -> dict[str, Any]:
    out = copy.deepcopy(base)
    for key, value in override.items():
        if isinstance(value, Mapping) and isinstance(out.get(key), dict):
            out[key] = _merge(out[key], value)
        else:
            out[key] = copy.deepcopy(value)
    return out


def _env_overrides(environ: Mapping[str, str]) -> dict[str, Any]:
    """ESCUCHA__NLP__SENTIMENT__BACKEND=transformers -> {"nlp": {"sentiment": {"backend": ...}}}.

    Values are parsed as YAML so numbers, booleans, null and lists work.
    """
    out: dict[str, Any] = {}
    for name, raw in sorted(environ.items()):
        if not name.startswith(ENV_PREFIX):
            continue
        path = [p.lower() for p in name[len(ENV_PREFIX) :].split("__") if p]
        if not path:
            raise ConfigError(f"environment variable {name}: no key after {ENV_PREFIX}")
        try:
            value = yaml.safe_load(raw) if raw.strip() else None
        except yaml.YAMLError:
            value = raw
        node = out
        for part in path[:-1]:
            node = node.setdefault(part, {})
            if not isinstance(node, dict):
                raise ConfigError(f"environment variable {name}: conflicts with another ESCUCHA__ variable")
        node[path[-1]] = value
    return out


def _format_errors(exc: ValidationError, env_keys: set[str]) -> str:
    lines = []
    for err in exc.errors():
        key = ".".join(str(p) for p in err["loc"])
        msg = err["msg"].removeprefix("Value error, ")
        if err["type"] == "extra_forbidden":
            msg = "unknown key (check the spelling; see config/default.yaml)"
        prefix = ENV_PREFIX + "__".join(str(p).upper() for p in err["loc"])
        from_env = sorted(k for k in env_keys if k == prefix or k.startswith(prefix + "__"))
        where = f" (from {', '.join(from_env)})" if from_env else ""
        lines.append(f"  - {key}{where}: {msg}")
    return "invalid configuration:\n" + "\n".join(lines)


def load_config(
    path: str | Path | None = None,
    environ: Mapping[str, str] | None = None,
    overrides: Mapping[str, Any] | None = None,
) -> EscuchaConfig:
    """Build the validated config. `path` defaults to $ESCUCHA_CONFIG when set."""
    environ = os.environ if environ is None else environ
    data: dict[str, Any] = yaml.safe_load(default_yaml_text()) or {}
    path = path or environ.get("ESCUCHA_CONFIG")
    if path:
        p = Path(path)
        if not p.is_file():
            raise ConfigError(f"configuration file not found: {p}")
        try:
            user = yaml.safe_load(p.read_text(encoding="utf-8")) or {}
        except yaml.YAMLError as exc:
            raise ConfigError(f"configuration file {p} is not valid YAML: {exc}") from None
        if not isinstance(user, dict):
            raise ConfigError(f"configuration file {p} must hold a mapping of keys, not {type(user).__name__}")
        data = _merge(data, user)
    env = _env_overrides(environ)
    data = _merge(data, env)
    if overrides:
        data = _merge(data, overrides)
    env_keys = {k for k in environ if k.startswith(ENV_PREFIX)}
    try:
        return EscuchaConfig.model_validate(data)
    except ValidationError as exc:
        raise ConfigError(_format_errors(exc, env_keys)) from None


def resolve_path(cfg: EscuchaConfig, template: str) -> Path:
    """Expand `{data_dir}` in a configured path."""
    return Path(template.format(data_dir=cfg.data_dir)).expanduser()
