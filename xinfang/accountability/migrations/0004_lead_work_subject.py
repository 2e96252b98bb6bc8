"""A lead records the portfolio that covers the work that failed, and whether the registry
could tell its 直接主管的负责人 (细则第十一条第二款). Leads detected before keep both blank: they
named the leader holding the petition portfolio."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("accountability", "0003_case_responsibility_both"),
    ]

    operations = [
        migrations.AddField(
            model_name="lead",
            name="supervising_leader_unclear",
            field=models.BooleanField(
                db_default=False, default=False, verbose_name="登记信息无法确定直接主管的负责人"
            ),
        ),
        migrations.AddField(
            model_name="lead",
            name="work_subject",
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
                max_length=32,
                verbose_name="出问题工作的分管领域",
            ),
        ),
    ]
