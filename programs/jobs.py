"""The programs app's background jobs, registered with the core's job runner (discovered by
``TkpkConfig.ready()``). The kind names are stored on ``Job.kind``: never rename them."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from programs.models import RecipientBatch
from programs.recipients.batches import recipient_batch_commit, recipient_batch_validate
from programs.recipients.imports import RECIPIENT_LIST
from programs.recipients.selectors import recipient_batch_job_subject
from programs.targeting.exports import targeting_export_run
from programs.targeting.selectors import run_job_subject
from programs.targeting.services import targeting_run_job
from tkpk.jobs import register_job_kind
from tkpk.tabular.jobs import ImportSteps, uploaded_batch_jobs_register

uploaded_batch_jobs_register(
    table=RECIPIENT_LIST,
    steps=ImportSteps(
        model=RecipientBatch,
        validate=recipient_batch_validate,
        commit=recipient_batch_commit,
        validate_label=_("Validasi daftar penerima"),
        commit_label=_("Pengesahan daftar penerima"),
        subject=recipient_batch_job_subject,
    ),
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
