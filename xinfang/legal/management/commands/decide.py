"""``xinfang decide FILE|-``: the recommendation of an accountability case, as JSON.

Reads the facts (JSON) from FILE or standard input and prints the recommendation: each
person's responsibility, tier and measures, the organ's measures, the honour
disqualification, referrals, notifications and the points needing judgement, each with its
basis (细则第十一条至第十八条). Invalid facts → one line naming the field, exit code 2. The
contract is documented in docs/rules.md.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from django.core.management.base import CommandParser

from xinfang.legal.management.base import ContractCommand
from xinfang.rules.decide import FactsError, decide, parse_facts


class Command(ContractCommand):
    help = "按细则给出责任追究建议 / Recommend accountability measures under the rules (JSON)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "facts", help="事实 JSON 文件，或 - 表示标准输入 / facts file, or - for stdin"
        )

    def read(self, source: str) -> str:
        try:
            if source == "-":
                return sys.stdin.read()
            return Path(source).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise self.invalid(f"facts: 无法读取文件 / cannot read {source!r}: {exc}") from None

    def handle(self, *args: Any, **options: Any) -> None:
        text = self.read(options["facts"])
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            raise self.invalid(f"facts: 不是有效的 JSON / not valid JSON: {exc}") from None
        except RecursionError:
            raise self.invalid("facts: JSON 嵌套过深 / JSON nested too deeply") from None
        try:
            recommendation = decide(parse_facts(data))
        except FactsError as exc:
            raise self.invalid(f"invalid facts: {exc.message}") from None
        self.stdout.write(json.dumps(recommendation.to_json(), ensure_ascii=False, indent=2))
