"""What the matter endpoints share: the acting organ, input errors, and the output shapes.

Nothing here decides the law or access: the services and the chokepoints do. This module turns
ids into objects (or field errors), picks the organ a user acts for, and renders matters as
the dictionaries the output schemas describe — with the petitioner masked.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from typing import Any

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from xinfang.orgs.models import Organ, Person
from xinfang.orgs.selectors import intake_organs_of_user
from xinfang.petitions.matters import selectors as matter_selectors
from xinfang.petitions.matters.choices import (
    Channel,
    HandlingWay,
    HearingStage,
    LegalRoute,
    MatterState,
    OpinionKind,
    OpinionStage,
    OtherOrgan,
    ReplyOutcome,
    RouteKind,
)
from xinfang.petitions.matters.detail import matter_detail_for
from xinfang.petitions.matters.models import (
    Category,
    FollowUp,
    HandlingListEntry,
    Hearing,
    Matter,
    MatterRoute,
    Opinion,
    Reply,
    SupervisionOrder,
)
from xinfang.petitions.matters.routing import Suggestion
from xinfang.prepared import prepared_get

#: A matter is "due soon" when its organ step is due within this many days (today included).


class MatterInputInvalid(Exception):
    """A service refused the input of a matter endpoint (bad field values): HTTP 422.

    Wraps Django's ``ValidationError`` so matter endpoints answer 422 with the fields named as
    the request names them (``to_organ_id``, not the service's ``to_organ``).
    """

    def __init__(self, error: ValidationError, renames: Mapping[str, str] | None = None) -> None:
        self.error = error
        self.renames = {**REQUEST_FIELDS, **(renames or {})}
        super().__init__(str(error))

    def fields(self) -> dict[str, list[str]]:
        """The errors by the request's own field names (``to_organ_id``, not ``to_organ``)."""
        if hasattr(self.error, "error_dict"):
            return {
                self.renames.get(field, field): [
                    message for item in items for message in item.messages
                ]
                for field, items in self.error.error_dict.items()
            }
        return {"__all__": list(self.error.messages)}


#: The services' field names (model fields) as the request bodies name them.
REQUEST_FIELDS = {
    "organ": "organ_id",
    "to_organ": "to_organ_id",
    "category": "category_id",
    "approver": "approver_id",
    "petitioner": "petitioner_id",
    "accused_organs": "accused_organ_ids",
    "accused_persons": "accused_person_ids",
}


@contextmanager
def service_input(**renames: str) -> Iterator[None]:
    """Run a service; its ``ValidationError`` becomes ``MatterInputInvalid`` (422), its fields
    named as the request names them (``renames`` for this endpoint's own names)."""
    try:
        yield
    except ValidationError as exc:
        raise MatterInputInvalid(exc, renames) from None


def field_error(field: str, message: str, code: str = "invalid") -> MatterInputInvalid:
    return MatterInputInvalid(ValidationError({field: ValidationError(message, code=code)}))


# ---------------------------------------------------------------------------------------------
# Ids to objects


def organ_by_id(organ_id: int | None, *, field: str) -> Organ:
    """A target organ named by id (any active organ of the registry), or a field error.

    Targets of routing, review and supervision may lie outside the user's scope (a higher
    organ, another district); the services check what may be sent where.
    """
    organ = prepared_get(Organ, pk=organ_id) if organ_id else None
    if organ is None or not organ.is_active:
        raise field_error(field, _("机关不存在。"), "not_found")
    return organ


def organs_by_ids(ids: list[int], *, field: str) -> list[Organ]:
    if not ids:
        return []
    found = {organ.pk: organ for organ in Organ.objects.filter(pk__in=ids)}
    if set(ids) - set(found):
        raise field_error(field, _("机关不存在。"), "not_found")
    return [found[i] for i in dict.fromkeys(ids)]


def persons_by_ids(ids: list[int], *, field: str) -> list[Person]:
    if not ids:
        return []
    found = {person.pk: person for person in Person.objects.filter(pk__in=ids)}
    if set(ids) - set(found):
        raise field_error(field, _("人员不存在。"), "not_found")
    return [found[i] for i in dict.fromkeys(ids)]


def category_by_id(category_id: int | None) -> Category | None:
    if category_id is None:
        return None
    category = prepared_get(Category, pk=category_id)
    if category is None or not category.is_active:
        raise field_error("category_id", _("分类不存在。"), "not_found")
    return category


def active_categories() -> list[Category]:
    """The categories a form or a client may choose from (not protected data)."""
    return list(Category.objects.filter(is_active=True).order_by("code"))


def intake_organ(user: Any, organ_id: int | None) -> Organ:
    """The organ a user registers for: the one named, else the user's petition office."""
    if organ_id is not None:
        return organ_by_id(organ_id, field="organ_id")
    candidates = intake_organs_of_user(user)
    if not candidates:
        raise field_error("organ_id", _("请指明登记机关。"), "required")
    return candidates[0]


def acting_organ(user: Any, matter: Matter, organ_id: int | None = None) -> Organ:
    """The organ the user acts for on this matter: the one named (an active organ, else 422 on
    ``organ_id``), else the one the selectors pick (``acting_organ_for``), which the service
    refuses with the reason when it may not take the step."""
    if organ_id is not None:
        return organ_by_id(organ_id, field="organ_id")
    return matter_selectors.acting_organ_for(user, matter)


# ---------------------------------------------------------------------------------------------
# Output


def organ_ref(organ: Organ | None) -> dict[str, Any] | None:
    if organ is None:
        return None
    return {"id": organ.pk, "name": organ.name}


def label(choices: Any, value: str) -> str:
    if not value:
        return ""
    try:
        return str(choices(value).label)
    except ValueError:
        return value


def matter_out(matter: Matter, today: dt.date | None = None) -> dict[str, Any]:
    """A matter as lists and steps answer it: no petitioner, no content."""
    category = matter.category
    return {
        "id": matter.pk,
        "state": matter.state,
        "state_label": label(MatterState, matter.state),
        "channel": matter.channel,
        "channel_label": label(Channel, matter.channel),
        "is_collective": matter.is_collective,
        "headcount": matter.headcount,
        "representatives": matter.representatives,
        "received_at": matter.received_at,
        "registered_at": matter.registered_at,
        "registering_organ": organ_ref(matter.registering_organ),
        "current_organ": organ_ref(matter.current_organ),
        "handling_organ": organ_ref(matter.handling_organ),
        "region_code": matter.region_code,
        "category": (
            {
                "id": category.pk,
                "code": category.code,
                "name": category.name,
                "name_en": category.name_en,
            }
            if category
            else None
        ),
        "summary": matter.summary,
        "may_be_public": matter.may_be_public,
        "is_accusation": matter.is_accusation,
        "legal_route": matter.legal_route,
        "other_organ": matter.other_organ,
        "profile": matter.profile,
        "action_period": matter.action_period,
        "action_due": matter.action_due,
        "action_paused": matter.action_paused,
        "request_due": matter.request_due,
        **matter_selectors.time_flags(matter, today or timezone.localdate()),
        "satisfaction": matter.satisfaction,
        "final_at": matter.final_at,
    }


def repeat_out(links: Any) -> list[dict[str, Any]]:
    return [
        {
            "earlier_id": link.earlier_id,
            "score": link.score,
            "reason": link.reason,
            "same_petitioner": link.same_petitioner,
            "similar": link.similar,
            "earlier_state": link.earlier.state,
            "earlier_summary": link.earlier.summary,
        }
        for link in links
    ]


def suggestion_out(suggestions: list[Suggestion]) -> list[dict[str, Any]]:
    return [
        {
            "organ": organ_ref(s.organ),
            "kind": s.kind,
            "reason": str(s.reason),
            "basis": list(s.basis),
            "legal_route": s.legal_route,
            "entry_id": s.entry_id,
        }
        for s in suggestions
    ]


def opinion_out(opinion: Opinion) -> dict[str, Any]:
    return {
        "id": opinion.pk,
        "stage": opinion.stage,
        "stage_label": label(OpinionStage, opinion.stage),
        "kind": opinion.kind,
        "kind_label": label(OpinionKind, opinion.kind),
        "organ": organ_ref(opinion.organ),
        "facts": opinion.facts,
        "reasons": opinion.reasons,
        "legal_basis": opinion.legal_basis,
        "issued_at": opinion.issued_at,
        "execution_due": opinion.execution_due,
        "executed_at": opinion.executed_at,
        "execution_note": opinion.execution_note,
    }


def reply_out(reply: Reply | None) -> dict[str, Any] | None:
    if reply is None:
        return None
    return {
        "id": reply.pk,
        "outcome": reply.outcome,
        "outcome_label": label(ReplyOutcome, reply.outcome),
        "organ": organ_ref(reply.organ),
        "text": reply.text,
        "issued_at": reply.issued_at,
    }


def supervision_out(order: SupervisionOrder) -> dict[str, Any]:
    return {
        "id": order.pk,
        "matter_id": order.matter_id,
        "issuing_organ": organ_ref(order.issuing_organ),
        "to_organ": organ_ref(order.to_organ),
        "issued_at": order.issued_at,
        "instructions": order.instructions,
        "reply_due": order.reply_due,
        "reply_provisional": order.reply_provisional,
        "basis": list(order.basis or []),
        "replied_at": order.replied_at,
        "reply": order.reply,
        "level": order.level,
        "level_label": str(order.get_level_display()),
        "subject": order.subject,
        "subject_label": str(order.get_subject_display()),
        "opinion_id": order.opinion_id,
        "escalated_from_id": order.escalated_from_id,
        "escalation_reason": order.escalation_reason,
        "circulation_scope": order.circulation_scope,
    }


def follow_up_out(follow_up: FollowUp) -> dict[str, Any]:
    return {
        "id": follow_up.pk,
        "matter_id": follow_up.matter_id,
        "organ": organ_ref(follow_up.organ),
        "at": follow_up.at,
        "method": follow_up.method,
        "notes": follow_up.notes,
        "satisfaction": follow_up.satisfaction,
    }


def hearing_out(hearing: Hearing) -> dict[str, Any]:
    return {
        "id": hearing.pk,
        "matter_id": hearing.matter_id,
        "organ": organ_ref(hearing.organ),
        "stage": hearing.stage,
        "stage_label": label(HearingStage, hearing.stage),
        "pauses": hearing.pauses,
        "started_on": hearing.started_on,
        "ended_on": hearing.ended_on,
        "place": hearing.place,
        "note": hearing.note,
        "excluded_days": hearing.excluded_days,
        "basis": list(hearing.basis or []),
        "recorded_by": hearing.recorded_by,
        "recorded_at": hearing.recorded_at,
        "ended_by": hearing.ended_by,
        "ended_at": hearing.ended_at,
    }


def route_out(route: MatterRoute) -> dict[str, Any]:
    return {
        "id": route.pk,
        "kind": route.kind,
        "kind_label": label(RouteKind, route.kind),
        "from_organ": organ_ref(route.from_organ),
        "to_organ": organ_ref(route.to_organ),
        "routed_at": route.routed_at,
        "report_due": route.report_due,
        "reported_at": route.reported_at,
        "returned_at": route.returned_at,
        "note": route.note,
    }


#: Event details that name earlier matters (the repeats found at registration).
_MATTER_ID_DETAILS = ("repeats", "same_request_after_rereview")


def event_details_out(details: Any, *, readable: set[int]) -> Any:
    """An event's details as the reader may see them: earlier matters named only when the
    reader may read them (the same rule as the repeat links), never one accusing the reader."""
    if not isinstance(details, dict) or not any(k in details for k in _MATTER_ID_DETAILS):
        return details
    shown = dict(details)
    if isinstance(shown.get("repeats"), list):
        shown["repeats"] = [pk for pk in shown["repeats"] if pk in readable]
    if shown.get("same_request_after_rereview") not in readable:
        shown.pop("same_request_after_rereview", None)
    return shown


def matter_detail_out(matter: Matter, *, user: Any) -> dict[str, Any]:
    """One matter in full for a reader in scope: content, masked petitioner, clocks, events."""
    detail = matter_detail_for(user, matter)
    matter = detail.matter
    readable = detail.readable_earlier_ids
    return {
        **matter_out(matter),
        "content": matter.content,
        "accused_names": matter.accused_names,
        "petitioner": detail.petitioner,
        "petitioner_withheld": detail.petitioner_withheld,
        "handling_way": matter.handling_way,
        "handling_way_label": label(HandlingWay, matter.handling_way),
        "clocks": [
            {
                "period": clock.period,
                "organ": organ_ref(clock.organ) if clock.organ_id else None,
                "started_on": clock.started_on,
                "days": clock.days,
                "extension_days": clock.extension_days,
                "due": clock.due,
                "provisional": clock.provisional,
                "basis": list(clock.basis or []),
                "stopped_on": clock.stopped_on,
                "stopped_by": clock.stopped_by,
                "paused_on": clock.paused_on,
                "paused_days": clock.paused_days,
            }
            for clock in detail.clocks
        ],
        "timeline": [
            {
                "id": event.pk,
                "at": event.at,
                "actor": event.actor,
                "organ": organ_ref(event.organ),
                "action": event.action,
                "from_state": event.from_state,
                "to_state": event.to_state,
                "details": event_details_out(event.details, readable=readable),
                "basis": list(event.basis or []),
            }
            for event in detail.timeline
        ],
        "opinions": [opinion_out(o) for o in detail.opinions],
        "reply": reply_out(detail.reply),
        "routes": [route_out(r) for r in detail.routes],
        "supervision_orders": [supervision_out(o) for o in detail.supervision_orders],
        "follow_ups": [follow_up_out(f) for f in detail.follow_ups],
        "hearings": [hearing_out(h) for h in detail.hearings],
        "repeats": repeat_out(detail.repeats),
        "objection_due": detail.objection.due if detail.objection is not None else None,
    }


def handling_entry_out(entry: HandlingListEntry) -> dict[str, Any]:
    return {
        "id": entry.pk,
        "department": organ_ref(entry.department),
        "category_id": entry.category_id,
        "request_type": entry.request_type,
        "legal_route": entry.legal_route,
        "legal_route_label": label(LegalRoute, entry.legal_route),
        "responsible_unit": organ_ref(entry.responsible_unit),
        "responsible_unit_name": entry.responsible_unit_name,
        "time_limit_days": entry.time_limit_days,
        "legal_basis": entry.legal_basis,
        "is_active": entry.is_active,
    }


__all__ = [
    "LegalRoute",
    "MatterInputInvalid",
    "OtherOrgan",
    "acting_organ",
    "active_categories",
    "category_by_id",
    "field_error",
    "handling_entry_out",
    "hearing_out",
    "intake_organ",
    "matter_detail_out",
    "matter_out",
    "organ_by_id",
    "organs_by_ids",
    "persons_by_ids",
    "service_input",
    "suggestion_out",
    "supervision_out",
]
