with

source as (

    select * from {{ source('dhr_forms', 'data_capture__cases') }}

),

ingested_files as (

    select * from {{ source('dhr_forms', 'ingested_files') }}

),

renamed as (

    select
        ----------  ids
        {{ dhr_id('source.csp_code', 'source.dhr_reference') }} as dhr_id,
        source.file_sha256,
        source.csp_code,

        ----------  lineage
        source.source_sheet,
        source.source_row,

        ----------  text
        trim(source.dhr_reference) as dhr_reference,
        source.csp_name as csp_name_as_written,
        source.force_area_name as force_area_name_as_written,
        source.victim_pseudonym,

        ----------  codes
        {{ code_from_value('source.decision', 'scoping_decision') }} as decision,
        {{ code_from_value('source.death_type', 'death_type') }} as death_type,
        {{ code_from_value('source.delay_reason', 'delay_reason') }} as delay_reason,
        {{ code_from_value('source.place_of_death', 'place_of_death') }} as place_of_death,
        {{ code_from_value('source.method', 'method') }} as method,

        ----------  numerics
        source.children_in_household,
        -- derived from the restricted date of death, which itself stops here (003 L602)
        cast(source.notification_date - source.death_date as integer) as days_from_death_to_notification,

        ----------  dates
        source.notification_date,
        source.ho_notified_date,
        source.scoping_submitted_date,
        source.decision_date,
        source.commissioned_date,
        source.commenced_date,
        source.tor_agreed_date,
        source.completed_date,
        source.submitted_date,
        source.qa_response_date,
        source.published_date,
        -- month and year only (003 L602)
        cast(date_trunc('month', source.death_date) as date) as death_month,

        ----------  timestamps
        ingested_files.ingested_at,

        -- dropped as restricted (form_contract/spec.py, 003 L599-605): review_chair_name,
        -- report_author_name, death_date, place_of_death_detail, method_detail

    from source
    left join ingested_files
        on source.file_sha256 = ingested_files.file_sha256

)

select * from renamed
