{#-
    The combination of columns identifies a row (the model's grain). Nulls compare equal, so two
    rows with a null in the same place count as duplicates. Passes on an empty table.
-#}
{% test unique_combination(model, columns) %}

with

final as (

    select
        {% for column in columns %}{{ column }}, {% endfor %}
        count(*) as row_count,
    from {{ model }}
    group by all
    having count(*) > 1

)

select * from final

{% endtest %}
