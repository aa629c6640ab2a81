"""Downloads built from the same data-layer calls as the pages: the quarterly progress update in the
003 Annex B layout (``annex_b``), the Commissioner's annual thematic report (``annual``) and the
researcher's tables (``research``). Builders return bytes; no Streamlit here except through
``dashboards.data``'s caches."""
