from django.apps import AppConfig


class DemoConfig(AppConfig):
    """Demo data and the commands that load it (no models)."""

    name = "xinfang.demo"
    label = "demo"
    verbose_name = "演示数据"
