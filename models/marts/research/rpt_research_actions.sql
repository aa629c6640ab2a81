-- Actions of the latest action-plan updates by notification year, region and status: the researcher
-- topic "Action-plan delivery", before pooling into year bands and disclosure control.
select
    d.notification_year,
    d.region_name,
    a.status_label as action_status,
    a.status_sort_order,
    count(*) as action_count,
    count(*) filter (where a.is_overdue) as overdue_action_count,
    count(*) filter (where a.completion_timeliness = 'on_time') as completed_on_time_count,
    count(*) filter (where a.is_complete and a.outcome_achieved = 'yes') as outcome_achieved_count
from {{ ref('fct_actions') }} as a
inner join {{ ref('dim_dhrs') }} as d on d.dhr_id = a.dhr_id
where d.notification_year is not null
group by d.notification_year, d.region_name, a.status_label, a.status_sort_order
