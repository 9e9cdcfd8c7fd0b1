"""Configuration: bundled defaults (default.yaml), schema and loader."""

from escucha.config.loader import ConfigError, load_config, resolve_path
from escucha.config.schema import EscuchaConfig

__all__ = ["ConfigError", "EscuchaConfig", "load_config", "resolve_path"]
