"""The duties' lead detectors, registered with ``xinfang detect-leads`` when the app is ready.

Each part registers its detectors and the renderers of its summaries
(``xinfang.accountability.detection.register_detector``,
``xinfang.accountability.summaries.register_summary``) in its own module.
"""

from . import agenda, evidence, incidents, leaders, recommendations, supervision

__all__ = ["agenda", "evidence", "incidents", "leaders", "recommendations", "supervision"]
