"""Team reports: routing, Spanish content, HTML safety, deterministic files, readable tables."""

from __future__ import annotations

import html
import re
from datetime import date, timedelta

import pandas as pd
import pytest

from escucha.outputs.reports import (
    TeamSpec,
    build_report,
    filter_for_team,
    render_html,
    render_markdown,
    teams_from_config,
    write_report,
    write_tables,
)
from escucha.outputs.reports.fmt import fmt_date, fmt_growth, fmt_int, fmt_num, fmt_pct, fmt_range
from frames import NOW, extra_records, make_frame

PRODUCTO = TeamSpec("producto", categories=["calidad del servicio", "app y portal", "entregas e instalación"])
MERCADEO = TeamSpec("mercadeo", "Informe de Mercadeo", channels=["social", "review"])
VENTAS = TeamSpec("ventas", categories=["precios", "facturacion", "retención y cancelaciones"])  # no accent on purpose

XSS = "<script>alert(1)</script> me cobraron dos veces & nadie responde"


@pytest.fixture(scope="module")
def frame() -> pd.DataFrame:
    df = make_frame()
    # the most negative text of "Cobro doble" this week carries markup: it must be picked and escaped
    i = df.index[(df["topic_id"] == 0) & (df["created_at"] > pd.Timestamp(NOW) - timedelta(days=2))][0]
    df.loc[i, ["text", "sentiment", "sentiment_neg"]] = [XSS, "NEG", 0.9999]
    return df


@pytest.fixture(scope="module")
def ventas(frame):
    return build_report(frame, VENTAS, NOW, {"reclamo": 15})


# -- formatting ---------------------------------------------------------------------------------

def test_spanish_number_and_date_formats():
    assert fmt_int(1234) == "1.234" and fmt_int(1234567) == "1.234.567" and fmt_int(None) == "—"
    assert fmt_pct(0.125) == "12,5 %"
    assert fmt_num(1234.56) == "1.234,6"
    assert fmt_date(date(2026, 11, 20)) == "20 de noviembre de 2026"
    assert fmt_range(date(2026, 11, 14), date(2026, 11, 20)) == "del 14 al 20 de noviembre de 2026"
    assert fmt_range(date(2026, 10, 28), date(2026, 11, 3)) == "del 28 de octubre al 3 de noviembre de 2026"
    assert fmt_growth(0.25, 8, 10) == "+25,0 %" and fmt_growth(3.0, 0, 4) == "nuevo"


# -- routing ------------------------------------------------------------------------------------

def test_teams_see_only_their_categories_or_channels(frame):
    p = filter_for_team(frame, PRODUCTO)
    assert set(p["topic_category"]) == {"calidad del servicio", "app y portal", "entregas e instalación"}
    m = filter_for_team(frame, MERCADEO)
    assert set(m["channel"]) == {"social", "review"}
    assert len(m) == frame["channel"].isin(["social", "review"]).sum()
    v = filter_for_team(frame, VENTAS)
    assert "facturación" in set(v["topic_category"])  # accent-insensitive match
    both = filter_for_team(frame, TeamSpec("x", categories=["precios"], channels=["social"]))
    assert len(both) == ((frame["topic_category"] == "precios") & (frame["channel"] == "social")).sum()


def test_teams_from_config_section():
    teams = teams_from_config({"teams": {
        "producto": {"title": "Informe de Producto", "categories": ["app y portal"], "recipients": ["a@b.co"]},
        "mercadeo": {"title": "Informe de Mercadeo", "channels": ["social"]},
    }})
    assert [t.name for t in teams] == ["producto", "mercadeo"]
    assert teams[0].categories == ["app y portal"] and teams[1].channels == ["social"]
    assert teams[0].title == "Informe de Producto"


# -- content ------------------------------------------------------------------------------------

def test_report_data_matches_the_team_frame(frame, ventas):
    team_rows = filter_for_team(frame, VENTAS)
    period = team_rows["created_at"] > pd.Timestamp(NOW) - timedelta(days=7)
    assert ventas.kpis.volume == int(period.sum())
    assert ventas.kpis.share_negative == pytest.approx((team_rows.loc[period, "sentiment"] == "NEG").mean())
    labels = [i.label for i in ventas.issues]
    assert labels[0] == "Cobro doble en la factura"
    assert set(labels) <= set(team_rows["topic_label"])
    assert all(1 <= len(i.verbatims) <= 3 for i in ventas.issues)
    assert ventas.issues[0].verbatims[0].text == XSS
    assert ventas.kpis.nps is not None  # the frame has 0-10 survey scores


def test_markdown_is_spanish_with_labels_and_verbatims(ventas):
    md = render_markdown(ventas)
    assert "# Informe de temas recurrentes: Ventas" in md
    assert "20 de noviembre de 2026" in md and "Temas recurrentes" in md and "Cumplimiento de términos" in md
    for issue in ventas.issues:
        assert issue.label in md
    assert "Subieron el precio del plan sin avisarme" in md or "La tarifa aumentó y la promoción desapareció" in md
    assert "&lt;script&gt;" in md and "<script" not in md


def test_html_escapes_customer_text_and_is_self_contained(frame, ventas):
    h = render_html(ventas)
    assert "&lt;script&gt;alert(1)&lt;/script&gt; me cobraron dos veces &amp; nadie responde" in h
    assert "<script" not in h.lower()
    assert h.startswith("<!DOCTYPE html>") and '<html lang="es">' in h
    assert "<svg" in h and "<polyline" in h  # inline charts
    assert "<link" not in h and " src=" not in h and "@import" not in h
    assert set(re.findall(r"https?://[^\"'\s)]+", h)) <= {"http://www.w3.org/2000/svg"}
    assert "Cobro doble en la factura" in h and "Aumento de tarifa del plan" in h
    assert "Periodo: del 13 al 20 de noviembre de 2026" in h


def test_hostile_labels_and_titles_are_escaped_everywhere(frame):
    df = frame.copy()
    df.loc[df["topic_id"] == 4, "topic_label"] = '<img src=x onerror="alert(2)">'
    team = TeamSpec("ventas", title="<b>Ventas</b>", categories=["precios"])
    h = render_html(build_report(df, team, NOW))
    assert "<img" not in h and "<b>Ventas" not in h
    assert "&lt;img src=x onerror=" in h and "&lt;b&gt;Ventas&lt;/b&gt;" in h
    assert '<img src=x onerror="alert(2)">' in html.unescape(h)  # printed as written


def test_ads_are_counted_apart_in_both_renderings_not_ranked(frame):
    """A week of laptop ads (kind `comentario`) is bigger than any complaint, and the report
    still ranks complaints only and says, in one sentence, how much it left out and why."""
    ads = extra_records(300, NOW - timedelta(days=6), NOW, seed=77, topic_id=90, topic_label="Publicidad y promociones",
                        topic_category="calidad del servicio", sentiment="NEU")
    ads["topic_kind"] = "comentario"
    data = build_report(pd.concat([frame, ads], ignore_index=True), PRODUCTO, NOW)
    assert 90 not in set(data.ranking["topic_id"]) and all(i.label != "Publicidad y promociones" for i in data.issues)
    sentence = ("Fuera del ranking, porque no son quejas: 300 textos de publicidad, noticias y comentarios que "
                "mencionan a la empresa: «Publicidad y promociones» (300).")
    assert sentence in render_markdown(data)
    assert html.escape(sentence, quote=False) in render_html(data)
    assert "Fuera del ranking" not in render_markdown(build_report(frame, PRODUCTO, NOW))
    from escucha.outputs.reports.content import set_apart_text

    four = pd.DataFrame({"topic_label": ["A", "B", "C", "D"], "volume": [9, 5, 1, 1]})
    assert set_apart_text(four.head(2)).endswith("empresa: «A» (9) y «B» (5).")
    assert set_apart_text(four).endswith("empresa: «A» (9), «B» (5), «C» (1) y 1 más.")
    assert "16 textos" in set_apart_text(four) and "1 texto de" in set_apart_text(four.tail(1))
    # the dashboard ranks and says the same, among its notes
    from escucha.outputs.dashboard.metrics import Filters, compute_view

    view = compute_view(pd.concat([frame, ads], ignore_index=True), Filters(vista="semana"), NOW, {})
    assert all(t.topic_id != 90 for t in view.topics)
    assert any(n.startswith("Fuera del ranking, porque no son quejas: 300 textos") for n in view.notes)


def test_each_issue_shows_how_it_shows_up_its_subthemes(frame):
    """Under each issue, its largest sub-themes and their share of it (the topic model's
    `subthemes()`), escaped like every other text; an issue that is its own only sub-theme shows none."""
    subthemes = pd.DataFrame({
        "topic_id": [0, 0, 0, 0, 0, 7], "topic_label": ["Cobro doble"] * 5 + ["Horarios"],
        "subtheme": [0, 1, 2, 3, 4, 0],
        "label": ["Débito automático", "<b>Reintegro</b> del saldo", "Tema: débito, cheque", "Factura de octubre", "Mora",
                  "x"],
        "keywords": ["[]"] * 6, "size": [50, 30, 20, 15, 5, 9], "share": [0.42, 0.25, 0.17, 0.12, 0.04, 1.0]})
    data = build_report(frame, VENTAS, NOW, {"reclamo": 15}, subthemes=subthemes)
    cobro = next(i for i in data.issues if i.topic_id == 0)
    assert [label for label, _ in cobro.subthemes] == ["Débito automático", "<b>Reintegro</b> del saldo", "Factura de octubre"]
    md_text = render_markdown(data)
    # a sub-theme named only by its words («Tema: ...») is left out
    assert ("Cómo se presenta: Débito automático (42 %), &lt;b&gt;Reintegro&lt;/b&gt; del saldo (25 %) y Factura de "
            "octubre (12 %).") in md_text
    page = render_html(data)
    assert "&lt;b&gt;Reintegro&lt;/b&gt; del saldo (25 %)" in page and "<b>Reintegro</b>" not in page
    # one word alone («Reintegro», «Mora») says too little to be listed
    one_word = subthemes.assign(label=subthemes["label"].replace({"<b>Reintegro</b> del saldo": "Reintegro"}))
    cobro = next(i for i in build_report(frame, VENTAS, NOW, {"reclamo": 15}, subthemes=one_word).issues
                 if i.topic_id == 0)
    assert [label for label, _ in cobro.subthemes] == ["Débito automático", "Factura de octubre"]
    assert all(not i.subthemes for i in data.issues if i.topic_id != 0)
    assert "Cómo se presenta" not in render_markdown(build_report(frame, VENTAS, NOW, {"reclamo": 15}))
    # when what has a name is less than half of the issue, the report says nothing of its sub-themes
    unnamed = subthemes.assign(label=["Tema: a, b", "Tema: c, d", "Factura de octubre", "Mora", "Cuota", "x"])
    data = build_report(frame, VENTAS, NOW, {"reclamo": 15}, subthemes=unnamed)
    assert all(not i.subthemes for i in data.issues)


def test_subtheme_shares_are_the_periods_and_a_repeated_name_is_not_listed(frame):
    """With the sub-theme of each record (pipeline/topics.issue_subthemes), the shares are those
    of the period's records, not the model's at its last fit; a sub-theme named only with its
    issue's words is the issue itself (counted as named, not listed); a sub-theme with one
    record in the period is not listed; an issue with fewer than 10 records in it shows none."""
    subthemes = pd.DataFrame({
        "topic_id": [0, 0, 0, 0, 7, 7], "topic_label": ["Cobro doble en la factura"] * 4 + ["Horarios"] * 2,
        "subtheme": [0, 1, 2, 3, 0, 1],
        "label": ["Cobros dobles", "Débito automático", "Factura de octubre", "Mora", "Horario de sábado", "Fila"],
        "keywords": ["[]"] * 6, "size": [50, 30, 15, 5, 5, 5], "share": [0.5, 0.3, 0.15, 0.05, 0.5, 0.5]})
    in_period = (frame["created_at"] > pd.Timestamp(NOW) - timedelta(days=7)) & (frame["created_at"] <= pd.Timestamp(NOW))
    ids = frame.loc[in_period & (frame["topic_id"] == 0), "id"].astype(str).tolist()
    assert len(ids) >= 12
    # this week: a quarter plain double charges, the rest October's invoice, one automatic debit
    of_record = {rid: (0 if k < len(ids) // 4 else 2) for k, rid in enumerate(ids)}
    of_record[ids[-1]] = 1
    data = build_report(frame, VENTAS, NOW, {"reclamo": 15}, subthemes=subthemes, record_subthemes=of_record)
    cobro = next(i for i in data.issues if i.topic_id == 0)
    n = len(ids)
    assert cobro.subthemes == [("Factura de octubre", (n - n // 4 - 1) / n)]
    # fewer than 10 records of the issue in the period: nothing is said of its sub-themes
    few = {rid: 2 for rid in ids[:9]}
    data = build_report(frame, VENTAS, NOW, {"reclamo": 15}, subthemes=subthemes, record_subthemes=few)
    assert all(not i.subthemes for i in data.issues)


def test_planted_new_topic_shows_as_emerging(frame):
    new = extra_records(25, pd.Timestamp(NOW) - timedelta(days=3), NOW, seed=8, topic_id=42,
                        topic_label="Falla en la recarga en línea", topic_category="precios", sentiment="NEG",
                        text="No puedo hacer la recarga en línea desde ayer")
    data = build_report(pd.concat([frame, new], ignore_index=True), VENTAS, NOW)
    assert data.emerging.set_index("topic_id").loc[42, "reason"] == "nuevo"
    assert "Falla en la recarga en línea" in render_markdown(data)
    assert any(i.topic_id == 42 and i.emerging == "nuevo" for i in data.issues)


def test_empty_team_still_renders(frame):
    data = build_report(frame, TeamSpec("nadie", categories=["no existe"]), NOW)
    assert data.kpis.volume == 0 and data.issues == []
    assert "No hay registros para este equipo en el periodo." in render_html(data)
    assert "No hay temas con registros en el periodo." in render_markdown(data)


# -- files --------------------------------------------------------------------------------------

def test_file_names_are_deterministic_and_rerun_overwrites(ventas, tmp_path):
    first = write_report(ventas, tmp_path)
    files_before = sorted(p.name for p in tmp_path.iterdir())
    second = write_report(ventas, tmp_path)
    assert first == second
    assert sorted(p.name for p in tmp_path.iterdir()) == files_before
    assert first["html"].name == "2026-11-20_ventas.html" and first["md"].name == "2026-11-20_ventas.md"
    assert first["csv"].name == "2026-11-20_ventas_temas.csv"
    assert first["html"].read_text(encoding="utf-8") == render_html(ventas)


def test_tables_read_back_from_csv_and_parquet(ventas, tmp_path):
    paths = write_tables(ventas, tmp_path)
    csv = pd.read_csv(paths["csv:temas"])
    pq = pd.read_parquet(paths["parquet:temas"])
    assert list(csv["topic_label"]) == list(ventas.ranking["topic_label"]) == list(pq["topic_label"])
    assert list(pq["volume"]) == list(ventas.ranking["volume"])
    assert csv.loc[0, "topic_category"] == "facturación"  # accents survive the BOM-prefixed UTF-8
    splits = pd.read_parquet(paths["parquet:cortes"])
    assert splits.groupby(["topic_id", "dimension"])["count"].sum().eq(
        splits.assign(v=splits["topic_id"].map(ventas.ranking.set_index("topic_id")["volume"]))
        .groupby(["topic_id", "dimension"])["v"].first()).all()
    assert pd.read_csv(paths["csv:cortes"]).shape == splits.shape
