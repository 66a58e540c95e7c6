"""The kinds of background job, each a service run by the one Celery task ``job_run``.

A handler is called as ``handler(job=job, progress=progress)`` and returns the path of a
result file (relative to ``PRIVATE_MEDIA_ROOT``) or an empty string.

A kind may name what its jobs work on: ``subject(user=, job=)`` returns a ``JobSubject``
(the batch, run or list, with the page to go back to) or None when the user may not open it.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class JobSubject:
    label: str
    url: str


@dataclass(frozen=True)
class JobKind:
    handler: str
    label: str | Promise
    subject: str = ""  # dotted path of ``(user=, job=) -> JobSubject | None``


JOB_KINDS: dict[str, JobKind] = {
    "registry_export": JobKind(
        "households.exports.registry_export_run",
        _("Ekspor registri"),
        "households.selectors.registry_job_subject",
    ),
    "batch_commit": JobKind(
        "households.services.batch_commit_run",
        _("Pengesahan batch verifikasi"),
        "households.selectors.batch_job_subject",
    ),
    "batch_validate": JobKind(
        "households.services.batch_validate_run",
        _("Validasi batch verifikasi"),
        "households.selectors.batch_job_subject",
    ),
    "audit_export": JobKind(
        "tkpk.services.audit_export.audit_export_run",
        _("Ekspor log audit"),
        "tkpk.selectors.audit.audit_job_subject",
    ),
    "recipient_batch_validate": JobKind(
        "programs.recipients.batches.recipient_batch_validate_run",
        _("Validasi daftar penerima"),
        "programs.recipients.selectors.recipient_batch_job_subject",
    ),
    "recipient_batch_commit": JobKind(
        "programs.recipients.batches.recipient_batch_commit_run",
        _("Pengesahan daftar penerima"),
        "programs.recipients.selectors.recipient_batch_job_subject",
    ),
    "targeting_run": JobKind(
        "programs.targeting.services.targeting_run_job",
        _("Analisis penargetan"),
        "programs.targeting.selectors.run_job_subject",
    ),
    "targeting_export": JobKind(
        "programs.targeting.exports.targeting_export_run",
        _("Ekspor hasil penargetan"),
        "programs.targeting.selectors.run_job_subject",
    ),
    "worker_check": JobKind("tkpk.services.jobs.worker_check_run", _("Uji pekerja latar")),
}


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
