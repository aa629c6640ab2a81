"""The Domestic Abuse Commissioner's annual thematic report (003 L727-732) for one year of publication.

``gather(year)`` makes every data-layer call once; ``sections(report)`` turns the result into
headings, paragraphs, charts and tables. The page draws those sections, and ``render_docx``,
``render_html`` and ``render_pdf`` write the same sections to files, so the download always says
what the page says. Charts become PNG images through vl-convert (``chart_images``), once per report.
"""

from __future__ import annotations

import base64
import html
import io
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date

import altair as alt
import polars as pl

from dashboards import charts, data, figures, pictures
from dashboards.data import annual, reference, themes
from dashboards.formatting import fmt_date, fmt_int, fmt_pct, plural
from dhr import guidance
from dhr.guidance import plain

TITLE = "Domestic Homicide Reviews: annual thematic report"
MARKING = plain("OFFICIAL-SENSITIVE (003 L609). Synthetic data: not real cases.")
#: Chart width in the report files (pixels before scaling); PNGs are drawn at twice this.
REPORT_CHART_WIDTH = 560
PNG_SCALE = 2
#: The tracker table in a file stops here (the page shows every row).
MAX_TRACKER_ROWS = 200
#: Characteristics the victims chart shows (the table shows them all).
CHART_CHARACTERISTICS = ["sex", "age_band", "ethnic_group"]

DOCX_MIME = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
HTML_MIME = "text/html"
PDF_MIME = "application/pdf"

METHODS = [
    "Year of publication: a DHR counts in the year of its published date, when that date is on or before "
    "the reporting date (003 L660-667). Risk factors, agency contact and protected characteristics come from "
    "the latest data capture form of each DHR (004 Template 29; 003 Annex A item 10, 003 L757-759); DHRs "
    "without one are counted in the total published but not in those figures.",
    "Denominators exclude Not known. Every share is written as 'share (count of denominator)'; the Not known "
    "count is given beside it, because national figures carry large Not known shares (003 Annex F: 27% for "
    "gender reassignment, 003 L887; 32% for sexual orientation, 003 L927).",
    "Agency contact: a DHR counts as in contact with an agency when the form answers Yes for the victim, the "
    "perpetrator or the children (003 L759); it is Not known when there is no Yes and at least one Not known.",
    "Protected characteristics: victims and perpetrators on the nine Equality Act 2010 characteristics "
    "(003 L248), ethnicity on the ONS 2021 groups; children's sex is never recorded (003 L604).",
    "Earlier years: every earlier year of publication pooled, so the comparison has the largest denominator.",
    "Children in the household and verdicts: from the latest data capture form (004 Template 29, 004 L4241 and "
    "L4256). A DHR counts as with children in the household when the form gives one or more; the share is of the "
    "DHRs whose form gives the number. A DHR with several perpetrators counts once, by the verdict of the first.",
    "Actions: those of each DHR's latest action-plan update (003 Annex B, 003 L773-803; quarterly updates, "
    "003 L712). Overdue: target date passed and not COMPLETE at the reporting date (004 Template 25 status "
    "key, 004 L4628-4638). Completed on time: date of completion on or before the target date (003 L778).",
    "National recommendations: recommendations addressed to a national body or at national level (003 L684). "
    "Status on the Domestic Abuse Commissioner's five-point scheme ('Learning from loss', 2025); a "
    "recommendation whose plan records no status counts as Missing (no evidence). Days open: from the date the "
    "addressee was notified, or else the plan's first update, to the reporting date. An answer is due 56 days "
    "after the department was notified; departments are counted under their current names across renamings.",
    "Timeliness: each DHR is timed by the guidance in force when the CSP was notified (003 L268, L763; 004 "
    "L4000; 001 L236-238). Within-target shares count the DHRs whose dates are known; a reason for delay is the "
    "latest data capture form's (003 L763).",
    "Learning that repeats across areas: a learning theme counts as repeated when the year's DHRs in two or more "
    "force areas made recommendations under it after DHRs of earlier years had done so; it is read from the "
    "themes, not the wording, so it is seen between areas that word their recommendations differently.",
    "Obstacles: open actions the CSP marks RED (action required), overdue, and stalled (overdue by more than six "
    "months), by the kind of agency the action is addressed to (003 L730, L802).",
]

THEMES_NOTE = (
    "Themes are the 17 codes of the project's learning-theme taxonomy, given to every recommendation, action and "
    "scoping-review learning text by a classifier (held-out macro-F1 in data_dictionary/themes_evaluation.md) and "
    "checked by analysts on the Theme review page: where an analyst has confirmed or changed a text's themes, "
    "their decision is counted, not the prediction. A text can have several themes."
)
TOPICS_NOTE = (
    "Topics are found without the taxonomy (NMF over the words of every recommendation and scoping-review "
    "learning text), so they can show learning that no theme names. A topic is marked emerging when it holds at "
    "least two of the year's texts and a share at least 1.5 times its share in earlier years."
)


@dataclass(frozen=True, eq=False)
class ChartRecipe:
    """A chart as the name of its ``dashboards.charts`` builder and the arguments: the page draws it
    through the chart cache (``ui.chart``), the files draw it as a PNG."""

    builder: str
    args: tuple
    kwargs: tuple = ()

    def build(self) -> alt.TopLevelMixin:
        return getattr(charts, self.builder)(*self.args, **dict(self.kwargs))


def recipe(builder, *args, **kwargs) -> ChartRecipe:
    return ChartRecipe(builder.__name__, args, tuple(sorted(kwargs.items())))


@dataclass
class Table:
    caption: str
    frame: pl.DataFrame
    note: str | None = None


@dataclass
class Section:
    heading: str
    paragraphs: list[str] = field(default_factory=list)
    bullets: list[str] = field(default_factory=list)
    charts: list[ChartRecipe] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)
    placeholder: str | None = None


@dataclass
class AnnualReport:
    """Everything the page and the files show for one year of publication."""

    year: int
    build: dict
    published_by_year: pl.DataFrame
    by_region: pl.DataFrame
    by_death_type: pl.DataFrame
    risk_factors: pl.DataFrame
    agency_contact: pl.DataFrame
    characteristics: pl.DataFrame
    national: pl.DataFrame
    by_addressee: pl.DataFrame
    implementation: pl.DataFrame
    themes: list = field(default_factory=list)
    themes_in_year: pl.DataFrame = field(default_factory=pl.DataFrame)
    themes_by_year: pl.DataFrame = field(default_factory=pl.DataFrame)
    topics: pl.DataFrame = field(default_factory=pl.DataFrame)
    library_themes_in_year: pl.DataFrame = field(default_factory=pl.DataFrame)
    timeliness: pl.DataFrame = field(default_factory=pl.DataFrame)
    recurring_themes: pl.DataFrame = field(default_factory=pl.DataFrame)
    obstacles: pl.DataFrame = field(default_factory=pl.DataFrame)
    escalations: pl.DataFrame = field(default_factory=pl.DataFrame)
    children_in_household: pl.DataFrame = field(default_factory=pl.DataFrame)
    verdicts: pl.DataFrame = field(default_factory=pl.DataFrame)

    @property
    def published_count(self) -> int:
        row = self.published_by_year.filter(pl.col("published_year") == self.year)
        return int(row.get_column("dhr_count")[0]) if row.height else 0

    @property
    def with_data_capture_count(self) -> int:
        row = self.published_by_year.filter(pl.col("published_year") == self.year)
        return int(row.get_column("with_data_capture_count")[0]) if row.height else 0

    @property
    def reporting_date(self) -> date | None:
        return self.build.get("reporting_date")


def available_years() -> list[int]:
    """Years a report can be asked for: from the first year with a DHR to the reporting date's year."""
    published = annual.get_published_by_year().get_column("published_year").to_list()
    bounds = reference.get_year_bounds()
    build = data.get_build_info()
    last = (
        build.get_column("reporting_date")[0].year if build.height and build.get_column("reporting_date")[0] else None
    )
    candidates = [*published, *(bounds or ()), *([last] if last else [])]
    if not candidates:
        return []
    return list(range(min(candidates), max(candidates) + 1))


def default_year(published_years: list[int], reporting_date: date | None) -> int | None:
    """The year a report opens on: the latest whole year with publications before the reporting
    date's year, else the latest year with publications."""
    if not published_years:
        return None
    whole = [y for y in published_years if reporting_date is None or y < reporting_date.year]
    return max(whole or published_years)


def gather(year: int) -> AnnualReport:
    """Every figure of the report for ``year``, from the data layer (cached)."""
    from dhr.themes import load_taxonomy

    build = data.get_build_info()
    return AnnualReport(
        year=int(year),
        build=build.row(0, named=True) if build.height else {},
        published_by_year=annual.get_published_by_year(),
        by_region=annual.get_published_in_year_by_region(year),
        by_death_type=annual.get_published_in_year_by_death_type(year),
        risk_factors=annual.get_published_prevalence("risk_factor", year),
        agency_contact=annual.get_published_prevalence("agency_contact", year),
        characteristics=annual.get_published_prevalence("protected_characteristic", year),
        national=annual.get_national_recommendations(),
        by_addressee=annual.get_national_recommendations_by_addressee(),
        implementation=annual.get_implementation_by_force_area(),
        themes=load_taxonomy(),
        themes_in_year=themes.get_themes_in_year(year),
        themes_by_year=themes.get_themes_by_year(year),
        topics=themes.get_emerging_topics(year),
        library_themes_in_year=themes.get_library_themes_in_year(year),
        timeliness=annual.get_timeliness_in_year(year),
        recurring_themes=themes.get_recurring_themes(year),
        obstacles=annual.get_implementation_obstacles(),
        escalations=annual.get_national_escalations(),
        children_in_household=annual.get_children_in_household_by_year(year),
        verdicts=annual.get_published_in_year_by_verdict(year),
    )


# --------------------------------------------------------------------------------------------
# Sections: the one description of the report
# --------------------------------------------------------------------------------------------


def sections(report: AnnualReport) -> list[Section]:
    year = report.year
    out = [_published_section(report)]
    if report.with_data_capture_count:
        out += [
            _risk_factor_section(report),
            _agency_section(report),
            _characteristics_section(report),
            _household_section(report),
        ]
    else:
        out.append(
            Section(
                "Risk factors, agency contact and protected characteristics",
                placeholder=f"None of the DHRs published in {year} has a data capture form in the warehouse, so "
                "there is nothing to count for risk factors, agency contact or protected characteristics.",
            )
        )
    out += [
        _themes_section(report),
        _topics_section(report),
        _recurring_section(report),
        _timeliness_section(report),
        _national_section(report),
        _implementation_section(report),
        _obstacles_section(report),
        _methods_section(report),
    ]
    # The sections cite the guidance by our file codes, as the code does; readers of the page and the
    # files get the document's name and paragraph instead.
    for section in out:
        section.paragraphs = [plain(text) for text in section.paragraphs]
        section.bullets = [plain(text) for text in section.bullets]
        section.placeholder = plain(section.placeholder) if section.placeholder else None
    return out


def _published_section(report: AnnualReport) -> Section:
    year, n = report.year, report.published_count
    section = Section(f"DHRs published in {year}")
    if n == 0:
        section.placeholder = (
            f"No DHR was published in {year} (as at {fmt_date(report.reporting_date)}). The national "
            "recommendations and implementation sections below do not depend on the year."
        )
        if report.published_by_year.height:
            section.charts.append(recipe(charts.published_by_year_chart, report.published_by_year, year))
        return section
    section.paragraphs.append(
        f"{plural(n, 'DHR')} {'was' if n == 1 else 'were'} published in {year} (on or before the reporting date "
        f"{fmt_date(report.reporting_date)}). {fmt_pct(report.with_data_capture_count, n)} have a data capture "
        "form: the risk factors, agency contact and protected characteristics below describe those."
    )
    section.charts.append(recipe(charts.published_by_year_chart, report.published_by_year, year))
    section.tables.append(
        Table(
            f"DHRs published in {year} by region",
            report.by_region.select(pl.col("region_name").alias("Region"), pl.col("dhr_count").alias("DHRs")),
        )
    )
    section.tables.append(
        Table(
            f"DHRs published in {year} by death type",
            report.by_death_type.select(
                pl.col("death_type_label").alias("Death type"), pl.col("dhr_count").alias("DHRs")
            ),
        )
    )
    return section


def _risk_factor_section(report: AnnualReport) -> Section:
    year, df = report.year, report.risk_factors
    section = Section("Risk factors")
    section.paragraphs.append(
        "Share of DHRs whose data capture form answers Yes for each factor of 003 Annex A item 10, among those "
        f"answered Yes or No, for the DHRs published in {year} beside every earlier year pooled."
    )
    for subject, name in (("victim", "victims"), ("perpetrator", "perpetrators")):
        long = figures.published_prevalence_long(df, year, subject=subject)
        if long.filter(pl.col("pct").is_not_null()).height:
            section.charts.append(
                recipe(
                    charts.dot_comparison_chart,
                    long,
                    f"Risk factors: {name}",
                    "Share answered Yes of those answered Yes or No; the table has the counts and Not known",
                    "DHRs answered Yes (%)",
                    "Risk factor",
                )
            )
    section.tables.append(
        Table("Risk factors: every factor and subject", figures.published_prevalence_table(df, year, "Risk factor"))
    )
    return section


def _agency_section(report: AnnualReport) -> Section:
    year, df = report.year, report.agency_contact
    section = Section("Agency contact")
    section.paragraphs.append(
        "Share of DHRs where the agency had known contact with the victim, the perpetrator or the children "
        "(003 L759), of those where contact is known either way."
    )
    long = figures.published_prevalence_long(df, year)
    if long.filter(pl.col("pct").is_not_null()).height:
        section.charts.append(
            recipe(
                charts.dot_comparison_chart,
                long,
                "Agency contact",
                "DHRs with known contact of those where it is known",
                "DHRs (%)",
                "Agency",
            )
        )
    section.tables.append(Table("Agency contact: every agency", figures.published_prevalence_table(df, year, "Agency")))
    return section


def _characteristics_section(report: AnnualReport) -> Section:
    year, df = report.year, report.characteristics
    section = Section("Protected characteristics")
    section.paragraphs.append(
        "Victims and perpetrators by category of each characteristic, as a share of those whose category is "
        "known. Children are counted by age band only and are not shown here (003 L604)."
    )
    long = figures.published_prevalence_long(
        df, year, subject="victim", items=CHART_CHARACTERISTICS, with_category=True
    )
    if long.filter(pl.col("pct").is_not_null()).height:
        section.charts.append(
            recipe(
                charts.dot_comparison_chart,
                long,
                "Victims: sex, age and ethnic group",
                "Share of victims whose category is known",
                "Victims (%)",
                "Category",
            )
        )
    section.tables.append(
        Table(
            "Protected characteristics of victims and perpetrators",
            figures.published_prevalence_table(df, year, "Characteristic", with_category=True),
        )
    )
    return section


def _household_section(report: AnnualReport) -> Section:
    """Children in the household by year and the verdicts of the year's DHRs (004 Template 29,
    004 L4241 and L4256): counts of DHRs only, never a row about a person."""
    year = report.year
    section = Section("Children in the household and verdicts")
    section.paragraphs.append(
        "From the Home Office data collection form (004 Template 29): how many DHRs record children living in the "
        "household, by year of publication, as a share of those whose form gives the number; and the verdict of "
        f"the (first) perpetrator in the DHRs published in {year}."
    )
    if report.children_in_household.height:
        section.tables.append(
            Table(
                f"Children in the household, DHRs published up to {year}",
                figures.children_in_household_table(report.children_in_household),
            )
        )
    if report.verdicts.height:
        section.charts.append(
            recipe(
                charts.count_bar_chart,
                report.verdicts,
                "verdict_label",
                "dhr_count",
                f"Verdicts in the DHRs published in {year}",
                "Verdict",
                "DHRs",
                "Verdict of the (first) perpetrator, DHRs with a data capture form",
            )
        )
        section.tables.append(
            Table(
                f"DHRs published in {year} by verdict",
                report.verdicts.select(pl.col("verdict_label").alias("Verdict"), pl.col("dhr_count").alias("DHRs")),
            )
        )
    return section


def _themes_section(report: AnnualReport) -> Section:
    df = report.themes_in_year
    section = Section("Learning themes")
    if df.height == 0 or int(df.get_column("text_count").sum()) == 0:
        section.placeholder = (
            f"No recommendation, action or learning text of a DHR published in {report.year} is in "
            "the warehouse, so there are no themes to count."
        )
        return section
    df = df.filter(pl.col("text_count") > 0)
    top = df.head(3).get_column("theme_title").to_list()
    overridden = int(df.get_column("overridden_text_count").sum())
    section.paragraphs.append(
        f"The most frequent learning themes in the DHRs published in {report.year} were "
        f"{', '.join(top[:-1]) + ' and ' + top[-1] if len(top) > 1 else top[0]}. "
        f"{fmt_int(overridden)} of the theme counts below come from an analyst's decision rather than the classifier."
    )
    section.paragraphs.append(THEMES_NOTE)
    section.charts.append(
        recipe(
            charts.count_bar_chart,
            df,
            "theme_title",
            "text_count",
            f"Learning themes of the DHRs published in {report.year}",
            "Theme",
            "Texts",
        )
    )
    earlier = (
        report.themes_by_year.filter(pl.col("published_year") < report.year)
        .group_by("theme_code")
        .agg(pl.col("text_count").sum().alias("earlier"))
        if report.themes_by_year.height
        else pl.DataFrame({"theme_code": [], "earlier": []}, schema={"theme_code": pl.Utf8, "earlier": pl.Int64})
    )
    table = df.join(earlier, on="theme_code", how="left").select(
        pl.col("theme_title").alias("Theme"),
        pl.col("dhr_library_theme").alias("DHR Library theme"),
        pl.col("text_count").alias("Texts"),
        pl.col("recommendation_count").fill_null(0).alias("Recommendations"),
        pl.col("dhr_count").alias("DHRs"),
        pl.col("overridden_text_count").alias("Set by an analyst"),
        pl.col("earlier").fill_null(0).alias("Texts in earlier years"),
    )
    section.tables.append(Table(f"Learning themes, {report.year}", table))
    library = report.library_themes_in_year
    if library.height:
        total = int(library.get_column("recommendation_count").sum())
        section.paragraphs.append(
            "The Home Office DHR Library groups recommendations under eight themes of its own. Each "
            "recommendation below takes the Library theme of its first learning theme that the Library has a "
            "theme for; 'other' is left to recommendations whose every theme is one the Library has none for."
        )
        section.tables.append(
            Table(
                f"Recommendations by DHR Library theme, {report.year}",
                library.select(
                    pl.col("dhr_library_theme").str.to_titlecase().alias("DHR Library theme"),
                    pl.col("recommendation_count").alias("Recommendations"),
                    (pl.col("recommendation_count") / total * 100).round(0).cast(pl.Int64).alias("Share (%)"),
                    pl.col("national_recommendation_count").alias("National recommendations"),
                ),
            )
        )
    return section


def _topics_section(report: AnnualReport) -> Section:
    df = report.topics
    section = Section("Emerging topics")
    if df.height == 0:
        section.placeholder = (
            f"There are no recommendation or learning texts of DHRs published in {report.year} to find topics in."
        )
        return section
    emerging = df.filter(pl.col("is_emerging"))
    section.paragraphs.append(TOPICS_NOTE)
    for row in emerging.head(3).iter_rows(named=True):
        example = row["example_texts"][0] if row["example_texts"] else ""
        section.bullets.append(
            f'Emerging: {row["topic_label"]} ({plural(row["text_count"], "text")}), e.g. "{example}"'
        )
    table = df.select(
        pl.col("topic_label").alias("Topic"),
        pl.col("top_terms").alias("Top terms"),
        pl.col("text_count").alias("Texts"),
        (pl.col("share_of_year") * 100).round(0).cast(pl.Int64).alias("Share of the year (%)"),
        (pl.col("share_of_earlier_years") * 100).round(0).cast(pl.Int64).alias("Share earlier (%)"),
        pl.when(pl.col("is_emerging")).then(pl.lit("yes")).otherwise(pl.lit("")).alias("Emerging?"),
        pl.col("example_texts").list.join(" / ").alias("Examples"),
    )
    section.tables.append(Table(f"Topics in the DHRs published in {report.year}", table))
    return section


def _national_section(report: AnnualReport) -> Section:
    df = report.national
    section = Section("National recommendations tracker")
    if df.height == 0:
        section.placeholder = "No action plan records a national recommendation yet."
        return section
    notified = int(df.get_column("is_notified").sum())
    answered = int(df.get_column("is_answered").sum())
    section.paragraphs.append(
        f"{plural(df.height, 'national recommendation')} in the latest action plans. The addressee was notified of "
        f"{fmt_pct(notified, df.height)} and has answered {fmt_pct(answered, df.height)}. Departments, under their "
        "current names, with the most unanswered recommendations come first; in the tracker, recommendations not yet answered come first, "
        "longest open first."
    )
    section.charts.append(recipe(charts.implementation_status_chart, df))
    section.tables.append(
        Table("National recommendations by department (current names)", figures.addressee_table(report.by_addressee))
    )
    tracker = figures.national_tracker_table(df)
    note = None
    if tracker.height > MAX_TRACKER_ROWS:
        note = f"The first {MAX_TRACKER_ROWS} of {fmt_int(tracker.height)} recommendations (unanswered first); the page shows all."
    section.tables.append(Table("Tracker: each national recommendation", tracker, note))
    return section


def _recurring_section(report: AnnualReport) -> Section:
    """Learning repeated across areas nationally (003 L727-732): themes the year's DHRs made again in
    several force areas after earlier DHRs had made them, and how the earlier actions stand."""
    year, df = report.year, report.recurring_themes
    section = Section("Learning that repeats across areas")
    if df.height == 0:
        section.placeholder = f"No recommendation of a DHR published in {year} has a learning theme yet."
        return section
    recurring = df.filter(pl.col("is_recurring"))
    open_ = int(recurring.get_column("earlier_open_action_count").sum())
    total = int(recurring.get_column("earlier_action_count").sum())
    overdue = int(recurring.get_column("earlier_overdue_action_count").sum())
    if recurring.height:
        top = ", ".join(
            f"{row['theme_title'].lower()} ({row['force_area_count']} force areas)"
            for row in recurring.head(3).iter_rows(named=True)
        )
        section.paragraphs.append(
            f"{plural(recurring.height, 'learning theme')} of the recommendations of DHRs published in {year} "
            f"{'was' if recurring.height == 1 else 'were'} made again in two or more force areas after DHRs of "
            f"earlier years had made {'it' if recurring.height == 1 else 'them'}; most widely {top}. Of the "
            f"actions of those earlier recommendations, {fmt_pct(open_, total)} are not yet complete and "
            f"{fmt_pct(overdue, total)} are overdue at {fmt_date(report.reporting_date)}."
        )
    else:
        section.paragraphs.append(
            f"No learning theme of {year}'s recommendations was made again in two or more force areas after "
            "earlier DHRs had made it."
        )
    section.paragraphs.append(
        "Repetition is read from the themes of the recommendations, so it is seen between areas whose wording "
        "differs; the CSP board and PCC oversight pages show, within a CSP or force area, the recommendations whose "
        "wording repeats an earlier one."
    )
    section.tables.append(Table("Learning themes made again, with the earlier actions", figures.recurring_table(df)))
    return section


def _timeliness_section(report: AnnualReport) -> Section:
    """Delays and timeliness of the year's DHRs by region and guidance version (003 L727-732, L763)."""
    year, df = report.year, report.timeliness
    section = Section("Timeliness and delays")
    if df.height == 0:
        section.placeholder = f"No DHR was published in {year}, so there is no timeliness to report."
        return section
    national = df.filter(pl.col("is_national"))
    for row in national.iter_rows(named=True):
        version = guidance.VERSIONS.get(row["guidance_version"], "guidance not known")
        delay = (
            f"; {plural(row['delayed_count'], 'DHR')} gave a reason for delay, most often "
            f"{(row['main_delay_reason_label'] or 'not given').lower()}"
            if row["delayed_count"]
            else "; none gave a reason for delay"
        )
        section.paragraphs.append(
            f"Under the {version}: {plural(row['dhr_count'], 'DHR')} published in {year}, a median of "
            f"{fmt_int(row['median_days_notification_to_publication'])} days from notification to publication; "
            f"{fmt_pct(row['completed_within_target_count'], row['completion_known_count'])} of those whose "
            f"completion is known were completed within the target{delay}."
        )
    section.paragraphs.append(
        "The completion target depends on the guidance in force when the CSP was notified: one year from "
        "commencement under the 2024 draft guidance (003 L763), and the targets of the 2016 and 2011 guidance for "
        "DHRs notified before it. Shares count the DHRs whose dates are known."
    )
    section.tables.append(Table("Timeliness and delays by region and guidance version", figures.timeliness_table(df)))
    return section


def _implementation_section(report: AnnualReport) -> Section:
    df = report.implementation
    section = Section("Implementation by force area")
    if df.height == 0:
        section.placeholder = "No action plan has been received yet."
        return section
    total = int(df.get_column("action_count").sum())
    complete = int(df.get_column("complete_action_count").sum())
    overdue = int(df.get_column("overdue_action_count").sum())
    open_ = int(df.get_column("open_action_count").sum())
    achieved = int(df.get_column("outcome_achieved_count").sum())
    known = int(df.get_column("outcome_known_count").sum())
    section.paragraphs.append(
        f"All actions of the latest action-plan updates at {fmt_date(report.reporting_date)}, whatever the year of "
        f"the DHR: {fmt_pct(complete, total)} complete; {fmt_pct(overdue, open_)} of open actions overdue; outcome "
        f"achieved for {fmt_pct(achieved, known)} of completed actions with an answer. Force areas with the most "
        "overdue actions come first."
    )
    section.charts.append(
        recipe(
            charts.dot_comparison_chart,
            figures.implementation_long(df),
            "Implementation by force area",
            "Complete, overdue and outcome achieved, each of its own denominator; the table has the counts",
            "Actions (%)",
            "Force area",
        )
    )
    section.tables.append(Table("Implementation: every force area", figures.implementation_table(df)))
    return section


def _obstacles_section(report: AnnualReport) -> Section:
    """Obstacles to implementation and escalations (003 L730, L802): the Commissioner is the point of
    escalation where delivery is blocked."""
    df = report.obstacles
    section = Section("Obstacles to implementation and escalations")
    national = df.filter(pl.col("is_national"))
    if national.height == 0 or national.item(0, "open_action_count") == 0:
        section.placeholder = "No action of any action plan is open, so there is no obstacle to report."
        return section
    row = national.row(0, named=True)
    section.paragraphs.append(
        f"Of the {fmt_int(row['open_action_count'])} open actions at {fmt_date(report.reporting_date)}, the CSPs "
        f"mark {fmt_pct(row['red_action_count'], row['open_action_count'])} RED (action required), and "
        f"{fmt_pct(row['stalled_action_count'], row['open_action_count'])} have stalled: overdue by more than six "
        f"months, in {plural(row['stalled_dhr_count'], 'DHR')} across "
        f"{plural(row['stalled_force_area_count'], 'force area')}. The Commissioner is the point of escalation "
        "where there are obstacles to implementation (003 L730); the kinds of agency with the most stalled "
        "actions come first."
    )
    section.tables.append(
        Table("Open, RED, overdue and stalled actions by kind of agency", figures.obstacles_table(df))
    )
    esc = report.escalations
    if esc.height and esc.item(0, "recommendation_count"):
        e = esc.row(0, named=True)
        section.paragraphs.append(
            f"National recommendations: {fmt_pct(e['unanswered_after_period_count'], e['past_due_count'])} of those "
            f"whose {e['answer_days']} days for an answer have run out are still unanswered; the Commissioner's office "
            f"has escalated {plural(e['escalated_count'], 'recommendation')}, and "
            f"{fmt_int(e['due_for_escalation_count'])} more {'is' if e['due_for_escalation_count'] == 1 else 'are'} "
            "due for escalation (the National recommendations page lists what to chase first)."
        )
    return section


def _methods_section(report: AnnualReport) -> Section:
    coverage = figures.coverage_lines(report.build, report.published_count)
    return Section("Methods and coverage", paragraphs=coverage, bullets=list(METHODS))


# --------------------------------------------------------------------------------------------
# Files
# --------------------------------------------------------------------------------------------


def chart_png(chart: alt.TopLevelMixin | ChartRecipe, width: int = REPORT_CHART_WIDTH) -> bytes:
    """A chart as a PNG image (vl-convert, no browser)."""
    if isinstance(chart, ChartRecipe):
        chart = chart.build()
    return pictures.draw_png(chart, width, PNG_SCALE)


def chart_images(parts: Sequence[Section]) -> dict[int, bytes]:
    """PNG of every chart of the sections, keyed by id(chart), drawn once for all three files."""
    return {id(c): chart_png(c) for s in parts for c in s.charts}


def file_stem(year: int) -> str:
    return f"DHR annual thematic report {year}"


def _table_rows(frame: pl.DataFrame, limit: int | None = None) -> tuple[list[str], list[list[str]]]:
    shown = frame.head(limit) if limit else frame
    rows = [
        [
            ""
            if v is None
            else (fmt_date(v) if isinstance(v, date) else (fmt_int(v) if isinstance(v, int) else str(v)))
            for v in r
        ]
        for r in shown.rows()
    ]
    return list(frame.columns), rows


#: A PDF column is never narrower than this many characters' worth, nor counted wider than this.
PDF_MIN_COLUMN_CHARS = 6
PDF_MAX_COLUMN_CHARS = 60


#: Each cell's padding, in characters, added to every column: without it a column of five-figure
#: counts under "Days open" broke its header and numbers inside words ("Da ys", "1,5 27").
CELL_PADDING_CHARS = 3


def column_weights(header: Sequence[str], rows: Sequence[Sequence[str]]) -> tuple[int, ...]:
    """Relative widths for a PDF table's columns, from what they hold: a column of long texts (a
    recommendation) gets room, a column of years or counts little. Equal widths wrapped the national
    recommendations into tall narrow cells over about 8 of 31 pages (issue 19). A column is as wide
    as its longest header word (headers wrap between words, not inside them) and its typical long
    value, within ``PDF_MIN_COLUMN_CHARS``..``PDF_MAX_COLUMN_CHARS``."""
    weights = []
    for index, name in enumerate(header):
        lengths = sorted(len(row[index]) for row in rows) or [0]
        typical = lengths[int(0.9 * (len(lengths) - 1))]  # the 90th percentile: one outlier is not the column
        # headers are bold and larger than the cells' regular type
        longest_word = math.ceil(1.5 * max((len(word) for word in name.split()), default=0))
        weights.append(min(PDF_MAX_COLUMN_CHARS, max(PDF_MIN_COLUMN_CHARS, longest_word, typical)) + CELL_PADDING_CHARS)
    return tuple(weights)


def _limit(table: Table) -> int | None:
    return MAX_TRACKER_ROWS if table.note else None


def numbered(parts: Sequence[Section]) -> list[str]:
    """The files' section headings, numbered as a finished report's are: '1. DHRs published in 2024'."""
    return [f"{n}. {part.heading}" for n, part in enumerate(parts, start=1)]


def chart_alt(chart: ChartRecipe) -> str:
    """The chart's words for a reader who cannot see it (a screen reader reads a picture's alt text):
    its title and subtitle; the numbers behind every chart are in a table of the same section."""
    text, subtitle = charts.title_words(chart.build().to_dict(validate=False))
    return f"Chart: {text}. {' '.join(subtitle)}".strip().rstrip(".") + "."


def title_page_lines(report: AnnualReport) -> list[str]:
    """What the title page says under the title: the year, the marking, when and from what it was made."""
    return [
        f"DHRs published in {report.year}",
        MARKING,
        f"Prepared on {fmt_date(date.today())} from the DHR Learning Warehouse for the Domestic Abuse Commissioner's "
        "annual report on the key themes of the DHRs published in the year and how well their learning was "
        + plain("implemented (003 L727-732)."),
        *figures.coverage_lines(report.build, report.published_count),
    ]


#: A4 with 2 cm margins: the width a table or chart may take in the Word file.
DOCX_TEXT_WIDTH_CM = 17.0


def _docx_alt_text(shape, alt: str) -> None:
    # python-docx has no setter: the description lives on the drawing's docPr element (what Word's
    # "Alt Text" pane edits).
    doc_pr = shape._inline.docPr
    doc_pr.set("descr", alt)
    doc_pr.set("title", alt.split(". ")[0])


def _docx_fit_table(grid, weights: Sequence[int]) -> None:
    """Columns in proportion to ``weights`` across the page's text width, and the header row repeated
    on every page the table runs to."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Cm

    grid.autofit = False
    total = sum(weights) or 1
    widths = [Cm(DOCX_TEXT_WIDTH_CM * w / total) for w in weights]
    for row in grid.rows:
        for cell, width in zip(row.cells, widths, strict=True):
            cell.width = width
    header = grid.rows[0]._tr.get_or_add_trPr()
    repeat = OxmlElement("w:tblHeader")
    repeat.set(qn("w:val"), "true")
    header.append(repeat)


def render_docx(
    report: AnnualReport, parts: Sequence[Section] | None = None, images: dict[int, bytes] | None = None
) -> bytes:
    """The report as a Word document: headings, paragraphs, charts as pictures, tables."""
    from docx import Document
    from docx.enum.section import WD_ORIENT
    from docx.shared import Cm, Pt

    parts = list(parts) if parts is not None else sections(report)
    images = images if images is not None else chart_images(parts)
    doc = Document()
    section = doc.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Cm(21), Cm(29.7)  # A4 (python-docx starts on US Letter)
    section.left_margin = section.right_margin = Cm(2)
    doc.styles["Normal"].font.name = "Arial"
    doc.styles["Normal"].font.size = Pt(10)
    doc.core_properties.title = f"{TITLE} {report.year}"
    doc.core_properties.author = "DHR Learning Warehouse"
    section.footer.paragraphs[0].text = MARKING
    # Title page, then contents, then the numbered sections: a document a reader can cite by section.
    doc.add_heading(f"{TITLE}: {report.year}", level=0)
    for line in title_page_lines(report):
        doc.add_paragraph(line)
    doc.add_page_break()
    doc.add_heading("Contents", level=1)
    headings = numbered(parts)
    for heading in headings:
        doc.add_paragraph(heading)
    doc.add_page_break()
    for part, heading in zip(parts, headings, strict=True):
        doc.add_heading(heading, level=1)
        if part.placeholder:
            doc.add_paragraph(part.placeholder, style="Intense Quote")
        for text in part.paragraphs:
            doc.add_paragraph(text)
        for text in part.bullets:
            doc.add_paragraph(text, style="List Bullet")
        for chart in part.charts:
            _docx_alt_text(doc.add_picture(io.BytesIO(images[id(chart)]), width=Cm(16.5)), chart_alt(chart))
        for table in part.tables:
            doc.add_heading(table.caption, level=2)
            if table.note:
                doc.add_paragraph(table.note)
            header, rows = _table_rows(table.frame, _limit(table))
            if not rows:
                doc.add_paragraph("No rows.")
                continue
            grid = doc.add_table(rows=1, cols=len(header))
            grid.style = "Light Grid Accent 1"
            for cell, text in zip(grid.rows[0].cells, header, strict=True):
                cell.text = text
            for row in rows:
                for cell, text in zip(grid.add_row().cells, row, strict=True):
                    cell.text = text
            _docx_fit_table(grid, column_weights(header, rows))
            for row in grid.rows:
                for cell in row.cells:
                    for paragraph in cell.paragraphs:
                        for run in paragraph.runs:
                            run.font.size = Pt(8)
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


_CSS = """
body { font-family: Arial, Helvetica, sans-serif; max-width: 60rem; margin: 2rem auto; color: #1f1f1f; line-height: 1.45; }
h1 { font-size: 1.7rem; } h2 { font-size: 1.3rem; margin-top: 2rem; border-bottom: 1px solid #ccc; } h3 { font-size: 1.05rem; }
.marking { font-weight: bold; } .placeholder { border-left: 4px solid #0072B2; background: #eef5fb; padding: .5rem 1rem; }
table { border-collapse: collapse; font-size: .8rem; margin: .5rem 0 1rem; } th, td { border: 1px solid #bbb; padding: .2rem .4rem; text-align: left; vertical-align: top; }
th { background: #e8eef4; } img { max-width: 100%; }
"""


def render_html(
    report: AnnualReport, parts: Sequence[Section] | None = None, images: dict[int, bytes] | None = None
) -> str:
    """The report as one self-contained HTML page (charts as embedded PNGs)."""
    parts = list(parts) if parts is not None else sections(report)
    images = images if images is not None else chart_images(parts)
    e = html.escape
    out = [
        "<!DOCTYPE html>",
        '<html lang="en-GB">',
        "<head>",
        '<meta charset="utf-8">',
        f"<title>{e(TITLE)} {report.year}</title>",
        f"<style>{_CSS}</style>",
        "</head>",
        "<body>",
        f"<h1>{e(TITLE)}: {report.year}</h1>",
        f'<p class="marking">{e(MARKING)}</p>',
    ]
    out += [f"<p>{e(line)}</p>" for line in title_page_lines(report)[2:]]
    headings = numbered(parts)
    out.append('<nav aria-label="Contents"><h2>Contents</h2><ol>')
    out += [f'<li><a href="#section-{n}">{e(part.heading)}</a></li>' for n, part in enumerate(parts, start=1)]
    out.append("</ol></nav>")
    for n, (part, heading) in enumerate(zip(parts, headings, strict=True), start=1):
        out.append(f'<section id="section-{n}"><h2>{e(heading)}</h2>')
        if part.placeholder:
            out.append(f'<p class="placeholder">{e(part.placeholder)}</p>')
        out += [f"<p>{e(text)}</p>" for text in part.paragraphs]
        if part.bullets:
            out.append("<ul>" + "".join(f"<li>{e(text)}</li>" for text in part.bullets) + "</ul>")
        for chart in part.charts:
            encoded = base64.b64encode(images[id(chart)]).decode("ascii")
            out.append(f'<figure><img src="data:image/png;base64,{encoded}" alt="{e(chart_alt(chart))}"></figure>')
        for table in part.tables:
            out.append(f"<h3>{e(table.caption)}</h3>")
            if table.note:
                out.append(f"<p>{e(table.note)}</p>")
            header, rows = _table_rows(table.frame, _limit(table))
            if not rows:
                out.append("<p>No rows.</p>")
                continue
            out.append(
                "<table><thead><tr>" + "".join(f'<th scope="col">{e(h)}</th>' for h in header) + "</tr></thead><tbody>"
            )
            out += ["<tr>" + "".join(f"<td>{e(v)}</td>" for v in row) + "</tr>" for row in rows]
            out.append("</tbody></table>")
        out.append("</section>")
    out += ["</body>", "</html>"]
    return "\n".join(out) + "\n"


_PDF_REPLACEMENTS = {"–": "-", "—": "-", "’": "'", "‘": "'", "“": '"', "”": '"', "…": "...", "≥": ">=", "≤": "<="}


def _latin1(text: str) -> str:
    """The PDF's built-in fonts know Latin-1 only: swap typographic characters, drop the rest."""
    for old, new in _PDF_REPLACEMENTS.items():
        text = text.replace(old, new)
    return text.encode("latin-1", "replace").decode("latin-1")


def render_pdf(
    report: AnnualReport,
    parts: Sequence[Section] | None = None,
    images: dict[int, bytes] | None = None,
    column_weights: Callable[[Sequence[str], Sequence[Sequence[str]]], tuple[int, ...]] = column_weights,
) -> bytes:
    """The report as a PDF (fpdf2): headings, paragraphs, charts, tables; ``column_weights`` gives a
    table's relative column widths from its header and rows."""
    from fpdf import FPDF
    from fpdf.fonts import FontFace

    parts = list(parts) if parts is not None else sections(report)
    images = images if images is not None else chart_images(parts)
    marking = _latin1(MARKING)

    class Report(FPDF):
        def footer(self) -> None:  # the marking and the page number on every page but the title page
            if self.page_no() == 1:
                return
            self.set_y(-12)
            self.set_font("Helvetica", size=7)
            self.cell(0, 5, f"{marking}   Page {self.page_no()} of {{nb}}", align="C")

    pdf = Report(orientation="portrait", unit="mm", format="A4")
    pdf.set_title(f"{TITLE} {report.year}")
    pdf.set_author("DHR Learning Warehouse")
    pdf.set_lang("en-GB")
    pdf.set_auto_page_break(auto=True, margin=18)
    pdf.add_page()
    width = pdf.w - pdf.l_margin - pdf.r_margin

    def text(value: str, size: float = 10, style: str = "", gap: float = 2, align: str = "J") -> None:
        pdf.set_font("Helvetica", style=style, size=size)
        pdf.multi_cell(width, size * 0.5, _latin1(value), new_x="LMARGIN", new_y="NEXT", align=align)
        pdf.ln(gap)

    def contents(pdf: FPDF, outline) -> None:
        # drawn once every section is laid out, on the page kept for it: start at its top left
        pdf.set_xy(pdf.l_margin, pdf.t_margin)
        text("Contents", size=14, style="B", gap=4, align="L")
        pdf.set_font("Helvetica", size=11)
        for entry in outline:
            name = _latin1(entry.name)
            pdf.cell(width - 15, 7, name, new_x="RIGHT")
            pdf.cell(15, 7, str(entry.page_number), align="R", new_x="LMARGIN", new_y="NEXT")

    # Title page, a contents page (filled in with page numbers once the sections are laid out), then
    # the numbered sections, each a bookmark in the reader's outline pane.
    pdf.ln(50)
    text(f"{TITLE}: {report.year}", size=22, style="B", gap=6, align="L")
    lines = title_page_lines(report)
    text(lines[0], size=14, gap=8, align="L")
    text(lines[1], size=10, style="B", gap=4)
    for line in lines[2:]:
        text(line, size=9)
    pdf.add_page()
    pdf.insert_toc_placeholder(contents, pages=1)
    for part, heading in zip(parts, numbered(parts), strict=True):
        pdf.ln(2)
        pdf.start_section(_latin1(heading))
        text(heading, size=14, style="B", align="L")
        if part.placeholder:
            text(part.placeholder, size=10, style="I")
        for value in part.paragraphs:
            text(value)
        for value in part.bullets:
            text(f"- {value}", size=9, gap=1)
        for chart in part.charts:
            pdf.image(io.BytesIO(images[id(chart)]), w=width, alt_text=_latin1(chart_alt(chart)))
            pdf.ln(3)
        for table in part.tables:
            text(table.caption, size=11, style="B", gap=1)
            if table.note:
                text(table.note, size=8)
            header, rows = _table_rows(table.frame, _limit(table))
            if not rows:
                text("No rows.", size=9)
                continue
            pdf.set_font("Helvetica", size=7)
            with pdf.table(
                col_widths=column_weights(header, rows),
                headings_style=FontFace(emphasis="BOLD", fill_color=(232, 238, 244)),
                line_height=3.5,
                text_align="LEFT",
            ) as grid:
                for row in [header, *rows]:
                    cells = grid.row()
                    for value in row:
                        cells.cell(_latin1(value))
            pdf.ln(3)
    return bytes(pdf.output())
