-- Emerging topics by year of publication: the NMF topics the theme step found across every
-- recommendation and scoping-learning text (dhr/themes/topics.py), with how many of the year's
-- texts load most on each, that share against the share in earlier years, and the year's three
-- texts that load most on it as examples. A topic is emerging in a year when it holds at least
-- two of the year's texts and its share is at least 1.5 times its share in earlier years (or it
-- had no text before). Topics catch learning the fixed taxonomy has no code for.

with

texts as (

    select * from {{ ref('dim_theme_texts') }}
    where topic_id is not null
        and published_year is not null

),

topics as (

    select distinct topic_id, topic_label, top_terms, topic_text_count
    from {{ ref('stg_themes__topics') }}

),

years as (

    select published_year, count(*) as year_text_count
    from texts
    group by published_year

),

by_year as (

    select
        published_year,
        topic_id,
        count(*) as text_count,
        list(text order by topic_weight_rank)[1:3] as example_texts,
    from (
        select
            *,
            row_number() over (partition by published_year, topic_id order by topic_weight desc, text_id)
                as topic_weight_rank,
        from texts
    )
    group by all

),

grid as (

    select years.published_year, years.year_text_count, topics.*
    from years
    cross join topics

),

with_history as (

    select
        grid.*,
        coalesce(by_year.text_count, 0) as text_count,
        coalesce(by_year.example_texts, []) as example_texts,
        (
            select count(*) from texts as earlier
            where earlier.published_year < grid.published_year and earlier.topic_id = grid.topic_id
        ) as earlier_text_count,
        (
            select count(*) from texts as earlier
            where earlier.published_year < grid.published_year
        ) as earlier_total_count,
    from grid
    left join by_year
        on grid.published_year = by_year.published_year
        and grid.topic_id = by_year.topic_id

),

final as (

    select
        ----------  ids
        published_year || '|' || topic_id as report_row_id,

        ----------  text
        topic_label,
        top_terms,
        example_texts,

        ----------  numerics
        published_year,
        topic_id,
        text_count,
        year_text_count,
        round(text_count / year_text_count, 4) as share_of_year,
        earlier_text_count,
        case when earlier_total_count > 0 then round(earlier_text_count / earlier_total_count, 4) end
            as share_of_earlier_years,
        topic_text_count as all_years_text_count,

        ----------  booleans
        text_count >= 2
            and (
                earlier_text_count = 0
                or text_count / year_text_count >= 1.5 * earlier_text_count / earlier_total_count
            ) as is_emerging,

    from with_history

)

select * from final
