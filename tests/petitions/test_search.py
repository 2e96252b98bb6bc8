"""Search over matters (``xinfang.petitions.matters.search``): each kind of query finds what it
should, always inside what the user may read; an accused unit finds and counts exactly what it
would if the accusing matter did not exist (细则第十一条第八项); identity values reach the
database only as their blind index."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext

from tests.access.test_no_signal import ACCUSED_ACCOUNTS, ID_NUMBER, PHONE, World, _account
from tests.petitions.matters.factories import OTHER_TEXT, MatterWorld, at, build_matter_world
from xinfang.petitions.matters.filters import MatterFilter
from xinfang.petitions.matters.models import Matter
from xinfang.petitions.matters.search import identity_petitioner_ids, parse, search_q
from xinfang.petitions.matters.selectors import matter_list
from xinfang.petitions.matters.services import forget_calendar, matter_register_batch
from xinfang.petitions.models import Petitioner

pytestmark = pytest.mark.django_db

OTHER_ID_NUMBER = "110105194912310038"
OTHER_PHONE = "13800001111"


def found(text: str) -> set[int]:
    return set(Matter.objects.filter(search_q(text)).values_list("pk", flat=True))


def listed(user: Any, text: str) -> tuple[list[int], int]:
    """The rows and the count the list of matters shows ``user`` for ``text`` typed in the
    search box: an identity as ``?petitioner=``, anything else as ``?q=``."""
    ids = identity_petitioner_ids(user, text)
    if ids or (ids is not None and not parse(text).words):
        data = {"petitioner": ",".join(map(str, ids)) or "0"}
    else:
        data = {"q": text}
    filterset = MatterFilter(data, queryset=matter_list(user=user))
    assert filterset.is_valid(), filterset.errors
    rows = filterset.qs
    return sorted(rows.values_list("pk", flat=True)), rows.count()


@pytest.fixture
def two(db: None) -> tuple[MatterWorld, Matter, Matter]:
    return two_matters()


def two_matters() -> tuple[MatterWorld, Matter, Matter]:
    """A housing letter of 张三丰 and a school canteen letter of 李四, at the district office."""
    forget_calendar()
    mw = build_matter_world()
    housing = mw.register(identity={"name": "张三丰", "id_number": ID_NUMBER, "phone": PHONE})
    canteen = mw.register(
        summary="学校食堂饭菜质量差",
        content=OTHER_TEXT,
        region_code="500103",
        identity={"name": "李四", "id_number": OTHER_ID_NUMBER, "phone": OTHER_PHONE},
        received_at=at("2025-09-21", 9),
        at=at("2025-09-21", 10),
    )
    return mw, housing, canteen


def test_a_matter_is_found_by_its_number(two: Any) -> None:
    _mw, housing, _canteen = two
    assert housing.pk in found(str(housing.pk))
    assert found(str(housing.pk + 1000)) == set()


def test_a_matter_is_found_by_its_query_code_as_people_type_it(two: Any) -> None:
    _mw, housing, _canteen = two
    code = housing.query_code
    typed = f" {code[:4].lower()}-{code[4:8]} {code[8:].lower()} "
    assert found(typed) == {housing.pk}
    assert parse(typed).kinds == ["query_code"]


def test_a_petitioners_matters_are_found_by_id_number_phone_and_name(two: Any) -> None:
    _mw, housing, canteen = two
    assert found(ID_NUMBER) == {housing.pk}
    assert found(ID_NUMBER.lower()) == {housing.pk}  # the check character x
    assert found("+86 139-1234-5678") == {housing.pk}
    assert found(OTHER_PHONE) == {canteen.pk}
    assert found("张三丰") == {housing.pk}
    assert found("李 四") == {canteen.pk}
    assert parse(ID_NUMBER).kinds == ["id_number_index"]
    assert parse(PHONE).kinds == ["phone_index"]
    assert parse("6123456").kinds == ["pk", "phone_index"]
    assert parse("张三丰").kinds == ["name_index", "words"]


def test_an_id_number_with_a_wrong_check_digit_is_not_an_identity(two: Any) -> None:
    wrong = ID_NUMBER[:-1] + "1"
    assert "id_number_index" not in parse(wrong).kinds
    assert found(wrong) == set()


def test_text_is_found_in_summaries_and_contents(two: Any) -> None:
    _mw, housing, canteen = two
    assert found("电梯维修费") == {housing.pk}  # summary and content
    assert found("以次充好") == {canteen.pk}  # content only
    assert found("食堂饭菜") == {canteen.pk}
    assert found("恒达花园 电梯") == {housing.pk}  # every word
    assert found("恒达花园 食堂") == set()
    assert found("没有这样的事") == set()


def test_two_character_words_are_found_anywhere_in_a_text(two: Any) -> None:
    mw, _housing, canteen = two
    noise = mw.register(
        summary="深夜施工噪音扰邻",
        content="某工地每晚十一点后仍在施工，居民无法入睡，请求查处。",
        received_at=at("2025-09-22", 9),
        at=at("2025-09-22", 10),
    )
    assert found("食堂") == {canteen.pk}
    assert found("扰邻") == {noise.pk}  # the summary's last two characters
    assert found("腹泻") == {canteen.pk}
    assert found("施工 查处") == {noise.pk}
    assert found("施工 腹泻") == set()
    assert found("龘龘") == set()


def test_a_one_character_word_is_not_searched_as_text(two: Any) -> None:
    _mw, housing, _canteen = two
    assert parse("费").words == ()
    assert found("费") == set()
    assert found("费 电梯") == {housing.pk}  # the other words still are


def test_latin_text_is_found_whatever_its_case(two: Any) -> None:
    mw, _housing, _canteen = two
    latin = mw.register(
        summary="WiFi 信号基站辐射",
        content="小区楼顶新建 5G Base Station，居民担心辐射。",
        received_at=at("2025-09-22", 9),
        at=at("2025-09-22", 10),
    )
    assert found("wifi") == {latin.pk}
    assert found("base station") == {latin.pk}
    assert found("5g") == {latin.pk}


def test_the_index_follows_every_write_of_summary_and_content(two: Any) -> None:
    mw, housing, _canteen = two
    Matter.objects.filter(pk=housing.pk).update(summary="小区停车位被占用")
    assert found("停车位") == {housing.pk}
    assert found("多收电梯") == {housing.pk}  # still in the content
    Matter.objects.filter(pk=housing.pk).update(content="业主车位长期被外来车辆占用。")
    assert found("多收电梯") == set()
    assert found("外来车辆") == {housing.pk}
    batch = matter_register_batch(
        items=[
            {
                "organ": mw.district_po,
                "channel": "letter",
                "received_at": at("2025-09-23", 9),
                "at": at("2025-09-23", 10),
                "summary": f"批量登记第{n}件化工厂排污",
                "content": "化工厂夜间偷排废水，河水发黑发臭。",
                "region_code": "500103001",
            }
            for n in range(3)
        ],
        actor="test:clerk",
    )
    assert found("偷排废水") == {m.pk for m in batch}


@pytest.mark.skipif(connection.vendor != "sqlite", reason="the SQLite full-text index")
def test_the_index_triggers_are_installed() -> None:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT name FROM sqlite_master "
            "WHERE type = 'trigger' AND tbl_name = 'petitions_matter'"
        )
        names = {row[0] for row in cursor.fetchall()}
    assert {f"petitions_matter_search_{what}" for what in ("insert", "delete", "update")} <= names


def test_the_name_index_is_written_by_every_petitioner_write(two: Any) -> None:
    from xinfang.petitions.selectors import name_index_of
    from xinfang.petitions.services import petitioner_update

    _mw, housing, _canteen = two
    person = Petitioner.objects.get(pk=housing.petitioner_id)
    assert person.name_index == name_index_of("张三丰") != ""
    petitioner_update(petitioner=person, actor="test:clerk", name="张三")
    assert found("张三") == {housing.pk}
    assert found("张三丰") == set()


def test_identity_values_never_reach_the_database_in_plaintext(two: Any) -> None:
    """The ID number and the phone are searched through their blind index only."""
    _mw, housing, _canteen = two
    for typed, secret in (
        (ID_NUMBER, ID_NUMBER),
        (PHONE, PHONE),
        ("+86 139 1234 5678", PHONE),
        ("139-1234-5678", PHONE),
    ):
        with CaptureQueriesContext(connection) as queries:
            assert found(typed) == {housing.pk}
        sql = "\n".join(q["sql"] for q in queries.captured_queries)
        assert secret not in sql
        assert secret[-8:] not in sql


def test_search_never_widens_what_a_user_may_read(two: Any) -> None:
    mw, housing, _canteen = two
    clerk = _account("po_clerk", mw.district_po)
    elsewhere = _account("jiangbei_staff", mw.other_housing)
    for text in (str(housing.pk), housing.query_code, ID_NUMBER, PHONE, "张三丰", "电梯", "维修费"):
        assert listed(clerk, text)[0] == [housing.pk], text
        assert listed(elsewhere, text) == ([], 0), text
    assert listed(clerk, "")[1] == 2
    assert listed(elsewhere, "")[1] == 0


def _queries(world: World, accusing: list[Matter]) -> list[str]:
    """Every kind of query, aimed at the accusing matters as well as the ordinary one."""
    m1 = Matter.objects.get(pk=world.m1)
    texts = [str(m1.pk), m1.query_code, ID_NUMBER, PHONE, "张三丰", "住建委", "物业", "费用"]
    texts += ["举报", "包庇物业公司", "收受物业公司好处", "工作人员", "好处", "人员"]
    for matter in accusing:
        texts += [str(matter.pk), matter.query_code, matter.summary]
    return texts


def test_an_accused_unit_finds_and_counts_as_if_it_were_never_accused() -> None:
    world = World()
    with transaction.atomic():
        ids = world.accuse()
        accusing = list(Matter.objects.filter(pk__in=ids))
        texts = _queries(world, accusing)
        accused = {
            (name, text): listed(world.users[name], text)
            for name in ACCUSED_ACCOUNTS
            for text in texts
        }
        # Not an empty comparison: the office that registered it finds the accusation.
        office = listed(world.users["po_clerk"], "包庇物业公司")
        transaction.set_rollback(True)
    ordinary = {
        (name, text): listed(world.users[name], text) for name in ACCUSED_ACCOUNTS for text in texts
    }
    assert accused == ordinary
    assert office == ([ids[0]], 1)
    assert accused[("housing_staff", ID_NUMBER)] == ([world.m1], 1)
    assert accused[("housing_staff", "物业")] == ([world.m1], 1)


def test_the_header_offers_the_search_to_signed_in_users_only(two: Any) -> None:
    mw, _housing, _canteen = two
    anonymous = Client().get("/login/")
    assert 'name="q"' not in anonymous.content.decode()
    client = Client(HTTP_ACCEPT_LANGUAGE="zh-hans")
    client.force_login(
        _account("po_clerk", mw.district_po), backend="xinfang.access.backends.ModelBackend"
    )
    page = client.get("/").content.decode()
    assert 'role="search"' in page
    assert 'action="/matters/search/" method="post"' in page
    assert '<label for="site-search-q">搜索信访事项</label>' in page
    assert 'id="site-search-q" name="q"' in page
