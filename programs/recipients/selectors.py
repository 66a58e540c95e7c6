"""Reads of recipient lists, always within the user's region subtree."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet
from django.http import Http404
from django.urls import reverse
from django.utils.translation import gettext as _

from households.selectors import household_head_name
from programs.models import (
    Program,
    ProgramPeriod,
    ProgramQuota,
    Recipient,
    RecipientBatch,
    RecipientBatchRow,
    RecipientStatusChange,
)
from tkpk.access import codes_scope_q, region_scope_q
from tkpk.jobs import JobSubject
from tkpk.models import Job
from tkpk.paging import HeldEqual
from tkpk.roles import Permission

NOT_IN_REGISTRY = "unknown"  # a preview filter beside the row outcomes


@dataclass(frozen=True)
class RecipientFilters:
    period: ProgramPeriod | None = None
    status: str = ""
    region: str = ""  # a village, district or regency code: its subtree


def recipient_list_for_user(
    *, user: Any, program: Program, filters: RecipientFilters
) -> QuerySet[Recipient]:
    rows = Recipient.objects.filter(
        region_scope_q(user, field="region__code", permission=Permission.VIEW_PROGRAMS),
        HeldEqual("program_id", program.pk),
    )
    if filters.period is not None:
        rows = rows.filter(period=filters.period)
    if filters.status:
        rows = rows.filter(status=filters.status)
    if filters.region:
        rows = rows.filter(codes_scope_q([filters.region], field="region__code"))
    # A family program's row names the family by its KK: the registry's head names it on
    # the page.
    return (
        rows.select_related("period", "region")
        .annotate(head_name=household_head_name(household="household_id"))
        .order_by("id")
    )


def recipient_get_for_user(*, user: Any, program: Program, recipient_id: int) -> Recipient:
    try:
        return (
            recipient_list_for_user(user=user, program=program, filters=RecipientFilters())
            .select_related("person", "household__village", "batch")
            .get(pk=recipient_id)
        )
    except Recipient.DoesNotExist as exc:
        raise Http404 from exc


def recipient_history(*, recipient: Recipient) -> QuerySet[RecipientStatusChange]:
    return recipient.changes.select_related("changed_by").order_by("-changed_at", "-id")


def recipient_batch_list(*, user: Any, program: Program) -> QuerySet[RecipientBatch]:
    return (
        RecipientBatch.objects.filter(
            region_scope_q(user, field="region__code", permission=Permission.VIEW_PROGRAMS),
            period__program=program,
        )
        .select_related("period", "region", "uploaded_by", "committed_by", "job")
        .order_by("-uploaded_at", "-id")
    )


def recipient_batch_get_for_user(*, user: Any, program: Program, batch_id: int) -> RecipientBatch:
    try:
        return recipient_batch_list(user=user, program=program).get(pk=batch_id)
    except RecipientBatch.DoesNotExist as exc:
        raise Http404 from exc


def recipient_batch_get_any_program(*, user: Any, batch_id: int) -> RecipientBatch:
    """The API names a batch by id alone."""
    try:
        return (
            RecipientBatch.objects.filter(
                region_scope_q(user, field="region__code", permission=Permission.VIEW_PROGRAMS)
            )
            .select_related("period__program", "region")
            .get(pk=batch_id)
        )
    except RecipientBatch.DoesNotExist as exc:
        raise Http404 from exc


def recipient_batch_job_subject(*, user: Any, job: Job) -> JobSubject | None:
    """The recipient list a validation or commit job works on, and its page."""
    batch_id = job.parameters.get("batch_id")
    if not isinstance(batch_id, int):
        return None
    try:
        batch = recipient_batch_get_any_program(user=user, batch_id=batch_id)
    except Http404:
        return None
    code = batch.period.program.code
    return JobSubject(
        label=_("Daftar penerima %(program)s #%(id)s (%(name)s)")
        % {"program": code, "id": batch.pk, "name": batch.original_name},
        url=reverse("recipients:batch-detail", args=[code, batch.pk]),
    )


def recipient_batch_rows(
    *, batch: RecipientBatch, outcome: str = ""
) -> QuerySet[RecipientBatchRow]:
    rows = RecipientBatchRow.objects.filter(batch=batch)
    if outcome == NOT_IN_REGISTRY:
        rows = rows.filter(household_id__isnull=True).exclude(
            outcome=RecipientBatchRow.Outcome.REJECTED
        )
    elif outcome:
        rows = rows.filter(outcome=outcome)
    return rows.order_by("row_number")


def period_list(*, program: Program) -> QuerySet[ProgramPeriod]:
    return ProgramPeriod.objects.filter(program=program).order_by("-starts_on")


def period_get(*, program: Program, period_id: int) -> ProgramPeriod:
    try:
        return period_list(program=program).get(pk=period_id)
    except ProgramPeriod.DoesNotExist as exc:
        raise Http404 from exc


def quota_list_for_user(*, user: Any, period: ProgramPeriod) -> QuerySet[ProgramQuota]:
    """Quotas of regions in the user's subtree (a quota above it would count recipients the
    user may not see)."""
    return (
        ProgramQuota.objects.filter(
            region_scope_q(user, field="region__code", permission=Permission.VIEW_PROGRAMS),
            period=period,
        )
        .select_related("region")
        .order_by("region_id")
    )
