"""The dashboard's "Revisar y etiquetar" page: analysts confirm or correct the machine's labels.

GET /etiquetar shows the verbatims that teach the models most (`escucha.labels.review_queue`:
uncertain, diverse, every channel), redacted text only, each with one button per choice of
sentiment, emotion and PQRS type and a list of the store's issues. POST /etiquetar stores one
label per click (`Store.add_label`: who, when, what, the machine's previous value); POST
/etiquetar/analista remembers the analyst's name in a cookie. Both POSTs pass the dashboard's
token gate like every route, and carry the dashboard's form token (access.py `FormTokens`,
checked before the route runs); their form is read there, into `request.state.form`.

The store is opened for a moment: read-only to read labels and vectors (DuckDB; PostgreSQL
through the normal store), read-write to write one label. While the nightly run holds a DuckDB
file the write is refused with a message (503) and nothing is lost but that click.
"""

from __future__ import annotations

import threading
from contextlib import contextmanager
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, Iterator, Mapping

import pandas as pd
from fastapi import Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

from escucha.labels import (
    CHOICE_NAMES,
    LABEL_TASKS,
    LabelError,
    ReviewItem,
    check_label,
    clean_author,
    redact_note,
    review_queue,
)
from escucha.outputs.dashboard.data import (
    BUSY_MESSAGE,
    MISSING_MESSAGE,
    STORE_ACCESS,
    ReadOnlyDuckDBStore,
    StoreBusy,
    duckdb_path,
)
from escucha.outputs.dashboard.page import render_message
from escucha.outputs.reports.fmt import channel_name, fmt_datetime, fmt_int, fmt_pct, formatting_locale
from escucha.outputs.rendering import render
from escucha.store import SchemaMismatch, Store, StoreLocked, open_store

AUTHOR_COOKIE = "escucha_analista"
PAGE_SIZE = 10
OUTDATED = ("La base de datos no tiene la versión de esquema de este Escucha: ejecute «escucha store upgrade». "
            "/ The store's schema is not this Escucha's.")


@dataclass(frozen=True)
class TaskRow:
    task: str
    title: str
    choices: list[tuple[str, str]]  # value, label (empty for issues: the page's issue list)
    machine: str | None
    given: str | None


@dataclass(frozen=True)
class ShownItem:
    record_id: str
    channel_name: str
    text: str
    doubt: str
    rows: list[TaskRow]


class Labelling:
    """The page and its two POST handlers, over the app's frame cache and configuration."""

    def __init__(self, cfg: Any, views: Any, page_size: int = PAGE_SIZE):
        self.cfg = cfg
        self.views = views
        self.page_size = page_size
        self._redactor = None
        self._lock = threading.Lock()

    # -- the store, briefly ------------------------------------------------------------------
    @contextmanager
    def _reading(self) -> Iterator[Store]:
        path = duckdb_path(self.cfg.store.url, self.cfg.data_dir)
        with STORE_ACCESS:
            if path is None:
                with open_store(self.cfg.store.url, Path(self.cfg.data_dir)) as store:
                    yield store
                return
            if not path.is_file():
                raise StoreBusy(MISSING_MESSAGE.format(path=path))
            try:
                store = ReadOnlyDuckDBStore(path, wait_s=1.0)
            except StoreLocked as exc:
                raise StoreBusy(BUSY_MESSAGE) from exc
            try:
                yield store
            finally:
                store.close()

    @contextmanager
    def _writing(self) -> Iterator[Store]:
        with STORE_ACCESS:
            try:
                store = open_store(self.cfg.store.url, Path(self.cfg.data_dir), wait_s=3.0)
            except StoreLocked as exc:
                raise StoreBusy(BUSY_MESSAGE) from exc
            try:
                store.check_schema()
                yield store
            finally:
                store.close()

    def _note_redactor(self):
        with self._lock:
            if self._redactor is None:
                from escucha.nlp.text.pii import Redactor
                from escucha.pipeline.redaction import build_redaction

                policy = build_redaction(self.cfg)
                self._redactor = policy.redactor_for("chat") if policy is not None else Redactor()
            return self._redactor

    # -- GET /etiquetar ------------------------------------------------------------------------
    def queue(self) -> tuple[list[ReviewItem], list[tuple[str, str]], int, Any]:
        """(items to show, issue choices, labels stored, frame snapshot). A text in which the final
        personal-data check still finds an identifier is never shown (as on the dashboard)."""
        snap = self.views.frames.get()
        frame = snap.frame
        with self._reading() as store:
            labels = store.fetch_labels()

            def vectors(ids: list[str]):
                got, arr = store.fetch_embeddings(ids)
                return {i: arr[k] for k, i in enumerate(got)}

            items = review_queue(frame, labels, vectors, size=self.page_size + 5)
        items = [i for i in items if not pii_guard().find(i.text)][:self.page_size]
        return items, issue_choices(frame), len(labels), snap

    def page(self, request: Request) -> Response:
        try:
            items, issues, total, snap = self.queue()
        except StoreBusy as exc:
            return HTMLResponse(render_message("Datos no disponibles", str(exc), "503"), status_code=503,
                                headers={"Retry-After": "60"})
        notes = [] if not snap.stale else ["La base de datos está en uso por la ejecución nocturna: se muestran "
                                           "los últimos datos leídos."]
        with formatting_locale(request.app.state.locale):
            html = render("dashboard_labels.html.j2", items=[shown(i) for i in items], issues=issues,
                          form_token=request.state.form_token, author=request.cookies.get(AUTHOR_COOKIE, ""),
                          total_labels=fmt_int(total), read_at=fmt_datetime(snap.read_at, self.views.tz), notes=notes)
        return HTMLResponse(html)

    # -- POST ----------------------------------------------------------------------------------
    async def label(self, request: Request) -> Response:
        return await run_in_threadpool(self._label, request, request.state.form)

    def _label(self, request: Request, form: Mapping[str, str]) -> Response:
        record_id = form.get("registro", "")
        choice = form.get("etiqueta", "")
        author = clean_author(request.cookies.get(AUTHOR_COOKIE))
        frame = self.views.frames.get().frame
        row = frame.loc[frame["id"] == record_id]
        if row.empty:
            return _bad("Ese comentario ya no está en los datos del tablero.")
        machine = machine_values(row.iloc[0])
        issues = [int(t) for t in frame["topic_id"].dropna().unique() if int(t) >= 0]
        try:
            if choice == "confirmar":
                with self._reading() as store:
                    labels = store.fetch_labels()
                given = set(labels.loc[labels["record_id"] == record_id, "task"])
                wanted = {t: v for t, v in machine.items() if t not in given and v is not None}
            elif choice == "issue":
                wanted = {"issue": check_label("issue", form.get("tema", ""), issues)}
            else:
                task, _, value = choice.partition("=")
                wanted = {task: check_label(task, value, issues)}
            note = redact_note(form.get("nota"), self._note_redactor())
            with self._writing() as store:
                for task, value in wanted.items():
                    store.add_label(record_id, task, value, author, note=note)
        except LabelError as exc:
            return _bad(str(exc))
        except StoreBusy as exc:
            return HTMLResponse(render_message("Etiqueta no guardada", str(exc), "503"), status_code=503,
                                headers={"Retry-After": "60"})
        except SchemaMismatch:
            return HTMLResponse(render_message("Etiqueta no guardada", OUTDATED, "503"), status_code=503)
        except KeyError:
            return _bad("Ese comentario ya no está en la base de datos.")
        return RedirectResponse(f"/etiquetar#r-{record_id}", status_code=303)

    async def author(self, request: Request) -> Response:
        form: Mapping[str, str] = request.state.form
        response = RedirectResponse("/etiquetar", status_code=303)
        response.set_cookie(AUTHOR_COOKIE, clean_author(form.get("analista")), httponly=True, samesite="strict",
                            path="/", max_age=365 * 24 * 3600)
        return response


@lru_cache(maxsize=1)
def pii_guard():
    from escucha.nlp.text.pii import PiiGuard

    return PiiGuard()


def _bad(message: str) -> Response:
    return HTMLResponse(render_message("Etiqueta no válida", message, "400"), status_code=400)


def machine_values(row: pd.Series) -> dict[str, str | None]:
    """What the machine says now about one record of the analysis frame, per label task."""
    def text(v: Any) -> str | None:
        return None if v is None or pd.isna(v) else str(v)

    topic = row.get("topic_id")
    return {"sentiment": text(row.get("sentiment")), "emotion": text(row.get("emotion")),
            "pqrs_type": text(row.get("pqrs_type")),
            "issue": None if topic is None or pd.isna(topic) or int(topic) < 0 else str(int(topic))}


def issue_choices(frame: pd.DataFrame) -> list[tuple[str, str]]:
    """(topic id, "id · label") of every issue in the frame, by id."""
    if frame.empty:
        return []
    topics = frame.loc[frame["topic_id"].notna() & (frame["topic_id"] >= 0), ["topic_id", "topic_label"]]
    topics = topics.drop_duplicates("topic_id").sort_values("topic_id")
    return [(str(int(t)), f"{int(t)} · {lab}" if isinstance(lab, str) and lab else f"Tema {int(t)}")
            for t, lab in zip(topics["topic_id"], topics["topic_label"])]


def shown(item: ReviewItem) -> ShownItem:
    rows = []
    for task, title in LABEL_TASKS.items():
        choices = list(CHOICE_NAMES.get(task, {}).items())
        rows.append(TaskRow(task, title, choices, item.machine.get(task), item.given.get(task)))
    return ShownItem(item.record_id, channel_name(item.channel), item.text, fmt_pct(1 - item.margin, 0), rows)
