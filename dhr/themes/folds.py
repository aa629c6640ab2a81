"""Multi-label fold assignment: iterative stratification (Sechidis, Tsoumakas and Vlahavas, 2011).

Plain KFold can leave a fold with almost none of a rare theme; iterative stratification deals out
the rows of the rarest remaining label first, so every fold gets close to its share of every theme
(and of every text's other labels). Deterministic for a given seed.
"""

from __future__ import annotations

import numpy as np


def iterative_stratified_folds(y: np.ndarray, n_folds: int, seed: int = 0) -> np.ndarray:
    """Fold number (0..n_folds-1) for each row of the binary label matrix `y` (n_rows x n_labels)."""
    y = np.asarray(y, dtype=bool)
    n, _k = y.shape
    if n_folds < 2:
        raise ValueError("n_folds must be at least 2")
    if n < n_folds:
        raise ValueError(f"cannot split {n} rows into {n_folds} folds")
    rng = np.random.default_rng(seed)
    fold_of = np.full(n, -1, dtype=int)
    want_rows = np.full(n_folds, n / n_folds)
    want_label = np.tile(y.sum(axis=0) / n_folds, (n_folds, 1))  # folds x labels
    unassigned = np.ones(n, dtype=bool)

    def place(i: int, scores: np.ndarray) -> None:
        best = np.flatnonzero(scores == scores.max())
        if len(best) > 1:
            sizes = want_rows[best]
            best = best[sizes == sizes.max()]
        j = int(best[rng.integers(len(best))]) if len(best) > 1 else int(best[0])
        fold_of[i] = j
        unassigned[i] = False
        want_rows[j] -= 1
        want_label[j] -= y[i]

    while True:
        remaining = y[unassigned].sum(axis=0)
        live = np.flatnonzero(remaining > 0)
        if len(live) == 0:
            break
        fewest = live[remaining[live] == remaining[live].min()]
        label = int(fewest[rng.integers(len(fewest))])
        rows = np.flatnonzero(unassigned & y[:, label])
        for i in rng.permutation(rows):
            place(int(i), want_label[:, label].copy())
    for i in rng.permutation(np.flatnonzero(unassigned)):  # rows without any label
        place(int(i), want_rows.copy())
    return fold_of
