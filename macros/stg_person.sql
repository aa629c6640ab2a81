{#-
    Staging for a person sheet of the data capture form (Victims, Perpetrators): the same columns
    coded the same way (003 Annex A items 3-4; the protected characteristics of 003 L248), so one
    macro keeps the two from drifting apart. `extra_codes` adds columns one sheet has and the other
    has not (a perpetrator's verdict). Used only by staging models.
-#}
{% macro stg_person(source_table, id_name, extra_codes={}) -%}
with

source as (

    select * from {{ source('dhr_forms', source_table) }}

),

headers as (

    {{ form_headers('data_capture__cases') }}

),

renamed as (

    select
        ----------  ids
        source.file_sha256 || '#' || source.person_number as {{ id_name }},
        headers.dhr_id,
        source.file_sha256,
        headers.csp_code,

        ----------  lineage
        source.source_sheet,
        source.source_row,

        ----------  text
        source.pseudonym,

        ----------  codes
        {%- set codes = {
            'sex': 'sex', 'relationship': 'relationship', 'ethnicity': 'ethnicity',
            'nationality': 'nationality', 'immigration_status': 'immigration_status',
            'religion': 'religion', 'sexual_orientation': 'sexual_orientation',
            'disability': 'yes_no_not_known', 'gender_reassignment': 'yes_no_not_known',
            'marital_status': 'marital_status', 'pregnancy_maternity': 'yes_no_not_known',
        } %}
        {%- for column, code_list in codes.items() %}
        {{ code_from_value('source.' ~ column, code_list) }} as {{ column }},
        {%- endfor %}
        {%- for column, code_list in extra_codes.items() %}
        {{ code_from_value('source.' ~ column, code_list) }} as {{ column }},
        {%- endfor %}

        ----------  numerics
        source.person_number,
        source.age,

        ----------  timestamps
        headers.ingested_at,

    from source
    left join headers
        on source.file_sha256 = headers.file_sha256

)

select * from renamed
{%- endmacro %}
