"""Zendesk (or any help desk speaking its API) tickets, incrementally, as PQRS records.

- Tickets come from the cursor-based incremental export
  (`/api/v2/incremental/tickets/cursor.json?start_time=...`, then `?cursor=<after_cursor>` until
  `end_of_stream`); a ticket updated since the last run comes again and is upserted (same id).
- Each ticket's comments (`/api/v2/tickets/{id}/comments.json`) give the text: the requester's
  public comments are what is analysed; the agents' public replies are kept in `extra` for
  context (like a transcript's agent turns), and the first of them is `first_response_at`.
- Custom fields become record fields through `custom_fields` (record field -> field id), with
  optional value translations (`custom_values`: dropdown tags -> our values).
- Auth: `email` + API token (`token: env:ZENDESK_TOKEN`), see `escucha.secrets`.
"""

from __future__ import annotations

import json
from datetime import datetime, timezone
from typing import Any, Iterator
from zoneinfo import ZoneInfo

from pydantic import Field, field_validator

from escucha.connectors._base import Batch, Connector, registry
from escucha.connectors.files import parse_datetime
from escucha.connectors.http import HttpClient, HttpOptions, SourceError
from escucha.connectors.mapping import map_row
from escucha.records import QuarantineItem, RecordError
from escucha.secrets import basic_auth_value, resolve

# record fields a custom field may fill (the rest are set from the ticket itself)
MAPPABLE = ("customer_id", "customer_segment", "process", "product", "country", "region", "pqrs_type",
            "status", "score", "followers", "first_response_at", "closed_at", "author")


class ZendeskOptions(HttpOptions):
    base_url: str = Field(description="https://<subdomain>.zendesk.com")
    email: str = Field(description="the agent e-mail the API token belongs to (or a secret reference)")
    token: str = Field(description="API token reference, e.g. env:ZENDESK_TOKEN")
    start_time: datetime | int = Field(0, description="first run only: tickets updated since (ISO date or Unix time)")
    comments: bool = True
    include_subject: bool = True
    custom_fields: dict[str, int | str] = Field(default_factory=dict)
    custom_values: dict[str, dict[str, str]] = Field(default_factory=dict)
    timezone: str = "UTC"
    max_pages: int = Field(10_000, ge=1)

    @field_validator("custom_fields")
    @classmethod
    def _mappable(cls, v: dict[str, int | str]) -> dict[str, int | str]:
        bad = [k for k in v if k not in MAPPABLE]
        if bad:
            raise ValueError(f"cannot map custom fields to {bad}; allowed record fields: {', '.join(MAPPABLE)}")
        return v


def _unix(value: datetime | int) -> int:
    if isinstance(value, datetime):
        return int((value if value.tzinfo else value.replace(tzinfo=timezone.utc)).timestamp())
    return int(value)


@registry.register("zendesk")
class ZendeskConnector(Connector):
    Options = ZendeskOptions

    def client(self) -> HttpClient:
        o = self.options
        token = resolve(o.token, f"connector {self.name!r} options.token")
        email = resolve(o.email, f"connector {self.name!r} options.email").reveal()
        return HttpClient(o.base_url, o, name=self.name,
                          headers={"Authorization": basic_auth_value(f"{email}/token", token)})

    def payload_keys(self) -> tuple[frozenset[str], frozenset[str]]:
        keep, _ = super().payload_keys()
        return keep | {"id", "created_at", "updated_at", "status", "type", "priority", "requester_id",
                       "organization_id", "author_id", "public"}, frozenset()

    def read(self, state: dict[str, Any] | None) -> Iterator[Batch]:
        state = dict(state or {})
        tz = ZoneInfo(self.options.timezone)
        with self.client() as http:
            if state.get("cursor"):
                params: dict[str, Any] = {"cursor": state["cursor"]}
            else:
                params = {"start_time": _unix(self.options.start_time)}
            cursor = state.get("cursor")
            for _ in range(self.options.max_pages):
                page = http.get_json("/api/v2/incremental/tickets/cursor.json", params)
                if not isinstance(page, dict) or not isinstance(page.get("tickets"), list):
                    raise SourceError(f"connector {self.name!r}: the incremental export answered without "
                                      "a 'tickets' list")
                batch = Batch()
                for ticket in page["tickets"]:
                    self._add(batch, http, ticket, tz)
                after = page.get("after_cursor") or cursor
                batch.cursor = {"cursor": after} if after else dict(state)
                yield batch
                if page.get("end_of_stream") or not page.get("after_cursor") or page["after_cursor"] == cursor:
                    return
                cursor = page["after_cursor"]
                params = {"cursor": cursor}

    def comments(self, http: HttpClient, ticket_id: Any) -> list[dict[str, Any]]:
        out: list[dict[str, Any]] = []
        url: str | None = f"/api/v2/tickets/{ticket_id}/comments.json"
        for _ in range(self.options.max_pages):
            page = http.get_json(url)
            if not isinstance(page, dict):
                break
            out += [c for c in page.get("comments") or [] if isinstance(c, dict)]
            links, meta = page.get("links") or {}, page.get("meta") or {}
            url = page.get("next_page") or (links.get("next") if meta.get("has_more") else None)
            if not url:
                break
        return out

    def _add(self, batch: Batch, http: HttpClient, ticket: Any, tz: ZoneInfo) -> None:
        payload = json.dumps(ticket, ensure_ascii=False, default=str)
        if not isinstance(ticket, dict):
            batch.quarantined.append(QuarantineItem(self.source, "ingest", "a ticket is not a JSON object", payload))
            return
        tid = ticket.get("id")
        if ticket.get("status") == "deleted":
            return
        comments: list[dict[str, Any]] = []
        if self.options.comments and tid is not None:
            try:
                comments = self.comments(http, tid)
            except SourceError as exc:
                if exc.status is None or exc.status >= 500 or exc.status in (401, 403, 429):
                    raise  # the source is down or refuses us: stop, the cursor stays
                batch.quarantined.append(QuarantineItem(
                    self.source, "ingest", f"ticket {tid}: comments could not be read: {exc}", payload, str(tid)))
                return
        try:
            batch.records.append(self.to_record(ticket, comments, tz))
        except RecordError as exc:
            batch.quarantined.append(QuarantineItem(self.source, "ingest", str(exc), payload, exc.source_id))
        except (KeyError, TypeError, ValueError, AttributeError) as exc:
            batch.quarantined.append(QuarantineItem(
                self.source, "ingest", f"ticket {tid}: unexpected shape: {type(exc).__name__}: {exc}", payload,
                None if tid is None else str(tid)))

    def to_record(self, ticket: dict[str, Any], comments: list[dict[str, Any]], tz: ZoneInfo):
        o = self.options
        tid = ticket.get("id")
        requester = ticket.get("requester_id")
        customer, agents = [], []
        for c in comments:
            body = c.get("plain_body") or c.get("body") or ""
            if not isinstance(body, str) or not body.strip():
                continue
            turn = {"created_at": c.get("created_at"), "text": body.strip()}
            if requester is not None and c.get("author_id") == requester:
                customer.append(turn)
            elif c.get("public", True):  # internal notes are not part of the conversation
                agents.append(turn)
        body = "\n\n".join(t["text"] for t in customer) or (ticket.get("description") or "")
        subject = (ticket.get("subject") or "").strip() if o.include_subject else ""
        text = f"{subject}\n\n{body}".strip() if subject and not body.startswith(subject) else body
        closed = ticket.get("updated_at") if ticket.get("status") in ("solved", "closed") else None
        row: dict[str, Any] = {
            "id": tid, "created_at": ticket.get("created_at"), "text": text, "status": ticket.get("status"),
            "author": None if requester is None else str(requester),
            "customer_id": None if requester is None else str(requester),
            "first_response_at": agents[0]["created_at"] if agents else None, "closed_at": closed,
        }
        customs = {str(f.get("id")): f.get("value") for f in ticket.get("custom_fields") or [] if isinstance(f, dict)}
        for field, fid in o.custom_fields.items():
            value = customs.get(str(fid))
            if isinstance(value, str) and field in o.custom_values:
                value = o.custom_values[field].get(value, value)
            if value not in (None, ""):
                row[field] = value
        mapping = {f: f for f in row} | {"source_id": "id", "opened_at": "created_at"}
        mapping.pop("id")
        row["__extra__"] = {k: v for k, v in {
            "agent_comments": agents, "customer_comments": len(customer), "subject": ticket.get("subject"),
            "priority": ticket.get("priority"), "type": ticket.get("type"), "tags": ticket.get("tags"),
            "via": (ticket.get("via") or {}).get("channel") if isinstance(ticket.get("via"), dict) else None,
            "updated_at": ticket.get("updated_at"),
        }.items() if v not in (None, [], "")}
        mapping["extra"] = "__extra__"
        for key in ("created_at", "first_response_at", "closed_at"):
            if isinstance(row.get(key), str):  # Zendesk times are ISO 8601 UTC
                try:
                    row[key] = parse_datetime(row[key], tz)
                except ValueError as exc:
                    raise RecordError(self.source, None if tid is None else str(tid),
                                      f"field '{key}': {exc}") from None
        return map_row(row, source=self.source, channel=self.channel, mapping=mapping,
                       salt=self.context.pseudonym_salt, tz=tz, keep_unmapped=False)
