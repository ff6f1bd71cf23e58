"""The fitted TF-IDF + logistic-regression + sigmoid-calibration model, compiled for
prediction on the few dozen statements of one report.

scikit-learn is built for large batches: on a report's ~30 statements its input
validation (check_array, dataframe probing, per-calibrator checks, three folds) cost
~7 ms per report, more than the arithmetic. This module reads the fitted estimators'
own arrays once (vocabularies, idf, the folds' coefficients and calibrators) and
computes the same numbers with one sparse-dense product. It reproduces scikit-learn's
formulas exactly (tests compare it with `predict_proba` of the estimators); any model
shape it does not know (another analyzer, binary labels, isotonic calibration) is left
to scikit-learn by `compile_scorer` returning None.
"""

from __future__ import annotations

import json
import operator
import re
from pathlib import Path
from typing import Any, Optional, Sequence

import numpy as np

SCORER_FORMAT = 1
_WHITE_SPACES = re.compile(r"\s\s+")  # sklearn's own pattern (stdlib re, as there)


class _Vocabulary:
    """One fitted TfidfVectorizer: how it cuts a document into terms and weighs them."""

    def __init__(
        self,
        vocab: dict[str, int],
        offset: int,
        analyzer: str,
        lowercase: bool,
        ngram_range: Sequence[int],
        sublinear: bool,
    ):
        self.vocab = vocab
        self.offset = offset
        self.analyzer = analyzer
        self.lowercase = bool(lowercase)
        self.min_n, self.max_n = (int(x) for x in ngram_range)
        self.sublinear = bool(sublinear)

    @classmethod
    def of(cls, vec: Any, offset: int) -> "_Vocabulary":
        return cls(vec.vocabulary_, offset, vec.analyzer, vec.lowercase, vec.ngram_range, vec.sublinear_tf)

    def params(self) -> dict[str, Any]:
        return {
            "analyzer": self.analyzer,
            "lowercase": self.lowercase,
            "ngram_range": [self.min_n, self.max_n],
            "sublinear": self.sublinear,
            "size": len(self.vocab),
        }

    def terms(self, doc: str) -> list[str]:
        """sklearn's n-grams, in its order (all n-grams of the smallest n first). Each
        n-gram is built from the (n-1)-gram starting at the same place plus the next
        character or word, concatenated in C: this runs for every statement of every
        report, and slicing n-grams one by one in Python was a third of the classifier."""
        if self.lowercase:
            doc = doc.lower()
        if self.analyzer == "char":
            units: Sequence[str] = _WHITE_SPACES.sub(" ", doc)  # as sklearn's _char_ngrams does first
            join = operator.add
        else:
            units = doc.split()  # token_pattern \S+
            join = "{} {}".format
        out: list[str] = []
        grams: Sequence[str] = units
        for n in range(1, min(self.max_n, len(units)) + 1):
            if n > 1:
                grams = list(map(join, grams, units[n - 1 :]))
            if n >= self.min_n:
                out.extend(grams)
        return out

    def ids(self, doc: str) -> list[int]:
        """Vocabulary ids of the document's terms, with repeats (the lookups run in C through map)."""
        return [j for j in map(self.vocab.get, self.terms(doc)) if j is not None]


def _supported_vectorizer(vec: Any) -> bool:
    p = vec.get_params()
    if p["analyzer"] == "word":
        if p["token_pattern"] != r"\S+" or p["tokenizer"] is not None:
            return False
    elif p["analyzer"] != "char":
        return False
    return (
        p["preprocessor"] is None
        and p["strip_accents"] is None
        and p["stop_words"] is None
        and p["norm"] == "l2"
        and p["use_idf"]
        and not p["binary"]
        and hasattr(vec, "idf_")
    )


class CompiledScorer:
    """Probabilities of a fitted word+char TF-IDF → (calibrated) LR model.

    `save`/`load` keep it as plain arrays (numpy .npz, no pickle) beside the vocabularies,
    so a process that only predicts never imports scikit-learn, scipy or skops: ~125 MB
    less resident memory per worker and a second less start-up."""

    def __init__(
        self,
        vocabs: Sequence[_Vocabulary],
        idf: np.ndarray,
        folds: list[tuple[np.ndarray, np.ndarray, Optional[np.ndarray]]],
        n_classes: int,
    ):
        self.vocabs = list(vocabs)
        self.n_features = sum(len(v.vocab) for v in self.vocabs)
        self.offsets = np.array([v.offset for v in self.vocabs], dtype=np.int64)
        self.idf = np.asarray(idf, dtype=np.float64)
        self.sublinear = np.array([v.sublinear for v in self.vocabs])
        self.n_classes = n_classes
        # all folds side by side: one product gives every fold's decision values
        self.W = np.ascontiguousarray(np.hstack([np.asarray(coef, dtype=np.float64).T for coef, _, _ in folds]))
        self.b = np.concatenate([np.asarray(icpt, dtype=np.float64) for _, icpt, _ in folds])
        self.calib = [ab for _, _, ab in folds]  # (2, n_classes) sigmoid a, b per fold, or None
        self.folds = folds
        self.classes: list[str] = []  # names of the probability columns, when loaded from a file

    @classmethod
    def from_vectorizers(
        cls,
        vectorizers: Sequence[Any],
        folds: list[tuple[np.ndarray, np.ndarray, Optional[np.ndarray]]],
        n_classes: int,
    ) -> "CompiledScorer":
        vocabs, offset = [], 0
        for vec in vectorizers:
            vocabs.append(_Vocabulary.of(vec, offset))
            offset += len(vec.idf_)
        idf = np.concatenate([np.asarray(vec.idf_, dtype=np.float64) for vec in vectorizers])
        return cls(vocabs, idf, folds, n_classes)

    def save(self, path: Path, classes: Sequence[str]) -> None:
        """Arrays and parameters only; the vocabularies are the caller's (vocab.json).
        `classes` name the probability columns, in order."""
        arrays: dict[str, np.ndarray] = {"idf": self.idf}
        for f, (coef, icpt, ab) in enumerate(self.folds):
            arrays[f"coef_{f}"], arrays[f"intercept_{f}"] = np.asarray(coef), np.asarray(icpt)
            if ab is not None:
                arrays[f"calib_{f}"] = np.asarray(ab)
        if len(classes) != self.n_classes:
            raise ValueError(f"{len(classes)} class names for {self.n_classes} classes")
        params = {
            "format": SCORER_FORMAT,
            "n_classes": self.n_classes,
            "classes": [str(c) for c in classes],
            "n_folds": len(self.folds),
            "vectorizers": [v.params() for v in self.vocabs],
        }
        arrays["params"] = np.array(json.dumps(params))
        with open(path, "wb") as f:
            np.savez_compressed(f, **arrays)

    @classmethod
    def load(cls, path: Path, vocabularies: Sequence[Sequence[str]]) -> "CompiledScorer":
        """`vocabularies`: each vectorizer's terms in column order. Raises ValueError when
        the file is not a scorer of this format or does not fit the vocabularies."""
        with np.load(path, allow_pickle=False) as z:
            params = json.loads(str(z["params"]))
            if params.get("format") != SCORER_FORMAT:
                raise ValueError(f"{path}: scorer format {params.get('format')!r}, expected {SCORER_FORMAT}")
            vecs = params["vectorizers"]
            if len(vecs) != len(vocabularies) or any(v["size"] != len(t) for v, t in zip(vecs, vocabularies)):
                raise ValueError(f"{path} does not match the model's vocabularies")
            folds = [
                (z[f"coef_{f}"], z[f"intercept_{f}"], z[f"calib_{f}"] if f"calib_{f}" in z.files else None)
                for f in range(params["n_folds"])
            ]
            idf = z["idf"]
        vocabs, offset = [], 0
        for v, terms in zip(vecs, vocabularies):
            vocabs.append(
                _Vocabulary(
                    {t: i for i, t in enumerate(terms)},
                    offset,
                    v["analyzer"],
                    v["lowercase"],
                    v["ngram_range"],
                    v["sublinear"],
                )
            )
            offset += len(terms)
        if len(idf) != offset:
            raise ValueError(f"{path}: {len(idf)} idf weights for {offset} terms")
        scorer = cls(vocabs, idf, folds, int(params["n_classes"]))
        scorer.classes = list(params.get("classes") or [])
        if len(scorer.classes) != scorer.n_classes:
            raise ValueError(f"{path}: {len(scorer.classes)} class names for {scorer.n_classes} classes")
        return scorer

    def weights(self, docs_per_vectorizer: Sequence[Sequence[str]]):
        """(rows, cols, values, indptr) of the TF-IDF rows scikit-learn's
        hstack([vec.transform(docs) ...]) gives, counted and weighted for the whole batch
        at once in numpy: a CSR matrix without scipy."""
        n = len(docs_per_vectorizer[0])
        nv = len(self.vocabs)
        ids: list[int] = []
        lengths: list[int] = []
        for i in range(n):
            for vocab, docs in zip(self.vocabs, docs_per_vectorizer):
                got = vocab.ids(docs[i])
                ids.extend(got)
                lengths.append(len(got))
        seg = np.repeat(np.arange(n * nv), lengths)  # (row, vectorizer) of each id
        cols = np.asarray(ids, dtype=np.int64) + self.offsets[seg % nv]
        key, counts = np.unique((seg // nv) * self.n_features + cols, return_counts=True)
        rows, cols = np.divmod(key, self.n_features)
        vocab_of = np.searchsorted(self.offsets, cols, side="right") - 1
        tf = counts.astype(np.float64)
        sub = self.sublinear[vocab_of]
        tf[sub] = 1.0 + np.log(tf[sub])
        val = tf * self.idf[cols]
        group = rows * nv + vocab_of  # each vectorizer normalises its own block (l2)
        norms = np.sqrt(np.bincount(group, weights=val * val, minlength=n * nv))
        val /= norms[group]
        indptr = np.searchsorted(rows, np.arange(n + 1))
        return rows, cols, val, indptr

    def decision(self, docs_per_vectorizer: Sequence[Sequence[str]]) -> np.ndarray:
        """X @ W + b, each row summed over its non-zeros in column order, as scipy does."""
        rows, cols, val, indptr = self.weights(docs_per_vectorizer)
        n = len(indptr) - 1
        scores = np.zeros((n, self.W.shape[1]))
        filled = indptr[1:] > indptr[:-1]
        if filled.any():
            scores[filled] = np.add.reduceat(val[:, None] * self.W[cols], indptr[:-1][filled], axis=0)
        return scores + self.b

    def predict_proba(self, docs_per_vectorizer: Sequence[Sequence[str]]) -> np.ndarray:
        scores = self.decision(docs_per_vectorizer)
        k = self.n_classes
        mean = np.zeros((scores.shape[0], k))
        for f, ab in enumerate(self.calib):
            dec = scores[:, f * k : (f + 1) * k]
            if ab is None:  # plain multinomial LR: softmax of the decision values
                e = np.exp(dec - dec.max(axis=1, keepdims=True))
                proba = e / e.sum(axis=1, keepdims=True)
            else:
                # sklearn _SigmoidCalibration.predict: expit(-(a*T + b)), then rows normalised
                proba = 1.0 / (1.0 + np.exp(ab[0] * dec + ab[1]))
                den = proba.sum(axis=1, keepdims=True)
                proba = np.divide(proba, den, out=np.full_like(proba, 1.0 / k), where=den != 0)
            proba[(1.0 < proba) & (proba <= 1.0 + 1e-5)] = 1.0
            mean += proba
        return mean / len(self.calib)


def compile_scorer(vectorizers: Sequence[Any], model: Any) -> Optional[CompiledScorer]:
    """A CompiledScorer for the fitted model, or None when its shape is not one this
    module reproduces (the caller then uses scikit-learn itself)."""
    from sklearn.calibration import CalibratedClassifierCV
    from sklearn.linear_model import LogisticRegression

    if not all(_supported_vectorizer(v) for v in vectorizers):
        return None
    classes = list(model.classes_)
    k = len(classes)
    if k < 3:
        return None
    folds = []
    if isinstance(model, CalibratedClassifierCV):
        for cc in model.calibrated_classifiers_:
            est = cc.estimator
            if (
                cc.method != "sigmoid"
                or not isinstance(est, LogisticRegression)
                or list(est.classes_) != classes
                or list(cc.classes) != classes
                or est.coef_.shape[0] != k
                or len(cc.calibrators) != k
            ):
                return None
            ab = np.array([[float(c.a_) for c in cc.calibrators], [float(c.b_) for c in cc.calibrators]])
            folds.append((est.coef_, est.intercept_, ab))
    elif isinstance(model, LogisticRegression) and model.coef_.shape[0] == k:
        folds.append((model.coef_, model.intercept_, None))
    else:
        return None
    return CompiledScorer.from_vectorizers(vectorizers, folds, k)
