"""Streamlit dashboards over the DHR Learning Warehouse marts (read-only)."""
