"""Categories name the portfolio (分管) that covers their work; the seeded ones are mapped.

细则第十一条第二款 puts leadership responsibility on the 直接主管的负责人: the leader whose
portfolio covers the work that failed, not the one who holds the petition portfolio. A
category's ``portfolio_subject`` says which subject that is; a subcategory without one takes
its parent's. The main categories seeded by ``0003_default_categories`` are mapped below;
企业改制与国资, 退役军人事务 and 其他 have no subject the registry names, so a failure on such a
matter says the supervising leader is unclear until an administrator sets one. Only a blank
subject is filled (an administrator's choice stands); the reverse is a no-op.
"""

from django.db import migrations, models

SUBJECTS = {
    "housing": "housing",
    "labour": "labour",
    "land": "land",
    "agriculture": "agriculture",
    "environment": "environment",
    "health": "health",
    "education": "education",
    "civil_affairs": "civil_affairs",
    "urban": "urban_management",
    "transport": "transport",
    "public_security": "public_security",
    "politics_law": "justice",
    "market": "market",
    "discipline": "discipline",
    "personnel": "organization",
}


def map_subjects(apps, schema_editor):
    Category = apps.get_model("petitions", "Category")
    for category in Category.objects.filter(code__in=SUBJECTS, portfolio_subject=""):
        category.portfolio_subject = SUBJECTS[category.code]
        category.save(update_fields=["portfolio_subject"])


class Migration(migrations.Migration):
    dependencies = [("petitions", "0013_hearings")]

    operations = [
        migrations.AddField(
            model_name="category",
            name="portfolio_subject",
            field=models.CharField(
                blank=True,
                choices=[
                    ("petition", "信访"),
                    ("public_security", "公安"),
                    ("housing", "住房城乡建设"),
                    ("land", "规划自然资源"),
                    ("environment", "生态环境"),
                    ("education", "教育"),
                    ("health", "卫生健康"),
                    ("civil_affairs", "民政"),
                    ("transport", "交通运输"),
                    ("agriculture", "农业农村"),
                    ("market", "市场监管"),
                    ("finance", "财政"),
                    ("urban_management", "城市管理"),
                    ("labour", "人力资源社会保障"),
                    ("organization", "组织人事"),
                    ("discipline", "纪检监察"),
                    ("justice", "政法"),
                    ("general", "综合"),
                ],
                db_default="",
                default="",
                help_text=(
                    "分管该领域的领导班子成员是该类事项出问题时直接主管的负责人（细则第十一条第二款）；"
                    "留空则沿用上级分类的分管领域。"
                ),
                max_length=32,
                verbose_name="分管领域",
            ),
        ),
        migrations.RunPython(map_subjects, migrations.RunPython.noop, elidable=False),
    ]
