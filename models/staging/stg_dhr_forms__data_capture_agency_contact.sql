-- One row per agency x subject on each data capture form (Agency contact sheet: was the agency in
-- contact before the death; digest 6.2). Shape shared: macros/stg_grid_answers.sql.
{{ stg_grid_answers('data_capture__agency_contact', 'agency_code', 'agency_contact_id') }}
