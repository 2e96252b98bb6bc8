"""Writes to the registry of organs and their hierarchy.

Articles: 细则第二条 (kinds), 第三条 (hierarchy), 第五条 (vertical systems), 第十七条 (authority).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Value
from django.db.models.functions import Concat, Substr
from django.utils.translation import gettext as _

from xinfang.audit.services import audit_record
from xinfang.punctuation import join_list

from ..choices import LEVEL_RANK, OrganLevel, OrganRole, applicability_for_kind
from ..models import Organ

REGION_CODE_RE = re.compile(r"^\d{6}(\d{3}(\d{3})?)?$")
PROVINCE_PREFIXES = frozenset(
    {"11", "12", "13", "14", "15", "21", "22", "23", "31", "32", "33", "34", "35", "36", "37"}
    | {"41", "42", "43", "44", "45", "46", "50", "51", "52", "53", "54", "61", "62", "63"}
    | {"64", "65", "71", "81", "82"}
)

# Fields ``organ_update`` may change; ``path``, ``depth`` and ``applicability`` are derived.
ORGAN_UPDATABLE_FIELDS = frozenset(
    {
        "code",
        "name",
        "short_name",
        "kind",
        "level",
        "region_code",
        "parent",
        "roles",
        "vertical_system",
        "vertical_parent",
        "managing_authority",
        "is_active",
    }
)

# Longest chain walked when looking for a cycle of vertical parents or managing authorities.
MAX_CHAIN = 64


# ---------------------------------------------------------------------------------------------
# Validation shared by the services and the admin forms


def validate_region_code(code: str, *, level: str) -> None:
    """A GB/T 2260 code fitting the organ's level.

    Municipal organs carry the province-level code (``500000``), district and county organs a
    six-digit county code (``500103``), township organs nine digits (or twelve).
    """
    if not REGION_CODE_RE.match(code or "") or code[:2] not in PROVINCE_PREFIXES:
        raise ValidationError(
            {
                "region_code": ValidationError(
                    _(
                        "行政区划代码“%(code)s”不符合 GB/T 2260：应为 6 位数字"
                        "（乡镇、街道为 9 位或 12 位），前两位为省级代码。"
                    ),
                    code="bad_region_code",
                    params={"code": code},
                )
            }
        )
    six = len(code) == 6
    if level == OrganLevel.MUNICIPAL and not (six and code.endswith("0000")):
        message = _("市级机构的行政区划代码应为省级代码（如 500000），而不是“%(code)s”。")
    elif level == OrganLevel.DISTRICT and not (six and not code.endswith("00")):
        message = _("区县级机构的行政区划代码应为 6 位区县代码（如 500103），而不是“%(code)s”。")
    elif level == OrganLevel.TOWNSHIP and six:
        message = _("乡镇（街道）级机构的行政区划代码应为 9 位或 12 位，而不是“%(code)s”。")
    else:
        return
    raise ValidationError(
        {"region_code": ValidationError(message, code="region_code_level", params={"code": code})}
    )


def validate_roles(roles: Iterable[str]) -> list[str]:
    """Known roles only, without duplicates, in a stable order."""
    roles = list(roles)
    known = set(OrganRole.values)
    unknown = [r for r in roles if r not in known]
    if unknown:
        raise ValidationError(
            {
                "roles": ValidationError(
                    _("未知的职能：%(roles)s。"),
                    code="unknown_role",
                    params={"roles": join_list(unknown)},
                )
            }
        )
    return [r for r in OrganRole.values if r in roles]


def _region_scope(organ: Organ) -> str:
    """The part of the parent's region code its children must share."""
    if organ.level == OrganLevel.MUNICIPAL:
        return organ.region_code[:2]
    return organ.region_code


def _chain_reaches(start: Organ | None, target_pk: int | None, attribute: str) -> bool:
    """Whether following ``attribute`` from ``start`` comes back to ``target_pk``."""
    if target_pk is None:
        return False
    seen: set[int] = set()
    current_id = start.pk if start is not None else None
    while current_id is not None and len(seen) < MAX_CHAIN:
        if current_id == target_pk:
            return True
        if current_id in seen:
            return False
        seen.add(current_id)
        current_id = (
            Organ.objects.filter(pk=current_id).values_list(f"{attribute}_id", flat=True).first()
        )
    return False


def organ_check(*, organ: Organ, original: Organ | None = None) -> None:
    """Validate an organ as it is about to be saved (also used by the admin forms).

    Refuses a cycle of parents or of vertical parents, itself as managing authority, a level
    above its parent's, a region outside its parent's, bad roles and bad region codes, and
    sets ``applicability`` from ``kind`` (细则第二条).
    """
    errors: dict[str, list[ValidationError]] = {}

    def add(field: str, error: ValidationError) -> None:
        errors.setdefault(field, []).append(error)

    organ.applicability = applicability_for_kind(organ.kind)
    try:
        organ.roles = validate_roles(organ.roles or [])
    except ValidationError as exc:
        add("roles", exc.error_dict["roles"][0])
    try:
        validate_region_code(organ.region_code, level=organ.level)
    except ValidationError as exc:
        add("region_code", exc.error_dict["region_code"][0])

    parent = organ.parent
    if parent is not None:
        if organ.pk is not None and (
            parent.pk == organ.pk
            or (original is not None and parent.path.startswith(original.path))
        ):
            add(
                "parent",
                ValidationError(
                    _("上级机构不能是本机构或其下级机构，否则形成循环。"), code="parent_cycle"
                ),
            )
        elif LEVEL_RANK.get(organ.level, 0) < LEVEL_RANK.get(parent.level, 0):
            add(
                "level",
                ValidationError(
                    _("层级与上级机构不一致：%(level)s机构不能隶属于%(parent_level)s机构。"),
                    code="level_above_parent",
                    params={
                        "level": organ.get_level_display(),
                        "parent_level": parent.get_level_display(),
                    },
                ),
            )
        elif "region_code" not in errors and not organ.region_code.startswith(
            _region_scope(parent)
        ):
            add(
                "region_code",
                ValidationError(
                    _("行政区划代码“%(code)s”不在上级机构“%(parent)s”的辖区（%(scope)s）内。"),
                    code="region_outside_parent",
                    params={
                        "code": organ.region_code,
                        "parent": parent.name,
                        "scope": _region_scope(parent),
                    },
                ),
            )

    if organ.pk is not None and original is not None and organ.level != original.level:
        ranks = [lvl for lvl, rank in LEVEL_RANK.items() if rank < LEVEL_RANK[organ.level]]
        if Organ.objects.filter(parent_id=organ.pk, level__in=ranks).exists():
            add(
                "level",
                ValidationError(
                    _("层级与下级机构不一致：已有下级机构的层级高于%(level)s。"),
                    code="level_below_child",
                    params={"level": organ.get_level_display()},
                ),
            )

    vertical_parent = organ.vertical_parent
    if vertical_parent is not None:
        if organ.pk is not None and (
            vertical_parent.pk == organ.pk
            or _chain_reaches(vertical_parent, organ.pk, "vertical_parent")
        ):
            add(
                "vertical_parent",
                ValidationError(
                    _("垂直管理上级不能是本机构或其垂直管理下级，否则形成循环。"),
                    code="vertical_parent_cycle",
                ),
            )
        elif not organ.vertical_system:
            add(
                "vertical_system",
                ValidationError(
                    _("设置了垂直管理上级的机构必须注明垂直管理系统。"),
                    code="vertical_system_missing",
                ),
            )
        elif vertical_parent.vertical_system != organ.vertical_system:
            add(
                "vertical_parent",
                ValidationError(
                    _("垂直管理上级“%(parent)s”不属于“%(system)s”系统。"),
                    code="vertical_system_mismatch",
                    params={"parent": vertical_parent.name, "system": organ.vertical_system},
                ),
            )

    authority = organ.managing_authority
    if (
        authority is not None
        and organ.pk is not None
        and (authority.pk == organ.pk or _chain_reaches(authority, organ.pk, "managing_authority"))
    ):
        add(
            "managing_authority",
            ValidationError(
                _("有管理权限的党政机关不能是本机构，也不能形成循环。"),
                code="managing_authority_cycle",
            ),
        )

    if errors:
        raise ValidationError(errors)
    # Field validation and uniqueness (code); path and depth are set by the services.
    organ.full_clean(exclude=["path", "depth"])


def _snapshot(organ: Organ) -> dict[str, Any]:
    return {
        "code": organ.code,
        "name": organ.name,
        "short_name": organ.short_name,
        "kind": organ.kind,
        "applicability": organ.applicability,
        "level": organ.level,
        "region_code": organ.region_code,
        "parent": organ.parent_id,
        "roles": list(organ.roles or []),
        "vertical_system": organ.vertical_system,
        "vertical_parent": organ.vertical_parent_id,
        "managing_authority": organ.managing_authority_id,
        "is_active": organ.is_active,
    }


# ---------------------------------------------------------------------------------------------
# Organs


def organ_create(
    *,
    actor: Any,
    code: str,
    name: str,
    kind: str,
    level: str,
    region_code: str,
    parent: Organ | None = None,
    short_name: str = "",
    roles: Iterable[str] = (),
    vertical_system: str = "",
    vertical_parent: Organ | None = None,
    managing_authority: Organ | None = None,
    is_active: bool = True,
) -> Organ:
    """Register an organ (细则第二条); applicability follows from its kind."""
    organ = Organ(
        code=code,
        name=name,
        short_name=short_name,
        kind=kind,
        level=level,
        region_code=region_code,
        parent=parent,
        roles=list(roles),
        vertical_system=vertical_system,
        vertical_parent=vertical_parent,
        managing_authority=managing_authority,
        is_active=is_active,
    )
    with transaction.atomic():
        organ_check(organ=organ)
        organ.path = ""
        organ.depth = parent.depth + 1 if parent is not None else 0
        organ.save()
        organ.path = f"{parent.path if parent is not None else '/'}{organ.pk}/"
        Organ.objects.filter(pk=organ.pk).update(path=organ.path)
        audit_record(
            actor=actor, action="orgs.organ_create", target=organ, details=_snapshot(organ)
        )
    return organ


def organ_update(*, actor: Any, organ: Organ, **changes: Any) -> Organ:
    """Change an organ's registry data.

    Moving it under another parent rewrites ``path`` and ``depth`` of its whole subtree in one
    UPDATE, so subtree queries stay a single prefix match.
    """
    unknown = set(changes) - ORGAN_UPDATABLE_FIELDS
    if unknown:
        raise ValidationError(
            _("不能修改的字段：%(fields)s。"),
            code="field_not_updatable",
            params={"fields": join_list(sorted(unknown))},
        )
    with transaction.atomic():
        original = Organ.objects.select_for_update().get(pk=organ.pk)
        before = _snapshot(original)
        for field, value in changes.items():
            setattr(organ, field, list(value) if field == "roles" else value)
        organ.path = original.path
        organ.depth = original.depth
        organ_check(organ=organ, original=original)
        after = _snapshot(organ)
        changed = {k: [before[k], after[k]] for k in after if before[k] != after[k]}
        if not changed:
            return organ
        organ.save(update_fields=list(changed))
        if "parent" in changed:
            _move_subtree(organ=organ, old_path=original.path, old_depth=original.depth)
        audit_record(
            actor=actor, action="orgs.organ_update", target=organ, details={"changed": changed}
        )
    return organ


def _move_subtree(*, organ: Organ, old_path: str, old_depth: int) -> None:
    """Rewrite ``path``/``depth`` of the organ and everything below it in one statement."""
    parent = organ.parent
    new_path = f"{parent.path if parent is not None else '/'}{organ.pk}/"
    new_depth = parent.depth + 1 if parent is not None else 0
    Organ.objects.filter(path__startswith=old_path).update(
        path=Concat(Value(new_path), Substr("path", len(old_path) + 1)),
        depth=F("depth") + (new_depth - old_depth),
    )
    organ.path = new_path
    organ.depth = new_depth
