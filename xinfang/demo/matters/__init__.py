"""Demo petition matters over the demo Chongqing, written through the matter services.

About two hundred matters in the staffed districts (渝中, 江北, 沙坪坝, 万州, 城口) and at the
municipal level, placed in the past relative to the run date so that the demo always has
matters overdue now, due soon and concluded: registered, routed, accepted, extended, concluded,
reviewed, re-reviewed, declined, routed out, sent to the discipline bodies; repeat petitions,
a collective visit, accusations, supervision orders and handling-list entries (细则第五条).

Deterministic (a fixed seed and fixed texts; only the petitioners' random query codes differ)
and idempotent: the run ends with a ``demo.matters_loaded`` audit entry, and a run that finds
it writes nothing. Every act goes through a service with ``at=`` set, one act at a time in
date order, inside one transaction (one commit; the audit trail verifies).
"""

from .load import (
    MARKER_ACTION,
    REQUIRED_ORGANS,
    DemoMattersResult,
    demo_matters_present,
    load_demo_matters,
)
from .writer import DEMO_ACTOR, ORGAN_USERS, SEED

__all__ = [
    "DEMO_ACTOR",
    "MARKER_ACTION",
    "ORGAN_USERS",
    "REQUIRED_ORGANS",
    "SEED",
    "DemoMattersResult",
    "demo_matters_present",
    "load_demo_matters",
]
