"""Statement classifiers with a scikit-learn estimator API, saved without pickle.

Two backends share one interface (fit / predict / predict_proba / get_params /
set_params / save / load):

- `SklearnStatementClassifier`: TF-IDF over jieba tokens plus context markers and
  over character 1-3-grams, logistic regression, probabilities calibrated by
  cross-validation. Saved with skops; loading accepts only skops' default trusted
  types (plain scikit-learn / numpy / scipy), so a tampered file cannot run code.
- `SpacyStatementClassifier`: a blank `zh` pipeline with the jieba segmenter and a
  `textcat` component, trained through spaCy's own config and `spacy train` API.
  Saved with `nlp.to_disk` (config + msgpack weights, no pickle).

A model folder holds the model file(s) and `card.json` (training data, date, metrics,
library versions, sha256 of the model files); `load_model` verifies the hash and says
clearly when the model was made with other library versions.
"""

from __future__ import annotations

import datetime as _dt
import hashlib
import inspect
import json
import os
import platform
import shutil
import tempfile
import warnings
from pathlib import Path
from typing import Any, Optional, Sequence

import numpy as np

from textmine.statements.features import Example, char_document, context_tokens, word_document

LABELS = ("improvement", "other", "problem")
VOCAB_FILE = "vocab.json"
SCORER_FILE = "scorer.npz"  # the compiled predictor (fast.py): what a corpus run loads


# Types skops does not trust by default that our models contain, reviewed: plain
# scikit-learn calibration internals (no callables, no code paths from the file).
TRUSTED_TYPES = frozenset({"sklearn.calibration._CalibratedClassifier", "sklearn.calibration._SigmoidCalibration"})


class ModelError(Exception):
    """A model folder that cannot be used: missing, tampered, or from incompatible libraries."""


def _versions() -> dict[str, str]:
    import importlib.metadata as md

    out = {"python": platform.python_version()}
    for pkg in ("scikit-learn", "skops", "numpy", "scipy", "spacy", "jieba", "textmine"):
        try:
            out[pkg] = md.version(pkg)
        except md.PackageNotFoundError:
            pass
    return out


def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    for p in sorted(path.rglob("*")) if path.is_dir() else [path]:
        if p.is_file():
            h.update(p.relative_to(path).as_posix().encode() if path.is_dir() else b"")
            h.update(p.read_bytes())
    return h.hexdigest()


def _model_sha256(folder: Path, model_file: str) -> str:
    """Hash of everything the model is read from: the model file (or folder), vocab.json
    and the compiled scorer."""
    h = hashlib.sha256(_sha256(folder / model_file).encode())
    for name in (VOCAB_FILE, SCORER_FILE):
        extra = folder / name
        if extra.exists():
            h.update(hashlib.sha256(extra.read_bytes()).hexdigest().encode())
    return h.hexdigest()


class BaseStatementClassifier:
    """scikit-learn's estimator API — parameters are the __init__ arguments, so
    `sklearn.base.clone`, grid search and `get_params`/`set_params` work — with fit /
    predict over `Example`s and save / load of a model folder.

    Not a subclass of `sklearn.base.BaseEstimator`: importing scikit-learn costs a corpus
    worker ~85 MB of resident memory and ~0.7 s (measured), and a worker that only
    predicts uses the compiled scorer (fast.py) and never needs it. The protocol is the
    same: parameters are read off the signature, as BaseEstimator does."""

    backend = "base"
    model_file = ""
    card_: Optional[dict[str, Any]] = None  # set when loaded from a folder

    @classmethod
    def _get_param_names(cls) -> list[str]:
        return sorted(
            p.name
            for p in inspect.signature(cls.__init__).parameters.values()
            if p.name != "self" and p.kind != p.VAR_KEYWORD
        )

    def get_params(self, deep: bool = True) -> dict[str, Any]:
        return {k: getattr(self, k) for k in self._get_param_names()}

    def set_params(self, **params: Any) -> "BaseStatementClassifier":
        valid = self._get_param_names()
        for k, v in params.items():
            if k not in valid:
                raise ValueError(f"invalid parameter {k!r} for {type(self).__name__}; valid: {', '.join(valid)}")
            setattr(self, k, v)
        return self

    _param_names: tuple[str, ...] = ()

    def predict(self, examples: Sequence[Example]) -> list[str]:
        proba = self.predict_proba(examples)
        return [self.classes_[i] for i in proba.argmax(axis=1)]

    def save(self, folder: Path | str, card: Optional[dict[str, Any]] = None) -> Path:
        """Write the model folder whole or not at all: into a sibling first, then swapped
        in, so an interrupted save never leaves a folder whose card names weights it lacks."""
        folder = Path(folder)
        folder.parent.mkdir(parents=True, exist_ok=True)
        staging = folder.with_name(f".{folder.name}.saving.{os.getpid()}")
        shutil.rmtree(staging, ignore_errors=True)
        staging.mkdir()
        try:
            self._save_into(staging, card)
            old = folder.with_name(f".{folder.name}.old.{os.getpid()}") if folder.exists() else None
            if old is not None:
                os.replace(folder, old)
            os.replace(staging, folder)
            if old is not None:
                shutil.rmtree(old, ignore_errors=True)
        finally:
            shutil.rmtree(staging, ignore_errors=True)
        return folder

    def _save_into(self, folder: Path, card: Optional[dict[str, Any]]) -> None:
        target = folder / self.model_file
        self._save_model(target)
        full = dict(card or {})
        full.update(
            backend=self.backend,
            model_file=self.model_file,
            classes=list(self.classes_),
            params=self.get_params(),
            versions=_versions(),
            sha256=_model_sha256(folder, self.model_file),
            created=full.get("created") or _dt.datetime.now(_dt.timezone.utc).isoformat(timespec="seconds"),
        )
        (folder / "card.json").write_text(json.dumps(full, ensure_ascii=False, indent=2), encoding="utf-8")
        (folder / "README.md").write_text(model_card_markdown(full), encoding="utf-8")

    # backends implement these
    classes_: list[str]

    def fit(self, examples: Sequence[Example], labels: Optional[Sequence[str]] = None):  # pragma: no cover
        raise NotImplementedError

    def predict_proba(self, examples: Sequence[Example]) -> np.ndarray:  # pragma: no cover
        raise NotImplementedError

    def _save_model(self, target: Path) -> None:  # pragma: no cover
        raise NotImplementedError


class SklearnStatementClassifier(BaseStatementClassifier):
    backend = "sklearn"
    model_file = "model.skops"

    def __init__(
        self, C: float = 4.0, char_ngrams: tuple[int, int] = (1, 3), calibrate: bool = True, max_features: int = 20000
    ):
        self.C = C
        self.char_ngrams = tuple(char_ngrams)
        self.calibrate = calibrate
        self.max_features = max_features

    def _matrix(self, examples: Sequence[Example], fit: bool = False):
        from scipy.sparse import hstack

        words = [word_document(e) for e in examples]
        chars = [char_document(e) for e in examples]
        if fit:
            return hstack([self.words_.fit_transform(words), self.chars_.fit_transform(chars)]).tocsr()
        return hstack([self.words_.transform(words), self.chars_.transform(chars)]).tocsr()

    def fit(self, examples: Sequence[Example], labels: Optional[Sequence[str]] = None):
        from sklearn.calibration import CalibratedClassifierCV
        from sklearn.feature_extraction.text import TfidfVectorizer
        from sklearn.linear_model import LogisticRegression

        y = list(labels) if labels is not None else [e.label for e in examples]
        if any(v not in LABELS for v in y):
            raise ValueError(f"labels must be one of {LABELS}")
        self.words_ = TfidfVectorizer(
            token_pattern=r"\S+",
            lowercase=False,
            sublinear_tf=True,
            ngram_range=(1, 2),
            min_df=1,
            max_features=self.max_features,
        )
        self.chars_ = TfidfVectorizer(
            analyzer="char", ngram_range=self.char_ngrams, sublinear_tf=True, min_df=2, max_features=self.max_features
        )
        self.__dict__.pop("_compiled_for", None)  # a scorer compiled for (or loaded with) an earlier fit
        self.__dict__.pop("_lazy_folder", None)
        X = self._matrix(examples, fit=True)
        base = LogisticRegression(C=self.C, max_iter=3000, class_weight="balanced")
        counts = {c: y.count(c) for c in set(y)}
        if self.calibrate and min(counts.values()) >= 3:
            self.model_ = CalibratedClassifierCV(base, method="sigmoid", cv=3)
        else:
            self.model_ = base
        weights = np.array([float(getattr(e, "weight", 1.0) or 1.0) for e in examples])
        if np.allclose(weights, 1.0):
            self.model_.fit(X, y)
        else:
            # the distribution that matters counts more (real report sentences over the
            # project's own)
            self.model_.fit(X, y, sample_weight=weights)
        self.classes_ = [str(c) for c in self.model_.classes_]
        return self

    def predict_proba(self, examples: Sequence[Example]) -> np.ndarray:
        if not examples:
            return np.zeros((0, len(self.classes_)))
        scorer = self._scorer()
        if scorer is None:
            return self.model_.predict_proba(self._matrix(examples))
        return scorer.predict_proba([[word_document(e) for e in examples], [char_document(e) for e in examples]])

    def predict_proba_reference(self, examples: Sequence[Example]) -> np.ndarray:
        """scikit-learn's own computation (what the compiled scorer must reproduce)."""
        return self.model_.predict_proba(self._matrix(examples))

    def __getattr__(self, name: str) -> Any:
        # A model loaded with its compiled scorer reads its scikit-learn estimators only
        # when something asks for them (refitting, the reference computation).
        lazy = self.__dict__.get("_lazy_folder")
        if name in ("words_", "chars_", "model_") and lazy is not None:
            del self.__dict__["_lazy_folder"]
            self._load_estimators(lazy)
            return getattr(self, name)
        raise AttributeError(f"{type(self).__name__!r} object has no attribute {name!r}")

    def _scorer(self):
        """The compiled form of the fitted model (see fast.py), built on first use."""
        if self.__dict__.get("_compiled_for") == SCORER_FILE:
            return self._compiled
        if getattr(self, "_compiled_for", None) is not self.model_:
            from textmine.statements.fast import compile_scorer

            self._compiled = compile_scorer([self.words_, self.chars_], self.model_)
            self._compiled_for = self.model_
        return self._compiled

    def _save_model(self, target: Path) -> None:
        """The vocabularies go to vocab.json next to the skops file: skops rebuilds a
        25,000-entry dict item by item (seconds), JSON reads it in milliseconds."""
        import copy
        import zipfile

        import skops.io as sio

        words, chars = copy.copy(self.words_), copy.copy(self.chars_)
        vocab = {}
        for name, vec in (("words", words), ("chars", chars)):
            terms = [""] * len(vec.vocabulary_)
            for term, i in vec.vocabulary_.items():
                terms[i] = term
            vocab[name] = terms
            vec.vocabulary_ = {}
        sio.dump(
            {"words": words, "chars": chars, "model": self.model_, "classes": list(self.classes_)},
            target,
            compression=zipfile.ZIP_DEFLATED,
            compresslevel=9,
        )
        (target.parent / VOCAB_FILE).write_text(json.dumps(vocab, ensure_ascii=False), encoding="utf-8")
        scorer_file = target.parent / SCORER_FILE
        scorer = self._scorer()
        if scorer is not None:
            scorer.save(scorer_file, self.classes_)
        else:
            scorer_file.unlink(missing_ok=True)

    @classmethod
    def load(cls, folder: Path, card: dict[str, Any]) -> "SklearnStatementClassifier":
        self = cls(
            **{
                k: (tuple(v) if isinstance(v, list) else v)
                for k, v in card.get("params", {}).items()
                if k in cls._get_param_names()
            }
        )
        self.classes_ = list(card.get("classes") or [])
        if (folder / SCORER_FILE).exists() and self.classes_:
            from textmine.statements.fast import CompiledScorer

            vocab = json.loads((folder / VOCAB_FILE).read_text(encoding="utf-8"))
            try:
                self._compiled = CompiledScorer.load(folder / SCORER_FILE, [vocab["words"], vocab["chars"]])
            except Exception as e:  # np.load of a damaged file raises many kinds (BadZipFile, EOFError...)
                raise ModelError(f"{folder / SCORER_FILE} is unusable: {type(e).__name__}: {e}") from e
            if self._compiled.classes != self.classes_:
                # the card is not covered by the sha256: the scorer's own names decide, and
                # a card that disagrees is a card edited by hand
                raise ModelError(
                    f"{folder / SCORER_FILE} scores the classes {self._compiled.classes}, "
                    f"its card names {self.classes_}"
                )
            self._compiled_for = SCORER_FILE
            self._lazy_folder = folder
            return self
        self._load_estimators(folder)
        return self

    def _load_estimators(self, folder: Path) -> None:
        import skops.io as sio

        target = folder / self.model_file
        try:
            untrusted = sio.get_untrusted_types(file=target)
        except Exception as e:  # not a skops archive at all
            raise ModelError(f"{target} is not a readable skops model: {type(e).__name__}: {e}") from e
        unexpected = [t for t in untrusted if t not in TRUSTED_TYPES]
        if unexpected:
            raise ModelError(
                f"{target} contains types outside the reviewed trust list ({', '.join(unexpected[:5])}); "
                "refusing to load it. Retrain the model with `textmine train`."
            )
        obj = sio.load(target, trusted=list(untrusted))
        self.words_, self.chars_, self.model_ = obj["words"], obj["chars"], obj["model"]
        vocab = json.loads((folder / VOCAB_FILE).read_text(encoding="utf-8"))
        for name, vec in (("words", self.words_), ("chars", self.chars_)):
            vec.vocabulary_ = {term: i for i, term in enumerate(vocab[name])}
        self.classes_ = list(obj["classes"])


def _spacy() -> Any:
    """spaCy, an optional install: the default backend never needs it."""
    try:
        import spacy
    except ImportError:
        raise ModelError(
            "the spacy backend needs spaCy, which the base install leaves out: pip install 'textmine[spacy]'"
        ) from None
    return spacy


def spacy_config(epochs: int, seed: int):
    """spaCy's own generated config for a zh textcat pipeline, with the jieba segmenter
    and a fixed number of epochs (max_steps 0) so training time is predictable."""
    _spacy()
    from spacy.cli.init_config import init_config

    cfg = init_config(lang="zh", pipeline=["textcat"], optimize="efficiency")
    cfg["nlp"]["tokenizer"]["segmenter"] = "jieba"
    cfg["system"]["seed"] = seed
    cfg["training"].update({"max_epochs": epochs, "max_steps": 0, "patience": 0})
    cfg["training"]["logger"]["progress_bar"] = False
    cfg["components"]["textcat"]["threshold"] = 0.5
    return cfg


def spacy_text(ex: Example) -> str:
    """Context markers as leading words: jieba keeps ASCII runs whole."""
    marks = " ".join(t.replace("=", "").replace("|", "").replace("_", "") for t in context_tokens(ex)[:6])
    return f"{marks} {ex.text}"


class SpacyStatementClassifier(BaseStatementClassifier):
    backend = "spacy"
    model_file = "spacy"

    def __init__(self, epochs: int = 12, seed: int = 0):
        self.epochs = epochs
        self.seed = seed

    def fit(self, examples: Sequence[Example], labels: Optional[Sequence[str]] = None):
        spacy = _spacy()
        from spacy.cli.train import train as spacy_train
        from spacy.tokens import DocBin

        y = list(labels) if labels is not None else [e.label for e in examples]
        self.classes_ = sorted(set(y))
        blank = spacy.blank("zh", config={"nlp": {"tokenizer": {"segmenter": "jieba"}}})
        rng = np.random.default_rng(self.seed)
        order = rng.permutation(len(examples))
        n_dev = max(1, len(examples) // 10)
        with tempfile.TemporaryDirectory() as tmp:
            tmpdir = Path(tmp)
            for name, idx in (("train", order[n_dev:]), ("dev", order[:n_dev])):
                db = DocBin()
                for i in idx:
                    doc = blank.make_doc(spacy_text(examples[i]))
                    doc.cats = {c: float(c == y[i]) for c in self.classes_}
                    db.add(doc)
                db.to_disk(tmpdir / f"{name}.spacy")
            cfg = tmpdir / "config.cfg"
            spacy_config(self.epochs, self.seed).to_disk(cfg)
            out = tmpdir / "out"
            import contextlib
            import io
            import logging

            logging.getLogger("spacy").setLevel(logging.ERROR)
            with contextlib.redirect_stdout(io.StringIO()):  # spacy train's console table
                spacy_train(
                    cfg,
                    out,
                    use_gpu=-1,
                    overrides={"paths.train": str(tmpdir / "train.spacy"), "paths.dev": str(tmpdir / "dev.spacy")},
                )
            # the last model saw all training data; model-best is chosen on a small dev split
            self.nlp_ = spacy.load(out / "model-last")
        return self

    def predict_proba(self, examples: Sequence[Example]) -> np.ndarray:
        out = np.zeros((len(examples), len(self.classes_)))
        for i, doc in enumerate(self.nlp_.pipe(spacy_text(e) for e in examples)):
            for j, c in enumerate(self.classes_):
                out[i, j] = doc.cats.get(c, 0.0)
        return out

    def _save_model(self, target: Path) -> None:
        self.nlp_.to_disk(target)

    @classmethod
    def load(cls, folder: Path, card: dict[str, Any]) -> "SpacyStatementClassifier":
        spacy = _spacy()
        self = cls(**{k: v for k, v in card.get("params", {}).items() if k in cls._get_param_names()})
        self.nlp_ = spacy.load(folder / cls.model_file)
        self.classes_ = list(card["classes"])
        return self


BACKENDS = {"sklearn": SklearnStatementClassifier, "spacy": SpacyStatementClassifier}


def make_classifier(backend: str = "sklearn", **params: Any) -> BaseStatementClassifier:
    """A new classifier of `backend`; ModelError when the backend's library is not installed."""
    if backend not in BACKENDS:
        raise ValueError(f"unknown backend {backend!r}; choose {', '.join(BACKENDS)}")
    if backend == "spacy":
        _spacy()
    return BACKENDS[backend](**params)


def load_model(folder: Path | str) -> BaseStatementClassifier:
    folder = Path(folder)
    card_file = folder / "card.json"
    if not card_file.exists():
        raise ModelError(f"{folder} is not a textmine model folder (no card.json)")
    try:
        card = json.loads(card_file.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as e:
        raise ModelError(f"{card_file} is unreadable: {e}") from e
    backend = card.get("backend")
    if backend not in BACKENDS:
        raise ModelError(f"{card_file} names unknown backend {backend!r}")
    cls = BACKENDS[backend]
    target = folder / cls.model_file
    if not target.exists():
        raise ModelError(f"model file {target} is missing")
    if card.get("sha256") != _model_sha256(folder, cls.model_file):
        raise ModelError(
            f"{target} does not match the sha256 in its card: the file was changed after training; refusing to load it"
        )
    saved = card.get("versions", {})
    now = _versions()
    key = "scikit-learn" if backend == "sklearn" else "spacy"
    if saved.get(key) and now.get(key) and saved[key].split(".")[:2] != now[key].split(".")[:2]:
        warnings.warn(
            f"model {folder.name} was trained with {key} {saved[key]}, installed is {now[key]}; "
            f"predictions may differ. Retrain with `textmine train` to silence this.",
            stacklevel=2,
        )
    try:
        model = cls.load(folder, card)
        model.card_ = card  # what the output names: the model and the sha256 of its weights
        return model
    except ModelError:
        raise
    except Exception as e:
        raise ModelError(
            f"cannot load {folder} (trained with {key} {saved.get(key, '?')}, installed "
            f"{now.get(key, '?')}): {type(e).__name__}: {e}"
        ) from e


def model_card_markdown(card: dict[str, Any]) -> str:
    """The model card a person reads: data, figures (real sentences apart), use, limits."""
    m = card.get("metrics") or {}
    lines = [
        f"# Statement classifier `{card.get('name', '')}`",
        "",
        "Labels each statement unit of a 政府信息公开工作年度报告 (sentence, heading or list item) as "
        "`problem` (a shortcoming of the body's own disclosure work), `improvement` (a measure, plan or "
        "intention to do better) or `other`.",
        "",
        f"- backend: {card.get('backend')}; labels: {', '.join(card.get('classes', []))}",
        f"- created: {card.get('created')}",
        f"- reproduce: `{card.get('command', '')}`",
    ]
    lines += ["", "## Training data", ""]
    sources = card.get("sources") or {}
    if sources:
        lines += ["| source | sentences | problem | improvement | other | weight |", "|---|---|---|---|---|---|"]
        for src, v in sources.items():
            n = v.get("labels", {})
            lines.append(
                f"| {src} | {v.get('sentences')} | {n.get('problem', 0)} | {n.get('improvement', 0)} | "
                f"{n.get('other', 0)} | {v.get('weight', 1)} |"
            )
    else:
        lines.append(f"{card.get('training_data', '—')} ({card.get('n_train', '?')} examples)")
    if m:
        lines += ["", f"## Figures ({m.get('scheme', '')}, {m.get('folds', '?')} folds)", ""]
        for src, sm in (m.get("by_source") or {"all": m}).items():
            iv = sm.get("interval") or {}
            lines += [
                f"**{src}** ({sm.get('n')} sentences, {sm.get('reports', '?')} reports): macro-F1 "
                f"{sm.get('macro_f1')}" + (f" (95% over reports resampled: {iv['macro_f1']})" if iv else ""),
                "",
                "| label | precision | recall | F1 | support |",
                "|---|---|---|---|---|",
            ]
            for lab, v in (sm.get("per_class") or {}).items():
                lines.append(
                    f"| {lab} | {v['precision']} | {v['recall']} | {v['f1']}"
                    + (f" {iv[lab]}" if lab in iv else "")
                    + f" | {v['support']} |"
                )
            lines.append("")
    lines += [
        "## Intended use",
        "",
        "Counting and finding the problems and measures that reports state, across a corpus; ranking "
        "sentences for a person to read. Each statement carries its probability (`score`).",
        "",
        "## Limitations",
        "",
        "- The real sentences come from few bodies (most from one body's series and its departments), so "
        "the real figures are optimistic for bodies that write differently; the interval above counts "
        "reports, not bodies.",
        "- Context decides many labels (the part of section 五, the list a sentence is in): a report whose "
        "sections are not found is labelled from its words alone, less well.",
        "- The vocabulary (words and character n-grams) is learnt from the training sentences; no sentence is stored.",
        "",
        "## Library versions",
        "",
    ] + [f"- {k} {v}" for k, v in card.get("versions", {}).items()]
    return "\n".join(lines) + "\n"
