"""The demo Chongqing: municipal organs, the 38 districts and counties, townships, demo logins.

Pure data. District and county names and codes are the real GB/T 2260 ones. Township and
street names are real ones of each district or county; their three-digit suffixes are
sequential in the demo (001, 002 ... for streets, 101 ... for towns), not the official
statistical codes.
"""

from __future__ import annotations

from typing import NamedTuple

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

DEMO_PASSWORD = "xinfang-demo"  # noqa: S105 - documented demo password, never used in production

MUNICIPAL_REGION = "500000"


class OrganSpec(NamedTuple):
    key: str
    name: str
    short_name: str
    kind: str
    roles: tuple[str, ...]
    parent: str | None
    vertical_system: str = ""
    vertical_parent: str | None = None
    managing_authority: str | None = "party"


# Municipal organs: key, full name, short name, kind, roles, parent key. The six leading organs
# have no managing authority in the registry (their cadres are managed by the Centre).
MUNICIPAL: tuple[OrganSpec, ...] = (
    OrganSpec(
        "party",
        "中共重庆市委员会",
        "市委",
        "party",
        ("party_committee",),
        None,
        managing_authority=None,
    ),
    OrganSpec(
        "congress",
        "重庆市人民代表大会常务委员会",
        "市人大常委会",
        "peoples_congress",
        ("peoples_congress",),
        None,
        managing_authority=None,
    ),
    OrganSpec(
        "gov",
        "重庆市人民政府",
        "市政府",
        "administrative",
        ("government",),
        None,
        managing_authority=None,
    ),
    OrganSpec(
        "cppcc",
        "中国人民政治协商会议重庆市委员会",
        "市政协",
        "cppcc",
        ("cppcc",),
        None,
        managing_authority=None,
    ),
    OrganSpec(
        "court",
        "重庆市高级人民法院",
        "市高法院",
        "judicial",
        ("court",),
        None,
        managing_authority=None,
    ),
    OrganSpec(
        "procuratorate",
        "重庆市人民检察院",
        "市检察院",
        "procuratorial",
        ("procuratorate",),
        None,
        managing_authority=None,
    ),
    OrganSpec("office", "中共重庆市委办公厅", "市委办公厅", "party", (), "party"),
    OrganSpec("org", "中共重庆市委组织部", "市委组织部", "party", ("organization",), "party"),
    OrganSpec(
        "discipline",
        "中共重庆市纪律检查委员会、重庆市监察委员会",
        "市纪委监委",
        "party",
        ("discipline",),
        "party",
    ),
    OrganSpec(
        "petition", "重庆市信访办公室", "市信访办", "administrative", ("petition_office",), "gov"
    ),
    OrganSpec(
        "hrss",
        "重庆市人力资源和社会保障局",
        "市人力社保局",
        "administrative",
        ("department", "personnel"),
        "gov",
    ),
    OrganSpec(
        "police",
        "重庆市公安局",
        "市公安局",
        "administrative",
        ("department", "politics_law"),
        "gov",
        vertical_system="公安",
    ),
    OrganSpec(
        "housing",
        "重庆市住房和城乡建设委员会",
        "市住房城乡建委",
        "administrative",
        ("department",),
        "gov",
    ),
    OrganSpec(
        "land",
        "重庆市规划和自然资源局",
        "市规划自然资源局",
        "administrative",
        ("department",),
        "gov",
    ),
    OrganSpec(
        "environment",
        "重庆市生态环境局",
        "市生态环境局",
        "administrative",
        ("department",),
        "gov",
        vertical_system="生态环境",
    ),
    OrganSpec("education", "重庆市教育委员会", "市教委", "administrative", ("department",), "gov"),
    OrganSpec(
        "health", "重庆市卫生健康委员会", "市卫生健康委", "administrative", ("department",), "gov"
    ),
    OrganSpec("civil", "重庆市民政局", "市民政局", "administrative", ("department",), "gov"),
    OrganSpec(
        "transport",
        "重庆市交通运输委员会",
        "市交通运输委",
        "administrative",
        ("department",),
        "gov",
    ),
    OrganSpec(
        "agriculture",
        "重庆市农业农村委员会",
        "市农业农村委",
        "administrative",
        ("department",),
        "gov",
    ),
    OrganSpec(
        "market", "重庆市市场监督管理局", "市市场监管局", "administrative", ("department",), "gov"
    ),
    OrganSpec("finance", "重庆市财政局", "市财政局", "administrative", ("department",), "gov"),
    OrganSpec(
        "urban", "重庆市城市管理局", "市城市管理局", "administrative", ("department",), "gov"
    ),
    OrganSpec("union", "重庆市总工会", "市总工会", "peoples_organization", (), "party"),
    OrganSpec("youth", "共青团重庆市委员会", "团市委", "peoples_organization", (), "party"),
    OrganSpec("women", "重庆市妇女联合会", "市妇联", "peoples_organization", (), "party"),
    OrganSpec("academy", "重庆社会科学院", "重庆社科院", "public_institution", (), "gov"),
    OrganSpec("liangjiang", "重庆两江新区管理委员会", "两江新区管委会", "dispatched", (), "gov"),
    OrganSpec(
        "soe",
        "重庆市城市建设投资（集团）有限公司",
        "重庆城投集团",
        "state_owned_enterprise",
        (),
        "gov",
    ),
)

# Subjects of each municipal department, used for portfolios of its supervising leaders.
DEPARTMENT_SUBJECT = {
    "police": "public_security",
    "housing": "housing",
    "land": "land",
    "environment": "environment",
    "education": "education",
    "health": "health",
    "civil": "civil_affairs",
    "transport": "transport",
    "agriculture": "agriculture",
    "market": "market",
    "finance": "finance",
    "urban": "urban_management",
    "hrss": "labour",
    "org": "organization",
    "discipline": "discipline",
    "petition": "petition",
}

# The 38 districts and counties of Chongqing (GB/T 2260), with three real townships or streets
# each: (name, "street" | "town").
DISTRICTS: tuple[tuple[str, str, tuple[tuple[str, str], ...]], ...] = (
    (
        "500101",
        "万州区",
        (("高笋塘街道", "street"), ("太白街道", "street"), ("牌楼街道", "street")),
    ),
    ("500102", "涪陵区", (("敦仁街道", "street"), ("崇义街道", "street"), ("荔枝街道", "street"))),
    (
        "500103",
        "渝中区",
        (("解放碑街道", "street"), ("朝天门街道", "street"), ("七星岗街道", "street")),
    ),
    (
        "500104",
        "大渡口区",
        (("新山村街道", "street"), ("跃进村街道", "street"), ("九宫庙街道", "street")),
    ),
    (
        "500105",
        "江北区",
        (("观音桥街道", "street"), ("华新街街道", "street"), ("五里店街道", "street")),
    ),
    (
        "500106",
        "沙坪坝区",
        (("小龙坎街道", "street"), ("沙坪坝街道", "street"), ("磁器口街道", "street")),
    ),
    (
        "500107",
        "九龙坡区",
        (("杨家坪街道", "street"), ("黄桷坪街道", "street"), ("谢家湾街道", "street")),
    ),
    (
        "500108",
        "南岸区",
        (("南坪街道", "street"), ("铜元局街道", "street"), ("弹子石街道", "street")),
    ),
    (
        "500109",
        "北碚区",
        (("天生街道", "street"), ("朝阳街道", "street"), ("北温泉街道", "street")),
    ),
    ("500110", "綦江区", (("古南街道", "street"), ("文龙街道", "street"), ("三江街道", "street"))),
    ("500111", "大足区", (("龙岗街道", "street"), ("棠香街道", "street"), ("智凤街道", "street"))),
    (
        "500112",
        "渝北区",
        (("双龙湖街道", "street"), ("回兴街道", "street"), ("龙溪街道", "street")),
    ),
    (
        "500113",
        "巴南区",
        (("鱼洞街道", "street"), ("李家沱街道", "street"), ("龙洲湾街道", "street")),
    ),
    ("500114", "黔江区", (("城东街道", "street"), ("城南街道", "street"), ("城西街道", "street"))),
    ("500115", "长寿区", (("凤城街道", "street"), ("晏家街道", "street"), ("江南街道", "street"))),
    ("500116", "江津区", (("几江街道", "street"), ("德感街道", "street"), ("鼎山街道", "street"))),
    (
        "500117",
        "合川区",
        (("合阳城街道", "street"), ("钓鱼城街道", "street"), ("南津街街道", "street")),
    ),
    (
        "500118",
        "永川区",
        (("中山路街道", "street"), ("胜利路街道", "street"), ("南大街街道", "street")),
    ),
    ("500119", "南川区", (("东城街道", "street"), ("南城街道", "street"), ("西城街道", "street"))),
    ("500120", "璧山区", (("璧城街道", "street"), ("璧泉街道", "street"), ("青杠街道", "street"))),
    ("500151", "铜梁区", (("巴川街道", "street"), ("东城街道", "street"), ("南城街道", "street"))),
    ("500152", "潼南区", (("梓潼街道", "street"), ("桂林街道", "street"), ("双江镇", "town"))),
    ("500153", "荣昌区", (("昌元街道", "street"), ("昌州街道", "street"), ("广顺街道", "street"))),
    ("500154", "开州区", (("汉丰街道", "street"), ("文峰街道", "street"), ("云枫街道", "street"))),
    ("500155", "梁平区", (("梁山街道", "street"), ("双桂街道", "street"), ("屏锦镇", "town"))),
    ("500156", "武隆区", (("凤山街道", "street"), ("芙蓉街道", "street"), ("白马镇", "town"))),
    ("500229", "城口县", (("葛城街道", "street"), ("复兴街道", "street"), ("修齐镇", "town"))),
    ("500230", "丰都县", (("三合街道", "street"), ("名山街道", "street"), ("虎威镇", "town"))),
    ("500231", "垫江县", (("桂溪街道", "street"), ("桂阳街道", "street"), ("澄溪镇", "town"))),
    ("500233", "忠县", (("忠州街道", "street"), ("白公街道", "street"), ("石宝镇", "town"))),
    ("500235", "云阳县", (("双江街道", "street"), ("青龙街道", "street"), ("南溪镇", "town"))),
    ("500236", "奉节县", (("永安街道", "street"), ("鱼复街道", "street"), ("白帝镇", "town"))),
    ("500237", "巫山县", (("高唐街道", "street"), ("龙门街道", "street"), ("大昌镇", "town"))),
    ("500238", "巫溪县", (("柏杨街道", "street"), ("赵家街道", "street"), ("宁厂镇", "town"))),
    (
        "500240",
        "石柱土家族自治县",
        (("南宾街道", "street"), ("万安街道", "street"), ("西沱镇", "town")),
    ),
    (
        "500241",
        "秀山土家族苗族自治县",
        (("中和街道", "street"), ("乌杨街道", "street"), ("洪安镇", "town")),
    ),
    (
        "500242",
        "酉阳土家族苗族自治县",
        (("桃花源街道", "street"), ("钟多街道", "street"), ("龙潭镇", "town")),
    ),
    (
        "500243",
        "彭水苗族土家族自治县",
        (("汉葭街道", "street"), ("绍庆街道", "street"), ("郁山镇", "town")),
    ),
)


class DistrictOrganSpec(NamedTuple):
    key: str
    name: str  # template: {p} is the formal prefix (重庆市渝中区 / 城口县), {d} the bare name
    short_name: str
    kind: str
    roles: tuple[str, ...]
    parent: str  # "m:<key>" a municipal organ, "d:<key>" one of the district's own
    vertical_system: str = ""
    managing_authority: str = "d:party"


# Each district's or county's organs. The party committee, government, congress and CPPCC are
# managed by the municipal party committee, the rest by the district party committee.
DISTRICT_ORGANS: tuple[DistrictOrganSpec, ...] = (
    DistrictOrganSpec(
        "party",
        "中共{p}委员会",
        "{d}委",
        "party",
        ("party_committee",),
        "m:party",
        managing_authority="m:party",
    ),
    DistrictOrganSpec(
        "congress",
        "{p}人民代表大会常务委员会",
        "{d}人大常委会",
        "peoples_congress",
        ("peoples_congress",),
        "m:congress",
        managing_authority="m:party",
    ),
    DistrictOrganSpec(
        "gov",
        "{p}人民政府",
        "{d}政府",
        "administrative",
        ("government",),
        "m:gov",
        managing_authority="m:party",
    ),
    DistrictOrganSpec(
        "cppcc",
        "中国人民政治协商会议{p}委员会",
        "{d}政协",
        "cppcc",
        ("cppcc",),
        "m:cppcc",
        managing_authority="m:party",
    ),
    DistrictOrganSpec("court", "{p}人民法院", "{d}法院", "judicial", ("court",), "m:court"),
    DistrictOrganSpec(
        "procuratorate",
        "{p}人民检察院",
        "{d}检察院",
        "procuratorial",
        ("procuratorate",),
        "m:procuratorate",
    ),
    DistrictOrganSpec(
        "org", "中共{p}委组织部", "{d}委组织部", "party", ("organization",), "d:party"
    ),
    DistrictOrganSpec(
        "discipline",
        "中共{p}纪律检查委员会、{p}监察委员会",
        "{d}纪委监委",
        "party",
        ("discipline",),
        "d:party",
    ),
    DistrictOrganSpec(
        "petition", "{p}信访办公室", "{d}信访办", "administrative", ("petition_office",), "d:gov"
    ),
    DistrictOrganSpec(
        "hrss",
        "{p}人力资源和社会保障局",
        "{d}人力社保局",
        "administrative",
        ("department", "personnel"),
        "d:gov",
    ),
    DistrictOrganSpec(
        "police",
        "{police}",
        "{d}公安{bureau}",
        "administrative",
        ("department", "politics_law"),
        "d:gov",
        vertical_system="公安",
    ),
    DistrictOrganSpec(
        "housing",
        "{p}住房和城乡建设委员会",
        "{d}住房城乡建委",
        "administrative",
        ("department",),
        "d:gov",
    ),
    DistrictOrganSpec(
        "land",
        "{p}规划和自然资源局",
        "{d}规划自然资源局",
        "administrative",
        ("department",),
        "d:gov",
    ),
    DistrictOrganSpec(
        "environment",
        "{p}生态环境局",
        "{d}生态环境局",
        "administrative",
        ("department",),
        "d:gov",
        vertical_system="生态环境",
    ),
    DistrictOrganSpec(
        "education", "{p}教育委员会", "{d}教委", "administrative", ("department",), "d:gov"
    ),
    DistrictOrganSpec(
        "health", "{p}卫生健康委员会", "{d}卫生健康委", "administrative", ("department",), "d:gov"
    ),
    DistrictOrganSpec(
        "civil", "{p}民政局", "{d}民政局", "administrative", ("department",), "d:gov"
    ),
)

# Districts whose every organ is staffed in the demo (the others get their party secretary,
# head of government and petition office director).
STAFFED_DISTRICTS = ("500103", "500105", "500106", "500101", "500229")
STAFFED_IN_EVERY_DISTRICT = ("party", "gov", "petition")


class DemoLogin(NamedTuple):
    username: str
    person: str | None  # person code, see ``demo.person_code``
    description: Promise | str  # Chinese source, translated on output
    organ: str | None  # organ code


DEMO_LOGINS: tuple[DemoLogin, ...] = (
    DemoLogin("admin", None, _("系统管理员（超级用户）"), None),
    DemoLogin(
        "city_petition_clerk", "500000-petition:staff1", _("市信访办工作人员"), "500000-petition"
    ),
    DemoLogin(
        "city_petition_head",
        "500000-petition:principal",
        _("市信访办主要负责人"),
        "500000-petition",
    ),
    DemoLogin(
        "district_petition_clerk",
        "500103-petition:staff1",
        _("渝中区信访办工作人员"),
        "500103-petition",
    ),
    DemoLogin(
        "dept_staff",
        "500103-housing:staff1",
        _("区县工作部门工作人员（渝中区住房城乡建委）"),
        "500103-housing",
    ),
    DemoLogin(
        "dept_head",
        "500103-housing:principal",
        _("区县工作部门主要负责人（渝中区住房城乡建委）"),
        "500103-housing",
    ),
    DemoLogin(
        "district_secretary",
        "500103-party:principal",
        _("区委书记（渝中区委主要负责人）"),
        "500103-party",
    ),
    DemoLogin("org_dept", "500000-org:staff1", _("市委组织部工作人员"), "500000-org"),
    DemoLogin(
        "personnel", "500000-hrss:staff1", _("市人力社保局工作人员（人事部门）"), "500000-hrss"
    ),
    DemoLogin(
        "district_org_dept",
        "500103-org:staff1",
        _("区县组织部门工作人员（渝中区委组织部）"),
        "500103-org",
    ),
    DemoLogin(
        "district_personnel",
        "500103-hrss:staff1",
        _("区县人事部门工作人员（渝中区人力社保局）"),
        "500103-hrss",
    ),
    DemoLogin(
        "discipline", "500000-discipline:staff1", _("市纪委监委工作人员"), "500000-discipline"
    ),
    DemoLogin("inspector", "500000-office:staff1", _("市委办公厅督查室工作人员"), "500000-office"),
)

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程"
GIVEN = "建国志明海燕红军晓东丽华伟平文静春梅永强秀英德胜玉兰家豪思远雨欣俊杰婷婷浩然子涵佳怡"
