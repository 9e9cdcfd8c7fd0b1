"""Inline SVG charts: the HTML report and the dashboard must open offline, with no JS or CDN.

Python computes each chart's geometry here (scales, bars, points, grid lines, labels); the
macros of `templates/charts.html.j2` draw it, so every label (topic names come from customer
texts) is escaped by the template. Coordinates print with one decimal (the `coord` and `point`
filters of `escucha.outputs.rendering`).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Callable, Sequence

from escucha.outputs.reports.fmt import fmt_int, fmt_pct

NEG_COLOR = "#c0392b"
REST_COLOR = "#9fb3c8"
SPARK_COLOR = "#2e86c1"
PALETTE = ("#c0392b", "#2e86c1", "#27ae60", "#8e44ad", "#d68910", "#17a589", "#7f8c8d", "#cb4335")


def _clip(label: str, n: int) -> str:
    return label if len(label) <= n else label[: n - 1].rstrip() + "…"


def _ok(v: float | None) -> bool:
    return v is not None and not (isinstance(v, float) and (math.isnan(v) or math.isinf(v)))


@dataclass(frozen=True)
class Tick:
    """A labelled place on an axis: the y of a grid line, or the x of a time label."""

    at: float
    label: str


# -- horizontal bars (report: volume per issue) --------------------------------------------------

@dataclass(frozen=True)
class BarRow:
    label: str
    y: int  # top of the row
    total_w: float
    neg_w: float
    value: str  # "22 (77 % neg.)"


@dataclass(frozen=True)
class BarChart:
    title: str
    width: int
    height: int
    label_w: int
    bar_h: int
    rows: tuple[BarRow, ...]
    rest_color: str = REST_COLOR
    neg_color: str = NEG_COLOR


def bar_chart(items: Sequence[tuple[str, int, int]], title: str, width: int = 720) -> BarChart | None:
    """Horizontal bars, one per issue: total volume with its negative part in red."""
    if not items:
        return None
    label_w, value_w, row_h, top = 260, 130, 26, 8
    bar_w = width - label_w - value_w
    vmax = max(max(t for _, t, _ in items), 1)
    rows = tuple(
        BarRow(label=_clip(label, 38), y=top + i * row_h, total_w=bar_w * total / vmax,
               neg_w=bar_w * min(neg, total) / vmax,
               value=f"{fmt_int(total)} ({fmt_pct(neg / total if total else 0.0, 0)} neg.)")
        for i, (label, total, neg) in enumerate(items)
    )
    return BarChart(title=title, width=width, height=top * 2 + row_h * len(items), label_w=label_w,
                    bar_h=row_h - 8, rows=rows)


# -- lines over time (report and dashboard: shares per week) -------------------------------------

@dataclass(frozen=True)
class Line:
    name: str
    color: str
    segments: tuple[tuple[tuple[float, float], ...], ...]  # runs of points between missing values
    legend_x: float
    legend_y: int


@dataclass(frozen=True)
class LineChart:
    title: str
    width: int
    height: int
    left: int
    right: int  # x of the plot's right edge
    axis_y: int  # baseline of the x labels
    grid: tuple[Tick, ...]
    x_labels: tuple[Tick, ...]
    lines: tuple[Line, ...]


def line_chart(
    x_labels: Sequence[str],
    series: Sequence[tuple[str, Sequence[float | None]]],
    title: str,
    y_max: float | None = 1.0,
    y_fmt: Callable[[float], str] = lambda v: fmt_pct(v, 0),
    width: int = 720,
    height: int = 260,
) -> LineChart | None:
    """Lines over time (one per series) with a legend; gaps where a value is missing."""
    if not x_labels or not series:
        return None
    left, right, top, bottom = 56, 34, 12, 58
    pw, ph = width - left - right, height - top - bottom
    values = [v for _, vs in series for v in vs if _ok(v)]
    ymax = y_max if y_max is not None else (max(values) if values else 1.0) or 1.0
    n = len(x_labels)

    def x(i: int) -> float:
        return left + (pw * i / (n - 1) if n > 1 else pw / 2)

    def y(v: float) -> float:
        return top + ph - ph * min(max(v / ymax, 0.0), 1.0)

    step = max(1, math.ceil(n / 12))
    lines = []
    for s_i, (name, vals) in enumerate(series):
        segs: list[list[tuple[float, float]]] = [[]]
        for i, v in enumerate(vals):
            if _ok(v):
                segs[-1].append((x(i), y(float(v))))  # type: ignore[arg-type]
            elif segs[-1]:
                segs.append([])
        lines.append(Line(name=_clip(name, 28), color=PALETTE[s_i % len(PALETTE)],
                          segments=tuple(tuple(s) for s in segs if s),
                          legend_x=left + (s_i % 4) * (pw / 4), legend_y=height - 22 + (s_i // 4) * 14))
    return LineChart(
        title=title, width=width, height=height, left=left, right=width - right, axis_y=top + ph + 16,
        grid=tuple(Tick(y(ymax * k / 4), y_fmt(ymax * k / 4)) for k in range(5)),
        x_labels=tuple(Tick(x(i), lab) for i, lab in enumerate(x_labels) if i % step == 0 or i == n - 1),
        lines=tuple(lines),
    )


# -- sparkline (report: an issue's weekly trend) -------------------------------------------------

@dataclass(frozen=True)
class Sparkline:
    title: str
    width: int
    height: int
    points: tuple[tuple[float, float], ...]
    color: str = SPARK_COLOR
    last_color: str = NEG_COLOR  # the last point: this period


def sparkline(values: Sequence[int], title: str, width: int = 140, height: int = 32) -> Sparkline | None:
    """A tiny weekly trend; the last point (this period) is marked."""
    if not values:
        return None
    vmax = max(max(values), 1)
    n = len(values)
    return Sparkline(title=title, width=width, height=height, points=tuple(
        (2 + (width - 4) * i / max(n - 1, 1), height - 3 - (height - 6) * v / vmax) for i, v in enumerate(values)))


# -- vertical bars (dashboard: volume per bucket) ------------------------------------------------

@dataclass(frozen=True)
class Column:
    x: float
    width: float
    total_h: float
    neg_h: float
    tip: str  # "sem. 9 nov: 45 registros, 27 negativos"
    label: str  # on the axis, or "" where labels would overlap


@dataclass(frozen=True)
class ColumnChart:
    title: str
    width: int
    height: int
    left: int
    right: int
    base_y: float  # y of the zero line
    axis_y: int
    grid: tuple[Tick, ...]
    columns: tuple[Column, ...]
    rest_color: str = REST_COLOR
    neg_color: str = NEG_COLOR


def nice_step(raw: float) -> int:
    """The smallest round whole number (1, 2, 3, 4, 5, 6, 8, 10, 15, 20, 25, ...) at least `raw`."""
    mag = 1
    while True:
        for m in (1, 1.5, 2, 2.5, 3, 4, 5, 6, 8):
            if m * mag >= raw and (m * mag) == int(m * mag):
                return int(m * mag)
        mag *= 10


def label_step(n: int) -> int:
    """Every how many buckets an axis label fits (about 7 labels across)."""
    return max(1, math.ceil(n / 7))


def column_chart(labels: Sequence[str], totals: Sequence[int], negs: Sequence[int], title: str,
                 width: int = 720, height: int = 240) -> ColumnChart | None:
    """Vertical bars per bucket: volume in grey with its negative part in red."""
    if not labels:
        return None
    left, right, top, bottom = 48, 12, 12, 40
    pw, ph = width - left - right, height - top - bottom
    vmax = 4 * nice_step(max(totals) / 4)  # four round grid steps: 0, 250, 500, ...
    n = len(labels)
    slot = pw / n
    bw = max(2.0, slot * 0.7)
    step = label_step(n)
    columns = tuple(
        Column(x=left + slot * i + (slot - bw) / 2, width=bw, total_h=ph * t / vmax, neg_h=ph * min(ng, t) / vmax,
               tip=f"{lab}: {fmt_int(t)} registros, {fmt_int(ng)} negativos",
               label=lab if i % step == 0 or i == n - 1 else "")
        for i, (lab, t, ng) in enumerate(zip(labels, totals, negs))
    )
    return ColumnChart(title=title, width=width, height=height, left=left, right=width - right, base_y=top + ph,
                       axis_y=top + ph + 16,
                       grid=tuple(Tick(top + ph - ph * k / 4, fmt_int(vmax * k / 4)) for k in range(5)),
                       columns=columns)
