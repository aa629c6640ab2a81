"""Repeated learning: link each recommendation to similar EARLIER recommendations of the same area.

A recommendation is linked to an earlier one when both come from the same Community Safety
Partnership (`csp_code`) AND the same police force area (`force_area_code`), the earlier one is
dated strictly before it, and the TF-IDF cosine similarity of their normalised texts is at least
`threshold`. Records missing a date, CSP or force area are never linked; records with the same
`dhr_id` (when given) are never linked to each other - recommendations of one review are not
"repeated" learning.

Similarity: cosine of character 3-5-gram TF-IDF vectors (char_wb, sublinear tf) of the
normalised text (`normalise_text`: abbreviations expanded, so "MARAC" meets "multi-agency risk
assessment conference") after English and action-plan stop words are removed, so shared
boilerplate ("It is recommended that ... should ensure") does not make texts similar. Character
n-grams match "flag"/"flagged" and "train"/"training", which word n-grams miss in one-line actions
(on the labelled pairs below: AUC 0.96 for char 3-5-grams against 0.90 for word 1-2-grams). The IDF
is fitted on the committed labelled corpus plus the records, so a score does not swing with how
many records are passed in.

Threshold: DEFAULT_THRESHOLD = 0.38, chosen on `tests/themes/similarity_pairs.csv` (30 pairs that
restate the same ask, 32 that share a theme, setting or boilerplate but ask for something
different): the midpoint of the band 0.36-0.40 where accuracy on the pairs is highest (0.90).
See docs/themes.md.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from functools import lru_cache

import numpy as np

from dhr.themes.normalise import normalise_text
from dhr.themes.topics import ACTION_PLAN_STOP_WORDS

DEFAULT_THRESHOLD = 0.38


@dataclass(frozen=True)
class Recommendation:
    id: str
    text: str
    csp_code: str | None
    force_area_code: str | None
    date: date | None
    dhr_id: str | None = None


@dataclass(frozen=True)
class Link:
    recommendation_id: str  # the later recommendation
    earlier_id: str  # the earlier, similar one
    similarity: float
    recommendation_date: date
    earlier_date: date
    csp_code: str
    force_area_code: str
    days_between: int


def _get(record, name: str):
    if isinstance(record, Mapping):
        return record.get(name)
    return getattr(record, name, None)


def _as_date(value) -> date | None:
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


def _coerce(records: Iterable) -> list[Recommendation]:
    out = []
    for r in records:
        rid = _get(r, "id")
        if rid is None:
            raise ValueError(f"record without an id: {r!r}")
        out.append(
            Recommendation(
                id=str(rid),
                text=str(_get(r, "text") or ""),
                csp_code=_get(r, "csp_code") or None,
                force_area_code=_get(r, "force_area_code") or None,
                date=_as_date(_get(r, "date")),
                dhr_id=_get(r, "dhr_id") or None,
            )
        )
    return out


@lru_cache(maxsize=1)
def _stop_words() -> frozenset[str]:
    from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

    return frozenset(ENGLISH_STOP_WORDS) | ACTION_PLAN_STOP_WORDS


def prepare(text: str | None) -> str:
    """Normalised text without stop words: what the similarity vectors are built from."""
    stop = _stop_words()
    return " ".join(w for w in _WORD.findall(normalise_text(text)) if w not in stop)


_WORD = re.compile(r"[a-z0-9][a-z0-9'-]*")


@lru_cache(maxsize=1)
def _background() -> tuple[str, ...]:
    from dhr.themes.corpus import read_corpus

    try:
        return tuple(prepare(r.text) for r in read_corpus())
    except (OSError, ValueError):
        return ()


def _vectoriser():
    from sklearn.feature_extraction.text import TfidfVectorizer

    return TfidfVectorizer(analyzer="char_wb", ngram_range=(3, 5), sublinear_tf=True, lowercase=False)


def similarity_matrix(texts_a: Sequence[str], texts_b: Sequence[str] | None = None) -> np.ndarray:
    """Cosine similarity between texts (rows a x columns b; b defaults to a)."""
    a = [prepare(t) for t in texts_a]
    b = None if texts_b is None else [prepare(t) for t in texts_b]
    xa, xb = _tfidf_rows(a, b)
    return np.asarray((xa @ xb.T).todense())  # rows are L2-normalised, so the dot product is the cosine


def _tfidf_rows(a: list[str], b: list[str] | None = None):
    """L2-normalised TF-IDF rows of prepared texts a (and b, default a), the vocabulary and IDF
    fitted on the background corpus plus the texts themselves."""
    vec = _vectoriser().fit(list(_background()) + a + (b or []))
    xa = vec.transform(a)
    return xa, (xa if b is None else vec.transform(b))


def pairs_at_or_above(texts: Sequence[str], threshold: float, block_rows: int = 1024) -> list[tuple[int, int, float]]:
    """(i, j, cosine) for every ordered pair of distinct texts whose similarity is at least
    `threshold`, by row then column: the entries of `similarity_matrix(texts)` at or above it.

    Computed a block of rows at a time from the sparse TF-IDF rows, never as a dense n x n matrix:
    a force area of ten national corpora has ~7,000 recommendations, whose dense matrix (with the
    sparse product it came from) took over a gigabyte per worker (bench/README.md).
    """
    x, _ = _tfidf_rows([prepare(t) for t in texts])
    x = x.tocsr()
    xt = x.T.tocsr()
    found: list[tuple[int, int, float]] = []
    for start in range(0, x.shape[0], block_rows):
        block = (x[start : start + block_rows] @ xt).tocoo()  # rows are L2-normalised: dot = cosine
        keep = (block.data >= threshold) & (block.row + start != block.col)
        rows, cols, values = block.row[keep] + start, block.col[keep], block.data[keep]
        order = np.lexsort((cols, rows))
        found += zip(rows[order].tolist(), cols[order].tolist(), values[order].tolist(), strict=True)
    return found


def similar_recommendations(records: Iterable, threshold: float = DEFAULT_THRESHOLD, max_links: int = 5) -> list[Link]:
    """For each recommendation, its most similar earlier recommendations in the same CSP and force area.

    `records`: objects or mappings with id, text, csp_code, force_area_code, date (date, datetime or
    ISO string) and optionally dhr_id. Returns links sorted by (recommendation date, id, -similarity).
    """
    recs = _coerce(records)
    usable = [r for r in recs if r.date and r.csp_code and r.force_area_code and r.text.strip()]
    if len(usable) < 2:
        return []
    sims = similarity_matrix([r.text for r in usable])
    groups: dict[tuple[str, str], list[int]] = defaultdict(list)
    for i, r in enumerate(usable):
        groups[(str(r.csp_code), str(r.force_area_code))].append(i)
    links: list[Link] = []
    for (csp, force), members in groups.items():
        for i in members:
            r = usable[i]
            candidates = [
                j
                for j in members
                if usable[j].date < r.date
                and not (r.dhr_id and usable[j].dhr_id == r.dhr_id)
                and sims[i, j] >= threshold
            ]
            candidates.sort(key=lambda j: (-sims[i, j], usable[j].date, usable[j].id))
            for j in candidates[:max_links]:
                e = usable[j]
                links.append(
                    Link(
                        recommendation_id=r.id,
                        earlier_id=e.id,
                        similarity=round(float(sims[i, j]), 4),
                        recommendation_date=r.date,
                        earlier_date=e.date,
                        csp_code=csp,
                        force_area_code=force,
                        days_between=(r.date - e.date).days,
                    )
                )
    links.sort(key=lambda lk: (lk.recommendation_date, lk.recommendation_id, -lk.similarity, lk.earlier_id))
    return links
