"""The oversight's lead detectors, registered with ``xinfang detect-leads`` when the app is ready
(``xinfang.accountability.detection.register_detector``), one module per part."""

from . import inspections

__all__ = ["inspections"]
