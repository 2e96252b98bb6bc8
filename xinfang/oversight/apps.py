from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OversightConfig(AppConfig):
    name = "xinfang.oversight"
    label = "oversight"
    verbose_name = _("督查考核")

    def ready(self) -> None:
        # The oversight's detectors join ``xinfang detect-leads`` (accountability's registry).
        from . import detection  # noqa: F401
