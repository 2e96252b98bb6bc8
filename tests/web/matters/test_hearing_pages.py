"""The hearing on the matter page: the re-review organ records it, the page shows the clock
paused, the opinion waits for the hearing's end (and the page offers it), and the end moves the
due date (信访工作条例(2022)第三十六条第二款).

The matter is walked with 2025 dates (``walk_to``): the re-review request reached the city
government on 2025-07-25 and was due 2025-08-25, long past, so the page calls it overdue until
a hearing pauses it.
"""

from __future__ import annotations

import re
from typing import Any

import pytest

from tests.petitions.matters.factories import walk_to
from xinfang.orgs.choices import PositionKind
from xinfang.petitions.matters.models import Hearing, Matter

from .conftest import Pages, account

pytestmark = pytest.mark.django_db

OPINION = {
    "kind": "explain",
    "facts": "经查，物业公司多收电梯维修费属实。",
    "reasons": "收费无合同依据。",
    "legal_basis": "《物业管理条例》第四十一条",
}
CJK = re.compile(r"[\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uff00-\uffef]")


def step(pages: Pages, user: str, matter: Matter, action: str, **fields: Any) -> Any:
    data = {f"{action}-{name}": value for name, value in fields.items()}
    return pages.client(user).post(f"/matters/{matter.pk}/{action}/", data)


def page(pages: Pages, user: str, matter: Matter) -> str:
    response = pages.client(user).get(f"/matters/{matter.pk}/")
    assert response.status_code == 200
    return response.content.decode()


def offered(html: str) -> set[str]:
    return set(re.findall(r'id="action-([a-z_]+)"', html))


def header(html: str) -> str:
    return html.split('id="matter-title"', 1)[1].split("</h1>", 1)[0]


@pytest.fixture
def rereview(pages: Pages) -> Matter:
    pages.users["city_gov"] = account("city_gov", pages.mw.city, PositionKind.TEAM_MEMBER)
    return walk_to(pages.mw, "rereview_requested")


def test_the_rereview_organ_records_a_hearing_and_the_clock_pauses_until_it_ends(
    pages: Pages, rereview: Matter
) -> None:
    html = page(pages, "city_gov", rereview)
    assert "已逾期" in header(html)
    assert "hearing_start" in offered(html)
    assert "hearing_end" not in offered(html)
    # The handling organ still sees the matter, but the re-review hearing is not its step.
    assert "hearing_start" not in offered(page(pages, "housing_staff", rereview))

    response = step(
        pages,
        "city_gov",
        rereview,
        "hearing_start",
        started_on="2025-08-11",
        place="市信访听证室",
        note="信访人、原办理机关到场陈述",
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    html = page(pages, "city_gov", rereview)
    assert "听证中，暂停计算" in header(html)
    assert "已逾期" not in header(html)
    assert "听证中，自 2025年8月11日 起暂停计算" in html
    assert "市信访听证室" in html and "信访人、原办理机关到场陈述" in html
    assert "信访工作条例(2022)第三十六条第二款" in html
    assert {"hearing_end", "rereview"} <= offered(html)
    assert "hearing_start" not in offered(html)

    # The opinion is refused while the hearing runs, and the page says what to do.
    response = step(pages, "city_gov", rereview, "rereview", **OPINION)
    assert response.status_code == 200
    html = response.content.decode()
    assert "请先登记听证结束日期" in html
    assert "hearing_end" in offered(html)

    response = step(pages, "city_gov", rereview, "hearing_end", ended_on="2025-08-20")
    assert response.status_code == 302, response.content.decode()[:3000]
    html = page(pages, "city_gov", rereview)
    assert re.search(r'id="action-due">2025年9月3日', html)
    assert "听证 10 日不计入" in html
    assert "听证中" not in header(html)
    assert "hearing_end" not in offered(html)
    assert Hearing.objects.get(matter=rereview).excluded_days == 10


def test_an_end_before_the_start_is_named_on_its_field(pages: Pages, rereview: Matter) -> None:
    step(pages, "city_gov", rereview, "hearing_start", started_on="2025-08-11")
    response = step(pages, "city_gov", rereview, "hearing_end", ended_on="2025-08-10")
    assert response.status_code == 200
    html = response.content.decode()
    assert "听证结束日不能早于开始日（2025-08-11）。" in html
    assert 'value="2025-08-10"' in html
    assert Hearing.objects.get(matter=rereview).ended_on is None


def test_the_hearing_reads_in_english(pages: Pages, rereview: Matter) -> None:
    hearing = step(pages, "city_gov", rereview, "hearing_start", started_on="2025-08-11")
    assert hearing.status_code == 302
    client = pages.client("city_gov")
    client.cookies["django_language"] = "en"
    html = client.get(f"/matters/{rereview.pk}/").content.decode()
    assert "Paused for a hearing since 11 Aug 2025" in html
    assert "Regulations on Petition Work (2022), Art. 36 ¶2" in html
    # Everything but the data (the organ's name) is English.
    section = html.split('id="hearings"', 1)[1].split("</section>", 1)[0]
    assert not CJK.search(section.replace(pages.mw.city.name, "")), section
    form = html.split('id="action-hearing_end"', 1)[1].split("</section>", 1)[0]
    assert not CJK.search(form), form
