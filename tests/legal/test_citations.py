"""Every citation, checked against the words of the law (issue 14 §1).

The texts are read from ``../shared`` (the seed and ``law/*.md``) at test time. A citation
passes when the cited article, paragraph (款) and item (项) exist and the cited unit contains
the phrase its entry names (``supports`` in the profiles, ``CODE_SUPPORTS`` below for the
citations the code emits). A profile says ``citations_verified = true`` only if every one of
its citations passes.
"""

from __future__ import annotations

import ast
import dataclasses
import datetime as dt
import tomllib
from collections.abc import Iterator
from importlib import resources
from pathlib import Path
from typing import Any

import pytest
from django.utils import translation

import xinfang
from xinfang.rules import profiles
from xinfang.rules.basis import RULES, Basis, rules
from xinfang.rules.calendar import WorkCalendar
from xinfang.rules.citing import citation_in
from xinfang.rules.deadlines import compute_deadline
from xinfang.rules.grounds import GROUNDS
from xinfang.rules.profiles import load_profile
from xinfang.web.templatetags.law import cite, cites

from .lawtext import CitationNotFound, cited_text, normalise, shared_dir, supports

PACKAGE = Path(xinfang.__file__).parent

#: The phrase of the seed each citation the code emits rests on (细则 only: the code cites
#: the regulations through the profiles).
CODE_SUPPORTS: dict[Basis, str] = {
    rules(3): "属地管理、分级负责，谁主管、谁负责",
    rules(5, 2): "垂直管理部门负责本系统的信访工作",
    rules(6): "受理、交办、转送和督办信访事项",
    rules(7, None, 3): "及时妥善处置集体访、信访负面舆情或者因信访问题引发的个人极端事件",
    rules(8, None, 1): "依法按程序登记、受理、办理群众反映的信访事项",
    rules(9): "并在适当范围内通报督查情况",
    rules(8, None, 3): "及时处理并报告",
    rules(10): "信访工作考核评价机制",
    rules(10, 1): "信访工作考核评价机制",
    rules(11, 1): "有下列情形之一的，应当追究责任",
    rules(11, None, 8): "透露、转给被揭发控告人或单位",
    rules(11, 2): "集体责任",
    rules(12, 1): "责令书面检查、通报批评",
    rules(12, 2): "涉嫌违法犯罪的",
    rules(13): "情节较轻的，由有管理权限的党政机关对相关责任人进行通报",
    rules(14): "诫勉",
    rules(15): "组织调整或者组织处理措施",
    rules(16): "给予党纪政纪处分的，依纪依法追究责任",
    rules(17): "由有管理权限的党政机关按照相关规定进行",
    rules(17, 2): "由信访部门按照《信访条例》等规定进行调查核实",
    rules(18): "组织、人事部门通报",
    rules(7, None, 1): "阅批群众来信和网上信访，定期接访下访群众",
    rules(7, None, 2): "对重要信访事项、信访突出问题实行包案处理",
    rules(10, 2): "在干部考察工作中，应当听取信访部门意见",
}


def _profile_names() -> list[str]:
    files = resources.files("xinfang.rules.profiles").iterdir()
    return sorted(f.name.removesuffix(".toml") for f in files if f.name.endswith(".toml"))


def _raw_profile(name: str) -> dict[str, Any]:
    path = resources.files("xinfang.rules.profiles") / f"{name}.toml"
    return tomllib.loads(path.read_text(encoding="utf-8"))


def _citation_entries(node: Any, where: str) -> Iterator[tuple[str, dict[str, Any]]]:
    """Every citation entry of a profile document (a table with a document and an article)."""
    if isinstance(node, dict):
        if "document" in node and "article" in node:
            yield where, node
            return
        for key, value in node.items():
            yield from _citation_entries(value, f"{where}.{key}" if where else key)
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from _citation_entries(value, f"{where}[{index}]")


def _basis(entry: dict[str, Any]) -> Basis:
    return Basis(entry["document"], entry["article"], entry.get("clause"), entry.get("item"))


def _problem(basis: Basis, phrases: list[str]) -> str | None:
    """What is wrong with ``basis`` as a citation for ``phrases``, or None."""
    try:
        text = normalise(cited_text(basis))
    except CitationNotFound as exc:
        return str(exc)
    if not phrases:
        return f"{basis}: names no phrase of the text it rests on"
    missing = [p for p in phrases if normalise(p) not in text]
    return f"{basis}: does not say {missing}" if missing else None


def _phrases(entry: dict[str, Any]) -> list[str]:
    raw = entry.get("supports", [])
    return [raw] if isinstance(raw, str) else list(raw)


def _profile_problems(name: str) -> list[str]:
    problems = []
    for where, entry in _citation_entries(_raw_profile(name), ""):
        problem = _problem(_basis(entry), _phrases(entry))
        if problem:
            problems.append(f"{name}.{where}: {problem}")
    return problems


def test_the_law_texts_are_beside_the_repository():
    """The texts are read from ../shared, never from a copy: missing is a failure, not a skip."""
    assert (shared_dir() / "law" / "信访工作条例-2022.md").is_file()


def test_law_text_parser_finds_paragraphs_and_items():
    assert supports(Basis("信访工作条例(2022)", 22, 2), "转送同级政法部门")
    assert supports(Basis("信访工作条例(2022)", 22, 1, 3), "指定办理期限内反馈结果")
    # A paragraph between two items of a list belongs to the list's paragraph (2005 Art. 21).
    assert supports(Basis("信访条例(2005)", 21, 1, 4), "提交办结报告")
    assert supports(Basis("信访条例(2005)", 21, 2), "按照前款第(二)项至第(四)项规定")
    assert supports(rules(8, None, 1), "依法按程序登记")
    with pytest.raises(CitationNotFound):
        cited_text(Basis("信访工作条例(2022)", 22, 3))
    with pytest.raises(CitationNotFound):
        cited_text(rules(21))


def test_a_citation_whose_unit_does_not_say_it_is_reported():
    assert _problem(Basis("信访工作条例(2022)", 25), ["代表人数不得超过5人"]) is not None
    assert _problem(Basis("信访工作条例(2022)", 20, 3), ["代表人数不得超过5人"]) is None


@pytest.mark.parametrize("name", _profile_names())
def test_every_profile_citation_exists_and_says_what_it_is_cited_for(name):
    assert _profile_problems(name) == []


@pytest.mark.parametrize("name", _profile_names())
def test_every_period_length_is_in_the_text_it_cites_or_set_under_article_19(name):
    """A period's days are in a cited phrase (``15日``, ``5个工作日``), or the profile says the
    municipal petition office set them (细则第十九条)."""
    problems = []
    for period, raw in _raw_profile(name).get("periods", {}).items():
        lengths = [("source", raw["days"])]
        if raw.get("extension_limit"):
            lengths.append(("extension_source", raw["extension_limit"]))
        for key, days in lengths:
            entries = raw.get(key, [])
            if any(_basis(e) == rules(19) for e in raw.get("source", [])):
                continue
            said = "".join(p for e in entries for p in _phrases(e))
            unit = "个工作日" if raw.get("day_basis") == "working" else "日"
            if f"{days}{unit}" not in said:
                problems.append(f"{name}.periods.{period}.{key}: {days}{unit} is not cited")
    assert problems == []


@pytest.mark.parametrize("name", _profile_names())
def test_every_duty_setting_is_a_policy_value_set_under_article_19(name):
    """The seed fixes no norm or report deadline for the duties of 第四条、第六条至第八条: each
    value is the municipal petition office's (细则第十九条), marked as a policy value, and
    cites the duty it measures beside it."""
    profile = load_profile(name)
    assert profile.duties, f"{name} has no duty settings"
    problems = []
    for setting in profile.duties.values():
        if not setting.policy:
            problems.append(f"{name}.duties.{setting.name}: not marked as a policy value")
        if rules(19) not in setting.source:
            problems.append(f"{name}.duties.{setting.name}: does not cite 细则第十九条")
        if not any(b != rules(19) for b in setting.source):
            problems.append(f"{name}.duties.{setting.name}: cites no duty beside 第十九条")
    assert problems == []


@pytest.mark.parametrize("name", _profile_names())
def test_citations_verified_is_true_only_where_every_citation_passes(name):
    profile = load_profile(name)
    if profile.citations_verified:
        assert _profile_problems(name) == []


def test_national_2022_routes_under_article_22_and_accepts_under_article_23():
    profile = load_profile("national-2022")
    assert profile.period("route").source[0] == Basis("信访工作条例(2022)", 22, 1)
    assert {b.article for b in profile.period("accept").source} == {23}
    assert profile.basis_for("pending_at_competent_level") == (Basis("信访工作条例(2022)", 19, 3),)
    assert profile.basis_for("collective_representatives") == (Basis("信访工作条例(2022)", 20, 3),)


def test_chongqing_2017_discipline_does_not_cite_rules_6_or_16():
    assert not {rules(6), rules(16)} & set(load_profile("chongqing-2017").basis_for("discipline"))


def _emitted_rules_citations() -> dict[Basis, list[str]]:
    """Every ``rules(...)`` call with literal arguments in the package, with where it is."""
    found: dict[Basis, list[str]] = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Name)
                and node.func.id == "rules"
            ):
                continue
            if not all(isinstance(a, ast.Constant) for a in node.args) or node.keywords:
                continue  # computed (grounds.py): checked by the grounds test below
            basis = rules(*(a.value for a in node.args))  # type: ignore[attr-defined]
            where = f"{path.relative_to(PACKAGE)}:{node.lineno}"
            found.setdefault(basis, []).append(where)
    return found


def test_every_rules_citation_the_code_emits_says_what_it_is_cited_for():
    emitted = _emitted_rules_citations()
    assert emitted, "the scan found no rules(...) call"
    problems = [
        f"{', '.join(where)}: {_problem(basis, [CODE_SUPPORTS.get(basis, '')])}"
        for basis, where in sorted(emitted.items(), key=lambda kv: str(kv[0]))
        if _problem(basis, [CODE_SUPPORTS.get(basis, "")])
    ]
    assert problems == []


def test_every_ground_is_the_words_of_its_item_of_article_11():
    for ground in GROUNDS:
        assert ground.basis.document == RULES
        assert supports(ground.basis, ground.text_zh), ground.number


def test_both_profiles_are_verified_so_no_citation_is_marked():
    assert [n for n in _profile_names() if not load_profile(n).citations_verified] == []
    assert profiles.unverified_citations() == frozenset()


@pytest.fixture
def national_unverified(monkeypatch):
    """The national profile as if its citations had not been checked yet."""
    unchecked = tuple(
        dataclasses.replace(p, citations_verified=False) if p.name == "national-2022" else p
        for p in profiles._all_profiles()
    )
    monkeypatch.setattr(profiles, "_all_profiles", lambda: unchecked)
    profiles.unverified_citations.cache_clear()
    yield
    profiles.unverified_citations.cache_clear()


def test_citations_only_an_unverified_profile_gives_are_unverified(national_unverified):
    unverified = profiles.unverified_citations()
    assert "信访工作条例(2022)第二十二条第一款" in unverified
    # The 2017 profile, verified, gives these too.
    assert "细则第六条" not in unverified
    assert "民法典第二百零一条" not in unverified


def test_an_unverified_citation_is_marked_wherever_it_is_printed(national_unverified):
    route = "信访工作条例(2022)第二十二条第一款"
    assert citation_in(route, english=False) == route + "（未核对）"
    assert citation_in(route, english=True) == (
        "Regulations on Petition Work (2022), Art. 22 ¶1 (unverified)"
    )
    assert citation_in("细则第六条", english=False) == "细则第六条"
    with translation.override("zh-hans"):
        assert cite(Basis("信访工作条例(2022)", 22, 1)) == route + "（未核对）"
    with translation.override("en"):
        assert cites([route, "细则第六条"]).endswith("(unverified); Chongqing Rules, Art. 6")
    deadline = compute_deadline(
        profile=load_profile("national-2022"),
        period="route",
        start=dt.date(2026, 9, 16),
        calendar=WorkCalendar(),
    ).to_json()
    assert deadline["unverified_basis"] == [route]


def test_a_verified_deadline_has_no_unverified_basis():
    deadline = compute_deadline(
        profile=load_profile("national-2022"),
        period="route",
        start=dt.date(2026, 9, 16),
        calendar=WorkCalendar(),
    ).to_json()
    assert deadline["basis"][0] == "信访工作条例(2022)第二十二条第一款"
    assert "unverified_basis" not in deadline
