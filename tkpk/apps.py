from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules
from django.utils.translation import gettext_lazy as _


class TkpkConfig(AppConfig):
    name = "tkpk"
    verbose_name = _("Inti TKPK")

    def ready(self) -> None:
        # Imported here, once the models are loaded (Django's idiom for ready()).
        from tkpk import receivers, tasks  # noqa: F401  (tasks: the job queue)
        from tkpk.jobs import register_job_kind
        from tkpk.selectors.audit import audit_job_subject
        from tkpk.services.audit_export import audit_export_run
        from tkpk.services.jobs import worker_check_run

        register_job_kind(
            "audit_export",
            handler=audit_export_run,
            label=_("Ekspor log audit"),
            subject=audit_job_subject,
        )
        register_job_kind("worker_check", handler=worker_check_run, label=_("Uji pekerja latar"))
        # Every other app registers its own kinds in its ``jobs`` module.
        autodiscover_modules("jobs")
