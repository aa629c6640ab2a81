{#-
    Fans each row of `relation` (a CTE with force_area_code, csp_code and notification_year) out
    to every scope a case-level report is cut by, so one GROUP BY gives national, force-area and
    CSP figures for each notification year and for all years together:

      geography_level  national (geography_code K04000001, England and Wales) | force_area | csp
      period_type      all_years (notification_year null) | year

    A row with no force area or CSP is counted nationally only; a row with no notification year
    is counted in all_years only. Used by the rpt_ models of the case-level families; the
    geography names come from dim_geographies.
-#}
{% macro report_scopes(relation) -%}
    select
        {{ relation }}.* exclude (notification_year),
        report_geography.geography_level,
        report_geography.geography_code,
        report_period.period_type,
        report_period.report_year as notification_year,
    from {{ relation }}
    cross join lateral (
        values
            ('national', 'K04000001'),
            ('force_area', {{ relation }}.force_area_code),
            ('csp', {{ relation }}.csp_code)
    ) as report_geography(geography_level, geography_code)
    cross join lateral (
        values
            ('all_years', cast(null as integer)),
            ('year', {{ relation }}.notification_year)
    ) as report_period(period_type, report_year)
    where report_geography.geography_code is not null
        and (report_period.period_type = 'all_years' or report_period.report_year is not null)
{%- endmacro %}
