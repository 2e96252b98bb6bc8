"""The workbench's shapes (``xinfang.workflow.items``), for the parts of the duties app."""

from xinfang.workflow.items import OverviewRow, TodoItem

__all__ = ["OverviewRow", "TodoItem"]
