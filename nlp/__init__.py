"""Escucha nlp."""
