{#-
    Staging for a grid sheet of the data capture form: one row per item x subject with a coded
    answer (Analysis = 003 Annex A item 10, Equality, Agency contact). The three sheets share their
    shape, so one macro keeps their keys and coding identical. Used only by staging models.
-#}
{% macro stg_grid_answers(source_table, item_column, id_name) -%}
{%- set subject_type = code_from_value('source.subject_type', 'subject_type') -%}
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
        source.file_sha256 || '#' || lower(trim(source.{{ item_column }})) || '#' || {{ subject_type }} as {{ id_name }},
        headers.dhr_id,
        source.file_sha256,
        headers.csp_code,

        ----------  lineage
        source.source_sheet,
        source.source_row,

        ----------  codes
        lower(trim(source.{{ item_column }})) as {{ item_column }},
        {{ subject_type }} as subject_type,
        -- An answer ingest could not map ('cannabis daily' for a yes/no question) is kept as written in
        -- the raw row's as_written and counts here as not known: the form does not say Yes or No plainly.
        coalesce({{ code_from_value('source.answer', 'yes_no_not_known') }}, 'not_known') as answer,

        ----------  timestamps
        headers.ingested_at,

    from source
    left join headers
        on source.file_sha256 = headers.file_sha256

)

select * from renamed
{%- endmacro %}
