{#-
    One reason a file was rejected, as a mart may carry it (fct_files_received): without the file's
    name, which can name the victim or the family (no mart carries a file name), and with the values
    quoted from cells after the reason's colon shown as '…'. What stays says where the problem is
    (sheet, row, column) and what it is, so a CSP officer can fix the file:
        "The file, sheet 'Action plan', row 14, 'Target date': '…' is not a real date".
    Ingest words every reason as "<file name>, <where>: <what>" (ingest/parsed.py, Problems).
-#}
{% macro sender_reason(message, file_name) -%}
{%- set base_name = "regexp_extract(" ~ file_name ~ ", '[^/]+$')" -%}
{%- set named = "replace(replace(" ~ message ~ ", " ~ file_name ~ ", 'The file'), " ~ base_name ~ ", 'The file')" -%}
case
    when starts_with({{ named }}, 'The file') and strpos({{ named }}, ': ') > 0
        then {{ named }}[1:strpos({{ named }}, ': ') + 1]
            || regexp_replace({{ named }}[strpos({{ named }}, ': ') + 2:], '''[^'']*''', '''…''', 'g')
    when strpos({{ named }}, ': ') > 0
        then 'The file: ' || regexp_replace({{ named }}[strpos({{ named }}, ': ') + 2:], '''[^'']*''', '''…''', 'g')
    else 'The file: ' || regexp_replace({{ named }}, '''[^'']*''', '''…''', 'g')
end
{%- endmacro %}
