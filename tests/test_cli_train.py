"""`escucha train` / `escucha evaluate` on a company's own labelled examples."""

import subprocess
import sys

import pytest

POS = ["Excelente atención, me resolvieron todo rápido", "Muy contenta con el servicio, gracias",
       "La asesora fue muy amable y eficiente", "Todo perfecto, los recomiendo", "Qué buen servicio, felicitaciones",
       "Me encantó la rapidez de la entrega", "Gracias por la solución tan oportuna", "Súper bien, cero quejas"]
NEG = ["Pésimo servicio, nadie me responde", "Me cobraron doble y no me devuelven la plata",
       "Llevo una semana sin internet, qué desastre", "Horrible la atención, me colgaron tres veces",
       "Estoy harto de esta empresa", "El técnico nunca llegó, una falta de respeto",
       "Malísimo, la app no sirve para nada", "Qué mala experiencia, no vuelvo"]


def _cli(*args, cwd, env=None):
    return subprocess.run([sys.executable, "-m", "escucha.cli", *args], capture_output=True, text=True, cwd=cwd,
                          env=env)


def test_train_then_evaluate_own_labels(tmp_path):
    data = tmp_path / "labels.csv"
    data.write_text("text,label\n" + "".join(f'"{t}",POS\n' for t in POS) + "".join(f'"{t}",NEG\n' for t in NEG),
                    encoding="utf-8")
    out = tmp_path / "mi_sentimiento.npz"
    trained = _cli("train", "sentiment", "--data", str(data), "--out", str(out), cwd=tmp_path)
    assert trained.returncode == 0, trained.stderr
    assert out.exists() and "ESCUCHA__NLP__SENTIMENT__MODEL_DIR" in trained.stdout
    ev = _cli("evaluate", "sentiment", "--data", str(data), "--model", str(out), cwd=tmp_path)
    assert ev.returncode == 0, ev.stderr
    first = ev.stdout.splitlines()[0]
    assert first.startswith("macro-F1:") and float(first.split()[1]) >= 0.9  # it fits its own training set
    assert "confusion" in ev.stdout and "NEG" in ev.stdout


def test_unknown_label_is_named(tmp_path):
    data = tmp_path / "labels.csv"
    data.write_text("text,label\nhola,positivo\nchao,negativo\n", encoding="utf-8")
    proc = _cli("train", "sentiment", "--data", str(data), "--out", str(tmp_path / "x.npz"), cwd=tmp_path)
    assert proc.returncode == 2 and "positivo" in proc.stderr


def test_evaluate_uses_the_configured_transformers_runtime(tmp_path):
    """`evaluate` scores the model as the nightly run will use it: here through ONNX Runtime,
    whose exported file appears in the ONNX cache."""
    import json
    import os

    pytest.importorskip("torch")  # the transformers extra
    from tinymodel import build_tiny_model

    model_dir = build_tiny_model(tmp_path / "tiny", task="sentiment", seed=0)
    data = tmp_path / "labels.csv"
    data.write_text("text,label\n" + "".join(f'"{t}",POS\n' for t in POS) + "".join(f'"{t}",NEG\n' for t in NEG),
                    encoding="utf-8")
    cfg = tmp_path / "escucha.yaml"
    cfg.write_text(json.dumps({"data_dir": str(tmp_path / "data"), "nlp": {"sentiment": {
        "backend": "transformers", "model_dir": str(model_dir), "runtime": "onnx"}}}), encoding="utf-8")
    cache = tmp_path / "onnx-cache"
    env = {**os.environ, "ESCUCHA_ONNX_CACHE": str(cache)}
    ev = _cli("evaluate", "sentiment", "--data", str(data), "-c", str(cfg), cwd=tmp_path, env=env)
    assert ev.returncode == 0, ev.stderr
    assert ev.stdout.startswith("macro-F1:") and "confusion" in ev.stdout
    assert list(cache.rglob("*.onnx"))  # it ran on ONNX Runtime, not torch


def test_analyze_and_evaluate_use_the_promoted_head_and_say_which(tmp_path, monkeypatch):
    """A head promoted with `escucha models promote` is what `escucha analyze` and `escucha
    evaluate` classify with (as the nightly run), and they say which version they used. The
    promoted head is a tiny one that only knows two PQRS types: every row it reads takes one."""
    import json

    import pandas as pd
    from typer.testing import CliRunner

    from escucha.cli import app
    from escucha.nlp.training.train import prepare_texts, train_head
    from escucha.pipeline.heads import head_path

    monkeypatch.setenv("ESCUCHA_PROGRESS", "off")
    monkeypatch.delenv("ESCUCHA_CONFIG", raising=False)
    data_dir = tmp_path / "datos"
    cfg = tmp_path / "escucha.yaml"
    cfg.write_text(json.dumps({"data_dir": str(data_dir)}), encoding="utf-8")
    src = tmp_path / "pqrs.csv"
    pd.DataFrame({"texto": NEG}).to_csv(src, index=False)
    runner = CliRunner()

    def analyze(name: str) -> tuple[list[str], str]:
        res = runner.invoke(app, ["analyze", str(src), "-t", "texto", "-o", str(tmp_path / name), "-c", str(cfg)])
        assert res.exit_code == 0, res.output
        return pd.read_csv(tmp_path / name, dtype=str)["pqrs_type"].tolist(), res.output

    tiny = {"felicitación", "sugerencia"}
    shipped, said = analyze("enviado.csv")
    assert set(shipped) - tiny and "versión" not in said  # complaints: the shipped head says queja/reclamo
    head = train_head("pqrs_type", prepare_texts(POS + NEG), ["felicitación"] * len(POS) + ["sugerencia"] * len(NEG))
    path = head_path(data_dir, "pqrs_type", "v1")
    path.parent.mkdir(parents=True)
    head.save(path)
    res = runner.invoke(app, ["models", "promote", "pqrs_type", "v1", "-c", str(cfg)])
    assert res.exit_code == 0, res.output

    promoted, said = analyze("promovido.csv")
    assert set(promoted) <= tiny and len(promoted) == len(NEG)
    assert "Tipo de PQRS: se usa la versión v1" in said
    labels = tmp_path / "etiquetas.csv"
    pd.DataFrame({"text": NEG, "label": "sugerencia"}).to_csv(labels, index=False)
    ev = runner.invoke(app, ["evaluate", "pqrs_type", "--data", str(labels), "-c", str(cfg)])
    assert ev.exit_code == 0, ev.output
    assert "Tipo de PQRS: se usa la versión v1" in ev.output
    assert float(ev.output.split()[1]) >= 0.9  # macro-F1 of the tiny head on its own training texts

    assert runner.invoke(app, ["models", "promote", "pqrs_type", "shipped", "-c", str(cfg)]).exit_code == 0
    back, said = analyze("de_vuelta.csv")
    assert back == shipped and "versión" not in said
