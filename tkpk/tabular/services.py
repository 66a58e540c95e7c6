"""Writes every uploaded table shares: storing the file with its size limit and digest,
recording the batch and queueing its validation, the states around a validation, and
queueing the all-or-nothing commit as a background job."""

from __future__ import annotations

import hashlib
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import IO, Any, TypeVar

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tkpk.access import user_can_see_region
from tkpk.jobs import JobError
from tkpk.models import Job, Region, User
from tkpk.services.audit import audit_record
from tkpk.services.jobs import job_create
from tkpk.tabular.models import UploadedBatch
from tkpk.tabular.problems import BatchFileError
from tkpk.tabular.spec import TableImport
from tkpk.uploads import upload_display_name, upload_suffix

logger = logging.getLogger(__name__)

B = TypeVar("B", bound=UploadedBatch)
# Read and hashed a megabyte at a time: a 500 MB upload never sits in memory.
UPLOAD_BLOCK_BYTES = 1 << 20


@dataclass(frozen=True)
class StoredUpload:
    table: TableImport
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
        table=table,
        path=path,
        sha256=digest.hexdigest(),
        original_name=upload_display_name(filename, default=table.default_name),
    )


def uploaded_batch_create(
    *,
    model: type[B],
    upload: StoredUpload,
    user: User,
    region: Region,
    queue: bool = True,
    **fields: Any,
) -> B:
    """Record the stored upload as a batch and queue its validation (command-line callers
    that validate in their own process pass ``queue=False``)."""
    with transaction.atomic():
        batch = model._default_manager.create(
            region=region,
            uploaded_by=user,
            file_path=str(upload.path.relative_to(settings.PRIVATE_MEDIA_ROOT)),
            original_name=upload.original_name,
            sha256=upload.sha256,
            **fields,
        )
        if queue:
            batch.job = job_create(
                kind=upload.table.validate_job,
                user=user,
                region=region,
                parameters={"batch_id": batch.pk},
            )
            batch.save(update_fields=["job"])
    return batch


def uploaded_batch_path(*, batch: UploadedBatch) -> Path:
    return Path(settings.PRIVATE_MEDIA_ROOT / batch.file_path)


def uploaded_batch_validate(
    *, batch: UploadedBatch, validate: Callable[[], int], **reset: Any
) -> None:
    """Run ``validate`` (which stages and checks the rows, marks the batch validated with
    its counts and returns how many rows it read) on a batch marked validating, its earlier
    file problems (and ``reset``) cleared. A file that cannot be read marks the batch
    unreadable with the reasons; any other failure marks it failed and is raised."""
    started = time.monotonic()
    rows = type(batch)._default_manager.filter(pk=batch.pk)
    rows.update(state=UploadedBatch.State.VALIDATING, file_errors=[], **reset)
    try:
        staged = validate()
    except BatchFileError as exc:
        rows.update(state=UploadedBatch.State.UNREADABLE, file_errors=exc.problems)
        return
    except Exception:
        rows.update(state=UploadedBatch.State.FAILED)
        raise
    logger.info(
        "batch validated",
        extra={
            "batch": batch._meta.label,
            "batch_id": batch.pk,
            "rows": staged,
            "seconds": round(time.monotonic() - started, 1),
        },
    )


def uploaded_batch_commit_check(
    *, table: TableImport, batch: UploadedBatch, user: User, error: type[JobError]
) -> None:
    """Someone who may commit in the batch's region (else PermissionDenied), and a validated
    batch (else ``error``, which the person reads)."""
    if not user_can_see_region(user, batch.region_id, permission=table.commit_permission):
        raise PermissionDenied
    if batch.state != UploadedBatch.State.VALIDATED:
        raise error(_(table.not_ready) % batch.get_state_display())


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


def uploaded_batch_committed(
    *,
    table: TableImport,
    batch: UploadedBatch,
    user: User,
    now: datetime,
    ip: str | None,
    detail: dict[str, Any],
) -> None:
    """Inside the commit's transaction: the batch marked committed and the commit audited,
    so neither stands without the other and the rows they describe."""
    type(batch)._default_manager.filter(pk=batch.pk).update(
        state=UploadedBatch.State.COMMITTED, committed_by=user, committed_at=now
    )
    audit_record(
        actor=user,
        action=table.commit_audit,
        target=batch,
        region_code=batch.region_id,
        ip=ip,
        detail=detail,
    )
