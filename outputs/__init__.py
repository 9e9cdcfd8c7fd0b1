"""Escucha outputs."""
