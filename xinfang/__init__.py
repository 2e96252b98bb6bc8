"""xinfang: the petition work responsibility system (信访工作责任制)."""

__version__ = "0.1.0"
