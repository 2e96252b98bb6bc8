"""The category taxonomy in reading order: main → sub, "其他" last among its siblings."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from xinfang.audit.models import AuditEntry
from xinfang.petitions.matters.categories import (
    category_outline,
    is_catch_all,
    portfolio_subject_of,
)
from xinfang.petitions.matters.models import Category
from xinfang.petitions.matters.services import category_create


def category(pk: int, code: str, name: str, parent: int | None = None) -> Category:
    return Category(pk=pk, code=code, name=name, parent_id=parent)


def outline(categories: list[Category]) -> list[tuple[int, str]]:
    return [(node.depth, node.category.code) for node in category_outline(categories)]


def test_subcategories_follow_their_main_category_and_other_comes_last() -> None:
    """By code, 其他 was between 市场监管 and 组织人事; in the outline it is last, and each
    subcategory follows its main category with the group's own 其他 last."""
    categories = [
        category(1, "housing", "城乡建设"),
        category(2, "housing-other", "其他", parent=1),
        category(3, "housing-property", "物业管理", parent=1),
        category(4, "housing-expropriation", "房屋征收与补偿", parent=1),
        category(5, "other", "其他"),
        category(6, "personnel", "组织人事"),
        category(7, "market", "市场监管"),
        category(8, "personnel-cadres", "干部选拔任用", parent=6),
    ]
    assert outline(categories) == [
        (0, "housing"),
        (1, "housing-expropriation"),
        (1, "housing-property"),
        (1, "housing-other"),
        (0, "market"),
        (0, "personnel"),
        (1, "personnel-cadres"),
        (0, "other"),
    ]
    nodes = {node.category.code: node for node in category_outline(categories)}
    assert [c.code for c in nodes["housing"].children] == [
        "housing-expropriation",
        "housing-property",
        "housing-other",
    ]
    assert nodes["housing-property"].path == ("城乡建设", "物业管理")


def test_deeper_categories_are_listed_depth_first() -> None:
    categories = [
        category(1, "housing", "城乡建设"),
        category(2, "housing-property", "物业管理", parent=1),
        category(3, "housing-property-lift", "电梯维修", parent=2),
        category(4, "housing-quality", "工程质量", parent=1),
    ]
    assert outline(categories) == [
        (0, "housing"),
        (1, "housing-property"),
        (2, "housing-property-lift"),
        (1, "housing-quality"),
    ]
    assert category_outline(categories)[2].path == ("城乡建设", "物业管理", "电梯维修")


def test_a_category_whose_parent_is_not_listed_stands_at_the_top() -> None:
    """An active subcategory of a retired main category is still offered, at the top."""
    categories = [
        category(2, "housing-property", "物业管理", parent=1),
        category(5, "other", "其他"),
    ]
    assert outline(categories) == [(0, "housing-property"), (0, "other")]


def test_the_catch_all_is_known_by_its_code_or_its_name() -> None:
    assert is_catch_all(category(1, "other", "其他"))
    assert is_catch_all(category(2, "housing-other", "其他住房问题"))
    assert is_catch_all(category(3, "HOUSING-X", "其他城乡建设问题"))
    assert not is_catch_all(category(4, "housing-property", "物业管理"))


# --- the portfolio that covers a category's work (细则第十一条第二款: 直接主管的负责人) ---------


@pytest.mark.django_db
def test_seeded_categories_name_their_portfolio_and_subcategories_inherit_it() -> None:
    """物业管理 is 城乡建设 work: the leader whose portfolio holds 住房城乡建设 supervises it."""
    property_fees = Category.objects.get(code="housing-property")
    assert property_fees.portfolio_subject == ""
    assert portfolio_subject_of(property_fees) == "housing"
    assert portfolio_subject_of(Category.objects.get(code="urban-illegal_building")) == (
        "urban_management"
    )
    assert portfolio_subject_of(Category.objects.get(code="politics_law-litigation")) == "justice"


@pytest.mark.django_db
def test_a_category_without_a_subject_anywhere_up_its_tree_has_none() -> None:
    """其他 and 退役军人事务 name no portfolio: the registry cannot tell (and says so)."""
    assert portfolio_subject_of(Category.objects.get(code="other")) == ""
    assert portfolio_subject_of(Category.objects.get(code="veterans-placement")) == ""
    assert portfolio_subject_of(None) == ""


@pytest.mark.django_db
def test_a_subcategorys_own_subject_prevails_over_its_parents() -> None:
    health = Category.objects.get(code="health")
    insurance = category_create(
        code="health-medicare",
        name="医保报销",
        parent=health,
        portfolio_subject="labour",
        actor="test:admin",
    )
    assert portfolio_subject_of(insurance) == "labour"
    assert portfolio_subject_of(Category.objects.get(code="health-dispute")) == "health"


@pytest.mark.django_db
def test_the_admin_sets_a_categorys_portfolio_and_the_change_is_audited(admin_client) -> None:
    veterans = Category.objects.get(code="veterans")
    response = admin_client.post(
        f"/admin/petitions/category/{veterans.pk}/change/",
        {
            "code": "veterans",
            "name": veterans.name,
            "name_en": veterans.name_en,
            "parent": "",
            "portfolio_subject": "civil_affairs",
            "is_active": "on",
        },
    )
    assert response.status_code == 302
    assert portfolio_subject_of(Category.objects.get(code="veterans-benefits")) == "civil_affairs"
    entry = AuditEntry.objects.get(action="matter_category.updated")
    assert entry.details["before"]["portfolio_subject"] == ""
    assert entry.details["after"]["portfolio_subject"] == "civil_affairs"


@pytest.mark.django_db
def test_an_unknown_portfolio_subject_is_refused() -> None:
    with pytest.raises(ValidationError) as caught:
        category_create(code="x", name="某类", portfolio_subject="astrology", actor="test:admin")
    assert "portfolio_subject" in caught.value.message_dict
