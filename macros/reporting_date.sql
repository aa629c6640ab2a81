{#-
    The date "overdue" and the DHR status are judged at: the reporting_date var (YYYY-MM-DD) as a
    DATE literal, or current_date when the var is not set. `dhr build` sets it from
    --reporting-date or DHR_REPORTING_DATE (docs/design.md sections 3-4).
-#}
{% macro reporting_date() -%}
    {%- set value = var('reporting_date', none) -%}
    {%- if value is none or (value | string | trim) in ('', 'None', 'none', 'null') -%}
        current_date
    {%- else -%}
        {%- set iso = modules.datetime.date.fromisoformat(value | string | trim) -%}
        date '{{ iso.isoformat() }}'
    {%- endif -%}
{%- endmacro %}
