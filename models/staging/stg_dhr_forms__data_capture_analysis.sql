-- One row per Annex A item 10 factor x subject on each data capture form (Analysis sheet;
-- 003 Annex A item 10), answered Yes / No / Not known. Shape shared: macros/stg_grid_answers.sql.
{{ stg_grid_answers('data_capture__analysis', 'factor_code', 'analysis_answer_id') }}
