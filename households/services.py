"""Writes to the registry: batch upload, validation, minutes, commit."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from typing import IO, Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, transaction
from django.db.models import Q
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from households import imports
from households.commit import batch_apply, batch_still_applies
from households.models import BatchRow, VerificationBatch
from households.normalise import normalise
from households.reconcile import batch_reconcile
from households.sql import HOUSEHOLD, PERSON
from households.staging import (
    StagedChunk,
    stage_create,
    stage_encode,
    stage_publish,
    stage_write,
)
from tkpk.access import codes_scope_q, region_lineage, user_can_see_region, user_region_codes
from tkpk.bulk import analyze_if_large, bulk_session, is_postgres
from tkpk.jobs import JobError
from tkpk.models import AuditAction, Job, Region, User
from tkpk.readahead import read_ahead
from tkpk.roles import Permission
from tkpk.services.audit import audit_record
from tkpk.services.jobs import Progress, job_create
from tkpk.tabular import services as tabular
from tkpk.tabular.files import ImportFile
from tkpk.tabular.problems import file_problem
from tkpk.uploads import upload_display_name

logger = logging.getLogger(__name__)

COMMIT_LOCK_KEY = 35_0501  # any constant shared by every commit
MINUTES_MAX_BYTES = 10 * 1024 * 1024
MINUTES_TYPES = {b"%PDF": ".pdf", b"\xff\xd8\xff": ".jpg", b"\x89PNG": ".png"}


def batch_upload(
    *,
    user: User,
    upload: IO[bytes],
    filename: str,
    region: Region | None = None,
    queue_validation: bool = True,
) -> VerificationBatch:
    """Store the file, record the batch and queue its validation (command-line callers that
    validate in their own process pass ``queue_validation=False``)."""
    roots = user_region_codes(user, permission=Permission.UPLOAD_BATCH)
    if not roots:
        raise PermissionDenied
    region = region or Region.objects.get(code=roots[0])
    if not user_can_see_region(user, region.code, permission=Permission.UPLOAD_BATCH):
        raise PermissionDenied
    stored = tabular.upload_store(table=imports.REGISTRY_BATCH, upload=upload, filename=filename)
    return tabular.uploaded_batch_create(
        model=VerificationBatch, upload=stored, user=user, region=region, queue=queue_validation
    )


def batch_validate(*, batch: VerificationBatch, progress: Progress | None = None) -> None:
    """Read, normalise, stage and check the batch; the registry itself is not touched."""
    tabular.uploaded_batch_validate(
        batch=batch, validate=lambda: _validated(batch=batch, progress=progress), file_warnings=[]
    )


def _validated(*, batch: VerificationBatch, progress: Progress | None) -> int:
    progress = progress or (lambda *a, **k: None)
    path = tabular.uploaded_batch_path(batch=batch)
    validated_at = timezone.now()
    batch_file = imports.batch_file_open(path)
    total_estimate = max(batch_file.lines - 1, 0)  # CSV lines below the header
    progress(0, total_estimate, _("Membaca berkas…"))
    known_districts = set(
        Region.objects.filter(level=Region.Level.DISTRICT).values_list("code", flat=True)
    )
    with transaction.atomic(), connection.cursor() as cursor:
        bulk_session(cursor)
        BatchRow.objects.filter(batch=batch).delete()
        stage_create(cursor)
        chunks = _normalised_chunks(batch_file, known_districts, progress, total_estimate)
        staged = 0
        for rows in read_ahead(chunks) if is_postgres() else chunks:
            staged += stage_write(cursor, rows)
        progress(staged, staged, _("Memeriksa terhadap registri…"))
        stage_publish(cursor, batch_id=batch.pk, scope=batch.region_id, rows=staged)
        counts = batch_reconcile(batch=batch, rows=staged)
        VerificationBatch.objects.filter(pk=batch.pk).update(
            state=VerificationBatch.State.VALIDATED,
            validated_at=validated_at,
            file_warnings=[*batch_file.warnings, *_same_file_warning(batch)],
            **_count_fields(counts),
        )
    return staged


def _normalised_chunks(
    batch_file: ImportFile, known_districts: set[str], progress: Progress, total_estimate: int
) -> Iterator[StagedChunk]:
    """The file's chunks, normalised and encoded for staging. On PostgreSQL they are made in
    a background thread (``read_ahead``) whose own connection also makes the progress
    visible while the validation's transaction is still open."""
    read = 0
    for chunk in batch_file.chunks():
        staged = stage_encode(normalise(chunk, known_districts=known_districts))
        read += staged.rows
        progress(read, max(read, total_estimate), _("Membaca berkas…"))
        yield staged


def _same_file_warning(batch: VerificationBatch) -> list[dict[str, Any]]:
    earlier = (
        VerificationBatch.objects.filter(
            sha256=batch.sha256, state=VerificationBatch.State.COMMITTED
        )
        .exclude(pk=batch.pk)
        .order_by("committed_at")
        .first()
    )
    if earlier is None:
        return []
    return [file_problem("same_file_committed", id=earlier.pk)]


def batch_minutes_attach(
    *, batch: VerificationBatch, user: User, upload: IO[bytes], filename: str
) -> None:
    """Attach the signed Musdes/Muskel minutes (PDF or photo) that agreed the data."""
    head = upload.read(8)
    suffix = next((ext for magic, ext in MINUTES_TYPES.items() if head.startswith(magic)), None)
    if suffix is None:
        raise ValidationError(_("Berita acara harus berkas PDF, JPG atau PNG."))
    body = head + upload.read(MINUTES_MAX_BYTES)
    if len(body) > MINUTES_MAX_BYTES:
        raise ValidationError(_("Berita acara lebih dari 10 MB."))
    target = settings.PRIVATE_MEDIA_ROOT / "minutes" / f"batch-{batch.pk}{suffix}"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(body)
    VerificationBatch.objects.filter(pk=batch.pk).update(
        minutes_path=str(target.relative_to(settings.PRIVATE_MEDIA_ROOT)),
        minutes_name=upload_display_name(filename, default=f"berita-acara{suffix}"),
        minutes_uploaded_by=user,
    )


class BatchCommitError(JobError):
    pass


class BatchStaleError(BatchCommitError):
    """Another batch changed the same region after this one was validated."""


def batch_registry_changed_since_validation(*, batch: VerificationBatch) -> bool:
    """True when a batch for an overlapping region was committed after this one was
    validated: its preview no longer describes what a commit would do."""
    region = batch.region_id
    return (
        VerificationBatch.objects.filter(
            state=VerificationBatch.State.COMMITTED, committed_at__gt=batch.validated_at
        )
        .exclude(pk=batch.pk)
        .filter(
            codes_scope_q([region], field="region__code")
            | Q(region__code__in=region_lineage(region)[:-1])
        )
        .exists()
    )


def stale_message() -> str:
    return _(
        "Registri di wilayah ini berubah sejak batch divalidasi. Batch divalidasi ulang; "
        "tinjau pratinjau yang baru lalu sahkan kembali."
    )


def _commit_allowed(*, batch: VerificationBatch, user: User) -> None:
    """An approver for the batch's region, a validated batch, the signed minutes attached."""
    tabular.uploaded_batch_commit_check(
        table=imports.REGISTRY_BATCH, batch=batch, user=user, error=BatchCommitError
    )
    if not batch.minutes_path:
        raise BatchCommitError(
            _("Lampirkan berita acara Musdes/Muskel yang ditandatangani sebelum mengesahkan.")
        )


def batch_commit(*, batch_id: int, user: User, ip: str | None = None) -> VerificationBatch:
    """Apply the batch to the registry in one transaction, or change nothing at all."""
    with transaction.atomic():
        _commits_serialised()
        batch = VerificationBatch.objects.select_for_update().get(pk=batch_id)
        _commit_allowed(batch=batch, user=user)
        if batch_registry_changed_since_validation(batch=batch) or not batch_still_applies(
            batch_id=batch.pk, scope=batch.region_id
        ):
            raise BatchStaleError(stale_message())
        counts = {
            "new": batch.rows_new,
            "changed": batch.rows_changed,
            "removed": batch.rows_removed,
            "unchanged": batch.rows_unchanged,
            "rejected": batch.rows_rejected,
        }
        now = timezone.now()
        with connection.cursor() as cursor:
            bulk_session(cursor)
        timings = batch_apply(batch_id=batch.pk, user_id=user.pk, now=now, new_rows=batch.rows_new)
        with connection.cursor() as cursor:
            for table in (PERSON, HOUSEHOLD):
                analyze_if_large(cursor, table, rows=batch.rows_total)
        detail = {
            k: counts.get(k, 0) for k in ("new", "changed", "removed", "unchanged", "rejected")
        }
        tabular.uploaded_batch_committed(
            table=imports.REGISTRY_BATCH, batch=batch, user=user, now=now, ip=ip, detail=detail
        )
    logger.info("batch committed", extra={"batch_id": batch.pk, "steps_ms": timings})
    batch.refresh_from_db()
    return batch


def _commits_serialised() -> None:
    """One commit at a time: each checks the registry as the previous one left it.
    (SQLite already allows a single writer.)"""
    if is_postgres():
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [COMMIT_LOCK_KEY])


def _count_fields(counts: dict[str, int]) -> dict[str, int]:
    return {
        "rows_total": sum(v for k, v in counts.items() if k != "warnings"),
        "rows_new": counts.get("new", 0),
        "rows_changed": counts.get("changed", 0),
        "rows_removed": counts.get("removed", 0),
        "rows_unchanged": counts.get("unchanged", 0),
        "rows_rejected": counts.get("rejected", 0),
        "rows_with_warnings": counts.get("warnings", 0),
    }


def batch_commit_request(*, batch: VerificationBatch, user: User, ip: str | None) -> Job:
    """Check what can be checked at once, then queue the commit as a background job."""
    _commit_allowed(batch=batch, user=user)
    if batch_registry_changed_since_validation(batch=batch):
        _revalidation_queue(batch=batch, user=user)
        raise BatchStaleError(stale_message())
    return tabular.uploaded_batch_commit_queue(
        table=imports.REGISTRY_BATCH, batch=batch, user=user, ip=ip
    )


def _revalidation_queue(*, batch: VerificationBatch, user: User) -> None:
    """Validate the batch again: its preview no longer describes what a commit would do."""
    with transaction.atomic():
        job = job_create(
            kind="batch_validate", user=user, region=batch.region, parameters={"batch_id": batch.pk}
        )
        VerificationBatch.objects.filter(pk=batch.pk).update(
            job=job, state=VerificationBatch.State.UPLOADED
        )


def batch_commit_or_revalidate(*, batch_id: int, user: User, ip: str | None = None) -> None:
    """The commit job's step: a batch gone stale since its validation is validated again
    (its preview no longer says what a commit would do) and the refusal says so."""
    try:
        batch_commit(batch_id=batch_id, user=user, ip=ip)
    except BatchStaleError:
        _revalidation_queue(batch=VerificationBatch.objects.get(pk=batch_id), user=user)
        raise


def person_nik_reveal(*, person: Any, user: User, ip: str | None) -> str:
    """A full NIK shown to a user allowed to see it; every such view is audited."""
    if not user_can_see_region(
        user, person.household.village_id, permission=Permission.VIEW_FULL_NIK
    ):
        raise PermissionDenied
    audit_record(
        actor=user,
        action=AuditAction.NIK_VIEWED,
        target=person,
        object_label=f"{person.nik[:4]}************",
        region_code=person.household.village_id,
        ip=ip,
    )
    return str(person.nik)


def person_lookup(*, user: User, nik: str, ip: str | None) -> Any:
    """The person with this full NIK in the user's region, or Http404 for an unknown NIK and
    one outside the region alike; every lookup is audited, found or not."""
    from households.selectors import person_get_by_nik

    try:
        person = person_get_by_nik(user=user, nik=nik)
    except Http404:
        nik_lookup_record(user=user, nik=nik, found=None, ip=ip)
        raise
    nik_lookup_record(user=user, nik=nik, found=person, ip=ip)
    return person


def nik_lookup_record(*, user: User, nik: str, found: Any, ip: str | None) -> None:
    """Searching the registry by a full NIK is audited, found or not."""
    audit_record(
        actor=user,
        action=AuditAction.NIK_LOOKUP,
        object_type="households.person" if found else "",
        object_id=str(found.pk) if found else "",
        object_label=f"{nik[:4]}************",
        region_code=found.household.village_id if found else "",
        ip=ip,
        detail={"found": bool(found)},
    )
