"""The category taxonomy (信访内容分类) in reading order: each main category followed by the
categories under it, depth first; among siblings by code, with "其他" (the catch-all) last.

Forms group their choices by it and the API lists categories in its order, so a clerk reads
main → sub rather than one list sorted by code with 其他 somewhere in the middle.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from .models import Category

#: The last segment of a catch-all category's code (``other``, ``housing-other``).
CATCH_ALL_CODE = "other"


def is_catch_all(category: Category) -> bool:
    """Whether the category is the "其他" of its level: its code ends in ``other`` or its name
    begins with 其他 (``其他``, ``其他城乡建设问题``)."""
    last = category.code.lower().replace("_", "-").rsplit("-", 1)[-1]
    return last == CATCH_ALL_CODE or category.name.startswith("其他")


def portfolio_subject_of(category: Category | None) -> str:
    """The subject of the portfolio (分管) that covers a category's work: its own, else the
    nearest ancestor's; "" when none names one, or for no category (细则第十一条第二款: the
    直接主管的负责人 is the leader whose portfolio covers the work that failed)."""
    seen: set[int] = set()
    while category is not None and category.pk not in seen:
        if category.portfolio_subject:
            return category.portfolio_subject
        seen.add(category.pk)
        category = category.parent
    return ""


@dataclass(frozen=True)
class CategoryNode:
    """One category in the outline: how deep it sits (0 for a main category), the names from
    its main category down to it, and its children among the categories outlined."""

    category: Category
    depth: int
    path: tuple[str, ...]
    children: tuple[Category, ...]


def _sibling_order(category: Category) -> tuple[bool, str, int]:
    return (is_catch_all(category), category.code, category.pk)


def category_outline(categories: Iterable[Category]) -> list[CategoryNode]:
    """The categories depth first, siblings by code with the catch-all last.

    A category whose parent is not among ``categories`` (a retired main category, say)
    stands at the top. No query: the parents are read from ``parent_id``.
    """
    items = {c.pk: c for c in categories}
    children: dict[int | None, list[Category]] = {}
    for category in items.values():
        parent = category.parent_id if category.parent_id in items else None
        children.setdefault(parent, []).append(category)
    for siblings in children.values():
        siblings.sort(key=_sibling_order)
    out: list[CategoryNode] = []
    seen: set[int] = set()

    def walk(category: Category, depth: int, path: tuple[str, ...]) -> None:
        if category.pk in seen:  # a cycle the constraint did not catch: list it once
            return
        seen.add(category.pk)
        kids = tuple(children.get(category.pk, ()))
        out.append(CategoryNode(category=category, depth=depth, path=path, children=kids))
        for child in kids:
            walk(child, depth + 1, (*path, child.name))

    for root in children.get(None, ()):
        walk(root, 0, (root.name,))
    # Categories caught in a cycle have no root above them: keep them, at the end.
    for category in sorted(items.values(), key=_sibling_order):
        if category.pk not in seen:
            walk(category, 0, (category.name,))
    return out


def path_label(category: Category, by_pk: dict[int, Category]) -> str:
    """A subcategory's name by its path below its main category (物业管理 › 电梯), in the
    reader's language (``Category.label``); ``by_pk`` holds the categories of the outline."""
    names = []
    while category.parent_id is not None and category.parent_id in by_pk:
        names.append(str(category.label))
        category = by_pk[category.parent_id]
    return " › ".join(reversed(names))
