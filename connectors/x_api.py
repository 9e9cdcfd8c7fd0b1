"""Social posts in the X API v2 search-response shape ({data, includes.users, meta}).

`x_api_json` reads saved responses (a file or a watched folder of them); `x_api` calls the live
recent-search endpoint; both share `tweet_to_record`. Reach fields (followers, likes, shares)
come from public_metrics.
"""

from __future__ import annotations

import json
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Iterator
from zoneinfo import ZoneInfo

from pydantic import Field

from escucha.connectors._base import Batch, Connector, registry
from escucha.connectors.export_files import ExportFilesConnector, ExportOptions
from escucha.connectors.files import parse_datetime
from escucha.connectors.http import HttpClient, HttpOptions, SourceError
from escucha.records import QuarantineItem, Record, RecordError, build_record, pseudonymise
from escucha.secrets import resolve
from escucha.textfiles import read_text


class XApiOptions(ExportOptions):
    mapping: dict[str, str] = Field(default_factory=dict)  # the shape is fixed by the API
    timezone: str = "UTC"
    url_template: str = "https://x.com/{username}/status/{id}"


def tweet_to_record(tweet: dict[str, Any], user: dict[str, Any] | None, *, source: str, channel: str,
                    salt: str, url_template: str) -> Record:
    sid = tweet.get("id")
    if sid is not None and (not isinstance(sid, (str, int)) or isinstance(sid, bool)):
        raise RecordError(source, None, f"field 'id': is a {type(sid).__name__}, not a post id")
    if not isinstance(tweet.get("text"), str):
        raise RecordError(source, sid, "field 'text': missing or not a string")
    try:
        created = parse_datetime(tweet.get("created_at"), ZoneInfo("UTC"))
    except ValueError as exc:
        raise RecordError(source, sid, f"field 'created_at': {exc}") from None
    metrics = tweet.get("public_metrics") or {}
    user = user or {}
    username = user.get("username")
    extra = {k: tweet[k] for k in ("lang", "conversation_id", "in_reply_to_user_id") if k in tweet}
    if user.get("location"):
        extra["location"] = user["location"]
    try:
        followers = (user.get("public_metrics") or {}).get("followers_count")
        shares = None
        if "retweet_count" in metrics or "quote_count" in metrics:
            shares = int(metrics.get("retweet_count") or 0) + int(metrics.get("quote_count") or 0)
        likes = metrics.get("like_count")
    except (TypeError, ValueError, AttributeError) as exc:
        raise RecordError(source, sid, f"field 'public_metrics': {exc}") from None
    return build_record(
        source, sid, channel=channel, created_at=created, text=tweet["text"],
        author=pseudonymise(username or tweet.get("author_id"), salt),
        followers=followers, likes=likes, shares=shares,
        url=url_template.format(username=username or "i", id=sid) if sid else None,
        extra=extra or None,
    )


@registry.register("x_api_json")
class XApiFileConnector(ExportFilesConnector):
    Options = XApiOptions

    def rows(self, path: Path) -> Iterator[dict[str, Any]]:
        text, _ = read_text(path)
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            yield {"__error__": f"not valid JSON: {exc.msg} at line {exc.lineno}", "__raw__": text[:2000]}
            return
        pages = data if isinstance(data, list) else [data]
        for page in pages:
            if not isinstance(page, dict):
                yield {"__error__": "a page is not a JSON object", "__raw__": str(page)[:2000]}
                continue
            includes = page.get("includes") or {}
            users_list = includes.get("users") if isinstance(includes, dict) else None
            users = {u.get("id"): u for u in (users_list if isinstance(users_list, list) else [])
                     if isinstance(u, dict) and isinstance(u.get("id"), (str, int))}
            posts = page.get("data") or []
            if not isinstance(posts, list):
                yield {"__error__": f"'data' is a {type(posts).__name__}, not a list of posts",
                       "__raw__": json.dumps(posts, ensure_ascii=False, default=str)[:2000]}
                continue
            for tweet in posts:
                if not isinstance(tweet, dict):
                    yield {"__error__": "a post is not a JSON object", "__raw__": str(tweet)[:2000]}
                    continue
                author = tweet.get("author_id")
                yield {"tweet": tweet, "user": users.get(author) if isinstance(author, (str, int)) else None}

    def payload_keys(self) -> tuple[frozenset[str], frozenset[str]]:
        keep, authors = super().payload_keys()
        # ids and the handle stay: the record keeps the handle in its url too
        return keep | {"id", "author_id", "created_at", "conversation_id", "in_reply_to_user_id", "lang",
                       "username"}, authors

    def to_record(self, row: dict[str, Any], tz: ZoneInfo) -> Record:
        return tweet_to_record(row["tweet"], row.get("user"), source=self.source, channel=self.channel,
                               salt=self.context.pseudonym_salt, url_template=self.options.url_template)


class XApiHttpOptions(HttpOptions):
    base_url: str = "https://api.x.com"
    bearer_token: str = Field(description="reference, e.g. env:X_BEARER_TOKEN")
    query: str = Field(min_length=1, description="X search query, e.g. '@MiMarca -is:retweet lang:es'")
    max_results: int = Field(100, ge=10, le=100)
    start_time: datetime | None = None  # first run only (search/recent reaches back 7 days)
    url_template: str = "https://x.com/{username}/status/{id}"
    max_pages: int = Field(1000, ge=1)


@registry.register("x_api")
class XApiHttpConnector(Connector):
    """Live X API v2 recent search (`/2/tweets/search/recent`), incremental by `since_id`.

    Pages (`next_token`) go from newest to oldest, all newer than `since_id`; so the cursor
    moves to the newest id only with the last page. A crash in the middle re-reads the night's
    pages, which upserts make harmless, and never skips a post."""

    Options = XApiHttpOptions

    def payload_keys(self) -> tuple[frozenset[str], frozenset[str]]:
        keep, authors = super().payload_keys()
        return keep | {"id", "author_id", "created_at", "conversation_id", "in_reply_to_user_id", "lang",
                       "username"}, authors

    def read(self, state: dict[str, Any] | None) -> Iterator[Batch]:
        o = self.options
        since_id = (state or {}).get("since_id")
        token = resolve(o.bearer_token, f"connector {self.name!r} options.bearer_token")
        params: dict[str, Any] = {
            "query": o.query, "max_results": o.max_results,
            "tweet.fields": "created_at,public_metrics,lang,conversation_id,in_reply_to_user_id,author_id",
            "expansions": "author_id", "user.fields": "username,public_metrics,location",
        }
        if since_id:
            params["since_id"] = since_id
        elif o.start_time:
            start = o.start_time if o.start_time.tzinfo else o.start_time.replace(tzinfo=timezone.utc)
            params["start_time"] = start.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
        newest = since_id
        with HttpClient(o.base_url, o, name=self.name,
                        headers={"Authorization": f"Bearer {token.reveal()}"}) as http:
            for _ in range(o.max_pages):
                page = http.get_json("/2/tweets/search/recent", params)
                if not isinstance(page, dict):
                    raise SourceError(f"connector {self.name!r}: the search answered {type(page).__name__}")
                meta = page.get("meta") if isinstance(page.get("meta"), dict) else {}
                batch = Batch()
                includes = page.get("includes") if isinstance(page.get("includes"), dict) else {}
                users = {u.get("id"): u for u in (includes.get("users") or [])
                         if isinstance(u, dict) and isinstance(u.get("id"), (str, int))}
                for tweet in page.get("data") or []:
                    payload = json.dumps(tweet, ensure_ascii=False, default=str)
                    try:
                        if not isinstance(tweet, dict):
                            raise RecordError(self.source, None, "a post is not a JSON object")
                        batch.records.append(tweet_to_record(
                            tweet, users.get(tweet.get("author_id")) if isinstance(tweet.get("author_id"), (str, int))
                            else None, source=self.source, channel=self.channel,
                            salt=self.context.pseudonym_salt, url_template=o.url_template))
                    except RecordError as exc:
                        batch.quarantined.append(QuarantineItem(self.source, "ingest", str(exc), payload,
                                                                exc.source_id))
                    if isinstance(tweet, dict) and str(tweet.get("id", "")).isdigit():
                        if newest is None or int(tweet["id"]) > int(newest):
                            newest = str(tweet["id"])
                if meta.get("newest_id") and str(meta["newest_id"]).isdigit():
                    if newest is None or int(meta["newest_id"]) > int(newest):
                        newest = str(meta["newest_id"])
                token_next = meta.get("next_token")
                done = not token_next
                batch.cursor = {"since_id": newest} if done and newest else ({"since_id": since_id} if since_id else {})
                yield batch
                if done:
                    return
                params = {**params, "next_token": token_next}
