-- One row per perpetrator on each data capture form received (Perpetrators sheet; 003 Annex A
-- item 4), with the verdict besides the columns shared with victims (macros/stg_person.sql).
{{ stg_person('data_capture__perpetrators', 'perpetrator_form_id', extra_codes={'verdict': 'verdict'}) }}
