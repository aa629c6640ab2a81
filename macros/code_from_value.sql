{#-
    A form value as its code-list code. Forms are written with the code-list label
    ("Domestic homicide"), the bare status word ("RED") or the code itself; ingest may store any
    of these. Matching folds case and trims; a value that is neither a code nor a label of the
    list is kept as written (lower-cased) so the in_code_list test reports it instead of it
    silently turning into null.

    The codes and labels are read from the code_lists seed when the model is compiled and written
    into a CASE expression: a join or subquery per code column made the staging views slow to plan.
-#}
{% macro code_from_value(column, code_list) -%}
    {%- set value = 'lower(trim(' ~ column ~ '))' -%}
    case
    {%- for row in code_list_rows(code_list) %}
        when {{ value }} in ({{ sql_string(row[0] | lower) }}, {{ sql_string(row[1] | lower) }}) then {{ sql_string(row[0]) }}
    {%- endfor %}
        else nullif({{ value }}, '')
    end
{%- endmacro %}


{#- (code, label) of every code of the list, in sort order; empty while dbt parses. -#}
{% macro code_list_rows(code_list) -%}
    {#- the ref makes every model that maps codes depend on the seed, so the seed is built first -#}
    {%- set seed_ref = ref('code_lists') -%}
    {%- if not execute -%}
        {{ return([]) }}
    {%- endif -%}
    {#- read the seed table itself: in a unit test ref() names the fixture CTE, and the graph is
        not available there, so fall back to the seeds' schema (dbt_project.yml: reference) -#}
    {%- set node = (graph.get('nodes') or {}).get('seed.' ~ project_name ~ '.code_lists') -%}
    {%- if node -%}
        {%- set relation = api.Relation.create(database=node.database, schema=node.schema, identifier=node.alias) -%}
    {%- else -%}
        {%- set relation = api.Relation.create(database=target.database, schema='reference', identifier='code_lists') -%}
    {%- endif -%}
    {%- set result = run_query(
        'select code, label from ' ~ relation ~ ' where code_list = ' ~ sql_string(code_list) ~ ' order by sort_order, code'
    ) -%}
    {%- set rows = [] -%}
    {%- for row in result.rows -%}
        {%- do rows.append([row[0], row[1]]) -%}
    {%- endfor -%}
    {%- if rows | length == 0 -%}
        {{ exceptions.raise_compiler_error("code list '" ~ code_list ~ "' is not in the code_lists seed") }}
    {%- endif -%}
    {{ return(rows) }}
{%- endmacro %}


{#- A SQL string literal. -#}
{% macro sql_string(text) -%}
    '{{ text | replace("'", "''") }}'
{%- endmacro %}
