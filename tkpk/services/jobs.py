"""Creating, running and watching background jobs."""

from __future__ import annotations

import logging
import threading
import time
import traceback
from collections.abc import Callable
from datetime import datetime
from typing import Any

from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import connections, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from tkpk.jobs import JOB_KINDS, JobError, job_enqueue, unexpected_failure_message
from tkpk.models import AuditAction, Job, Region, User
from tkpk.selectors.regions import user_home_region
from tkpk.services.audit import audit_record

logger = logging.getLogger(__name__)

Progress = Callable[..., None]


def job_create(
    *, kind: str, user: User, region: Region, parameters: dict[str, Any] | None = None
) -> Job:
    """Record the job and queue it once the surrounding transaction commits."""
    if kind not in JOB_KINDS:
        raise ValueError(f"unknown job kind {kind!r}")
    job = Job.objects.create(kind=kind, created_by=user, region=region, parameters=parameters or {})
    transaction.on_commit(lambda: _dispatch(job.pk))
    return job


def job_create_for_user(
    *,
    kind: str,
    user: User,
    permission: str,
    parameters: dict[str, Any] | None = None,
    region: Region | None = None,
) -> Job:
    """Start a job on the user's behalf, filed under ``region`` when the job belongs to one
    (a targeting run's export), otherwise under the user's first region where they hold
    ``permission`` (404 when they hold it nowhere)."""
    if region is None:
        region = user_home_region(user=user, permission=permission)
    return job_create(kind=kind, user=user, region=region, parameters=parameters)


def _dispatch(job_id: int) -> None:
    if settings.CELERY_TASK_ALWAYS_EAGER and settings.TKPK_JOBS_IN_THREAD:
        threading.Thread(
            target=_run_in_thread, args=(job_id,), daemon=True, name=f"job-{job_id}"
        ).start()
    else:
        job_enqueue(job_id)


def _run_in_thread(job_id: int) -> None:
    """The embedded default's worker: one thread per job inside the web process."""
    try:
        job_run(job_id=job_id)
    finally:
        connections.close_all()


def job_progress(*, job_id: int, done: int, total: int | None = None, message: str = "") -> None:
    """Report progress; it doubles as the heartbeat that tells a live job from an orphan."""
    fields: dict[str, Any] = {"done": done, "heartbeat_at": timezone.now()}
    if total is not None:
        fields["total"] = total
    if message:
        fields["message"] = message[:300]
    Job.objects.filter(pk=job_id, state=Job.State.RUNNING).update(**fields)


def job_run(*, job_id: int) -> None:
    """Run a queued job's handler and record how it ended. Rerunning a finished job is a no-op."""
    now = timezone.now()
    claimed = Job.objects.filter(pk=job_id, state=Job.State.QUEUED).update(
        state=Job.State.RUNNING, started_at=now, heartbeat_at=now
    )
    if not claimed:
        logger.info("job not queued, skipped", extra={"job_id": job_id})
        return
    job = Job.objects.select_related("created_by", "region").get(pk=job_id)
    handler = JOB_KINDS[job.kind].handler

    def progress(done: int, total: int | None = None, message: str = "") -> None:
        job_progress(job_id=job_id, done=done, total=total, message=message)

    try:
        result_file = handler(job=job, progress=progress) or ""
    except SoftTimeLimitExceeded:
        logger.warning("job over its time limit", extra={"job_id": job_id, "kind": job.kind})
        job_fail(job_id=job_id, reason=time_limit_message())
        return
    except (JobError, ValidationError) as exc:
        # Written for the user (a stale batch, a quota): their message is the job's error.
        logger.info("job refused", extra={"job_id": job_id, "kind": job.kind})
        messages = exc.messages if isinstance(exc, ValidationError) else [str(exc)]
        job_fail(job_id=job_id, reason=" ".join(messages))
        return
    except Exception:
        # A bug or an outage: the person sees a reference, the team the traceback.
        logger.exception("job failed", extra={"job_id": job_id, "kind": job.kind})
        job_fail(
            job_id=job_id,
            reason=unexpected_failure_message(job_id),
            detail=traceback.format_exc(),
        )
        return
    Job.objects.filter(pk=job_id).update(
        state=Job.State.SUCCEEDED,
        done=F("total"),
        result_file=result_file,
        finished_at=timezone.now(),
        message="",
    )


def time_limit_message() -> str:
    return _("Melewati batas waktu pekerjaan latar.")


def job_fail(*, job_id: int, reason: str, detail: str = "") -> bool:
    """Mark a queued or running job failed. ``reason`` is shown to the user; ``detail`` (an
    exception and its traceback) only in the admin site."""
    updated = Job.objects.filter(pk=job_id, state__in=[Job.State.QUEUED, Job.State.RUNNING]).update(
        state=Job.State.FAILED, error=reason, error_detail=detail, finished_at=timezone.now()
    )
    if updated:
        job = Job.objects.select_related("created_by").get(pk=job_id)
        audit_record(
            actor=None,
            username="system",
            action=AuditAction.JOB_FAILED,
            target=job,
            region_code=job.region_id,
            detail={"reason": reason},
        )
    return bool(updated)


def jobs_fail_stale(*, now: datetime | None = None) -> int:
    """Mark running jobs whose worker stopped reporting as failed, with the reason."""
    cutoff = (now or timezone.now()) - settings.JOB_STALE_AFTER
    stale_ids = list(
        Job.objects.filter(state=Job.State.RUNNING, heartbeat_at__lt=cutoff).values_list(
            "pk", flat=True
        )
    )
    minutes = int(settings.JOB_STALE_AFTER.total_seconds() // 60) or 1
    reason = _(
        "Pekerja latar berhenti tanpa kabar (tidak ada kemajuan selama %(minutes)s menit). "
        "Jalankan ulang pekerjaan ini."
    ) % {"minutes": minutes}
    return sum(job_fail(job_id=pk, reason=reason) for pk in stale_ids)


def worker_check_run(*, job: Job, progress: Progress) -> str:
    """A harmless job that proves a worker picks up work and reports progress."""
    steps = min(int(job.parameters.get("steps", 5)), 100)
    pause = min(float(job.parameters.get("seconds_per_step", 0.2)), 10.0)
    progress(0, steps, _("Memeriksa pekerja latar…"))
    for step in range(1, steps + 1):
        time.sleep(pause)
        progress(step, steps, _("Langkah %(step)s dari %(steps)s") % {"step": step, "steps": steps})
    return ""
