"""Escucha: voice-of-customer text mining for Spanish."""

from escucha.offline import apply_offline_env

apply_offline_env()

__version__ = "0.1.0"
