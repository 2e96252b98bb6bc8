"""``xinfang demo-logins``: print the demo accounts, their password, role and organ."""

from __future__ import annotations

import unicodedata
from typing import Any

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from xinfang.demo.orgs import demo_login_rows


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _pad(text: str, width: int) -> str:
    return text + " " * (width - _width(text))


class Command(BaseCommand):
    help = "Print the demo logins: username, password, role and organ."

    def handle(self, *args: Any, **options: Any) -> None:
        header = (_("用户名"), _("密码"), _("角色"), _("机构"))
        rows = [header, *demo_login_rows()]
        widths = [max(_width(str(row[i])) for row in rows) for i in range(3)]
        self.stdout.write(_("演示账号（仅供演示）："))
        for row in rows:
            cells = [_pad(str(row[i]), widths[i]) for i in range(3)]
            self.stdout.write("  ".join([*cells, str(row[3])]).rstrip())
