"""Musrenbang's background jobs, registered with the core's job runner (discovered by
``TkpkConfig.ready()``). The kind names are stored on ``Job.kind``: never rename them."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from musrenbang.selectors import musrenbang_batch_job_subject
from musrenbang.services.batches import (
    attendance_batch_commit_run,
    attendance_batch_validate_run,
    proposal_batch_commit_run,
    proposal_batch_validate_run,
)
from tkpk.jobs import register_job_kind

register_job_kind(
    "musrenbang_proposal_batch_validate",
    handler=proposal_batch_validate_run,
    label=_("Validasi unggahan usulan Musrenbang"),
    subject=musrenbang_batch_job_subject,
)
register_job_kind(
    "musrenbang_proposal_batch_commit",
    handler=proposal_batch_commit_run,
    label=_("Pengesahan unggahan usulan Musrenbang"),
    subject=musrenbang_batch_job_subject,
)
register_job_kind(
    "musrenbang_attendance_batch_validate",
    handler=attendance_batch_validate_run,
    label=_("Validasi unggahan daftar hadir"),
    subject=musrenbang_batch_job_subject,
)
register_job_kind(
    "musrenbang_attendance_batch_commit",
    handler=attendance_batch_commit_run,
    label=_("Pengesahan unggahan daftar hadir"),
    subject=musrenbang_batch_job_subject,
)
