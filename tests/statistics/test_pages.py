"""The statistics page in both languages, its SVG charts and tile grid (well-formed, nothing
the Content-Security-Policy refuses), its downloads, and the API's figures."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import pytest

from tests.statistics.world import StatsWorld, build_stats_world

pytestmark = pytest.mark.django_db

YEAR = "date_from=2025-01-01&date_to=2025-12-31"
TABLES = (
    "channel",
    "category",
    "place",
    "month",
    "shares",
    "on_time",
    "reviews",
    "satisfaction_portal",
    "satisfaction_office",
    "satisfaction_follow_up",
    "cross",
    "monthly",
    "annual",
)


@pytest.fixture
def world() -> StatsWorld:
    return build_stats_world()


def svgs(html: str) -> list[ET.Element]:
    found = re.findall(r"<svg\b.*?</svg>", html, flags=re.S)
    return [ET.fromstring(svg) for svg in found]  # noqa: S314  # our own page


@pytest.mark.parametrize(
    ("language", "words"),
    [
        ("zh-hans", ("信访统计", "按信访形式", "各环节按期办理率", "信访情况月报表", "万州区")),
        ("en", ("Petition statistics", "By channel", "On-time rate", "Monthly report", "Wanzhou")),
    ],
)
def test_the_page_renders_in_both_languages(
    world: StatsWorld, language: str, words: tuple[str, ...]
) -> None:
    response = world.client("city_clerk", language).get(f"/statistics/?{YEAR}")
    assert response.status_code == 200
    html = response.content.decode()
    for word in words:
        assert word in html
    for table in TABLES:
        assert f'data-table="{table}"' in html


def test_the_charts_are_well_formed_svg_the_csp_lets_through(world: StatsWorld) -> None:
    response = world.client("city_clerk").get(f"/statistics/?{YEAR}")
    html = response.content.decode()
    policy = response["Content-Security-Policy"]
    assert "unsafe-inline" not in policy and "style-src 'self'" in policy
    found = svgs(html)
    classes = [svg.get("class", "") for svg in found]
    assert sum("xf-chart" in c for c in classes) == 5
    assert sum("xf-tiles" in c for c in classes) == 1
    for svg in found:
        for element in svg.iter():
            tag = str(element.tag)
            assert not tag.endswith("}script") and not tag.endswith("}style")
            assert "style" not in element.attrib
    tiles = next(svg for svg in found if "xf-tiles" in svg.get("class", ""))
    assert len(tiles.findall(".//{http://www.w3.org/2000/svg}rect")) == 38 + 5  # + legend
    links = [
        a.get("{http://www.w3.org/1999/xlink}href")
        for a in tiles.iter("{http://www.w3.org/2000/svg}a")
    ]
    assert any("region=500110" in (link or "") for link in links)
    css = world.client("city_clerk").get("/statistics/charts.css")
    assert css.status_code == 200 and ".xf-chart" in css.content.decode()


def test_the_overdue_map_and_a_district_of_townships(world: StatsWorld) -> None:
    client = world.client("city_clerk")
    overdue = client.get(f"/statistics/?{YEAR}&map=overdue").content.decode()
    assert "逾期未办率" in overdue
    district = client.get(f"/statistics/?{YEAR}&region=500103").content.decode()
    assert "解放碑街道办事处" in district
    assert "xf-tiles" not in district  # townships have no grid


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_every_table_downloads(world: StatsWorld, fmt: str) -> None:
    client = world.client("city_clerk")
    for table in TABLES:
        response = client.get(f"/statistics/?{YEAR}&table={table}&format={fmt}")
        assert response.status_code == 200, table
        assert "attachment" in response["Content-Disposition"]
        assert f"statistics-{table}" in response["Content-Disposition"]
    body = b"".join(client.get(f"/statistics/?{YEAR}&table=monthly&format=csv").streaming_content)
    text = body.decode("utf-8-sig")
    assert text.splitlines()[0] == "指标,本月,本年累计,上年同期累计,同比增减"
    assert "集体访（人次）,0,7,0,—" in text
    assert client.get(f"/statistics/?{YEAR}&table=nothing&format=csv").status_code == 404


def test_a_bad_form_or_an_organ_out_of_scope_is_refused(world: StatsWorld) -> None:
    client = world.client("housing_staff")
    assert client.get("/statistics/?date_from=2025-12-01&date_to=2025-01-01").status_code == 400
    assert client.get(f"/statistics/?{YEAR}&organ={world.mw.city_po.pk}").status_code == 400
    assert (
        client.get(f"/statistics/?{YEAR}&organ={world.mw.district_housing.pk}").status_code == 200
    )


def test_the_api_gives_the_same_figures_with_their_filters(world: StatsWorld) -> None:
    client = world.client("city_clerk")
    body = client.get(f"/api/statistics?{YEAR}").json()
    assert body["total"]["count"] == 6
    assert body["query"]["filters"] == {"received_from": "2025-01-01", "received_to": "2025-12-31"}
    tables = {t["key"]: t for t in body["tables"]}
    assert set(tables) == set(TABLES)
    letter = next(line for line in tables["channel"]["lines"] if line["key"] == "letter")
    figure = letter["cells"][0]["figure"]
    assert figure["count"] == 2 and figure["exact"] is True
    assert figure["filters"]["channel"] == ["letter"]
    assert figure["url"].startswith("/matters/list/?")
    out_of_scope = world.client("housing_staff").get(
        f"/api/statistics?organ_id={world.mw.city_po.pk}"
    )
    assert out_of_scope.status_code == 404
    backwards = client.get("/api/statistics?date_from=2025-12-01&date_to=2025-01-01")
    assert backwards.status_code == 422


def test_the_page_runs_the_same_queries_however_many_matters_and_places(
    world: StatsWorld,
) -> None:
    """Every figure is aggregated in the database: more matters, places, categories and months
    add rows to the groups, not queries."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.petitions.matters.factories import at

    client = world.client("city_clerk")

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(f"/statistics/?{YEAR}").status_code == 200
        return len(captured)

    before = queries()
    for n, region in enumerate(("500103001", "500110", "500111", "500112001", "500103")):
        world.mw.register(
            channel="online",
            received_at=at(f"2025-0{n + 4}-10", 9),
            at=at(f"2025-0{n + 4}-10", 10),
            region_code=region,
            category=world.environment if n % 2 else world.mw.property_fees,
        )
    assert queries() == before
