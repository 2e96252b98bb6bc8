"""The registration form: a matter as the clerk takes it in (登记, 细则第八条第一项), with its
category chosen from the taxonomy as it reads."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from django import forms
from django.core.validators import RegexValidator
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from xinfang.orgs.models import Organ
from xinfang.orgs.selectors import region_known
from xinfang.petitions.matters.categories import category_outline, is_catch_all, path_label
from xinfang.petitions.matters.choices import Channel
from xinfang.petitions.matters.models import Category
from xinfang.petitions.models import IDENTITY_FIELDS

from .fields import NOTE_MAX, TEXT_MAX, OrganChoiceField, OrganMultipleChoiceField, organ_queryset


class CategoryChoiceIterator(forms.models.ModelChoiceIterator):
    """The categories as the taxonomy reads (``category_outline``): an option group per main
    category, its subcategories in it (a deeper one named by its path, 物业管理 › 电梯), "其他"
    last; the main category itself is the group's "其他（城乡建设）", or, where the group has
    its own catch-all, the group's first option "城乡建设（未细分）". A main category with
    nothing under it is a plain option; the top-level 其他 comes last of all."""

    def __iter__(self) -> Iterator[Any]:
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        outline = category_outline(self.queryset)
        # Names in the reader's language (``Category.label``), a deeper one by its path.
        by_pk = {node.category.pk: node.category for node in outline}

        for index, node in enumerate(outline):
            if node.depth:
                continue
            main = node.category
            main_label = str(main.label)
            if not node.children:
                yield self.option(main, main_label)
                continue
            members = []
            for sub in outline[index + 1 :]:
                if not sub.depth:
                    break
                label = path_label(sub.category, by_pk)
                if sub.depth == 1 and sub.category.name == "其他":
                    label = _("其他（%(name)s）") % {"name": main_label}
                members.append(self.option(sub.category, label))
            if any(is_catch_all(child) for child in node.children):
                members.insert(0, self.option(main, _("%(name)s（未细分）") % {"name": main_label}))
            else:
                members.append(self.option(main, _("其他（%(name)s）") % {"name": main_label}))
            yield (main_label, members)

    def option(self, category: Category, label: str) -> tuple[Any, str]:
        value, _label = self.choice(category)
        return (value, str(label))


class CategoryChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]
    """A category shown by its name in the reader's language (its code is the
    administrators'), grouped under its main category."""

    iterator = CategoryChoiceIterator

    def label_from_instance(self, obj: Any) -> str:
        return str(obj.label)


class MatterRegisterForm(forms.Form):
    """Registration of a matter by a petition office clerk (登记, 细则第八条第一项)."""

    PETITIONER_NEW = "new"
    PETITIONER_EXISTING = "existing"
    PETITIONER_ANONYMOUS = "anonymous"

    organ = OrganChoiceField(label=_("登记机关"), queryset=Organ.objects.none())
    channel = forms.ChoiceField(label=_("信访形式"), choices=Channel.choices)
    is_collective = forms.BooleanField(label=_("集体访"), required=False)
    headcount = forms.IntegerField(label=_("人数"), required=False, min_value=2)
    representatives = forms.IntegerField(label=_("代表人数"), required=False, min_value=1)
    received_at = forms.DateTimeField(
        label=_("收到时间"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S"],
    )
    region_code = forms.CharField(
        label=_("问题发生地（行政区划代码）"),
        max_length=12,
        help_text=_("6、9 或 12 位，例如 500103（渝中区）。"),
        # Checked here too, so the clerk sees it with the other mistakes at once.
        validators=[
            RegexValidator(
                r"^(\d{6}|\d{9}|\d{12})$",
                _("问题发生地应为 6、9 或 12 位行政区划代码。"),
                code="bad_region_code",
            )
        ],
    )
    category = CategoryChoiceField(
        label=_("分类"), queryset=Category.objects.none(), required=False
    )
    summary = forms.CharField(label=_("摘要"), max_length=300)
    content = forms.CharField(
        label=_("信访内容"), max_length=TEXT_MAX, widget=forms.Textarea(attrs={"rows": 6})
    )
    may_be_public = forms.BooleanField(label=_("可以公开"), required=False)
    is_accusation = forms.BooleanField(label=_("检举控告（反映党员干部问题）"), required=False)
    petitioner_mode = forms.ChoiceField(
        label=_("信访人"),
        choices=[
            (PETITIONER_NEW, _("登记新的信访人")),
            (PETITIONER_EXISTING, _("按身份证号查找已登记的信访人")),
            (PETITIONER_ANONYMOUS, _("匿名")),
        ],
        initial=PETITIONER_NEW,
        widget=forms.RadioSelect,
    )
    name = forms.CharField(label=_("姓名"), max_length=100, required=False)
    id_number = forms.CharField(label=_("公民身份号码"), max_length=40, required=False)
    phone = forms.CharField(label=_("联系电话"), max_length=40, required=False)
    address = forms.CharField(label=_("住址"), max_length=300, required=False)
    accused_organs = OrganMultipleChoiceField(
        label=_("被反映单位"),
        queryset=Organ.objects.none(),
        required=False,
        help_text=_("事项不会转给被反映单位及其下属单位，也不会被其看到。"),
    )
    accused_names = forms.CharField(
        label=_("被反映人"),
        max_length=NOTE_MAX,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(
        self,
        *args: Any,
        organs: Iterable[Organ],
        accusable: Iterable[Organ],
        categories: Iterable[Category],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        organ_field = self.fields["organ"]
        assert isinstance(organ_field, forms.ModelChoiceField)
        organ_field.queryset = organ_queryset(organs)
        accused_field = self.fields["accused_organs"]
        assert isinstance(accused_field, forms.ModelMultipleChoiceField)
        accused_field.queryset = organ_queryset(accusable)
        category_field = self.fields["category"]
        assert isinstance(category_field, forms.ModelChoiceField)
        category_field.queryset = Category.objects.filter(
            pk__in=[c.pk for c in categories]
        ).order_by("code")

    def clean_region_code(self) -> str:
        # The service refuses it too; asked here, it is told with the other mistakes at once.
        code: str = self.cleaned_data["region_code"]
        if not region_known(code):
            raise forms.ValidationError(
                _("问题发生地 %(code)s 不是机构名录中的行政区划，请核对行政区划代码。")
                % {"code": code},
                code="unknown_region",
            )
        return code

    def clean_received_at(self) -> Any:
        value = self.cleaned_data["received_at"]
        if value is not None and timezone.is_naive(value):
            value = timezone.make_aware(value)
        return value

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        mode = data.get("petitioner_mode")
        if (
            mode == self.PETITIONER_NEW
            and "name" not in self.errors  # too long, say: already told
            and not (data.get("name") or "").strip()
        ):
            self.add_error("name", _("登记新的信访人须填写姓名。"))
        if mode == self.PETITIONER_EXISTING and not (data.get("id_number") or "").strip():
            self.add_error("id_number", _("请填写公民身份号码以查找信访人。"))
        return data

    def identity(self) -> dict[str, str]:
        return {field: (self.cleaned_data.get(field) or "").strip() for field in IDENTITY_FIELDS}
