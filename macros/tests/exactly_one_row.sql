{#-
    The model holds exactly one row (e.g. marts.meta_build). Returns a row when it does not.
-#}
{% test exactly_one_row(model) %}

with

final as (

    select count(*) as row_count
    from {{ model }}
    having count(*) <> 1

)

select * from final

{% endtest %}
