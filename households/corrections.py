"""Draft registry corrections raised outside a batch (by a complaint). A draft never
changes the registry: the village operator downloads it as prefilled verification-batch
rows, completes them and uploads them through the normal batch flow."""

from __future__ import annotations

import csv
import io
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone

from households.exports import HEADERS
from households.models import CorrectionDraft, Household, Person
from tkpk.access import region_scope_q, user_can_see_region
from tkpk.exports import spreadsheet_safe
from tkpk.models import AuditAction, Region, User
from tkpk.roles import Permission
from tkpk.services.audit import audit_record


def correction_draft_create(
    *,
    village: Region,
    household: Household | None,
    kind: str,
    nik: str,
    kk: str,
    name: str,
    source: str,
    note: str,
    user: User,
    ip: str | None = None,
) -> CorrectionDraft:
    draft = CorrectionDraft.objects.create(
        village=village,
        household=household,
        kind=kind,
        nik=nik,
        kk=kk,
        name=name[:100],
        source=source[:100],
        note=note,
        created_by=user,
    )
    audit_record(
        actor=user,
        action=AuditAction.CORRECTION_DRAFTED,
        target=draft,
        region_code=village.code,
        ip=ip,
        detail={"source": source, "kind": kind},
    )
    return draft


def correction_list(*, user: Any, state: str = "") -> QuerySet[CorrectionDraft]:
    drafts = CorrectionDraft.objects.filter(
        region_scope_q(user, field="village__code", permission=Permission.UPLOAD_BATCH)
    )
    if state:
        drafts = drafts.filter(state=state)
    return drafts.select_related("village", "household", "created_by").order_by(
        "-created_at", "-id"
    )


def correction_get_for_user(*, user: Any, draft_id: int) -> CorrectionDraft:
    try:
        return correction_list(user=user).get(pk=draft_id)
    except CorrectionDraft.DoesNotExist as exc:
        raise Http404 from exc


def correction_close(*, draft: CorrectionDraft, user: User, state: str) -> None:
    if state not in (CorrectionDraft.State.DONE, CorrectionDraft.State.DISMISSED):
        raise ValueError(state)
    if not user_can_see_region(user, draft.village_id, permission=Permission.UPLOAD_BATCH):
        raise PermissionDenied
    CorrectionDraft.objects.filter(pk=draft.pk, state=CorrectionDraft.State.OPEN).update(
        state=state, closed_by=user, closed_at=timezone.now()
    )


def correction_csv(*, draft: CorrectionDraft, user: User, ip: str | None = None) -> bytes:
    """Batch-template rows: every living member of a linked household with action
    ``perbaikan`` and its current values (for users allowed full NIKs, since a row is keyed
    by NIK), otherwise one row with what the complaint says. The operator checks each row
    with the family before uploading. Every download is audited."""
    rows: list[dict[str, str]] = []
    household = draft.household
    full_nik = user_can_see_region(user, draft.village_id, permission=Permission.VIEW_FULL_NIK)
    if household is not None and full_nik:
        for person in Person.objects.filter(
            household=household, status=Person.Status.LIVING
        ).order_by("birth_date", "id"):
            rows.append(_registry_row(household, person))
    if not rows:
        rows.append(
            {
                "aksi": draft.kind,
                "no_kk": draft.kk,
                "kode_desa": draft.village_id,
                "nik": draft.nik,
                "nama": draft.name,
            }
        )
    audit_record(
        actor=user,
        action=AuditAction.CORRECTION_DOWNLOADED,
        target=draft,
        region_code=draft.village_id,
        ip=ip,
        detail={"rows": len(rows)},
    )
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(HEADERS)
    for row in rows:
        writer.writerow([spreadsheet_safe(row.get(header, "")) for header in HEADERS])
    return buffer.getvalue().encode("utf-8-sig")


def _registry_row(household: Household, person: Person) -> dict[str, str]:
    from households.columns import COLUMNS

    row: dict[str, str] = {"aksi": CorrectionDraft.Kind.CORRECTION}
    for column in COLUMNS:
        if column.header in ("aksi", "alasan_hapus"):
            continue
        if column.field == "kk":
            value: Any = household.kk
        elif column.field == "village_code":
            value = household.village_id
        else:
            value = getattr(household if column.household else person, column.field, "")
        if value is None:
            value = ""
        elif isinstance(value, bool):
            value = "ya" if value else "tidak"
        row[column.header] = str(value)
    return row
