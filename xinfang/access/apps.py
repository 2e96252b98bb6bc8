from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccessConfig(AppConfig):
    name = "xinfang.access"
    label = "access"
    verbose_name = _("权限与个人信息保护")
