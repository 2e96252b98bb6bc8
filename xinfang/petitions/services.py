"""Writes to petitioners: register, update, reveal, re-encrypt. Each one transaction, audited.

Audit details never carry identity values: they name the fields touched, not their content.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from xinfang.access import crypto
from xinfang.access.choices import DenialReason
from xinfang.access.identity import normalise_phone, validate_id_number, validate_phone
from xinfang.access.policy import assert_may_act_in, can_read, log_denial
from xinfang.audit.services import audit_record, audit_record_many
from xinfang.orgs.models import Organ

from .models import ID_INDEX_PURPOSE, IDENTITY_FIELDS, PHONE_INDEX_PURPOSE, Petitioner
from .selectors import name_index_of, petitioner_export_rows, petitioner_identity

NAME_MAX = 100
ADDRESS_MAX = 300
REVEAL_REASON_MIN = 5
REVEAL_REASON_MAX = 500


def clean_identity(
    *, name: str, id_number: str = "", phone: str = "", address: str = ""
) -> dict[str, str]:
    """Validate and normalise identity values; errors by field, in the active language."""
    errors: dict[str, list[ValidationError]] = {}
    values = {"name": (name or "").strip(), "address": (address or "").strip()}
    if not values["name"]:
        errors["name"] = [ValidationError(_("请填写姓名。"), code="required")]
    elif len(values["name"]) > NAME_MAX:
        errors["name"] = [ValidationError(_("姓名不能超过 100 个字符。"), code="max_length")]
    if len(values["address"]) > ADDRESS_MAX:
        errors["address"] = [ValidationError(_("住址不能超过 300 个字符。"), code="max_length")]
    values["id_number"] = ""
    if (id_number or "").strip():
        try:
            values["id_number"] = validate_id_number(id_number)
        except ValidationError as exc:
            errors["id_number"] = [exc]
    values["phone"] = ""
    if (phone or "").strip():
        try:
            values["phone"] = validate_phone(phone)
        except ValidationError as exc:
            errors["phone"] = [exc]
    if errors:
        raise ValidationError(errors)
    return values


def _write_identity(petitioner: Petitioner, values: dict[str, str]) -> None:
    ring = crypto.load_keyring()
    for field, value in values.items():
        setattr(
            petitioner,
            f"{field}_ciphertext",
            crypto.encrypt(value, aad=petitioner.aad(field), ring=ring),
        )
        if field == "name":
            petitioner.name_index = name_index_of(value, ring=ring)
        if field == "id_number":
            petitioner.id_number_index = crypto.blind_index(
                value, purpose=ID_INDEX_PURPOSE, ring=ring
            )
        if field == "phone":
            petitioner.phone_index = crypto.blind_index(
                normalise_phone(value), purpose=PHONE_INDEX_PURPOSE, ring=ring
            )


def petitioner_create(
    *,
    organ: Organ,
    name: str,
    actor: Any,
    id_number: str = "",
    phone: str = "",
    address: str = "",
) -> Petitioner:
    """Register a petitioner in ``organ`` (登记, 细则第八条第一项); identity encrypted."""
    values = clean_identity(name=name, id_number=id_number, phone=phone, address=address)
    if isinstance(actor, AbstractBaseUser):
        assert_may_act_in(actor, organ, action="petitioner.create")
    with transaction.atomic():
        petitioner = Petitioner(organ=organ)
        _write_identity(petitioner, values)
        petitioner.full_clean()
        petitioner.save()
        audit_record(
            actor=actor,
            action="petitioner.created",
            target=petitioner,
            details={
                "organ": organ.pk,
                "fields": sorted(field for field, value in values.items() if value),
            },
        )
    return petitioner


def petitioner_create_batch(
    *,
    entries: Iterable[Mapping[str, Any]],
    actor: Any,
    audit_into: list[dict[str, Any]] | None = None,
) -> list[Petitioner]:
    """Register several petitioners at once (batch intake): ``petitioner_create`` for each.

    Each entry holds ``petitioner_create``'s keyword arguments (``organ``, ``name`` and
    optionally ``id_number``, ``phone``, ``address``; not ``actor``). The same validation, the
    same encryption and blind indexes, the same audit entry per petitioner, in the same order;
    but one query checks the organs exist and one the new ``uid`` values are free (what
    ``full_clean`` would ask once per row), the rows go in with one bulk insert and the audit
    entries are chained under one head lock. A refused entry raises before anything is
    written; the exception carries ``item_index``.

    With ``audit_into`` the audit entries are appended to that list instead, for a caller
    that writes them with its own in one chain append: it must call this inside its
    transaction and record the list before the transaction ends (batch registration does,
    the petitioners' entries before its matters').
    """
    wanted = list(entries)
    if not wanted:
        return []
    petitioners: list[Petitioner] = []
    fields: list[list[str]] = []
    checked: set[int] = set()
    for index, entry in enumerate(wanted):
        try:
            organ = entry["organ"]
            values = clean_identity(
                name=entry.get("name", ""),
                id_number=entry.get("id_number", ""),
                phone=entry.get("phone", ""),
                address=entry.get("address", ""),
            )
            if isinstance(actor, AbstractBaseUser) and organ.pk not in checked:
                assert_may_act_in(actor, organ, action="petitioner.create")
                checked.add(organ.pk)
            petitioner = Petitioner(organ=organ)
            _write_identity(petitioner, values)
            petitioner.full_clean(exclude=["organ"], validate_unique=False)
        except Exception as exc:
            exc.item_index = index  # type: ignore[attr-defined]
            raise
        petitioners.append(petitioner)
        fields.append(sorted(field for field, value in values.items() if value))
    _assert_batch_unique_and_organs_exist(petitioners)
    if audit_into is not None and not transaction.get_connection().in_atomic_block:
        raise RuntimeError("audit_into needs the caller's transaction")
    # No savepoint: nothing is refused past this point, and a failed write must take the
    # caller's transaction with it.
    with transaction.atomic(savepoint=False):
        created = Petitioner.objects.bulk_create(petitioners)
        audits = [
            {
                "actor": actor,
                "action": "petitioner.created",
                "target": petitioner,
                "details": {"organ": petitioner.organ_id, "fields": touched},
            }
            for petitioner, touched in zip(created, fields, strict=True)
        ]
        if audit_into is None:
            audit_record_many(entries=audits)
        else:
            audit_into.extend(audits)
    return created


def _assert_batch_unique_and_organs_exist(petitioners: list[Petitioner]) -> None:
    """What ``full_clean`` checks per row by query (the organ exists, the ``uid`` is free),
    checked once for a batch; a failure is reported by ``full_clean`` of the row at fault."""
    organ_ids = {p.organ_id for p in petitioners}
    found = set(Organ.objects.filter(pk__in=organ_ids).order_by().values_list("pk", flat=True))
    uids = [p.uid for p in petitioners]
    taken = set(Petitioner.objects.filter(uid__in=uids).values_list("uid", flat=True))
    seen: set[Any] = set()
    for index, petitioner in enumerate(petitioners):
        if petitioner.organ_id in found and not (petitioner.uid in taken or petitioner.uid in seen):
            seen.add(petitioner.uid)
            continue
        try:
            petitioner.full_clean()
            raise ValidationError({"uid": ValidationError(_("内部标识重复。"), code="unique")})
        except ValidationError as exc:
            exc.item_index = index  # type: ignore[attr-defined]
            raise


def petitioner_update(
    *,
    petitioner: Petitioner,
    actor: Any,
    name: str | None = None,
    id_number: str | None = None,
    phone: str | None = None,
    address: str | None = None,
) -> Petitioner:
    """Change identity fields (``None`` leaves a field as it is; ``""`` clears it)."""
    _assert_readable(actor, petitioner, action="petitioner.update")
    current = petitioner_identity(petitioner)
    proposed = {
        "name": current.name if name is None else name,
        "id_number": current.id_number if id_number is None else id_number,
        "phone": current.phone if phone is None else phone,
        "address": current.address if address is None else address,
    }
    values = clean_identity(**proposed)
    changed = sorted(field for field in IDENTITY_FIELDS if values[field] != getattr(current, field))
    if not changed:
        return petitioner
    with transaction.atomic():
        _write_identity(petitioner, {field: values[field] for field in changed})
        petitioner.updated_at = timezone.now()
        petitioner.full_clean()
        petitioner.save()
        audit_record(
            actor=actor,
            action="petitioner.updated",
            target=petitioner,
            details={"fields": changed},
        )
    return petitioner


def _assert_readable(actor: Any, petitioner: Petitioner, *, action: str) -> None:
    """Defence in depth: a user acting on a petitioner must be able to read it."""
    if not isinstance(actor, AbstractBaseUser):
        return
    if can_read(actor, petitioner):
        return
    log_denial(
        actor,
        object_type="petitions.petitioner",
        object_id=petitioner.pk,
        reason=DenialReason.OUT_OF_SCOPE,
        action=action,
    )
    raise PermissionDenied(_("无权访问该信访人。"))


def petitioner_reveal(
    *,
    petitioner: Petitioner,
    fields: Iterable[str],
    reason: str,
    actor: Any,
) -> dict[str, str]:
    """Show identity fields in plaintext, for a stated reason, leaving an audit entry.

    Masked values are the default everywhere; this is the only way to the plaintext for a
    person. The reason is kept with the entry so an inspection can judge it later.
    """
    wanted = list(dict.fromkeys(fields)) or list(IDENTITY_FIELDS)
    unknown = [field for field in wanted if field not in IDENTITY_FIELDS]
    if unknown:
        raise ValidationError({"fields": ValidationError(_("未知的字段。"), code="invalid_choice")})
    reason = (reason or "").strip()
    if len(reason) < REVEAL_REASON_MIN:
        raise ValidationError(
            {
                "reason": ValidationError(
                    _("查看完整个人信息须说明理由（至少 %(min)d 个字）。")
                    % {"min": REVEAL_REASON_MIN},
                    code="reason_required",
                )
            }
        )
    _assert_readable(actor, petitioner, action="petitioner.reveal")
    identity = petitioner_identity(petitioner)
    with transaction.atomic():
        audit_record(
            actor=actor,
            action="petitioner.revealed",
            target=petitioner,
            details={"fields": wanted, "reason": reason[:REVEAL_REASON_MAX]},
        )
    return {field: getattr(identity, field) for field in wanted}


def petitioner_record_view(*, petitioner: Petitioner, actor: Any) -> None:
    """Log a read of a petitioner's (masked) record: reads of personal data leave a trace."""
    audit_record(
        actor=actor,
        action="petitioner.viewed",
        target=petitioner,
        details={"masked": True},
    )


def petitioners_export(*, actor: Any) -> list[dict[str, Any]]:
    """Rows of an export (masked, only what the actor may see); the export is logged."""

    rows = petitioner_export_rows(user=actor)
    audit_record(
        actor=actor,
        action="petitioner.exported",
        object_type="petitions.petitioner",
        details={"rows": len(rows), "masked": True},
    )
    return rows


def petitioner_reencrypt(*, petitioner: Petitioner, ring: crypto.KeyRing) -> bool:
    """Re-encrypt every identity field of one row with the current key; True if it changed."""
    changed = False
    for field in IDENTITY_FIELDS:
        column = f"{field}_ciphertext"
        token = getattr(petitioner, column)
        if not token or crypto.key_id_of(token) == ring.current:
            continue
        plain = crypto.decrypt(token, aad=petitioner.aad(field), ring=ring)
        setattr(petitioner, column, crypto.encrypt(plain, aad=petitioner.aad(field), ring=ring))
        changed = True
    if changed:
        petitioner.save(update_fields=[f"{field}_ciphertext" for field in IDENTITY_FIELDS])
    return changed


def petitioners_reencrypt_all(*, actor: Any, batch_size: int = 500) -> int:
    """Re-encrypt every petitioner with the current key, batch by batch; returns rows changed.

    Each batch is one transaction; rows already under the current key are skipped, so an
    interrupted run can simply be run again.
    """
    ring = crypto.load_keyring()
    total = 0
    last_pk = 0
    while True:
        with transaction.atomic():
            batch = list(
                Petitioner.objects.filter(pk__gt=last_pk)
                .order_by("pk")
                .select_for_update()[:batch_size]
            )
            if not batch:
                break
            for petitioner in batch:
                if petitioner_reencrypt(petitioner=petitioner, ring=ring):
                    total += 1
            last_pk = batch[-1].pk
    audit_record(
        actor=actor,
        action="keys.reencrypted",
        object_type="petitions.petitioner",
        details={"key_id": ring.current, "rows": total},
    )
    return total
