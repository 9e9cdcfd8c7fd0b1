"""Meta Graph comments and live X API search against real HTTP servers on loopback."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest
from helpers import read_all
from loopback_http import Request, serve

from escucha.connectors import ConnectorContext, registry
from escucha.connectors.http import SourceError

pytestmark = pytest.mark.timeout(30)

CTX = ConnectorContext(pseudonym_salt="test-salt-123", data_dir=".", batch_size=100)
META_TOKEN = "EAAG-meta-token-9f8e7d"
X_TOKEN = "AAAA-x-bearer-5c4b3a"


COMMENTS = [  # chronological, as asked with order=chronological
    {"id": "p1_c1", "message": "Sin señal desde ayer en Medellín", "created_time": "2026-11-18T14:03:11+0000",
     "from": {"id": "fb-77", "name": "Laura B"}, "like_count": 12, "comment_count": 2,
     "permalink_url": "https://facebook.com/p1?comment_id=c1"},
    {"id": "p1_c2", "message": "", "created_time": "2026-11-18T14:05:00+0000", "from": {"id": "fb-78"}},
    {"id": "p1_c3", "message": "Me pasa lo mismo", "created_time": "2026-11-18T15:00:00+0000",
     "from": {"id": "fb-79"}, "like_count": 3, "parent": {"id": "p1_c1"}},
    {"id": "p1_c4", "message": "Ya volvió el servicio, gracias", "created_time": "2026-11-19T08:00:00+0000",
     "from": {"id": "fb-80"}, "like_count": 0},
]


def graph_api(req: Request):
    if req.headers.get("authorization") != f"Bearer {META_TOKEN}":
        return 400, {}, {"error": {"message": "Invalid OAuth access token", "type": "OAuthException", "code": 190}}
    if req.path != "/v21.0/post1/comments":
        return 404, {}, {"error": {"message": "Unknown path"}}
    since = int(req.query.get("since", 0))
    items = [c for c in COMMENTS if datetime.strptime(c["created_time"], "%Y-%m-%dT%H:%M:%S%z").timestamp() >= since]
    start = int(req.query.get("after", "0"))
    page = items[start:start + 2]
    body = {"data": page, "paging": {"cursors": {"before": str(start), "after": str(start + 2)}}}
    if start + 2 < len(items):  # like Graph: a full `next` URL, here carrying nothing secret
        body["paging"]["next"] = f"https://graph.example/v21.0/post1/comments?after={start + 2}"
    return 200, {}, body


def test_meta_graph_pages_reach_and_created_time_cursor(monkeypatch):
    monkeypatch.setenv("META_TOKEN", META_TOKEN)
    with serve(graph_api) as srv:
        conn = registry.create("meta_graph", name="fb", channel="social", context=CTX, options={
            "base_url": srv.url + "/v21.0", "access_token": "env:META_TOKEN", "object_ids": ["post1"],
            "limit": 2, "retry_backoff_s": 0.01})
        read = read_all(conn)
        records, quarantined, cursors = read.records, read.quarantined, read.cursors
        assert [r.query.get("after") for r in srv.requests] == [None, "2"]
        assert all("access_token" not in r.query for r in srv.requests)  # token only in the header
        by_id = {r.source_id: r for r in records}
        assert sorted(by_id) == ["p1_c1", "p1_c3", "p1_c4"]
        c1 = by_id["p1_c1"]
        assert c1.channel == "social" and c1.likes == 12 and c1.extra["comment_count"] == 2
        assert c1.url == "https://facebook.com/p1?comment_id=c1"
        assert c1.created_at == datetime(2026, 11, 18, 14, 3, 11, tzinfo=timezone.utc)
        assert c1.author.startswith("u_") and "fb-77" not in c1.author
        assert by_id["p1_c3"].extra["parent_id"] == "p1_c1"
        assert len(quarantined) == 1 and "p1_c2" in quarantined[0].reason and "text" in quarantined[0].reason
        # the cursor after each page is the newest created_time stored so far
        assert cursors[0] == {"since": {"post1": "2026-11-18T14:05:00+00:00"}}
        assert cursors[-1] == {"since": {"post1": "2026-11-19T08:00:00+00:00"}}
        # next run: only the boundary second comes back (upsert-safe), nothing older
        srv.requests.clear()
        again, _, _ = read_all(conn, cursors[-1])
        assert srv.requests[0].query["since"] == str(int(datetime(2026, 11, 19, 8, tzinfo=timezone.utc).timestamp()))
        assert [r.source_id for r in again] == ["p1_c4"]


def test_meta_graph_bad_token_is_a_readable_error_without_the_token(monkeypatch):
    monkeypatch.setenv("META_TOKEN", "wrong-token-123456")
    with serve(graph_api) as srv:
        conn = registry.create("meta_graph", name="fb", channel="social", context=CTX, options={
            "base_url": srv.url + "/v21.0", "access_token": "env:META_TOKEN", "object_ids": ["post1"]})
        with pytest.raises(SourceError, match="HTTP 400.*Invalid OAuth") as info:
            read_all(conn)
    assert "wrong-token-123456" not in str(info.value)


USERS = [{"id": "u1", "username": "laura_b", "public_metrics": {"followers_count": 150000}},
         {"id": "u2", "username": "pepe", "public_metrics": {"followers_count": 10}}]
TWEETS = [  # newest first, as the search answers
    {"id": "105", "text": "Otra vez sin internet @ConectaAyuda", "author_id": "u2", "created_at": "2026-11-18T16:00:00.000Z",
     "public_metrics": {"retweet_count": 1, "reply_count": 0, "like_count": 4, "quote_count": 0}},
    {"id": "104", "text": None, "author_id": "u2", "created_at": "2026-11-18T15:00:00.000Z"},
    {"id": "103", "text": "@ConectaAyuda llevo dos días sin servicio 😡", "author_id": "u1",
     "created_at": "2026-11-18T14:03:11.000Z", "lang": "es",
     "public_metrics": {"retweet_count": 40, "reply_count": 3, "like_count": 120, "quote_count": 2}},
]


def x_api(state: dict):
    def route(req: Request):
        if req.headers.get("authorization") != f"Bearer {X_TOKEN}":
            return 401, {}, {"title": "Unauthorized"}
        assert req.path == "/2/tweets/search/recent"
        assert req.query["expansions"] == "author_id" and "public_metrics" in req.query["user.fields"]
        if state.get("limit_once"):
            state["limit_once"] = False
            return 429, {"x-rate-limit-reset": "0"}, {"title": "Too Many Requests"}
        since = int(req.query.get("since_id", 0))
        tweets = [t for t in TWEETS if int(t["id"]) > since]
        if not tweets:
            return 200, {}, {"meta": {"result_count": 0}}
        start = 2 if req.query.get("next_token") == "tok2" else 0
        page = tweets[start:start + 2]
        meta = {"result_count": len(page), "newest_id": page[0]["id"], "oldest_id": page[-1]["id"]}
        if start + 2 < len(tweets):
            meta["next_token"] = "tok2"
        return 200, {}, {"data": page, "includes": {"users": USERS}, "meta": meta}
    return route


def test_x_api_live_search_pages_reach_and_since_id(monkeypatch):
    monkeypatch.setenv("X_BEARER_TOKEN", X_TOKEN)
    state = {"limit_once": True}
    with serve(x_api(state)) as srv:
        conn = registry.create("x_api", name="x", channel="social", context=CTX, options={
            "base_url": srv.url, "bearer_token": "env:X_BEARER_TOKEN", "query": "@ConectaAyuda lang:es",
            "retry_backoff_s": 0.01})
        read = read_all(conn)
        records, quarantined, cursors = read.records, read.quarantined, read.cursors
        assert state["limit_once"] is False  # the 429 was retried
        assert [r.query.get("next_token") for r in srv.requests] == [None, None, "tok2"]
        by_id = {r.source_id: r for r in records}
        assert sorted(by_id) == ["103", "105"]
        r = by_id["103"]
        assert (r.followers, r.likes, r.shares) == (150000, 120, 42)
        assert r.url == "https://x.com/laura_b/status/103" and r.channel == "social"
        assert len(quarantined) == 1 and "104" in quarantined[0].reason
        # the cursor moves to the newest id only with the last page
        assert cursors == [{}, {"since_id": "105"}]
        srv.requests.clear()
        again = read_all(conn, {"since_id": "105"})
        assert srv.requests[0].query["since_id"] == "105"
        assert again.records == [] and again.cursors == [{"since_id": "105"}]
