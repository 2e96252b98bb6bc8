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
    """Tiers of the territorial hierarchy (分级负责, 第三条), highest first."""

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
    # 政法委、公安、国家安全、司法行政 (信访工作条例(2022)第二十二条第二款: 政法部门); courts and
    # procuratorates are political-legal organs by their own roles.
    POLITICS_LAW = "politics_law", _("政法部门")


#: The roles that make an organ a political-legal organ (政法部门), to which matters of litigation
#: rights go (信访工作条例(2022)第二十二条第二款、第二十八条第二款).
POLITICS_LAW_ROLES = (OrganRole.COURT, OrganRole.PROCURATORATE, OrganRole.POLITICS_LAW)


class PositionKind(models.TextChoices):
    """Leadership team membership (第七条、第十一条第二款) and staff posts (第八条)."""

    PRINCIPAL_LEADER = "principal_leader", _("主要负责人")
    SUPERVISING_LEADER = "supervising_leader", _("分管负责人")
    TEAM_MEMBER = "team_member", _("班子其他成员")
    STAFF = "staff", _("工作人员")


# Leadership team membership (领导班子, 第七条); everything else is a staff post (第八条).
LEADERSHIP_POSITION_KINDS = (
    PositionKind.PRINCIPAL_LEADER,
    PositionKind.SUPERVISING_LEADER,
    PositionKind.TEAM_MEMBER,
)

# Rank of each level: a child organ never sits above its parent.
LEVEL_RANK: dict[str, int] = {
    OrganLevel.MUNICIPAL: 0,
    OrganLevel.DISTRICT: 1,
    OrganLevel.TOWNSHIP: 2,
}


def applicability_for_kind(kind: str) -> Applicability:
    """How the rules apply to an organ of this kind.

    State-owned and state-controlled enterprises apply them by reference (细则第二条第三款);
    every other kind named by 第二条第一款、第二款 applies them fully.
    """
    if kind == OrganKind.STATE_OWNED_ENTERPRISE:
        return Applicability.BY_REFERENCE
    return Applicability.FULL


class PortfolioSubject(models.TextChoices):
    """Subjects a supervising leader's portfolio (分管) commonly names in the demo and forms.

    Portfolios are free lists of subject codes; these are the ones the interface can name.
    """

    PETITION = "petition", _("信访")
    PUBLIC_SECURITY = "public_security", _("公安")
    HOUSING = "housing", _("住房城乡建设")
    LAND = "land", _("规划自然资源")
    ENVIRONMENT = "environment", _("生态环境")
    EDUCATION = "education", _("教育")
    HEALTH = "health", _("卫生健康")
    CIVIL_AFFAIRS = "civil_affairs", _("民政")
    TRANSPORT = "transport", _("交通运输")
    AGRICULTURE = "agriculture", _("农业农村")
    MARKET = "market", _("市场监管")
    FINANCE = "finance", _("财政")
    URBAN_MANAGEMENT = "urban_management", _("城市管理")
    LABOUR = "labour", _("人力资源社会保障")
    ORGANIZATION = "organization", _("组织人事")
    DISCIPLINE = "discipline", _("纪检监察")
    JUSTICE = "justice", _("政法")
    GENERAL = "general", _("综合")
