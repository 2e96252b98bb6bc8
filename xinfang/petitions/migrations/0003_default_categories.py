"""Seed the default taxonomy of petition subjects (信访内容分类), two levels deep.

Reference data, like the working calendar (``legal.0002_seed_calendar_2004_2026``): every
installation starts with the subjects petition offices classify matters by, so the
registration form's category list is never empty. The subjects follow the classification
petition offices use in their information systems (城乡建设, 劳动和社会保障, 自然资源, ...);
administrators then edit the tree through the audited services (``category_create`` /
``category_update``), which is why this seed writes no audit entries of its own.

Codes are stable (lowercase, ``<top>`` and ``<top>-<sub>``): routing, handling lists and
statistics key on them, so a later migration may rename a category but never re-code it.
Idempotent (``update_or_create`` by code; a category an administrator retired stays retired);
the reverse is a no-op, since matters may already point at these rows.
"""

from django.db import migrations

# (code, name, ((sub code, sub name), ...))
TAXONOMY = (
    (
        "housing",
        "城乡建设",
        (
            ("expropriation", "房屋征收与补偿"),
            ("property", "物业管理"),
            ("security", "住房保障"),
            ("quality", "工程质量"),
            ("presale", "商品房买卖与交付"),
        ),
    ),
    (
        "labour",
        "劳动和社会保障",
        (
            ("wages", "拖欠工资"),
            ("insurance", "社会保险"),
            ("relations", "劳动关系"),
        ),
    ),
    (
        "land",
        "自然资源",
        (
            ("acquisition", "土地征收"),
            ("title", "确权登记"),
            ("minerals", "矿产资源"),
        ),
    ),
    (
        "agriculture",
        "农业农村",
        (
            ("contract", "土地承包"),
            ("village", "村务管理"),
            ("subsidy", "惠农补贴"),
        ),
    ),
    (
        "environment",
        "生态环境",
        (
            ("air", "大气污染"),
            ("water", "水污染"),
            ("noise", "噪声污染"),
            ("waste", "固体废物"),
        ),
    ),
    (
        "health",
        "卫生健康",
        (
            ("dispute", "医疗纠纷"),
            ("insurance", "医疗保障"),
        ),
    ),
    (
        "education",
        "教育",
        (
            ("enrolment", "入学"),
            ("school", "学校管理"),
            ("teachers", "教师待遇"),
        ),
    ),
    (
        "civil_affairs",
        "民政",
        (
            ("dibao", "最低生活保障"),
            ("elderly", "养老服务"),
            ("funeral", "殡葬管理"),
        ),
    ),
    (
        "urban",
        "城市管理",
        (
            ("appearance", "市容环境"),
            ("illegal_building", "违法建筑"),
        ),
    ),
    (
        "transport",
        "交通运输",
        (
            ("transit", "公共交通"),
            ("roads", "道路建设与养护"),
            ("taxi", "出租汽车与网约车"),
        ),
    ),
    (
        "public_security",
        "公安",
        (
            ("order", "治安管理"),
            ("hukou", "户籍管理"),
            ("traffic", "交通管理"),
        ),
    ),
    (
        "politics_law",
        "政法",
        (
            ("litigation", "涉诉"),
            ("enforcement", "执法监督"),
        ),
    ),
    (
        "market",
        "市场监管",
        (
            ("consumer", "消费维权"),
            ("food_drug", "食品药品安全"),
        ),
    ),
    (
        "discipline",
        "纪检监察",
        (("accusation", "检举控告"),),
    ),
    (
        "personnel",
        "组织人事",
        (
            ("cadres", "干部选拔任用"),
            ("treatment", "工资福利与退休待遇"),
        ),
    ),
    (
        "enterprise",
        "企业改制与国资",
        (
            ("restructuring", "企业改制职工安置"),
            ("state_assets", "国有资产管理"),
        ),
    ),
    (
        "veterans",
        "退役军人事务",
        (
            ("placement", "安置"),
            ("benefits", "优抚待遇"),
        ),
    ),
    ("other", "其他", ()),
)


def seed(apps, schema_editor):
    Category = apps.get_model("petitions", "Category")
    for code, name, children in TAXONOMY:
        parent, _ = Category.objects.update_or_create(
            code=code, defaults={"name": name, "parent": None}
        )
        for sub, sub_name in children:
            Category.objects.update_or_create(
                code=f"{code}-{sub}", defaults={"name": sub_name, "parent": parent}
            )


class Migration(migrations.Migration):
    dependencies = [("petitions", "0002_matters")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop, elidable=False)]
