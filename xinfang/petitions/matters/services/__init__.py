"""Writes of petition matters: one function per step, keyword-only, each one transaction.

Every step checks the transition with ``xinfang.rules.procedure.check_transition``, computes
its clocks with ``xinfang.rules.deadlines.compute_deadline``, and writes a ``MatterEvent`` and an
audit entry in the same transaction. A refusal is ``MatterRefused`` (``code``, bilingual
message, basis); bad input is ``ValidationError``.
"""

from ..errors import IdempotencyConflict, MatterRefused
from .common import forget_calendar, handling_way_of, matter_calendar, procedural_actor
from .dispatch import (
    matter_accept,
    matter_decline,
    matter_route,
    matter_route_out,
    matter_send_to_discipline,
    matter_send_to_other_organ,
)
from .execution import matter_record_execution, opinion_record_execution
from .extension import (
    matter_extend,
    matter_extension_approve,
    matter_extension_refuse,
    matter_extension_request,
)
from .hearing import matter_hearing_end, matter_hearing_start
from .idempotency import intake_idempotent
from .index import matter_counts_rebuild, repeat_index_merge
from .intake import (
    MatterIntake,
    matter_receive,
    matter_register,
    matter_register_batch,
    matter_take_in,
    new_query_code,
)
from .objection import (
    matter_object,
    matter_objection_agree,
    matter_objection_refuse,
    matter_objection_withdraw,
    objection_deadline,
)
from .oversight import (
    category_create,
    category_update,
    handling_list_entry_create,
    handling_list_entry_update,
    matter_follow_up,
    matter_rate_satisfaction,
    rating_organs,
)
from .politics_law import matter_send_to_politics_law
from .procedure import (
    matter_clear_rereview_flag,
    matter_close,
    matter_conclude,
    matter_decide_rereview,
    matter_decide_review,
    matter_reply,
    matter_request_rereview,
    matter_request_review,
)
from .supervision import supervision_order_issue, supervision_order_reply

__all__ = [
    "IdempotencyConflict",
    "MatterIntake",
    "MatterRefused",
    "category_create",
    "category_update",
    "forget_calendar",
    "handling_list_entry_create",
    "handling_list_entry_update",
    "handling_way_of",
    "intake_idempotent",
    "matter_accept",
    "matter_calendar",
    "matter_clear_rereview_flag",
    "matter_close",
    "matter_conclude",
    "matter_counts_rebuild",
    "matter_decide_rereview",
    "matter_decide_review",
    "matter_decline",
    "matter_extend",
    "matter_extension_approve",
    "matter_extension_refuse",
    "matter_extension_request",
    "matter_follow_up",
    "matter_hearing_end",
    "matter_hearing_start",
    "matter_object",
    "matter_objection_agree",
    "matter_objection_refuse",
    "matter_objection_withdraw",
    "matter_rate_satisfaction",
    "matter_receive",
    "matter_record_execution",
    "matter_register",
    "matter_register_batch",
    "matter_reply",
    "matter_request_rereview",
    "matter_request_review",
    "matter_route",
    "matter_route_out",
    "matter_send_to_discipline",
    "matter_send_to_other_organ",
    "matter_send_to_politics_law",
    "matter_take_in",
    "new_query_code",
    "objection_deadline",
    "opinion_record_execution",
    "procedural_actor",
    "rating_organs",
    "repeat_index_merge",
    "supervision_order_issue",
    "supervision_order_reply",
]
