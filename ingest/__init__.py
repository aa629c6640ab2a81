"""Ingest: read the forms CSPs send (.xlsx, .docx), validate them and load the raw layer."""
