"""Reading the audit log: auditors see entries about their region subtree."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from tkpk.access import codes_scope_q, region_scope_q, user_permissions
from tkpk.jobs import JobSubject
from tkpk.models import AuditEntry, Job
from tkpk.roles import Permission


@dataclass(frozen=True)
class AuditFilters:
    actor: str = ""
    action: str = ""
    object_type: str = ""
    object_id: str = ""
    region: str = ""
    date_from: date | None = None
    date_to: date | None = None

    def as_parameters(self) -> dict[str, str]:
        return {
            k: (v.isoformat() if isinstance(v, date) else v) for k, v in vars(self).items() if v
        }

    @classmethod
    def from_parameters(cls, params: dict[str, Any]) -> AuditFilters:
        values = dict(params)
        for key in ("date_from", "date_to"):
            if values.get(key):
                values[key] = date.fromisoformat(values[key])
        return cls(**{k: v for k, v in values.items() if k in cls.__dataclass_fields__})


def audit_entry_list(*, user: Any, filters: AuditFilters) -> QuerySet[AuditEntry]:
    entries = AuditEntry.objects.filter(
        region_scope_q(user, field="region_code", permission=Permission.VIEW_AUDIT)
    )
    if filters.actor:
        entries = entries.filter(actor_username__iexact=filters.actor.strip())
    if filters.action:
        entries = entries.filter(action=filters.action)
    if filters.object_type:
        entries = entries.filter(object_type=filters.object_type)
    if filters.object_id:
        entries = entries.filter(object_id=filters.object_id.strip())
    if filters.region:
        entries = entries.filter(codes_scope_q([filters.region.strip()], field="region_code"))
    if filters.date_from:
        entries = entries.filter(at__gte=_start_of(filters.date_from))
    if filters.date_to:
        entries = entries.filter(at__lt=_start_of(filters.date_to + timedelta(days=1)))
    return entries.order_by("-at", "-id")


def _start_of(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def audit_job_subject(*, user: Any, job: Job) -> JobSubject | None:
    """An audit export: the log it exports, with the same filters."""
    if Permission.VIEW_AUDIT not in user_permissions(user):
        return None
    filters = job.parameters.get("filters") or {}
    query = urlencode({k: v for k, v in filters.items() if isinstance(v, str) and v})
    return JobSubject(
        label=_("Log audit"), url=reverse("audit:list") + (f"?{query}" if query else "")
    )
