"""Writes every uploaded table shares: storing the file with its size limit and digest,
recording the batch and queueing its validation, the states around a validation, and
queueing the all-or-nothing commit as a background job."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any, TypeVar

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tkpk.models import Job, Region, User
from tkpk.services.jobs import job_create
from tkpk.tabular.models import UploadedBatch
from tkpk.tabular.problems import BatchFileError
from tkpk.tabular.spec import TableImport
from tkpk.uploads import upload_display_name, upload_suffix

B = TypeVar("B", bound=UploadedBatch)
T = TypeVar("T")
# Read and hashed a megabyte at a time: a 500 MB upload never sits in memory.
UPLOAD_BLOCK_BYTES = 1 << 20


@dataclass(frozen=True)
class StoredUpload:
    path: Path
    sha256: str
    original_name: str


def upload_store(*, table: TableImport, upload: IO[bytes], filename: str) -> StoredUpload:
    """The upload written under the import's folder with its digest, or a ValidationError
    (and nothing kept) once it passes the import's size limit."""
    target_dir = settings.PRIVATE_MEDIA_ROOT / table.folder
    target_dir.mkdir(parents=True, exist_ok=True)
    stamp = timezone.now().strftime("%Y%m%d%H%M%S%f")
    path = target_dir / f"{stamp}{upload_suffix(filename, default='.csv')}"
    digest = hashlib.sha256()
    size = 0
    with path.open("wb") as out:
        for block in iter(lambda: upload.read(UPLOAD_BLOCK_BYTES), b""):
            size += len(block)
            if size > table.max_bytes:
                out.close()
                path.unlink(missing_ok=True)
                raise ValidationError(_(table.too_large) % {"mb": table.max_bytes // (1024 * 1024)})
            digest.update(block)
            out.write(block)
    return StoredUpload(
        path=path,
        sha256=digest.hexdigest(),
        original_name=upload_display_name(filename, default=table.default_name),
    )


def uploaded_batch_create(
    *,
    table: TableImport,
    model: type[B],
    user: User,
    region: Region,
    upload: IO[bytes],
    filename: str,
    queue_validation: bool = True,
    **fields: Any,
) -> B:
    """Store the file, record the batch and queue its validation (command-line callers that
    validate in their own process pass ``queue_validation=False``)."""
    stored = upload_store(table=table, upload=upload, filename=filename)
    with transaction.atomic():
        batch = model._default_manager.create(
            region=region,
            uploaded_by=user,
            file_path=str(stored.path.relative_to(settings.PRIVATE_MEDIA_ROOT)),
            original_name=stored.original_name,
            sha256=stored.sha256,
            **fields,
        )
        if queue_validation:
            batch.job = job_create(
                kind=table.validate_job,
                user=user,
                region=region,
                parameters={"batch_id": batch.pk},
            )
            batch.save(update_fields=["job"])
    return batch


def uploaded_batch_path(*, batch: UploadedBatch) -> Path:
    return Path(settings.PRIVATE_MEDIA_ROOT / batch.file_path)


def uploaded_batch_validate(
    *, batch: UploadedBatch, validate: Callable[[], T], **reset: Any
) -> T | None:
    """What ``validate`` (which marks the batch validated with its counts) returns, run on a
    batch marked validating, its earlier file problems (and ``reset``) cleared. A file that
    cannot be read marks the batch unreadable with the reasons: None. Any other failure is raised
    (``uploaded_batch_validate_run`` marks the batch failed)."""
    rows = type(batch)._default_manager.filter(pk=batch.pk)
    rows.update(state=UploadedBatch.State.VALIDATING, file_errors=[], **reset)
    try:
        return validate()
    except BatchFileError as exc:
        rows.update(state=UploadedBatch.State.UNREADABLE, file_errors=exc.problems)
        return None


def uploaded_batch_validate_run(*, model: type[B], job: Job, validate: Callable[[B], None]) -> str:
    """Job handler body: validate the job's batch; a failure marks the batch failed."""
    batch = model._default_manager.get(pk=job.parameters["batch_id"])
    try:
        validate(batch)
    except Exception:
        model._default_manager.filter(pk=batch.pk).update(state=UploadedBatch.State.FAILED)
        raise
    return ""


def uploaded_batch_commit_queue(
    *, table: TableImport, batch: UploadedBatch, user: User, ip: str | None
) -> Job:
    """The commit as a background job, named on the batch so its page can follow it."""
    with transaction.atomic():
        job = job_create(
            kind=table.commit_job,
            user=user,
            region=batch.region,
            parameters={"batch_id": batch.pk, "ip": ip},
        )
        type(batch)._default_manager.filter(pk=batch.pk).update(job=job)
    return job
