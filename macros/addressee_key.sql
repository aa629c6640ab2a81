{#-
    An addressee name folded for matching against the recommendation_addressees seed: lower case,
    `&` read as `and`, every run of other characters a single space, a leading `the` dropped.
    "The Home Office", "home office" and "HOME-OFFICE" all fold to `home office`.
-#}
{% macro addressee_key(column) -%}
    regexp_replace(
        trim(regexp_replace(replace(lower({{ column }}), '&', ' and '), '[^a-z0-9]+', ' ', 'g')),
        '^the ',
        ''
    )
{%- endmacro %}
