-- Each action-plan file is one snapshot of the DHR's plan, dated by its as_at_date
-- ("Progress as at", 003 L712). The latest snapshot is the one with the greatest as_at_date;
-- ties go to the file received last (docs/design.md section 4). A file with the same as_at_date
-- as a later-received one is a corrected resubmission of that quarter: it is superseded.
-- The governance arrangements in force at a snapshot (003 L776) are its own, or, when its cell is
-- empty, those of the latest earlier snapshot that states them: leaving the cell empty in a
-- quarterly update does not erase them, and a different text replaces them.

with

plans as (

    select * from {{ ref('stg_dhr_forms__action_plan_plans') }}

),

ranked as (

    select
        *,
        row_number() over (
            partition by dhr_id
            order by as_at_date desc nulls last, ingested_at desc nulls last, file_sha256 desc
        ) as snapshot_rank,
        row_number() over (
            partition by dhr_id, as_at_date
            order by ingested_at desc nulls last, file_sha256 desc
        ) as as_at_date_rank,
        count(*) over (partition by dhr_id) as snapshot_file_count,
    from plans

),

with_governance as (

    select
        *,
        first_value(nullif(trim(governance), '') ignore nulls) over (
            partition by dhr_id
            order by snapshot_rank
            rows between current row and unbounded following
        ) as governance_in_force,
    from ranked

),

final as (

    select
        ----------  ids
        file_sha256,
        dhr_id,
        csp_code,

        ----------  text
        dhr_reference,
        dhr_title,
        governance,
        governance_in_force,
        file_format,

        ----------  numerics
        snapshot_rank,
        snapshot_file_count,

        ----------  booleans
        snapshot_rank = 1 as is_latest_snapshot,
        as_at_date_rank > 1 as is_superseded,

        ----------  dates
        as_at_date,
        -- where the date came from: labelled, sentence, quarter, file name, or date received (issue 14)
        as_at_source,
        -- the DHR's progress dates, an optional status update at the head of the plan (issue 18)
        commissioned_date,
        commenced_date,
        tor_agreed_date,

        ----------  timestamps
        ingested_at,

    from with_governance

)

select * from final
