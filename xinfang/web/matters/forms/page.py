"""The forms the matter page offers: one per step, the petitioner's identity shown for a reason,
a file for the matter, and a responsible person's decision on an extension request."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from xinfang.orgs.models import Organ
from xinfang.petitions.matters import attachments as files
from xinfang.petitions.matters.choices import (
    FollowUpMethod,
    HandlingWay,
    LegalRoute,
    OpinionKind,
    OtherOrgan,
    ReplyOutcome,
    RouteKind,
    Satisfaction,
    SupervisionLevel,
    SupervisionSubject,
)
from xinfang.petitions.matters.models import SupervisionOrder
from xinfang.widgets import DateInput

from .fields import NOTE_MAX, TEXT_MAX, OrganChoiceField, organ_queryset

# ---------------------------------------------------------------------------------------------
# The steps


class TargetOrganForm(forms.Form):
    """A step sent to an organ chosen from ``targets`` (its ``to_organ`` field): the page offers
    only the organs the step may go to."""

    def __init__(self, *args: Any, targets: Iterable[Organ] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["to_organ"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = organ_queryset(targets)


class RouteForm(TargetOrganForm):
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


class DisciplineForm(TargetOrganForm):
    """Send an accusation against officials to a discipline body."""

    to_organ = OrganChoiceField(label=_("纪检监察机关"), queryset=Organ.objects.none())
    note = forms.CharField(
        label=_("说明"),
        max_length=NOTE_MAX,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class PoliticsLawForm(TargetOrganForm):
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
        super().__init__(*args, targets=targets, **kwargs)
        field = self.fields["to_organ"]
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


class RequestForm(TargetOrganForm):
    """The petitioner's request for a review or re-review, recorded by staff."""

    to_organ = OrganChoiceField(label=_("复查（复核）机关"), queryset=Organ.objects.none())
    reason = forms.CharField(
        label=_("请求理由"),
        max_length=NOTE_MAX,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


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


class SuperviseForm(TargetOrganForm):
    """A supervision order (督办) on the matter, with its reply deadline."""

    to_organ = OrganChoiceField(label=_("被督办机关"), queryset=Organ.objects.none())
    instructions = forms.CharField(
        label=_("督办意见"), max_length=TEXT_MAX, widget=forms.Textarea(attrs={"rows": 2})
    )
    level = forms.ChoiceField(
        label=_("督办层级"),
        choices=SupervisionLevel.choices,
        initial=SupervisionLevel.SUPERVISE,
        required=False,
    )
    subject = forms.ChoiceField(
        label=_("督办事项"),
        choices=SupervisionSubject.choices,
        initial=SupervisionSubject.HANDLING,
        required=False,
    )
    circulation_scope = forms.CharField(
        label=_("通报范围（通报时填写）"), max_length=NOTE_MAX, required=False
    )
    escalation_reason = forms.CharField(
        label=_("升级理由（上一次已反馈而问题仍未解决时填写）"),
        max_length=NOTE_MAX,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class OrderChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.get_level_display()} {obj.issuing_organ.name} {obj.issued_at:%Y-%m-%d}"


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


# ---------------------------------------------------------------------------------------------
# The petitioner's identity, a file, an extension decision


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


class AttachmentForm(forms.Form):
    """One file for the matter; what it is is decided from its bytes by the service."""

    file = forms.FileField(
        label=_("文件"),
        allow_empty_file=True,  # the service says "文件为空。"
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = gettext(
            "PDF、JPEG、PNG、TIFF、OFD、DOC、DOCX 或 WPS，不超过 %(mib)s MiB。"
        ) % {"mib": f"{files.max_bytes() / (1024 * 1024):g}"}

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        limit = files.max_bytes()
        if upload.size is not None and upload.size > limit:
            raise ValidationError(files.too_large_message(limit), code="too_large")
        return upload


class ExtensionApproveForm(forms.Form):
    """The responsible person's approval; a paper approval names its document."""

    document_ref = forms.CharField(
        label=_("批准文件文号"),
        max_length=100,
        required=False,
        help_text=_("负责人书面批准的，填写批准文件文号；负责人本人批准的可不填。"),
    )
    notice = forms.CharField(
        label=_("告知信访人的延期理由"),
        max_length=NOTE_MAX,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("不填写的，按申请的延期理由告知。"),
    )


class ExtensionRefuseForm(forms.Form):
    reason = forms.CharField(
        label=_("不予批准理由"),
        max_length=NOTE_MAX,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


EXTENSION_FORMS: dict[str, type[forms.Form]] = {
    "approve": ExtensionApproveForm,
    "refuse": ExtensionRefuseForm,
}
