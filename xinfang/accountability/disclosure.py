"""Signals of disclosure to the accused (细则第十一条第一款第八项: 违反规定将信访群众揭发控告
材料或者有关情况透露、转给被揭发控告人或单位).

The access chokepoints already refuse the accused; what the data can still show is that the
accusation, or the accuser, may have reached them anyway:

- ``denied``: accounts of an accused unit (or the accused person) refused an accusing matter —
  any refusal whose reason is the accusation (they were looking for it), or at least
  ``signal_access_denials`` refusals by one unit's accounts (a pattern);
- ``revealed``: a petitioner's identity revealed (``petitioner.revealed``) by an account that is
  accused, or recused, in one of that petitioner's matters (before or after the reveal);
- ``routed``: a matter transferred or assigned to an organ it accuses (or where the accused
  person serves) — against the organ that sent it.

Each is a signal of the highest priority; only the head of the petition office and the
discipline organs read it (``selectors.cases``).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.contrib.contenttypes.models import ContentType
from django.db.models import CharField, Q, QuerySet
from django.db.models.functions import Cast

from xinfang.access.choices import DenialReason
from xinfang.access.models import Accusation, Recusal
from xinfang.audit.models import AuditEntry
from xinfang.orgs.models import Organ, Person, Position
from xinfang.orgs.selectors import held_on
from xinfang.petitions.matters.models import Matter, MatterEvent, MatterRoute
from xinfang.rules.profiles import profile_in_force

from .choices import LeadKind
from .signals import entry_ref, local_day, people_of_actors, record_signal, user_of_actor

if TYPE_CHECKING:
    from .detection import DetectionReport

KIND = LeadKind.DISCLOSURE_TO_ACCUSED
#: Refusals whose reason is the accusation itself.
ACCUSATION_REASONS = (DenialReason.ACCUSED_PERSON, DenialReason.ACCUSED_UNIT)
EVIDENCE_ENTRIES = 10


@dataclass
class Accused:
    """Whom one matter accuses."""

    organ_ids: set[int] = field(default_factory=set)
    person_ids: set[int] = field(default_factory=set)
    accusation_ids: list[int] = field(default_factory=list)


def access_denials_min(on: dt.date) -> int:
    """How many refusals by one unit's accounts make a pattern (a policy value)."""
    return profile_in_force(on).duty("signal_access_denials").value


def _matter_type() -> ContentType:
    return ContentType.objects.get_for_model(Matter)


def _accusing() -> QuerySet[Accusation]:
    """The accusations that petition matters make."""
    return Accusation.objects.filter(content_type=_matter_type())


def _as_text(rows: QuerySet[Any], field: str) -> QuerySet[Any]:
    """A subquery of the ids in ``field`` of ``rows`` as the audit trail's text object ids."""
    texts: QuerySet[Any] = rows.annotate(text=Cast(field, CharField())).values("text")
    return texts


def _accused(matter_ids: set[int]) -> dict[int, Accused]:
    found: dict[int, Accused] = defaultdict(Accused)
    rows = Accusation.objects.filter(
        content_type=_matter_type(), object_id__in=sorted(matter_ids)
    ).order_by("id")
    for accusation in rows:
        accused = found[accusation.object_id]
        accused.accusation_ids.append(accusation.pk)
        if accusation.accused_organ_id is not None:
            accused.organ_ids.add(accusation.accused_organ_id)
        if accusation.accused_person_id is not None:
            accused.person_ids.add(accusation.accused_person_id)
    return dict(found)


def _accused_organ(person_id: int, day: dt.date, accused: Accused) -> Organ | None:
    """The organ where the person served on ``day`` that the matter accuses (the unit, an organ
    in its subtree, or any organ of the accused person), or None."""
    positions = Position.objects.filter(held_on(day), person_id=person_id).select_related("organ")
    for position in positions.order_by("start", "id"):
        organ = position.organ
        if person_id in accused.person_ids or accused.organ_ids.intersection(
            int(part) for part in organ.path.strip("/").split("/") if part
        ):
            return organ
    return None


def _entry_ref(entry: AuditEntry) -> dict[str, Any]:
    return {**entry_ref(entry), "reason": str(entry.details.get("reason", ""))}


def _person_of_user(user_id: int | None) -> int | None:
    if user_id is None:
        return None
    return Person.objects.filter(user_id=user_id).values_list("pk", flat=True).first()


def _denials(report: DetectionReport, *, actor: Any, since: dt.date) -> None:
    entries = list(
        AuditEntry.objects.filter(
            action="access.denied",
            object_type="petitions.matter",
            object_id__in=_as_text(_accusing(), "object_id"),
            at__date__gte=since,
        ).order_by("seq")
    )
    ids = {int(e.object_id) for e in entries if e.object_id.isdigit()}
    accused_by_matter = _accused(ids)
    groups: dict[tuple[int, int], list[tuple[AuditEntry, int]]] = defaultdict(list)
    organs: dict[int, Organ] = {}
    for entry in entries:
        accused = accused_by_matter.get(int(entry.object_id)) if entry.object_id.isdigit() else None
        person_id = _person_of_user(user_of_actor(entry.actor))
        if accused is None or person_id is None:
            continue
        organ = _accused_organ(person_id, local_day(entry.at), accused)
        if organ is None:
            continue
        organs[organ.pk] = organ
        groups[(int(entry.object_id), organ.pk)].append((entry, person_id))
    threshold = access_denials_min(report.today)
    for (matter_id, organ_id), found in groups.items():
        pointed = [e for e, _ in found if e.details.get("reason") in ACCUSATION_REASONS]
        if pointed:
            day = local_day(pointed[0].at)
        elif len(found) >= threshold:
            day = local_day(found[threshold - 1][0].at)
        else:
            continue
        matter = Matter.objects.select_related("category__parent").get(pk=matter_id)
        organ = organs[organ_id]
        params = {
            "code": "disclosure_denied",
            "matter": matter_id,
            "organ": organ.name,
            "count": len(found),
        }
        record_signal(
            report,
            kind=KIND,
            organ=organ,
            day=day,
            key=f"{KIND.value}:denied:matter-{matter_id}:organ-{organ_id}",
            params=params,
            evidence=[
                {"type": "matter", "id": matter_id},
                *(
                    {"type": "accusation", "id": pk}
                    for pk in accused_by_matter[matter_id].accusation_ids
                ),
                *(_entry_ref(e) for e, _ in found[:EVIDENCE_ENTRIES]),
            ],
            actor=actor,
            matter=matter,
            people=sorted({person for _, person in found}),
        )


def _exclusions(
    matter: Matter, *, user_id: int, person_id: int, day: dt.date
) -> tuple[Organ | None, list[dict[str, Any]]]:
    """The organ through which the account is excluded from the matter, and the records
    (accusations, recusals) that exclude it; (None, []) when nothing does."""
    accused = _accused({matter.pk}).get(matter.pk, Accused())
    organ = _accused_organ(person_id, day, accused)
    refs: list[dict[str, Any]] = []
    if organ is not None:
        for accusation in Accusation.objects.filter(pk__in=accused.accusation_ids):
            refs.append(
                {
                    "type": "accusation",
                    "id": accusation.pk,
                    "created_at": accusation.created_at.isoformat(),
                }
            )
    for recusal in Recusal.objects.filter(
        content_type=_matter_type(), object_id=matter.pk, user_id=user_id
    ):
        refs.append(
            {"type": "recusal", "id": recusal.pk, "created_at": recusal.created_at.isoformat()}
        )
        if organ is None:
            served = Position.objects.filter(held_on(day), person_id=person_id)
            position = served.select_related("organ").order_by("start", "id").first()
            organ = position.organ if position is not None else None
    return (organ, refs) if organ is not None else (None, [])


def _reveals(report: DetectionReport, *, actor: Any, since: dt.date) -> None:
    # Only the petitioners of a matter that accuses someone or that someone stood aside from.
    excluded = Matter.objects.filter(
        Q(pk__in=_accusing().values("object_id"))
        | Q(pk__in=Recusal.objects.filter(content_type=_matter_type()).values("object_id"))
    )
    entries = AuditEntry.objects.filter(
        action="petitioner.revealed",
        object_type="petitions.petitioner",
        object_id__in=_as_text(excluded, "petitioner_id"),
        at__date__gte=since,
    ).order_by("seq")
    for entry in entries:
        user_id = user_of_actor(entry.actor)
        person_id = _person_of_user(user_id)
        if user_id is None or person_id is None or not entry.object_id.isdigit():
            continue
        matters = Matter.objects.filter(petitioner_id=int(entry.object_id))
        for matter in matters.select_related("category__parent").order_by("pk"):
            organ, refs = _exclusions(
                matter, user_id=user_id, person_id=person_id, day=local_day(entry.at)
            )
            if organ is None:
                continue
            params = {"code": "disclosure_revealed", "matter": matter.pk, "organ": organ.name}
            record_signal(
                report,
                kind=KIND,
                organ=organ,
                day=local_day(entry.at),
                key=f"{KIND.value}:revealed:entry-{entry.pk}:matter-{matter.pk}",
                params=params,
                evidence=[
                    {**_entry_ref(entry), "fields": entry.details.get("fields", [])},
                    *refs,
                    {"type": "matter", "id": matter.pk},
                ],
                actor=actor,
                matter=matter,
                people=[person_id],
            )


def _routes(report: DetectionReport, *, actor: Any, since: dt.date) -> None:
    routes = MatterRoute.objects.filter(
        routed_at__date__gte=since, matter_id__in=_accusing().values("object_id")
    ).select_related("matter", "matter__category__parent", "from_organ", "to_organ")
    routes = routes.order_by("routed_at", "id")
    accused_by_matter = _accused(set(routes.values_list("matter_id", flat=True)))
    for route in routes:
        accused = accused_by_matter.get(route.matter_id)
        if accused is None:
            continue
        day = local_day(route.routed_at)
        chain = {int(part) for part in route.to_organ.path.strip("/").split("/") if part}
        person_there = Position.objects.filter(
            held_on(day), organ_id=route.to_organ_id, person_id__in=sorted(accused.person_ids)
        ).exists()
        if not (accused.organ_ids & chain or person_there):
            continue
        sent = (
            MatterEvent.objects.filter(
                matter_id=route.matter_id, action=route.kind, organ_id=route.from_organ_id
            )
            .order_by("at", "id")
            .first()
        )
        params = {
            "code": "disclosure_routed",
            "matter": route.matter_id,
            "organ": route.from_organ.name,
            "to": route.to_organ.name,
            "kind": route.kind,
        }
        record_signal(
            report,
            kind=KIND,
            organ=route.from_organ,
            day=day,
            key=f"{KIND.value}:routed:route-{route.pk}",
            params=params,
            evidence=[
                {
                    "type": "matter_route",
                    "id": route.pk,
                    "route_kind": route.kind,
                    "routed_at": route.routed_at.isoformat(),
                },
                *({"type": "accusation", "id": pk} for pk in accused.accusation_ids),
                {"type": "matter", "id": route.matter_id},
            ],
            actor=actor,
            matter=route.matter,
            people=people_of_actors([sent.actor]) if sent is not None else [],
        )


def detect_disclosure(report: DetectionReport, *, actor: Any, since: dt.date) -> None:
    """Accusations or accusers that may have reached the accused (细则第十一条第一款第八项)."""
    _denials(report, actor=actor, since=since)
    _reveals(report, actor=actor, since=since)
    _routes(report, actor=actor, since=since)
