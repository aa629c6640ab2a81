{#-
    The DHR key (docs/design.md section 4): the CSP's ONS code, a colon, and the local DHR
    reference upper-cased with everything but letters and digits removed, so "DHR/2021/03" and
    "dhr 2021-03" written by the same CSP are the same case, whatever form they arrive on.
-#}
{% macro dhr_id(csp_code, dhr_reference) -%}
    ({{ csp_code }} || ':' || upper(regexp_replace({{ dhr_reference }}, '[^A-Za-z0-9]', '', 'g')))
{%- endmacro %}
