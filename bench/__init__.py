"""`make bench`: the warehouse measured at national scale, against baselines measured in the same run (issue 8).

Modules: `stats` (percentiles, rates), `floor` (zip + XML parse, no interpretation), `baseline`
(a straightforward openpyxl/python-docx reader), `memory` (peak RSS of a process tree),
`phases` (ingest, build, incremental update, dashboards, export), `report` (results.json and
the Markdown table) and `run` (the command: `python -m bench.run`).
"""
