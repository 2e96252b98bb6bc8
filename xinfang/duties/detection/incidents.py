"""Lead detection for 细则第七条第三项、第八条第三、四项 (joins ``xinfang detect-leads``)."""

from __future__ import annotations
