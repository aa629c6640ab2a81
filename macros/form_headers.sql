{#-
    The header row of each file of a form (the row holding csp_code and dhr_reference), with its
    DHR key and when the file was received. Child tables (victims, early actions, actions ...)
    join to it on file_sha256 to know which DHR they belong to. Used only by staging models.
-#}
{% macro form_headers(header_table) -%}
    select
        headers.file_sha256,
        {{ dhr_id('headers.csp_code', 'headers.dhr_reference') }} as dhr_id,
        headers.csp_code,
        ingested_files.ingested_at,
    from {{ source('dhr_forms', header_table) }} as headers
    left join {{ source('dhr_forms', 'ingested_files') }} as ingested_files
        on headers.file_sha256 = ingested_files.file_sha256
{%- endmacro %}
