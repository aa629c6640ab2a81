"""Multi-label theme classifier: TF-IDF (word 1-2-grams + char_wb 2-5-grams) -> one-vs-rest
logistic regression, averaged with a naive-Bayes-weighted logistic regression on binary word
1-3-grams (model 1.2), with a calibrated decision threshold per theme tuned on inner cross-validation.

Training is deterministic for a given seed and corpus. The fitted model is cached (joblib plus a
metadata JSON) in `<warehouse dir>/models/themes/` by default - next to `DHR_DB`, git-ignored - and
retrained on the fly when the cache is missing or was trained from a different corpus, code
parameters or scikit-learn version. Nothing binary is committed: the committed corpus is the model.
"""

from __future__ import annotations

import hashlib
import json
import os
import platform
import re
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import numpy as np
from filelock import FileLock

from dhr.themes.corpus import LabelledText, corpus_sha256, label_matrix, read_corpus, rows_sha256
from dhr.themes.folds import iterative_stratified_folds
from dhr.themes.normalise import normalise_text
from dhr.themes.taxonomy import theme_codes

#: Bump the major version when the label space or the output contract changes, the minor version
#: when the method changes, the patch version for tuning. The build hash is appended (+abcd1234).
MODEL_SEMVER = "1.2.0"
ARTIFACT_NAME = "theme_model.joblib"
METADATA_NAME = "theme_model.json"

#: Everything that changes the fitted model besides the corpus and the seed.
PARAMS: dict[str, object] = {
    "normaliser": "dhr.themes.normalise v1 (abbreviation expansion)",
    "word_ngram_range": [1, 2],
    "word_min_df": 1,
    "char_ngram_range": [2, 5],
    "char_min_df": 2,
    "sublinear_tf": True,
    "classifier": "one-vs-rest LogisticRegression(liblinear, dual, L2, class_weight=balanced)",
    "C": 30.0,
    "inner_folds": 5,
    "calibration": "per-theme Platt scaling fitted on the inner out-of-fold scores (the scores shown are probabilities)",
    "threshold_rule": "max F1 on inner out-of-fold calibrated probabilities, midpoint to next lower score, clipped to [0.05, 0.95]",
    "fallback": "argmax when no theme passes its threshold",
    # Issue 20: real recommendations carry 1.9 themes where the model gave 1.35. A theme whose
    # score is close to the first one's is given too (at least relative_ratio of it and at least
    # relative_floor of its own threshold), up to three themes a text (labelling rule G4).
    "decision": "relative",
    "relative_ratio": 0.5,
    "relative_floor": 0.5,
    "max_themes": 3,
    # Candidates measured against each other by `dhr themes evaluate` (docs/themes.md section 5):
    "theme_descriptions": False,  # each theme's title and description as extra labelled texts
    "stacking": False,  # a second stage on the 17 first-stage scores (label co-occurrence)
    "lsa_components": 0,  # latent semantic vectors (TruncatedSVD of word TF-IDF) beside the n-grams
    "sentence_weight": 0.0,  # share of a text's score taken from its best-scoring sentence
    # Model 1.2 (issue 20): the scores are the mean of the TF-IDF model's and a partner's, a logistic
    # regression on binary word 1-3-grams weighted by their naive Bayes log-count ratio (NBSVM).
    "nb_partner": True,
    "nb_C": 1.0,
}


def _normalise_many(texts):
    return [normalise_text(t) for t in texts]


def build_pipeline(seed: int = 0, params: dict | None = None):
    """The unfitted scikit-learn pipeline (normaliser -> features -> one-vs-rest classifier)."""
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.multiclass import OneVsRestClassifier
    from sklearn.pipeline import FeatureUnion, Pipeline
    from sklearn.preprocessing import FunctionTransformer

    p = {**PARAMS, **(params or {})}
    parts = []
    if int(p.get("lsa_components") or 0) > 0:
        from sklearn.decomposition import TruncatedSVD
        from sklearn.preprocessing import Normalizer

        parts.append(
            (
                "lsa",
                Pipeline(
                    [
                        ("tfidf", TfidfVectorizer(analyzer="word", sublinear_tf=True, lowercase=False, min_df=2)),
                        ("svd", TruncatedSVD(n_components=int(p["lsa_components"]), random_state=seed)),
                        ("norm", Normalizer()),
                    ]
                ),
            )
        )
    features = FeatureUnion(
        [
            *parts,
            (
                "word",
                TfidfVectorizer(
                    analyzer="word",
                    ngram_range=tuple(p["word_ngram_range"]),
                    min_df=p["word_min_df"],
                    sublinear_tf=p["sublinear_tf"],
                    lowercase=False,
                    dtype=np.float64,
                ),
            ),
            (
                "char",
                TfidfVectorizer(
                    analyzer="char_wb",
                    ngram_range=tuple(p["char_ngram_range"]),
                    min_df=p["char_min_df"],
                    sublinear_tf=p["sublinear_tf"],
                    lowercase=False,
                    dtype=np.float64,
                ),
            ),
        ]
    )
    clf = OneVsRestClassifier(
        LogisticRegression(
            C=float(p["C"]), solver="liblinear", dual=True, class_weight="balanced", max_iter=1000, random_state=seed
        )
    )
    if not p.get("nb_partner"):
        return Pipeline(
            [("normalise", FunctionTransformer(_normalise_many)), ("features", features), ("classifier", clf)]
        )
    from sklearn.feature_extraction.text import CountVectorizer

    from dhr.themes.ensemble import MeanProbability, NaiveBayesLogistic

    partner = Pipeline(
        [
            ("features", CountVectorizer(analyzer="word", ngram_range=(1, 3), binary=True, lowercase=False)),
            ("classifier", NaiveBayesLogistic(C=float(p.get("nb_C", 1.0)), seed=seed)),
        ]
    )
    return MeanProbability([Pipeline([("features", features), ("classifier", clf)]), partner])


#: Sentence boundaries inside a text: after a full stop, semicolon, question or exclamation mark
#: followed by a capital, a digit or an opening bracket; and bullet or numbered-list breaks.
_SENTENCE_BREAK = re.compile(r"(?<=[.;!?])\s+(?=[A-Z0-9(\"'])|\s*\n+\s*(?:[-*\u2022]\s*)?")
_MIN_SENTENCE_WORDS = 6


def sentences(text: str) -> list[str]:
    """The sentences of a text long enough to carry a theme of their own (six words or more)."""
    return [s for s in (part.strip() for part in _SENTENCE_BREAK.split(text)) if len(s.split()) >= _MIN_SENTENCE_WORDS]


def _positive_scores(pipeline, texts: Sequence[str], params: dict | None = None) -> np.ndarray:
    """Each theme's probability for each text. With ``sentence_weight`` w > 0 the score is
    (1 - w) x the whole text's + w x its best sentence's: a long recommendation that gives one of its
    sentences to a second theme should not have that theme diluted by the rest of the text."""
    texts = list(texts)
    doc = np.asarray(pipeline.predict_proba(texts), dtype=np.float64)
    w = float({**PARAMS, **(params or {})}.get("sentence_weight") or 0.0)
    if w <= 0 or not texts:
        return doc
    owner, parts = [], []
    for i, text in enumerate(texts):
        found = sentences(text)
        if len(found) > 1:
            owner += [i] * len(found)
            parts += found
    if not parts:
        return doc
    best = doc.copy()
    part_scores = np.asarray(pipeline.predict_proba(parts), dtype=np.float64)
    owner_arr = np.asarray(owner)
    for i in np.unique(owner_arr):
        best[i] = part_scores[owner_arr == i].max(axis=0)
    return (1 - w) * doc + w * best


def tune_thresholds(y: np.ndarray, scores: np.ndarray) -> np.ndarray:
    """Per-column threshold maximising F1 of `scores >= t` against `y` (ties: the higher threshold)."""
    y = np.asarray(y, dtype=bool)
    thresholds = np.full(y.shape[1], 0.5)
    for j in range(y.shape[1]):
        pos = int(y[:, j].sum())
        if pos == 0 or pos == len(y):
            continue
        order = np.argsort(-scores[:, j], kind="mergesort")
        s, t = scores[order, j], y[order, j]
        tp = np.cumsum(t)
        fp = np.cumsum(~t)
        f1 = 2 * tp / (tp + fp + pos)
        # only cut where the next score differs (all equal scores fall on the same side)
        valid = np.r_[s[:-1] > s[1:], True]
        f1 = np.where(valid, f1, -1)
        i = int(np.flatnonzero(f1 == f1.max())[0])
        nxt = s[i + 1] if i + 1 < len(s) else s[i] - 0.05
        thresholds[j] = float(np.clip((s[i] + nxt) / 2, 0.05, 0.95))
    return thresholds


def decide(
    scores: np.ndarray, thresholds: np.ndarray, codes: Sequence[str], params: dict | None = None
) -> list[list[str]]:
    """Codes passing their threshold, highest score first; the argmax when none passes. Under the
    "relative" decision a code also passes when its score is at least ``relative_ratio`` of the first
    code's and at least ``relative_floor`` of its own threshold; at most ``max_themes`` codes."""
    p = {**PARAMS, **(params or {})}
    relative = p.get("decision") == "relative"
    ratio, floor = float(p.get("relative_ratio", 0.5)), float(p.get("relative_floor", 0.5))
    most = int(p.get("max_themes") or len(codes))
    out: list[list[str]] = []
    for row in np.atleast_2d(scores):
        order = np.argsort(-row, kind="mergesort")
        top = row[order[0]]
        chosen = [
            codes[j]
            for j in order
            if row[j] >= thresholds[j] or (relative and row[j] >= ratio * top and row[j] >= floor * thresholds[j])
        ]
        out.append((chosen or [codes[int(order[0])]])[:most])
    return out


def _logit(p: np.ndarray) -> np.ndarray:
    p = np.clip(p, 1e-6, 1 - 1e-6)
    return np.log(p / (1 - p))


def fit_calibration(y: np.ndarray, scores: np.ndarray) -> np.ndarray:
    """Per-theme Platt scaling (slope, intercept on the logit of the raw score), from out-of-fold
    scores: class_weight="balanced" inflates raw probabilities of rare themes."""
    from sklearn.linear_model import LogisticRegression

    out = np.tile([1.0, 0.0], (y.shape[1], 1))
    for j in range(y.shape[1]):
        if 0 < int(y[:, j].sum()) < len(y):
            lr = LogisticRegression(C=1e4, max_iter=1000).fit(_logit(scores[:, [j]]), y[:, j].astype(int))
            out[j] = [float(lr.coef_[0, 0]), float(lr.intercept_[0])]
    return out


def calibrate(scores: np.ndarray, calibration: np.ndarray | None) -> np.ndarray:
    if calibration is None:
        return scores
    return 1 / (1 + np.exp(-(_logit(scores) * calibration[:, 0] + calibration[:, 1])))


def _stack_features(scores: np.ndarray) -> np.ndarray:
    return np.hstack([scores, _logit(scores)])


def fit_stack(y: np.ndarray, scores: np.ndarray, seed: int) -> list:
    """The label co-occurrence stage: per theme, a logistic regression on all 17 first-stage scores."""
    from sklearn.linear_model import LogisticRegression

    x = _stack_features(scores)
    return [
        LogisticRegression(C=1.0, class_weight="balanced", max_iter=2000, random_state=seed).fit(x, y[:, j])
        if 0 < int(y[:, j].sum()) < len(y)
        else None
        for j in range(y.shape[1])
    ]


def apply_stack(stack: list | None, scores: np.ndarray) -> np.ndarray:
    """The first-stage scores averaged with the co-occurrence stage's (unchanged without a stack)."""
    if not stack:
        return scores
    x = _stack_features(scores)
    second = np.column_stack([scores[:, j] if m is None else m.predict_proba(x)[:, 1] for j, m in enumerate(stack)])
    return (scores + second) / 2


def theme_description_rows(codes: Sequence[str]) -> tuple[list[str], np.ndarray]:
    """Each theme's title and description, and each clause of the description, as a labelled text."""
    from dhr.themes.taxonomy import load_taxonomy

    texts, labels = [], []
    for theme in load_taxonomy():
        whole = f"{theme.title}. {theme.description}"
        for text in [whole, *(part.strip() for part in theme.description.split(",") if len(part.strip()) > 12)]:
            texts.append(text)
            row = np.zeros(len(codes), dtype=int)
            row[list(codes).index(theme.code)] = 1
            labels.append(row)
    return texts, np.vstack(labels)


def _fit_and_score(train_texts, train_y, test_texts, seed: int, params: dict | None):
    """One fit: scores of ``test_texts`` (an inner fold), or the fitted pipeline when there are none."""
    pipe = build_pipeline(seed, params).fit(list(train_texts), train_y)
    return _positive_scores(pipe, list(test_texts), params) if len(test_texts) else pipe


def training_jobs() -> int:
    """Processes that fit the inner folds and the final model at once: ``DHR_TRAIN_JOBS``, else
    both cores of this machine at most. Each fit is seeded, so the model is the same either way."""
    configured = os.environ.get("DHR_TRAIN_JOBS")
    return max(1, int(configured)) if configured else max(1, min(2, os.cpu_count() or 1))


def _inner_and_final(texts: Sequence[str], y: np.ndarray, seed: int, folds: int, params: dict | None):
    """Out-of-fold probabilities of a ``folds``-fold iterative-stratified CV on these rows, and the
    pipeline fitted on all of them: six independent fits, run side by side (a model trained at the
    first `dhr build` took a minute on one core once the corpus doubled, issue 20)."""
    from joblib import Parallel, delayed

    fold_of = iterative_stratified_folds(y, folds, seed=seed)
    texts = np.asarray(list(texts), dtype=object)
    tasks = [
        delayed(_fit_and_score)(texts[fold_of != f], y[fold_of != f], texts[fold_of == f], seed, params)
        for f in range(folds)
    ]
    tasks.append(delayed(_fit_and_score)(texts, y, [], seed, params))
    jobs = training_jobs()
    results = Parallel(n_jobs=jobs, backend="loky" if jobs > 1 else "sequential")(tasks)
    oof = np.zeros(y.shape, dtype=np.float64)
    for f in range(folds):
        oof[fold_of == f] = results[f]
    return oof, results[-1]


@dataclass
class ThemeModel:
    """A fitted theme classifier: scores per theme and thresholded, ordered predictions."""

    pipeline: object
    codes: list[str]
    thresholds: np.ndarray
    version: str
    metadata: dict = field(default_factory=dict)
    #: Per-theme (slope, intercept) of the Platt scaling; None for a model without calibration.
    calibration: np.ndarray | None = None
    #: The label co-occurrence stage (params "stacking"), else None.
    stack: list | None = None
    #: The parameters the model was fitted with (its decision rule among them).
    params: dict | None = None

    def scores(self, texts: Sequence[str]) -> np.ndarray:
        """Calibrated probability per theme (n_texts x n_themes, columns in `codes` order)."""
        texts = ["" if t is None else str(t) for t in texts]
        if not texts:
            return np.zeros((0, len(self.codes)))
        raw = apply_stack(self.stack, _positive_scores(self.pipeline, texts, self.params))
        return calibrate(raw, self.calibration)

    def predict(self, texts: Sequence[str]) -> list[list[str]]:
        """Theme codes per text, highest score first, at least one per non-empty text ([] for empty text)."""
        texts = ["" if t is None else str(t) for t in texts]
        result: list[list[str]] = [[] for _ in texts]
        idx = [i for i, t in enumerate(texts) if t.strip()]
        if idx:
            decided = decide(self.scores([texts[i] for i in idx]), self.thresholds, self.codes, self.params)
            for i, d in zip(idx, decided, strict=True):
                result[i] = d
        return result

    @property
    def threshold_by_code(self) -> dict[str, float]:
        return {c: round(float(t), 4) for c, t in zip(self.codes, self.thresholds, strict=True)}


def fit_theme_model(
    texts: Sequence[str],
    y: np.ndarray,
    codes: Sequence[str],
    seed: int = 0,
    params: dict | None = None,
    version: str = "dev",
) -> tuple[ThemeModel, np.ndarray]:
    """Calibrate and tune thresholds on inner CV of these rows only, then fit on all of them.
    Returns (model, its calibrated inner out-of-fold scores)."""
    p = {**PARAMS, **(params or {})}
    texts, y = list(texts), np.asarray(y)
    if p.get("theme_descriptions"):
        extra_texts, extra_y = theme_description_rows(codes)
        texts, y = texts + extra_texts, np.vstack([y, extra_y])
    oof, pipeline = _inner_and_final(texts, y, seed=seed, folds=int(p["inner_folds"]), params=params)
    stack = fit_stack(y, oof, seed) if p.get("stacking") else None
    stacked = apply_stack(stack, oof)
    calibration = fit_calibration(y, stacked)
    oof = calibrate(stacked, calibration)
    thresholds = tune_thresholds(y, oof)
    model = ThemeModel(
        pipeline=pipeline,
        codes=list(codes),
        thresholds=thresholds,
        version=version,
        calibration=calibration,
        stack=stack,
        params=p,
    )
    return model, oof


# --------------------------------------------------------------------------- training and caching


@dataclass
class TrainResult:
    model_dir: Path
    artifact_path: Path
    metadata_path: Path
    version: str
    n_texts: int
    seconds: float
    thresholds: dict[str, float]
    metadata: dict


def default_model_dir() -> Path:
    """`DHR_THEMES_MODEL_DIR`, else `<dir of DHR_DB>/models/themes` (warehouse/models/themes; git-ignored)."""
    from dhr.settings import get_settings

    settings = get_settings()
    return settings.themes_model_dir or settings.warehouse_dir / "models" / "themes"


def merge_overrides(rows: Sequence[LabelledText], overrides: Sequence[LabelledText] | None) -> list[LabelledText]:
    """Analyst overrides replace corpus rows with the same normalised text, otherwise they are appended."""
    if not overrides:
        return list(rows)
    by_text = {normalise_text(o.text): o for o in overrides}
    kept = [r for r in rows if normalise_text(r.text) not in by_text]
    return kept + list(by_text.values())


def _build_key(training_sha: str, seed: int) -> dict:
    import sklearn

    return {
        "model_semver": MODEL_SEMVER,
        "training_data_sha256": training_sha,
        "params": PARAMS,
        "seed": seed,
        "codes": theme_codes(),
        "sklearn_version": sklearn.__version__,
    }


def _short_hash(key: dict) -> str:
    return hashlib.sha256(json.dumps(key, sort_keys=True).encode()).hexdigest()[:8]


def _f1(tp: float, fp: float, fn: float) -> float:
    return 0.0 if tp == 0 else 2 * tp / (2 * tp + fp + fn)


def _inner_metrics(y: np.ndarray, oof: np.ndarray, thresholds: np.ndarray, codes: Sequence[str]) -> dict:
    pred = np.zeros_like(y)
    for i, labels in enumerate(decide(oof, thresholds, codes)[: len(y)]):
        for c in labels:
            pred[i, codes.index(c)] = 1
    per = {}
    for j, c in enumerate(codes):
        tp = int(((pred[:, j] == 1) & (y[:, j] == 1)).sum())
        fp = int(((pred[:, j] == 1) & (y[:, j] == 0)).sum())
        fn = int(((pred[:, j] == 0) & (y[:, j] == 1)).sum())
        per[c] = round(_f1(tp, fp, fn), 4)
    tp = int(((pred == 1) & (y == 1)).sum())
    fp = int(((pred == 1) & (y == 0)).sum())
    fn = int(((pred == 0) & (y == 1)).sum())
    return {
        "macro_f1": round(float(np.mean(list(per.values()))), 4),
        "micro_f1": round(_f1(tp, fp, fn), 4),
        "f1_by_theme": per,
    }


def train(out_dir: Path | None = None, seed: int = 0, overrides: Sequence[LabelledText] | None = None) -> TrainResult:
    """Fit on the whole corpus (plus analyst overrides), write the joblib artifact and metadata JSON."""
    import joblib
    import sklearn

    started = time.perf_counter()
    out_dir = Path(out_dir) if out_dir is not None else default_model_dir()
    rows = merge_overrides(read_corpus(), overrides)
    training_sha = corpus_sha256() if not overrides else rows_sha256(rows)
    codes = theme_codes()
    key = _build_key(training_sha, seed)
    version = f"{MODEL_SEMVER}+{_short_hash(key)}"
    texts = [r.text for r in rows]
    y = label_matrix(rows, codes)
    model, oof = fit_theme_model(texts, y, codes, seed=seed, version=version)
    evaluation = _evaluation_summary()
    metadata = {
        "model_version": version,
        "training_data_sha256": training_sha,
        "trained_at": datetime.now(UTC).replace(microsecond=0).isoformat(),
        "seed": seed,
        "n_texts": len(rows),
        "n_overrides": len(overrides or []),
        "theme_codes": codes,
        "thresholds": model.threshold_by_code,
        "params": PARAMS,
        "metrics": {
            "inner_cv_oof": {
                "note": "out-of-fold scores of the inner CV used to tune the thresholds on this same data: optimistic; "
                "see `evaluation` (nested, held-out) for honest numbers",
                **_inner_metrics(y, oof, model.thresholds, codes),
            },
            "evaluation": evaluation,
        },
        "build_key": key,
        "sklearn_version": sklearn.__version__,
        "python_version": platform.python_version(),
        "seconds": None,
    }
    model.metadata = metadata
    out_dir.mkdir(parents=True, exist_ok=True)
    artifact = out_dir / ARTIFACT_NAME
    meta_path = out_dir / METADATA_NAME
    # write both files under temporary names and rename, so a concurrent reader never sees half a file
    metadata["seconds"] = round(time.perf_counter() - started, 2)  # fitting time (before writing)
    tmp = artifact.with_name(f"{artifact.name}.{os.getpid()}.tmp")
    joblib.dump(model, tmp, compress=3)
    tmp_meta = meta_path.with_name(f"{meta_path.name}.{os.getpid()}.tmp")
    tmp_meta.write_text(json.dumps(metadata, indent=2, sort_keys=False) + "\n", encoding="utf-8")
    tmp.replace(artifact)
    tmp_meta.replace(meta_path)
    return TrainResult(
        out_dir, artifact, meta_path, version, len(rows), metadata["seconds"], model.threshold_by_code, metadata
    )


def _evaluation_summary() -> dict | None:
    """Headline numbers of the committed nested evaluation (dhr/themes/artifacts/evaluation.json), if any."""
    path = Path(__file__).parent / "artifacts" / "evaluation.json"
    if not path.exists():
        return None
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return {
        "source": "dhr/themes/artifacts/evaluation.json",
        **{k: data.get(k) for k in ("summary", "baseline_summary", "generated_for")},
    }


def is_current(model_dir: Path, seed: int = 0) -> bool:
    """True when the cached model was trained from this corpus, these parameters, codes and sklearn version."""
    meta = Path(model_dir) / METADATA_NAME
    if not meta.exists() or not (Path(model_dir) / ARTIFACT_NAME).exists():
        return False
    try:
        data = json.loads(meta.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    if data.get("n_overrides"):
        return True  # trained with analyst overrides on purpose: keep it until retrained explicitly
    return data.get("build_key") == json.loads(json.dumps(_build_key(corpus_sha256(), data.get("seed", seed))))


def load_model(model_dir: Path | None = None, seed: int = 0) -> ThemeModel:
    """Load the cached model, training it first if there is none or it is stale."""

    model_dir = Path(model_dir) if model_dir is not None else default_model_dir()
    if not is_current(model_dir, seed):
        # Two builds at once (the server's queue and `dhr build` at a shell, each on its own
        # warehouse) would both train: the first trains under the folder's lock, the second finds it done.
        model_dir.mkdir(parents=True, exist_ok=True)
        with FileLock(str(model_dir / ".train.lock")):
            if not is_current(model_dir, seed):
                train(model_dir, seed=seed)
    artifact = model_dir / ARTIFACT_NAME
    try:
        model = _load_artifact(artifact)
    except Exception:  # a cache written by another library version: rebuild it from the corpus
        train(model_dir, seed=seed)
        model = _load_artifact(artifact)
    if list(model.codes) != theme_codes():
        raise RuntimeError(f"model at {model_dir} predicts {model.codes}, not the taxonomy codes")
    return model


def load_existing_model(model_dir: Path) -> ThemeModel | None:
    """The model the last build used, never training one (a page must not train); None if there is
    none or it cannot be read (the next build retrains it)."""
    artifact = Path(model_dir) / ARTIFACT_NAME
    try:
        return _load_artifact(artifact) if artifact.exists() else None
    except Exception:
        return None


def _load_artifact(artifact: Path) -> ThemeModel:
    """The unpickled model, kept while its file is unchanged: the server's build queue builds again
    and again with one model, and unpickling it took a second of every fast-lane build (issue 17).
    A retrained model is a new file, so a new stamp."""
    import joblib

    stamp = _file_stamp(artifact)
    loaded = _LOADED.get(artifact.resolve())
    if loaded is not None and loaded[0] == stamp:
        return loaded[1]
    model = joblib.load(artifact)
    _LOADED.clear()  # one model kept: the last one loaded
    _LOADED[artifact.resolve()] = (stamp, model)
    return model


#: The last model loaded in this process, by its file's path, with the file's identity when loaded.
_LOADED: dict[Path, tuple[tuple[int, int, int], ThemeModel]] = {}


def _file_stamp(path: Path) -> tuple[int, int, int]:
    stat = path.stat()
    return (stat.st_ino, stat.st_size, stat.st_mtime_ns)
