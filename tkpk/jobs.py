"""The kinds of background job, each a service run by the one Celery task ``job_run``.

A handler is called as ``handler(job=job, progress=progress)`` and returns the path of a
result file (relative to ``PRIVATE_MEDIA_ROOT``) or an empty string.

A kind may name what its jobs work on: ``subject(user=, job=)`` returns a ``JobSubject``
(the batch, run or list, with the page to go back to) or None when the user may not open it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.core.exceptions import ImproperlyConfigured
from django.utils.functional import Promise
from django.utils.translation import gettext


@dataclass(frozen=True)
class JobSubject:
    label: str
    url: str


Handler = Callable[..., str]
Subject = Callable[..., "JobSubject | None"]


@dataclass(frozen=True)
class JobKind:
    handler: Handler  # ``(job=, progress=) -> str``
    label: str | Promise
    subject: Subject | None = None  # ``(user=, job=) -> JobSubject | None``


# Filled when the apps are ready: the core's own kinds by ``TkpkConfig.ready()``, every
# other app's by its ``jobs`` module (``households.jobs``, ``programs.jobs``), which the core
# imports then. The key is stored on ``Job.kind``: a kind keeps its name once jobs exist.
JOB_KINDS: dict[str, JobKind] = {}


def register_job_kind(
    kind: str, *, handler: Handler, label: str | Promise, subject: Subject | None = None
) -> None:
    """Name a kind of background job; registering one name twice is a mistake."""
    found = JOB_KINDS.get(kind)
    if found is not None and found.handler is not handler:
        raise ImproperlyConfigured(f"job kind {kind!r} is already registered")
    JOB_KINDS[kind] = JobKind(handler=handler, label=label, subject=subject)


# How a created job reaches a worker: the Celery task ``tkpk.tasks.job_run`` registers its
# ``delay`` here when it is defined (``TkpkConfig.ready()`` imports it), so the job services
# queue jobs without importing the task that calls them.
JOB_QUEUE: list[Callable[[int], object]] = []


def job_queue_register(enqueue: Callable[[int], object]) -> None:
    JOB_QUEUE[:] = [enqueue]


def job_enqueue(job_id: int) -> None:
    if not JOB_QUEUE:
        raise ImproperlyConfigured("no job queue: tkpk.tasks is not loaded")
    JOB_QUEUE[0](job_id)


def job_kind_label(kind: str) -> str:
    found = JOB_KINDS.get(kind)
    return str(found.label) if found else kind


class JobError(Exception):
    """A failure the person who started the job can act on: its message, written for them,
    becomes the job's error. Any other exception is unexpected: the job page shows only
    ``unexpected_failure_message``."""


def unexpected_failure_message(job_id: int | None) -> str:
    return gettext(
        "Pekerjaan ini gagal karena kesalahan yang tidak terduga. Kesalahan sudah dicatat "
        "untuk tim teknis; sebutkan rujukan #%(id)s bila menghubungi mereka."
    ) % {"id": job_id}
