"""Listings, exports and reads of one record or organ: scope and exclusion applied."""

from __future__ import annotations

from typing import Any, TypeVar

from django.core.exceptions import PermissionDenied
from django.db import models, router
from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from xinfang.audit.services import audit_record
from xinfang.orgs.models import Organ
from xinfang.orgs.selectors import (
    organs_of_user,
)
from xinfang.prepared import prepared_get, prepared_rows

from ..choices import DenialReason
from ..models import Accusation, Recusal
from ..scope import Scope
from .exclusion import (
    _content_type,
    _exclusion_content_types,
    _organ_field,
    exclude_conflicts,
    exclusion_at_organ,
)
from .scoping import organ_scope_q, scope_for

M = TypeVar("M", bound=models.Model)


# ---------------------------------------------------------------------------------------------
# Listings, exports, reads


def _crosses_to_many(model: type[models.Model], lookup: str) -> bool:
    """Whether ``lookup`` from ``model`` passes through a to-many relation."""
    opts = model._meta
    for name in lookup.split("__"):
        field = opts.get_field(name)
        if field.many_to_many or field.one_to_many:
            return True
        related = field.related_model
        if not (isinstance(related, type) and issubclass(related, models.Model)):
            break
        opts = related._meta
    return False


def _organs_in_scope_q(scope: Scope, lookup: str) -> Q:
    """Rows whose organ (reached by ``lookup``) the scope covers, without joining the organ."""
    if not scope.subtree_paths:
        organ_ids = scope.member_organ_ids | scope.vertical_organ_ids
        return Q(**{f"{lookup}__in": sorted(organ_ids)})
    organs = Organ.objects.filter(organ_scope_q(scope, "")).values("pk")
    return Q(**{f"{lookup}__in": organs})


def record_scope_q(
    scope: Scope, model: type[models.Model], *, within: QuerySet[Any] | None = None
) -> Q:
    """Rows of ``model`` the scope covers through any of the organs the model names.

    ``ACCESS_ORGAN_FIELD`` is the record's own organ; ``ACCESS_EXTRA_ORGAN_FIELDS`` lists
    further organs that work on it (a matter's handling organ, the organs handling a
    petitioner's matters). An extra lookup along foreign keys is a condition on the row's own
    column; one that crosses a to-many relation is matched by a subquery, so a record never
    appears twice. The subquery starts from ``within`` (the queryset being filtered) when
    given, so it reads only the rows the listing asks for, not every record the organ ever
    worked on.
    """
    condition = organ_scope_q(scope, _organ_field(model))
    for lookup in getattr(model, "ACCESS_EXTRA_ORGAN_FIELDS", ()):
        if not _crosses_to_many(model, lookup):
            condition |= _organs_in_scope_q(scope, lookup)
            continue
        base = within if within is not None else model._default_manager.all()
        covered = base.filter(organ_scope_q(scope, lookup)).order_by().values("pk")
        condition |= Q(pk__in=covered)
    return condition


def _plain_or_none(queryset: QuerySet[M]) -> QuerySet[M] | None:
    """The queryset, if a subquery may start from it (no union, grouping or DISTINCT ON)."""
    query = queryset.query
    if query.combinator or query.group_by is not None or query.distinct_fields:
        return None
    return queryset


def visible(user: Any, queryset: QuerySet[M]) -> QuerySet[M]:
    """The rows of a protected queryset the user may list, read or export."""
    scope = scope_for(user)
    if scope.is_empty:
        return queryset.none()
    if not scope.is_admin:
        queryset = queryset.filter(
            record_scope_q(scope, queryset.model, within=_plain_or_none(queryset))
        )
    return exclude_conflicts(scope, queryset)


def visibility_key(user: Any, model: type[models.Model]) -> tuple[Any, ...]:
    """Everything the SQL of ``visible(user, ...)`` over ``model`` depends on but the rows
    asked for: the user's whole scope and the content types the exclusion reads. For reads
    compiled once (``xinfang.prepared``)."""
    types = _exclusion_content_types(model)
    return ("visible", model._meta.label, *types, scope_for(user))


def visible_at_organ(user: Any, queryset: QuerySet[M], *, organ: Organ) -> QuerySet[M]:
    """The rows of a protected queryset owned by ``organ`` that the user may list.

    The same rows as ``visible`` of the queryset filtered to the organ. When the scope covers
    the organ itself, every row the organ owns is in scope and only the exclusion is left to
    apply: the query then stays on the organ's own indexes, where the scope's ``OR`` over the
    record's other organ columns would read every row from the table.
    """
    exclusion = exclusion_at_organ(user, organ)
    if exclusion is None:
        return visible(user, queryset.filter(**{_organ_field(queryset.model): organ.pk}))
    return exclusion.visible(queryset, organ.pk)


def can_read(user: Any, record: models.Model) -> bool:
    """Whether the user may read this record (same rule as ``visible``)."""
    return visible(user, type(record)._default_manager.filter(pk=record.pk)).exists()


def denial_reason(user: Any, record: models.Model | None) -> str:
    """Why ``user`` may not read ``record``; for the audit trail, never for the user."""
    scope = scope_for(user)
    if record is None:
        return DenialReason.NOT_FOUND
    if not scope.is_active:
        return DenialReason.NOT_AUTHENTICATED
    model = type(record)
    accusations = Accusation.objects.filter(content_type=_content_type(model), object_id=record.pk)
    if (
        scope.person_id is not None
        and accusations.filter(accused_person_id=scope.person_id).exists()
    ):
        return DenialReason.ACCUSED_PERSON
    if accusations.filter(accused_organ_id__in=sorted(scope.exposed_organ_ids)).exists():
        return DenialReason.ACCUSED_UNIT
    if Recusal.objects.filter(
        content_type=_content_type(model), object_id=record.pk, user_id=scope.user_id or 0
    ).exists():
        return DenialReason.RECUSED
    this = model._default_manager.filter(pk=record.pk)
    in_scope = scope.is_admin or this.filter(record_scope_q(scope, model, within=this)).exists()
    if in_scope:
        return DenialReason.LINKED_CONFLICT
    return DenialReason.OUT_OF_SCOPE


def log_denial(
    user: Any, *, object_type: str, object_id: Any, reason: str, action: str = "read"
) -> None:
    """Write ``access.denied`` to the audit trail: who, what, which attempted action, why."""
    audit_record(
        actor=user if getattr(user, "is_authenticated", False) else "anonymous",
        action="access.denied",
        object_type=object_type,
        object_id=str(object_id)[:64],
        details={"reason": str(reason), "attempted": action},
    )


def _visible_by_pk(user: Any, model: type[M], pk: int) -> M | None:
    """``visible(user, model.objects.all()).filter(pk=pk).first()``: every detail page and
    API read asks it, so it is compiled once per user's scope (``xinfang.prepared``)."""
    using = router.db_for_read(model)
    names = [field.attname for field in model._meta.concrete_fields]
    rows = prepared_rows(
        ("visible_by_pk", visibility_key(user, model)),
        lambda pk: (
            visible(user, model._default_manager.all()).filter(pk=pk).values_list(*names)[:1]
        ),
        using=using,
        pk=pk,
    )
    return model.from_db(using, names, rows[0]) if rows else None


def access_record_by_id(user: Any, model: type[M], record_id: Any, *, action: str = "read") -> M:
    """Fetch one protected record the user may read, or log the denial and raise ``Http404``."""
    try:
        pk = int(record_id)
    except (TypeError, ValueError):
        pk = None
    record = _visible_by_pk(user, model, pk) if pk else None
    if record is not None:
        return record
    existing = model._default_manager.filter(pk=pk).first() if pk else None
    log_denial(
        user,
        object_type=model._meta.label_lower,
        object_id=record_id,
        reason=denial_reason(user, existing),
        action=action,
    )
    raise Http404(_("未找到。"))


def visible_organs(user: Any) -> QuerySet[Organ]:
    """Organs whose registry entry the user may read."""
    scope = scope_for(user)
    organs = Organ.objects.all()
    if scope.is_empty:
        return organs.none()
    if scope.is_admin:
        return organs
    return organs.filter(
        organ_scope_q(scope, "") | Q(managing_authority_id__in=sorted(scope.managed_by_ids))
    )


def records_organs(user: Any) -> QuerySet[Organ]:
    """Organs whose records the user's scope covers (本单位, subtree, territory): the organs
    whose queue, counts and handling list the user may read.

    Narrower than ``visible_organs``: an organ reached only as managed (its cadres' managing
    authority is the user's organ) shows its registry entry, not its work.
    """
    scope = scope_for(user)
    organs = Organ.objects.all()
    if scope.is_empty:
        return organs.none()
    if scope.is_admin:
        return organs
    return organs.filter(organ_scope_q(scope, ""))


def record_among_or_404(user: Any, rows: QuerySet[M], record_id: Any, *, action: str) -> M:
    """The record ``record_id`` among ``rows`` (what the user may read of its kind), or the
    denial logged and ``Http404``: out of scope looks exactly like not found."""
    try:
        pk = int(record_id)
    except (TypeError, ValueError):
        pk = None
    found = rows.filter(pk=pk).first() if pk is not None and pk > 0 else None
    if found is not None:
        return found
    model = rows.model
    exists = pk is not None and pk > 0 and model._default_manager.filter(pk=pk).exists()
    log_denial(
        user,
        object_type=model._meta.label_lower,
        object_id=record_id,
        reason=DenialReason.OUT_OF_SCOPE if exists else DenialReason.NOT_FOUND,
        action=action,
    )
    raise Http404(_("未找到。"))


def _organ_or_404(user: Any, organs: QuerySet[Organ], organ_id: Any, *, action: str) -> Organ:
    """The organ among ``organs``, or log the denial and raise ``Http404``."""
    return record_among_or_404(user, organs, organ_id, action=action)


def access_organ_by_id(user: Any, organ_id: Any) -> Organ:
    """Fetch an organ the user may read, or log the denial and raise ``Http404``."""
    return _organ_or_404(user, visible_organs(user), organ_id, action="read")


def access_organ_records_by_id(user: Any, organ_id: Any, *, action: str = "read") -> Organ:
    """Fetch an organ whose records the user may read (``records_organs``: its queue, its
    counts, its handling list), or log the denial and raise ``Http404``."""
    return _organ_or_404(user, records_organs(user), organ_id, action=action)


def access_working_organ(user: Any, wanted: str) -> tuple[Organ, list[Organ]]:
    """The organ a user works in on a page (``wanted``, an id from the query string, else the
    user's primary organ) and the user's organs to switch between; ``Http404`` when none.

    The scope covers an organ where the user serves, so the chokepoint would return the same
    row: for a user serving there alone (the usual case) that organ is the one row read,
    otherwise it is taken from the user's organs. Any other organ goes through
    ``access_organ_records_by_id``, which answers 404 and logs the denial when the user may not
    work on its records (an organ reached only as managed included).
    """
    scope = scope_for(user)
    try:
        pk = int(wanted) if wanted else None
    except ValueError:
        pk = None
    own = pk if pk in scope.member_organ_ids and not scope.is_empty else None
    if own is not None and len(scope.member_organ_ids) == 1:
        organ = prepared_get(Organ, pk=own)
        if organ is not None:
            return organ, [organ]
    organs = organs_of_user(user)
    for organ in organs:
        if own is not None and organ.pk == own:
            return organ, organs
    if wanted:
        return access_organ_records_by_id(user, wanted), organs
    if not organs:
        raise Http404(_("未找到。"))
    return organs[0], organs


def assert_may_act_in(user: Any, organ: Organ, *, action: str) -> None:
    """Writes happen within the user's own organ (本单位) unless the user is an administrator."""
    scope = scope_for(user)
    if scope.is_admin or organ.pk in scope.member_organ_ids:
        return
    log_denial(
        user,
        object_type="orgs.organ",
        object_id=organ.pk,
        reason=DenialReason.NOT_OWN_ORGAN,
        action=action,
    )
    raise PermissionDenied(_("只能在本单位办理。"))
