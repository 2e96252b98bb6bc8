"""``xinfang recount-matters``: count the matters by organ and state again
(``xinfang.petitions.matters.services.index.matter_counts_rebuild``). The services keep the
counters in every transaction; this is for after a restore or a repair made outside them.
Prints one JSON line; audited."""

from __future__ import annotations

import json
from typing import Any

from xinfang.legal.management.base import ContractCommand

from ...matters.services.index import matter_counts_rebuild

RECOUNT_ACTOR = "command:recount-matters"


class Command(ContractCommand):
    help = (
        "Recount matters by organ and state (各机关各状态事项数): rebuild the counters the "
        "queue and statistics read, and report how many disagreed."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        result = matter_counts_rebuild(actor=RECOUNT_ACTOR)
        self.stdout.write(json.dumps({"corrected": result.corrected, "counters": result.counters}))
