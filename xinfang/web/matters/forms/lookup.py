"""The petitioner's lookup form (no sign-in)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _


class LookupForm(forms.Form):
    """The petitioner's query code."""

    code = forms.CharField(label=_("查询码"), max_length=64)
