"""``xinfang demo_duties``: the demo records of the duties (细则第四条、第六条至第八条).

A step of ``xinfang demo`` (``settings.XINFANG_DEMO_STEPS``), before ``detect_leads`` so that
the duties' failures become leads. Running it twice writes nothing the second time.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from xinfang.demo.duties import load_demo_duties


class Command(BaseCommand):
    help = "Load the demo records of the duties (演示信访工作职责记录)."

    def handle(self, *args: Any, **options: Any) -> None:
        written = load_demo_duties()
        total = sum(written.values())
        if total:
            self.stdout.write(_("演示信访工作职责记录已写入：%(total)d 条。") % {"total": total})
        else:
            self.stdout.write(_("演示信访工作职责记录已存在，未作任何更改。"))
