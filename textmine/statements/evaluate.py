"""Cross-validated evaluation of a statement classifier backend.

Folds are grouped by document when the annotations say which document a sentence
came from, so no report is in both training and test data (sentences of one report
share wording and would flatter the score). When the examples come from several
sources (real report sentences, the project's own synthetic ones, a user's), the
out-of-fold predictions are scored for each source apart, and the real figures get an
interval: the 2.5th–97.5th percentiles over reports resampled with replacement (real
sentences are few; the interval says how far the estimate may move).
"""

from __future__ import annotations

import hashlib
import time
from typing import Any, Optional, Sequence

import numpy as np

from textmine.statements.features import Example
from textmine.statements.model import LABELS, BaseStatementClassifier, make_classifier


def metrics(gold: Sequence[str], pred: Sequence[str]) -> dict[str, Any]:
    from sklearn.metrics import confusion_matrix, precision_recall_fscore_support

    labels = [lab for lab in LABELS if lab in set(gold) | set(pred)]
    p, r, f, n = precision_recall_fscore_support(gold, pred, labels=labels, zero_division=0)
    per = {
        lab: {
            "precision": round(float(p[i]), 4),
            "recall": round(float(r[i]), 4),
            "f1": round(float(f[i]), 4),
            "support": int(n[i]),
        }
        for i, lab in enumerate(labels)
    }
    cm = confusion_matrix(gold, pred, labels=labels)
    return {
        "macro_f1": round(float(np.mean(f)), 4),
        "accuracy": round(float(np.mean([a == b for a, b in zip(gold, pred)])), 4),
        "per_class": per,
        "labels": labels,
        "confusion": cm.tolist(),
        "n": len(gold),
    }


def cross_validate(
    examples: Sequence[Example],
    backend: str = "sklearn",
    folds: int = 5,
    seed: int = 0,
    params: Optional[dict[str, Any]] = None,
) -> dict[str, Any]:
    from sklearn.model_selection import GroupKFold, StratifiedKFold

    y = np.array([e.label for e in examples])
    groups = [e.group for e in examples]
    if all(g is not None for g in groups) and len(set(groups)) >= folds:
        splits = GroupKFold(n_splits=folds).split(np.zeros(len(y)), y, groups)
        scheme = "GroupKFold by document"
    else:
        splits = StratifiedKFold(n_splits=folds, shuffle=True, random_state=seed).split(np.zeros(len(y)), y)
        scheme = "StratifiedKFold"
    pred = np.empty(len(y), dtype=object)
    t0 = time.perf_counter()
    for train, test in splits:
        clf: BaseStatementClassifier = make_classifier(backend, **(params or {}))
        clf.fit([examples[i] for i in train])
        pred[test] = clf.predict([examples[i] for i in test])
    out = metrics(list(y), list(pred))
    out.update(folds=folds, scheme=scheme, backend=backend, seconds=round(time.perf_counter() - t0, 1))
    sources = sorted({e.source for e in examples if e.source})
    if sources:
        out["by_source"] = {}
        for src in sources:
            idx = [i for i, e in enumerate(examples) if e.source == src]
            m = metrics([y[i] for i in idx], [pred[i] for i in idx])
            m["reports"] = len({examples[i].group for i in idx})
            m["interval"] = bootstrap_interval(
                [y[i] for i in idx], [pred[i] for i in idx], [examples[i].group for i in idx], seed=seed
            )
            out["by_source"][src] = m
    return out


def _f1s(gold: np.ndarray, pred: np.ndarray, labels: Sequence[str]) -> np.ndarray:
    out = []
    for lab in labels:
        tp = float(np.sum((gold == lab) & (pred == lab)))
        fp = float(np.sum((gold != lab) & (pred == lab)))
        fn = float(np.sum((gold == lab) & (pred != lab)))
        out.append(2 * tp / (2 * tp + fp + fn) if tp else 0.0)
    return np.array(out)


def bootstrap_interval(
    gold: Sequence[str], pred: Sequence[str], groups: Sequence[Optional[str]], rounds: int = 1000, seed: int = 0
) -> dict[str, list[float]]:
    """95% intervals of macro-F1 and each class's F1 over reports resampled with
    replacement (a report's sentences stay together)."""
    g, p = np.array(gold, dtype=object), np.array(pred, dtype=object)
    labels = [lab for lab in LABELS if lab in set(gold)]
    members: dict[Optional[str], list[int]] = {}
    for i, grp in enumerate(groups):
        members.setdefault(grp if grp is not None else f"#{i}", []).append(i)
    blocks = list(members.values())
    rng = np.random.default_rng(seed)
    draws = []
    for _ in range(rounds):
        idx = np.concatenate([blocks[j] for j in rng.integers(0, len(blocks), len(blocks))])
        f = _f1s(g[idx], p[idx], labels)
        draws.append([float(np.mean(f)), *f])
    a = np.array(draws)
    lo, hi = np.percentile(a, 2.5, axis=0), np.percentile(a, 97.5, axis=0)
    names = ["macro_f1"] + labels
    return {n: [round(float(lo[k]), 4), round(float(hi[k]), 4)] for k, n in enumerate(names)}


def held_out(model: BaseStatementClassifier, examples: Sequence[Example]) -> dict[str, Any]:
    pred = model.predict(examples)
    out = metrics([e.label for e in examples], pred)
    sources = sorted({e.source for e in examples if e.source})
    if sources:
        out["by_source"] = {}
        for src in sources:
            idx = [i for i, e in enumerate(examples) if e.source == src]
            m = metrics([examples[i].label for i in idx], [pred[i] for i in idx])
            m["reports"] = len({examples[i].group for i in idx})
            out["by_source"][src] = m
    return out


def sentence_key(text: str) -> str:
    """A sentence's identity for telling training from test data: its text without
    whitespace, hashed (a model card keeps these, not the sentences)."""
    return hashlib.sha1("".join(text.split()).encode("utf-8")).hexdigest()[:16]


def seen_in_training(model: BaseStatementClassifier, examples: Sequence[Example]) -> Optional[list[bool]]:
    """Which examples the model was trained on, by its card's sentence keys; None when
    the card does not say (models trained before it kept them)."""
    keys = (model.card_ or {}).get("training_sentences")
    if not keys:
        return None
    known = set(keys)
    return [sentence_key(e.text) in known for e in examples]
