"""Which steps the matter page offers the acting organ, and what each step's form offers to
choose from (target organs, orders, limits, ways). The services still decide, and refuse
with the rule; this only spares the user a form they cannot use."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from xinfang.access.policy import accused_organ_ids, visible_organs
from xinfang.access.scope import organ_is_accused
from xinfang.orgs.models import Organ
from xinfang.orgs.selectors import organ_ancestors
from xinfang.petitions.matters import routing, services
from xinfang.petitions.matters import selectors as matter_selectors
from xinfang.petitions.matters.choices import Channel
from xinfang.petitions.matters.errors import MatterRefused
from xinfang.petitions.matters.models import Matter, SupervisionOrder
from xinfang.petitions.matters.services import supervision
from xinfang.rules.procedure import (
    REPLY_OUTCOMES,
    HandlingWay,
    allowed_actions,
    handling_ways,
    hearing_for,
)
from xinfang.rules.profiles import load_profile

from .steps import ACTIONS, S


def _not_accused(organs: list[Organ], accused: set[int]) -> list[Organ]:
    return [o for o in organs if not organ_is_accused(organ_path=o.path, accused_organ_ids=accused)]


def form_kwargs(name: str, request: HttpRequest, matter: Matter, organ: Organ) -> dict[str, Any]:
    """What each action's form needs to offer: target organs, orders, limits."""
    if name in ("route", "discipline"):
        accused = accused_organ_ids(matter)
        organs = list(visible_organs(request.user).exclude(pk=organ.pk).order_by("path"))
        if name == "discipline":
            # The discipline bodies of the region where it arose (细则第十六条) come first:
            # they are seldom in a petition office's own scope.
            organs = [o for o in _discipline_bodies(matter) + organs if o.has_role("discipline")]
        else:
            organs += [s.organ for s in suggestions(matter)]
        return {"targets": _not_accused(list(dict.fromkeys(organs)), accused)}
    if name in ("review_request", "rereview_request"):
        base = matter_selectors.review_base(matter, rereview=name == "rereview_request")
        targets = organ_ancestors(base) if base is not None else []
        return {"targets": _not_accused(targets, accused_organ_ids(matter))}
    if name == "supervise":
        return {"targets": supervision_targets(matter, organ)}
    if name == "supervision_reply":
        return {"orders": _open_orders(matter, organ)}
    if name == "follow_up":
        return {"may_rate": _may_rate(matter, organ)}
    if name == "extend":
        return {"limit": load_profile(matter.profile).period("handle").extension_limit}
    if name == "politics_law":
        return _politics_law_kwargs(matter, organ)
    if name == "accept":
        return {"ways": [w.value for w in handling_ways(load_profile(matter.profile))]}
    if name == "reply":
        return {"outcomes": [o.value for o in REPLY_OUTCOMES[services.handling_way_of(matter)]]}
    return {}


def _politics_law_kwargs(matter: Matter, organ: Organ) -> dict[str, Any]:
    """The political-legal organs a matter of litigation rights may go to: a letter the
    petition office holds, to those of the office's own level (同级); otherwise those of the
    region where it arose and of the acting organ (信访工作条例(2022)第二十二条第二款、第二十八条
    第二款). The service decides; the chooser offers no organ the matter accuses."""
    visit = matter.channel == Channel.VISIT
    if matter.state == S.REGISTERED and not visit:
        regions = [organ.region_code]
    else:
        regions = [*routing.region_chain(matter.region_code), organ.region_code]
    organs = routing.politics_law_organs(regions=dict.fromkeys(regions))
    return {"targets": _not_accused(organs, accused_organ_ids(matter)), "visit": visit}


def supervision_targets(matter: Matter, organ: Organ) -> list[Organ]:
    """The organs ``organ`` may supervise on the matter: those that worked on it, never one
    it accuses; for a vertically managed department, those below it in its system (the
    service refuses any other)."""
    ids = supervision.organs_on_matter(matter) - {organ.pk}
    organs = list(Organ.objects.filter(pk__in=ids).order_by("path"))
    if not organ.has_role("petition_office"):
        organs = [o for o in organs if organ.pk in supervision.vertical_superior_ids(o)]
    return _not_accused(organs, accused_organ_ids(matter))


def _open_orders(matter: Matter, organ: Organ) -> list[SupervisionOrder]:
    """Supervision orders on the matter still awaiting the organ's reply."""
    return list(
        SupervisionOrder.objects.filter(
            matter_id=matter.pk, to_organ_id=organ.pk, replied_at__isnull=True
        ).select_related("issuing_organ")
    )


def offered(name: str, matter: Matter, organ: Organ) -> bool:
    """Whether the page offers a step to ``organ``: a move of the procedure only when the
    rules let the part the organ plays take it from here (the clerk is not offered the
    department's acceptance, nor an objection to a matter received directly); the rating only
    to an organ other than the one rated;
    supervision only where it applies."""
    action = ACTIONS[name].procedure
    if action is not None:
        try:
            role = services.procedural_actor(matter, organ)
        except MatterRefused:
            return False
        # A matter is concluded the way it is handled: an opinion, or a reply (答复).
        by_opinion = services.handling_way_of(matter) is HandlingWay.OPINION
        if (name == "conclude" and not by_opinion) or (name == "reply" and by_opinion):
            return False
        # Only a matter transferred or assigned here can be objected to (第二十三条第三款): one
        # received directly has no objection period (the step would refuse it).
        if name == "object" and services.objection_deadline(matter) is None:
            return False
        return action in allowed_actions(
            matter.state,
            role,
            load_profile(matter.profile),
            handling_way=matter.handling_way,
        )
    if name == "satisfaction":
        return not matter.satisfaction and _may_rate(matter, organ)
    if name == "supervise":
        # 细则第六条 (a petition office), 第五条第二款 (a vertically managed department).
        if not (organ.has_role("petition_office") or organ.vertical_system):
            return False
        return bool(supervision_targets(matter, organ))
    if name == "supervision_reply":
        return bool(_open_orders(matter, organ))
    if name in ("hearing_start", "hearing_end"):
        return _hearing_offered(name, matter, organ)
    return True


def _hearing_offered(name: str, matter: Matter, organ: Organ) -> bool:
    """A hearing is offered to the organ whose part may hold one in the matter's state (the
    handling organ while it handles, the re-review organ while it re-reviews) when none runs;
    its end to the organ that holds the running one."""
    running = matter_selectors.running_hearing(matter=matter)
    if name == "hearing_end":
        return running is not None and running.organ_id == organ.pk
    if running is not None:
        return False
    try:
        role = services.procedural_actor(matter, organ)
    except MatterRefused:
        return False
    return hearing_for(matter.state, role) is not None


def _may_rate(matter: Matter, organ: Organ) -> bool:
    """Whether ``organ`` records the petitioner's rating (never of its own handling)."""
    organs = services.rating_organs(matter)
    return organs is None or organ.pk in organs


def suggestions(matter: Matter, *, accusation: bool | None = None) -> list[routing.Suggestion]:
    """Routing's suggestions for the matter (``accusation``: as if it were one, or not)."""
    accused = Organ.objects.filter(pk__in=accused_organ_ids(matter))
    return routing.suggest_organs(
        region_code=matter.region_code,
        category=matter.category,
        accused=list(accused),
        other_organ=matter.other_organ,
        accusation=matter.is_accusation if accusation is None else accusation,
    )


def _discipline_bodies(matter: Matter) -> list[Organ]:
    """The discipline bodies routing suggests for the matter as an accusation, lowest first."""
    return [s.organ for s in suggestions(matter, accusation=True) if s.kind == "discipline"]
