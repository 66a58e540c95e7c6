"""Musrenbang's background jobs, registered with the core's job runner (discovered by
``TkpkConfig.ready()``). The kind names are stored on ``Job.kind``: never rename them."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from musrenbang.imports.attendance import ATTENDANCE_SHEET
from musrenbang.imports.proposals import PROPOSAL_SHEET
from musrenbang.models import AttendanceBatch, ProposalBatch
from musrenbang.selectors import musrenbang_batch_job_subject
from musrenbang.services.batches import (
    attendance_batch_commit,
    attendance_batch_validate,
    proposal_batch_commit,
    proposal_batch_validate,
)
from tkpk.tabular.jobs import ImportSteps, uploaded_batch_jobs_register

uploaded_batch_jobs_register(
    table=PROPOSAL_SHEET,
    steps=ImportSteps(
        model=ProposalBatch,
        validate=proposal_batch_validate,
        commit=proposal_batch_commit,
        validate_label=_("Validasi unggahan usulan Musrenbang"),
        commit_label=_("Pengesahan unggahan usulan Musrenbang"),
        subject=musrenbang_batch_job_subject,
    ),
)
uploaded_batch_jobs_register(
    table=ATTENDANCE_SHEET,
    steps=ImportSteps(
        model=AttendanceBatch,
        validate=attendance_batch_validate,
        commit=attendance_batch_commit,
        validate_label=_("Validasi unggahan daftar hadir"),
        commit_label=_("Pengesahan unggahan daftar hadir"),
        subject=musrenbang_batch_job_subject,
    ),
)
