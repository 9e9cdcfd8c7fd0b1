"""BERTopic's interactive charts of a topic model as offline HTML files, titled in Spanish.

Each file is self-contained: plotly's JavaScript is written inline (`include_plotlyjs=True`,
never a CDN), so a chart opens with no network, from a disk or an e-mail attachment (each file
weighs about 5 MB because of it). The charts are BERTopic's own, built with our business names
(`custom_labels=True`):

- mapa_de_temas.html: the intertopic distance map (topic embeddings in 2-D; bubble = size);
- jerarquia_de_temas.html: how topics group (linkage over their c-TF-IDF);
- palabras_por_tema.html: the top words of the largest topics;
- temas_en_el_tiempo.html: each topic's records per ISO week (from the records' dates).

No text of a record is written: the charts hold topic names, words and counts.
A chart BERTopic cannot draw for this model (the map needs 3 topics or more) is left out with
a warning.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any, Sequence

import pandas as pd

log = logging.getLogger(__name__)

MAP = "mapa_de_temas.html"
HIERARCHY = "jerarquia_de_temas.html"
BARCHART = "palabras_por_tema.html"
OVER_TIME = "temas_en_el_tiempo.html"
TOP_TOPICS = 10  # lines in the chart over time, bars in the word chart


def week_starts(timestamps: Sequence[Any]) -> list[pd.Timestamp]:
    """The Monday (00:00, UTC) of each timestamp's ISO week: one point per week in the chart."""
    ts = pd.to_datetime(pd.Series(list(timestamps)), utc=True).dt.tz_convert(None).dt.normalize()
    return list(ts - pd.to_timedelta(ts.dt.day_of_week, unit="D"))


# BERTopic's chart words, in Spanish (hover texts, axes, legend, the map's slider)
_WORDS = (("Global Topic Representation", "Tema"), ("Frequency", "Registros"), ("Topic ", "Tema "),
          ("Words", "Palabras"), ("Size", "Tamaño"), ("Timestamp", "Semana"))


def _spanish(text: Any) -> Any:
    if not isinstance(text, str):
        return text
    for en, es in _WORDS:
        text = text.replace(en, es)
    return text


def spanish_chart(fig: Any) -> Any:
    """BERTopic's English chart words (hover, axes, legend, slider) in Spanish; names untouched."""
    for trace in fig.data:
        for attr in ("hovertemplate", "hovertext"):
            value = getattr(trace, attr, None)
            if isinstance(value, str):
                setattr(trace, attr, _spanish(value))
            elif value is not None and len(value):
                setattr(trace, attr, [_spanish(v) for v in value])
    layout = fig.layout
    if layout.legend and layout.legend.title and layout.legend.title.text:
        layout.legend.title.text = _spanish(layout.legend.title.text)
    for axis in ("xaxis", "yaxis"):
        ax = getattr(layout, axis, None)
        if ax is not None and ax.title and ax.title.text:
            ax.title.text = _spanish(ax.title.text)
    for slider in layout.sliders or ():
        for step in slider.steps:
            step.label = _spanish(step.label)
        if slider.currentvalue and slider.currentvalue.prefix:
            slider.currentvalue.prefix = _spanish(slider.currentvalue.prefix)
    return fig


def _write(fig: Any, path: Path) -> Path:
    spanish_chart(fig)
    fig.write_html(str(path), include_plotlyjs=True, full_html=True, include_mathjax=False,
                   config={"displaylogo": False, "locale": "es"})
    return path


def write_topic_map(topic_model: Any, docs: Sequence[str], timestamps: Sequence[Any], out_dir: Path) -> list[Path]:
    """Write the charts of a fitted BERTopic (`docs`: the documents it was fitted on, in order;
    `timestamps`: their dates) into `out_dir`; returns the files written."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    n_topics = len([t for t in topic_model.get_topics() if t >= 0])
    written: list[Path] = []
    charts = [
        (MAP, lambda: topic_model.visualize_topics(custom_labels=True, title="<b>Mapa de temas</b>")),
        (HIERARCHY, lambda: topic_model.visualize_hierarchy(custom_labels=True, title="<b>Jerarquía de temas</b>")),
        (BARCHART, lambda: topic_model.visualize_barchart(top_n_topics=min(TOP_TOPICS, n_topics), custom_labels=True,
                                                          title="<b>Palabras por tema</b>")),
    ]
    for name, make in charts:
        try:
            fig = make()
        except (ValueError, TypeError, IndexError) as exc:  # too few topics for that chart
            log.warning("%s not written: %s", name, exc)
            continue
        written.append(_write(fig, out_dir / name))
    over_time = topic_model.topics_over_time(list(docs), week_starts(timestamps))
    fig = topic_model.visualize_topics_over_time(over_time, top_n_topics=TOP_TOPICS, custom_labels=True,
                                                 title="<b>Temas en el tiempo (registros por semana)</b>")
    written.append(_write(fig, out_dir / OVER_TIME))
    return written
