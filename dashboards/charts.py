"""Altair chart builders with one shared look.

* Categories use the Okabe-Ito palette (safe for the common forms of colour-blindness).
* Action status (004 Template 25 status key: RED / AMBER / GREEN / COMPLETE) is never shown by
  colour alone: every status bar carries its word on the bar when it fits, the legend spells
  out the key, and the tooltip names it.
* Every chart has a title, axis titles and tooltips.

Builders take the polars frames returned by ``dashboards.data`` and return Altair charts; they
do their own small aggregations so a page only passes data through.
"""

from __future__ import annotations

import textwrap
from collections.abc import Sequence

import altair as alt
import polars as pl

from dashboards.pictures import CHART_WIDTHS_PX
from dashboards.pl_format import pct_text
from dhr.disclosure import SUPPRESSED
from form_contract.code_lists import code_lists

# Okabe & Ito (2008), "Color Universal Design".
OKABE_ITO = {
    "orange": "#E69F00",
    "sky_blue": "#56B4E9",
    "bluish_green": "#009E73",
    "yellow": "#F0E442",
    "blue": "#0072B2",
    "vermillion": "#D55E00",
    "reddish_purple": "#CC79A7",
    "black": "#000000",
}
CATEGORY_RANGE = [
    OKABE_ITO[name]
    for name in ("blue", "orange", "bluish_green", "reddish_purple", "sky_blue", "vermillion", "yellow", "black")
]
PRIMARY = OKABE_ITO["blue"]
FONT = "Source Sans Pro, Helvetica, Arial, sans-serif"
TEXT_DARK = "#1f1f1f"

#: DHR pipeline status (code list `dhr_status`) in pipeline order, with fixed colours.
DHR_STATUS_ORDER = ("scoping", "not_commissioned", "paused", "in_progress", "submitted", "published")
DHR_STATUS_COLOURS = {
    "scoping": OKABE_ITO["sky_blue"],
    "not_commissioned": OKABE_ITO["reddish_purple"],
    "paused": OKABE_ITO["yellow"],
    "in_progress": OKABE_ITO["orange"],
    "submitted": OKABE_ITO["blue"],
    "published": OKABE_ITO["bluish_green"],
}
UNKNOWN_COLOUR = "#999999"

#: 004 Template 25 status key (004 L4628-4638); code list `action_status`.
RAG_ORDER = ("RED", "AMBER", "GREEN", "COMPLETE")
RAG_DEFAULT_LABELS = {
    "RED": "RED - Action required",
    "AMBER": "AMBER - Preparation underway",
    "GREEN": "GREEN - Preparation complete and action ongoing",
    "COMPLETE": "COMPLETE - Action completed",
}
RAG_COLOURS = {
    "RED": OKABE_ITO["vermillion"],
    "AMBER": OKABE_ITO["orange"],
    "GREEN": OKABE_ITO["bluish_green"],
    "COMPLETE": OKABE_ITO["blue"],
}
#: Text drawn on a bar of that colour (contrast ratio >= 4.5 against the fill).
RAG_TEXT_COLOURS = {"RED": "#000000", "AMBER": "#000000", "GREEN": "#000000", "COMPLETE": "#FFFFFF"}
#: Labels on bar segments: a bold 11px character takes about this many pixels. A segment gets
#: `RED 12` when that fits, else `R 12`, else nothing (the legend and tooltip still name it; the
#: page offers the table too).
CHAR_WIDTH_PX = 7.5
LABEL_PADDING_PX = 8
#: The names down the side of a bar chart: cut at this width, about this many pixels a character
#: (measured: 5.6-5.8 for force area and CSP names), and the axis's ticks and gap beside them.
BAR_NAME_LIMIT_PX = 260
BAR_NAME_CHAR_PX = 6.2
BAR_NAME_GAP_PX = 20


def plot_width_px(drawing_width: int, names: Sequence[str]) -> int:
    """The width left for the bars of a drawing ``drawing_width`` px wide once the longest of
    ``names`` has taken its room down the side: the narrowest the plot can be, so a word chosen to
    fit a bar fits it when drawn (tests/dashboards/test_pictures.py draws it to check)."""
    longest = max((len(str(name)) for name in names), default=0)
    return int(drawing_width - min(BAR_NAME_LIMIT_PX, longest * BAR_NAME_CHAR_PX) - BAR_NAME_GAP_PX)


YEAR_NOT_KNOWN = "Not known"
#: Count axes: whole numbers only. ``tickMinStep`` alone still puts ticks at halves on a short
#: axis (Vega allows one tick more than the span, so 0 to 2 gets 0, 0.5, 1, 1.5, 2, labelled
#: "0 1 1 2 2"), so a tick between whole numbers also has no label, tick mark or grid line.
_BETWEEN_WHOLE_NUMBERS = "datum.value % 1 != 0"
COUNT_AXIS = alt.Axis(
    tickMinStep=1,
    format=",d",
    labelExpr=f"{_BETWEEN_WHOLE_NUMBERS} ? '' : datum.label",
    tickOpacity={"condition": {"test": _BETWEEN_WHOLE_NUMBERS, "value": 0}, "value": 1},
    gridOpacity={"condition": {"test": _BETWEEN_WHOLE_NUMBERS, "value": 0}, "value": 1},
)
#: Longest chart title on one line (about the width of the narrowest chart at 16 px).
TITLE_LINE_CHARS = 48
#: Height of one bar row in the horizontal charts (a Vega-Lite step, so titles and axes add to it).
ROW_STEP = 28


def title_words(spec: dict) -> tuple[str, list[str]]:
    """A chart spec's title as one line of words and its subtitle lines: the words a picture's alt
    text is made of. ``style`` draws a long title on several lines; a reader hears one sentence."""
    title = spec.get("title") or {}
    if isinstance(title, str):
        title = {"text": title}
    text, subtitle = title.get("text") or "", title.get("subtitle") or []
    text = " ".join(text) if isinstance(text, list) else str(text)
    return text, [subtitle] if isinstance(subtitle, str) else [str(line) for line in subtitle]


def style(chart: alt.TopLevelMixin, title: str, subtitle: str | Sequence[str] | None = None) -> alt.TopLevelMixin:
    """The shared theme: left-aligned title and subtitle, readable axes, no chart border. A title
    longer than TITLE_LINE_CHARS goes on two or more lines: Vega clips a title at the width of the
    chart, and a narrow chart (three bands of years) lost the end of a long item's name."""
    text = textwrap.wrap(title, TITLE_LINE_CHARS) if len(title) > TITLE_LINE_CHARS else title
    params = {"text": text, "anchor": "start", "fontSize": 16, "font": FONT, "color": TEXT_DARK}
    if subtitle:
        params.update(subtitle=subtitle, subtitleFontSize=12, subtitleFont=FONT, subtitleColor="#555555")
    return (
        chart.properties(title=alt.TitleParams(**params))
        .configure(font=FONT)
        .configure_axis(
            labelFontSize=12,
            titleFontSize=13,
            labelColor=TEXT_DARK,
            titleColor=TEXT_DARK,
            gridColor="#e6e6e6",
            domainColor="#888888",
            tickColor="#888888",
        )
        .configure_legend(
            labelFontSize=12,
            titleFontSize=13,
            labelLimit=400,
            orient="bottom",
            direction="horizontal",
            columns=2,
            symbolType="square",
        )
        .configure_view(stroke=None)
    )


def _status_rank(codes: Sequence[str], order: Sequence[str]) -> list[int]:
    return [order.index(c) if c in order else len(order) for c in codes]


def dhr_status_scale(df: pl.DataFrame) -> alt.Scale:
    """Colour scale for `dhr_status_label` with the pipeline order and fixed colours."""
    pairs = df.select("dhr_status", "dhr_status_label").unique().rows() if df.height else []
    pairs = sorted(pairs, key=lambda p: (_status_rank([p[0]], DHR_STATUS_ORDER)[0], str(p[1])))
    return alt.Scale(
        domain=[label for _, label in pairs], range=[DHR_STATUS_COLOURS.get(code, UNKNOWN_COLOUR) for code, _ in pairs]
    )


def dhrs_by_year_chart(df: pl.DataFrame) -> alt.TopLevelMixin:
    """DHRs by year of notification, stacked by DHR status, with the total above each bar.

    `df` has the grain of ``marts.rpt_dhrs_by_year_force_area``.
    """
    agg = (
        df.group_by("notification_year", "dhr_status", "dhr_status_label")
        .agg(pl.col("dhr_count").sum())
        .with_columns(
            year=pl.col("notification_year").cast(pl.Utf8).fill_null(YEAR_NOT_KNOWN),
            status_rank=pl.col("dhr_status").replace_strict(
                {c: i for i, c in enumerate(DHR_STATUS_ORDER)}, default=len(DHR_STATUS_ORDER), return_dtype=pl.Int32
            ),
        )
        .sort("notification_year", "status_rank", nulls_last=True)
    )
    years = agg.select("year").unique(maintain_order=True).to_series().to_list()
    totals = agg.group_by("year").agg(pl.col("dhr_count").sum().alias("total"))
    x = alt.X("year:O", sort=years, title="Year of notification", axis=alt.Axis(labelAngle=0))
    bars = (
        alt.Chart(agg)
        .mark_bar()
        .encode(
            x=x,
            y=alt.Y("sum(dhr_count):Q", title="DHRs", stack="zero", axis=COUNT_AXIS),
            color=alt.Color("dhr_status_label:N", title="DHR status", scale=dhr_status_scale(agg)),
            order=alt.Order("status_rank:Q", sort="ascending"),
            tooltip=[
                alt.Tooltip("year:N", title="Year of notification"),
                alt.Tooltip("dhr_status_label:N", title="DHR status"),
                alt.Tooltip("dhr_count:Q", title="DHRs", format=","),
            ],
        )
    )
    labels = (
        alt.Chart(totals)
        .mark_text(dy=-8, fontSize=12, color=TEXT_DARK)
        .encode(
            x=x,
            y=alt.Y("total:Q"),
            text=alt.Text("total:Q", format=","),
            tooltip=[
                alt.Tooltip("year:N", title="Year of notification"),
                alt.Tooltip("total:Q", title="DHRs (all statuses)", format=","),
            ],
        )
    )
    return style(
        alt.layer(bars, labels).properties(height=320),
        "DHRs by year of notification",
        "Coloured by where each DHR is in the process",
    )


def dhrs_by_force_area_chart(df: pl.DataFrame, top_n: int | None = 15) -> alt.TopLevelMixin:
    """Horizontal bars of DHRs per force area, most first; `top_n=None` shows every force area."""
    agg = (
        df.group_by("force_area_name")
        .agg(pl.col("dhr_count").sum())
        .sort(["dhr_count", "force_area_name"], descending=[True, False])
    )
    total_areas = agg.height
    if top_n is not None:
        agg = agg.head(top_n)
    order = agg.get_column("force_area_name").to_list()
    y = alt.Y("force_area_name:N", sort=order, title=None, axis=alt.Axis(labelLimit=260))
    base = alt.Chart(agg).encode(
        y=y,
        x=alt.X("dhr_count:Q", title="DHRs", axis=COUNT_AXIS),
        tooltip=[
            alt.Tooltip("force_area_name:N", title="Force area"),
            alt.Tooltip("dhr_count:Q", title="DHRs", format=","),
        ],
    )
    bars = base.mark_bar(color=PRIMARY)
    labels = base.mark_text(align="left", dx=4, fontSize=12, color=TEXT_DARK).encode(
        text=alt.Text("dhr_count:Q", format=",")
    )
    shown = (
        f"Top {agg.height} of {total_areas} force areas"
        if agg.height < total_areas
        else (f"All {total_areas} force areas with DHRs" if total_areas > 1 else "The force area's DHRs")
    )
    return style(alt.layer(bars, labels).properties(height=alt.Step(ROW_STEP)), "DHRs by force area", shown)


def prepare_action_status(
    df: pl.DataFrame, group: str = "force_area_name", plot_width: int | None = None
) -> pl.DataFrame:
    """Segments for the action status bars: one row per group (force area, CSP, lead agency...) x
    status with start, end, mid point, the RAG word, its legend label and whether the word fits on
    the bar. ``group`` names the column of ``df`` that holds the bar's name; ``plot_width`` is the
    narrowest the plot is drawn (pixels), which decides whether a word fits; by default, that of a
    full-width drawing (``plot_width_px``)."""
    if plot_width is None:
        plot_width = plot_width_px(CHART_WIDTHS_PX[1], df.get_column(group).unique().to_list() if df.height else [])
    if df.height == 0:
        return df.with_columns(
            rag=pl.lit(None, pl.Utf8),
            legend_label=pl.lit(None, pl.Utf8),
            start=pl.lit(0),
            end=pl.lit(0),
            mid=pl.lit(0.0),
            bar_text=pl.lit(None, pl.Utf8),
            text_colour=pl.lit(None, pl.Utf8),
            area_rank=pl.lit(0),
            area_total=pl.lit(0),
            area_open=pl.lit(0),
        )
    rank = {word: i for i, word in enumerate(RAG_ORDER)}
    seg = (
        df.filter(pl.col("action_count") > 0)
        .with_columns(rag=pl.col("status").str.to_uppercase())
        .with_columns(
            rag_rank=pl.col("rag").replace_strict(rank, default=len(RAG_ORDER), return_dtype=pl.Int32),
            legend_label=pl.col("rag").replace_strict(RAG_DEFAULT_LABELS, default=pl.col("status_label")),
        )
        .group_by(group, "rag", "rag_rank", "legend_label")
        .agg(pl.col("action_count").sum(), pl.col("overdue_action_count").sum())
        .sort(group, "rag_rank")
        .with_columns(
            end=pl.col("action_count").cum_sum().over(group),
            area_total=pl.col("action_count").sum().over(group),
            area_open=pl.col("action_count").filter(pl.col("rag") != "COMPLETE").sum().over(group),
        )
        .with_columns(start=pl.col("end") - pl.col("action_count"))
        .with_columns(mid=(pl.col("start") + pl.col("end")) / 2)
    )
    if seg.height == 0:
        return prepare_action_status(df.clear(), group, plot_width)
    longest = max(1, int(seg.get_column("area_total").max() or 1))
    count_text = pl.col("action_count").cast(pl.Utf8)
    full = pl.col("rag") + " " + count_text
    short = pl.col("rag").str.slice(0, 1) + " " + count_text
    segment_px = pl.col("action_count") / longest * plot_width

    def fits(text: pl.Expr) -> pl.Expr:
        return segment_px >= text.str.len_chars() * CHAR_WIDTH_PX + LABEL_PADDING_PX

    seg = seg.with_columns(
        bar_text=pl.when(fits(full)).then(full).when(fits(short)).then(short).otherwise(None),
        text_colour=pl.col("rag").replace_strict(RAG_TEXT_COLOURS, default="#000000"),
    )
    areas = (
        seg.select(group, "area_open", "area_total")
        .unique()
        .sort(["area_open", "area_total", group], descending=[True, True, False])
        .with_row_index("area_rank")
    )
    return seg.join(areas.select(group, "area_rank"), on=group).sort("area_rank", "rag_rank")


def rag_scale(labels_in_data: Sequence[str] = ()) -> alt.Scale:
    """All four statuses, always in key order and colour, whichever appear in the data."""
    domain = [RAG_DEFAULT_LABELS[w] for w in RAG_ORDER]
    extra = [label for label in labels_in_data if label not in domain]
    return alt.Scale(domain=domain + extra, range=[RAG_COLOURS[w] for w in RAG_ORDER] + [UNKNOWN_COLOUR] * len(extra))


def action_status_chart(
    df: pl.DataFrame,
    group: str = "force_area_name",
    group_title: str = "Force area",
    title: str = "Action status by force area",
    top_n: int | None = None,
    legend_columns: int = 2,
    drawing_width: int = CHART_WIDTHS_PX[1],
) -> alt.TopLevelMixin:
    """Actions of the latest action-plan snapshots by group (force area by default), stacked
    RED/AMBER/GREEN/COMPLETE.

    `df` has one row per group x status with status, status_label, action_count and
    overdue_action_count (the grain of ``marts.rpt_action_status_by_force_area``). Groups with the
    most open (not COMPLETE) actions come first; ``top_n`` keeps only the first ones. Each segment
    is labelled with its status word and count where it is wide enough; the legend spells out
    the status key. ``drawing_width`` is the width the chart is drawn at (``pictures.CHART_WIDTHS_PX``).
    """
    names = df.get_column(group).unique().to_list() if df.height else []
    seg = prepare_action_status(df, group, plot_width_px(drawing_width, names))
    total_groups = seg.select(group).n_unique() if seg.height else 0
    if top_n is not None and seg.height:
        seg = seg.filter(pl.col("area_rank") < top_n)
    order = seg.sort("area_rank").get_column(group).unique(maintain_order=True).to_list()
    y = alt.Y(f"{group}:N", sort=order, title=None, axis=alt.Axis(labelLimit=260))
    tooltip = [
        alt.Tooltip(f"{group}:N", title=group_title),
        alt.Tooltip("legend_label:N", title="Status"),
        alt.Tooltip("action_count:Q", title="Actions", format=","),
        alt.Tooltip("overdue_action_count:Q", title="Of which overdue", format=","),
        alt.Tooltip("area_total:Q", title=f"All actions ({group_title.lower()})", format=","),
    ]
    legend_labels = seg.get_column("legend_label").unique().to_list() if seg.height else []
    bars = (
        alt.Chart(seg)
        .mark_bar(stroke="white", strokeWidth=1)
        .encode(
            y=y,
            x=alt.X("start:Q", title="Actions (latest action-plan snapshot)", axis=COUNT_AXIS),
            x2="end:Q",
            color=alt.Color(
                "legend_label:N",
                title="Status (RAG key)",
                scale=rag_scale(legend_labels),
                legend=alt.Legend(symbolStrokeWidth=0, columns=legend_columns),
            ),
            tooltip=tooltip,
        )
    )
    words = (
        alt.Chart(seg)
        .transform_filter("isValid(datum.bar_text)")
        .mark_text(fontSize=11, fontWeight="bold")
        .encode(y=y, x="mid:Q", text="bar_text:N", color=alt.Color("text_colour:N", scale=None), tooltip=tooltip)
    )
    subtitle: list[str] | str = (
        "Segments are labelled with their status (R, A, G, C where narrow); the table has counts and overdue actions"
    )
    if drawing_width < CHART_WIDTHS_PX[1]:  # a narrow chart: the subtitle on two lines
        subtitle = [
            "Segments are labelled with their status (R, A, G, C",
            "where narrow); the table has counts and overdue actions",
        ]
    if top_n is not None and len(order) < total_groups:
        subtitle = [
            f"The {len(order)} of {total_groups} with the most open actions",
            *([subtitle] if isinstance(subtitle, str) else subtitle),
        ]
    return style(alt.layer(bars, words).properties(height=alt.Step(ROW_STEP)), title, subtitle)


def action_status_table(
    df: pl.DataFrame, group: str = "force_area_name", group_title: str = "Force area"
) -> pl.DataFrame:
    """The action status chart as a table (one row per group, one column per status word),
    for people who cannot use the chart or want the exact numbers."""
    seg = prepare_action_status(df, group)
    if seg.height == 0:
        return pl.DataFrame(
            schema={
                group_title: pl.Utf8,
                **dict.fromkeys(RAG_ORDER, pl.Int64),
                "All actions": pl.Int64,
                "Overdue": pl.Int64,
            }
        )
    wide = seg.pivot(on="rag", index=[group, "area_rank"], values="action_count", aggregate_function="sum")
    overdue = seg.group_by(group).agg(pl.col("overdue_action_count").sum().alias("Overdue"))
    for word in RAG_ORDER:
        if word not in wide.columns:
            wide = wide.with_columns(pl.lit(0, pl.Int64).alias(word))
    return (
        wide.join(overdue, on=group)
        .sort("area_rank")
        .select(
            pl.col(group).alias(group_title),
            *[pl.col(w).fill_null(0).cast(pl.Int64) for w in RAG_ORDER],
            pl.sum_horizontal(*[pl.col(w).fill_null(0) for w in RAG_ORDER]).cast(pl.Int64).alias("All actions"),
            pl.col("Overdue").cast(pl.Int64),
        )
    )


# --------------------------------------------------------------------------------------------
# Audience pages (issue 4)
# --------------------------------------------------------------------------------------------

#: Shapes that go with CATEGORY_RANGE in the dot charts, so series differ by shape as well as colour.
SERIES_SHAPES = ["circle", "diamond", "square", "triangle-up", "cross", "triangle-down"]

#: The Commissioner's five-point scheme ('Learning from loss', 2025), best first, with colours.
IMPLEMENTATION_ORDER = ("fully_implemented", "already_happening", "partly_met", "not_met", "missing")
IMPLEMENTATION_COLOURS = {
    "fully_implemented": OKABE_ITO["bluish_green"],
    "already_happening": OKABE_ITO["sky_blue"],
    "partly_met": OKABE_ITO["yellow"],
    "not_met": OKABE_ITO["vermillion"],
    "missing": UNKNOWN_COLOUR,
}


def dhr_pipeline_chart(df: pl.DataFrame, top_n: int | None = 20) -> alt.TopLevelMixin:
    """DHRs per CSP stacked by DHR status (pipeline order, fixed colours), CSPs with the most open
    DHRs first, each segment labelled with its count.

    `df` has one row per CSP x status: csp_name, dhr_status, dhr_status_label, dhr_count
    (``data.oversight.get_dhr_status_by_csp``).
    """
    rank = {c: i for i, c in enumerate(DHR_STATUS_ORDER)}
    seg = (
        df.filter(pl.col("dhr_count") > 0)
        .with_columns(status_rank=pl.col("dhr_status").replace_strict(rank, default=len(rank), return_dtype=pl.Int32))
        .sort("csp_name", "status_rank")
        .with_columns(
            end=pl.col("dhr_count").cum_sum().over("csp_name"),
            csp_total=pl.col("dhr_count").sum().over("csp_name"),
            csp_open=pl.col("dhr_count")
            .filter(~pl.col("dhr_status").is_in(["published", "not_commissioned"]))
            .sum()
            .over("csp_name"),
        )
        .with_columns(start=pl.col("end") - pl.col("dhr_count"))
        .with_columns(mid=(pl.col("start") + pl.col("end")) / 2)
    )
    order = (
        seg.select("csp_name", "csp_open", "csp_total")
        .unique()
        .sort(["csp_open", "csp_total", "csp_name"], descending=[True, True, False])
        .get_column("csp_name")
        .to_list()
    )
    total = len(order)
    if top_n is not None:
        order = order[:top_n]
        seg = seg.filter(pl.col("csp_name").is_in(order))
    longest = max(1, int(seg.get_column("csp_total").max() or 1)) if seg.height else 1
    seg = seg.with_columns(
        bar_text=pl.when(pl.col("dhr_count") / longest * plot_width_px(CHART_WIDTHS_PX[1], order) >= 22)
        .then(pl.col("dhr_count").cast(pl.Utf8))
        .otherwise(None)
    )
    y = alt.Y("csp_name:N", sort=order, title=None, axis=alt.Axis(labelLimit=260))
    tooltip = [
        alt.Tooltip("csp_name:N", title="CSP"),
        alt.Tooltip("dhr_status_label:N", title="DHR status"),
        alt.Tooltip("dhr_count:Q", title="DHRs", format=","),
        alt.Tooltip("csp_total:Q", title="All DHRs of the CSP", format=","),
    ]
    bars = (
        alt.Chart(seg)
        .mark_bar(stroke="white", strokeWidth=1)
        .encode(
            y=y,
            x=alt.X("start:Q", title="DHRs", axis=COUNT_AXIS),
            x2="end:Q",
            color=alt.Color("dhr_status_label:N", title="DHR status", scale=dhr_status_scale(seg)),
            tooltip=tooltip,
        )
    )
    words = (
        alt.Chart(seg)
        .transform_filter("isValid(datum.bar_text)")
        .mark_text(fontSize=11, fontWeight="bold", color=TEXT_DARK)
        .encode(y=y, x="mid:Q", text="bar_text:N", tooltip=tooltip)
    )
    subtitle = "CSPs with the most DHRs still open first; the key names each colour"
    if len(order) < total:
        subtitle = [f"The {len(order)} of {total} CSPs with the most open DHRs", subtitle]
    return style(alt.layer(bars, words).properties(height=alt.Step(ROW_STEP)), "DHR pipeline by CSP", subtitle)


def status_trend_chart(df: pl.DataFrame, title: str = "Action status over the last quarters") -> alt.TopLevelMixin:
    """Actions by status at the end of each quarter (carry-forward rule of
    ``marts.rpt_action_status_by_quarter``), stacked RED/AMBER/GREEN/COMPLETE, each segment
    labelled with its status letter and count where it is tall enough.

    `df`: quarter, quarter_start, is_quarter_in_progress, status, status_label, action_count,
    overdue_action_count (``data.oversight.get_action_status_trend``).
    """
    rank = {word: i for i, word in enumerate(RAG_ORDER)}
    seg = (
        df.filter(pl.col("action_count") > 0)
        .with_columns(rag=pl.col("status").str.to_uppercase())
        .with_columns(
            rag_rank=pl.col("rag").replace_strict(rank, default=len(RAG_ORDER), return_dtype=pl.Int32),
            legend_label=pl.col("rag").replace_strict(RAG_DEFAULT_LABELS, default=pl.col("status_label")),
            quarter_label=pl.when(pl.col("is_quarter_in_progress"))
            .then(pl.col("quarter") + " (to date)")
            .otherwise(pl.col("quarter")),
        )
        .sort("quarter_start", "rag_rank")
        .with_columns(
            end=pl.col("action_count").cum_sum().over("quarter_start"),
            quarter_total=pl.col("action_count").sum().over("quarter_start"),
        )
        .with_columns(start=pl.col("end") - pl.col("action_count"))
        .with_columns(mid=(pl.col("start") + pl.col("end")) / 2)
    )
    tallest = max(1, int(seg.get_column("quarter_total").max() or 1)) if seg.height else 1
    plot_height = 300
    seg = seg.with_columns(
        bar_text=pl.when(pl.col("action_count") / tallest * plot_height >= 16)
        .then(pl.col("rag").str.slice(0, 1) + " " + pl.col("action_count").cast(pl.Utf8))
        .otherwise(None),
        text_colour=pl.col("rag").replace_strict(RAG_TEXT_COLOURS, default="#000000"),
    )
    quarters = seg.sort("quarter_start").get_column("quarter_label").unique(maintain_order=True).to_list()
    # "(to date)" on a line of its own: beside the quarter it ran into its neighbour's label when the
    # chart is drawn 560 px wide (issue 19).
    x = alt.X(
        "quarter_label:N",
        sort=quarters,
        title="Quarter (status at its last day)",
        axis=alt.Axis(labelAngle=0, labelExpr="split(replace(datum.label, ' (', '|('), '|')"),
    )
    tooltip = [
        alt.Tooltip("quarter_label:N", title="Quarter"),
        alt.Tooltip("legend_label:N", title="Status"),
        alt.Tooltip("action_count:Q", title="Actions", format=","),
        alt.Tooltip("overdue_action_count:Q", title="Of which overdue", format=","),
        alt.Tooltip("quarter_total:Q", title="All actions that quarter", format=","),
    ]
    legend_labels = seg.get_column("legend_label").unique().to_list() if seg.height else []
    bars = (
        alt.Chart(seg)
        .mark_bar(stroke="white", strokeWidth=1)
        .encode(
            x=x,
            y=alt.Y("start:Q", title="Actions", axis=COUNT_AXIS),
            y2="end:Q",
            color=alt.Color(
                "legend_label:N",
                title="Status (RAG key)",
                scale=rag_scale(legend_labels),
                legend=alt.Legend(symbolStrokeWidth=0),
            ),
            tooltip=tooltip,
        )
    )
    words = (
        alt.Chart(seg)
        .transform_filter("isValid(datum.bar_text)")
        .mark_text(fontSize=11, fontWeight="bold")
        .encode(x=x, y="mid:Q", text="bar_text:N", color=alt.Color("text_colour:N", scale=None), tooltip=tooltip)
    )
    return style(
        alt.layer(bars, words).properties(height=plot_height),
        title,
        "Each DHR counts with its latest quarterly update on or before the quarter's last day (R, A, G, C = status)",
    )


def dot_comparison_chart(
    df: pl.DataFrame,
    title: str,
    subtitle: str | Sequence[str] | None = None,
    x_title: str = "Share (%)",
    item_title: str = "Item",
) -> alt.TopLevelMixin:
    """Two or more series side by side on a 0-100% scale, one row per item: each series has its own
    colour AND shape, and the tooltip gives the share with its denominator.

    `df` (long): item, item_order, series, series_order, pct (0-100 or null), share_text
    ("37% (112 of 301)") and note (e.g. the Not known count); rows with a null pct are not drawn.
    """
    drawn = df.filter(pl.col("pct").is_not_null())
    items = df.sort("item_order").get_column("item").unique(maintain_order=True).to_list()
    series = df.sort("series_order").get_column("series").unique(maintain_order=True).to_list()
    y = alt.Y("item:N", sort=items, title=None, axis=alt.Axis(labelLimit=320))
    tooltip = [
        alt.Tooltip("item:N", title=item_title),
        alt.Tooltip("series:N", title="Series"),
        alt.Tooltip("share_text:N", title="Share"),
        alt.Tooltip("note:N", title="Not known / note"),
    ]
    rule = (
        alt.Chart(drawn)
        .mark_rule(color="#bbbbbb", strokeWidth=2)
        .encode(y=y, x=alt.X("min(pct):Q"), x2=alt.X2("max(pct):Q"))
    )
    dots = (
        alt.Chart(drawn)
        .mark_point(filled=True, size=110, opacity=1)
        .encode(
            y=y,
            x=alt.X("pct:Q", title=x_title, scale=alt.Scale(domain=[0, 100]), axis=alt.Axis(format="d")),
            color=alt.Color(
                "series:N",
                title=None,
                scale=alt.Scale(domain=series, range=CATEGORY_RANGE[: len(series)]),
            ),
            shape=alt.Shape("series:N", title=None, scale=alt.Scale(domain=series, range=SERIES_SHAPES[: len(series)])),
            tooltip=tooltip,
        )
    )
    return style(alt.layer(rule, dots).properties(height=alt.Step(22)), title, subtitle)


def published_by_year_chart(df: pl.DataFrame, year: int | None = None) -> alt.TopLevelMixin:
    """DHRs published each year, the report's year in a stronger colour and named in the label.

    `df`: published_year, dhr_count (``data.annual.get_published_by_year``).
    """
    chart_df = df.with_columns(
        year_label=pl.col("published_year").cast(pl.Utf8),
        is_selected=pl.col("published_year") == (year if year is not None else -1),
    ).with_columns(
        bar_label=pl.when(pl.col("is_selected"))
        .then(pl.col("dhr_count").cast(pl.Utf8) + " (this report)")
        .otherwise(pl.col("dhr_count").cast(pl.Utf8)),
        which=pl.when(pl.col("is_selected"))
        .then(pl.lit("Year of this report"))
        .otherwise(pl.lit("Earlier or later years")),
    )
    years = chart_df.get_column("year_label").to_list()
    x = alt.X("year_label:O", sort=years, title="Year of publication", axis=alt.Axis(labelAngle=0))
    tooltip = [
        alt.Tooltip("year_label:N", title="Year of publication"),
        alt.Tooltip("dhr_count:Q", title="DHRs published", format=","),
    ]
    bars = (
        alt.Chart(chart_df)
        .mark_bar()
        .encode(
            x=x,
            y=alt.Y("dhr_count:Q", title="DHRs published", axis=COUNT_AXIS),
            color=alt.Color(
                "which:N",
                title=None,
                scale=alt.Scale(
                    domain=["Year of this report", "Earlier or later years"], range=[PRIMARY, OKABE_ITO["sky_blue"]]
                ),
            ),
            tooltip=tooltip,
        )
    )
    labels = (
        alt.Chart(chart_df)
        .mark_text(dy=-8, fontSize=12, color=TEXT_DARK)
        .encode(x=x, y="dhr_count:Q", text="bar_label:N", tooltip=tooltip)
    )
    return style(
        alt.layer(bars, labels).properties(height=280),
        "DHRs published by year",
        "Published on or before the reporting date",
    )


def implementation_status_chart(df: pl.DataFrame) -> alt.TopLevelMixin:
    """National recommendations by status on the Commissioner's five-point scheme, each bar named
    on the axis and labelled with its count and share.

    `df`: one row per recommendation with implementation_status and implementation_status_label
    (``data.annual.get_national_recommendations``).
    """
    total = df.height
    observed = df.group_by("implementation_status", "implementation_status_label").agg(
        pl.len().cast(pl.Int64).alias("recommendation_count")
    )
    # Every status of the scheme gets a bar, with 0 where no recommendation has it.
    labels = code_lists().codes("implementation_status")
    missing = [c for c in IMPLEMENTATION_ORDER if c not in observed.get_column("implementation_status").to_list()]
    zeros = pl.DataFrame(
        {
            "implementation_status": missing,
            "implementation_status_label": [labels[c].label if c in labels else c for c in missing],
            "recommendation_count": [0] * len(missing),
        },
        schema=observed.schema,
    )
    counts = (
        pl.concat([observed, zeros])
        .with_columns(
            rank=pl.col("implementation_status").replace_strict(
                {c: i for i, c in enumerate(IMPLEMENTATION_ORDER)},
                default=len(IMPLEMENTATION_ORDER),
                return_dtype=pl.Int32,
            ),
            share_text=pct_text(pl.col("recommendation_count"), pl.lit(total)),
        )
        .sort("rank")
    )
    order = counts.get_column("implementation_status_label").to_list()
    scale = alt.Scale(
        domain=order,
        range=[
            IMPLEMENTATION_COLOURS.get(c, UNKNOWN_COLOUR) for c in counts.get_column("implementation_status").to_list()
        ],
    )
    y = alt.Y("implementation_status_label:N", sort=order, title=None, axis=alt.Axis(labelLimit=260))
    tooltip = [
        alt.Tooltip("implementation_status_label:N", title="Status"),
        alt.Tooltip("share_text:N", title="Recommendations"),
    ]
    base = alt.Chart(counts).encode(y=y, tooltip=tooltip)
    bars = base.mark_bar(stroke="#555555", strokeWidth=0.5).encode(
        x=alt.X("recommendation_count:Q", title="National recommendations", axis=COUNT_AXIS),
        color=alt.Color("implementation_status_label:N", scale=scale, legend=None),
    )
    labels = base.mark_text(align="left", dx=4, fontSize=12, color=TEXT_DARK).encode(
        x="recommendation_count:Q", text="share_text:N"
    )
    return style(
        alt.layer(bars, labels).properties(height=alt.Step(ROW_STEP)),
        "National recommendations by implementation status",
        "The Domestic Abuse Commissioner's five-point scheme; 'Missing' = no evidence recorded",
    )


def count_bar_chart(
    df: pl.DataFrame,
    label_col: str,
    count_col: str,
    title: str,
    label_title: str,
    count_title: str,
    subtitle: str | None = None,
) -> alt.TopLevelMixin:
    """Horizontal bars of one count per label, most first, each labelled with its count."""
    order = df.sort([count_col, label_col], descending=[True, False]).get_column(label_col).to_list()
    y = alt.Y(f"{label_col}:N", sort=order, title=None, axis=alt.Axis(labelLimit=280))
    tooltip = [
        alt.Tooltip(f"{label_col}:N", title=label_title),
        alt.Tooltip(f"{count_col}:Q", title=count_title, format=","),
    ]
    base = alt.Chart(df).encode(y=y, tooltip=tooltip)
    bars = base.mark_bar(color=PRIMARY).encode(x=alt.X(f"{count_col}:Q", title=count_title, axis=COUNT_AXIS))
    labels = base.mark_text(align="left", dx=4, fontSize=12, color=TEXT_DARK).encode(
        x=f"{count_col}:Q", text=alt.Text(f"{count_col}:Q", format=",")
    )
    return style(alt.layer(bars, labels).properties(height=alt.Step(ROW_STEP)), title, subtitle)


def heatmap_chart(
    df: pl.DataFrame, value_col: str, value_title: str, title: str, subtitle: str | None = None
) -> alt.TopLevelMixin:
    """Year of notification x region, one cell per pair holding its count as text on a single-hue
    scale (readable without colour: the number is always written).

    `df`: notification_year, region_name and ``value_col`` (summed over any other columns)."""
    agg = (
        df.group_by("notification_year", "region_name")
        .agg(pl.col(value_col).sum().alias("value"))
        .with_columns(year=pl.col("notification_year").cast(pl.Utf8))
        .sort("notification_year", "region_name")
    )
    top = max(1, int(agg.get_column("value").max() or 1)) if agg.height else 1
    agg = agg.with_columns(
        text_colour=pl.when(pl.col("value") > top * 0.55).then(pl.lit("#FFFFFF")).otherwise(pl.lit(TEXT_DARK))
    )
    years = agg.get_column("year").unique(maintain_order=True).to_list()
    tooltip = [
        alt.Tooltip("year:N", title="Year of notification"),
        alt.Tooltip("region_name:N", title="Region"),
        alt.Tooltip("value:Q", title=value_title, format=","),
    ]
    base = alt.Chart(agg).encode(
        x=alt.X("year:O", sort=years, title="Year of notification", axis=alt.Axis(labelAngle=0)),
        y=alt.Y("region_name:N", title=None, axis=alt.Axis(labelLimit=240)),
        tooltip=tooltip,
    )
    cells = base.mark_rect(stroke="white", strokeWidth=1).encode(
        color=alt.Color(
            "value:Q",
            title=value_title,
            scale=alt.Scale(scheme="blues"),
            legend=alt.Legend(orient="right", direction="vertical"),
        )
    )
    text = base.mark_text(fontSize=12).encode(
        text=alt.Text("value:Q", format=","), color=alt.Color("text_colour:N", scale=None)
    )
    layered = alt.layer(cells, text).resolve_scale(color="independent").properties(height=alt.Step(ROW_STEP))
    return style(layered, title, subtitle)


#: Fill of a suppressed cell in the Researcher heatmap: no colour scale, a '*' written on it.
SUPPRESSED_FILL = "#EEEEEE"


def controlled_heatmap(
    frame: pl.DataFrame,
    value_col: str,
    value_title: str,
    title: str,
    subtitle: str,
    national_name: str = "England and Wales",
) -> alt.TopLevelMixin:
    """Band x geography, one cell per published figure: a suppressed figure has no colour and a '*'.

    ``frame`` holds one row per band and geography (one item): nothing is summed, so what is drawn is
    exactly what the table and the downloads publish."""
    is_pct = value_col.endswith("_pct")
    shown = frame.select(
        pl.col("years"),
        pl.col("region_name"),
        pl.col(value_col).cast(pl.Float64).alias("value"),
    ).with_columns(
        label=pl.when(pl.col("value").is_null())
        .then(pl.lit(SUPPRESSED))
        .otherwise(pl.col("value").round(1).cast(pl.Utf8) if is_pct else pl.col("value").cast(pl.Int64).cast(pl.Utf8)),
    )
    bands = shown.get_column("years").unique(maintain_order=True).to_list()
    regions = [r for r in shown.get_column("region_name").unique(maintain_order=True).to_list() if r != national_name]
    order = [*regions, national_name]
    x = alt.X("years:O", sort=bands, title="Years of notification", axis=alt.Axis(labelAngle=0))
    y = alt.Y("region_name:N", sort=order, title=None, axis=alt.Axis(labelLimit=240))
    tooltip = [
        alt.Tooltip("years:N", title="Years of notification"),
        alt.Tooltip("region_name:N", title="Geography"),
        alt.Tooltip("label:N", title=value_title),
    ]
    base = alt.Chart(shown).encode(x=x, y=y, tooltip=tooltip)
    published = (
        base.transform_filter("datum.value != null")
        .mark_rect(stroke="white", strokeWidth=1)
        .encode(
            color=alt.Color(
                "value:Q", title=value_title, scale=alt.Scale(scheme="blues"), legend=alt.Legend(orient="right")
            )
        )
    )
    suppressed = base.transform_filter("datum.value == null").mark_rect(
        stroke="white", strokeWidth=1, color=SUPPRESSED_FILL
    )
    text = base.mark_text(fontSize=12, color=TEXT_DARK).encode(text="label:N")
    layered = alt.layer(published, suppressed, text).properties(height=alt.Step(ROW_STEP))
    return style(layered, title, subtitle)
