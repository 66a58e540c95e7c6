"""Reading background jobs: a user sees the jobs they started, inside their scope."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import Http404

from tkpk.access import region_scope_q
from tkpk.models import Job


def job_list(*, user: Any) -> QuerySet[Job]:
    return Job.objects.filter(region_scope_q(user, field="region__code"), created_by=user)


def job_get_for_user(*, user: Any, job_id: int) -> Job:
    try:
        return job_list(user=user).get(pk=job_id)
    except Job.DoesNotExist as exc:
        raise Http404 from exc
