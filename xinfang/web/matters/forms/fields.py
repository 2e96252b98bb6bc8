"""Fields the matter forms share: organs chosen by name, and the bounds of free text."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django import forms

from xinfang.orgs.models import Organ

NOTE_MAX = 2000
TEXT_MAX = 20000


class OrganChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]
    """An organ shown by its name."""

    def label_from_instance(self, obj: Any) -> str:
        return str(obj.name)


class OrganMultipleChoiceField(forms.ModelMultipleChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.name)


def organ_queryset(organs: Iterable[Organ]) -> Any:
    ids = [organ.pk for organ in organs]
    return Organ.objects.filter(pk__in=ids).order_by("path")
