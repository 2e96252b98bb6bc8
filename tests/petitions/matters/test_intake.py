"""Registration: profile, query code, petitioner, accusations, batches, and its query budget."""

from __future__ import annotations

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError

from xinfang.access.models import Accusation
from xinfang.audit.models import AuditEntry
from xinfang.audit.verify import verify_chain
from xinfang.petitions.matters.models import Matter, RepeatLink
from xinfang.petitions.matters.services import matter_calendar, matter_register_batch
from xinfang.petitions.models import Petitioner

from .factories import ACTOR, HOUSING_TEXT, OTHER_TEXT, MatterWorld, at

pytestmark = pytest.mark.django_db


def item(mw: MatterWorld, n: int, content: str = HOUSING_TEXT) -> dict:
    return {
        "organ": mw.district_po,
        "channel": "online",
        "received_at": at("2025-09-20", 9),
        "at": at("2025-09-20", 10),
        "summary": f"事项{n}",
        "content": content,
        "region_code": "500103001",
    }


def test_registration_records_petitioner_accusations_and_query_code(mw: MatterWorld) -> None:
    m = mw.register(
        identity={"name": "张三", "phone": "13912345678"},
        accused_organs=[mw.township],
        accused_persons=[mw.district_leader],
        accused_names="物业公司经理王某",
    )
    assert Petitioner.objects.get() == m.petitioner
    ct = ContentType.objects.get_for_model(Matter)
    assert {
        (a.accused_organ_id, a.accused_person_id)
        for a in Accusation.objects.filter(content_type=ct, object_id=m.pk)
    } == {(mw.township.pk, None), (None, mw.district_leader.pk)}
    assert m.accused_names == "物业公司经理王某"
    assert m.query_code.isalnum() and len(m.query_code) == 16
    assert m.query_code != mw.register(at=at("2025-09-20", 11)).query_code
    entry = AuditEntry.objects.filter(action="matter.register", object_id=str(m.pk)).get()
    assert entry.details["accused_organs"] == [mw.township.pk]
    assert "张三" not in str(entry.details)


def test_registration_query_budget(mw: MatterWorld, django_assert_max_num_queries) -> None:
    """A registration with a known petitioner: 4 reads (the place in the registry, same
    petitioner, band keys of both tiers, candidates' fingerprints), 6 inserts (matter, repeat
    links, band keys, fingerprint, clock, event), the organ's counter by state, 3 for the
    audit entry (no savepoint of its own), and the registration's savepoint."""
    first = mw.register(identity={"name": "张三"})
    matter_calendar()
    with django_assert_max_num_queries(16):
        mw.register(petitioner=first.petitioner, at=at("2025-09-20", 11))


def test_a_new_petitioner_and_the_matter_are_one_append_to_the_chain(mw: MatterWorld) -> None:
    """The petitioner's entry comes first, then the matter's, chained; the audit head is
    read and written once for both."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    mw.register(identity={"name": "李四"})
    matter_calendar()
    with CaptureQueriesContext(connection) as queries:
        m = mw.register(identity={"name": "张三"}, at=at("2025-09-20", 11))
    head_updates = [q for q in queries if q["sql"].startswith('UPDATE "audit_audithead"')]
    assert len(head_updates) == 1
    last_two = list(AuditEntry.objects.order_by("-seq")[:2])[::-1]
    assert [(e.action, e.object_id) for e in last_two] == [
        ("petitioner.created", str(m.petitioner_id)),
        ("matter.register", str(m.pk)),
    ]
    assert last_two[1].prev_hash == last_two[0].entry_hash
    assert verify_chain().ok


def test_batch_registers_each_item_and_links_repeats_within_the_batch(mw: MatterWorld) -> None:
    matters = matter_register_batch(
        items=[item(mw, 1), item(mw, 2, OTHER_TEXT), item(mw, 3)], actor=ACTOR
    )
    assert [m.summary for m in matters] == ["事项1", "事项2", "事项3"]
    assert all(m.state == "registered" for m in matters)
    assert list(RepeatLink.objects.values_list("matter_id", "earlier_id")) == [
        (matters[2].pk, matters[0].pk)
    ]
    assert AuditEntry.objects.filter(action="matter.register").count() == 3


def test_one_id_number_in_one_batch_is_one_petitioner(mw: MatterWorld) -> None:
    from tests.access.world import valid_id_number

    person = {"name": "张三", "id_number": valid_id_number(9)}
    first, second = matter_register_batch(
        items=[
            item(mw, 1) | {"identity": person},
            item(mw, 2, OTHER_TEXT) | {"identity": {**person, "phone": "13912345678"}},
        ],
        actor=ACTOR,
    )
    assert Petitioner.objects.count() == 1
    assert first.petitioner_id == second.petitioner_id
    link = RepeatLink.objects.get()
    assert (link.matter_id, link.earlier_id, link.same_petitioner) == (second.pk, first.pk, True)


def test_an_id_number_registered_under_another_name_is_for_the_clerk_to_check(
    mw: MatterWorld,
) -> None:
    """A typing mistake or someone else's number: not filed under the other name."""
    from django.core.exceptions import ValidationError

    from tests.access.world import valid_id_number

    number = valid_id_number(11)
    first = mw.register(identity={"name": "张三", "id_number": number})
    with pytest.raises(ValidationError) as info:
        mw.register(identity={"name": "赵六", "id_number": number}, summary="另一件事")
    (error,) = info.value.error_dict["id_number"]
    assert error.code == "registered_under_another_name"
    assert "另一姓名的信访人（张*）" in error.messages[0]
    assert Matter.objects.count() == 1 and Petitioner.objects.count() == 1
    # The same name is the same person.
    again = mw.register(identity={"name": "张三", "id_number": number}, summary="又来反映")
    assert again.petitioner_id == first.petitioner_id
    # Within one batch too: the second item is refused, nothing is registered.
    other = valid_id_number(12)
    with pytest.raises(ValidationError) as info:
        matter_register_batch(
            items=[
                item(mw, 1) | {"identity": {"name": "王五", "id_number": other}},
                item(mw, 2, OTHER_TEXT) | {"identity": {"name": "王六", "id_number": other}},
            ],
            actor=ACTOR,
        )
    assert info.value.item_index == 1
    assert Matter.objects.count() == 2


def test_a_refused_item_aborts_the_batch(mw: MatterWorld) -> None:
    bad = item(mw, 2) | {
        "channel": "visit",
        "is_collective": True,
        "headcount": 9,
        "representatives": 6,
    }
    with pytest.raises(Exception) as info:
        matter_register_batch(items=[item(mw, 1), bad], actor=ACTOR)
    assert info.value.item_index == 1
    assert not Matter.objects.exists()


def test_calendar_is_cached_and_refreshed_on_change(mw: MatterWorld) -> None:
    from xinfang.legal.models import CalendarDay

    first = matter_calendar()
    assert matter_calendar() is first
    CalendarDay.objects.create(date="2030-01-02", day_type="holiday", source="test")
    assert matter_calendar() is not first


@pytest.mark.parametrize("code", ["999999", "500199", "500199001", "500000001"])
def test_place_code_not_in_registry_is_refused(mw: MatterWorld, code: str) -> None:
    """属地管理 (细则第三条): the place decides where a matter goes, so it must be a region
    the organ registry knows — not an unknown code, nor a district no organ serves."""
    with pytest.raises(ValidationError) as info:
        matter_register_batch(items=[{**item(mw, 1), "region_code": code}], actor=ACTOR)
    assert info.value.error_dict["region_code"][0].code == "unknown_region"
    assert code in info.value.error_dict["region_code"][0].messages[0]
    assert not Matter.objects.exists()


@pytest.mark.parametrize("code", ["500000", "500103", "500103001", "500103001002", "500103002"])
def test_a_place_in_a_region_of_the_registry_is_registered(mw: MatterWorld, code: str) -> None:
    """The municipality, a district with organs, and any township or village in it."""
    (matter,) = matter_register_batch(items=[{**item(mw, 1), "region_code": code}], actor=ACTOR)
    assert matter.region_code == code
