"""The category taxonomy in reading order: main → sub, "其他" last among its siblings."""

from __future__ import annotations

from xinfang.petitions.matters.categories import category_outline, is_catch_all
from xinfang.petitions.matters.models import Category


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
