"""Cross-validated evaluation of a statement classifier backend.

Folds are grouped by document when the annotations say which document a sentence
came from, so no report is in both training and test data (sentences of one report
share wording and would flatter the score).
"""

from __future__ import annotations

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
    return out


def held_out(model: BaseStatementClassifier, examples: Sequence[Example]) -> dict[str, Any]:
    pred = model.predict(examples)
    return metrics([e.label for e in examples], pred)
