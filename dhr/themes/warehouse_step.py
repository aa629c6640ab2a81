"""The theme step of `dhr build`: score the warehouse's texts on the copy, before dbt runs.

`dhr build` (dhr/warehouse_build.py) copies the warehouse to ``dhr.next.duckdb``, calls
:func:`prepare_theme_tables` on the copy, then runs ``dbt build``; the copy is swapped in only if
every dbt test passes. This step writes the ``themes`` schema, which dbt reads as the source
``themes`` (models/staging/_themes__sources.yml, staged by models/staging/stg_themes__*):

| table | grain | what |
|---|---|---|
| ``themes.text_scores`` | text x theme | classifier score, rank and predicted flag per distinct text (sha256) for the current model version |
| ``themes.scoring_runs`` | build | how many texts there were, how many were scored and how many came from the cache |
| ``themes.model`` | one row | the model version, its training-data hash, when it was trained, its held-out macro-F1 |
| ``themes.overrides`` | decision | analysts' overrides, copied read-only from the app-state file (dhr/themes/overrides.py) |
| ``themes.similar_pairs`` | force area x pair of texts | recommendation texts of the same force area at least ``DEFAULT_THRESHOLD`` alike (TF-IDF cosine); staging keeps one row per pair |
| ``themes.topics`` / ``themes.text_topics`` | topic / text | NMF topics over recommendation and learning text, and each text's topic |
| ``themes.derived_inputs`` | force area, or 'topics' | a digest of the texts (and settings) the stored pairs or topics were computed from, so unchanged ones are not recomputed (not read by dbt) |

Why a step before dbt and not a dbt Python model: the scores are cached *across builds* in the
warehouse file itself (a text already scored by the same model version is not scored again),
which a dbt model, rebuilt from nothing each run, cannot do without reading its own previous
output; the model is loaded (or trained, when none is persisted) once per build rather than per
model; and dbt keeps every rule about which texts, DHRs, years and scopes count, in SQL, where
the marts' tests see it. This step only turns text into numbers.

Texts are read from the raw layer: every recommendation and action of every action plan, every
early action and every early-learning answer (question 4) of every scoping review. A text that
ingest's privacy scan flagged (raw.text_findings) is never scored, compared or used for topics:
staging replaces it by the withheld sentence, which the marts leave without themes. Predictions
are keyed by ``sha256(text)``: the marts join on ``sha256(<text column>)``, so the same words get
the same prediction wherever they appear, and an unchanged text is never re-scored.

Why raw and not the staging views, which state the same rules: staging is built by the very
`dbt build` that reads this step's output, and its views read the seeds (code lists), which a first
build has not loaded yet. Reading staging here would need a second dbt invocation (seeds and
staging views) before this step on every build: about 3 s more (measured in process on an empty
warehouse), against the incremental-build target of bench/README.md that builds already miss. The rules repeated here are the text columns above
and the raw.text_findings match (tests/warehouse/test_warehouse_theme_step.py,
`test_privacy_flagged_text_is_never_scored`; issue 16).
"""

from __future__ import annotations

import csv
import hashlib
import multiprocessing
import os
import time
from collections import defaultdict
from collections.abc import Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import duckdb

from dhr.settings import REFERENCE_DIR
from dhr.themes import overrides as overrides_mod

#: (raw table, text column, kind of text, its CSP code: an SQL expression over the header table h).
_TEXT_SOURCES = (
    ("action_plan__actions", "recommendation", "recommendation", "action_plan__plans"),
    ("action_plan__actions", "action", "action", "action_plan__plans"),
    ("scoping_review__early_actions", "action", "early_action", "scoping_review__reviews"),
    ("scoping_review__reviews", "q4_early_learning", "scoping_learning", "scoping_review__reviews"),
)

#: Emerging topics: how many NMF topics over the whole warehouse (the marts count them by year).
N_TOPICS = 8
TOPIC_SEED = 0

_DDL = """
create schema if not exists themes;
create table if not exists themes.text_scores (
    text_sha256 varchar not null, model_version varchar not null, theme_code varchar not null,
    score double not null, theme_rank integer not null, is_predicted boolean not null, scored_at timestamp not null
);
create table if not exists themes.scoring_runs (
    run_at timestamp, model_version varchar, text_count integer, scored_count integer, cached_count integer,
    seconds double
);
create or replace table themes.model (
    model_version varchar, training_data_sha256 varchar, trained_at varchar, n_training_texts integer,
    n_overrides integer, heldout_macro_f1 double, thresholds json
);
drop table if exists themes.text_similarity;
drop table if exists themes.similarity_by_force;
create table if not exists themes.similar_pairs (
    force_area_code varchar, text_sha256 varchar, similar_text_sha256 varchar, similarity double, threshold double
);
create table if not exists themes.topics (
    topic_id integer, topic_label varchar, top_terms varchar[], text_count integer
);
create table if not exists themes.text_topics (
    text_sha256 varchar, topic_id integer, topic_weight double
);
create table if not exists themes.derived_inputs (
    input_key varchar, input_digest varchar
);
"""


@dataclass(frozen=True)
class ThemeStepResult:
    model_version: str
    text_count: int
    scored_count: int
    cached_count: int
    override_count: int
    similarity_pairs: int
    topic_count: int
    seconds: float
    #: force areas whose similar pairs were recomputed, of those with recommendations; whether the
    #: topics were refitted (both are reused from the previous build when their texts are unchanged)
    similarity_recomputed: int = 0
    similarity_force_areas: int = 0
    topics_refitted: bool = True

    @property
    def summary(self) -> str:
        return (
            f"themes: {self.text_count:,} texts ({self.scored_count:,} scored, {self.cached_count:,} cached) "
            f"by model {self.model_version}; {self.override_count:,} override(s); "
            f"{self.similarity_pairs:,} similar pairs ({self.similarity_recomputed} of "
            f"{self.similarity_force_areas} force areas recomputed); {self.topic_count} topics"
            f"{'' if self.topics_refitted else ' (unchanged texts, not refitted)'}"
        )


def _has_table(con: duckdb.DuckDBPyConnection, schema: str, table: str) -> bool:
    return bool(
        con.execute(
            "select count(*) from information_schema.tables where table_schema = ? and table_name = ?", [schema, table]
        ).fetchone()[0]
    )


def _force_area_of_csp() -> dict[str, str]:
    with (REFERENCE_DIR / "csps.csv").open(encoding="utf-8", newline="") as f:
        return {row["csp_code"]: row["force_area_code"] for row in csv.DictReader(f)}


def collect_texts(con: duckdb.DuckDBPyConnection) -> list[tuple[str, str, str | None]]:
    """(text, kind, csp_code) for every distinct non-empty, unflagged text in the raw layer.

    Distinct in SQL: each quarterly snapshot repeats its plan's texts, so at 2,000 DHRs the raw
    rows are ~630,000 for ~15,000 texts, and hashing every row cost a fast-lane build 1.5 s."""
    found: list[tuple[str, str, str | None]] = []
    findings = _has_table(con, "raw", "text_findings")
    for table, column, kind, header in _TEXT_SOURCES:
        if not _has_table(con, "raw", table) or not _has_table(con, "raw", header):
            continue
        flagged = (
            (
                f"and not exists (select 1 from raw.text_findings f where f.raw_table = '{table}' and f.field = '{column}' "
                "and f.file_sha256 = t.file_sha256 and f.source_sheet is not distinct from t.source_sheet "
                "and f.source_row is not distinct from t.source_row)"
            )
            if findings
            else ""
        )
        rows = con.execute(
            f"select distinct t.{column}, h.csp_code from raw.{table} t "  # fixed names from _TEXT_SOURCES
            f"left join (select distinct file_sha256, csp_code from raw.{header}) h on h.file_sha256 = t.file_sha256 "
            f"where t.{column} is not null and trim(t.{column}) <> '' {flagged}"
        ).fetchall()
        found += [(text, kind, csp) for text, csp in rows]
    return found


def _sha(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _insert_arrow(con, table: str, columns: dict[str, list], types: dict[str, object]) -> None:
    """Insert columns into ``table`` as one Arrow table (ingest's `insert_arrow`): row-by-row
    ``executemany`` costs seconds per 10,000 rows, and the first build of a national warehouse
    scores hundreds of thousands (bench/README.md)."""
    import pyarrow as pa

    from ingest.load import insert_arrow

    insert_arrow(con, table, pa.table({name: pa.array(values, type=types[name]) for name, values in columns.items()}))


#: Texts scored at a time by the classifier (bounds the memory of its feature matrix).
SCORE_BATCH_TEXTS = 5_000


def _score_new_texts(con, model, texts: dict[str, str]) -> tuple[int, int]:
    """Score the texts (sha -> text) not yet scored by this model version; drop other versions' scores."""
    import numpy as np
    import pyarrow as pa

    con.execute("delete from themes.text_scores where model_version <> ?", [model.version])
    cached = {r[0] for r in con.execute("select distinct text_sha256 from themes.text_scores").fetchall()}
    todo = sorted(sha for sha in texts if sha not in cached)
    if todo:
        from dhr.themes.model import decide

        todo_texts = [texts[sha] for sha in todo]
        # In batches: the word and character n-gram features of 100,000 texts at once (the first
        # build at ten national corpora) held gigabytes; a batch's features are freed before the next.
        scores = np.vstack(
            [
                np.asarray(model.scores(todo_texts[start : start + SCORE_BATCH_TEXTS]), dtype=float)
                for start in range(0, len(todo_texts), SCORE_BATCH_TEXTS)
            ]
        )
        # model.predict would score every text a second time: decide from these scores, as it does
        # (a blank text gets no theme, as from predict).
        decided = decide(scores, model.thresholds, model.codes, model.params)
        decided = [d if t.strip() else [] for d, t in zip(decided, todo_texts, strict=True)]
        now = datetime.now(UTC).replace(tzinfo=None, microsecond=0)
        codes = list(model.codes)
        n_texts, n_codes = scores.shape
        # Rank 1 is the highest score; ties keep the taxonomy order (a stable sort on -score).
        order = np.argsort(-scores, axis=1, kind="mergesort")
        ranks = np.empty_like(order)
        ranks[np.arange(n_texts)[:, None], order] = np.arange(1, n_codes + 1)
        chosen = [set(c) for c in decided]
        _insert_arrow(
            con,
            "themes.text_scores",
            {
                "text_sha256": [sha for sha in todo for _ in codes],
                "model_version": [model.version] * (n_texts * n_codes),
                "theme_code": codes * n_texts,
                "score": [round(float(v), 6) for v in scores.ravel()],
                "theme_rank": ranks.ravel().tolist(),
                "is_predicted": [code in c for c in chosen for code in codes],
                "scored_at": [now] * (n_texts * n_codes),
            },
            {
                "text_sha256": pa.string(),
                "model_version": pa.string(),
                "theme_code": pa.string(),
                "score": pa.float64(),
                "theme_rank": pa.int32(),
                "is_predicted": pa.bool_(),
                "scored_at": pa.timestamp("us"),
            },
        )
    return len(todo), len(texts) - len(todo)


def _write_model(con, model) -> None:
    import json

    meta = model.metadata or {}
    heldout = (((meta.get("metrics") or {}).get("evaluation") or {}).get("summary") or {}).get("macro_f1") or {}
    con.execute(
        "insert into themes.model values (?, ?, ?, ?, ?, ?, ?)",
        [
            model.version,
            meta.get("training_data_sha256"),
            meta.get("trained_at"),
            meta.get("n_texts"),
            meta.get("n_overrides") or 0,
            heldout.get("mean") if isinstance(heldout, dict) else None,
            json.dumps(model.threshold_by_code),
        ],
    )


#: Bump when the similarity or topic method (or where they are kept) changes, so cached pairs and
#: topics are recomputed. 2: pairs moved to themes.similar_pairs (text_similarity and
#: similarity_by_force, dropped above, were the earlier tables).
_DERIVED_VERSION = "2"


def _digest(*parts: object) -> str:
    digest = hashlib.sha256()
    for part in parts:
        digest.update(str(part).encode("utf-8"))
        digest.update(b"\0")
    return digest.hexdigest()


def _background_digest() -> str:
    """What the similarity's vocabulary is fitted on besides the warehouse texts (the labelled corpus)."""
    from dhr.themes.similarity import _background

    return _digest(*_background())


def force_area_pairs(texts: list[str]) -> list[tuple[int, int, float]]:
    """(i, j, similarity) for every ordered pair of these texts at or above the threshold, and (i, i, 1.0).

    One force area's work, at module level so a worker process can run it.
    """
    from dhr.themes.similarity import DEFAULT_THRESHOLD, pairs_at_or_above

    pairs = [(i, i, 1.0) for i in range(len(texts))]
    if len(texts) >= 2:
        # Only the pairs at or above the threshold, in blocks of rows of the sparse product: a
        # force area of 20,000 DHRs has ~5 x 10^7 pairs, too many for a dense matrix per worker.
        pairs += [(i, j, round(value, 4)) for i, j, value in pairs_at_or_above(texts, DEFAULT_THRESHOLD)]
    return pairs


#: Stale recommendation texts from which the force areas' similarity runs in worker processes,
#: alongside the scoring in this one (below it, starting the workers costs more than it saves).
PARALLEL_SIMILARITY_MIN_TEXTS = 1_500


@dataclass
class _SimilarityPlan:
    """Which force areas' similar pairs must be recomputed (their texts changed), and their texts."""

    groups: dict[str, dict[str, str]]  # force area -> sha -> text
    wanted: dict[str, str]  # 'similarity:<force>' -> digest of its inputs
    stale: list[str]  # force areas whose stored pairs are out of date (or gone)

    @property
    def recomputed(self) -> list[str]:
        return [force for force in self.stale if force in self.groups]

    def texts(self, force: str) -> list[str]:
        return [self.groups[force][sha] for sha in sorted(self.groups[force])]


def _plan_similarity(con, recommendations: list[tuple[str, str | None]]) -> _SimilarityPlan:
    from dhr.themes.similarity import DEFAULT_THRESHOLD

    force_of = _force_area_of_csp()
    groups: dict[str, dict[str, str]] = defaultdict(dict)
    for text, csp in recommendations:
        force = force_of.get(csp or "")
        if force:
            groups[force][_sha(text)] = text
    background = _background_digest()
    stored = dict(
        con.execute(
            "select input_key, input_digest from themes.derived_inputs where input_key like 'similarity:%'"
        ).fetchall()
    )
    wanted = {
        f"similarity:{force}": _digest(_DERIVED_VERSION, DEFAULT_THRESHOLD, background, *sorted(texts))
        for force, texts in groups.items()
    }
    stale = sorted(key.split(":", 1)[1] for key in set(stored) | set(wanted) if stored.get(key) != wanted.get(key))
    return _SimilarityPlan(dict(groups), wanted, stale)


@contextmanager
def _similarity_pool(plan: _SimilarityPlan) -> Iterator[dict[str, Future[list[tuple[int, int, float]]]]]:
    """Start the stale force areas' similarity in worker processes when there is enough of it.

    Yields force area -> future; empty when the work is small (it is then done in this process).
    """
    workers = max(1, min(4, os.cpu_count() or 1))
    size = sum(len(plan.groups[force]) for force in plan.recomputed)
    if workers < 2 or size < PARALLEL_SIMILARITY_MIN_TEXTS:
        yield {}
        return
    # 'spawn': this process holds a DuckDB connection and its threads, which must not be forked.
    with ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("spawn")) as pool:
        largest_first = sorted(plan.recomputed, key=lambda force: -len(plan.groups[force]))
        try:
            yield {force: pool.submit(force_area_pairs, plan.texts(force)) for force in largest_first}
        except BaseException:
            pool.shutdown(wait=False, cancel_futures=True)  # the build failed: do not wait for the rest
            raise


def _write_similarity(
    con, plan: _SimilarityPlan, started: dict[str, Future[list[tuple[int, int, float]]]] | None = None
) -> tuple[int, int, int]:
    """Pairs of distinct recommendation texts of the same force area at or above the threshold (both
    ways, and each text with itself). Returns (pairs, force areas recomputed, force areas in all).

    A force area's pairs depend only on its set of texts (and the threshold and vocabulary), so they
    are kept per force area in ``themes.similar_pairs`` with a digest of those inputs in
    ``themes.derived_inputs``, and recomputed only where the digest changed: a new quarterly action
    plan repeats its recommendations, and the TF-IDF fit per force area is most of this step.
    `started` holds the force areas already being computed in worker processes (`_similarity_pool`).
    """
    import pyarrow as pa

    from dhr.themes.similarity import DEFAULT_THRESHOLD

    started = started or {}
    if plan.stale:
        con.execute("delete from themes.similar_pairs where force_area_code in (select unnest(?))", [plan.stale])
        con.execute(
            "delete from themes.derived_inputs where input_key in (select unnest(?))",
            [[f"similarity:{force}" for force in plan.stale]],
        )
    rows: dict[str, list] = {
        "force_area_code": [],
        "text_sha256": [],
        "similar_text_sha256": [],
        "similarity": [],
        "threshold": [],
    }
    recomputed = plan.recomputed
    for force in recomputed:
        shas = sorted(plan.groups[force])
        try:
            pairs = started[force].result() if force in started else force_area_pairs(plan.texts(force))
        except BrokenProcessPool:  # a worker died (out of memory): do this force area here instead
            pairs = force_area_pairs(plan.texts(force))
        for i, j, value in pairs:
            rows["force_area_code"].append(force)
            rows["text_sha256"].append(shas[i])
            rows["similar_text_sha256"].append(shas[j])
            rows["similarity"].append(value)
            rows["threshold"].append(DEFAULT_THRESHOLD)
    if rows["text_sha256"]:
        _insert_arrow(
            con,
            "themes.similar_pairs",
            rows,
            {
                "force_area_code": pa.string(),
                "text_sha256": pa.string(),
                "similar_text_sha256": pa.string(),
                "similarity": pa.float64(),
                "threshold": pa.float64(),
            },
        )
    if recomputed:
        _insert_arrow(
            con,
            "themes.derived_inputs",
            {
                "input_key": [f"similarity:{force}" for force in recomputed],
                "input_digest": [plan.wanted[f"similarity:{force}"] for force in recomputed],
            },
            {"input_key": pa.string(), "input_digest": pa.string()},
        )
    # For the build's summary only; stg_themes__text_similarity keeps one row per pair for the marts.
    pairs_count = con.execute(
        "select count(distinct (text_sha256, similar_text_sha256)) from themes.similar_pairs "
        "where text_sha256 <> similar_text_sha256"
    ).fetchone()[0]
    return int(pairs_count), len(recomputed), len(plan.groups)


def _write_topics(con, texts: dict[str, str]) -> tuple[int, bool]:
    """NMF topics over these texts (sha -> text); returns (topics, whether they were refitted).

    The topics are refitted only when the set of texts changed since the build the copy came from
    (``themes.derived_inputs``): the same texts give the same topics, and the fit is the slowest
    part of an incremental build's theme step.
    """
    import pyarrow as pa

    from dhr.themes.topics import fit_topics

    shas = sorted(texts)
    wanted = _digest(_DERIVED_VERSION, N_TOPICS, TOPIC_SEED, *shas)
    stored = con.execute("select input_digest from themes.derived_inputs where input_key = 'topics'").fetchone()
    if stored is not None and stored[0] == wanted:
        return int(con.execute("select count(*) from themes.topics").fetchone()[0]), False
    con.execute("delete from themes.topics")
    con.execute("delete from themes.text_topics")
    con.execute("delete from themes.derived_inputs where input_key = 'topics'")
    topics, per_text = fit_topics([texts[s] for s in shas], n_topics=N_TOPICS, seed=TOPIC_SEED)
    if topics:
        con.executemany(
            "insert into themes.topics values (?, ?, ?, ?)",
            [(t.topic_id, t.label, list(t.top_terms), t.size) for t in topics],
        )
        assigned = [(sha, tid, w) for sha, (tid, w) in zip(shas, per_text, strict=True) if tid >= 0]
        if assigned:
            _insert_arrow(
                con,
                "themes.text_topics",
                {
                    "text_sha256": [a[0] for a in assigned],
                    "topic_id": [a[1] for a in assigned],
                    "topic_weight": [float(a[2]) for a in assigned],
                },
                {"text_sha256": pa.string(), "topic_id": pa.int32(), "topic_weight": pa.float64()},
            )
    con.execute("insert into themes.derived_inputs values ('topics', ?)", [wanted])
    return len(topics), True


def prepare_theme_tables(
    database_path: Path, *, model_dir: Path | None = None, app_state_path: Path | None = None
) -> ThemeStepResult:
    """Fill the ``themes`` schema of ``database_path`` (the build's copy). Trains the model if none is persisted."""
    from dhr.themes.model import load_model

    started = time.monotonic()
    model = load_model(model_dir)
    con = duckdb.connect(str(database_path))
    try:
        con.execute("begin transaction")
        con.execute(_DDL)
        texts = collect_texts(con)
        by_sha = {_sha(t): t for t, _, _ in texts}
        plan = _plan_similarity(con, [(t, csp) for t, kind, csp in texts if kind == "recommendation"])
        # The similarity of changed force areas runs in worker processes while this one scores.
        with _similarity_pool(plan) as in_workers:
            scored, cached = _score_new_texts(con, model, by_sha)
            _write_model(con, model)
            n_overrides = overrides_mod.copy_into(con, app_state_path)
            pairs, recomputed, force_areas = _write_similarity(con, plan, in_workers)
        topic_texts = {_sha(t): t for t, kind, _ in texts if kind in ("recommendation", "scoping_learning")}
        n_topics, refitted = _write_topics(con, topic_texts)
        seconds = round(time.monotonic() - started, 3)
        con.execute(
            "insert into themes.scoring_runs values (?, ?, ?, ?, ?, ?)",
            [datetime.now(UTC).replace(tzinfo=None), model.version, len(by_sha), scored, cached, seconds],
        )
        con.execute("commit")
        con.execute("checkpoint")
    except BaseException:
        con.execute("rollback")
        raise
    finally:
        con.close()
    return ThemeStepResult(
        model.version,
        len(by_sha),
        scored,
        cached,
        n_overrides,
        pairs,
        n_topics,
        seconds,
        recomputed,
        force_areas,
        refitted,
    )
