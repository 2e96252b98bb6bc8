"""Petition matters and everything recorded about them (细则第五条、第六条、第八条).

The procedure (states, transitions, periods) is the rules core's (``xinfang.rules``); these
tables record what happened and the clocks that run. Time-derived states are never stored:
a matter is overdue when ``action_due < today`` and its clock is not paused by a hearing
(``action_paused``), which the indexes of ``Matter`` answer directly.

One module per concern; every model is imported here, so Django finds them all and
``from xinfang.petitions.matters.models import Matter`` works as before.
"""

from __future__ import annotations

from .attachments import Attachment
from .bookkeeping import IdempotencyKey, OrganStateCount
from .categories import Category, HandlingListEntry
from .handling import ExtensionRequest, FollowUp, Hearing, Opinion, Reply, SupervisionOrder
from .history import MatterClock, MatterEvent, MatterRoute
from .matter import Matter
from .repeats import MatterBandKey, MatterFingerprint, RecentBandKey, RepeatLink, StopBandKey

__all__ = [
    "Attachment",
    "Category",
    "ExtensionRequest",
    "FollowUp",
    "HandlingListEntry",
    "Hearing",
    "IdempotencyKey",
    "Matter",
    "MatterBandKey",
    "MatterClock",
    "MatterEvent",
    "MatterFingerprint",
    "MatterRoute",
    "Opinion",
    "OrganStateCount",
    "RecentBandKey",
    "RepeatLink",
    "Reply",
    "StopBandKey",
    "SupervisionOrder",
]
