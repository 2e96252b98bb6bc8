"""``xinfang demo_oversight``: the demo records of the oversight (细则第九条、第十条).

A step of ``xinfang demo`` (``settings.XINFANG_DEMO_STEPS``), after the accountability demo so
that the assessment and the cadre's opinion read its decisions. Running it twice writes nothing
the second time.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from xinfang.demo.oversight import load_demo_oversight


class Command(BaseCommand):
    help = "Load the demo records of the oversight (演示督查考核记录)."

    def handle(self, *args: Any, **options: Any) -> None:
        written = load_demo_oversight()
        total = sum(written.values())
        if total:
            self.stdout.write(_("演示督查考核记录已写入：%(total)d 条。") % {"total": total})
        else:
            self.stdout.write(_("演示督查考核记录已存在，未作任何更改。"))
