{#-
    Free text flagged by ingest's privacy scan (ingest/privacy_scan.py, raw.text_findings) is
    withheld from staging and so from every intermediate model and mart: the text is replaced by
    the sentence below (the same as ingest.privacy_scan.WITHHELD_TEXT). Used in a staging model as

        privacy_findings as ( {{ privacy_findings('action_plan__actions') }} ),
        ...
        {{ privacy_masked('filled.action', 'action') }} as action,
        coalesce(privacy_findings.has_privacy_finding, false) as has_privacy_finding,
        ...
        left join privacy_findings
            on  privacy_findings.file_sha256 = filled.file_sha256
            and privacy_findings.source_sheet is not distinct from filled.source_sheet
            and privacy_findings.source_row is not distinct from filled.source_row
-#}
{% macro withheld_text() -%}
    '[withheld: this text may contain personal details]'
{%- endmacro %}

{% macro privacy_findings(raw_table) -%}
    select
        file_sha256,
        source_sheet,
        source_row,
        list(distinct field order by field) as flagged_fields,
        true as has_privacy_finding,
    from {{ ref('stg_dhr_forms__text_findings') }}
    where raw_table = '{{ raw_table }}'
    group by file_sha256, source_sheet, source_row
{%- endmacro %}

{% macro privacy_masked(column, field, findings='privacy_findings') -%}
    case
        when list_contains({{ findings }}.flagged_fields, '{{ field }}') then {{ withheld_text() }}
        else {{ column }}
    end
{%- endmacro %}
