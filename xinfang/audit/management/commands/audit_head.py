"""``xinfang audit-head``: print the chain head as JSON, to be signed and stored elsewhere."""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand

from xinfang.audit.verify import chain_head


class Command(BaseCommand):
    help = "Print the audit chain head as JSON: seq, hash, time (审计链头)."

    def handle(self, *args: Any, **options: Any) -> None:
        self.stdout.write(json.dumps(chain_head(), sort_keys=True))
