"""Social posts in the X API v2 search-response shape ({data, includes.users, meta}).

This reads saved responses (a file or a watched folder of them); the live HTTP connector
shares `tweet_to_record`. Reach fields (followers, likes, shares) come from public_metrics.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Iterator
from zoneinfo import ZoneInfo

from pydantic import Field

from escucha.connectors._base import registry
from escucha.connectors.export_files import ExportFilesConnector, ExportOptions
from escucha.connectors.files import parse_datetime, read_text
from escucha.records import Record, RecordError, build_record, pseudonymise


class XApiOptions(ExportOptions):
    mapping: dict[str, str] = Field(default_factory=dict)  # the shape is fixed by the API
    timezone: str = "UTC"
    url_template: str = "https://x.com/{username}/status/{id}"


def tweet_to_record(tweet: dict[str, Any], user: dict[str, Any] | None, *, source: str, channel: str,
                    salt: str, url_template: str) -> Record:
    sid = tweet.get("id")
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
            users = {u.get("id"): u for u in (page.get("includes") or {}).get("users", []) if isinstance(u, dict)}
            for tweet in page.get("data") or []:
                if not isinstance(tweet, dict):
                    yield {"__error__": "a post is not a JSON object", "__raw__": str(tweet)[:2000]}
                    continue
                yield {"tweet": tweet, "user": users.get(tweet.get("author_id"))}

    def to_record(self, row: dict[str, Any], tz: ZoneInfo) -> Record:
        return tweet_to_record(row["tweet"], row.get("user"), source=self.source, channel=self.channel,
                               salt=self.context.pseudonym_salt, url_template=self.options.url_template)
