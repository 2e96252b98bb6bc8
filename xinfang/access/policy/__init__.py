"""The access chokepoints: every view, endpoint, export and notification goes through these.

- ``scope_for(user)`` derives roles and scope from the user's positions today;
- ``visible(user, queryset)`` filters any protected listing or export by scope and exclusion;
  ``visible_at_organ(user, queryset, organ=)`` the same for the rows one organ owns (a queue);
- ``access_record_by_id`` / ``access_organ_by_id`` / ``access_organ_records_by_id`` /
  ``access_working_organ`` fetch one object or raise ``Http404`` (out of scope looks exactly
  like not found) and log the denial in the audit trail;
- ``may_notify`` / ``notification_recipients`` decide who may be told about a record;
- ``assert_routable`` refuses routing a record to an accused unit (细则第十一条第八项);
- ``can_read_accountability_record`` is the predicate for accountability records (第十七条).

A protected model names the organ that owns each row with ``ACCESS_ORGAN_FIELD`` (a lookup such
as ``"organ"``) and may name linked records whose accusations also hide it with
``ACCESS_LINKED_RECORDS``: pairs of lookup and model label, such as
``("matters", "petitions.matter")``. ``ACCESS_EXTRA_ORGAN_FIELDS`` names further organs that
work on the record and so may read it (the organs handling a petitioner's matters).
"""

from __future__ import annotations

from .exclusion import (
    OrganExclusion,
    accusing_record_ids,
    exclude_conflicts,
    exclusion_at_organ,
    recused_record_ids,
)
from .reads import (
    access_organ_by_id,
    access_organ_records_by_id,
    access_record_by_id,
    access_working_organ,
    assert_may_act_in,
    can_read,
    denial_reason,
    log_denial,
    record_among_or_404,
    record_scope_q,
    records_organs,
    visibility_key,
    visible,
    visible_at_organ,
    visible_organs,
)
from .records import can_read_accountability_record
from .routing import (
    RoutingRefused,
    accused_organ_ids,
    assert_routable,
    may_notify,
    notification_recipients,
)
from .scoping import forget_scope, organ_scope_q, scope_for

__all__ = [
    "OrganExclusion",
    "RoutingRefused",
    "access_organ_by_id",
    "access_organ_records_by_id",
    "access_record_by_id",
    "access_working_organ",
    "accused_organ_ids",
    "accusing_record_ids",
    "assert_may_act_in",
    "assert_routable",
    "can_read",
    "can_read_accountability_record",
    "denial_reason",
    "exclude_conflicts",
    "exclusion_at_organ",
    "forget_scope",
    "log_denial",
    "may_notify",
    "notification_recipients",
    "organ_scope_q",
    "record_among_or_404",
    "record_scope_q",
    "records_organs",
    "recused_record_ids",
    "scope_for",
    "visibility_key",
    "visible",
    "visible_at_organ",
    "visible_organs",
]
