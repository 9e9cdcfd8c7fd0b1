"""`escucha models list | promote`: which head each task uses, and switching to another version
(trained with `escucha train TASK --from-store`) or back (`shipped`)."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from escucha.cli._common import ConfigOpt, fail, load

app = typer.Typer(help="Versions of the heads trained on the store's labels.", no_args_is_help=True)


@app.command("list")
def list_versions(task: str = typer.Argument(..., help="sentiment | emotion | pqrs_type"),
                  config: Optional[Path] = ConfigOpt) -> None:
    """Every version of a task's head; the one in use is marked with *."""
    from escucha.pipeline.heads import describe

    cfg = load(config)
    for v in describe(cfg.data_dir, task):
        labels = "" if v.get("store_labels") is None else f"  {v['store_labels']} etiquetas"
        typer.echo(f"{'*' if v['current'] else ' '} {v['version']}{labels}")


@app.command()
def promote(task: str = typer.Argument(..., help="sentiment | emotion | pqrs_type"),
            version: str = typer.Argument(..., help="v1, v2, ... or shipped (the head shipped with Escucha)"),
            config: Optional[Path] = ConfigOpt) -> None:
    """Use this version of the task's head from the next run on (reversible: promote the old one)."""
    from escucha.pipeline.heads import HeadError
    from escucha.pipeline.heads import promote as do_promote

    cfg = load(config)
    try:
        pointer = do_promote(cfg.data_dir, task, version)
    except HeadError as exc:
        fail(str(exc))
    previous = pointer["history"][-1]["previous"]
    typer.echo(f"{task}: la próxima ejecución usa la versión {version} (antes: {previous}). "
               f"Para volver atrás: escucha models promote {task} {previous}")
