"""The hand-labelled corpus of recommendations, actions and learning texts.

The training corpus is `corpus/labelled_texts.csv` and the `corpus/register_*.csv` files (issue 20:
texts written in the register of published recommendations). Columns: text_id, text, text_type,
themes (codes joined by `|`, primary first), source (handwritten | synthetic), labelling_note,
batch (main | paraphrase | lockbox | synthetic | register: see docs/themes.md).

`corpus/heldback.csv` is the held-back slice: written by other rules, by a writer who did not see
the training texts, and never used for training or tuning (only `dhr themes evaluate` scores it).
See docs/themes.md for how each part was written and the labelling rules.
"""

from __future__ import annotations

import csv
import hashlib
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from dhr.themes.taxonomy import theme_codes

CORPUS_DIR = Path(__file__).parent / "corpus"
CORPUS_PATH = CORPUS_DIR / "labelled_texts.csv"
#: Training texts in the register of published recommendations (issue 20), beside CORPUS_PATH.
REGISTER_GLOB = "register_*.csv"
HELDBACK_PATH = CORPUS_DIR / "heldback.csv"
#: A second slice by a third writer, scored only after model 1.2 was chosen on the held-back slice:
#: the number for fresh text that no model choice has seen (docs/themes.md 2.2b).
CONFIRMATION_PATH = CORPUS_DIR / "confirmation.csv"
COLUMNS = ("text_id", "text", "text_type", "themes", "source", "labelling_note", "batch")
TEXT_TYPES = ("recommendation", "action", "learning", "national_recommendation")
SOURCES = ("handwritten", "synthetic")
#: Synthetic rows may make up at most this share of the corpus; handwritten rows must stand alone.
MAX_SYNTHETIC_SHARE = 0.30


@dataclass(frozen=True)
class LabelledText:
    text_id: str
    text: str
    themes: tuple[str, ...]
    text_type: str = "recommendation"
    source: str = "handwritten"
    labelling_note: str = ""
    batch: str = "main"


def training_paths() -> list[Path]:
    """The files of the training corpus, in a fixed order."""
    return [CORPUS_PATH, *sorted(CORPUS_DIR.glob(REGISTER_GLOB))]


def read_corpus(path: Path | None = None) -> list[LabelledText]:
    """Read and validate the training corpus, or one file of labelled texts (raises ValueError on
    any broken row; a text_id may appear once across the corpus's files)."""
    if path is None:
        rows = [row for file in training_paths() for row in _read_file(file)]
        ids = Counter(r.text_id for r in rows)
        if dup := [i for i, c in ids.items() if c > 1]:
            raise ValueError(f"{CORPUS_DIR}: duplicate text_id {dup[:5]}")
        return rows
    return _read_file(path)


def read_heldback() -> list[LabelledText]:
    """The held-back slice: for evaluation only, never for training or tuning."""
    return _read_file(HELDBACK_PATH)


def read_confirmation() -> list[LabelledText]:
    """The confirmation slice: for evaluation only; never for training, tuning or choosing a model."""
    return _read_file(CONFIRMATION_PATH)


def _read_file(path: Path) -> list[LabelledText]:
    codes = set(theme_codes())
    rows: list[LabelledText] = []
    with path.open(encoding="utf-8", newline="") as f:
        reader = csv.DictReader(f)
        missing = [c for c in COLUMNS if c not in (reader.fieldnames or [])]
        if missing:
            raise ValueError(f"{path}: missing columns {missing}")
        for n, row in enumerate(reader, start=2):
            themes = tuple(t for t in (row["themes"] or "").split("|") if t)
            problems = []
            if not (row["text"] or "").strip():
                problems.append("empty text")
            if not themes:
                problems.append("no themes")
            if unknown := [t for t in themes if t not in codes]:
                problems.append(f"unknown theme codes {unknown}")
            if len(set(themes)) != len(themes):
                problems.append("a theme is listed twice")
            if row["text_type"] not in TEXT_TYPES:
                problems.append(f"text_type {row['text_type']!r} not in {TEXT_TYPES}")
            if row["source"] not in SOURCES:
                problems.append(f"source {row['source']!r} not in {SOURCES}")
            if problems:
                raise ValueError(f"{path} line {n} ({row.get('text_id')}): " + "; ".join(problems))
            rows.append(
                LabelledText(
                    text_id=row["text_id"],
                    text=row["text"].strip(),
                    themes=themes,
                    text_type=row["text_type"],
                    source=row["source"],
                    labelling_note=row["labelling_note"] or "",
                    batch=row["batch"] or "main",
                )
            )
    ids = Counter(r.text_id for r in rows)
    if dup := [i for i, c in ids.items() if c > 1]:
        raise ValueError(f"{path}: duplicate text_id {dup[:5]}")
    return rows


def corpus_sha256(path: Path | None = None) -> str:
    """The content hash of one file, or of the whole training corpus (every file, by name)."""
    if path is not None:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    h = hashlib.sha256()
    for file in training_paths():
        h.update(file.name.encode() + b"\x00" + file.read_bytes() + b"\x00")
    return h.hexdigest()


def rows_sha256(rows: Iterable[LabelledText]) -> str:
    """A content hash of labelled rows (used when analyst overrides are added to the corpus)."""
    h = hashlib.sha256()
    for r in rows:
        h.update(f"{r.text_id}\x1f{r.text}\x1f{'|'.join(r.themes)}\x1e".encode())
    return h.hexdigest()


def theme_counts(rows: Sequence[LabelledText]) -> dict[str, int]:
    """Rows carrying each theme (any position), in taxonomy order."""
    c = Counter(t for r in rows for t in r.themes)
    return {code: c.get(code, 0) for code in theme_codes()}


def label_matrix(rows: Sequence[LabelledText], codes: Sequence[str] | None = None):
    """Binary indicator matrix (n_rows x n_codes) as a numpy uint8 array."""
    import numpy as np

    codes = list(codes or theme_codes())
    index = {c: i for i, c in enumerate(codes)}
    y = np.zeros((len(rows), len(codes)), dtype=np.uint8)
    for i, r in enumerate(rows):
        for t in r.themes:
            y[i, index[t]] = 1
    return y


# --------------------------------------------------------------------------- synthetic rows

#: Agencies a synthetic text is addressed to, by primary theme (generic names, as in real plans).
_LOCAL_ADDRESSEES = {
    "risk_assessment": ("the Police", "the IDVA service", "Children's Social Care"),
    "information_sharing": ("the Police", "the ICB", "the Probation Service"),
    "record_keeping": ("the Police", "the Hospital Trust", "Adult Social Care"),
    "training_awareness": ("the Council", "the Police", "the ICB"),
    "policy_procedure": ("the Council", "the Hospital Trust", "the Housing Provider"),
    "multi_agency_working": ("the CSP", "the Partnership", "all agencies"),
    "coercive_control": ("the Police", "the Council", "all agencies"),
    "mental_health_suicide": ("the Mental Health Trust", "the ICB", "Public Health"),
    "substance_misuse": ("the drug and alcohol service", "Public Health", "the Council"),
    "children_safeguarding": ("Children's Social Care", "the Safeguarding Children Partnership", "schools"),
    "adult_safeguarding": ("Adult Social Care", "the Safeguarding Adults Board", "the Council"),
    "perpetrator_response": ("the Police", "the Probation Service", "the CPS"),
    "housing_homelessness": (
        "the Housing Provider",
        "the Council's Housing Options service",
        "the Housing Association",
    ),
    "health_response": ("the ICB", "the Hospital Trust", "GP practices"),
    "public_awareness": ("the CSP", "the Council", "the Partnership"),
    "specialist_support": ("the Council", "the PCC", "the Partnership"),
    "equality_access": ("all agencies", "the Council", "the Partnership"),
}
_NATIONAL_ADDRESSEES = (
    "the Home Office",
    "the Department of Health and Social Care",
    "NHS England",
    "the Ministry of Justice",
    "the Department for Education",
    "MHCLG",
    "the College of Policing",
)


def build_synthetic_rows(n: int, seed: int = 7, avoid: Iterable[str] = ()) -> list[LabelledText]:
    """`n` distinct rows from the synthetic text generator (`dhr.synth.free_text`), labelled with the
    themes the generator was asked for: one theme per row, a second one on ~35% of recommendations
    and learning texts, primary themes dealt out evenly. Texts equal (after whitespace and case
    folding) to one in `avoid` or to an earlier synthetic row are redrawn. Deterministic for a seed."""
    import random

    from dhr.synth import free_text

    codes = theme_codes()
    rng = random.Random(seed)  # noqa: S311 - synthetic text, not security
    seen = {" ".join(t.lower().split()) for t in avoid}
    rows: list[LabelledText] = []
    attempts = 0
    while len(rows) < n:
        attempts += 1
        if attempts > 50 * n + 100:
            raise RuntimeError(f"could only draw {len(rows)} distinct synthetic texts")
        themes = [codes[len(rows) % len(codes)]]
        kind = rng.choice(("recommendation", "recommendation", "action", "learning"))
        if kind != "action" and rng.random() < 0.35:
            themes.append(rng.choice([c for c in codes if c != themes[0]]))
        if kind == "action":
            text, text_type = free_text.action_text(rng, themes[0], rng.choice(_LOCAL_ADDRESSEES[themes[0]])), "action"
        elif kind == "learning":
            text, text_type = free_text.learning_text(rng, themes), "learning"
        else:
            level = rng.choice(("single_agency", "single_agency", "multi_agency", "national"))
            if level == "national":
                addressee = rng.choice(_NATIONAL_ADDRESSEES)
            elif level == "multi_agency":
                addressee = rng.choice(("the CSP", "the Partnership", "all agencies"))
            else:
                addressee = rng.choice(_LOCAL_ADDRESSEES[themes[0]])
            text = free_text.recommendation_text(rng, themes, addressee, level)
            text_type = "national_recommendation" if level == "national" else "recommendation"
        text = " ".join(text.replace("|", "/").split())
        key = text.lower()
        if key in seen:
            continue
        seen.add(key)
        rows.append(
            LabelledText(
                text_id=f"S{len(rows) + 1:04d}",
                text=text,
                themes=tuple(themes),
                text_type=text_type,
                source="synthetic",
                batch="synthetic",
                labelling_note=f"generated by dhr.synth.text_bank (seed {seed}); themes = the themes requested from the generator",
            )
        )
    return rows


def write_corpus(rows: Sequence[LabelledText], path: Path | None = None) -> None:
    path = path or CORPUS_PATH
    with path.open("w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(COLUMNS)
        for r in rows:
            w.writerow([r.text_id, r.text, r.text_type, "|".join(r.themes), r.source, r.labelling_note, r.batch])


def refresh_synthetic(n: int, seed: int = 7, path: Path | None = None) -> int:
    """Replace the synthetic rows of the corpus with `n` fresh ones (handwritten rows untouched)."""
    rows = [r for r in read_corpus(path or CORPUS_PATH) if r.source == "handwritten"]
    if n > MAX_SYNTHETIC_SHARE / (1 - MAX_SYNTHETIC_SHARE) * len(rows):
        raise ValueError(f"{n} synthetic rows would exceed {MAX_SYNTHETIC_SHARE:.0%} of the corpus")
    write_corpus(rows + build_synthetic_rows(n, seed, avoid=[r.text for r in rows]), path)
    return n


if __name__ == "__main__":  # pragma: no cover - `python -m dhr.themes.corpus 400` refreshes the synthetic rows
    import sys

    print(f"wrote {refresh_synthetic(int(sys.argv[1]) if len(sys.argv) > 1 else 400)} synthetic rows to {CORPUS_PATH}")
