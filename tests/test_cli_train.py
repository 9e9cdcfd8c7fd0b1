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
