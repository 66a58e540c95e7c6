"""Reading background jobs: a user sees the jobs they started, inside their scope."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import Http404

from tkpk.access import region_scope_q
from tkpk.jobs import JOB_KINDS, JobSubject
from tkpk.models import Job


def job_list(*, user: Any) -> QuerySet[Job]:
    return Job.objects.filter(region_scope_q(user, field="region__code"), created_by=user)


def job_get_for_user(*, user: Any, job_id: int) -> Job:
    try:
        return job_list(user=user).get(pk=job_id)
    except Job.DoesNotExist as exc:
        raise Http404 from exc


def job_subject(*, user: Any, job: Job) -> JobSubject | None:
    """What the job works on (a batch, a run, a list) as the user may open it, or None."""
    kind = JOB_KINDS.get(job.kind)
    if kind is None or kind.subject is None:
        return None
    return kind.subject(user=user, job=job)
