"""What one demo record is meant to say, decided before any text is written.

The generator first plans every record (channel, day, country, theme, tone), then turns each
plan into text. Ground truth is written from the plan, so it states intent, not what a model
would infer from the words.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

# tone -> intended sentiment
SENTIMENT = {"calm": "neu", "neu": "neu", "upset": "neg", "angry": "neg", "sarcastic": "neg", "pos": "pos"}


@dataclass
class Plan:
    channel: str  # pqrs | transcript | social
    day: date  # local date (pqrs, transcript) or UTC date (social, as X reports it)
    country: str
    kind: str  # issue | peticion | sugerencia | felicitacion | cobranza_out | telemercadeo_out
    topic: str  # issue key or topic key
    issues: list[str] = field(default_factory=list)
    tone: str = "upset"
    tag: str = ""  # emerging | spike | spike_big | spike_news | big | foreign | recurring_floor
    city: str | None = None
    lang: str = "es"
    fixed_text: str | None = None  # pre-written text (big accounts, foreign posts)
    sentiment_override: str | None = None

    @property
    def sentiment(self) -> str:
        return self.sentiment_override or SENTIMENT[self.tone]
