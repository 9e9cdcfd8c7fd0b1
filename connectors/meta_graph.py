"""Comments on Facebook/Instagram posts and pages through the Meta Graph API shape.

`GET /{object-id}/comments?fields=...&order=chronological` answers `{data: [...], paging:
{cursors: {after}, next}}`. Each configured object (a post, a page's feed item, an Instagram
media) is read oldest first, so the cursor per object is simply the newest `created_time`
stored. The boundary second is read again on the next run (upserts make that harmless), so
two comments in the same second are never split across runs and lost.

Reach: `like_count` -> likes (or `reactions.summary.total_count` when requested), the number of
replies is kept in `extra.comment_count`. The token travels as a Bearer header, never in URLs.
"""

from __future__ import annotations

import json
from datetime import datetime, timezone
from typing import Any, Iterator

from pydantic import Field

from escucha.connectors._base import Batch, Connector, registry
from escucha.connectors.files import parse_datetime
from escucha.connectors.http import HttpClient, HttpOptions, SourceError
from escucha.records import QuarantineItem, Record, RecordError, build_record, pseudonymise
from escucha.secrets import resolve

UTC = timezone.utc


class MetaGraphOptions(HttpOptions):
    base_url: str = "https://graph.facebook.com/v21.0"
    access_token: str = Field(description="reference, e.g. env:META_TOKEN or prefect-secret:meta-token")
    object_ids: list[str] = Field(min_length=1, description="posts / media whose comments are read")
    fields: str = "id,message,created_time,from,like_count,comment_count,permalink_url,parent{id}"
    limit: int = Field(100, ge=1, le=1000)
    since: datetime | None = None  # first run only: ignore older comments
    filter: str = "stream"  # stream: replies too; toplevel: only top-level comments
    max_pages: int = Field(10_000, ge=1)


def _time(value: Any) -> datetime | None:
    # Graph writes "2026-11-18T14:03:11+0000"
    return parse_datetime(value, UTC)


@registry.register("meta_graph")
class MetaGraphConnector(Connector):
    Options = MetaGraphOptions

    def payload_keys(self) -> tuple[frozenset[str], frozenset[str]]:
        keep, _ = super().payload_keys()
        return keep | {"id", "created_time", "like_count", "comment_count", "permalink_url"}, frozenset({"name"})

    def read(self, state: dict[str, Any] | None) -> Iterator[Batch]:
        o = self.options
        seen: dict[str, str] = dict((state or {}).get("since", {}))
        token = resolve(o.access_token, f"connector {self.name!r} options.access_token")
        with HttpClient(o.base_url, o, name=self.name,
                        headers={"Authorization": f"Bearer {token.reveal()}"}) as http:
            for obj in o.object_ids:
                floor = _time(seen[obj]) if obj in seen else (
                    (o.since if o.since.tzinfo else o.since.replace(tzinfo=UTC)) if o.since else None)
                params: dict[str, Any] = {"fields": o.fields, "limit": o.limit, "order": "chronological",
                                          "filter": o.filter}
                if floor is not None:
                    params["since"] = int(floor.timestamp())
                newest = floor
                path: str = f"/{obj}/comments"
                for _ in range(o.max_pages):
                    page = http.get_json(path, params)
                    if not isinstance(page, dict) or not isinstance(page.get("data", []), list):
                        raise SourceError(f"connector {self.name!r}: /{obj}/comments answered without a 'data' list")
                    batch = Batch()
                    for item in page.get("data") or []:
                        when = self._add(batch, item, obj, floor)
                        if when is not None and (newest is None or when > newest):
                            newest = when
                    if newest is not None:
                        seen[obj] = newest.isoformat()
                    batch.cursor = {"since": dict(seen)}
                    yield batch
                    paging = page.get("paging") or {}
                    after = (paging.get("cursors") or {}).get("after")
                    if not paging.get("next"):
                        break
                    if after:  # rebuild from the cursor: same host, same path, token stays in the header
                        params = {**params, "after": after}
                    else:
                        path, params = paging["next"], None

    def _add(self, batch: Batch, item: Any, obj: str, floor: datetime | None) -> datetime | None:
        payload = json.dumps(item, ensure_ascii=False, default=str)
        try:
            when = _time(item.get("created_time", item.get("timestamp"))) if isinstance(item, dict) else None
        except ValueError:
            when = None
        if when is not None and floor is not None and when < floor:
            return None  # older than what is stored (a server that ignores `since`)
        try:
            batch.records.append(self.to_record(item, obj))
        except RecordError as exc:
            batch.quarantined.append(QuarantineItem(self.source, "ingest", str(exc), payload, exc.source_id))
        except (AttributeError, TypeError, ValueError) as exc:
            batch.quarantined.append(QuarantineItem(
                self.source, "ingest", f"comment of {obj}: unexpected shape: {type(exc).__name__}: {exc}", payload))
        return when

    def to_record(self, item: dict[str, Any], obj: str) -> Record:
        sid = item.get("id")
        if isinstance(sid, (dict, list, bool)):
            raise RecordError(self.source, None, f"field 'id': is a {type(sid).__name__}, not a comment id")
        time_key = "created_time" if "created_time" in item else "timestamp"  # Instagram: timestamp
        try:
            created = _time(item.get(time_key))
        except ValueError as exc:
            raise RecordError(self.source, sid, f"field '{time_key}': {exc}") from None
        author = item.get("from") if isinstance(item.get("from"), dict) else {}
        likes = item.get("like_count")
        reactions = ((item.get("reactions") or {}).get("summary") or {}).get("total_count")
        if reactions is not None:
            likes = reactions
        parent = item.get("parent") if isinstance(item.get("parent"), dict) else {}
        extra = {k: v for k, v in {"object_id": obj, "comment_count": item.get("comment_count"),
                                   "parent_id": parent.get("id")}.items() if v is not None}
        return build_record(
            self.source, sid, channel=self.channel, created_at=created, text=item.get("message", item.get("text")) or "",
            author=pseudonymise(author.get("id") or author.get("name") or item.get("username"),
                                self.context.pseudonym_salt),
            likes=likes, url=item.get("permalink_url"), extra=extra)
