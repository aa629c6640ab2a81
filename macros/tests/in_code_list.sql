{#-
    Every non-null value of the column is a code of the named list in the code_lists seed
    (seeds/code_lists/code_lists.csv), the one source of truth for codes in Python and SQL.
    Passes on an empty table.
-#}
{% test in_code_list(model, column_name, code_list) %}

with

code_list_codes as (

    select code from {{ ref('code_lists') }}
    where code_list = '{{ code_list }}'

),

checked as (

    select {{ column_name }} as value
    from {{ model }}
    where {{ column_name }} is not null

),

final as (

    select
        value,
        count(*) as row_count,
    from checked
    where value not in (select code from code_list_codes)
    group by value

)

select * from final

{% endtest %}
