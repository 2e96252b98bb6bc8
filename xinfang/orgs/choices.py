"""Choices of the organ registry (细则第二条、第五条、第七条、第十一条第二款)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class OrganKind(models.TextChoices):
    """Kinds of organ named by 细则第二条."""

    PARTY = "party", _("党的机关")
    PEOPLES_CONGRESS = "peoples_congress", _("人大机关")
    ADMINISTRATIVE = "administrative", _("行政机关")
    CPPCC = "cppcc", _("政协机关")
    JUDICIAL = "judicial", _("审判机关")
    PROCURATORIAL = "procuratorial", _("检察机关")
    DISPATCHED = "dispatched", _("派出机构")
    PUBLIC_INSTITUTION = "public_institution", _("直属事业单位")
    PEOPLES_ORGANIZATION = "peoples_organization", _("人民团体")
    STATE_OWNED_ENTERPRISE = "state_owned_enterprise", _("国有和国有控股企业")


class Applicability(models.TextChoices):
    """How the rules apply: fully (第二条第一、二款) or by reference (第二条第三款)."""

    FULL = "full", _("适用")
    BY_REFERENCE = "by_reference", _("参照执行")


class OrganLevel(models.TextChoices):
    MUNICIPAL = "municipal", _("市级")
    DISTRICT = "district", _("区县级")
    TOWNSHIP = "township", _("乡镇（街道）级")


class OrganRole(models.TextChoices):
    """The functions an organ performs that the rules refer to."""

    PARTY_COMMITTEE = "party_committee", _("党委")
    GOVERNMENT = "government", _("政府")
    PEOPLES_CONGRESS = "peoples_congress", _("人大")
    CPPCC = "cppcc", _("政协")
    COURT = "court", _("法院")
    PROCURATORATE = "procuratorate", _("检察院")
    PETITION_OFFICE = "petition_office", _("信访部门")
    DEPARTMENT = "department", _("工作部门")
    ORGANIZATION = "organization", _("组织部门")
    PERSONNEL = "personnel", _("人事部门")
    DISCIPLINE = "discipline", _("纪检监察机关")


class PositionKind(models.TextChoices):
    """Leadership team membership (第七条、第十一条第二款) and staff posts (第八条)."""

    PRINCIPAL_LEADER = "principal_leader", _("主要负责人")
    SUPERVISING_LEADER = "supervising_leader", _("分管负责人")
    TEAM_MEMBER = "team_member", _("班子其他成员")
    STAFF = "staff", _("工作人员")
