"""The registry's background jobs, registered with the core's job runner (discovered by
``TkpkConfig.ready()``). The kind names are stored on ``Job.kind``: never rename them."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from households.exports import registry_export_run
from households.imports import REGISTRY_BATCH
from households.models import VerificationBatch
from households.selectors import batch_job_subject, registry_job_subject
from households.services import batch_commit_or_revalidate, batch_validate
from tkpk.jobs import register_job_kind
from tkpk.tabular.jobs import ImportSteps, uploaded_batch_jobs_register

register_job_kind(
    "registry_export",
    handler=registry_export_run,
    label=_("Ekspor registri"),
    subject=registry_job_subject,
)
uploaded_batch_jobs_register(
    table=REGISTRY_BATCH,
    steps=ImportSteps(
        model=VerificationBatch,
        validate=batch_validate,
        commit=batch_commit_or_revalidate,
        validate_label=_("Validasi batch verifikasi"),
        commit_label=_("Pengesahan batch verifikasi"),
        subject=batch_job_subject,
    ),
)
