{#-
    Models and seeds land in the schema their folder sets in dbt_project.yml (staging,
    intermediate, marts, reference), not in "<target schema>_<custom schema>": there is one
    warehouse file per environment, so prefixes would only make the dashboards' queries longer.
-#}
{% macro generate_schema_name(custom_schema_name, node) -%}
    {%- if custom_schema_name is none -%}
        {{ target.schema }}
    {%- else -%}
        {{ custom_schema_name | trim }}
    {%- endif -%}
{%- endmacro %}
