{#-
    A child's age as a band: children's exact age is not published (003 L604, L753).
-#}
{% macro child_age_band(age) -%}
    case
        when {{ age }} is null then 'not_known'
        when {{ age }} < 5 then '0-4'
        when {{ age }} < 11 then '5-10'
        when {{ age }} < 16 then '11-15'
        else '16+'
    end
{%- endmacro %}
