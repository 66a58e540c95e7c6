"""Thin Celery wrappers: they take ids and call services."""

from __future__ import annotations

from celery import shared_task
from celery.exceptions import SoftTimeLimitExceeded

from tkpk.jobs import job_queue_register
from tkpk.services import jobs


@shared_task(name="tkpk.tasks.job_run", soft_time_limit=55 * 60, time_limit=60 * 60)
def job_run(job_id: int) -> None:
    try:
        jobs.job_run(job_id=job_id)
    except SoftTimeLimitExceeded:
        # Raised outside the handler (while the job's outcome is being recorded).
        jobs.job_fail(job_id=job_id, reason=jobs.time_limit_message())


job_queue_register(job_run.delay)


@shared_task(name="tkpk.tasks.jobs_fail_stale", time_limit=120)
def jobs_fail_stale() -> int:
    return jobs.jobs_fail_stale()
