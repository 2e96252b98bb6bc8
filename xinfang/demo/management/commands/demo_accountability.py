"""``xinfang demo_accountability``: demo accountability cases, decided and notified.

A step of ``xinfang demo`` (``settings.XINFANG_DEMO_STEPS``), after ``detect_leads``: takes
three of the demo's leads through investigation, recommendation and decision, so that the
notices of 细则第十八条 reach the demo's organization and personnel departments. Running it
twice writes nothing the second time.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from xinfang.demo.accountability import load_demo_accountability


class Command(BaseCommand):
    help = "Take demo leads through the accountability workflow (演示责任追究案件)."

    def handle(self, *args: Any, **options: Any) -> None:
        result = load_demo_accountability()
        if result.created:
            self.stdout.write(
                _("演示责任追究案件已写入：%(cases)d 件，通报组织人事部门 %(notices)d 份。")
                % {"cases": len(result.cases), "notices": result.notices}
            )
        elif result.reason == "present":
            self.stdout.write(_("演示责任追究案件已存在，未作任何更改。"))
        else:
            self.stdout.write(_("尚无演示线索，未写入责任追究案件。"))
