"""Pages of the assessment (细则第十条第一款): schemes, hand scores, runs with their explanation
and drill-down, publishing, and who may read what."""

from __future__ import annotations

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from tests.oversight.assessment_world import (  # noqa: F401 - fixtures
    TODAY,
    AWorld,
    client_for_fixture,
    make_scheme,
    world_fixture,
)
from xinfang.access.models import Accusation
from xinfang.oversight.models import AssessmentRun, AssessmentScheme, RunState
from xinfang.oversight.services import assessment as services
from xinfang.petitions.matters.models import Matter, MatterClock


def computed(world: AWorld) -> AssessmentRun:
    return services.assessment_run_compute(
        scheme=make_scheme(world), actor=world.users["clerk"], today=TODAY
    )


def test_the_petition_office_creates_a_scheme_over_the_districts(world, client_for):
    client = client_for(world.users["clerk"])
    page = client.get(reverse("oversight:assessment_scheme_new"))
    assert page.status_code == 200
    response = client.post(
        reverse("oversight:assessment_scheme_new"),
        {
            "assessing_organ": world.organs["city"].pk,
            "title": "2026年度考核",
            "period_kind": "year",
            "period_start": "2026-01-01",
            "period_end": "2026-12-31",
            "organ_group": "party_committees",
            "indicators": ["on_time_acceptance", "satisfaction"],
        },
    )
    scheme = AssessmentScheme.objects.get(title="2026年度考核")
    assert response.status_code == 302
    assert scheme.office == world.organs["petition"]
    assert {o.pk for o in scheme.organs.all()} == {world.organs[n].pk for n in ("a", "b", "c")}
    detail = client.get(reverse("oversight:assessment_scheme", args=[scheme.pk]))
    assert "及时受理率" in detail.content.decode()


def test_a_bad_period_shows_the_form_again_with_its_error(world, client_for):
    response = client_for(world.users["clerk"]).post(
        reverse("oversight:assessment_scheme_new"),
        {
            "assessing_organ": world.organs["city"].pk,
            "title": "错",
            "period_kind": "year",
            "period_start": "2026-12-31",
            "period_end": "2026-01-01",
            "organ_group": "party_committees",
        },
    )
    assert response.status_code == 200
    assert "截止日期不得早于起始日期" in response.content.decode()


def test_indicators_and_hand_scores_are_edited_on_the_scheme_page(world, client_for):
    scheme = make_scheme(world, activate=False)
    client = client_for(world.users["clerk"])
    client.post(
        reverse("oversight:assessment_indicator_set", args=[scheme.pk]),
        {"code": "satisfaction", "source": "computed", "weight": 5, "target": "0.9"},
    )
    assert scheme.indicators.get(code="satisfaction").weight == 5
    client.post(
        reverse("oversight:assessment_hand_score", args=[scheme.pk]),
        {
            "indicator": scheme.indicators.get(code="agenda").pk,
            "organ": world.organs["c"].pk,
            "value": 60,
            "evidence": "会议纪要",
        },
    )
    assert scheme.indicators.get(code="agenda").hand_scores.count() == 3
    client.post(reverse("oversight:assessment_scheme_activate", args=[scheme.pk]))
    client.post(reverse("oversight:assessment_run_compute", args=[scheme.pk]))
    assert scheme.runs.count() == 1


def test_the_run_page_explains_every_score_and_links_to_the_matters(world, client_for):
    run = computed(world)
    client = client_for(world.users["clerk"])
    body = client.get(reverse("oversight:assessment_run", args=[run.pk])).content.decode()
    assert "70.00" in body and "45.00" in body and "无数据" in body
    drill = reverse(
        "oversight:assessment_run_drill",
        args=[run.pk, world.organs["a"].pk, "on_time_acceptance"],
    )
    assert drill in body
    # The drill-down lists matters through the access policy: the city office's clerk does
    # not reach the district's matters, A's principal leader does (once published).
    assert client.get(drill).content.decode().count("考核测试事项") == 0
    services.assessment_run_publish(run_record=run, actor=world.users["clerk"])
    listed = client_for(world.users["a_head"]).get(drill)
    assert listed.status_code == 200
    assert listed.content.decode().count("考核测试事项") == 2


def test_publishing_reaches_the_organization_department_which_marks_it_read(world, client_for):
    run = computed(world)
    client_for(world.users["clerk"]).post(
        reverse("oversight:assessment_run_publish", args=[run.pk])
    )
    run.refresh_from_db()
    assert run.state == RunState.PUBLISHED
    org = client_for(world.users["org_staff"])
    home = org.get(reverse("web:home")).content.decode()
    assert reverse("oversight:assessment_run", args=[run.pk]) in home
    assert org.get(reverse("oversight:assessment_run", args=[run.pk])).status_code == 200
    org.post(reverse("oversight:assessment_run_read", args=[run.pk]))
    assert run.deliveries.get().read_at is not None


def test_an_assessed_organ_sees_only_its_own_line_and_others_nothing(world, client_for):
    run = computed(world)
    url = reverse("oversight:assessment_run", args=[run.pk])
    b = client_for(world.users["b_staff"])
    assert b.get(url).status_code == 404  # not published yet
    services.assessment_run_publish(run_record=run, actor=world.users["clerk"])
    body = b.get(url).content.decode()
    assert "考核b" in body and "考核a" not in body
    a_drill = reverse(
        "oversight:assessment_run_drill",
        args=[run.pk, world.organs["a"].pk, "on_time_acceptance"],
    )
    assert b.get(a_drill).status_code == 404
    outsider = client_for(world.users["gov_staff"])
    assert outsider.get(url).status_code == 404
    scheme_url = reverse("oversight:assessment_scheme", args=[run.scheme_id])
    assert outsider.get(scheme_url).status_code == 404
    assert client_for(world.users["org_staff"]).get(scheme_url).status_code == 404


def test_the_oversight_index_links_the_assessment_pages(world, client_for):
    body = client_for(world.users["clerk"]).get(reverse("oversight:index")).content.decode()
    assert reverse("oversight:assessment_schemes") in body
    assert reverse("oversight:assessment_runs") in body


def test_the_drill_down_hides_a_matter_that_accuses_the_reader(world, client_for):

    run = computed(world)
    services.assessment_run_publish(run_record=run, actor=world.users["clerk"])
    accusing = Matter.objects.get(
        pk=MatterClock.objects.filter(organ=world.organs["a_dept"]).values("matter_id")[:1]
    )
    Accusation.objects.create(
        content_type=ContentType.objects.get_for_model(Matter),
        object_id=accusing.pk,
        accused_organ=world.organs["a"],
    )
    drill = reverse(
        "oversight:assessment_run_drill",
        args=[run.pk, world.organs["a"].pk, "on_time_acceptance"],
    )
    body = client_for(world.users["a_head"]).get(drill).content.decode()
    assert body.count("考核测试事项") == 1
    assert accusing.summary not in body


def test_a_draft_s_organs_are_edited_on_its_page(world, client_for):
    scheme = make_scheme(world, activate=False)
    client = client_for(world.users["clerk"])
    response = client.post(
        reverse("oversight:assessment_scheme_edit", args=[scheme.pk]),
        {"title": "改名", "organs": [world.organs["a"].pk, world.organs["b"].pk]},
    )
    assert response.status_code == 302
    scheme.refresh_from_db()
    assert scheme.title == "改名"
    assert {o.pk for o in scheme.organs.all()} == {world.organs["a"].pk, world.organs["b"].pk}


def test_the_organ_page_shows_its_latest_published_result(world, client_for):
    run = computed(world)
    services.assessment_run_publish(run_record=run, actor=world.users["clerk"])
    page = client_for(world.users["a_head"]).get(
        reverse("web:organ_detail", args=[world.organs["a"].pk])
    )
    body = page.content.decode()
    assert "信访工作考核" in body and "70.0 (1/3)" in body


def test_the_catalogue_s_indicators_are_named_in_the_reader_s_language(world, client_for):
    run = computed(world)
    client = client_for(world.users["clerk"])
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    body = client.get(reverse("oversight:assessment_run", args=[run.pk])).content.decode()
    assert "On-time acceptance rate" in body and "及时受理率" not in body
    # A hand-scored indicator keeps the name the scheme gave it.
    assert "列入议事日程" in body
