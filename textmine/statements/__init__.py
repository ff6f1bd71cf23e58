"""Statements: problem / improvement / other, with topics (SPEC §4).

- `units`: sentences, headings and list items with their section and sub-heading;
- `features`: the `Example` a model sees (text and context) and its featurisation;
- `model`: classifiers with scikit-learn's estimator API, saved without pickle (skops);
- `fast`: the default backend's featuriser and linear model, sized for corpus runs;
- `weak`: labelling rules (cue words and context), for bootstrapping, and in place of a
  model only when asked for (--rules, TEXTMINE_MODEL=rules);
- `annotations`: reading textmine/doccano JSONL and Label Studio exports;
- `evaluate`: cross-validation and held-out figures;
- `classify`: the pipeline step; `commands`: `train` and `evaluate`.
"""

from textmine.statements.classify import (
    DEFAULT_MODEL,
    RULES,
    classify_statements,
    default_model,
    example_of,
    model_in_use,
    model_setting,
)
from textmine.statements.model import ModelError

__all__ = [
    "classify_statements",
    "default_model",
    "example_of",
    "model_in_use",
    "model_setting",
    "DEFAULT_MODEL",
    "RULES",
    "ModelError",
]
