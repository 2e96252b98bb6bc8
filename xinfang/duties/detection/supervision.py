"""Lead detection for 细则第六条 (joins ``xinfang detect-leads``).

Nothing of its own: a supervision order at any rung (催办, 督办, 通报) left unanswered past its
reply date is accountability's ``supervision`` detector (``supervision_unanswered``, 细则第十一条
第一款第二项); an overdue coordination task is a flag on the workbench, not a lead.
"""

from __future__ import annotations
