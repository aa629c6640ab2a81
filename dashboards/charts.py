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

from collections.abc import Sequence

import altair as alt
import polars as pl

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
#: Labels on bar segments: the plot is at least this wide in a wide-layout page (pixels), and a
#: bold 11px character takes about this many pixels. A segment gets `RED 12` when that fits, else
#: `R 12`, else nothing (the legend and tooltip still name it; the page offers the table too).
MIN_PLOT_WIDTH_PX = 600
CHAR_WIDTH_PX = 7.5
LABEL_PADDING_PX = 8

YEAR_NOT_KNOWN = "Not known"
#: Count axes: whole numbers only.
COUNT_AXIS = alt.Axis(tickMinStep=1, format=",d")
#: Height of one bar row in the horizontal charts (a Vega-Lite step, so titles and axes add to it).
ROW_STEP = 28


def style(chart: alt.TopLevelMixin, title: str, subtitle: str | Sequence[str] | None = None) -> alt.TopLevelMixin:
    """The shared theme: left-aligned title and subtitle, readable axes, no chart border."""
    params = {"text": title, "anchor": "start", "fontSize": 16, "font": FONT, "color": TEXT_DARK}
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
        else f"All {total_areas} force areas with DHRs"
    )
    return style(alt.layer(bars, labels).properties(height=alt.Step(ROW_STEP)), "DHRs by force area", shown)


def prepare_action_status(df: pl.DataFrame) -> pl.DataFrame:
    """Segments for the action status bars: one row per force area x status with start, end,
    mid point, the RAG word, its legend label and whether the word fits on the bar."""
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
        .group_by("force_area_name", "rag", "rag_rank", "legend_label")
        .agg(pl.col("action_count").sum(), pl.col("overdue_action_count").sum())
        .sort("force_area_name", "rag_rank")
        .with_columns(
            end=pl.col("action_count").cum_sum().over("force_area_name"),
            area_total=pl.col("action_count").sum().over("force_area_name"),
            area_open=pl.col("action_count").filter(pl.col("rag") != "COMPLETE").sum().over("force_area_name"),
        )
        .with_columns(start=pl.col("end") - pl.col("action_count"))
        .with_columns(mid=(pl.col("start") + pl.col("end")) / 2)
    )
    longest = max(1, int(seg.get_column("area_total").max() or 1))
    count_text = pl.col("action_count").cast(pl.Utf8)
    full = pl.col("rag") + " " + count_text
    short = pl.col("rag").str.slice(0, 1) + " " + count_text
    segment_px = pl.col("action_count") / longest * MIN_PLOT_WIDTH_PX

    def fits(text: pl.Expr) -> pl.Expr:
        return segment_px >= text.str.len_chars() * CHAR_WIDTH_PX + LABEL_PADDING_PX

    seg = seg.with_columns(
        bar_text=pl.when(fits(full)).then(full).when(fits(short)).then(short).otherwise(None),
        text_colour=pl.col("rag").replace_strict(RAG_TEXT_COLOURS, default="#000000"),
    )
    areas = (
        seg.select("force_area_name", "area_open", "area_total")
        .unique()
        .sort(["area_open", "area_total", "force_area_name"], descending=[True, True, False])
        .with_row_index("area_rank")
    )
    return seg.join(areas.select("force_area_name", "area_rank"), on="force_area_name").sort("area_rank", "rag_rank")


def rag_scale(labels_in_data: Sequence[str] = ()) -> alt.Scale:
    """All four statuses, always in key order and colour, whichever appear in the data."""
    domain = [RAG_DEFAULT_LABELS[w] for w in RAG_ORDER]
    extra = [label for label in labels_in_data if label not in domain]
    return alt.Scale(domain=domain + extra, range=[RAG_COLOURS[w] for w in RAG_ORDER] + [UNKNOWN_COLOUR] * len(extra))


def action_status_chart(df: pl.DataFrame) -> alt.TopLevelMixin:
    """Actions of the latest action-plan snapshots by force area, stacked RED/AMBER/GREEN/COMPLETE.

    `df` has the grain of ``marts.rpt_action_status_by_force_area``. Force areas with the most
    open (not COMPLETE) actions come first. Each segment is labelled with its status word and
    count where it is wide enough; the legend spells out the status key.
    """
    seg = prepare_action_status(df)
    order = seg.sort("area_rank").get_column("force_area_name").unique(maintain_order=True).to_list()
    y = alt.Y("force_area_name:N", sort=order, title=None, axis=alt.Axis(labelLimit=260))
    tooltip = [
        alt.Tooltip("force_area_name:N", title="Force area"),
        alt.Tooltip("legend_label:N", title="Status"),
        alt.Tooltip("action_count:Q", title="Actions", format=","),
        alt.Tooltip("overdue_action_count:Q", title="Of which overdue", format=","),
        alt.Tooltip("area_total:Q", title="All actions in force area", format=","),
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
                title="Status (004 Template 25 key)",
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
        .encode(y=y, x="mid:Q", text="bar_text:N", color=alt.Color("text_colour:N", scale=None), tooltip=tooltip)
    )
    return style(
        alt.layer(bars, words).properties(height=alt.Step(ROW_STEP)),
        "Action status by force area",
        "Segments are labelled with their status (R, A, G, C where narrow); hover for counts and overdue actions",
    )


def action_status_table(df: pl.DataFrame) -> pl.DataFrame:
    """The action status chart as a table (one row per force area, one column per status word),
    for people who cannot use the chart or want the exact numbers."""
    seg = prepare_action_status(df)
    if seg.height == 0:
        return pl.DataFrame(
            schema={
                "Force area": pl.Utf8,
                **dict.fromkeys(RAG_ORDER, pl.Int64),
                "All actions": pl.Int64,
                "Overdue": pl.Int64,
            }
        )
    wide = seg.pivot(on="rag", index=["force_area_name", "area_rank"], values="action_count", aggregate_function="sum")
    overdue = seg.group_by("force_area_name").agg(pl.col("overdue_action_count").sum().alias("Overdue"))
    for word in RAG_ORDER:
        if word not in wide.columns:
            wide = wide.with_columns(pl.lit(0, pl.Int64).alias(word))
    return (
        wide.join(overdue, on="force_area_name")
        .sort("area_rank")
        .select(
            pl.col("force_area_name").alias("Force area"),
            *[pl.col(w).fill_null(0).cast(pl.Int64) for w in RAG_ORDER],
            pl.sum_horizontal(*[pl.col(w).fill_null(0) for w in RAG_ORDER]).cast(pl.Int64).alias("All actions"),
            pl.col("Overdue").cast(pl.Int64),
        )
    )
