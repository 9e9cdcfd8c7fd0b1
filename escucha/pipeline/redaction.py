"""Redaction of records (with their dialogue context) and of what is already stored.

- `redact_record`: the record's text and every string of its `extra`; where the connector kept
  which question each part of the text answers (`extra.replies`: `[start, end, agent turn index
  or the question]`), the redactor types bare answers by it ("¿me confirma su cédula?" ->
  "Sí, es 1094692548" -> "Sí, es [DOCUMENTO]"). The offsets are rewritten for the redacted text.
- `rescan`: re-redact every stored text with the current redactor, in batches, resumable (a
  cursor in the store moves with each batch), and record the redactor version in the store.
- `ensure_redaction_current`: before a nightly run, refuse a store redacted by an older redactor
  version (or rescan it, when `nlp.redaction.rescan: true`).
- `guard_report`, `guard_alert`: the final check (`PiiGuard`) on report verbatims and alert texts
  before they are written or sent; what it refuses is left out and quarantined with the reason.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass, field, replace
from typing import Any, Callable

from escucha.config import EscuchaConfig
from escucha.nlp.text.pii import REDACTOR_VERSION, PiiGuard, RedactionPolicy, Refusal, expectations
from escucha.records import QuarantineItem, Record
from escucha.store import Store

log = logging.getLogger(__name__)

__all__ = [
    "RedactionOutdated", "RescanResult", "build_redaction", "redact_record", "redact_value", "store_redaction_version",
    "mark_redaction_version", "rescan", "ensure_redaction_current", "output_guard", "guard_report", "guard_alert",
]

VERSION_KIND = "redactor"
_RECORD_FIELDS = ("id", "source", "source_id", "channel", "created_at", "text", "author", "customer_id",
                  "customer_segment", "process", "product", "country", "region", "pqrs_type", "opened_at",
                  "first_response_at", "closed_at", "status", "followers", "likes", "shares", "url", "score", "extra")
# Stored texts besides the records: the enrichment's normalised text and the topics' quotes.
_OTHER_TEXTS = (("enrichments", "text_norm"), ("topics", "verbatims"), ("topics", "label"))


class RedactionOutdated(RuntimeError):
    """The store holds texts redacted by an older redactor than this one."""


def build_redaction(cfg: EscuchaConfig) -> RedactionPolicy | None:
    """Per-channel redactor factory from `nlp.redaction`, or None when redaction is off."""
    red = cfg.nlp.redaction
    if not red.enabled:
        return None
    keep_terms = list(red.keep_terms)
    for team in cfg.reports.teams.values():
        keep_terms += team.products or []
    return RedactionPolicy(red.types, countries=red.countries, keep_terms=keep_terms,
                           keep_patterns=red.case_number_patterns)


def redact_value(value: Any, redact: Callable[[str], str]) -> Any:
    """Every string inside lists and dicts, redacted; other values as they are."""
    if isinstance(value, str):
        return redact(value)
    if isinstance(value, list):
        return [redact_value(v, redact) for v in value]
    if isinstance(value, dict):
        return {k: redact_value(v, redact) for k, v in value.items()}
    return value


def _replies(extra: dict[str, Any] | None) -> list[tuple[int, int, str]]:
    """(start, end, question) for each answer the connector located in the text."""
    if not extra or not isinstance(extra.get("replies"), list):
        return []
    turns = extra.get("agent_turns") if isinstance(extra.get("agent_turns"), list) else []
    out = []
    for rep in extra["replies"]:
        if not (isinstance(rep, list) and len(rep) == 3 and isinstance(rep[0], int) and isinstance(rep[1], int)):
            continue
        asked = rep[2]
        if isinstance(asked, int) and not isinstance(asked, bool) and 0 <= asked < len(turns):
            asked = turns[asked].get("text") if isinstance(turns[asked], dict) else None
        if isinstance(asked, str):
            out.append((rep[0], rep[1], asked))
    return out


def redact_record(rec: Record, policy: RedactionPolicy) -> Record:
    """The record with its text and `extra` redacted (dialogue context applied)."""
    redactor = policy.redactor_for(rec.channel)

    def redact(s: str) -> str:
        return redactor.redact(s).text

    replies = _replies(rec.extra)
    result = redactor.redact(rec.text, expectations(replies))
    update: dict[str, Any] = {"text": result.text}
    if rec.extra:
        extra = redact_value(rec.extra, redact)
        if replies:
            extra["replies"] = [[result.offset(r[0]), result.offset(r[1]), r[2]] if isinstance(r[2], int)
                                else [result.offset(r[0]), result.offset(r[1]), redact(r[2])]
                                for r in rec.extra["replies"] if isinstance(r, list) and len(r) == 3
                                and isinstance(r[0], int) and isinstance(r[1], int)]
        update["extra"] = extra
    return rec.model_copy(update=update)


# -- the version recorded in the store ------------------------------------------------------------
def store_redaction_version(store: Store) -> int | None:
    """The redactor version the store's texts were redacted with: None for an empty store that
    never recorded one, 1 for texts stored before versions were recorded."""
    outputs = store.list_outputs(VERSION_KIND)
    if len(outputs):
        return max(int(json.loads(p)["version"]) if isinstance(p, str) else int(p["version"])
                   for p in outputs["payload"])
    return 1 if store.count_records() else None


def mark_redaction_version(store: Store, run_id: str, records_changed: int | None = None) -> None:
    store.record_output(VERSION_KIND, f"v{REDACTOR_VERSION}", run_id,
                        {"version": REDACTOR_VERSION, "records_changed": records_changed})


# -- rescan ---------------------------------------------------------------------------------------
@dataclass
class RescanResult:
    version: int
    records_checked: int = 0
    records_changed: int = 0
    texts_changed: dict[str, int] = field(default_factory=dict)  # "enrichments.text_norm" -> n
    resumed: bool = False

    def to_dict(self) -> dict[str, Any]:
        return {"version": self.version, "records_checked": self.records_checked,
                "records_changed": self.records_changed, "texts_changed": dict(self.texts_changed),
                "resumed": self.resumed}


def _record_from_row(row: dict[str, Any]) -> Record:
    """A stored row (as `fetch_records` gives it: NaN/NaT for missing values, JSON as text) back
    into a Record."""
    import pandas as pd

    data = {}
    for k in _RECORD_FIELDS:
        v = row.get(k)
        data[k] = None if v is None or (not isinstance(v, (str, list, dict)) and pd.isna(v)) else v
    if isinstance(data["extra"], str):
        data["extra"] = json.loads(data["extra"])
    for k in ("created_at", "opened_at", "first_response_at", "closed_at"):
        if data[k] is not None and hasattr(data[k], "to_pydatetime"):
            data[k] = data[k].to_pydatetime()
    for k in ("followers", "likes", "shares"):
        if data[k] is not None:
            data[k] = int(data[k])
    return Record.model_validate(data)


def rescan(policy: RedactionPolicy, store: Store, run_id: str, batch_size: int = 2000,
           on_batch: Callable[[int], None] | None = None) -> RescanResult:
    """Re-redact every stored record (text and `extra`), then the enrichments' normalised texts
    and the topics' quotes and labels, with the current redactor. Records are rewritten with
    `save_batch`, so their hashes change with the text and the next run re-enriches them; a
    cursor saved with each batch makes an interrupted rescan continue where it stopped."""
    cursor_name = f"redact-rescan-v{REDACTOR_VERSION}"
    state = store.get_cursor(cursor_name) or {}
    result = RescanResult(REDACTOR_VERSION, resumed=bool(state))
    stages = ["records"] + [f"{t}.{c}" for t, c in _OTHER_TEXTS]
    start = stages.index(state["stage"]) if state.get("stage") in stages else 0
    if state.get("stage") == "done":
        start = len(stages)
    default = policy.redactor_for(None)
    for stage in stages[start:]:
        after = state.get("after") if state.get("stage") == stage else None
        table, column = (stage, "text") if stage == "records" else stage.split(".")
        while True:
            rows = store.text_values(table, column, after, batch_size)
            if not rows:
                break
            after = rows[-1][0]
            if table == "records":
                frame = store.fetch_records(ids=[k for k, _ in rows])
                changed = []
                for row in frame.to_dict("records"):
                    rec = _record_from_row(row)
                    new = redact_record(rec, policy)
                    if new.text != rec.text or new.extra != rec.extra:
                        changed.append(new)
                store.save_batch(cursor_name, changed, [], {"stage": stage, "after": after}, run_id)
                result.records_checked += len(rows)
                result.records_changed += len(changed)
            else:
                updates = []
                for key, value in rows:
                    if column == "verbatims":
                        old = json.loads(value)
                        new_value = json.dumps(redact_value(old, lambda s: default.redact(s).text), ensure_ascii=False)
                        if json.loads(new_value) != old:
                            updates.append((key, new_value))
                    else:
                        red = default.redact(value).text
                        if red != value:
                            updates.append((key, red))
                store.set_text_values(table, column, updates)
                store.save_batch(cursor_name, [], [], {"stage": stage, "after": after}, run_id)
                result.texts_changed[stage] = result.texts_changed.get(stage, 0) + len(updates)
            if on_batch:
                on_batch(len(rows))
    store.save_batch(cursor_name, [], [], {"stage": "done"}, run_id)
    mark_redaction_version(store, run_id, result.records_changed)
    log.info("redaction rescan (version %s): %s records checked, %s changed, other texts changed %s",
             REDACTOR_VERSION, result.records_checked, result.records_changed, result.texts_changed)
    return result


def ensure_redaction_current(cfg: EscuchaConfig, store: Store, run_id: str) -> RescanResult | None:
    """Before a run: an empty store records the current version; a store redacted by an older
    version is rescanned when `nlp.redaction.rescan` is true, else the run is refused."""
    policy = build_redaction(cfg)
    if policy is None:
        return None
    version = store_redaction_version(store)
    if version is None:
        mark_redaction_version(store, run_id, 0)
        return None
    if version >= REDACTOR_VERSION:
        return None
    if cfg.nlp.redaction.rescan:
        log.warning("the store was redacted by redactor version %s; re-redacting it with version %s",
                    version, REDACTOR_VERSION)
        return rescan(policy, store, run_id)
    raise RedactionOutdated(
        f"the store's texts were redacted by redactor version {version}, and this Escucha redacts with "
        f"version {REDACTOR_VERSION}, which catches personal data the old one let through. Run "
        f"`escucha redact --rescan` once (it re-redacts what is stored, resumably), or set "
        f"nlp.redaction.rescan: true to let the nightly run do it, then run again.")


# -- the final guard on what is shown or sent ---------------------------------------------------
def output_guard(cfg: EscuchaConfig) -> PiiGuard | None:
    """The guard every report verbatim and alert text passes before it is written or sent
    (None when redaction is off: then nothing is promised)."""
    red = cfg.nlp.redaction
    if not red.enabled:
        return None
    return PiiGuard(countries=red.countries, keep_patterns=red.case_number_patterns)


def _quarantine_refusals(store: Store | None, run_id: str | None, refusals: list[tuple[Refusal, str | None]]) -> None:
    for refusal, record_id in refusals:
        log.warning("%s (record %s)", refusal.reason, record_id or "?")
    if store is None or run_id is None or not refusals:
        return
    store.quarantine([QuarantineItem(
        source="pii-guard", stage=refusal.where.split(":", 1)[0], reason=refusal.reason, source_id=record_id,
        payload=json.dumps({"record_id": record_id, "where": refusal.where, "text": refusal.redacted}, ensure_ascii=False),
    ) for refusal, record_id in refusals], run_id)


def guard_report(data: Any, guard: PiiGuard | None, store: Store | None = None, run_id: str | None = None) -> None:
    """Drop from a report's issues every verbatim the guard refuses (quarantined with the reason)."""
    if guard is None:
        return
    refusals: list[tuple[Refusal, str | None]] = []
    for issue in getattr(data, "issues", []):
        kept = []
        for v in issue.verbatims:
            r = guard.screen([v.text], f"report:{data.team.name}:{issue.label}")[1]
            if r:
                refusals.append((r[0], getattr(v, "id", None)))
            else:
                kept.append(v)
        issue.verbatims = kept
    customers = getattr(data, "customers", None)
    if customers is not None:  # screened when listed; screened again here, where refusals are kept
        views = []
        for view in customers.views:
            evidence = []
            for e in view.evidence:
                r = guard.screen([e.text], f"report:{data.team.name}:clientes")[1]
                if r:
                    refusals.append((r[0], e.record_id))
                else:
                    evidence.append(e)
            views.append(replace(view, evidence=tuple(evidence)))
        customers.views = views
    _quarantine_refusals(store, run_id, refusals)


def guard_alert(alert: dict[str, Any], guard: PiiGuard | None, store: Store | None = None,
                run_id: str | None = None) -> dict[str, Any]:
    """An alert payload with refused verbatims left out; its free text (the title, topic labels)
    in which the guard finds an identifier is replaced by its redacted copy: the alert is still
    raised, never with the datum. Ids, keys and counts are left as they are."""
    if guard is None:
        return alert
    refusals: list[tuple[Refusal, str | None]] = []
    where = f"alert:{alert.get('kind')}"

    def clean(text: Any) -> Any:
        if not isinstance(text, str):
            return text
        refused = guard.screen([text], where)[1]
        if refused:
            refusals.append((refused[0], None))
            return refused[0].redacted
        return text

    out = {**alert, "title": clean(alert.get("title"))}
    evidence = dict(out.get("evidence") or {})
    if isinstance(evidence.get("verbatims"), list):
        kept = []
        for v in evidence["verbatims"]:
            text = v.get("text") if isinstance(v, dict) else None
            refused = guard.screen([text], where)[1] if isinstance(text, str) else []
            if refused:
                refusals.append((refused[0], v.get("id")))
            else:
                kept.append(v)
        evidence["verbatims"] = kept
    if "topic_label" in evidence:
        evidence["topic_label"] = clean(evidence["topic_label"])
    if isinstance(evidence.get("reasons"), list):  # a churn reason quotes the customer's words
        evidence["reasons"] = [clean(r) for r in evidence["reasons"]]
    if isinstance(evidence.get("top_topics"), dict):
        evidence["top_topics"] = {clean(k): v for k, v in evidence["top_topics"].items()}
    if isinstance(evidence.get("cases"), list):
        evidence["cases"] = [{**c, "topic_label": clean(c.get("topic_label"))} if isinstance(c, dict) else c
                             for c in evidence["cases"]]
    out["evidence"] = evidence
    _quarantine_refusals(store, run_id, refusals)
    return out
