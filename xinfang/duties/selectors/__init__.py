"""Reads of the duties app, through the access chokepoints (``xinfang.access.policy``).

One module a part of the seed (see ``xinfang.duties.models``); ``todo`` gathers what waits on
a user and what an organ owes from all of them; ``settings`` gives a duty setting's value.
"""

from .items import OverviewRow, TodoItem
from .settings import SettingValue, duty_setting
from .todo import organ_overview, todo_for

__all__ = ["OverviewRow", "SettingValue", "TodoItem", "duty_setting", "organ_overview", "todo_for"]
