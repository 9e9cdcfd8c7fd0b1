"""The supervised ceiling diagnostic (escucha/evaluation/ceiling.py): k-fold predictions, never
the training texts, and a clean skip without eval-dev."""

import numpy as np

from escucha.evaluation.ceiling import ceiling, main


def test_separable_labels_reach_the_top_and_noise_does_not():
    rng = np.random.default_rng(0)
    labels = np.repeat(["cajeros", "app", "fraude"], 20)
    centers = {"cajeros": 0, "app": 1, "fraude": 2}
    vectors = rng.normal(0, 0.05, (60, 8))
    for i, label in enumerate(labels):
        vectors[i, centers[label]] += 1.0
    texts = [f"{label} texto {i}" for i, label in enumerate(labels)]
    out = ceiling(texts, labels, vectors, folds=5)
    assert min(r["ari"] for r in out.values()) > 0.95 and len(out) == 3
    noise = ceiling([f"texto {i}" for i in range(60)], labels, rng.normal(0, 1, (60, 8)), folds=5)
    assert noise["USE vectors"]["ari"] < 0.3  # predictions come from models that never saw the text


def test_skips_cleanly_without_eval_dev(tmp_path, capsys):
    assert main(["--eval-dir", str(tmp_path)]) == 0
    assert "skipped" in capsys.readouterr().out
