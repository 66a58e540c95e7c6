"""The programs app's background jobs, registered with the core's job runner (discovered by
``TkpkConfig.ready()``). The kind names are stored on ``Job.kind``: never rename them."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from programs.recipients.batches import recipient_batch_commit_run, recipient_batch_validate_run
from programs.recipients.selectors import recipient_batch_job_subject
from programs.targeting.exports import targeting_export_run
from programs.targeting.selectors import run_job_subject
from programs.targeting.services import targeting_run_job
from tkpk.jobs import register_job_kind

register_job_kind(
    "recipient_batch_validate",
    handler=recipient_batch_validate_run,
    label=_("Validasi daftar penerima"),
    subject=recipient_batch_job_subject,
)
register_job_kind(
    "recipient_batch_commit",
    handler=recipient_batch_commit_run,
    label=_("Pengesahan daftar penerima"),
    subject=recipient_batch_job_subject,
)
register_job_kind(
    "targeting_run",
    handler=targeting_run_job,
    label=_("Analisis penargetan"),
    subject=run_job_subject,
)
register_job_kind(
    "targeting_export",
    handler=targeting_export_run,
    label=_("Ekspor hasil penargetan"),
    subject=run_job_subject,
)
