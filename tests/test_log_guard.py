"""Log lines pass the final personal-data check (escucha.log_guard): a message or a traceback of
our loggers, or of the Prefect run loggers, never carries an e-mail, phone, document, card or
account number, whichever handler writes it; other loggers' lines and plain counts are kept."""

from __future__ import annotations

import io
import logging

import pytest

from escucha import log_guard


@pytest.fixture
def guarded():
    log_guard.install()
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(logging.Formatter("%(name)s %(message)s"))
    loggers = [logging.getLogger(n) for n in ("escucha.connectors.prueba", "prefect.flow_runs", "otra.libreria")]
    for lg in loggers:
        lg.addHandler(handler)
        lg.setLevel(logging.INFO)
        lg.propagate = False
    yield stream
    for lg in loggers:
        lg.removeHandler(handler)
        lg.propagate = True
        lg.setLevel(logging.NOTSET)


def test_a_message_with_identifiers_is_redacted_before_any_handler(guarded):
    logging.getLogger("escucha.connectors.prueba").warning(
        "no pude leer la fila de %s (%s), tarjeta %s", "ana.perez@correo.co", "3001234567", "4111 1111 1111 1111")
    out = guarded.getvalue()
    assert "ana.perez@correo.co" not in out and "3001234567" not in out and "4111 1111" not in out
    assert "[EMAIL]" in out and "[TELEFONO]" in out and "[TARJETA]" in out
    assert out.startswith("escucha.connectors.prueba no pude leer la fila de")  # the meaning is kept


def test_a_traceback_is_redacted_too(guarded):
    try:
        raise ValueError("valor inesperado: cédula 1094692548 del cliente ana@correo.co")
    except ValueError:
        logging.getLogger("escucha.connectors.prueba").exception("falló la fila")
    out = guarded.getvalue()
    assert "Traceback" in out and "ValueError" in out
    assert "ana@correo.co" not in out and "1094692548" not in out


def test_prefect_run_loggers_are_covered_and_other_loggers_are_not(guarded):
    logging.getLogger("prefect.flow_runs").info("escribiendo a ana@correo.co")
    logging.getLogger("otra.libreria").info("escribiendo a ana@correo.co")
    lines = guarded.getvalue().splitlines()
    assert lines == ["prefect.flow_runs escribiendo a [EMAIL]", "otra.libreria escribiendo a ana@correo.co"]


def test_counts_and_dates_stay_as_they_are(guarded):
    logging.getLogger("escucha.connectors.prueba").info(
        "%d registros nuevos, %d en cuarentena, corte 2026-12-07 02:00", 6000, 12)
    assert guarded.getvalue() == "escucha.connectors.prueba 6000 registros nuevos, 12 en cuarentena, corte 2026-12-07 02:00\n"


def test_every_command_installs_the_guard(tmp_path):
    import subprocess
    import sys

    code = ("from typer.testing import CliRunner; from escucha import log_guard; from escucha.cli import app; "
            "before = log_guard.installed(); "
            f"CliRunner().invoke(app, ['config', 'check', '--config', {str(tmp_path / 'falta.yaml')!r}]); "
            "print(before, log_guard.installed())")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert done.stdout.split() == ["False", "True"], done.stderr
