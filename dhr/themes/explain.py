"""Why the classifier gave a theme (issue 20): the words of the text that raised the theme's score
most, and the labelled texts of that theme nearest to it, so an analyst can see the reason before
overriding it on the Theme review page.

The model is linear on TF-IDF features (dhr/themes/model.py), so a word's share of a theme's score is
its TF-IDF weight times the theme's coefficient for it. Only the word n-grams are explained: the
character n-grams carry as much weight but read as fragments ("dva ", "efug"), which explain nothing
to a reader. Model 1.2 averages a second, naive-Bayes-weighted model on the text's word 1-3-grams;
a phrase's share there (present, times its log-count ratio, times the coefficient) is added to the
same phrase's share in the first. "Nearest" is the cosine of the word TF-IDF vectors, against the
training corpus.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from dhr.themes.model import ThemeModel

#: How many words and examples a reason shows.
TERMS = 5
EXAMPLES = 2


@dataclass(frozen=True)
class ThemeReason:
    """Why ``code`` scored ``score`` for a text."""

    code: str
    score: float
    terms: tuple[str, ...]
    examples: tuple[str, ...]


def _blocks(model: ThemeModel):
    """The pipeline's word vectoriser and where its columns start among the classifier's features."""
    features = model.pipeline.named_steps["features"]
    offset = 0
    for name, transformer in features.transformer_list:
        if name == "word":
            return transformer, offset
        offset += _width(transformer)
    raise ValueError("the model has no word features")


def _reads_as_a_phrase(term: str) -> bool:
    """False for a function word ("and") or an n-gram that begins or ends with one ("service and
    the", "on coercive control"): the phrase inside it says the same and reads better."""
    from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

    words = term.split()
    return words[0] not in ENGLISH_STOP_WORDS and words[-1] not in ENGLISH_STOP_WORDS


def _partner(model: ThemeModel):
    """The naive-Bayes-weighted partner pipeline of a model 1.2, else None."""
    members = getattr(model.pipeline, "members", None)
    return members[1] if members and len(members) > 1 else None


def _partner_shares(partner, x, j: int) -> dict[str, float]:
    """Each phrase of the text's share of theme ``j``'s logit in the partner model."""
    classifier = partner.named_steps["classifier"]
    names = partner.named_steps["features"].get_feature_names_out()
    row = x.tocsr()
    weights = classifier.ratios_[j][row.indices] * np.asarray(classifier.models_[j].coef_).ravel()[row.indices]
    return {names[i]: float(v) for i, v in zip(row.indices, weights * row.data, strict=True)}


def _width(transformer) -> int:
    if hasattr(transformer, "vocabulary_"):
        return len(transformer.vocabulary_)
    return int(transformer.named_steps["svd"].n_components)  # the LSA block


def _distinct(terms) -> tuple[str, ...]:
    """The terms in order, leaving out one whose words a term already shown has ("da" after
    "da domestic", "domestic abuse" after "domestic abuse arrest"): the same evidence twice."""
    shown: list[tuple[str, set[str]]] = []
    for term in terms:
        words = set(term.split())
        if any(words <= other for _, other in shown):
            continue
        parts = [n for n, (_, other) in enumerate(shown) if other < words]
        if parts:  # a longer term takes the place of the first of its parts shown
            shown[parts[0]] = (term, words)
            shown = [entry for n, entry in enumerate(shown) if n not in parts[1:]]
        else:
            shown.append((term, words))
    return tuple(t for t, _ in shown)


_CORPUS_VECTORS: dict[int, tuple[object, list[str], np.ndarray]] = {}


def _corpus_vectors(model: ThemeModel):
    """The training corpus's word vectors and labels, once per model object."""
    key = id(model)
    if key not in _CORPUS_VECTORS:
        from dhr.themes.corpus import label_matrix, read_corpus
        from dhr.themes.normalise import normalise_text

        rows = [r for r in read_corpus() if r.source == "handwritten"]
        word, _ = _blocks(model)
        vectors = word.transform([normalise_text(r.text) for r in rows])
        _CORPUS_VECTORS.clear()
        _CORPUS_VECTORS[key] = (vectors, [r.text for r in rows], label_matrix(rows, model.codes))
    return _CORPUS_VECTORS[key]


def explain(
    model: ThemeModel, text: str, codes: Sequence[str], *, terms: int = TERMS, examples: int = EXAMPLES
) -> list[ThemeReason]:
    """The reason for each of ``codes`` (theme codes of the model), in that order."""
    from dhr.themes.normalise import normalise_text

    word, offset = _blocks(model)
    normalised = normalise_text(text or "")
    x = word.transform([normalised])
    names = word.get_feature_names_out()
    scores = model.scores([text])[0]
    corpus, corpus_texts, corpus_labels = _corpus_vectors(model)
    similarity = np.asarray((corpus @ x.T).todense()).ravel()
    estimators = model.pipeline.named_steps["classifier"].estimators_
    partner = _partner(model)
    px = partner.named_steps["features"].transform([normalised]) if partner else None
    out = []
    for code in codes:
        j = list(model.codes).index(code)
        coef = np.asarray(estimators[j].coef_).ravel()[offset : offset + len(names)]
        contribution = x.multiply(coef).tocsr()
        share: dict[str, float] = {}
        for i, value in zip(contribution.indices, contribution.data, strict=True):
            share[names[i]] = share.get(names[i], 0.0) + float(value)
        if partner is not None:
            for term, value in _partner_shares(partner, px, j).items():
                share[term] = share.get(term, 0.0) + value
        ranked = sorted((t for t, v in share.items() if v > 0 and _reads_as_a_phrase(t)), key=lambda t: (-share[t], t))
        raised = _distinct(ranked)[:terms]
        near = np.flatnonzero(corpus_labels[:, j])
        nearest = near[np.argsort(-similarity[near], kind="mergesort")][:examples]
        out.append(
            ThemeReason(
                code,
                float(scores[j]),
                raised,
                tuple(corpus_texts[i] for i in nearest if similarity[i] > 0),
            )
        )
    return out
