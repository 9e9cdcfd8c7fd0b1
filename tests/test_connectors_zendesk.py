"""Zendesk tickets connector against a real HTTP server on loopback speaking the Zendesk API shape."""

from __future__ import annotations

import base64
import logging
import socket
import traceback

import pytest

from escucha.connectors import ConnectorContext, registry
from escucha.connectors.http import SourceError
from escucha.secrets import SecretError
from loopback_http import Request, serve
from helpers import read_all

pytestmark = pytest.mark.timeout(30)

CTX = ConnectorContext(pseudonym_salt="test-salt-123", data_dir=".", batch_size=100)
TOKEN = "zd-token-SECRETO-8c1f2e"
EMAIL = "bot@acme.test"

TICKETS_P1 = [
    {"id": 1, "created_at": "2026-11-03T13:15:00Z", "updated_at": "2026-11-04T10:00:00Z", "status": "solved",
     "subject": "Cobro doble", "description": "Me cobraron dos veces", "requester_id": 501,
     "custom_fields": [{"id": 9001, "value": "seg_estrategico"}, {"id": 9002, "value": "Plan Hogar"},
                       {"id": 9003, "value": "reclamo"}]},
    {"id": 2, "created_at": "2026-11-03T15:00:00Z", "updated_at": "2026-11-03T15:00:00Z", "status": "open",
     "subject": "Certificado", "description": "Necesito el paz y salvo", "requester_id": 502, "custom_fields": []},
    {"id": 3, "created_at": "no es una fecha", "status": "new", "subject": "x", "description": "y",
     "requester_id": 503},
]
TICKETS_P2 = [{"id": 4, "created_at": "2026-11-05T09:00:00Z", "status": "deleted", "requester_id": 1}]
COMMENTS = {
    1: [{"id": 11, "author_id": 501, "public": True, "created_at": "2026-11-03T13:15:00Z",
         "plain_body": "Me cobraron dos veces la cuota de noviembre."},
        {"id": 12, "author_id": 900, "public": False, "created_at": "2026-11-03T14:00:00Z",
         "plain_body": "Nota interna: revisar facturación"},
        {"id": 13, "author_id": 900, "public": True, "created_at": "2026-11-03T16:30:00Z",
         "plain_body": "Con gusto le ayudamos, ya reversamos el cobro."},
        {"id": 14, "author_id": 501, "public": True, "created_at": "2026-11-04T09:00:00Z",
         "plain_body": "Sigo esperando el reembolso."}],
    2: [{"id": 21, "author_id": 502, "public": True, "created_at": "2026-11-03T15:00:00Z",
         "plain_body": "¿Podrían enviarme el paz y salvo?"}],
    3: [],
}
OPTIONS = {"email": EMAIL, "token": "env:ZENDESK_TOKEN", "retry_backoff_s": 0.01,
           "custom_fields": {"customer_segment": 9001, "product": 9002, "pqrs_type": 9003},
           "custom_values": {"customer_segment": {"seg_estrategico": "estratégico"}}}


def zendesk_api(failures: dict[str, int]):
    """Route: incremental export in two pages, comments; `failures` counts one-time faults."""
    def route(req: Request):
        auth = req.headers.get("authorization", "")
        if auth != "Basic " + base64.b64encode(f"{EMAIL}/token:{TOKEN}".encode()).decode():
            return 401, {}, {"error": "Couldn't authenticate you"}
        if req.path == "/api/v2/incremental/tickets/cursor.json":
            if failures.get("429", 0):
                failures["429"] -= 1
                return 429, {"Retry-After": "1"}, {"error": "APIRateLimitExceeded"}
            if req.query.get("cursor") == "c1":
                return 200, {}, {"tickets": TICKETS_P2, "after_cursor": "c2", "end_of_stream": True}
            if req.query.get("cursor") == "c2":
                return 200, {}, {"tickets": [], "after_cursor": "c2", "end_of_stream": True}
            assert req.query["start_time"] == "1700000000"
            return 200, {}, {"tickets": TICKETS_P1, "after_cursor": "c1", "end_of_stream": False}
        if req.path.startswith("/api/v2/tickets/") and req.path.endswith("/comments.json"):
            tid = int(req.path.split("/")[4])
            if tid == 2 and failures.get("500", 0):
                failures["500"] -= 1
                return 500, {}, "Internal Server Error"
            if tid == 1 and req.query.get("page") != "2":  # comments in two pages (next_page)
                return 200, {}, {"comments": COMMENTS[1][:2], "next_page": "/api/v2/tickets/1/comments.json?page=2"}
            if tid == 1:
                return 200, {}, {"comments": COMMENTS[1][2:], "next_page": None}
            return 200, {}, {"comments": COMMENTS[tid], "next_page": None}
        return 404, {}, {"error": "RecordNotFound"}
    return route


def make(url: str, **extra):
    return registry.create("zendesk", name="zendesk", channel="pqrs",
                           options={**OPTIONS, "base_url": url, **extra}, context=CTX)




def test_incremental_export_comments_custom_fields_429_and_500(monkeypatch):
    monkeypatch.setenv("ZENDESK_TOKEN", TOKEN)
    failures = {"429": 1, "500": 1}
    with serve(zendesk_api(failures)) as srv:
        records, quarantined, cursor = read_all(make(srv.url, start_time="2023-11-14T22:13:20Z"))
        exports = [r for r in srv.requests if "incremental" in r.path]
    assert failures == {"429": 0, "500": 0}
    # the 429 was honoured: the retry came at least Retry-After (1 s) later
    assert exports[1].at - exports[0].at >= 0.95
    assert [e.query.get("cursor") for e in exports] == [None, None, "c1"]
    assert cursor == {"cursor": "c2"}
    by_id = {r.source_id: r for r in records}
    assert sorted(by_id) == ["1", "2"]  # 3 is quarantined, 4 is deleted
    r1 = by_id["1"]
    assert r1.channel == "pqrs"
    # the customer's comments are the text; agent replies kept apart; internal notes dropped
    assert r1.text == "Cobro doble\n\nMe cobraron dos veces la cuota de noviembre.\n\nSigo esperando el reembolso."
    assert [c["text"] for c in r1.extra["agent_comments"]] == ["Con gusto le ayudamos, ya reversamos el cobro."]
    assert "Nota interna" not in str(r1.model_dump())
    assert r1.first_response_at.isoformat() == "2026-11-03T16:30:00+00:00"
    assert r1.closed_at.isoformat() == "2026-11-04T10:00:00+00:00" and r1.status == "solved"
    assert (r1.customer_segment, r1.product, r1.pqrs_type) == ("estratégico", "Plan Hogar", "reclamo")
    assert r1.author.startswith("u_") and r1.author != "501"
    assert by_id["2"].text == "Certificado\n\n¿Podrían enviarme el paz y salvo?" and by_id["2"].closed_at is None
    assert len(quarantined) == 1 and "created_at" in quarantined[0].reason and "no es una fecha" in quarantined[0].reason
    assert quarantined[0].source_id == "3"


def test_next_run_resumes_from_saved_cursor(monkeypatch):
    monkeypatch.setenv("ZENDESK_TOKEN", TOKEN)
    with serve(zendesk_api({})) as srv:
        records, _, cursor = read_all(make(srv.url), {"cursor": "c2"})
        assert [r.query for r in srv.requests] == [{"cursor": "c2"}]
    assert records == [] and cursor == {"cursor": "c2"}


def test_persistent_5xx_and_refused_connection_fail_after_bounded_retries(monkeypatch):
    monkeypatch.setenv("ZENDESK_TOKEN", TOKEN)
    with serve(lambda req: (503, {}, "down")) as srv:
        with pytest.raises(SourceError, match="HTTP 503, still failing after 2 retries"):
            read_all(make(srv.url, max_retries=2))
        assert len(srv.requests) == 3
    with socket.socket() as s:  # a port nobody listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    with pytest.raises(SourceError, match="ConnectError.*after 1 retries"):
        read_all(make(f"http://127.0.0.1:{port}", max_retries=1))


def test_token_never_reaches_logs_or_errors(monkeypatch, caplog):
    monkeypatch.setenv("ZENDESK_TOKEN", TOKEN)
    basic = base64.b64encode(f"{EMAIL}/token:{TOKEN}".encode()).decode()

    def leaky(req: Request):  # a server that echoes the credentials it got in its error body
        return 401, {}, {"error": "Couldn't authenticate you", "got": req.headers.get("authorization"),
                         "token": TOKEN}

    caplog.set_level(logging.DEBUG)
    with serve(leaky) as srv:
        conn = make(srv.url)
        with pytest.raises(SourceError) as info:
            read_all(conn)
    err = info.value
    shown = str(err) + repr(err) + "".join(traceback.format_exception(err)) + caplog.text + repr(conn) + str(vars(conn))
    assert "HTTP 401" in str(err) and "***" in str(err)
    assert TOKEN not in shown and basic not in shown


def test_missing_secret_names_the_variable_not_a_value(monkeypatch):
    monkeypatch.delenv("ZENDESK_TOKEN", raising=False)
    with pytest.raises(SecretError, match="'ZENDESK_TOKEN'"):
        read_all(make("http://127.0.0.1:9"))


def test_custom_field_to_unknown_record_field_is_a_config_error():
    from escucha.connectors import ConnectorConfigError

    with pytest.raises(ConnectorConfigError, match="custom_fields"):
        make("http://127.0.0.1:9", custom_fields={"text": 1})
