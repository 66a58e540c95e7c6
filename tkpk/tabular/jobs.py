"""An import's two background jobs, validate and commit, wired once for every import: the
import names its batch model and its two steps, and ``uploaded_batch_jobs_register`` files
them under the job kinds its ``TableImport`` declares."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.functional import Promise
from django.utils.translation import gettext as _

from tkpk.jobs import JobError, Subject, register_job_kind
from tkpk.models import Job
from tkpk.services.jobs import Progress
from tkpk.tabular.models import UploadedBatch
from tkpk.tabular.spec import TableImport


@dataclass(frozen=True)
class ImportSteps:
    model: type[UploadedBatch]
    # ``validate(batch=, progress=)`` stages the rows, checks them with set-based SQL and
    # marks the batch validated with its counts (``tabular.services.uploaded_batch_validate``).
    validate: Callable[..., None]
    # ``commit(batch_id=, user=, ip=)`` applies a validated batch in one transaction or
    # changes nothing; a ValidationError or JobError it raises is what the user reads.
    commit: Callable[..., Any]
    validate_label: str | Promise
    commit_label: str | Promise
    subject: Subject | None = None


def uploaded_batch_jobs_register(*, table: TableImport, steps: ImportSteps) -> None:
    def validate_run(*, job: Job, progress: Progress) -> str:
        batch = steps.model._default_manager.get(pk=job.parameters["batch_id"])
        steps.validate(batch=batch, progress=progress)
        return ""

    def commit_run(*, job: Job, progress: Progress) -> str:
        progress(0, 1, _("Mengesahkan…"))
        try:
            steps.commit(
                batch_id=job.parameters["batch_id"],
                user=job.created_by,
                ip=job.parameters.get("ip"),
            )
        except ValidationError as exc:
            # The job's error is what the user reads: the refusal itself, not a traceback.
            raise JobError(" ".join(exc.messages)) from exc
        progress(1, 1)
        return ""

    register_job_kind(
        table.validate_job, handler=validate_run, label=steps.validate_label, subject=steps.subject
    )
    register_job_kind(
        table.commit_job, handler=commit_run, label=steps.commit_label, subject=steps.subject
    )
