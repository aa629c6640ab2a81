-- Timeliness counts by notification year and region: the researcher topic, before pooling into year
-- bands and disclosure control. Counts only: a median cannot be recomputed from controlled counts,
-- so none is kept here (dhr/research.py releases counts and shares of counts).
select
    t.notification_year,
    d.region_name,
    count(*) as dhr_count,
    count(t.days_to_scoping_submission) as scoping_known_count,
    count(*) filter (where t.is_scoping_within_target) as scoping_within_target_count,
    count(t.days_to_completion) as completion_known_count,
    count(*) filter (where t.is_completed_within_target) as completed_within_target_count
from {{ ref('fct_dhr_timeliness') }} as t
inner join {{ ref('dim_dhrs') }} as d on d.dhr_id = t.dhr_id
where t.notification_year is not null
group by t.notification_year, d.region_name
