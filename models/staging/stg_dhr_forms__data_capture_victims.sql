-- One row per victim on each data capture form received (Victims sheet; 003 Annex A item 3).
-- The columns and their coding are shared with the Perpetrators sheet: see macros/stg_person.sql.
{{ stg_person('data_capture__victims', 'victim_form_id') }}
