"""``xinfang merge-repeat-index``: move recent band keys into the archive tier of the repeat
index (``xinfang.petitions.matters.services.index``). The worker runs it every ten minutes;
safe to run at any time and concurrently with registrations. Prints one JSON line."""

from __future__ import annotations

import json
from typing import Any

from xinfang.legal.management.base import ContractCommand

from ...matters.services.index import repeat_index_merge

MERGE_ACTOR = "command:merge-repeat-index"


class Command(ContractCommand):
    help = (
        "Merge the repeat index (重复信访检索索引): move recent band keys into the archive tier "
        "in key order and drop keys too common to mean anything."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        result = repeat_index_merge(actor=MERGE_ACTOR)
        self.stdout.write(
            json.dumps(
                {"moved": result.moved, "stop_keys": result.stop_keys, "dropped": result.dropped}
            )
        )
