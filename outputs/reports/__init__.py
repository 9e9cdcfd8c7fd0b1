"""Spanish reports per team: route (routing.py), build (builder.py, issues.py), render (markdown.py,
html.py), write (files.py).

    spec = TeamSpec("producto", categories=["calidad del servicio", "app y portal"])
    data = build_report(frame, spec, now, sla_terms)
    paths = write_report(data, out_dir)   # {date}_{team}.html, .md, tables as CSV/Parquet
"""

from escucha.outputs.reports.builder import Kpis, ReportData, build_report
from escucha.outputs.reports.files import FORMATS, report_tables, write_report, write_tables
from escucha.outputs.reports.html import render_html
from escucha.outputs.reports.issues import IssueSla, IssueSummary, Verbatim
from escucha.outputs.reports.markdown import render_markdown
from escucha.outputs.reports.routing import TeamSpec, filter_for_team, teams_from_config

__all__ = [
    "FORMATS",
    "IssueSla",
    "IssueSummary",
    "Kpis",
    "ReportData",
    "TeamSpec",
    "Verbatim",
    "build_report",
    "filter_for_team",
    "render_html",
    "render_markdown",
    "report_tables",
    "teams_from_config",
    "write_report",
    "write_tables",
]
