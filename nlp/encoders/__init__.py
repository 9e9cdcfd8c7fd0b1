"""Sentence encoders: text -> L2-normalised vectors, shared by classifiers and topic modeling."""

from escucha.nlp.encoders._base import Encoder
from escucha.nlp.encoders.use import UniversalSentenceEncoder

__all__ = ["Encoder", "UniversalSentenceEncoder"]
