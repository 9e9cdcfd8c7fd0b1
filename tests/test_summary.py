"""The run summary an operator reads: one line per report, every report's page named in full."""

from __future__ import annotations

from escucha.pipeline.summary import RunSummary


def test_one_line_per_report_with_its_other_formats():
    base = "/datos/reports/2026-11-23_"
    files = [base + n for n in (
        "producto.html", "producto.md", "producto_temas.csv", "producto_temas.parquet",
        "servicio.html", "servicio.md",
        "servicio_vip.html", "servicio_vip_temas.csv",  # a team whose name extends another's
    )]
    text = RunSummary(run_id="r1", status="completed", reports=files).render()
    lines = text.split("  reports:\n", 1)[1].splitlines()
    assert [ln.strip() for ln in lines] == [
        base + "producto.html  (+ .md, _temas.csv, _temas.parquet)",
        base + "servicio.html  (+ .md)",
        base + "servicio_vip.html  (+ _temas.csv)",
    ]


def test_files_without_a_page_are_listed_as_they_are():
    files = ["/r/2026-11-23_ventas.md", "/r/2026-11-23_ventas_temas.csv"]
    text = RunSummary(run_id="r1", reports=files).render()
    assert "/r/2026-11-23_ventas.md" in text and "/r/2026-11-23_ventas_temas.csv" in text


def test_the_promoted_heads_a_run_used_are_said_and_stored():
    summary = RunSummary(run_id="r1", status="completed", heads={"pqrs_type": "v2"})
    assert "Tipo de PQRS: se usa la versión v2" in summary.render()
    assert RunSummary(**summary.to_dict()).heads == {"pqrs_type": "v2"}  # stored with the run, read back
    assert "versión" not in RunSummary(run_id="r2").render()


def test_an_alert_scan_says_the_promoted_heads_too():
    from escucha.pipeline.alerts import AlertScanResult

    scan = AlertScanResult(run_id="a1", enriched=3, heads={"sentiment": "v1"})
    assert "Sentimiento: se usa la versión v1" in scan.render()
