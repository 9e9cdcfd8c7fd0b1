"""`escucha clientes listar | exportar | marcar | seguimiento`: the at-risk customer list for
sales and fidelización, its CRM export, and the follow-ups that close the loop."""

from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path
from typing import Optional

import typer

from escucha.cli._common import ConfigOpt, fail, load

app = typer.Typer(help="Clientes en riesgo: la lista semanal de retención, su exportación y el seguimiento.",
                  no_args_is_help=True)

AsOfOpt = typer.Option(None, "--fecha", help="Calcular la lista a esta fecha (AAAA-MM-DD); por defecto, ahora.")


def _as_of(value: Optional[str]) -> datetime:
    if not value:
        return datetime.now(timezone.utc)
    try:
        when = datetime.fromisoformat(value)
    except ValueError:
        fail(f"fecha no válida: {value!r} (use AAAA-MM-DD)")
    return when if when.tzinfo else when.replace(hour=23, minute=59, tzinfo=timezone.utc)


@app.command("listar")
def list_(config: Optional[Path] = ConfigOpt, fecha: Optional[str] = AsOfOpt,
          verbatims: bool = typer.Option(True, "--citas/--sin-citas", help="Mostrar las citas (redactadas).")) -> None:
    """Imprimir la lista de clientes en riesgo, con el porqué de cada uno."""
    from escucha.analytics.customers import channel_name, local_day
    from escucha.outputs.reports.fmt import fmt_date, fmt_quantity, formatting_locale
    from escucha.pipeline.context import open_configured_store
    from escucha.pipeline.customers import list_customers_at_risk, reason_texts

    cfg = load(config)
    with open_configured_store(cfg) as store:
        views = list_customers_at_risk(cfg, store, _as_of(fecha))
    if not views:
        typer.echo("Ningún cliente en riesgo en la ventana.")
        return
    typer.echo(f"Clientes en riesgo (últimos {cfg.customers.window_days} días): {len(views)}")

    def day(moment) -> str:  # the company's day, spelt out as the reports write it
        return fmt_date(local_day(moment, cfg.schedule.timezone))

    with formatting_locale(cfg.locale):  # numbers as the deployment writes them, the reasons' included
        for n, v in enumerate(views, 1):
            state = f"  [{v.follow_up} el {day(v.follow_up_at)}]" if v.follow_up else ""
            typer.echo(f"\n{n}. {v.customer_id or v.key}  segmento: {v.segment or 'sin segmento'}  "
                       f"puntaje: {fmt_quantity(v.score)}{state}")
            typer.echo(f"   último contacto: {day(v.last_contact)}; casos abiertos: {len(v.open_case_ids)}")
            for r in reason_texts(v.reasons):
                typer.echo(f"   - {r}")
            if verbatims:
                for e in v.evidence:
                    typer.echo(f"   «{' '.join(e.text.split())[:200]}» ({channel_name(e.channel)}, {day(e.created_at)})")


@app.command("exportar")
def export(out: Path = typer.Argument(..., help="Archivo de salida: se escriben NOMBRE.csv y NOMBRE.parquet."),
           config: Optional[Path] = ConfigOpt, fecha: Optional[str] = AsOfOpt) -> None:
    """Exportar la lista para el CRM: CSV (UTF-8 con BOM, seguro para Excel) y Parquet."""
    from escucha.pipeline.context import open_configured_store
    from escucha.outputs.reports.fmt import formatting_locale
    from escucha.pipeline.customers import export_customers, list_customers_at_risk

    cfg = load(config)
    with open_configured_store(cfg) as store:
        views = list_customers_at_risk(cfg, store, _as_of(fecha))
    with formatting_locale(cfg.locale):  # the reasons' numbers, as the deployment writes them
        paths = export_customers(views, out)
    for path in paths:
        typer.echo(f"{path}  ({len(views)} clientes)")


@app.command("marcar")
def mark(customer: str = typer.Argument(..., help="El identificador del cliente, como lo muestra la lista."),
         estado: str = typer.Option(..., "--estado", help="contactado, recuperado o perdido."),
         nota: Optional[str] = typer.Option(None, "--nota", help="Una nota para el equipo (se guarda sin datos personales; no se exporta)."),
         config: Optional[Path] = ConfigOpt) -> None:
    """Registrar el seguimiento de un cliente de la lista."""
    from escucha.analytics.customers import FOLLOWUP_STATES
    from escucha.pipeline.context import new_run, open_configured_store
    from escucha.pipeline.customers import mark_customer, redact_note

    if estado not in FOLLOWUP_STATES:
        fail(f"estado no válido: {estado!r}; use {', '.join(FOLLOWUP_STATES)}")
    cfg = load(config)
    with open_configured_store(cfg) as store:
        mark_customer(store, customer, estado, redact_note(cfg, nota), new_run("clientes-marcar").run_id)
    typer.echo(f"Cliente {customer}: {estado}.")


@app.command("seguimiento")
def follow_ups(config: Optional[Path] = ConfigOpt) -> None:
    """Por mes: clientes marcados, contactados, recuperados y perdidos."""
    from escucha.pipeline.context import open_configured_store
    from escucha.pipeline.customers import follow_up_summary

    cfg = load(config)
    with open_configured_store(cfg) as store:
        months = follow_up_summary(store)
    if not months:
        typer.echo("Aún no hay seguimientos registrados.")
        return
    typer.echo("mes       marcados  contactados  recuperados  perdidos")
    for m in months:
        typer.echo(f"{m.month}  {m.marked:8d}  {m.contacted:11d}  {m.recovered:11d}  {m.lost:8d}")
