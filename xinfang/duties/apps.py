from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DutiesConfig(AppConfig):
    name = "xinfang.duties"
    label = "duties"
    verbose_name = _("信访工作职责")

    def ready(self) -> None:
        # The duties' detectors join ``xinfang detect-leads`` (accountability's registry).
        from . import detection  # noqa: F401
