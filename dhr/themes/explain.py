"""Why the classifier gave a theme (issue 20): the words of the text that raised the theme's score
most, and the labelled texts of that theme nearest to it, so an analyst can see the reason before
overriding it on the Theme review page.

The model is linear on TF-IDF features (dhr/themes/model.py), so a word's share of a theme's score is
its TF-IDF weight times the theme's coefficient for it. Only the word n-grams are explained: the
character n-grams carry as much weight but read as fragments ("dva ", "efug"), which explain nothing
to a reader. "Nearest" is the cosine of the word TF-IDF vectors, against the training corpus.
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
    x = word.transform([normalise_text(text or "")])
    names = word.get_feature_names_out()
    scores = model.scores([text])[0]
    corpus, corpus_texts, corpus_labels = _corpus_vectors(model)
    similarity = np.asarray((corpus @ x.T).todense()).ravel()
    estimators = model.pipeline.named_steps["classifier"].estimators_
    out = []
    for code in codes:
        j = list(model.codes).index(code)
        coef = np.asarray(estimators[j].coef_).ravel()[offset : offset + len(names)]
        contribution = x.multiply(coef).tocsr()
        order = np.argsort(-contribution.data)
        raised = _distinct(names[contribution.indices[i]] for i in order if contribution.data[i] > 0)[:terms]
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
