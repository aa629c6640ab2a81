-- One row per version of a DHR's data capture form or scoping review: when each arrived, which
-- one the marts use, and how many of its fields changed from the version before (fct_form_changes).

with

versions as (

    select * from {{ ref('int_form_versions') }}

),

changes as (

    select * from {{ ref('fct_form_changes') }}

),

change_counts as (

    select
        dhr_id,
        form_type,
        version_number,
        count(*) as changed_field_count,
    from changes
    group by dhr_id, form_type, version_number

),

final as (

    select
        ----------  ids
        versions.form_version_id,
        versions.dhr_id,
        versions.csp_code,

        ----------  text
        versions.form_type,

        ----------  numerics
        versions.version_number,
        versions.version_count,
        cast(coalesce(change_counts.changed_field_count, 0) as integer) as changed_field_count,

        ----------  booleans
        versions.is_latest_version,

        ----------  timestamps
        versions.received_at,

    from versions
    left join change_counts
        on versions.dhr_id = change_counts.dhr_id
        and versions.form_type = change_counts.form_type
        and versions.version_number = change_counts.version_number

)

select * from final
