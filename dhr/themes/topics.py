"""Emerging topics: NMF over TF-IDF of recommendation/learning texts (pure, deterministic).

The fixed taxonomy answers "how many DHRs said X"; topics answer "what are DHRs saying that the
taxonomy does not name yet". `discover_topics` factorises the TF-IDF matrix (word 1-2-grams of the
normalised text, English and action-plan stop words removed) into `n_topics` non-negative parts.
Each text is assigned to its strongest topic; a topic's `share` is the fraction of all texts
assigned to it (texts with no weight on any topic are counted as unassigned). Same input and
seed -> same topics (NNDSVDa initialisation, fixed random_state).

A topic is named by a phrase from its own texts, not by its top terms: "family / limited /
assumptions" told readers nothing (issue 19), where "assumptions about the family's" or "limited
English" says what the texts are about. The phrase is the shortest run of words in one of the
topic's strongest texts that holds two or more of its top words; with none, its two top terms.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from dhr.themes.normalise import normalise_text

#: Words that start or pad almost every action-plan line and say nothing about its topic.
ACTION_PLAN_STOP_WORDS = frozenset(
    {
        "should",
        "ensure",
        "ensures",
        "ensuring",
        "recommended",
        "recommend",
        "recommendation",
        "review",
        "reviews",
        "agency",
        "agencies",
        "partner",
        "partners",
        "partnership",
        "service",
        "services",
        "staff",
        "practitioners",
        "professionals",
        "including",
        "include",
        "includes",
        "domestic",
        "abuse",
        "victim",
        "victims",
        "council",
        "trust",
        "local",
        "use",
        "make",
        "sure",
        "consider",
        "develop",
        "every",
        "within",
        "all",
        "new",
        "case",
        "cases",
        "support",
        "need",
        "needs",
        "work",
        "working",
        "able",
        "also",
        "way",
        "ways",
        "did",
        "victim's",
        "told",
        "know",
        "knew",
        "time",
        "times",
        "perpetrator",
        "perpetrator's",
        "person",
        "people",
        "team",
        "teams",
        "area",
    }
)


_WORD_PATTERN = r"(?u)\b[a-z][a-z'-]+\b"  # words of 2+ letters; numbers and single letters are not topics
#: A topic's name is at most this many words of one of its texts.
LABEL_MAX_WORDS = 7
_LABEL_TOP_WORDS = 4


def _word_key(word: str) -> str:
    return word.lower().strip("'-").removesuffix("'s").removesuffix("’s")


def topic_label(top_terms: Sequence[str], texts: Sequence[str]) -> str:
    """A name for a topic a reader can read: the shortest run of at most ``LABEL_MAX_WORDS`` words
    of one of ``texts`` (its strongest first) that holds the most of the topic's top words (two or
    more), as written; else its two top terms joined by "and"."""
    import re

    wanted = {_word_key(w) for term in top_terms[:_LABEL_TOP_WORDS] for w in term.split()}
    best: tuple[int, int, int, str] | None = None  # (-words held, length, text rank, phrase)
    for rank, text in enumerate(texts):
        words = re.findall(r"[A-Za-z][A-Za-z'’-]*", text or "")
        keys = [_word_key(w) for w in words]
        for start, key in enumerate(keys):
            if key not in wanted:
                continue
            held = {key}
            for end in range(start + 1, min(start + LABEL_MAX_WORDS, len(keys))):
                if keys[end] in wanted and keys[end] not in held:
                    held.add(keys[end])
                    candidate = (-len(held), end - start + 1, rank, " ".join(words[start : end + 1]))
                    if best is None or candidate < best:
                        best = candidate
    phrase = best[3] if best is not None else " and ".join(top_terms[:2])
    return phrase[:1].upper() + phrase[1:] if phrase else ""


@dataclass(frozen=True)
class Topic:
    topic_id: int
    label: str  # a phrase from its texts that holds its top words (``topic_label``)
    top_terms: tuple[str, ...]
    example_texts: tuple[str, ...]  # the texts that load most on this topic
    example_indices: tuple[int, ...]
    size: int  # texts assigned to this topic
    share: float  # size / number of texts


def discover_topics(
    texts: Sequence[str], n_topics: int = 8, seed: int = 0, n_terms: int = 10, n_examples: int = 3
) -> list[Topic]:
    """Topics in the texts, largest share first. Empty input -> []."""
    return fit_topics(texts, n_topics=n_topics, seed=seed, n_terms=n_terms, n_examples=n_examples)[0]


def fit_topics(
    texts: Sequence[str], n_topics: int = 8, seed: int = 0, n_terms: int = 10, n_examples: int = 3
) -> tuple[list[Topic], list[tuple[int, float]]]:
    """Topics (largest share first) and, per text, (assigned topic_id, its weight); (-1, 0.0) when unassigned."""
    from sklearn.decomposition import NMF
    from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS, TfidfVectorizer

    texts = ["" if t is None else str(t) for t in texts]
    docs = [normalise_text(t, expand=False) for t in texts]
    usable = [i for i, d in enumerate(docs) if d.strip()]
    unassigned = [(-1, 0.0)] * len(texts)
    if not usable:
        return [], unassigned
    stop = sorted(set(ENGLISH_STOP_WORDS) | ACTION_PLAN_STOP_WORDS)
    vectoriser = TfidfVectorizer(
        ngram_range=(1, 2),
        stop_words=stop,
        sublinear_tf=True,
        min_df=1 if len(usable) < 50 else 2,
        max_df=0.5 if len(usable) >= 20 else 1.0,
        token_pattern=_WORD_PATTERN,
    )
    try:
        x = vectoriser.fit_transform([docs[i] for i in usable])
    except ValueError:  # nothing left after stop words
        return [], unassigned
    k = max(1, min(n_topics, x.shape[0], x.shape[1]))
    model = NMF(n_components=k, init="nndsvda", random_state=seed, max_iter=500)
    w = model.fit_transform(x)
    h = model.components_
    terms = np.asarray(vectoriser.get_feature_names_out())
    assigned = np.where(w.max(axis=1) > 0, w.argmax(axis=1), -1)
    topics = []
    for j in range(k):
        order = np.argsort(-h[j], kind="mergesort")[:n_terms]
        top = tuple(str(terms[i]) for i in order if h[j, i] > 0) or tuple(str(terms[i]) for i in order[:3])
        members = np.flatnonzero(assigned == j)
        best = (
            members[np.argsort(-w[members, j], kind="mergesort")][:n_examples]
            if len(members)
            else np.argsort(-w[:, j], kind="mergesort")[:n_examples]
        )
        examples = tuple(usable[int(i)] for i in best)
        topics.append(
            Topic(
                topic_id=j,
                label=topic_label(top, [texts[i] for i in examples]),
                top_terms=top,
                example_texts=tuple(texts[i] for i in examples),
                example_indices=examples,
                size=len(members),
                share=round(len(members) / len(texts), 4),
            )
        )
    topics.sort(key=lambda t: (-t.size, t.topic_id))
    per_text = list(unassigned)
    for row, i in enumerate(usable):
        if assigned[row] >= 0:
            per_text[i] = (int(assigned[row]), round(float(w[row, assigned[row]]), 6))
    return topics, per_text
