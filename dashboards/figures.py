"""Figures for people: the data layer's frames turned into the tables and long frames the pages
and the downloadable reports show. Pure functions (polars in, polars out), no Streamlit and no
SQL, so a page and its report show the same numbers and both are unit-tested.

Every share is written with its denominator ("37% (112 of 301)", ``formatting.fmt_pct``);
denominators exclude Not known, and the Not known count is always written beside the share.
"""

from __future__ import annotations

import polars as pl

from dashboards.formatting import NOT_AVAILABLE, fmt_date, fmt_int, fmt_pct
from dashboards.pl_format import date_text, int_text, of_text, pct_text
from dhr import guidance
from dhr.guidance import plain

NATIONAL_NAME = "England and Wales"
SUBJECT_LABELS = {"victim": "Victim", "perpetrator": "Perpetrator", "children": "Children", "any": "Any subject"}
YES_NO = {True: "Yes", False: "No"}
NOT_RECORDED = "Not recorded"


def _share(numerator: pl.Expr, denominator: pl.Expr) -> pl.Expr:
    return pct_text(numerator, denominator)


def _not_known(not_known: pl.Expr, total: pl.Expr) -> pl.Expr:
    return of_text(not_known, total)


SUBJECT_ORDER = {"victim": 0, "perpetrator": 1, "children": 2, "any": 3}


def _subject_rank(col: str = "subject_type") -> pl.Expr:
    return pl.col(col).replace_strict(SUBJECT_ORDER, default=9, return_dtype=pl.Int32)


def _subject(col: str = "subject_type") -> pl.Expr:
    return pl.col(col).replace_strict(SUBJECT_LABELS, default=pl.col(col))


# --------------------------------------------------------------------------------------------
# Risk factors: a force area or CSP beside England and Wales
# --------------------------------------------------------------------------------------------


def risk_factor_comparison_table(df: pl.DataFrame, local_name: str) -> pl.DataFrame:
    """One row per factor x subject: the local share and the national share, each with its
    denominator (Yes + No) and its Not known count (``data.oversight.get_risk_factor_comparison``)."""
    return df.sort(_subject_rank(), "factor_sort_order").select(
        pl.col("factor_label").alias("Risk factor"),
        _subject().alias("Subject"),
        _share(pl.col("local_yes_count"), pl.col("local_denominator")).alias(f"{local_name}: Yes"),
        _not_known(pl.col("local_not_known_count"), pl.col("local_answered_count")).alias(f"{local_name}: Not known"),
        _share(pl.col("national_yes_count"), pl.col("national_denominator")).alias(f"{NATIONAL_NAME}: Yes"),
        _not_known(pl.col("national_not_known_count"), pl.col("national_answered_count")).alias(
            f"{NATIONAL_NAME}: Not known"
        ),
    )


def risk_factor_comparison_long(df: pl.DataFrame, local_name: str, subject: str) -> pl.DataFrame:
    """The factors asked about ``subject`` as two series (local, national) for the dot chart."""
    rows = df.filter(pl.col("subject_type") == subject)
    series = [
        (local_name, "local_yes_count", "local_denominator", "local_not_known_count", "local_answered_count"),
        (
            NATIONAL_NAME,
            "national_yes_count",
            "national_denominator",
            "national_not_known_count",
            "national_answered_count",
        ),
    ]
    frames = []
    for order, (name, yes, den, nk, answered) in enumerate(series):
        frames.append(
            rows.select(
                pl.col("factor_label").alias("item"),
                pl.col("factor_sort_order").alias("item_order"),
                pl.lit(name).alias("series"),
                pl.lit(order).alias("series_order"),
                (100.0 * pl.col(yes) / pl.when(pl.col(den) > 0).then(pl.col(den))).alias("pct"),
                _share(pl.col(yes), pl.col(den)).alias("share_text"),
                (_not_known(pl.col(nk), pl.col(answered)) + pl.lit(" answers Not known")).alias("note"),
            )
        )
    return pl.concat(frames) if frames else pl.DataFrame()


def theme_comparison_table(df: pl.DataFrame, local_name: str) -> pl.DataFrame:
    """One row per learning theme: the share of the local DHRs with a themed text that carry it, and
    the same for England and Wales, each with its denominator (``data.oversight.get_theme_comparison``)."""
    return df.select(
        pl.col("theme_title").alias("Learning theme"),
        _share(pl.col("local_dhr_count"), pl.col("local_themed_dhr_count")).alias(f"{local_name}: DHRs"),
        pl.col("local_recommendation_count").alias(f"{local_name}: recommendations"),
        _share(pl.col("national_dhr_count"), pl.col("national_themed_dhr_count")).alias(f"{NATIONAL_NAME}: DHRs"),
    )


def theme_comparison_long(df: pl.DataFrame, local_name: str, top: int = 10) -> pl.DataFrame:
    """The ``top`` themes of the local DHRs (most frequent first) as two series for the dot chart."""
    rows = df.filter(pl.col("local_dhr_count") > 0).head(top).with_row_index("item_order")
    series = [
        (local_name, "local_dhr_count", "local_themed_dhr_count"),
        (NATIONAL_NAME, "national_dhr_count", "national_themed_dhr_count"),
    ]
    frames = [
        rows.select(
            pl.col("theme_title").alias("item"),
            pl.col("item_order").cast(pl.Int64),
            pl.lit(name).alias("series"),
            pl.lit(order).alias("series_order"),
            (100.0 * pl.col(count) / pl.when(pl.col(den) > 0).then(pl.col(den))).alias("pct"),
            _share(pl.col(count), pl.col(den)).alias("share_text"),
            pl.lit("of the DHRs with themed recommendations or findings").alias("note"),
        )
        for order, (name, count, den) in enumerate(series)
    ]
    return pl.concat(frames)


def recurring_table(df: pl.DataFrame) -> pl.DataFrame:
    """The annual report's learning made again across areas (``data.themes.get_recurring_themes``)."""
    return df.select(
        pl.col("theme_title").alias("Learning theme"),
        pl.col("force_area_count").alias("Force areas this year"),
        pl.col("dhr_count").alias("DHRs this year"),
        pl.col("earlier_dhr_count").alias("Earlier DHRs"),
        pl.col("earlier_force_area_count").alias("Earlier force areas"),
        _share(pl.col("earlier_open_action_count"), pl.col("earlier_action_count")).alias(
            "Earlier actions not complete"
        ),
        _share(pl.col("earlier_overdue_action_count"), pl.col("earlier_action_count")).alias("Earlier actions overdue"),
        pl.col("is_recurring").replace_strict(YES_NO, return_dtype=pl.Utf8).alias("Repeated across areas"),
    )


def obstacles_table(df: pl.DataFrame) -> pl.DataFrame:
    """The annual report's obstacles to implementation (``data.annual.get_implementation_obstacles``)."""
    return df.select(
        pl.col("agency_type_label").alias("Kind of agency"),
        pl.col("open_action_count").alias("Open actions"),
        _share(pl.col("red_action_count"), pl.col("open_action_count")).alias("RED (action required)"),
        _share(pl.col("overdue_action_count"), pl.col("open_action_count")).alias("Overdue"),
        _share(pl.col("stalled_action_count"), pl.col("open_action_count")).alias("Stalled (over six months)"),
        pl.col("stalled_force_area_count").alias("Force areas with a stalled action"),
        pl.col("median_days_overdue").alias("Median days overdue"),
    )


def timeliness_table(df: pl.DataFrame) -> pl.DataFrame:
    """The annual report's timeliness table (``data.annual.get_timeliness_in_year``): England and Wales
    first, each share with its denominator (the DHRs whose dates are known)."""
    return df.select(
        pl.col("region_name").alias("Region"),
        pl.col("guidance_version").replace(guidance.VERSIONS).alias("Guidance"),
        pl.col("dhr_count").alias("DHRs"),
        pl.col("median_days_notification_to_publication").alias("Median days to publication"),
        _share(pl.col("completed_within_target_count"), pl.col("completion_known_count")).alias(
            "Completed within target"
        ),
        _share(pl.col("scoping_within_target_count"), pl.col("scoping_known_count")).alias("Scoping within target"),
        pl.col("delayed_count").alias("Delayed"),
        pl.col("main_delay_reason_label").fill_null("").alias("Main reason for delay"),
    )


# --------------------------------------------------------------------------------------------
# Pipeline and actions
# --------------------------------------------------------------------------------------------


def pipeline_table(df: pl.DataFrame, *, with_csp: bool = True) -> pl.DataFrame:
    """DHRs with their two deadlines in words (``data.oversight.get_dhr_pipeline``)."""
    columns = [
        pl.col("dhr_reference").alias("DHR reference"),
        pl.col("dhr_status_label").alias("Status"),
        date_text("notification_month", "%b %Y").alias("Notified"),
        pl.col("guidance_version").replace(guidance.VERSIONS).fill_null(NOT_AVAILABLE).alias("Guidance"),
        pl.col("scoping_deadline_label").alias("Scoping review (28 days)"),
        pl.col("completion_deadline_label").alias("Completion target"),
        pl.col("is_past_deadline").replace_strict(YES_NO, default="No", return_dtype=pl.Utf8).alias("Past a deadline"),
    ]
    if with_csp:
        columns.insert(0, pl.col("csp_name").alias("CSP"))
    return df.select(columns)


#: The events a clock can start from, in words (guidance_rules.csv clock_starts / start_proxies).
CLOCK_EVENTS: dict[str, str] = {
    "notification": "notification",
    "first_known": "the first date known",
    "decision": "the decision",
    "scoping_submitted": "the scoping review sent",
    "ho_notified": "the Home Office told",
    "commissioned": "commissioning",
    "commenced": "commencement",
    "submitted": "submission",
    "death": "the death",
}
_OFFSET_UNITS = {"d": "day", "m": "month", "y": "year"}
OWED_BY = {"csp": "CSP", "home_office": "Home Office"}


def clock_start_words(basis: str | None) -> str:
    """A clock's start_basis in words: 'recorded' -> 'Recorded date'; 'notification+28d' ->
    'Not recorded: notification + 28 days'."""
    if basis is None:
        return NOT_AVAILABLE
    if basis == "recorded":
        return "Recorded date"
    event, _, offset = basis.partition("+")
    words = CLOCK_EVENTS.get(event, event.replace("_", " "))
    if offset:
        n, unit = int(offset[:-1]), _OFFSET_UNITS.get(offset[-1], offset[-1])
        words += f" + {n} {unit}{'' if n == 1 else 's'}"
    return f"Not recorded: from {words}"


def next_duties_table(df: pl.DataFrame, *, with_csp: bool = True) -> pl.DataFrame:
    """Open DHRs with their next duty (``data.oversight.get_next_duties``): the status in words
    (never colour alone), days overdue, and the rule with its citation in plain words."""
    # a few dozen rows at most: the words are made in Python, never a Python UDF inside polars
    started = [clock_start_words(b) for b in df.get_column("start_basis").to_list()]
    rules = [
        plain(f"{text} ({source})")
        for text, source in zip(
            df.get_column("rule_text").to_list(), df.get_column("rule_source").to_list(), strict=True
        )
    ]
    columns = [
        # the DHR's status is in the pipeline table above: left out so the answer fits without scrolling
        pl.col("dhr_reference").alias("DHR reference"),
        pl.col("duty_label").alias("Next duty"),
        pl.col("owed_by").replace_strict(OWED_BY, default=NOT_AVAILABLE, return_dtype=pl.Utf8).alias("Owed by"),
        pl.col("due_date").alias("Due date"),
        pl.col("clock_status_label").alias("Clock"),
        pl.col("days_overdue").alias("Days overdue"),
        pl.Series("Clock started from", started, dtype=pl.Utf8),
        pl.Series("Rule", rules, dtype=pl.Utf8),
    ]
    if with_csp:
        columns.insert(0, pl.col("csp_name").alias("CSP"))
    return df.select(columns)


def duty_rules(df: pl.DataFrame) -> list[str]:
    """One line per duty shown: its name, the rule in words and where the guidance says so."""
    rules = df.select("duty_label", "rule_text", "rule_source").unique().sort("duty_label")
    return [plain(f"**{r['duty_label']}**: {r['rule_text']} ({r['rule_source']})") for r in rules.iter_rows(named=True)]


def overdue_actions_table(df: pl.DataFrame, *, with_csp: bool = True) -> pl.DataFrame:
    """Overdue actions with their recommendation (``data.oversight.get_scope_overdue_actions``).

    The columns that answer "what is late, by how much, and who leads it" come first and the long
    texts last, so the answer is on screen without scrolling sideways (issue 19)."""
    columns = [
        pl.col("dhr_reference").alias("DHR reference"),
        pl.col("days_overdue").alias("Days overdue"),
        pl.col("target_date").alias("Target date"),
        pl.col("status_label").alias("Status"),
        pl.col("lead_agency").fill_null(NOT_RECORDED).alias("Lead agency"),
        pl.col("action_number").alias("Action no."),
        pl.col("action").alias("Action"),
        pl.col("recommendation").alias("Recommendation"),
    ]
    if with_csp:
        columns.insert(0, pl.col("csp_name").alias("CSP"))
    return df.select(columns)


def trend_table(df: pl.DataFrame) -> pl.DataFrame:
    """The status trend as a table: one row per quarter, one column per status word, and overdue."""
    if df.height == 0:
        return pl.DataFrame(
            schema={
                "Quarter": pl.Utf8,
                "RED": pl.Int64,
                "AMBER": pl.Int64,
                "GREEN": pl.Int64,
                "COMPLETE": pl.Int64,
                "All actions": pl.Int64,
                "Overdue": pl.Int64,
            }
        )
    long = df.with_columns(
        rag=pl.col("status").str.to_uppercase(),
        quarter_label=pl.when(pl.col("is_quarter_in_progress"))
        .then(pl.col("quarter") + " (to date)")
        .otherwise(pl.col("quarter")),
    )
    wide = long.pivot(
        on="rag", index=["quarter_start", "quarter_label"], values="action_count", aggregate_function="sum"
    )
    overdue = long.group_by("quarter_start").agg(pl.col("overdue_action_count").sum().alias("Overdue"))
    words = ("RED", "AMBER", "GREEN", "COMPLETE")
    for word in words:
        if word not in wide.columns:
            wide = wide.with_columns(pl.lit(0, pl.Int64).alias(word))
    return (
        wide.join(overdue, on="quarter_start")
        .sort("quarter_start")
        .select(
            pl.col("quarter_label").alias("Quarter"),
            *[pl.col(w).fill_null(0).cast(pl.Int64) for w in words],
            pl.sum_horizontal(*[pl.col(w).fill_null(0) for w in words]).cast(pl.Int64).alias("All actions"),
            pl.col("Overdue").cast(pl.Int64),
        )
    )


def quality_flags_table(df: pl.DataFrame) -> pl.DataFrame:
    """What the CSP can fix, one row per problem, with the guidance behind it."""
    # The mart keeps our file codes (for developers, beside the rule); the reader gets the guidance's
    # name. Mapped over the few distinct values, not per row in Python (no map_elements: issue 15).
    readers_words = {code: plain(code) for code in df.get_column("flag_source").drop_nulls().unique()}
    return df.select(
        pl.col("dhr_reference").alias("DHR reference"),
        pl.col("recommendation_number").cast(pl.Utf8).alias("Rec. no."),
        pl.col("action_number").fill_null("(recommendation)").alias("Action no."),
        pl.col("flag_label").alias("What to fix"),
        pl.col("flag_source").replace(readers_words).alias("Guidance"),
    )


def quality_flag_counts(df: pl.DataFrame) -> pl.DataFrame:
    """Problems by kind, most first: flag_label, flag_count."""
    return (
        df.group_by("flag_label", "flag_sort_order")
        .agg(pl.len().alias("flag_count"))
        .sort(["flag_count", "flag_sort_order"], descending=[True, False])
        .select("flag_label", "flag_count")
    )


def action_summary_lines(summary: dict) -> dict[str, str]:
    """The action summary (``data.oversight.get_action_summary``) as phrases, each share with its denominator;
    a share with nothing to take it of says so instead of printing 0 of 0."""

    def phrase(numerator: str, denominator: str, text: str, empty: str) -> str:
        if not summary[denominator]:
            return empty
        return text.format(fmt_pct(summary[numerator], summary[denominator]))

    return {
        "complete": phrase("complete_action_count", "action_count", "{} complete", "no actions yet"),
        "overdue": phrase("overdue_action_count", "open_action_count", "{} of open actions overdue", "no open actions"),
        "on_time": phrase(
            "on_time_count",
            "on_time_known_count",
            "{} of completed actions done by their target date",
            "no completed action with both dates recorded",
        ),
        "outcome": phrase(
            "outcome_achieved_count",
            "outcome_known_count",
            "outcome achieved for {} of completed actions with an answer",
            "no outcome recorded yet",
        ),
    }


def action_summary_sentence(summary: dict) -> str:
    """`95% (20 of 21) complete; 100% (1 of 1) of open actions overdue; ...`."""
    lines = action_summary_lines(summary)
    return "; ".join(lines[k] for k in ("complete", "overdue", "on_time", "outcome")) + "."


# --------------------------------------------------------------------------------------------
# The Commissioner's annual report
# --------------------------------------------------------------------------------------------


def earlier_years_label(df: pl.DataFrame, year: int) -> str:
    """`Published 2021–2024` (the earlier years the comparison pools), or `Earlier years (none)`."""
    if df.height == 0 or "earlier_first_year" not in df.columns:
        return "Earlier years (none)"
    first = df.get_column("earlier_first_year").drop_nulls()
    last = df.get_column("earlier_last_year").drop_nulls()
    if first.len() == 0:
        return "Earlier years (none)"
    lo, hi = int(first.min()), int(last.max())
    return f"Published {lo}" if lo == hi else f"Published {lo}–{hi}"


def published_prevalence_table(
    df: pl.DataFrame, year: int, item_title: str, *, with_category: bool = False
) -> pl.DataFrame:
    """One topic of the annual report: this year's share and the earlier years' pooled share,
    each with its denominator and Not known (``data.annual.get_published_prevalence``)."""
    earlier = earlier_years_label(df, year)
    rows = df.filter(pl.col("category") != "not_known") if with_category else df
    columns = [pl.col("item_label").alias(item_title), _subject().alias("Subject")]
    if with_category:
        columns.append(pl.col("category_label").alias("Category"))
    columns += [
        _share(pl.col("category_count"), pl.col("known_count")).alias(f"Published in {year}"),
        _not_known(pl.col("not_known_count"), pl.col("total_count")).alias(f"Not known ({year})"),
        _share(pl.col("earlier_category_count"), pl.col("earlier_known_count")).alias(earlier),
        _not_known(pl.col("earlier_not_known_count"), pl.col("earlier_total_count")).alias(
            f"Not known ({earlier.lower()})"
        ),
    ]
    return rows.sort(_subject_rank(), "item_sort_order", "category_sort_order", nulls_last=True).select(columns)


def published_prevalence_long(
    df: pl.DataFrame,
    year: int,
    *,
    subject: str | None = None,
    items: list[str] | None = None,
    with_category: bool = False,
) -> pl.DataFrame:
    """This year and the earlier years as two series for the dot chart."""
    rows = df
    if subject is not None:
        rows = rows.filter(pl.col("subject_type") == subject)
    if items is not None:
        rows = rows.filter(pl.col("item_code").is_in(items))
    if with_category:
        rows = rows.filter(pl.col("category") != "not_known")
    label = (pl.col("item_label") + ": " + pl.col("category_label")) if with_category else pl.col("item_label")
    order = pl.col("item_sort_order") * 1000 + pl.col("category_sort_order").fill_null(0)
    series = [
        (f"Published in {year}", "category_count", "known_count", "not_known_count", "total_count"),
        (
            earlier_years_label(df, year),
            "earlier_category_count",
            "earlier_known_count",
            "earlier_not_known_count",
            "earlier_total_count",
        ),
    ]
    frames = []
    for i, (name, num, den, nk, total) in enumerate(series):
        frames.append(
            rows.select(
                label.alias("item"),
                order.alias("item_order"),
                pl.lit(name).alias("series"),
                pl.lit(i).alias("series_order"),
                (100.0 * pl.col(num) / pl.when(pl.col(den) > 0).then(pl.col(den))).alias("pct"),
                _share(pl.col(num), pl.col(den)).alias("share_text"),
                (_not_known(pl.col(nk), pl.col(total)) + pl.lit(" Not known")).alias("note"),
            )
        )
    return pl.concat(frames)


def national_tracker_table(df: pl.DataFrame) -> pl.DataFrame:
    """The national recommendations tracker: not yet answered first, longest open first."""
    return df.sort("tracker_sort_order").select(
        pl.col("addressee").fill_null("Addressee not recorded").alias("Addressee"),
        pl.col("recommendation").alias("Recommendation"),
        (pl.col("csp_name") + " (" + pl.col("force_area_name").fill_null(NOT_AVAILABLE) + ")").alias("From DHR of"),
        pl.col("is_notified").replace_strict(YES_NO, default="No", return_dtype=pl.Utf8).alias("Notified?"),
        pl.col("is_answered").replace_strict(YES_NO, default="No", return_dtype=pl.Utf8).alias("Answered?"),
        pl.col("implementation_status_label").alias("Status (five-point scheme)"),
        pl.col("days_open").alias("Days open"),
    )


def addressee_table(df: pl.DataFrame) -> pl.DataFrame:
    """National recommendations per department (current names), those with the most unanswered first."""
    return df.select(
        pl.col("addressee").alias("Department"),
        pl.col("recommendation_count").alias("Recommendations"),
        _share(pl.col("notified_count"), pl.col("recommendation_count")).alias("Notified"),
        _share(pl.col("answered_count"), pl.col("recommendation_count")).alias("Answered"),
        pl.col("not_answered_count").alias("Not answered"),
        _share(pl.col("fully_implemented_count"), pl.col("recommendation_count")).alias("Fully implemented"),
        pl.col("longest_days_open_unanswered").alias("Longest open, unanswered (days)"),
    )


def implementation_table(df: pl.DataFrame) -> pl.DataFrame:
    """Implementation by force area (``data.annual.get_implementation_by_force_area``), most overdue first."""
    return df.sort(["overdue_action_count", "force_area_name"], descending=[True, False]).select(
        pl.col("force_area_name").alias("Force area"),
        pl.col("action_count").alias("Actions"),
        _share(pl.col("complete_action_count"), pl.col("action_count")).alias("Complete"),
        _share(pl.col("overdue_action_count"), pl.col("open_action_count")).alias("Overdue (of open)"),
        _share(pl.col("on_time_count"), pl.col("on_time_known_count")).alias("Completed on time"),
        _share(pl.col("outcome_achieved_count"), pl.col("outcome_known_count")).alias("Outcome achieved"),
    )


def implementation_long(df: pl.DataFrame) -> pl.DataFrame:
    """Complete, overdue and outcome achieved by force area as three series for the dot chart."""
    ordered = df.sort(["overdue_action_count", "force_area_name"], descending=[True, False]).with_row_index(
        "item_order"
    )
    series = [
        ("Complete (of all actions)", "complete_action_count", "action_count"),
        ("Overdue (of open actions)", "overdue_action_count", "open_action_count"),
        ("Outcome achieved (of completed)", "outcome_achieved_count", "outcome_known_count"),
    ]
    frames = []
    for i, (name, num, den) in enumerate(series):
        frames.append(
            ordered.select(
                pl.col("force_area_name").alias("item"),
                pl.col("item_order").cast(pl.Int64),
                pl.lit(name).alias("series"),
                pl.lit(i).alias("series_order"),
                (100.0 * pl.col(num) / pl.when(pl.col(den) > 0).then(pl.col(den))).alias("pct"),
                _share(pl.col(num), pl.col(den)).alias("share_text"),
                pl.lit("").alias("note"),
            )
        )
    return pl.concat(frames)


def coverage_lines(build: dict, published_count: int | None = None) -> list[str]:
    """What the figures cover: DHRs, actions, files, reporting date and build time."""
    lines = [
        f"{fmt_int(build.get('dhr_count'))} DHRs and {fmt_int(build.get('action_count'))} actions "
        f"(latest action-plan snapshots) from {fmt_int(build.get('file_count'))} accepted files.",
        f"Reporting date (overdue and status judged at): {fmt_date(build.get('reporting_date'))}; "
        f"warehouse built {fmt_date(build.get('built_at'))}.",
    ]
    if published_count is not None:
        lines.insert(1, f"{fmt_int(published_count)} of them were published in the year of this report.")
    return lines


#: Researcher tables on the page: the downloads keep the machine names (stable for code that reads
#: them, and listed in the data dictionary); the page shows these words (issue 19).
RESEARCH_LABELS = {
    "notification_year": "Year of notification",
    "years": "Years of notification",
    "region_name": "Region",
    "dhr_status": "Status",
    "dhr_count": "DHRs",
    "subject_type": "Subject",
    "risk_factor": "Risk factor",
    "yes_count": "Yes",
    "denominator_excluding_not_known": "Answered Yes or No",
    "not_known_count": "Not known",
    "prevalence_pct": "Yes (%)",
    "agency": "Agency",
    "dhrs_with_contact": "DHRs in contact",
    "contact_pct": "In contact (%)",
    "characteristic": "Characteristic",
    "category": "Category",
    "person_count": "People",
    "dhr_library_category": "Home Office DHR Library category",
    "theme_code": "Theme code",
    "theme_title": "Learning theme",
    "dhr_library_theme": "Home Office DHR Library theme",
    "action_status": "Action status",
    "action_count": "Actions",
    "overdue_action_count": "Overdue actions",
    "completed_on_time_count": "Completed on time",
    "outcome_achieved_count": "Outcome achieved",
    "scoping_within_target_count": "Scoping reviews within 28 days",
    "scoping_known_count": "Scoping reviews with both dates",
    "completed_within_target_count": "Completed within target",
    "completion_known_count": "Completions with both dates",
}


def research_label(column: str) -> str:
    """The words a researcher reads for a column of a researcher table."""
    if column in RESEARCH_LABELS:
        return RESEARCH_LABELS[column]
    words = column.removesuffix("_name").replace("_pct", " (%)").replace("_count", "").replace("_", " ").strip()
    return words[:1].upper() + words[1:]


def research_table(df: pl.DataFrame) -> pl.DataFrame:
    """A researcher table with its columns named for people; values as published (``*`` stays ``*``)."""
    return df.rename({column: research_label(column) for column in df.columns})


def theme_scores_table(scores: pl.DataFrame) -> pl.DataFrame:
    """One text's 17 theme scores (``data.themes.get_text_theme_scores``) in words: no codes or flags."""
    yes = {True: "Yes", False: ""}
    return scores.select(
        pl.col("theme_title").alias("Theme"),
        pl.col("score").round(2).alias("Score"),
        pl.col("is_predicted").replace_strict(yes, default="", return_dtype=pl.Utf8).alias("Predicted"),
        pl.col("is_override_choice")
        .replace_strict(yes, default="", return_dtype=pl.Utf8)
        .alias("Chosen by an analyst"),
        pl.col("is_final").replace_strict(yes, default="", return_dtype=pl.Utf8).alias("In force"),
    )


def override_history_table(history: pl.DataFrame, theme_titles: dict[str, str]) -> pl.DataFrame:
    """Analysts' decisions on one text (``data.themes.get_override_history``), newest first, themes by title."""

    def named(column: str) -> pl.Expr:
        return (
            pl.col(column).str.split(" | ").list.eval(pl.element().replace(theme_titles)).list.join("; ").alias(column)
        )

    return history.select(
        pl.col("override_id").alias("Decision"),
        named("themes").alias("Themes"),
        named("previous_themes").alias("Before"),
        pl.col("overridden_by").alias("By"),
        pl.col("overridden_at").alias("When"),
        pl.col("note").alias("Note"),
    )


#: The words of a quarter's update in the register: never colour alone (issue 19).
UPDATE_WORDS = {
    "received": "received",
    "received_late": "late",
    "received_in_backlog": "backlog",
    "missing": "MISSING",
    "not_yet_due": "not yet due",
}
#: Quarters the register shows, most recent last.
REGISTER_QUARTERS = 4


def quarterly_register(updates: pl.DataFrame, *, with_csp: bool = True) -> pl.DataFrame:
    """One row per DHR whose action plan is still open: its last ``REGISTER_QUARTERS`` quarters as
    words ('received 12/07/2026', 'late 3 days', 'backlog, loaded 04/11/2026', 'MISSING', 'not yet due'),
    and every missing one
    counted; DHRs with a missing update first."""
    open_plans = updates.filter(~pl.col("is_plan_complete"))
    if open_plans.height == 0:
        return pl.DataFrame()
    quarters = sorted(open_plans.get_column("quarter_start").unique().to_list())[-REGISTER_QUARTERS:]
    labels = dict(open_plans.select("quarter_start", "quarter_label").unique().iter_rows())
    cell = (
        pl.when(pl.col("update_status") == "received")
        .then(pl.lit("received ") + date_text(pl.col("first_received_at").cast(pl.Date)))
        .when(pl.col("update_status") == "received_late")
        .then(pl.lit("late ") + pl.col("days_past_due").cast(pl.Utf8) + pl.lit(" days"))
        .when(pl.col("update_status") == "received_in_backlog")
        .then(pl.lit("backlog, loaded ") + date_text(pl.col("first_received_at").cast(pl.Date)))
        .otherwise(pl.col("update_status").replace_strict(UPDATE_WORDS, default=None))
    )
    recent = open_plans.filter(pl.col("quarter_start").is_in(quarters)).with_columns(cell.alias("cell"))
    wide = recent.pivot(on="quarter_start", index=["dhr_id"], values="cell", aggregate_function="first")
    missing = open_plans.group_by("dhr_id").agg(
        (pl.col("update_status") == "missing").sum().alias("Missing in all"),
        pl.col("dhr_reference").first().alias("DHR"),
        pl.col("csp_name").first().alias("CSP"),
    )
    ordered = [str(q) for q in quarters if str(q) in wide.columns]
    table = (
        missing.join(wide, on="dhr_id", how="left")
        .sort(["Missing in all", "CSP", "DHR"], descending=[True, False, False])
        .select(["CSP"] * with_csp + ["DHR", *ordered, "Missing in all"])
        .rename({str(q): labels[q] for q in quarters if str(q) in ordered})
    )
    return table.with_columns(pl.col(c).fill_null("") for c in table.columns if table.schema[c] == pl.Utf8)


def reminder_list(updates: pl.DataFrame) -> pl.DataFrame:
    """Every quarterly update that is missing for a DHR whose plan is still open: what a PCC office
    sends the CSPs as a reminder (003 L712). Most overdue first."""
    return (
        updates.filter(~pl.col("is_plan_complete") & (pl.col("update_status") == "missing"))
        .sort(["days_past_due", "csp_name", "dhr_reference"], descending=[True, False, False])
        .select(
            pl.col("csp_name").alias("CSP"),
            pl.col("dhr_reference").alias("DHR"),
            pl.col("quarter_label").alias("Quarter"),
            pl.col("due_date").alias("Due by"),
            pl.col("days_past_due").alias("Days past due"),
        )
    )


#: Restricted columns of ``data.oversight.get_dhr_case_details`` (present only for a reader with
#: ``restricted``) and their headings.
RESTRICTED_CASE_DETAILS = {"place_of_death_label": "Place of death", "method_of_killing_label": "Method of killing"}


def case_details_table(df: pl.DataFrame, *, with_csp: bool = True) -> pl.DataFrame:
    """What each DHR's Home Office data collection form records (``data.oversight.get_dhr_case_details``):
    the month and year the Home Office was first notified, the children in the household and the
    verdict, then the place of death and method of killing when the frame has them (restricted
    readers only). A DHR without a data capture form reads "No form yet"; a blank field `–`."""

    def field(name: str) -> pl.Expr:
        return (
            pl.when(~pl.col("has_data_capture").fill_null(False))
            .then(pl.lit("No form yet"))
            .otherwise(pl.col(name).cast(pl.Utf8).fill_null(NOT_AVAILABLE))
        )

    columns = [
        pl.col("dhr_reference").alias("DHR reference"),
        pl.col("dhr_status_label").alias("Status"),
        pl.when(~pl.col("has_data_capture").fill_null(False))
        .then(pl.lit("No form yet"))
        .otherwise(date_text("ho_notified_month", "%b %Y"))
        .alias("Home Office notified"),
        field("children_in_household").alias("Children in household"),
        field("perpetrator_verdict_label").alias("Verdict (perpetrator 1)"),
    ]
    columns += [field(name).alias(heading) for name, heading in RESTRICTED_CASE_DETAILS.items() if name in df.columns]
    if with_csp:
        columns.insert(0, pl.col("csp_name").alias("CSP"))
    return df.select(columns)


def children_in_household_table(df: pl.DataFrame) -> pl.DataFrame:
    """DHRs with children in the household by year of publication
    (``data.annual.get_children_in_household_by_year``): the share of those whose form gives the
    number, with the Not given count beside it."""
    known = pl.col("with_children_count") + pl.col("without_children_count")
    return df.select(
        pl.col("published_year").cast(pl.Utf8).alias("Year of publication"),
        pl.col("with_data_capture_count").alias("DHRs with a data capture form"),
        _share(pl.col("with_children_count"), known).alias("With children in the household"),
        pl.col("children_count").alias("Children in those households"),
        _not_known(pl.col("not_known_count"), pl.col("with_data_capture_count")).alias("Not given"),
    )


# --------------------------------------------------------------------------------------------
# National recommendations tracker (issue 18): what the Commissioner's office chases first
# --------------------------------------------------------------------------------------------

#: What the office does next, by workflow status: in words, never colour alone.
NEXT_STEP = {
    "not_notified": "Send it to the department",
    "overdue": "Chase the answer",
    "escalated": "Follow up the escalation",
    "awaiting_answer": "Await the answer",
    "answered": "Assess the answer",
}
NOT_SET = "Not yet set"


def _where_it_stands() -> pl.Expr:
    """`Overdue: 40 days past the due date`, `Awaiting answer: due in 12 days` ..."""
    days_overdue = pl.col("days_overdue").cast(pl.Int64)
    return (
        pl.when(pl.col("workflow_status") == "answered")
        .then(
            pl.lit("Answered")
            + pl.when(pl.col("is_answered_by_due_date")).then(pl.lit(" in time")).otherwise(pl.lit(" late"))
            + pl.lit(" (")
            + int_text("days_to_answer")
            + pl.lit(" days)")
        )
        .when(days_overdue.is_not_null())
        .then(
            pl.col("workflow_status_label")
            + pl.lit(": ")
            + int_text(days_overdue)
            + pl.when(days_overdue == 1).then(pl.lit(" day")).otherwise(pl.lit(" days"))
            + pl.lit(" past the due date")
        )
        .otherwise(pl.col("workflow_status_label") + pl.lit(": due ") + date_text("answer_due_date"))
    ) + (
        pl.when(pl.col("workflow_status") == "not_notified")
        .then(pl.lit(" (no plan records it being sent)"))
        .when(pl.col("notified_date").is_not_null() & (pl.col("workflow_status") != "answered"))
        .then(pl.lit(" (notified ") + date_text("notified_date") + pl.lit(")"))
        .otherwise(pl.lit(""))
    )


def _next_step() -> pl.Expr:
    step = pl.col("workflow_status").replace_strict(NEXT_STEP, default="", return_dtype=pl.Utf8)
    return pl.when(pl.col("is_due_for_escalation")).then(step + pl.lit(", or escalate it")).otherwise(step)


def _dhr_of() -> pl.Expr:
    return (
        pl.col("csp_name").fill_null(NOT_AVAILABLE)
        + pl.lit(" ")
        + pl.col("dhr_reference").fill_null(NOT_AVAILABLE)
        + pl.lit(" (")
        + pl.col("force_area_name").fill_null(NOT_AVAILABLE)
        + pl.lit(")")
    )


def chase_first_table(df: pl.DataFrame, limit: int | None = None) -> pl.DataFrame:
    """The unanswered national recommendations in chasing order (``chase_priority``: longest overdue
    first, then due soonest), every status in words (``data.national_recommendations.get_tracker``)."""
    chased = df.filter(pl.col("chase_priority").is_not_null()).sort("chase_priority")
    if limit is not None:
        chased = chased.head(limit)
    return chased.select(
        pl.col("chase_priority").alias("Chase"),
        pl.col("department_name").alias("Department"),
        _where_it_stands().alias("Where it stands"),
        _next_step().alias("Next step"),
        _dhr_of().alias("From the DHR of"),
        pl.col("recommendation").alias("Recommendation"),
        pl.col("commissioner_status_label").fill_null(NOT_SET).alias("Commissioner's status"),
    )


def department_table(df: pl.DataFrame) -> pl.DataFrame:
    """National recommendations per department (current names), the most past their due date first."""
    return df.select(
        pl.col("department_name").alias("Department"),
        pl.col("recommendation_count").alias("Recommendations"),
        pl.col("unanswered_count").alias("Not answered"),
        pl.col("overdue_count").alias("Overdue or escalated"),
        pl.col("not_notified_count").alias("Not notified"),
        pl.col("past_due_count").alias("Past the due date"),
        int_text("longest_days_overdue").alias("Longest overdue (days)"),
    )


def chase_list(df: pl.DataFrame) -> pl.DataFrame:
    """The chase list of one department to download: every unanswered national recommendation,
    in chasing order, with what to do next and the statuses in words (escape before writing)."""
    chased = df.filter(pl.col("chase_priority").is_not_null()).sort("chase_priority")
    return chased.select(
        pl.int_range(1, pl.len() + 1, dtype=pl.Int64).alias("Chase order"),
        pl.col("department_name").alias("Department"),
        pl.col("addressee").fill_null(NOT_RECORDED).alias("Addressed to (as written)"),
        pl.col("csp_name").fill_null(NOT_AVAILABLE).alias("CSP"),
        pl.col("dhr_reference").fill_null(NOT_AVAILABLE).alias("DHR reference"),
        pl.col("force_area_name").fill_null(NOT_AVAILABLE).alias("Police force area"),
        pl.col("recommendation_number").alias("Recommendation number"),
        pl.col("recommendation").alias("Recommendation"),
        pl.col("workflow_status_label").alias("Status"),
        _where_it_stands().alias("Where it stands"),
        _next_step().alias("Next step"),
        date_text("notified_date").alias("Notified on"),
        date_text("answer_due_date").alias("Answer due"),
        pl.col("days_outstanding").alias("Days outstanding"),
        pl.col("days_overdue").alias("Days overdue"),
        pl.col("commissioner_status_label").fill_null(NOT_SET).alias("Commissioner's status"),
        pl.col("commissioner_status_set_by").fill_null("").alias("Status set by"),
        date_text("commissioner_status_set_at").alias("Status set on"),
        pl.col("csp_reported_status_label").fill_null(NOT_RECORDED).alias("CSP's reported status"),
    )


def status_history_table(history: pl.DataFrame, labels: dict[str, str]) -> pl.DataFrame:
    """The Commissioner's statuses of one recommendation (``get_status_history``), newest first, in words."""
    return history.select(
        pl.col("decision_id").alias("Decision"),
        pl.col("commissioner_status").replace_strict(labels, default=pl.col("commissioner_status")).alias("Status"),
        pl.col("is_escalated").replace_strict(YES_NO, default="No", return_dtype=pl.Utf8).alias("Escalated"),
        pl.col("set_by").alias("By"),
        pl.col("set_at").alias("When"),
        pl.col("note").alias("Note"),
    )
