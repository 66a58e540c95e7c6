from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "reports"
    verbose_name = _("Laporan LP2KD")

    def ready(self) -> None:
        # The monitoring module's tables take the places kept for them in the LP2KD.
        from reports.lp2kd.monitoring_tables import monitoring_tables_register
        from reports.lp2kd.rollup import rollup_tables_register

        monitoring_tables_register()
        # The province's tables of its regencies' submitted figures.
        rollup_tables_register()
