"""Deterministic demo corpus (PQRS export, call transcripts, social posts, ground truth) for the
fictional telco + bank "Conecta" in Colombia, Mexico and Spain. See generator.py."""

from escucha.demo.generator import generate_demo
from escucha.demo.writers import DEMO_MARKER

__all__ = ["DEMO_MARKER", "generate_demo"]
