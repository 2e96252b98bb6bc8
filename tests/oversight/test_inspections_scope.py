"""Whom an authority supervises (细则第九条: 本地区、本部门、本系统), decided on light rows
without a database: its own level below it, the party committee and government one level down,
its vertical system; never itself."""

from __future__ import annotations

from xinfang.oversight.selectors.inspections_scope import OrganRow, region_prefix, supervised_ids

P, G = ("party_committee",), ("government",)
ROWS = [
    OrganRow(1, "/1/", "municipal", "500000", P, None),  # 市委
    OrganRow(2, "/2/", "municipal", "500000", G, None),  # 市政府
    OrganRow(3, "/1/3/", "municipal", "500000", (), None),  # 市委办公厅
    OrganRow(4, "/2/4/", "municipal", "500000", ("department",), None),  # 市公安局
    OrganRow(5, "/1/5/", "district", "500103", P, None),  # 区委
    OrganRow(6, "/2/6/", "district", "500103", G, None),  # 区政府
    OrganRow(7, "/2/6/7/", "district", "500103", ("department",), 4),  # 区公安分局
    OrganRow(8, "/2/6/8/", "township", "500103001", G, None),  # 街道
    OrganRow(9, "/2/6/7/9/", "township", "500103001", (), 7),  # 派出所
]
BY_ID = {row.id: row for row in ROWS}


def test_the_party_committee_supervises_its_own_level_and_the_districts() -> None:
    assert supervised_ids(BY_ID[1], ROWS) == {3, 5, 6}


def test_the_government_supervises_its_departments_and_the_districts() -> None:
    assert supervised_ids(BY_ID[2], ROWS) == {4, 5, 6}


def test_a_district_supervises_its_own_level_and_its_townships_not_another_level() -> None:
    # 区政府: its department (7) and the township government (8); not the police station (9),
    # a township-level organ that is neither a party committee nor a government.
    assert supervised_ids(BY_ID[6], ROWS) == {7, 8}


def test_a_vertical_system_head_supervises_its_system() -> None:
    # 市公安局: nothing below it in the tree, its system below it (分局 and 派出所).
    assert supervised_ids(BY_ID[4], ROWS) == {7, 9}


def test_region_prefixes() -> None:
    assert (region_prefix("500000"), region_prefix("500103")) == ("50", "500103")
