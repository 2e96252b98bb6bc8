"""Lead detection for 细则第六条 (joins ``xinfang detect-leads``)."""

from __future__ import annotations
