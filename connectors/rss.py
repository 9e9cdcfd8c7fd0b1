"""RSS 2.0 / RSS 1.0 / Atom feeds (news mentions, review sites) over HTTP or from a file.

Parsed with the standard library's XML parser (expat, which refuses entity-expansion bombs).
Incremental by entry id and date: an entry is new when its id (guid/id, else link) was not seen
and it is not older than the newest date already stored; entries without a date count by id
alone. The cursor keeps the newest date and the last `max_seen` ids.

The channel is the instance's (`review` for review feeds, `social` for news mentions...);
a review's rating can be read from an element named by `score_element` (e.g. `rating`).
"""

from __future__ import annotations

import email.utils
import json
import xml.etree.ElementTree as ET
from datetime import datetime
from pathlib import Path
from typing import Any, Iterator
from zoneinfo import ZoneInfo

from pydantic import Field, model_validator

from escucha.connectors._base import Batch, Connector, registry
from escucha.connectors.files import parse_datetime
from escucha.connectors.htmltext import html_to_text
from escucha.connectors.http import HttpClient, HttpOptions, SourceError
from escucha.records import QuarantineItem, Record, RecordError, build_record, pseudonymise, utcnow

ACCEPT = "application/rss+xml, application/atom+xml, application/xml;q=0.9, text/xml;q=0.8, */*;q=0.1"


class RssOptions(HttpOptions):
    url: str | None = None
    path: str | None = None
    include_title: bool = True
    score_element: str | None = None  # local name of a rating element, e.g. "rating"
    timezone: str = "UTC"  # for dates written without a zone
    max_seen: int = Field(5000, ge=10)

    @model_validator(mode="after")
    def _one_source(self) -> "RssOptions":
        if bool(self.url) == bool(self.path):
            raise ValueError("set exactly one of url (http/https) or path (a feed file)")
        return self


def _local(tag: Any) -> str:
    return tag.rsplit("}", 1)[-1].lower() if isinstance(tag, str) else ""


def _child(el: ET.Element, *names: str) -> ET.Element | None:
    for name in names:
        for c in el:
            if _local(c.tag) == name:
                return c
    return None


def _first_text(el: ET.Element, *names: str) -> str:
    """The first non-empty of these children (media:content is empty where description is not)."""
    for name in names:
        for c in el:
            if _local(c.tag) == name and _text(c):
                return _text(c)
    return ""


def _text(el: ET.Element | None) -> str:
    if el is None:
        return ""
    # Atom <content type="xhtml"> holds markup as elements; serialise it back to HTML
    inner = (el.text or "") + "".join(ET.tostring(c, encoding="unicode") for c in el)
    return inner.strip()


def _date(value: str, tz: ZoneInfo) -> datetime | None:
    if not value:
        return None
    try:
        parsed = email.utils.parsedate_to_datetime(value)  # RSS: RFC 822
    except (TypeError, ValueError, IndexError):
        return parse_datetime(value.replace("Z", "+00:00") if value.endswith("Z") else value, tz)  # Atom: RFC 3339
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=tz)


def parse_feed(data: bytes) -> tuple[str, list[ET.Element]]:
    """(feed title, entries) of an RSS or Atom document."""
    try:
        root = ET.fromstring(data)
    except ET.ParseError as exc:
        raise ValueError(f"not a valid XML feed: {exc}") from None
    kind = _local(root.tag)
    if kind not in ("rss", "feed", "rdf"):
        raise ValueError(f"not an RSS or Atom feed (root element <{kind}>)")
    channel = _child(root, "channel")
    title = _text(_child(channel if channel is not None else root, "title"))
    entries = [el for el in root.iter() if _local(el.tag) in ("item", "entry")]
    return html_to_text(title), entries


@registry.register("rss")
class RssConnector(Connector):
    Options = RssOptions

    def payload_keys(self) -> tuple[frozenset[str], frozenset[str]]:
        keep, _ = super().payload_keys()
        return keep | {"id", "link", "date"}, frozenset({"author"})

    def fetch(self) -> bytes:
        o = self.options
        if o.path:
            p = Path(o.path.format(data_dir=self.context.data_dir)).expanduser()
            if not p.exists():
                raise FileNotFoundError(f"connector {self.name!r}: {p} does not exist")
            return p.read_bytes()
        with HttpClient(o.url, o, name=self.name, headers={"Accept": ACCEPT}) as http:
            return http.get(o.url).content

    def read(self, state: dict[str, Any] | None) -> Iterator[Batch]:
        state = dict(state or {})
        tz = ZoneInfo(self.options.timezone)
        seen: list[str] = list(state.get("seen", []))
        seen_set = set(seen)
        latest = datetime.fromisoformat(state["latest"]) if state.get("latest") else None
        try:
            feed_title, entries = parse_feed(self.fetch())
        except ValueError as exc:
            raise SourceError(f"connector {self.name!r}: {exc}") from None
        batch = Batch()
        newest = latest
        for n, el in enumerate(entries, 1):
            row = self.entry_row(el, tz)
            if row.get("id") in seen_set:
                continue
            when = row.pop("_when", None)
            if when is not None and latest is not None and when < latest:
                continue
            payload = json.dumps({k: v for k, v in row.items() if not k.startswith("_")}, ensure_ascii=False, default=str)
            try:
                if "_error" in row:
                    raise RecordError(self.source, row.get("id"), row["_error"])
                batch.records.append(self.to_record(row, when, feed_title))
            except RecordError as exc:
                batch.quarantined.append(QuarantineItem(self.source, "ingest", f"entry {n}: {exc}", payload,
                                                        exc.source_id))
            if row.get("id"):
                seen.append(row["id"])
                seen_set.add(row["id"])
            if when is not None and (newest is None or when > newest):
                newest = when
        cursor: dict[str, Any] = {"seen": seen[-self.options.max_seen:]}
        if newest is not None:
            cursor["latest"] = newest.isoformat()
        batch.cursor = cursor
        yield batch

    def entry_row(self, el: ET.Element, tz: ZoneInfo) -> dict[str, Any]:
        link_el = _child(el, "link")
        link = ""
        if link_el is not None:
            link = (link_el.get("href") or link_el.text or "").strip()
            for c in el:  # Atom: prefer rel="alternate"
                if _local(c.tag) == "link" and c.get("rel", "alternate") == "alternate" and c.get("href"):
                    link = c.get("href").strip()
                    break
        entry_id = _first_text(el, "guid", "id") or link
        author_el = _child(el, "author", "creator")
        author = _text(_child(author_el, "name")) if author_el is not None and len(author_el) else _text(author_el)
        row: dict[str, Any] = {
            "id": entry_id or None, "link": link or None,
            "title": html_to_text(_text(_child(el, "title"))),
            "body": html_to_text(_first_text(el, "encoded", "content", "description", "summary")),
            "author": author or None,
            "date": _first_text(el, "pubdate", "published", "date", "updated", "issued") or None,
            "categories": [c.get("term") or (c.text or "").strip() for c in el if _local(c.tag) in ("category", "subject")],
        }
        if self.options.score_element:
            row["score"] = _text(_child(el, self.options.score_element.lower())) or None
        try:
            row["_when"] = _date(row["date"] or "", tz)
        except ValueError as exc:
            row["_error"] = f"field 'created_at' (element pubDate/published): {exc}"
        return row

    def to_record(self, row: dict[str, Any], when: datetime | None, feed_title: str) -> Record:
        title, body = row["title"], row["body"]
        if self.options.include_title and title and not body.startswith(title):
            text = f"{title}\n\n{body}".strip()
        else:
            text = body or title
        extra = {k: v for k, v in {"feed": feed_title, "title": title, "categories": row["categories"]}.items() if v}
        if when is None:
            extra["created_at_is_fetch_time"] = True  # the entry has no date: the time it was first read
        score = row.get("score")
        if score is not None:
            try:
                score = float(str(score).replace(",", "."))
            except ValueError:
                raise RecordError(self.source, row.get("id"), f"field 'score': {score!r} is not a number") from None
        return build_record(self.source, row.get("id"), channel=self.channel,
                            created_at=when or utcnow().replace(microsecond=0), text=text,
                            author=pseudonymise(row.get("author"), self.context.pseudonym_salt),
                            url=row.get("link"), score=score, extra=extra or None)
