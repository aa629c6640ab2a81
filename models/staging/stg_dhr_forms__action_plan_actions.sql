with

source as (

    select * from {{ source('dhr_forms', 'action_plan__actions') }}

),

headers as (

    {{ form_headers('action_plan__plans') }}

),

privacy_findings as (

    -- free text flagged by ingest's privacy scan is withheld from here on (macros/privacy_masked.sql)
    {{ privacy_findings('action_plan__actions') }}

),

numbered as (

    -- The recommendation number is the part of the action number before the dot (003 L779-786)
    -- when the cell is empty (a merged cell read without filling down).
    select
        *,
        coalesce(
            recommendation_number,
            try_cast(split_part(trim(action_number), '.', 1) as integer)
        ) as recommendation_number_filled,
    from source

),

filled as (

    -- Recommendation-level cells are merged down over their actions on the form (docs/design.md
    -- 1.3): an empty cell takes the value written on the recommendation's first action row.
    select
        *,
        {%- for column in [
            'recommendation',
            'recommendation_level',
            'addressee',
            'implementation_status',
            'addressee_notified_date',
            'response_date',
            'response',
            'recommendation_completion_date',
        ] %}
        coalesce(
            {{ column }},
            first_value({{ column }} ignore nulls) over recommendation_rows
        ) as {{ column }}_filled,
        {%- endfor %}
    from numbered
    window recommendation_rows as (
        partition by file_sha256, recommendation_number_filled
        order by source_row
        rows between unbounded preceding and unbounded following
    )

),

renamed as (

    select
        ----------  ids
        headers.dhr_id || '#' || trim(filled.action_number) as action_id,
        filled.file_sha256 || '#' || trim(filled.action_number) as action_form_id,
        headers.dhr_id,
        filled.file_sha256,
        headers.csp_code,

        ----------  lineage
        filled.source_sheet,
        filled.source_row,

        ----------  text
        trim(filled.action_number) as action_number,
        {{ privacy_masked('filled.recommendation_filled', 'recommendation') }} as recommendation,
        {{ privacy_masked('filled.addressee_filled', 'addressee') }} as addressee,
        {{ privacy_masked('filled.action', 'action') }} as action,
        {{ privacy_masked('filled.lead_agency', 'lead_agency') }} as lead_agency,
        filled.lead_agencies,
        {{ privacy_masked('filled.outcome', 'outcome') }} as outcome,
        {{ privacy_masked('filled.responsible_lead', 'responsible_lead') }} as responsible_lead,
        {{ privacy_masked('filled.milestones', 'milestones') }} as milestones,
        {{ privacy_masked('filled.progress', 'progress') }} as progress,
        {{ privacy_masked('filled.response_filled', 'response') }} as response,

        ----------  codes
        {{ code_from_value('filled.recommendation_level_filled', 'recommendation_level') }} as recommendation_level,
        {{ code_from_value('filled.status', 'action_status') }} as status,
        -- the status as written ('Ongoing', 'Blue'), and how it was read: text, key, word, colour, progress text
        filled.status_text,
        filled.status_source,
        {{ code_from_value('filled.outcome_achieved', 'outcome_achieved') }} as outcome_achieved,
        {{ code_from_value('filled.implementation_status_filled', 'implementation_status') }} as implementation_status,

        ----------  numerics
        filled.recommendation_number_filled as recommendation_number,

        ----------  dates
        filled.target_date,
        filled.completion_date,
        filled.addressee_notified_date_filled as addressee_notified_date,
        filled.response_date_filled as response_date,
        filled.recommendation_completion_date_filled as recommendation_completion_date,

        ----------  booleans
        coalesce(privacy_findings.has_privacy_finding, false) as has_privacy_finding,

        ----------  timestamps
        headers.ingested_at,

    from filled
    left join headers
        on filled.file_sha256 = headers.file_sha256
    left join privacy_findings
        on filled.file_sha256 = privacy_findings.file_sha256
        and filled.source_sheet is not distinct from privacy_findings.source_sheet
        and filled.source_row is not distinct from privacy_findings.source_row

)

select * from renamed
