"""Exclusion: records that accuse the user's organ, or that they recused from, hidden."""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Any, TypeVar

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ImproperlyConfigured
from django.db import models
from django.db.models import ExpressionWrapper, F, Q, QuerySet
from django.db.models.expressions import RawSQL

from xinfang.orgs.models import Organ

from ..models import Accusation, Recusal
from ..scope import Scope
from .scoping import scope_for

M = TypeVar("M", bound=models.Model)


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
