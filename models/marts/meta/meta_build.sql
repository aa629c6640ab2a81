-- One row about the build that made this warehouse: when, for which reporting date, with which
-- dbt, and what it counted. `dhr build --if-stale` reads it to skip a build nothing would change.

with

dhrs as (

    select * from {{ ref('dim_dhrs') }}

),

actions as (

    select * from {{ ref('fct_actions') }}

),

ingested_files as (

    select * from {{ ref('stg_dhr_forms__ingested_files') }}

),

file_counts as (

    select
        count(*) filter (where is_accepted) as file_count,
        count(*) filter (where not is_accepted) as rejected_file_count,
        max(ingested_at) as latest_ingested_at,
    from ingested_files

),

final as (

    select
        -- UTC, like raw.ingested_files.ingested_at (ingest/load.py)
        timezone('UTC', now()) as built_at,
        {{ reporting_date() }} as reporting_date,
        '{{ dbt_version }}' as dbt_version,
        {% if var('build_fingerprint', none) %}'{{ var('build_fingerprint') }}'{% else %}cast(null as varchar){% endif %} as build_fingerprint,
        (select count(*) from dhrs) as dhr_count,
        (select count(*) from actions) as action_count,
        file_counts.file_count,
        file_counts.rejected_file_count,
        file_counts.latest_ingested_at,
    from file_counts

)

select * from final
