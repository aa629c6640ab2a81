"""DHR Learning Warehouse: the `dhr` command and the code that is not ingest or dashboards."""

__version__ = "0.1.0"
