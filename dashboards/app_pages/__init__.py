"""One module per dashboard page; each holds only UI and is run by `dashboards/app.py`."""
