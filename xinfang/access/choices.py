"""Choices of the access app: roles a user derives from positions, and denial reasons."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class AccessRole(models.TextChoices):
    """What a user may do follows from these roles, derived from current positions.

    See ``docs/security.md`` for the permission matrix.
    """

    SYSTEM_ADMIN = "system_admin", _("系统管理员")
    PETITION_OFFICE = "petition_office", _("信访部门")
    LEADERSHIP = "leadership", _("领导班子成员")
    STAFF = "staff", _("工作人员")
    ORGANIZATION = "organization", _("组织部门")
    PERSONNEL = "personnel", _("人事部门")


class DenialReason(models.TextChoices):
    """Why an access chokepoint answered 404 or 403; recorded in the audit trail only."""

    NOT_FOUND = "not_found", _("对象不存在")
    NOT_AUTHENTICATED = "not_authenticated", _("未登录")
    OUT_OF_SCOPE = "out_of_scope", _("超出职责范围")
    ACCUSED_PERSON = "accused_person", _("本人是被揭发控告人")
    ACCUSED_UNIT = "accused_unit", _("所在单位是被揭发控告单位")
    RECUSED = "recused", _("已回避")
    LINKED_CONFLICT = "linked_conflict", _("关联记录涉及本人或本单位")
    NOT_OWN_ORGAN = "not_own_organ", _("非本单位")
