"""Steps beside the procedure: ratings and follow-up visits; handling lists and categories.
Supervision orders are in ``supervision``, carrying out opinions in ``execution``."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from xinfang.audit.services import audit_record
from xinfang.orgs.models import Organ
from xinfang.rules.basis import rules
from xinfang.workflow import Act, Outcome, Step, run

from ..choices import FollowUpMethod, LegalRoute, Satisfaction, SatisfactionSource
from ..errors import MatterRefused
from ..models import (
    Category,
    FollowUp,
    HandlingListEntry,
    Matter,
    Opinion,
    Reply,
)
from .common import (
    assert_member_of_one,
    assert_user_may_act,
    assert_user_may_record_for_petitioner,
    profile_of,
    require_text,
)
from .machine import MATTER_EVENT


def _assert_has_opinion(matter: Matter) -> None:
    """The handling is rated and followed up once the petitioner has its answer: an opinion,
    or the reply that concluded a duty or suggestion matter (信访工作条例(2022)第二十九条、
    第三十一条第五项)."""
    answered = (
        Opinion.objects.filter(matter_id=matter.pk).exists()
        or Reply.objects.filter(matter_id=matter.pk).exists()
    )
    if not answered:
        raise MatterRefused(
            "no_opinion_yet",
            "信访事项尚未出具处理意见，不能评价或回访",
            "the matter has no opinion yet to rate or follow up",
            basis=profile_of(matter).basis_for("handle"),
        )


def rating_organs(matter: Matter) -> set[int] | None:
    """The organs that record the petitioner's rating of the handling: not the handling organ
    itself (the rating counts in its assessment), but the registering office or the organ
    the matter sits at; None when any party may (the handling organ registered the matter
    itself, or none handled it yet)."""
    if matter.handling_organ_id is None or matter.handling_organ_id == matter.registering_organ_id:
        return None
    return {matter.registering_organ_id, matter.current_organ_id} - {matter.handling_organ_id}


NOT_RATING_ITSELF = gettext_lazy(
    "满意度评价计入办理机关的考核，由登记该事项的信访部门记录，办理机关不能为自己记录。"
)


def _assert_not_rating_itself(actor: Any, matter: Matter, *, organ: Organ | None = None) -> None:
    """The handling organ does not record the rating of its own handling: neither its staff,
    nor anyone writing it down as that organ's (``organ``, a follow-up visit's)."""
    organs = rating_organs(matter)
    if organs is None:
        return
    assert_member_of_one(actor, matter, organs, action="rate", message=str(NOT_RATING_ITSELF))
    if organ is not None and organ.pk not in organs:
        raise PermissionDenied(str(NOT_RATING_ITSELF))


def _assert_not_rated(matter: Matter) -> None:
    """A rating once recorded stands: a second one would silently replace what the petitioner
    said, and the assessment counts it (细则第十条). It is refused, naming the first."""
    if not matter.satisfaction:
        return
    label = Satisfaction(matter.satisfaction).label
    with translation.override("zh-hans"):
        label_zh = str(label)
    with translation.override("en"):
        label_en = str(label).lower()
    day = timezone.localdate(matter.satisfaction_at) if matter.satisfaction_at else None
    raise MatterRefused(
        "already_rated",
        f"信访人的满意度评价已{f'于{day}' if day else ''}记录为“{label_zh}”，不能再次记录或更改",
        f"the petitioner's rating was already recorded{f' on {day}' if day else ''} "
        f"as “{label_en}”; it is not recorded again or changed",
        basis=(rules(10),),
    )


@dataclass(frozen=True)
class RatingInput:
    """The petitioner's rating of the handling, and who records it: the petitioner on the
    portal, or a petition office writing down what the petitioner said."""

    rating: str
    source: str = SatisfactionSource.OFFICE

    def clean(self, on: dt.date) -> dict[str, Any]:
        if self.rating not in Satisfaction.values:
            raise ValidationError(
                {"rating": ValidationError(_("未知的评价。"), code="invalid_choice")}
            )
        if self.source not in SatisfactionSource.values:
            raise ValidationError(
                {"source": ValidationError(_("未知的评价来源。"), code="invalid_choice")}
            )
        return {"rating": self.rating, "source": str(self.source)}


def _rating_access(actor: Any, matter: Matter, organ: Any, data: RatingInput) -> None:
    assert_user_may_record_for_petitioner(actor, matter, action="rate")
    _assert_not_rating_itself(actor, matter)


def _rate_effect(act: Act[Matter, RatingInput], decision: None) -> Outcome:
    matter = act.subject
    _assert_not_rated(matter)
    _assert_has_opinion(matter)
    matter.satisfaction = act.data.rating
    matter.satisfaction_at = act.at
    matter.satisfaction_source = act.data.source
    matter.save(update_fields=["satisfaction", "satisfaction_at", "satisfaction_source"])
    return Outcome(options={"event": "rated"})


RATE = Step(MATTER_EVENT, "rate", RatingInput, effect=_rate_effect, access=_rating_access)


def matter_rate_satisfaction(
    *,
    matter: Matter,
    rating: str,
    actor: Any,
    source: str = SatisfactionSource.OFFICE,
    at: dt.datetime | None = None,
) -> Matter:
    """Record the petitioner's satisfaction with the handling (满意度评价), once.

    The rating feeds the handling organ's assessment, so that organ does not record its own:
    the registering petition office does (or an organ above), unless the handling organ
    received the matter directly and registered it itself; or the petitioner gives it on the
    portal (``source=portal``, ``services.portal.portal_rate``). A matter already rated is
    refused (``already_rated``): the first rating stands and nothing is overwritten, whoever
    recorded it. A clerk's follow-up ratings (``matter_follow_up``) are kept apart."""
    data = RatingInput(rating, source=source)
    return run(RATE, matter, organ=None, actor=actor, data=data, at=at)


@dataclass(frozen=True)
class FollowUpInput:
    """How the petitioner was followed up, what they said, and their rating if they gave one."""

    method: str
    notes: str
    satisfaction: str = ""

    def clean(self, on: dt.date) -> dict[str, Any]:
        require_text(notes=self.notes)
        if self.method not in FollowUpMethod.values:
            raise ValidationError(
                {"method": ValidationError(_("未知的回访方式。"), code="invalid_choice")}
            )
        if self.satisfaction and self.satisfaction not in Satisfaction.values:
            raise ValidationError(
                {"satisfaction": ValidationError(_("未知的评价。"), code="invalid_choice")}
            )
        return {"method": self.method, "satisfaction": self.satisfaction}


def _follow_up_access(actor: Any, matter: Matter, organ: Organ, data: FollowUpInput) -> None:
    assert_user_may_act(actor, organ, action="matter.follow_up")
    if data.satisfaction:
        # What the petitioner said of the handling is a rating too: the same rule decides
        # who may write it down, whichever form it comes through.
        _assert_not_rating_itself(actor, matter, organ=organ)


def _follow_up_effect(act: Act[Matter, FollowUpInput], decision: None) -> Outcome:
    _assert_has_opinion(act.subject)
    follow_up = FollowUp.objects.create(
        matter=act.subject,
        organ=act.organ,
        at=act.at,
        method=act.data.method,
        satisfaction=act.data.satisfaction,
        notes=act.data.notes.strip(),
    )
    return Outcome(details={"follow_up": follow_up.pk}, options={"event": "followed_up"})


FOLLOW_UP = Step(
    MATTER_EVENT, "follow_up", FollowUpInput, effect=_follow_up_effect, access=_follow_up_access
)


def matter_follow_up(
    *,
    matter: Matter,
    organ: Organ,
    method: str,
    notes: str,
    actor: Any,
    satisfaction: str = "",
    at: dt.datetime | None = None,
) -> FollowUp:
    """Record a follow-up visit (回访) after the opinion, with what the petitioner said."""
    data = FollowUpInput(method=method, notes=notes, satisfaction=satisfaction)
    run(FOLLOW_UP, matter, organ=organ, actor=actor, data=data, at=at)
    return FollowUp.objects.filter(matter_id=matter.pk).latest("id")


# ---------------------------------------------------------------------------------------------
# Classified handling lists (依法分类处理清单, 细则第五条)

_ENTRY_FIELDS = (
    "category",
    "request_type",
    "legal_route",
    "responsible_unit",
    "responsible_unit_name",
    "time_limit_days",
    "legal_basis",
    "is_active",
)


def _entry_snapshot(entry: HandlingListEntry) -> dict[str, Any]:
    return {
        "department": entry.department_id,
        "category": entry.category_id,
        "request_type": entry.request_type,
        "legal_route": entry.legal_route,
        "responsible_unit": entry.responsible_unit_id,
        "time_limit_days": entry.time_limit_days,
        "is_active": entry.is_active,
    }


def _entry_save(entry: HandlingListEntry) -> None:
    entry.request_type = (entry.request_type or "").strip()
    entry.legal_basis = (entry.legal_basis or "").strip()
    entry.responsible_unit_name = (entry.responsible_unit_name or "").strip()
    if entry.legal_route not in LegalRoute.values:
        raise ValidationError(
            {"legal_route": ValidationError(_("未知的法定途径。"), code="invalid_choice")}
        )
    entry.full_clean()
    entry.save()


def handling_list_entry_create(
    *,
    department: Organ,
    category: Category,
    request_type: str,
    legal_route: str,
    legal_basis: str,
    actor: Any,
    responsible_unit: Organ | None = None,
    responsible_unit_name: str = "",
    time_limit_days: int | None = None,
) -> HandlingListEntry:
    """Add a line to a department's handling list (a department maintains its own)."""
    assert_user_may_act(actor, department, action="handling_list.create")
    with transaction.atomic():
        entry = HandlingListEntry(
            department=department,
            category=category,
            request_type=request_type,
            legal_route=legal_route,
            legal_basis=legal_basis,
            responsible_unit=responsible_unit,
            responsible_unit_name=responsible_unit_name,
            time_limit_days=time_limit_days,
        )
        _entry_save(entry)
        audit_record(
            actor=actor,
            action="handling_list.created",
            target=entry,
            details=_entry_snapshot(entry),
        )
    return entry


def handling_list_entry_update(
    *, entry: HandlingListEntry, actor: Any, **changes: Any
) -> HandlingListEntry:
    """Change fields of a handling list line (``is_active=False`` retires it)."""
    unknown = sorted(set(changes) - set(_ENTRY_FIELDS))
    if unknown:
        raise ValidationError({"__all__": ValidationError(_("未知的字段。"), code="unknown_field")})
    assert_user_may_act(actor, entry.department, action="handling_list.update")
    with transaction.atomic():
        before = _entry_snapshot(entry)
        for name, value in changes.items():
            setattr(entry, name, value)
        entry.updated_at = timezone.now()
        _entry_save(entry)
        audit_record(
            actor=actor,
            action="handling_list.updated",
            target=entry,
            details={"before": before, "after": _entry_snapshot(entry)},
        )
    return entry


# ---------------------------------------------------------------------------------------------
# The category taxonomy (edited by administrators)


def _category_snapshot(category: Category) -> dict[str, Any]:
    return {
        "code": category.code,
        "name": category.name,
        "name_en": category.name_en,
        "parent": category.parent_id,
        "portfolio_subject": category.portfolio_subject,
        "is_active": category.is_active,
    }


def _category_save(category: Category) -> None:
    category.code = (category.code or "").strip()
    category.name = (category.name or "").strip()
    category.name_en = (category.name_en or "").strip()
    seen: set[int] = set()
    parent = category.parent
    while parent is not None:
        if parent.pk == category.pk or parent.pk in seen:
            raise ValidationError(
                {"parent": ValidationError(_("上级分类不能形成循环。"), code="parent_cycle")}
            )
        seen.add(parent.pk)
        parent = parent.parent
    category.full_clean()
    category.save()


def category_create(
    *,
    code: str,
    name: str,
    actor: Any,
    parent: Category | None = None,
    name_en: str = "",
    portfolio_subject: str = "",
) -> Category:
    """Add a category to the taxonomy of petition subjects (``name_en``: what English pages
    show; without it they show the Chinese name; ``portfolio_subject``: the portfolio that
    covers its work, blank to take the parent's)."""
    with transaction.atomic():
        category = Category(
            code=code,
            name=name,
            name_en=name_en,
            parent=parent,
            portfolio_subject=portfolio_subject,
        )
        _category_save(category)
        audit_record(
            actor=actor,
            action="matter_category.created",
            target=category,
            details=_category_snapshot(category),
        )
    return category


def category_update(*, category: Category, actor: Any, **changes: Any) -> Category:
    """Change a category's code, names, parent, portfolio subject or ``is_active`` (retire it,
    never delete)."""
    unknown = set(changes) - {"code", "name", "name_en", "parent", "portfolio_subject", "is_active"}
    if unknown:
        raise ValidationError({"__all__": ValidationError(_("未知的字段。"), code="unknown_field")})
    with transaction.atomic():
        before = _category_snapshot(category)
        for name, value in changes.items():
            setattr(category, name, value)
        _category_save(category)
        audit_record(
            actor=actor,
            action="matter_category.updated",
            target=category,
            details={"before": before, "after": _category_snapshot(category)},
        )
    return category
