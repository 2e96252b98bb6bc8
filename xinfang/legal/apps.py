from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LegalConfig(AppConfig):
    """Django adapters of the rules core: the working-day calendar table and the rule commands."""

    name = "xinfang.legal"
    label = "legal"
    verbose_name = _("法规与日历")
