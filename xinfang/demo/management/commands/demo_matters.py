"""``xinfang demo_matters``: demo petition matters in every state, through the services.

A step of ``xinfang demo`` (``settings.XINFANG_DEMO_STEPS``), after the registry and the demo
petitioners. Dates are placed relative to the run date, so the demo has matters overdue now,
due soon and concluded. Running it twice writes nothing the second time.
"""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from xinfang.demo.matters import load_demo_matters
from xinfang.petitions.matters.choices import MatterState


class Command(BaseCommand):
    help = "Register demo petition matters and take them through the procedure (演示信访事项)."

    def handle(self, *args: Any, **options: Any) -> None:
        began = time.monotonic()
        result = load_demo_matters()
        if not result.created:
            if result.reason == "present":
                self.stdout.write(_("演示信访事项已存在，未作任何更改。"))
            else:
                self.stdout.write(_("尚无演示机构或信访事项分类，请先运行 xinfang demo。"))
            return
        states = "，".join(
            f"{MatterState(state).label} {count}" for state, count in result.by_state.items()
        )
        self.stdout.write(
            _(
                "演示信访事项已写入：%(matters)d 件（%(states)s），督办 %(orders)d 件，"
                "依法分类处理清单 %(entries)d 条（%(seconds).1f 秒）。"
            )
            % {
                "matters": result.matters,
                "states": states,
                "orders": result.counts.get("supervision_orders", 0),
                "entries": result.counts.get("handling_list_entries", 0),
                "seconds": time.monotonic() - began,
            }
        )
