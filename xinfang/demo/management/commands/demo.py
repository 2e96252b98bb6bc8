"""``xinfang demo``: load the demo Chongqing (idempotent) and print the demo logins."""

from __future__ import annotations

import time
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from xinfang.demo.orgs import load_demo


class Command(BaseCommand):
    help = "Load the demo data: organs of Chongqing, people, positions and demo logins."

    def handle(self, *args: Any, **options: Any) -> None:
        began = time.monotonic()
        result = load_demo()
        seconds = time.monotonic() - began
        if result.changed:
            self.stdout.write(
                _(
                    "演示数据已写入：机构 %(organs)d 个，人员 %(people)d 人，"
                    "职位 %(positions)d 个，账号 %(users)d 个（%(seconds).1f 秒）。"
                )
                % {**result.created, "seconds": seconds}
            )
        else:
            self.stdout.write(_("演示数据已存在，未作任何更改。"))
        # Other apps' demo data stands on the registry; each step is idempotent.
        for step in settings.XINFANG_DEMO_STEPS:
            call_command(step, stdout=self.stdout)
        call_command("demo_logins", stdout=self.stdout)
