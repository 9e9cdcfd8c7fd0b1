"""Small classification heads on sentence embeddings, shipped as plain .npz files.

Training uses scikit-learn (multinomial logistic regression); inference is numpy from the arrays
in the .npz, so a shipped head never needs pickle (unsafe to load, fragile across scikit-learn
versions). A head may also read surface features of the text (`features.TextFeatures`: hashed
character and word n-grams, lexicon counts); those are computed by stateless hashing, and the
lexicons the head was trained with travel inside its file. The metadata (task, labels, encoder,
data hash, versions, metrics) travels inside the same file as a JSON string.
"""

from __future__ import annotations

import hashlib
import io
import json
import zipfile
from pathlib import Path
from typing import Any, Sequence

import numpy as np

FORMAT_VERSION = 2  # 2: optional text-feature block (feature_coef, lexicons)


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
        features: dict[str, Any] | None = None,
        calibrate_bias: bool = False,
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
        # TextFeatures parameters (None: the sentence vector only).
        self.features = dict(features) if features else None
        # Fit one bias per class (with the temperature) on out-of-fold logits, minimising the
        # class-balanced log-loss of the calibration rows: corrects the priors a mix of sources
        # teaches, towards equal treatment of the classes (what macro-F1 rewards).
        self.calibrate_bias = calibrate_bias
        self.featurizer_ = None

    # -- training (scikit-learn) -------------------------------------------------------------
    def _new_lr(self):
        from sklearn.linear_model import LogisticRegression

        return LogisticRegression(
            C=self.C, class_weight=self.class_weight, max_iter=self.max_iter, random_state=self.seed, tol=1e-5
        )

    def fit(self, X: np.ndarray, y: Sequence[str], texts: Sequence[str] | None = None,
            sample_weight: np.ndarray | None = None, calibration_rows: np.ndarray | None = None) -> "LinearHead":
        """Fit on sentence vectors `X` (and `texts`, when the head reads text features).

        `sample_weight` weighs rows (e.g. by source); with class_weight "balanced" each class
        then gets the same total weight. `calibration_rows` (boolean mask) are the rows whose
        out-of-fold predictions calibrate the bias and temperature (default: all rows).
        """
        # One BLAS thread: on small shared machines, threaded BLAS makes lbfgs ~15x slower.
        from threadpoolctl import threadpool_limits

        with threadpool_limits(limits=1):
            return self._fit(X, y, texts, sample_weight, calibration_rows)

    def _featurizer(self):
        if self.features and self.featurizer_ is None:
            from escucha.nlp.classifiers.features import TextFeatures

            self.featurizer_ = TextFeatures(**{k: v for k, v in self.features.items() if k != "version"})
            self.features = self.featurizer_.get_params()  # complete, with the features' version
        return self.featurizer_

    def _design(self, X: np.ndarray, texts: Sequence[str] | None):
        """The matrix the linear model reads: the vectors, then the text features if any."""
        if not self.features:
            return np.asarray(X, dtype=np.float64)
        if texts is None:
            raise ValueError("this head reads text features: pass the texts along with their vectors")
        import scipy.sparse as sp

        F = self._featurizer().transform(texts)
        return sp.hstack([sp.csr_matrix(np.asarray(X, dtype=np.float32)), F], format="csr")

    def _sample_weight(self, y: np.ndarray, w: np.ndarray | None) -> tuple[np.ndarray | None, Any]:
        """(sample weights, class_weight for scikit-learn): balanced over weighted rows when weighted."""
        if w is None:
            return None, self.class_weight
        w = np.asarray(w, dtype=np.float64)
        if self.class_weight == "balanced":
            classes = sorted(set(y.tolist()))
            per = {c: w.sum() / (len(classes) * w[y == c].sum()) for c in classes}
            w = w * np.array([per[c] for c in y])
            return w, None
        return w, self.class_weight

    def _fit_linear(self, D, y: np.ndarray, w: np.ndarray | None, order: list[str]) -> tuple[np.ndarray, np.ndarray]:
        """(coef, intercept) in `order`; classes absent from `y` get a very negative bias."""
        from sklearn.linear_model import LogisticRegression

        sw, cw = self._sample_weight(y, w)
        lr = LogisticRegression(C=self.C, class_weight=cw, max_iter=self.max_iter, random_state=self.seed,
                                tol=1e-5).fit(D, y, sample_weight=sw)
        coef = np.zeros((len(order), D.shape[1]))
        intercept = np.full(len(order), -30.0)
        lr_classes = list(lr.classes_)
        if len(lr_classes) == 2:  # sklearn stores one row for binary problems
            rows = {lr_classes[0]: (-lr.coef_[0] / 2, -lr.intercept_[0] / 2), lr_classes[1]: (lr.coef_[0] / 2, lr.intercept_[0] / 2)}
        else:
            rows = {c: (lr.coef_[i], lr.intercept_[i]) for i, c in enumerate(lr_classes)}
        for i, c in enumerate(order):
            if c in rows:
                coef[i], intercept[i] = rows[c]
        return coef, intercept

    def _set_weights(self, coef: np.ndarray, intercept: np.ndarray, dim: int) -> None:
        self.coef_ = coef[:, :dim].astype(np.float32)
        # Text-feature weights are stored in half precision (the file stays small); kept rounded in
        # memory too, so a head predicts the same before and after saving.
        self.feature_coef_ = coef[:, dim:].astype(np.float16) if self.features else None
        self.intercept_ = intercept.astype(np.float32)

    def _fit(self, X: np.ndarray, y: Sequence[str], texts=None, sample_weight=None, calibration_rows=None) -> "LinearHead":
        X = np.asarray(X, dtype=np.float64)
        y = np.asarray(list(y), dtype=object)
        present = sorted(set(y.tolist()))
        order = list(self.labels) if self.labels is not None else present
        unknown = set(present) - set(order)
        if unknown:
            raise ValueError(f"labels not in the label set {order}: {sorted(unknown)}")
        if len(present) < 2:
            raise ValueError("need at least two classes to train a head")
        D = self._design(X, texts)
        w = None if sample_weight is None else np.asarray(sample_weight, dtype=np.float64)
        coef, intercept = self._fit_linear(D, y, w, order)
        dim = X.shape[1]
        self.classes_ = np.asarray(order, dtype=str)
        self._set_weights(coef, intercept, dim)
        self.temperature_ = 1.0
        self.neutral_shift_ = 0.0
        self.bias_ = np.zeros(len(order))
        self.metadata_: dict[str, Any] = {}
        if self.calibrate or self.neutral_balance or self.calibrate_bias:
            logits = self._oof_logits(D, y, w, dim)
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
            if logits is not None and self.calibrate_bias:
                rows = np.ones(len(y), bool) if calibration_rows is None else np.asarray(calibration_rows, bool)
                bias, self.temperature_ = _fit_bias_temperature(logits[rows], y[rows], order)
                self.bias_ = bias
                self.intercept_ = (self.intercept_ + bias).astype(np.float32)
            elif logits is not None and self.calibrate:
                self.temperature_ = self._fit_temperature(logits, y)
        return self

    def _oof_logits(self, D, y: np.ndarray, w: np.ndarray | None, dim: int, folds: int = 5) -> np.ndarray | None:
        """Out-of-fold logits (None when a class has fewer rows than folds)."""
        from sklearn.model_selection import StratifiedKFold

        order = list(self.classes_)
        counts = {c: int((y == c).sum()) for c in set(y.tolist())}
        if min(counts.values()) < folds:
            return None
        logits = np.zeros((len(y), len(order)))
        skf = StratifiedKFold(n_splits=folds, shuffle=True, random_state=self.seed)
        for tr, te in skf.split(np.zeros(len(y)), y):
            coef, intercept = self._fit_linear(D[tr], y[tr], None if w is None else w[tr], order)
            sub = LinearHead(labels=order, features=self.features)
            sub.classes_ = self.classes_
            sub._set_weights(coef, intercept, dim)
            logits[te] = sub._logits_of_design(D[te], dim)
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

    # -- inference (numpy; scipy for the sparse text features) ------------------------------
    def _logits_of_design(self, D, dim: int) -> np.ndarray:
        if self.feature_coef_ is None:
            return np.asarray(D, dtype=np.float32) @ self.coef_.T + self.intercept_
        Xd = D[:, :dim].toarray().astype(np.float32)
        return Xd @ self.coef_.T + np.asarray(D[:, dim:] @ self._feature_coef32().T) + self.intercept_

    def _feature_coef32(self) -> np.ndarray:
        cached = getattr(self, "_coef32", None)
        if cached is None or cached[0] is not self.feature_coef_:
            cached = (self.feature_coef_, self.feature_coef_.astype(np.float32))
            self._coef32 = cached
        return cached[1]

    def decision_function(self, X: np.ndarray, texts: Sequence[str] | None = None) -> np.ndarray:
        X = np.asarray(X, dtype=np.float32)
        z = X @ self.coef_.T + self.intercept_
        if self.feature_coef_ is not None:
            if texts is None:
                raise ValueError("this head reads text features: pass the texts along with their vectors")
            F = self._featurizer().transform(texts)
            z = z + np.asarray(F @ self._feature_coef32().T)
        return z

    def predict_proba(self, X: np.ndarray, texts: Sequence[str] | None = None) -> np.ndarray:
        return _softmax(self.decision_function(X, texts).astype(np.float64) / self.temperature_)

    def predict(self, X: np.ndarray, texts: Sequence[str] | None = None) -> np.ndarray:
        return self.classes_[self.predict_proba(X, texts).argmax(axis=1)]

    # -- persistence -------------------------------------------------------------------------
    def weights_sha256(self) -> str:
        """Hash of everything that decides predictions (not of the metadata): the model version."""
        h = hashlib.sha256()
        h.update(json.dumps([str(c) for c in self.classes_], ensure_ascii=False).encode())
        h.update(np.ascontiguousarray(self.coef_, dtype=np.float32).tobytes())
        h.update(np.ascontiguousarray(self.intercept_, dtype=np.float32).tobytes())
        h.update(np.float64(self.temperature_).tobytes())
        if getattr(self, "feature_coef_", None) is not None:
            h.update(json.dumps(self.features, sort_keys=True).encode())
            h.update(self._featurizer().lexicons.to_json().encode("utf-8"))
            h.update(np.ascontiguousarray(self.feature_coef_, dtype=np.float16).tobytes())
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
                                neutral_balance=list(self.neutral_balance) if self.neutral_balance else None,
                                features=self.features, calibrate_bias=self.calibrate_bias),
                    temperature=self.temperature_, neutral_shift=getattr(self, "neutral_shift_", 0.0),
                    bias=[round(float(b), 6) for b in getattr(self, "bias_", [])],
                    weights_sha256=self.weights_sha256())
        self.metadata_ = meta
        arrays = {
            "classes": np.asarray([str(c) for c in self.classes_], dtype=str),
            "coef": np.ascontiguousarray(self.coef_, dtype=np.float32),
            "intercept": np.ascontiguousarray(self.intercept_, dtype=np.float32),
            "temperature": np.asarray(self.temperature_, dtype=np.float64),
            "metadata": np.asarray(json.dumps(meta, ensure_ascii=False, sort_keys=True), dtype=str),
        }
        if getattr(self, "feature_coef_", None) is not None:
            arrays["feature_coef"] = np.ascontiguousarray(self.feature_coef_, dtype=np.float16)
            arrays["lexicons"] = np.asarray(self._featurizer().lexicons.to_json(), dtype=str)
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
                       calibrate=params.get("calibrate", False), neutral_balance=params.get("neutral_balance"),
                       features=params.get("features"), calibrate_bias=params.get("calibrate_bias", False))
            head.classes_ = np.asarray(npz["classes"], dtype=str)
            head.coef_ = np.asarray(npz["coef"], dtype=np.float32)
            head.intercept_ = np.asarray(npz["intercept"], dtype=np.float32)
            head.temperature_ = float(npz["temperature"])
            head.feature_coef_ = None
            if head.features:
                from escucha.nlp.classifiers.features import FEATURES_VERSION, Lexicons, TextFeatures

                if head.features.get("version") != FEATURES_VERSION:
                    raise ValueError(f"{path} reads text features of version {head.features.get('version')}; this "
                                     f"Escucha computes version {FEATURES_VERSION}: retrain the head")
                head.feature_coef_ = np.asarray(npz["feature_coef"], dtype=np.float16)
                params_ = {k: v for k, v in head.features.items() if k != "version"}
                head.featurizer_ = TextFeatures(**params_, lexicons=Lexicons.from_json(str(npz["lexicons"])))
        head.labels = list(head.classes_)
        head.metadata_ = meta
        return head


def _fit_bias_temperature(logits: np.ndarray, y: np.ndarray, order: list[str]) -> tuple[np.ndarray, float]:
    """One bias per class (summing to 0) and one temperature minimising the class-balanced
    log-loss of softmax((logits + bias) / T); deterministic (L-BFGS from zero)."""
    from scipy.optimize import minimize

    idx = np.array([order.index(c) for c in y])
    k = logits.shape[1]
    present = np.unique(idx)
    counts = np.bincount(idx, minlength=k).astype(np.float64)
    w = (len(idx) / (len(present) * counts[idx]))
    free = [j for j in range(k) if j in present][1:]  # the first present class anchors the biases

    def loss(theta: np.ndarray) -> float:
        b = np.zeros(k)
        b[free] = theta[1:]
        z = (logits + b) / np.exp(theta[0])
        z = z - z.max(axis=1, keepdims=True)
        lp = z - np.log(np.exp(z).sum(axis=1, keepdims=True))
        return float(-(w * lp[np.arange(len(idx)), idx]).sum() / w.sum())

    res = minimize(loss, np.zeros(1 + len(free)), method="L-BFGS-B",
                   bounds=[(np.log(0.2), np.log(5.0))] + [(-5.0, 5.0)] * len(free))
    bias = np.zeros(k)
    bias[free] = res.x[1:]
    bias[present] -= bias[present].mean()
    return bias, round(float(np.exp(res.x[0])), 4)
