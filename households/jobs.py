"""The registry's background jobs, registered with the core's job runner (discovered by
``TkpkConfig.ready()``). The kind names are stored on ``Job.kind``: never rename them."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from households.exports import registry_export_run
from households.selectors import batch_job_subject, registry_job_subject
from households.services import batch_commit_run, batch_validate_run
from tkpk.jobs import register_job_kind

register_job_kind(
    "registry_export",
    handler=registry_export_run,
    label=_("Ekspor registri"),
    subject=registry_job_subject,
)
register_job_kind(
    "batch_commit",
    handler=batch_commit_run,
    label=_("Pengesahan batch verifikasi"),
    subject=batch_job_subject,
)
register_job_kind(
    "batch_validate",
    handler=batch_validate_run,
    label=_("Validasi batch verifikasi"),
    subject=batch_job_subject,
)
