from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "maillage.demo"
    verbose_name = "démonstration"

    def ready(self) -> None:
        from . import checks  # noqa: F401 (registers the system checks)
