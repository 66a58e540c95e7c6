"""The reports app's background jobs, registered with the core's job runner (discovered by
``TkpkConfig.ready()``). The kind names are stored on ``Job.kind``: never rename them."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from reports.lp2kd.selectors import lp2kd_job_subject
from reports.lp2kd.services import lp2kd_generate_run
from reports.profiles.services import profiles_zip_run
from tkpk.jobs import register_job_kind

register_job_kind(
    "lp2kd_generate",
    handler=lp2kd_generate_run,
    label=_("Pembuatan dokumen LP2KD"),
    subject=lp2kd_job_subject,
)
register_job_kind(
    "village_profiles_zip",
    handler=profiles_zip_run,
    label=_("Profil kemiskinan desa (ZIP)"),
)
