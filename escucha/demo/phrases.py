"""The demo corpus's phrase banks, read from the data files in `escucha/demo/data/`.

The files hold every word the demo writes (issues.yaml, topics.yaml, written.yaml, social.yaml,
calls.yaml, typing.yaml, vocab.csv; each says what it holds in its header); this module turns
them into typed, read-only objects. Templates elsewhere are written in neutral Spanish with
slots such as {celular} or {tienen}; vocab.csv fills them per country, so a Spanish customer
writes "móvil" and "tenéis" and a Colombian "celular" and "tienen". Markers of one country never
appear in another's texts, which is what the demo tests check.
"""

from __future__ import annotations

from dataclasses import dataclass

from escucha.textgen import read_csv, read_yaml

_DATA = "escucha.demo.data"
COUNTRIES = ("CO", "MX", "ES")

Bank = tuple[str, ...]
ByCountry = dict[str, Bank]
ByCountryTone = dict[str, dict[str, Bank]]


@dataclass(frozen=True)
class Issue:
    """A complaint theme with its wordings. Tones: calm -> neutral sentiment (a factual claim),
    upset / angry / sarcastic -> negative."""

    key: str
    label: str  # Spanish, shown to business users
    category: str
    process: str
    families: Bank  # product families it concerns (catalog.PRODUCTS)
    pqrs_type: str  # petición | queja | reclamo
    written: dict[str, Bank]  # by tone
    social: Bank
    clause: Bank
    call: Bank
    agent: Bank
    sarcastic_social: Bank = ()
    emerging: bool = False


@dataclass(frozen=True)
class Topic:
    """A non-issue theme. Sentiment is fixed by kind: petición/sugerencia -> neu, felicitación -> pos."""

    key: str
    label: str
    kind: str  # peticion | sugerencia | felicitacion
    process: str
    families: Bank
    written: Bank
    social: Bank
    call: Bank
    agent: Bank


@dataclass(frozen=True)
class Written:
    """What frames a written PQRS description."""

    openers: ByCountryTone
    closers: ByCountryTone
    details_neg: Bank
    details_calm: Bank
    second_issue_connectors: Bank
    pii_lines: dict[str, Bank]  # by kind of personal data


@dataclass(frozen=True)
class Account:
    """A high-reach social account."""

    username: str
    name: str
    followers: int
    location: str
    kind: str  # news | influencer
    post: str | None = None  # its planted post, for the accounts of the spike day


@dataclass(frozen=True)
class Post:
    """A pre-written post: by a high-reach account, or in another language."""

    topic: str  # issue or topic key
    sentiment: str  # neg | neu | pos
    text: str
    lang: str = "es"


@dataclass(frozen=True)
class OutagePost:
    tone: str
    text: str


@dataclass(frozen=True)
class Social:
    slang: ByCountryTone
    emojis: dict[str, Bank]  # by tone
    hashtags: dict[str, Bank]  # by issue category or tone
    outage_posts: tuple[OutagePost, ...]
    spike_news: Account
    spike_influencer: Account
    big_accounts: tuple[Account, ...]
    big_account_posts: tuple[Post, ...]
    foreign_posts: tuple[Post, ...]


@dataclass(frozen=True)
class Outbound:
    """An outbound call kind (cobranza_out, telemercadeo_out)."""

    topic: str
    label: str
    process: str
    families: Bank
    complaint: str  # issue key of a customer who answers with a complaint


@dataclass(frozen=True)
class CallScripts:
    """The agent's script by country, the customer's spoken fillers, and the outbound calls."""

    greetings: ByCountry
    name_replies: ByCountry
    verify: ByCountry
    id_replies: Bank
    verified: ByCountry
    hold: Bank
    hold_ok: Bank
    hold_back: Bank
    reactions: dict[str, Bank]  # calm | upset
    anything_else: ByCountry
    nothing_else: Bank
    closings: ByCountry
    spoken_openers: ByCountry
    spoken_angry: ByCountry
    spoken_thanks: ByCountry
    cobranza_open: ByCountry
    cobranza_answer: Bank  # the customer confirms who they are
    cobranza_ask: Bank
    cobranza_neu: Bank
    cobranza_agent_neu: Bank
    telemercadeo_open: ByCountry
    offers: tuple[tuple[str, str], ...]  # (product family, offer)
    telemercadeo_neu: Bank
    telemercadeo_agent_neu: Bank
    telemercadeo_pos: Bank
    telemercadeo_agent_pos: Bank
    outbound_thanks: Bank  # the customer ends a neutral outbound call
    outbound: dict[str, Outbound]  # by kind


@dataclass(frozen=True)
class Typing:
    """How customers type in a hurry."""

    elongations: dict[str, str]  # word -> its stretched form
    substitutions: tuple[tuple[str, str], ...]  # (what, becomes), replaced once each by chance


def _load_issues() -> dict[str, Issue]:
    return {key: Issue(key=key, **fields) for key, fields in read_yaml(_DATA, "issues.yaml").items()}


def _load_topics() -> dict[str, Topic]:
    return {key: Topic(key=key, **fields) for key, fields in read_yaml(_DATA, "topics.yaml").items()}


def _load_social() -> Social:
    data = read_yaml(_DATA, "social.yaml")
    spike = data.pop("spike_accounts")
    return Social(
        slang=data["slang"], emojis=data["emojis"], hashtags=data["hashtags"],
        outage_posts=tuple(OutagePost(**p) for p in data["outage_posts"]),
        spike_news=Account(**spike["news"]), spike_influencer=Account(**spike["influencer"]),
        big_accounts=tuple(Account(**a) for a in data["big_accounts"]),
        big_account_posts=tuple(Post(**p) for p in data["big_account_posts"]),
        foreign_posts=tuple(Post(**p) for p in data["foreign_posts"]),
    )


def _load_calls() -> CallScripts:
    data = read_yaml(_DATA, "calls.yaml")
    data["offers"] = tuple((o["family"], o["offer"]) for o in data["offers"])
    data["outbound"] = {kind: Outbound(**o) for kind, o in data["outbound"].items()}
    return CallScripts(**data)


def _load_vocab() -> dict[str, dict[str, str]]:
    rows = read_csv(_DATA, "vocab.csv")
    return {country: {row["slot"]: row[country] for row in rows} for country in COUNTRIES}


ISSUES: dict[str, Issue] = _load_issues()
EMERGING_KEY: str = next(k for k, issue in ISSUES.items() if issue.emerging)
TOPICS: dict[str, Topic] = _load_topics()
WRITTEN = Written(**read_yaml(_DATA, "written.yaml"))
SOCIAL = _load_social()
CALLS = _load_calls()
TYPING = Typing(**read_yaml(_DATA, "typing.yaml"))
_VOCAB = _load_vocab()


def vocab(country: str) -> dict[str, str]:
    """The country's words for the vocabulary slots (a fresh copy the caller may extend)."""
    return dict(_VOCAB[country])


def topics_of(kind: str) -> tuple[str, ...]:
    return tuple(k for k, t in TOPICS.items() if t.kind == kind)
