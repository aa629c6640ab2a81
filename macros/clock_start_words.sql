{#-
    A clock's start_basis (int_dhr_clocks) in words for a label: 'commissioned' -> 'commissioning',
    'notification+28d' -> 'notification + 28 days'. The same words as dashboards/figures.py
    CLOCK_EVENTS, which words the next-duty tables.
-#}
{% macro clock_start_words(basis) -%}
    (
        case split_part({{ basis }}, '+', 1)
            when 'notification' then 'notification'
            when 'first_known' then 'the first date known'
            when 'decision' then 'the decision'
            when 'scoping_submitted' then 'the scoping review sent'
            when 'ho_notified' then 'the Home Office told'
            when 'commissioned' then 'commissioning'
            when 'commenced' then 'commencement'
            when 'submitted' then 'submission'
            when 'death' then 'the death'
            else replace(split_part({{ basis }}, '+', 1), '_', ' ')
        end
        || case
            when contains({{ basis }}, '+') then
                ' + ' || regexp_extract({{ basis }}, '\+([0-9]+)', 1)
                || case right({{ basis }}, 1) when 'd' then ' days' when 'm' then ' month(s)' else ' year(s)' end
            else ''
        end
    )
{%- endmacro %}
