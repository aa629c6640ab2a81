-- What changed between versions of a DHR's data capture form or scoping review (a resubmitted,
-- amended form): one row per field whose value differs from the version before. Only the case
-- fields and title-page fields that staging carries are compared, so no restricted field
-- (form_contract/spec.py, 003 L599-605) and no restricted value ever appears here. Codes are compared
-- and shown as codes, dates as YYYY-MM-DD; free text flagged by the privacy scan reads as
-- withheld (macros/privacy_masked.sql). The types of place of death and method of killing are
-- compared but their values read as withheld: they are restricted in the marts (dhr/access.py
-- RESTRICTED_MART_COLUMNS), and a value here would show them to every reader of this mart.

{%- set withheld_fields = "('place_of_death', 'method')" %}
{%- set withheld = "'[withheld: restricted]'" %}

{%- set fields = {
    'data_capture': {
        'relation': 'stg_dhr_forms__data_capture_cases',
        'columns': [
            ('csp_name_as_written', 'csp_name', 'Community Safety Partnership'),
            ('dhr_reference', 'dhr_reference', 'Local DHR reference'),
            ('force_area_name_as_written', 'force_area_name', 'Police force'),
            ('victim_pseudonym', 'victim_pseudonym', 'Victim pseudonym'),
            ('notification_date', 'notification_date', 'Date CSP notified of the death'),
            ('ho_notified_date', 'ho_notified_date', 'Date first notified to Home Office'),
            ('scoping_submitted_date', 'scoping_submitted_date', 'Date scoping review submitted to Home Office'),
            ('decision', 'decision', 'Decision'),
            ('death_type', 'death_type', 'Death type'),
            ('commenced_date', 'commenced_date', 'Date DHR commenced'),
            ('completed_date', 'completed_date', 'Date report completed'),
            ('submitted_date', 'submitted_date', 'Date submitted to Home Office'),
            ('published_date', 'published_date', 'Date published'),
            ('delay_reason', 'delay_reason', 'Main reason for delay'),
            ('place_of_death', 'place_of_death', 'Place of death'),
            ('method', 'method', 'Method of killing'),
            ('children_in_household', 'children_in_household', 'Number of children in household'),
        ],
    },
    'scoping_review': {
        'relation': 'stg_dhr_forms__scoping_review_reviews',
        'columns': [
            ('csp_name_as_written', 'csp_name', 'Community Safety Partnership'),
            ('dhr_reference', 'dhr_reference', 'Local DHR reference'),
            ('anonymised_identifier', 'anonymised_identifier', 'Anonymised identifier (pseudonym or number)'),
            ('notification_date', 'notification_date', 'Date CSP notified of the death'),
            ('scoping_submitted_date', 'submitted_date', 'Date the scoping review was submitted to the Home Office'),
            ('decision', 'decision', 'Decision'),
            ('death_type', 'death_type', 'Death type'),
        ],
    },
} %}

with

versions as (

    select * from {{ ref('int_form_versions') }}

),

field_values as (

    {%- for form_type, spec in fields.items() %}
    {%- for column, field, label in spec['columns'] %}
    select
        file_sha256,
        '{{ form_type }}' as form_type,
        '{{ field }}' as field,
        '{{ label }}' as field_label,
        {{ loop.index }} as field_order,
        cast({{ column }} as varchar) as field_value,
    from {{ ref(spec['relation']) }}
    {% if not loop.last %}union all{% endif %}
    {%- endfor %}
    {% if not loop.last %}union all{% endif %}
    {%- endfor %}

),

versioned as (

    select
        versions.dhr_id,
        versions.csp_code,
        versions.form_type,
        versions.version_number,
        versions.received_at,
        field_values.field,
        field_values.field_label,
        field_values.field_order,
        field_values.field_value,
    from field_values
    inner join versions
        on field_values.file_sha256 = versions.file_sha256
        and field_values.form_type = versions.form_type

),

compared as (

    select
        *,
        lag(field_value) over by_version as old_value,
        lag(received_at) over by_version as previous_received_at,
    from versioned
    window by_version as (partition by dhr_id, form_type, field order by version_number)

),

final as (

    select
        ----------  ids
        dhr_id || '|' || form_type || '|' || version_number || '|' || field as form_change_id,
        dhr_id,
        csp_code,

        ----------  text
        form_type,
        field,
        field_label,
        case when field in {{ withheld_fields }} and old_value is not null
            then {{ withheld }} else old_value end as old_value,
        case when field in {{ withheld_fields }} and field_value is not null
            then {{ withheld }} else field_value end as new_value,

        ----------  numerics
        version_number,
        field_order,

        ----------  timestamps
        received_at,
        previous_received_at,

    from compared
    where version_number > 1
        and field_value is distinct from old_value

)

select * from final
