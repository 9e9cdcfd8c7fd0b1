"""The dashboard's "Clientes en riesgo" page: the at-risk list with filters, each customer's
reasons and words, the follow-up state, and the form that records a follow-up.

The list is the one `escucha clientes listar` prints (escucha/pipeline/customers.py
`rank_customers`: reasons and verbatims through the PII guard), computed from the dashboard's
cached frame and the stored signals and follow-ups, read read-only for a moment. Recording a
follow-up is one of the dashboard's two writes (with the labels of labelling.py): the store is
opened for that one row and closed, the note goes through the redactor first, and the form carries the dashboard's form token
(access.py `FormTokens`, checked before the route runs: a page of another site cannot post it).
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any, Callable, Mapping, Sequence

import pandas as pd

from escucha.analytics.customers import FOLLOWUP_STATES, CustomerView, reason_line, state_name
from escucha.outputs.dashboard.data import CustomerInputs, FrameCache, Snapshot, customer_inputs_loader
from escucha.outputs.dashboard.metrics import CHANNELS, SEGMENTS
from escucha.outputs.reports.fmt import channel_name, fmt_date, fmt_int, fmt_quantity

FILTERS: tuple[str, ...] = ("segmento", "canal", "proceso", "tema")
MAX_NOTE_CHARS = 500


@dataclass(frozen=True)
class CustomerFilters:
    segmento: str | None = None
    canal: str | None = None
    proceso: str | None = None
    tema: str | None = None

    @classmethod
    def parse(cls, params: Mapping[str, str]) -> tuple["CustomerFilters", list[str]]:
        """The filters of a request; a segment or channel the dashboard does not know is ignored, with a note."""
        values = {k: (params.get(k) or "").strip() or None for k in FILTERS}
        notes = []
        if values["segmento"] and values["segmento"] not in SEGMENTS:
            notes.append(f"Segmento desconocido «{values['segmento']}»: se muestran todos.")
            values["segmento"] = None
        if values["canal"] and values["canal"] not in CHANNELS:
            notes.append(f"Canal desconocido «{values['canal']}»: se muestran todos.")
            values["canal"] = None
        return cls(**values), notes

    def keep(self, v: CustomerView) -> bool:
        return ((self.segmento is None or v.segment == self.segmento)
                and (self.canal is None or self.canal in v.contacts)
                and (self.proceso is None or self.proceso in v.processes)
                and (self.tema is None or self.tema in v.issues))

    def query(self) -> dict[str, str]:
        return {k: getattr(self, k) for k in FILTERS if getattr(self, k)}


@dataclass(frozen=True)
class CustomerList:
    views: list[CustomerView]  # the whole list, highest score first
    shown: list[tuple[int, CustomerView]]  # (rank on the whole list, view) after the filters
    processes: list[str]
    issues: list[str]


class CustomerPages:
    """The list per request: the dashboard's frame snapshot plus signals and follow-ups (read at
    most every `cache_s` seconds, and again right after a follow-up is recorded)."""

    def __init__(self, cfg: Any, frames: FrameCache, clock: Callable[[], datetime],
                 inputs: Callable[[], CustomerInputs] | None = None):
        self.cfg = cfg
        self.frames = frames
        self.clock = clock
        self.inputs = FrameCache(inputs or customer_inputs_loader(cfg, clock), ttl_s=float(cfg.dashboard.cache_s))
        self._lock = threading.Lock()
        self._last: tuple[Any, CustomerList] | None = None

    def get(self, filters: CustomerFilters) -> tuple[CustomerList, Snapshot]:
        from escucha.pipeline.customers import rank_customers

        snap = self.frames.get()
        extra = self.inputs.get()
        now = self.clock()
        key = (snap.read_at, extra.read_at, pd.Timestamp(now).floor("min"))
        with self._lock:
            cached = self._last if self._last is not None and self._last[0] == key else None
        if cached is None:
            views = rank_customers(self.cfg, snap.frame, extra.frame.signals, extra.frame.followups, now)
            whole = CustomerList(views, [], sorted({p for v in views for p in v.processes}),
                                 sorted({i for v in views for i in v.issues}))
            with self._lock:
                self._last = (key, whole)
        else:
            whole = cached[1]
        shown = [(n, v) for n, v in enumerate(whole.views, 1) if filters.keep(v)]
        return CustomerList(whole.views, shown, whole.processes, whole.issues), snap

    def record(self, key: str, state: str, note: str | None) -> None:
        """Store a follow-up (note redacted first); raises StoreBusy while a run holds the store."""
        from escucha.outputs.dashboard.data import BUSY_MESSAGE, STORE_ACCESS, StoreBusy
        from escucha.pipeline.customers import mark_customer, redact_note
        from escucha.store import StoreLocked, open_store

        if key not in {v.key for v in self.get(CustomerFilters())[0].views}:
            raise ValueError("ese cliente no está en la lista")
        note = redact_note(self.cfg, (note or "")[:MAX_NOTE_CHARS])
        try:
            with STORE_ACCESS, open_store(self.cfg.store.url, Path(self.cfg.data_dir), wait_s=3.0) as store:
                mark_customer(store, key, state, note, "tablero")
        except StoreLocked as exc:
            raise StoreBusy(BUSY_MESSAGE) from exc
        self.inputs.clear()


# -- what the page shows ------------------------------------------------------------------------

@dataclass(frozen=True)
class CustomerRow:
    rank: int
    key: str
    name: str
    segment: str
    score: str
    last_contact: str
    contacts: str  # "PQRS 2 · Llamadas 1"
    cases: str
    issues: str
    processes: str
    reasons: list[str]
    verbatims: list[tuple[str, str]]  # text, "Llamadas · 19 de noviembre de 2026"
    state: str | None  # the follow-up state, or None
    state_text: str


def customer_rows(shown: Sequence[tuple[int, CustomerView]]) -> list[CustomerRow]:
    rows = []
    for n, v in shown:
        state = v.follow_up if v.follow_up in FOLLOWUP_STATES else None
        rows.append(CustomerRow(
            rank=n, key=v.key, name=v.customer_id or v.key, segment=v.segment or "sin segmento", score=fmt_quantity(v.score),
            last_contact=fmt_date(v.last_contact),
            contacts=" · ".join(f"{channel_name(c)} {fmt_int(k)}" for c, k in v.contacts.items()),
            cases=f"{_count(len(v.open_case_ids), 'abierto')}, {_count(v.breached_cases, 'vencido')}",
            issues=", ".join(v.issues[:5]) or "—", processes=", ".join(v.processes[:3]) or "—",
            reasons=[reason_line(r) for r in v.reasons],
            verbatims=[(e.text, f"{channel_name(e.channel)} · {fmt_date(e.created_at)}") for e in v.evidence],
            state=state,
            state_text=(f"{state_name(state)} el {fmt_date(v.follow_up_at)}" if state and v.follow_up_at
                        else state_name(state) if state else "sin seguimiento"),
        ))
    return rows


def _count(n: int, word: str) -> str:
    return f"{fmt_int(n)} {word}{'' if n == 1 else 's'}"


def filter_selects(filters: CustomerFilters, lst: CustomerList) -> list[tuple[str, str, list[tuple[str, str, bool]]]]:
    """(name, label, [(value, text, selected)]) for each filter; the first option means all."""
    def options(values: Sequence[tuple[str, str]], chosen: str | None, every: str) -> list[tuple[str, str, bool]]:
        return [("", every, not chosen)] + [(v, text, v == chosen) for v, text in values]

    return [
        ("segmento", "Segmento", options([(s, s.capitalize()) for s in SEGMENTS], filters.segmento, "Todos los segmentos")),
        ("canal", "Canal", options([(c, channel_name(c)) for c in CHANNELS], filters.canal, "Todos los canales")),
        ("proceso", "Proceso", options([(p, p) for p in lst.processes], filters.proceso, "Todos los procesos")),
        ("tema", "Tema", options([(t, t) for t in lst.issues], filters.tema, "Todos los temas")),
    ]


def state_options() -> list[tuple[str, str]]:
    return [(s, state_name(s) or s) for s in FOLLOWUP_STATES]


def marked_note(params: Mapping[str, str]) -> str | None:
    """The line shown after a follow-up was recorded (the redirect carries who and which state)."""
    key, state = params.get("marcado"), params.get("estado")
    if not key or state not in FOLLOWUP_STATES:
        return None
    return f"Seguimiento registrado: {key}, {state_name(state)}."


__all__ = ["CustomerFilters", "CustomerList", "CustomerPages", "CustomerRow", "customer_rows", "filter_selects", "marked_note", "state_options"]
