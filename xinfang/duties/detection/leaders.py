"""Lead detection for 细则第七条、第八条第二项 (joins ``xinfang detect-leads``)."""

from __future__ import annotations
