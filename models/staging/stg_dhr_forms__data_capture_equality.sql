-- One row per protected characteristic x subject on each data capture form (Equality sheet:
-- was the characteristic relevant to the review; 003 L757, L1091-1095). Shape shared:
-- macros/stg_grid_answers.sql.
{{ stg_grid_answers('data_capture__equality', 'characteristic_code', 'equality_answer_id') }}
