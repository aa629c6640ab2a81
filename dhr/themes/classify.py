"""Classify a CSV of texts: the file behind `dhr themes classify`.

The output is the input (every column, same order, same values) plus `themes` - the predicted
codes joined by `|`, highest score first, at least one per non-empty text - and one `score_<code>`
column per taxonomy theme (probability-like, 4 decimals). A row whose text is empty or blank gets
`themes` = '' and empty score cells: there is nothing to classify, and a made-up theme would be
counted in theme totals. If the input already has a `themes` or `score_<code>` column (e.g. a file
classified before), its values are replaced in place rather than duplicated.
"""

from __future__ import annotations

import csv
from pathlib import Path

from dhr.themes.model import ThemeModel, decide, load_model

THEMES_COLUMN = "themes"
SCORE_PREFIX = "score_"


class MissingTextColumnError(ValueError):
    """The text column named on the command line is not in the CSV header."""


def classify_csv(
    input_csv: Path, text_column: str, output_csv: Path, model_dir: Path | None = None, model: ThemeModel | None = None
) -> int:
    """Write `output_csv` = `input_csv` + `themes` + `score_<code>` columns; returns the number of rows written."""
    input_csv, output_csv = Path(input_csv), Path(output_csv)
    with input_csv.open(encoding="utf-8-sig", newline="") as f:
        reader = csv.reader(f)
        try:
            header = next(reader)
        except StopIteration:
            raise MissingTextColumnError(f"{input_csv} is empty: no header row, so no column {text_column!r}") from None
        rows = list(reader)
    if text_column not in header:
        raise MissingTextColumnError(
            f"column {text_column!r} not found in {input_csv}; available columns: {', '.join(repr(h) for h in header)}"
        )
    model = model or load_model(model_dir)
    codes = list(model.codes)
    text_at = header.index(text_column)
    width = len(header)
    for n, r in enumerate(rows, start=2):
        if len(r) > width and any(cell.strip() for cell in r[width:]):
            raise ValueError(f"{input_csv} line {n}: {len(r)} cells but the header has {width} columns")
    rows = [(r + [""] * (width - len(r)))[:width] for r in rows]

    added = [THEMES_COLUMN] + [f"{SCORE_PREFIX}{c}" for c in codes]
    out_header = list(header) + [c for c in added if c not in header]
    position = {name: out_header.index(name) for name in added}

    texts = [r[text_at] for r in rows]
    todo = [i for i, t in enumerate(texts) if t and t.strip()]
    scores = model.scores([texts[i] for i in todo]) if todo else None
    labels = decide(scores, model.thresholds, codes, model.params) if todo else []
    result: dict[int, tuple[list[str], list[float]]] = {i: (labels[k], list(scores[k])) for k, i in enumerate(todo)}

    output_csv.parent.mkdir(parents=True, exist_ok=True)
    tmp = output_csv.with_name(output_csv.name + ".tmp")
    with tmp.open("w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f, lineterminator="\n")
        writer.writerow(out_header)
        for i, r in enumerate(rows):
            out = list(r) + [""] * (len(out_header) - width)
            if i in result:
                themes, sc = result[i]
                out[position[THEMES_COLUMN]] = "|".join(themes)
                for c, v in zip(codes, sc, strict=True):
                    out[position[f"{SCORE_PREFIX}{c}"]] = f"{v:.4f}"
            else:
                for name in added:
                    out[position[name]] = ""
            writer.writerow(out)
    tmp.replace(output_csv)
    return len(rows)
