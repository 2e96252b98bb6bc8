"""Forms of the petitioner's portal: they parse and keep what was typed; services decide."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from xinfang.access.identity import validate_id_number
from xinfang.petitions.matters.choices import Satisfaction
from xinfang.petitions.matters.models import Category
from xinfang.petitions.matters.services.intake import CONTENT_MAX, SUMMARY_MAX
from xinfang.petitions.matters.services.portal import ATTACHMENTS_MAX, District
from xinfang.web.matters.forms import CategoryChoiceField


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one input (Django's documented pattern)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> Any:
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(item, initial) for item in data]
        return [single(data, initial)] if data else []


class PortalSubmitForm(forms.Form):
    """An online petition (网上信访, 信访工作条例(2022)第十七条、第十九条)."""

    name = forms.CharField(label=_("姓名"), max_length=100)
    id_number = forms.CharField(
        label=_("公民身份号码"),
        max_length=40,
        help_text=_("18 位，最后一位为校验码（数字或 X）。"),
        widget=forms.TextInput(attrs={"autocomplete": "off", "inputmode": "text"}),
    )
    phone = forms.CharField(
        label=_("联系电话"), max_length=40, widget=forms.TextInput(attrs={"type": "tel"})
    )
    address = forms.CharField(label=_("住址"), max_length=300)
    district = forms.ChoiceField(label=_("问题发生地：区县"))
    township = forms.ChoiceField(
        label=_("问题发生地：乡镇（街道）"),
        required=False,
        help_text=_("可不选；选了须属于上面的区县。"),
    )
    category = CategoryChoiceField(
        label=_("问题类别"), queryset=Category.objects.none(), required=False
    )
    summary = forms.CharField(
        label=_("标题"),
        max_length=SUMMARY_MAX,
        required=False,
        help_text=_("一句话说明反映的问题；不填则取内容的第一行。"),
    )
    content = forms.CharField(
        label=_("信访内容"),
        max_length=CONTENT_MAX,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("写明请求、事实和理由。"),
    )
    attachments = MultipleFileField(
        label=_("附件"),
        required=False,
    )

    def __init__(self, *args: Any, places: list[District], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Formatted per request, in the request's language (a lazy text formatted at import
        # would stay in the language of that moment).
        self.fields["attachments"].help_text = _(
            "最多 %(max)s 个；PDF、JPEG、PNG、TIFF、OFD、DOC、DOCX、WPS。"
        ) % {"max": ATTACHMENTS_MAX}
        district = self.fields["district"]
        assert isinstance(district, forms.ChoiceField)
        district.choices = [("", _("请选择区县")), *[(d.code, d.name) for d in places]]
        township = self.fields["township"]
        assert isinstance(township, forms.ChoiceField)
        township.choices = [
            ("", _("不选（仅区县）")),
            *[(d.name, [(t.code, t.name) for t in d.townships]) for d in places if d.townships],
        ]
        category = self.fields["category"]
        assert isinstance(category, forms.ModelChoiceField)
        category.queryset = Category.objects.filter(is_active=True).order_by("code")

    def clean_id_number(self) -> str:
        try:
            return validate_id_number(self.cleaned_data["id_number"])
        except ValidationError as exc:
            raise forms.ValidationError(exc.messages, code=exc.code) from None

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        district, township = data.get("district"), data.get("township")
        if district and township and not township.startswith(district):
            self.add_error("township", _("所选乡镇（街道）不属于所选区县。"))
        return data

    @property
    def region_code(self) -> str:
        return str(self.cleaned_data.get("township") or self.cleaned_data.get("district") or "")


class PortalCodeForm(forms.Form):
    """The query code given on the receipt."""

    code = forms.CharField(
        label=_("查询码"),
        max_length=64,
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters"}),
    )


class PortalRatingForm(forms.Form):
    """The petitioner's rating of the handling."""

    rating = forms.ChoiceField(
        label=_("您对办理情况的评价"), choices=Satisfaction.choices, widget=forms.RadioSelect
    )


class PortalReviewForm(forms.Form):
    """The petitioner's request for a review (or re-review)."""

    reason = forms.CharField(
        label=_("请求的理由"),
        max_length=CONTENT_MAX,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("写明对处理意见哪些方面不服，以及理由。"),
    )
