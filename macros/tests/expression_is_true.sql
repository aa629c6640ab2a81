{#-
    A boolean SQL expression holds on every row (optionally only where `where_clause` holds).
    Returns the rows where it does not. Passes on an empty table.
-#}
{% test expression_is_true(model, expression, where_clause=none) %}

with

final as (

    select *
    from {{ model }}
    where not coalesce(({{ expression }}), false)
    {% if where_clause %}and ({{ where_clause }}){% endif %}

)

select * from final

{% endtest %}
