"""English pages show codes' labels in English: categories, the nine grounds, citations, job
titles, and lists joined without full-width punctuation (issue 13, item 24)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.template import Context, Template
from django.utils import translation

from tests.factories import OrganFactory, PersonFactory, PositionFactory
from xinfang.accountability.documents import cite
from xinfang.orgs.choices import PositionKind
from xinfang.petitions.matters.models import Category
from xinfang.petitions.matters.services import category_create
from xinfang.web.accountability.forms import FindingsForm


def render(source: str, language: str, **context: object) -> str:
    with translation.override(language):
        return Template(source).render(Context(context))


@pytest.mark.django_db
def test_seeded_categories_have_english_names_for_english_pages() -> None:
    category = Category.objects.get(code="housing-property")
    with translation.override("en"):
        assert category.label == "Property management"
    with translation.override("zh-hans"):
        assert category.label == "物业管理"
    assert not Category.objects.filter(name_en="").exists()


@pytest.mark.django_db
def test_a_category_added_without_an_english_name_shows_its_chinese_name() -> None:
    roads = category_create(code="roads", name="道路", actor="test:admin")
    named = category_create(code="bridges", name="桥梁", name_en="Bridges", actor="test:admin")
    with translation.override("en"):
        assert (roads.label, named.label) == ("道路", "Bridges")


def test_the_nine_grounds_are_offered_in_the_readers_language() -> None:
    with translation.override("en"):
        english = dict(FindingsForm().fields["grounds"].choices)
    with translation.override("zh-hans"):
        chinese = dict(FindingsForm().fields["grounds"].choices)
    assert english[9] == "(9) other failures of duty that call for accountability"
    assert chinese[9] == "（9）其他应当追究责任的失职失责情形"
    source = "{% load accountability_labels %}{{ 8|ground_text }}"
    assert render(source, "en").startswith("accusation materials disclosed")
    assert render(source, "zh-hans").startswith("违反规定将信访群众揭发控告材料")


def test_a_list_of_citations_is_in_one_language() -> None:
    bases = ["细则第十三条", "细则第十一条第二款", "信访工作条例(2022)第二十二条"]
    with translation.override("en"):
        assert cite(bases) == (
            "Chongqing Rules, Art. 11 ¶2; Chongqing Rules, Art. 13; "
            "Regulations on Petition Work (2022), Art. 22"
        )
    with translation.override("zh-hans"):
        assert cite(bases) == (
            "《重庆市信访工作责任制实施细则》第十一条第二款、第十三条；信访工作条例(2022)第二十二条"
        )


def test_the_rules_cores_two_language_points_show_the_readers_half() -> None:
    source = "{% load accountability_labels %}{{ point|in_language }}"
    point = "由有管理权限的党政机关认定 / the managing authority decides"
    assert render(source, "en", point=point) == "the managing authority decides"
    assert render(source, "zh-hans", point=point) == "由有管理权限的党政机关认定"


@pytest.mark.django_db
def test_job_titles_are_english_on_english_pages() -> None:
    organ = OrganFactory()
    since = dt.date(2020, 1, 1)
    deputy = PositionFactory(
        person=PersonFactory(),
        organ=organ,
        kind=PositionKind.SUPERVISING_LEADER,
        title="副局长",
        portfolio=["petition"],
        start=since,
    )
    odd = PositionFactory(
        person=PersonFactory(), organ=organ, kind=PositionKind.STAFF, title="档案员", start=since
    )
    with translation.override("en"):
        assert deputy.title_label == "Deputy director-general"
        assert odd.title_label == "Staff member"
    with translation.override("zh-hans"):
        assert (deputy.title_label, odd.title_label) == ("副局长", "档案员")


def test_lists_and_clauses_are_joined_without_full_width_marks_in_english() -> None:
    source = (
        "{% load punct accountability_labels %}{{ roles|enumerate_in }}{% comma %}"
        "{{ measures|labels }}{% stop %}x{% lp %}y{% rp %}{% colon %}"
    )
    measures = ["circulated_notice", "written_self_examination"]
    english = render(source, "en", roles=["a", "b"], measures=measures)
    assert english == "a, b, Circulated notice, Written self-examination. x (y): "
    chinese = render(source, "zh-hans", roles=["甲", "乙"], measures=measures)
    assert chinese == "甲、乙，通报、责令书面检查。x（y）："
