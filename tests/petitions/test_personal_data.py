"""Personal data is encrypted at rest, masked by default, revealed only with a reason, never
logged, and survives key rotation."""

from __future__ import annotations

import json
import logging
import stat
from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from tests.access.world import build_world, make_account, make_organ, valid_id_number
from xinfang.access import crypto
from xinfang.audit.models import AuditEntry
from xinfang.audit.verify import verify_chain
from xinfang.petitions.models import Petitioner
from xinfang.petitions.selectors import (
    petitioner_find_by_id_number,
    petitioner_find_by_phone,
    petitioner_identity,
    petitioner_masked,
)
from xinfang.petitions.services import (
    petitioner_create,
    petitioner_reveal,
    petitioner_update,
)

NAME = "欧阳明远"
ID_NUMBER = valid_id_number(321)
PHONE = "13912345678"
ADDRESS = "重庆市渝中区较场口街道磁器街门牌九九号"
SECRETS = [NAME, ID_NUMBER, PHONE, ADDRESS, "磁器街门牌"]


def register(organ, actor="test", **overrides):
    values = {"name": NAME, "id_number": ID_NUMBER, "phone": PHONE, "address": ADDRESS}
    values.update(overrides)
    return petitioner_create(organ=organ, actor=actor, **values)


@pytest.mark.django_db(transaction=True)
def test_plaintext_never_reaches_the_database(client, caplog):
    """Committed rows, the raw database file (SQLite) and raw SQL rows hold no plaintext."""
    caplog.set_level(logging.DEBUG)
    organ = make_organ("po", roles=("petition_office",))
    user, _person = make_account("clerk", organ=organ)
    petitioner = register(organ, actor=user)
    client.force_login(user, backend="xinfang.access.backends.ModelBackend")
    client.get(f"/api/petitioners/{petitioner.pk}")
    client.post(
        f"/api/petitioners/{petitioner.pk}/reveal",
        data=json.dumps({"reason": "核实身份后回访"}),
        content_type="application/json",
    )
    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM petitions_petitioner")
        rows = repr(cursor.fetchall())
        cursor.execute("SELECT * FROM audit_auditentry")
        rows += repr(cursor.fetchall())
    for secret in SECRETS:
        assert secret not in rows
    if connection.vendor == "sqlite":
        path = Path(connection.settings_dict["NAME"])
        raw = b"".join(p.read_bytes() for p in (path, Path(f"{path}-wal")) if p.exists())
        assert raw, "the test database is a file"
        for secret in SECRETS:
            assert secret.encode("utf-8") not in raw
    for secret in SECRETS:
        assert secret not in caplog.text


@pytest.mark.django_db
def test_default_api_output_is_masked(client):
    organ = make_organ("po", roles=("petition_office",))
    user, _ = make_account("clerk", organ=organ)
    petitioner = register(organ)
    client.force_login(user, backend="xinfang.access.backends.ModelBackend")
    body = json.dumps(
        [
            client.get(f"/api/petitioners/{petitioner.pk}").json(),
            client.get("/api/petitioners").json(),
        ],
        ensure_ascii=False,
    )
    for secret in SECRETS:
        assert secret not in body
    assert "欧***" in body and "139****5678" in body


@pytest.mark.django_db
def test_ciphertexts_carry_the_key_id_and_are_bound_to_their_row():
    organ = make_organ("po")
    a = register(organ)
    b = register(organ, name="李四")
    current = crypto.load_keyring().current
    assert a.name_ciphertext.startswith(f"xf1:{current}:")
    # Copying a's name into b's row does not make b read as a.
    Petitioner.objects.filter(pk=b.pk).update(name_ciphertext=a.name_ciphertext)
    b.refresh_from_db()
    with pytest.raises(crypto.DecryptionError):
        petitioner_identity(b)
    # Nor does moving the phone into the name column.
    Petitioner.objects.filter(pk=a.pk).update(name_ciphertext=a.phone_ciphertext)
    a.refresh_from_db()
    with pytest.raises(crypto.DecryptionError):
        petitioner_identity(a)


@pytest.mark.django_db
def test_create_validates_every_field_with_messages_by_field():
    organ = make_organ("po")
    with pytest.raises(ValidationError) as info:
        petitioner_create(
            organ=organ, actor="test", name=" ", id_number="123", phone="12", address="x" * 301
        )
    assert set(info.value.message_dict) == {"name", "id_number", "phone", "address"}
    assert not Petitioner.objects.exists()


@pytest.mark.django_db
def test_create_writes_an_audit_entry_without_values():
    organ = make_organ("po")
    petitioner = register(organ)
    entry = AuditEntry.objects.get(action="petitioner.created")
    assert entry.object_id == str(petitioner.pk)
    assert entry.details == {"organ": organ.pk, "fields": ["address", "id_number", "name", "phone"]}


@pytest.mark.django_db
def test_update_changes_values_and_indexes_and_logs_field_names():
    organ = make_organ("po")
    petitioner = register(organ)
    petitioner_update(petitioner=petitioner, actor="test", phone="+86 13700001111", address="")
    identity = petitioner_identity(petitioner)
    assert identity.phone == "13700001111"
    assert identity.address == ""
    assert identity.name == NAME
    assert list(petitioner_find_by_phone(user=_admin(), phone="137 0000 1111")) == [petitioner]
    assert not petitioner_find_by_phone(user=_admin(), phone=PHONE).exists()
    entry = AuditEntry.objects.get(action="petitioner.updated")
    assert entry.details == {"fields": ["address", "phone"]}
    assert repr(identity) == "PetitionerIdentity(<redacted>)"


def _admin():
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.filter(is_superuser=True).first()
    if user is None:
        user, _ = make_account("root", is_superuser=True)
    return user


@pytest.mark.django_db
def test_lookup_by_id_number_normalises_first():
    organ = make_organ("po")
    petitioner = register(organ, id_number=valid_id_number(5))
    found = petitioner_find_by_id_number(user=_admin(), id_number=f" {valid_id_number(5)} ")
    assert list(found) == [petitioner]
    assert petitioner.id_number_index and valid_id_number(5) not in petitioner.id_number_index


@pytest.mark.django_db
def test_reveal_requires_a_reason_and_read_access():
    world = build_world()
    organ = world.organ("a_po")
    petitioner = register(organ)
    clerk = world.user("a_po_staff")
    with pytest.raises(ValidationError):
        petitioner_reveal(petitioner=petitioner, fields=["name"], reason="  ", actor=clerk)
    with pytest.raises(ValidationError):
        petitioner_reveal(
            petitioner=petitioner, fields=["salary"], reason="核实身份信息", actor=clerk
        )
    with pytest.raises(PermissionDenied):
        petitioner_reveal(
            petitioner=petitioner,
            fields=["name"],
            reason="核实身份信息",
            actor=world.user("b_po_staff"),
        )
    values = petitioner_reveal(petitioner=petitioner, fields=[], reason="核实身份信息", actor=clerk)
    assert values == {"name": NAME, "id_number": ID_NUMBER, "phone": PHONE, "address": ADDRESS}
    assert petitioner_masked(petitioner)["id_number"] == ID_NUMBER[:4] + "*" * 10 + ID_NUMBER[-4:]


@pytest.fixture
def own_key_file(tmp_path, settings):
    settings.XINFANG_DATA_KEYS = ""
    settings.XINFANG_DATA_KEYS_FILE = tmp_path / "keys.json"
    settings.XINFANG_DATA_KEYS_AUTOCREATE = True
    crypto.reset_keyring_cache()
    yield tmp_path / "keys.json"
    crypto.reset_keyring_cache()


@pytest.mark.django_db
def test_key_rotation_keeps_every_record_readable(own_key_file):
    organ = make_organ("po")
    created = [
        register(organ, name=f"测试{n}", id_number=valid_id_number(n), phone=f"1390000{n:04d}")
        for n in range(7)
    ]
    first = crypto.load_keyring().current
    call_command("rotate_keys", batch_size=3, stdout=open("/dev/null", "w"))  # noqa: SIM115
    crypto.reset_keyring_cache()
    ring = crypto.load_keyring()
    assert ring.current != first
    assert first in ring.keys  # the old key stays for anything not yet re-encrypted
    assert stat.S_IMODE(own_key_file.stat().st_mode) == 0o600
    for n, petitioner in enumerate(created):
        petitioner.refresh_from_db()
        assert crypto.key_id_of(petitioner.name_ciphertext) == ring.current
        assert crypto.key_id_of(petitioner.phone_ciphertext) == ring.current
        identity = petitioner_identity(petitioner)
        assert identity.name == f"测试{n}"
        assert identity.id_number == valid_id_number(n)
    # The blind index key is not rotated, so lookups keep working.
    assert list(petitioner_find_by_id_number(user=_admin(), id_number=valid_id_number(3))) == [
        created[3]
    ]
    # Twice is fine, and the trail records both rotations and stays intact.
    call_command("rotate_keys", stdout=open("/dev/null", "w"))  # noqa: SIM115
    crypto.reset_keyring_cache()
    for petitioner in created:
        petitioner.refresh_from_db()
        petitioner_identity(petitioner)
    assert AuditEntry.objects.filter(action="keys.rotated").count() == 2
    assert verify_chain().ok
    key_file_text = own_key_file.read_text()
    for petitioner in created:
        assert petitioner.name_ciphertext not in key_file_text


@pytest.mark.django_db
def test_rows_under_an_old_key_stay_readable_before_reencryption(own_key_file):
    organ = make_organ("po")
    petitioner = register(organ)
    ring = crypto.load_keyring().with_new_key()
    crypto.write_keyring_file(own_key_file, ring, replace=True)
    crypto.reset_keyring_cache()
    petitioner.refresh_from_db()
    assert petitioner_identity(petitioner).name == NAME
    call_command("rotate_keys", reencrypt_only=True, stdout=open("/dev/null", "w"))  # noqa: SIM115
    petitioner.refresh_from_db()
    assert crypto.key_id_of(petitioner.name_ciphertext) == ring.current


@pytest.mark.django_db
def test_rotation_refuses_keys_from_the_environment(settings):
    settings.XINFANG_DATA_KEYS = json.dumps(crypto.generate_keyring().as_document())
    crypto.reset_keyring_cache()
    try:
        with pytest.raises(CommandError, match="XINFANG_DATA_KEYS"):
            call_command("rotate_keys")
    finally:
        crypto.reset_keyring_cache()


@pytest.mark.django_db
def test_demo_petitioners_go_through_the_services():
    make_organ("po", roles=("petition_office",))
    call_command("demo_petitioners", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert Petitioner.objects.count() == 4
    assert AuditEntry.objects.filter(action="petitioner.created").count() == 4
    call_command("demo_petitioners", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert Petitioner.objects.count() == 4
    assert verify_chain().ok
