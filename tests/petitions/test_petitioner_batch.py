"""``petitioner_create_batch`` registers petitioners as ``petitioner_create`` does, in bulk."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection

from tests.access.world import make_account, make_organ, valid_id_number
from xinfang.access import crypto
from xinfang.access.identity import normalise_phone
from xinfang.audit.models import AuditEntry
from xinfang.audit.verify import verify_chain
from xinfang.petitions.models import ID_INDEX_PURPOSE, PHONE_INDEX_PURPOSE, Petitioner
from xinfang.petitions.selectors import petitioner_identity
from xinfang.petitions.services import petitioner_create, petitioner_create_batch

pytestmark = pytest.mark.django_db


def test_batch_encrypts_indexes_and_audits_each_petitioner_in_order() -> None:
    office = make_organ("po", roles=("petition_office",))
    other = make_organ("po2", roles=("petition_office",))
    created = petitioner_create_batch(
        entries=[
            {"organ": office, "name": " 张三 ", "phone": "13912345678"},
            {"organ": other, "name": "李四", "id_number": valid_id_number(7), "address": "渝中区"},
            {"organ": office, "name": "王五"},
        ],
        actor="test",
    )
    assert [p.pk for p in created] == sorted(Petitioner.objects.values_list("pk", flat=True))
    first, second, third = created
    assert petitioner_identity(first).name == "张三"
    assert petitioner_identity(second).id_number == valid_id_number(7)
    assert first.phone_index == crypto.blind_index(
        normalise_phone("13912345678"), purpose=PHONE_INDEX_PURPOSE
    )
    assert second.id_number_index == crypto.blind_index(
        valid_id_number(7), purpose=ID_INDEX_PURPOSE
    )
    assert (first.organ_id, second.organ_id, third.organ_id) == (office.pk, other.pk, office.pk)
    with connection.cursor() as cursor:
        cursor.execute("SELECT name_ciphertext, phone_ciphertext FROM petitions_petitioner")
        rows = cursor.fetchall()
    assert all("张三" not in value and "13912345678" not in value for row in rows for value in row)
    entries = list(AuditEntry.objects.order_by("seq"))
    assert [(e.action, e.object_id, e.details) for e in entries] == [
        ("petitioner.created", str(first.pk), {"organ": office.pk, "fields": ["name", "phone"]}),
        (
            "petitioner.created",
            str(second.pk),
            {"organ": other.pk, "fields": ["address", "id_number", "name"]},
        ),
        ("petitioner.created", str(third.pk), {"organ": office.pk, "fields": ["name"]}),
    ]
    assert verify_chain().ok


def test_batch_writes_what_petitioner_create_writes() -> None:
    office = make_organ("po", roles=("petition_office",))
    one = petitioner_create(organ=office, actor="test", name="张三", phone="13912345678")
    (many,) = petitioner_create_batch(
        entries=[{"organ": office, "name": "张三", "phone": "13912345678"}], actor="test"
    )
    one.refresh_from_db()
    many.refresh_from_db()
    assert many.phone_index == one.phone_index and many.id_number_index == one.id_number_index
    ring = crypto.load_keyring()
    assert crypto.decrypt(many.name_ciphertext, aad=many.aad("name"), ring=ring) == "张三"
    first, second = AuditEntry.objects.order_by("seq")
    assert (first.action, first.details) == (second.action, second.details)


def test_an_invalid_entry_refuses_the_whole_batch_with_its_index() -> None:
    office = make_organ("po", roles=("petition_office",))
    with pytest.raises(ValidationError) as info:
        petitioner_create_batch(
            entries=[
                {"organ": office, "name": "张三"},
                {"organ": office, "name": "李四", "phone": "12"},
            ],
            actor="test",
        )
    assert info.value.item_index == 1
    assert "phone" in info.value.message_dict
    assert not Petitioner.objects.exists()
    assert not AuditEntry.objects.exists()


def test_a_clerk_registers_only_in_their_own_organ() -> None:
    office = make_organ("po", roles=("petition_office",))
    elsewhere = make_organ("po2", roles=("petition_office",))
    clerk, _person = make_account("clerk", organ=office)
    (mine,) = petitioner_create_batch(entries=[{"organ": office, "name": "张三"}], actor=clerk)
    assert AuditEntry.objects.get(object_id=str(mine.pk)).actor.startswith("user:")
    with pytest.raises(PermissionDenied):
        petitioner_create_batch(
            entries=[{"organ": office, "name": "李四"}, {"organ": elsewhere, "name": "王五"}],
            actor=clerk,
        )
    assert Petitioner.objects.count() == 1


def test_an_empty_batch_does_nothing(django_assert_num_queries) -> None:
    with django_assert_num_queries(0):
        assert petitioner_create_batch(entries=[], actor="test") == []


def test_a_batch_costs_a_fixed_number_of_queries(django_assert_max_num_queries) -> None:
    """Whatever its size: organs and ``uid`` checked (2), one insert, the chain (head read,
    its creation the first time, entries insert, head update) and the savepoints."""
    office = make_organ("po", roles=("petition_office",))
    with django_assert_max_num_queries(13):
        petitioner_create_batch(
            entries=[{"organ": office, "name": f"信访人{n}"} for n in range(30)], actor="test"
        )
    assert Petitioner.objects.count() == 30


def test_audit_into_leaves_the_entries_to_the_callers_chain_append() -> None:
    """Batch registration records the petitioners' entries with its matters' in one append."""
    from django.db import transaction

    from xinfang.audit.services import audit_record_many

    office = make_organ("po", roles=("petition_office",))
    entries: list[dict] = []
    with transaction.atomic():
        (person,) = petitioner_create_batch(
            entries=[{"organ": office, "name": "张三"}], actor="test", audit_into=entries
        )
        assert not AuditEntry.objects.exists()
        audit_record_many(entries=entries)
    (entry,) = AuditEntry.objects.all()
    assert (entry.action, entry.object_id) == ("petitioner.created", str(person.pk))
    assert verify_chain().ok


@pytest.mark.django_db(transaction=True)
def test_audit_into_outside_a_transaction_is_refused_before_writing() -> None:
    office = make_organ("po", roles=("petition_office",))
    with pytest.raises(RuntimeError, match="transaction"):
        petitioner_create_batch(
            entries=[{"organ": office, "name": "张三"}], actor="test", audit_into=[]
        )
    assert not Petitioner.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_a_failed_audit_append_takes_the_petitioners_with_it(monkeypatch) -> None:
    """The chain append has no savepoint of its own: its failure rolls back the batch."""
    from django.db import DatabaseError

    from xinfang.audit import services as audit_services

    office = make_organ("po", roles=("petition_office",))

    def broken(*_args, **_kwargs):
        raise DatabaseError("disk full")

    monkeypatch.setattr(audit_services.AuditEntry.objects, "bulk_create", broken)
    with pytest.raises(DatabaseError):
        petitioner_create_batch(entries=[{"organ": office, "name": "张三"}], actor="test")
    assert not Petitioner.objects.exists()
