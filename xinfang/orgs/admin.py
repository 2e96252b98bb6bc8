"""The Django admin for the registry. Every save goes through the services.

The forms run the services' own checks while validating, so a refusal shows on the form next
to its field; saving then calls the service, which validates again and writes the audit entry
in the same transaction. Deleting is not offered: organs, people and positions are ended
(``is_active``, ``end``), never erased, and the trail keeps their history.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django import forms
from django.contrib import admin
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from . import services
from .choices import OrganRole, PortfolioSubject
from .models import Organ, Person, Position

if TYPE_CHECKING:
    OrganFormBase = forms.ModelForm[Organ]
    PersonFormBase = forms.ModelForm[Person]
    PositionFormBase = forms.ModelForm[Position]
    OrganAdminBase = admin.ModelAdmin[Organ]
    PersonAdminBase = admin.ModelAdmin[Person]
    PositionAdminBase = admin.ModelAdmin[Position]
else:
    OrganFormBase = PersonFormBase = PositionFormBase = forms.ModelForm
    OrganAdminBase = PersonAdminBase = PositionAdminBase = admin.ModelAdmin

ORGAN_FIELDS = (
    "code",
    "name",
    "short_name",
    "kind",
    "level",
    "region_code",
    "parent",
    "roles",
    "vertical_system",
    "vertical_parent",
    "managing_authority",
    "is_active",
)


def _add_service_errors(form: forms.BaseForm, error: ValidationError) -> None:
    """Show a service's refusal on the form: on its field when the form has it."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for field, errors in error.error_dict.items():
        target = field if field in form.fields and field != NON_FIELD_ERRORS else None
        for item in errors:
            if target is None or target not in form.errors:
                form.add_error(target, item)


class OrganForm(OrganFormBase):
    roles = forms.MultipleChoiceField(
        label=_("职能"),
        choices=OrganRole.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Organ
        fields = ORGAN_FIELDS

    def _post_clean(self) -> None:
        super()._post_clean()  # type: ignore[misc]
        if self.errors:
            return
        original = Organ.objects.get(pk=self.instance.pk) if self.instance.pk else None
        try:
            services.organ_check(organ=self.instance, original=original)
        except ValidationError as error:
            _add_service_errors(self, error)


@admin.register(Organ)
class OrganAdmin(OrganAdminBase):
    form = OrganForm
    list_display = (
        "name",
        "short_name",
        "kind",
        "applicability_badge",
        "level",
        "region_code",
        "parent",
        "is_active",
    )
    list_filter = ("kind", "applicability", "level", "is_active")
    list_select_related = ("parent",)
    search_fields = ("name", "short_name", "code", "region_code")
    autocomplete_fields = ("parent", "vertical_parent", "managing_authority")
    readonly_fields = ("applicability", "path", "depth")
    list_per_page = 50

    @admin.display(description=_("适用方式"), ordering="applicability")
    def applicability_badge(self, obj: Organ) -> str:
        # 细则第二条第三款: state-owned enterprises apply the rules by reference.
        return str(obj.get_applicability_display())

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def save_model(self, request: HttpRequest, obj: Organ, form: Any, change: bool) -> None:
        data = {f: form.cleaned_data[f] for f in ORGAN_FIELDS if f in form.cleaned_data}
        if change:
            changes = {f: data[f] for f in form.changed_data if f in data}
            services.organ_update(actor=request.user, organ=obj, **changes)
            return
        created = services.organ_create(actor=request.user, **data)
        for attribute in ("pk", "path", "depth", "applicability", "roles"):
            setattr(obj, attribute, getattr(created, attribute))


class PersonForm(PersonFormBase):
    class Meta:
        model = Person
        fields = ("code", "name", "user")


@admin.register(Person)
class PersonAdmin(PersonAdminBase):
    form = PersonForm
    list_display = ("name", "code", "user")
    search_fields = ("name", "code", "user__username")
    list_select_related = ("user",)
    raw_id_fields = ("user",)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def save_model(self, request: HttpRequest, obj: Person, form: Any, change: bool) -> None:
        data = form.cleaned_data
        if change:
            services.person_update(
                actor=request.user, person=obj, code=data["code"], name=data["name"]
            )
        else:
            created = services.person_create(
                actor=request.user, code=data["code"], name=data["name"]
            )
            obj.pk = created.pk
        if "user" in form.changed_data or (not change and data.get("user")):
            services.person_link_user(actor=request.user, person=obj, user=data.get("user"))


class PositionForm(PositionFormBase):
    portfolio = forms.MultipleChoiceField(
        label=_("分管事项"),
        choices=PortfolioSubject.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Position
        fields = ("person", "organ", "kind", "title", "portfolio", "start", "end")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields.get("portfolio")
        if field is not None and self.instance.pk:
            # Keep subjects outside the known list selectable, so an edit does not drop them.
            known = set(PortfolioSubject.values)
            extra = [(s, s) for s in self.instance.portfolio or [] if s not in known]
            field.choices = [*PortfolioSubject.choices, *extra]  # type: ignore[attr-defined]

    def _post_clean(self) -> None:
        super()._post_clean()  # type: ignore[misc]
        if self.errors:
            return
        try:
            services.position_check(position=self.instance)
        except ValidationError as error:
            _add_service_errors(self, error)


@admin.register(Position)
class PositionAdmin(PositionAdminBase):
    form = PositionForm
    list_display = ("person", "organ", "kind", "title", "start", "end")
    list_filter = ("kind",)
    list_select_related = ("person", "organ")
    search_fields = ("person__name", "person__code", "organ__name", "title")
    autocomplete_fields = ("person", "organ")
    date_hierarchy = "start"

    def get_readonly_fields(
        self, request: HttpRequest, obj: Position | None = None
    ) -> tuple[str, ...]:
        # Who, where, what and since when are facts; a wrong one is ended and started anew.
        return ("person", "organ", "kind", "start") if obj is not None else ()

    def get_queryset(self, request: HttpRequest) -> QuerySet[Position]:
        return super().get_queryset(request).select_related("person", "organ")

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def save_model(self, request: HttpRequest, obj: Position, form: Any, change: bool) -> None:
        data = form.cleaned_data
        if not change:
            created = services.position_start(
                actor=request.user,
                person=data["person"],
                organ=data["organ"],
                kind=data["kind"],
                start=data["start"],
                end=data.get("end"),
                title=data.get("title", ""),
                portfolio=data.get("portfolio") or [],
            )
            obj.pk = created.pk
            return
        changes = {f: data[f] for f in ("title", "portfolio") if f in form.changed_data}
        if changes:
            services.position_update(actor=request.user, position=obj, changes=changes)
        if "end" in form.changed_data:
            services.position_end(actor=request.user, position=obj, end=data.get("end"))
