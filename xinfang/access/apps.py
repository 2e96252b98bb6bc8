from django.apps import AppConfig
from django.conf import settings
from django.utils.translation import gettext_lazy as _


class AccessConfig(AppConfig):
    name = "xinfang.access"
    label = "access"
    verbose_name = _("权限与个人信息保护")

    def ready(self) -> None:
        # Production refuses to start with a missing or malformed key ring.
        if not getattr(settings, "XINFANG_DATA_KEYS_AUTOCREATE", False):
            from .crypto import load_keyring

            load_keyring()
