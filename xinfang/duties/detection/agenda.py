"""Lead detection for 细则第四条 (joins ``xinfang detect-leads``)."""

from __future__ import annotations
