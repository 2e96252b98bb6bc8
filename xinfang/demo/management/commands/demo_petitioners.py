"""``xinfang demo_petitioners``: a few demo petitioners, registered through the services.

Each is registered in a petition office of the demo organs (or the first organs found) by a
system actor, so the audit trail shows how the data came in. Running it twice adds nothing.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from xinfang.access.identity import id_check_char
from xinfang.orgs.models import Organ
from xinfang.petitions.models import Petitioner
from xinfang.petitions.services import petitioner_create

DEMO = [
    ("张三丰", "50010319800101001", "13800138001", "重庆市渝中区解放碑街道民族路 1 号"),
    ("李四", "50010619900215002", "13900139002", "重庆市沙坪坝区小龙坎街道 2 号"),
    ("王五", "50011219751130003", "023-63800003", "重庆市渝北区龙溪街道 3 号"),
    ("赵六", "50023319880808004", "15800158004", "重庆市忠县忠州街道 4 号"),
]


class Command(BaseCommand):
    help = "Register demo petitioners through the services (演示信访人)."

    def handle(self, *args: Any, **options: Any) -> None:
        if Petitioner.objects.exists():
            self.stdout.write("demo petitioners: already present")
            return
        offices = [o for o in Organ.objects.order_by("path") if o.has_role("petition_office")]
        organs = offices or list(Organ.objects.order_by("path")[:4])
        if not organs:
            self.stdout.write("demo petitioners: no organs yet, run xinfang demo first")
            return
        for index, (name, first17, phone, address) in enumerate(DEMO):
            petitioner_create(
                organ=organs[index % len(organs)],
                name=name,
                id_number=first17 + id_check_char(first17),
                phone=phone,
                address=address,
                actor="command:demo_petitioners",
            )
        self.stdout.write(f"demo petitioners: {len(DEMO)} registered")
