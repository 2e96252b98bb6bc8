"""Forms of the matter pages: they parse and keep what the user typed; services decide.

No business rule lives here: a form checks types and bounds, a view hands the values to one
service, and a refusal comes back onto the form with everything the user entered kept.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from django import forms
from django.core.validators import RegexValidator
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from xinfang.orgs.models import Organ
from xinfang.orgs.selectors import region_known
from xinfang.petitions.matters.categories import category_outline, is_catch_all
from xinfang.petitions.matters.choices import (
    Channel,
    FollowUpMethod,
    HandlingWay,
    LegalRoute,
    OpinionKind,
    OtherOrgan,
    ReplyOutcome,
    RouteKind,
    Satisfaction,
)
from xinfang.petitions.matters.models import Category, SupervisionOrder
from xinfang.petitions.models import IDENTITY_FIELDS
from xinfang.widgets import DateInput

NOTE_MAX = 2000
TEXT_MAX = 20000


class OrganChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]
    """An organ shown by its name."""

    def label_from_instance(self, obj: Any) -> str:
        return str(obj.name)


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

        def path_label(category: Category) -> str:
            names = []
            while category.parent_id is not None and category.parent_id in by_pk:
                names.append(str(category.label))
                category = by_pk[category.parent_id]
            return " › ".join(reversed(names))

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
                label = path_label(sub.category)
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


class OrganMultipleChoiceField(forms.ModelMultipleChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.name)


def _organ_queryset(organs: Iterable[Organ]) -> Any:
    ids = [organ.pk for organ in organs]
    return Organ.objects.filter(pk__in=ids).order_by("path")


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
        organ_field.queryset = _organ_queryset(organs)
        accused_field = self.fields["accused_organs"]
        assert isinstance(accused_field, forms.ModelMultipleChoiceField)
        accused_field.queryset = _organ_queryset(accusable)
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


class RouteForm(forms.Form):
    """Transfer (转送) or assign (交办) to the organ that handles it."""

    kind = forms.ChoiceField(label=_("方式"), choices=RouteKind.choices, initial=RouteKind.TRANSFER)
    to_organ = OrganChoiceField(label=_("接收机关"), queryset=Organ.objects.none())
    report_due = forms.DateField(
        label=_("报告办理结果期限（交办）"),
        required=False,
        widget=DateInput(),
    )
    note = forms.CharField(
        label=_("说明"),
        max_length=NOTE_MAX,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args: Any, targets: Iterable[Organ] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["to_organ"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = _organ_queryset(targets)


class RouteOutForm(forms.Form):
    """Route out to the legal route (诉讼与信访分离), with the notice to the petitioner."""

    legal_route = forms.ChoiceField(
        label=_("法定途径"),
        choices=[
            (v, label)
            for v, label in LegalRoute.choices
            if v not in (LegalRoute.PETITION_HANDLING, LegalRoute.DISCIPLINE_COMPLAINT)
        ],
    )
    reason = forms.CharField(
        label=_("理由"), max_length=NOTE_MAX, widget=forms.Textarea(attrs={"rows": 2})
    )
    notice = forms.CharField(
        label=_("告知信访人的内容"),
        max_length=NOTE_MAX,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("写明法定途径和受理机关。"),
    )


class OtherOrganForm(forms.Form):
    """Tell the petitioner to go to a people's congress, court or procuratorate."""

    other_organ = forms.ChoiceField(label=_("机关类别"), choices=OtherOrgan.choices)
    notice = forms.CharField(
        label=_("告知信访人的内容"), max_length=NOTE_MAX, widget=forms.Textarea(attrs={"rows": 2})
    )


class DisciplineForm(forms.Form):
    """Send an accusation against officials to a discipline body."""

    to_organ = OrganChoiceField(label=_("纪检监察机关"), queryset=Organ.objects.none())
    note = forms.CharField(
        label=_("说明"),
        max_length=NOTE_MAX,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args: Any, targets: Iterable[Organ] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["to_organ"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = _organ_queryset(targets)


class PoliticsLawForm(forms.Form):
    """涉法涉诉 (信访工作条例(2022)第二十二条第二款): a letter is transferred to a political-legal
    organ; a visitor is given the law's explanation and guided there (the organ optional). The
    service decides what each needs."""

    to_organ = OrganChoiceField(
        label=_("接收的政法部门"), queryset=Organ.objects.none(), required=False
    )
    notice = forms.CharField(
        label=_("说明"),
        max_length=NOTE_MAX,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(
        self, *args: Any, targets: Iterable[Organ] = (), visit: bool = False, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["to_organ"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = _organ_queryset(targets)
        if visit:
            field.label = _("引导信访人前往的政法部门（可不选）")
            self.fields["notice"].label = _("释法明理、引导情况")
            self.fields["notice"].help_text = _(
                "对走访反映涉诉问题的信访人，应当释法明理，引导其向有关政法部门反映问题"
                "（信访工作条例第二十二条第二款）。"
            )
        else:
            field.help_text = _(
                "对收到的涉法涉诉信件，应当转送同级政法部门依法处理（信访工作条例第二十二条第二款）；"
                "已转送、交办的，由收到的机关转送有关政法部门（第二十八条第二款）。"
            )


class AcceptForm(forms.Form):
    """Acceptance, with the way the matter is handled where the procedure has more than one
    (``ways``: the rules core's ``handling_ways`` of the matter's profile)."""

    notice = forms.CharField(
        label=_("受理告知"),
        max_length=NOTE_MAX,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    handling_way = forms.ChoiceField(
        label=_("办理方式"),
        choices=HandlingWay.choices,
        initial=HandlingWay.OPINION,
        required=False,  # not chosen: 第三十一条第六项, as every matter was handled before
        widget=forms.RadioSelect,
        help_text=_(
            "只有出具信访处理意见书的事项自受理之日起60日内办结（第三十四条）；"
            "依法履行或者答复、建议意见类事项不计办理期限，以答复办结。"
        ),
    )

    def __init__(self, *args: Any, ways: Iterable[str] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        offered = [(value, label) for value, label in HandlingWay.choices if value in set(ways)]
        field = self.fields["handling_way"]
        assert isinstance(field, forms.ChoiceField)
        if len(offered) > 1:
            field.choices = offered
        else:
            # One way only (信访条例(2005)第三十三条: every accepted matter has its 60 days).
            del self.fields["handling_way"]


class ReplyForm(forms.Form):
    """The reply that concludes a duty or suggestion matter (答复); ``outcomes`` are those the
    matter's way allows (the rules core's ``REPLY_OUTCOMES``)."""

    outcome = forms.ChoiceField(
        label=_("答复结果"), choices=ReplyOutcome.choices, widget=forms.RadioSelect
    )
    reply = forms.CharField(
        label=_("答复内容"),
        max_length=TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("答复内容告知信访人，信访人凭查询码可以查看。"),
    )

    def __init__(self, *args: Any, outcomes: Iterable[str] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        wanted = set(outcomes)
        field = self.fields["outcome"]
        assert isinstance(field, forms.ChoiceField)
        if wanted:
            field.choices = [
                (value, label) for value, label in ReplyOutcome.choices if value in wanted
            ]


class DeclineForm(forms.Form):
    reason = forms.CharField(
        label=_("不予受理理由"), max_length=NOTE_MAX, widget=forms.Textarea(attrs={"rows": 2})
    )
    notice = forms.CharField(
        label=_("不予受理告知"), max_length=NOTE_MAX, widget=forms.Textarea(attrs={"rows": 2})
    )


class ObjectionForm(forms.Form):
    """信访工作条例(2022)第二十三条第三款: an objection states its reasons in detail."""

    reason = forms.CharField(
        label=_("异议理由（详细说明不属本机关、单位或本系统职权范围的理由）"),
        max_length=NOTE_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class ObjectionAgreeForm(forms.Form):
    note = forms.CharField(
        label=_("核实情况（交还材料，另行转送、交办）"),
        max_length=NOTE_MAX,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class ObjectionRefuseForm(forms.Form):
    reason = forms.CharField(
        label=_("不同意异议的理由"), max_length=NOTE_MAX, widget=forms.Textarea(attrs={"rows": 2})
    )


class ObjectionWithdrawForm(forms.Form):
    note = forms.CharField(
        label=_("撤回理由"),
        max_length=NOTE_MAX,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class ExtendForm(forms.Form):
    """A request to extend the handling period; a responsible person of the organ decides it
    (asked by one, or with the document of an approval given on paper, it is granted at once)."""

    # No bound of the form's own: the profile's limit, with its article, is the only one
    # (the rules refuse a longer extension, whatever its length, before anything is written).
    days = forms.IntegerField(label=_("延长天数"), min_value=1)
    reason = forms.CharField(
        label=_("延期理由"), max_length=NOTE_MAX, widget=forms.Textarea(attrs={"rows": 2})
    )
    document_ref = forms.CharField(
        label=_("批准文件文号"),
        max_length=100,
        required=False,
        help_text=_("负责人已书面批准的，填写批准文件文号；否则提交后由本机关负责人批准。"),
    )

    def __init__(self, *args: Any, limit: int | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if limit is not None:
            self.fields["days"].help_text = _("不超过 %(limit)d 日。") % {"limit": limit}


class HearingStartForm(forms.Form):
    """A hearing that has begun (听证): its first day, where, and what it is about."""

    started_on = forms.DateField(
        label=_("听证开始日"),
        widget=DateInput(),
        help_text=_("复核听证期间不计入复核期限：自开始日起暂停计算，登记结束日后重新计算。"),
    )
    place = forms.CharField(label=_("听证地点"), max_length=200, required=False)
    note = forms.CharField(
        label=_("听证情况"),
        max_length=NOTE_MAX,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class HearingEndForm(forms.Form):
    """The last day of the running hearing."""

    ended_on = forms.DateField(
        label=_("听证结束日"),
        widget=DateInput(),
        help_text=_("开始日至结束日（含两端）按自然日计算，不计入复核期限。"),
    )
    note = forms.CharField(
        label=_("说明"),
        max_length=NOTE_MAX,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class OpinionForm(forms.Form):
    """A handling, review or re-review opinion (支持 / 解释 / 不予支持)."""

    kind = forms.ChoiceField(
        label=_("意见类型"), choices=OpinionKind.choices, widget=forms.RadioSelect
    )
    facts = forms.CharField(
        label=_("查明事实"), max_length=TEXT_MAX, widget=forms.Textarea(attrs={"rows": 3})
    )
    reasons = forms.CharField(
        label=_("理由"), max_length=TEXT_MAX, widget=forms.Textarea(attrs={"rows": 3})
    )
    legal_basis = forms.CharField(
        label=_("法律依据"), max_length=TEXT_MAX, widget=forms.Textarea(attrs={"rows": 2})
    )
    delivered_on = forms.DateField(
        label=_("送达日期"),
        required=False,
        widget=DateInput(),
        help_text=_("复查（复核）请求期限自送达之日起计算；不填为今天。"),
    )


class RequestForm(forms.Form):
    """The petitioner's request for a review or re-review, recorded by staff."""

    to_organ = OrganChoiceField(label=_("复查（复核）机关"), queryset=Organ.objects.none())
    reason = forms.CharField(
        label=_("请求理由"),
        max_length=NOTE_MAX,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args: Any, targets: Iterable[Organ] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["to_organ"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = _organ_queryset(targets)


class CloseForm(forms.Form):
    reason = forms.CharField(
        label=_("结案理由"), max_length=NOTE_MAX, widget=forms.Textarea(attrs={"rows": 2})
    )


class ExecutionForm(forms.Form):
    note = forms.CharField(
        label=_("执行情况"), max_length=NOTE_MAX, widget=forms.Textarea(attrs={"rows": 3})
    )


class SatisfactionForm(forms.Form):
    rating = forms.ChoiceField(
        label=_("满意度"), choices=Satisfaction.choices, widget=forms.RadioSelect
    )


class FollowUpForm(forms.Form):
    method = forms.ChoiceField(label=_("回访方式"), choices=FollowUpMethod.choices)
    notes = forms.CharField(
        label=_("回访情况"), max_length=TEXT_MAX, widget=forms.Textarea(attrs={"rows": 2})
    )
    satisfaction = forms.ChoiceField(
        label=_("满意度"), choices=[("", "—"), *Satisfaction.choices], required=False
    )

    def __init__(self, *args: Any, may_rate: bool = True, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not may_rate:
            # The handling organ follows up but does not write down its own rating.
            del self.fields["satisfaction"]


class SuperviseForm(forms.Form):
    """A supervision order (督办) on the matter, with its reply deadline."""

    to_organ = OrganChoiceField(label=_("被督办机关"), queryset=Organ.objects.none())
    instructions = forms.CharField(
        label=_("督办意见"), max_length=TEXT_MAX, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args: Any, targets: Iterable[Organ] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["to_organ"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = _organ_queryset(targets)


class OrderChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.issuing_organ.name} {obj.issued_at:%Y-%m-%d}"


class SupervisionReplyForm(forms.Form):
    """The supervised organ's written reply (督办反馈)."""

    order = OrderChoiceField(label=_("督办"), queryset=SupervisionOrder.objects.none())
    reply = forms.CharField(
        label=_("反馈内容"), max_length=TEXT_MAX, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args: Any, orders: Iterable[SupervisionOrder] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["order"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = SupervisionOrder.objects.filter(
            pk__in=[o.pk for o in orders]
        ).select_related("issuing_organ")


class RevealForm(forms.Form):
    """Show the petitioner's identity in plaintext, for a stated reason (audited)."""

    fields_wanted = forms.MultipleChoiceField(
        label=_("查看字段"),
        choices=[
            ("name", _("姓名")),
            ("id_number", _("公民身份号码")),
            ("phone", _("联系电话")),
            ("address", _("住址")),
        ],
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    reason = forms.CharField(
        label=_("查看理由"),
        max_length=500,
        help_text=_("查看完整个人信息会记入审计日志。"),
    )


class LookupForm(forms.Form):
    """The petitioner's query code."""

    code = forms.CharField(label=_("查询码"), max_length=64)
