"""The form contract: every field of the three DHR forms, their code lists and records, defined once.

Imported by ingest (reading), `dhr.forms` (the template and filled-form writers), the synthetic
generator, the data dictionary and the dashboards. It imports nothing of theirs, so any of them
can depend on it without pulling in the others (issue 14: the pages and `dhr/` used to reach into
`ingest/` for these).
"""
