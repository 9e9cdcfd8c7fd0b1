"""Inline SVG charts drawn in Python: the HTML report must open offline, with no JS or CDN.

Every piece of text that reaches the SVG goes through `esc` (labels come from topic names,
which come from customer texts).
"""

from __future__ import annotations

import html
import math
from typing import Callable, Sequence

from escucha.outputs.reports.fmt import fmt_int, fmt_pct

NEG_COLOR = "#c0392b"
REST_COLOR = "#9fb3c8"
PALETTE = ("#c0392b", "#2e86c1", "#27ae60", "#8e44ad", "#d68910", "#17a589", "#7f8c8d", "#cb4335")


def esc(x: object) -> str:
    return html.escape(str(x), quote=True)


def _clip(label: str, n: int) -> str:
    return label if len(label) <= n else label[: n - 1].rstrip() + "…"


def _ok(v: float | None) -> bool:
    return v is not None and not (isinstance(v, float) and (math.isnan(v) or math.isinf(v)))


def bar_chart(items: Sequence[tuple[str, int, int]], title: str, width: int = 720) -> str:
    """Horizontal bars, one per issue: total volume with its negative part in red."""
    if not items:
        return ""
    label_w, value_w, row_h, top = 260, 130, 26, 8
    bar_w = width - label_w - value_w
    height = top * 2 + row_h * len(items)
    vmax = max(max(t for _, t, _ in items), 1)
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" viewBox="0 0 {width} {height}" '
             f'width="100%" role="img" aria-label="{esc(title)}"><title>{esc(title)}</title>']
    for i, (label, total, neg) in enumerate(items):
        y = top + i * row_h
        w_total = bar_w * total / vmax
        w_neg = bar_w * min(neg, total) / vmax
        share = neg / total if total else 0.0
        parts.append(
            f'<text x="{label_w - 8}" y="{y + 17}" text-anchor="end" class="lbl">{esc(_clip(label, 38))}</text>'
            f'<rect x="{label_w}" y="{y + 4}" width="{w_total:.1f}" height="{row_h - 8}" fill="{REST_COLOR}"/>'
            f'<rect x="{label_w}" y="{y + 4}" width="{w_neg:.1f}" height="{row_h - 8}" fill="{NEG_COLOR}"/>'
            f'<text x="{label_w + w_total + 6:.1f}" y="{y + 17}" class="val">{esc(fmt_int(total))} '
            f'({esc(fmt_pct(share, 0))} neg.)</text>'
        )
    parts.append("</svg>")
    return "".join(parts)


def line_chart(
    x_labels: Sequence[str],
    series: Sequence[tuple[str, Sequence[float | None]]],
    title: str,
    y_max: float | None = 1.0,
    y_fmt: Callable[[float], str] = lambda v: fmt_pct(v, 0),
    width: int = 720,
    height: int = 260,
) -> str:
    """Lines over time (one per series) with a legend; gaps where a value is missing."""
    if not x_labels or not series:
        return ""
    left, right, top, bottom = 56, 34, 12, 58
    pw, ph = width - left - right, height - top - bottom
    values = [v for _, vs in series for v in vs if _ok(v)]
    ymax = y_max if y_max is not None else (max(values) if values else 1.0) or 1.0
    n = len(x_labels)

    def x(i: int) -> float:
        return left + (pw * i / (n - 1) if n > 1 else pw / 2)

    def y(v: float) -> float:
        return top + ph - ph * min(max(v / ymax, 0.0), 1.0)

    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" viewBox="0 0 {width} {height}" '
             f'width="100%" role="img" aria-label="{esc(title)}"><title>{esc(title)}</title>']
    for k in range(5):
        gv = ymax * k / 4
        parts.append(f'<line x1="{left}" x2="{width - right}" y1="{y(gv):.1f}" y2="{y(gv):.1f}" class="grid"/>'
                     f'<text x="{left - 6}" y="{y(gv) + 4:.1f}" text-anchor="end" class="axis">{esc(y_fmt(gv))}</text>')
    step = max(1, math.ceil(n / 12))
    for i, lab in enumerate(x_labels):
        if i % step == 0 or i == n - 1:
            parts.append(f'<text x="{x(i):.1f}" y="{top + ph + 16}" text-anchor="middle" class="axis">{esc(lab)}</text>')
    for s_i, (name, vals) in enumerate(series):
        color = PALETTE[s_i % len(PALETTE)]
        segs: list[list[str]] = [[]]
        for i, v in enumerate(vals):
            if _ok(v):
                segs[-1].append(f"{x(i):.1f},{y(float(v)):.1f}")  # type: ignore[arg-type]
            elif segs[-1]:
                segs.append([])
        for seg in segs:
            if len(seg) > 1:
                parts.append(f'<polyline fill="none" stroke="{color}" stroke-width="2.2" points="{" ".join(seg)}"/>')
            for pt in seg:
                cx, cy = pt.split(",")
                parts.append(f'<circle cx="{cx}" cy="{cy}" r="2.6" fill="{color}"/>')
        lx = left + (s_i % 4) * (pw / 4)
        ly = height - 22 + (s_i // 4) * 14
        parts.append(f'<rect x="{lx:.1f}" y="{ly - 8}" width="10" height="10" fill="{color}"/>'
                     f'<text x="{lx + 14:.1f}" y="{ly + 1}" class="axis">{esc(_clip(name, 28))}</text>')
    parts.append("</svg>")
    return "".join(parts)


def sparkline(values: Sequence[int], title: str, width: int = 140, height: int = 32) -> str:
    """A tiny weekly trend; the last point (this period) is marked."""
    if not values:
        return ""
    vmax = max(max(values), 1)
    n = len(values)
    pts = [(2 + (width - 4) * i / max(n - 1, 1), height - 3 - (height - 6) * v / vmax) for i, v in enumerate(values)]
    poly = " ".join(f"{px:.1f},{py:.1f}" for px, py in pts)
    lx, ly = pts[-1]
    return (f'<svg xmlns="http://www.w3.org/2000/svg" class="spark" viewBox="0 0 {width} {height}" width="{width}" '
            f'height="{height}" role="img" aria-label="{esc(title)}"><title>{esc(title)}</title>'
            f'<polyline fill="none" stroke="#2e86c1" stroke-width="1.6" points="{poly}"/>'
            f'<circle cx="{lx:.1f}" cy="{ly:.1f}" r="2.4" fill="{NEG_COLOR}"/></svg>')
