"""``xinfang assessment_run SCHEME_ID [--publish] [--today YYYY-MM-DD]``: run an assessment
scheme on the data (细则第十条第一款) and print the run as one JSON line.

Idempotent and safe in the background: the same data give the same result, and then the
scheme's existing run is answered instead of a new one; ``--publish`` freezes the run and
delivers it to the organization department (a run already published stays as it is).
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from xinfang.oversight.models import AssessmentScheme, RunState
from xinfang.oversight.services import assessment as services
from xinfang.refusals import Refused

ACTOR = "system:assessment_run"


class Command(BaseCommand):
    help = "Run an assessment scheme (运行考核方案) and optionally publish the result."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("scheme_id", type=int)
        parser.add_argument("--publish", action="store_true", help="publish the run")
        parser.add_argument("--today", help="the day of the run, YYYY-MM-DD (default: today)")

    def handle(self, *args: Any, **options: Any) -> None:
        scheme = AssessmentScheme.objects.filter(pk=options["scheme_id"]).first()
        if scheme is None:
            raise CommandError(_("考核方案 %(id)s 不存在。") % {"id": options["scheme_id"]})
        today = None
        if options.get("today"):
            try:
                today = dt.date.fromisoformat(options["today"])
            except ValueError as exc:
                raise CommandError(
                    _("日期“%(value)s”无效，应为 YYYY-MM-DD。") % {"value": options["today"]}
                ) from exc
        try:
            run = services.assessment_run_compute(scheme=scheme, actor=ACTOR, today=today)
            if options["publish"] and run.state == RunState.COMPUTED:
                run = services.assessment_run_publish(run_record=run, actor=ACTOR)
        except Refused as exc:
            raise CommandError(" ".join(exc.messages)) from exc
        self.stdout.write(
            json.dumps(
                {
                    "run": run.pk,
                    "state": run.state,
                    "as_of": run.as_of.isoformat(),
                    "result_sha256": run.result_sha256,
                    "organs": len(run.result.get("lines", [])),
                },
                ensure_ascii=False,
            )
        )
