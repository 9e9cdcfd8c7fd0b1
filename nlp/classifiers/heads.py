"""Small classification heads on sentence embeddings, shipped as plain .npz files.

Training uses scikit-learn (multinomial logistic regression); inference is pure numpy from the
arrays in the .npz, so a shipped head never needs pickle (unsafe to load, fragile across
scikit-learn versions) nor scikit-learn at run time. The metadata (task, labels, encoder, data
hash, versions, metrics) travels inside the same file as a JSON string.
"""

from __future__ import annotations

import hashlib
import io
import json
import zipfile
from pathlib import Path
from typing import Any, Sequence

import numpy as np

FORMAT_VERSION = 1


def _softmax(z: np.ndarray) -> np.ndarray:
    z = z - z.max(axis=1, keepdims=True)
    e = np.exp(z)
    return e / e.sum(axis=1, keepdims=True)


class LinearHead:
    """Multinomial logistic regression on (unit) embeddings, scikit-learn style.

    Parameters follow `sklearn.linear_model.LogisticRegression`; `calibrate=True` fits one
    temperature on cross-validated logits (cheap: a few extra fits) so that probabilities are
    not over-confident, which matters because they are stored and thresholded downstream.

    Fitted attributes: `classes_` (labels, in column order), `coef_` (n_classes, dim),
    `intercept_` (n_classes,), `temperature_` (float), `metadata_` (dict).
    """

    def __init__(
        self,
        C: float = 4.0,
        class_weight: str | dict | None = "balanced",
        max_iter: int = 2000,
        seed: int = 0,
        calibrate: bool = True,
        labels: Sequence[str] | None = None,
        neutral_balance: Sequence[str] | None = None,
    ):
        self.C = C
        self.class_weight = class_weight
        self.max_iter = max_iter
        self.seed = seed
        self.calibrate = calibrate
        self.labels = labels  # fixes the column order (e.g. TASK_LABELS[task]); else sorted
        # (neutral, a, b): shift the a/b biases so that, out of fold, neutral texts lean to neither
        # a nor b on average. For sentiment ("NEU", "POS", "NEG"): the many kinds of complaint make
        # NEG the broad class, and flat text (product descriptions, facts) otherwise leans NEG.
        self.neutral_balance = tuple(neutral_balance) if neutral_balance else None

    # -- training (scikit-learn) -------------------------------------------------------------
    def _new_lr(self):
        from sklearn.linear_model import LogisticRegression

        return LogisticRegression(
            C=self.C, class_weight=self.class_weight, max_iter=self.max_iter, random_state=self.seed, tol=1e-5
        )

    def fit(self, X: np.ndarray, y: Sequence[str]) -> "LinearHead":
        # One BLAS thread: on small shared machines, threaded BLAS makes lbfgs ~15x slower.
        from threadpoolctl import threadpool_limits

        with threadpool_limits(limits=1):
            return self._fit(X, y)

    def _fit(self, X: np.ndarray, y: Sequence[str]) -> "LinearHead":
        X = np.asarray(X, dtype=np.float64)
        y = np.asarray(list(y), dtype=object)
        present = sorted(set(y.tolist()))
        order = list(self.labels) if self.labels is not None else present
        unknown = set(present) - set(order)
        if unknown:
            raise ValueError(f"labels not in the label set {order}: {sorted(unknown)}")
        if len(present) < 2:
            raise ValueError("need at least two classes to train a head")
        lr = self._new_lr().fit(X, y)
        # Reorder to `order`; classes absent from the data get a very negative bias (never chosen).
        dim = X.shape[1]
        coef = np.zeros((len(order), dim))
        intercept = np.full(len(order), -30.0)
        lr_classes = list(lr.classes_)
        if len(lr_classes) == 2:  # sklearn stores one row for binary problems
            rows = {lr_classes[0]: (-lr.coef_[0] / 2, -lr.intercept_[0] / 2), lr_classes[1]: (lr.coef_[0] / 2, lr.intercept_[0] / 2)}
        else:
            rows = {c: (lr.coef_[i], lr.intercept_[i]) for i, c in enumerate(lr_classes)}
        for i, c in enumerate(order):
            if c in rows:
                coef[i], intercept[i] = rows[c]
        self.classes_ = np.asarray(order, dtype=str)
        self.coef_ = coef.astype(np.float32)
        self.intercept_ = intercept.astype(np.float32)
        self.temperature_ = 1.0
        self.neutral_shift_ = 0.0
        self.metadata_: dict[str, Any] = {}
        if self.calibrate or self.neutral_balance:
            logits = self._oof_logits(X, y)
            if logits is not None and self.neutral_balance:
                neu, a, b = (order.index(c) for c in self.neutral_balance)
                is_neutral = y == order[neu]
                if is_neutral.any():
                    d = float(np.mean(logits[is_neutral, a] - logits[is_neutral, b]))
                    shift = np.zeros(len(order))
                    shift[a], shift[b] = -d / 2, d / 2
                    self.intercept_ = (self.intercept_ + shift).astype(np.float32)
                    logits = logits + shift
                    self.neutral_shift_ = d
            if logits is not None and self.calibrate:
                self.temperature_ = self._fit_temperature(logits, y)
        return self

    def _oof_logits(self, X: np.ndarray, y: np.ndarray, folds: int = 5) -> np.ndarray | None:
        """Out-of-fold logits (None when a class has fewer rows than folds)."""
        from sklearn.model_selection import StratifiedKFold

        order = list(self.classes_)
        counts = {c: int((y == c).sum()) for c in set(y.tolist())}
        if min(counts.values()) < folds:
            return None
        logits = np.zeros((len(y), len(order)))
        skf = StratifiedKFold(n_splits=folds, shuffle=True, random_state=self.seed)
        for tr, te in skf.split(X, y):
            sub = LinearHead(C=self.C, class_weight=self.class_weight, max_iter=self.max_iter, seed=self.seed,
                             calibrate=False, labels=order)._fit(X[tr], y[tr])
            logits[te] = sub.decision_function(X[te])
        return logits

    def _fit_temperature(self, logits: np.ndarray, y: np.ndarray) -> float:
        """One temperature for the logits, chosen on out-of-fold predictions (NLL, grid search)."""
        order = list(self.classes_)
        idx = np.array([order.index(c) for c in y])
        best_t, best_nll = 1.0, np.inf
        for t in np.round(np.arange(0.3, 3.01, 0.05), 2):
            p = _softmax(logits / t)
            nll = -np.mean(np.log(np.clip(p[np.arange(len(idx)), idx], 1e-12, None)))
            if nll < best_nll - 1e-9:
                best_t, best_nll = float(t), nll
        return best_t

    # -- inference (numpy only) --------------------------------------------------------------
    def decision_function(self, X: np.ndarray) -> np.ndarray:
        X = np.asarray(X, dtype=np.float32)
        return X @ self.coef_.T + self.intercept_

    def predict_proba(self, X: np.ndarray) -> np.ndarray:
        return _softmax(self.decision_function(X).astype(np.float64) / self.temperature_)

    def predict(self, X: np.ndarray) -> np.ndarray:
        return self.classes_[self.predict_proba(X).argmax(axis=1)]

    # -- persistence -------------------------------------------------------------------------
    def weights_sha256(self) -> str:
        """Hash of everything that decides predictions (not of the metadata): the model version."""
        h = hashlib.sha256()
        h.update(json.dumps([str(c) for c in self.classes_], ensure_ascii=False).encode())
        h.update(np.ascontiguousarray(self.coef_, dtype=np.float32).tobytes())
        h.update(np.ascontiguousarray(self.intercept_, dtype=np.float32).tobytes())
        h.update(np.float64(self.temperature_).tobytes())
        return h.hexdigest()

    def save(self, path: str | Path, metadata: dict[str, Any] | None = None) -> Path:
        """Write a .npz with fixed zip timestamps, so the same weights give the same bytes."""
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        meta = dict(getattr(self, "metadata_", {}) or {})
        meta.update(metadata or {})
        meta.update(format_version=FORMAT_VERSION, labels=[str(c) for c in self.classes_],
                    params=dict(C=self.C, class_weight=self.class_weight, max_iter=self.max_iter,
                                seed=self.seed, calibrate=self.calibrate,
                                neutral_balance=list(self.neutral_balance) if self.neutral_balance else None),
                    temperature=self.temperature_, neutral_shift=getattr(self, "neutral_shift_", 0.0),
                    weights_sha256=self.weights_sha256())
        self.metadata_ = meta
        arrays = {
            "classes": np.asarray([str(c) for c in self.classes_], dtype=str),
            "coef": np.ascontiguousarray(self.coef_, dtype=np.float32),
            "intercept": np.ascontiguousarray(self.intercept_, dtype=np.float32),
            "temperature": np.asarray(self.temperature_, dtype=np.float64),
            "metadata": np.asarray(json.dumps(meta, ensure_ascii=False, sort_keys=True), dtype=str),
        }
        with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as zf:
            for name, arr in arrays.items():
                buf = io.BytesIO()
                np.lib.format.write_array(buf, arr, allow_pickle=False)
                info = zipfile.ZipInfo(f"{name}.npy", date_time=(1980, 1, 1, 0, 0, 0))
                info.compress_type = zipfile.ZIP_DEFLATED
                zf.writestr(info, buf.getvalue())
        return path

    @classmethod
    def load(cls, path: str | Path) -> "LinearHead":
        with np.load(Path(path), allow_pickle=False) as npz:
            meta = json.loads(str(npz["metadata"]))
            params = meta.get("params", {})
            head = cls(C=params.get("C", 1.0), class_weight=params.get("class_weight"),
                       max_iter=params.get("max_iter", 2000), seed=params.get("seed", 0),
                       calibrate=params.get("calibrate", False), neutral_balance=params.get("neutral_balance"))
            head.classes_ = np.asarray(npz["classes"], dtype=str)
            head.coef_ = np.asarray(npz["coef"], dtype=np.float32)
            head.intercept_ = np.asarray(npz["intercept"], dtype=np.float32)
            head.temperature_ = float(npz["temperature"])
        head.labels = list(head.classes_)
        head.metadata_ = meta
        return head
