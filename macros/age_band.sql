{#-
    An adult's age as a Home Office DHR Library age band (code list `age_band`): 16-19, 20-24,
    25-34, 35-44, 45-54, 55-64, 65+; under 16 is kept for completeness (the DA Act 2021 covers
    a DHR reviews the death of a person aged 16 or over, 003 L99, L196). Bands are closed at both ends: 19 is 16_19, 20 is 20_24,
    64 is 55_64, 65 is 65_plus. Children are banded by `child_age_band` instead (003 L604).
-#}
{% macro age_band(age) -%}
    case
        when {{ age }} is null or {{ age }} < 0 then 'not_known'
        when {{ age }} < 16 then 'under_16'
        when {{ age }} <= 19 then '16_19'
        when {{ age }} <= 24 then '20_24'
        when {{ age }} <= 34 then '25_34'
        when {{ age }} <= 44 then '35_44'
        when {{ age }} <= 54 then '45_54'
        when {{ age }} <= 64 then '55_64'
        else '65_plus'
    end
{%- endmacro %}
