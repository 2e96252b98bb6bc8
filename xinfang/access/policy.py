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

import functools
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any, TypeVar

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ImproperlyConfigured, PermissionDenied, ValidationError
from django.db import models, router
from django.db.models import ExpressionWrapper, F, Q, QuerySet
from django.db.models.expressions import RawSQL
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from xinfang.audit.services import audit_record
from xinfang.orgs.choices import OrganRole
from xinfang.orgs.models import LEADERSHIP_KINDS, Organ, Person, Position
from xinfang.orgs.selectors import (
    departments_of_level,
    held_on,
    organs_of_user,
    person_managing_authority,
)
from xinfang.prepared import prepared_get, prepared_rows

from .choices import DenialReason
from .models import Accusation, Recusal
from .scope import PositionFacts, Scope, build_scope, organ_is_accused

M = TypeVar("M", bound=models.Model)

_SCOPE_CACHE_ATTR = "_xinfang_access_scope"


class RoutingRefused(ValidationError):
    """Routing a record to a unit it accuses (细则第十一条第八项)."""


# ---------------------------------------------------------------------------------------------
# Scope


def _position_facts(*, user_id: int, on: date) -> tuple[int | None, list[PositionFacts]]:
    """The person of the user and the facts of the person's positions on a day: one query
    when the person holds a position (the usual case), two when not."""
    # Every request asks this: compiled once (``xinfang.prepared``).
    rows = prepared_rows(
        ("position_facts",),
        lambda user_id, on: (
            Position.objects.filter(person__user_id=user_id, start__lte=on)
            .filter(Q(end__isnull=True) | Q(end__gte=on))
            .order_by()
            .values_list(
                "person_id",
                "kind",
                "organ_id",
                "organ__path",
                "organ__roles",
                "organ__parent_id",
                "organ__parent__path",
            )
        ),
        user_id=user_id,
        on=on,
    )
    facts = [
        PositionFacts(
            organ_id=organ_id,
            organ_path=organ_path,
            organ_roles=frozenset(roles or []),
            parent_id=parent_id,
            parent_path=parent_path or "",
            is_leadership=kind in LEADERSHIP_KINDS,
        )
        for _person, kind, organ_id, organ_path, roles, parent_id, parent_path in rows
    ]
    if rows:
        return rows[0][0], facts
    person_id = Person.objects.filter(user_id=user_id).values_list("id", flat=True).first()
    return person_id, facts


def scope_for(user: Any, *, on: date | None = None) -> Scope:
    """The user's scope today (cached on the user object for the request)."""
    day = on or timezone.localdate()
    if user is None or not getattr(user, "is_authenticated", False):
        return Scope()
    cached: tuple[date, Scope] | None = getattr(user, _SCOPE_CACHE_ATTR, None)
    if cached is not None and cached[0] == day:
        return cached[1]
    person_id, facts = _position_facts(user_id=user.pk, on=day)
    scope = build_scope(
        user_id=user.pk,
        person_id=person_id,
        is_active=bool(user.is_active),
        is_admin=bool(user.is_superuser),
        positions=facts,
    )
    setattr(user, _SCOPE_CACHE_ATTR, (day, scope))
    return scope


def forget_scope(user: Any) -> None:
    """Drop the cached scope (after positions change within a request or a test)."""
    if hasattr(user, _SCOPE_CACHE_ATTR):
        delattr(user, _SCOPE_CACHE_ATTR)


def _prefix(lookup: str) -> str:
    return f"{lookup}__" if lookup else ""


def organ_scope_q(scope: Scope, lookup: str) -> Q:
    """Rows whose organ (reached by ``lookup``) the scope covers."""
    prefix = _prefix(lookup)
    condition = Q(**{f"{prefix}id__in": sorted(scope.member_organ_ids)})
    for path in sorted(scope.subtree_paths):
        condition |= Q(**{f"{prefix}path__startswith": path})
    return condition


# ---------------------------------------------------------------------------------------------
# Exclusion


def _content_type(model: type[models.Model]) -> ContentType:
    return ContentType.objects.get_for_model(model, for_concrete_model=True)


def _accusing_parts(
    *, content_type_id: int, exposed_organ_ids: frozenset[int], person_id: int | None
) -> list[QuerySet[Any, Any]]:
    parts = []
    if exposed_organ_ids:
        parts.append(
            Accusation.objects.filter(
                accused_organ_id__in=sorted(exposed_organ_ids), content_type_id=content_type_id
            ).values("object_id")
        )
    if person_id is not None:
        parts.append(
            Accusation.objects.filter(
                accused_person_id=person_id, content_type_id=content_type_id
            ).values("object_id")
        )
    return parts


def _recused_ids(*, content_type_id: int, user_id: int | None) -> QuerySet[Any, Any]:
    return Recusal.objects.filter(content_type_id=content_type_id, user_id=user_id or 0).values(
        "object_id"
    )


def _union(parts: list[QuerySet[Any, Any]]) -> QuerySet[Any, Any]:
    if not parts:
        return Accusation.objects.none().values("object_id")
    return parts[0].union(*parts[1:], all=True) if len(parts) > 1 else parts[0]


def accusing_record_ids(scope: Scope, model: type[models.Model]) -> QuerySet[Any, Any]:
    """Ids of records of ``model`` that accuse the user (person, unit or its parent units).

    Looked up accused first, one indexed look-up for the units and one for the person
    (``accusation_organ_idx``, ``accusation_person_idx``): an ``OR`` of the two would read
    every accusation of the record type.
    """
    return _union(
        _accusing_parts(
            content_type_id=_content_type(model).pk,
            exposed_organ_ids=scope.exposed_organ_ids,
            person_id=scope.person_id,
        )
    )


def recused_record_ids(scope: Scope, model: type[models.Model]) -> QuerySet[Any, Any]:
    """Ids of records of ``model`` the user has recused from."""
    return _recused_ids(content_type_id=_content_type(model).pk, user_id=scope.user_id)


@functools.lru_cache(maxsize=1024)
def _conflict_sql(
    using: str,
    content_type_id: int,
    exposed_organ_ids: frozenset[int],
    person_id: int | None,
    user_id: int | None,
) -> tuple[str, tuple[Any, ...]]:
    """One subquery for the ids of ``accusing_record_ids`` and ``recused_record_ids``, compiled
    once per key.

    Building and compiling the subqueries cost more than running them, and every listing
    repeats them; one ``NOT IN`` over their ``UNION ALL`` is one probe a row where two
    ``NOT IN`` were two (a third of a count by state over every matter of an organ). The
    SQL is a pure function of the arguments: it names ids, never the rows it finds (the
    database looks the accusations and recusals up in each query), so a cached entry is
    never stale.
    """
    parts = _accusing_parts(
        content_type_id=content_type_id, exposed_organ_ids=exposed_organ_ids, person_id=person_id
    )
    parts.append(_recused_ids(content_type_id=content_type_id, user_id=user_id))
    sql, params = _union(parts).query.get_compiler(using=using).as_sql()
    return sql, tuple(params)


def _exclusion_paths(model: type[models.Model]) -> list[tuple[str, type[models.Model]]]:
    """The paths from ``model``'s records to a record that may accuse the user: the record
    itself and its ``ACCESS_LINKED_RECORDS``, each a lookup and the model it reaches."""
    paths: list[tuple[str, type[models.Model]]] = [("pk", model)]
    for lookup, label in getattr(model, "ACCESS_LINKED_RECORDS", ()):
        paths.append((lookup, apps.get_model(label)))
    return paths


def _exclusion_content_types(model: type[models.Model]) -> list[int]:
    """The content types the exclusion reads accusations and recusals of, for ``model``."""
    return [_content_type(target).pk for _lookup, target in _exclusion_paths(model)]


def _conflicting(scope: Scope, queryset: QuerySet[Any]) -> list[tuple[str, RawSQL]]:
    """For each path from the queryset's records to a record that may accuse the user
    (``_exclusion_paths``): the lookup and the ids that accuse the user or from which the user
    recused there."""
    found = []
    for lookup, target in _exclusion_paths(queryset.model):
        sql, params = _conflict_sql(
            queryset.db,
            _content_type(target).pk,
            scope.exposed_organ_ids,
            scope.person_id,
            scope.user_id,
        )
        # The ORM's own compiled SQL, its values still parameters (``_conflict_sql``).
        ids = RawSQL(sql, params, output_field=models.BigIntegerField())  # noqa: S611
        found.append((lookup, ids))
    return found


def exclude_conflicts(scope: Scope, queryset: QuerySet[M]) -> QuerySet[M]:
    """Remove records that accuse the user or from which the user recused (all paths)."""
    for lookup, ids in _conflicting(scope, queryset):
        queryset = queryset.exclude(**{f"{lookup}__in": ids})
    return queryset


@dataclass(frozen=True)
class OrganExclusion:
    """What is left of ``visible`` at an organ the user's scope covers: the exclusion alone
    (``exclusion_at_organ``). ``key`` names it for statements compiled once
    (``xinfang.prepared``); ``visible`` and ``hidden`` apply it to the rows of an organ id."""

    scope: Scope

    def key(self, model: type[models.Model]) -> tuple[Any, ...]:
        """Everything the exclusion's SQL for ``model``'s rows depends on but their organ."""
        scope = self.scope
        types = _exclusion_content_types(model)
        return ("exclusion", *types, scope.exposed_organ_ids, scope.person_id, scope.user_id)

    def visible(self, queryset: QuerySet[M], organ_id: int) -> QuerySet[M]:
        """The organ's rows the user may list."""
        queryset = queryset.filter(**{_organ_field(queryset.model): organ_id})
        return exclude_conflicts(self.scope, queryset)

    def hidden(self, queryset: QuerySet[M], organ_id: int) -> QuerySet[M]:
        """The organ's rows the exclusion leaves out: for counts kept per organ (a counter
        minus the few rows the user may not see), read by primary key."""
        # The organ compared as an expression (``organ + 0``), not a column: the database then
        # reads the few conflicting rows by primary key, where with the organ's index it would
        # read every row the organ ever held and probe each against the subquery.
        organ_plus_zero = ExpressionWrapper(
            F(_organ_field(queryset.model)) + 0, output_field=models.BigIntegerField()
        )
        queryset = queryset.alias(_at_organ=organ_plus_zero).filter(_at_organ=organ_id)
        condition = Q(pk__in=[])
        for lookup, ids in _conflicting(self.scope, queryset):
            condition |= Q(**{f"{lookup}__in": ids})
        return queryset.filter(condition)


def exclusion_at_organ(user: Any, organ: Organ) -> OrganExclusion | None:
    """When the user's scope covers ``organ``, every row the organ owns is in scope and
    ``visible_at_organ`` is the exclusion alone: that exclusion; otherwise None."""
    scope = scope_for(user)
    if not scope.covers(organ_id=organ.pk, organ_path=organ.path):
        return None
    return OrganExclusion(scope)


def _organ_field(model: type[models.Model]) -> str:
    field = getattr(model, "ACCESS_ORGAN_FIELD", None)
    if not isinstance(field, str) or not field:
        raise ImproperlyConfigured(f"{model._meta.label} does not declare ACCESS_ORGAN_FIELD")
    return field


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
        return Q(**{f"{lookup}__in": sorted(scope.member_organ_ids)})
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


def _organ_or_404(user: Any, organs: QuerySet[Organ], organ_id: Any, *, action: str) -> Organ:
    """The organ among ``organs``, or log the denial and raise ``Http404``."""
    try:
        pk = int(organ_id)
    except (TypeError, ValueError):
        pk = None
    organ = organs.filter(pk=pk).first() if pk else None
    if organ is not None:
        return organ
    exists = pk is not None and Organ.objects.filter(pk=pk).exists()
    log_denial(
        user,
        object_type="orgs.organ",
        object_id=organ_id,
        reason=DenialReason.OUT_OF_SCOPE if exists else DenialReason.NOT_FOUND,
        action=action,
    )
    raise Http404(_("未找到。"))


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


# ---------------------------------------------------------------------------------------------
# Notification and routing


def may_notify(user: Any, record: models.Model) -> bool:
    """Whether the user may be told about the record: an active account that may read it."""
    if user is None or not getattr(user, "is_active", False):
        return False
    return can_read(user, record)


def notification_recipients(users: Iterable[Any], record: models.Model) -> list[Any]:
    """The candidates who may be notified about the record; everyone else is dropped."""
    return [user for user in users if may_notify(user, record)]


def accused_organ_ids(record: models.Model) -> set[int]:
    """Units a record accuses."""
    return set(
        Accusation.objects.filter(
            content_type=_content_type(type(record)),
            object_id=record.pk,
            accused_organ__isnull=False,
        ).values_list("accused_organ_id", flat=True)
    )


def assert_routable(record: models.Model, to_organ: Organ) -> None:
    """Refuse routing a record to an accused unit or a unit under it (细则第十一条第八项)."""
    accused = accused_organ_ids(record)
    if organ_is_accused(organ_path=to_organ.path, accused_organ_ids=accused):
        raise RoutingRefused(
            _(
                "不得将信访群众的揭发控告材料转给被揭发控告单位或其下属单位"
                "（《重庆市信访工作责任制实施细则》第十一条第八项）。"
            ),
            code="routing_to_accused_unit",
        )


# ---------------------------------------------------------------------------------------------
# Accountability records (细则第十七条、第十八条)


def _cadre_authority(person: Person, *, on: date) -> Organ | None:
    """The cadre's managing authority today, or as of the last position the cadre held."""
    authority = person_managing_authority(person, on)
    if authority is not None:
        return authority
    last = (
        Position.objects.filter(person_id=person.pk, start__lte=on)
        .order_by("-end", "-start")
        .values_list("end", flat=True)
        .first()
    )
    return person_managing_authority(person, last) if last is not None else None


def can_read_accountability_record(user: Any, person: Person) -> bool:
    """Whether the user may read a person's accountability record (细则第十七条、第十八条).

    Only the managing authority (有管理权限的党政机关: its leadership team, which decides) and
    the organization and personnel departments of its level (同级组织、人事部门, notified
    under 第十八条), besides the system administrator. The person concerned never reads his
    own; nobody else reads it — not the petition office, not colleagues.
    """
    scope = scope_for(user)
    if scope.is_empty:
        return False
    if scope.person_id == person.pk:
        return False
    if scope.is_admin:
        return True
    today = timezone.localdate()
    authority = _cadre_authority(person, on=today)
    if authority is None:
        return False
    if (
        scope.person_id is not None
        and authority.pk in scope.member_organ_ids
        and Position.objects.filter(
            held_on(today),
            person_id=scope.person_id,
            organ_id=authority.pk,
            kind__in=LEADERSHIP_KINDS,
        ).exists()
    ):
        return True
    departments = {
        organ.pk
        for role in (OrganRole.ORGANIZATION, OrganRole.PERSONNEL)
        for organ in departments_of_level(authority, role)
    }
    return not departments.isdisjoint(scope.member_organ_ids)
