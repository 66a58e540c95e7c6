from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TkpkConfig(AppConfig):
    name = "tkpk"
    verbose_name = _("Inti TKPK")

    def ready(self) -> None:
        from tkpk import receivers  # noqa: F401
