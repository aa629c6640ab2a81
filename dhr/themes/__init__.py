"""Thematic learning: the 17-theme taxonomy, a hand-labelled corpus, a multi-label classifier,
its evaluation, emerging topics and repeated-learning links.

Public API (used by `dhr themes train|evaluate|classify`)::

    train(out_dir=None, seed=0, overrides=None) -> TrainResult
    evaluate(seed=0, folds=5, repeats=3) -> EvaluationReport
    classify_csv(input_csv, text_column, output_csv, model_dir=None) -> int
    load_model(model_dir=None) -> ThemeModel      # .predict(texts), .scores(texts), .version
    load_taxonomy() -> list[Theme]
    discover_topics(texts, n_topics=8, seed=0) -> list[Topic]
    similar_recommendations(records, threshold=DEFAULT_THRESHOLD) -> list[Link]

scikit-learn is imported only when a model is built, so importing this package is cheap.
See docs/themes.md.
"""

from __future__ import annotations

from dhr.themes.classify import MissingTextColumnError, classify_csv
from dhr.themes.corpus import LabelledText, read_corpus
from dhr.themes.evaluate import EvaluationReport, evaluate
from dhr.themes.model import ThemeModel, TrainResult, load_model, train
from dhr.themes.similarity import DEFAULT_THRESHOLD, Link, Recommendation, similar_recommendations
from dhr.themes.taxonomy import Theme, load_taxonomy, theme_codes
from dhr.themes.topics import Topic, discover_topics

__all__ = [
    "DEFAULT_THRESHOLD",
    "EvaluationReport",
    "LabelledText",
    "Link",
    "MissingTextColumnError",
    "Recommendation",
    "Theme",
    "ThemeModel",
    "Topic",
    "TrainResult",
    "classify_csv",
    "discover_topics",
    "evaluate",
    "load_model",
    "load_taxonomy",
    "read_corpus",
    "similar_recommendations",
    "theme_codes",
    "train",
]
